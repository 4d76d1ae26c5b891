//! Problems with a report: where, what, and what to tell the person.
//!
//! Shared by every check of the domain ([`crate::parse`] for the wire shape,
//! [`crate::validate`](mod@crate::validate) for the answers, [`crate::obligations`] for what the
//! answers imply), by the Worker's 422 problem details and by the form's
//! messages next to the fields.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantArray};

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
    /// A decision that is not the reporter's to make (the risk level, an
    /// exception from telling the people affected): the DPO decides it on
    /// the case's desk.
    DecidedOnDesk,
    /// An entry that is not this person's role to record on the case (a
    /// decision of the DPO's, a viewer's entry): HTTP 403.
    NotYourRole,
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

/// A path of the report's answers: every field
/// [`crate::validate`](mod@crate::validate) and
/// [`crate::obligations::problems`] can put in [`Problem::field`] and every
/// question the form asks, in the order the form asks them. A list's items
/// are named by their list's path with an index ([`FieldPath::item`]:
/// `data.categories[2]`).
///
/// The checks take a `FieldPath`, so they can name nothing else; the form
/// binds each question to one, and its component tests check that every
/// path has a question (or is one the form fills in itself). Problems with
/// the wire shape, from [`crate::parse`], name whatever a client sent and
/// are not paths of this list; [`Problem::field`] stays text on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, IntoStaticStr, VariantArray)]
pub enum FieldPath {
    /// `version`
    #[strum(serialize = "version")]
    Version,
    /// `id`
    #[strum(serialize = "id")]
    Id,
    /// `org`
    #[strum(serialize = "org")]
    Org,
    /// `nature.description`
    #[strum(serialize = "nature.description")]
    NatureDescription,
    /// `nature.incident`
    #[strum(serialize = "nature.incident")]
    NatureIncident,
    /// `nature.cause`
    #[strum(serialize = "nature.cause")]
    NatureCause,
    /// `nature.confidentiality`
    #[strum(serialize = "nature.confidentiality")]
    NatureConfidentiality,
    /// `nature.integrity`
    #[strum(serialize = "nature.integrity")]
    NatureIntegrity,
    /// `nature.availability`
    #[strum(serialize = "nature.availability")]
    NatureAvailability,
    /// `timeline.occurred`
    #[strum(serialize = "timeline.occurred")]
    TimelineOccurred,
    /// `timeline.occurred.precision`
    #[strum(serialize = "timeline.occurred.precision")]
    TimelineOccurredPrecision,
    /// `timeline.occurred.at`
    #[strum(serialize = "timeline.occurred.at")]
    TimelineOccurredAt,
    /// `timeline.occurred.from`
    #[strum(serialize = "timeline.occurred.from")]
    TimelineOccurredFrom,
    /// `timeline.occurred.to`
    #[strum(serialize = "timeline.occurred.to")]
    TimelineOccurredTo,
    /// `timeline.aware_at`
    #[strum(serialize = "timeline.aware_at")]
    TimelineAwareAt,
    /// `timeline.discovered_by`
    #[strum(serialize = "timeline.discovered_by")]
    TimelineDiscoveredBy,
    /// `timeline.discovery`
    #[strum(serialize = "timeline.discovery")]
    TimelineDiscovery,
    /// `timeline.ongoing`
    #[strum(serialize = "timeline.ongoing")]
    TimelineOngoing,
    /// `containment.stopped`
    #[strum(serialize = "containment.stopped")]
    ContainmentStopped,
    /// `containment.how`
    #[strum(serialize = "containment.how")]
    ContainmentHow,
    /// `data.subjects`
    #[strum(serialize = "data.subjects")]
    DataSubjects,
    /// `data.minors`
    #[strum(serialize = "data.minors")]
    DataMinors,
    /// `data.vulnerable`
    #[strum(serialize = "data.vulnerable")]
    DataVulnerable,
    /// `data.subject_count`
    #[strum(serialize = "data.subject_count")]
    DataSubjectCount,
    /// `data.subject_count.precision`
    #[strum(serialize = "data.subject_count.precision")]
    DataSubjectCountPrecision,
    /// `data.subject_count.value`
    #[strum(serialize = "data.subject_count.value")]
    DataSubjectCountValue,
    /// `data.record_count`
    #[strum(serialize = "data.record_count")]
    DataRecordCount,
    /// `data.record_count.precision`
    #[strum(serialize = "data.record_count.precision")]
    DataRecordCountPrecision,
    /// `data.record_count.value`
    #[strum(serialize = "data.record_count.value")]
    DataRecordCountValue,
    /// `data.categories`
    #[strum(serialize = "data.categories")]
    DataCategories,
    /// `circumstances.recipients`
    #[strum(serialize = "circumstances.recipients")]
    CircumstancesRecipients,
    /// `circumstances.recipient_bound_by_confidentiality`
    #[strum(serialize = "circumstances.recipient_bound_by_confidentiality")]
    CircumstancesRecipientBoundByConfidentiality,
    /// `circumstances.unintelligible`
    #[strum(serialize = "circumstances.unintelligible")]
    CircumstancesUnintelligible,
    /// `circumstances.recovered`
    #[strum(serialize = "circumstances.recovered")]
    CircumstancesRecovered,
    /// `circumstances.integrity_recoverable`
    #[strum(serialize = "circumstances.integrity_recoverable")]
    CircumstancesIntegrityRecoverable,
    /// `circumstances.availability_loss`
    #[strum(serialize = "circumstances.availability_loss")]
    CircumstancesAvailabilityLoss,
    /// `circumstances.backup`
    #[strum(serialize = "circumstances.backup")]
    CircumstancesBackup,
    /// `circumstances.unavailable_for`
    #[strum(serialize = "circumstances.unavailable_for")]
    CircumstancesUnavailableFor,
    /// `circumstances.exfiltration`
    #[strum(serialize = "circumstances.exfiltration")]
    CircumstancesExfiltration,
    /// `circumstances.malicious`
    #[strum(serialize = "circumstances.malicious")]
    CircumstancesMalicious,
    /// `circumstances.encrypted`
    #[strum(serialize = "circumstances.encrypted")]
    CircumstancesEncrypted,
    /// `consequences`
    #[strum(serialize = "consequences")]
    Consequences,
    /// `containment.planned`
    #[strum(serialize = "containment.planned")]
    ContainmentPlanned,
    /// `containment.prevention`
    #[strum(serialize = "containment.prevention")]
    ContainmentPrevention,
    /// `reporter.name`
    #[strum(serialize = "reporter.name")]
    ReporterName,
    /// `reporter.role`
    #[strum(serialize = "reporter.role")]
    ReporterRole,
    /// `reporter.email`
    #[strum(serialize = "reporter.email")]
    ReporterEmail,
    /// `reporter.phone`
    #[strum(serialize = "reporter.phone")]
    ReporterPhone,
    /// `handling.leader_informed`
    #[strum(serialize = "handling.leader_informed")]
    HandlingLeaderInformed,
    /// `handling.leader_name`
    #[strum(serialize = "handling.leader_name")]
    HandlingLeaderName,
    /// `handling.handler`
    #[strum(serialize = "handling.handler")]
    HandlingHandler,
    /// `role`
    #[strum(serialize = "role")]
    Role,
    /// `controller.name`
    #[strum(serialize = "controller.name")]
    ControllerName,
    /// `controller.contact`
    #[strum(serialize = "controller.contact")]
    ControllerContact,
    /// `late_reason`
    #[strum(serialize = "late_reason")]
    LateReason,
    /// `override`: never the reporter's (the DPO sets the risk on the desk).
    #[strum(serialize = "override")]
    Override,
    /// `subject_notice_exception`
    #[strum(serialize = "subject_notice_exception")]
    SubjectNoticeException,
}

impl FieldPath {
    /// Every path, in the order the form asks them.
    pub const ALL: &'static [FieldPath] = <FieldPath as VariantArray>::VARIANTS;

    /// The JSON path, e.g. `timeline.aware_at`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The path of the list's item at `index`: `data.categories[2]`.
    pub fn item(self, index: usize) -> String {
        format!("{}[{index}]", self.as_str())
    }

    /// The path a problem's `field` names, its list's for a list item
    /// ([`list_field`]); `None` for a path outside the report's answers.
    ///
    /// ```
    /// # use brud_shared::problem::FieldPath;
    /// assert_eq!(FieldPath::of("data.categories[2]"), Some(FieldPath::DataCategories));
    /// assert_eq!(FieldPath::of("nature.colour"), None);
    /// ```
    pub fn of(path: &str) -> Option<FieldPath> {
        let field = list_field(path);
        FieldPath::ALL
            .iter()
            .copied()
            .find(|known| known.as_str() == field)
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> String {
        path.as_str().to_string()
    }
}

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
