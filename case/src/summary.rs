//! A case in the register's list: what a row shows, and what the list is
//! filtered, sorted and searched by.
//!
//! The Worker keeps one [`CaseSummary`] per case beside the log, written
//! with each event, so the list of an organisation with thousands of cases
//! is read without replaying every log. Nothing in it depends on the time
//! of reading: the deadline's state is derived when the list is read
//! ([`CaseSummary::deadline_state`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoStaticStr};

use super::control::ControlFacts;
use super::register::RegisterRow;
use super::{register, Case, DeadlineState, NotificationDue, SubjectsOutcome};
use brud_shared::model::{IncidentType, RiskLevel};
use brud_shared::org::OrgProfile;
use brud_shared::wire::WireName;

/// Whether a case is open, closed, or closed as dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, IntoStaticStr, EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CaseStatus {
    /// Being handled.
    Open,
    /// Closed with its lessons learned.
    Closed,
    /// Closed as no breach to handle ([`super::EventKind::Dismissed`]).
    Dismissed,
}

impl CaseStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One row of the register's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    /// The report's id.
    pub id: String,
    /// The journal reference, e.g. `ZAH-2026-0042`.
    pub reference: String,
    /// When the report was received.
    pub opened_at: DateTime<Utc>,
    /// Open, closed or dismissed.
    pub status: CaseStatus,
    /// The kind of incident.
    pub incident: Option<IncidentType>,
    /// The risk level in force.
    pub risk: RiskLevel,
    /// The 72-hour deadline, whenever the time of awareness is known.
    pub deadline: Option<DateTime<Utc>>,
    /// Whether Datatilsynet must be notified.
    pub notification_required: bool,
    /// When Datatilsynet was notified.
    pub notified_at: Option<DateTime<Utc>>,
    /// Why the notification was late, when it was.
    pub late_reason: Option<String>,
    /// Whether the decision not to notify is recorded.
    pub not_notified: bool,
    /// Whether the people affected were told or an exception recorded.
    pub subjects_settled: bool,
    /// How many obligations are still open (what stops the case closing).
    pub open_obligations: usize,
    /// The agreed case handler.
    pub handler: Option<String>,
    /// The last event's sequence number.
    pub sequence: u32,
    /// The school is processor: the deadline and "notified" are telling
    /// the controller ([`Case::notification_due`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub processor: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl CaseSummary {
    /// The row for `case` with id `id` and journal reference `reference`,
    /// of `org` (whose profile may ask for more before closing).
    pub fn of(id: &str, reference: &str, case: &Case, org: Option<&OrgProfile>) -> CaseSummary {
        let due = case.notification_due();
        CaseSummary {
            id: id.to_string(),
            reference: reference.to_string(),
            opened_at: case.opened_at,
            status: match (&case.closed, &case.dismissed) {
                (_, Some(_)) => CaseStatus::Dismissed,
                (Some(_), None) => CaseStatus::Closed,
                (None, None) => CaseStatus::Open,
            },
            incident: case.report.nature.incident,
            risk: case.assessment.risk,
            deadline: due.deadline,
            notification_required: due.required,
            notified_at: due.notified_at,
            late_reason: due.late_reason.map(str::to_string),
            not_notified: due.decided_not,
            subjects_settled: matches!(
                case.subjects,
                Some(SubjectsOutcome::Told { .. } | SubjectsOutcome::Exception { .. })
            ),
            open_obligations: case.open_obligations(org).len(),
            handler: case.handler.clone(),
            sequence: case.sequence,
            processor: case.is_processor_case(),
        }
    }

    /// The deadline's state at `now`, as [`super::deadline_state`] gives it
    /// for the whole case.
    pub fn deadline_state(&self, now: DateTime<Utc>) -> DeadlineState {
        self.notification_due().state(now)
    }

    /// Where the case stands on notifying Datatilsynet, as the list row
    /// says ([`NotificationDue`]).
    pub fn notification_due(&self) -> NotificationDue<'_> {
        NotificationDue {
            deadline: self.deadline,
            required: self.notification_required,
            notified_at: self.notified_at,
            late_reason: self.late_reason.as_deref(),
            decided_not: self.not_notified,
        }
    }

    /// Whether Datatilsynet must still be notified: required, neither made
    /// nor decided against ([`NotificationDue::owed`]).
    pub fn notification_outstanding(&self) -> bool {
        self.notification_due().owed()
    }

    /// Where the case comes in the register by deadline (the default
    /// order): open cases before closed and dismissed ones, those with a
    /// deadline before those without; within a group by deadline, soonest
    /// first, then by reference. What needs doing comes first.
    pub fn deadline_group(&self) -> u8 {
        match (self.status == CaseStatus::Open, self.deadline.is_some()) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        }
    }

    /// The register's order by deadline as a sort key
    /// ([`CaseSummary::deadline_group`]); the store orders by the same
    /// columns.
    pub fn deadline_key(&self) -> (u8, Option<DateTime<Utc>>, &str) {
        (self.deadline_group(), self.deadline, &self.reference)
    }

    /// The case's number in its school's year (from its reference).
    pub fn number(&self) -> u32 {
        self.reference
            .parse::<brud_shared::reference::Reference>()
            .map_or(0, |reference| reference.number)
    }

    /// The register's order newest first as a sort key (ascending): the
    /// latest received first, the higher number first within a
    /// millisecond.
    pub fn newest_key(&self) -> (std::cmp::Reverse<DateTime<Utc>>, std::cmp::Reverse<u32>) {
        (
            std::cmp::Reverse(self.opened_at),
            std::cmp::Reverse(self.number()),
        )
    }
}

/// Everything stored beside a case's log for the list and the exports
/// (the Worker's `cases` table), computed in one place for the Worker and
/// for the benchmark's seed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRow {
    /// The list's row.
    pub summary: CaseSummary,
    /// The risk level's wire name (`none`, `risk`, `high`), filtered on.
    pub risk: String,
    /// The reminders sent, as bits ([`super::Reminder::bit`]).
    pub reminded: u8,
    /// Whether anything of the reporter's contact is left to erase.
    pub holds_contact: bool,
    /// When the reminder of information promised to Datatilsynet is due
    /// ([`super::notice::follow_up_reminder_at`]), for the scheduled run.
    pub follow_up_due_at: Option<DateTime<Utc>>,
    /// When it closed, while it is closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// [`search_text`].
    pub search: String,
    /// The register's row ([`super::register::row`]).
    pub register: RegisterRow,
    /// What the board's control report counts of the case
    /// ([`ControlFacts::of`]): kept whole, and as its class, whether the
    /// report names the case and its minutes to notify.
    pub control: ControlFacts,
    /// The words of [`StoredRow::search`] ([`search_words`]), for the
    /// search index kept beside the cases.
    pub words: Vec<String>,
}

/// A case's row as it is on file, read back for [`StoredRow::matches`].
#[derive(Debug, Clone, PartialEq)]
pub struct RowOnFile {
    /// The last event's sequence, as the row says.
    pub sequence: u32,
    /// The list's row.
    pub summary: CaseSummary,
    /// The register's row.
    pub register: RegisterRow,
    /// The search text.
    pub search: String,
    /// The risk's wire name.
    pub risk: String,
    /// The reminders sent, as bits.
    pub reminded: u8,
}

impl StoredRow {
    /// Whether a row on file says what this one (rebuilt from the log)
    /// says: its count of events, list row, register row, search text, risk
    /// and reminders. The times in it are the last event's, so a row
    /// rebuilt as of that event matches the one written with it.
    pub fn matches(&self, on_file: &RowOnFile, sequence: u32) -> bool {
        on_file.sequence == sequence
            && on_file.summary == self.summary
            && on_file.register == self.register
            && on_file.search == self.search
            && on_file.risk == self.risk
            && on_file.reminded == self.reminded
    }

    /// The stored row of `case` (id `id`, reference `reference`). Nothing
    /// in it depends on the time it is written or read.
    pub fn of(id: &str, reference: &str, case: &Case, org: Option<&OrgProfile>) -> StoredRow {
        StoredRow {
            summary: CaseSummary::of(id, reference, case, org),
            risk: case.assessment.risk.wire_name().to_string(),
            reminded: super::Reminder::bits_of(&case.reminders),
            holds_contact: case.holds_contact(),
            follow_up_due_at: super::notice::follow_up_reminder_at(case),
            closed_at: case.closed.as_ref().map(|(at, _)| *at),
            search: search_text(reference, case),
            register: register::row(reference, case, org),
            control: ControlFacts::of(reference, case, org),
            words: Vec::new(),
        }
        .with_words()
    }

    /// With [`StoredRow::words`] made from its search text.
    fn with_words(mut self) -> StoredRow {
        self.words = search_words(&self.search);
        self
    }
}

/// Longest word the search index keeps; a longer one is kept (and asked
/// for) by its first this many characters.
pub const MAX_WORD_CHARS: usize = 48;

/// The words of a case's search text ([`search_text`]), each once: what
/// the register's search index keeps beside the case (`case_words`), so
/// that a search reads the cases with a word beginning with what was typed
/// instead of every case's text. A word is a run of letters and digits
/// (`æ`, `ø` and `å` among them), so a reference `demo-2026-0012` is
/// `demo`, `2026` and `0012`.
///
/// ```
/// # use brud_case::summary::search_words;
/// assert_eq!(search_words("mail til forkert forælder, mail"), ["mail", "til", "forkert", "forælder"]);
/// ```
pub fn search_words(search: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in search.split(|c: char| !c.is_alphanumeric()) {
        let word: String = word.chars().take(MAX_WORD_CHARS).collect();
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// The word of a search that the index is asked for: its longest (the
/// likeliest to be rare: `9999` rather than `sag`), cut as the index cuts
/// it; `None` when the search has no letter or digit (then every case's
/// text is read). The whole search must still be found in the case's text.
///
/// ```
/// # use brud_case::summary::search_key;
/// assert_eq!(search_key("sag 9999").as_deref(), Some("9999"));
/// assert_eq!(search_key(" - "), None);
/// ```
pub fn search_key(q: &str) -> Option<String> {
    search_words(q)
        .into_iter()
        .max_by_key(|word| word.chars().count())
}

/// The text the list's free-text search looks in, lowercased: the
/// reference, what happened, the measures, the handler, the DPO's opinion,
/// Datatilsynet's reference, the steps' notes (ticket numbers), the
/// prevention measures, the notes and the lessons learned. Never the
/// reporter's contact details.
pub fn search_text(reference: &str, case: &Case) -> String {
    let report = &case.report;
    let mut parts: Vec<&str> = vec![reference];
    parts.extend(report.nature.description.as_deref());
    parts.extend(report.containment.how.as_deref());
    parts.extend(report.containment.planned.as_deref());
    parts.extend(report.containment.prevention.as_deref());
    parts.extend(case.handler.as_deref());
    parts.extend(case.dpo_opinion.as_deref());
    parts.extend(case.not_notified.as_deref());
    if let Some(authority) = &case.authority {
        parts.push(&authority.authority_reference);
    }
    parts.extend(case.steps_done.iter().filter_map(|s| s.note.as_deref()));
    parts.extend(case.prevention.iter().map(|m| m.what.as_str()));
    parts.extend(case.notes.iter().map(String::as_str));
    if let Some((_, lessons)) = &case.closed {
        parts.push(lessons);
    }
    parts.join("\n").to_lowercase()
}

#[cfg(test)]
mod search_tests {
    use super::{search_key, search_words, MAX_WORD_CHARS};

    #[test]
    fn a_long_word_is_kept_and_asked_for_by_its_beginning() {
        let long = "a".repeat(MAX_WORD_CHARS + 10);
        let kept = search_words(&format!("x {long} y"));
        assert_eq!(kept[1].chars().count(), MAX_WORD_CHARS);
        let asked = search_key(&long).unwrap();
        assert!(kept[1].starts_with(&asked));
    }

    #[test]
    fn what_is_typed_from_a_words_start_finds_a_word_by_its_key() {
        let text = "demo-2026-0012\nelevens pc blev stjålet i bussen (sag 9999)";
        let words = search_words(text);
        for typed in [
            "demo-2026-0012",
            "2026-00",
            "stjål",
            "sag 99",
            "bussen (sag",
            "ø",
        ] {
            let found_in_text = text.contains(typed);
            let key = search_key(typed);
            let by_key = key
                .as_ref()
                .is_some_and(|key| words.iter().any(|word| word.starts_with(key.as_str())));
            if found_in_text {
                assert!(by_key, "{typed}: key {key:?} in {words:?}");
            }
        }
        // Inside a word is not a word's start: "tjål" is in the text but
        // begins no word.
        let key = search_key("tjål").unwrap();
        assert!(!words.iter().any(|word| word.starts_with(key.as_str())));
    }
}
