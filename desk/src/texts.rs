//! The notification to Datatilsynet step by step (each answer with its
//! own Copy button, in the notification's order) and the four texts
//! generated from the case's report (the mail to the
//! breach mailbox, the notification to Datatilsynet, the letter to the
//! people affected, the register entry), with Copy and Download, made by
//! the desk's texts module (`case-texts/`, fetched only when asked for:
//! not part of the desk's first visit) from the case as decided when they
//! are drafted, through `desk/js/texts.js`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::state::use_desk;

#[wasm_bindgen(module = "/js/texts.js")]
extern "C" {
    /// The texts section of case `reference` in Danish and in English, as
    /// escaped markup.
    #[wasm_bindgen(js_name = caseTexts, catch)]
    async fn case_texts(org: &str, reference: &str) -> Result<JsValue, JsValue>;
}

/// The texts of case `reference` of `org`: Danish, English.
async fn load(org: &str, reference: &str) -> Option<Vec<String>> {
    let sections = case_texts(org, reference).await.ok()?;
    let sections = js_sys::Array::from(&sections);
    Some(sections.iter().filter_map(|s| s.as_string()).collect())
}

/// The texts, made when the person asks for them.
#[component]
pub fn Texts(
    /// The case's reference.
    reference: String,
) -> impl IntoView {
    let desk = use_desk();
    let texts: RwSignal<Option<Option<Vec<String>>>> = RwSignal::new(None);
    let loading = RwSignal::new(false);
    let reference = StoredValue::new(reference);
    let show = move |_| {
        let Some(org) = desk.route.get_untracked().org else {
            return;
        };
        loading.set(true);
        spawn_local(async move {
            let made = load(&org, &reference.get_value()).await;
            texts.set(Some(made));
            loading.set(false);
        });
    };
    let heading = move || {
        view! { <h2 class="heading-m">{move || desk.tr("Tekster", "Texts")}</h2> }
    };
    let shown = move || {
        match texts.get() {
        None => view! {
            {heading()}
            <button class="button button--secondary desk-no-print" type="button" on:click=show
                disabled=move || loading.get()>
                {move || desk.tr("Vis Datatilsynet trin for trin og teksterne", "Show Datatilsynet step by step and the texts")}
            </button>
        }
        .into_any(),
        Some(None) => view! {
            {heading()}
            <p class="error-message" role="alert">{move || desk.tr("Teksterne kunne ikke laves. Prøv igen.", "The texts could not be made. Try again.")}</p>
        }
        .into_any(),
        // The section brings its own heading.
        Some(Some(sections)) => {
            let index = usize::from(desk.lang.get() == brud_shared::Language::En);
            let html = sections.get(index).cloned().unwrap_or_default();
            view! { <div class="desk-texts" inner_html=html></div> }.into_any()
        }
    }
    };
    view! { {shown} }
}
