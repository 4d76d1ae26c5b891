//! The DPO's part of a school's register: the reports held beyond a
//! sender's rate limit or the school's ceiling (each opened as a case, or
//! those ticked discarded with a reason) and the school's staff (roles
//! changed, people added and removed), each change signed into the
//! school's own log by the Worker. Both are made by a module of their own
//! (`desk/js/school/`) fetched only for a school's DPO: as Leptos views
//! with decoders of their own they cost the desk's first visit kilobytes
//! its budget does not have. Whose decision it is comes from the domain
//! ([`brud_case::desk::may_decide_held`], [`brud_case::roster::may_change`]:
//! the DPO's), checked here before anything is asked and again by the
//! Worker.

use brud_case::desk::may_decide_held;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::state::use_desk;

#[wasm_bindgen(module = "/js/school.js")]
extern "C" {
    /// Fills `section` with `org`'s held reports and staff in `lang`
    /// (`da`/`en`).
    #[wasm_bindgen(js_name = showSchool)]
    fn show_school(section: &web_sys::Element, org: &str, lang: &str);
}

/// The DPO's part of school `org`'s register.
///
/// - `org`: the id of the school whose register is shown.
#[component]
pub fn ForTheDpo(org: String) -> impl IntoView {
    let desk = use_desk();
    let section = NodeRef::<html::Div>::new();
    // Syncs with the Worker's lists (outside the desk's state), once the
    // person is known to be the school's DPO.
    Effect::new(move |_| {
        let dpo = desk
            .orgs()
            .iter()
            .any(|o| o.id == org && may_decide_held(o.role));
        if let (true, Some(section)) = (dpo, section.get()) {
            let lang = desk.lang.get().pick("da", "en");
            show_school(&section, &org, lang);
        }
    });
    view! { <div node_ref=section></div> }
}
