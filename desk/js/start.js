// The desk's entry (bundled by scripts/build-app as public/desk/pkg/desk.js).
//
// A page the Worker drew the first screen into (it carries #desk-start)
// shows that screen at once; the desk's code starts once the screen has
// been painted and the browser has measured it. Started sooner (its wasm
// can arrive within a frame of the page on a fast connection), the desk's
// work would come before the page's own largest paint and then count
// towards it, and its copy of the screen could replace the page's before
// that was painted. The wasm is fetched meanwhile (the page preloads it).
import init from "./brud_desk.js";
import { listenForWorkbooks } from "./xlsx.js";

listenForWorkbooks();

function afterFirstScreen(then) {
  let done = false;
  let observer = null;
  const run = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    then();
  };
  // Two frames: the page is wholly parsed when a module runs, so the first
  // frame shows all of it.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    if (!PerformanceObserver.supportedEntryTypes?.includes("largest-contentful-paint")) {
      setTimeout(run);
      return;
    }
    observer = new PerformanceObserver(() => setTimeout(run));
    observer.observe({ type: "largest-contentful-paint", buffered: true });
    // A hidden tab paints nothing: the desk starts anyway.
    setTimeout(run, 1000);
  }));
}

if (document.getElementById("desk-start")) {
  afterFirstScreen(() => init());
} else {
  init();
}
