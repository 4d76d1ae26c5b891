//! The Brud case desk: a Leptos client-side app for the staff who handle
//! breaches (the school leader, the DPO, viewers), behind Cloudflare
//! Access at `/desk/`. It shows the register of the organisations the
//! person may see ([`register`]) and a case with its checklist, notes
//! and timeline ([`case`]); every decision about a case is the domain's,
//! sent through the Worker's desk API ([`api`]) and refused there with
//! problems shown by the fields.
//!
//! The page is addressed by its query (`?org=…&case=…&lang=en`), so a
//! link to a case can be shared and the back button works: the route is
//! a signal kept in step with the address bar (an `Effect`-free listener
//! on `popstate`, and `pushState` on navigation).

pub mod actions;
pub mod api;
pub mod case;
pub mod control;
pub mod register;
pub mod texts;

use brud_shared::desk::{Me, MyOrg};
use brud_shared::Language;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::DeskError;

/// What the address bar asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    /// The organisation (`?org=`). Without it the register lists every
    /// organisation of the person's, and the control report is the first's.
    pub org: Option<String>,
    /// The case's reference (`?case=`): the case page; else the register.
    pub case: Option<String>,
    /// `?view=control`: the year's control report instead of the register.
    pub control: bool,
    /// The control report's year (`?year=`); this year when absent.
    pub year: Option<i32>,
}

impl Route {
    fn from_location() -> Route {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        let get = |name: &str| {
            params
                .as_ref()
                .and_then(|p| p.get(name))
                .filter(|v| !v.is_empty())
        };
        Route {
            org: get("org"),
            case: get("case"),
            control: get("view").as_deref() == Some("control"),
            year: get("year").and_then(|y| y.parse().ok()),
        }
    }

    /// The address of this route, keeping the language.
    pub fn href(&self, lang: Language) -> String {
        let mut query = Vec::new();
        if let Some(org) = &self.org {
            query.push(format!("org={org}"));
        }
        if let Some(case) = &self.case {
            query.push(format!("case={case}"));
        }
        if self.control {
            query.push("view=control".into());
        }
        if let Some(year) = self.year {
            query.push(format!("year={year}"));
        }
        if lang == Language::En {
            query.push("lang=en".into());
        }
        if query.is_empty() {
            "/desk/".into()
        } else {
            format!("/desk/?{}", query.join("&"))
        }
    }
}

/// The page the route shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Page {
    /// Waiting for `/api/desk/me` to know which organisation.
    Loading,
    /// The register of one organisation, or of all the person's.
    Register(Option<String>),
    /// A case: organisation and reference.
    Case(String, String),
    /// The control report of an organisation for a year.
    Control(String, Option<i32>),
}

/// What every page shares: the route, the language, the signed-in person.
#[derive(Clone, Copy)]
pub struct Desk {
    /// The route.
    pub route: RwSignal<Route>,
    /// The language of the texts.
    pub lang: Signal<Language>,
    /// Who is signed in, with their organisations and roles.
    pub me: RwSignal<Option<Result<Me, DeskError>>>,
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

    /// Goes to `route`, as a link would, without reloading.
    pub fn go(&self, route: Route) {
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

fn language_of_page() -> Language {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("lang=en") {
        Language::En
    } else {
        Language::Da
    }
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

/// The whole desk: the header with the person and their schools, then the
/// register or the case page.
#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(Route::from_location());
    let lang = language_of_page();
    let desk = Desk {
        route,
        lang: Signal::stored(lang),
        me: RwSignal::new(None),
    };
    provide_context(desk);
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        route.set(Route::from_location());
    });
    spawn_local(async move {
        desk.me
            .set(Some(api::get::<Me>(brud_shared::desk::ME_PATH).await));
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang.pick("da", "en"));
        }
    }

    // What the page shows, from the address. The register without `?org=`
    // is the person's every school in one list (a shared DPO's); the control
    // report without it is the first school's.
    let target = Memo::new(move |_| {
        let route = desk.route.get();
        let first_org = || desk.orgs().into_iter().next().map(|o| o.id);
        match (route.org, route.case, route.control) {
            (Some(org), Some(reference), _) => Page::Case(org, reference),
            (org, None, true) => match org.or_else(first_org) {
                Some(org) => Page::Control(org, route.year),
                None => Page::Loading,
            },
            (org, None, false) => Page::Register(org),
            (None, Some(_), _) => Page::Register(None),
        }
    });
    // Why the page cannot be shown, once `/api/desk/me` has answered.
    // (From the signals, not from `target`: a memo read by both another
    // memo and the page missed a change of the route here.)
    let refused = Memo::new(move |_| match desk.me.get() {
        Some(Err(error)) => Some(error),
        Some(Ok(me)) => {
            let known = desk.route.with(|route| match &route.org {
                Some(id) => me.orgs.iter().any(|o| &o.id == id),
                None => !me.orgs.is_empty(),
            });
            (!known).then_some(DeskError::Forbidden)
        }
        None => None,
    });
    // The page waits for `/api/desk/me` (preloaded by the page's `Link`
    // header, so a few milliseconds): what it shows depends on the
    // person's schools (the switcher, a school column), and drawing it
    // before would move it about when they arrive. Its own data is
    // preloaded too, so nothing waits for a round trip.
    let answered = Memo::new(move |_| desk.me.with(Option::is_some));
    // Only the target, a refusal and the first answer re-render the page,
    // not the answer of `/api/desk/me` itself (memos: unchanged values
    // notify nobody).
    let loading = move || view! { <p class="body">{desk.tr("Henter…", "Loading…")}</p> }.into_any();
    let page = move || {
        if !answered.get() {
            return loading();
        }
        if let Some(error) = refused.get() {
            return view! {
                <div class="error-summary" role="alert">
                    <p class="body">{error_text(&error, desk.lang.get())}</p>
                </div>
            }
            .into_any();
        }
        match target.get() {
            Page::Loading => loading(),
            Page::Control(org, year) => {
                view! { <control::ControlPage org=org year=year/> }.into_any()
            }
            Page::Register(org) => view! { <register::Register org=org/> }.into_any(),
            Page::Case(org, reference) => {
                view! { <case::CasePage org=org reference=reference/> }.into_any()
            }
        }
    };
    let who = move || match desk.me.get() {
        Some(Ok(me)) => me.email,
        _ => String::new(),
    };
    let nav_link = move |control: bool, da: &'static str, en: &'static str| {
        let go = move || Route {
            org: desk.route.get().org,
            control,
            ..Route::default()
        };
        view! {
            <a href=move || go().href(desk.lang.get())
                aria-current=move || (desk.route.get().control == control && desk.route.get().case.is_none()).then_some("page")
                on:click=move |ev| { ev.prevent_default(); desk.go(go()); }>
                {move || desk.tr(da, en)}
            </a>
        }
    };
    let other_language = move || {
        let lang = desk.lang.get();
        let mut href = desk.route.get().href(Language::Da);
        if lang == Language::Da {
            href.push_str(if href.contains('?') {
                "&lang=en"
            } else {
                "?lang=en"
            });
        }
        href
    };
    view! {
        <header class="desk-header">
            <a class="desk-title" href="/desk/">{desk.tr("Brud · sagsbehandling", "Brud · case desk")}</a>
            <nav class="desk-nav" aria-label=move || desk.tr("Hovedmenu", "Main menu")>
                {nav_link(false, "Fortegnelse", "Register")}
                {nav_link(true, "Årets kontrol", "Yearly control")}
                <a href=other_language lang=move || desk.lang.get().pick("en", "da")>{move || desk.tr("English", "Dansk")}</a>
            </nav>
            <span class="desk-who">{who}</span>
        </header>
        <main id="main" class="main desk" tabindex="-1">{page}</main>
    }
}

/// Mounts the desk on the page's `#app`, replacing the loading text.
pub fn mount() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    root.set_inner_html("");
    leptos::mount::mount_to(root.unchecked_into(), App).forget();
}

use wasm_bindgen::JsCast;
