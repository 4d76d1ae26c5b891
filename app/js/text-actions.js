// The Copy and Download buttons of the receipt's texts (made by the receipt
// module, receipt/src/lib.rs). Loaded with that module, not on the first
// visit. A button names its text's element in data-copy / data-download;
// the messages come in the page's language in data-done / data-failed.
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
