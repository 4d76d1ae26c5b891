// The DPO's part of a school's register (loaded by desk/js/school.js):
// the reports held for them (held.js) and the school's staff (staff.js).
// Both are made here from the Worker's JSON, as the desk's texts are: as
// Leptos views with decoders of their own they would cost the desk's first
// visit kilobytes its budget does not have, for screens only a DPO sees.
import { showHeld } from "./held.js";
import { showStaff } from "./staff.js";

/** Fills `section` with `org`'s held reports and staff, in `lang`. */
export function showSchool(section, org, lang) {
  const held = Object.assign(document.createElement("section"), { className: "held" });
  held.setAttribute("aria-labelledby", "held-heading");
  const staff = Object.assign(document.createElement("details"), { className: "staff" });
  section.replaceChildren(held, staff);
  showHeld(held, org, lang);
  showStaff(staff, org, lang);
}
