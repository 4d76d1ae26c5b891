// The notification to Datatilsynet step by step and the case's four
// texts from the desk's texts module (/pkg/case-texts/, fetched only now;
// the buttons' script and styles are the receipt's, /pkg/receipt/). The
// case and the school's profile are read here as JSON and passed on as
// they are: the desk's wasm carries no serializer for the report. The
// assessment is the case's, in force (a DPO's override included), the
// receipt's time the case's opening.
export async function caseTexts(org, reference) {
  const read = async (path) => {
    const answer = await fetch(path, { headers: { accept: "application/json" } });
    if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
    return answer.json();
  };
  const [detail, profile] = await Promise.all([
    read(`/api/desk/orgs/${encodeURIComponent(org)}/cases/${encodeURIComponent(reference)}`),
    read(`/api/orgs/${encodeURIComponent(org)}`),
  ]);
  // How far the report's channels came, so the breach-mailbox mail says
  // whether Brud sent it (no answer: the text says to send it by hand).
  const delivery = await read(`/api/reports/${encodeURIComponent(detail.id)}/delivery`).catch(() => null);
  const receipt = {
    id: detail.id,
    reference: detail.reference,
    received_at: detail.case.opened_at,
    assessment: detail.case.assessment,
    channels: delivery?.channels ?? [],
  };
  const module = await textsModule();
  // Danish, English: the notification step by step, then the four texts,
  // from the case as decided now (its register entry documents what was
  // done, item 5, from the case's events; a delay is measured to now; the
  // notification gives the DPO's answers for the EDPB's template).
  return module.caseTexts(
    JSON.stringify(detail.case),
    JSON.stringify(Object.entries(detail.template_answers ?? {}).map(([field, answer]) => [Number(field), answer])),
    JSON.stringify(profile),
    JSON.stringify(receipt),
    new Date().toISOString(),
  );
}

let loading;

/** The texts module and the buttons' script, loaded once (a failed load is
 * forgotten, so the next click tries again). */
async function textsModule() {
  loading ??= Promise.all([
    import("/pkg/case-texts/brud_case_texts.js").then(async (module) => {
      await module.default({ module_or_path: "/pkg/case-texts/brud_case_texts_bg.wasm" });
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
