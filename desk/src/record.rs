//! Recording entries on a case, and what is being typed meanwhile: the
//! bottom of the case page's modules, used by the page and by the forms
//! of [`crate::actions`].
//!
//! Every entry is one event posted with the sequence the page was showing
//! (`expected_sequence`): when someone else changed the case first, the
//! Worker answers 409, the case is loaded again and the form says so, and
//! what the person typed stays in the field to send again.

use brud_shared::{Language, Problem, ProblemCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;

use crate::api::{self, DeskError};
use crate::state::error_text;

/// What the last entry came to, for the message by its form.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Idle,
    Sending,
    Failed(DeskError),
}

/// A case ticked in the register, for an entry recorded on several.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    /// Its desk API address.
    pub path: String,
    /// Its reference, to name it in a message.
    pub reference: String,
    /// The sequence the register showed (the entry expects it).
    pub sequence: u32,
}

/// Shared by the page's forms: posts one event on the case shown, and
/// loads the case again after it (or after a 409). In the register it
/// posts the same event on each case ticked instead.
#[derive(Clone, Copy)]
pub struct Recorder {
    path: StoredValue<String>,
    sequence: RwSignal<u32>,
    version: RwSignal<u32>,
    selection: Option<RwSignal<Vec<Selected>>>,
}

impl Recorder {
    /// A recorder for the case at `path` (its desk API address).
    pub fn new(path: String) -> Recorder {
        Recorder {
            path: StoredValue::new(path),
            sequence: RwSignal::new(0),
            version: RwSignal::new(0),
            selection: None,
        }
    }

    /// A recorder for the cases in `selection`: each entry is posted on
    /// every one, one after the other; those recorded leave the selection,
    /// and each refusal is named by the case's reference.
    pub fn for_selection(selection: RwSignal<Vec<Selected>>) -> Recorder {
        Recorder {
            selection: Some(selection),
            ..Recorder::new(String::new())
        }
    }

    /// How many times the case should have been loaded again: read it to
    /// load the case after each entry (and after a stale one).
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    /// Loads the case again (something was recorded on it by other means,
    /// e.g. a file added).
    pub fn reload(&self) {
        self.version.update(|v| *v += 1);
    }

    /// The sequence of the case as the page shows it: every entry is
    /// posted expecting it.
    pub fn showing(&self, sequence: u32) {
        self.sequence.set(sequence);
    }

    /// Records `entry` (an event kind, or an entry as a form of
    /// [`crate::actions`] made it); `outcome` follows it; `done` runs after
    /// success.
    pub(crate) fn record<T: Serialize + Clone + 'static>(
        &self,
        entry: T,
        outcome: RwSignal<Outcome>,
        done: impl Fn() + 'static,
    ) {
        let this = *self;
        outcome.set(Outcome::Sending);
        if let Some(selection) = this.selection {
            spawn_local(async move {
                let problems = record_on_each(selection, entry).await;
                this.version.update(|v| *v += 1);
                if problems.is_empty() {
                    outcome.set(Outcome::Idle);
                    done();
                } else {
                    outcome.set(Outcome::Failed(DeskError::Refused(problems)));
                }
            });
            return;
        }
        let body = NewEvent {
            client_event_id: api::new_id(),
            expected_sequence: this.sequence.get_untracked(),
            entry,
        };
        spawn_local(async move {
            let path = format!("{}/events", this.path.get_value());
            match api::post_only(&path, &body).await {
                Ok(_) => {
                    outcome.set(Outcome::Idle);
                    done();
                    this.version.update(|v| *v += 1);
                }
                Err(error) => {
                    if error == DeskError::Stale {
                        this.version.update(|v| *v += 1);
                    }
                    outcome.set(Outcome::Failed(error));
                }
            }
        });
    }
}

/// An entry of a kind the page records without a form of its own (a step
/// done, a note, a measure done): its data beside its kind, as the event's
/// JSON has it. (Serialising [`brud_case::EventKind`] whole would bring
/// every kind's serialiser into the desk's download.)
#[derive(Clone, Serialize)]
pub(crate) struct Kinded<T> {
    kind: &'static str,
    #[serde(flatten)]
    entry: T,
}

impl<T> Kinded<T> {
    /// `entry` of kind `tag`.
    pub(crate) fn new(tag: brud_case::EventTag, entry: T) -> Kinded<T> {
        Kinded {
            kind: tag.name(),
            entry,
        }
    }
}

/// The body of a POST of `entry` expecting the case at
/// `expected_sequence`, with an id of its own so a retried POST is
/// recorded once (the API's `NewEvent`).
#[derive(Serialize)]
struct NewEvent<T> {
    client_event_id: String,
    expected_sequence: u32,
    #[serde(flatten)]
    entry: T,
}

/// Records `entry` on each case of `selection`; the cases refused stay
/// selected. The problems: those of the entry's own fields once (the same
/// for every case), the others named by the case's reference.
async fn record_on_each<T: Serialize + Clone>(
    selection: RwSignal<Vec<Selected>>,
    entry: T,
) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut refused = Vec::new();
    for case in selection.get_untracked() {
        let body = NewEvent {
            client_event_id: api::new_id(),
            expected_sequence: case.sequence,
            entry: entry.clone(),
        };
        let path = format!("{}/events", case.path);
        let named = |da: &str, en: &str| {
            Problem::new(
                "",
                ProblemCode::NotAllowed,
                format!("{}: {da}", case.reference),
                format!("{}: {en}", case.reference),
            )
        };
        let failed: Vec<Problem> = match api::post_only(&path, &body).await {
            Ok(_) => continue,
            Err(DeskError::Refused(found)) => found
                .into_iter()
                .map(|p| match p.field.as_str() {
                    "kind" | "" | "sequence" => named(&p.da, &p.en),
                    _ => p,
                })
                .collect(),
            Err(error) => vec![named(
                error_text(&error, Language::Da),
                error_text(&error, Language::En),
            )],
        };
        for problem in failed {
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
        refused.push(case);
    }
    selection.set(refused);
    problems
}

/// What the person is typing in the page's forms, and how each form's
/// last entry went: owned by the page, not by the case's view, so a
/// reload of the case (after an entry, or someone else's) keeps both.
#[derive(Clone, Copy)]
pub struct Drafts {
    owner: StoredValue<Owner>,
    fields: StoredValue<std::collections::HashMap<String, RwSignal<String>>>,
    outcomes: StoredValue<std::collections::HashMap<String, RwSignal<Outcome>>>,
}

impl Drafts {
    /// Nothing typed yet.
    pub(crate) fn new() -> Drafts {
        Drafts {
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            fields: StoredValue::new(Default::default()),
            outcomes: StoredValue::new(Default::default()),
        }
    }

    /// The value being typed in field `key`, `initial` the first time.
    pub(crate) fn field(&self, key: &str, initial: String) -> RwSignal<String> {
        if let Some(found) = self.fields.with_value(|f| f.get(key).copied()) {
            return found;
        }
        let made = self
            .owner
            .with_value(|owner| owner.with(|| RwSignal::new(initial)));
        self.fields.update_value(|f| {
            f.insert(key.to_string(), made);
        });
        made
    }

    /// How the last entry of form `key` went.
    pub(crate) fn outcome(&self, key: &str) -> RwSignal<Outcome> {
        if let Some(found) = self.outcomes.with_value(|o| o.get(key).copied()) {
            return found;
        }
        let made = self
            .owner
            .with_value(|owner| owner.with(|| RwSignal::new(Outcome::Idle)));
        self.outcomes.update_value(|o| {
            o.insert(key.to_string(), made);
        });
        made
    }
}

/// The messages of a refused entry about `field`.
pub(crate) fn messages_for(outcome: &Outcome, field: &str, lang: Language) -> Vec<String> {
    match outcome {
        Outcome::Failed(DeskError::Refused(problems)) => problems
            .iter()
            .filter(|p| p.field == field)
            .map(|p| lang.pick(&p.da, &p.en).to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The messages of a failed entry that belong to no field of the form:
/// the case's state refusing it, or no answer at all.
pub(crate) fn form_messages(outcome: &Outcome, fields: &[&str], lang: Language) -> Vec<String> {
    match outcome {
        Outcome::Failed(DeskError::Refused(problems)) => problems
            .iter()
            .filter(|p| !fields.contains(&p.field.as_str()))
            .map(|p| lang.pick(&p.da, &p.en).to_string())
            .collect(),
        Outcome::Failed(error) => vec![error_text(error, lang).to_string()],
        _ => Vec::new(),
    }
}
