// Loads the receipt's texts module (receipt/, built into /pkg/receipt/) the
// first time a receipt needs it: it is not part of the first visit. A failed
// load is forgotten, so the next call tries again.
let loading;

export async function receiptTexts(report, org, reference, receivedAt) {
  loading ??= import("/pkg/receipt/brud_receipt.js").then(async (module) => {
    await module.default({ module_or_path: "/pkg/receipt/brud_receipt_bg.wasm" });
    return module;
  });
  try {
    const module = await loading;
    return module.receiptTexts(report, org, reference, receivedAt);
  } catch (error) {
    loading = undefined;
    throw error;
  }
}
