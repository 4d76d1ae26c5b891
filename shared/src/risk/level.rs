//! Stage 2: the risk level in the seeds' terms (none / risk / high).
//!
//! The severity band gives a starting level ([`band_risk`]); then the
//! factors ENISA leaves outside the score move it, one rule function each,
//! in the order [`super::evaluate`] applies them.

use crate::lang::{join_labels, Labelled, Language};
use crate::model::{
    AvailabilityLoss, Consequence, DataCategory, Recipients, Report, RiskLevel, Unavailability,
};

use super::rule_id::RuleId;
use super::score::{format_score, Band, FiredRule, Severity};

/// People affected from which a breach counts as large-scale (ENISA flags
/// breaches of more than 100 individuals for extra attention).
pub const LARGE_SCALE_SUBJECTS: i64 = 100;

/// `RISK-BAND`: the starting risk level from the severity band.
///
/// Why: ENISA's low band means people are unlikely to be affected, or
/// only by a few inconveniences (Zahles's "ingen risiko"). Its medium and
/// high bands mean significant inconveniences or consequences that people
/// can overcome, however hard: a risk, so Datatilsynet is notified
/// ("risiko"). Only its very high band, consequences people may never
/// overcome, is the GDPR's high risk that obliges telling them ("høj
/// risiko"). Mapping ENISA's "high" straight to "high risk" told families
/// about every misdirected letter: Datatilsynet's decision 2021-32-2067 (an
/// absence warning about one pupil sent to another pupil) and the EDPB's
/// Guidelines 01/2021 case 16 (one customer's letter in another's envelope)
/// find such breaches notifiable, but not a high risk.
///
/// Example: score 3.25 (high: one pupil's absence sent to the wrong family)
/// → risk; score 4.25 (very high: a PPR referral) → high.
pub fn band_risk(severity: &Severity) -> (RiskLevel, FiredRule) {
    let level = match severity.band {
        Band::Low => RiskLevel::None,
        Band::Medium | Band::High => RiskLevel::Risk,
        Band::VeryHigh => RiskLevel::High,
    };
    let score = format_score(severity.score);
    (
        level,
        FiredRule::new(
            RuleId::RiskBand,
            format!(
                "Alvorlighed {score} ({}) giver udgangspunktet {}.",
                severity.band.label(Language::Da),
                crate::lang::lowercase(level.da())
            ),
            format!(
                "Severity {score} ({}) gives a starting point of {}.",
                severity.band.label(Language::En),
                crate::lang::lowercase(level.en())
            ),
        ),
    )
}

/// `RISK-LARGE-SCALE`: at least [`LARGE_SCALE_SUBJECTS`] people affected
/// raises the level one step.
///
/// Why: ENISA leaves the number of people outside the score and tells the
/// assessor to weigh it after; the more people, the more likely someone is
/// harmed.
///
/// Example: the contact list of 150 parents sent to the wrong person → one
/// step up.
pub fn large_scale(report: &Report) -> Option<FiredRule> {
    let count = report.data.subject_count.as_ref()?.known_value()?;
    (count >= LARGE_SCALE_SUBJECTS).then(|| {
        FiredRule::new(
            RuleId::RiskLargeScale,
            format!("{count} personer er berørt (mindst {LARGE_SCALE_SUBJECTS}); risikoen hæves ét trin."),
            format!("{count} people are affected (at least {LARGE_SCALE_SUBJECTS}); the risk is raised one step."),
        )
    })
}

/// `RISK-BOUND-RECIPIENT-DELETED`: the only recipients were known, bound by
/// confidentiality and have confirmed deletion, and nobody acted maliciously:
/// no risk, recorded only.
///
/// Why: the EDPB's Guidelines 01/2021 case 9 (customer data sent by mistake
/// to a trusted agent, bound by confidentiality, who deleted it) finds the
/// breach unlikely to result in a risk: neither Datatilsynet nor the people
/// are told. Lowering one step left such a breach at "risk" whenever the
/// band was high. Very serious consequences still mean high risk
/// ([`very_serious_consequences`] comes after this rule).
///
/// Example: a pupil plan mailed to the wrong teacher at another municipal
/// school, who confirmed deleting it → recorded only.
pub fn bound_recipient_deleted(report: &Report) -> Option<FiredRule> {
    let c = &report.circumstances;
    let applies = report.nature.confidentiality
        && c.recipients == Some(Recipients::Known)
        && c.recipient_bound_by_confidentiality == Some(true)
        && c.recovered == Some(true)
        && !report.is_malicious();
    applies.then(|| {
        FiredRule::new(
            RuleId::RiskBoundRecipientDeleted,
            "Modtageren har tavshedspligt og har bekræftet at have slettet oplysningerne; det er ikke sandsynligt, at bruddet giver en risiko.",
            "The recipient is bound by confidentiality and confirmed deleting the data; the breach is unlikely to result in a risk.",
        )
    })
}

/// Availability lost for good, or not yet answered (assumed lost). A
/// temporary loss restored from backup does not last.
fn lasting_availability_loss(report: &Report) -> bool {
    report.nature.availability
        && !matches!(
            report.circumstances.availability_loss,
            Some(AvailabilityLoss::None | AvailabilityLoss::Temporary)
        )
}

/// Only availability was affected: nobody saw or altered the data. For an
/// attack that may have copied it (ransomware, malware, a hacked account)
/// that holds only once copying is ruled out
/// (`circumstances.exfiltration: ruled_out`).
fn availability_only(report: &Report) -> bool {
    let nature = &report.nature;
    nature.availability
        && !nature.confidentiality
        && !nature.integrity
        && !report.copying_not_ruled_out()
}

/// `RISK-RESTORED-AVAILABILITY`: only availability was affected (nobody
/// saw or altered the data), and nothing was lost after all or it was back
/// within hours: the level becomes none.
///
/// Why: the EDPB's Guidelines 01/2021 case 1 (ransomware, a backup readily
/// available, the data restored a few hours later, no exfiltration, no
/// effect on the day-to-day work) finds such a breach unlikely to result
/// in a risk. ENISA's score alone would still be high for sensitive data,
/// because DPC × EI does not depend on the kind of loss; this rule
/// corrects that. How long the data was gone is what tells case 1 from
/// case 2 ([`unavailable_for_days`]); while it is not answered the rule
/// does not apply (the conservative default). Case 1 holds only because
/// exfiltration was ruled out: for ransomware, malware or a hacked account
/// the rule needs `circumstances.exfiltration: ruled_out`, and copying
/// possible or unanswered leaves the score's level.
///
/// Example: ransomware locks the pupil-plan drive; it is restored from the
/// night's backup the same morning and logs show no data left → no risk,
/// recorded only.
pub fn restored_availability(report: &Report) -> Option<FiredRule> {
    let c = &report.circumstances;
    let back_within_hours = c.availability_loss == Some(AvailabilityLoss::Temporary)
        && c.unavailable_for == Some(Unavailability::Hours);
    let applies = availability_only(report)
        && (c.availability_loss == Some(AvailabilityLoss::None) || back_within_hours);
    applies.then(|| {
        FiredRule::new(
            RuleId::RiskRestoredAvailability,
            "Kun tilgængeligheden var ramt, og oplysningerne er genskabt; ingen har set eller ændret dem, så der er ingen risiko.",
            "Only availability was affected and the data has been restored; nobody saw or altered it, so there is no risk.",
        )
    })
}

/// `RISK-UNAVAILABLE-DAYS`: only availability was affected (nobody saw or
/// altered the data), it was not lost for good, and it was back after days:
/// the level is risk. Datatilsynet is notified; the people are not told
/// because of the delay alone.
///
/// Why: the EDPB's Guidelines 01/2021 case 2 (ransomware without a proper
/// backup; the data rebuilt from paper over five days, with delays for the
/// people affected) must be notified to the authority, but is not a high
/// risk for the people. ENISA's score would make it high for school
/// records of children, as if they had been disclosed. If the delay itself
/// can cause very serious harm (a care plan missing, as in the EDPB's
/// hospital case 3), the reporter ticks that consequence and
/// [`very_serious_consequences`] makes it high.
///
/// Example: ransomware locks the drive with pupils' records; there is no
/// backup and the office rebuilds the records from paper over a week →
/// risk: notify Datatilsynet, no letter to the families.
pub fn unavailable_for_days(report: &Report) -> Option<FiredRule> {
    let c = &report.circumstances;
    let applies = availability_only(report)
        && c.availability_loss == Some(AvailabilityLoss::Temporary)
        && c.unavailable_for == Some(Unavailability::Days);
    applies.then(|| {
        FiredRule::new(
            RuleId::RiskUnavailableDays,
            "Kun tilgængeligheden var ramt, og oplysningerne var væk i dage, men er tilbage; ingen har set eller ændret dem. Det er en risiko, som skal anmeldes, men ikke en høj risiko.",
            "Only availability was affected, and the data was gone for days but is back; nobody saw or altered it. That is a risk to notify, not a high risk.",
        )
    })
}

/// `RISK-UNINTELLIGIBLE`: the data was unintelligible to anyone who got it
/// (strong encryption, key safe). If only confidentiality was affected the
/// level becomes none; if integrity or availability was also lost, it is
/// lowered one step, since that loss remains.
///
/// Why: art. 34(3)(a) and Datatilsynet: encrypted data with a safe key is
/// unlikely to harm anyone through disclosure.
///
/// Example: a stolen laptop with BitLocker and a backup → no risk; the same
/// laptop without a backup → lowered one step, the data is still lost.
pub fn unintelligible(report: &Report) -> Option<(bool, FiredRule)> {
    if !(report.nature.confidentiality && report.is_unintelligible()) {
        return None;
    }
    let other_loss = report.nature.integrity || lasting_availability_loss(report);
    Some(if other_loss {
        (
            false,
            FiredRule::new(
                RuleId::RiskUnintelligible,
                "Oplysningerne var uforståelige for andre (fx krypteret), men der er også tabt eller ændret oplysninger; risikoen sænkes ét trin.",
                "The data was unintelligible to others (e.g. encrypted), but data was also lost or altered; the risk is lowered one step.",
            ),
        )
    } else {
        (
            true,
            FiredRule::new(
                RuleId::RiskUnintelligible,
                "Oplysningerne var uforståelige for andre (fx krypteret med sikker nøgle); der er ingen risiko ved, at de er kommet ud.",
                "The data was unintelligible to others (e.g. encrypted, key safe); its disclosure carries no risk.",
            ),
        )
    })
}

/// `RISK-VERY-SERIOUS`: Datatilsynet's hard rule. If very serious
/// consequences are possible (identity theft, fraud, discrimination or
/// physical harm) the risk is high, however unlikely they are.
///
/// They are possible when the reporter ticks one of them, or when CPR
/// numbers have been readable by unknown recipients, the public or an
/// attacker (identity theft).
///
/// Example: a spreadsheet with pupils' names and CPR numbers published on
/// the intranet → high risk.
pub fn very_serious_consequences(report: &Report) -> Option<FiredRule> {
    let ticked: Vec<Consequence> = report
        .consequences
        .iter()
        .copied()
        .filter(|c| c.is_very_serious())
        .collect();
    if !ticked.is_empty() {
        return Some(FiredRule::new(
            RuleId::RiskVerySerious,
            format!(
                "Meget alvorlige konsekvenser er mulige ({}); det giver høj risiko, selv hvis de er usandsynlige.",
                join_labels(&ticked, Language::Da)
            ),
            format!(
                "Very serious consequences are possible ({}); that means high risk even if they are unlikely.",
                join_labels(&ticked, Language::En)
            ),
        ));
    }
    let cpr_exposed = report.nature.confidentiality
        && report.data.categories.contains(&DataCategory::Cpr)
        && !report.is_unintelligible()
        && (matches!(
            report.circumstances.recipients,
            Some(Recipients::Unknown | Recipients::Public) | None
        ) || report.is_malicious());
    cpr_exposed.then(|| {
        FiredRule::new(
            RuleId::RiskVerySerious,
            "CPR-numre kan være læst af ukendte eller af en angriber; identitetstyveri er muligt, og det giver høj risiko.",
            "CPR numbers may have been read by unknown people or an attacker; identity theft is possible, which means high risk.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::risk::test_support::*;
    use crate::risk::{evaluate, severity, Band};

    fn risk_level(report: &Report) -> (RiskLevel, Vec<FiredRule>) {
        let evaluation = evaluate(report);
        (evaluation.level, evaluation.rules)
    }

    #[test]
    fn risk_band_maps_to_levels() {
        let at = |score: f64| {
            band_risk(&Severity {
                dpc: 1,
                ei: 1.0,
                cb: 0.0,
                score,
                band: Band::of(score),
            })
        };
        assert_eq!(at(1.25).0, RiskLevel::None);
        assert_eq!(at(2.25).0, RiskLevel::Risk);
        assert_eq!(at(3.0).0, RiskLevel::Risk, "ENISA high is a risk to notify");
        assert_eq!(at(3.75).0, RiskLevel::Risk);
        assert_eq!(at(4.0).0, RiskLevel::High, "ENISA very high is high risk");
        assert_eq!(at(4.5).0, RiskLevel::High);
        assert_eq!(at(2.25).1.id, RuleId::RiskBand);
    }

    #[test]
    fn large_scale_raises_from_100_people() {
        let mut report = base();
        report.data.subject_count = Some(Count::approximate(99));
        assert!(large_scale(&report).is_none());
        report.data.subject_count = Some(Count::approximate(100));
        assert!(large_scale(&report).is_some());
        // Contact list (1 × 1 + 0.25 = 1.25: none) of 150 parents → risk.
        report.data.categories = vec![DataCategory::Identity, DataCategory::Contact];
        report.data.subject_count = Some(Count::exact(150));
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::Risk);
        assert!(ids(&rules).contains(&RuleId::RiskLargeScale));
        report.data.subject_count = Some(Count::unknown());
        assert!(large_scale(&report).is_none());
    }

    #[test]
    fn bound_recipient_who_deleted_means_no_risk() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.data.minors = Some(true);
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        report.circumstances.recipient_bound_by_confidentiality = Some(true);
        report.circumstances.recovered = Some(true);
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::None, "from high, not one step down");
        assert!(ids(&rules).contains(&RuleId::RiskBoundRecipientDeleted));
        // Not confirmed deleted: no lowering.
        report.circumstances.recovered = Some(false);
        assert!(bound_recipient_deleted(&report).is_none());
        // Malicious recipients are not trusted to delete.
        report.circumstances.recovered = Some(true);
        report.circumstances.malicious = Some(true);
        assert!(bound_recipient_deleted(&report).is_none());
    }

    #[test]
    fn unintelligible_data_removes_confidentiality_risk() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.circumstances.recipients = Some(Recipients::Unknown);
        report.circumstances.unintelligible = Some(true);
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::None);
        assert!(ids(&rules).contains(&RuleId::RiskUnintelligible));
        // With data also lost for good, only one step down.
        report.nature.availability = true;
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        let (to_none, _) = unintelligible(&report).unwrap();
        assert!(!to_none);
        assert_eq!(risk_level(&report).0, RiskLevel::Risk);
    }

    #[test]
    fn restored_availability_only_means_no_risk() {
        // Ransomware on named pupil records of children, restored from
        // backup within hours.
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::School]);
        report.data.minors = Some(true);
        report.nature.confidentiality = false;
        report.nature.availability = true;
        report.circumstances.malicious = Some(true);
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        report.circumstances.backup = Some(true);
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::None);
        assert!(ids(&rules).contains(&RuleId::RiskRestoredAvailability));
        // How long is not answered: the conservative default, the band
        // (3.75, high: a risk to notify).
        report.circumstances.unavailable_for = None;
        assert!(restored_availability(&report).is_none());
        assert_eq!(risk_level(&report).0, RiskLevel::Risk);
        // Lost for good: the rule does not apply.
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        assert!(restored_availability(&report).is_none());
        // Nothing lost after all: no risk, however long.
        report.circumstances.availability_loss = Some(AvailabilityLoss::None);
        report.circumstances.unavailable_for = None;
        assert!(restored_availability(&report).is_some());
        // Data also exfiltrated: the rule does not apply.
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        report.nature.confidentiality = true;
        assert!(restored_availability(&report).is_none());
    }

    #[test]
    fn a_restored_attack_is_no_risk_only_when_copying_was_ruled_out() {
        // EDPB case 1 at a school: ransomware locks pupils' records, the
        // backup is back the same morning.
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::School]);
        report.data.minors = Some(true);
        report.nature.confidentiality = false;
        report.nature.availability = true;
        report.nature.incident = Some(IncidentType::Ransomware);
        report.circumstances.malicious = Some(true);
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        // Not answered: nobody has said the data was not copied.
        assert!(restored_availability(&report).is_none());
        assert_eq!(risk_level(&report).0, RiskLevel::Risk);
        // Copying possible: the data counts as exposed as well (3.75 +
        // 0.25 = 4, very high for children's records: tell the families).
        report.circumstances.exfiltration = Some(Exfiltration::Possible);
        assert!(restored_availability(&report).is_none());
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        report.circumstances.exfiltration = Some(Exfiltration::RuledOut);
        assert!(restored_availability(&report).is_some());
        assert_eq!(risk_level(&report).0, RiskLevel::None);
        // Copied after all: confidentiality counts (unknown recipients),
        // and back after days is no longer "a risk, not high".
        report.circumstances.exfiltration = Some(Exfiltration::Confirmed);
        report.circumstances.unavailable_for = Some(Unavailability::Days);
        assert!(unavailable_for_days(&report).is_none());
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // A system error cannot have copied anything: the question is not
        // asked and the rule applies without it.
        report.nature.incident = Some(IncidentType::SystemError);
        report.circumstances.exfiltration = None;
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        assert!(restored_availability(&report).is_some());
    }

    #[test]
    fn availability_back_after_days_is_a_risk_not_high() {
        // EDPB case 2 at a school: no backup, pupils' health records
        // rebuilt from paper over five days.
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.data.minors = Some(true);
        report.nature.confidentiality = false;
        report.nature.availability = true;
        report.circumstances.malicious = Some(true);
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        report.circumstances.backup = Some(false);
        report.circumstances.unavailable_for = Some(Unavailability::Days);
        assert_eq!(severity::severity(&report).0.band, Band::VeryHigh);
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::Risk);
        assert!(ids(&rules).contains(&RuleId::RiskUnavailableDays));
        assert!(restored_availability(&report).is_none());
        // Weeks, or not back yet: the band decides.
        report.circumstances.unavailable_for = Some(Unavailability::Longer);
        assert!(unavailable_for_days(&report).is_none());
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // The delay can hurt someone badly (EDPB case 3): high.
        report.circumstances.unavailable_for = Some(Unavailability::Days);
        report.consequences = vec![Consequence::Physical];
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // A low band stays a risk too: Datatilsynet is notified.
        let mut simple = with_categories(&[DataCategory::Contact]);
        simple.nature = report.nature.clone();
        simple.circumstances = report.circumstances.clone();
        simple.circumstances.malicious = Some(false);
        assert_eq!(risk_level(&simple).0, RiskLevel::Risk);
    }

    #[test]
    fn unintelligible_data_restored_from_backup_means_no_risk() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Health]);
        report.circumstances.unintelligible = Some(true);
        report.nature.availability = true;
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        assert_eq!(unintelligible(&report).map(|u| u.0), Some(true));
        assert_eq!(risk_level(&report).0, RiskLevel::None);
    }

    #[test]
    fn very_serious_consequences_mean_high_however_unlikely() {
        // Contact details only: low severity...
        let mut report = with_categories(&[DataCategory::Contact]);
        assert_eq!(risk_level(&report).0, RiskLevel::None);
        // ...but the reporter sees physical harm as possible (e.g. a protected address).
        report.consequences = vec![Consequence::Distress, Consequence::Physical];
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::High);
        let rule = rules
            .iter()
            .find(|r| r.id == RuleId::RiskVerySerious)
            .unwrap();
        assert!(rule.da.contains("fysisk skade"), "{}", rule.da);
    }

    #[test]
    fn exposed_cpr_numbers_make_identity_theft_possible() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Cpr]);
        report.circumstances.recipients = Some(Recipients::Public);
        assert!(very_serious_consequences(&report).is_some());
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // To one known, non-malicious recipient: not this rule.
        report.circumstances.recipients = Some(Recipients::Known);
        assert!(very_serious_consequences(&report).is_none());
        // Encrypted: not readable, not this rule.
        report.circumstances.recipients = Some(Recipients::Public);
        report.circumstances.unintelligible = Some(true);
        assert!(very_serious_consequences(&report).is_none());
    }
}
