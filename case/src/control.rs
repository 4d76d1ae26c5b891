//! The year's control report for the board: whether the breach procedure
//! is followed, as Zahles's guideline asks the school to be able to
//! document ("Kontrol og dokumentation"), point by point:
//!
//! 1. the risk assessment is made: cases with a documented assessment (the
//!    DPO's opinion, a decision on notifying, a risk override, a
//!    dismissal) and those without ([`assessment_documented`]);
//! 2. Datatilsynet is notified when required: in time, late, overdue;
//! 3. the notification holds the minimum content: each notification made
//!    checked item by item ([`content_missing`], [`ContentItem`]);
//! 4. the people affected are told at high risk: told, an exception, or
//!    neither ([`SubjectsFact`]);
//! 5. processors are instructed to report breaches: the school's register
//!    of processors in the configuration ([`Processor`]), those without
//!    the agreed date named;
//! 6. the control itself is followed: the board's approvals, recorded on
//!    the desk with the hash of the report approved ([`Approval`]).
//!
//! The figures come from each case's [`ControlFacts`], which the Worker
//! keeps on the case's row as events are recorded, with what of them the
//! figures count ([`ControlClass`]): the store counts the year's cases by
//! class and reads whole only the facts of the cases the report names
//! ([`YearFacts`]), so the report neither replays logs nor reads every
//! case.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Case, DeadlineState, NotificationDue, NotificationScope, SubjectsOutcome};
use brud_shared::labelled_enum;
use brud_shared::model::{likely_consequences, Cause, IncidentType, RiskLevel};
use brud_shared::org::OrgProfile;
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::time::to_copenhagen;
use brud_shared::webhook::sha256_hex;

/// The control report's figures for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlReport {
    /// The year (cases opened in it, Copenhagen time).
    pub year: i32,
    /// How many cases (dismissed ones not counted here or in any figure
    /// below).
    pub cases: usize,
    /// Reports of the year dismissed as no breach to handle (not a
    /// personal-data breach, a duplicate, junk).
    #[serde(default)]
    pub dismissed: usize,
    /// Cases per incident type, most frequent first (then in the form's order).
    pub by_incident: Vec<(IncidentType, usize)>,
    /// Cases per risk level in force, none → high.
    pub by_risk: Vec<(RiskLevel, usize)>,
    /// Cases per cause, most frequent first.
    pub by_cause: Vec<(Cause, usize)>,
    /// Cases where Datatilsynet had to be notified.
    pub notification_required: usize,
    /// Of those, notified within 72 hours.
    pub notified_in_time: usize,
    /// Of those, notified after the deadline.
    pub notified_late: usize,
    /// Of those, not notified and past the deadline.
    pub overdue: usize,
    /// `notified_in_time / notification_required` in per cent, rounded;
    /// `None` without any required notification.
    pub share_in_time_percent: Option<u32>,
    /// The median time from awareness to notification, in minutes.
    pub median_minutes_to_notify: Option<i64>,
    /// Prevention measures planned and not done.
    pub open_prevention: usize,
    /// Incident types seen more than once in the year.
    pub repeated: Vec<(IncidentType, usize)>,
    /// Cases opened in each month, January first (Copenhagen time).
    pub by_month: [usize; 12],
    /// The notifications made after the deadline, with their reasons.
    pub late: Vec<LateNotification>,
    /// The prevention measures planned and not done, oldest case first.
    pub open_measures: Vec<OpenMeasure>,
    /// (1) Cases with a documented assessment ([`assessment_documented`]).
    #[serde(default)]
    pub assessed: usize,
    /// `assessed / cases` in per cent, rounded; `None` without cases.
    #[serde(default)]
    pub assessed_percent: Option<u32>,
    /// (1) The cases without one, by reference.
    #[serde(default)]
    pub unassessed: Vec<String>,
    /// (3) Notifications of Datatilsynet made for the year's cases.
    #[serde(default)]
    pub notified: usize,
    /// (3) Of those, the ones holding every item of the minimum content.
    #[serde(default)]
    pub notified_complete: usize,
    /// (3) The others, each with what it lacks.
    #[serde(default)]
    pub content_gaps: Vec<ContentGap>,
    /// (4) Cases whose risk in force is high.
    #[serde(default)]
    pub high_risk: usize,
    /// (4) Of those, the people affected told.
    #[serde(default)]
    pub high_risk_told: usize,
    /// (4) Of those, an exception recorded instead (art. 34(3)).
    #[serde(default)]
    pub high_risk_exception: usize,
    /// (4) Of those, neither: by reference.
    #[serde(default)]
    pub high_risk_neither: Vec<String>,
    /// (5) The school's processors as configured.
    #[serde(default)]
    pub processors: Vec<Processor>,
    /// (5) The processors without an agreed duty to report breaches, by
    /// name.
    #[serde(default)]
    pub processors_lacking: Vec<String>,
    /// Where a case's decision goes against its own assessment, each with
    /// the reasoning recorded for it ([`Contradiction`]): what the board
    /// must see to judge compliance, not only completion.
    #[serde(default)]
    pub contradictions: Vec<ContradictionFound>,
}

labelled_enum! {
    /// A decision on a case that goes against what its assessment said,
    /// which the control report names with the reasoning recorded for it.
    pub enum Contradiction {
        /// Dismissed as no breach while the assessment said Datatilsynet
        /// must be notified (the dismissal's note beside it).
        DismissedDespiteDuty => ("Afvist, selvom vurderingen sagde anmeld", "Dismissed while the assessment said notify"),
        /// The decision not to notify where notification was required
        /// (the DPO's reasoning beside it).
        NotNotifiedDespiteDuty => ("Ikke anmeldt, selvom anmeldelse var påkrævet", "Not notified where notification was required"),
        /// At high risk, fewer people told than the report says were
        /// affected (how they were told beside it).
        FewerToldThanAffected => ("Færre underrettet end berørt ved høj risiko", "Fewer told than affected at high risk"),
        /// The risk set by hand below the computed one (the justification
        /// beside it).
        RiskBelowComputed => ("Risikoen sat lavere end den beregnede", "Risk set below the computed one"),
        /// As processor, the controller told after the school's clock ran
        /// out, or not told when it has.
        ControllerNotToldInTime => ("Den dataansvarlige ikke underrettet i tide", "The controller not told in time"),
    }
}

/// A contradiction as a case's facts keep it: which, and the reasoning
/// recorded for the decision (the DPO's words; none for a clock missed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContradictionFact {
    /// Which.
    pub kind: Contradiction,
    /// The reasoning or detail recorded with the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<String>,
}

/// A contradiction the control report names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContradictionFound {
    /// The case's reference.
    pub reference: String,
    /// Which.
    pub kind: Contradiction,
    /// The reasoning recorded with the decision, as recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<String>,
}

/// The contradictions of `case` that do not depend on when the report is
/// asked for (a processor's clock does: [`ControlFacts::controller_due`]).
///
/// Example: a case whose DPO decided not to notify a breach assessed as a
/// risk gives [`Contradiction::NotNotifiedDespiteDuty`] with the DPO's
/// reasoning.
pub fn contradictions(case: &Case) -> Vec<ContradictionFact> {
    let assessment = &case.assessment;
    let duty = assessment.obligations.notify_authority.required;
    let mut found = Vec::new();
    let mut push =
        |kind, reasoning: Option<String>| found.push(ContradictionFact { kind, reasoning });
    if let Some(dismissed) = &case.dismissed {
        if duty {
            push(
                Contradiction::DismissedDespiteDuty,
                Some(dismissed.note.clone()),
            );
        }
        return found;
    }
    if duty && case.authority.is_none() {
        if let Some(reasoning) = &case.not_notified {
            push(
                Contradiction::NotNotifiedDespiteDuty,
                Some(reasoning.clone()),
            );
        }
    }
    if assessment.risk == RiskLevel::High {
        if let Some(SubjectsOutcome::Told { count, how, .. }) = &case.subjects {
            let affected = case
                .report
                .data
                .subject_count
                .as_ref()
                .and_then(|c| c.known_value());
            if let Some(affected) = affected.filter(|n| i64::from(*count) < *n) {
                push(
                    Contradiction::FewerToldThanAffected,
                    Some(format!("{count}/{affected}: {how}")),
                );
            }
        }
    }
    if assessment.risk < assessment.computed_risk {
        let justification = case
            .report
            .risk_override
            .as_ref()
            .and_then(|o| o.justification.clone());
        push(Contradiction::RiskBelowComputed, justification);
    }
    found
}

impl ControlReport {
    /// The SHA-256 (lowercase hex) of the report's JSON: what the board's
    /// approval names, so the figures approved are known later.
    pub fn sha256(&self) -> String {
        sha256_hex(
            serde_json::to_string(self)
                .expect("a control report always serialises")
                .as_bytes(),
        )
    }
}

labelled_enum! {
    /// An item of the minimum content of a notification of Datatilsynet
    /// (Zahles's guideline, "Anmeldelsen til Datatilsynet skal som minimum
    /// indeholde"; GDPR art. 33(3)).
    pub enum ContentItem {
        /// 1. The nature of the breach: what happened.
        Nature => ("Bruddets karakter", "The nature of the breach"),
        /// 1a. The categories of people affected.
        SubjectCategories => ("Kategorier af registrerede", "Categories of people affected"),
        /// 1b. How many people (a count, an estimate, or "unknown" said).
        SubjectCount => ("Antal berørte registrerede", "Number of people affected"),
        /// 1c. The categories of personal data.
        DataCategories => ("Kategorier af personoplysninger", "Categories of personal data"),
        /// 1d. How many records (as 1b).
        RecordCount => ("Antal berørte registreringer", "Number of records affected"),
        /// 2. The DPO's name and contact.
        DpoContact => ("Databeskyttelsesrådgiverens navn og kontakt", "The DPO's name and contact"),
        /// 3. The likely consequences (said, or derived from the kinds of data).
        Consequences => ("Mulige konsekvenser", "Likely consequences"),
        /// 4. The measures taken or proposed.
        Measures => ("Trufne eller foreslåede foranstaltninger", "Measures taken or proposed"),
        /// The rest of the information, for a notification made as
        /// preliminary (art. 33(4)) and neither completed by a follow-up
        /// nor waived by the DPO.
        Completeness => ("Fuldstændige oplysninger (anmeldelsen er kun foreløbig)", "Complete information (the notification is only preliminary)"),
    }
}

/// A notification of the year lacking items of the minimum content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentGap {
    /// The case's reference.
    pub reference: String,
    /// What it lacks, in the guideline's order.
    pub missing: Vec<ContentItem>,
}

/// How a case stands on telling the people affected (point 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectsFact {
    /// The risk in force is not high: nobody has to be told.
    NotHighRisk,
    /// High risk, and the people affected were told.
    Told,
    /// High risk, and an exception of art. 34(3) was recorded.
    Exception,
    /// High risk, and neither.
    Neither,
}

/// A processor in the school's register (configuration,
/// `config/processors.toml`): who, what they process, and when the duty
/// to tell the school of a breach was agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Processor {
    /// The processor's name, e.g. `Aula (Netcompany)`.
    pub name: String,
    /// What they process for the school.
    pub processes: String,
    /// When the duty to report breaches to the school was agreed (the data
    /// processing agreement's date); absent while it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_duty_agreed: Option<NaiveDate>,
}

/// The processors of organisation `org` among `all` (organisation id,
/// processor), in their order.
pub fn processors_of(all: &[(String, Processor)], org: &str) -> Vec<Processor> {
    all.iter()
        .filter(|(id, _)| id == org)
        .map(|(_, processor)| processor.clone())
        .collect()
}

/// A prevention measure still to do, as a case's facts keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureFact {
    /// What is to be done.
    pub what: String,
    /// Who sees to it.
    pub by: String,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// What the control report needs of one case: written with the case's
/// row each time an event is recorded ([`ControlFacts::of`]), so the year's
/// report reads small rows instead of replaying every log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlFacts {
    /// The case's reference.
    pub reference: String,
    /// When the case opened.
    pub opened_at: DateTime<Utc>,
    /// Dismissed as no breach to handle.
    #[serde(default, skip_serializing_if = "is_false")]
    pub dismissed: bool,
    /// The incident type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<IncidentType>,
    /// The cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// The risk in force.
    pub risk: RiskLevel,
    /// The 72-hour deadline, when awareness is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateTime<Utc>>,
    /// Whether Datatilsynet must be notified.
    pub notification_required: bool,
    /// When the school became aware.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aware_at: Option<DateTime<Utc>>,
    /// When Datatilsynet was notified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_at: Option<DateTime<Utc>>,
    /// The DPO decided not to notify.
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_notified: bool,
    /// Why the notification was late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
    /// The prevention measures not done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_measures: Vec<MeasureFact>,
    /// Point 1: the assessment is documented.
    pub assessment_documented: bool,
    /// Point 3: what the notification made lacks (empty without one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content_missing: Vec<ContentItem>,
    /// Point 4.
    pub subjects: SubjectsFact,
    /// The decisions that go against the case's assessment
    /// ([`contradictions`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradictions: Vec<ContradictionFact>,
    /// As processor: when the controller had to be told by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_due: Option<DateTime<Utc>>,
    /// And when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_told_at: Option<DateTime<Utc>>,
}

impl ControlFacts {
    /// Whether, as processor, the controller was told after the school's
    /// clock ran out, or is still not told once it has at `now`.
    pub fn controller_late(&self, now: DateTime<Utc>) -> bool {
        match (self.controller_due, self.controller_told_at) {
            (Some(due), Some(told)) => told > due,
            (Some(due), None) => !self.dismissed && now > due,
            _ => false,
        }
    }

    /// The facts of case `reference` of `org`, as it stands.
    pub fn of(reference: &str, case: &Case, org: Option<&OrgProfile>) -> ControlFacts {
        let authority = case.authority.as_ref();
        ControlFacts {
            reference: reference.to_string(),
            opened_at: case.opened_at,
            dismissed: case.dismissed.is_some(),
            incident: case.report.nature.incident,
            cause: case.report.nature.cause,
            risk: case.assessment.risk,
            deadline: case.deadline(),
            notification_required: case.assessment.obligations.notify_authority.required,
            aware_at: case.report.timeline.aware_at.as_ref().map(|t| t.utc()),
            notified_at: authority.map(|a| a.notified_at),
            not_notified: case.not_notified.is_some(),
            late_reason: authority.and_then(|a| a.late_reason.clone()),
            open_measures: case
                .prevention
                .iter()
                .filter(|m| m.done_at.is_none())
                .map(|m| MeasureFact {
                    what: m.what.clone(),
                    by: m.by.clone(),
                    due: m.due,
                })
                .collect(),
            assessment_documented: assessment_documented(case),
            content_missing: if authority.is_some() {
                content_missing(case, org)
            } else {
                Vec::new()
            },
            subjects: subjects_fact(case),
            contradictions: contradictions(case),
            controller_due: case
                .controller_deadline()
                .filter(|_| case.is_processor_case()),
            controller_told_at: case
                .controller_notified_at
                .filter(|_| case.is_processor_case()),
        }
    }

    /// The 72-hour deadline's state at `now` ([`crate::deadline_state`]
    /// from the facts it needs).
    pub fn deadline_state(&self, now: DateTime<Utc>) -> DeadlineState {
        NotificationDue {
            deadline: self.deadline,
            required: self.notification_required && !self.dismissed,
            notified_at: self.notified_at,
            late_reason: self.late_reason.as_deref(),
            decided_not: self.not_notified,
        }
        .state(now)
    }
}

/// How a case stands on notifying Datatilsynet, as far as that does not
/// depend on when the report is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationClass {
    /// Datatilsynet need not be notified.
    NotRequired,
    /// Required, with no deadline (the time of awareness is not known):
    /// counted as required, neither in time nor late nor overdue.
    Undated,
    /// Notified within the 72 hours.
    InTime,
    /// Notified after them.
    Late,
    /// Required and not yet notified: open or overdue depending on the
    /// time, so the report reads such a case whole.
    Pending,
}

/// The part of a case's control facts that the year's figures count
/// (every figure but the lists of cases and the overdue ones): the same
/// for many cases, so the store counts the year's cases by class (SQL
/// `GROUP BY`) and the report reads a few dozen classes, not every case.
/// A dismissed case's class says only that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlClass {
    /// Dismissed as no breach to handle (counted in nothing else).
    #[serde(default, skip_serializing_if = "is_false")]
    pub dismissed: bool,
    /// The month the case opened, 1–12, Copenhagen time (0 when
    /// dismissed).
    pub month: u8,
    /// The incident type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<IncidentType>,
    /// The cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// The risk in force.
    pub risk: RiskLevel,
    /// Point 2.
    pub notification: NotificationClass,
    /// Datatilsynet notified (required or not).
    #[serde(default, skip_serializing_if = "is_false")]
    pub notified: bool,
    /// Point 3: notified with every item of the minimum content.
    #[serde(default, skip_serializing_if = "is_false")]
    pub content_complete: bool,
    /// Point 1.
    #[serde(default, skip_serializing_if = "is_false")]
    pub assessment_documented: bool,
    /// Point 4.
    pub subjects: SubjectsFact,
    /// The time from awareness to notification is known
    /// ([`ControlFacts::minutes_to_notify`]): how many values the median
    /// is taken over.
    #[serde(default, skip_serializing_if = "is_false")]
    pub timed: bool,
}

impl ControlClass {
    /// The class of every dismissed case.
    const DISMISSED: ControlClass = ControlClass {
        dismissed: true,
        month: 0,
        incident: None,
        cause: None,
        risk: RiskLevel::None,
        notification: NotificationClass::NotRequired,
        notified: false,
        content_complete: false,
        assessment_documented: false,
        subjects: SubjectsFact::NotHighRisk,
        timed: false,
    };
}

impl ControlFacts {
    /// What of the case the year's figures count ([`ControlClass`]).
    pub fn class(&self) -> ControlClass {
        if self.dismissed {
            return ControlClass::DISMISSED;
        }
        ControlClass {
            dismissed: false,
            month: to_copenhagen(self.opened_at).month() as u8,
            incident: self.incident,
            cause: self.cause,
            risk: self.risk,
            notification: self.notification_class(),
            notified: self.notified_at.is_some(),
            content_complete: self.notified_at.is_some() && self.content_missing.is_empty(),
            assessment_documented: self.assessment_documented,
            subjects: self.subjects,
            timed: self.minutes_to_notify().is_some(),
        }
    }

    /// How the case stands on notifying Datatilsynet, apart from the time
    /// the report is asked for ([`NotificationClass`]).
    pub fn notification_class(&self) -> NotificationClass {
        if !self.notification_required {
            return NotificationClass::NotRequired;
        }
        // At the opening, a notification not yet made is still open: the
        // time only decides between open and overdue, both pending here.
        match self.deadline_state(self.opened_at) {
            DeadlineState::Met { .. } => NotificationClass::InTime,
            DeadlineState::MetLate { .. } => NotificationClass::Late,
            DeadlineState::Open { .. } | DeadlineState::Overdue { .. } => {
                NotificationClass::Pending
            }
            _ => NotificationClass::Undated,
        }
    }

    /// Whether the report needs the case's facts whole: it names the case
    /// in a list (late, prevention not done, no documented assessment,
    /// content lacking, people not told) or its figure depends on when
    /// the report is asked for (a notification pending).
    pub fn is_listed(&self) -> bool {
        // A dismissal against the assessment is named; no other figure
        // counts a dismissed case.
        if self.dismissed {
            return !self.contradictions.is_empty();
        }
        if !self.contradictions.is_empty() || self.controller_due.is_some() {
            return true;
        }
        let late = matches!((self.notified_at, self.deadline), (Some(at), Some(due)) if at > due);
        late || !self.open_measures.is_empty()
            || !self.assessment_documented
            || (self.notified_at.is_some() && !self.content_missing.is_empty())
            || self.subjects == SubjectsFact::Neither
            || self.notification_class() == NotificationClass::Pending
    }

    /// Minutes from awareness to notifying Datatilsynet, when both are
    /// known (and the case is not dismissed): what the median is of.
    pub fn minutes_to_notify(&self) -> Option<i64> {
        if self.dismissed {
            return None;
        }
        Some((self.notified_at? - self.aware_at?).num_minutes())
    }
}

/// A year's cases as the control report needs them: every case counted
/// by its class, the facts of the cases the report names
/// ([`ControlFacts::is_listed`]) in reference order, and the median time
/// to notify. The store gives this by counting its rows by class and
/// reading only the named ones; [`YearFacts::of`] makes it from every
/// case's facts.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFacts {
    /// The year.
    pub year: i32,
    /// How many cases of each class.
    pub classes: Vec<(ControlClass, usize)>,
    /// The facts of the cases the report names, by reference.
    pub listed: Vec<ControlFacts>,
    /// The median of the minutes to notify ([`median_window`]).
    pub median_minutes_to_notify: Option<i64>,
}

impl YearFacts {
    /// The year's facts from the facts of every case (those of other
    /// years left out).
    pub fn of(all: &[ControlFacts], year: i32) -> YearFacts {
        let of_year: Vec<&ControlFacts> = all
            .iter()
            .filter(|facts| to_copenhagen(facts.opened_at).year() == year)
            .collect();
        let classes = tally(of_year.iter().map(|facts| (facts.class(), 1)));
        let mut listed: Vec<ControlFacts> = of_year
            .iter()
            .filter(|facts| facts.is_listed())
            .map(|facts| (*facts).clone())
            .collect();
        listed.sort_by(|a, b| a.reference.cmp(&b.reference));
        YearFacts {
            year,
            classes,
            listed,
            median_minutes_to_notify: median(
                of_year
                    .iter()
                    .filter_map(|f| f.minutes_to_notify())
                    .collect(),
            ),
        }
    }

    /// How many cases have a known time to notify: the count the median
    /// is taken over ([`median_window`]).
    pub fn timed(&self) -> usize {
        self.classes
            .iter()
            .filter(|(class, _)| class.timed)
            .map(|(_, n)| n)
            .sum()
    }
}

/// Point 1: whether the case documents its risk assessment beyond the
/// form's automatic one: the DPO's opinion, a decision on notifying
/// Datatilsynet (made or not, with reasons), the risk overridden with a
/// justification, or a dismissal. The guideline asks the school to
/// document that it makes the assessment; the form's score alone is
/// Brud's, not the school's.
///
/// Example: a misdirected mail with only a note has none; the same case
/// with the DPO's opinion has one.
pub fn assessment_documented(case: &Case) -> bool {
    case.dpo_opinion.is_some()
        || case.report.risk_override.is_some()
        || case.authority.is_some()
        || case.not_notified.is_some()
        || case.dismissed.is_some()
}

/// Point 3: the items of the minimum content (the guideline's list for a
/// notification of Datatilsynet, art. 33(3)) the case cannot supply, in
/// the guideline's order: the case as decided (corrections applied) is
/// what the notification is made from; a preliminary notification lacks
/// the complete information until a follow-up completes it or the DPO
/// records why none is needed. A count said to be unknown counts
/// as given ("hvor det er muligt"); likely consequences count as given
/// when derived from the kinds of data; the DPO's contact comes from the
/// school's profile.
///
/// Example: a report without the number of people affected and without
/// any measure lacks [`ContentItem::SubjectCount`] and
/// [`ContentItem::Measures`].
pub fn content_missing(case: &Case, org: Option<&OrgProfile>) -> Vec<ContentItem> {
    let report = case.report_as_decided();
    let said = |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let containment = &report.containment;
    let present = [
        (ContentItem::Nature, said(&report.nature.description)),
        (
            ContentItem::SubjectCategories,
            !report.data.subjects.is_empty(),
        ),
        (
            ContentItem::SubjectCount,
            report.data.subject_count.is_some(),
        ),
        (
            ContentItem::DataCategories,
            !report.data.categories.is_empty(),
        ),
        (ContentItem::RecordCount, report.data.record_count.is_some()),
        (
            ContentItem::DpoContact,
            org.is_some_and(|org| !org.dpo.email.trim().is_empty()),
        ),
        (
            ContentItem::Consequences,
            !report.consequences.is_empty() || !likely_consequences(&report).is_empty(),
        ),
        (
            ContentItem::Measures,
            said(&containment.how)
                || said(&containment.planned)
                || said(&containment.prevention)
                || !case.prevention.is_empty(),
        ),
        (
            ContentItem::Completeness,
            !matches!(
                case.authority.as_ref().map(|a| a.scope()),
                Some(NotificationScope::Preliminary { waived: None })
            ),
        ),
    ];
    present
        .into_iter()
        .filter(|(_, given)| !given)
        .map(|(item, _)| item)
        .collect()
}

/// Point 4: how the case stands on telling the people affected.
pub fn subjects_fact(case: &Case) -> SubjectsFact {
    if case.assessment.risk != RiskLevel::High {
        return SubjectsFact::NotHighRisk;
    }
    match case.subjects {
        Some(SubjectsOutcome::Told { .. }) => SubjectsFact::Told,
        Some(SubjectsOutcome::Exception { .. }) => SubjectsFact::Exception,
        None => SubjectsFact::Neither,
    }
}

/// Point 6: the board's approval of a year's control report, as recorded
/// on the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The year of the report approved.
    pub year: i32,
    /// When it was recorded.
    pub approved_at: DateTime<Utc>,
    /// Who recorded it (the signed-in e-mail).
    pub approved_by: String,
    /// The SHA-256 of the report approved, as the desk showed it
    /// ([`crate::desk::ControlAnswer::report_sha256`]).
    pub report_sha256: String,
    /// The board meeting, the minutes' reference, remarks.
    pub note: String,
}

/// An approval as the desk sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewApproval {
    /// The year of the report approved.
    pub year: i32,
    /// The hash of the report as shown when it was approved.
    pub report_sha256: String,
    /// The board meeting, the minutes' reference, remarks.
    pub note: String,
}

/// Longest approval note, in characters.
pub const APPROVAL_NOTE_LIMIT: usize = 2000;

/// Whether `new` may be recorded, given the hash of the year's report as
/// it stands now (`current_sha256`): the note names the meeting, and the
/// report approved is the one that stands (a report changed since it was
/// shown must be looked at again before it is approved).
pub fn check_approval(new: &NewApproval, current_sha256: &str) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let note = new.note.trim();
    if note.is_empty() {
        problems.push(Problem::new(
            "note",
            ProblemCode::Required,
            "Skriv hvilket bestyrelsesmøde der godkendte rapporten (dato, referat).",
            "Say which board meeting approved the report (date, minutes).",
        ));
    } else if note.chars().count() > APPROVAL_NOTE_LIMIT {
        problems.push(Problem::too_long(
            "note",
            APPROVAL_NOTE_LIMIT,
            note.chars().count(),
        ));
    }
    if new.report_sha256 != current_sha256 {
        problems.push(Problem::new(
            "report_sha256",
            ProblemCode::InvalidValue,
            "Rapporten er ændret, siden den blev vist. Se den igen, før den godkendes.",
            "The report has changed since it was shown. Look at it again before approving it.",
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A notification made after the 72-hour deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateNotification {
    /// The case's reference.
    pub reference: String,
    /// How long after awareness it was made, in minutes.
    pub minutes_after_awareness: Option<i64>,
    /// Why it was late.
    pub reason: String,
}

/// A prevention measure not yet done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenMeasure {
    /// The case's reference.
    pub reference: String,
    /// What is to be done.
    pub what: String,
    /// Who sees to it.
    pub by: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
}

/// Where the median of `n` values lies once they are sorted: the offset of
/// the middle value and how many there are (one for an odd count, the
/// middle two for an even one); `None` without values. The store reads
/// just these values of a year (`ORDER BY … LIMIT count OFFSET offset`)
/// instead of every case's.
///
/// Example: 5 values → `(2, 1)`; 4 values → `(1, 2)`.
pub fn median_window(n: usize) -> Option<(usize, usize)> {
    (n > 0).then(|| ((n - 1) / 2, 2 - n % 2))
}

/// The median from the values at its window ([`median_window`]): the one
/// value, or the mean of the two (rounded down, in whole minutes).
pub fn median_of_window(window: &[i64]) -> Option<i64> {
    match window {
        [one] => Some(*one),
        [a, b] => Some((a + b) / 2),
        _ => None,
    }
}

/// The median of `values` (the mean of the middle two for an even count).
fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    let (offset, count) = median_window(values.len())?;
    median_of_window(&values[offset..offset + count])
}

/// Each value once with the sum of its weights (how many cases each
/// stands for), in the order first seen.
fn tally<T: PartialEq>(values: impl Iterator<Item = (T, usize)>) -> Vec<(T, usize)> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for (value, weight) in values {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += weight,
            None => counts.push((value, weight)),
        }
    }
    counts
}

/// Counts of values weighted by how many cases each stands for, most
/// frequent first (then in the form's order).
fn counted<T: Copy + PartialEq + Ord>(values: impl Iterator<Item = (T, usize)>) -> Vec<(T, usize)> {
    let mut counts = tally(values);
    counts.retain(|(_, n)| *n > 0);
    counts.sort_by(|(a, n), (b, m)| m.cmp(n).then(a.cmp(b)));
    counts
}

/// The control report of `year` from the facts of every case of the
/// organisation ([`ControlFacts`]), at `now` (which decides whether an
/// open notification is overdue), with the school's `processors`. A
/// dismissed case is counted as dismissed and in no other figure: it was
/// no breach. The same as [`report_of_year`] of [`YearFacts::of`] the facts:
/// what the store gives without reading every case.
pub fn control_report(
    all: &[ControlFacts],
    year: i32,
    now: DateTime<Utc>,
    processors: &[Processor],
) -> ControlReport {
    report_of_year(&YearFacts::of(all, year), now, processors)
}

/// The control report of a year from its cases counted by class and the
/// facts of the cases it names ([`YearFacts`]), at `now`, with the
/// school's `processors`.
pub fn report_of_year(
    facts: &YearFacts,
    now: DateTime<Utc>,
    processors: &[Processor],
) -> ControlReport {
    let year = facts.year;
    // Dismissed cases count as dismissed and in no other figure.
    let classes: Vec<(ControlClass, usize)> = facts
        .classes
        .iter()
        .copied()
        .filter(|(class, _)| !class.dismissed)
        .collect();
    let cases: Vec<&ControlFacts> = facts.listed.iter().filter(|f| !f.dismissed).collect();
    let sum = |wanted: &dyn Fn(&ControlClass) -> bool| -> usize {
        classes
            .iter()
            .filter(|(class, _)| wanted(class))
            .map(|(_, n)| n)
            .sum()
    };
    let total = sum(&|_| true);
    let mut by_month = [0; 12];
    for (class, n) in &classes {
        if let Some(month) = by_month.get_mut(usize::from(class.month.saturating_sub(1))) {
            *month += n;
        }
    }
    let late = cases
        .iter()
        .filter_map(|case| {
            let notified_at = case.notified_at?;
            let due = case.deadline?;
            (notified_at > due).then(|| LateNotification {
                reference: case.reference.clone(),
                minutes_after_awareness: case
                    .aware_at
                    .map(|aware| (notified_at - aware).num_minutes()),
                reason: case.late_reason.clone().unwrap_or_default(),
            })
        })
        .collect();
    let open_measures = cases
        .iter()
        .flat_map(|case| {
            case.open_measures.iter().map(move |m| OpenMeasure {
                reference: case.reference.clone(),
                what: m.what.clone(),
                by: m.by.clone(),
                due: m.due,
            })
        })
        .collect::<Vec<_>>();
    let notification = |wanted: NotificationClass| sum(&|c| c.notification == wanted);
    let required = total - notification(NotificationClass::NotRequired);
    let notified_in_time = notification(NotificationClass::InTime);
    let notified_late = notification(NotificationClass::Late);
    // Whether a pending notification is overdue depends on `now`: pending
    // cases are among those read whole.
    let overdue = cases
        .iter()
        .filter(|case| case.notification_class() == NotificationClass::Pending)
        .filter(|case| matches!(case.deadline_state(now), DeadlineState::Overdue { .. }))
        .count();
    let by_incident = counted(classes.iter().filter_map(|(c, n)| Some((c.incident?, *n))));
    let by_risk: Vec<(RiskLevel, usize)> = [RiskLevel::None, RiskLevel::Risk, RiskLevel::High]
        .into_iter()
        .map(|level| (level, sum(&|c| c.risk == level)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let percent =
        |part: usize, whole: usize| (whole > 0).then(|| ((part * 100 + whole / 2) / whole) as u32);
    let unassessed: Vec<String> = cases
        .iter()
        .filter(|case| !case.assessment_documented)
        .map(|case| case.reference.clone())
        .collect();
    let notified = sum(&|c| c.notified);
    let content_gaps: Vec<ContentGap> = cases
        .iter()
        .filter(|case| case.notified_at.is_some() && !case.content_missing.is_empty())
        .map(|case| ContentGap {
            reference: case.reference.clone(),
            missing: case.content_missing.clone(),
        })
        .collect();
    let subjects = |wanted: SubjectsFact| sum(&|c| c.subjects == wanted);
    ControlReport {
        year,
        cases: total,
        dismissed: facts
            .classes
            .iter()
            .filter(|(class, _)| class.dismissed)
            .map(|(_, n)| n)
            .sum(),
        repeated: by_incident
            .iter()
            .copied()
            .filter(|(_, n)| *n > 1)
            .collect(),
        by_incident,
        by_risk,
        by_cause: counted(classes.iter().filter_map(|(c, n)| Some((c.cause?, *n)))),
        notification_required: required,
        notified_in_time,
        notified_late,
        overdue,
        share_in_time_percent: percent(notified_in_time, required),
        median_minutes_to_notify: facts.median_minutes_to_notify,
        open_prevention: open_measures.len(),
        by_month,
        late,
        open_measures,
        assessed: sum(&|c| c.assessment_documented),
        assessed_percent: percent(sum(&|c| c.assessment_documented), total),
        unassessed,
        notified,
        notified_complete: sum(&|c| c.notified && c.content_complete),
        content_gaps,
        high_risk: total - subjects(SubjectsFact::NotHighRisk),
        high_risk_told: subjects(SubjectsFact::Told),
        high_risk_exception: subjects(SubjectsFact::Exception),
        high_risk_neither: cases
            .iter()
            .filter(|c| c.subjects == SubjectsFact::Neither)
            .map(|c| c.reference.clone())
            .collect(),
        processors: processors.to_vec(),
        processors_lacking: processors
            .iter()
            .filter(|p| p.breach_duty_agreed.is_none())
            .map(|p| p.name.clone())
            .collect(),
        contradictions: facts
            .listed
            .iter()
            .flat_map(|case| {
                let late = case.controller_late(now).then_some(ContradictionFact {
                    kind: Contradiction::ControllerNotToldInTime,
                    reasoning: None,
                });
                case.contradictions
                    .iter()
                    .cloned()
                    .chain(late)
                    .map(|fact| ContradictionFound {
                        reference: case.reference.clone(),
                        kind: fact.kind,
                        reasoning: fact.reasoning,
                    })
            })
            .collect(),
    }
}
