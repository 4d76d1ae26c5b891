// What the browser tests (and the benchmarks in tests/bench/) share: free
// ports, polling waits, axe-core, Debian's Chromium, and a Worker of their
// own in workerd (wrangler dev) on a fresh local D1. Not a test file
// itself (node --test runs *.test.mjs only).

import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
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

/** The webhook signing secrets the tests' Workers and sinks use. */
const SECRETS = "WEBHOOK_SECRET_DEMO=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n" +
  "WEBHOOK_SECRET_DEMO_NORD=whsec_dGVzdC1zZWNyZXQtZm9yLWRlbW8tbm9yZA==\n";

/** Starts a Worker of its own (wrangler dev, workerd) on a fresh local D1
 *  with the migrations applied, on a free port, with `vars` as Worker
 *  vars (and MAIL_FROM, unless given); resolves once /api/health answers.
 *  `base` is its address, `vars` the secrets file (for a sink to verify
 *  with), `logTail(n)` the last `n` lines wrangler and the Worker printed
 *  (ids and codes, never report content: for a failing test's message),
 *  `stop()` ends it. */
export async function startWorker(vars = {}) {
  const state = mkdtempSync(join(tmpdir(), "brud-browser-"));
  const secrets = join(state, "test.vars");
  // A log key of this Worker's own (worker/src/log_key.rs), as deploy makes one.
  const logKey = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "der" });
  writeFileSync(secrets, SECRETS + `LOG_SIGNING_KEY=${logKey.toString("base64")}\n`);
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" };
  const wrangler = join(root, "node_modules/.bin/wrangler");
  execFileSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: root, env, stdio: "ignore" });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = join(state, "wrangler.log");
  const output = openSync(log, "a");
  const worker = spawn(
    wrangler,
    ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--env-file", secrets,
      "--show-interactive-dev-session=false", "--inspector-port", String(await freePort()),
      // wrangler dev simulates the mail binding; the sender is the demo's.
      ...Object.entries({ MAIL_FROM: "brud@demo.example", SITE_URL: base, ...vars }).flatMap(([name, value]) => ["--var", `${name}:${value}`])],
    { cwd: root, env, detached: true, stdio: ["ignore", output, output] },
  );
  await until("the Worker answers /api/health", async () => {
    try {
      return (await fetch(`${base}/api/health`)).ok;
    } catch {
      return false;
    }
  }, 60_000);
  return {
    port,
    base,
    vars: secrets,
    logTail: (n = 40) => readFileSync(log, "utf8").split("\n").slice(-n).join("\n"),
    stop: () => {
      try { process.kill(-worker.pid); } catch {}
    },
  };
}
