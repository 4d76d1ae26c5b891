//! The entries a case takes besides the procedure's steps and notes: the
//! obligations (Datatilsynet notified or the decision not to, a follow-up,
//! the people affected told or the exception, the controller told), the
//! incident contained, the case handler, the DPO's opinion and risk
//! override, prevention measures, closing and reopening.
//!
//! Each is a small form (GOV.UK: a label, a hint, the error by the field)
//! folded in a `<details>` so a phone shows the list first. The form only
//! turns what was typed into the event's fields (a Copenhagen wall-clock
//! time into UTC, a count into a number); whether the entry is allowed and
//! complete is the domain's, answered by the Worker with problems that are
//! shown by the fields they name. What was typed stays until it is
//! recorded.

use brud_case::desk::{CaseDetail, TimelineEvent};
use brud_case::{Corrections, DismissalReason, EventKind, EventTag};
use brud_shared::model::{
    Consequence, Count, DataCategory, Exfiltration, NoticeException, RiskLevel,
};
use brud_shared::time::{from_copenhagen_local, parse_datetime_local, to_datetime_local};
use brud_shared::wire::from_wire_name;
use brud_shared::{Labelled, Language, Problem, ProblemCode, WireName};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;

use crate::record::{form_messages, messages_for, Drafts, Outcome, Recorder};
use crate::state::use_desk;

/// How a field is asked.
#[derive(Clone, Copy)]
enum Input {
    /// One line of text.
    Text,
    /// Several lines.
    Area,
    /// A Copenhagen date and time (`datetime-local`), now by default.
    When,
    /// A date.
    Date,
    /// A whole number.
    Count,
    /// Yes or no.
    Check,
    /// One of a list: (wire value, label) in a language.
    Choice(fn(Language) -> Vec<(String, &'static str)>),
    /// Any of a list (checkboxes), kept as the wire values joined by `,`.
    Several(fn(Language) -> Vec<(String, &'static str)>),
}

/// One field of an entry's form: a constant named after its entry and
/// field (`NOTIFIED_LATE_REASON`), which the entry's `build` reads the
/// value by ([`Values`]), so a name is written once.
struct Field {
    /// The event's field it fills (and the problems' `field`).
    name: &'static str,
    da: &'static str,
    en: &'static str,
    input: Input,
}

/// One kind of entry: the form of one kind of event.
struct Action {
    /// The event it records; its wire name keys the drafts and the
    /// element ids (`action-authority_notified`, `subjects_told-how`).
    tag: EventTag,
    da: &'static str,
    en: &'static str,
    fields: &'static [Field],
    /// The event from the form's values, or the problems of values that
    /// could not be read.
    build: fn(&Values) -> Result<EventKind, Vec<Problem>>,
}

/// The form's values, by field name. Read by the [`Field`] itself (each an
/// action's constant), so an action's `build` can read only fields that
/// exist, under the name its form sends and its problems name.
struct Values(Vec<(&'static str, String)>);

impl Values {
    fn get(&self, field: &Field) -> &str {
        self.0
            .iter()
            .find(|(n, _)| *n == field.name)
            .map_or("", |(_, v)| v.as_str())
    }

    fn text(&self, field: &Field) -> String {
        self.get(field).trim().to_string()
    }

    fn optional(&self, field: &Field) -> Option<String> {
        Some(self.text(field)).filter(|t| !t.is_empty())
    }

    fn checked(&self, field: &Field) -> bool {
        self.get(field) == "true"
    }

    fn when(&self, field: &Field, problems: &mut Vec<Problem>) -> DateTime<Utc> {
        let read = parse_datetime_local(self.get(field))
            .and_then(from_copenhagen_local)
            .map(|t| t.utc());
        read.unwrap_or_else(|| {
            problems.push(Problem::new(
                field.name,
                ProblemCode::InvalidFormat,
                "Skriv en dato og et klokkeslæt.",
                "Enter a date and a time.",
            ));
            Utc::now()
        })
    }

    fn date(&self, field: &Field, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
        let text = self.get(field).trim();
        if text.is_empty() {
            return None;
        }
        let read = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if read.is_none() {
            problems.push(Problem::new(
                field.name,
                ProblemCode::InvalidFormat,
                "Skriv en dato.",
                "Enter a date.",
            ));
        }
        read
    }

    fn count(&self, field: &Field, problems: &mut Vec<Problem>) -> u32 {
        self.get(field).trim().parse().unwrap_or_else(|_| {
            problems.push(Problem::new(
                field.name,
                ProblemCode::InvalidFormat,
                "Skriv et helt tal, fx 3.",
                "Enter a whole number, e.g. 3.",
            ));
            0
        })
    }

    /// A count that may be left empty, exact or (when `approximate` is
    /// ticked) approximate.
    fn optional_count(
        &self,
        field: &Field,
        approximate: &Field,
        problems: &mut Vec<Problem>,
    ) -> Option<Count> {
        if self.get(field).trim().is_empty() {
            return None;
        }
        let value = i64::from(self.count(field, problems));
        Some(if self.checked(approximate) {
            Count::approximate(value)
        } else {
            Count::exact(value)
        })
    }

    /// The values ticked of a list, `None` when none is.
    fn several<T: Labelled + WireName>(&self, field: &Field) -> Option<Vec<T>> {
        let read: Vec<T> = self
            .get(field)
            .split(',')
            .filter_map(from_wire_name)
            .collect();
        (!read.is_empty()).then_some(read)
    }

    /// The option chosen, `None` when none is.
    fn optional_choice<T: Labelled + WireName>(&self, field: &Field) -> Option<T> {
        from_wire_name(self.get(field).trim())
    }

    /// The option chosen, which must be one.
    fn choice<T: Labelled + WireName>(
        &self,
        field: &Field,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let read = self.optional_choice(field);
        if read.is_none() {
            problems.push(Problem::new(
                field.name,
                ProblemCode::Required,
                "Vælg en af mulighederne.",
                "Choose one of the options.",
            ));
        }
        read
    }
}

fn done(kind: EventKind, problems: Vec<Problem>) -> Result<EventKind, Vec<Problem>> {
    if problems.is_empty() {
        Ok(kind)
    } else {
        Err(problems)
    }
}

fn risk_choices(lang: Language) -> Vec<(String, &'static str)> {
    RiskLevel::ALL
        .iter()
        .map(|r| (r.wire_name().to_string(), r.label(lang)))
        .collect()
}

fn exception_choices(lang: Language) -> Vec<(String, &'static str)> {
    NoticeException::ALL
        .iter()
        .map(|e| (e.wire_name().to_string(), e.label(lang)))
        .collect()
}

/// The choices of a labelled enum, by their serde wire names.
fn labelled_choices<T: Labelled + WireName>(lang: Language) -> Vec<(String, &'static str)> {
    T::ALL
        .iter()
        .map(|value| (value.wire_name().to_string(), value.label(lang)))
        .collect()
}

/// The DPO's dismissal (a form of the case page; the register dismisses
/// several at once with the same fields, [`dismissal_from`]).
const DISMISS: Action = Action {
    tag: EventTag::Dismissed,
    da: "Afvis sagen (ikke et brud, dublet eller spam)",
    en: "Dismiss the case (not a breach, duplicate or junk)",
    fields: &[DISMISS_REASON, DISMISS_DUPLICATE_OF, DISMISS_NOTE],
    build: dismissal_from,
};

const DISMISS_REASON: Field = Field {
    name: "reason",
    da: "Hvorfor afvises den?",
    en: "Why is it dismissed?",
    input: Input::Choice(labelled_choices::<DismissalReason>),
};

const DISMISS_DUPLICATE_OF: Field = Field {
    name: "duplicate_of",
    da: "Journalnummeret på den sag, den er en dublet af (kun ved dublet)",
    en: "The reference of the case it duplicates (duplicates only)",
    input: Input::Text,
};

const DISMISS_NOTE: Field = Field {
    name: "note",
    da: "Note",
    en: "Note",
    input: Input::Area,
};

/// The dismissal the form's values describe.
fn dismissal_from(v: &Values) -> Result<EventKind, Vec<Problem>> {
    let mut problems = Vec::new();
    match v.choice::<DismissalReason>(&DISMISS_REASON, &mut problems) {
        Some(reason) => done(
            EventKind::Dismissed {
                reason,
                duplicate_of: v.optional(&DISMISS_DUPLICATE_OF),
                note: v.text(&DISMISS_NOTE),
            },
            problems,
        ),
        None => Err(problems),
    }
}

const CORRECT: Action = Action {
    tag: EventTag::FactsCorrected,
    da: "Ret oplysninger i indberetningen",
    en: "Correct the report's facts",
    fields: &[
        CORRECT_SUBJECT_COUNT,
        CORRECT_SUBJECT_COUNT_APPROXIMATE,
        CORRECT_CATEGORIES,
        CORRECT_CONSEQUENCES,
        CORRECT_DESCRIPTION,
        CORRECT_CONTAINMENT,
        CORRECT_EXFILTRATION,
        CORRECT_REASON,
    ],
    build: |v| {
        let mut problems = Vec::new();
        let corrected = Corrections {
            description: v.optional(&CORRECT_DESCRIPTION),
            subject_count: v.optional_count(
                &CORRECT_SUBJECT_COUNT,
                &CORRECT_SUBJECT_COUNT_APPROXIMATE,
                &mut problems,
            ),
            categories: v.several(&CORRECT_CATEGORIES),
            consequences: v.several(&CORRECT_CONSEQUENCES),
            containment: v.optional(&CORRECT_CONTAINMENT),
            exfiltration: v.optional_choice(&CORRECT_EXFILTRATION),
            ..Corrections::default()
        };
        done(
            EventKind::FactsCorrected {
                corrected,
                reason: v.text(&CORRECT_REASON),
            },
            problems,
        )
    },
};

const CORRECT_SUBJECT_COUNT: Field = Field {
    name: "subject_count",
    da: "Antal berørte personer (tomt: uændret)",
    en: "Number of people affected (empty: unchanged)",
    input: Input::Count,
};

const CORRECT_SUBJECT_COUNT_APPROXIMATE: Field = Field {
    name: "subject_count_approximate",
    da: "Antallet er et skøn",
    en: "The number is an estimate",
    input: Input::Check,
};

const CORRECT_CATEGORIES: Field = Field {
    name: "categories",
    da: "Typer af oplysninger (intet valgt: uændret)",
    en: "Kinds of data (none ticked: unchanged)",
    input: Input::Several(labelled_choices::<DataCategory>),
};

const CORRECT_CONSEQUENCES: Field = Field {
    name: "consequences",
    da: "Sandsynlige konsekvenser (intet valgt: uændret)",
    en: "Likely consequences (none ticked: unchanged)",
    input: Input::Several(labelled_choices::<Consequence>),
};

const CORRECT_DESCRIPTION: Field = Field {
    name: "description",
    da: "Hvad skete der (tomt: uændret)",
    en: "What happened (empty: unchanged)",
    input: Input::Area,
};

const CORRECT_CONTAINMENT: Field = Field {
    name: "containment",
    da: "Hvordan blev bruddet stoppet (tomt: uændret)",
    en: "How was the breach contained (empty: unchanged)",
    input: Input::Area,
};

const CORRECT_EXFILTRATION: Field = Field {
    name: "exfiltration",
    da: "Har angriberen kopieret oplysningerne (intet valgt: uændret)",
    en: "Did the attacker copy the data (none chosen: unchanged)",
    input: Input::Choice(labelled_choices::<Exfiltration>),
};

const CORRECT_REASON: Field = Field {
    name: "reason",
    da: "Hvorfor rettes oplysningerne?",
    en: "Why are the facts corrected?",
    input: Input::Area,
};

const CONTAINED: Action = Action {
    tag: EventTag::Contained,
    da: "Bruddet er stoppet",
    en: "The breach is contained",
    fields: &[CONTAINED_NOTE],
    build: |v| {
        Ok(EventKind::Contained {
            note: v.optional(&CONTAINED_NOTE),
        })
    },
};

const CONTAINED_NOTE: Field = Field {
    name: "note",
    da: "Hvordan (valgfrit)",
    en: "How (optional)",
    input: Input::Area,
};

const HANDLER: Action = Action {
    tag: EventTag::HandlerAgreed,
    da: "Aftal sagsbehandler",
    en: "Agree the case handler",
    fields: &[HANDLER_HANDLER],
    build: |v| {
        Ok(EventKind::HandlerAgreed {
            handler: v.text(&HANDLER_HANDLER),
        })
    },
};

const HANDLER_HANDLER: Field = Field {
    name: "handler",
    da: "Sagsbehandler",
    en: "Case handler",
    input: Input::Text,
};

const NOTIFIED: Action = Action {
    tag: EventTag::AuthorityNotified,
    da: "Anmeldt til Datatilsynet",
    en: "Notified to Datatilsynet",
    fields: &[
        NOTIFIED_NOTIFIED_AT,
        NOTIFIED_AUTHORITY_REFERENCE,
        NOTIFIED_COMPLETE,
        NOTIFIED_LATE_REASON,
    ],
    build: |v| {
        let mut problems = Vec::new();
        let notified_at = v.when(&NOTIFIED_NOTIFIED_AT, &mut problems);
        let kind = EventKind::AuthorityNotified {
            notified_at,
            authority_reference: v.text(&NOTIFIED_AUTHORITY_REFERENCE),
            complete: v.checked(&NOTIFIED_COMPLETE),
            late_reason: v.optional(&NOTIFIED_LATE_REASON),
        };
        done(kind, problems)
    },
};

const NOTIFIED_NOTIFIED_AT: Field = Field {
    name: "notified_at",
    da: "Hvornår blev anmeldelsen sendt?",
    en: "When was it submitted?",
    input: Input::When,
};

const NOTIFIED_AUTHORITY_REFERENCE: Field = Field {
    name: "authority_reference",
    da: "Datatilsynets journalnummer",
    en: "Datatilsynet's reference",
    input: Input::Text,
};

const NOTIFIED_COMPLETE: Field = Field {
    name: "complete",
    da: "Anmeldelsen er fuldstændig (ikke foreløbig)",
    en: "The notification is complete (not preliminary)",
    input: Input::Check,
};

const NOTIFIED_LATE_REASON: Field = Field {
    name: "late_reason",
    da: "Hvorfor kom den efter 72 timer? (kun hvis den gjorde)",
    en: "Why after 72 hours? (only if it was)",
    input: Input::Area,
};

const FOLLOW_UP: Action = Action {
    tag: EventTag::AuthorityFollowUp,
    da: "Supplerende oplysninger til Datatilsynet",
    en: "Follow-up to Datatilsynet",
    fields: &[
        FOLLOW_UP_SENT_AT,
        FOLLOW_UP_ADDED,
        FOLLOW_UP_MORE_PROMISED_BY,
        FOLLOW_UP_COMPLETES,
    ],
    build: |v| {
        let mut problems = Vec::new();
        let sent_at = v.when(&FOLLOW_UP_SENT_AT, &mut problems);
        let more_promised_by = v.date(&FOLLOW_UP_MORE_PROMISED_BY, &mut problems);
        let kind = EventKind::AuthorityFollowUp {
            sent_at,
            added: v.text(&FOLLOW_UP_ADDED),
            more_promised_by,
            completes: v.checked(&FOLLOW_UP_COMPLETES),
        };
        done(kind, problems)
    },
};

const FOLLOW_UP_SENT_AT: Field = Field {
    name: "sent_at",
    da: "Hvornår blev de sendt?",
    en: "When were they sent?",
    input: Input::When,
};

const FOLLOW_UP_ADDED: Field = Field {
    name: "added",
    da: "Hvad blev tilføjet?",
    en: "What was added?",
    input: Input::Area,
};

const FOLLOW_UP_MORE_PROMISED_BY: Field = Field {
    name: "more_promised_by",
    da: "Flere oplysninger lovet senest (valgfrit)",
    en: "More promised by (optional)",
    input: Input::Date,
};

const FOLLOW_UP_COMPLETES: Field = Field {
    name: "completes",
    da: "Anmeldelsen er nu fuldstændig",
    en: "The notification is now complete",
    input: Input::Check,
};

const NOT_NOTIFIED: Action = Action {
    tag: EventTag::NotNotified,
    da: "Beslut ikke at anmelde",
    en: "Decide not to notify",
    fields: &[NOT_NOTIFIED_REASONING],
    build: |v| {
        Ok(EventKind::NotNotified {
            reasoning: v.text(&NOT_NOTIFIED_REASONING),
        })
    },
};

const NOT_NOTIFIED_REASONING: Field = Field {
    name: "reasoning",
    da: "Hvorfor medfører bruddet ikke en risiko?",
    en: "Why is there no risk?",
    input: Input::Area,
};

const NO_FOLLOW_UP: Action = Action {
    tag: EventTag::FollowUpNotNeeded,
    da: "Ingen supplerende anmeldelse nødvendig",
    en: "No further follow-up needed",
    fields: &[NO_FOLLOW_UP_REASONING],
    build: |v| {
        Ok(EventKind::FollowUpNotNeeded {
            reasoning: v.text(&NO_FOLLOW_UP_REASONING),
        })
    },
};

const NO_FOLLOW_UP_REASONING: Field = Field {
    name: "reasoning",
    da: "Hvorfor er den foreløbige anmeldelse nok?",
    en: "Why is the preliminary notification enough?",
    input: Input::Area,
};

const TOLD: Action = Action {
    tag: EventTag::SubjectsTold,
    da: "De berørte er underrettet",
    en: "The people affected were told",
    fields: &[TOLD_TOLD_AT, TOLD_HOW, TOLD_COUNT],
    build: |v| {
        let mut problems = Vec::new();
        let told_at = v.when(&TOLD_TOLD_AT, &mut problems);
        let count = v.count(&TOLD_COUNT, &mut problems);
        done(
            EventKind::SubjectsTold {
                told_at,
                how: v.text(&TOLD_HOW),
                count,
            },
            problems,
        )
    },
};

const TOLD_TOLD_AT: Field = Field {
    name: "told_at",
    da: "Hvornår?",
    en: "When?",
    input: Input::When,
};

const TOLD_HOW: Field = Field {
    name: "how",
    da: "Hvordan (brev, Aula-besked, møde …)",
    en: "How (letter, Aula message, meeting …)",
    input: Input::Text,
};

const TOLD_COUNT: Field = Field {
    name: "count",
    da: "Hvor mange blev underrettet?",
    en: "How many were told?",
    input: Input::Count,
};

const EXCEPTION: Action = Action {
    tag: EventTag::SubjectsException,
    da: "Undtagelse fra underretning (art. 34, stk. 3)",
    en: "Exception from telling (art. 34(3))",
    fields: &[
        EXCEPTION_EXCEPTION,
        EXCEPTION_REASONING,
        EXCEPTION_PUBLIC_COMMUNICATION,
    ],
    build: |v| {
        let mut problems = Vec::new();
        let exception: Option<NoticeException> = v.choice(&EXCEPTION_EXCEPTION, &mut problems);
        match exception {
            Some(exception) => done(
                EventKind::SubjectsException {
                    exception,
                    reasoning: v.text(&EXCEPTION_REASONING),
                    public_communication: v.optional(&EXCEPTION_PUBLIC_COMMUNICATION),
                },
                problems,
            ),
            None => Err(problems),
        }
    },
};

const EXCEPTION_EXCEPTION: Field = Field {
    name: "exception",
    da: "Hvilken undtagelse?",
    en: "Which exception?",
    input: Input::Choice(exception_choices),
};

const EXCEPTION_REASONING: Field = Field {
    name: "reasoning",
    da: "Hvorfor gælder den?",
    en: "Why does it apply?",
    input: Input::Area,
};

const EXCEPTION_PUBLIC_COMMUNICATION: Field = Field {
    name: "public_communication",
    da: "Den offentlige meddelelse (ved den tredje undtagelse)",
    en: "The public communication (third exception)",
    input: Input::Area,
};

const CONTROLLER: Action = Action {
    tag: EventTag::ControllerNotified,
    da: "Den dataansvarlige er underrettet",
    en: "The controller was told",
    fields: &[CONTROLLER_NOTIFIED_AT],
    build: |v| {
        let mut problems = Vec::new();
        let notified_at = v.when(&CONTROLLER_NOTIFIED_AT, &mut problems);
        done(EventKind::ControllerNotified { notified_at }, problems)
    },
};

const CONTROLLER_NOTIFIED_AT: Field = Field {
    name: "notified_at",
    da: "Hvornår?",
    en: "When?",
    input: Input::When,
};

const OPINION: Action = Action {
    tag: EventTag::DpoOpinion,
    da: "DPO'ens vurdering",
    en: "The DPO's opinion",
    fields: &[OPINION_TEXT],
    build: |v| {
        Ok(EventKind::DpoOpinion {
            text: v.text(&OPINION_TEXT),
        })
    },
};

const OPINION_TEXT: Field = Field {
    name: "text",
    da: "Vurdering",
    en: "Opinion",
    input: Input::Area,
};

const OVERRIDE: Action = Action {
    tag: EventTag::RiskOverridden,
    da: "Fastsæt risikoen",
    en: "Set the risk",
    fields: &[OVERRIDE_RISK, OVERRIDE_JUSTIFICATION],
    build: |v| {
        let mut problems = Vec::new();
        match v.choice::<RiskLevel>(&OVERRIDE_RISK, &mut problems) {
            Some(risk) => done(
                EventKind::RiskOverridden {
                    risk,
                    justification: v.text(&OVERRIDE_JUSTIFICATION),
                },
                problems,
            ),
            None => Err(problems),
        }
    },
};

const OVERRIDE_RISK: Field = Field {
    name: "risk",
    da: "Risiko",
    en: "Risk",
    input: Input::Choice(risk_choices),
};

const OVERRIDE_JUSTIFICATION: Field = Field {
    name: "justification",
    da: "Begrundelse",
    en: "Justification",
    input: Input::Area,
};

const PREVENTION: Action = Action {
    tag: EventTag::PreventionPlanned,
    da: "Planlæg et forebyggende tiltag",
    en: "Plan a prevention measure",
    fields: &[PREVENTION_WHAT, PREVENTION_BY, PREVENTION_DUE],
    build: |v| {
        let mut problems = Vec::new();
        let due = v.date(&PREVENTION_DUE, &mut problems);
        let kind = EventKind::PreventionPlanned {
            measure: crate::api::new_id(),
            what: v.text(&PREVENTION_WHAT),
            by: v.text(&PREVENTION_BY),
            due,
        };
        done(kind, problems)
    },
};

const PREVENTION_WHAT: Field = Field {
    name: "what",
    da: "Hvad skal gøres?",
    en: "What is to be done?",
    input: Input::Area,
};

const PREVENTION_BY: Field = Field {
    name: "by",
    da: "Hvem sørger for det?",
    en: "Who sees to it?",
    input: Input::Text,
};

const PREVENTION_DUE: Field = Field {
    name: "due",
    da: "Senest (valgfrit)",
    en: "Due (optional)",
    input: Input::Date,
};

const CLOSE: Action = Action {
    tag: EventTag::Closed,
    da: "Luk sagen",
    en: "Close the case",
    fields: &[CLOSE_LESSONS],
    build: |v| {
        Ok(EventKind::Closed {
            lessons: v.text(&CLOSE_LESSONS),
        })
    },
};

const CLOSE_LESSONS: Field = Field {
    name: "lessons",
    da: "Hvad har I lært?",
    en: "What was learned?",
    input: Input::Area,
};

const REOPEN: Action = Action {
    tag: EventTag::Reopened,
    da: "Genåbn sagen",
    en: "Reopen the case",
    fields: &[REOPEN_REASON],
    build: |v| {
        Ok(EventKind::Reopened {
            reason: v.text(&REOPEN_REASON),
        })
    },
};

const REOPEN_REASON: Field = Field {
    name: "reason",
    da: "Hvorfor?",
    en: "Why?",
    input: Input::Area,
};

/// Every form, in the order the page lists them: the obligations first,
/// then the handling of the case, then closing, dismissing or reopening.
const FORMS: [&Action; 16] = [
    &NOTIFIED,
    &NOT_NOTIFIED,
    &FOLLOW_UP,
    &NO_FOLLOW_UP,
    &TOLD,
    &EXCEPTION,
    &CONTROLLER,
    &CONTAINED,
    &HANDLER,
    &OPINION,
    &OVERRIDE,
    &PREVENTION,
    &CORRECT,
    &CLOSE,
    &DISMISS,
    &REOPEN,
];

/// The forms of the entries the domain makes available
/// (`detail.available`, [`Case::available`](brud_case::Case::available)); the kinds
/// without a form here (steps, measures done, notes) have their own place
/// on the page.
fn offered(available: &[EventTag]) -> Vec<&'static Action> {
    FORMS
        .into_iter()
        .filter(|form| available.contains(&form.tag))
        .collect()
}

/// The entries offered on the case.
#[component]
pub fn Actions(
    /// The case as loaded.
    detail: CaseDetail<TimelineEvent>,
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
    view! {
        <h2 class="heading-m">{move || desk.tr("Registrér", "Record")}</h2>
        <ul class="task-list">
            {actions.into_iter().map(|action| view! { <ActionForm action=action recorder=recorder drafts=drafts/> }).collect_view()}
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
            <ActionForm action=&DISMISS recorder=recorder drafts=drafts/>
        </ul>
    }
}

/// One entry's form.
#[component]
fn ActionForm(
    /// Which entry.
    action: &'static Action,
    /// Records entries on the case.
    recorder: Recorder,
    /// What is being typed.
    drafts: Drafts,
) -> impl IntoView {
    let desk = use_desk();
    let key = action.tag.name();
    let outcome = drafts.outcome(key);
    let values: Vec<(&'static Field, RwSignal<String>)> = action
        .fields
        .iter()
        .map(|field| {
            let initial = match field.input {
                Input::When => to_datetime_local(Utc::now()),
                _ => String::new(),
            };
            (
                field,
                drafts.field(&format!("{key}.{}", field.name), initial),
            )
        })
        .collect();
    let local_problems = RwSignal::new(Vec::<Problem>::new());
    let failed =
        move || !local_problems.get().is_empty() || matches!(outcome.get(), Outcome::Failed(_));
    let inputs = values
        .iter()
        .map(|(field, value)| {
            let field: &'static Field = field;
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
            let label = move || desk.tr(field.da, field.en);
            let control = match field.input {
                Input::Text => view! { <input class="input" id=id.clone() type="text" bind:value=value/> }.into_any(),
                Input::Area => view! { <textarea class="textarea" id=id.clone() rows="3" bind:value=value></textarea> }.into_any(),
                Input::When => view! { <input class="input input--datetime" id=id.clone() type="datetime-local" bind:value=value/> }.into_any(),
                Input::Date => view! { <input class="input input--datetime" id=id.clone() type="date" bind:value=value/> }.into_any(),
                Input::Count => view! { <input class="input input--number" id=id.clone() type="text" inputmode="numeric" bind:value=value/> }.into_any(),
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
                            let ticked = wire.clone();
                            let toggled = wire.clone();
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
                Input::Choice(options) => view! {
                    <select class="select" id=id.clone() prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="">{move || desk.tr("Vælg", "Choose")}</option>
                        {move || options(desk.lang.get()).into_iter().map(|(wire, text)| view! { <option value=wire>{text}</option> }).collect_view()}
                    </select>
                }
                .into_any(),
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
        let read = Values(
            values
                .iter()
                .map(|(f, v)| (f.name, v.get_untracked()))
                .collect(),
        );
        match (action.build)(&read) {
            Err(problems) => local_problems.set(problems),
            Ok(kind) => {
                local_problems.set(Vec::new());
                let cleared = values.clone();
                recorder.record(kind, outcome, move || {
                    for (field, value) in &cleared {
                        value.set(match field.input {
                            Input::When => to_datetime_local(Utc::now()),
                            _ => String::new(),
                        });
                    }
                });
            }
        }
    };
    view! {
        <li class="task-list__item">
            <details class="task-list__details" prop:open=failed>
                <summary class="task-list__summary">{move || desk.tr(action.da, action.en)}</summary>
                <form class="task-list__form" id=format!("action-{key}") on:submit=submit>
                    {move || {
                        let names: Vec<&str> = action.fields.iter().map(|f| f.name).collect();
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
