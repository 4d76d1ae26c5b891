//! `letter_written`: the DPO's description of the breach for the people
//! affected (art. 34(2)), which the letter to them tells instead of the
//! reporter's free text (that may name another child or hold a CPR
//! number). The desk's form starts from the case's structured facts
//! ([`prefill`]); the DPO rewrites it as the people affected should read
//! it. The latest written is the letter's.

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use crate::state::Case;
use brud_shared::lang::{join_labels, Labelled, Language};
use brud_shared::texts::LetterText;
use brud_shared::time::format_local;
use brud_shared::validate::LIMIT_TEXT;

/// The description's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterWritten {
    /// What happened, as the people affected should read it.
    pub what_happened: String,
    /// What the school has done and does about it.
    #[serde(default)]
    pub what_we_do: Option<String>,
}

impl Entry for LetterWritten {
    const WHO: Who = Who::Dpo;
    const TITLE: (&'static str, &'static str) = (
        "Brev til de berørte skrevet",
        "Letter to the people affected written",
    );
    const FORM: Option<Form> = Some(Form {
        title: (
            "Brevet til de berørte (uden navne, cpr-numre og kontaktoplysninger)",
            "The letter to the people affected (without names, CPR numbers and contact details)",
        ),
        fields: &[
            FormField::required(
                "what_happened",
                ("Hvad er der sket?", "What happened?"),
                Input::Area,
            ),
            FormField::optional(
                "what_we_do",
                ("Hvad har skolen gjort?", "What has the school done?"),
                Input::Area,
            ),
        ],
    });

    /// On every case that is a breach: at high risk the letter is owed,
    /// and below it a school may still choose to tell the people affected.
    fn offered(case: &Case, _org: Option<&brud_shared::OrgProfile>) -> bool {
        case.dismissed.is_none()
    }

    fn prefill(case: &Case, lang: Language) -> Vec<(&'static str, String)> {
        prefill(case, lang)
    }

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.what_happened,
            "what_happened",
            LIMIT_TEXT,
            "Beskriv, hvad der er sket, som de berørte skal læse det.",
            "Describe what happened as the people affected should read it.",
        );
        applying.optional_text(&self.what_we_do, "what_we_do", LIMIT_TEXT);
        applying.next.letter = Some(LetterText {
            what_happened: self.what_happened.trim().to_string(),
            what_we_do: self
                .what_we_do
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
        });
    }
}

/// The form's start, from the case's structured facts only: the kind of
/// incident and when, the kinds of data and whose; what was done (stopped
/// when, the prevention measures). Never the reporter's free text.
pub fn prefill(case: &Case, lang: Language) -> Vec<(&'static str, String)> {
    let report = &case.report;
    let mut happened = match report.nature.incident {
        Some(incident) => incident.label(lang).to_string(),
        None => lang
            .pick("Der er sket et brud", "A breach happened")
            .to_string(),
    };
    if let Some(at) = report
        .timeline
        .occurred
        .as_ref()
        .and_then(|o| o.at.or(o.from))
    {
        happened.push_str(&format!(" ({})", format_local(at.utc(), lang)));
    }
    happened.push('.');
    if !report.data.categories.is_empty() {
        happened.push_str(&format!(
            " {} {}",
            lang.pick("Det drejer sig om", "It concerns"),
            join_labels(&report.data.categories, lang)
        ));
        if !report.data.subjects.is_empty() {
            happened.push_str(&format!(
                " {} {}",
                lang.pick("om", "about"),
                join_labels(&report.data.subjects, lang)
            ));
        }
        happened.push('.');
    }
    let mut done = Vec::new();
    if let Some(at) = case.contained_at {
        done.push(format!(
            "{} {}.",
            lang.pick("Bruddet blev stoppet", "The breach was stopped"),
            format_local(at, lang)
        ));
    }
    if case.authority.is_some() {
        done.push(
            lang.pick(
                "Vi har anmeldt bruddet til Datatilsynet.",
                "We have notified Datatilsynet.",
            )
            .to_string(),
        );
    }
    for measure in &case.prevention {
        done.push(format!("{}.", measure.what.trim_end_matches('.')));
    }
    let mut fields = vec![("what_happened", happened)];
    if !done.is_empty() {
        fields.push(("what_we_do", done.join(" ")));
    }
    fields
}
