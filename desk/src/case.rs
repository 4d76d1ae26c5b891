//! The case page: what happened, the 72-hour clock and what is still
//! open, the organisation's procedure as a task list to tick off (with a
//! note such as the TopDesk or eDoc number), notes, and the timeline of
//! events with the verdict on the log's hash chain. What may be recorded
//! is the domain's [`Case::available`](brud_case::Case::available);
//! entries are posted through [`crate::record`].

use crate::record::Kinded;
use brud_case::desk::{CaseDetail, TimelineEvent};
use brud_case::entries::{Note, PreventionDone, StepDone};
use brud_case::{Actor, EventTag};
use brud_shared::time::format_local;
use brud_shared::{Labelled, Language};
use leptos::prelude::*;

use crate::actions::Actions;
use crate::api;
use crate::record::{form_messages, Drafts, Outcome, Recorder};
use crate::state::{error_text, use_desk, DeskRoute};
use crate::texts::Texts;

/// The page of case `reference` in `org`.
///
/// - `org`: the organisation's id.
/// - `reference`: the case's journal reference, e.g. `DEMO-2026-0007`.
#[component]
pub fn CasePage(org: String, reference: String) -> impl IntoView {
    let desk = use_desk();
    let path = brud_case::desk::case_path(&org, &reference);
    let recorder = Recorder::new(path.clone());
    let drafts = Drafts::new();
    let files_path = path.clone();
    // Loads the case again once a file is added by the files module.
    let added =
        wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || recorder.reload()).into_js_value();
    let detail = LocalResource::new(move || {
        let path = path.clone();
        recorder.version();
        async move { api::get::<CaseDetail<TimelineEvent, serde::de::IgnoredAny>>(&path).await }
    });
    let back = DeskRoute {
        org: Some(org.clone()),
        ..DeskRoute::default()
    };
    let back_href = back.href(desk.lang.get_untracked());
    let content = move || {
        detail.get().map(|answer| match answer {
            Err(error) => view! {
                <div class="error-summary" role="alert"><p class="body">{error_text(&error, desk.lang.get())}</p></div>
            }
            .into_any(),
            Ok(detail) => {
                recorder.showing(detail.case.sequence);
                crate::files::show_files(&files_path, desk.lang.get_untracked().pick("da", "en"), &added);
                view! { <CaseView detail=detail recorder=recorder drafts=drafts/> }.into_any()
            }
        })
    };
    view! {
        <p class="body"><a class="back-link" href=back_href on:click=move |ev| {
            ev.prevent_default();
            desk.go(back.clone());
        }>{move || desk.tr("Til fortegnelsen", "To the register")}</a></p>
        <Transition fallback=move || view! { <p class="body">{desk.tr("Henter…", "Loading…")}</p> }>
            {content}
        </Transition>
    }
}

/// A case as loaded.
#[component]
fn CaseView(
    /// The case from the Worker.
    detail: CaseDetail<TimelineEvent, serde::de::IgnoredAny>,
    /// Records entries on this case.
    recorder: Recorder,
    /// What is being typed in the forms.
    drafts: Drafts,
) -> impl IntoView {
    let desk = use_desk();
    let now = chrono::Utc::now();
    let case = detail.case.clone();
    let report = case.report.clone();
    let state = detail.deadline_state.clone();
    // A processor case's clock is the school's own, to tell its controller.
    let processor = case.is_processor_case();
    let controller = case
        .report
        .controller
        .as_ref()
        .and_then(|c| c.name.clone())
        .unwrap_or_default();
    let is_overdue = matches!(state, brud_case::DeadlineState::Overdue { .. });
    let closed = case.closed.is_some();
    let dismissed = case.dismissed.clone();
    let incident = report.nature.incident;
    let risk = case.assessment.risk;
    let aware = report.timeline.aware_at.map(|t| t.utc());
    let open = detail.open_obligations.clone();
    // What the person may record now is the domain's answer.
    let available = detail.available.clone();
    let may = |tag: EventTag| available.contains(&tag);
    let chain = detail.chain.clone();
    let export_href = brud_case::desk::may_export_log(detail.role).then(|| {
        format!(
            "{}/log",
            brud_case::desk::case_path(&report.org, &detail.reference)
        )
    });

    let obligations = move || {
        let lang = desk.lang.get();
        if let Some(dismissed) = &dismissed {
            let duplicate = dismissed
                .duplicate_of
                .as_ref()
                .map(|other| format!(" ({other})"))
                .unwrap_or_default();
            let text = format!(
                "{} {}{duplicate}. {}",
                lang.pick("Sagen er afvist:", "The case is dismissed:"),
                dismissed.reason.label(lang),
                dismissed.note
            );
            return view! { <p class="body" id="dismissal">{text}</p> }.into_any();
        }
        if closed {
            return view! { <p class="body">{lang.pick("Sagen er lukket.", "The case is closed.")}</p> }.into_any();
        }
        if open.is_empty() {
            return view! { <p class="body">{lang.pick("Intet mangler: sagen kan lukkes.", "Nothing is missing: the case can be closed.")}</p> }.into_any();
        }
        view! {
            <ul class="list list--bullet">
                {open.iter().map(|p| view! { <li>{lang.pick(&p.da, &p.en).to_string()}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };

    // The school's steps that apply to this case as it stands (after any
    // override or correction), done or not: the domain's list, not the
    // profile's whole procedure.
    let checklist = detail
        .steps
        .clone()
        .into_iter()
        .map(|step| {
            let key = format!("step.{}", step.id);
            let (note, outcome) = (drafts.field(&key, String::new()), drafts.outcome(&key));
            view! { <StepItem step=step recorder=recorder can_record=may(EventTag::StepDone) note=note outcome=outcome/> }
        })
        .collect_view();

    let timeline = detail
        .events
        .iter()
        .rev()
        .map(|event| {
            let event = event.clone();
            let who = match &event.actor {
                Actor::System => "Brud".to_string(),
                Actor::Person(email) => email.clone(),
            };
            let detail_text = event.detail().map(str::to_string);
            view! {
                <li class="timeline__item">
                    <p class="timeline__title">{move || event.kind.title(desk.lang.get())}</p>
                    <p class="timeline__meta">{move || format!("{} · {}", format_local(event.at, desk.lang.get()), who)}</p>
                    {detail_text.map(|text| view! { <p class="body">{text}</p> })}
                </li>
            }
        })
        .collect_view();

    let chain_text = move || {
        let lang = desk.lang.get();
        match (&chain.broken_at, chain.verified) {
            (None, true) => format!(
                "{} ({} {})",
                lang.pick("Loggen er intakt og signeret", "The log is intact and signed"),
                chain.events,
                lang.pick("hændelser", "events")
            ),
            (Some(broken), _) => format!(
                "{} {}",
                lang.pick(
                    "Loggen er ændret ved hændelse",
                    "The log was changed at event"
                ),
                broken.sequence
            ),
            (None, false) if !chain.rows_match => lang
                .pick(
                    "Sagens række i fortegnelsen svarer ikke til loggen (ændret udefra, eller hændelser mangler).",
                    "The case's register row does not match its log (changed from outside, or events are missing).",
                )
                .to_string(),
            (None, false) => lang
                .pick(
                    "Indberetningen svarer ikke til den modtagne.",
                    "The report does not match the one received.",
                )
                .to_string(),
        }
    };

    view! {
        <p class="desk-no-print desk-print-action">
            <button class="button button--secondary button--small" type="button" on:click=move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
            }>{move || desk.tr("Udskriv sagen", "Print the case")}</button>
        </p>
        <span class="caption">{detail.reference.clone()}</span>
        <h1 class="heading-l">{move || incident.map(|i| i.label(desk.lang.get())).unwrap_or("–")}</h1>
        <div class="desk-clock" class:desk-overdue=is_overdue>
            <p class="body"><strong>{move || if processor {
                format!("{} ({controller}): ", desk.tr("Skolen er databehandler. Underret den dataansvarlige", "The school is processor. Tell the controller"))
            } else {
                desk.tr("72-timersfristen: ", "72-hour deadline: ").to_string()
            }}</strong>
                {move || state.describe(now, desk.lang.get())}</p>
        </div>
        <h2 class="heading-m">{move || desk.tr("Mangler", "Still to do")}</h2>
        {obligations}
        <h2 class="heading-m">{move || desk.tr("Hvad skete der", "What happened")}</h2>
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt class="summary-list__key">{move || desk.tr("Beskrivelse", "Description")}</dt>
                <dd class="summary-list__value">{report.nature.description.clone().unwrap_or_default()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">{move || desk.tr("Opdaget", "Became aware")}</dt>
                <dd class="summary-list__value">{move || aware.map(|a| format_local(a, desk.lang.get())).unwrap_or_default()}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">{move || desk.tr("Risiko", "Risk")}</dt>
                <dd class="summary-list__value">{move || risk.label(desk.lang.get())}</dd>
            </div>
            <div class="summary-list__row">
                <dt class="summary-list__key">{move || desk.tr("Sagsbehandler", "Case handler")}</dt>
                <dd class="summary-list__value">{case.handler.clone().unwrap_or_else(|| "–".into())}</dd>
            </div>
        </dl>
        <h2 class="heading-m">{move || desk.tr("Skolens procedure", "The school's procedure")}</h2>
        <ul class="task-list">{checklist}</ul>
        <Prevention measures=case.prevention.clone() recorder=recorder drafts=drafts can_record=may(EventTag::PreventionDone)/>
        <Actions detail=detail.clone() recorder=recorder drafts=drafts/>
        {may(EventTag::Note).then(|| view! { <NoteForm recorder=recorder text=drafts.field("note", String::new()) outcome=drafts.outcome("note")/> })}
        <Texts reference=detail.reference.clone()/>
        <h2 class="heading-m">{move || desk.tr("Sagens forløb", "Timeline")}</h2>
        <p class="body" class:desk-chain-broken=!detail.chain.verified>{chain_text}</p>
        {export_href.map(|href| view! {
            <p class="body desk-no-print"><a href=href download>{move || desk.tr("Hent den signerede log (til kontrol med brud-verify)", "Download the signed log (to check with brud-verify)")}</a></p>
        })}
        <ol class="timeline">{timeline}</ol>
    }
}

/// One step of the organisation's procedure: done (by whom, when, the
/// note), done by its obligation's entry, or a form to mark it done.
#[component]
fn StepItem(
    /// The step as it stands on the case.
    step: brud_case::steps::StepState,
    /// Records entries on the case.
    recorder: Recorder,
    /// Whether the person may tick steps now (the domain's answer).
    can_record: bool,
    /// The note being typed (kept across reloads of the case).
    note: RwSignal<String>,
    /// How the last entry went.
    outcome: RwSignal<Outcome>,
) -> impl IntoView {
    let desk = use_desk();
    let id = step.id.clone();
    let input_id = format!("note-{}", step.id);
    let label_da = step.da.clone();
    let label_en = step.en.clone();
    let label = move || {
        if desk.lang.get() == Language::Da {
            label_da.clone()
        } else {
            label_en.clone()
        }
    };
    let settled_by = step.settled_by;
    let status = match (step.done, settled_by) {
        (true, _) => {
            let who = match step.done_by {
                Some(Actor::System) => "Brud".to_string(),
                Some(Actor::Person(email)) => email,
                None => String::new(),
            };
            let at = step.done_at;
            let note_text = step.note.unwrap_or_default();
            view! {
                <strong class="tag tag--done">{move || desk.tr("Udført", "Done")}</strong>
                <p class="task-list__hint">{move || {
                    let lang = desk.lang.get();
                    let mut parts: Vec<String> = at.map(|at| format_local(at, lang)).into_iter().collect();
                    parts.extend(settled_by.map(|tag| tag.title(lang).to_string()));
                    parts.extend((!who.is_empty()).then(|| who.clone()));
                    format!("{} {}", parts.join(" · "), note_text)
                }}</p>
            }
            .into_any()
        }
        (false, Some(tag)) => view! {
            <strong class="tag tag--todo">{move || desk.tr("Mangler", "To do")}</strong>
            <p class="task-list__hint">{move || {
                let lang = desk.lang.get();
                format!("{} {}", lang.pick("Udføres ved at registrere:", "Done by recording:"), tag.title(lang))
            }}</p>
        }
        .into_any(),
        (false, None) if can_record => {            let error_id = format!("{input_id}-error");
            let has_error = move || matches!(outcome.get(), Outcome::Failed(_));
            view! {
                <strong class="tag tag--todo">{move || desk.tr("Mangler", "To do")}</strong>
                <details class="task-list__details" prop:open=has_error>
                    <summary class="task-list__summary">{move || desk.tr("Markér som udført", "Mark as done")}</summary>
                    <form class="task-list__form" on:submit=move |ev| {
                        ev.prevent_default();
                        let text = note.get_untracked();
                        let kind = Kinded::new(EventTag::StepDone, StepDone {
                            step: id.clone(),
                            note: (!text.trim().is_empty()).then(|| text.trim().to_string()),
                        });
                        recorder.record(kind, outcome, move || note.set(String::new()));
                    }>
                        <label class="label" for=input_id.clone()>{move || desk.tr("Note (fx TopDesk- eller eDoc-nummer)", "Note (e.g. the TopDesk or eDoc number)")}</label>
                        {move || has_error().then(|| view! {
                            <p class="error-message" id=error_id.clone()>
                                {form_messages(&outcome.get(), &[], desk.lang.get()).join(" ")}
                            </p>
                        })}
                        <input class="input" id=input_id.clone() type="text" bind:value=note/>
                        <button class="button" type="submit" disabled=move || outcome.get() == Outcome::Sending>
                            {move || desk.tr("Gem som udført", "Save as done")}
                        </button>
                    </form>
                </details>
            }
            .into_any()
        }
        (false, None) => {
            view! { <strong class="tag tag--todo">{move || desk.tr("Mangler", "To do")}</strong> }
                .into_any()
        }
    };
    view! {
        <li class="task-list__item">
            <span class="task-list__name">{label}</span>
            {status}
        </li>
    }
}

/// A note on the case.
#[component]
fn NoteForm(
    /// Records entries on the case.
    recorder: Recorder,
    /// The note being typed (kept across reloads of the case).
    text: RwSignal<String>,
    /// How the last entry went.
    outcome: RwSignal<Outcome>,
) -> impl IntoView {
    let desk = use_desk();
    view! {
        <form class="desk-note" on:submit=move |ev| {
            ev.prevent_default();
            let kind = Kinded::new(EventTag::Note, Note { text: text.get_untracked() });
            recorder.record(kind, outcome, move || text.set(String::new()));
        }>
            <div class="form-group" class:form-group--error=move || matches!(outcome.get(), Outcome::Failed(_))>
                <label class="label" for="note-text">{move || desk.tr("Tilføj en note", "Add a note")}</label>
                {move || matches!(outcome.get(), Outcome::Failed(_)).then(|| view! {
                    <p class="error-message" id="note-text-error">{form_messages(&outcome.get(), &[], desk.lang.get()).join(" ")}</p>
                })}
                <textarea class="textarea" id="note-text" rows="3" bind:value=text></textarea>
            </div>
            <button class="button" type="submit" disabled=move || outcome.get() == Outcome::Sending>
                {move || desk.tr("Gem note", "Save note")}
            </button>
        </form>
    }
}

/// The case's prevention measures: what, by whom, when due, and done or a
/// button to record it done.
#[component]
fn Prevention(
    /// The measures planned on the case.
    measures: Vec<brud_case::Measure>,
    /// Records entries on the case.
    recorder: Recorder,
    /// How each measure's last entry went.
    drafts: Drafts,
    /// Whether the person may mark measures done now (the domain's answer).
    can_record: bool,
) -> impl IntoView {
    let desk = use_desk();
    if measures.is_empty() {
        return ().into_any();
    }
    let items = measures
        .into_iter()
        .map(|measure| {
            let outcome = drafts.outcome(&format!("measure.{}", measure.measure));
            let due = measure.due.map(|d| d.format("%d.%m.%Y").to_string());
            let id = measure.measure.clone();
            let state = match measure.done_at {
                Some(at) => view! {
                    <strong class="tag tag--done">{move || desk.tr("Udført", "Done")}</strong>
                    <p class="task-list__hint">{move || format_local(at, desk.lang.get())}</p>
                }
                .into_any(),
                None if can_record => view! {
                    <strong class="tag tag--todo">{move || desk.tr("Mangler", "To do")}</strong>
                    <p class="task-list__hint">
                        <button class="button button--secondary button--small" type="button"
                            disabled=move || outcome.get() == Outcome::Sending
                            on:click=move |_| {
                                let kind = Kinded::new(EventTag::PreventionDone, PreventionDone { measure: id.clone() });
                                recorder.record(kind, outcome, || {});
                            }>{move || desk.tr("Markér tiltaget som udført", "Mark the measure done")}</button>
                    </p>
                    {move || {
                        let text = form_messages(&outcome.get(), &[], desk.lang.get());
                        (!text.is_empty()).then(|| view! { <p class="error-message" role="alert">{text.join(" ")}</p> })
                    }}
                }
                .into_any(),
                None => view! { <strong class="tag tag--todo">{move || desk.tr("Mangler", "To do")}</strong> }.into_any(),
            };
            view! {
                <li class="task-list__item">
                    <span class="task-list__name">
                        {measure.what.clone()}
                        <span class="task-list__hint">
                            {move || format!(" · {} {}", desk.tr("ansvarlig:", "by:"), measure.by)}
                            {due.clone().map(|d| format!(" · {} {d}", desk.tr("senest", "due")))}
                        </span>
                    </span>
                    {state}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 class="heading-m">{move || desk.tr("Forebyggende tiltag", "Prevention measures")}</h2>
        <ul class="task-list">{items}</ul>
    }
    .into_any()
}
