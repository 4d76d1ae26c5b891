//! The reports held beyond a sender's rate limit or the school's ceiling
//! (kept, no case, nothing sent yet), on the register of a school whose
//! DPO is signed in: each opened as a case, or those ticked discarded
//! together with a reason, signed into the school's own log. The section
//! is made by `desk/js/held.js` from the Worker's list: as Leptos views
//! with a decoder of its own it cost the desk's first visit about 6 kB
//! brotli, more than its budget has. Whose decision it is comes from the
//! domain ([`brud_case::desk::may_decide_held`]), checked here before
//! anything is asked and again by the Worker.

use brud_case::desk::may_decide_held;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::state::use_desk;

#[wasm_bindgen(module = "/js/held.js")]
extern "C" {
    /// Fills `section` with `org`'s held reports in `lang` (`da`/`en`).
    #[wasm_bindgen(js_name = showHeld)]
    fn show_held(section: &web_sys::Element, org: &str, lang: &str);
}

/// The held reports of school `org`, for its DPO.
///
/// - `org`: the id of the school whose register is shown.
#[component]
pub fn Held(org: String) -> impl IntoView {
    let desk = use_desk();
    let section = NodeRef::<html::Section>::new();
    // Syncs with the Worker's list (outside the desk's state), once the
    // person is known to be the school's DPO.
    Effect::new(move |_| {
        let dpo = desk
            .orgs()
            .iter()
            .any(|o| o.id == org && may_decide_held(o.role));
        if let (true, Some(section)) = (dpo, section.get()) {
            let lang = desk.lang.get().pick("da", "en");
            show_held(&section, &org, lang);
        }
    });
    view! { <section class="held" aria-labelledby="held-heading" node_ref=section></section> }
}
