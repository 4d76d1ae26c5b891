//! `risk_overridden`: the DPO sets the risk level by hand; the computed
//! level is kept beside it and the duties follow the level set.

use serde::{Deserialize, Serialize};

use super::form::{options_of, Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use brud_shared::model::{RiskLevel, RiskOverride};
use brud_shared::obligations::assess;
use brud_shared::validate::LIMIT_TEXT;

/// The override's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskOverridden {
    /// The level in force from now on.
    pub risk: RiskLevel,
    /// Why the DPO disagrees with the computed level.
    pub justification: String,
}

impl Entry for RiskOverridden {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) = ("Risiko fastsat af DPO", "Risk set by the DPO");
    const FORM: Option<Form> = Some(Form {
        title: ("Fastsæt risikoen", "Set the risk"),
        fields: &[
            FormField::required(
                "risk",
                ("Risiko", "Risk"),
                Input::Choice(options_of::<RiskLevel>),
            ),
            FormField::required(
                "justification",
                ("Begrundelse", "Justification"),
                Input::Area,
            ),
        ],
    });

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.justification,
            "justification",
            LIMIT_TEXT,
            "Begrund den ændrede vurdering.",
            "Give the reason for the changed assessment.",
        );
        applying.next.report.risk_override = Some(RiskOverride {
            risk: self.risk,
            justification: Some(self.justification.clone()),
        });
        applying.next.assessment = assess(&applying.next.report, applying.org, applying.at);
    }
}
