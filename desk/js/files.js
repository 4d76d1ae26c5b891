// A case's files: made by a module of its own (desk/js/case/, built to
// /pkg/desk-case.js), fetched when a case page is shown, so the desk's
// first visit does not carry it. Put on the page once the desk has drawn
// the case (after the next frame), after the case's facts.
export function showFiles(path, lang, added) {
  import("/pkg/desk-case.js").then(
    (module) => requestAnimationFrame(() => module.showFiles(path, lang, added)),
    () => {},
  );
}
