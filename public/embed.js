// Brud embed script for a school intranet. Use:
//
//   <div data-brud-org="zahles"></div>
//   <script src="https://brud.example/embed.js" defer></script>
//
// It puts the form in an iframe that grows and shrinks with its content.
// The form reports only its height, by postMessage; a message is accepted
// only from the form's own origin and its own iframe.
(function () {
  "use strict";
  var script = document.currentScript;
  var brudOrigin = new URL(script.src).origin;
  var slots = document.querySelectorAll("[data-brud-org]");
  Array.prototype.forEach.call(slots, function (slot) {
    var org = slot.getAttribute("data-brud-org");
    var lang = slot.getAttribute("data-brud-lang") || "da";
    var frame = document.createElement("iframe");
    frame.src = brudOrigin + "/?org=" + encodeURIComponent(org) + "&lang=" + encodeURIComponent(lang) +
      "&parent=" + encodeURIComponent(window.location.origin);
    frame.title = lang === "en" ? "Report a personal-data breach" : "Indberet et brud på persondatasikkerheden";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "700px";
    frame.setAttribute("loading", "eager");
    // The receipt's Copy buttons write to the clipboard.
    frame.setAttribute("allow", "clipboard-write");
    slot.appendChild(frame);
    window.addEventListener("message", function (event) {
      if (event.origin !== brudOrigin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (!data || data.type !== "brud:height" || typeof data.height !== "number") return;
      var height = Math.max(200, Math.min(Math.round(data.height), 20000));
      frame.style.height = height + "px";
    });
  });
})();
