// Where the form's start-up time goes: loads the form once in Debian's
// headless Chromium under a 4× CPU slowdown (as Lighthouse's mobile run),
// records a performance trace, and prints the main thread's long tasks
// (over 50 ms) with what each spent its time on, by trace event, the
// slowed-down milliseconds as Lighthouse would count them.
//
// Usage: node tests/bench/startup-trace.mjs URL [trace.json]
// Run by scripts/bench-form; not a test.

import { launchChromium } from "../browser/harness.mjs";
import { lighthousePhone, mainThreadEvents } from "./phone.mjs";
import { writeFileSync } from "node:fs";

const [url, out] = process.argv.slice(2);
const browser = await launchChromium();
try {
  const context = await lighthousePhone(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  // WASM_DETAIL=1 adds V8's per-function compile events (wasm.CompileLazy),
  // which slow the load down a little themselves.
  const wasmDetail = process.env.WASM_DETAIL ? ["v8.wasm", "disabled-by-default-v8.wasm.detailed"] : [];
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "v8", "v8.execute", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading", "blink.console", ...wasmDetail],
  });
  await page.goto(url, { waitUntil: "load" });
  // No locator while tracing: Playwright's polling runs its own injected
  // script on the page's main thread (one ~140 ms task at 4×), which
  // would be counted as the form's. The form is checked afterwards.
  await page.waitForTimeout(2500);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  await page.getByLabel("Hvad er der sket?").waitFor({ timeout: 5000 });
  if (out) writeFileSync(out, JSON.stringify(trace));
  const events = trace.traceEvents;
  const onMain = mainThreadEvents(events);
  const tasks = onMain.filter((e) => e.name === "RunTask" && e.dur > 50_000).sort((a, b) => a.ts - b.ts);
  const start = Math.min(...onMain.map((e) => e.ts));
  const lazy = events.filter((e) => e.name === "wasm.CompileLazy");
  if (lazy.length) {
    const ms = lazy.reduce((sum, e) => sum + e.dur, 0) / 1000;
    console.log(`lazily compiled wasm functions: ${lazy.length}, ${Math.round(ms)} ms on the main thread`);
  }
  for (const task of tasks) {
    console.log(`long task at ${Math.round((task.ts - start) / 1000)} ms: ${Math.round(task.dur / 1000)} ms`);
    // The task's direct children, and theirs, by name (self time left out).
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const depthOf = (e) => inside.filter((p) => p !== e && p.ts <= e.ts && p.ts + p.dur >= e.ts + e.dur && p.dur > e.dur).length;
    const rows = inside.filter((e) => depthOf(e) <= 2 && e.dur > 2_000)
      .map((e) => `${"  ".repeat(depthOf(e) + 1)}${e.name}${e.args?.data?.url ? ` ${e.args.data.url.replace(/^https?:\/\/[^/]+/, "")}` : ""}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ""}: ${Math.round(e.dur / 1000)} ms`);
    for (const row of rows.slice(0, 40)) console.log(row);
  }
} finally {
  await browser.close();
}
