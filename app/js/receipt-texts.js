// Loads the receipt's texts module (receipt/, built into /pkg/receipt/) and
// its buttons' script the first time a receipt needs them: they are not part
// of the first visit. A failed load is forgotten, so the next call tries
// again.
let loading;

export async function receiptTexts(report, org, receipt) {
  loading ??= Promise.all([
    import("/pkg/receipt/brud_receipt.js").then(async (module) => {
      await module.default({ module_or_path: "/pkg/receipt/brud_receipt_bg.wasm" });
      return module;
    }),
    import("/pkg/receipt/text-actions.js"),
  ]).then(([module]) => module);
  try {
    const module = await loading;
    return module.receiptTexts(report, org, receipt);
  } catch (error) {
    loading = undefined;
    throw error;
  }
}
