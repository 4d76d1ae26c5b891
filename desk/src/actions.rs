//! The entries a case takes besides the procedure's steps and notes: the
//! obligations (Datatilsynet notified or the decision not to, a follow-up,
//! the people affected told or the exception, the controller told), the
//! incident contained, the case handler, the DPO's opinion and risk
//! override, prevention measures, corrections, closing, dismissing and
//! reopening.
//!
//! Each is a small form (GOV.UK: a label, a hint, the error by the field)
//! folded in a `<details>` so a phone shows the list first. The forms are
//! the domain's: each entry kind's module says its fields, how each is
//! asked and what its value becomes in the event
//! ([`brud_case::entries::Form`]); this module only draws them and keeps
//! what is typed. Whether the entry is allowed and complete is the
//! domain's, answered by the Worker with problems that are shown by the
//! fields they name. What was typed stays until it is recorded.

use brud_case::desk::{CaseDetail, TimelineEvent};
use brud_case::entries::form::yes_no;
use brud_case::entries::{Form, FormField, Input};
use brud_case::event::FORMS;
use brud_case::EventTag;
use brud_shared::time::to_datetime_local;
use brud_shared::{Language, Problem};
use chrono::Utc;
use leptos::prelude::*;

use crate::record::{form_messages, messages_for, Drafts, Outcome, Recorder};
use crate::state::use_desk;

/// The forms of the entries the domain makes available
/// (`detail.available`, [`Case::available`](brud_case::Case::available)), in
/// the page's order ([`FORMS`]); the kinds without a form (steps, measures
/// done, notes) have their own place on the page.
fn offered(available: &[EventTag]) -> Vec<(EventTag, Form)> {
    FORMS
        .into_iter()
        .filter(|tag| available.contains(tag))
        .filter_map(|tag| Some((tag, tag.form()?)))
        .collect()
}

/// The entries offered on the case.
#[component]
pub fn Actions(
    /// The case as loaded.
    detail: CaseDetail<TimelineEvent, serde::de::IgnoredAny>,
    /// Records entries on the case.
    recorder: Recorder,
    /// What is being typed (kept across reloads).
    drafts: Drafts,
) -> impl IntoView {
    let desk = use_desk();
    let actions = offered(&detail.available);
    if actions.is_empty() {
        return ().into_any();
    }
    let lang = desk.lang.get_untracked();
    let prefill = StoredValue::new(detail.prefill);
    view! {
        <h2 class="heading-m">{move || desk.tr("Registrér", "Record")}</h2>
        <ul class="task-list">
            {actions.into_iter().map(|(tag, form)| {
                let start: Vec<(String, String)> = prefill.with_value(|all| {
                    all.iter()
                        .filter(|p| p.kind == tag)
                        .map(|p| (p.field.clone(), lang.pick(&p.da, &p.en).to_string()))
                        .collect()
                });
                view! { <ActionForm tag=tag form=form recorder=recorder drafts=drafts start=start/> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The dismissal of the cases ticked in the register, in one go (a flood
/// of junk reports must not take a DPO an hour): the case page's form,
/// recorded on each case by `recorder` ([`Recorder::for_selection`]).
#[component]
pub fn DismissSelected(
    /// Records on the cases ticked.
    recorder: Recorder,
    /// What is being typed.
    drafts: Drafts,
    /// How many are ticked.
    #[prop(into)]
    count: Signal<usize>,
) -> impl IntoView {
    let desk = use_desk();
    view! {
        <h2 class="heading-m" id="dismiss-selected">
            {move || match desk.lang.get() {
                Language::Da => format!("Afvis de valgte sager ({})", count.get()),
                Language::En => format!("Dismiss the selected cases ({})", count.get()),
            }}
        </h2>
        <ul class="task-list">
            {EventTag::Dismissed.form().map(|form| view! {
                <ActionForm tag=EventTag::Dismissed form=form recorder=recorder drafts=drafts start=Vec::new()/>
            })}
        </ul>
    }
}

/// The value a field starts with: now for a time, a fresh id for an id
/// the desk makes, else empty.
fn initial(field: &FormField) -> String {
    match field.input {
        Input::When if !field.optional => to_datetime_local(Utc::now()),
        Input::NewId => crate::api::new_id(),
        _ => String::new(),
    }
}

/// One entry's form.
#[component]
fn ActionForm(
    /// Which kind of entry.
    tag: EventTag,
    /// Its form, the domain's.
    form: Form,
    /// Records entries on the case.
    recorder: Recorder,
    /// What is being typed.
    drafts: Drafts,
    /// What its fields start with, by name, from the case (the domain's
    /// prefill, sent with the case).
    start: Vec<(String, String)>,
) -> impl IntoView {
    let desk = use_desk();
    let key = tag.name();
    let outcome = drafts.outcome(key);
    let values: Vec<(&'static FormField, RwSignal<String>)> = form
        .fields
        .iter()
        .map(|field| {
            (
                field,
                drafts.field(
                    &format!("{key}.{}", field.name),
                    start
                        .iter()
                        .find(|(name, _)| name == field.name)
                        .map_or_else(|| initial(field), |(_, text)| text.clone()),
                ),
            )
        })
        .collect();
    let local_problems = RwSignal::new(Vec::<Problem>::new());
    let failed =
        move || !local_problems.get().is_empty() || matches!(outcome.get(), Outcome::Failed(_));
    let inputs = values
        .iter()
        .filter(|(field, _)| !matches!(field.input, Input::NewId))
        .map(|(field, value)| {
            let field: &'static FormField = field;
            let value = *value;
            let id = format!("{key}-{}", field.name);
            let error_id = format!("{id}-error");
            let message = move || {
                let lang = desk.lang.get();
                let local: Vec<String> = local_problems
                    .get()
                    .iter()
                    .filter(|p| p.field == field.name)
                    .map(|p| lang.pick(&p.da, &p.en).to_string())
                    .collect();
                if local.is_empty() {
                    messages_for(&outcome.get(), field.name, lang)
                } else {
                    local
                }
            };
            let has_error = move || !message().is_empty();
            let label = move || desk.tr(field.label.0, field.label.1);
            let control = match field.input {
                Input::Text => view! { <input class="input" id=id.clone() type="text" bind:value=value/> }.into_any(),
                Input::Area => view! { <textarea class="textarea" id=id.clone() rows="3" bind:value=value></textarea> }.into_any(),
                Input::When | Input::Occurred => view! { <input class="input input--datetime" id=id.clone() type="datetime-local" bind:value=value/> }.into_any(),
                Input::Date => view! { <input class="input input--datetime" id=id.clone() type="date" bind:value=value/> }.into_any(),
                Input::Count | Input::Estimate => view! { <input class="input input--number" id=id.clone() type="text" inputmode="numeric" bind:value=value/> }.into_any(),
                // Not asked: made by the desk (`initial`), never drawn.
                Input::NewId => ().into_any(),
                Input::Check => view! {
                    <div class="checkboxes__item">
                        <input class="checkboxes__input" id=id.clone() type="checkbox"
                            prop:checked=move || value.get() == "true"
                            on:change=move |ev| value.set(event_target_checked(&ev).to_string())/>
                        <label class="label checkboxes__label" for=id.clone()>{label}</label>
                    </div>
                }
                .into_any(),
                Input::Several(options) => {
                    let group = id.clone();
                    view! {
                    <div class="checkboxes" id=id.clone()>
                        {move || options(desk.lang.get()).into_iter().map(|(wire, text)| {
                            let box_id = format!("{group}-{wire}");
                            let ticked = wire.to_string();
                            let toggled = wire.to_string();
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" id=box_id.clone() type="checkbox"
                                        prop:checked=move || value.get().split(',').any(|w| w == ticked)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            value.update(|list| {
                                                let mut items: Vec<String> = list
                                                    .split(',')
                                                    .filter(|w| !w.is_empty() && *w != toggled)
                                                    .map(str::to_string)
                                                    .collect();
                                                if on {
                                                    items.push(toggled.clone());
                                                }
                                                *list = items.join(",");
                                            });
                                        }/>
                                    <label class="label checkboxes__label" for=box_id>{text}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    }
                    .into_any()
                }
                Input::Choice(_) | Input::YesNo => {
                    let options = match field.input {
                        Input::Choice(options) => options,
                        _ => yes_no,
                    };
                    view! {
                    <select class="select" id=id.clone() prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="">{move || desk.tr("Vælg", "Choose")}</option>
                        {move || options(desk.lang.get()).into_iter().map(|(wire, text)| view! { <option value=wire>{text}</option> }).collect_view()}
                    </select>
                    }
                    .into_any()
                }
            };
            let is_check = matches!(field.input, Input::Check);
            view! {
                <div class="form-group" class:form-group--error=has_error>
                    {(!is_check).then(|| view! { <label class="label" for=id.clone()>{label}</label> })}
                    {move || has_error().then(|| view! { <p class="error-message" id=error_id.clone()>{message().join(" ")}</p> })}
                    {control}
                </div>
            }
        })
        .collect_view();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = |name: &str| {
            values
                .iter()
                .find(|(field, _)| field.name == name)
                .map(|(_, value)| value.get_untracked())
                .unwrap_or_default()
        };
        match form.event(key, &typed) {
            Err(problems) => local_problems.set(problems),
            Ok(entry) => {
                local_problems.set(Vec::new());
                let cleared = values.clone();
                recorder.record(entry, outcome, move || {
                    for (field, value) in &cleared {
                        value.set(initial(field));
                    }
                });
            }
        }
    };
    view! {
        <li class="task-list__item">
            <details class="task-list__details" prop:open=failed>
                <summary class="task-list__summary">{move || desk.tr(form.title.0, form.title.1)}</summary>
                <form class="task-list__form" id=format!("action-{key}") on:submit=submit>
                    {move || {
                        let names: Vec<&str> = form.fields.iter().map(|f| f.name).collect();
                        let general = form_messages(&outcome.get(), &names, desk.lang.get());
                        (!general.is_empty()).then(|| view! { <p class="error-message" role="alert">{general.join(" ")}</p> })
                    }}
                    {inputs}
                    <button class="button" type="submit" disabled=move || outcome.get() == Outcome::Sending>
                        {move || desk.tr("Gem", "Save")}
                    </button>
                </form>
            </details>
        </li>
    }
}
