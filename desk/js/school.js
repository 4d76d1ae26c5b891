// The DPO's part of a school's register: the reports held for them and
// the school's staff. Made by a module of its own (desk/js/school/, built
// to /pkg/desk-school.js) fetched only when a school's DPO opens its
// register: nobody else's first visit carries it.
export function showSchool(section, org, lang) {
  import("/pkg/desk-school.js").then(
    (module) => module.showSchool(section, org, lang),
    () => {},
  );
}
