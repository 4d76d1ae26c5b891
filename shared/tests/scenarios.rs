//! Realistic school breaches, each asserting what a Danish DPO would expect
//! the assessment and the obligations to be.

mod common;

use brud_shared::model::*;
use brud_shared::risk::*;
use brud_shared::{examine, Assessment, Mode};
use common::*;

fn assessed(report: &Report) -> Assessment {
    let examination = examine(report, Some(&org(&report.org)), Mode::Complete, now());
    let validation = examination.validation;
    assert!(
        validation.errors.is_empty(),
        "scenario must be a valid complete report: {:#?}",
        validation.errors
    );
    assert!(
        validation.warnings.is_empty(),
        "no personal data in the texts: {:#?}",
        validation.warnings
    );
    examination.assessment
}

fn rule_ids(assessment: &Assessment) -> Vec<RuleId> {
    assessment.rules.iter().map(|r| r.id).collect()
}

fn step_ids(assessment: &Assessment) -> Vec<&str> {
    assessment
        .obligations
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .collect()
}

#[test]
fn misdirected_aula_message_with_ppr_referral_is_high_risk() {
    let a = assessed(&misdirected_aula());
    // Health data (4) of children, named (1), to a known family (0.25).
    assert_eq!(
        (a.severity.dpc, a.severity.ei, a.severity.cb),
        (4, 1.0, 0.25)
    );
    assert_eq!(a.severity.band, Band::VeryHigh);
    assert_eq!(a.risk, RiskLevel::High);
    let o = &a.obligations;
    assert!(o.record);
    assert!(o.notify_authority.required);
    assert_eq!(
        o.notify_authority.deadline.unwrap().to_string(),
        "2026-11-23T08:30:00Z"
    );
    assert!(!o.notify_authority.overdue);
    assert!(
        o.notify_subjects.required,
        "the pupil's parents must be told"
    );
    assert!(!o.notify_controller.required);
    assert_eq!(
        step_ids(&a),
        [
            "involve_dpo",
            "document_risk_assessment",
            "notify_datatilsynet",
            "notify_subjects",
            "register_entry"
        ]
    );
    assert!(rule_ids(&a).contains(&RuleId::DpcSensitive));
    assert!(rule_ids(&a).contains(&RuleId::DpcMinors));
}

#[test]
fn misdirected_meeting_invitation_is_recorded_only() {
    let a = assessed(&misdirected_meeting_invitation());
    assert_eq!(a.severity.score, 1.25);
    assert_eq!(a.risk, RiskLevel::None);
    let o = &a.obligations;
    assert!(o.record);
    assert!(!o.notify_authority.required);
    assert!(!o.notify_subjects.required);
    assert_eq!(
        step_ids(&a),
        ["involve_dpo", "document_risk_assessment", "register_entry"]
    );
}

#[test]
fn lost_unencrypted_usb_stick_with_pupil_plans_is_notified() {
    let a = assessed(&lost_usb_stick());
    assert_eq!(a.severity.score, 3.25);
    // Changed with the calibration on the authorities' cases (issue 9):
    // ENISA's high band (3.25) is a risk, not the GDPR's high risk. Nobody
    // is known to have found the stick; 25 pupils' plans are school
    // records, not sensitive data. Datatilsynet is notified; the families
    // are told only if the DPO raises the level (or the stick turns up in
    // the wrong hands, or more than 100 pupils are on it).
    assert_eq!(a.risk, RiskLevel::Risk);
    assert!(a.obligations.notify_authority.required);
    assert!(!a.obligations.notify_subjects.required);
    assert!(rule_ids(&a).contains(&RuleId::CbConfidentialityExposed));
    // The Kulturskole's own procedure, in its order.
    assert_eq!(
        step_ids(&a),
        [
            "stop_incident",
            "mail_breach_mailbox",
            "inform_leader",
            "leader_checks",
            "topdesk_ticket",
            "edoc_case",
            "notify_datatilsynet"
        ]
    );
}

#[test]
fn phished_office365_account_is_high_risk() {
    let a = assessed(&phished_office365());
    assert_eq!(
        a.severity.dpc, 3,
        "credentials count as the school records they open, +1 for children"
    );
    assert_eq!(a.severity.cb, 1.0, "unknown recipients and malicious");
    assert_eq!(a.risk, RiskLevel::High);
    assert!(rule_ids(&a).contains(&RuleId::DpcCredentials));
    assert!(rule_ids(&a).contains(&RuleId::CbMalicious));
    assert!(a.obligations.notify_authority.required);
    assert!(a.obligations.notify_subjects.required);
}

#[test]
fn stolen_encrypted_laptop_with_backup_is_recorded_only() {
    let a = assessed(&stolen_encrypted_laptop());
    assert_eq!(
        a.severity.band,
        Band::VeryHigh,
        "the score alone says very high"
    );
    assert_eq!(
        a.risk,
        RiskLevel::None,
        "but the data cannot be read and nothing is lost"
    );
    assert!(rule_ids(&a).contains(&RuleId::RiskUnintelligible));
    assert!(!a.obligations.notify_authority.required);
    assert!(!a.obligations.notify_subjects.required);
    assert!(a.obligations.record);
}

#[test]
fn ransomware_with_backup_is_recorded_only() {
    let a = assessed(&ransomware(true));
    assert_eq!(a.risk, RiskLevel::None);
    assert!(rule_ids(&a).contains(&RuleId::RiskRestoredAvailability));
    assert!(!a.obligations.notify_authority.required);
}

#[test]
fn ransomware_without_backup_must_be_notified_and_told() {
    let a = assessed(&ransomware(false));
    assert!(rule_ids(&a).contains(&RuleId::CbAvailabilityPermanent));
    assert!(rule_ids(&a).contains(&RuleId::RiskLargeScale));
    assert_eq!(a.risk, RiskLevel::High);
    assert!(a.obligations.notify_authority.required);
    assert!(a.obligations.notify_subjects.required);
}

#[test]
fn processor_tells_the_controller_and_leaves_datatilsynet_to_it() {
    let a = assessed(&processor_case());
    assert_eq!(a.risk, RiskLevel::High);
    let o = &a.obligations;
    assert!(o.notify_controller.required);
    assert!(!o.notify_authority.required);
    assert!(!o.notify_subjects.required);
    assert_eq!(
        step_ids(&a),
        [
            "involve_dpo",
            "document_risk_assessment",
            "notify_controller",
            "register_entry"
        ]
    );
    assert!(rule_ids(&a).contains(&RuleId::OblProcessor));
}

#[test]
fn published_cpr_numbers_are_high_risk_by_the_hard_rule() {
    let a = assessed(&published_cpr_list());
    assert_eq!(a.risk, RiskLevel::High);
    assert!(rule_ids(&a).contains(&RuleId::RiskVerySerious));
    assert!(a.obligations.notify_subjects.required);
}

#[test]
fn grades_mailed_to_a_colleague_who_deleted_them_are_recorded_only() {
    let mut report = lost_usb_stick();
    report.nature.incident = Some(IncidentType::MisdirectedEmail);
    report.circumstances.recipients = Some(Recipients::Known);
    report.circumstances.recipient_bound_by_confidentiality = Some(true);
    report.circumstances.recovered = Some(true);
    let a = assessed(&report);
    assert!(rule_ids(&a).contains(&RuleId::RiskBoundRecipientDeleted));
    // Changed with the calibration (issue 9): a trusted recipient with a
    // duty of confidentiality who deleted the data leaves no risk (EDPB
    // Guidelines 01/2021 case 9); it was "risk" (one step down from high).
    assert_eq!(a.risk, RiskLevel::None);
    assert!(!a.obligations.notify_authority.required);
    assert!(!a.obligations.notify_subjects.required);
    assert!(a.obligations.record);
}

#[test]
fn a_late_report_needs_reasons_and_is_overdue() {
    let mut report = misdirected_aula();
    report.timeline.aware_at = Some(ts("2026-11-18T09:30:00+01:00"));
    report.timeline.occurred = Some(Occurred {
        precision: OccurredPrecision::Exact,
        at: Some(ts("2026-11-18T08:00:00+01:00")),
        from: None,
        to: None,
    });
    let validation = examine(&report, Some(&org(&report.org)), Mode::Complete, now()).validation;
    assert!(
        validation.errors.iter().any(|p| p.field == "late_reason"),
        "{:#?}",
        validation.errors
    );
    report.late_reason = Some("Bruddet blev først meldt til ledelsen efter weekenden.".into());
    let a = assessed(&report);
    assert!(a.obligations.notify_authority.overdue);
}

#[test]
fn high_risk_with_an_exception_is_not_told_directly() {
    // A report stored before the exception became the DPO's alone still
    // assesses as it did.
    let mut report = published_cpr_list();
    report.subject_notice_exception = Some(NoticeException::Disproportionate);
    let a = brud_shared::assess(&report, Some(&common::org("zahles")), common::now());
    assert!(!a.obligations.notify_subjects.required);
    assert!(a.obligations.notify_subjects.public_communication);
    assert!(step_ids(&a).contains(&"public_communication"));
    assert!(rule_ids(&a).contains(&RuleId::OblSubjectException));
}

#[test]
fn every_fired_rule_explains_itself_in_both_languages() {
    for report in [
        misdirected_aula(),
        lost_usb_stick(),
        phished_office365(),
        stolen_encrypted_laptop(),
        ransomware(true),
        ransomware(false),
        processor_case(),
        published_cpr_list(),
    ] {
        let a = assessed(&report);
        assert!(a.rules.iter().any(|r| r.id == RuleId::RiskBand));
        for rule in &a.rules {
            assert!(!rule.da.is_empty() && !rule.en.is_empty(), "{}", rule.id);
            assert_ne!(rule.da, rule.en, "{} is translated", rule.id);
        }
    }
}
