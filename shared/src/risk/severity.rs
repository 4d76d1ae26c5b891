//! Stage 1: the ENISA severity, `SE = DPC × EI + CB`.
//!
//! The data processing context (DPC), the ease of identification (EI) and
//! the circumstances of the breach (CB), one rule function each, as ENISA's
//! 2013 "Recommendations for a methodology of the assessment of severity of
//! personal data breaches" defines them.

use crate::lang::{decapitalize, Labelled};
use crate::model::{AvailabilityLoss, DataCategory, Exfiltration, Recipients, Report};

use super::rule_id::RuleId;
use super::score::{Band, FiredRule, Severity};

/// The base DPC of one category of data, with the rule that gives it.
///
/// - `DPC-SIMPLE` (1): name, address, birth date, contact details: ENISA's
///   "simple data".
/// - `DPC-BEHAVIOURAL` (2): location, photos and video: ENISA's "behavioural
///   data"; they show where a child is and what they look like.
/// - `DPC-SCHOOL` (2): grades, absence, pupil plans, observations. Education
///   is simple data in ENISA, raised one step because school records over
///   time profile a child's performance and behaviour, which ENISA counts as
///   a reason to raise simple data.
/// - `DPC-FINANCIAL` (3): ENISA's financial data.
/// - `DPC-CPR` (3): Danish law (databeskyttelseslovens § 11) protects the CPR
///   number specially; with a name it enables identity theft, like financial
///   data that enables fraud.
/// - `DPC-SOCIAL` (3): serious social problems and family matters are
///   confidential data in Datatilsynet's practice, close to sensitive data.
/// - `DPC-SENSITIVE` (4): health (incl. PPR and diagnoses), other art. 9
///   data and criminal offences: ENISA's "sensitive data".
///
/// Credentials are handled by [`credentials_dpc`]. Example: a class list with
/// names and e-mail addresses is simple data, DPC 1.
pub fn category_dpc(category: DataCategory) -> Option<(u8, RuleId)> {
    use DataCategory::*;
    match category {
        Identity | Contact => Some((1, RuleId::DpcSimple)),
        Location | Images => Some((2, RuleId::DpcBehavioural)),
        School => Some((2, RuleId::DpcSchool)),
        Financial => Some((3, RuleId::DpcFinancial)),
        Cpr => Some((3, RuleId::DpcCpr)),
        Social => Some((3, RuleId::DpcSocial)),
        Health | Special | Criminal => Some((4, RuleId::DpcSensitive)),
        Credentials => None,
    }
}

/// `DPC-CREDENTIALS`: passwords and log-ins take the DPC of what they unlock.
///
/// Why: ENISA scores credentials by the data they give access to. The data in
/// the account is what the reporter ticks beside "credentials", and never
/// less than a school account with mail and messages about pupils, i.e.
/// DPC 2 (school records): what is assumed when nothing else is ticked.
///
/// Example: a phished Office 365 password plus "health" ticked → DPC 4.
pub fn credentials_dpc(others: Option<u8>) -> (u8, FiredRule) {
    match others {
        // Never below what nothing else ticked gives: a school account
        // holds at least messages about pupils, and ticking its owner's
        // name beside it must not make it look safer.
        Some(dpc) => (
            dpc.max(2),
            FiredRule::new(
                RuleId::DpcCredentials,
                "Adgangskoder vurderes som de oplysninger, de giver adgang til.",
                "Credentials count as the data they give access to.",
            ),
        ),
        None => (
            2,
            FiredRule::new(
                RuleId::DpcCredentials,
                "Adgangskoder til en skolekonto giver typisk adgang til beskeder om elever; vurderet som elevoplysninger. Markér hvilke oplysninger kontoen rummer.",
                "Credentials for a school account usually open messages about pupils; counted as school records. Tick the data the account holds.",
            ),
        ),
    }
}

/// The DPC of the report and the rules that set it.
///
/// The base is the most critical category ([`category_dpc`],
/// [`credentials_dpc`]); `DPC-MINORS` and `DPC-VULNERABLE` then add one each,
/// capped at 4, because ENISA raises the context for vulnerable data subjects
/// and children are the first example it gives. While no category is chosen,
/// `DPC-UNANSWERED` assumes simple data.
///
/// Example: pupils' grades (2) about children (+1) → DPC 3.
pub fn data_processing_context(report: &Report) -> (u8, Vec<FiredRule>) {
    let mut rules = Vec::new();
    let categories = &report.data.categories;
    let best = categories
        .iter()
        .filter_map(|&c| category_dpc(c).map(|(dpc, id)| (dpc, id, c)))
        .fold(
            None::<(u8, RuleId, DataCategory)>,
            |best, item| match best {
                Some(b) if b.0 >= item.0 => Some(b),
                _ => Some(item),
            },
        );
    let mut dpc = match best {
        Some((dpc, id, category)) => {
            rules.push(FiredRule::formatted(id, || {
                [
                    format!(
                        "Oplysningernes art ({}) giver grundværdi {dpc}.",
                        decapitalize(category.da())
                    ),
                    format!(
                        "The kind of data ({}) gives a base of {dpc}.",
                        decapitalize(category.en())
                    ),
                ]
            }));
            dpc
        }
        None if categories.is_empty() => {
            rules.push(FiredRule::new(
                RuleId::DpcUnanswered,
                "Der er ikke valgt slags oplysninger endnu; almindelige oplysninger er antaget.",
                "No kind of data is chosen yet; ordinary data is assumed.",
            ));
            1
        }
        None => 0,
    };
    if categories.contains(&DataCategory::Credentials) {
        let (credentials, rule) = credentials_dpc(best.map(|b| b.0));
        dpc = dpc.max(credentials);
        rules.push(rule);
    }
    if report.data.minors == Some(true) {
        dpc += 1;
        rules.push(FiredRule::new(
            RuleId::DpcMinors,
            "Børn er berørt: de er særligt sårbare, så konteksten hæves ét trin.",
            "Children are affected: they are especially vulnerable, so the context is raised one step.",
        ));
    }
    if report.data.vulnerable == Some(true) {
        dpc += 1;
        rules.push(FiredRule::new(
            RuleId::DpcVulnerable,
            "Sårbare personer er berørt, så konteksten hæves ét trin.",
            "Vulnerable persons are affected, so the context is raised one step.",
        ));
    }
    (dpc.clamp(1, 4), rules)
}

// ---------------------------------------------------------------------------
// Ease of identification.

/// The ease of identification and the rule that sets it.
///
/// - `EI-DIRECT` (1, "maximum"): a name, address, birth date or CPR number
///   points straight at a person. Also assumed while no category is chosen:
///   at a school nearly everything is filed under a child's name.
/// - `EI-SIGNIFICANT` (0.75): photos, e-mail addresses and phone numbers, and
///   account log-ins identify people with little effort (school addresses
///   usually contain the name).
/// - `EI-LIMITED` (0.5): other data without a name needs more to tie it to
///   someone.
///
/// Example: a list of diagnoses with names → 1; the same list with only
/// class and first initial → 0.5.
pub fn ease_of_identification(report: &Report) -> (f64, FiredRule) {
    use DataCategory::*;
    let categories = &report.data.categories;
    if categories.is_empty() || categories.iter().any(|c| matches!(c, Identity | Cpr)) {
        (
            1.0,
            FiredRule::new(
                RuleId::EiDirect,
                "Oplysningerne peger direkte på bestemte personer (navn, adresse eller CPR-nummer).",
                "The data points directly at specific people (name, address or CPR number).",
            ),
        )
    } else if is_pupil_record(report) {
        (
            1.0,
            FiredRule::new(
                RuleId::EiPupilRecord,
                "Elevoplysninger, helbreds- eller sociale oplysninger om elever er knyttet til den elev, de handler om, også uden navn.",
                "School records, health or social notes about pupils are tied to the pupil they are about, even without a name.",
            ),
        )
    } else if categories
        .iter()
        .any(|c| matches!(c, Images | Contact | Credentials))
    {
        (
            0.75,
            FiredRule::new(
                RuleId::EiSignificant,
                "Billeder, kontaktoplysninger eller konti gør det let at finde ud af, hvem det handler om.",
                "Photos, contact details or accounts make it easy to tell whom the data is about.",
            ),
        )
    } else {
        (
            0.5,
            FiredRule::new(
                RuleId::EiLimited,
                "Uden navn eller CPR-nummer kræver det mere at finde ud af, hvem oplysningerne handler om.",
                "Without a name or CPR number it takes more to tell whom the data is about.",
            ),
        )
    }
}

/// Whether the data is a pupil's record: school records, health, social or
/// other special data (a pupil plan, PPR or special-needs notes, a child
/// welfare note, grades) about pupils or children (children also while the
/// question about minors is unanswered). Such a record is filed
/// under and read as the pupil it is about: `EI-PUPIL-RECORD` counts it as
/// pointing directly at them whether or not "name" is ticked.
///
/// Example: a pupil's plan about reading difficulties, pupils affected →
/// EI 1.
pub fn is_pupil_record(report: &Report) -> bool {
    use crate::model::SubjectCategory;
    let data = &report.data;
    // At a school, children unless the reporter said otherwise: a hurried
    // reporter does not answer the question about minors.
    let about_pupils = data.minors != Some(false)
        || data
            .subjects
            .iter()
            .any(|s| matches!(s, SubjectCategory::Pupils | SubjectCategory::FormerPupils));
    about_pupils && holds_records(report)
}

/// Whether the data holds school records, health, social or other special
/// data: at a school, records about pupils.
pub fn holds_records(report: &Report) -> bool {
    use DataCategory::*;
    report
        .data
        .categories
        .iter()
        .any(|c| matches!(c, School | Health | Social | Special))
}

// ---------------------------------------------------------------------------
// Circumstances of the breach.

/// Loss of confidentiality, by who got the data (ENISA CB).
///
/// - `CB-CONFIDENTIALITY-EXPOSED` (+0.25): exposed but nobody is known to
///   have read it, e.g. a lost USB stick.
/// - `CB-CONFIDENTIALITY-KNOWN` (+0.25): known recipients, e.g. an Aula
///   message to the wrong parent.
/// - `CB-CONFIDENTIALITY-UNKNOWN` (+0.5): unknown or many recipients; also
///   assumed while unanswered.
/// - `CB-CONFIDENTIALITY-PUBLIC` (+0.5): published, e.g. on the school's
///   website.
///
/// An attack that locked the data (ransomware, malware, a hacked account)
/// loses confidentiality too when the data may have been copied, even if
/// the reporter ticked availability only: copying confirmed counts as
/// unknown recipients (the attacker and whoever buys it), copying possible
/// as exposed (EDPB Guidelines 01/2021, cases 1 and 4). Unanswered adds
/// nothing here; it only keeps the "restored, no risk" rule from applying.
pub fn confidentiality_loss(report: &Report) -> Option<(f64, FiredRule)> {
    if !report.nature.confidentiality && report.confidentiality_at_risk() {
        // A lost or stolen device or papers, the loss of confidentiality
        // not ticked: presumed ([`Report::confidentiality_at_risk`]).
        let weight = match report.circumstances.recipients {
            Some(Recipients::None | Recipients::Known) => 0.25,
            _ => 0.5,
        };
        return Some((
            weight,
            FiredRule::new(
                RuleId::CbConfidentialityPresumed,
                "Mistet eller stjålet udstyr eller papirer: den, der har dem, kan læse oplysningerne, medmindre de var krypteret.",
                "A lost or stolen device or papers: whoever has them can read the data unless it was encrypted.",
            ),
        ));
    }
    let recipients = if report.nature.confidentiality {
        report.circumstances.recipients
    } else if report.is_attack_that_may_copy() {
        match report.circumstances.exfiltration {
            Some(Exfiltration::Confirmed) => Some(Recipients::Unknown),
            Some(Exfiltration::Possible) => Some(Recipients::None),
            _ => return None,
        }
    } else {
        return None;
    };
    Some(match recipients {
        Some(Recipients::None) => (
            0.25,
            FiredRule::new(
                RuleId::CbConfidentialityExposed,
                "Oplysningerne har været udsat, men ingen vides at have set dem.",
                "The data was exposed, but nobody is known to have seen it.",
            ),
        ),
        Some(Recipients::Known) => (
            0.25,
            FiredRule::new(
                RuleId::CbConfidentialityKnown,
                "Oplysningerne er kommet til kendte modtagere.",
                "The data reached known recipients.",
            ),
        ),
        Some(Recipients::Public) => (
            0.5,
            FiredRule::new(
                RuleId::CbConfidentialityPublic,
                "Oplysningerne er offentliggjort og kan være set af hvem som helst.",
                "The data was published and may have been seen by anyone.",
            ),
        ),
        Some(Recipients::Unknown) | None => (
            0.5,
            FiredRule::new(
                RuleId::CbConfidentialityUnknown,
                "Oplysningerne er kommet til ukendte eller mange modtagere (eller det er ikke besvaret endnu).",
                "The data reached unknown or many recipients (or this is not answered yet).",
            ),
        ),
    })
}

/// Loss of integrity (ENISA CB).
///
/// - `CB-INTEGRITY-RECOVERABLE` (+0.25): data altered but the original can
///   be restored, e.g. grades changed in a system with history.
/// - `CB-INTEGRITY-LOST` (+0.5): the original cannot be restored; also
///   assumed while unanswered.
pub fn integrity_loss(report: &Report) -> Option<(f64, FiredRule)> {
    if !report.nature.integrity {
        return None;
    }
    Some(match report.circumstances.integrity_recoverable {
        Some(true) => (
            0.25,
            FiredRule::new(
                RuleId::CbIntegrityRecoverable,
                "Oplysninger er ændret, men kan genskabes.",
                "Data was altered but can be restored.",
            ),
        ),
        _ => (
            0.5,
            FiredRule::new(
                RuleId::CbIntegrityLost,
                "Oplysninger er ændret og kan ikke genskabes (eller det er ikke besvaret endnu).",
                "Data was altered and cannot be restored (or this is not answered yet).",
            ),
        ),
    })
}

/// Loss of availability (ENISA CB).
///
/// - `CB-AVAILABILITY-TEMPORARY` (+0.25): unavailable for a while, e.g.
///   ransomware with a working backup. Also when how much is lost is not
///   answered but the reporter says a working backup or copy was used
///   (`circumstances.backup`): with a backup, the data is not lost for good.
/// - `CB-AVAILABILITY-PERMANENT` (+0.5): lost for good, no backup; also
///   assumed while unanswered (and no backup is known).
/// - Nothing when nothing was lost after all.
pub fn availability_loss(report: &Report) -> Option<(f64, FiredRule)> {
    if !report.nature.availability {
        return None;
    }
    let c = &report.circumstances;
    let loss = match (c.availability_loss, c.backup) {
        (None, Some(true)) => Some(AvailabilityLoss::Temporary),
        (loss, _) => loss,
    };
    match loss {
        Some(AvailabilityLoss::None) => None,
        Some(AvailabilityLoss::Temporary) => Some((
            0.25,
            FiredRule::new(
                RuleId::CbAvailabilityTemporary,
                "Oplysningerne var midlertidigt utilgængelige, men kan genskabes.",
                "The data was unavailable for a while but can be restored.",
            ),
        )),
        Some(AvailabilityLoss::Permanent) | None => Some((
            0.5,
            FiredRule::new(
                RuleId::CbAvailabilityPermanent,
                "Oplysningerne er tabt for altid, fordi der ikke er en backup (eller det er ikke besvaret endnu).",
                "The data is lost for good because there is no backup (or this is not answered yet).",
            ),
        )),
    }
}

/// `CB-MALICIOUS` (+0.5): someone acted with malicious intent.
///
/// Why: ENISA adds malicious intent because deliberate attacks make harmful
/// use of the data far more likely. Taken from the reporter's answer, or from
/// the cause and incident when unanswered (theft, hacking, phishing,
/// ransomware are malicious by nature).
///
/// Example: a stolen laptop → +0.5; a laptop left on the bus → nothing.
pub fn malicious_intent(report: &Report) -> Option<(f64, FiredRule)> {
    report.is_malicious().then(|| {
        (
            0.5,
            FiredRule::new(
                RuleId::CbMalicious,
                "Nogen har handlet med ond vilje (fx tyveri eller hacking).",
                "Someone acted with malicious intent (e.g. theft or hacking).",
            ),
        )
    })
}

/// The ENISA severity of the report and the rules that set it.
pub fn severity(report: &Report) -> (Severity, Vec<FiredRule>) {
    let (dpc, mut rules) = data_processing_context(report);
    let (ei, ei_rule) = ease_of_identification(report);
    rules.push(ei_rule);
    let mut cb = 0.0;
    for (weight, rule) in [
        confidentiality_loss(report),
        integrity_loss(report),
        availability_loss(report),
        malicious_intent(report),
    ]
    .into_iter()
    .flatten()
    {
        cb += weight;
        rules.push(rule);
    }
    let score = f64::from(dpc) * ei + cb;
    (
        Severity {
            dpc,
            ei,
            cb,
            score,
            band: Band::of(score),
        },
        rules,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::risk::test_support::*;

    #[test]
    fn dpc_simple() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Contact]));
        assert_eq!(dpc, 1);
        assert_eq!(ids(&rules), [RuleId::DpcSimple]);
    }

    #[test]
    fn dpc_behavioural() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Images]));
        assert_eq!(dpc, 2);
        assert_eq!(ids(&rules), [RuleId::DpcBehavioural]);
    }

    #[test]
    fn dpc_school() {
        let (dpc, rules) = data_processing_context(&with_categories(&[
            DataCategory::Identity,
            DataCategory::School,
        ]));
        assert_eq!(dpc, 2);
        assert_eq!(ids(&rules), [RuleId::DpcSchool]);
    }

    #[test]
    fn dpc_financial() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Financial]));
        assert_eq!((dpc, ids(&rules)), (3, vec![RuleId::DpcFinancial]));
    }

    #[test]
    fn dpc_cpr() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Cpr]));
        assert_eq!((dpc, ids(&rules)), (3, vec![RuleId::DpcCpr]));
    }

    #[test]
    fn dpc_social() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Social]));
        assert_eq!((dpc, ids(&rules)), (3, vec![RuleId::DpcSocial]));
    }

    #[test]
    fn dpc_sensitive_wins_over_lower_categories() {
        let (dpc, rules) = data_processing_context(&with_categories(&[
            DataCategory::Contact,
            DataCategory::Health,
            DataCategory::School,
        ]));
        assert_eq!((dpc, ids(&rules)), (4, vec![RuleId::DpcSensitive]));
        for category in [DataCategory::Special, DataCategory::Criminal] {
            assert_eq!(data_processing_context(&with_categories(&[category])).0, 4);
        }
    }

    #[test]
    fn dpc_credentials_take_the_category_they_unlock() {
        let (dpc, rules) = data_processing_context(&with_categories(&[
            DataCategory::Credentials,
            DataCategory::Health,
        ]));
        assert_eq!(dpc, 4);
        assert_eq!(ids(&rules), [RuleId::DpcSensitive, RuleId::DpcCredentials]);
        let (alone, rules) =
            data_processing_context(&with_categories(&[DataCategory::Credentials]));
        assert_eq!(alone, 2, "a school account is assumed");
        assert_eq!(ids(&rules), [RuleId::DpcCredentials]);
    }

    #[test]
    fn dpc_unanswered_assumes_simple_data() {
        let (dpc, rules) = data_processing_context(&with_categories(&[]));
        assert_eq!((dpc, ids(&rules)), (1, vec![RuleId::DpcUnanswered]));
    }

    #[test]
    fn dpc_minors_raise_one_step() {
        let mut report = with_categories(&[DataCategory::School]);
        report.data.minors = Some(true);
        let (dpc, rules) = data_processing_context(&report);
        assert_eq!(dpc, 3);
        assert!(ids(&rules).contains(&RuleId::DpcMinors));
    }

    #[test]
    fn dpc_vulnerable_raise_one_step_and_stack_with_minors_up_to_4() {
        let mut report = with_categories(&[DataCategory::Contact]);
        report.data.vulnerable = Some(true);
        assert_eq!(data_processing_context(&report).0, 2);
        report.data.minors = Some(true);
        assert_eq!(data_processing_context(&report).0, 3);
        report.data.categories = vec![DataCategory::Health];
        let (dpc, rules) = data_processing_context(&report);
        assert_eq!(dpc, 4, "capped");
        assert!(ids(&rules).contains(&RuleId::DpcVulnerable));
    }

    #[test]
    fn ei_direct_for_names_and_cpr_and_unanswered() {
        for categories in [
            vec![DataCategory::Identity],
            vec![DataCategory::Cpr],
            vec![],
        ] {
            let (ei, rule) = ease_of_identification(&with_categories(&categories));
            assert_eq!((ei, rule.id), (1.0, RuleId::EiDirect));
        }
    }

    #[test]
    fn ei_significant_for_photos_contact_and_accounts() {
        for category in [
            DataCategory::Images,
            DataCategory::Contact,
            DataCategory::Credentials,
        ] {
            let (ei, rule) =
                ease_of_identification(&with_categories(&[category, DataCategory::Health]));
            assert_eq!((ei, rule.id), (0.75, RuleId::EiSignificant));
        }
    }

    #[test]
    fn ei_limited_without_identifiers() {
        let (ei, rule) = ease_of_identification(&with_categories(&[DataCategory::Health]));
        assert_eq!((ei, rule.id), (0.5, RuleId::EiLimited));
    }

    #[test]
    fn cb_confidentiality_by_recipients() {
        let mut report = base();
        for (recipients, weight, id) in [
            (
                Some(Recipients::None),
                0.25,
                RuleId::CbConfidentialityExposed,
            ),
            (
                Some(Recipients::Known),
                0.25,
                RuleId::CbConfidentialityKnown,
            ),
            (
                Some(Recipients::Unknown),
                0.5,
                RuleId::CbConfidentialityUnknown,
            ),
            (
                Some(Recipients::Public),
                0.5,
                RuleId::CbConfidentialityPublic,
            ),
            (None, 0.5, RuleId::CbConfidentialityUnknown),
        ] {
            report.circumstances.recipients = recipients;
            let (w, rule) = confidentiality_loss(&report).unwrap();
            assert_eq!((w, rule.id), (weight, id));
        }
        report.nature.confidentiality = false;
        assert!(confidentiality_loss(&report).is_none());
        // An attack that may have copied the data loses confidentiality
        // even when only availability was ticked.
        report.nature.availability = true;
        report.nature.incident = Some(IncidentType::Malware);
        for (exfiltration, expected) in [
            (None, None),
            (Some(Exfiltration::RuledOut), None),
            (
                Some(Exfiltration::Possible),
                Some((0.25, RuleId::CbConfidentialityExposed)),
            ),
            (
                Some(Exfiltration::Confirmed),
                Some((0.5, RuleId::CbConfidentialityUnknown)),
            ),
        ] {
            report.circumstances.exfiltration = exfiltration;
            let got = confidentiality_loss(&report).map(|(w, rule)| (w, rule.id));
            assert_eq!(got, expected, "{exfiltration:?}");
        }
        // Only for those attacks: a lost USB stick's copying answer is not
        // read; its confidentiality is presumed lost unless encrypted,
        // though only "the data is gone" was ticked.
        report.nature.incident = Some(IncidentType::LostDevice);
        report.circumstances.recipients = None;
        let got = confidentiality_loss(&report).map(|(w, rule)| (w, rule.id));
        assert_eq!(got, Some((0.5, RuleId::CbConfidentialityPresumed)));
        report.circumstances.recipients = Some(Recipients::None);
        let got = confidentiality_loss(&report).map(|(w, rule)| (w, rule.id));
        assert_eq!(got, Some((0.25, RuleId::CbConfidentialityPresumed)));
        for (encrypted, presumed) in [
            (Some(Encryption::Yes), false),
            (Some(Encryption::No), true),
            (Some(Encryption::Unknown), true),
            (None, true),
        ] {
            report.circumstances.encrypted = encrypted;
            assert_eq!(
                confidentiality_loss(&report).is_some(),
                presumed,
                "{encrypted:?}"
            );
        }
        // Papers cannot be encrypted: always presumed.
        report.nature.incident = Some(IncidentType::LostPaper);
        report.circumstances.encrypted = Some(Encryption::Yes);
        assert!(confidentiality_loss(&report).is_some());
    }

    #[test]
    fn cb_integrity() {
        let mut report = base();
        assert!(integrity_loss(&report).is_none());
        report.nature.integrity = true;
        report.circumstances.integrity_recoverable = Some(true);
        assert_eq!(
            integrity_loss(&report).unwrap().1.id,
            RuleId::CbIntegrityRecoverable
        );
        report.circumstances.integrity_recoverable = Some(false);
        let (weight, rule) = integrity_loss(&report).unwrap();
        assert_eq!((weight, rule.id), (0.5, RuleId::CbIntegrityLost));
    }

    #[test]
    fn cb_availability() {
        let mut report = base();
        report.nature.availability = true;
        report.circumstances.availability_loss = Some(AvailabilityLoss::None);
        assert!(availability_loss(&report).is_none());
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        let (weight, rule) = availability_loss(&report).unwrap();
        assert_eq!((weight, rule.id), (0.25, RuleId::CbAvailabilityTemporary));
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        let (weight, rule) = availability_loss(&report).unwrap();
        assert_eq!((weight, rule.id), (0.5, RuleId::CbAvailabilityPermanent));
        report.circumstances.availability_loss = None;
        let (weight, rule) = availability_loss(&report).unwrap();
        assert_eq!(
            (weight, rule.id),
            (0.5, RuleId::CbAvailabilityPermanent),
            "unanswered counts as the worse answer"
        );
        report.circumstances.backup = Some(true);
        let (weight, rule) = availability_loss(&report).unwrap();
        assert_eq!(
            (weight, rule.id),
            (0.25, RuleId::CbAvailabilityTemporary),
            "with a working backup the data is not lost for good"
        );
        report.circumstances.backup = Some(false);
        assert_eq!(availability_loss(&report).unwrap().0, 0.5);
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        report.circumstances.backup = Some(true);
        assert_eq!(
            availability_loss(&report).unwrap().0,
            0.5,
            "an answer about the loss itself wins"
        );
    }

    #[test]
    fn cb_malicious_from_answer_or_derived() {
        let mut report = base();
        assert!(malicious_intent(&report).is_none());
        report.circumstances.malicious = None;
        report.nature.incident = Some(IncidentType::StolenDevice);
        assert_eq!(malicious_intent(&report).unwrap().1.id, RuleId::CbMalicious);
        report.nature.incident = Some(IncidentType::LostDevice);
        report.nature.cause = Some(Cause::MaliciousExternal);
        assert_eq!(malicious_intent(&report).unwrap().0, 0.5);
    }

    #[test]
    fn severity_is_dpc_times_ei_plus_cb() {
        // Grades (2) of children (+1), named (1), to known recipients (0.25).
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::School]);
        report.data.minors = Some(true);
        let (severity, _) = severity(&report);
        assert_eq!(severity.dpc, 3);
        assert_eq!(severity.ei, 1.0);
        assert_eq!(severity.cb, 0.25);
        assert_eq!(severity.score, 3.25);
        assert_eq!(severity.band, Band::High);
    }
}
