//! The stable ids of the rules.
//!
//! Each variant's first doc line is the rule's effect as the README's rules
//! table shows it: `shared/tests/rules_table.rs` generates that table from
//! this file and fails when the README differs, so the table cannot drift
//! from the code.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoStaticStr};

/// A rule's stable id. On the wire it is the string form
/// ([`RuleId::as_str`]), e.g. `"DPC-MINORS"`, unchanged since version 1.
///
/// The variants are the one list of rules: the wire form, serde's and
/// strum's, is derived from each name (`DpcMinors` → `"DPC-MINORS"`), and
/// the README's table lists them in this order (its test pins every id).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "SCREAMING-KEBAB-CASE")]
#[strum(serialize_all = "SCREAMING-KEBAB-CASE")]
pub enum RuleId {
    /// Base DPC 1: name, address, birth date, contact details (ENISA simple data).
    DpcSimple,
    /// Base DPC 2: location, photos, video (ENISA behavioural data).
    DpcBehavioural,
    /// Base DPC 2: grades, absence, pupil plans, observations.
    DpcSchool,
    /// Base DPC 3: financial data.
    DpcFinancial,
    /// Base DPC 3: CPR numbers.
    DpcCpr,
    /// Base DPC 3: serious social problems and family matters.
    DpcSocial,
    /// Base DPC 4: health, other special categories, criminal offences.
    DpcSensitive,
    /// Log-ins count as the data they unlock (DPC 2 when nothing else is ticked).
    DpcCredentials,
    /// No kind of data chosen yet: simple data assumed (DPC 1).
    DpcUnanswered,
    /// Children affected: DPC +1, capped at 4.
    DpcMinors,
    /// Vulnerable persons affected: DPC +1, capped at 4.
    DpcVulnerable,
    /// EI 1: a name, address, birth date or CPR number (also while unanswered).
    EiDirect,
    /// EI 1: school records, health or social notes about pupils, even without a name.
    EiPupilRecord,
    /// EI 0.75: photos, contact details or accounts.
    EiSignificant,
    /// EI 0.5: nothing that names anyone directly.
    EiLimited,
    /// CB +0.25 or +0.5: a lost or stolen device or papers, not encrypted: presumed read (+0.5 unless nobody or only known people could).
    CbConfidentialityPresumed,
    /// CB +0.25: exposed, nobody known to have seen it (also an attack that may have copied the data).
    CbConfidentialityExposed,
    /// CB +0.25: disclosed to known recipients.
    CbConfidentialityKnown,
    /// CB +0.5: disclosed to unknown or many recipients (also while unanswered, or copied by an attacker).
    CbConfidentialityUnknown,
    /// CB +0.5: published.
    CbConfidentialityPublic,
    /// CB +0.25: altered, the original can be restored.
    CbIntegrityRecoverable,
    /// CB +0.5: altered for good (also while unanswered).
    CbIntegrityLost,
    /// CB +0.25: unavailable for a while (also when unanswered but a working backup was used).
    CbAvailabilityTemporary,
    /// CB +0.5: lost for good (also while unanswered).
    CbAvailabilityPermanent,
    /// CB +0.5: malicious intent (answered, or theft, hacking, phishing, ransomware).
    CbMalicious,
    /// Starting level from the band: low → none, medium and high → risk, very high → high.
    RiskBand,
    /// At least 100 people affected: one level up.
    RiskLargeScale,
    /// A pupil's records, health or social data seen by someone without a duty of confidentiality, or looked up without a work reason: at least risk.
    RiskPupilRecords,
    /// Known recipient bound by confidentiality confirmed deletion, nobody malicious: none, or the level of what else was lost or altered (EDPB 01/2021 case 9).
    RiskBoundRecipientDeleted,
    /// Only availability affected (for ransomware, malware or a hacked account: copying ruled out), nothing lost or back within hours: none (EDPB 01/2021 case 1).
    RiskRestoredAvailability,
    /// Only availability affected (copying ruled out for an attack), back after days: risk, notify but no letter (EDPB 01/2021 case 2); lost for good or for a time not yet known: at least risk.
    RiskUnavailableDays,
    /// Encrypted, key safe: none, or the level of what else was lost or altered.
    RiskUnintelligible,
    /// Identity theft, fraud, discrimination or physical harm possible (ticked, or made possible by the data reaching strangers or an attacker): high, however unlikely.
    RiskVerySerious,
    /// An assessor set the level by hand; the computed level is kept beside it.
    RiskOverride,
    /// The school is processor: the controller is told instead of Datatilsynet and the people affected.
    OblProcessor,
    /// An art. 34(3) exception replaces telling the people affected.
    OblSubjectException,
}

impl RuleId {
    /// The wire form, e.g. `"DPC-MINORS"`: the variant's name in
    /// SCREAMING-KEBAB-CASE, as serde writes it too.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every rule, in the order of the variants (the README's table).
    pub fn all() -> impl Iterator<Item = RuleId> {
        <RuleId as strum::IntoEnumIterator>::iter()
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_form_is_the_stable_string() {
        for id in RuleId::all() {
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), id);
        }
        assert_eq!(RuleId::DpcMinors.to_string(), "DPC-MINORS");
    }

    #[test]
    fn ids_are_distinct() {
        let mut ids: Vec<&str> = RuleId::all().map(RuleId::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RuleId::all().count());
    }
}
