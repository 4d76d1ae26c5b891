//! The desk's shell: the header with the person, the menu and the other
//! language, and the page the route asks for (the register, a case or the
//! year's control report); and the register's first screen as the Worker
//! draws it into the page ([`FirstScreen`]). The top of the desk's
//! modules: it uses the pages, none of them uses it.

use brud_case::desk::Me;
use brud_shared::Language;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, DeskError};
use crate::state::{error_text, route_of_page, use_desk, Desk, DeskRoute, Start};
use crate::{case, control, register};

/// The page the route shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Page {
    /// Waiting for `/api/desk/me` to know which organisation.
    Loading,
    /// The register of one organisation, or of all the person's.
    Register(Option<String>),
    /// A case: organisation and reference.
    Case(String, String),
    /// The control report of an organisation (or of all the person's,
    /// together) for a year.
    Control(Option<String>, Option<i32>),
}

/// The desk's shared state for a page that starts from `start`, provided
/// to every component below; asks who is signed in when the page did not
/// say, and in the browser follows the back button. `live`: see
/// [`Desk::live`].
fn provide_desk(start: Start, live: bool) -> Desk {
    let Start { route, lang, data } = start;
    let (me, first_list) = match data {
        Some(data) => (Some(Ok(data.me)), data.list),
        None => (None, None),
    };
    let asks_who = me.is_none();
    let desk = Desk {
        route: RwSignal::new(route),
        lang: Signal::stored(lang),
        me: RwSignal::new(me),
        first_list: StoredValue::new(first_list),
        live,
    };
    provide_context(desk);
    if asks_who {
        spawn_local(async move {
            desk.me
                .set(Some(api::get::<Me>(brud_case::desk::ME_PATH).await));
        });
    }
    // The browser's side (the Worker draws the first screen too, without
    // one): the back button, and the page's language.
    if let Some(window) = web_sys::window() {
        let _ = window_event_listener(leptos::ev::popstate, move |_| {
            desk.route.set(route_of_page());
        });
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", lang.pick("da", "en"));
        }
    }
    desk
}

/// The register's first screen as the Worker draws it into the page: what
/// [`App`] shows for the register once it knows the person, drawn from the
/// same `start` (whose data says who is signed in, with a role in the
/// address's school). Only the frame and the register, so the Worker
/// carries none of the other pages' code.
///
/// - `start`: the register's address and the data the page will carry.
#[component]
pub fn FirstScreen(start: Start) -> impl IntoView {
    let org = start.route.org.clone();
    provide_desk(start, false);
    view! { <Frame><register::Register org=org/></Frame> }
}

/// The whole desk: the header with the person and their schools, then the
/// register or the case page.
///
/// - `start`: the address and the data the page came with. With the
///   signed-in person in it, the first screen is drawn at once, the same as
///   the Worker drew it into the page ([`FirstScreen`]); without, the desk
///   asks for it.
#[component]
pub fn App(start: Start) -> impl IntoView {
    let desk = provide_desk(start, true);

    // What the page shows, from the address. The register without `?org=`
    // is the person's every school in one list (a shared DPO's), and so is
    // the control report for a person of several schools.
    let target = Memo::new(move |_| {
        let route = desk.route.get();
        let first_org = || desk.orgs().into_iter().next().map(|o| o.id);
        match (route.org, route.case, route.control) {
            (Some(org), Some(reference), _) => Page::Case(org, reference),
            (Some(org), None, true) => Page::Control(Some(org), route.year),
            (None, None, true) => match desk.orgs().len() {
                0 => Page::Loading,
                1 => Page::Control(first_org(), route.year),
                _ => Page::Control(None, route.year),
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
    view! { <Frame>{page}</Frame> }
}

/// The header (the desk's name, the menu, the other language, who is
/// signed in) above the page.
///
/// - `children`: the page, in the `<main>` the skip link and a new page's
///   focus go to.
#[component]
fn Frame(children: Children) -> impl IntoView {
    let desk = use_desk();
    let who = move || match desk.me.get() {
        Some(Ok(me)) => me.email,
        _ => String::new(),
    };
    let nav_link = move |control: bool, da: &'static str, en: &'static str| {
        let go = move || DeskRoute {
            org: desk.route.get().org,
            control,
            ..DeskRoute::default()
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
        <main id="main" class="main desk" tabindex="-1">{children()}</main>
    }
}
