//! The risk assessment: severity, risk level, and why.
//!
//! ## Method
//!
//! 1. **Severity** by ENISA's 2013 method ("Recommendations for a methodology
//!    of the assessment of severity of personal data breaches"):
//!    `SE = DPC × EI + CB`, banded low < 2 ≤ medium < 3 ≤ high < 4 ≤ very high.
//!    - DPC (data processing context, 1–4): the most critical category of data
//!      involved, raised for children and vulnerable persons, capped at 4.
//!    - EI (ease of identification, 0.25–1): how directly the data points to a
//!      person.
//!    - CB (circumstances of the breach): added for loss of confidentiality,
//!      integrity and availability, and for malicious intent.
//! 2. **Risk level** in the seeds' terms (none / risk / high): the band gives
//!    a starting level (low → none, medium and high → risk, very high →
//!    high); then the factors ENISA leaves outside the score move it: many
//!    people affected raise it one level; a recipient bound by
//!    confidentiality who confirmed deletion removes the risk of the
//!    disclosure; a breach of availability alone is none when the data was
//!    back within hours and risk when it was back after days, and data gone
//!    for good or for a time not known is at least risk; data that was
//!    unintelligible to anyone who got it (an encrypted device) leaves only
//!    the level of what else was lost or altered; a pupil's records seen by
//!    someone not bound by confidentiality, or looked up without a work
//!    reason, are at least risk; and Datatilsynet's hard rule sets high risk
//!    whenever very serious consequences are possible (ticked, or made
//!    possible by the data reaching strangers), however unlikely.
//!
//!    A lost or stolen device or papers counts as a loss of confidentiality
//!    unless encrypted, whatever was ticked, and an unanswered question
//!    counts as the worse answer: a worse or an extra answer never lowers
//!    the result (a property test in `shared/tests/properties.rs`).
//!
//! The rules are calibrated against reference cases with the authorities'
//! own conclusions (`shared/tests/reference_cases.rs`, `docs/method.md`).
//!
//! The stages are modules of their own, read bottom-up: [`severity`] (the
//! ENISA score), then [`level`] (the band and the factors that move it);
//! [`evaluate`] runs them in order. What the level obliges the school to do,
//! and an assessor's override, are [`crate::obligations`]' business.
//!
//! Every rule is one function with a stable [`RuleId`]. Each rule
//! that fires is reported with its id and a one-line reason in Danish and
//! English, so a DPO can see why the result is what it is. Unanswered
//! questions are treated conservatively (as the worse answer) so a draft
//! never looks safer than it may be.
//!
//! Scores are multiples of 0.25 and so exact in binary floating point.

use crate::model::{Report, RiskLevel};

pub mod level;
mod rule_id;
mod score;
pub mod severity;

pub use level::LARGE_SCALE_SUBJECTS;
pub use rule_id::RuleId;
pub use score::{format_score, Band, FiredRule, Severity};

/// What the rules make of a report: the severity, the level, and every rule
/// that fired, severity rules first.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The ENISA severity.
    pub severity: Severity,
    /// The computed risk level.
    pub level: RiskLevel,
    /// Every rule that fired, in the order applied.
    pub rules: Vec<FiredRule>,
}

/// Runs the stages in order: the severity ([`severity::severity`]), its
/// band's level ([`level::band_risk`]), then the factors outside the score.
pub fn evaluate(report: &Report) -> Evaluation {
    use level::*;
    let (severity, mut rules) = severity::severity(report);
    let (mut level, band_rule) = band_risk(&severity);
    rules.push(band_rule);
    if let Some(rule) = large_scale(report) {
        level = level.raised();
        rules.push(rule);
    }
    if let Some(rule) = bound_recipient_deleted(report) {
        // The disclosure carries no risk; what else was lost or altered
        // keeps the level it has alone.
        level = if report.nature.integrity || report.nature.availability {
            evaluate(&unreadable(report)).level
        } else {
            RiskLevel::None
        };
        rules.push(rule);
    }
    if let Some(rule) = restored_availability(report) {
        level = RiskLevel::None;
        rules.push(rule);
    }
    if let Some((exactly, rule)) = unavailable_for_days(report) {
        level = if exactly {
            RiskLevel::Risk
        } else {
            level.max(RiskLevel::Risk)
        };
        rules.push(rule);
    }
    if let Some((to_none, rule)) = unintelligible(report) {
        level = if to_none {
            RiskLevel::None
        } else {
            // Nobody could read it: what is left is what else was lost or
            // altered, at the level that loss alone has.
            evaluate(&unreadable(report)).level
        };
        rules.push(rule);
    }
    // A floor no rule above may lower: a deletion confirmed by whoever
    // looked a child up undoes nothing.
    if level == RiskLevel::None {
        if let Some(rule) = pupil_records(report) {
            level = RiskLevel::Risk;
            rules.push(rule);
        }
    }
    if let Some(rule) = very_serious_consequences(report) {
        level = RiskLevel::High;
        rules.push(rule);
    }
    Evaluation {
        severity,
        level,
        rules,
    }
}

/// Helpers for the tests of the risk stages and the obligations.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::lang::Language;
    use crate::model::*;

    /// A draft with confidentiality lost to known recipients, nothing else.
    pub fn base() -> Report {
        let mut report =
            Report::new_draft("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d", "demo", Language::Da);
        report.nature.confidentiality = true;
        report.circumstances.recipients = Some(Recipients::Known);
        report.circumstances.malicious = Some(false);
        report.data.minors = Some(false);
        report.data.vulnerable = Some(false);
        report.data.categories = vec![DataCategory::Identity];
        report
    }

    pub fn ids(rules: &[FiredRule]) -> Vec<RuleId> {
        rules.iter().map(|r| r.id).collect()
    }

    pub fn with_categories(categories: &[DataCategory]) -> Report {
        let mut report = base();
        report.data.categories = categories.to_vec();
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_written_as_people_write_them() {
        assert_eq!(format_score(4.25), "4.25");
        assert_eq!(format_score(3.0), "3");
        assert_eq!(format_score(2.5), "2.5");
        assert_eq!(format_score(0.75), "0.75");
        assert_eq!(format_score(5.0), "5");
    }

    #[test]
    fn band_boundaries_follow_enisa() {
        assert_eq!(Band::of(1.75), Band::Low);
        assert_eq!(Band::of(2.0), Band::Medium);
        assert_eq!(Band::of(2.75), Band::Medium);
        assert_eq!(Band::of(3.0), Band::High);
        assert_eq!(Band::of(4.0), Band::VeryHigh);
        assert_eq!(Band::of(5.5), Band::VeryHigh);
    }
}
