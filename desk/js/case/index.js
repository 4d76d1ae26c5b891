// A case's files on its page (loaded by desk/js/files.js): the list, each
// a download, and for leaders and the DPO the form to add one. The Worker
// checks each file by its bytes (PDF, images, text, .eml, Office), signs
// its SHA-256 into the case's log and refuses anyone else; a refusal is
// said next to the field, and the file chosen stays chosen.
import { el } from "../el.js";
import { showTemplate } from "./template.js";

const MAX_BYTES = 20 * 1024 * 1024;

/** Shows the files of the case at `path` in `lang` ("da"/"en") after the
 * case's facts on its page, with the form to add one when the Worker says
 * the reader may (`may_add_files`, the domain's); `added()` runs once one
 * is added (the desk then draws the case again, and this again). */
export async function showFiles(path, lang, added) {
  const t = (da, en) => (lang === "en" ? en : da);
  const facts = document.querySelector("main dl.summary-list");
  if (!facts) return;
  // One section, also when the desk drew the case again.
  document.querySelector("section.files")?.remove();
  const section = Object.assign(document.createElement("section"), { className: "files" });
  section.setAttribute("aria-labelledby", "files-heading");
  facts.after(section);
  let detail;
  try {
    const answer = await fetch(path, { headers: { accept: "application/json" } });
    if (!answer.ok) return;
    detail = await answer.json();
  } catch {
    return;
  }
  const files = detail.case.attachments ?? [];
  const authority = detail.case.authority;
  const size = (bytes) =>
    bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} kB`
      : `${(bytes / 1024 / 1024).toFixed(1).replace(".", lang === "en" ? "." : ",")} MB`;
  const list = files.length
    ? el("ul", { className: "list" },
        ...files.map((file) => {
          const receipt = authority?.receipt === file.id
            ? ` · ${t("Datatilsynets kvittering", "Datatilsynet's receipt")}`
            : "";
          return el("li", {},
            el("a", { href: `${path}/attachments/${encodeURIComponent(file.id)}`, download: file.name, textContent: file.name }),
            el("span", { className: "timeline__meta", textContent: ` ${file.type}, ${size(file.size)}${receipt} · SHA-256 ${file.sha256.slice(0, 12)}…` }));
        }))
    : el("p", { className: "body", textContent: t("Ingen filer endnu.", "No files yet.") });
  section.replaceChildren(
    el("h2", { className: "heading-m", id: "files-heading", textContent: `${t("Filer", "Files")} (${files.length})` }),
    list,
  );
  // The case file for the archive (eDoc): the document, the files and the
  // signed log in one ZIP, for whoever may export the log.
  if (detail.may_archive) {
    section.append(el("p", { className: "body desk-no-print" },
      el("a", {
        href: `${path}/archive.zip`,
        download: "",
        textContent: t("Hent sagen til arkivet (ZIP med sagsakt, filer og signeret log)", "Download the case for the archive (ZIP with the case document, files and signed log)"),
      })));
  }
  // The notification in the EDPB's template, after the files.
  showTemplate(section, path, detail, lang, added);
  if (!detail.may_add_files) return;

  const error = el("p", { className: "error-message", id: "file-error", hidden: true });
  const input = el("input", { className: "input", type: "file", id: "file-input" });
  const status = el("p", { className: "body", role: "status" });
  const group = el("div", { className: "form-group" },
    el("label", { className: "label", htmlFor: input.id, textContent: t("Tilføj en fil", "Add a file") }),
    el("p", {
      className: "hint",
      id: "file-hint",
      textContent: t(
        "Fx Datatilsynets kvittering, et skærmbillede eller den fejlsendte mail. PDF, billeder, tekst, mails (.eml) og Office-dokumenter, højst 20 MB.",
        "E.g. Datatilsynet's receipt, a screenshot or the misdirected mail. PDF, images, text, mails (.eml) and Office documents, at most 20 MB.",
      ),
    }),
    error,
    input);
  input.setAttribute("aria-describedby", "file-hint");
  const receipt = el("input", { className: "checkboxes__input", type: "checkbox", id: "file-receipt" });
  const receiptItem = authority
    ? el("div", { className: "checkboxes__item" }, receipt,
        el("label", { className: "label checkboxes__label", htmlFor: receipt.id, textContent: t("Filen er Datatilsynets kvittering for anmeldelsen", "The file is Datatilsynet's receipt for the notification") }))
    : "";
  const say = (text) => {
    group.classList.toggle("form-group--error", Boolean(text));
    input.classList.toggle("input--error", Boolean(text));
    error.textContent = text ?? "";
    error.hidden = !text;
    input.setAttribute("aria-describedby", text ? "file-error file-hint" : "file-hint");
  };
  const button = el("button", { type: "submit", className: "button button--secondary", textContent: t("Læg filen på sagen", "Add the file to the case") });
  const form = el("form", { noValidate: true }, group, receiptItem, button, status);
  form.onsubmit = async (event) => {
    event.preventDefault();
    status.textContent = "";
    const file = input.files?.[0];
    if (!file) return say(t("Vælg en fil.", "Choose a file."));
    if (file.size > MAX_BYTES) return say(t("Filen er for stor: højst 20 MB.", "The file is too large: at most 20 MB."));
    say(null);
    button.disabled = true;
    status.textContent = t("Sender…", "Sending…");
    try {
      const answer = await fetch(`${path}/attachments`, {
        method: "POST",
        headers: {
          "content-type": "application/octet-stream",
          "x-file-name": encodeURIComponent(file.name),
          "x-authority-receipt": String(receipt.checked),
          accept: "application/json",
        },
        body: file,
      });
      if (answer.ok) {
        status.textContent = t("Filen er lagt på sagen.", "The file is on the case.");
        added();
        return;
      }
      const problem = await answer.json().catch(() => ({}));
      const text = problem.errors?.[0]?.[lang] ?? problem.detail?.[lang] ?? problem.title ?? String(answer.status);
      status.textContent = "";
      say(text);
      input.focus();
    } catch {
      status.textContent = t("Ingen forbindelse. Prøv igen.", "No connection. Try again.");
    } finally {
      button.disabled = false;
    }
  };
  section.append(form);
}
