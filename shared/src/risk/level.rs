//! Stage 2: the risk level in the seeds' terms (none / risk / high).
//!
//! The severity band gives a starting level ([`band_risk`]); then the
//! factors ENISA leaves outside the score move it, one rule function each,
//! in the order [`super::evaluate`] applies them.

use crate::lang::{join_labels, Labelled, Language};
use crate::model::{
    AvailabilityLoss, Consequence, Exfiltration, IncidentType, Recipients, Report, RiskLevel,
    Unavailability,
};

use super::rule_id::RuleId;
use super::score::{format_score, Band, FiredRule, Severity};
use super::severity::is_pupil_record;

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
    (
        level,
        FiredRule::formatted(RuleId::RiskBand, || {
            let score = format_score(severity.score);
            [
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
            ]
        }),
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
        FiredRule::formatted(RuleId::RiskLargeScale, || {
            [
                format!("{count} personer er berørt (mindst {LARGE_SCALE_SUBJECTS}); risikoen hæves ét trin."),
                format!("{count} people are affected (at least {LARGE_SCALE_SUBJECTS}); the risk is raised one step."),
            ]
        })
    })
}

/// `RISK-PUPIL-RECORDS`: a pupil's records (school records, health,
/// social or other special data about pupils or children,
/// [`is_pupil_record`]) that may have been seen by someone not bound by
/// confidentiality, or looked up by staff without a work reason, are at
/// least a risk: Datatilsynet is notified. Applied after the rules that
/// lower the level, as a floor they cannot undo.
///
/// Why: a pupil plan, PPR or special-needs notes, a child-welfare note or
/// grades are read as the pupil they are about whether or not "name" is
/// ticked, and Datatilsynet treats pupil information reaching the wrong
/// parents as notifiable (decision 2021-32-2067: an absence warning about
/// one pupil sent to another pupil's parents). A look-up without a work
/// reason is access without authorisation (art. 4(12)), and a deliberate
/// one. A hurried reporter ticks only "school records": the band alone
/// would then say no risk.
///
/// Example: a pupil's plan about reading difficulties sent through Aula to
/// another pupil's parents, only "school records" ticked → risk.
pub fn pupil_records(report: &Report) -> Option<FiredRule> {
    if !is_pupil_record(report) || !report.confidentiality_at_risk() || report.is_unintelligible() {
        return None;
    }
    let c = &report.circumstances;
    let incident = report.nature.incident;
    let looked_up = incident == Some(IncidentType::UnauthorisedAccess);
    // Nobody known to have seen it: unless whoever has lost or stolen
    // papers or a device may.
    let seen = c.recipients != Some(Recipients::None)
        || incident.is_some_and(IncidentType::is_lost_or_stolen);
    let bound = c.recipients == Some(Recipients::Known)
        && c.recipient_bound_by_confidentiality == Some(true);
    (looked_up || (seen && !bound)).then(|| {
        FiredRule::new(
            RuleId::RiskPupilRecords,
            "Oplysninger om en elev (elevplan, PPR-, støtte- eller sociale notater, karakterer) kan være set af nogen uden tavshedspligt eller slået op uden arbejdsmæssig grund; det er mindst en risiko.",
            "A pupil's records (a plan, PPR, support or social notes, grades) may have been seen by someone without a duty of confidentiality, or looked up without a work reason; that is at least a risk.",
        )
    })
}

/// `RISK-BOUND-RECIPIENT-DELETED`: the only recipients were known, bound by
/// confidentiality and have confirmed deletion, and nobody acted maliciously:
/// no risk from the disclosure, recorded only. Data also lost or altered
/// keeps the level that loss has alone ([`unreadable`]).
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

/// `report` as if its data could not have been read: confidentiality not
/// lost, an attack's copying ruled out, and a lost or stolen device or
/// papers counted by their other losses only (their malice kept). What
/// [`unintelligible`] and [`bound_recipient_deleted`] leave of a breach
/// that also lost or altered data: [`super::evaluate`] assesses it for the
/// level of that loss alone.
///
/// Example: a stolen, encrypted laptop with no backup → the loss of the
/// files only (availability lost for good).
pub fn unreadable(report: &Report) -> Report {
    let mut rest = report.clone();
    rest.circumstances.malicious = Some(report.is_malicious());
    rest.nature.confidentiality = false;
    // A copy nobody can read is as good as none.
    if rest.is_attack_that_may_copy() {
        rest.circumstances.exfiltration = Some(Exfiltration::RuledOut);
    }
    if rest
        .nature
        .incident
        .is_some_and(IncidentType::is_lost_or_stolen)
    {
        rest.nature.incident = None;
    }
    rest
}

/// The data is back, or was never lost: nothing was lost after all, or it
/// was back within hours.
fn availability_restored(report: &Report) -> bool {
    let c = &report.circumstances;
    c.availability_loss == Some(AvailabilityLoss::None)
        || (c.availability_loss == Some(AvailabilityLoss::Temporary)
            && c.unavailable_for == Some(Unavailability::Hours))
}

/// Only availability was affected: nobody saw or altered the data (nor
/// may have: a lost or stolen device that was not encrypted, or papers, may
/// be read by whoever has them). For an
/// attack that may have copied it (ransomware, malware, a hacked account)
/// that holds only once copying is ruled out
/// (`circumstances.exfiltration: ruled_out`).
fn availability_only(report: &Report) -> bool {
    let nature = &report.nature;
    nature.availability
        && !report.confidentiality_at_risk()
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
    (availability_only(report) && availability_restored(report)).then(|| {
        FiredRule::new(
            RuleId::RiskRestoredAvailability,
            "Kun tilgængeligheden var ramt, og oplysningerne er genskabt; ingen har set eller ændret dem, så der er ingen risiko.",
            "Only availability was affected and the data has been restored; nobody saw or altered it, so there is no risk.",
        )
    })
}

/// `RISK-UNAVAILABLE-DAYS`: only availability was affected (nobody saw or
/// altered the data), it was not lost for good, and it was back after days:
/// the level is risk (the `bool` is `true`: exactly that). Datatilsynet is
/// notified; the people are not told because of the delay alone. Data lost
/// for good, gone for longer, or for a time not yet answered is at least a
/// risk (`false`: the level is raised to risk, never lowered).
///
/// Why: the EDPB's Guidelines 01/2021 case 2 (ransomware without a proper
/// backup; the data rebuilt from paper over five days, with delays for the
/// people affected) must be notified to the authority, but is not a high
/// risk for the people. ENISA's score would make it high for school
/// records of children, as if they had been disclosed. If the delay itself
/// can cause very serious harm (a care plan missing, as in the EDPB's
/// hospital case 3), the reporter ticks that consequence and
/// [`very_serious_consequences`] makes it high. A loss that is worse than
/// days (for good, or not known) can never be less than that: a hurried
/// reporter who leaves the question open, or whose data is gone for good,
/// does not get "no risk" where "back after days" gives "risk".
///
/// Example: ransomware locks the drive with pupils' records; there is no
/// backup and the office rebuilds the records from paper over a week →
/// risk: notify Datatilsynet, no letter to the families. A class list lost
/// for good → at least risk.
pub fn unavailable_for_days(report: &Report) -> Option<(bool, FiredRule)> {
    let c = &report.circumstances;
    let back_after_days = c.availability_loss == Some(AvailabilityLoss::Temporary)
        && c.unavailable_for == Some(Unavailability::Days);
    if availability_only(report) && back_after_days {
        return Some((
            true,
            FiredRule::new(
                RuleId::RiskUnavailableDays,
                "Kun tilgængeligheden var ramt, og oplysningerne var væk i dage, men er tilbage; ingen har set eller ændret dem. Det er en risiko, som skal anmeldes, men ikke en høj risiko.",
                "Only availability was affected, and the data was gone for days but is back; nobody saw or altered it. That is a risk to notify, not a high risk.",
            ),
        ));
    }
    (report.nature.availability && !availability_restored(report)).then(|| {
        (
            false,
            FiredRule::new(
                RuleId::RiskUnavailableDays,
                "Oplysningerne er væk for altid, i længere tid eller i en tid, der ikke er kendt endnu; det er mindst en risiko, som skal anmeldes.",
                "The data is gone for good, for longer, or for a time not yet known; that is at least a risk to notify.",
            ),
        )
    })
}

/// `RISK-UNINTELLIGIBLE`: the data was unintelligible to anyone who got it
/// (strong encryption, key safe; for a lost or stolen device, "encrypted").
/// If only confidentiality was affected the level becomes none (the `bool`
/// is `true`); if integrity or availability was also affected, the level
/// is the one that loss has alone ([`unreadable`]), since it remains.
///
/// Why: art. 34(3)(a) and Datatilsynet: encrypted data with a safe key is
/// unlikely to harm anyone through disclosure. Lowering "one step" instead
/// made a stolen encrypted laptop with no backup less serious than the
/// same files merely deleted. The EDPB's Guidelines 01/2021 case 10 (an
/// encrypted laptop stolen, a backup at hand) needs no notification
/// because both hold: nobody can read the data and it is not lost.
///
/// Example: a stolen laptop with BitLocker and a backup restored within
/// hours → no risk; the same laptop without a backup → the level of losing
/// the files for good.
pub fn unintelligible(report: &Report) -> Option<(bool, FiredRule)> {
    // An attack's copy (ransomware, malware, a hacked account) is as
    // unreadable as a disclosure.
    let readable_loss = report.nature.confidentiality || report.copying_not_ruled_out();
    if !(readable_loss && report.is_unintelligible()) {
        return None;
    }
    let other_loss = report.nature.integrity || report.nature.availability;
    Some(if other_loss {
        (
            false,
            FiredRule::new(
                RuleId::RiskUnintelligible,
                "Oplysningerne var uforståelige for andre (fx krypteret), men der er også tabt eller ændret oplysninger; risikoen er den, det tab giver alene.",
                "The data was unintelligible to others (e.g. encrypted), but data was also lost or altered; the risk is the one that loss gives alone.",
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
/// They are the very serious ones among the consequences the texts state
/// ([`Report::consequences_in_effect`]): those the reporter ticked, and
/// those the data makes possible once it may have reached strangers or an
/// attacker (CPR numbers: identity theft; health or social notes:
/// discrimination; an address: physical harm). One set of consequences,
/// read by the texts and by this rule alike.
///
/// Example: a spreadsheet with pupils' names and CPR numbers published on
/// the intranet → high risk.
pub fn very_serious_consequences(report: &Report) -> Option<FiredRule> {
    let (consequences, derived) = report.consequences_in_effect();
    let possible: Vec<Consequence> = consequences
        .into_iter()
        .filter(|c| c.is_very_serious())
        .collect();
    if possible.is_empty() {
        return None;
    }
    // Derived: from the data, or beside the reporter's own ticks.
    let from_data = derived || possible.iter().any(|c| !report.consequences.contains(c));
    Some(FiredRule::formatted(RuleId::RiskVerySerious, || {
        let (da, en) = (
            join_labels(&possible, Language::Da),
            join_labels(&possible, Language::En),
        );
        if from_data {
            [
                format!("Meget alvorlige konsekvenser er mulige ud fra oplysningernes art, som kan være kommet til ukendte eller en angriber ({da}); det giver høj risiko, selv hvis de er usandsynlige."),
                format!("Very serious consequences are possible from the kind of data, which may have reached unknown people or an attacker ({en}); that means high risk even if they are unlikely."),
            ]
        } else {
            [
                format!("Meget alvorlige konsekvenser er mulige ({da}); det giver høj risiko, selv hvis de er usandsynlige."),
                format!("Very serious consequences are possible ({en}); that means high risk even if they are unlikely."),
            ]
        }
    }))
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
        // With health records also lost for good: the level of that loss
        // alone (very high for health data: high), not "one step down".
        report.nature.availability = true;
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        let (to_none, _) = unintelligible(&report).unwrap();
        assert!(!to_none);
        assert_eq!(risk_level(&report).0, evaluate(&unreadable(&report)).level);
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // Contact details lost for good: at least a risk.
        report.data.categories = vec![DataCategory::Contact];
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
        assert!(
            !unavailable_for_days(&report).unwrap().0,
            "a floor, not exactly"
        );
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
        // Weeks, or not back yet: the band decides, never below risk.
        report.circumstances.unavailable_for = Some(Unavailability::Longer);
        assert!(!unavailable_for_days(&report).unwrap().0);
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
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        // The level of the loss of availability alone: back within hours.
        assert_eq!(unintelligible(&report).map(|u| u.0), Some(false));
        assert_eq!(risk_level(&report).0, RiskLevel::None);
        // How long not yet known: the band of health records gone (high),
        // never below a risk.
        report.circumstances.unavailable_for = None;
        assert_eq!(risk_level(&report).0, RiskLevel::High);
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

    #[test]
    fn a_pupils_record_seen_by_someone_unbound_is_at_least_a_risk() {
        // A pupil's plan to another pupil's parents, only "school records"
        // ticked, nothing else answered.
        let mut report = with_categories(&[DataCategory::School]);
        report.data.minors = None;
        report.nature.incident = Some(IncidentType::MisdirectedMessage);
        assert!(pupil_records(&report).is_some());
        assert_eq!(risk_level(&report).0, RiskLevel::Risk);
        // To a colleague bound by confidentiality: not this rule.
        report.circumstances.recipient_bound_by_confidentiality = Some(true);
        assert!(pupil_records(&report).is_none());
        // Staff's own records, no children: not a pupil's record.
        report.circumstances.recipient_bound_by_confidentiality = Some(false);
        report.data.minors = Some(false);
        report.data.subjects = vec![SubjectCategory::Staff];
        assert!(pupil_records(&report).is_none());
        // Encrypted: nobody could read it.
        report.data.minors = Some(true);
        report.circumstances.unintelligible = Some(true);
        assert!(pupil_records(&report).is_none());
    }

    #[test]
    fn a_look_up_without_a_work_reason_is_at_least_a_risk() {
        // A colleague (bound by confidentiality) opens a child's welfare
        // notes without a reason.
        let mut report = with_categories(&[DataCategory::Social]);
        report.nature.incident = Some(IncidentType::UnauthorisedAccess);
        report.data.minors = Some(true);
        report.circumstances.recipient_bound_by_confidentiality = Some(true);
        report.circumstances.recovered = Some(true);
        assert!(pupil_records(&report).is_some());
        let (level, rules) = risk_level(&report);
        assert_eq!(
            level,
            RiskLevel::Risk,
            "the colleague's deletion undoes nothing"
        );
        assert!(ids(&rules).contains(&RuleId::RiskPupilRecords));
        // The same look-up of a staff member's own contact details: not
        // this rule.
        report.data.categories = vec![DataCategory::Contact];
        report.data.minors = Some(false);
        assert!(pupil_records(&report).is_none());
    }

    #[test]
    fn data_lost_for_good_or_for_an_unknown_time_is_at_least_a_risk() {
        // A class list (contact details: low band) gone.
        let mut report = with_categories(&[DataCategory::Contact]);
        report.nature.confidentiality = false;
        report.nature.availability = true;
        for (loss, duration, floor) in [
            (Some(AvailabilityLoss::Permanent), None, true),
            (None, None, true),
            (Some(AvailabilityLoss::Temporary), None, true),
            (
                Some(AvailabilityLoss::Temporary),
                Some(Unavailability::Longer),
                true,
            ),
            (
                Some(AvailabilityLoss::Temporary),
                Some(Unavailability::Hours),
                false,
            ),
            (Some(AvailabilityLoss::None), None, false),
        ] {
            report.circumstances.availability_loss = loss;
            report.circumstances.unavailable_for = duration;
            assert_eq!(
                unavailable_for_days(&report).map(|(exactly, _)| exactly),
                floor.then_some(false),
                "{loss:?} {duration:?}"
            );
            let level = risk_level(&report).0;
            assert_eq!(level >= RiskLevel::Risk, floor, "{loss:?} {duration:?}");
        }
    }

    #[test]
    fn the_consequences_the_data_makes_possible_are_read_as_the_texts_state_them() {
        // Pupils' addresses published: physical harm is possible though
        // nobody ticked it.
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::Location]);
        report.circumstances.recipients = Some(Recipients::Public);
        let rule = very_serious_consequences(&report).expect("physical harm");
        assert!(rule.da.contains("fysisk skade"), "{}", rule.da);
        assert!(report
            .consequences_in_effect()
            .0
            .contains(&Consequence::Physical));
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // Ticking only "distress" does not make it impossible.
        report.consequences = vec![Consequence::Distress];
        assert!(very_serious_consequences(&report).is_some());
        // To one known parent: neither the texts nor the rule name it.
        report.circumstances.recipients = Some(Recipients::Known);
        report.consequences.clear();
        assert!(!report
            .consequences_in_effect()
            .0
            .contains(&Consequence::Physical));
        assert!(very_serious_consequences(&report).is_none());
    }

    #[test]
    fn an_encrypted_device_is_assessed_by_what_else_was_lost() {
        // A stolen laptop, BitLocker on, no backup: the files are lost for
        // good; nobody can read them.
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::School]);
        report.nature.confidentiality = true;
        report.nature.availability = true;
        report.nature.incident = Some(IncidentType::StolenDevice);
        report.circumstances.recipients = None;
        report.circumstances.encrypted = Some(Encryption::Yes);
        report.circumstances.malicious = None;
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        let (to_none, _) = unintelligible(&report).expect("encrypted");
        assert!(!to_none);
        let rest = unreadable(&report);
        assert!(!rest.nature.confidentiality && rest.nature.incident.is_none());
        assert!(rest.is_malicious(), "a theft stays malicious");
        assert_eq!(risk_level(&report).0, evaluate(&rest).level);
        // With a backup back the same day: no risk (EDPB 01/2021 case 10).
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        report.circumstances.unavailable_for = Some(Unavailability::Hours);
        assert_eq!(risk_level(&report).0, RiskLevel::None);
        // Not encrypted: presumed read.
        report.circumstances.encrypted = Some(Encryption::Unknown);
        assert!(risk_level(&report).0 >= RiskLevel::Risk);
    }
}
