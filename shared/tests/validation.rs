//! Validation: every rule the issue names, on whole reports.

mod common;

use brud_shared::model::*;
use brud_shared::validate::{LIMIT_DESCRIPTION, LIMIT_NAME, LIMIT_TEXT, MAX_SUBJECTS};
use brud_shared::{examine, Language, Mode, Problem, ProblemCode, Validation};
use chrono::{DateTime, Utc};
use common::*;

/// Everything a client is told about a report: the field checks and the
/// checks that need its assessment (`examine`).
fn validate(report: &Report, mode: Mode, now: DateTime<Utc>) -> Validation {
    examine(report, None, mode, now).validation
}

fn complete(report: &Report) -> Validation {
    validate(report, Mode::Complete, now())
}

fn draft(report: &Report) -> Validation {
    validate(report, Mode::Draft, now())
}

fn has(problems: &[Problem], field: &str, code: ProblemCode) -> bool {
    problems.iter().any(|p| p.field == field && p.code == code)
}

#[test]
fn an_empty_draft_is_fine_as_a_draft_and_lists_every_gap_when_complete() {
    let empty = Report::new_draft(
        "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
        "zahles",
        Language::Da,
    );
    assert_eq!(draft(&empty), Validation::default());
    let v = complete(&empty);
    for field in [
        "reporter.name",
        "reporter.role",
        "timeline.occurred.precision",
        "timeline.ongoing",
        "timeline.aware_at",
        "timeline.discovered_by",
        "nature.incident",
        "nature.cause",
        "nature.description",
        "containment.stopped",
        "containment.planned",
        "containment.prevention",
        "data.subjects",
        "data.minors",
        "data.vulnerable",
        "data.subject_count.precision",
        "data.record_count.precision",
        "data.categories",
        "circumstances.malicious",
        "role",
        "handling.leader_informed",
        "handling.handler",
    ] {
        assert!(
            has(&v.errors, field, ProblemCode::Required),
            "{field} required: {:#?}",
            v.errors
        );
    }
    assert!(has(
        &v.errors,
        "reporter.email",
        ProblemCode::ContactRequired
    ));
    assert!(has(
        &v.errors,
        "nature.confidentiality",
        ProblemCode::NothingAffected
    ));
}

#[test]
fn every_message_is_written_in_both_languages() {
    let mut report = Report::new_draft("bad", "Bad Org", Language::Da);
    report.data.subject_count = Some(Count::exact(-1));
    let v = complete(&report);
    assert!(v.errors.len() > 20);
    for problem in v.errors.iter().chain(&v.warnings) {
        assert!(
            !problem.da.is_empty() && !problem.en.is_empty(),
            "{problem:?}"
        );
        assert_ne!(problem.da, problem.en, "{problem:?}");
        assert!(
            !problem.da.contains("serde") && !problem.en.contains("Option"),
            "{problem:?}"
        );
    }
}

#[test]
fn a_realistic_complete_report_is_valid() {
    assert!(complete(&misdirected_aula()).is_valid());
}

#[test]
fn reporter_needs_email_or_phone_and_they_must_look_right() {
    let mut report = misdirected_aula();
    report.reporter.email = None;
    report.reporter.phone = Some("12 34 56 78".into());
    assert!(complete(&report).is_valid());
    report.reporter.phone = Some("ring".into());
    assert!(has(
        &complete(&report).errors,
        "reporter.phone",
        ProblemCode::InvalidFormat
    ));
    report.reporter.email = Some("anne(at)example.dk".into());
    assert!(has(
        &draft(&report).errors,
        "reporter.email",
        ProblemCode::InvalidFormat
    ));
}

#[test]
fn text_limits_are_enforced_in_characters() {
    let mut report = misdirected_aula();
    // Danish letters are two bytes each but count once.
    report.nature.description = Some("æ".repeat(LIMIT_DESCRIPTION));
    assert!(complete(&report).is_valid());
    report.nature.description = Some("æ".repeat(LIMIT_DESCRIPTION + 1));
    report.containment.how = Some("x".repeat(LIMIT_TEXT + 1));
    report.reporter.name = Some("x".repeat(LIMIT_NAME + 1));
    let v = draft(&report);
    for field in ["nature.description", "containment.how", "reporter.name"] {
        assert!(has(&v.errors, field, ProblemCode::TooLong), "{field}");
    }
    let message = &v
        .errors
        .iter()
        .find(|p| p.field == "containment.how")
        .unwrap()
        .da;
    assert!(
        message.contains("2000") && message.contains("2001"),
        "{message}"
    );
}

#[test]
fn counts_must_be_zero_or_more_and_plausible() {
    let mut report = misdirected_aula();
    report.data.subject_count = Some(Count::exact(-2));
    assert!(has(
        &draft(&report).errors,
        "data.subject_count.value",
        ProblemCode::Negative
    ));
    report.data.subject_count = Some(Count::approximate(MAX_SUBJECTS + 1));
    assert!(has(
        &draft(&report).errors,
        "data.subject_count.value",
        ProblemCode::Implausible
    ));
    report.data.subject_count = Some(Count::exact(0));
    assert!(draft(&report).is_valid(), "a draft may hold 0 while typing");
    assert!(has(
        &complete(&report).errors,
        "data.subject_count.value",
        ProblemCode::NoSubjects
    ));
    report.data.subject_count = Some(Count::unknown());
    report.data.record_count = Some(Count::exact(0));
    assert!(
        complete(&report).is_valid(),
        "0 records is possible, e.g. a lost device that held none"
    );
}

#[test]
fn count_shapes_must_be_consistent() {
    let mut report = misdirected_aula();
    report.data.subject_count = Some(Count {
        precision: CountPrecision::Unknown,
        value: Some(5),
    });
    assert!(has(
        &draft(&report).errors,
        "data.subject_count.value",
        ProblemCode::Inconsistent
    ));
    report.data.subject_count = Some(Count {
        precision: CountPrecision::Approximate,
        value: None,
    });
    assert!(draft(&report).is_valid());
    assert!(has(
        &complete(&report).errors,
        "data.subject_count.value",
        ProblemCode::Required
    ));
}

#[test]
fn aware_at_cannot_be_in_the_future_beyond_clock_skew() {
    let mut report = misdirected_aula();
    report.timeline.aware_at = Some(ts("2026-11-22T12:04:00Z"));
    assert!(draft(&report).is_valid(), "4 minutes ahead: a phone clock");
    report.timeline.aware_at = Some(ts("2026-11-22T14:00:00+01:00"));
    assert!(has(
        &draft(&report).errors,
        "timeline.aware_at",
        ProblemCode::InFuture
    ));
}

#[test]
fn aware_at_cannot_be_before_the_breach() {
    let mut report = misdirected_aula();
    report.timeline.aware_at = Some(ts("2026-11-20T08:00:00+01:00"));
    assert!(has(
        &draft(&report).errors,
        "timeline.aware_at",
        ProblemCode::BeforeOccurrence
    ));
    // For a period, the earliest possible time counts.
    report.timeline.occurred = Some(Occurred {
        precision: OccurredPrecision::Approximate,
        at: None,
        from: Some(ts("2026-11-19T00:00:00+01:00")),
        to: Some(ts("2026-11-20T10:00:00+01:00")),
    });
    assert!(draft(&report).is_valid());
}

#[test]
fn occurred_shapes_must_match_their_precision() {
    let mut report = misdirected_aula();
    let occurred = |precision, at: Option<&str>, from: Option<&str>, to: Option<&str>| Occurred {
        precision,
        at: at.map(ts),
        from: from.map(ts),
        to: to.map(ts),
    };
    report.timeline.occurred = Some(occurred(OccurredPrecision::Exact, None, None, None));
    assert!(has(
        &complete(&report).errors,
        "timeline.occurred.at",
        ProblemCode::Required
    ));
    report.timeline.occurred = Some(occurred(
        OccurredPrecision::Exact,
        Some("2026-11-20T08:00:00Z"),
        Some("2026-11-20T07:00:00Z"),
        None,
    ));
    assert!(has(
        &draft(&report).errors,
        "timeline.occurred",
        ProblemCode::Inconsistent
    ));
    report.timeline.occurred = Some(occurred(
        OccurredPrecision::Approximate,
        None,
        Some("2026-11-20T08:00:00Z"),
        Some("2026-11-20T07:00:00Z"),
    ));
    assert!(has(
        &draft(&report).errors,
        "timeline.occurred.to",
        ProblemCode::InvalidRange
    ));
    report.timeline.occurred = Some(occurred(
        OccurredPrecision::Approximate,
        None,
        Some("2026-11-20T07:00:00Z"),
        None,
    ));
    assert!(has(
        &complete(&report).errors,
        "timeline.occurred.to",
        ProblemCode::Required
    ));
    report.timeline.occurred = Some(occurred(
        OccurredPrecision::Unknown,
        Some("2026-11-20T07:00:00Z"),
        None,
        None,
    ));
    assert!(has(
        &draft(&report).errors,
        "timeline.occurred",
        ProblemCode::Inconsistent
    ));
    report.timeline.occurred = Some(occurred(OccurredPrecision::Unknown, None, None, None));
    assert!(complete(&report).is_valid());
}

#[test]
fn the_risk_and_an_exception_are_the_dpos_to_decide_not_the_reports() {
    // Posted by anyone on the internet, a report that sets the risk or
    // switches off telling the people affected is refused, in a draft too
    // (`/api/assess`), naming the field.
    let mut report = published_cpr_list();
    report.risk_override = Some(RiskOverride {
        risk: RiskLevel::None,
        justification: Some("Ingen risiko".into()),
    });
    assert!(has(
        &draft(&report).errors,
        "override",
        ProblemCode::DecidedOnDesk
    ));
    assert!(has(
        &complete(&report).errors,
        "override",
        ProblemCode::DecidedOnDesk
    ));
    report.risk_override = None;
    report.subject_notice_exception = Some(NoticeException::Disproportionate);
    let refused = complete(&report);
    assert!(has(
        &refused.errors,
        "subject_notice_exception",
        ProblemCode::DecidedOnDesk
    ));
    let problem = refused
        .errors
        .iter()
        .find(|p| p.field == "subject_notice_exception")
        .unwrap();
    assert!(problem.da.contains("DPO"), "{}", problem.da);
    assert!(problem.en.contains("DPO"), "{}", problem.en);
    // `null`, as old drafts have it, is no answer.
    report.subject_notice_exception = None;
    assert!(complete(&report).is_valid());
}

#[test]
fn a_processor_needs_the_controller() {
    let mut report = misdirected_aula();
    report.role = Some(Role::Processor);
    let v = complete(&report);
    assert!(has(
        &v.errors,
        "controller.name",
        ProblemCode::ControllerRequired
    ));
    assert!(has(
        &v.errors,
        "controller.contact",
        ProblemCode::ControllerRequired
    ));
    report.controller = Some(Controller {
        name: Some("Idrætsforeningen".into()),
        contact: Some("formand@idraet.example".into()),
    });
    assert!(complete(&report).is_valid());
}

#[test]
fn past_the_deadline_a_complete_report_needs_late_reason() {
    let mut report = misdirected_aula();
    let late = at("2026-11-23T08:30:01Z");
    assert!(has(
        &validate(&report, Mode::Complete, late).errors,
        "late_reason",
        ProblemCode::LateReasonRequired
    ));
    assert!(
        validate(&report, Mode::Draft, late).is_valid(),
        "a draft is not told off yet"
    );
    report.late_reason =
        Some("Opdaget fredag aften, ledelsen var først tilgængelig mandag.".into());
    assert!(validate(&report, Mode::Complete, late).is_valid());
    // No notification due: no reason needed.
    let mut none = misdirected_meeting_invitation();
    none.late_reason = None;
    assert!(validate(&none, Mode::Complete, late).is_valid());
}

#[test]
fn saying_nothing_was_lost_when_availability_was_not_affected_is_consistent() {
    // Redundant, not contradictory: the report must be assessed.
    let mut report = misdirected_aula();
    assert!(!report.nature.availability);
    report.circumstances.availability_loss = Some(AvailabilityLoss::None);
    assert!(
        complete(&report).is_valid(),
        "{:#?}",
        complete(&report).errors
    );
    // A loss that did happen is still a contradiction.
    report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
    assert!(has(
        &draft(&report).errors,
        "circumstances.availability_loss",
        ProblemCode::Inconsistent
    ));
}

#[test]
fn circumstances_follow_the_kind_of_breach() {
    let mut report = misdirected_aula();
    report.circumstances.integrity_recoverable = Some(true);
    report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
    let v = draft(&report);
    assert!(has(
        &v.errors,
        "circumstances.integrity_recoverable",
        ProblemCode::Inconsistent
    ));
    assert!(has(
        &v.errors,
        "circumstances.availability_loss",
        ProblemCode::Inconsistent
    ));
    let mut report = misdirected_aula();
    report.nature.integrity = true;
    report.nature.availability = true;
    let v = complete(&report);
    assert!(has(
        &v.errors,
        "circumstances.integrity_recoverable",
        ProblemCode::Required
    ));
    assert!(has(
        &v.errors,
        "circumstances.availability_loss",
        ProblemCode::Required
    ));
    let mut report = misdirected_aula();
    report.circumstances.recipients = Some(Recipients::Public);
    report.circumstances.recipient_bound_by_confidentiality = Some(true);
    assert!(has(
        &draft(&report).errors,
        "circumstances.recipient_bound_by_confidentiality",
        ProblemCode::Inconsistent
    ));
}

#[test]
fn a_malicious_cause_contradicts_no_malice() {
    let mut report = misdirected_aula();
    report.nature.cause = Some(Cause::MaliciousExternal);
    report.circumstances.malicious = Some(false);
    assert!(has(
        &draft(&report).errors,
        "circumstances.malicious",
        ProblemCode::Inconsistent
    ));
}

#[test]
fn stopped_contradicts_ongoing() {
    let mut report = misdirected_aula();
    report.timeline.ongoing = Some(true);
    assert!(has(
        &draft(&report).errors,
        "containment.stopped",
        ProblemCode::Inconsistent
    ));
}

#[test]
fn duplicate_choices_are_pointed_at() {
    let mut report = misdirected_aula();
    report.data.categories = vec![
        DataCategory::Health,
        DataCategory::Contact,
        DataCategory::Health,
    ];
    assert!(has(
        &draft(&report).errors,
        "data.categories[2]",
        ProblemCode::Duplicate
    ));
}

#[test]
fn envelope_fields_are_checked() {
    let mut report = misdirected_aula();
    report.version = 2;
    report.id = "not-a-uuid".into();
    report.org = "../../etc".into();
    let v = draft(&report);
    assert!(has(&v.errors, "version", ProblemCode::UnsupportedVersion));
    assert!(has(&v.errors, "id", ProblemCode::InvalidFormat));
    assert!(has(&v.errors, "org", ProblemCode::InvalidFormat));
}

#[test]
fn personal_data_in_free_text_is_a_masked_warning_not_an_error() {
    let mut report = misdirected_aula();
    report.nature.description = Some(
        "Beskeden om eleven (cpr 120310-4321) gik til mor@familien.dk, der ringede fra 22 33 44 55.".into(),
    );
    let v = complete(&report);
    assert!(v.is_valid(), "warnings do not block sending");
    assert!(has(
        &v.warnings,
        "nature.description",
        ProblemCode::PossibleCpr
    ));
    assert!(has(
        &v.warnings,
        "nature.description",
        ProblemCode::PossibleEmail
    ));
    assert!(has(
        &v.warnings,
        "nature.description",
        ProblemCode::PossiblePhone
    ));
    let all = format!("{:?}", v.warnings);
    assert!(
        !all.contains("120310-4321")
            && !all.contains("mor@familien.dk")
            && !all.contains("22 33 44 55")
    );
    assert!(all.contains("12••••-••••") && all.contains("m•••@•••.dk") && all.contains("••••••55"));
}

#[test]
fn the_reporters_own_contact_details_are_not_warned_about() {
    let report = misdirected_aula();
    assert!(complete(&report).warnings.is_empty());
}
