//! The report store: one signal holding the whole report, shared through
//! context, with memos for what the domain says about it. Components read
//! and write fields through it; no domain decision is made here.
//!
//! Fine-grained by answer: a question's view tracks its own answer's
//! trigger ([`FormStore::answer`]) and reads the report untracked, so a
//! keystroke wakes the field typed in and the readers of the whole report
//! (the assessment, validation, the draft save, conditional questions),
//! not the 40-odd other answers on the page. `reactive_stores` does the
//! same per struct field, but its derived accessors would be generated for
//! every type of the domain's report and do not fit the form's download
//! budget; one trigger per answer path is a few hundred bytes.

use brud_shared::obligations::validate_with;
use brud_shared::validate::Validation;
use brud_shared::{assess, examine, Assessment, FieldPath, Language, Mode, OrgProfile, Report};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::reactive::signal::ArcTrigger;
use leptos::task::spawn_local;

use crate::api::{self, FieldProblem, ReceiptTexts, Received};

/// The steps of the flow, in the seeds' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// What happened and when you became aware.
    What,
    /// Is it stopped, and how.
    Stopped,
    /// Whose data and what kind.
    Data,
    /// Who got it, in what state.
    Circumstances,
    /// What more is planned and what prevents it.
    Next,
    /// Reporter, leader, handler, role.
    People,
    /// Check your answers, then send.
    Check,
    /// The receipt.
    Receipt,
}

impl Step {
    /// The steps that hold questions, in order.
    pub const QUESTIONS: [Step; 6] = [
        Step::What,
        Step::Stopped,
        Step::Data,
        Step::Circumstances,
        Step::Next,
        Step::People,
    ];

    /// 1-based position among all steps before the receipt.
    pub fn number(self) -> usize {
        match self {
            Step::What => 1,
            Step::Stopped => 2,
            Step::Data => 3,
            Step::Circumstances => 4,
            Step::Next => 5,
            Step::People => 6,
            Step::Check => 7,
            Step::Receipt => 8,
        }
    }

    /// From a stored number; unknown numbers start over.
    pub fn from_number(number: usize) -> Step {
        Step::QUESTIONS
            .into_iter()
            .chain([Step::Check])
            .find(|step| step.number() == number)
            .unwrap_or(Step::What)
    }

    /// The step after this one.
    pub fn next(self) -> Step {
        Step::from_number(self.number() + 1)
    }

    /// The step before this one.
    pub fn previous(self) -> Step {
        Step::from_number(self.number().saturating_sub(1).max(1))
    }

    /// Which step asks for the field at JSON path `field`.
    pub fn of_field(field: &str) -> Step {
        let starts = |prefixes: &[&str]| prefixes.iter().any(|p| field.starts_with(p));
        if starts(&["containment.stopped", "containment.how", "timeline.ongoing"]) {
            Step::Stopped
        } else if starts(&["data.", "consequences"]) {
            Step::Data
        } else if starts(&["circumstances."]) {
            Step::Circumstances
        } else if starts(&["containment."]) {
            Step::Next
        } else if starts(&["reporter.", "handling.", "role", "controller."]) {
            Step::People
        } else if starts(&["late_reason"]) {
            Step::Check
        } else {
            Step::What
        }
    }
}

/// How the draft is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftStatus {
    /// Nothing saved yet.
    Idle,
    /// Saved at this local time (HH.MM).
    Saved(String),
    /// This device cannot keep drafts (private mode, blocked or full storage).
    Unavailable,
}

/// How sending is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendState {
    /// Not sent.
    Idle,
    /// On its way.
    Sending,
    /// Not taken for a reason that is not the report's content: kept in
    /// the outbox and sent again by itself (`crate::send`).
    Waiting {
        /// The HTTP status, 0 without a connection.
        status: u16,
    },
}

/// What the receipt can show of the generated texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextsState {
    /// Being fetched from the receipt module.
    Loading,
    /// The organisation's profile never loaded: no texts to make.
    NoOrg,
    /// The receipt module could not be fetched.
    Failed,
    /// The texts.
    Ready(ReceiptTexts),
}

/// Everything the form shares, provided as context.
#[derive(Clone, Copy)]
pub struct FormStore {
    /// The report being written.
    pub report: RwSignal<Report>,
    /// The language of the interface and the texts.
    pub lang: RwSignal<Language>,
    /// Where in the flow the person is.
    pub step: RwSignal<Step>,
    /// Errors shown since the last Continue (GOV.UK: validate on Continue).
    pub shown_errors: RwSignal<Vec<FieldProblem>>,
    /// The organisation's public profile, once loaded.
    pub org: RwSignal<Option<OrgProfile>>,
    /// The same profile as JSON, as the Worker sent it (for the receipt module).
    pub org_json: StoredValue<Option<String>>,
    /// The clock, ticking every 30 seconds for the countdown.
    pub now: RwSignal<DateTime<Utc>>,
    /// Draft saving.
    pub draft: RwSignal<DraftStatus>,
    /// The Worker's receipt after a successful send.
    pub receipt: RwSignal<Option<Received>>,
    /// The receipt's generated texts.
    pub texts: RwSignal<TextsState>,
    /// Sending.
    pub sending: RwSignal<SendState>,
    /// Draft-mode validation: warnings shown as people type.
    pub validation: Memo<Validation>,
    /// The live assessment.
    pub assessment: Memo<Assessment>,
    /// How much of the page is drawn: on the first load the parts below
    /// the fold come a frame later ([`Later`](crate::fields::Later)), so start-up
    /// is several short tasks instead of one long one on a slow phone.
    /// [`Stage::ALL`] everywhere else.
    pub stage: RwSignal<u8>,
    /// One change trigger per answer path (see the module doc).
    answers: StoredValue<Vec<(FieldPath, ArcTrigger)>>,
}

/// The stages of the first render (see [`FormStore::stage`]).
pub struct Stage;

impl Stage {
    /// Nothing drawn yet: the store is set up (the draft read back, the
    /// syncs started) while the page's static text stays on screen, so
    /// that setting up and drawing are two tasks, not one.
    pub const SETUP: u8 = 0;
    /// The header and the step's heading. The school's profile is read
    /// in a task before this one (`App`).
    pub const SHELL: u8 = 1;
    /// The top of the current step: what the first screen shows.
    pub const FIRST_SCREEN: u8 = 2;
    /// The next questions of the first step.
    pub const NEXT_QUESTIONS: u8 = 3;
    /// The rest of the step and its buttons. (Its date-and-time input is
    /// the dearest part: Chromium builds the input's editor.)
    pub const REST_OF_STEP: u8 = 4;
    /// The assessment panel and the draft notice; the live personal-data
    /// warnings under the questions (the first assessment and validation
    /// are computed here, not in the first screen's task).
    pub const ASIDE: u8 = 5;
    /// Everything.
    pub const ALL: u8 = Stage::ASIDE;
}

/// Fetches the receipt's texts from the receipt module (see `receipt/`):
/// after a send, and again from the receipt's "try again" button. (A free
/// function: as a method of the store it cost the form 134 B of download.)
pub fn load_receipt_texts(store: FormStore) {
    let receipt = store.receipt.get_untracked();
    let (Some(receipt), Some(org_json)) = (receipt, store.org_json.get_value()) else {
        store.texts.set(TextsState::NoOrg);
        return;
    };
    store.texts.set(TextsState::Loading);
    let report = store.report.get_untracked();
    spawn_local(async move {
        store.texts.set(
            match api::receipt_texts(&report, &org_json, &receipt).await {
                Some(texts) => TextsState::Ready(texts),
                None => TextsState::Failed,
            },
        );
    });
}

impl FormStore {
    /// A store for `report`.
    pub fn new(report: Report) -> Self {
        let report = RwSignal::new(report);
        let now = RwSignal::new(Utc::now());
        let org: RwSignal<Option<OrgProfile>> = RwSignal::new(None);
        let assessment =
            Memo::new(move |_| org.with(|org| report.with(|r| assess(r, org.as_ref(), now.get()))));
        // Against the assessment already computed, not a second one.
        let validation = Memo::new(move |_| {
            report.with(|r| assessment.with(|a| validate_with(r, a, Mode::Draft, now.get())))
        });
        FormStore {
            lang: RwSignal::new(report.with_untracked(|r| r.language)),
            report,
            step: RwSignal::new(Step::What),
            shown_errors: RwSignal::new(Vec::new()),
            org,
            org_json: StoredValue::new(None),
            now,
            draft: RwSignal::new(DraftStatus::Idle),
            receipt: RwSignal::new(None),
            texts: RwSignal::new(TextsState::Loading),
            sending: RwSignal::new(SendState::Idle),
            validation,
            assessment,
            stage: RwSignal::new(Stage::ALL),
            answers: StoredValue::new(Vec::new()),
        }
    }

    /// Complete-mode errors that belong to `step`.
    pub fn errors_for(&self, step: Step) -> Vec<FieldProblem> {
        let errors = self.org.with_untracked(|org| {
            self.report.with_untracked(|r| {
                examine(r, org.as_ref(), Mode::Complete, Utc::now())
                    .validation
                    .errors
            })
        });
        errors
            .into_iter()
            .filter(|problem| step == Step::Check || Step::of_field(&problem.field) == step)
            .map(FieldProblem::from)
            .collect()
    }

    /// Changes the report as a whole (its language): wakes the readers
    /// of the whole report, not the answers' views.
    pub fn edit(&self, change: impl FnOnce(&mut Report)) {
        self.report.update(change);
    }

    /// The answer at `field` (a question's JSON path): a view tracks it
    /// and reads the answer with [`Answer::read`].
    pub fn answer(&self, field: FieldPath) -> Answer {
        let index = self.answers.try_update_value(|answers| {
            answers
                .iter()
                .position(|(path, _)| *path == field)
                .unwrap_or_else(|| {
                    answers.push((field, ArcTrigger::new()));
                    answers.len() - 1
                })
        });
        Answer {
            store: *self,
            index: index.unwrap_or_default(),
        }
    }

    /// Puts a whole new report in place (a deleted draft, a report from
    /// the outbox): every answer's view reads it again.
    pub fn replace(&self, report: Report) {
        self.report.set(report);
        self.answers.with_value(|answers| {
            for (_, trigger) in answers {
                trigger.notify();
            }
        });
    }
}

/// One answer of the report, for the question that asks it.
#[derive(Clone, Copy)]
pub struct Answer {
    store: FormStore,
    /// Its trigger's place in [`FormStore::answers`].
    index: usize,
}

impl Answer {
    fn with_trigger(&self, act: impl FnOnce(&ArcTrigger)) {
        self.store.answers.with_value(|answers| {
            if let Some((_, trigger)) = answers.get(self.index) {
                act(trigger);
            }
        });
    }

    /// Reads from the report, tracking only this answer.
    pub fn read<T>(&self, get: impl FnOnce(&Report) -> T) -> T {
        self.with_trigger(ArcTrigger::track);
        self.store.report.with_untracked(get)
    }

    /// Writes this answer: wakes its own views and the readers of the
    /// whole report.
    pub fn write(&self, change: impl FnOnce(&mut Report)) {
        self.store.report.update(change);
        self.with_trigger(ArcTrigger::notify);
    }
}

/// The store from context.
pub fn use_store() -> FormStore {
    expect_context::<FormStore>()
}

/// "da" or "en" pick for the current language, reactive.
pub fn tr(
    da: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_store().lang;
    move || lang.get().pick(da, en)
}
