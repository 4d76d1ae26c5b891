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
pub use crate::problem::{Problem, ProblemCode, Validation};
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

/// A new check that names a field the form does not know of fails every
/// test that reaches it (see [`crate::problem::ANSWER_FIELDS`]).
fn debug_assert_listed(field: &str) {
    debug_assert!(
        crate::problem::ANSWER_FIELDS.contains(&crate::problem::list_field(field)),
        "{field} is not in problem::ANSWER_FIELDS"
    );
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
        field: &str,
        code: ProblemCode,
        da: impl Into<String>,
        en: impl Into<String>,
    ) {
        debug_assert_listed(field);
        self.out.errors.push(Problem::new(field, code, da, en));
    }

    fn warn(
        &mut self,
        field: &str,
        code: ProblemCode,
        da: impl Into<String>,
        en: impl Into<String>,
    ) {
        debug_assert_listed(field);
        self.out.warnings.push(Problem::new(field, code, da, en));
    }

    /// A required answer: checked only for complete reports.
    fn required(&mut self, present: bool, field: &str, da: &str, en: &str) {
        if self.complete && !present {
            self.error(field, ProblemCode::Required, da, en);
        }
    }

    fn required_text(&mut self, text: &Option<String>, field: &str, da: &str, en: &str) {
        self.required(!is_blank(text), field, da, en);
    }

    fn limit(&mut self, text: &Option<String>, field: &str, max: usize) {
        if let Some(text) = text {
            let length = chars(text);
            if length > max {
                debug_assert_listed(field);
                self.out.errors.push(Problem::too_long(field, max, length));
            }
        }
    }

    fn no_duplicates<T: PartialEq>(&mut self, items: &[T], field: &str) {
        for (index, item) in items.iter().enumerate() {
            if items[..index].contains(item) {
                self.error(
                    &format!("{field}[{index}]"),
                    ProblemCode::Duplicate,
                    "Det samme valg står to gange.",
                    "The same choice appears twice.",
                );
            }
        }
    }

    fn not_in_future(&mut self, at: Option<Timestamp>, field: &str, now: DateTime<Utc>) {
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
                "version",
                ProblemCode::UnsupportedVersion,
                "Formularen er fra en anden version. Genindlæs siden og prøv igen.",
                "The form is from another version. Reload the page and try again.",
            );
        }
        if !is_uuid(&report.id) {
            self.error(
                "id",
                ProblemCode::InvalidFormat,
                "Indberetningens id er ugyldigt. Genindlæs siden og prøv igen.",
                "The report id is invalid. Reload the page and try again.",
            );
        }
        if !is_org_id(&report.org) {
            self.error(
                "org",
                ProblemCode::InvalidFormat,
                "Skolen er ikke angivet rigtigt. Brug linket fra skolens intranet.",
                "The school is not given correctly. Use the link from the school's intranet.",
            );
        }
        self.limit(&report.late_reason, "late_reason", LIMIT_TEXT);
        if let Some(over) = &report.risk_override {
            if is_blank(&over.justification) {
                self.error(
                    "override.justification",
                    ProblemCode::JustificationRequired,
                    "Skriv hvorfor du ændrer risikovurderingen. Begrundelsen gemmes med indberetningen.",
                    "Say why you change the risk assessment. The justification is kept with the report.",
                );
            }
            self.limit(&over.justification, "override.justification", LIMIT_TEXT);
        }
    }

    fn reporter(&mut self, report: &Report) {
        let reporter = &report.reporter;
        self.required_text(
            &reporter.name,
            "reporter.name",
            "Skriv dit navn.",
            "Enter your name.",
        );
        self.limit(&reporter.name, "reporter.name", LIMIT_NAME);
        self.required(
            reporter.role.is_some(),
            "reporter.role",
            "Vælg hvem du er i forhold til skolen.",
            "Choose who you are in relation to the school.",
        );
        if self.complete && is_blank(&reporter.email) && is_blank(&reporter.phone) {
            self.error(
                "reporter.email",
                ProblemCode::ContactRequired,
                "Skriv din e-mail eller dit telefonnummer, så vi kan kontakte dig.",
                "Enter your e-mail or phone number so that we can contact you.",
            );
        }
        self.limit(&reporter.email, "reporter.email", LIMIT_EMAIL);
        if let Some(email) = reporter.email.as_deref().filter(|e| !e.trim().is_empty()) {
            if !is_email(email.trim()) {
                self.error(
                    "reporter.email",
                    ProblemCode::InvalidFormat,
                    "Skriv en e-mailadresse som navn@eksempel.dk.",
                    "Enter an e-mail address like name@example.com.",
                );
            }
        }
        self.limit(&reporter.phone, "reporter.phone", LIMIT_PHONE);
        if let Some(phone) = reporter.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            if !is_phone(phone) {
                self.error(
                    "reporter.phone",
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
            "timeline.occurred.precision",
            "Vælg om du ved hvornår bruddet skete.",
            "Choose whether you know when the breach happened.",
        );
        if let Some(occurred) = &timeline.occurred {
            match occurred.precision {
                OccurredPrecision::Exact => {
                    self.required(
                        occurred.at.is_some(),
                        "timeline.occurred.at",
                        "Skriv hvornår bruddet skete.",
                        "Enter when the breach happened.",
                    );
                    if occurred.from.is_some() || occurred.to.is_some() {
                        self.error(
                            "timeline.occurred",
                            ProblemCode::Inconsistent,
                            "Et præcist tidspunkt kan ikke også have et tidsrum.",
                            "An exact time cannot also have a period.",
                        );
                    }
                }
                OccurredPrecision::Approximate => {
                    self.required(
                        occurred.from.is_some(),
                        "timeline.occurred.from",
                        "Skriv hvornår bruddet tidligst kan være sket.",
                        "Enter the earliest time the breach can have happened.",
                    );
                    self.required(
                        occurred.to.is_some(),
                        "timeline.occurred.to",
                        "Skriv hvornår bruddet senest kan være sket.",
                        "Enter the latest time the breach can have happened.",
                    );
                    if occurred.at.is_some() {
                        self.error(
                            "timeline.occurred",
                            ProblemCode::Inconsistent,
                            "Et tidsrum kan ikke også have et præcist tidspunkt.",
                            "A period cannot also have an exact time.",
                        );
                    }
                    if let (Some(from), Some(to)) = (occurred.from, occurred.to) {
                        if to < from {
                            self.error(
                                "timeline.occurred.to",
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
                            "timeline.occurred",
                            ProblemCode::Inconsistent,
                            "Du har valgt 'ukendt', men også angivet et tidspunkt.",
                            "You chose 'unknown' but also gave a time.",
                        );
                    }
                }
            }
            self.not_in_future(occurred.at, "timeline.occurred.at", now);
            self.not_in_future(occurred.from, "timeline.occurred.from", now);
            self.not_in_future(occurred.to, "timeline.occurred.to", now);
        }
        self.required(
            timeline.ongoing.is_some(),
            "timeline.ongoing",
            "Svar på om bruddet stadig står på.",
            "Answer whether the breach is still going on.",
        );
        self.required(
            timeline.aware_at.is_some(),
            "timeline.aware_at",
            "Skriv hvornår skolen blev opmærksom på bruddet. Fristen på 72 timer regnes herfra.",
            "Enter when the school became aware of the breach. The 72-hour deadline runs from then.",
        );
        self.not_in_future(timeline.aware_at, "timeline.aware_at", now);
        let earliest = timeline.occurred.as_ref().and_then(|o| o.earliest());
        if let (Some(aware), Some(earliest)) = (timeline.aware_at, earliest) {
            if aware < earliest {
                self.error(
                    "timeline.aware_at",
                    ProblemCode::BeforeOccurrence,
                    "Skolen kan ikke være blevet opmærksom på bruddet, før det skete. Tjek de to tidspunkter.",
                    "The school cannot have become aware of the breach before it happened. Check both times.",
                );
            }
        }
        self.required(
            timeline.discovered_by.is_some(),
            "timeline.discovered_by",
            "Vælg hvem der opdagede bruddet.",
            "Choose who discovered the breach.",
        );
        self.limit(&timeline.discovery, "timeline.discovery", LIMIT_TEXT);
    }

    fn nature(&mut self, report: &Report) {
        let nature = &report.nature;
        if self.complete && !(nature.confidentiality || nature.integrity || nature.availability) {
            self.error(
                "nature.confidentiality",
                ProblemCode::NothingAffected,
                "Vælg mindst én: nogen uvedkommende kunne se oplysningerne, oplysninger blev ændret, eller oplysninger gik tabt.",
                "Choose at least one: someone unauthorised could see the data, data was changed, or data was lost.",
            );
        }
        self.required(
            nature.incident.is_some(),
            "nature.incident",
            "Vælg hvad der er sket.",
            "Choose what happened.",
        );
        self.required(
            nature.cause.is_some(),
            "nature.cause",
            "Vælg hvorfor det skete.",
            "Choose why it happened.",
        );
        self.required_text(
            &nature.description,
            "nature.description",
            "Beskriv kort hvad der er sket.",
            "Describe briefly what happened.",
        );
        self.limit(&nature.description, "nature.description", LIMIT_DESCRIPTION);
    }

    fn containment(&mut self, report: &Report) {
        let containment = &report.containment;
        self.required(
            containment.stopped.is_some(),
            "containment.stopped",
            "Svar på om bruddet er stoppet.",
            "Answer whether the breach is stopped.",
        );
        if matches!(containment.stopped, Some(Stopped::Yes | Stopped::Partly)) {
            self.required_text(
                &containment.how,
                "containment.how",
                "Skriv hvordan bruddet blev stoppet eller begrænset.",
                "Describe how the breach was stopped or limited.",
            );
        }
        if containment.stopped == Some(Stopped::Yes) && report.timeline.ongoing == Some(true) {
            self.error(
                "containment.stopped",
                ProblemCode::Inconsistent,
                "Du har svaret at bruddet er stoppet, men også at det stadig står på.",
                "You answered that the breach is stopped but also that it is still going on.",
            );
        }
        self.required_text(
            &containment.planned,
            "containment.planned",
            "Skriv hvad der yderligere skal gøres for at rette op. Skriv 'intet' hvis intet er planlagt.",
            "Describe what more will be done to put it right. Write 'nothing' if nothing is planned.",
        );
        self.required_text(
            &containment.prevention,
            "containment.prevention",
            "Skriv hvad der skal forhindre at det sker igen.",
            "Describe what will prevent it from happening again.",
        );
        self.limit(&containment.how, "containment.how", LIMIT_TEXT);
        self.limit(&containment.planned, "containment.planned", LIMIT_TEXT);
        self.limit(
            &containment.prevention,
            "containment.prevention",
            LIMIT_TEXT,
        );
    }

    fn count(&mut self, count: &Option<crate::model::Count>, field: &str, max: i64, people: bool) {
        let Some(count) = count else { return };
        let value_field = format!("{field}.value");
        match count.precision {
            CountPrecision::Unknown => {
                if count.value.is_some() {
                    self.error(
                        &value_field,
                        ProblemCode::Inconsistent,
                        "Du har valgt 'ved ikke', men også skrevet et tal.",
                        "You chose 'don't know' but also entered a number.",
                    );
                }
            }
            CountPrecision::Exact | CountPrecision::Approximate => match count.value {
                None => self.required(
                    false,
                    &value_field,
                    "Skriv et tal, eller vælg 'ved ikke'.",
                    "Enter a number, or choose 'don't know'.",
                ),
                Some(value) if value < 0 => self.error(
                    &value_field,
                    ProblemCode::Negative,
                    "Tallet skal være 0 eller mere.",
                    "The number must be 0 or more.",
                ),
                Some(value) if value > max => self.error(
                    &value_field,
                    ProblemCode::Implausible,
                    format!("Tallet er for stort til at være rigtigt (højst {max}). Tjek det, eller vælg 'ved ikke'."),
                    format!("The number is too large to be right (at most {max}). Check it, or choose 'don't know'."),
                ),
                Some(0) if people && self.complete => self.error(
                    &value_field,
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
            "data.subjects",
            "Vælg hvem oplysningerne handler om.",
            "Choose whom the data is about.",
        );
        self.no_duplicates(&data.subjects, "data.subjects");
        self.required(
            data.minors.is_some(),
            "data.minors",
            "Svar på om der er børn under 18 blandt de berørte.",
            "Answer whether there are children under 18 among those affected.",
        );
        self.required(
            data.vulnerable.is_some(),
            "data.vulnerable",
            "Svar på om der er sårbare personer blandt de berørte.",
            "Answer whether there are vulnerable persons among those affected.",
        );
        self.required(
            data.subject_count.is_some(),
            "data.subject_count.precision",
            "Svar på hvor mange personer der er berørt, eller vælg 'ved ikke'.",
            "Answer how many people are affected, or choose 'don't know'.",
        );
        self.count(
            &data.subject_count,
            "data.subject_count",
            MAX_SUBJECTS,
            true,
        );
        self.required(
            data.record_count.is_some(),
            "data.record_count.precision",
            "Svar på hvor mange dokumenter, beskeder eller registreringer der er berørt, eller vælg 'ved ikke'.",
            "Answer how many documents, messages or records are affected, or choose 'don't know'.",
        );
        self.count(&data.record_count, "data.record_count", MAX_RECORDS, false);
        self.required(
            !data.categories.is_empty(),
            "data.categories",
            "Vælg hvilke slags oplysninger det drejer sig om.",
            "Choose what kinds of data are involved.",
        );
        self.no_duplicates(&data.categories, "data.categories");
        self.no_duplicates(&report.consequences, "consequences");
    }

    fn circumstances(&mut self, report: &Report) {
        let circumstances = &report.circumstances;
        let nature = &report.nature;
        if nature.confidentiality {
            self.required(
                circumstances.recipients.is_some(),
                "circumstances.recipients",
                "Vælg hvem der har fået eller kunnet se oplysningerne.",
                "Choose who got or could see the data.",
            );
            self.required(
                circumstances.unintelligible.is_some(),
                "circumstances.unintelligible",
                "Svar på om oplysningerne var uforståelige for andre, fx krypteret.",
                "Answer whether the data was unintelligible to others, e.g. encrypted.",
            );
            if matches!(
                circumstances.recipients,
                Some(Recipients::Known | Recipients::Unknown | Recipients::Public)
            ) {
                self.required(
                    circumstances.recovered.is_some(),
                    "circumstances.recovered",
                    "Svar på om oplysningerne er fået tilbage eller slettet hos modtageren.",
                    "Answer whether the data has been recovered or deleted by the recipient.",
                );
            }
            if circumstances.recipients == Some(Recipients::Known) {
                self.required(
                    circumstances.recipient_bound_by_confidentiality.is_some(),
                    "circumstances.recipient_bound_by_confidentiality",
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
                "circumstances.recipient_bound_by_confidentiality",
                ProblemCode::Inconsistent,
                "Ukendte modtagere eller en offentliggørelse kan ikke være omfattet af tavshedspligt.",
                "Unknown recipients or a publication cannot be bound by confidentiality.",
            );
        }
        match (nature.integrity, circumstances.integrity_recoverable) {
            (true, None) => self.required(
                false,
                "circumstances.integrity_recoverable",
                "Svar på om de ændrede oplysninger kan genskabes.",
                "Answer whether the changed data can be restored.",
            ),
            (false, Some(_)) => self.error(
                "circumstances.integrity_recoverable",
                ProblemCode::Inconsistent,
                "Du har svaret om genskabelse, men ikke at oplysninger blev ændret.",
                "You answered about restoring, but not that data was changed.",
            ),
            _ => {}
        }
        match (nature.availability, circumstances.availability_loss) {
            (true, None) => self.required(
                false,
                "circumstances.availability_loss",
                "Svar på om oplysningerne er tabt midlertidigt eller for altid.",
                "Answer whether the data is lost for a while or for good.",
            ),
            // "Nothing lost" when availability was not affected says the
            // same thing twice: redundant, not a contradiction.
            (false, Some(AvailabilityLoss::None)) => {}
            (false, Some(_)) => self.error(
                "circumstances.availability_loss",
                ProblemCode::Inconsistent,
                "Du har svaret om tab, men ikke at oplysninger gik tabt.",
                "You answered about loss, but not that data was lost.",
            ),
            _ => {}
        }
        self.required(
            circumstances.malicious.is_some(),
            "circumstances.malicious",
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
                "circumstances.malicious",
                ProblemCode::Inconsistent,
                "Du har valgt en ondsindet årsag, men svaret at ingen handlede med ond vilje.",
                "You chose a malicious cause but answered that nobody acted with malicious intent.",
            );
        }
    }

    fn role(&mut self, report: &Report) {
        self.required(
            report.role.is_some(),
            "role",
            "Vælg om skolen er dataansvarlig eller databehandler for oplysningerne.",
            "Choose whether the school is controller or processor for the data.",
        );
        if let Some(controller) = &report.controller {
            self.limit(&controller.name, "controller.name", LIMIT_NAME);
            self.limit(&controller.contact, "controller.contact", LIMIT_CONTACT);
        }
        if report.role == Some(Role::Processor) {
            let controller = report.controller.clone().unwrap_or_default();
            for (text, field, da, en) in [
                (
                    &controller.name,
                    "controller.name",
                    "Skriv navnet på den dataansvarlige, som skolen er databehandler for.",
                    "Enter the name of the controller the school processes data for.",
                ),
                (
                    &controller.contact,
                    "controller.contact",
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
            "handling.leader_informed",
            "Svar på om din leder er orienteret.",
            "Answer whether your leader has been told.",
        );
        if handling.leader_informed == Some(true) {
            self.required_text(
                &handling.leader_name,
                "handling.leader_name",
                "Skriv hvilken leder der er orienteret.",
                "Enter which leader has been told.",
            );
        }
        self.required_text(
            &handling.handler,
            "handling.handler",
            "Skriv hvem der tager sig af sagen herfra.",
            "Enter who handles the case from here.",
        );
        self.limit(&handling.leader_name, "handling.leader_name", LIMIT_NAME);
        self.limit(&handling.handler, "handling.handler", LIMIT_NAME);
    }

    fn personal_data(&mut self, report: &Report) {
        let texts: [(&Option<String>, &str); 7] = [
            (&report.timeline.discovery, "timeline.discovery"),
            (&report.nature.description, "nature.description"),
            (&report.containment.how, "containment.how"),
            (&report.containment.planned, "containment.planned"),
            (&report.containment.prevention, "containment.prevention"),
            (&report.late_reason, "late_reason"),
            (
                report
                    .risk_override
                    .as_ref()
                    .map_or(&None, |o| &o.justification),
                "override.justification",
            ),
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
