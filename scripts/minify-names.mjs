// Gives the form's wasm imports and exports one- or two-letter names in
// the glue, following the map binaryen printed when it renamed them in the
// wasm (wasm-opt --minify-imports-and-exports-and-modules).
//
//   node scripts/minify-names.mjs <map json> <glue js> <wasm>
//
// Why: wasm-bindgen names each import after the JS function and a 16-digit
// hash (`__wbg_addEventListener_847fd86b8c33ec43`); the 124 of them are
// spelled out twice, in the wasm and in the glue, and hashes barely
// compress. Short names leave about 2 kB less to download (BENCHMARKS.md).
//
// The glue is esbuild's minified output: imports are keys of the object
// under the module's name, exports are read as `<exports>.name`. Every name
// in the map must be found and none may be left over, or the build fails:
// a glue that calls a name the wasm no longer has would only fail in the
// browser.
import { readFileSync, writeFileSync } from "node:fs";

const [mapPath, gluePath, wasmPath] = process.argv.slice(2);
const map = JSON.parse(readFileSync(mapPath, "utf8"));
let glue = readFileSync(gluePath, "utf8");

const wasm = new WebAssembly.Module(readFileSync(wasmPath));
const modules = new Set(WebAssembly.Module.imports(wasm).map((i) => i.module));
if (modules.size !== 1) throw new Error(`expected one import module, found ${[...modules]}`);
const [newModule] = modules;

const escape = (name) => name.replace(/[$]/g, "\\$");
// Replaces every match of `pattern` with what `replacement` returns for it
// (a function, so `$` in a short name is never read as a group reference);
// fails when there is none.
const rename = (pattern, replacement, what) => {
  let count = 0;
  glue = glue.replace(pattern, (...match) => {
    count += 1;
    return replacement(...match);
  });
  if (count === 0) throw new Error(`minify-names: ${what} not found in the glue`);
};

const oldModules = new Set(map.imports.map(([module]) => module));
for (const module of oldModules) {
  rename(new RegExp(`"${escape(module)}":`, "g"), () => `${newModule}:`, `import module ${module}`);
}
for (const [, name, short] of map.imports) {
  // A key of the import object: after `{` or `,`, before `:`.
  rename(new RegExp(`([{,])${escape(name)}:`, "g"), (_, before) => `${before}${short}:`, `import ${name}`);
}
for (const [name, short] of map.exports) {
  rename(new RegExp(`\\.${escape(name)}\\b`, "g"), () => `.${short}`, `export ${name}`);
}
for (const name of [...map.imports.map(([, n]) => n), ...map.exports.map(([n]) => n)]) {
  if (name.length > 8 && glue.includes(name)) throw new Error(`minify-names: ${name} is still in the glue`);
}
writeFileSync(gluePath, glue);
console.log(`minify-names: ${map.imports.length} imports and ${map.exports.length} exports renamed`);
