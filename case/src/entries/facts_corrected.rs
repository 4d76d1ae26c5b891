//! `facts_corrected`: answers of the report corrected by what the school
//! has learned after it ([`Corrections`]): what happened, who and how many
//! were affected, which data, the likely consequences, how it was
//! contained. The log keeps the reporter's first account (the opening
//! event commits to it) and every correction with its reason; the case's
//! report is the corrected one, so every text, export and figure reads
//! what the school decided. The assessment is made again from the
//! corrected answers, as an override makes it again (the earlier levels
//! stay in the log).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::form::{options_of, Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use brud_shared::model::{Consequence, Count, DataCategory, Exfiltration, SubjectCategory};
use brud_shared::obligations::assess;
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::validate::{validate, Mode, LIMIT_TEXT};
use brud_shared::Report;

/// The correction's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactsCorrected {
    /// The answers replaced (an object of its own on the wire: serde's
    /// `flatten` beside the `kind` tag cost the desk's download 10 kB).
    pub corrected: Corrections,
    /// Why (what was learned, from whom).
    pub reason: String,
}

impl Entry for FactsCorrected {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = (
        "Oplysninger i indberetningen rettet",
        "Report's facts corrected",
    );
    const FORM: Option<Form> = Some(Form {
        title: (
            "Ret oplysninger i indberetningen",
            "Correct the report's facts",
        ),
        fields: &[
            FormField::optional(
                "subject_count",
                (
                    "Antal berørte personer (tomt: uændret)",
                    "Number of people affected (empty: unchanged)",
                ),
                Input::Estimate,
            )
            .within("corrected"),
            FormField::optional(
                "subject_count_approximate",
                ("Antallet er et skøn", "The number is an estimate"),
                Input::Check,
            )
            .within("corrected"),
            FormField::optional(
                "categories",
                (
                    "Typer af oplysninger (intet valgt: uændret)",
                    "Kinds of data (none ticked: unchanged)",
                ),
                Input::Several(options_of::<DataCategory>),
            )
            .within("corrected"),
            FormField::optional(
                "consequences",
                (
                    "Sandsynlige konsekvenser (intet valgt: uændret)",
                    "Likely consequences (none ticked: unchanged)",
                ),
                Input::Several(options_of::<Consequence>),
            )
            .within("corrected"),
            FormField::optional(
                "description",
                (
                    "Hvad skete der (tomt: uændret)",
                    "What happened (empty: unchanged)",
                ),
                Input::Area,
            )
            .within("corrected"),
            FormField::optional(
                "containment",
                (
                    "Hvordan blev bruddet stoppet (tomt: uændret)",
                    "How was the breach contained (empty: unchanged)",
                ),
                Input::Area,
            )
            .within("corrected"),
            FormField::optional(
                "exfiltration",
                (
                    "Har angriberen kopieret oplysningerne (intet valgt: uændret)",
                    "Did the attacker copy the data (none chosen: unchanged)",
                ),
                Input::Choice(options_of::<Exfiltration>),
            )
            .within("corrected"),
            FormField::required(
                "reason",
                (
                    "Hvorfor rettes oplysningerne?",
                    "Why are the facts corrected?",
                ),
                Input::Area,
            ),
        ],
    });

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.reason,
            "reason",
            LIMIT_TEXT,
            "Skriv hvorfor oplysningerne rettes.",
            "Enter why the facts are corrected.",
        );
        if self.corrected.fields().is_empty() {
            applying.problem(Problem::new(
                "corrected",
                ProblemCode::Required,
                "Ret mindst én oplysning.",
                "Correct at least one answer.",
            ));
        }
        applying.next.report = self.corrected.applied_to(&applying.before.report);
        let problems = self.corrected.problems(&applying.next.report, applying.at);
        applying.problems.extend(problems);
        applying.next.assessment = assess(&applying.next.report, applying.org, applying.at);
    }
}

/// Answers of the report replaced by what the school has learned; each
/// one absent is left as it was. On the wire: the event's `corrected`
/// object, its fields named as here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    /// What happened (`nature.description`).
    #[serde(default)]
    pub description: Option<String>,
    /// The categories of people affected (`data.subjects`).
    #[serde(default)]
    pub subjects: Option<Vec<SubjectCategory>>,
    /// Whether children are among them (`data.minors`).
    #[serde(default)]
    pub minors: Option<bool>,
    /// About how many people (`data.subject_count`).
    #[serde(default)]
    pub subject_count: Option<Count>,
    /// About how many records (`data.record_count`).
    #[serde(default)]
    pub record_count: Option<Count>,
    /// The categories of data (`data.categories`).
    #[serde(default)]
    pub categories: Option<Vec<DataCategory>>,
    /// The likely consequences (`consequences`).
    #[serde(default)]
    pub consequences: Option<Vec<Consequence>>,
    /// How the breach was stopped or contained (`containment.how`).
    #[serde(default)]
    pub containment: Option<String>,
    /// Whether the attacker copied the data (`circumstances.exfiltration`),
    /// as IT's examination found after the report.
    #[serde(default)]
    pub exfiltration: Option<Exfiltration>,
}

/// Each correctable answer: its name in [`Corrections`] and its path in
/// the report (the `field` of the report's own problems).
const PATHS: [(&str, &str); 9] = [
    ("description", "nature.description"),
    ("subjects", "data.subjects"),
    ("minors", "data.minors"),
    ("subject_count", "data.subject_count"),
    ("record_count", "data.record_count"),
    ("categories", "data.categories"),
    ("consequences", "consequences"),
    ("containment", "containment.how"),
    ("exfiltration", "circumstances.exfiltration"),
];

impl Corrections {
    /// The names of the answers it replaces, in [`Corrections`] order.
    pub fn fields(&self) -> Vec<&'static str> {
        let present = [
            self.description.is_some(),
            self.subjects.is_some(),
            self.minors.is_some(),
            self.subject_count.is_some(),
            self.record_count.is_some(),
            self.categories.is_some(),
            self.consequences.is_some(),
            self.containment.is_some(),
            self.exfiltration.is_some(),
        ];
        PATHS
            .iter()
            .zip(present)
            .filter(|(_, present)| *present)
            .map(|((name, _), _)| *name)
            .collect()
    }

    /// `report` with these answers in place of its own.
    pub fn applied_to(&self, report: &Report) -> Report {
        let mut next = report.clone();
        if let Some(description) = &self.description {
            next.nature.description = Some(description.clone());
        }
        if let Some(subjects) = &self.subjects {
            next.data.subjects = subjects.clone();
        }
        if let Some(minors) = self.minors {
            next.data.minors = Some(minors);
        }
        if let Some(count) = self.subject_count {
            next.data.subject_count = Some(count);
        }
        if let Some(count) = self.record_count {
            next.data.record_count = Some(count);
        }
        if let Some(categories) = &self.categories {
            next.data.categories = categories.clone();
        }
        if let Some(consequences) = &self.consequences {
            next.consequences = consequences.clone();
        }
        if let Some(how) = &self.containment {
            next.containment.how = Some(how.clone());
        }
        if let Some(exfiltration) = self.exfiltration {
            next.circumstances.exfiltration = Some(exfiltration);
        }
        next
    }

    /// The problems of the corrected answers as the report's own rules see
    /// them in `corrected` (the report with these answers applied), each
    /// named by its field here (`subject_count`, not
    /// `data.subject_count`): a correction is held to what a report is.
    /// Problems of answers it does not touch are not its business.
    pub fn problems(&self, corrected: &Report, now: DateTime<Utc>) -> Vec<Problem> {
        let touched = self.fields();
        validate(corrected, Mode::Complete, now)
            .errors
            .into_iter()
            .filter_map(|mut problem| {
                let (name, _) = PATHS.iter().find(|(name, path)| {
                    touched.contains(name)
                        && problem.field.strip_prefix(path).is_some_and(|rest| {
                            rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                        })
                })?;
                problem.field = (*name).to_string();
                Some(problem)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brud_shared::model::CountPrecision;

    /// A draft with confidentiality lost and some identity data.
    fn reference_report() -> Report {
        let mut report = Report::new_draft(
            "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
            "demo",
            brud_shared::Language::Da,
        );
        report.nature.confidentiality = true;
        report.data.categories = vec![DataCategory::Identity];
        report
    }

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_correction_replaces_only_the_answers_it_names() {
        let report = reference_report();
        let corrections = Corrections {
            subject_count: Some(Count::exact(40)),
            consequences: Some(vec![Consequence::Distress]),
            ..Corrections::default()
        };
        let corrected = corrections.applied_to(&report);
        assert_eq!(corrected.data.subject_count, Some(Count::exact(40)));
        assert_eq!(corrected.consequences, vec![Consequence::Distress]);
        assert_eq!(corrected.nature, report.nature);
        assert_eq!(corrected.data.categories, report.data.categories);
        assert_eq!(corrections.fields(), vec!["subject_count", "consequences"]);
        assert!(Corrections::default().fields().is_empty());
        // IT finds that the ransomware copied the data after all.
        let copied = Corrections {
            exfiltration: Some(Exfiltration::Confirmed),
            ..Corrections::default()
        };
        assert_eq!(
            copied.applied_to(&report).circumstances.exfiltration,
            Some(Exfiltration::Confirmed)
        );
        assert_eq!(copied.fields(), vec!["exfiltration"]);
    }

    #[test]
    fn a_corrected_answer_is_held_to_the_reports_rules_by_its_own_name() {
        let report = reference_report();
        let corrections = Corrections {
            subject_count: Some(Count {
                precision: CountPrecision::Exact,
                value: Some(-3),
            }),
            ..Corrections::default()
        };
        let problems = corrections.problems(&corrections.applied_to(&report), now());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "subject_count");
        assert_eq!(problems[0].code, ProblemCode::Negative);
        let fine = Corrections {
            subject_count: Some(Count::approximate(300)),
            ..Corrections::default()
        };
        assert!(fine.problems(&fine.applied_to(&report), now()).is_empty());
    }
}
