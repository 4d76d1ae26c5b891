//! What every page of the desk shares, at the bottom of the desk's
//! modules: the route (what the address bar asks for), the language, the
//! signed-in person, and the message for each way a request fails.
//!
//! The route is kept in step with the address bar: [`Desk::go`] pushes
//! it, the shell's `popstate` listener reads it back.

use brud_case::desk::{CaseList, DeskStart, Me, MyOrg, START_ELEMENT_ID};
pub use brud_edge::route::DeskRoute;
use brud_shared::Language;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::DeskError;

/// The address bar's query (`?org=…`), empty when there is none.
fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The route the address bar shows now, read as the Worker reads it to
/// preload the page's data ([`DeskRoute::from_query`]).
pub fn route_of_page() -> DeskRoute {
    DeskRoute::from_query(&search())
}

/// What the desk starts from: the address, and the data the page came
/// with. In the browser that is the address bar and the page's
/// `#desk-start` ([`Start::of_page`]); in the Worker, which draws the same
/// first screen into the page, the request's.
#[derive(Debug, Clone)]
pub struct Start {
    /// The page asked for.
    pub route: DeskRoute,
    /// The language of the texts (`lang=en`, Danish by default).
    pub lang: Language,
    /// Who is signed in and the register's first page, when the page
    /// brought them; the desk asks for them otherwise.
    pub data: Option<DeskStart>,
}

impl Start {
    /// The browser's page: its address, and the data the Worker put in it
    /// (none when it could not, or when the data does not read).
    pub fn of_page() -> Start {
        let query = search();
        let data = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(START_ELEMENT_ID))
            .and_then(|element| element.text_content())
            .and_then(|text| brud_shared::json::from_str(&text).ok());
        Start {
            route: DeskRoute::from_query(&query),
            lang: brud_edge::route::language(&query),
            data,
        }
    }
}

/// What every page shares: the route, the language, the signed-in person.
#[derive(Clone, Copy)]
pub struct Desk {
    /// The route.
    pub route: RwSignal<DeskRoute>,
    /// The language of the texts (fixed for the page: the other language
    /// is a link to the page in it).
    pub lang: Signal<Language>,
    /// Who is signed in, with their organisations and roles.
    pub me: RwSignal<Option<Result<Me, DeskError>>>,
    /// The register's first page as the page brought it, until the
    /// register takes it ([`Desk::take_first_list`]).
    pub first_list: StoredValue<Option<CaseList>>,
    /// Whether the desk's code runs the page; `false` for the first screen
    /// the Worker draws into the page, whose controls stay inert until the
    /// desk takes it over (its links work as they are).
    pub live: bool,
}

impl Desk {
    /// The person's organisations, once `/api/desk/me` has answered (none
    /// before).
    pub fn orgs(&self) -> Vec<MyOrg> {
        self.me.with(|me| match me {
            Some(Ok(me)) => me.orgs.clone(),
            _ => Vec::new(),
        })
    }

    /// The name of organisation `id`, once `/api/desk/me` has answered.
    pub fn org_name(&self, id: &str) -> Option<String> {
        self.me.with(|me| match me {
            Some(Ok(me)) => me.orgs.iter().find(|o| o.id == id).map(|o| o.name.clone()),
            _ => None,
        })
    }

    /// The register's first page the page came with, once: the first
    /// register drawn shows it; any later one asks the Worker.
    pub fn take_first_list(&self) -> Option<CaseList> {
        self.first_list.try_update_value(Option::take).flatten()
    }

    /// Goes to `route`, as a link would, without reloading.
    pub fn go(&self, route: DeskRoute) {
        let href = route.href(self.lang.get_untracked());
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
        self.route.set(route);
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            // A new page for a screen reader too: the focus goes to its top,
            // as after a page load.
            let main = window.document().and_then(|d| d.get_element_by_id("main"));
            if let Some(main) = main.and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = main.focus();
            }
        }
    }

    /// The text in the desk's language.
    pub fn tr(&self, da: &'static str, en: &'static str) -> &'static str {
        self.lang.get().pick(da, en)
    }
}

/// The desk's shared state.
pub fn use_desk() -> Desk {
    expect_context::<Desk>()
}

/// The message for an error, in `lang`.
pub fn error_text(error: &DeskError, lang: Language) -> &'static str {
    let (da, en) = match error {
        DeskError::SignedOut => (
            "Du er ikke logget ind, eller dit login er udløbet. Genindlæs siden for at logge ind igen.",
            "You are not signed in, or your sign-in has expired. Reload the page to sign in again.",
        ),
        DeskError::Forbidden => (
            "Du har ikke adgang til denne skoles sager.",
            "You do not have access to this school's cases.",
        ),
        DeskError::NotFound => ("Sagen findes ikke.", "The case does not exist."),
        DeskError::Stale => (
            "En anden har ændret sagen i mellemtiden. Sagen er hentet igen: se ændringen, og prøv igen.",
            "Someone else changed the case meanwhile. It has been loaded again: see the change and try again.",
        ),
        DeskError::Refused(_) => ("Registreringen blev afvist.", "The entry was refused."),
        DeskError::Offline => (
            "Ingen forbindelse. Det du har skrevet er bevaret; prøv igen.",
            "No connection. What you typed is kept; try again.",
        ),
        DeskError::Server => (
            "Der skete en fejl hos Brud. Prøv igen om lidt.",
            "Something went wrong at Brud. Try again in a moment.",
        ),
    };
    lang.pick(da, en)
}
