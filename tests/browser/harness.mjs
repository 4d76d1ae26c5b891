// What the browser tests (and the benchmarks in tests/bench/) share: free
// ports, polling waits, axe-core, Debian's Chromium, and a stack of their
// own (brud-stack: the Worker in workerd on a fresh local D1, the sink and
// the sign-in stand-in). Not a test file itself (node --test runs
// *.test.mjs only).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

/** The repository's root. */
export const root = new URL("../..", import.meta.url).pathname;

/** Where screenshots go (artifacts/screens/). */
export const screens = join(root, "artifacts/screens");
mkdirSync(screens, { recursive: true });

let clients = 0;
/** Headers of a client of its own: a fresh `CF-Connecting-IP` (the
 *  benchmarking range, which no real client has), as reports come from many
 *  reporters and the Worker's rate limits count per client. */
export const newClient = () => {
  clients += 1;
  return { "cf-connecting-ip": `198.18.${(clients >> 8) & 0xff}.${clients & 0xff}` };
};

/** A port free on 127.0.0.1 just now. */
// Ports handed out in this run. A port is free when asked for but bound
// only later by whoever got it (the sign-in stand-in after the Worker has
// started), so the system may offer it again in between: never twice here.
const handedOut = new Set();

export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve) => {
      const server = net.createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Polls `condition` every 100 ms until it holds; fails, naming `what`,
 *  after `timeout` ms. */
export async function until(what, condition, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let axeSource;

/** axe-core on the page: no violations. Injected through CDP, so the
 *  page's own CSP (no inline scripts) stays in force. */
export async function axe(page, name) {
  axeSource ??= readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");
  const client = await page.context().newCDPSession(page);
  await client.send("Runtime.evaluate", { expression: axeSource });
  const { result } = await client.send("Runtime.evaluate", {
    expression: "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')) }))))",
    awaitPromise: true,
    returnByValue: true,
  });
  const violations = JSON.parse(result.value);
  assert.deepEqual(violations, [], `axe on ${name}: ${JSON.stringify(violations)}`);
}

/** Debian's headless Chromium, quiet: no background networking or updates. */
export const launchChromium = () =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });

/** Starts a stack of its own (`target/debug/brud-stack`, the same one the
 *  Rust end-to-end tests and the benchmarks start): the Worker in workerd
 *  (wrangler dev) on a fresh local D1, on a free port, with `vars` as
 *  Worker vars; the recording sink as its notification endpoint; the
 *  sign-in stand-in for Access `audience`, with its front door when
 *  `front`. Resolves once /api/health answers, with `port` and `base` (the
 *  Worker), `issuer` and `front` (the stand-in), `sinkOutput()` (what the
 *  sink printed: each delivery, and whether its signature verified),
 *  `logTail(n)` (the last `n` lines wrangler and the Worker printed: ids
 *  and codes, never report content, for a failing test's message) and
 *  `stop()`. The stack also ends when this process does (its standard
 *  input closes). */
export async function startWorker(vars = {}, { audience = "brud-browser", front = false } = {}) {
  const args = ["--name", "browser", "--aud", audience, "--remove-state", "--exit-with-stdin",
    ...(front ? ["--front"] : []),
    ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`])];
  const stack = spawn(join(root, "target/debug/brud-stack"), args, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let output = "", said = "", started = false;
  stack.stderr.on("data", (chunk) => { said += chunk; });
  const where = await new Promise((resolve, reject) => {
    stack.stdout.on("data", (chunk) => {
      output += chunk;
      const line = output.indexOf("\n");
      if (line >= 0 && !started) {
        started = true;
        resolve(JSON.parse(output.slice(0, line)));
      }
    });
    stack.on("exit", (code) => reject(new Error(`brud-stack exited (${code}): ${said}`)));
  });
  return {
    port: where.port,
    base: where.base,
    issuer: where.issuer,
    front: where.front,
    sinkOutput: () => output,
    logTail: (n = 40) => readFileSync(where.log, "utf8").split("\n").slice(-n).join("\n"),
    stop: () => {
      stack.stdin.end();
    },
  };
}
