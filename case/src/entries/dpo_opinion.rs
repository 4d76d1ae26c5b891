//! `dpo_opinion`: the DPO's opinion on the breach and what to do.

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use brud_shared::validate::LIMIT_TEXT;

/// The opinion's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DpoOpinion {
    /// The opinion.
    pub text: String,
}

impl Entry for DpoOpinion {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) = ("DPO'ens vurdering", "The DPO's opinion");
    const FORM: Option<Form> = Some(Form {
        title: ("DPO'ens vurdering", "The DPO's opinion"),
        fields: &[FormField::required(
            "text",
            ("Vurdering", "Opinion"),
            Input::Area,
        )],
    });

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.text,
            "text",
            LIMIT_TEXT,
            "Skriv DPO'ens udtalelse.",
            "Enter the DPO's opinion.",
        );
        applying.next.dpo_opinion = Some(self.text.clone());
    }
}
