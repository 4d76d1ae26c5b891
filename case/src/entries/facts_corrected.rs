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
use super::kind::{not_your_role, Applying, Entry, Who};
use crate::state::{Case, CorrectionMade};
use brud_shared::model::{
    AvailabilityLoss, Cause, Consequence, Count, DataCategory, Encryption, Exfiltration,
    IncidentType, Occurred, Recipients, Role, SubjectCategory, Unavailability,
};
use brud_shared::obligations::assess;
use brud_shared::org::{OrgProfile, StaffRole};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::time::Timestamp;
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
            "Ret oplysninger i indberetningen (tomme felter forbliver uændrede)",
            "Correct the report's facts (empty fields stay as they were)",
        ),
        // Every answer a decision rests on, grouped as the report asks
        // them; each left empty stays as it was.
        fields: &[
            FormField::optional(
                "aware_at",
                (
                    "Hvornår blev skolen opmærksom på bruddet (fristen følger)",
                    "When the school became aware (the deadline follows)",
                ),
                Input::When,
            )
            .within("corrected"),
            FormField::optional(
                "occurred",
                ("Hvornår skete bruddet", "When the breach happened"),
                Input::Occurred,
            )
            .within("corrected"),
            FormField::optional(
                "incident",
                ("Hvad skete der", "What happened"),
                Input::Choice(options_of::<IncidentType>),
            )
            .within("corrected"),
            FormField::optional(
                "cause",
                ("Årsag", "Cause"),
                Input::Choice(options_of::<Cause>),
            )
            .within("corrected"),
            FormField::optional("description", ("Beskrivelse", "Description"), Input::Area)
                .within("corrected"),
            FormField::optional(
                "confidentiality",
                (
                    "Kunne uvedkommende se oplysningerne",
                    "Could someone not entitled see the data",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "integrity",
                (
                    "Blev oplysningerne ændret eller ødelagt",
                    "Was the data altered or destroyed",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "availability",
                (
                    "Gik oplysningerne tabt eller var de utilgængelige",
                    "Was the data lost or unavailable",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "subjects",
                ("Hvem er berørt", "Who is affected"),
                Input::Several(options_of::<SubjectCategory>),
            )
            .within("corrected"),
            FormField::optional(
                "subject_count",
                ("Antal berørte personer", "Number of people affected"),
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
                "minors",
                ("Er børn berørt", "Are children affected"),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "vulnerable",
                (
                    "Er sårbare personer berørt",
                    "Are vulnerable people affected",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "categories",
                ("Typer af oplysninger", "Kinds of data"),
                Input::Several(options_of::<DataCategory>),
            )
            .within("corrected"),
            FormField::optional(
                "recipients",
                ("Hvem fik oplysningerne", "Who got the data"),
                Input::Choice(options_of::<Recipients>),
            )
            .within("corrected"),
            FormField::optional(
                "recipient_bound_by_confidentiality",
                (
                    "Har modtageren tavshedspligt",
                    "Is the recipient bound by confidentiality",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "unintelligible",
                (
                    "Var oplysningerne ulæselige for andre (fx krypteret)",
                    "Was the data unintelligible to others (e.g. encrypted)",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "recovered",
                (
                    "Er oplysningerne fået tilbage eller slettet",
                    "Was the data recovered or deleted",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "encrypted",
                (
                    "Var den mistede eller stjålne enhed krypteret",
                    "Was the lost or stolen device encrypted",
                ),
                Input::Choice(options_of::<Encryption>),
            )
            .within("corrected"),
            FormField::optional(
                "exfiltration",
                (
                    "Har angriberen kopieret oplysningerne",
                    "Did the attacker copy the data",
                ),
                Input::Choice(options_of::<Exfiltration>),
            )
            .within("corrected"),
            FormField::optional(
                "malicious",
                ("Var der ond vilje", "Was there malicious intent"),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "integrity_recoverable",
                (
                    "Kan de ændrede oplysninger genskabes",
                    "Can the altered data be restored",
                ),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "availability_loss",
                ("Hvor meget gik tabt", "How much was lost"),
                Input::Choice(options_of::<AvailabilityLoss>),
            )
            .within("corrected"),
            FormField::optional(
                "backup",
                ("Fandtes en brugbar backup", "Was there a working backup"),
                Input::YesNo,
            )
            .within("corrected"),
            FormField::optional(
                "unavailable_for",
                (
                    "Hvor længe var de utilgængelige",
                    "How long was it unavailable",
                ),
                Input::Choice(options_of::<Unavailability>),
            )
            .within("corrected"),
            FormField::optional(
                "consequences",
                ("Sandsynlige konsekvenser", "Likely consequences"),
                Input::Several(options_of::<Consequence>),
            )
            .within("corrected"),
            FormField::optional(
                "containment",
                (
                    "Hvordan blev bruddet stoppet",
                    "How was the breach contained",
                ),
                Input::Area,
            )
            .within("corrected"),
            FormField::optional(
                "late_reason",
                (
                    "Hvorfor anmeldes der efter 72 timer?",
                    "Why is Datatilsynet notified after 72 hours?",
                ),
                Input::Area,
            )
            .within("corrected"),
            FormField::optional(
                "role",
                ("Skolens rolle", "The school's role"),
                Input::Choice(options_of::<Role>),
            )
            .within("corrected"),
            FormField::optional(
                "controller_name",
                (
                    "Den dataansvarlige (når skolen er databehandler)",
                    "The controller (when the school is processor)",
                ),
                Input::Text,
            )
            .within("corrected"),
            FormField::optional(
                "controller_contact",
                (
                    "Kontakt hos den dataansvarlige",
                    "Contact at the controller",
                ),
                Input::Text,
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

    /// A leader may correct what the school learned, not what it decides:
    /// a correction that changes the legal outcome or the clock is the
    /// DPO's ([`Corrections::decides`]).
    fn role_refusal(
        &self,
        case: &Case,
        role: StaffRole,
        org: Option<&OrgProfile>,
        at: DateTime<Utc>,
    ) -> Option<Problem> {
        if !Self::may_record(case, role) {
            return Some(not_your_role(Self::WHO, Self::TITLE, role));
        }
        // A case received by mail has no facts yet: filling them in is the
        // report's account, the leader's to give as a reporter's.
        let filling_in = case.awaits_facts();
        (role != StaffRole::Dpo && !filling_in && self.corrected.decides(case, org, at)).then(|| {
            Problem::new(
                "corrected",
                ProblemCode::NotYourRole,
                "Rettelsen ændrer vurderingen af, hvad skolen skal gøre (risiko, anmeldelse, underretning) eller fristen: det er DPO'ens beslutning. Skriv en note til DPO'en med det, I har fundet ud af.",
                "The correction changes what the school must do (risk, notification, telling the people affected) or the deadline: that is the DPO's decision. Write the DPO a note with what you have found out.",
            )
        })
    }

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
        let before = &applying.before.report;
        applying.next.corrections.push(CorrectionMade {
            at: applying.at,
            fields: self
                .corrected
                .fields()
                .into_iter()
                .map(String::from)
                .collect(),
            reason: self.reason.clone(),
            aware_at_before: self
                .corrected
                .aware_at
                .filter(|now| Some(*now) != before.timeline.aware_at)
                .and(before.timeline.aware_at),
        });
        applying.next.report = self.corrected.applied_to(before);
        let problems = self.corrected.problems(&applying.next.report, applying.at);
        applying.problems.extend(problems);
        applying.next.assessment = assess(&applying.next.report, applying.org, applying.at);
    }
}

/// Answers of the report replaced by what the school has learned; each
/// one absent is left as it was. On the wire: the event's `corrected`
/// object, its fields named as here. Every fact a decision rests on can be
/// corrected: when the school became aware (the deadline and the late
/// verdict follow) and when it happened; what was lost (confidentiality,
/// integrity, availability) and how; the kind of incident and its cause;
/// the school's role and the controller; who got the data and in what
/// state; who and what was affected.
///
/// The first nine fields were the first version's, written `null` when
/// absent; every later one is left out when absent, so that the events
/// written before keep their canonical JSON (and their hashes).
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
    /// When the school became aware (`timeline.aware_at`): the 72-hour
    /// deadline, the reminders and the late verdict follow it; the first
    /// time stays in the log and the register says it was corrected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aware_at: Option<Timestamp>,
    /// When it happened (`timeline.occurred`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred: Option<Occurred>,
    /// Someone who should not have could see the data
    /// (`nature.confidentiality`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidentiality: Option<bool>,
    /// The data was altered or destroyed (`nature.integrity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<bool>,
    /// The data was lost or unavailable (`nature.availability`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<bool>,
    /// The kind of incident (`nature.incident`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<IncidentType>,
    /// Why it happened (`nature.cause`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// The school's role: controller, or processor for someone else
    /// (`role`): as processor, the controller is told instead, on a clock
    /// of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The controller's name, when the school is processor
    /// (`controller.name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_name: Option<String>,
    /// How to reach the controller (`controller.contact`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_contact: Option<String>,
    /// Who got the data (`circumstances.recipients`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Recipients>,
    /// Whether the recipient is bound by confidentiality
    /// (`circumstances.recipient_bound_by_confidentiality`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_bound_by_confidentiality: Option<bool>,
    /// Whether the data was unintelligible to others, e.g. encrypted with
    /// the key safe (`circumstances.unintelligible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unintelligible: Option<bool>,
    /// Whether the data was recovered or its deletion confirmed
    /// (`circumstances.recovered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<bool>,
    /// Whether altered data can be restored
    /// (`circumstances.integrity_recoverable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity_recoverable: Option<bool>,
    /// How much was lost (`circumstances.availability_loss`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_loss: Option<AvailabilityLoss>,
    /// Whether a working backup was used (`circumstances.backup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<bool>,
    /// How long the data was unavailable (`circumstances.unavailable_for`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable_for: Option<Unavailability>,
    /// Whether someone acted with malicious intent
    /// (`circumstances.malicious`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malicious: Option<bool>,
    /// Whether vulnerable people are among those affected
    /// (`data.vulnerable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerable: Option<bool>,
    /// Whether a lost or stolen device or its files were encrypted
    /// (`circumstances.encrypted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<Encryption>,
    /// Why Datatilsynet is notified after the 72 hours (`late_reason`):
    /// given before the notification is made, so the text drafted for it
    /// carries the reasons (art. 33(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_reason: Option<String>,
}

/// A correctable answer: name, report paths, label (Danish, English).
type Correctable = (
    &'static str,
    &'static [&'static str],
    (&'static str, &'static str),
);

/// Each correctable answer: its name in [`Corrections`], the paths in
/// the report whose problems it answers for (the `field` of the report's
/// own problems), in the order problems are matched (the controller's own
/// fields before the role that needs them), and what it is called in the
/// register's and the timeline's account of a correction.
const PATHS: [Correctable; 32] = [
    (
        "description",
        &["nature.description"],
        ("beskrivelsen", "the description"),
    ),
    (
        "subjects",
        &["data.subjects"],
        ("de berørte", "who is affected"),
    ),
    (
        "minors",
        &["data.minors"],
        ("om børn er berørt", "whether children are affected"),
    ),
    (
        "subject_count",
        &["data.subject_count"],
        ("antal berørte", "the number of people"),
    ),
    (
        "record_count",
        &["data.record_count"],
        ("antal registreringer", "the number of records"),
    ),
    (
        "categories",
        &["data.categories"],
        ("typer af oplysninger", "the kinds of data"),
    ),
    (
        "consequences",
        &["consequences"],
        ("konsekvenserne", "the consequences"),
    ),
    (
        "containment",
        &["containment.how"],
        ("hvordan bruddet blev stoppet", "how it was contained"),
    ),
    (
        "exfiltration",
        &["circumstances.exfiltration"],
        ("om data blev kopieret", "whether data was copied"),
    ),
    (
        "aware_at",
        &["timeline.aware_at"],
        ("tidspunktet for opdagelsen", "the time of awareness"),
    ),
    (
        "occurred",
        &["timeline.occurred"],
        ("tidspunktet for bruddet", "when it happened"),
    ),
    (
        "confidentiality",
        &["nature.confidentiality"],
        ("fortrolighed", "confidentiality"),
    ),
    (
        "integrity",
        &["nature.integrity"],
        ("integritet", "integrity"),
    ),
    (
        "availability",
        &["nature.availability"],
        ("tilgængelighed", "availability"),
    ),
    (
        "incident",
        &["nature.incident"],
        ("hændelsen", "the incident"),
    ),
    ("cause", &["nature.cause"], ("årsagen", "the cause")),
    (
        "controller_name",
        &["controller.name"],
        ("den dataansvarlige", "the controller"),
    ),
    (
        "controller_contact",
        &["controller.contact"],
        ("kontakt hos den dataansvarlige", "the controller's contact"),
    ),
    (
        "role",
        &["role", "controller"],
        ("skolens rolle", "the school's role"),
    ),
    (
        "recipients",
        &["circumstances.recipients"],
        ("modtageren", "the recipient"),
    ),
    (
        "recipient_bound_by_confidentiality",
        &["circumstances.recipient_bound_by_confidentiality"],
        (
            "modtagerens tavshedspligt",
            "the recipient's confidentiality",
        ),
    ),
    (
        "unintelligible",
        &["circumstances.unintelligible"],
        ("om data var ulæselige", "whether data was unintelligible"),
    ),
    (
        "recovered",
        &["circumstances.recovered"],
        ("om data er fået tilbage", "whether data was recovered"),
    ),
    (
        "integrity_recoverable",
        &["circumstances.integrity_recoverable"],
        ("om data kan genskabes", "whether data can be restored"),
    ),
    (
        "availability_loss",
        &["circumstances.availability_loss"],
        ("hvor meget gik tabt", "how much was lost"),
    ),
    ("backup", &["circumstances.backup"], ("backup", "backup")),
    (
        "unavailable_for",
        &["circumstances.unavailable_for"],
        ("hvor længe", "how long"),
    ),
    (
        "malicious",
        &["circumstances.malicious"],
        ("ond vilje", "malicious intent"),
    ),
    (
        "vulnerable",
        &["data.vulnerable"],
        ("sårbare personer", "vulnerable people"),
    ),
    (
        "encrypted",
        &["circumstances.encrypted"],
        (
            "om enheden var krypteret",
            "whether the device was encrypted",
        ),
    ),
    (
        "late_reason",
        &["late_reason"],
        ("begrundelsen for forsinkelse", "the reasons for the delay"),
    ),
    // A correction that names nothing is the correction's own problem.
    ("corrected", &[], ("", "")),
];

impl Corrections {
    /// Whether each answer is given, by its name in [`Corrections`].
    fn given(&self) -> [(&'static str, bool); 31] {
        [
            ("description", self.description.is_some()),
            ("subjects", self.subjects.is_some()),
            ("minors", self.minors.is_some()),
            ("subject_count", self.subject_count.is_some()),
            ("record_count", self.record_count.is_some()),
            ("categories", self.categories.is_some()),
            ("consequences", self.consequences.is_some()),
            ("containment", self.containment.is_some()),
            ("exfiltration", self.exfiltration.is_some()),
            ("aware_at", self.aware_at.is_some()),
            ("occurred", self.occurred.is_some()),
            ("confidentiality", self.confidentiality.is_some()),
            ("integrity", self.integrity.is_some()),
            ("availability", self.availability.is_some()),
            ("incident", self.incident.is_some()),
            ("cause", self.cause.is_some()),
            ("controller_name", self.controller_name.is_some()),
            ("controller_contact", self.controller_contact.is_some()),
            ("role", self.role.is_some()),
            ("recipients", self.recipients.is_some()),
            (
                "recipient_bound_by_confidentiality",
                self.recipient_bound_by_confidentiality.is_some(),
            ),
            ("unintelligible", self.unintelligible.is_some()),
            ("recovered", self.recovered.is_some()),
            (
                "integrity_recoverable",
                self.integrity_recoverable.is_some(),
            ),
            ("availability_loss", self.availability_loss.is_some()),
            ("backup", self.backup.is_some()),
            ("unavailable_for", self.unavailable_for.is_some()),
            ("malicious", self.malicious.is_some()),
            ("vulnerable", self.vulnerable.is_some()),
            ("encrypted", self.encrypted.is_some()),
            ("late_reason", self.late_reason.is_some()),
        ]
    }

    /// What the answer named `name` is called (Danish, English), for the
    /// account of a correction: "tidspunktet for opdagelsen".
    pub fn label(name: &str) -> Option<(&'static str, &'static str)> {
        PATHS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, label)| *label)
    }

    /// The names of the answers it replaces, in [`Corrections`] order.
    pub fn fields(&self) -> Vec<&'static str> {
        self.given()
            .into_iter()
            .filter(|(_, given)| *given)
            .map(|(name, _)| name)
            .collect()
    }

    /// `report` with these answers in place of its own.
    pub fn applied_to(&self, report: &Report) -> Report {
        fn put<T: Clone>(slot: &mut T, value: &Option<T>) {
            if let Some(value) = value {
                *slot = value.clone();
            }
        }
        fn some<T: Clone>(slot: &mut Option<T>, value: &Option<T>) {
            if let Some(value) = value {
                *slot = Some(value.clone());
            }
        }
        let mut next = report.clone();
        some(&mut next.nature.description, &self.description);
        put(&mut next.data.subjects, &self.subjects);
        some(&mut next.data.minors, &self.minors);
        some(&mut next.data.subject_count, &self.subject_count);
        some(&mut next.data.record_count, &self.record_count);
        put(&mut next.data.categories, &self.categories);
        put(&mut next.consequences, &self.consequences);
        some(&mut next.containment.how, &self.containment);
        some(&mut next.circumstances.exfiltration, &self.exfiltration);
        some(&mut next.timeline.aware_at, &self.aware_at);
        some(&mut next.timeline.occurred, &self.occurred);
        put(&mut next.nature.confidentiality, &self.confidentiality);
        put(&mut next.nature.integrity, &self.integrity);
        put(&mut next.nature.availability, &self.availability);
        some(&mut next.nature.incident, &self.incident);
        some(&mut next.nature.cause, &self.cause);
        some(&mut next.role, &self.role);
        if self.controller_name.is_some() || self.controller_contact.is_some() {
            let controller = next.controller.get_or_insert_with(Default::default);
            some(&mut controller.name, &self.controller_name);
            some(&mut controller.contact, &self.controller_contact);
        }
        let c = &mut next.circumstances;
        some(&mut c.recipients, &self.recipients);
        some(
            &mut c.recipient_bound_by_confidentiality,
            &self.recipient_bound_by_confidentiality,
        );
        some(&mut c.unintelligible, &self.unintelligible);
        some(&mut c.recovered, &self.recovered);
        some(&mut c.integrity_recoverable, &self.integrity_recoverable);
        some(&mut c.availability_loss, &self.availability_loss);
        some(&mut c.backup, &self.backup);
        some(&mut c.unavailable_for, &self.unavailable_for);
        some(&mut c.malicious, &self.malicious);
        some(&mut next.data.vulnerable, &self.vulnerable);
        some(&mut next.late_reason, &self.late_reason);
        some(&mut next.circumstances.encrypted, &self.encrypted);
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
                let (name, _, _) = PATHS.iter().find(|(name, paths, _)| {
                    touched.contains(name)
                        && paths.iter().any(|path| {
                            problem.field.strip_prefix(path).is_some_and(|rest| {
                                rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                            })
                        })
                })?;
                problem.field = (*name).to_string();
                Some(problem)
            })
            .collect()
    }

    /// Whether applying these corrections to `case` is the DPO's decision:
    /// it would change the legal outcome (the risk level in force, whether
    /// Datatilsynet must be notified, whether the people affected must be
    /// told, whether a controller must be told), or it moves the clock the
    /// deadlines run on (when the school became aware, its role and its
    /// controller).
    pub fn decides(&self, case: &Case, org: Option<&OrgProfile>, at: DateTime<Utc>) -> bool {
        let moves_the_clock = self.aware_at.is_some()
            || self.role.is_some()
            || self.controller_name.is_some()
            || self.controller_contact.is_some();
        let before = &case.assessment;
        let after = assess(&self.applied_to(&case.report), org, at);
        let outcome = |a: &brud_shared::Assessment| {
            let o = &a.obligations;
            (
                a.risk,
                o.notify_authority.required,
                o.notify_subjects.required,
                o.notify_controller.required,
            )
        };
        moves_the_clock || outcome(before) != outcome(&after)
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
