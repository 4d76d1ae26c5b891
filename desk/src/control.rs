//! The year's control report for the board (Zahles's guideline asks for a
//! documented control): the figures the domain computes from every case
//! of the year ([`brud_case::control`]), a chart of the cases per
//! month as inline SVG with the same figures in a table beside it (no
//! chart library for twelve bars), the late notifications with their
//! reasons and the open prevention measures. Printable on A4 in black
//! and white (desk.css).

use brud_case::desk::ControlAnswer;
use brud_shared::time::{format_local, to_copenhagen};
use brud_shared::{Labelled, Language};
use chrono::Datelike;
use leptos::prelude::*;

use crate::api;
use crate::state::{error_text, use_desk, DeskRoute};

const MONTHS_DA: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Minutes as hours and minutes, e.g. `26 t 5 min` / `26 h 5 min`.
fn duration_text(minutes: i64, lang: Language) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    format!("{hours} {} {rest} min", lang.pick("t", "h"))
}

/// The control report of `org` for a year.
///
/// - `org`: the organisation's id.
/// - `year`: the year asked for (`?year=`); this year when `None`.
#[component]
pub fn ControlPage(org: String, year: Option<i32>) -> impl IntoView {
    let desk = use_desk();
    let this_year = to_copenhagen(chrono::Utc::now()).year();
    let year = year.unwrap_or(this_year);
    let path = format!("/api/desk/orgs/{org}/control?year={year}");
    let answer = LocalResource::new(move || {
        let path = path.clone();
        async move { api::get::<ControlAnswer>(&path).await }
    });
    let org_id = org.clone();
    let org_of_switcher = org.clone();
    let years = move || {
        (this_year - 4..=this_year)
            .rev()
            .map(|y| {
                let route = DeskRoute {
                    org: Some(org_id.clone()),
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
    let content = move || {
        answer.get().map(|answer| match answer {
            Err(error) => view! {
                <div class="error-summary" role="alert"><p class="body">{error_text(&error, desk.lang.get())}</p></div>
            }
            .into_any(),
            Ok(answer) => view! { <Figures answer=answer/> }.into_any(),
        })
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <span class="caption">{move || desk.org_name(&org).unwrap_or_default()}</span>
        <h1 class="heading-l">{move || format!("{} {year}", desk.tr("Årets kontrol", "Yearly control"))}</h1>
        <crate::register::Schools current=Some(org_of_switcher) control=true/>
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

/// The figures of one control report.
#[component]
fn Figures(
    /// The report from the Worker.
    answer: ControlAnswer,
) -> impl IntoView {
    let desk = use_desk();
    let report = answer.report;
    let lang = move || desk.lang.get();
    let generated = answer.generated_at;
    let months = report.by_month;
    let highest = months.iter().copied().max().unwrap_or(0).max(1);
    let bar_width = 24.0;
    let chart_height = 120.0;
    let bars = months
        .iter()
        .enumerate()
        .map(|(index, count)| {
            let height = *count as f64 / highest as f64 * chart_height;
            let x = index as f64 * (bar_width + 8.0);
            view! {
                <g>
                    <rect x=x y=chart_height - height width=bar_width height=height class="chart__bar"/>
                    <text x=x + bar_width / 2.0 y=chart_height + 16.0 class="chart__label" text-anchor="middle">
                        {move || lang().pick(MONTHS_DA[index], MONTHS_EN[index])}
                    </text>
                    {(*count > 0).then(|| view! {
                        <text x=x + bar_width / 2.0 y=chart_height - height - 4.0 class="chart__value" text-anchor="middle">{*count}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    let chart_label = move || {
        let parts: Vec<String> = months
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} {n}", lang().pick(MONTHS_DA[i], MONTHS_EN[i])))
            .collect();
        format!(
            "{}: {}",
            desk.tr("Sager pr. måned", "Cases per month"),
            parts.join(", ")
        )
    };
    let row = |da: &'static str, en: &'static str, value: String| {
        view! {
            <div class="summary-list__row">
                <dt class="summary-list__key">{move || desk.tr(da, en)}</dt>
                <dd class="summary-list__value">{value}</dd>
            </div>
        }
    };
    let share = report
        .share_in_time_percent
        .map_or("–".to_string(), |p| format!("{p} %"));
    let median = move || {
        report
            .median_minutes_to_notify
            .map_or("–".to_string(), |m| duration_text(m, lang()))
    };
    let by_risk = report.by_risk.clone();
    let by_incident = report.by_incident.clone();
    let repeated = report.repeated.clone();
    let late = report.late.clone();
    let measures = report.open_measures.clone();
    view! {
        <dl class="summary-list">
            {row("Sager i året", "Cases in the year", report.cases.to_string())}
            {row("Afviste indberetninger (ikke talt med)", "Dismissed reports (not counted)", report.dismissed.to_string())}
            {row("Skulle anmeldes til Datatilsynet", "Had to be notified", report.notification_required.to_string())}
            {row("Anmeldt inden for 72 timer", "Notified within 72 hours", report.notified_in_time.to_string())}
            {row("Anmeldt for sent", "Notified late", report.notified_late.to_string())}
            {row("Frist overskredet, ikke anmeldt", "Deadline passed, not notified", report.overdue.to_string())}
            {row("Andel anmeldt inden for 72 timer", "Share notified within 72 hours", share)}
            <div class="summary-list__row">
                <dt class="summary-list__key">{move || desk.tr("Mediantid fra opdagelse til anmeldelse", "Median time from awareness to notification")}</dt>
                <dd class="summary-list__value">{median}</dd>
            </div>
            {row("Åbne forebyggende tiltag", "Open prevention measures", report.open_prevention.to_string())}
        </dl>
        <h2 class="heading-m">{move || desk.tr("Sager pr. måned", "Cases per month")}</h2>
        <svg class="chart" viewBox="0 -16 380 161" role="img" aria-label=chart_label>
            {bars}
        </svg>
        <h2 class="heading-m">{move || desk.tr("Risiko", "Risk")}</h2>
        <table class="table">
            <tbody>
                {by_risk.into_iter().map(|(level, n)| view! {
                    <tr><th scope="row" class="table__cell">{move || level.label(lang())}</th><td class="table__cell">{n}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2 class="heading-m">{move || desk.tr("Hændelsestyper", "Incident types")}</h2>
        <table class="table">
            <tbody>
                {by_incident.into_iter().map(|(kind, n)| {
                    let again = repeated.iter().any(|(k, _)| *k == kind);
                    view! {
                        <tr>
                            <th scope="row" class="table__cell">{move || kind.label(lang())}</th>
                            <td class="table__cell">{n}{again.then(|| view! { " " <strong class="tag">{move || desk.tr("gentaget", "repeated")}</strong> })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <h2 class="heading-m">{move || desk.tr("Anmeldt for sent", "Notified late")}</h2>
        {if late.is_empty() {
            view! { <p class="body">{move || desk.tr("Ingen.", "None.")}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead><tr>
                        <th scope="col" class="table__header">{move || desk.tr("Journalnr.", "Reference")}</th>
                        <th scope="col" class="table__header">{move || desk.tr("Efter opdagelse", "After awareness")}</th>
                        <th scope="col" class="table__header">{move || desk.tr("Begrundelse", "Reason")}</th>
                    </tr></thead>
                    <tbody>
                        {late.into_iter().map(|l| view! {
                            <tr>
                                <td class="table__cell">{l.reference}</td>
                                <td class="table__cell">{move || l.minutes_after_awareness.map(|m| duration_text(m, lang())).unwrap_or_default()}</td>
                                <td class="table__cell">{l.reason}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2 class="heading-m">{move || desk.tr("Åbne forebyggende tiltag", "Open prevention measures")}</h2>
        {if measures.is_empty() {
            view! { <p class="body">{move || desk.tr("Ingen.", "None.")}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <thead><tr>
                        <th scope="col" class="table__header">{move || desk.tr("Journalnr.", "Reference")}</th>
                        <th scope="col" class="table__header">{move || desk.tr("Tiltag", "Measure")}</th>
                        <th scope="col" class="table__header">{move || desk.tr("Ansvarlig", "Responsible")}</th>
                        <th scope="col" class="table__header">{move || desk.tr("Senest", "Due")}</th>
                    </tr></thead>
                    <tbody>
                        {measures.into_iter().map(|m| view! {
                            <tr>
                                <td class="table__cell">{m.reference}</td>
                                <td class="table__cell">{m.what}</td>
                                <td class="table__cell">{m.by}</td>
                                <td class="table__cell">{m.due.map(|d| d.to_string()).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <p class="caption">{move || format!("{} {}", desk.tr("Opgjort", "Computed"), format_local(generated, lang()))}</p>
    }
}
