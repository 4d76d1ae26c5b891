//! Validation: every problem with a report, at once.
//!
//! [`validate`] returns all errors and warnings for a draft or a complete
//! report, each with the JSON path of the field (`timeline.aware_at`), a
//! stable [`ProblemCode`] and a message in Danish and English written for the
//! person filling in the form. The form shows them next to the fields; the
//! Worker returns the errors in its 422 problem details. Warnings never block
//! sending.
//!
//! In [`Mode::Draft`] only what is filled in is checked (lengths, shapes,
//! consistency, dates, personal data in free text). [`Mode::Complete`] adds
//! the required fields and the checks that need the whole report.
//!
//! ## Length limits (characters, not bytes)
//!
//! | field | limit |
//! | --- | --- |
//! | `nature.description` | [`LIMIT_DESCRIPTION`] = 5000 |
//! | `timeline.discovery`, `containment.how`, `containment.planned`, `containment.prevention`, `late_reason`, `override.justification` | [`LIMIT_TEXT`] = 2000 |
//! | `controller.contact` | [`LIMIT_CONTACT`] = 500 |
//! | `reporter.name`, `handling.leader_name`, `handling.handler`, `controller.name` | [`LIMIT_NAME`] = 200 |
//! | `reporter.email` | [`LIMIT_EMAIL`] = 254 (RFC 5321) |
//! | `reporter.phone` | [`LIMIT_PHONE`] = 40 |
//! | `id` | a UUID, 36 characters |
//! | `org` | [`LIMIT_ORG`] = 64, lowercase letters, digits and `-` |
//!
//! ## Counts
//!
//! Counts must be 0 or more; at most [`MAX_SUBJECTS`] people (more than
//! live in Denmark) and [`MAX_RECORDS`] records. A complete report cannot
//! have exactly 0 people affected: a breach of personal data affects
//! someone, and "don't know" is always available.

use chrono::{DateTime, Duration, Utc};

use crate::model::{
    AvailabilityLoss, CountPrecision, OccurredPrecision, Recipients, Report, Role, Stopped,
    WIRE_VERSION,
};
use crate::pii::{find_personal_data, PiiKind};
pub use crate::problem::{FieldPath, Problem, ProblemCode, Validation};
use crate::syntax::{is_email, is_org_id, is_phone, is_uuid, MAX_ORG_ID};
use crate::time::{Timestamp, CLOCK_SKEW_MINUTES};

/// Longest `nature.description`.
pub const LIMIT_DESCRIPTION: usize = 5000;
/// Longest other free-text answer.
pub const LIMIT_TEXT: usize = 2000;
/// Longest `controller.contact`.
pub const LIMIT_CONTACT: usize = 500;
/// Longest name.
pub const LIMIT_NAME: usize = 200;
/// Longest e-mail address.
pub const LIMIT_EMAIL: usize = 254;
/// Longest phone number as typed.
pub const LIMIT_PHONE: usize = 40;
/// Longest organisation id.
pub const LIMIT_ORG: usize = MAX_ORG_ID;
/// Most people a breach can plausibly affect.
pub const MAX_SUBJECTS: i64 = 10_000_000;
/// Most records a breach can plausibly affect.
pub const MAX_RECORDS: i64 = 1_000_000_000;

/// Whether the report is a draft or is about to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Check what is filled in.
    Draft,
    /// Also require everything a notification needs.
    Complete,
}

/// Checks `report` as a draft or as complete, as of `now`, and returns every
/// problem found.
///
/// ```
/// # use brud_shared::{model::Report, lang::Language, validate::{validate, Mode, ProblemCode}};
/// let draft = Report::new_draft("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d", "zahles", Language::Da);
/// let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z").unwrap().to_utc();
/// assert!(validate(&draft, Mode::Draft, now).is_valid());
/// let complete = validate(&draft, Mode::Complete, now);
/// assert!(complete.errors.iter().any(|p| p.field == "timeline.aware_at" && p.code == ProblemCode::Required));
/// ```
pub fn validate(report: &Report, mode: Mode, now: DateTime<Utc>) -> Validation {
    let mut check = Checker {
        out: Validation::default(),
        complete: mode == Mode::Complete,
    };
    check.envelope(report);
    check.reporter(report);
    check.timeline(report, now);
    check.nature(report);
    check.containment(report);
    check.data(report);
    check.circumstances(report);
    check.role(report);
    check.handling(report);
    check.personal_data(report);
    check.out
}

struct Checker {
    out: Validation,
    complete: bool,
}

fn is_blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

impl Checker {
    fn error(
        &mut self,
        field: FieldPath,
        code: ProblemCode,
        da: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.out.errors.push(Problem::new(field, code, da, en));
    }

    fn warn(
        &mut self,
        field: FieldPath,
        code: ProblemCode,
        da: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.out.warnings.push(Problem::new(field, code, da, en));
    }

    /// A required answer: checked only for complete reports.
    fn required(&mut self, present: bool, field: FieldPath, da: &str, en: &str) {
        if self.complete && !present {
            self.error(field, ProblemCode::Required, da, en);
        }
    }

    fn required_text(&mut self, text: &Option<String>, field: FieldPath, da: &str, en: &str) {
        self.required(!is_blank(text), field, da, en);
    }

    fn limit(&mut self, text: &Option<String>, field: FieldPath, max: usize) {
        if let Some(text) = text {
            let length = chars(text);
            if length > max {
                self.out.errors.push(Problem::too_long(field, max, length));
            }
        }
    }

    fn no_duplicates<T: PartialEq>(&mut self, items: &[T], field: FieldPath) {
        for (index, item) in items.iter().enumerate() {
            if items[..index].contains(item) {
                self.out.errors.push(Problem::new(
                    field.item(index),
                    ProblemCode::Duplicate,
                    "Det samme valg står to gange.",
                    "The same choice appears twice.",
                ));
            }
        }
    }

    fn not_in_future(&mut self, at: Option<Timestamp>, field: FieldPath, now: DateTime<Utc>) {
        if let Some(at) = at {
            if at.utc() > now + Duration::minutes(CLOCK_SKEW_MINUTES) {
                self.error(
                    field,
                    ProblemCode::InFuture,
                    "Tidspunktet ligger i fremtiden. Tjek dato og klokkeslæt.",
                    "The time is in the future. Check the date and time.",
                );
            }
        }
    }

    fn envelope(&mut self, report: &Report) {
        if report.version != WIRE_VERSION {
            self.error(
                FieldPath::Version,
                ProblemCode::UnsupportedVersion,
                "Formularen er fra en anden version. Genindlæs siden og prøv igen.",
                "The form is from another version. Reload the page and try again.",
            );
        }
        if !is_uuid(&report.id) {
            self.error(
                FieldPath::Id,
                ProblemCode::InvalidFormat,
                "Indberetningens id er ugyldigt. Genindlæs siden og prøv igen.",
                "The report id is invalid. Reload the page and try again.",
            );
        }
        if !is_org_id(&report.org) {
            self.error(
                FieldPath::Org,
                ProblemCode::InvalidFormat,
                "Skolen er ikke angivet rigtigt. Brug linket fra skolens intranet.",
                "The school is not given correctly. Use the link from the school's intranet.",
            );
        }
        self.limit(&report.late_reason, FieldPath::LateReason, LIMIT_TEXT);
        // A report is the reporter's account: the controller's decisions
        // are the DPO's, recorded on the case (`risk_overridden`,
        // `subjects_exception`). `null` (an old draft) is no answer.
        if report.risk_override.is_some() {
            self.error(
                FieldPath::Override,
                ProblemCode::DecidedOnDesk,
                "Risikoen fastsættes ikke i indberetningen: DPO'en vurderer den på sagen. Fjern feltet override.",
                "The risk is not set in the report: the DPO assesses it on the case. Remove the field override.",
            );
        }
        if report.subject_notice_exception.is_some() {
            self.error(
                FieldPath::SubjectNoticeException,
                ProblemCode::DecidedOnDesk,
                "Om de berørte ikke skal underrettes, beslutter DPO'en på sagen, ikke indberetningen. Fjern feltet subject_notice_exception.",
                "Whether the people affected need not be told is the DPO's decision on the case, not the report's. Remove the field subject_notice_exception.",
            );
        }
    }

    fn reporter(&mut self, report: &Report) {
        let reporter = &report.reporter;
        self.required_text(
            &reporter.name,
            FieldPath::ReporterName,
            "Skriv dit navn.",
            "Enter your name.",
        );
        self.limit(&reporter.name, FieldPath::ReporterName, LIMIT_NAME);
        self.required(
            reporter.role.is_some(),
            FieldPath::ReporterRole,
            "Vælg hvem du er i forhold til skolen.",
            "Choose who you are in relation to the school.",
        );
        if self.complete && is_blank(&reporter.email) && is_blank(&reporter.phone) {
            self.error(
                FieldPath::ReporterEmail,
                ProblemCode::ContactRequired,
                "Skriv din e-mail eller dit telefonnummer, så vi kan kontakte dig.",
                "Enter your e-mail or phone number so that we can contact you.",
            );
        }
        self.limit(&reporter.email, FieldPath::ReporterEmail, LIMIT_EMAIL);
        if let Some(email) = reporter.email.as_deref().filter(|e| !e.trim().is_empty()) {
            if !is_email(email.trim()) {
                self.error(
                    FieldPath::ReporterEmail,
                    ProblemCode::InvalidFormat,
                    "Skriv en e-mailadresse som navn@eksempel.dk.",
                    "Enter an e-mail address like name@example.com.",
                );
            }
        }
        self.limit(&reporter.phone, FieldPath::ReporterPhone, LIMIT_PHONE);
        if let Some(phone) = reporter.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            if !is_phone(phone) {
                self.error(
                    FieldPath::ReporterPhone,
                    ProblemCode::InvalidFormat,
                    "Skriv et telefonnummer med 8 cifre, fx 12 34 56 78.",
                    "Enter a phone number with 8 digits, e.g. 12 34 56 78.",
                );
            }
        }
    }

    fn timeline(&mut self, report: &Report, now: DateTime<Utc>) {
        let timeline = &report.timeline;
        self.required(
            timeline.occurred.is_some(),
            FieldPath::TimelineOccurredPrecision,
            "Vælg om du ved hvornår bruddet skete.",
            "Choose whether you know when the breach happened.",
        );
        if let Some(occurred) = &timeline.occurred {
            match occurred.precision {
                OccurredPrecision::Exact => {
                    self.required(
                        occurred.at.is_some(),
                        FieldPath::TimelineOccurredAt,
                        "Skriv hvornår bruddet skete.",
                        "Enter when the breach happened.",
                    );
                    if occurred.from.is_some() || occurred.to.is_some() {
                        self.error(
                            FieldPath::TimelineOccurred,
                            ProblemCode::Inconsistent,
                            "Et præcist tidspunkt kan ikke også have et tidsrum.",
                            "An exact time cannot also have a period.",
                        );
                    }
                }
                OccurredPrecision::Approximate => {
                    self.required(
                        occurred.from.is_some(),
                        FieldPath::TimelineOccurredFrom,
                        "Skriv hvornår bruddet tidligst kan være sket.",
                        "Enter the earliest time the breach can have happened.",
                    );
                    self.required(
                        occurred.to.is_some(),
                        FieldPath::TimelineOccurredTo,
                        "Skriv hvornår bruddet senest kan være sket.",
                        "Enter the latest time the breach can have happened.",
                    );
                    if occurred.at.is_some() {
                        self.error(
                            FieldPath::TimelineOccurred,
                            ProblemCode::Inconsistent,
                            "Et tidsrum kan ikke også have et præcist tidspunkt.",
                            "A period cannot also have an exact time.",
                        );
                    }
                    if let (Some(from), Some(to)) = (occurred.from, occurred.to) {
                        if to < from {
                            self.error(
                                FieldPath::TimelineOccurredTo,
                                ProblemCode::InvalidRange,
                                "Slutningen af tidsrummet ligger før starten.",
                                "The end of the period is before its start.",
                            );
                        }
                    }
                }
                OccurredPrecision::Unknown => {
                    if occurred.at.is_some() || occurred.from.is_some() || occurred.to.is_some() {
                        self.error(
                            FieldPath::TimelineOccurred,
                            ProblemCode::Inconsistent,
                            "Du har valgt 'ukendt', men også angivet et tidspunkt.",
                            "You chose 'unknown' but also gave a time.",
                        );
                    }
                }
            }
            self.not_in_future(occurred.at, FieldPath::TimelineOccurredAt, now);
            self.not_in_future(occurred.from, FieldPath::TimelineOccurredFrom, now);
            self.not_in_future(occurred.to, FieldPath::TimelineOccurredTo, now);
        }
        self.required(
            timeline.ongoing.is_some(),
            FieldPath::TimelineOngoing,
            "Svar på om bruddet stadig står på.",
            "Answer whether the breach is still going on.",
        );
        self.required(
            timeline.aware_at.is_some(),
            FieldPath::TimelineAwareAt,
            "Skriv hvornår skolen blev opmærksom på bruddet. Fristen på 72 timer regnes herfra.",
            "Enter when the school became aware of the breach. The 72-hour deadline runs from then.",
        );
        self.not_in_future(timeline.aware_at, FieldPath::TimelineAwareAt, now);
        let earliest = timeline.occurred.as_ref().and_then(|o| o.earliest());
        if let (Some(aware), Some(earliest)) = (timeline.aware_at, earliest) {
            if aware < earliest {
                self.error(
                    FieldPath::TimelineAwareAt,
                    ProblemCode::BeforeOccurrence,
                    "Skolen kan ikke være blevet opmærksom på bruddet, før det skete. Tjek de to tidspunkter.",
                    "The school cannot have become aware of the breach before it happened. Check both times.",
                );
            }
        }
        self.required(
            timeline.discovered_by.is_some(),
            FieldPath::TimelineDiscoveredBy,
            "Vælg hvem der opdagede bruddet.",
            "Choose who discovered the breach.",
        );
        self.limit(
            &timeline.discovery,
            FieldPath::TimelineDiscovery,
            LIMIT_TEXT,
        );
    }

    fn nature(&mut self, report: &Report) {
        let nature = &report.nature;
        if self.complete && !(nature.confidentiality || nature.integrity || nature.availability) {
            self.error(
                FieldPath::NatureConfidentiality,
                ProblemCode::NothingAffected,
                "Vælg mindst én: nogen uvedkommende kunne se oplysningerne, oplysninger blev ændret, eller oplysninger gik tabt.",
                "Choose at least one: someone unauthorised could see the data, data was changed, or data was lost.",
            );
        }
        self.required(
            nature.incident.is_some(),
            FieldPath::NatureIncident,
            "Vælg hvad der er sket.",
            "Choose what happened.",
        );
        self.required(
            nature.cause.is_some(),
            FieldPath::NatureCause,
            "Vælg hvorfor det skete.",
            "Choose why it happened.",
        );
        self.required_text(
            &nature.description,
            FieldPath::NatureDescription,
            "Beskriv kort hvad der er sket.",
            "Describe briefly what happened.",
        );
        self.limit(
            &nature.description,
            FieldPath::NatureDescription,
            LIMIT_DESCRIPTION,
        );
    }

    fn containment(&mut self, report: &Report) {
        let containment = &report.containment;
        self.required(
            containment.stopped.is_some(),
            FieldPath::ContainmentStopped,
            "Svar på om bruddet er stoppet.",
            "Answer whether the breach is stopped.",
        );
        if matches!(containment.stopped, Some(Stopped::Yes | Stopped::Partly)) {
            self.required_text(
                &containment.how,
                FieldPath::ContainmentHow,
                "Skriv hvordan bruddet blev stoppet eller begrænset.",
                "Describe how the breach was stopped or limited.",
            );
        }
        if containment.stopped == Some(Stopped::Yes) && report.timeline.ongoing == Some(true) {
            self.error(
                FieldPath::ContainmentStopped,
                ProblemCode::Inconsistent,
                "Du har svaret at bruddet er stoppet, men også at det stadig står på.",
                "You answered that the breach is stopped but also that it is still going on.",
            );
        }
        self.required_text(
            &containment.planned,
            FieldPath::ContainmentPlanned,
            "Skriv hvad der yderligere skal gøres for at rette op. Skriv 'intet' hvis intet er planlagt.",
            "Describe what more will be done to put it right. Write 'nothing' if nothing is planned.",
        );
        self.required_text(
            &containment.prevention,
            FieldPath::ContainmentPrevention,
            "Skriv hvad der skal forhindre at det sker igen.",
            "Describe what will prevent it from happening again.",
        );
        self.limit(&containment.how, FieldPath::ContainmentHow, LIMIT_TEXT);
        self.limit(
            &containment.planned,
            FieldPath::ContainmentPlanned,
            LIMIT_TEXT,
        );
        self.limit(
            &containment.prevention,
            FieldPath::ContainmentPrevention,
            LIMIT_TEXT,
        );
    }

    /// A count's number, at `value_field` (`data.subject_count.value`).
    fn count(
        &mut self,
        count: &Option<crate::model::Count>,
        value_field: FieldPath,
        max: i64,
        people: bool,
    ) {
        let Some(count) = count else { return };
        match count.precision {
            CountPrecision::Unknown => {
                if count.value.is_some() {
                    self.error(
                        value_field,
                        ProblemCode::Inconsistent,
                        "Du har valgt 'ved ikke', men også skrevet et tal.",
                        "You chose 'don't know' but also entered a number.",
                    );
                }
            }
            CountPrecision::Exact | CountPrecision::Approximate => match count.value {
                None => self.required(
                    false,
                    value_field,
                    "Skriv et tal, eller vælg 'ved ikke'.",
                    "Enter a number, or choose 'don't know'.",
                ),
                Some(value) if value < 0 => self.error(
                    value_field,
                    ProblemCode::Negative,
                    "Tallet skal være 0 eller mere.",
                    "The number must be 0 or more.",
                ),
                Some(value) if value > max => self.error(
                    value_field,
                    ProblemCode::Implausible,
                    format!("Tallet er for stort til at være rigtigt (højst {max}). Tjek det, eller vælg 'ved ikke'."),
                    format!("The number is too large to be right (at most {max}). Check it, or choose 'don't know'."),
                ),
                Some(0) if people && self.complete => self.error(
                    value_field,
                    ProblemCode::NoSubjects,
                    "Mindst én person er berørt af et brud på persondatasikkerheden. Vælg 'ved ikke' hvis du er i tvivl.",
                    "A personal-data breach affects at least one person. Choose 'don't know' if you are unsure.",
                ),
                Some(_) => {}
            },
        }
    }

    fn data(&mut self, report: &Report) {
        let data = &report.data;
        self.required(
            !data.subjects.is_empty(),
            FieldPath::DataSubjects,
            "Vælg hvem oplysningerne handler om.",
            "Choose whom the data is about.",
        );
        self.no_duplicates(&data.subjects, FieldPath::DataSubjects);
        self.required(
            data.minors.is_some(),
            FieldPath::DataMinors,
            "Svar på om der er børn under 18 blandt de berørte.",
            "Answer whether there are children under 18 among those affected.",
        );
        self.required(
            data.vulnerable.is_some(),
            FieldPath::DataVulnerable,
            "Svar på om der er sårbare personer blandt de berørte.",
            "Answer whether there are vulnerable persons among those affected.",
        );
        self.required(
            data.subject_count.is_some(),
            FieldPath::DataSubjectCountPrecision,
            "Svar på hvor mange personer der er berørt, eller vælg 'ved ikke'.",
            "Answer how many people are affected, or choose 'don't know'.",
        );
        self.count(
            &data.subject_count,
            FieldPath::DataSubjectCountValue,
            MAX_SUBJECTS,
            true,
        );
        self.required(
            data.record_count.is_some(),
            FieldPath::DataRecordCountPrecision,
            "Svar på hvor mange dokumenter, beskeder eller registreringer der er berørt, eller vælg 'ved ikke'.",
            "Answer how many documents, messages or records are affected, or choose 'don't know'.",
        );
        self.count(
            &data.record_count,
            FieldPath::DataRecordCountValue,
            MAX_RECORDS,
            false,
        );
        self.required(
            !data.categories.is_empty(),
            FieldPath::DataCategories,
            "Vælg hvilke slags oplysninger det drejer sig om.",
            "Choose what kinds of data are involved.",
        );
        self.no_duplicates(&data.categories, FieldPath::DataCategories);
        self.no_duplicates(&report.consequences, FieldPath::Consequences);
    }

    fn circumstances(&mut self, report: &Report) {
        let circumstances = &report.circumstances;
        let nature = &report.nature;
        if nature.confidentiality {
            self.required(
                circumstances.recipients.is_some(),
                FieldPath::CircumstancesRecipients,
                "Vælg hvem der har fået eller kunnet se oplysningerne.",
                "Choose who got or could see the data.",
            );
            self.required(
                circumstances.unintelligible.is_some(),
                FieldPath::CircumstancesUnintelligible,
                "Svar på om oplysningerne var uforståelige for andre, fx krypteret.",
                "Answer whether the data was unintelligible to others, e.g. encrypted.",
            );
            if matches!(
                circumstances.recipients,
                Some(Recipients::Known | Recipients::Unknown | Recipients::Public)
            ) {
                self.required(
                    circumstances.recovered.is_some(),
                    FieldPath::CircumstancesRecovered,
                    "Svar på om oplysningerne er fået tilbage eller slettet hos modtageren.",
                    "Answer whether the data has been recovered or deleted by the recipient.",
                );
            }
            if circumstances.recipients == Some(Recipients::Known) {
                self.required(
                    circumstances.recipient_bound_by_confidentiality.is_some(),
                    FieldPath::CircumstancesRecipientBoundByConfidentiality,
                    "Svar på om modtageren har tavshedspligt.",
                    "Answer whether the recipient is bound by confidentiality.",
                );
            }
        }
        if circumstances.recipient_bound_by_confidentiality == Some(true)
            && matches!(
                circumstances.recipients,
                Some(Recipients::Unknown | Recipients::Public)
            )
        {
            self.error(
                FieldPath::CircumstancesRecipientBoundByConfidentiality,
                ProblemCode::Inconsistent,
                "Ukendte modtagere eller en offentliggørelse kan ikke være omfattet af tavshedspligt.",
                "Unknown recipients or a publication cannot be bound by confidentiality.",
            );
        }
        match (nature.integrity, circumstances.integrity_recoverable) {
            (true, None) => self.required(
                false,
                FieldPath::CircumstancesIntegrityRecoverable,
                "Svar på om de ændrede oplysninger kan genskabes.",
                "Answer whether the changed data can be restored.",
            ),
            (false, Some(_)) => self.error(
                FieldPath::CircumstancesIntegrityRecoverable,
                ProblemCode::Inconsistent,
                "Du har svaret om genskabelse, men ikke at oplysninger blev ændret.",
                "You answered about restoring, but not that data was changed.",
            ),
            _ => {}
        }
        match (nature.availability, circumstances.availability_loss) {
            (true, None) => self.required(
                false,
                FieldPath::CircumstancesAvailabilityLoss,
                "Svar på om oplysningerne er tabt midlertidigt eller for altid.",
                "Answer whether the data is lost for a while or for good.",
            ),
            // "Nothing lost" when availability was not affected says the
            // same thing twice: redundant, not a contradiction.
            (false, Some(AvailabilityLoss::None)) => {}
            (false, Some(_)) => self.error(
                FieldPath::CircumstancesAvailabilityLoss,
                ProblemCode::Inconsistent,
                "Du har svaret om tab, men ikke at oplysninger gik tabt.",
                "You answered about loss, but not that data was lost.",
            ),
            _ => {}
        }
        self.required(
            circumstances.malicious.is_some(),
            FieldPath::CircumstancesMalicious,
            "Svar på om nogen handlede med ond vilje.",
            "Answer whether anyone acted with malicious intent.",
        );
        if circumstances.malicious == Some(false)
            && matches!(
                nature.cause,
                Some(
                    crate::model::Cause::MaliciousExternal | crate::model::Cause::MaliciousInternal
                )
            )
        {
            self.error(
                FieldPath::CircumstancesMalicious,
                ProblemCode::Inconsistent,
                "Du har valgt en ondsindet årsag, men svaret at ingen handlede med ond vilje.",
                "You chose a malicious cause but answered that nobody acted with malicious intent.",
            );
        }
    }

    fn role(&mut self, report: &Report) {
        self.required(
            report.role.is_some(),
            FieldPath::Role,
            "Vælg om skolen er dataansvarlig eller databehandler for oplysningerne.",
            "Choose whether the school is controller or processor for the data.",
        );
        if let Some(controller) = &report.controller {
            self.limit(&controller.name, FieldPath::ControllerName, LIMIT_NAME);
            self.limit(
                &controller.contact,
                FieldPath::ControllerContact,
                LIMIT_CONTACT,
            );
        }
        if report.role == Some(Role::Processor) {
            let controller = report.controller.clone().unwrap_or_default();
            for (text, field, da, en) in [
                (
                    &controller.name,
                    FieldPath::ControllerName,
                    "Skriv navnet på den dataansvarlige, som skolen er databehandler for.",
                    "Enter the name of the controller the school processes data for.",
                ),
                (
                    &controller.contact,
                    FieldPath::ControllerContact,
                    "Skriv hvordan den dataansvarlige kontaktes.",
                    "Enter how to contact the controller.",
                ),
            ] {
                if self.complete && is_blank(text) {
                    self.error(field, ProblemCode::ControllerRequired, da, en);
                }
            }
        }
    }

    fn handling(&mut self, report: &Report) {
        let handling = &report.handling;
        self.required(
            handling.leader_informed.is_some(),
            FieldPath::HandlingLeaderInformed,
            "Svar på om din leder er orienteret.",
            "Answer whether your leader has been told.",
        );
        if handling.leader_informed == Some(true) {
            self.required_text(
                &handling.leader_name,
                FieldPath::HandlingLeaderName,
                "Skriv hvilken leder der er orienteret.",
                "Enter which leader has been told.",
            );
        }
        self.required_text(
            &handling.handler,
            FieldPath::HandlingHandler,
            "Skriv hvem der tager sig af sagen herfra.",
            "Enter who handles the case from here.",
        );
        self.limit(
            &handling.leader_name,
            FieldPath::HandlingLeaderName,
            LIMIT_NAME,
        );
        self.limit(&handling.handler, FieldPath::HandlingHandler, LIMIT_NAME);
    }

    fn personal_data(&mut self, report: &Report) {
        let texts: [(&Option<String>, FieldPath); 6] = [
            (&report.timeline.discovery, FieldPath::TimelineDiscovery),
            (&report.nature.description, FieldPath::NatureDescription),
            (&report.containment.how, FieldPath::ContainmentHow),
            (&report.containment.planned, FieldPath::ContainmentPlanned),
            (
                &report.containment.prevention,
                FieldPath::ContainmentPrevention,
            ),
            (&report.late_reason, FieldPath::LateReason),
        ];
        for (text, field) in texts {
            let Some(text) = text else { continue };
            for finding in find_personal_data(text) {
                let masked = &finding.masked;
                let (code, da, en) = match finding.kind {
                    PiiKind::Cpr => (
                        ProblemCode::PossibleCpr,
                        format!("Teksten ser ud til at indeholde et CPR-nummer ({masked}). Skriv ikke de berørtes CPR-numre her; beskriv bruddet uden dem."),
                        format!("The text seems to contain a CPR number ({masked}). Do not write the CPR numbers of the people affected here; describe the breach without them."),
                    ),
                    PiiKind::Email => (
                        ProblemCode::PossibleEmail,
                        format!("Teksten ser ud til at indeholde en e-mailadresse ({masked}). Skriv ikke de berørtes kontaktoplysninger her."),
                        format!("The text seems to contain an e-mail address ({masked}). Do not write the contact details of the people affected here."),
                    ),
                    PiiKind::Phone => (
                        ProblemCode::PossiblePhone,
                        format!("Teksten ser ud til at indeholde et telefonnummer ({masked}). Skriv ikke de berørtes kontaktoplysninger her."),
                        format!("The text seems to contain a phone number ({masked}). Do not write the contact details of the people affected here."),
                    ),
                };
                self.warn(field, code, da, en);
            }
        }
    }
}
