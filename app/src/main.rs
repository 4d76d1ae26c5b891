//! The Brud form (placeholder until the form issue lands): a Leptos
//! client-side app that shows what it will ask about, from `brud-shared`'s
//! labels, so the whole toolchain (shared → wasm → browser) is exercised.

use brud_shared::model::IncidentType;
use brud_shared::{Labelled, Language};
use leptos::prelude::*;

/// The placeholder page: what the form will cover, in Danish.
#[component]
fn App() -> impl IntoView {
    let lang = Language::Da;
    view! {
        <main class="placeholder">
            <h1>"Brud – indberet et brud på persondatasikkerheden"</h1>
            <p>
                "Formularen er under udvikling. Stop bruddet, hvis du kan, og kontakt "
                "skolens leder med det samme."
            </p>
            <h2>"Formularen vil dække bl.a."</h2>
            <ul>
                {IncidentType::ALL
                    .iter()
                    .map(|incident| view! { <li>{incident.label(lang)}</li> })
                    .collect_view()}
            </ul>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
