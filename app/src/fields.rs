//! Form fields bound to the report. Each shows its label, hint, the error
//! from the last Continue and any personal-data warning, and writes through
//! the store. Optional fields say "(valgfrit)"; nothing has an asterisk.

use brud_shared::model::{Count, CountPrecision};
use brud_shared::problem::list_field;
use brud_shared::time::{
    from_copenhagen_local, parse_datetime_local, to_datetime_local, Timestamp,
};
use brud_shared::{FieldPath, Labelled, Report};
use std::sync::Arc;

use leptos::prelude::*;

use crate::store::{tr, use_store, Stage};

/// The element id of a field: its JSON path with `.` as `-`.
pub fn field_id(field: &str) -> String {
    field.replace(['.', '['], "-").replace(']', "")
}

/// The question in the form that answers a problem at `path`: a list
/// item's problem belongs to its list, and a problem with a whole group
/// (`data.subject_count` is missing) to the group's first question, which
/// shows it and is where the error summary links. Every path the domain can
/// name (`brud_shared::FieldPath`) resolves to a question in
/// the form or is one of [`FILLED_IN_BY_THE_FORM`]; `tests/components.rs`
/// checks that against the mounted steps.
pub fn question_for(path: &str) -> &str {
    match list_field(path) {
        "timeline.occurred" => "timeline.occurred.precision",
        "data.subject_count" => "data.subject_count.precision",
        "data.record_count" => "data.record_count.precision",
        field => field,
    }
}

/// Paths the domain can name that no question in the form answers: the
/// form writes the envelope itself, and the risk override and the
/// exception from telling the people affected are the DPO's decisions,
/// made after the report is sent. A problem with one of them cannot come
/// from what a person typed here (its summary link leads nowhere, which
/// costs less download than a second kind of summary entry).
pub const FILLED_IN_BY_THE_FORM: &[&str] = &[
    "version",
    "id",
    "org",
    "override",
    "subject_notice_exception",
];

/// A Danish/English pair.
pub type Pair = (&'static str, &'static str);

/// The error shown for `field` since the last Continue, in the current language.
fn error_for(field: FieldPath) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let store = use_store();
    move || {
        let lang = store.lang.get();
        store.shown_errors.with(|errors| {
            errors
                .iter()
                .find(|p| question_for(&p.field) == field.as_str())
                .map(|p| lang.pick(&p.da, &p.en).to_string())
        })
    }
}

/// Personal-data warnings for `field`, live.
fn warnings_for(field: FieldPath) -> impl Fn() -> Vec<String> + Copy + Send + Sync {
    let store = use_store();
    move || {
        let lang = store.lang.get();
        // Not before the first render's last stage (`Stage::ASIDE`), so
        // that the first screen is drawn without validating the report.
        if store.stage.get() < Stage::ASIDE {
            return Vec::new();
        }
        store.validation.with(|v| {
            v.warnings
                .iter()
                .filter(|p| p.field == field.as_str())
                .map(|p| lang.pick(&p.da, &p.en).to_string())
                .collect()
        })
    }
}

/// Label text with "(valgfrit)" / "(optional)" when optional.
fn label_text(label: Pair, optional: bool) -> impl Fn() -> String + Send + Sync {
    let lang = use_store().lang;
    move || {
        let lang = lang.get();
        if optional {
            format!(
                "{} {}",
                lang.pick(label.0, label.1),
                lang.pick("(valgfrit)", "(optional)")
            )
        } else {
            lang.pick(label.0, label.1).to_string()
        }
    }
}

/// Hint, error and warnings under a label.
#[component]
fn Messages(
    /// The field's element id.
    id: String,
    /// The JSON path.
    field: FieldPath,
    /// A hint, if any.
    hint: Option<Pair>,
) -> impl IntoView {
    let error_prefix = tr("Fejl:", "Error:");
    let error = error_for(field);
    let warnings = warnings_for(field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        {hint.map(|(da, en)| view! { <p class="hint" id=hint_id.clone()>{tr(da, en)}</p> })}
        {move || error().map(|message| view! {
            <p class="error-message" id=error_id.clone()>
                <span class="visually-hidden">{error_prefix}" "</span>{message}
            </p>
        })}
        {move || warnings().into_iter().map(|message| view! { <p class="warning-message">{message}</p> }).collect_view()}
    }
}

fn described_by(id: &str, hint: bool) -> String {
    let mut ids = vec![format!("{id}-error")];
    if hint {
        ids.push(format!("{id}-hint"));
    }
    ids.join(" ")
}

/// A one-line or multi-line text answer.
#[component]
pub fn TextField(
    /// JSON path, e.g. `nature.description`.
    field: FieldPath,
    /// The label.
    label: Pair,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Say "(valgfrit)".
    #[prop(optional)]
    optional: bool,
    /// A textarea instead of an input.
    #[prop(optional)]
    multiline: bool,
    /// `type` of the input (default `text`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// `inputmode` for phone keyboards.
    #[prop(default = "text")]
    inputmode: &'static str,
    /// `autocomplete` token.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Reads the answer.
    get: fn(&Report) -> Option<String>,
    /// Writes the answer (`None` when emptied).
    set: fn(&mut Report, Option<String>),
) -> impl IntoView {
    let answer = use_store().answer(field);
    let id = field_id(field.as_str());
    let error = error_for(field);
    let value = move || answer.read(|r| get(r).unwrap_or_default());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        answer.write(|r| set(r, if text.is_empty() { None } else { Some(text) }));
    };
    let describedby = described_by(&id, hint.is_some());
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=id.clone() rows="5" aria-describedby=describedby.clone()
                class="textarea" class:input--error=move || error().is_some()
                prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=id.clone() type=input_type inputmode=inputmode autocomplete=autocomplete
                aria-describedby=describedby.clone() class="input" class:input--error=move || error().is_some()
                prop:value=value on:input=on_input />
        }
        .into_any()
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <label class="label" for=id.clone()>{label_text(label, optional)}</label>
            <Messages id=id.clone() field=field hint=hint />
            {input}
        </div>
    }
}

/// Reads whether option `index` is chosen in the report.
type IsChosen = Arc<dyn Fn(&Report, usize) -> bool + Send + Sync>;
/// Chooses (or, for checkboxes, toggles) option `index` in the report.
type Choose = Arc<dyn Fn(&mut Report, usize) + Send + Sync>;

/// Radios or checkboxes in a fieldset: the one view behind [`Radios`],
/// [`Checkboxes`] and [`YesNo`]. It is not generic, so the view code exists
/// once in the download instead of once per enum; the typed components only
/// map their values to option indexes.
#[component]
fn ChoiceGroup(
    /// JSON path.
    field: FieldPath,
    /// The question.
    legend: Pair,
    /// A hint.
    hint: Option<Pair>,
    /// Say "(valgfrit)".
    optional: bool,
    /// Checkboxes (any number) instead of radios (one).
    multiple: bool,
    /// Options side by side (yes/no) instead of stacked.
    inline: bool,
    /// Each option's element-id suffix (the first option takes the field's
    /// own id, so the error summary links to it) and label.
    options: Vec<(String, Pair)>,
    /// Whether an option is chosen.
    is_chosen: IsChosen,
    /// Chooses an option.
    choose: Choose,
) -> impl IntoView {
    let answer = use_store().answer(field);
    let id = field_id(field.as_str());
    let error = error_for(field);
    let (kind, input_type) = if multiple {
        ("checkboxes", "checkbox")
    } else {
        ("radios", "radio")
    };
    let items = options
        .into_iter()
        .enumerate()
        .map(|(index, (suffix, (da, en)))| {
            let option_id = if index == 0 { id.clone() } else { format!("{id}-{suffix}") };
            let is_chosen = is_chosen.clone();
            let choose = choose.clone();
            view! {
                <div class=format!("{kind}__item")>
                    <input class=format!("{kind}__input") type=input_type id=option_id.clone() name=id.clone()
                        prop:checked=move || answer.read(|r| is_chosen(r, index))
                        on:change=move |_| answer.write(|r| choose(r, index)) />
                    <label class=format!("{kind}__label") for=option_id>{tr(da, en)}</label>
                </div>
            }
        })
        .collect_view();
    let list_class = if inline {
        format!("{kind} {kind}--inline")
    } else {
        kind.to_string()
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <fieldset class="fieldset" aria-describedby=described_by(&id, hint.is_some())>
                <legend class="fieldset__legend">{label_text(legend, optional)}</legend>
                <Messages id=id.clone() field=field hint=hint />
                <div class=list_class>{items}</div>
            </fieldset>
        </div>
    }
}

/// The options of an enum, ids by position.
fn enum_options<T: Labelled>() -> Vec<(String, Pair)> {
    T::ALL
        .iter()
        .enumerate()
        .map(|(index, value)| (index.to_string(), (value.da(), value.en())))
        .collect()
}

/// One choice among an enum's values, as radios in a fieldset.
#[component]
pub fn Radios<T>(
    /// JSON path.
    field: FieldPath,
    /// The question.
    legend: Pair,
    /// A hint.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Say "(valgfrit)": the report is complete without an answer.
    #[prop(optional)]
    optional: bool,
    /// Reads the answer.
    get: fn(&Report) -> Option<T>,
    /// Writes the answer.
    set: fn(&mut Report, T),
) -> impl IntoView
where
    T: Labelled + PartialEq + Send + Sync,
{
    view! {
        <ChoiceGroup field=field legend=legend hint=hint optional=optional multiple=false inline=false
            options={enum_options::<T>()}
            is_chosen={Arc::new(move |r: &Report, index: usize| get(r) == Some(T::ALL[index]))}
            choose={Arc::new(move |r: &mut Report, index: usize| set(r, T::ALL[index]))} />
    }
}

/// Any number of an enum's values, as checkboxes.
#[component]
pub fn Checkboxes<T>(
    /// JSON path.
    field: FieldPath,
    /// The question.
    legend: Pair,
    /// A hint.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Say "(valgfrit)".
    #[prop(optional)]
    optional: bool,
    /// Reads the answers.
    get: fn(&Report) -> &Vec<T>,
    /// Gives the list to change.
    get_mut: fn(&mut Report) -> &mut Vec<T>,
) -> impl IntoView
where
    T: Labelled + PartialEq + Send + Sync,
{
    let toggle = move |r: &mut Report, index: usize| {
        let option = T::ALL[index];
        let list = get_mut(r);
        if let Some(at) = list.iter().position(|v| *v == option) {
            list.remove(at);
        } else {
            list.push(option);
        }
    };
    view! {
        <ChoiceGroup field=field legend=legend hint=hint optional=optional multiple=true inline=false
            options={enum_options::<T>()}
            is_chosen={Arc::new(move |r: &Report, index: usize| get(r).contains(&T::ALL[index]))}
            choose={Arc::new(toggle)} />
    }
}

/// A yes/no question.
#[component]
pub fn YesNo(
    /// JSON path.
    field: FieldPath,
    /// The question.
    legend: Pair,
    /// A hint.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Say "(valgfrit)": the report is complete without an answer.
    #[prop(optional)]
    optional: bool,
    /// Reads the answer.
    get: fn(&Report) -> Option<bool>,
    /// Writes the answer.
    set: fn(&mut Report, Option<bool>),
) -> impl IntoView {
    // Option 0 is yes, option 1 is no (id suffix "-no").
    view! {
        <ChoiceGroup field=field legend=legend hint=hint optional=optional multiple=false inline=true
            options={vec![("yes".to_string(), ("Ja", "Yes")), ("no".to_string(), ("Nej", "No"))]}
            is_chosen={Arc::new(move |r: &Report, index: usize| get(r) == Some(index == 0))}
            choose={Arc::new(move |r: &mut Report, index: usize| set(r, Some(index == 0)))} />
    }
}

/// A date and time, entered as Copenhagen wall-clock time with the
/// phone's own date-time picker.
#[component]
pub fn DateTimeField(
    /// JSON path.
    field: FieldPath,
    /// The label.
    label: Pair,
    /// A hint.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Reads the answer.
    get: fn(&Report) -> Option<Timestamp>,
    /// Writes the answer.
    set: fn(&mut Report, Option<Timestamp>),
) -> impl IntoView {
    let answer = use_store().answer(field);
    let id = field_id(field.as_str());
    let error = error_for(field);
    let value = move || {
        answer.read(|r| {
            get(r)
                .map(|at| to_datetime_local(at.utc()))
                .unwrap_or_default()
        })
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let at = parse_datetime_local(&text).and_then(from_copenhagen_local);
        answer.write(|r| set(r, at));
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <label class="label" for=id.clone()>{tr(label.0, label.1)}</label>
            <Messages id=id.clone() field=field hint=hint />
            <input id=id.clone() name=id.clone() type="datetime-local" class="input input--datetime"
                class:input--error=move || error().is_some() aria-describedby=described_by(&id, hint.is_some())
                prop:value=value on:input=on_input />
        </div>
    }
}

/// A number that may be exact, approximate or unknown.
#[component]
pub fn CountField(
    /// JSON path of the count, e.g. `data.subject_count`.
    field: FieldPath,
    /// JSON path of its value (`…value`).
    value_field: FieldPath,
    /// The question.
    legend: Pair,
    /// Reads the count.
    get: fn(&Report) -> Option<Count>,
    /// Writes the count.
    set: fn(&mut Report, Option<Count>),
) -> impl IntoView {
    let store = use_store();
    // The precision and the number are one answer: choosing "unknown"
    // clears the number.
    let answer = store.answer(field);
    let precision_field = field.as_str();
    let value_id = field_id(value_field.as_str());
    let value_error = error_for(value_field);
    let precision = move || answer.read(|r| get(r).map(|c| c.precision));
    let known = move || {
        matches!(
            precision(),
            Some(CountPrecision::Exact | CountPrecision::Approximate)
        )
    };
    let value = move || {
        answer.read(|r| {
            get(r)
                .and_then(|c| c.value)
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
    };
    let on_value = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        answer.write(|r| {
            if let Some(mut count) = get(r) {
                count.value = text.trim().parse().ok();
                set(r, Some(count));
            }
        });
    };
    let choices = CountPrecision::ALL
        .iter()
        .enumerate()
        .map(|(index, &choice)| {
            let option_id = if index == 0 { field_id(precision_field) } else { format!("{}-{index}", field_id(precision_field)) };
            view! {
                <div class="radios__item">
                    <input class="radios__input" type="radio" id=option_id.clone() name=field_id(precision_field)
                        prop:checked=move || precision() == Some(choice)
                        on:change=move |_| answer.write(|r| {
                            let old = get(r).and_then(|c| c.value);
                            let value = if choice == CountPrecision::Unknown { None } else { old };
                            set(r, Some(Count { precision: choice, value }));
                        }) />
                    <label class="radios__label" for=option_id>{move || choice.label(store.lang.get())}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form-group">
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{tr(legend.0, legend.1)}</legend>
                <Messages id=field_id(precision_field) field=field hint=None />
                <div class="radios radios--inline">{choices}</div>
                <Show when=known>
                    <div class="form-group form-group--nested" class:form-group--error=move || value_error().is_some()>
                        <label class="label" for=value_id.clone()>{tr("Antal", "Number")}</label>
                        <Messages id=value_id.clone() field=value_field hint=None />
                        <input id=value_id.clone() name=value_id.clone() class="input input--number" type="text"
                            inputmode="numeric" autocomplete="off" aria-describedby=format!("{}-error", value_id)
                            class:input--error=move || value_error().is_some() prop:value=value on:input=on_value />
                    </div>
                </Show>
            </fieldset>
        </div>
    }
}

/// Content drawn only once the first render has reached `stage` (see
/// [`FormStore::stage`]); at once after start-up.
#[component]
pub fn Later(
    /// The stage this content belongs to.
    stage: u8,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    let drawn = use_store().stage;
    let reached = move || drawn.get() >= stage;
    view! { <Show when=reached>{children()}</Show> }
}
