// What the form's benchmarks share: the phone they load it on and how they
// read the page's main thread from a performance trace.

/** A browser context shaped like Lighthouse's mobile device (412×823, 2×, touch). */
export const lighthousePhone = (browser) =>
  browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

/** The complete ("X") events of the page's main thread in a trace's events. */
export function mainThreadEvents(events) {
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  return events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X");
}
