//! What the stages of the assessment share: the ENISA band, a severity
//! score with its parts, and a rule that fired with its reason. At the
//! bottom of the risk modules, so [`super::severity`] and [`super::level`]
//! use it without using the module that runs them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::rule_id::RuleId;
use crate::lang::Language;

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
    /// Stable id, e.g. `DPC-MINORS` on the wire.
    pub id: RuleId,
    /// Reason in Danish.
    pub da: String,
    /// Reason in English.
    pub en: String,
}

impl FiredRule {
    /// The rule `id` with its reason in Danish and English. Without the
    /// `rule-texts` feature (the form's build) the reason is left empty
    /// and its words out of the download; the decision is the same.
    pub(crate) fn new(id: RuleId, da: impl Into<String>, en: impl Into<String>) -> Self {
        #[cfg(feature = "rule-texts")]
        let (da, en) = (da.into(), en.into());
        #[cfg(not(feature = "rule-texts"))]
        let (da, en) = {
            let _ = (da, en);
            (String::new(), String::new())
        };
        FiredRule { id, da, en }
    }

    /// The rule `id` with a reason that has to be formatted: `words` gives
    /// it in Danish and English, and is not run at all without the
    /// `rule-texts` feature, so the form's download has no formatting code
    /// for it.
    pub(crate) fn formatted(id: RuleId, words: impl FnOnce() -> [String; 2]) -> Self {
        #[cfg(feature = "rule-texts")]
        let [da, en] = words();
        #[cfg(not(feature = "rule-texts"))]
        let [da, en] = {
            let _ = words;
            [String::new(), String::new()]
        };
        FiredRule { id, da, en }
    }
}
