//! Problems with a report: where, what, and what to tell the person.
//!
//! Shared by every check of the domain ([`crate::parse`] for the wire shape,
//! [`crate::validate`] for the answers, [`crate::obligations`] for what the
//! answers imply), by the Worker's 422 problem details and by the form's
//! messages next to the fields.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason for a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A required answer is missing.
    Required,
    /// Text longer than its limit.
    TooLong,
    /// A value in a format that cannot be right.
    InvalidFormat,
    /// An answer that is not among the allowed values, or of the wrong type.
    InvalidValue,
    /// A field that the wire format does not have.
    UnknownField,
    /// A wire-format version this server does not speak.
    UnsupportedVersion,
    /// A negative count.
    Negative,
    /// A count too large to be true.
    Implausible,
    /// A time in the future.
    InFuture,
    /// Aware of the breach before it happened.
    BeforeOccurrence,
    /// An interval that ends before it starts.
    InvalidRange,
    /// Answers that contradict each other.
    Inconsistent,
    /// The same choice twice in a list.
    Duplicate,
    /// No security property (confidentiality, integrity, availability) chosen.
    NothingAffected,
    /// Nobody affected.
    NoSubjects,
    /// Neither e-mail nor phone for the reporter.
    ContactRequired,
    /// A risk override without a justification.
    JustificationRequired,
    /// Processor without the controller's name and contact.
    ControllerRequired,
    /// An exception from telling the data subjects without high risk.
    ExceptionWithoutHighRisk,
    /// Past the 72-hour deadline without a reason for the delay.
    LateReasonRequired,
    /// Free text that seems to hold a CPR number.
    PossibleCpr,
    /// Free text that seems to hold an e-mail address.
    PossibleEmail,
    /// Free text that seems to hold a phone number.
    PossiblePhone,
}

/// One problem: where, what, and what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    /// JSON path of the field, e.g. `timeline.aware_at` or `data.categories[2]`.
    pub field: String,
    /// Stable code.
    pub code: ProblemCode,
    /// Message in Danish.
    pub da: String,
    /// Message in English.
    pub en: String,
}

impl Problem {
    /// A problem at `field`.
    pub fn new(
        field: impl Into<String>,
        code: ProblemCode,
        da: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Problem {
            field: field.into(),
            code,
            da: da.into(),
            en: en.into(),
        }
    }
}

/// All problems with a report. Errors block sending; warnings do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Validation {
    /// Problems that must be fixed.
    pub errors: Vec<Problem>,
    /// Things worth a second look (personal data in free text).
    pub warnings: Vec<Problem>,
}

impl Validation {
    /// No errors.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The problems (errors, then warnings) for one field.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.errors
            .iter()
            .chain(self.warnings.iter())
            .filter(move |problem| problem.field == field)
    }
}
