// The receipt's texts' behaviour (their markup is made by the receipt
// module, receipt/src/lib.rs), loaded with that module, not on the first
// visit: the Copy and Download buttons, and following the mail Brud sends.
// A button names its text's element in data-copy / data-download; the
// messages come in the page's language in data-done / data-failed.

// The texts' styles come with them (receipt/texts.css), not with the
// form's first visit; the module is ready once they are (or failed: the
// texts read unstyled).
await new Promise((done) => {
  const sheet = Object.assign(document.createElement("link"), { rel: "stylesheet", href: "/pkg/receipt/texts.css" });
  sheet.onload = sheet.onerror = done;
  document.head.append(sheet);
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest?.("button[data-copy], button[data-download]");
  if (!button) return;
  const text = document.getElementById(button.dataset.copy ?? button.dataset.download)?.textContent ?? "";
  if (button.dataset.download) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    link.download = button.dataset.file;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    return;
  }
  const status = document.getElementById(button.dataset.status);
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = button.dataset.done;
  } catch {
    status.textContent = button.dataset.failed;
  }
});

// The mail Brud sends to the breach mailbox (receipt/src/lib.rs, MailRoute):
// while it is pending, ask the Worker how far it has come every two seconds
// and show the words for its state. If it has not gone after a minute, say
// so and offer the mail to send by hand (the "dead" words); Brud keeps
// trying, and a second mail with the same reference is better than none.
const FOLLOW_EVERY_MS = 2000;
const FOLLOW_FOR_MS = 60000;

function show(box, state) {
  for (const part of box.querySelectorAll("[data-state]")) part.hidden = part.dataset.state !== state;
}

async function follow(box) {
  const started = Date.now();
  while (Date.now() - started < FOLLOW_FOR_MS) {
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_EVERY_MS));
    if (!box.isConnected) return;
    try {
      const response = await fetch(box.dataset.delivery, { cache: "no-store" });
      if (!response.ok) continue;
      const mail = (await response.json()).channels?.find((channel) => channel.channel === "mail");
      if (mail?.status === "delivered" || mail?.status === "dead") {
        show(box, mail.status);
        return;
      }
    } catch {
      // Offline for a moment: ask again.
    }
  }
  show(box, "dead");
}

function followNew(root) {
  for (const box of root.querySelectorAll?.("[data-delivery]:not([data-following])") ?? []) {
    box.dataset.following = "";
    follow(box);
  }
}

followNew(document);
new MutationObserver((changes) => {
  for (const change of changes) for (const node of change.addedNodes) if (node.nodeType === 1) followNew(node);
}).observe(document.body, { childList: true, subtree: true });
