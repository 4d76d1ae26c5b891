//! What a breach obliges the school to do, and the whole assessment.
//!
//! The law's duties follow from the risk level ([`crate::risk`]) and the
//! report: record every breach (art. 33(5)); notify Datatilsynet within 72
//! hours of becoming aware unless there is no risk (art. 33(1)); tell the
//! people affected at high risk unless an art. 34(3) exception applies,
//! with a public communication for the third; as processor, tell the
//! controller instead (art. 33(2)). Then the organisation's own procedure
//! adds the steps of its profile that apply ([`organisation_steps`]).
//!
//! This is the surface the case desk builds on: [`assess`] composes the
//! stages into an [`Assessment`], each duty is a function of its own, and
//! [`problems`] lists what a report must still say for its duties to be
//! met (the reason for a late notification, an exception that fits).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{lowercase, Labelled};
use crate::model::{NoticeException, Report, RiskLevel, Role};
use crate::org::{OrgProfile, StepCondition};
use crate::problem::{FieldPath, Problem, ProblemCode};
use crate::risk::{evaluate, FiredRule, RuleId, Severity};
use crate::time::{deadline, Timestamp};
use crate::validate::{validate, Mode, Validation};

/// Notification of Datatilsynet (art. 33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotifyAuthority {
    /// Whether the school must notify Datatilsynet.
    pub required: bool,
    /// `aware_at + 72 h` in UTC, whenever `aware_at` is known (the clock runs
    /// even while the assessment may still change).
    pub deadline: Option<Timestamp>,
    /// Required and past the deadline.
    pub overdue: bool,
}

/// Telling the data subjects (art. 34).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotifySubjects {
    /// Whether the people affected must be told.
    pub required: bool,
    /// The exception that applies instead, at high risk.
    pub exception: Option<NoticeException>,
    /// A public communication is needed instead (exception 3).
    pub public_communication: bool,
}

/// Telling the controller, when the school is processor (art. 33(2)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotifyController {
    /// Whether the controller must be told without undue delay.
    pub required: bool,
    /// When, at the latest: `aware_at` plus the school's own clock for
    /// telling a controller ([`processor_notice_hours`]); whenever
    /// required and `aware_at` is known. Absent from assessments made
    /// before the clock was kept (their hashes stay as they were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    /// Required and past that time.
    #[serde(default, skip_serializing_if = "is_false")]
    pub overdue: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// How many hours after becoming aware the school, as processor, tells
/// the controller unless its profile says otherwise: art. 33(2) says
/// "without undue delay"; Zahles's procedure ("Når N. Zahles Skole er
/// databehandler") gives no number, and a controller must itself notify
/// within 72 hours, so a day leaves it two.
pub const PROCESSOR_NOTICE_HOURS: u32 = 24;

/// The school's clock for telling a controller: its profile's
/// `processor_notice_hours`, else [`PROCESSOR_NOTICE_HOURS`].
pub fn processor_notice_hours(org: Option<&OrgProfile>) -> u32 {
    org.and_then(|org| org.processor_notice_hours)
        .unwrap_or(PROCESSOR_NOTICE_HOURS)
}

/// Telling the controller (art. 33(2)): required when the school is
/// processor, due [`processor_notice_hours`] after `aware_at`.
///
/// Example: aware at 09.30 with the default clock, the controller is told
/// by 09.30 the next day.
pub fn notify_controller(
    report: &Report,
    org: Option<&OrgProfile>,
    now: DateTime<Utc>,
) -> NotifyController {
    let required = report.role == Some(Role::Processor);
    let hours = i64::from(processor_notice_hours(org));
    let due = report
        .timeline
        .aware_at
        .filter(|_| required)
        .and_then(|aware| {
            aware
                .utc()
                .checked_add_signed(chrono::Duration::hours(hours))
        });
    NotifyController {
        required,
        deadline: due.map(Timestamp::from),
        overdue: due.is_some_and(|due| now > due),
    }
}

/// One internal step of the organisation's own procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StepDue {
    /// The step's id from the organisation profile.
    pub id: String,
    /// In Danish.
    pub da: String,
    /// In English.
    pub en: String,
}

/// What must be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Obligations {
    /// Record the breach in the register: always (art. 33(5)).
    pub record: bool,
    /// Notify Datatilsynet.
    pub notify_authority: NotifyAuthority,
    /// Tell the people affected.
    pub notify_subjects: NotifySubjects,
    /// Tell the controller.
    pub notify_controller: NotifyController,
    /// The organisation's own steps that apply.
    pub steps: Vec<StepDue>,
}

/// The whole assessment of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Assessment {
    /// ENISA severity.
    pub severity: Severity,
    /// The risk level in force: the override's, if any, else the computed one.
    pub risk: RiskLevel,
    /// The risk level the rules computed.
    pub computed_risk: RiskLevel,
    /// Every rule that fired, in the order applied.
    pub rules: Vec<FiredRule>,
    /// What must be done.
    pub obligations: Obligations,
}

/// The risk level in force: the assessor's override if there is one (with
/// `RISK-OVERRIDE` saying so), else the computed level.
pub fn effective_risk(report: &Report, computed: RiskLevel) -> (RiskLevel, Option<FiredRule>) {
    let Some(over) = &report.risk_override else {
        return (computed, None);
    };
    let risk = over.risk;
    let rule = FiredRule::new(
        RuleId::RiskOverride,
        format!(
            "Vurderingen er ændret manuelt fra {} til {}; se begrundelsen.",
            lowercase(computed.da()),
            lowercase(risk.da())
        ),
        format!(
            "The assessment was changed by hand from {} to {}; see the justification.",
            lowercase(computed.en()),
            lowercase(risk.en())
        ),
    );
    (risk, Some(rule))
}

/// `OBL-PROCESSOR`: whether the school is processor, which puts telling the
/// controller (art. 33(2)) in place of the controller's own duties.
pub fn processor(report: &Report) -> Option<FiredRule> {
    (report.role == Some(Role::Processor)).then(|| {
        FiredRule::new(
            RuleId::OblProcessor,
            "Skolen er databehandler: den dataansvarlige skal underrettes uden unødig forsinkelse og står selv for anmeldelse til Datatilsynet og underretning af de berørte.",
            "The school is processor: the controller must be told without undue delay and handles notifying Datatilsynet and the people affected.",
        )
    })
}

/// Notifying Datatilsynet (art. 33(1)): required unless there is no risk or
/// the school is processor; due `aware_at + 72 h` in UTC, shown whenever
/// `aware_at` is known (the clock runs while the assessment may change).
pub fn notify_authority(report: &Report, risk: RiskLevel, now: DateTime<Utc>) -> NotifyAuthority {
    let required = report.role != Some(Role::Processor) && risk != RiskLevel::None;
    let due = report.timeline.aware_at.and_then(deadline);
    NotifyAuthority {
        required,
        deadline: due.map(Timestamp::from),
        overdue: required && due.is_some_and(|due| now > due),
    }
}

/// Telling the people affected (art. 34): at high risk, unless the school
/// is processor or an art. 34(3) exception applies (`OBL-SUBJECT-EXCEPTION`);
/// the third exception (disproportionate effort) needs a public
/// communication instead.
pub fn notify_subjects(report: &Report, risk: RiskLevel) -> (NotifySubjects, Option<FiredRule>) {
    let high = report.role != Some(Role::Processor) && risk == RiskLevel::High;
    let exception = report.subject_notice_exception.filter(|_| high);
    let rule = exception.map(|exception| {
        FiredRule::new(
            RuleId::OblSubjectException,
            format!(
                "De berørte skal ikke underrettes direkte: {}.",
                lowercase(exception.da())
            ),
            format!(
                "The people affected need not be told directly: {}.",
                lowercase(exception.en())
            ),
        )
    });
    let duty = NotifySubjects {
        required: high && exception.is_none(),
        exception,
        public_communication: exception == Some(NoticeException::Disproportionate),
    };
    (duty, rule)
}

/// The organisation's own steps whose condition holds for these duties.
pub fn organisation_steps(
    org: &OrgProfile,
    authority: &NotifyAuthority,
    subjects: &NotifySubjects,
    controller: &NotifyController,
) -> Vec<StepDue> {
    org.steps
        .iter()
        .filter(|step| match step.when {
            StepCondition::Always => true,
            StepCondition::NotifyAuthority => authority.required,
            StepCondition::NotifySubjects => subjects.required,
            StepCondition::PublicCommunication => subjects.public_communication,
            StepCondition::Processor => controller.required,
        })
        .map(|step| StepDue {
            id: step.id.clone(),
            da: step.da.clone(),
            en: step.en.clone(),
        })
        .collect()
}

/// Assesses a report (draft or complete) as of `now`: the risk stages once,
/// then the duties. With an organisation profile, its own steps that apply
/// are included in the obligations.
///
/// ```
/// # use brud_shared::{model::*, lang::Language, obligations::assess};
/// let mut report = Report::new_draft("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d", "demo", Language::Da);
/// report.timeline.aware_at = Some("2026-11-20T09:30:00+01:00".parse().unwrap());
/// report.nature.confidentiality = true;
/// report.data.categories = vec![DataCategory::Identity, DataCategory::Health];
/// report.circumstances.recipients = Some(Recipients::Known);
/// let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap().to_utc();
/// let assessment = assess(&report, None, now);
/// assert_eq!(assessment.risk, RiskLevel::High);
/// assert_eq!(assessment.obligations.notify_authority.deadline.unwrap().to_string(), "2026-11-23T08:30:00Z");
/// ```
pub fn assess(report: &Report, org: Option<&OrgProfile>, now: DateTime<Utc>) -> Assessment {
    let evaluation = evaluate(report);
    let mut rules = evaluation.rules;
    let computed_risk = evaluation.level;
    let (risk, override_rule) = effective_risk(report, computed_risk);
    rules.extend(override_rule);
    rules.extend(processor(report));
    let notify_authority = notify_authority(report, risk, now);
    let (notify_subjects, exception_rule) = notify_subjects(report, risk);
    rules.extend(exception_rule);
    let notify_controller = notify_controller(report, org, now);
    let steps = org
        .map(|org| organisation_steps(org, &notify_authority, &notify_subjects, &notify_controller))
        .unwrap_or_default();
    Assessment {
        severity: evaluation.severity,
        risk,
        computed_risk,
        rules,
        obligations: Obligations {
            record: true,
            notify_authority,
            notify_subjects,
            notify_controller,
            steps,
        },
    }
}

/// What the report must still say for its duties, given its assessment:
/// when complete and past the deadline of a required notification, the
/// reason for the delay (art. 33(1)). Field problems are
/// [`crate::validate`](mod@crate::validate)'s; these need the assessment.
/// (An exception from telling the people affected is no answer of a
/// report: the DPO records it on the case.)
pub fn problems(report: &Report, assessment: &Assessment, mode: Mode) -> Vec<Problem> {
    let mut problems = Vec::new();
    let late = assessment.obligations.notify_authority.overdue;
    let reason_missing = report
        .late_reason
        .as_deref()
        .is_none_or(|reason| reason.trim().is_empty());
    if mode == Mode::Complete && late && reason_missing {
        problems.push(Problem::new(
            FieldPath::LateReason,
            ProblemCode::LateReasonRequired,
            "Fristen på 72 timer er overskredet. Skriv hvorfor anmeldelsen kommer for sent; Datatilsynet kræver en begrundelse.",
            "The 72-hour deadline has passed. Say why the notification is late; Datatilsynet requires a reason.",
        ));
    }
    problems
}

/// A report checked as a whole: its validation (field problems and duty
/// problems) and its assessment, both as of the same `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Examination {
    /// Every problem: [`validate`]'s, then [`problems`]'.
    pub validation: Validation,
    /// The assessment.
    pub assessment: Assessment,
}

/// Every problem with a report whose assessment is already known:
/// [`validate`]'s, then [`problems`]'. The form keeps its live assessment
/// and validates against it; [`examine`] does both at once.
pub fn validate_with(
    report: &Report,
    assessment: &Assessment,
    mode: Mode,
    now: DateTime<Utc>,
) -> Validation {
    let mut validation = validate(report, mode, now);
    validation.errors.extend(problems(report, assessment, mode));
    validation
}

/// Validates and assesses a report in one go, as the Worker does on every
/// POST and the form on Continue.
pub fn examine(
    report: &Report,
    org: Option<&OrgProfile>,
    mode: Mode,
    now: DateTime<Utc>,
) -> Examination {
    let assessment = assess(report, org, now);
    Examination {
        validation: validate_with(report, &assessment, mode, now),
        assessment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::risk::test_support::*;

    #[test]
    fn override_changes_risk_but_keeps_computed_risk() {
        let mut report = with_categories(&[DataCategory::Contact]);
        report.risk_override = Some(RiskOverride {
            risk: RiskLevel::Risk,
            justification: Some("Modtageren er en journalist.".into()),
        });
        let now = Utc::now();
        let assessment = assess(&report, None, now);
        assert_eq!(assessment.computed_risk, RiskLevel::None);
        assert_eq!(assessment.risk, RiskLevel::Risk);
        assert!(assessment.obligations.notify_authority.required);
        assert!(ids(&assessment.rules).contains(&RuleId::RiskOverride));
    }

    #[test]
    fn processor_notifies_controller_not_authority() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.role = Some(Role::Processor);
        let assessment = assess(&report, None, Utc::now());
        assert_eq!(assessment.risk, RiskLevel::High);
        assert!(assessment.obligations.notify_controller.required);
        assert!(!assessment.obligations.notify_authority.required);
        assert!(!assessment.obligations.notify_subjects.required);
        assert!(ids(&assessment.rules).contains(&RuleId::OblProcessor));
    }

    #[test]
    fn subject_exception_replaces_notice_and_disproportionate_needs_public_communication() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.subject_notice_exception = Some(NoticeException::Disproportionate);
        let obligations = assess(&report, None, Utc::now()).obligations;
        assert!(!obligations.notify_subjects.required);
        assert_eq!(
            obligations.notify_subjects.exception,
            Some(NoticeException::Disproportionate)
        );
        assert!(obligations.notify_subjects.public_communication);
        report.subject_notice_exception = Some(NoticeException::Mitigated);
        let obligations = assess(&report, None, Utc::now()).obligations;
        assert!(!obligations.notify_subjects.public_communication);
    }

    #[test]
    fn deadline_and_overdue() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.timeline.aware_at = Some("2026-11-20T09:30:00+01:00".parse().unwrap());
        let before = DateTime::parse_from_rfc3339("2026-11-23T08:29:59Z")
            .unwrap()
            .to_utc();
        let after = DateTime::parse_from_rfc3339("2026-11-23T08:30:01Z")
            .unwrap()
            .to_utc();
        let a = assess(&report, None, before).obligations.notify_authority;
        assert_eq!(a.deadline.unwrap().to_string(), "2026-11-23T08:30:00Z");
        assert!(a.required && !a.overdue);
        assert!(
            assess(&report, None, after)
                .obligations
                .notify_authority
                .overdue
        );
        // No notification needed: never overdue, but the clock is still shown.
        report.circumstances.unintelligible = Some(true);
        let a = assess(&report, None, after).obligations.notify_authority;
        assert!(!a.required && !a.overdue && a.deadline.is_some());
    }

    #[test]
    fn record_is_always_required() {
        let report = with_categories(&[DataCategory::Contact]);
        assert!(assess(&report, None, Utc::now()).obligations.record);
    }
}
