// The school's staff on the desk, for its DPO: who may sign in to the
// school's cases and as what; a role changed, someone removed, someone
// added. The Worker decides with the domain (brud_case::roster: only the
// DPO, never the last DPO) and signs each change into the school's own
// log; it applies from the person's next request. A refusal is said next
// to the field it is about, and what was typed stays.
import { el } from "../el.js";

const ROLES = [
  ["dpo", "DPO", "DPO"],
  ["leader", "Leder", "Leader"],
  ["viewer", "Læser (kun se)", "Viewer (reads only)"],
];

/** Fills `details` with `org`'s roster in `lang` ("da"/"en"); empty when
 * the person may not keep it. */
export async function showStaff(details, org, lang) {
  const t = (da, en) => (lang === "en" ? en : da);
  const path = `/api/desk/orgs/${encodeURIComponent(org)}/staff`;
  let staff;
  try {
    const answer = await fetch(path, { headers: { accept: "application/json" } });
    if (!answer.ok) return;
    staff = (await answer.json()).staff;
  } catch {
    return;
  }
  const roleSelect = (props, chosen) =>
    el("select", { className: "select", ...props },
      ...ROLES.map(([value, da, en]) => el("option", { value, selected: value === chosen, textContent: t(da, en) })));
  const status = el("p", { className: "body", role: "status" });
  const emailError = el("p", { className: "error-message", id: "staff-email-error", hidden: true });
  const email = el("input", { className: "input", id: "staff-email", type: "email", autocomplete: "off", spellcheck: false });
  const role = roleSelect({ id: "staff-role" }, "leader");

  // Sends one change; on success draws the roster the Worker answers with.
  const change = async (body, done, nextToField) => {
    status.textContent = "";
    emailError.hidden = true;
    email.classList.remove("input--error");
    email.removeAttribute("aria-describedby");
    try {
      const answer = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const json = await answer.json().catch(() => ({}));
      if (answer.ok) {
        staff = json.staff;
        draw();
        status.textContent = done;
        return true;
      }
      const problem = json.errors?.[0];
      const text = problem?.[lang] ?? problem?.da ?? json.detail ?? String(answer.status);
      if (nextToField && problem?.field === "email") {
        emailError.textContent = text;
        emailError.hidden = false;
        email.classList.add("input--error");
        email.setAttribute("aria-describedby", emailError.id);
        email.focus();
      } else {
        status.textContent = text;
      }
    } catch {
      status.textContent = t("Ingen forbindelse. Prøv igen.", "No connection. Try again.");
    }
    return false;
  };

  const rows = el("tbody");
  const summary = el("summary", { className: "task-list__summary" });
  function draw() {
    summary.textContent = `${t("Skolens personale", "The school's staff")} (${staff.length})`;
    rows.replaceChildren(
      ...staff.map((member) => {
        const select = roleSelect({ ariaLabel: t(`Rolle for ${member.email}`, `Role of ${member.email}`) }, member.role);
        select.onchange = async () => {
          const ok = await change(
            { email: member.email, role: select.value },
            t(`${member.email} har fået en ny rolle. Det er skrevet i skolens log.`, `${member.email} has a new role. It is written in the school's log.`),
          );
          if (!ok) select.value = member.role;
        };
        const remove = el("button", {
          type: "button",
          className: "button button--secondary button--small",
          textContent: t("Fjern", "Remove"),
          ariaLabel: t(`Fjern ${member.email}`, `Remove ${member.email}`),
          onclick: () =>
            change(
              { email: member.email, role: null },
              t(`${member.email} er fjernet og kan ikke længere se skolens sager. Det er skrevet i skolens log.`,
                `${member.email} is removed and can no longer see the school's cases. It is written in the school's log.`),
            ),
        });
        // Labelled for the phone, where each row stands as a card.
        const cell = (label, ...children) => {
          const td = el("td", { className: "table__cell" }, ...children);
          td.dataset.label = label;
          return td;
        };
        return el("tr", { className: "desk-row" },
          cell(t("E-mail", "E-mail"), member.email), cell(t("Rolle", "Role"), select), cell(t("Fjern", "Remove"), remove));
      }),
    );
  }
  draw();

  const add = el("form", { noValidate: true }, el("fieldset", { className: "fieldset" },
    el("legend", { className: "fieldset__legend", textContent: t("Tilføj en person", "Add someone") }),
    el("div", { className: "form-group" },
      el("label", { className: "label", htmlFor: email.id, textContent: t("E-mailadresse", "E-mail address") }),
      el("p", { className: "hint", textContent: t("Den adresse, personen logger ind med.", "The address the person signs in with.") }),
      emailError,
      email),
    el("div", { className: "form-group" },
      el("label", { className: "label", htmlFor: role.id, textContent: t("Rolle", "Role") }),
      role),
    el("button", { type: "submit", className: "button", textContent: t("Tilføj", "Add") }),
  ));
  add.onsubmit = async (event) => {
    event.preventDefault();
    const added = email.value.trim();
    const ok = await change(
      { email: added, role: role.value },
      t(`${added} kan nu logge ind. Det er skrevet i skolens log.`, `${added} can now sign in. It is written in the school's log.`),
      true,
    );
    if (ok) email.value = "";
  };

  details.replaceChildren(
    summary,
    el("p", {
      className: "body",
      textContent: t(
        "Hvem der kan logge ind på skolens sager, og som hvad. En ændring gælder fra personens næste klik og skrives i skolens signerede log. Skolen har altid mindst én DPO.",
        "Who may sign in to the school's cases, and as what. A change applies from the person's next click and is written in the school's signed log. The school always keeps one DPO at least.",
      ),
    }),
    el("table", { className: "table desk-table" },
      el("thead", {}, el("tr", {},
        el("th", { className: "table__header", scope: "col", textContent: t("E-mail", "E-mail") }),
        el("th", { className: "table__header", scope: "col", textContent: t("Rolle", "Role") }),
        el("th", { className: "table__header", scope: "col", textContent: t("Fjern", "Remove") }))),
      rows),
    add,
    status,
  );
}
