// The form's start-up, task by task, as CPU time: loads the form RUNS times
// (default 7) in Debian's headless Chromium without a slowdown, records a
// trace of each load, and prints for every main-thread task that runs the
// form's code (the mount and each stage of the first render, see
// `Stage` in app/src/store.rs) the thread's CPU time and how much of it V8
// spent compiling wasm functions on their first call; then the median of
// each task over the loads.
//
// Why CPU time: Lighthouse's figures are wall-clock times, and on a shared
// two-core machine a task's wall time also holds the time the thread
// waited for a core (two to eight times the CPU time in the traces of
// BENCHMARKS.md). CPU time says what the form itself costs; four times it
// is what Lighthouse's 4× slowdown makes of the task on a quiet machine.
//
// Usage: node tests/bench/startup-tasks.mjs URL
// Run by scripts/bench-form; not a test.

import { launchChromium } from "../browser/harness.mjs";
import { lighthousePhone, mainThreadEvents } from "./phone.mjs";

const [url] = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 7);
const browser = await launchChromium();
const loads = [];
try {
  for (let run = 1; run <= runs; run += 1) {
    const context = await lighthousePhone(browser);
    const page = await context.newPage();
    await browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.wasm", "disabled-by-default-v8.wasm.detailed"],
    });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(1500);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await page.getByLabel("Hvad er der sket?").waitFor({ timeout: 5000 });
    await context.close();
    const onMain = mainThreadEvents(events);
    const within = (task) => onMain.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const tasks = onMain
      .filter((e) => e.name === "RunTask")
      .sort((a, b) => a.ts - b.ts)
      .map((task) => ({ task, inside: within(task) }))
      // The form's own tasks: timers that run wasm (the mount and the stages).
      .filter(({ inside }) => inside.some((e) => e.name === "TimerFire") && inside.some((e) => e.name === "wasm.CompileLazy"))
      .map(({ task, inside }) => {
        const compiled = inside.filter((e) => e.name === "wasm.CompileLazy");
        return {
          cpu: task.tdur / 1000,
          compile: compiled.reduce((sum, e) => sum + (e.tdur ?? e.dur), 0) / 1000,
          functions: compiled.length,
        };
      });
    loads.push(tasks);
    console.log(`load ${run}: ${tasks.map((t) => `${t.cpu.toFixed(1)} ms (compiling ${t.compile.toFixed(1)} ms, ${t.functions} functions)`).join(" | ")}`);
  }
} finally {
  await browser.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const count = median(loads.map((tasks) => tasks.length));
const columns = [];
for (let i = 0; i < count; i += 1) {
  const these = loads.filter((tasks) => tasks.length === count).map((tasks) => tasks[i]);
  columns.push(`${median(these.map((t) => t.cpu)).toFixed(1)} ms (compiling ${median(these.map((t) => t.compile)).toFixed(1)})`);
}
const totals = loads.map((tasks) => tasks.reduce((sum, t) => sum + t.cpu, 0));
console.log(`start-up tasks, CPU time without slowdown, median of ${runs} loads: ${columns.join(" | ")}; all ${median(totals).toFixed(1)} ms`);
