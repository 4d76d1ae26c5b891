// Bundles the form's start script with wasm-bindgen's glue into one small
// module, and writes the graph wasm-metadce needs to drop the wasm exports
// that module never uses.
//
//   node scripts/slim-glue.mjs <stage dir> <out js> <graph json>
//
// Why: Leptos pulls in server_fn, whose wasm-streams classes are exported
// to JS although the form never uses them, and the glue is written for
// readability. Marking wasm-bindgen's FinalizationRegistry instances pure and
// dropping the `Symbol.dispose` aliases lets esbuild tree-shake the unused
// classes; wasm-metadce then removes their wasm code.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";

const [stage, outJs, graphPath] = process.argv.slice(2);
const gluePath = join(stage, "brud.js");
const glue = readFileSync(gluePath, "utf8")
  .replaceAll("new FinalizationRegistry", "/* @__PURE__ */ new FinalizationRegistry")
  .replace(/^if \(Symbol\.dispose\) \w+\.prototype\[Symbol\.dispose\] = \w+\.prototype\.free;$/gm, "");
writeFileSync(gluePath, glue);

buildSync({
  entryPoints: [join(stage, "start.js")],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  outfile: outJs,
  // The receipt module is fetched at run time, not bundled.
  external: ["/pkg/*"],
  logLevel: "warning",
});

const bundled = readFileSync(outJs, "utf8");
const wasm = new WebAssembly.Module(readFileSync(join(stage, "brud_bg.wasm")));
const exports = WebAssembly.Module.exports(wasm).map((e) => e.name);
// esbuild keeps property names, so every export the glue uses appears as `.name`.
const used = exports.filter((name) => new RegExp(`\\.${name.replace(/\$/g, "\\$")}\\b`).test(bundled));
if (!used.includes("__wbindgen_start") || !used.includes("memory")) {
  throw new Error(`the bundled glue does not use the expected exports: ${used.join(", ")}`);
}
const graph = [
  { name: "glue", root: true, reaches: used.map((name) => `export:${name}`) },
  ...exports.map((name) => ({ name: `export:${name}`, export: name })),
];
writeFileSync(graphPath, JSON.stringify(graph));
console.log(`slim-glue: ${bundled.length} B of JS; wasm exports kept ${used.length} of ${exports.length}`);
