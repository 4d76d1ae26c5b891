//! The breach report, exactly as on the wire (`docs/api.md`, version 1).
//!
//! One type serves drafts and complete reports: a draft is a report with
//! gaps. Sections may be left out (they default to empty), optional fields may
//! be left out or `null`, unknown fields are rejected everywhere. Whether a
//! report is complete enough to send is decided by
//! [`validate`](crate::validate::validate) with
//! [`Mode::Complete`](crate::validate::Mode), not by the types, so a
//! half-filled form always round-trips without loss.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{labelled_enum, Labelled, Language};
use crate::time::Timestamp;

/// The only wire-format version this crate speaks.
pub const WIRE_VERSION: u32 = 1;

/// A personal-data breach report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Wire-format version; always 1.
    pub version: u32,
    /// Client-generated UUID. Resubmitting the same id never creates a second report.
    pub id: String,
    /// Organisation id from the configuration, e.g. `zahles`.
    pub org: String,
    /// Language the reporter used, and of the generated texts.
    #[serde(default)]
    pub language: Language,
    /// Who reports.
    #[serde(default)]
    pub reporter: Reporter,
    /// When it happened and when the school became aware of it.
    #[serde(default)]
    pub timeline: Timeline,
    /// What kind of breach it is.
    #[serde(default)]
    pub nature: Nature,
    /// Whether it is stopped, and what happens next (the Kulturskole's questions).
    #[serde(default)]
    pub containment: Containment,
    /// Whose data, how many, what kind.
    #[serde(default)]
    pub data: Data,
    /// Who got the data and in what state.
    #[serde(default)]
    pub circumstances: Circumstances,
    /// Consequences the reporter sees as likely.
    #[serde(default)]
    pub consequences: Vec<Consequence>,
    /// Whether the school is controller or processor for this processing.
    #[serde(default)]
    pub role: Option<Role>,
    /// The controller, when the school is processor.
    #[serde(default)]
    pub controller: Option<Controller>,
    /// Who was told and who handles the case.
    #[serde(default)]
    pub handling: Handling,
    /// Always `null` from a reporter: whether the people affected need not
    /// be told despite high risk (art. 34(3)) is the DPO's decision on the
    /// case (`subjects_exception`); a report that sets it is refused. Kept
    /// for reports stored before that, which are assessed as they were.
    #[serde(default)]
    #[schemars(with = "()")]
    pub subject_notice_exception: Option<NoticeException>,
    /// Reasons for notifying after the 72-hour deadline (art. 33(1)).
    #[serde(default)]
    pub late_reason: Option<String>,
    /// Always `null` from a reporter: the risk level set by hand is the
    /// DPO's decision on the case (`risk_overridden`); a report that sets it
    /// is refused. Within a case, the DPO's override is kept here, in the
    /// report as the case decided it.
    #[serde(default, rename = "override")]
    #[schemars(with = "()")]
    pub risk_override: Option<RiskOverride>,
}

impl Report {
    /// An empty draft: what the form starts from.
    pub fn new_draft(id: impl Into<String>, org: impl Into<String>, language: Language) -> Self {
        Report {
            version: WIRE_VERSION,
            id: id.into(),
            org: org.into(),
            language,
            reporter: Reporter::default(),
            timeline: Timeline::default(),
            nature: Nature::default(),
            containment: Containment::default(),
            data: Data::default(),
            circumstances: Circumstances::default(),
            consequences: Vec::new(),
            role: None,
            controller: None,
            handling: Handling::default(),
            subject_notice_exception: None,
            late_reason: None,
            risk_override: None,
        }
    }

    /// Whether the data could be read by someone who should not: the
    /// report's answer, or, when unanswered, `false` (the risk rules treat
    /// an unanswered question conservatively instead).
    pub fn is_unintelligible(&self) -> bool {
        self.circumstances.unintelligible == Some(true)
            || (self.nature.incident.is_some_and(IncidentType::is_device)
                && self.circumstances.encrypted == Some(Encryption::Yes))
    }

    /// Whether the data may have been seen by someone not entitled to it:
    /// the reporter ticked it, or the breach is a lost or stolen device or
    /// papers ([`IncidentType::is_lost_or_stolen`]), whose finder may read
    /// them, unless they were unintelligible (encrypted). A hurried
    /// reporter who ticks only "the data is gone" does not lower the risk.
    pub fn confidentiality_at_risk(&self) -> bool {
        self.nature.confidentiality
            || (self
                .nature
                .incident
                .is_some_and(IncidentType::is_lost_or_stolen)
                && !self.is_unintelligible())
    }

    /// Whether the data may have reached people the school does not know
    /// (unknown or many recipients, the public, whoever finds a lost
    /// device; also while unanswered) or an attacker: what makes the very
    /// serious consequences of some data possible.
    pub fn reached_strangers(&self) -> bool {
        let readable = self.confidentiality_at_risk() && !self.is_unintelligible();
        let lost_or_stolen = self
            .nature
            .incident
            .is_some_and(IncidentType::is_lost_or_stolen);
        let by_recipients = readable
            && match self.circumstances.recipients {
                // Known recipients (a parent, a colleague) are no strangers.
                Some(Recipients::Known) => false,
                // Nobody known to have seen it: unless whoever has a lost
                // or stolen device, or an attacker, may.
                Some(Recipients::None) => lost_or_stolen || self.is_malicious(),
                Some(Recipients::Unknown | Recipients::Public) | None => true,
            };
        by_recipients
            || (self.is_attack_that_may_copy()
                && self.circumstances.exfiltration == Some(Exfiltration::Confirmed))
    }

    /// The likely consequences of the breach, as the texts state them and
    /// the risk rules read them: the reporter's, when they named any, else
    /// those the data and the circumstances make likely
    /// ([`likely_consequences`]); with whether they were derived.
    /// The very serious ones the data and the circumstances make possible
    /// are among them even beside the reporter's own: a reporter who ticks
    /// only "distress" for a published CPR list does not make identity
    /// theft impossible.
    pub fn consequences_in_effect(&self) -> (Vec<Consequence>, bool) {
        let likely = likely_consequences(self);
        if self.consequences.is_empty() {
            return (likely, true);
        }
        let mut named = self.consequences.clone();
        for consequence in likely {
            if consequence.is_very_serious() && !named.contains(&consequence) {
                named.push(consequence);
            }
        }
        (named, false)
    }

    /// Whether the breach is an attack that may have copied the data
    /// (ransomware, malware, a hacked account:
    /// [`IncidentType::may_copy_data`]): then the form asks, and the
    /// notification says, whether it did.
    pub fn is_attack_that_may_copy(&self) -> bool {
        self.nature
            .incident
            .is_some_and(IncidentType::may_copy_data)
    }

    /// Whether the breach is an attack that may have copied the data
    /// ([`Report::is_attack_that_may_copy`]) without copying being ruled
    /// out: then nobody can say that no one saw the data.
    pub fn copying_not_ruled_out(&self) -> bool {
        self.is_attack_that_may_copy()
            && self.circumstances.exfiltration != Some(Exfiltration::RuledOut)
    }

    /// Malicious intent: the reporter's answer, or derived from the cause or
    /// incident type when unanswered (theft, hacking and phishing are
    /// malicious by nature).
    pub fn is_malicious(&self) -> bool {
        match self.circumstances.malicious {
            Some(answer) => answer,
            None => {
                matches!(
                    self.nature.cause,
                    Some(Cause::MaliciousExternal | Cause::MaliciousInternal)
                ) || self.nature.incident.is_some_and(IncidentType::is_malicious)
            }
        }
    }
}

/// The person who reports the breach. Their own contact details are needed
/// to follow up and are not checked for personal data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Relation to the school.
    #[serde(default)]
    pub role: Option<ReporterRole>,
    /// E-mail address (this or `phone`).
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number (this or `email`).
    #[serde(default)]
    pub phone: Option<String>,
}

labelled_enum! {
    /// The reporter's relation to the school.
    pub enum ReporterRole {
        /// A member of staff.
        Employee => ("Medarbejder", "Employee"),
        /// A leader (headteacher, deputy, department head).
        Leader => ("Leder", "Leader"),
        /// A pupil.
        Pupil => ("Elev", "Pupil"),
        /// A parent or guardian.
        Parent => ("Forælder", "Parent"),
        /// Someone outside the school.
        External => ("Ekstern", "External"),
    }
}

/// When it happened and when the school became aware of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// When the breach happened, as precisely as known.
    #[serde(default)]
    pub occurred: Option<Occurred>,
    /// Whether the breach is still going on.
    #[serde(default)]
    pub ongoing: Option<bool>,
    /// When the school became aware: the 72-hour clock starts here.
    #[serde(default)]
    pub aware_at: Option<Timestamp>,
    /// Whether an employee or someone outside discovered it.
    #[serde(default)]
    pub discovered_by: Option<DiscoveredBy>,
    /// How it was discovered.
    #[serde(default)]
    pub discovery: Option<String>,
}

/// When the breach happened. `exact` has `at`; `approximate` has `from` and
/// `to`; `unknown` has neither. The shapes are checked by validation, so a
/// draft can hold "exact" before the time is filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Occurred {
    /// How precisely the time is known.
    pub precision: OccurredPrecision,
    /// The exact time, for `exact`.
    #[serde(default)]
    pub at: Option<Timestamp>,
    /// Earliest possible time, for `approximate`.
    #[serde(default)]
    pub from: Option<Timestamp>,
    /// Latest possible time, for `approximate`.
    #[serde(default)]
    pub to: Option<Timestamp>,
}

impl Occurred {
    /// The earliest moment the breach can have happened, if known.
    pub fn earliest(&self) -> Option<Timestamp> {
        match self.precision {
            OccurredPrecision::Exact => self.at,
            OccurredPrecision::Approximate => self.from,
            OccurredPrecision::Unknown => None,
        }
    }
}

labelled_enum! {
    /// How precisely the time of the breach is known.
    pub enum OccurredPrecision {
        /// A known moment.
        Exact => ("Præcist tidspunkt", "Exact time"),
        /// Somewhere in an interval.
        Approximate => ("Omtrentligt (et tidsrum)", "Approximately (a period)"),
        /// Not known.
        Unknown => ("Ukendt", "Unknown"),
    }
}

labelled_enum! {
    /// Who discovered the breach (the Kulturskole's two cases).
    pub enum DiscoveredBy {
        /// A member of staff, whether or not they caused it.
        Employee => ("En ansat", "A member of staff"),
        /// Someone outside who contacted the school.
        External => ("En udefra, som kontaktede os", "Someone outside who contacted us"),
    }
}

/// What kind of breach: which security property was lost, how and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nature {
    /// Someone who should not have seen the data could see it.
    #[serde(default)]
    pub confidentiality: bool,
    /// Data was altered or destroyed.
    #[serde(default)]
    pub integrity: bool,
    /// Data could not be reached when needed, or was lost.
    #[serde(default)]
    pub availability: bool,
    /// The kind of incident.
    #[serde(default)]
    pub incident: Option<IncidentType>,
    /// Why it happened.
    #[serde(default)]
    pub cause: Option<Cause>,
    /// What happened, in the reporter's words, without personal data of the people affected.
    #[serde(default)]
    pub description: Option<String>,
}

labelled_enum! {
    /// The kind of incident.
    pub enum IncidentType {
        /// E-mail to the wrong recipient.
        MisdirectedEmail => ("E-mail sendt til forkert modtager", "E-mail sent to the wrong recipient"),
        /// Aula or other message to the wrong recipient.
        MisdirectedMessage => ("Aula-besked sendt til forkert modtager", "Aula message sent to the wrong recipient"),
        /// Letter to the wrong recipient.
        MisdirectedPost => ("Brev sendt til forkert modtager", "Letter sent to the wrong recipient"),
        /// A computer, phone or USB stick lost.
        LostDevice => ("Mistet computer, telefon eller USB-nøgle", "Lost computer, phone or USB stick"),
        /// A computer, phone or USB stick stolen.
        StolenDevice => ("Stjålet computer, telefon eller USB-nøgle", "Stolen computer, phone or USB stick"),
        /// Paper lost.
        LostPaper => ("Mistede papirer", "Lost papers"),
        /// Paper stolen.
        StolenPaper => ("Stjålne papirer", "Stolen papers"),
        /// An account taken over.
        HackedAccount => ("Hacket konto", "Hacked account"),
        /// Credentials given away in a phishing attack.
        Phishing => ("Phishing (nogen har fået adgangskoden)", "Phishing (someone got the password)"),
        /// Malicious software.
        Malware => ("Virus eller anden skadelig software", "Virus or other malware"),
        /// Data encrypted or locked by an attacker.
        Ransomware => ("Ransomware (data låst af angriber)", "Ransomware (data locked by an attacker)"),
        /// Staff looked at data they had no work reason to see.
        UnauthorisedAccess => ("Uberettiget opslag eller adgang", "Unauthorised access or look-up"),
        /// Published on a website, intranet or social media by mistake.
        PublishedByMistake => ("Offentliggjort ved en fejl", "Published by mistake"),
        /// A system did something wrong.
        SystemError => ("Fejl i et it-system", "Error in an IT system"),
        /// Anything else.
        Other => ("Andet", "Other"),
    }
}

impl IncidentType {
    /// Attacks that may have copied the data while locking or using it
    /// (ransomware, malware, a hacked account): the form asks whether
    /// copying was ruled out ([`Circumstances::exfiltration`]).
    pub fn may_copy_data(self) -> bool {
        matches!(
            self,
            IncidentType::HackedAccount | IncidentType::Malware | IncidentType::Ransomware
        )
    }

    /// Incident types that are malicious by nature (theft, attacks, and a
    /// look-up without a work reason, which is deliberate).
    pub fn is_malicious(self) -> bool {
        matches!(
            self,
            IncidentType::StolenDevice
                | IncidentType::StolenPaper
                | IncidentType::HackedAccount
                | IncidentType::Phishing
                | IncidentType::Malware
                | IncidentType::Ransomware
                | IncidentType::UnauthorisedAccess
        )
    }

    /// A lost or stolen computer, phone or USB stick: the form asks
    /// whether it was encrypted.
    pub fn is_device(self) -> bool {
        matches!(self, IncidentType::LostDevice | IncidentType::StolenDevice)
    }

    /// A lost or stolen device or papers: whoever has them may read them.
    pub fn is_lost_or_stolen(self) -> bool {
        matches!(
            self,
            IncidentType::LostDevice
                | IncidentType::StolenDevice
                | IncidentType::LostPaper
                | IncidentType::StolenPaper
        )
    }
}

labelled_enum! {
    /// Why it happened (the Kulturskole's second question).
    pub enum Cause {
        /// A person made a mistake.
        HumanError => ("Menneskelig fejl", "Human error"),
        /// A system failed.
        SystemError => ("Systemfejl", "System error"),
        /// An attack from outside (hackers, thieves).
        MaliciousExternal => ("Ondsindet handling udefra (fx hackere eller tyveri)", "Malicious act from outside (e.g. hackers or theft)"),
        /// A deliberate act by someone inside.
        MaliciousInternal => ("Ondsindet handling indefra", "Malicious act from inside"),
        /// Anything else.
        Other => ("Andet", "Other"),
    }
}

/// Containment and follow-up: the Kulturskole's questions 3 to 5.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Containment {
    /// Is the breach stopped?
    #[serde(default)]
    pub stopped: Option<Stopped>,
    /// How it was stopped or limited.
    #[serde(default)]
    pub how: Option<String>,
    /// What more is planned to put the situation right.
    #[serde(default)]
    pub planned: Option<String>,
    /// What will prevent something similar in future.
    #[serde(default)]
    pub prevention: Option<String>,
}

labelled_enum! {
    /// Whether the breach is stopped.
    pub enum Stopped {
        /// Fully stopped.
        Yes => ("Ja", "Yes"),
        /// Partly stopped or limited.
        Partly => ("Delvist", "Partly"),
        /// Not stopped.
        No => ("Nej", "No"),
    }
}

/// Whose data and what kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Categories of data subjects.
    #[serde(default)]
    pub subjects: Vec<SubjectCategory>,
    /// Whether children (under 18) are among those affected.
    #[serde(default)]
    pub minors: Option<bool>,
    /// Whether vulnerable persons are among those affected.
    #[serde(default)]
    pub vulnerable: Option<bool>,
    /// How many people are affected.
    #[serde(default)]
    pub subject_count: Option<Count>,
    /// How many records (documents, messages, rows) are affected.
    #[serde(default)]
    pub record_count: Option<Count>,
    /// Categories of personal data.
    #[serde(default)]
    pub categories: Vec<DataCategory>,
}

/// A number that may be exact, approximate or unknown. Signed on the wire so
/// that a negative number gets a clear validation message instead of a
/// parse error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// How precisely the number is known.
    pub precision: CountPrecision,
    /// The number, for `exact` and `approximate`.
    #[serde(default)]
    pub value: Option<i64>,
}

impl Count {
    /// An exact count.
    pub fn exact(value: i64) -> Self {
        Count {
            precision: CountPrecision::Exact,
            value: Some(value),
        }
    }

    /// An approximate count.
    pub fn approximate(value: i64) -> Self {
        Count {
            precision: CountPrecision::Approximate,
            value: Some(value),
        }
    }

    /// An unknown count.
    pub fn unknown() -> Self {
        Count {
            precision: CountPrecision::Unknown,
            value: None,
        }
    }

    /// The number when it is known, exactly or approximately.
    pub fn known_value(&self) -> Option<i64> {
        match self.precision {
            CountPrecision::Unknown => None,
            _ => self.value,
        }
    }
}

labelled_enum! {
    /// How precisely a number is known.
    pub enum CountPrecision {
        /// Counted.
        Exact => ("Præcist", "Exactly"),
        /// Estimated.
        Approximate => ("Cirka", "Approximately"),
        /// Not known.
        Unknown => ("Ved ikke", "Don't know"),
    }
}

labelled_enum! {
    /// Categories of data subjects.
    pub enum SubjectCategory {
        /// Current pupils.
        Pupils => ("Elever", "Pupils"),
        /// Former pupils.
        FormerPupils => ("Tidligere elever", "Former pupils"),
        /// Parents and guardians.
        Parents => ("Forældre", "Parents"),
        /// Staff.
        Staff => ("Ansatte", "Staff"),
        /// Job applicants.
        Applicants => ("Ansøgere", "Applicants"),
        /// Customers, e.g. of a school's music or rental service.
        Customers => ("Kunder", "Customers"),
        /// Anyone else.
        Other => ("Andre", "Others"),
    }
}

labelled_enum! {
    /// Categories of personal data, from ordinary to special (art. 9) and
    /// criminal (art. 10).
    pub enum DataCategory {
        /// Name, address, date of birth.
        Identity => ("Navn, adresse eller fødselsdato", "Name, address or date of birth"),
        /// E-mail, phone.
        Contact => ("Kontaktoplysninger (e-mail, telefon)", "Contact details (e-mail, phone)"),
        /// CPR number.
        Cpr => ("CPR-nummer", "CPR number (Danish personal ID number)"),
        /// Passwords, login codes, MitID.
        Credentials => ("Adgangskoder eller login", "Passwords or log-in details"),
        /// Bank details, income, payments.
        Financial => ("Økonomi (konto, indkomst, betalinger)", "Financial (account, income, payments)"),
        /// Serious social problems, family matters.
        Social => ("Sociale forhold og familieforhold", "Social problems and family matters"),
        /// Grades, absence, pupil plans, observations.
        School => ("Karakterer, fravær, elevplaner eller observationer", "Grades, absence, pupil plans or observations"),
        /// Where someone is or has been.
        Location => ("Hvor nogen befinder sig", "Location"),
        /// Photos and video.
        Images => ("Billeder eller video", "Photos or video"),
        /// Health, diagnoses, PPR.
        Health => ("Helbred, diagnoser eller PPR", "Health, diagnoses or educational psychology (PPR)"),
        /// Other special categories (art. 9).
        Special => ("Etnicitet, religion, politik, fagforening, seksualitet, genetik eller biometri", "Ethnicity, religion, politics, union, sexual life, genetics or biometrics"),
        /// Criminal offences (art. 10).
        Criminal => ("Strafbare forhold", "Criminal offences"),
    }
}

/// Who got the data and in what state it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Circumstances {
    /// Who got the data.
    #[serde(default)]
    pub recipients: Option<Recipients>,
    /// Whether the recipient is bound by confidentiality (e.g. a colleague, a municipal case worker).
    #[serde(default)]
    pub recipient_bound_by_confidentiality: Option<bool>,
    /// Whether the data was unintelligible to the recipient (strong encryption, key safe).
    #[serde(default)]
    pub unintelligible: Option<bool>,
    /// Whether the data has been recovered, or deletion confirmed by the recipient.
    #[serde(default)]
    pub recovered: Option<bool>,
    /// For integrity breaches: can the original data be restored?
    #[serde(default)]
    pub integrity_recoverable: Option<bool>,
    /// For availability breaches: how much is lost.
    #[serde(default)]
    pub availability_loss: Option<AvailabilityLoss>,
    /// For availability breaches: whether a working backup or copy existed
    /// and was used. `null`: not answered, or availability not affected.
    /// Optional on the wire.
    #[serde(default)]
    pub backup: Option<bool>,
    /// For availability breaches: how long the data was (or is) unavailable.
    /// `null`: not answered, or availability not affected. Optional on the wire.
    #[serde(default)]
    pub unavailable_for: Option<Unavailability>,
    /// For an attack that may have copied the data (ransomware, malware, a
    /// hacked account; [`IncidentType::may_copy_data`]): whether copying
    /// was ruled out. `null`: not answered, or not such an attack. Optional
    /// on the wire; read only for those incident types.
    #[serde(default)]
    pub exfiltration: Option<Exfiltration>,
    /// Whether someone acted with malicious intent.
    #[serde(default)]
    pub malicious: Option<bool>,
    /// For a lost or stolen computer, phone or USB stick
    /// ([`IncidentType::is_device`]): whether it or the files were
    /// encrypted. Asked whatever else was ticked, since a lost device's
    /// data may be read by whoever finds it; `unknown` counts as no.
    /// Optional on the wire; read only for those incident types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<Encryption>,
}

labelled_enum! {
    /// Whether a lost or stolen device, or its files, were encrypted.
    pub enum Encryption {
        /// Encrypted (e.g. BitLocker, FileVault, a phone's own), the key or
        /// code not lost with it.
        Yes => ("Ja, krypteret, og koden er ikke kommet væk", "Yes, encrypted, and the code was not lost"),
        /// Not encrypted.
        No => ("Nej", "No"),
        /// Not known: counts as not encrypted.
        Unknown => ("Ved ikke", "Don't know"),
    }
}

labelled_enum! {
    /// Who got the data.
    pub enum Recipients {
        /// Nobody, as far as is known.
        None => ("Ingen, så vidt vi ved", "Nobody, as far as we know"),
        /// One or more known recipients.
        Known => ("Kendte modtagere", "Known recipients"),
        /// Unknown or many recipients.
        Unknown => ("Ukendte eller mange modtagere", "Unknown or many recipients"),
        /// Published, available to anyone.
        Public => ("Offentliggjort", "Published"),
    }
}

labelled_enum! {
    /// How much is lost when availability is affected.
    pub enum AvailabilityLoss {
        /// Nothing lost after all.
        None => ("Intet tabt", "Nothing lost"),
        /// Unavailable for a while, can be restored.
        Temporary => ("Midlertidigt utilgængeligt", "Temporarily unavailable"),
        /// Lost for good (no backup).
        Permanent => ("Tabt for altid (ingen backup)", "Lost for good (no backup)"),
    }
}

labelled_enum! {
    /// Whether an attacker may have copied the data, for the attacks that
    /// can ([`IncidentType::may_copy_data`]).
    pub enum Exfiltration {
        /// Ruled out, e.g. the logs show nothing left the network.
        RuledOut => ("Nej, det er udelukket (fx viser logs, at intet er sendt ud)", "No, it is ruled out (e.g. logs show nothing left)"),
        /// Possible: not known, or not yet examined.
        Possible => ("Måske, det ved vi ikke", "Maybe, we do not know"),
        /// Data was copied.
        Confirmed => ("Ja, oplysninger er kopieret", "Yes, data was copied"),
    }
}

labelled_enum! {
    /// How long the data was unavailable, for availability breaches.
    pub enum Unavailability {
        /// Back within a day.
        Hours => ("Nogle timer (tilbage inden for et døgn)", "Hours (back within a day)"),
        /// Back after a day or more, within weeks.
        Days => ("Nogle dage", "Days"),
        /// Weeks, or not back yet.
        Longer => ("Længere (uger, eller ikke tilbage endnu)", "Longer (weeks, or not back yet)"),
    }
}

labelled_enum! {
    /// Consequences the reporter sees as likely for the people affected.
    pub enum Consequence {
        /// Someone can pretend to be them.
        IdentityTheft => ("Identitetstyveri", "Identity theft"),
        /// Fraud against them.
        Fraud => ("Svindel", "Fraud"),
        /// Unfair treatment.
        Discrimination => ("Forskelsbehandling", "Discrimination"),
        /// Damage to reputation.
        Reputation => ("Skade på omdømme", "Damage to reputation"),
        /// Financial loss.
        Financial => ("Økonomisk tab", "Financial loss"),
        /// Loss of confidentiality under professional secrecy.
        ProfessionalSecrecy => ("Brud på tavshedspligt", "Loss of confidentiality under professional secrecy"),
        /// Physical harm.
        Physical => ("Fysisk skade", "Physical harm"),
        /// Distress, worry, embarrassment.
        Distress => ("Bekymring, ubehag eller ydmygelse", "Distress, worry or embarrassment"),
        /// Losing control of their own data.
        LossOfControl => ("Tab af kontrol over egne oplysninger", "Loss of control over their own data"),
        /// Anything else.
        Other => ("Andet", "Other"),
    }
}

impl DataCategory {
    /// The consequences a breach of this kind of data is likely to have for
    /// the people it is about, for the texts when the reporter named none
    /// (art. 33(3)(c) and 34(2) ask the notification and the letter to
    /// describe the likely consequences). After the examples of EDPB
    /// 01/2021 and Datatilsynet's guidance: identity numbers and log-ins
    /// open for identity theft and fraud, financial data for loss and
    /// fraud, health, special and social data for distress and unfair
    /// treatment, grades and photos for distress and damage to reputation,
    /// a location for physical harm, any data for a loss of control.
    ///
    /// For example, `Cpr` gives identity theft and fraud.
    pub fn likely_consequences(self) -> &'static [Consequence] {
        use Consequence::*;
        match self {
            DataCategory::Identity | DataCategory::Contact => &[LossOfControl],
            DataCategory::Cpr | DataCategory::Credentials => &[IdentityTheft, Fraud],
            DataCategory::Financial => &[Financial, Fraud],
            DataCategory::Social | DataCategory::Health | DataCategory::Special => {
                &[Distress, Discrimination]
            }
            DataCategory::School | DataCategory::Images => &[Distress, Reputation],
            DataCategory::Location => &[Physical],
            DataCategory::Criminal => &[Reputation, Discrimination],
        }
    }
}

/// The likely consequences of `report`'s breach: those its kinds of data
/// make likely ([`DataCategory::likely_consequences`]), the very serious
/// ones (identity theft, fraud, discrimination, physical harm) only where
/// the data may have reached strangers or an attacker
/// ([`Report::reached_strangers`]): a CPR number read by a known parent
/// who deleted it does not make identity theft possible, one published
/// does. Each once, in the form's order, with the loss of control over
/// their own data that every breach means.
///
/// Example: pupils' addresses (location) published → physical harm is
/// among them; the same sent to one known parent → loss of control only.
pub fn likely_consequences(report: &Report) -> Vec<Consequence> {
    let strangers = report.reached_strangers();
    <Consequence as Labelled>::ALL
        .iter()
        .copied()
        .filter(|consequence| {
            *consequence == Consequence::LossOfControl
                || ((strangers || !consequence.is_very_serious())
                    && report
                        .data
                        .categories
                        .iter()
                        .any(|category| category.likely_consequences().contains(consequence)))
        })
        .collect()
}

impl Consequence {
    /// Consequences that Datatilsynet treats as very serious: when they are
    /// possible, the risk is high however unlikely they are.
    pub fn is_very_serious(self) -> bool {
        matches!(
            self,
            Consequence::IdentityTheft
                | Consequence::Fraud
                | Consequence::Discrimination
                | Consequence::Physical
        )
    }
}

labelled_enum! {
    /// The school's role for the processing that was breached.
    pub enum Role {
        /// The school decides why and how the data is processed.
        Controller => ("Dataansvarlig", "Controller"),
        /// The school processes the data on behalf of another controller.
        Processor => ("Databehandler for en anden", "Processor for someone else"),
    }
}

/// The controller, when the school is processor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    /// The controller's name.
    #[serde(default)]
    pub name: Option<String>,
    /// How to reach the controller.
    #[serde(default)]
    pub contact: Option<String>,
}

/// Who was told and who handles the case (the Kulturskole's leader step).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handling {
    /// Whether the leader has been told.
    #[serde(default)]
    pub leader_informed: Option<bool>,
    /// Which leader.
    #[serde(default)]
    pub leader_name: Option<String>,
    /// Who handles the case from here.
    #[serde(default)]
    pub handler: Option<String>,
}

labelled_enum! {
    /// Why the data subjects need not be told despite high risk (art. 34(3)).
    pub enum NoticeException {
        /// (a) the data was unintelligible, e.g. encrypted.
        Unintelligible => ("Oplysningerne var uforståelige for andre (fx krypteret)", "The data was unintelligible to others (e.g. encrypted)"),
        /// (b) later measures mean the high risk is no longer likely.
        Mitigated => ("Vi har siden sikret, at den høje risiko ikke længere er reel", "Later measures mean the high risk is no longer likely"),
        /// (c) it would take disproportionate effort: public communication instead.
        Disproportionate => ("Det vil kræve en uforholdsmæssig indsats (offentlig meddelelse i stedet)", "It would take disproportionate effort (public communication instead)"),
    }
}

labelled_enum! {
    /// How the people affected were told (art. 34), in the categories of
    /// the EDPB's common notification template (field 104): so that a
    /// telling recorded once answers the template too.
    pub enum NoticeChannel {
        /// Each person on their own: a letter, an e-mail, an Aula message,
        /// a talk.
        Individual => ("Hver for sig (brev, e-mail, Aula-besked, samtale)", "Individually (letter, e-mail, Aula message, in person)"),
        /// A public announcement (the school's website, the local paper).
        Public => ("Offentlig meddelelse (fx på skolens hjemmeside)", "Public announcement (e.g. on the school's website)"),
        /// Another way.
        Other => ("Andet", "Other"),
    }
}

labelled_enum! {
    /// Risk level in the seeds' terms.
    pub enum RiskLevel {
        /// Unlikely to result in a risk: record only.
        None => ("Ingen risiko", "No risk"),
        /// A risk: notify Datatilsynet.
        Risk => ("Risiko", "Risk"),
        /// A high risk: also tell the people affected.
        High => ("Høj risiko", "High risk"),
    }
}

impl RiskLevel {
    /// One level up, stopping at high.
    pub fn raised(self) -> Self {
        match self {
            RiskLevel::None => RiskLevel::Risk,
            _ => RiskLevel::High,
        }
    }

    /// One level down, stopping at none.
    pub fn lowered(self) -> Self {
        match self {
            RiskLevel::High => RiskLevel::Risk,
            _ => RiskLevel::None,
        }
    }
}

/// An assessor's override of the computed risk level. The computed level is
/// kept beside it; the justification is mandatory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskOverride {
    /// The level the assessor sets.
    pub risk: RiskLevel,
    /// Why the assessor disagrees with the computed level.
    #[serde(default)]
    pub justification: Option<String>,
}
