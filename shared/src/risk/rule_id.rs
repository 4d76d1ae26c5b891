//! The stable ids of the rules.
//!
//! Each variant's first doc line is the rule's effect as the README's rules
//! table shows it: `shared/tests/rules_table.rs` generates that table from
//! this file and fails when the README differs, so the table cannot drift
//! from the code.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A rule's stable id. On the wire it is the string form
/// ([`RuleId::as_str`]), e.g. `"DPC-MINORS"`, unchanged since version 1.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum RuleId {
    /// Base DPC 1: name, address, birth date, contact details (ENISA simple data).
    #[serde(rename = "DPC-SIMPLE")]
    DpcSimple,
    /// Base DPC 2: location, photos, video (ENISA behavioural data).
    #[serde(rename = "DPC-BEHAVIOURAL")]
    DpcBehavioural,
    /// Base DPC 2: grades, absence, pupil plans, observations.
    #[serde(rename = "DPC-SCHOOL")]
    DpcSchool,
    /// Base DPC 3: financial data.
    #[serde(rename = "DPC-FINANCIAL")]
    DpcFinancial,
    /// Base DPC 3: CPR numbers.
    #[serde(rename = "DPC-CPR")]
    DpcCpr,
    /// Base DPC 3: serious social problems and family matters.
    #[serde(rename = "DPC-SOCIAL")]
    DpcSocial,
    /// Base DPC 4: health, other special categories, criminal offences.
    #[serde(rename = "DPC-SENSITIVE")]
    DpcSensitive,
    /// Log-ins count as the data they unlock (DPC 2 when nothing else is ticked).
    #[serde(rename = "DPC-CREDENTIALS")]
    DpcCredentials,
    /// No kind of data chosen yet: simple data assumed (DPC 1).
    #[serde(rename = "DPC-UNANSWERED")]
    DpcUnanswered,
    /// Children affected: DPC +1, capped at 4.
    #[serde(rename = "DPC-MINORS")]
    DpcMinors,
    /// Vulnerable persons affected: DPC +1, capped at 4.
    #[serde(rename = "DPC-VULNERABLE")]
    DpcVulnerable,
    /// EI 1: a name, address, birth date or CPR number (also while unanswered).
    #[serde(rename = "EI-DIRECT")]
    EiDirect,
    /// EI 0.75: photos, contact details or accounts.
    #[serde(rename = "EI-SIGNIFICANT")]
    EiSignificant,
    /// EI 0.5: nothing that names anyone directly.
    #[serde(rename = "EI-LIMITED")]
    EiLimited,
    /// CB +0.25: exposed, nobody known to have seen it.
    #[serde(rename = "CB-CONFIDENTIALITY-EXPOSED")]
    CbConfidentialityExposed,
    /// CB +0.25: disclosed to known recipients.
    #[serde(rename = "CB-CONFIDENTIALITY-KNOWN")]
    CbConfidentialityKnown,
    /// CB +0.5: disclosed to unknown or many recipients (also while unanswered).
    #[serde(rename = "CB-CONFIDENTIALITY-UNKNOWN")]
    CbConfidentialityUnknown,
    /// CB +0.5: published.
    #[serde(rename = "CB-CONFIDENTIALITY-PUBLIC")]
    CbConfidentialityPublic,
    /// CB +0.25: altered, the original can be restored.
    #[serde(rename = "CB-INTEGRITY-RECOVERABLE")]
    CbIntegrityRecoverable,
    /// CB +0.5: altered for good (also while unanswered).
    #[serde(rename = "CB-INTEGRITY-LOST")]
    CbIntegrityLost,
    /// CB +0.25: unavailable for a while (also when unanswered but a working backup was used).
    #[serde(rename = "CB-AVAILABILITY-TEMPORARY")]
    CbAvailabilityTemporary,
    /// CB +0.5: lost for good (also while unanswered).
    #[serde(rename = "CB-AVAILABILITY-PERMANENT")]
    CbAvailabilityPermanent,
    /// CB +0.5: malicious intent (answered, or theft, hacking, phishing, ransomware).
    #[serde(rename = "CB-MALICIOUS")]
    CbMalicious,
    /// Starting level from the band: low → none, medium and high → risk, very high → high.
    #[serde(rename = "RISK-BAND")]
    RiskBand,
    /// At least 100 people affected: one level up.
    #[serde(rename = "RISK-LARGE-SCALE")]
    RiskLargeScale,
    /// Known recipient bound by confidentiality confirmed deletion, nobody malicious: none (EDPB 01/2021 case 9).
    #[serde(rename = "RISK-BOUND-RECIPIENT-DELETED")]
    RiskBoundRecipientDeleted,
    /// Only availability affected, nothing lost or back within hours: none (EDPB 01/2021 case 1).
    #[serde(rename = "RISK-RESTORED-AVAILABILITY")]
    RiskRestoredAvailability,
    /// Only availability affected, back after days: risk, notify but no letter (EDPB 01/2021 case 2).
    #[serde(rename = "RISK-UNAVAILABLE-DAYS")]
    RiskUnavailableDays,
    /// Encrypted, key safe: none, or one level down if data was also lost or altered.
    #[serde(rename = "RISK-UNINTELLIGIBLE")]
    RiskUnintelligible,
    /// Identity theft, fraud, discrimination or physical harm possible (ticked, or CPR numbers readable by strangers): high, however unlikely.
    #[serde(rename = "RISK-VERY-SERIOUS")]
    RiskVerySerious,
    /// An assessor set the level by hand; the computed level is kept beside it.
    #[serde(rename = "RISK-OVERRIDE")]
    RiskOverride,
    /// The school is processor: the controller is told instead of Datatilsynet and the people affected.
    #[serde(rename = "OBL-PROCESSOR")]
    OblProcessor,
    /// An art. 34(3) exception replaces telling the people affected.
    #[serde(rename = "OBL-SUBJECT-EXCEPTION")]
    OblSubjectException,
}

impl RuleId {
    /// Every rule, in the order the assessment applies them.
    pub const ALL: [RuleId; 33] = [
        RuleId::DpcSimple,
        RuleId::DpcBehavioural,
        RuleId::DpcSchool,
        RuleId::DpcFinancial,
        RuleId::DpcCpr,
        RuleId::DpcSocial,
        RuleId::DpcSensitive,
        RuleId::DpcCredentials,
        RuleId::DpcUnanswered,
        RuleId::DpcMinors,
        RuleId::DpcVulnerable,
        RuleId::EiDirect,
        RuleId::EiSignificant,
        RuleId::EiLimited,
        RuleId::CbConfidentialityExposed,
        RuleId::CbConfidentialityKnown,
        RuleId::CbConfidentialityUnknown,
        RuleId::CbConfidentialityPublic,
        RuleId::CbIntegrityRecoverable,
        RuleId::CbIntegrityLost,
        RuleId::CbAvailabilityTemporary,
        RuleId::CbAvailabilityPermanent,
        RuleId::CbMalicious,
        RuleId::RiskBand,
        RuleId::RiskLargeScale,
        RuleId::RiskBoundRecipientDeleted,
        RuleId::RiskRestoredAvailability,
        RuleId::RiskUnavailableDays,
        RuleId::RiskUnintelligible,
        RuleId::RiskVerySerious,
        RuleId::RiskOverride,
        RuleId::OblProcessor,
        RuleId::OblSubjectException,
    ];

    /// The stable string form, as on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleId::DpcSimple => "DPC-SIMPLE",
            RuleId::DpcBehavioural => "DPC-BEHAVIOURAL",
            RuleId::DpcSchool => "DPC-SCHOOL",
            RuleId::DpcFinancial => "DPC-FINANCIAL",
            RuleId::DpcCpr => "DPC-CPR",
            RuleId::DpcSocial => "DPC-SOCIAL",
            RuleId::DpcSensitive => "DPC-SENSITIVE",
            RuleId::DpcCredentials => "DPC-CREDENTIALS",
            RuleId::DpcUnanswered => "DPC-UNANSWERED",
            RuleId::DpcMinors => "DPC-MINORS",
            RuleId::DpcVulnerable => "DPC-VULNERABLE",
            RuleId::EiDirect => "EI-DIRECT",
            RuleId::EiSignificant => "EI-SIGNIFICANT",
            RuleId::EiLimited => "EI-LIMITED",
            RuleId::CbConfidentialityExposed => "CB-CONFIDENTIALITY-EXPOSED",
            RuleId::CbConfidentialityKnown => "CB-CONFIDENTIALITY-KNOWN",
            RuleId::CbConfidentialityUnknown => "CB-CONFIDENTIALITY-UNKNOWN",
            RuleId::CbConfidentialityPublic => "CB-CONFIDENTIALITY-PUBLIC",
            RuleId::CbIntegrityRecoverable => "CB-INTEGRITY-RECOVERABLE",
            RuleId::CbIntegrityLost => "CB-INTEGRITY-LOST",
            RuleId::CbAvailabilityTemporary => "CB-AVAILABILITY-TEMPORARY",
            RuleId::CbAvailabilityPermanent => "CB-AVAILABILITY-PERMANENT",
            RuleId::CbMalicious => "CB-MALICIOUS",
            RuleId::RiskBand => "RISK-BAND",
            RuleId::RiskLargeScale => "RISK-LARGE-SCALE",
            RuleId::RiskBoundRecipientDeleted => "RISK-BOUND-RECIPIENT-DELETED",
            RuleId::RiskRestoredAvailability => "RISK-RESTORED-AVAILABILITY",
            RuleId::RiskUnavailableDays => "RISK-UNAVAILABLE-DAYS",
            RuleId::RiskUnintelligible => "RISK-UNINTELLIGIBLE",
            RuleId::RiskVerySerious => "RISK-VERY-SERIOUS",
            RuleId::RiskOverride => "RISK-OVERRIDE",
            RuleId::OblProcessor => "OBL-PROCESSOR",
            RuleId::OblSubjectException => "OBL-SUBJECT-EXCEPTION",
        }
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
        for id in RuleId::ALL {
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), id);
        }
        assert_eq!(RuleId::DpcMinors.to_string(), "DPC-MINORS");
    }

    #[test]
    fn ids_are_distinct() {
        let mut ids: Vec<&str> = RuleId::ALL.iter().map(|id| id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RuleId::ALL.len());
    }
}
