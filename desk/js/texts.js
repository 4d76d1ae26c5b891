// The notification to Datatilsynet step by step and the case's four
// texts from the receipt's texts module (/pkg/receipt/,
// fetched only now). The case and the school's profile are read here as
// JSON and passed on as they are: the desk's wasm carries no serializer
// for the report. The assessment is the case's, in force (a DPO's
// override included), the receipt's time the case's opening.
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
  const { receiptModule } = await import("/pkg/receipt/loader.js");
  const module = await receiptModule();
  // The report as the case decided it (the domain's), not as first written.
  const report = detail.report_as_decided ?? detail.case.report;
  const args = [JSON.stringify(report), JSON.stringify(profile), JSON.stringify(receipt)];
  const steps = module.authoritySteps(...args);
  // The texts of the case: its register entry documents what was done
  // (item 5) from the case's events.
  const texts = module.caseTexts(JSON.stringify(detail.case), args[1], args[2]);
  // Danish, English: the notification step by step, then the four texts.
  return [0, 1].map((i) => steps[i] + texts[i]);
}

