//! What a case has settled that its texts tell ([`Decided`]): the texts
//! drafted from a case read the case as it stands when they are drafted,
//! not the reporter's first account alone. A text made at receipt has
//! none and reads the report (and the assessment made then).
//!
//! The case crate makes it (`brud_case::Case::decided`); the texts only
//! read it, so every text tells the same decisions the same way.

use chrono::{DateTime, NaiveDate, Utc};

use super::template::answer::Answers;
use crate::model::{NoticeChannel, NoticeException};
use crate::org::Dpo;

/// What a case has settled, as the texts drafted from it tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// When the text is drafted: a delay is measured to it.
    pub drafted_at: DateTime<Utc>,
    /// The DPO as recorded when the case opened (the profile's DPO today
    /// may be someone else).
    pub dpo: Option<Dpo>,
    /// The agreed case handler: the notifier's contact person.
    pub handler: Option<String>,
    /// When the breach was stopped (the time given) and how.
    pub contained: Option<Contained>,
    /// The prevention measures planned or done on the case.
    pub prevention: Vec<Prevention>,
    /// How the people affected were dealt with, once recorded.
    pub subjects: Option<SubjectsDecided>,
    /// The notification of Datatilsynet, once made.
    pub notified: Option<Notified>,
    /// Why notifying Datatilsynet is or was late, as recorded (the
    /// notification's own reason, else the report's).
    pub late_reason: Option<String>,
    /// The notification drafted now is preliminary (art. 33(4)): what is
    /// not known yet and when the rest follows.
    pub preliminary: Option<Preliminary>,
    /// The DPO decided not to notify, with this reasoning.
    pub not_notified: Option<String>,
    /// The case was dismissed as no breach to handle, with this note: it
    /// owes nothing, and no text says otherwise.
    pub dismissed: Option<String>,
    /// The DPO's description for the people affected, when written: the
    /// letter tells them this, never the reporter's free text.
    pub letter: Option<LetterText>,
    /// What the DPO added for the EDPB's template, by field number (read
    /// from the case's log by whoever has it; empty when none): the
    /// notification drafted now gives them where the case does not say.
    pub template_answers: Answers,
}

impl Decided {
    /// A case that has settled nothing yet, drafted at `at`.
    pub fn nothing_yet(at: DateTime<Utc>) -> Self {
        Decided {
            drafted_at: at,
            dpo: None,
            handler: None,
            contained: None,
            prevention: Vec::new(),
            subjects: None,
            notified: None,
            late_reason: None,
            preliminary: None,
            not_notified: None,
            dismissed: None,
            letter: None,
            template_answers: Answers::new(),
        }
    }
}

/// When and how the breach was stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contained {
    /// The time given for it (not when it was recorded).
    pub at: DateTime<Utc>,
    /// How, when said.
    pub how: Option<String>,
}

/// A prevention measure of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prevention {
    /// What.
    pub what: String,
    /// Who sees to it.
    pub by: String,
    /// When due.
    pub due: Option<NaiveDate>,
    /// When done.
    pub done_at: Option<DateTime<Utc>>,
}

/// How the people affected were dealt with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectsDecided {
    /// They were told.
    Told {
        /// When.
        at: DateTime<Utc>,
        /// How.
        how: String,
        /// How many.
        count: u32,
        /// How, by the EDPB template's categories, when said.
        channel: Option<NoticeChannel>,
    },
    /// An exception of art. 34(3) applies instead.
    Exception {
        /// Which.
        exception: NoticeException,
        /// The DPO's reasoning.
        reasoning: String,
        /// The public communication made instead, for the third.
        public_communication: Option<String>,
    },
}

/// The notification of Datatilsynet as made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notified {
    /// When.
    pub at: DateTime<Utc>,
    /// Datatilsynet's reference.
    pub reference: String,
}

/// A notification made in phases (art. 33(4)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preliminary {
    /// What is not known yet (Danish, English).
    pub missing: Vec<(&'static str, &'static str)>,
    /// When the rest follows.
    pub rest_by: NaiveDate,
}

/// The DPO's description of the breach for the people affected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LetterText {
    /// What happened, in the DPO's words.
    pub what_happened: String,
    /// What the school has done and does, in the DPO's words.
    #[serde(default)]
    pub what_we_do: Option<String>,
}
