// Loads the receipt's texts module (receipt/, built into /pkg/receipt/) and
// its buttons' script the first time a receipt needs them: they are not part
// of the first visit. A failed load is forgotten, so the next call tries
// again. (The desk makes a case's texts with its own module, case-texts/,
// and takes only the buttons' script and styles from here.)
let loading;

/** The receipt module, loaded and started once. */
export async function receiptModule() {
  loading ??= Promise.all([
    import("/pkg/receipt/brud_receipt.js").then(async (module) => {
      await module.default({ module_or_path: "/pkg/receipt/brud_receipt_bg.wasm" });
      return module;
    }),
    import("/pkg/receipt/text-actions.js"),
  ]).then(([module]) => module);
  try {
    return await loading;
  } catch (error) {
    loading = undefined;
    throw error;
  }
}

export async function receiptTexts(report, org, receipt) {
  return (await receiptModule()).receiptTexts(report, org, receipt);
}

// Fills `list` (the form's "Why?") with the reasons of the risk assessed
// for the report, one item each, in `lang` ("da" or "en"). The rules'
// words live in the receipt module, not in the form's first visit.
export function showWhy(list, report, org, now, lang) {
  receiptModule()
    .then((module) => {
      const reasons = module.explainRisk(report, org, now)[lang === "en" ? 1 : 0];
      list.replaceChildren(
        ...reasons.split("\n").map((reason) => {
          const item = document.createElement("li");
          item.textContent = reason;
          return item;
        }),
      );
    })
    .catch(() => {
      list.textContent =
        lang === "en"
          ? "The reasons cannot be fetched just now (no connection)."
          : "Begrundelsen kan ikke hentes lige nu (ingen forbindelse).";
    });
}
