// The reports held beyond a sender's rate limit or the school's ceiling
// (kept, no case yet), on the register of a school whose DPO is signed in:
// each opened as a case, or those ticked discarded together with a reason
// (the Worker signs that into the school's own log). Made here from the
// Worker's list (see index.js for why not as Leptos views). Whether the
// person may decide is the domain's, checked by the Worker (403 for anyone
// but the DPO: then nothing is shown).
import { el } from "../el.js";

/** Fills `section` with `org`'s held reports in `lang` ("da"/"en"); empty
 * when none is held or the person may not decide them. */
export async function showHeld(section, org, lang) {
  const pick = (words) => (words ? words[lang] ?? words.da : "");
  const t = (da, en) => (lang === "en" ? en : da);
  const base = `/api/desk/orgs/${encodeURIComponent(org)}/held`;
  let list;
  try {
    const answer = await fetch(base, { headers: { accept: "application/json" } });
    list = answer.ok ? (await answer.json()).held : [];
  } catch {
    list = [];
  }
  section.replaceChildren();
  if (!list.length) return;
  const post = async (path, body, done) => {
    let text;
    try {
      const answer = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      if (answer.ok) {
        await showHeld(section, org, lang);
        text = done;
      } else {
        const problem = await answer.json().catch(() => ({}));
        text = problem.errors?.[0]?.[lang] ?? pick(problem.detail) ?? String(answer.status);
      }
    } catch {
      text = t("Ingen forbindelse. Prøv igen.", "No connection. Try again.");
    }
    section.append(el("p", { className: "body", role: "status", textContent: text }));
  };
  const when = (iso) =>
    new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "da-DK", {
      timeZone: "Europe/Copenhagen",
      dateStyle: "short",
      timeStyle: "short",
    });
  const items = list.map((item) => {
    const box = el("input", { className: "checkboxes__input", type: "checkbox", id: `held-${item.id}`, value: item.id });
    const label = el("label", {
      className: "label checkboxes__label",
      htmlFor: box.id,
      textContent: `${when(item.received_at)} · ${pick(item.incident)} · ${pick(item.risk_label)}: ${item.description}`,
    });
    const open = el("button", {
      type: "button",
      className: "button button--secondary button--small",
      textContent: t("Åbn som sag", "Open as a case"),
      onclick: () =>
        post(`${base}/${encodeURIComponent(item.id)}/open`, {}, t("Åbnet som sag: den står i fortegnelsen.", "Opened as a case: it is in the register.")),
    });
    return el("li", { className: "checkboxes__item" }, box, label, " ", open);
  });
  const reason = el("input", { className: "input", id: "held-reason" });
  const discard = el("button", {
    type: "button",
    className: "button button--warning",
    textContent: t("Kassér de valgte", "Discard those ticked"),
    onclick: () =>
      post(
        `${base}/discard`,
        {
          ids: [...section.querySelectorAll("input[type=checkbox]:checked")].map((box) => box.value),
          reason: reason.value,
        },
        t("Kasseret og skrevet i skolens log.", "Discarded and written in the school's log."),
      ),
  });
  section.append(
    el("h2", { className: "heading-m", id: "held-heading", textContent: `${t("Venter på dig", "Waiting for you")} (${list.length})` }),
    el("p", {
      className: "body",
      textContent: t(
        "Modtaget ud over grænsen for en afsender eller for skolen: gemt, men ingen sag og ingen besked endnu. Åbn de rigtige som sager; kassér resten med en begrundelse.",
        "Received beyond the limit of a sender or of the school: kept, but no case and no message yet. Open the real ones as cases; discard the rest with a reason.",
      ),
    }),
    el("ul", { className: "list" }, ...items),
    el("div", { className: "form-group" },
      el("label", { className: "label", htmlFor: "held-reason", textContent: t("Hvorfor kasseres de valgte?", "Why are those ticked discarded?") }),
      reason),
    discard,
  );
}
