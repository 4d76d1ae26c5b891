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
//!    a starting level (low → none, medium → risk, high and very high → high);
//!    then the factors ENISA leaves outside the score move it: many people
//!    affected raise it one level; a recipient bound by confidentiality who
//!    confirmed deletion lowers it one level; data that was unintelligible to
//!    anyone who got it removes the confidentiality risk; and Datatilsynet's
//!    hard rule sets high risk whenever very serious consequences are
//!    possible, however unlikely.
//! 3. An assessor's **override** replaces the level but `computed_risk` keeps
//!    the computed one.
//!
//! Every rule below is one function with a stable id (`RULE_*`). Each rule
//! that fires is reported with its id and a one-line reason in Danish and
//! English, so a DPO can see why the result is what it is. Unanswered
//! questions are treated conservatively (as the worse answer) so a draft
//! never looks safer than it may be.
//!
//! Scores are multiples of 0.25 and so exact in binary floating point.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{decapitalize, join_labels, Labelled, Language};
use crate::model::{
    AvailabilityLoss, Consequence, DataCategory, NoticeException, Recipients, Report, RiskLevel,
    Role,
};
use crate::org::{OrgProfile, StepCondition};
use crate::time::{deadline, Timestamp};

/// ENISA severity band.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// SE < 2.
    Low,
    /// 2 ≤ SE < 3.
    Medium,
    /// 3 ≤ SE < 4.
    High,
    /// 4 ≤ SE.
    VeryHigh,
}

impl Band {
    /// The band of a severity score.
    pub fn of(score: f64) -> Band {
        if score < 2.0 {
            Band::Low
        } else if score < 3.0 {
            Band::Medium
        } else if score < 4.0 {
            Band::High
        } else {
            Band::VeryHigh
        }
    }

    /// The label in `lang`.
    pub fn label(self, lang: Language) -> &'static str {
        match self {
            Band::Low => lang.pick("lav", "low"),
            Band::Medium => lang.pick("middel", "medium"),
            Band::High => lang.pick("høj", "high"),
            Band::VeryHigh => lang.pick("meget høj", "very high"),
        }
    }
}

/// A severity figure (a multiple of 0.25) as people write it: "4.25",
/// "3", "2.5". Integer arithmetic, so no float formatting code is pulled
/// into the browser download.
pub fn format_score(score: f64) -> String {
    let quarters = (score * 4.0).round() as i64;
    let (whole, part) = (quarters / 4, (quarters % 4).abs());
    match part {
        0 => whole.to_string(),
        1 => format!("{whole}.25"),
        2 => format!("{whole}.5"),
        _ => format!("{whole}.75"),
    }
}

/// The ENISA severity of a breach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Severity {
    /// Data processing context, 1–4.
    pub dpc: u8,
    /// Ease of identification: 0.25, 0.5, 0.75 or 1.
    pub ei: f64,
    /// Circumstances of the breach: sum of the applicable factors.
    pub cb: f64,
    /// `dpc × ei + cb`.
    pub score: f64,
    /// The band of the score.
    pub band: Band,
}

/// A rule that fired, with its stable id and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FiredRule {
    /// Stable id, e.g. `DPC-MINORS`.
    pub id: String,
    /// Reason in Danish.
    pub da: String,
    /// Reason in English.
    pub en: String,
}

impl FiredRule {
    fn new(id: &str, da: impl Into<String>, en: impl Into<String>) -> Self {
        FiredRule {
            id: id.to_string(),
            da: da.into(),
            en: en.into(),
        }
    }
}

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

// ---------------------------------------------------------------------------
// Stable rule ids.

/// Base DPC 1 for simple data.
pub const RULE_DPC_SIMPLE: &str = "DPC-SIMPLE";
/// Base DPC 2 for behavioural data.
pub const RULE_DPC_BEHAVIOURAL: &str = "DPC-BEHAVIOURAL";
/// Base DPC 2 for school records.
pub const RULE_DPC_SCHOOL: &str = "DPC-SCHOOL";
/// Base DPC 3 for financial data.
pub const RULE_DPC_FINANCIAL: &str = "DPC-FINANCIAL";
/// Base DPC 3 for CPR numbers.
pub const RULE_DPC_CPR: &str = "DPC-CPR";
/// Base DPC 3 for social matters.
pub const RULE_DPC_SOCIAL: &str = "DPC-SOCIAL";
/// Base DPC 4 for special categories and criminal offences.
pub const RULE_DPC_SENSITIVE: &str = "DPC-SENSITIVE";
/// Credentials take the category of what they unlock.
pub const RULE_DPC_CREDENTIALS: &str = "DPC-CREDENTIALS";
/// No category chosen yet.
pub const RULE_DPC_UNANSWERED: &str = "DPC-UNANSWERED";
/// +1 for children.
pub const RULE_DPC_MINORS: &str = "DPC-MINORS";
/// +1 for vulnerable persons.
pub const RULE_DPC_VULNERABLE: &str = "DPC-VULNERABLE";
/// EI 1: directly identifying data.
pub const RULE_EI_DIRECT: &str = "EI-DIRECT";
/// EI 0.75: data that identifies with little effort.
pub const RULE_EI_SIGNIFICANT: &str = "EI-SIGNIFICANT";
/// EI 0.5: data that needs more to identify anyone.
pub const RULE_EI_LIMITED: &str = "EI-LIMITED";
/// CB: confidentiality exposed, nobody known to have the data.
pub const RULE_CB_EXPOSED: &str = "CB-CONFIDENTIALITY-EXPOSED";
/// CB: disclosed to known recipients.
pub const RULE_CB_KNOWN: &str = "CB-CONFIDENTIALITY-KNOWN";
/// CB: disclosed to unknown or many recipients.
pub const RULE_CB_UNKNOWN: &str = "CB-CONFIDENTIALITY-UNKNOWN";
/// CB: published.
pub const RULE_CB_PUBLIC: &str = "CB-CONFIDENTIALITY-PUBLIC";
/// CB: integrity lost but recoverable.
pub const RULE_CB_INTEGRITY_RECOVERABLE: &str = "CB-INTEGRITY-RECOVERABLE";
/// CB: integrity lost for good.
pub const RULE_CB_INTEGRITY_LOST: &str = "CB-INTEGRITY-LOST";
/// CB: temporarily unavailable.
pub const RULE_CB_AVAILABILITY_TEMPORARY: &str = "CB-AVAILABILITY-TEMPORARY";
/// CB: lost for good, no backup.
pub const RULE_CB_AVAILABILITY_PERMANENT: &str = "CB-AVAILABILITY-PERMANENT";
/// CB: malicious intent.
pub const RULE_CB_MALICIOUS: &str = "CB-MALICIOUS";
/// Starting level from the band.
pub const RULE_RISK_BAND: &str = "RISK-BAND";
/// Many people affected: raise.
pub const RULE_RISK_LARGE_SCALE: &str = "RISK-LARGE-SCALE";
/// Bound recipient confirmed deletion: lower.
pub const RULE_RISK_BOUND_RECIPIENT_DELETED: &str = "RISK-BOUND-RECIPIENT-DELETED";
/// Unintelligible data: no confidentiality risk.
pub const RULE_RISK_UNINTELLIGIBLE: &str = "RISK-UNINTELLIGIBLE";
/// Only availability lost, and restored from backup: no risk.
pub const RULE_RISK_RESTORED_AVAILABILITY: &str = "RISK-RESTORED-AVAILABILITY";
/// Very serious consequences possible: high.
pub const RULE_RISK_VERY_SERIOUS: &str = "RISK-VERY-SERIOUS";
/// An assessor overrode the level.
pub const RULE_RISK_OVERRIDE: &str = "RISK-OVERRIDE";
/// The school is processor.
pub const RULE_OBL_PROCESSOR: &str = "OBL-PROCESSOR";
/// An exception from telling the data subjects applies.
pub const RULE_OBL_SUBJECT_EXCEPTION: &str = "OBL-SUBJECT-EXCEPTION";

/// People affected from which a breach counts as large-scale (ENISA flags
/// breaches of more than 100 individuals for extra attention).
pub const LARGE_SCALE_SUBJECTS: i64 = 100;

// ---------------------------------------------------------------------------
// Data processing context.

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
pub fn category_dpc(category: DataCategory) -> Option<(u8, &'static str)> {
    use DataCategory::*;
    match category {
        Identity | Contact => Some((1, RULE_DPC_SIMPLE)),
        Location | Images => Some((2, RULE_DPC_BEHAVIOURAL)),
        School => Some((2, RULE_DPC_SCHOOL)),
        Financial => Some((3, RULE_DPC_FINANCIAL)),
        Cpr => Some((3, RULE_DPC_CPR)),
        Social => Some((3, RULE_DPC_SOCIAL)),
        Health | Special | Criminal => Some((4, RULE_DPC_SENSITIVE)),
        Credentials => None,
    }
}

/// `DPC-CREDENTIALS`: passwords and log-ins take the DPC of what they unlock.
///
/// Why: ENISA scores credentials by the data they give access to. The data in
/// the account is what the reporter ticks beside "credentials"; when nothing
/// else is ticked we assume a school account with mail and messages about
/// pupils, i.e. DPC 2 (school records), and say so.
///
/// Example: a phished Office 365 password plus "health" ticked → DPC 4.
pub fn credentials_dpc(others: Option<u8>) -> (u8, FiredRule) {
    match others {
        Some(dpc) => (
            dpc,
            FiredRule::new(
                RULE_DPC_CREDENTIALS,
                "Adgangskoder vurderes som de oplysninger, de giver adgang til.",
                "Credentials count as the data they give access to.",
            ),
        ),
        None => (
            2,
            FiredRule::new(
                RULE_DPC_CREDENTIALS,
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
        .fold(None::<(u8, &str, DataCategory)>, |best, item| match best {
            Some(b) if b.0 >= item.0 => Some(b),
            _ => Some(item),
        });
    let mut dpc = match best {
        Some((dpc, id, category)) => {
            rules.push(FiredRule::new(
                id,
                format!(
                    "Oplysningernes art ({}) giver grundværdi {dpc}.",
                    decapitalize(category.da())
                ),
                format!(
                    "The kind of data ({}) gives a base of {dpc}.",
                    decapitalize(category.en())
                ),
            ));
            dpc
        }
        None if categories.is_empty() => {
            rules.push(FiredRule::new(
                RULE_DPC_UNANSWERED,
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
            RULE_DPC_MINORS,
            "Børn er berørt: de er særligt sårbare, så konteksten hæves ét trin.",
            "Children are affected: they are especially vulnerable, so the context is raised one step.",
        ));
    }
    if report.data.vulnerable == Some(true) {
        dpc += 1;
        rules.push(FiredRule::new(
            RULE_DPC_VULNERABLE,
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
                RULE_EI_DIRECT,
                "Oplysningerne peger direkte på bestemte personer (navn, adresse eller CPR-nummer).",
                "The data points directly at specific people (name, address or CPR number).",
            ),
        )
    } else if categories
        .iter()
        .any(|c| matches!(c, Images | Contact | Credentials))
    {
        (
            0.75,
            FiredRule::new(
                RULE_EI_SIGNIFICANT,
                "Billeder, kontaktoplysninger eller konti gør det let at finde ud af, hvem det handler om.",
                "Photos, contact details or accounts make it easy to tell whom the data is about.",
            ),
        )
    } else {
        (
            0.5,
            FiredRule::new(
                RULE_EI_LIMITED,
                "Uden navn eller CPR-nummer kræver det mere at finde ud af, hvem oplysningerne handler om.",
                "Without a name or CPR number it takes more to tell whom the data is about.",
            ),
        )
    }
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
pub fn confidentiality_loss(report: &Report) -> Option<(f64, FiredRule)> {
    if !report.nature.confidentiality {
        return None;
    }
    Some(match report.circumstances.recipients {
        Some(Recipients::None) => (
            0.25,
            FiredRule::new(
                RULE_CB_EXPOSED,
                "Oplysningerne har været udsat, men ingen vides at have set dem.",
                "The data was exposed, but nobody is known to have seen it.",
            ),
        ),
        Some(Recipients::Known) => (
            0.25,
            FiredRule::new(
                RULE_CB_KNOWN,
                "Oplysningerne er kommet til kendte modtagere.",
                "The data reached known recipients.",
            ),
        ),
        Some(Recipients::Public) => (
            0.5,
            FiredRule::new(
                RULE_CB_PUBLIC,
                "Oplysningerne er offentliggjort og kan være set af hvem som helst.",
                "The data was published and may have been seen by anyone.",
            ),
        ),
        Some(Recipients::Unknown) | None => (
            0.5,
            FiredRule::new(
                RULE_CB_UNKNOWN,
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
                RULE_CB_INTEGRITY_RECOVERABLE,
                "Oplysninger er ændret, men kan genskabes.",
                "Data was altered but can be restored.",
            ),
        ),
        _ => (
            0.5,
            FiredRule::new(
                RULE_CB_INTEGRITY_LOST,
                "Oplysninger er ændret og kan ikke genskabes (eller det er ikke besvaret endnu).",
                "Data was altered and cannot be restored (or this is not answered yet).",
            ),
        ),
    })
}

/// Loss of availability (ENISA CB).
///
/// - `CB-AVAILABILITY-TEMPORARY` (+0.25): unavailable for a while, e.g.
///   ransomware with a working backup.
/// - `CB-AVAILABILITY-PERMANENT` (+0.5): lost for good, no backup; also
///   assumed while unanswered.
/// - Nothing when nothing was lost after all.
pub fn availability_loss(report: &Report) -> Option<(f64, FiredRule)> {
    if !report.nature.availability {
        return None;
    }
    match report.circumstances.availability_loss {
        Some(AvailabilityLoss::None) => None,
        Some(AvailabilityLoss::Temporary) => Some((
            0.25,
            FiredRule::new(
                RULE_CB_AVAILABILITY_TEMPORARY,
                "Oplysningerne var midlertidigt utilgængelige, men kan genskabes.",
                "The data was unavailable for a while but can be restored.",
            ),
        )),
        Some(AvailabilityLoss::Permanent) | None => Some((
            0.5,
            FiredRule::new(
                RULE_CB_AVAILABILITY_PERMANENT,
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
                RULE_CB_MALICIOUS,
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

// ---------------------------------------------------------------------------
// Risk level.

/// `RISK-BAND`: the starting risk level from the severity band.
///
/// Why: ENISA's low band means the breach is unlikely to affect people
/// (Zahles's "ingen risiko"); medium means they may be affected ("risiko");
/// high and very high mean considerable or irreversible consequences
/// ("høj risiko").
///
/// Example: score 2.25 (medium) → risk.
pub fn band_risk(severity: &Severity) -> (RiskLevel, FiredRule) {
    let level = match severity.band {
        Band::Low => RiskLevel::None,
        Band::Medium => RiskLevel::Risk,
        Band::High | Band::VeryHigh => RiskLevel::High,
    };
    let score = format_score(severity.score);
    (
        level,
        FiredRule::new(
            RULE_RISK_BAND,
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
            RULE_RISK_LARGE_SCALE,
            format!("{count} personer er berørt (mindst {LARGE_SCALE_SUBJECTS}); risikoen hæves ét trin."),
            format!("{count} people are affected (at least {LARGE_SCALE_SUBJECTS}); the risk is raised one step."),
        )
    })
}

/// `RISK-BOUND-RECIPIENT-DELETED`: the only recipients were known, bound by
/// confidentiality and have confirmed deletion, and nobody acted maliciously:
/// the level is lowered one step.
///
/// Why: Datatilsynet treats data that reached someone with a duty of secrecy
/// who deleted it as much less likely to harm anyone.
///
/// Example: a pupil plan mailed to the wrong teacher at another municipal
/// school, who confirmed deleting it.
pub fn bound_recipient_deleted(report: &Report) -> Option<FiredRule> {
    let c = &report.circumstances;
    let applies = report.nature.confidentiality
        && c.recipients == Some(Recipients::Known)
        && c.recipient_bound_by_confidentiality == Some(true)
        && c.recovered == Some(true)
        && !report.is_malicious();
    applies.then(|| {
        FiredRule::new(
            RULE_RISK_BOUND_RECIPIENT_DELETED,
            "Modtageren har tavshedspligt og har bekræftet at have slettet oplysningerne; risikoen sænkes ét trin.",
            "The recipient is bound by confidentiality and confirmed deleting the data; the risk is lowered one step.",
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

/// `RISK-RESTORED-AVAILABILITY`: only availability was affected (nobody
/// saw or altered the data) and it was restored, e.g. from a backup: the
/// level becomes none.
///
/// Why: the EDPB's Guidelines 01/2021 on breach notification (case 1:
/// ransomware with a proper backup and no exfiltration) find such a breach
/// unlikely to result in a risk. ENISA's score alone would still be high
/// for sensitive data, because DPC × EI does not depend on the kind of
/// loss; this rule corrects that.
///
/// Example: ransomware locks the pupil-plan drive; it is restored from the
/// night's backup the same morning and logs show no data left → no risk,
/// recorded only. Without a backup the rule does not apply.
pub fn restored_availability(report: &Report) -> Option<FiredRule> {
    let nature = &report.nature;
    let applies = nature.availability
        && !nature.confidentiality
        && !nature.integrity
        && !lasting_availability_loss(report);
    applies.then(|| {
        FiredRule::new(
            RULE_RISK_RESTORED_AVAILABILITY,
            "Kun tilgængeligheden var ramt, og oplysningerne er genskabt; ingen har set eller ændret dem, så der er ingen risiko.",
            "Only availability was affected and the data has been restored; nobody saw or altered it, so there is no risk.",
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
                RULE_RISK_UNINTELLIGIBLE,
                "Oplysningerne var uforståelige for andre (fx krypteret), men der er også tabt eller ændret oplysninger; risikoen sænkes ét trin.",
                "The data was unintelligible to others (e.g. encrypted), but data was also lost or altered; the risk is lowered one step.",
            ),
        )
    } else {
        (
            true,
            FiredRule::new(
                RULE_RISK_UNINTELLIGIBLE,
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
            RULE_RISK_VERY_SERIOUS,
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
            RULE_RISK_VERY_SERIOUS,
            "CPR-numre kan være læst af ukendte eller af en angriber; identitetstyveri er muligt, og det giver høj risiko.",
            "CPR numbers may have been read by unknown people or an attacker; identity theft is possible, which means high risk.",
        )
    })
}

/// The computed risk level and every rule that fired, severity rules first.
pub fn risk_level(report: &Report) -> (RiskLevel, Vec<FiredRule>) {
    let (severity, mut rules) = severity(report);
    let (mut level, band_rule) = band_risk(&severity);
    rules.push(band_rule);
    if let Some(rule) = large_scale(report) {
        level = level.raised();
        rules.push(rule);
    }
    if let Some(rule) = bound_recipient_deleted(report) {
        level = level.lowered();
        rules.push(rule);
    }
    if let Some(rule) = restored_availability(report) {
        level = RiskLevel::None;
        rules.push(rule);
    }
    if let Some((to_none, rule)) = unintelligible(report) {
        level = if to_none {
            RiskLevel::None
        } else {
            level.lowered()
        };
        rules.push(rule);
    }
    if let Some(rule) = very_serious_consequences(report) {
        level = RiskLevel::High;
        rules.push(rule);
    }
    (level, rules)
}

/// Assesses a report (draft or complete) as of `now`. With an organisation
/// profile, its internal steps that apply are included in the obligations.
///
/// ```
/// # use brud_shared::{model::*, lang::Language, risk::assess};
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
    let (severity, _) = severity(report);
    let (computed_risk, mut rules) = risk_level(report);
    let mut risk = computed_risk;
    if let Some(over) = &report.risk_override {
        risk = over.risk;
        rules.push(FiredRule::new(
            RULE_RISK_OVERRIDE,
            format!(
                "Vurderingen er ændret manuelt fra {} til {}; se begrundelsen.",
                crate::lang::lowercase(computed_risk.da()),
                crate::lang::lowercase(risk.da())
            ),
            format!(
                "The assessment was changed by hand from {} to {}; see the justification.",
                crate::lang::lowercase(computed_risk.en()),
                crate::lang::lowercase(risk.en())
            ),
        ));
    }

    let processor = report.role == Some(Role::Processor);
    if processor {
        rules.push(FiredRule::new(
            RULE_OBL_PROCESSOR,
            "Skolen er databehandler: den dataansvarlige skal underrettes uden unødig forsinkelse og står selv for anmeldelse til Datatilsynet og underretning af de berørte.",
            "The school is processor: the controller must be told without undue delay and handles notifying Datatilsynet and the people affected.",
        ));
    }

    let due = report.timeline.aware_at.and_then(deadline);
    let notify_authority_required = !processor && risk != RiskLevel::None;
    let notify_authority = NotifyAuthority {
        required: notify_authority_required,
        deadline: due.map(Timestamp::from),
        overdue: notify_authority_required && due.is_some_and(|due| now > due),
    };

    let high = !processor && risk == RiskLevel::High;
    let exception = if high {
        report.subject_notice_exception
    } else {
        None
    };
    if let Some(exception) = exception {
        rules.push(FiredRule::new(
            RULE_OBL_SUBJECT_EXCEPTION,
            format!(
                "De berørte skal ikke underrettes direkte: {}.",
                crate::lang::lowercase(exception.da())
            ),
            format!(
                "The people affected need not be told directly: {}.",
                crate::lang::lowercase(exception.en())
            ),
        ));
    }
    let notify_subjects = NotifySubjects {
        required: high && exception.is_none(),
        exception,
        public_communication: exception == Some(NoticeException::Disproportionate),
    };
    let notify_controller = NotifyController {
        required: processor,
    };

    let steps = org
        .map(|org| {
            org.steps
                .iter()
                .filter(|step| match step.when {
                    StepCondition::Always => true,
                    StepCondition::NotifyAuthority => notify_authority.required,
                    StepCondition::NotifySubjects => notify_subjects.required,
                    StepCondition::PublicCommunication => notify_subjects.public_communication,
                    StepCondition::Processor => notify_controller.required,
                })
                .map(|step| StepDue {
                    id: step.id.clone(),
                    da: step.da.clone(),
                    en: step.en.clone(),
                })
                .collect()
        })
        .unwrap_or_default();

    Assessment {
        severity,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    /// A draft with confidentiality lost to known recipients, nothing else.
    fn base() -> Report {
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

    fn ids(rules: &[FiredRule]) -> Vec<&str> {
        rules.iter().map(|r| r.id.as_str()).collect()
    }

    fn with_categories(categories: &[DataCategory]) -> Report {
        let mut report = base();
        report.data.categories = categories.to_vec();
        report
    }

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

    #[test]
    fn dpc_simple() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Contact]));
        assert_eq!(dpc, 1);
        assert_eq!(ids(&rules), [RULE_DPC_SIMPLE]);
    }

    #[test]
    fn dpc_behavioural() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Images]));
        assert_eq!(dpc, 2);
        assert_eq!(ids(&rules), [RULE_DPC_BEHAVIOURAL]);
    }

    #[test]
    fn dpc_school() {
        let (dpc, rules) = data_processing_context(&with_categories(&[
            DataCategory::Identity,
            DataCategory::School,
        ]));
        assert_eq!(dpc, 2);
        assert_eq!(ids(&rules), [RULE_DPC_SCHOOL]);
    }

    #[test]
    fn dpc_financial() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Financial]));
        assert_eq!((dpc, ids(&rules)), (3, vec![RULE_DPC_FINANCIAL]));
    }

    #[test]
    fn dpc_cpr() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Cpr]));
        assert_eq!((dpc, ids(&rules)), (3, vec![RULE_DPC_CPR]));
    }

    #[test]
    fn dpc_social() {
        let (dpc, rules) = data_processing_context(&with_categories(&[DataCategory::Social]));
        assert_eq!((dpc, ids(&rules)), (3, vec![RULE_DPC_SOCIAL]));
    }

    #[test]
    fn dpc_sensitive_wins_over_lower_categories() {
        let (dpc, rules) = data_processing_context(&with_categories(&[
            DataCategory::Contact,
            DataCategory::Health,
            DataCategory::School,
        ]));
        assert_eq!((dpc, ids(&rules)), (4, vec![RULE_DPC_SENSITIVE]));
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
        assert_eq!(ids(&rules), [RULE_DPC_SENSITIVE, RULE_DPC_CREDENTIALS]);
        let (alone, rules) =
            data_processing_context(&with_categories(&[DataCategory::Credentials]));
        assert_eq!(alone, 2, "a school account is assumed");
        assert_eq!(ids(&rules), [RULE_DPC_CREDENTIALS]);
    }

    #[test]
    fn dpc_unanswered_assumes_simple_data() {
        let (dpc, rules) = data_processing_context(&with_categories(&[]));
        assert_eq!((dpc, ids(&rules)), (1, vec![RULE_DPC_UNANSWERED]));
    }

    #[test]
    fn dpc_minors_raise_one_step() {
        let mut report = with_categories(&[DataCategory::School]);
        report.data.minors = Some(true);
        let (dpc, rules) = data_processing_context(&report);
        assert_eq!(dpc, 3);
        assert!(ids(&rules).contains(&RULE_DPC_MINORS));
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
        assert!(ids(&rules).contains(&RULE_DPC_VULNERABLE));
    }

    #[test]
    fn ei_direct_for_names_and_cpr_and_unanswered() {
        for categories in [
            vec![DataCategory::Identity],
            vec![DataCategory::Cpr],
            vec![],
        ] {
            let (ei, rule) = ease_of_identification(&with_categories(&categories));
            assert_eq!((ei, rule.id.as_str()), (1.0, RULE_EI_DIRECT));
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
            assert_eq!((ei, rule.id.as_str()), (0.75, RULE_EI_SIGNIFICANT));
        }
    }

    #[test]
    fn ei_limited_without_identifiers() {
        let (ei, rule) = ease_of_identification(&with_categories(&[DataCategory::Health]));
        assert_eq!((ei, rule.id.as_str()), (0.5, RULE_EI_LIMITED));
    }

    #[test]
    fn cb_confidentiality_by_recipients() {
        let mut report = base();
        for (recipients, weight, id) in [
            (Some(Recipients::None), 0.25, RULE_CB_EXPOSED),
            (Some(Recipients::Known), 0.25, RULE_CB_KNOWN),
            (Some(Recipients::Unknown), 0.5, RULE_CB_UNKNOWN),
            (Some(Recipients::Public), 0.5, RULE_CB_PUBLIC),
            (None, 0.5, RULE_CB_UNKNOWN),
        ] {
            report.circumstances.recipients = recipients;
            let (w, rule) = confidentiality_loss(&report).unwrap();
            assert_eq!((w, rule.id.as_str()), (weight, id));
        }
        report.nature.confidentiality = false;
        assert!(confidentiality_loss(&report).is_none());
    }

    #[test]
    fn cb_integrity() {
        let mut report = base();
        assert!(integrity_loss(&report).is_none());
        report.nature.integrity = true;
        report.circumstances.integrity_recoverable = Some(true);
        assert_eq!(
            integrity_loss(&report).unwrap().1.id,
            RULE_CB_INTEGRITY_RECOVERABLE
        );
        report.circumstances.integrity_recoverable = Some(false);
        let (weight, rule) = integrity_loss(&report).unwrap();
        assert_eq!((weight, rule.id.as_str()), (0.5, RULE_CB_INTEGRITY_LOST));
    }

    #[test]
    fn cb_availability() {
        let mut report = base();
        report.nature.availability = true;
        report.circumstances.availability_loss = Some(AvailabilityLoss::None);
        assert!(availability_loss(&report).is_none());
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        assert_eq!(
            availability_loss(&report).unwrap(),
            (0.25, availability_loss(&report).unwrap().1)
        );
        assert_eq!(
            availability_loss(&report).unwrap().1.id,
            RULE_CB_AVAILABILITY_TEMPORARY
        );
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        assert_eq!(availability_loss(&report).unwrap().0, 0.5);
        assert_eq!(
            availability_loss(&report).unwrap().1.id,
            RULE_CB_AVAILABILITY_PERMANENT
        );
    }

    #[test]
    fn cb_malicious_from_answer_or_derived() {
        let mut report = base();
        assert!(malicious_intent(&report).is_none());
        report.circumstances.malicious = None;
        report.nature.incident = Some(IncidentType::StolenDevice);
        assert_eq!(malicious_intent(&report).unwrap().1.id, RULE_CB_MALICIOUS);
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
        assert_eq!(at(3.0).0, RiskLevel::High);
        assert_eq!(at(4.5).0, RiskLevel::High);
        assert_eq!(at(2.25).1.id, RULE_RISK_BAND);
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
        assert!(ids(&rules).contains(&RULE_RISK_LARGE_SCALE));
        report.data.subject_count = Some(Count::unknown());
        assert!(large_scale(&report).is_none());
    }

    #[test]
    fn bound_recipient_who_deleted_lowers_one_step() {
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::School]);
        report.data.minors = Some(true);
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        report.circumstances.recipient_bound_by_confidentiality = Some(true);
        report.circumstances.recovered = Some(true);
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::Risk);
        assert!(ids(&rules).contains(&RULE_RISK_BOUND_RECIPIENT_DELETED));
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
        assert!(ids(&rules).contains(&RULE_RISK_UNINTELLIGIBLE));
        // With data also lost for good, only one step down.
        report.nature.availability = true;
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        let (to_none, _) = unintelligible(&report).unwrap();
        assert!(!to_none);
        assert_eq!(risk_level(&report).0, RiskLevel::Risk);
    }

    #[test]
    fn restored_availability_only_means_no_risk() {
        // Ransomware on named pupil records of children, restored from backup.
        let mut report = with_categories(&[DataCategory::Identity, DataCategory::School]);
        report.data.minors = Some(true);
        report.nature.confidentiality = false;
        report.nature.availability = true;
        report.circumstances.malicious = Some(true);
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        let (level, rules) = risk_level(&report);
        assert_eq!(level, RiskLevel::None);
        assert!(ids(&rules).contains(&RULE_RISK_RESTORED_AVAILABILITY));
        // No backup: the rule does not apply.
        report.circumstances.availability_loss = Some(AvailabilityLoss::Permanent);
        assert!(restored_availability(&report).is_none());
        assert_eq!(risk_level(&report).0, RiskLevel::High);
        // Data also exfiltrated: the rule does not apply.
        report.circumstances.availability_loss = Some(AvailabilityLoss::Temporary);
        report.nature.confidentiality = true;
        assert!(restored_availability(&report).is_none());
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
            .find(|r| r.id == RULE_RISK_VERY_SERIOUS)
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
        assert!(ids(&assessment.rules).contains(&RULE_RISK_OVERRIDE));
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
        assert!(ids(&assessment.rules).contains(&RULE_OBL_PROCESSOR));
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
