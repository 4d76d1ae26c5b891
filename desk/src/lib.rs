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

//! The modules form a DAG (checked by `shared/tests/module_dag.rs`), from
//! the bottom: [`api`] (HTTP) and [`state`] (route, language, person);
//! [`record`] (posting entries, what is being typed); the parts of a page
//! ([`actions`], [`texts`]); the pages ([`register`], [`case`],
//! [`control`]); the [`shell`] that shows one of them. This file only
//! mounts the shell.

pub mod actions;
pub mod api;
pub mod case;
pub mod control;
pub mod files;
pub mod record;
pub mod register;
pub mod report;
pub mod school;
pub mod shell;
pub mod state;
pub mod texts;

use wasm_bindgen::JsCast;

/// Mounts the desk on the page's `#app`, in place of what is there: the
/// loading text, or the first screen the Worker drew with the same view
/// code from the same data ([`state::Start::of_page`]), which the desk
/// draws again, so nothing changes on screen.
///
/// The desk's code starts on a drawn first screen only once the browser
/// has painted and measured it (`desk/js/start.js`), and then draws it
/// apart from the page and puts it in place when it is complete, in four
/// tasks after its own start: reading the page's data, the frame and the
/// filters, the register's rows ([`register::Register`]), the swap. Each
/// is short, so a tap is never kept waiting long; until the swap the
/// page's own screen shows, its links working and its controls inert
/// ([`shell::FirstScreen`]).
pub fn mount() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id("app") else {
        return;
    };
    // Apart from the wasm's start: on a drawn page reading the data it
    // carries is a task of its own too.
    let drawn = document
        .get_element_by_id(brud_case::desk::START_ELEMENT_ID)
        .is_some();
    if drawn {
        leptos::prelude::set_timeout(
            move || draw_from_page(&document, root),
            std::time::Duration::ZERO,
        );
    } else {
        draw_from_page(&document, root);
    }
}

/// The desk, from `start`, mounted on `target`.
fn mount_app(target: web_sys::Element, start: state::Start) {
    leptos::mount::mount_to(target.unchecked_into(), move || {
        leptos::view! { <shell::App start=start/> }
    })
    .forget();
}

/// [`mount`]'s drawing, from the page's address and data.
fn draw_from_page(document: &web_sys::Document, root: web_sys::Element) {
    let start = state::Start::of_page();
    if start.data.is_none() {
        root.set_inner_html("");
        mount_app(root, start);
        return;
    }
    let Ok(fresh) = document.create_element("div") else {
        return;
    };
    fresh.set_id("app");
    let draw = move || {
        mount_app(fresh.clone(), start);
        // After the register's rows, which it draws in a task of its own
        // queued during the mount (timers of one delay run in order).
        leptos::prelude::set_timeout(
            move || {
                let _ = root.replace_with_with_node_1(&fresh);
            },
            std::time::Duration::ZERO,
        );
    };
    leptos::prelude::set_timeout(draw, std::time::Duration::ZERO);
}

/// The register's first screen as HTML, for the Worker to put in the page:
/// the components the browser mounts for it ([`shell::FirstScreen`]),
/// drawn once from `start` (`ssr`, the Worker's build only).
#[cfg(feature = "ssr")]
pub fn first_screen_html(start: state::Start) -> String {
    use leptos::prelude::*;
    let owner = Owner::new();
    let html = owner.with(|| view! { <shell::FirstScreen start=start/> }.to_html());
    owner.cleanup();
    html
}
