//! Problems with a report: where, what, and what to tell the person.
//!
//! Shared by every check of the domain ([`crate::parse`] for the wire shape,
//! [`crate::validate`](mod@crate::validate) for the answers, [`crate::obligations`] for what the
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
    /// An event the case's state does not allow (a second notification, a
    /// change to a closed case, a stale edit): HTTP 409.
    NotAllowed,
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
    /// Text at `field` longer than its limit: `length` characters of `max`.
    pub fn too_long(field: impl Into<String>, max: usize, length: usize) -> Self {
        Problem::new(
            field,
            ProblemCode::TooLong,
            format!("Teksten er for lang: højst {max} tegn (nu {length})."),
            format!("The text is too long: at most {max} characters (now {length})."),
        )
    }

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

/// Every field a problem with a report's answers can name: all that
/// [`crate::validate`](mod@crate::validate) and [`crate::obligations::problems`] ever put in
/// [`Problem::field`], a list's items (`data.categories[2]`) counted as
/// their list ([`list_field`]). In the order the form asks for them.
///
/// The form links every problem to the question that answers it; its
/// component tests check that each of these has one (or is one the form
/// fills in itself), and `tests/validation.rs` checks that the checks name
/// nothing else. (Problems with the wire shape, from [`crate::parse`],
/// name whatever a client sent and are not listed.)
pub const ANSWER_FIELDS: &[&str] = &[
    "version",
    "id",
    "org",
    "nature.description",
    "nature.incident",
    "nature.cause",
    "nature.confidentiality",
    "timeline.occurred",
    "timeline.occurred.precision",
    "timeline.occurred.at",
    "timeline.occurred.from",
    "timeline.occurred.to",
    "timeline.aware_at",
    "timeline.discovered_by",
    "timeline.discovery",
    "timeline.ongoing",
    "containment.stopped",
    "containment.how",
    "data.subjects",
    "data.minors",
    "data.vulnerable",
    "data.subject_count",
    "data.subject_count.precision",
    "data.subject_count.value",
    "data.record_count",
    "data.record_count.precision",
    "data.record_count.value",
    "data.categories",
    "circumstances.recipients",
    "circumstances.recipient_bound_by_confidentiality",
    "circumstances.unintelligible",
    "circumstances.recovered",
    "circumstances.integrity_recoverable",
    "circumstances.availability_loss",
    "circumstances.malicious",
    "consequences",
    "containment.planned",
    "containment.prevention",
    "reporter.name",
    "reporter.role",
    "reporter.email",
    "reporter.phone",
    "handling.leader_informed",
    "handling.leader_name",
    "handling.handler",
    "role",
    "controller.name",
    "controller.contact",
    "late_reason",
    "override.justification",
    "subject_notice_exception",
];

/// The field that a problem's path belongs to: a list item's path names
/// its list (`data.categories[2]` → `data.categories`), any other path
/// itself.
///
/// ```
/// # use brud_shared::problem::list_field;
/// assert_eq!(list_field("data.categories[2]"), "data.categories");
/// assert_eq!(list_field("timeline.aware_at"), "timeline.aware_at");
/// ```
pub fn list_field(path: &str) -> &str {
    match path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
        Some((list, index)) if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) => {
            list
        }
        _ => path,
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
