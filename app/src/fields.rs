//! Form fields bound to the report. Each shows its label, hint, the error
//! from the last Continue and any personal-data warning, and writes through
//! the store. Optional fields say "(valgfrit)"; nothing has an asterisk.

use brud_shared::model::{Count, CountPrecision};
use brud_shared::time::{
    from_copenhagen_local, parse_datetime_local, to_datetime_local, Timestamp,
};
use brud_shared::{Labelled, Report};
use leptos::prelude::*;

use crate::store::use_store;

/// The element id of a field: its JSON path with `.` as `-`.
pub fn field_id(field: &str) -> String {
    field.replace(['.', '['], "-").replace(']', "")
}

/// A Danish/English pair.
pub type Pair = (&'static str, &'static str);

/// The error shown for `field` since the last Continue, in the current language.
fn error_for(field: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let store = use_store();
    move || {
        let lang = store.lang.get();
        store.shown_errors.with(|errors| {
            errors
                .iter()
                .find(|p| p.field == field)
                .map(|p| lang.pick(&p.da, &p.en).to_string())
        })
    }
}

/// Personal-data warnings for `field`, live.
fn warnings_for(field: &'static str) -> impl Fn() -> Vec<String> + Copy + Send + Sync {
    let store = use_store();
    move || {
        let lang = store.lang.get();
        store.validation.with(|v| {
            v.warnings
                .iter()
                .filter(|p| p.field == field)
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
    field: &'static str,
    /// A hint, if any.
    hint: Option<Pair>,
) -> impl IntoView {
    let lang = use_store().lang;
    let error = error_for(field);
    let warnings = warnings_for(field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        {hint.map(|(da, en)| view! { <p class="hint" id=hint_id.clone()>{move || lang.get().pick(da, en)}</p> })}
        {move || error().map(|message| view! {
            <p class="error-message" id=error_id.clone()>
                <span class="visually-hidden">{move || lang.get().pick("Fejl:", "Error:")}" "</span>{message}
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
    field: &'static str,
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
    let store = use_store();
    let id = field_id(field);
    let error = error_for(field);
    let value = move || store.report.with(|r| get(r).unwrap_or_default());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        store.edit(|r| set(r, if text.is_empty() { None } else { Some(text) }));
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

/// One choice among an enum's values, as radios in a fieldset.
#[component]
pub fn Radios<T>(
    /// JSON path.
    field: &'static str,
    /// The question.
    legend: Pair,
    /// A hint.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Reads the answer.
    get: fn(&Report) -> Option<T>,
    /// Writes the answer.
    set: fn(&mut Report, T),
) -> impl IntoView
where
    T: Labelled + PartialEq + Send + Sync,
{
    let store = use_store();
    let id = field_id(field);
    let error = error_for(field);
    let options = T::ALL
        .iter()
        .enumerate()
        .map(|(index, &option)| {
            let option_id = if index == 0 { id.clone() } else { format!("{id}-{index}") };
            let checked = move || store.report.with(|r| get(r) == Some(option));
            view! {
                <div class="radios__item">
                    <input class="radios__input" type="radio" id=option_id.clone() name=id.clone()
                        prop:checked=checked on:change=move |_| store.edit(|r| set(r, option)) />
                    <label class="radios__label" for=option_id>{move || option.label(store.lang.get())}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <fieldset class="fieldset" aria-describedby=described_by(&id, hint.is_some())>
                <legend class="fieldset__legend">{move || store.lang.get().pick(legend.0, legend.1)}</legend>
                <Messages id=id.clone() field=field hint=hint />
                <div class="radios">{options}</div>
            </fieldset>
        </div>
    }
}

/// Any number of an enum's values, as checkboxes.
#[component]
pub fn Checkboxes<T>(
    /// JSON path.
    field: &'static str,
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
    let store = use_store();
    let id = field_id(field);
    let error = error_for(field);
    let options = T::ALL
        .iter()
        .enumerate()
        .map(|(index, &option)| {
            let option_id = if index == 0 { id.clone() } else { format!("{id}-{index}") };
            let checked = move || store.report.with(|r| get(r).contains(&option));
            let toggle = move |_| {
                store.edit(|r| {
                    let list = get_mut(r);
                    if let Some(at) = list.iter().position(|v| *v == option) {
                        list.remove(at);
                    } else {
                        list.push(option);
                    }
                })
            };
            view! {
                <div class="checkboxes__item">
                    <input class="checkboxes__input" type="checkbox" id=option_id.clone() name=id.clone()
                        prop:checked=checked on:change=toggle />
                    <label class="checkboxes__label" for=option_id>{move || option.label(store.lang.get())}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <fieldset class="fieldset" aria-describedby=described_by(&id, hint.is_some())>
                <legend class="fieldset__legend">{label_text(legend, optional)}</legend>
                <Messages id=id.clone() field=field hint=hint />
                <div class="checkboxes">{options}</div>
            </fieldset>
        </div>
    }
}

/// A yes/no question.
#[component]
pub fn YesNo(
    /// JSON path.
    field: &'static str,
    /// The question.
    legend: Pair,
    /// A hint.
    #[prop(optional)]
    hint: Option<Pair>,
    /// Reads the answer.
    get: fn(&Report) -> Option<bool>,
    /// Writes the answer.
    set: fn(&mut Report, Option<bool>),
) -> impl IntoView {
    let store = use_store();
    let id = field_id(field);
    let error = error_for(field);
    let option = move |value: bool, option_id: String, da: &'static str, en: &'static str| {
        let checked = move || store.report.with(|r| get(r) == Some(value));
        view! {
            <div class="radios__item">
                <input class="radios__input" type="radio" id=option_id.clone() name=field_id(field)
                    prop:checked=checked on:change=move |_| store.edit(|r| set(r, Some(value))) />
                <label class="radios__label" for=option_id>{move || store.lang.get().pick(da, en)}</label>
            </div>
        }
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <fieldset class="fieldset" aria-describedby=described_by(&id, hint.is_some())>
                <legend class="fieldset__legend">{move || store.lang.get().pick(legend.0, legend.1)}</legend>
                <Messages id=id.clone() field=field hint=hint />
                <div class="radios radios--inline">
                    {option(true, id.clone(), "Ja", "Yes")}
                    {option(false, format!("{id}-no"), "Nej", "No")}
                </div>
            </fieldset>
        </div>
    }
}

/// A date and time, entered as Copenhagen wall-clock time with the
/// phone's own date-time picker.
#[component]
pub fn DateTimeField(
    /// JSON path.
    field: &'static str,
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
    let store = use_store();
    let id = field_id(field);
    let error = error_for(field);
    let value = move || {
        store.report.with(|r| {
            get(r)
                .map(|at| to_datetime_local(at.utc()))
                .unwrap_or_default()
        })
    };
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let at = parse_datetime_local(&text).and_then(from_copenhagen_local);
        store.edit(|r| set(r, at));
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <label class="label" for=id.clone()>{move || store.lang.get().pick(label.0, label.1)}</label>
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
    field: &'static str,
    /// JSON path of its value (`…value`).
    value_field: &'static str,
    /// The question.
    legend: Pair,
    /// Reads the count.
    get: fn(&Report) -> Option<Count>,
    /// Writes the count.
    set: fn(&mut Report, Option<Count>),
) -> impl IntoView {
    let store = use_store();
    let precision_field: &'static str = field;
    let value_id = field_id(value_field);
    let value_error = error_for(value_field);
    let precision = move || store.report.with(|r| get(r).map(|c| c.precision));
    let known = move || {
        matches!(
            precision(),
            Some(CountPrecision::Exact | CountPrecision::Approximate)
        )
    };
    let value = move || {
        store.report.with(|r| {
            get(r)
                .and_then(|c| c.value)
                .map(|v| v.to_string())
                .unwrap_or_default()
        })
    };
    let on_value = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        store.edit(|r| {
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
                        on:change=move |_| store.edit(|r| {
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
                <legend class="fieldset__legend">{move || store.lang.get().pick(legend.0, legend.1)}</legend>
                <Messages id=field_id(precision_field) field=precision_field hint=None />
                <div class="radios radios--inline">{choices}</div>
                <Show when=known>
                    <div class="form-group form-group--nested" class:form-group--error=move || value_error().is_some()>
                        <label class="label" for=value_id.clone()>{move || store.lang.get().pick("Antal", "Number")}</label>
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
