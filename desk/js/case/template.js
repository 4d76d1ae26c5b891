// The case's notification in the EDPB's common template, on the case page:
// downloads of the next notification and of each one made (JSON, as the
// template's structure), and the template as a readable page, each field
// known from the case, added by the DPO, missing or not applying. The DPO
// (when the case lets them: `available` has `template_answered`) answers
// what is missing right there; the Worker checks each answer against the
// template (brud_shared::edpb) and signs it into the case's log.
import { el } from "../el.js";

/** Shows the template section after `after` for the case at `path`
 * (`detail` as the Worker gave it) in `lang`; `changed()` after answers
 * were saved. */
export function showTemplate(after, path, detail, lang, changed) {
  const t = (da, en) => (lang === "en" ? en : da);
  document.querySelector("section.template")?.remove();
  const section = el("section", { className: "template" });
  section.setAttribute("aria-labelledby", "template-heading");
  after.after(section);
  const url = (made) => `${path}/notification.json?lang=${lang}${made ? `&made=${made}` : ""}`;
  const made = detail.case.authority ? 1 + (detail.case.authority.follow_ups?.length ?? 0) : 0;
  const downloads = el("ul", { className: "list" },
    el("li", {}, el("a", { href: url(), download: "", textContent: t("Hent den næste anmeldelse (JSON)", "Download the next notification (JSON)") })),
    ...Array.from({ length: made }, (_, i) => el("li", {},
      el("a", {
        href: url(i + 1),
        download: "",
        textContent: i === 0
          ? t("Hent anmeldelsen som anmeldt (JSON)", "Download the notification as made (JSON)")
          : t(`Hent opfølgning ${i} som sendt (JSON)`, `Download follow-up ${i} as sent (JSON)`),
      }))));
  const page = el("details", { className: "task-list__details" },
    el("summary", { className: "task-list__summary", textContent: t("Vis skabelonen udfyldt", "Show the template filled in") }));
  section.append(
    el("h2", { className: "heading-m", id: "template-heading", textContent: t("Anmeldelsen efter EDPB's skabelon", "The notification in the EDPB's template") }),
    el("p", { className: "body", textContent: t(
      "EDPB's fælles skabelon for anmeldelse af brud (version 1.0, udkast til høring), udfyldt fra sagen. Det, sagen ikke siger, tilføjer DPO'en her.",
      "The EDPB's common template for breach notifications (version 1.0, draft for consultation), filled in from the case. What the case does not say, the DPO adds here.") }),
    downloads,
    page,
  );
  const mayAnswer = (detail.available ?? []).includes("template_answered");
  let loaded = false;
  page.addEventListener("toggle", async () => {
    if (!page.open || loaded) return;
    loaded = true;
    let notification;
    try {
      const answer = await fetch(url(), { headers: { accept: "application/json" } });
      notification = await answer.json();
    } catch {
      page.append(el("p", { className: "error-message", textContent: t("Skabelonen kunne ikke hentes.", "The template could not be loaded.") }));
      return;
    }
    render(notification);
  });

  function render(notification) {
    const label = (field) => (lang === "en" ? field.label : field.label_da);
    const all = notification.sections.flatMap((s) => s.fields);
    const missing = notification.missing.map((id) => all.find((f) => f.field === id));
    const inputs = new Map();
    const summary = missing.length
      ? el("div", { className: "warning-message", id: "template-missing" },
          el("p", { textContent: t(
            `Mangler for en fuldstændig anmeldelse (${missing.length}):`,
            `Missing for a complete notification (${missing.length}):`) }),
          el("ul", { className: "list" }, ...missing.map((f) => el("li", { textContent: `${f.field}. ${label(f)}` }))))
      : el("p", { className: "body", id: "template-missing", textContent: t("Alt, skabelonen kræver, er udfyldt.", "Everything the template requires is filled in.") });
    const shown = (field) => {
      if (field.value === undefined || field.value === null) return "";
      if (field.value_labels?.length) return field.value_labels.join("; ");
      if (typeof field.value === "boolean") return field.value ? t("Ja", "Yes") : t("Nej", "No");
      return String(field.value);
    };
    const status = {
      known: t("fra sagen", "from the case"),
      added_by_dpo: t("tilføjet af DPO'en", "added by the DPO"),
      dpo_must_add: t("mangler", "missing"),
      not_applicable: t("gælder ikke", "does not apply"),
    };
    const input = (field) => {
      const id = `template-${field.field}`;
      const current = field.value;
      if (field.kind === "choice") {
        const select = el("select", { className: "select", id },
          el("option", { value: "", textContent: "–" }),
          ...field.options.map(([key, text]) => el("option", { value: key, textContent: `${key}) ${text}`, selected: Array.isArray(current) && current[0] === key })));
        return [select, () => (select.value ? [select.value] : undefined)];
      }
      if (field.kind === "choices") {
        const boxes = field.options.map(([key, text]) => {
          const box = el("input", { className: "checkboxes__input", type: "checkbox", id: `${id}-${key}`, value: key, checked: Array.isArray(current) && current.includes(key) });
          return [box, el("div", { className: "checkboxes__item" }, box, el("label", { className: "label checkboxes__label", htmlFor: box.id, textContent: `${key}) ${text}` }))];
        });
        const group = el("div", { id }, ...boxes.map(([, item]) => item));
        return [group, () => {
          const keys = boxes.filter(([box]) => box.checked).map(([box]) => box.value);
          return keys.length ? keys : undefined;
        }];
      }
      if (field.kind === "number") {
        const number = el("input", { className: "input input--number", id, type: "number", min: "0", value: current ?? "" });
        return [number, () => (number.value === "" ? undefined : Number(number.value))];
      }
      if (field.kind === "date_time") {
        const when = el("input", { className: "input input--datetime", id, type: "datetime-local" });
        return [when, () => (when.value ? new Date(when.value).toISOString().replace(/\.\d+Z$/, "Z") : undefined)];
      }
      if (field.kind === "flag") {
        const flag = el("input", { className: "checkboxes__input", id, type: "checkbox", checked: current === true });
        return [flag, () => flag.checked];
      }
      const area = el("textarea", { className: "textarea", id, value: typeof current === "string" ? current : "" });
      return [area, () => (area.value.trim() ? area.value : undefined)];
    };
    const sections = notification.sections.map((s) => el("div", {},
      el("h3", { className: "heading-s", textContent: `${s.section} ${lang === "en" ? s.title_en : s.title_da}` }),
      el("dl", { className: "summary-list" }, ...s.fields.map((field) => {
        const answerable = mayAnswer && (field.status === "dpo_must_add" || field.status === "added_by_dpo");
        const row = el("div", { className: "summary-list__row", id: `template-row-${field.field}` },
          el("dt", { className: "summary-list__key" }, answerable
            ? el("label", { htmlFor: `template-${field.field}`, textContent: `${field.field}. ${label(field)}` })
            : `${field.field}. ${label(field)}`),
          el("dd", { className: "summary-list__value" },
            el("span", { className: field.status === "dpo_must_add" ? "tag tag--todo" : "tag", textContent: status[field.status] }),
            " ", shown(field)));
        if (answerable) {
          const [control, read] = input(field);
          inputs.set(field.field, read);
          row.lastChild.append(el("div", {}, control));
        }
        return row;
      }))));
    page.append(el("p", { className: "body", textContent: `${notification.template}, ${t("version", "version")} ${notification.template_version}` }), summary, ...sections);
    if (!mayAnswer || !inputs.size) return;
    const status_ = el("p", { className: "body", role: "status" });
    const save = el("button", { type: "button", className: "button", textContent: t("Gem svarene", "Save the answers") });
    save.onclick = async () => {
      page.querySelectorAll(".error-message").forEach((node) => node.remove());
      const answers = [...inputs].flatMap(([field, read]) => {
        const value = read();
        return value === undefined ? [] : [{ field, value }];
      });
      if (!answers.length) {
        status_.textContent = t("Udfyld mindst ét felt.", "Fill in one field at least.");
        return;
      }
      try {
        const answer = await fetch(`${path}/events`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ kind: "template_answered", answers, expected_sequence: detail.case.sequence, client_event_id: crypto.randomUUID() }),
        });
        if (answer.ok) {
          status_.textContent = t("Svarene er gemt i sagens log.", "The answers are saved in the case's log.");
          changed();
          return;
        }
        const problem = await answer.json().catch(() => ({}));
        for (const error of problem.errors ?? []) {
          const row = page.querySelector(`#template-row-${error.field.replace("answers.", "")}`);
          const text = el("p", { className: "error-message", textContent: error[lang] ?? error.da });
          (row ?? save).before(text);
        }
        status_.textContent = problem.detail?.[lang] ?? problem.title ?? String(answer.status);
      } catch {
        status_.textContent = t("Ingen forbindelse. Prøv igen.", "No connection. Try again.");
      }
    };
    page.append(save, status_);
  }
}
