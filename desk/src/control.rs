//! The year's control report for the board (Zahles's guideline asks for a
//! documented control, approved by the board): the page around it (the
//! school, the year, print) and the form that records the board's
//! approval. The report itself (the figures and the guideline's six
//! control points the domain computes, [`brud_case::control`], the chart,
//! the tables) is markup ([`crate::report`]). Printable on A4 in black and
//! white (desk.css).

use brud_case::control::NewApproval;
use brud_case::desk::ControlAnswer;
use brud_shared::time::to_copenhagen;
use chrono::Datelike;
use leptos::prelude::*;

use crate::api;
use crate::report::control_html;
use crate::state::{error_text, use_desk, DeskRoute};

/// The control report of `org` for a year.
///
/// - `org`: the organisation's id; `None` for all the person's schools
///   together (a shared DPO's), whose approvals are each school's own.
/// - `year`: the year asked for (`?year=`); this year when `None`.
#[component]
pub fn ControlPage(org: Option<String>, year: Option<i32>) -> impl IntoView {
    let desk = use_desk();
    let this_year = to_copenhagen(chrono::Utc::now()).year();
    let year = year.unwrap_or(this_year);
    // Bumped after an approval is recorded: the report is made again.
    let reload = RwSignal::new(0u32);
    let path = match &org {
        Some(org) => format!("/api/desk/orgs/{org}/control?year={year}"),
        None => format!("/api/desk/control?year={year}"),
    };
    let answer = LocalResource::new(move || {
        let path = path.clone();
        reload.track();
        async move { api::get::<ControlAnswer>(&path).await }
    });
    let org_id = org.clone();
    let org_of_switcher = org.clone();
    let years = move || {
        (this_year - 4..=this_year)
            .rev()
            .map(|y| {
                let route = DeskRoute {
                    org: org_id.clone(),
                    control: true,
                    year: Some(y),
                    ..DeskRoute::default()
                };
                let href = route.href(desk.lang.get());
                let current = (y == year).then_some("page");
                view! {
                    <a href=href aria-current=current on:click=move |ev| {
                        ev.prevent_default();
                        desk.go(route.clone());
                    }>{y}</a>
                }
            })
            .collect_view()
    };
    let approve_path = org
        .as_ref()
        .map(|org| format!("/api/desk/orgs/{org}/control/approvals"));
    let content = move || {
        answer.get().map(|answer| match answer {
            Err(error) => view! {
                <div class="error-summary" role="alert"><p class="body">{error_text(&error, desk.lang.get())}</p></div>
            }
            .into_any(),
            Ok(answer) => {
                let hash = answer.report_sha256.clone();
                view! {
                    <div inner_html=move || control_html(&answer, desk.lang.get())></div>
                    {approve_path.clone().map(|path| view! { <Approve path=path year=year hash=hash reload=reload/> })}
                }
                .into_any()
            }
        })
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <span class="caption">{move || org.as_deref().and_then(|org| desk.org_name(org)).unwrap_or_default()}</span>
        <h1 class="heading-l">{move || format!("{} {year}", desk.tr("Årets kontrol", "Yearly control"))}</h1>
        <crate::register::Schools current=org_of_switcher control=true/>
        <nav class="desk-orgs desk-no-print" aria-label=move || desk.tr("År", "Year")>{years}</nav>
        <p class="desk-no-print">
            <button class="button button--secondary" type="button" on:click=print>
                {move || desk.tr("Udskriv", "Print")}
            </button>
        </p>
        <Transition fallback=move || view! { <p class="body">{desk.tr("Henter…", "Loading…")}</p> }>
            {content}
        </Transition>
    }
}

/// Records the board's approval of the report shown (point 6): its hash
/// is sent with the note, so a report changed since it was shown is
/// refused and shown again.
#[component]
fn Approve(
    /// Where approvals are posted.
    path: String,
    /// The year of the report shown.
    year: i32,
    /// The hash of the report shown.
    hash: String,
    /// Bumped once an approval is recorded (the report is made again).
    reload: RwSignal<u32>,
) -> impl IntoView {
    let desk = use_desk();
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewApproval {
            year,
            report_sha256: hash.clone(),
            note: note.get_untracked(),
        };
        let path = path.clone();
        leptos::task::spawn_local(async move {
            let lang = desk.lang.get_untracked();
            match api::post_only(&path, &body).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(api::DeskError::Refused(problems)) => problem.set(Some(
                    problems
                        .iter()
                        .map(|p| lang.pick(p.da.as_str(), p.en.as_str()))
                        .collect::<Vec<_>>()
                        .join(" "),
                )),
                Err(other) => problem.set(Some(error_text(&other, lang).to_string())),
            }
        });
    };
    view! {
        <form class="desk-no-print" on:submit=submit>
            <div class="form-group" class:form-group--error=move || problem.with(Option::is_some)>
                <label class="label" for="approval-note">{move || desk.tr("Bestyrelsens godkendelse: møde og referat", "The board's approval: meeting and minutes")}</label>
                {move || problem.get().map(|text| view! { <p class="error-message" id="approval-note-error">{text}</p> })}
                <textarea class="textarea" id="approval-note" rows="2" prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <button class="button" type="submit">{move || desk.tr("Registrér godkendelsen af rapporten", "Record the approval of the report")}</button>
        </form>
    }
}
