//! Worked cases of the ENISA severity method, with the expected figures
//! read off ENISA's tables by hand, not computed by the code under test.
//!
//! Source: ENISA, "Recommendations for a methodology of the assessment of
//! severity of personal data breaches", v1.0, December 2013:
//!
//! - DPC (data processing context): simple data 1, behavioural 2, financial
//!   3, sensitive 4; raised for vulnerable subjects (children), capped at 4;
//! - EI (ease of identification): negligible 0.25, limited 0.5,
//!   significant 0.75, maximum 1;
//! - CB (circumstances of the breach), added: confidentiality +0.25 (known
//!   recipients, or exposure without evidence of access) or +0.5 (unknown
//!   recipients, published); integrity +0.25 (recoverable) or +0.5 (not
//!   recoverable); availability +0.25 (temporary) or +0.5 (permanent);
//!   malicious intent +0.5;
//! - SE = DPC × EI + CB; low below 2, medium from 2, high from 3, very high
//!   from 4.
//!
//! Brud's school-specific additions (education data as DPC 2, CPR as 3,
//! children raising DPC one step) are documented on the rules; the cases
//! below say which table row gives each figure.

use brud_shared::model::{
    AvailabilityLoss, DataCategory, IncidentType, Recipients, Report, SubjectCategory,
};
use brud_shared::risk::{evaluate, Band};
use brud_shared::Language;

/// What ENISA's tables give for a case.
struct Expected {
    dpc: u8,
    ei: f64,
    cb: f64,
    score: f64,
    band: Band,
}

/// A report about adults (no children, nobody vulnerable), nothing lost
/// yet, no malice: each case sets what it is about.
fn case(categories: &[DataCategory]) -> Report {
    let mut report =
        Report::new_draft("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d", "demo", Language::Da);
    report.data.subjects = vec![SubjectCategory::Staff];
    report.data.categories = categories.to_vec();
    report.data.minors = Some(false);
    report.data.vulnerable = Some(false);
    report.circumstances.malicious = Some(false);
    report
}

fn confidentiality(mut report: Report, recipients: Recipients) -> Report {
    report.nature.confidentiality = true;
    report.circumstances.recipients = Some(recipients);
    report
}

fn check(name: &str, report: &Report, expected: Expected) {
    let severity = evaluate(report).severity;
    let got = (
        severity.dpc,
        severity.ei,
        severity.cb,
        severity.score,
        severity.band,
    );
    let want = (
        expected.dpc,
        expected.ei,
        expected.cb,
        expected.score,
        expected.band,
    );
    assert_eq!(got, want, "{name}: (DPC, EI, CB, SE, band)");
}

#[test]
fn a_staff_phone_list_sent_to_one_wrong_colleague_is_low() {
    // Simple data (1) × maximum identification, names (1) + known recipient
    // (+0.25) = 1.25: low. ENISA's own example of simple data is a
    // supermarket's customer list.
    let report = confidentiality(
        case(&[DataCategory::Identity, DataCategory::Contact]),
        Recipients::Known,
    );
    check(
        "staff phone list",
        &report,
        Expected {
            dpc: 1,
            ei: 1.0,
            cb: 0.25,
            score: 1.25,
            band: Band::Low,
        },
    );
}

#[test]
fn a_pupils_named_ppr_referral_sent_to_another_parent_is_very_high() {
    // Health data is sensitive (4); children raise it, but DPC stops at 4.
    // Named (1). Known recipient (+0.25). 4 × 1 + 0.25 = 4.25: very high.
    let mut report = confidentiality(
        case(&[DataCategory::Identity, DataCategory::Health]),
        Recipients::Known,
    );
    report.data.subjects = vec![SubjectCategory::Pupils];
    report.data.minors = Some(true);
    check(
        "PPR referral",
        &report,
        Expected {
            dpc: 4,
            ei: 1.0,
            cb: 0.25,
            score: 4.25,
            band: Band::VeryHigh,
        },
    );
}

#[test]
fn unnamed_test_results_on_the_website_are_low() {
    // School records (2) without names: limited identification (0.5).
    // Published (+0.5). 2 × 0.5 + 0.5 = 1.5: low.
    let report = confidentiality(case(&[DataCategory::School]), Recipients::Public);
    check(
        "unnamed results published",
        &report,
        Expected {
            dpc: 2,
            ei: 0.5,
            cb: 0.5,
            score: 1.5,
            band: Band::Low,
        },
    );
}

#[test]
fn unnamed_salary_figures_to_unknown_recipients_are_exactly_medium() {
    // Financial data (3) × limited identification (0.5) + unknown recipients
    // (+0.5) = 2.0, the first score ENISA calls medium.
    let report = confidentiality(case(&[DataCategory::Financial]), Recipients::Unknown);
    check(
        "salary figures",
        &report,
        Expected {
            dpc: 3,
            ei: 0.5,
            cb: 0.5,
            score: 2.0,
            band: Band::Medium,
        },
    );
}

#[test]
fn a_published_list_of_cpr_numbers_is_high() {
    // CPR numbers (3 in Brud, as financial data) identify directly (1).
    // Published (+0.5). 3 × 1 + 0.5 = 3.5: high.
    let report = confidentiality(
        case(&[DataCategory::Identity, DataCategory::Cpr]),
        Recipients::Public,
    );
    check(
        "CPR list published",
        &report,
        Expected {
            dpc: 3,
            ei: 1.0,
            cb: 0.5,
            score: 3.5,
            band: Band::High,
        },
    );
}

#[test]
fn pupils_photos_shared_with_unknown_people_are_medium() {
    // Photos are behavioural data (2), raised for children (3); a face is
    // significant identification (0.75). Unknown recipients (+0.5).
    // 3 × 0.75 + 0.5 = 2.75: medium.
    let mut report = confidentiality(case(&[DataCategory::Images]), Recipients::Unknown);
    report.data.subjects = vec![SubjectCategory::Pupils];
    report.data.minors = Some(true);
    check(
        "photos of pupils",
        &report,
        Expected {
            dpc: 3,
            ei: 0.75,
            cb: 0.5,
            score: 2.75,
            band: Band::Medium,
        },
    );
}

#[test]
fn ransomware_that_destroyed_named_pupil_records_is_very_high() {
    // School records (2) of children (3), named (1). Availability lost for
    // good (+0.5), an attack (+0.5). 3 × 1 + 1.0 = 4.0: very high.
    let mut report = case(&[DataCategory::Identity, DataCategory::School]);
    report.data.subjects = vec![SubjectCategory::Pupils];
    report.data.minors = Some(true);
    report.nature.availability = true;
    report.nature.incident = Some(IncidentType::Ransomware);
    report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
    report.circumstances.malicious = Some(true);
    check(
        "ransomware, no backup",
        &report,
        Expected {
            dpc: 3,
            ei: 1.0,
            cb: 1.0,
            score: 4.0,
            band: Band::VeryHigh,
        },
    );
}

#[test]
fn staff_names_unavailable_for_a_day_and_restored_are_low() {
    // Simple data (1), named (1), temporarily unavailable (+0.25):
    // 1.25, low.
    let mut report = case(&[DataCategory::Identity]);
    report.nature.availability = true;
    report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
    check(
        "temporary outage",
        &report,
        Expected {
            dpc: 1,
            ei: 1.0,
            cb: 0.25,
            score: 1.25,
            band: Band::Low,
        },
    );
}

#[test]
fn altered_grades_score_by_whether_they_can_be_restored() {
    // Named school records of children: (2 + 1) × 1 = 3, plus integrity:
    // not recoverable +0.5 (3.5, high); recoverable +0.25 (3.25, high).
    // For adults the base stays 2: 2 + 0.5 = 2.5 (medium) and 2 + 0.25 =
    // 2.25 (medium).
    let mut report = case(&[DataCategory::Identity, DataCategory::School]);
    report.nature.integrity = true;
    report.circumstances.integrity_recoverable = Some(false);
    check(
        "grades lost, adults",
        &report,
        Expected {
            dpc: 2,
            ei: 1.0,
            cb: 0.5,
            score: 2.5,
            band: Band::Medium,
        },
    );
    report.circumstances.integrity_recoverable = Some(true);
    check(
        "grades restorable, adults",
        &report,
        Expected {
            dpc: 2,
            ei: 1.0,
            cb: 0.25,
            score: 2.25,
            band: Band::Medium,
        },
    );
    report.data.minors = Some(true);
    check(
        "grades restorable, children",
        &report,
        Expected {
            dpc: 3,
            ei: 1.0,
            cb: 0.25,
            score: 3.25,
            band: Band::High,
        },
    );
    report.circumstances.integrity_recoverable = Some(false);
    check(
        "grades lost, children",
        &report,
        Expected {
            dpc: 3,
            ei: 1.0,
            cb: 0.5,
            score: 3.5,
            band: Band::High,
        },
    );
}

#[test]
fn a_phished_staff_password_counts_what_it_unlocks_and_the_attack() {
    // Credentials take the DPC of what they open; with nothing else ticked
    // Brud assumes a school account (2). A log-in identifies significantly
    // (0.75). Taken by unknown people (+0.5) in an attack (+0.5):
    // 2 × 0.75 + 1.0 = 2.5, medium.
    let mut report = confidentiality(case(&[DataCategory::Credentials]), Recipients::Unknown);
    report.nature.incident = Some(IncidentType::Phishing);
    report.circumstances.malicious = Some(true);
    check(
        "phished password",
        &report,
        Expected {
            dpc: 2,
            ei: 0.75,
            cb: 1.0,
            score: 2.5,
            band: Band::Medium,
        },
    );
    // The same account holding health data: sensitive (4), 4 × 0.75 + 1 = 4.
    report.data.categories.push(DataCategory::Health);
    check(
        "phished password to health data",
        &report,
        Expected {
            dpc: 4,
            ei: 0.75,
            cb: 1.0,
            score: 4.0,
            band: Band::VeryHigh,
        },
    );
}
