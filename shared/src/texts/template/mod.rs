//! The notification as the EDPB's common template: one mapping of a case,
//! as decided, to the template's fields.
//!
//! Source: EDPB, *Template for the notification of personal data breaches
//! under Article 33 GDPR*, version 1.0, the draft adopted on 10 June 2026
//! for public consultation (until 5 August 2026). The field numbers and
//! the predefined answers' letters below are the template's own; the
//! sections are its 1.1 (the notification and the controller), 2.2 (the
//! person reporting), 2.3.1 (the DPO and other parties), 3.1 (dates and
//! times), 3.2 (nature), 3.3 (data subjects), 3.4 (personal data), 3.5
//! (measures in place), 4.1 (likely consequences), 4.2 (risk assessment),
//! 4.3 and 4.4 (measures, communication to the data subjects) and 6.1
//! (other authorities). Fields for controllers outside the EEA, for
//! cross-border processing (6.2, 6.3) and those a template implementation
//! may leave out (the national identification number, 25) are not mapped:
//! a school's breach is notified to Datatilsynet alone.
//!
//! Each field is [`FieldDef`] in [`FIELDS`]: its number, section, label,
//! kind (with the template's predefined answers) and whether the template
//! makes it mandatory. [`notification`] fills each from what Brud knows
//! of the case (the corrected report, the assessment, what the case
//! settled), else from what the DPO added on the desk ([`Answers`],
//! checked by [`check_answers`]), and says of each whether Brud knows it,
//! the DPO must add it, or it does not apply ([`FieldStatus`]). Since the
//! template is a draft, a change in its final version is a change to this
//! module alone: the DPO's answers are kept by field number.
//!
//! Everything that gives the notification reads it here: the export
//! (`notification.json`), the desk's page of it, and the text to copy and
//! the guide step by step ([`crate::texts::authority_notification`],
//! [`crate::texts::template_sections`]). The predefined answers carry
//! Brud's Danish rendering beside the template's English, for the texts
//! and the export in Danish; the DPO's answers come with what the case
//! settled ([`crate::texts::Decided::template_answers`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::decided::SubjectsDecided;
use super::parts::{
    categories_text, consequences_text, prevention_text, risk_summary, stopped_sentence,
    subjects_text, TextContext,
};
use crate::lang::{Labelled, Language};
use crate::model::*;
use crate::problem::{Problem, ProblemCode};
use crate::time::Timestamp;

pub(crate) mod answer;

pub use answer::{Answer, Answers};

/// The template, as the export names it.
pub const TEMPLATE: &str = "EDPB template for the notification of personal data breaches";

/// The template's version this module follows.
pub const TEMPLATE_VERSION: &str =
    "1.0 (draft for public consultation, adopted 10 June 2026; consultation until 5 August 2026)";

/// The longest text the DPO adds to one field.
pub const ANSWER_TEXT_MAX: usize = 5000;

/// A field's predefined answers: (letter, the template's label, in Danish).
pub type Options = &'static [(&'static str, &'static str, &'static str)];

/// What kind of answer a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One of the predefined answers.
    Choice(Options),
    /// Any of the predefined answers.
    Choices(Options),
    /// Free text.
    Text,
    /// A whole number.
    Number,
    /// A date and time.
    DateTime,
    /// Yes or no.
    Flag,
}

/// Whether the template makes a field mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mandatory {
    /// Always.
    Yes,
    /// When another answer makes it apply.
    Conditional,
    /// Never.
    No,
}

/// One field of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// Its number in the template.
    pub id: u16,
    /// Its section.
    pub section: &'static str,
    /// Its label, as the template words it.
    pub label: &'static str,
    /// Its label in Danish.
    pub label_da: &'static str,
    /// What it takes.
    pub kind: FieldKind,
    /// Whether it is mandatory.
    pub mandatory: Mandatory,
}

const YES_NO_UNKNOWN: Options = &[
    ("a", "Yes", "Ja"),
    ("b", "No", "Nej"),
    ("c", "Unknown", "Ukendt"),
];

/// The template's fields this module maps, in the template's order.
pub const FIELDS: &[FieldDef] = &[
    f(3, "1.1", "Type of notification", "Type af anmeldelse", FieldKind::Choice(&[("a", "New Notification", "Ny anmeldelse"), ("b", "Follow-Up Notification", "Opfølgende anmeldelse")]), Mandatory::Yes),
    f(4, "1.1", "Sub-type of notification", "Anmeldelsens status", FieldKind::Choice(&[("a", "Complete", "Fuldstændig"), ("b", "Incomplete", "Ufuldstændig"), ("c", "Withdraw", "Tilbagetrækning")]), Mandatory::Yes),
    f(6, "1.1", "ID of previously notified personal data breach", "Datatilsynets nummer for den tidligere anmeldelse", FieldKind::Text, Mandatory::Conditional),
    f(7, "1.1", "Data controller's internal reference number", "Den dataansvarliges eget sagsnummer", FieldKind::Text, Mandatory::No),
    f(10, "1.1", "Type of Identifier", "Type af identifikation", FieldKind::Choice(&[("a", "CompanyID", "Virksomhedsnummer (CVR)"), ("b", "Organisation number", "Organisationsnummer"), ("c", "VAT Number", "Momsnummer")]), Mandatory::Conditional),
    f(11, "1.1", "Identifier", "Identifikation (CVR-nr.)", FieldKind::Text, Mandatory::Conditional),
    f(12, "1.1", "Name of the organisation", "Organisationens navn", FieldKind::Text, Mandatory::Yes),
    f(13, "1.1", "Contact details", "Kontaktoplysninger", FieldKind::Text, Mandatory::Yes),
    f(14, "1.1", "Sector", "Sektor", FieldKind::Choice(&[("a", "Private", "Privat"), ("b", "Public", "Offentlig")]), Mandatory::No),
    f(21, "2.2", "Name of the reporting person", "Anmelderens navn", FieldKind::Text, Mandatory::Yes),
    f(22, "2.2", "Contact details", "Anmelderens kontaktoplysninger", FieldKind::Text, Mandatory::Yes),
    f(23, "2.2", "Function of the reporting person", "Anmelderens funktion", FieldKind::Choice(&[("a", "DPO", "Databeskyttelsesrådgiver (DPO)"), ("b", "Legal representative", "Juridisk repræsentant"), ("c", "Authorised representative or other", "Bemyndiget repræsentant eller anden")]), Mandatory::Yes),
    f(38, "2.3.1", "Are other parties such as data processors or joint controllers involved?", "Er andre parter involveret (databehandlere, fælles dataansvarlige)?", FieldKind::Choice(&[("a", "Yes", "Ja"), ("b", "No", "Nej")]), Mandatory::Yes),
    f(39, "2.3.1", "Qualification of the other involved party", "Den anden parts rolle", FieldKind::Text, Mandatory::Conditional),
    f(40, "2.3.1", "Name of the other involved party", "Den anden parts navn", FieldKind::Text, Mandatory::Conditional),
    f(44, "3.1", "When did the personal data breach occur?", "Hvornår skete bruddet?", FieldKind::Choice(&[("a", "On a specific day", "På en bestemt dag"), ("b", "From a date to a date", "Fra en dato til en dato"), ("c", "From a date and is still ongoing", "Fra en dato og står stadig på"), ("d", "Cannot be determined", "Kan ikke fastslås"), ("e", "To be determined", "Skal fastslås")]), Mandatory::Yes),
    f(45, "3.1", "Only estimated dates are possible", "Kun anslåede tidspunkter er mulige", FieldKind::Flag, Mandatory::No),
    f(46, "3.1", "Beginning date and time of personal data breach", "Bruddets begyndelse", FieldKind::DateTime, Mandatory::Conditional),
    f(47, "3.1", "Ending date and time of personal data breach", "Bruddets afslutning", FieldKind::DateTime, Mandatory::Conditional),
    f(48, "3.1", "Date and time of awareness of the data controller of the personal data breach", "Hvornår den dataansvarlige blev opmærksom på bruddet", FieldKind::DateTime, Mandatory::Yes),
    f(49, "3.1", "Reasons for late notification of the personal data breach", "Begrundelse for forsinket anmeldelse", FieldKind::Text, Mandatory::Conditional),
    f(50, "3.1", "How was the personal data breach discovered?", "Hvordan blev bruddet opdaget?", FieldKind::Choice(&[("a", "Detection by the data controller", "Opdaget af den dataansvarlige"), ("b", "Detection and communication by the data processor", "Opdaget og meddelt af databehandleren"), ("c", "Communication by a data subject", "Meddelt af en registreret"), ("d", "Communication by an external party", "Meddelt af en ekstern part"), ("e", "Press news", "Omtale i pressen"), ("f", "Other", "Andet")]), Mandatory::Yes),
    f(51, "3.1", "Further description of the discovery of the personal data breach", "Nærmere om hvordan bruddet blev opdaget", FieldKind::Text, Mandatory::Yes),
    f(55, "3.2", "Nature of the personal data breach", "Bruddets karakter", FieldKind::Choices(&[("a", "Confidentiality breach", "Brud på fortroligheden"), ("b", "Integrity breach", "Brud på integriteten"), ("c", "Availability breach", "Brud på tilgængeligheden")]), Mandatory::Yes),
    f(56, "3.2", "Type of confidentiality breach", "Type af brud på fortroligheden", FieldKind::Choice(&[("a", "Personal data are exfiltrated or disclosed", "Personoplysningerne er udtrukket eller videregivet"), ("b", "Personal data are likely exfiltrated or disclosed (no evidence)", "Personoplysningerne er sandsynligvis udtrukket eller videregivet (uden bevis)"), ("c", "Personal data are NOT exfiltrated NOR disclosed (reasonable evidence present)", "Personoplysningerne er hverken udtrukket eller videregivet (rimeligt bevis foreligger)"), ("d", "Not possible to assess", "Kan ikke vurderes"), ("e", "To be determined", "Skal fastslås")]), Mandatory::Conditional),
    f(57, "3.2", "Was the data unintelligible to anyone who was not authorised to access it or were individuals not identifiable?", "Var oplysningerne uforståelige for uvedkommende?", FieldKind::Choice(&[("a", "Yes and protection is still intact", "Ja, og beskyttelsen er stadig intakt"), ("b", "Protective measures had been taken, but it is likely that they could be subverted", "Der var beskyttelse, men den kan sandsynligvis omgås"), ("c", "No", "Nej"), ("d", "Not possible to assess", "Kan ikke vurderes"), ("e", "To be determined", "Skal fastslås")]), Mandatory::Conditional),
    f(58, "3.2", "Type of integrity breach", "Type af brud på integriteten", FieldKind::Choice(&[("a", "Alteration with no evidence of illegal or wrong use", "Ændring uden tegn på ulovlig eller forkert brug"), ("b", "Alteration with evidence of illegal or wrong use, damages reversible", "Ændring med tegn på ulovlig eller forkert brug, skaden kan rettes op"), ("c", "Alteration with evidence of illegal or wrong use, damages not reversible", "Ændring med tegn på ulovlig eller forkert brug, skaden kan ikke rettes op")]), Mandatory::Conditional),
    f(59, "3.2", "Type of availability breach", "Type af brud på tilgængeligheden", FieldKind::Choice(&[("a", "Temporary availability issue", "Midlertidigt utilgængelige"), ("b", "Permanent availability issue", "Varigt utilgængelige"), ("c", "not determined", "Ikke fastslået")]), Mandatory::Conditional),
    f(60, "3.2", "Nature of the incident", "Hændelsens art", FieldKind::Choice(INCIDENTS), Mandatory::Yes),
    f(61, "3.2", "Cause of the personal data breach", "Bruddets årsag", FieldKind::Choice(&[("a", "Internal non malicious", "Intern, ikke ondsindet"), ("b", "Internal malicious", "Intern, ondsindet"), ("c", "External non malicious", "Ekstern, ikke ondsindet"), ("d", "External malicious", "Ekstern, ondsindet"), ("e", "To be determined", "Skal fastslås"), ("f", "Unknown", "Ukendt")]), Mandatory::Yes),
    f(62, "3.2", "Further description of the nature of the incident", "Nærmere om hændelsen", FieldKind::Text, Mandatory::Yes),
    f(63, "3.2", "Description of the systems, software, services, and infrastructures involved in the personal data breach and where they are located", "Systemer, software og tjenester involveret, og hvor de er placeret", FieldKind::Text, Mandatory::Yes),
    f(65, "3.3", "Categories of concerned data subjects", "Kategorier af berørte personer", FieldKind::Choices(SUBJECTS), Mandatory::Yes),
    f(66, "3.3", "Further description of categories of concerned data subjects and additional data subjects", "Nærmere om de berørte personer", FieldKind::Text, Mandatory::Yes),
    f(67, "3.3", "Data subjects concerned by the personal data breach", "Antal berørte personer", FieldKind::Choice(COUNTS), Mandatory::Yes),
    f(68, "3.3", "Number of data subjects concerned by the personal data breach", "Antallet af berørte personer", FieldKind::Number, Mandatory::Conditional),
    f(70, "3.4", "Type of breached data", "Typer af oplysninger", FieldKind::Choices(DATA), Mandatory::Yes),
    f(71, "3.4", "Further description of breached data and additional data categories", "Nærmere om oplysningerne", FieldKind::Text, Mandatory::Yes),
    f(72, "3.4", "Personal data records concerned by the personal data breach", "Antal berørte registreringer", FieldKind::Choice(COUNTS), Mandatory::Yes),
    f(73, "3.4", "Number of personal data records concerned by the personal data breach", "Antallet af berørte registreringer", FieldKind::Number, Mandatory::Conditional),
    f(75, "3.5", "Relevant measures in place when the personal data breach occurred", "Sikkerhedsforanstaltninger der var på plads, da bruddet skete", FieldKind::Choices(MEASURES_IN_PLACE), Mandatory::Yes),
    f(76, "3.5", "Further description of relevant measures in place when the personal data breach occurred", "Nærmere om foranstaltningerne", FieldKind::Text, Mandatory::Yes),
    f(85, "4.1", "Nature of the potential impact for the data subject", "Mulige følger for de berørte", FieldKind::Choices(IMPACTS), Mandatory::Yes),
    f(87, "4.1", "Severity of the potential impacts", "Følgernes alvor", FieldKind::Choice(&[("a", "Minor", "Mindre"), ("b", "Moderate", "Moderat"), ("c", "Severe", "Alvorlig"), ("d", "To be determined", "Skal fastslås")]), Mandatory::Yes),
    f(89, "4.2", "Outcome of the risk assessment carried out by the controller", "Resultatet af den dataansvarliges risikovurdering", FieldKind::Choice(&[("a", "Likely to result in a high risk", "Sandsynligvis høj risiko"), ("b", "Likely to result in a (not high) risk", "Sandsynligvis en risiko (ikke høj)"), ("c", "Unlikely to result in a risk", "Sandsynligvis ingen risiko"), ("d", "Additional information is needed to assess the risk", "Der kræves flere oplysninger for at vurdere risikoen")]), Mandatory::Yes),
    f(90, "4.2", "Further description of the risk assessment carried out by the data controller", "Nærmere om risikovurderingen", FieldKind::Text, Mandatory::Yes),
    f(92, "4.3", "Measures taken to address the personal data breach and to mitigate its consequences", "Tiltag for at håndtere bruddet og begrænse følgerne", FieldKind::Text, Mandatory::Yes),
    f(94, "4.4", "Relevant measures taken to prevent similar personal data breach", "Tiltag for at forebygge lignende brud", FieldKind::Choices(PREVENTION), Mandatory::Yes),
    f(95, "4.4", "Further description of relevant updated permanent measures to avoid similar incidents in the future", "Nærmere om forebyggelsen", FieldKind::Text, Mandatory::Yes),
    f(97, "4.4", "Has the personal data breach been communicated to data subjects?", "Er de berørte underrettet?", FieldKind::Choice(&[("a", "Yes", "Ja"), ("b", "No, but it will be communicated", "Nej, men de vil blive underrettet"), ("c", "No, the investigation is still ongoing", "Nej, undersøgelsen pågår stadig"), ("d", "No, the breach is unlikely to result in a high risk", "Nej, bruddet medfører sandsynligvis ikke en høj risiko"), ("e", "No, a condition of article 34(3) is met", "Nej, en betingelse i art. 34, stk. 3, er opfyldt")]), Mandatory::Yes),
    f(98, "4.4", "Date of when information was given to data subjects", "Hvornår de berørte blev underrettet", FieldKind::DateTime, Mandatory::Conditional),
    f(100, "4.4", "Further information about conditions referred to in article 34(3) of the GDPR that are met", "Hvilken undtagelse i art. 34, stk. 3", FieldKind::Choice(&[("a", "Appropriate protection measures rendering the data unintelligible", "Passende beskyttelse gør oplysningerne uforståelige"), ("b", "Subsequent measures ensure the high risk is no longer likely to materialise", "Efterfølgende tiltag sikrer, at den høje risiko sandsynligvis ikke længere opstår"), ("c", "It would involve disproportionate effort; public communication instead", "Det ville kræve en uforholdsmæssig indsats; offentlig meddelelse i stedet")]), Mandatory::Conditional),
    f(101, "4.4", "Further description why the conditions referred to in article 34(3) of the GDPR are met and the measures taken", "Begrundelse for undtagelsen", FieldKind::Text, Mandatory::Conditional),
    f(104, "4.4", "Means of communication used to inform the data subject", "Hvordan de berørte blev underrettet", FieldKind::Choice(&[("a", "Individual communication (letter/email/personal communication)", "Direkte underretning (brev, e-mail, personligt)"), ("b", "Public announcement", "Offentlig meddelelse"), ("c", "Other", "Andet")]), Mandatory::Conditional),
    f(106, "4.4", "Content of the information provided to the data subjects", "Indholdet af underretningen", FieldKind::Text, Mandatory::Conditional),
    f(109, "6.1", "Has the incident been reported to the police/judicial authorities as a criminal offence?", "Er hændelsen anmeldt til politiet?", FieldKind::Choice(YES_NO_UNKNOWN), Mandatory::No),
    f(110, "6.1", "Has the incident been notified to other supervisory authorities or control bodies under other relevant legislation?", "Er hændelsen meldt til andre myndigheder?", FieldKind::Choice(YES_NO_UNKNOWN), Mandatory::No),
    f(111, "6.1", "Further information about notification to other authorities or bodies", "Nærmere om meldingen til andre myndigheder", FieldKind::Text, Mandatory::Conditional),
];

const fn f(
    id: u16,
    section: &'static str,
    label: &'static str,
    label_da: &'static str,
    kind: FieldKind,
    mandatory: Mandatory,
) -> FieldDef {
    FieldDef {
        id,
        section,
        label,
        label_da,
        kind,
        mandatory,
    }
}

const COUNTS: Options = &[
    ("a", "Exact number", "Præcist antal"),
    ("b", "Approximate number", "Omtrentligt antal"),
    (
        "c",
        "Number cannot be determined",
        "Antallet kan ikke fastslås",
    ),
    ("d", "Number to be determined", "Antallet skal fastslås"),
];

const INCIDENTS: Options = &[
    (
        "a",
        "Abuse of access privileges by employee",
        "Ansats misbrug af adgangsrettigheder",
    ),
    (
        "b",
        "Encrypted device / ransomware",
        "Krypteret enhed / ransomware",
    ),
    (
        "c",
        "Hacking / malware activity detected",
        "Hacking / malware opdaget",
    ),
    (
        "d",
        "Phishing / social engineering",
        "Phishing / social engineering",
    ),
    (
        "e",
        "Security vulnerability (likely) exploited",
        "Sikkerhedshul (sandsynligvis) udnyttet",
    ),
    (
        "f",
        "Unauthorised access to personal data in IT systems",
        "Uautoriseret adgang til personoplysninger i it-systemer",
    ),
    (
        "g",
        "Data exfiltration / unauthorised extraction of personal data",
        "Uautoriseret udtræk af personoplysninger",
    ),
    (
        "h",
        "Data of wrong data subject shown (mix-up of records)",
        "Oplysninger om en forkert person vist (sammenblanding)",
    ),
    ("i", "Device lost or stolen", "Enhed mistet eller stjålet"),
    (
        "j",
        "E-waste (personal data still present on obsolete device)",
        "Elektronikaffald (personoplysninger stadig på kasseret enhed)",
    ),
    (
        "k",
        "Incorrect disposal of personal data on paper",
        "Forkert bortskaffelse af personoplysninger på papir",
    ),
    (
        "l",
        "Mail lost or opened / misdelivery (post/email)",
        "Post mistet eller åbnet / fejlleveret (brev/e-mail)",
    ),
    ("m", "Misconfiguration", "Fejlkonfiguration"),
    (
        "n",
        "Incorrect access permissions",
        "Forkerte adgangsrettigheder",
    ),
    (
        "o",
        "Paper lost or stolen or left in insecure location",
        "Papir mistet, stjålet eller efterladt et usikkert sted",
    ),
    (
        "p",
        "Personal data deleted/destroyed",
        "Personoplysninger slettet/ødelagt",
    ),
    (
        "q",
        "Personal data displayed to wrong recipient",
        "Personoplysninger vist for forkert modtager",
    ),
    (
        "r",
        "Personal data sent by mistake (post/email)",
        "Personoplysninger sendt ved en fejl (brev/e-mail)",
    ),
    (
        "s",
        "Sending email to multiple recipients without blind copy",
        "E-mail til flere modtagere uden bcc",
    ),
    ("t", "Technical malfunction", "Teknisk fejl"),
    (
        "u",
        "Unauthorised data modification",
        "Uautoriseret ændring af oplysninger",
    ),
    ("v", "Unintended publication", "Utilsigtet offentliggørelse"),
    (
        "w",
        "Verbal unauthorised disclosure of personal data",
        "Mundtlig uautoriseret videregivelse af personoplysninger",
    ),
    ("x", "to be determined", "Skal fastslås"),
    ("y", "Other", "Andet"),
];

const SUBJECTS: Options = &[
    (
        "a",
        "Customers (current and prospects)",
        "Kunder (nuværende og potentielle)",
    ),
    (
        "b",
        "Employees (former, current and candidates)",
        "Ansatte (tidligere, nuværende og ansøgere)",
    ),
    (
        "c",
        "Military or law enforcement staff",
        "Militært personel eller politi",
    ),
    ("d", "Minors", "Mindreårige"),
    ("e", "Patients", "Patienter"),
    ("f", "Students", "Elever og studerende"),
    ("g", "Subscribers", "Abonnenter"),
    ("h", "Users", "Brugere"),
    ("i", "Vulnerable individuals", "Sårbare personer"),
    (
        "j",
        "Additional concerned data subjects",
        "Andre berørte personer",
    ),
    ("k", "Not yet known", "Endnu ikke kendt"),
];

const DATA: Options = &[
    (
        "a",
        "Basic data (e.g. name, surname, date of birth)",
        "Grundoplysninger (fx navn, efternavn, fødselsdato)",
    ),
    (
        "b",
        "Contact details (e.g. address, phone number, e-mail)",
        "Kontaktoplysninger (fx adresse, telefonnummer, e-mail)",
    ),
    ("c", "Biometric data", "Biometriske data"),
    (
        "d",
        "Criminal convictions, offence or security measures",
        "Straffedomme, lovovertrædelser eller sikkerhedsforanstaltninger",
    ),
    (
        "e",
        "Data revealing political opinions",
        "Oplysninger om politisk overbevisning",
    ),
    (
        "f",
        "Data revealing racial or ethnic origin",
        "Oplysninger om race eller etnisk oprindelse",
    ),
    (
        "g",
        "Data revealing religious or philosophical beliefs",
        "Oplysninger om religiøs eller filosofisk overbevisning",
    ),
    (
        "h",
        "Data revealing sex life or sexual orientation",
        "Oplysninger om seksuelle forhold eller seksuel orientering",
    ),
    (
        "i",
        "Data revealing trade union membership",
        "Oplysninger om fagforeningsmæssigt tilhørsforhold",
    ),
    ("j", "Genetic data", "Genetiske data"),
    ("k", "Health data", "Helbredsoplysninger"),
    (
        "l",
        "Economic and financial data",
        "Økonomiske og finansielle oplysninger",
    ),
    (
        "m",
        "Employment related health data",
        "Helbredsoplysninger i ansættelsesforhold",
    ),
    (
        "n",
        "Identification data (e.g. National identification number)",
        "Identifikationsoplysninger (fx CPR-nummer)",
    ),
    ("o", "Location data", "Lokaliseringsdata"),
    ("p", "Official documents", "Officielle dokumenter"),
    ("q", "Payment methods", "Betalingsmidler"),
    ("r", "Profile data", "Profiloplysninger"),
    ("s", "User credentials", "Login-oplysninger"),
    ("t", "Not yet known", "Endnu ikke kendt"),
    ("u", "Additional data types", "Andre typer oplysninger"),
];

const MEASURES_IN_PLACE: Options = &[
    ("a", "Pseudonymisation", "Pseudonymisering"),
    ("b", "Backup / Recovery plan", "Backup / genetableringsplan"),
    ("c", "Data encryption", "Kryptering af data"),
    (
        "d",
        "Data protection and information security policies",
        "Politikker for databeskyttelse og informationssikkerhed",
    ),
    (
        "e",
        "Data protection and security training",
        "Uddannelse i databeskyttelse og sikkerhed",
    ),
    ("f", "Incident log", "Log over hændelser"),
    ("g", "Levels of access to data", "Adgangsniveauer til data"),
    (
        "h",
        "Logical access control (e.g. MFA)",
        "Logisk adgangskontrol (fx MFA)",
    ),
    ("i", "Periodic audits", "Periodiske revisioner"),
    ("j", "Physical access control", "Fysisk adgangskontrol"),
    ("k", "Up-to-date IT systems", "Opdaterede it-systemer"),
    ("l", "Other measures", "Andre foranstaltninger"),
];

const IMPACTS: Options = &[
    (
        "a",
        "Loss of control of their personal data",
        "Tab af kontrol over egne personoplysninger",
    ),
    (
        "b",
        "Limitation of their rights",
        "Begrænsning af deres rettigheder",
    ),
    ("c", "Discrimination", "Forskelsbehandling"),
    (
        "d",
        "Identity theft or usurpation",
        "Identitetstyveri eller -misbrug",
    ),
    ("e", "Fraud", "Svindel"),
    ("f", "Financial loss", "Økonomisk tab"),
    (
        "g",
        "Unauthorised reversal of pseudonymisation",
        "Uautoriseret ophævelse af pseudonymisering",
    ),
    ("h", "Damage to reputation", "Skade på omdømme"),
    (
        "i",
        "Loss of confidentiality of personal data protected by professional secrecy",
        "Brud på fortroligheden om oplysninger under tavshedspligt",
    ),
    (
        "j",
        "Disclosure of data to unauthorised third parties",
        "Videregivelse til uvedkommende tredjeparter",
    ),
    (
        "k",
        "Significant economic or social disadvantage",
        "Væsentlig økonomisk eller social ulempe",
    ),
    ("l", "Physical or mental harm", "Fysisk eller psykisk skade"),
    (
        "m",
        "Material or non-material damage to property",
        "Materiel eller immateriel skade",
    ),
    ("n", "Other impact", "Andre følger"),
    ("o", "To be determined", "Skal fastslås"),
];

const PREVENTION: Options = &[
    ("a", "Anonymisation", "Anonymisering"),
    ("b", "Backup / Recovery plan", "Backup / genetableringsplan"),
    ("c", "Change of processes", "Ændrede arbejdsgange"),
    ("d", "Data encryption", "Kryptering af data"),
    (
        "e",
        "Data protection and information security policies",
        "Politikker for databeskyttelse og informationssikkerhed",
    ),
    (
        "f",
        "Data protection and security training",
        "Uddannelse i databeskyttelse og sikkerhed",
    ),
    ("g", "Erasure of the data", "Sletning af oplysningerne"),
    ("h", "Incident log", "Log over hændelser"),
    ("i", "Levels of access to data", "Adgangsniveauer til data"),
    (
        "j",
        "Logical access control (e.g. MFA)",
        "Logisk adgangskontrol (fx MFA)",
    ),
    ("k", "Periodic audits", "Periodiske revisioner"),
    ("l", "Physical access control", "Fysisk adgangskontrol"),
    ("m", "Pseudonymisation", "Pseudonymisering"),
    ("n", "Up-to-date IT systems", "Opdaterede it-systemer"),
    ("o", "Other measures", "Andre foranstaltninger"),
];

/// The section titles, in Danish and English.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "1.1",
        "Anmeldelsen og den dataansvarlige",
        "The notification and the controller",
    ),
    ("2.2", "Den der anmelder", "The reporting person"),
    (
        "2.3.1",
        "Andre involverede parter",
        "Other parties involved",
    ),
    ("3.1", "Tidspunkter", "Dates and times"),
    ("3.2", "Bruddets karakter", "Nature of the breach"),
    ("3.3", "Berørte personer", "Data subjects concerned"),
    ("3.4", "Berørte oplysninger", "Personal data concerned"),
    (
        "3.5",
        "Foranstaltninger på tidspunktet",
        "Measures in place",
    ),
    ("4.1", "Sandsynlige følger", "Likely consequences"),
    ("4.2", "Risikovurdering", "Risk assessment"),
    ("4.3", "Tiltag mod bruddet", "Measures taken"),
    (
        "4.4",
        "Forebyggelse og underretning af de berørte",
        "Prevention and communication to the data subjects",
    ),
    ("6.1", "Andre myndigheder", "Other authorities"),
];

/// The field numbered `id`, if this module maps it.
pub fn field(id: u16) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|field| field.id == id)
}

/// Problems with `answers` as the DPO gave them: a field this module does
/// not map, an answer of the wrong kind, a letter the field does not
/// offer, a text too long or empty. `[]`: they can be kept.
pub fn check_answers(answers: &Answers) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (id, answer) in answers {
        let at = format!("answers.{id}");
        let Some(def) = field(*id) else {
            problems.push(Problem::new(
                at,
                ProblemCode::UnknownField,
                "Skabelonen har ikke det felt.",
                "The template has no such field.",
            ));
            continue;
        };
        let wrong = |problems: &mut Vec<Problem>| {
            problems.push(Problem::new(
                format!("answers.{id}"),
                ProblemCode::InvalidValue,
                "Svaret passer ikke til feltet.",
                "The answer does not fit the field.",
            ))
        };
        match (def.kind, answer) {
            (FieldKind::Choice(options), Answer::Choices(keys)) if keys.len() == 1 => {
                if !options.iter().any(|(key, _, _)| *key == keys[0]) {
                    wrong(&mut problems);
                }
            }
            (FieldKind::Choices(options), Answer::Choices(keys)) if !keys.is_empty() => {
                if !keys
                    .iter()
                    .all(|k| options.iter().any(|(key, _, _)| key == k))
                {
                    wrong(&mut problems);
                }
            }
            (FieldKind::Text, Answer::Text(text)) => {
                let length = text.chars().count();
                if text.trim().is_empty() {
                    wrong(&mut problems);
                } else if length > ANSWER_TEXT_MAX {
                    problems.push(Problem::too_long(at, ANSWER_TEXT_MAX, length));
                }
            }
            (FieldKind::DateTime, Answer::Text(text)) if text.parse::<Timestamp>().is_ok() => {}
            (FieldKind::Number, Answer::Number(n)) if *n >= 0 => {}
            (FieldKind::Flag, Answer::Flag(_)) => {}
            _ => wrong(&mut problems),
        }
    }
    problems
}

/// Whether a field's answer is known, to be added by the DPO, or does not
/// apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldStatus {
    /// Brud knows it from the case.
    Known,
    /// The DPO added it on the desk.
    AddedByDpo,
    /// The DPO must add it (the case does not say).
    DpoMustAdd,
    /// It does not apply to this case.
    NotApplicable,
}

/// One field as the notification gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FilledField {
    /// Its number in the template.
    pub field: u16,
    /// Its label (the template's words).
    pub label: String,
    /// Its label in Danish.
    pub label_da: String,
    /// Whether the template makes it mandatory.
    pub mandatory: Mandatory,
    /// Known, added by the DPO, to be added, or not applicable.
    pub status: FieldStatus,
    /// The answer, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Answer>,
    /// The predefined answers' labels for the letters in `value`, in the
    /// notification's language (Danish, or the template's English).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_labels: Vec<String>,
    /// What the field takes: `choice` (one letter), `choices`, `text`,
    /// `number`, `date_time` or `flag`.
    pub kind: String,
    /// The predefined answers (letter, label in the notification's
    /// language), for a field the DPO answers (missing, or added by the
    /// DPO).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<(String, String)>,
}

/// One section of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FilledSection {
    /// Its number in the template.
    pub section: String,
    /// Its title in Danish.
    pub title_da: String,
    /// And in English.
    pub title_en: String,
    /// Its fields, in the template's order.
    pub fields: Vec<FilledField>,
}

/// Which notification of the case this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    /// The first (new) notification.
    New,
    /// A follow-up of one already made.
    FollowUp,
}

/// The notification as the template's structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TemplateNotification {
    /// [`TEMPLATE`].
    pub template: String,
    /// [`TEMPLATE_VERSION`].
    pub template_version: String,
    /// The case's reference.
    pub reference: String,
    /// New, or a follow-up (field 3).
    pub notification: Which,
    /// Complete, or preliminary: incomplete (field 4).
    pub complete: bool,
    /// The sections, in the template's order.
    pub sections: Vec<FilledSection>,
    /// The mandatory fields that still lack an answer, by number: what the
    /// DPO must add before the notification is complete.
    pub missing: Vec<u16>,
    /// Which notification as made this is (1: the first, 2: the first
    /// follow-up, …), or `null`: the next, as the case stands now.
    #[serde(default)]
    pub made: Option<u32>,
    /// How many notifications of the case are made so far.
    #[serde(default)]
    pub notifications_made: u32,
}

/// What the mapping reads besides the texts' context.
#[derive(Debug, Clone, Copy)]
pub struct Notifying<'a> {
    /// New or a follow-up.
    pub which: Which,
    /// Whether it was made (or is to be made) as complete; `None`: as the
    /// answers stand (see [`notification`]).
    pub complete: Option<bool>,
    /// Datatilsynet's number for the first notification, for a follow-up.
    pub previous: Option<&'a str>,
}

impl<'a> Notifying<'a> {
    /// The notification to make next of the case in `ctx`: new, or a
    /// follow-up of the one made (with Datatilsynet's number); complete
    /// when nothing mandatory is missing. What the text to copy and the
    /// step-by-step guide give.
    pub fn next(ctx: &TextContext<'a>) -> Self {
        let notified = ctx.decided.and_then(|d| d.notified.as_ref());
        Notifying {
            which: if notified.is_some() {
                Which::FollowUp
            } else {
                Which::New
            },
            complete: None,
            previous: notified.map(|n| n.reference.as_str()),
        }
    }
}

fn choice(key: &str) -> Option<Answer> {
    Some(Answer::Choices(vec![key.to_string()]))
}

fn choices(keys: Vec<&str>) -> Option<Answer> {
    (!keys.is_empty()).then(|| Answer::Choices(keys.into_iter().map(str::to_string).collect()))
}

fn text(value: impl Into<String>) -> Option<Answer> {
    let value = value.into();
    (!value.trim().is_empty()).then_some(Answer::Text(value))
}

fn when(at: Option<Timestamp>) -> Option<Answer> {
    at.map(|t| Answer::Text(t.to_string()))
}

/// What Brud knows of field `id`: `Ok(Some)`: the answer; `Ok(None)`: not
/// known, for the DPO to add; `Err(())`: the field does not apply.
/// `report` is the case's, its free text masked
/// ([`TextContext::masked_report`]): the notification leaves Brud.
fn known(
    id: u16,
    ctx: &TextContext<'_>,
    report: &Report,
    notifying: &Notifying<'_>,
    answers: &Answers,
) -> Result<Option<Answer>, ()> {
    let org = ctx.org;
    let decided = ctx.decided;
    let nature = &report.nature;
    let circumstances = &report.circumstances;
    let processor = report.role == Some(Role::Processor);
    // Data an attacker copied, or may have, is a breach of
    // confidentiality whatever else the reporter ticked.
    let confidentiality = nature.confidentiality
        || matches!(
            circumstances.exfiltration,
            Some(Exfiltration::Confirmed | Exfiltration::Possible)
        );
    let na = Err(());
    Ok(match id {
        3 => choice(match notifying.which {
            Which::New => "a",
            Which::FollowUp => "b",
        }),
        // Field 4 is filled once the rest is known (see `notification`).
        4 => None,
        6 => match notifying.which {
            Which::New => return na,
            Which::FollowUp => notifying.previous.and_then(text),
        },
        7 => ctx.reference.and_then(text),
        10 => {
            return if org.cvr.is_some() && !processor {
                Ok(choice("a"))
            } else {
                na
            }
        }
        11 => {
            return if processor {
                na
            } else {
                Ok(org.cvr.clone().and_then(text))
            }
        }
        12 => match (&report.controller, processor) {
            (Some(controller), true) => controller.name.clone().and_then(text),
            // A municipal school: the municipality, with the school as
            // the unit where it happened.
            _ => text(match &org.controller {
                Some(owner) => format!(
                    "{owner} ({} {})",
                    ctx.lang.pick("enhed:", "unit:"),
                    org.name
                ),
                None => org.name.clone(),
            }),
        },
        // The breach mailbox, and the case's agreed handler as the
        // contact person.
        13 => match (&report.controller, processor) {
            (Some(controller), true) => controller.contact.clone().and_then(text),
            _ => text(match decided.and_then(|d| d.handler.as_deref()) {
                Some(handler) => format!(
                    "{}; {} {}",
                    org.breach_mailbox,
                    ctx.lang.pick("kontaktperson:", "contact person:"),
                    ctx.mask(handler)
                ),
                None => org.breach_mailbox.clone(),
            }),
        },
        21 => text(ctx.dpo().name.clone()),
        22 => {
            let dpo = ctx.dpo();
            text(match &dpo.phone {
                Some(phone) => format!("{}, {phone}", dpo.email),
                None => dpo.email.clone(),
            })
        }
        // The DPO notifies: the export is the DPO's.
        23 => choice("a"),
        38 => processor.then(|| choice("a")).flatten(),
        39 => return if processor { Ok(text("Processor")) } else { na },
        40 => {
            return if processor {
                Ok(text(org.name.clone()))
            } else {
                na
            }
        }
        44 => match report.timeline.occurred.as_ref().map(|o| o.precision) {
            Some(OccurredPrecision::Exact) => choice(if report.timeline.ongoing == Some(true) {
                "c"
            } else {
                "a"
            }),
            Some(OccurredPrecision::Approximate) => {
                choice(if report.timeline.ongoing == Some(true) {
                    "c"
                } else {
                    "b"
                })
            }
            Some(OccurredPrecision::Unknown) => choice("d"),
            None => None,
        },
        45 => report
            .timeline
            .occurred
            .as_ref()
            .map(|o| Answer::Flag(o.precision == OccurredPrecision::Approximate)),
        46 => match report.timeline.occurred.as_ref() {
            Some(occurred) if occurred.precision != OccurredPrecision::Unknown => {
                when(occurred.earliest())
            }
            _ => return na,
        },
        47 => match report.timeline.occurred.as_ref() {
            _ if report.timeline.ongoing == Some(true) => return na,
            Some(occurred) if occurred.precision == OccurredPrecision::Approximate => {
                when(occurred.to)
            }
            Some(occurred) if occurred.precision == OccurredPrecision::Exact => {
                decided.and_then(|d| d.contained.as_ref()).map(|contained| {
                    Answer::Text(Timestamp::new(contained.at.fixed_offset()).to_string())
                })
            }
            _ => return na,
        },
        48 => when(report.timeline.aware_at),
        // Late: the reasons as recorded, else the DPO's to give.
        49 => match ctx.late_with_reason() {
            Some(reason) => reason.and_then(text),
            None => return na,
        },
        50 => match report.timeline.discovered_by {
            Some(DiscoveredBy::Employee) => choice("a"),
            Some(DiscoveredBy::External) => choice("d"),
            None => None,
        },
        // Who found it (Brud's own words) and how, as the reporter said.
        51 => {
            let by = report.timeline.discovered_by.map(|by| by.label(ctx.lang));
            let how = report.timeline.discovery.as_deref();
            text(
                [by, how]
                    .into_iter()
                    .flatten()
                    .map(crate::lang::sentence)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        }
        55 => choices(
            [
                (confidentiality, "a"),
                (nature.integrity, "b"),
                (nature.availability, "c"),
            ]
            .into_iter()
            .filter_map(|(on, key)| on.then_some(key))
            .collect(),
        ),
        56 => {
            if !confidentiality {
                return na;
            }
            match (circumstances.exfiltration, circumstances.recipients) {
                (Some(Exfiltration::Confirmed), _) => choice("a"),
                (Some(Exfiltration::Possible), _) => choice("b"),
                (Some(Exfiltration::RuledOut), _) => choice("c"),
                (None, Some(Recipients::Known | Recipients::Unknown | Recipients::Public)) => {
                    choice("a")
                }
                (None, Some(Recipients::None)) => choice("c"),
                (None, None) => None,
            }
        }
        57 => {
            if !confidentiality {
                return na;
            }
            match (circumstances.encrypted, circumstances.unintelligible) {
                (Some(Encryption::Yes), _) | (_, Some(true)) => choice("a"),
                (Some(Encryption::No), _) | (_, Some(false)) => choice("c"),
                (Some(Encryption::Unknown), None) => choice("d"),
                (None, None) => None,
            }
        }
        58 => {
            if !nature.integrity {
                return na;
            }
            None
        }
        59 => {
            if !nature.availability {
                return na;
            }
            match circumstances.availability_loss {
                Some(AvailabilityLoss::Temporary) => choice("a"),
                Some(AvailabilityLoss::Permanent) => choice("b"),
                _ => None,
            }
        }
        60 => nature.incident.map(incident_key).and_then(choice),
        61 => match nature.cause {
            Some(Cause::HumanError) => choice("a"),
            Some(Cause::MaliciousInternal) => choice("b"),
            Some(Cause::SystemError) => choice("c"),
            Some(Cause::MaliciousExternal) => choice("d"),
            Some(Cause::Other) | None => None,
        },
        // Brud's own kind of incident (finer than the template's), then
        // the description.
        // For an attack that may copy data, whether it did: the
        // authority's first question about ransomware.
        62 => {
            let kind = nature.incident.map(|incident| incident.label(ctx.lang));
            let mut said = match (kind, nature.description.as_deref()) {
                (_, None) => return Ok(None),
                (Some(kind), Some(description)) => {
                    format!("{} {}", crate::lang::sentence(kind), description)
                }
                (None, Some(description)) => description.to_string(),
            };
            if let Some(copied) = circumstances
                .exfiltration
                .filter(|_| report.is_attack_that_may_copy())
            {
                said.push_str(&format!(
                    "\n{}: {}",
                    ctx.lang
                        .pick("Kopieret af angriberen", "Copied by the attacker"),
                    copied.label(ctx.lang)
                ));
            }
            text(said)
        }
        65 => {
            let data = &report.data;
            let mut keys: Vec<&str> = Vec::new();
            for subject in &data.subjects {
                let key = match subject {
                    SubjectCategory::Pupils | SubjectCategory::FormerPupils => "f",
                    SubjectCategory::Staff | SubjectCategory::Applicants => "b",
                    SubjectCategory::Customers => "a",
                    SubjectCategory::Parents | SubjectCategory::Other => "j",
                };
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            if data.minors == Some(true) {
                keys.push("d");
            }
            if data.vulnerable == Some(true) {
                keys.push("i");
            }
            keys.sort_unstable();
            keys.dedup();
            choices(keys)
        }
        66 => (!report.data.subjects.is_empty())
            .then(|| subjects_text(report, ctx.lang))
            .and_then(text),
        67 => report
            .data
            .subject_count
            .as_ref()
            .map(count_key)
            .and_then(choice),
        68 => match report.data.subject_count.as_ref() {
            Some(count) if count.precision == CountPrecision::Unknown => return na,
            Some(count) => count.value.map(Answer::Number),
            None => None,
        },
        70 => {
            let mut keys: Vec<&str> = report
                .data
                .categories
                .iter()
                .map(|c| data_key(*c))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            choices(keys)
        }
        71 => (!report.data.categories.is_empty())
            .then(|| categories_text(report, ctx.lang))
            .and_then(text),
        72 => report
            .data
            .record_count
            .as_ref()
            .map(count_key)
            .and_then(choice),
        73 => match report.data.record_count.as_ref() {
            Some(count) if count.precision == CountPrecision::Unknown => return na,
            Some(count) => count.value.map(Answer::Number),
            None => None,
        },
        85 => {
            let mut keys: Vec<&str> = report.consequences.iter().map(|c| impact_key(*c)).collect();
            if confidentiality && !keys.contains(&"a") {
                keys.push("a");
            }
            keys.sort_unstable();
            keys.dedup();
            choices(keys)
        }
        89 => choice(match ctx.assessment.risk {
            RiskLevel::High => "a",
            RiskLevel::Risk => "b",
            RiskLevel::None => "c",
        }),
        // The level and how it was reached, the likely consequences in
        // Brud's words, then each rule that decided it.
        90 => {
            let mut lines = vec![risk_summary(ctx), consequences_text(report, ctx.lang)];
            lines.extend(
                ctx.assessment
                    .rules
                    .iter()
                    .map(|rule| format!("- {}", ctx.lang.pick(&rule.da, &rule.en))),
            );
            text(lines.join("\n"))
        }
        // Whether and when it was stopped and how, then what is planned.
        92 => {
            let stopped = Some(stopped_sentence(ctx, report)).filter(|s| !s.is_empty());
            let planned = report.containment.planned.as_deref().map(|planned| {
                format!(
                    "{} {}",
                    ctx.lang.pick("Planlagt:", "Planned:"),
                    crate::lang::sentence(planned)
                )
            });
            text(
                [stopped, planned]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
        // The reporter's suggestion and the case's measures, with who and
        // when.
        95 => {
            let known = report.containment.prevention.is_some()
                || decided.is_some_and(|d| !d.prevention.is_empty());
            if known {
                text(prevention_text(ctx, report))
            } else {
                None
            }
        }
        97 => match decided.and_then(|d| d.subjects.as_ref()) {
            Some(SubjectsDecided::Told { .. }) => choice("a"),
            Some(SubjectsDecided::Exception { .. }) => choice("e"),
            None if ctx.assessment.risk != RiskLevel::High => choice("d"),
            // Brud's assessment says they must be told, and they are not
            // yet.
            None if ctx.assessment.obligations.notify_subjects.required => choice("b"),
            None => None,
        },
        98 => match decided.and_then(|d| d.subjects.as_ref()) {
            Some(SubjectsDecided::Told { at, .. }) => {
                Some(Answer::Text(Timestamp::new(at.fixed_offset()).to_string()))
            }
            _ => return na,
        },
        100 | 101 => match decided.and_then(|d| d.subjects.as_ref()) {
            Some(SubjectsDecided::Exception {
                exception,
                reasoning,
                ..
            }) => {
                if id == 101 {
                    text(reasoning.clone())
                } else {
                    choice(match exception {
                        NoticeException::Unintelligible => "a",
                        NoticeException::Mitigated => "b",
                        NoticeException::Disproportionate => "c",
                    })
                }
            }
            _ => return na,
        },
        104 | 106 => match decided.and_then(|d| d.subjects.as_ref()) {
            Some(SubjectsDecided::Told { how, channel, .. }) => {
                if id == 106 {
                    decided
                        .and_then(|d| d.letter.as_ref())
                        .and_then(|letter| text(letter.what_happened.clone()))
                        .or_else(|| text(how.clone()))
                } else {
                    // The telling's category when it was recorded with
                    // one; else the DPO's to add.
                    channel.and_then(|channel| {
                        choice(match channel {
                            NoticeChannel::Individual => "a",
                            NoticeChannel::Public => "b",
                            NoticeChannel::Other => "c",
                        })
                    })
                }
            }
            _ => return na,
        },
        // The DPO's to say: Brud's form does not ask these.
        14 | 63 | 75 | 76 | 87 | 94 | 109 | 110 => None,
        // Only when the DPO says other authorities were told (110: yes).
        111 => {
            return match answers.get(&110) {
                Some(Answer::Choices(keys)) if keys.iter().any(|k| k == "a") => Ok(None),
                _ => na,
            }
        }
        _ => None,
    })
}

fn count_key(count: &Count) -> &'static str {
    match count.precision {
        CountPrecision::Exact => "a",
        CountPrecision::Approximate => "b",
        CountPrecision::Unknown => "c",
    }
}

/// Brud's kinds of incident as the template's (field 60).
fn incident_key(incident: IncidentType) -> &'static str {
    match incident {
        IncidentType::MisdirectedEmail
        | IncidentType::MisdirectedMessage
        | IncidentType::MisdirectedPost => "r",
        IncidentType::LostDevice | IncidentType::StolenDevice => "i",
        IncidentType::LostPaper | IncidentType::StolenPaper => "o",
        IncidentType::HackedAccount | IncidentType::UnauthorisedAccess => "f",
        IncidentType::Phishing => "d",
        IncidentType::Malware => "c",
        IncidentType::Ransomware => "b",
        IncidentType::PublishedByMistake => "v",
        IncidentType::SystemError => "t",
        IncidentType::Other => "y",
    }
}

/// Brud's categories of data as the template's (field 70).
fn data_key(category: DataCategory) -> &'static str {
    match category {
        DataCategory::Identity => "a",
        DataCategory::Contact => "b",
        DataCategory::Cpr => "n",
        DataCategory::Credentials => "s",
        DataCategory::Financial => "l",
        DataCategory::Health => "k",
        DataCategory::Special => "f",
        DataCategory::Criminal => "d",
        DataCategory::Location => "o",
        DataCategory::Social | DataCategory::School | DataCategory::Images => "u",
    }
}

/// The likely consequences as the template's impacts (field 85).
fn impact_key(consequence: Consequence) -> &'static str {
    match consequence {
        Consequence::IdentityTheft => "d",
        Consequence::Fraud => "e",
        Consequence::Discrimination => "c",
        Consequence::Reputation => "h",
        Consequence::Financial => "f",
        Consequence::ProfessionalSecrecy => "i",
        Consequence::Physical => "l",
        _ => "n",
    }
}

/// The notification of the case in `ctx` as the template's structure: each
/// mapped field known from the case, added by the DPO (`notifying.answers`,
/// which never replace what the case knows), missing, or not applicable;
/// `missing` lists the mandatory fields that still lack an answer. Field 4
/// says complete when `notifying.complete` says so, or when it is `None`
/// and nothing mandatory is missing nor a fact the case holds it
/// preliminary for.
pub fn notification(ctx: &TextContext<'_>, notifying: &Notifying<'_>) -> TemplateNotification {
    let lang = ctx.lang;
    let report = ctx.masked_report();
    let no_answers = Answers::new();
    let answers = ctx.decided.map_or(&no_answers, |d| &d.template_answers);
    let mut missing = Vec::new();
    let mut sections: Vec<FilledSection> = Vec::new();
    for def in FIELDS {
        let (status, value) = match known(def.id, ctx, &report, notifying, answers) {
            Err(()) => (FieldStatus::NotApplicable, None),
            Ok(Some(value)) => (FieldStatus::Known, Some(value)),
            Ok(None) => match answers.get(&def.id) {
                Some(answer) => (FieldStatus::AddedByDpo, Some(answer.clone())),
                None => (FieldStatus::DpoMustAdd, None),
            },
        };
        if status == FieldStatus::DpoMustAdd && def.id != 4 && def.mandatory != Mandatory::No {
            missing.push(def.id);
        }
        let (kind, options) = match def.kind {
            FieldKind::Choice(options) => ("choice", options),
            FieldKind::Choices(options) => ("choices", options),
            FieldKind::Text => ("text", &[][..]),
            FieldKind::Number => ("number", &[][..]),
            FieldKind::DateTime => ("date_time", &[][..]),
            FieldKind::Flag => ("flag", &[][..]),
        };
        let answerable = matches!(status, FieldStatus::DpoMustAdd | FieldStatus::AddedByDpo);
        let filled = FilledField {
            field: def.id,
            label: def.label.to_string(),
            label_da: def.label_da.to_string(),
            mandatory: def.mandatory,
            status,
            value_labels: labels(def, value.as_ref(), lang),
            value,
            kind: kind.to_string(),
            options: options
                .iter()
                .filter(|_| answerable)
                .map(|(key, en, da)| (key.to_string(), lang.pick(da, en).to_string()))
                .collect(),
        };
        match sections.last_mut() {
            Some(section) if section.section == def.section => section.fields.push(filled),
            _ => {
                let (_, da, en) = SECTIONS
                    .iter()
                    .find(|(number, _, _)| *number == def.section)
                    .copied()
                    .unwrap_or((def.section, def.section, def.section));
                sections.push(FilledSection {
                    section: def.section.to_string(),
                    title_da: da.to_string(),
                    title_en: en.to_string(),
                    fields: vec![filled],
                });
            }
        }
    }
    // Complete when nothing mandatory is missing and the case knows the
    // facts Datatilsynet asks for (else it holds the notification
    // preliminary: `Decided::preliminary`).
    let preliminary = ctx
        .decided
        .and_then(|d| d.preliminary.as_ref())
        .is_some_and(|p| !p.missing.is_empty());
    let complete = notifying
        .complete
        .unwrap_or(missing.is_empty() && !preliminary);
    // Field 4, now that the rest is known.
    let sub_type = sections
        .iter_mut()
        .flat_map(|s| s.fields.iter_mut())
        .find(|f| f.field == 4);
    if let (Some(sub_type), Some(def)) = (sub_type, field(4)) {
        sub_type.status = FieldStatus::Known;
        sub_type.value = choice(if complete { "a" } else { "b" });
        sub_type.value_labels = labels(def, sub_type.value.as_ref(), lang);
    }
    TemplateNotification {
        template: TEMPLATE.to_string(),
        template_version: TEMPLATE_VERSION.to_string(),
        reference: ctx.reference.unwrap_or_default().to_string(),
        notification: notifying.which,
        complete,
        sections,
        missing,
        made: None,
        notifications_made: 0,
    }
}

fn labels(def: &FieldDef, value: Option<&Answer>, lang: Language) -> Vec<String> {
    let options = match def.kind {
        FieldKind::Choice(options) | FieldKind::Choices(options) => options,
        _ => return Vec::new(),
    };
    match value {
        Some(Answer::Choices(keys)) => keys
            .iter()
            .filter_map(|key| {
                options
                    .iter()
                    .find(|(k, _, _)| k == key)
                    .map(|(_, en, da)| lang.pick(da, en).to_string())
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The JSON Schema of [`TemplateNotification`] (what `…/notification.json`
/// gives), pretty-printed, ending in a newline; kept as
/// `public/schema/edpb-notification.v1.json`.
pub fn schema_json() -> String {
    let mut schema = schemars::schema_for!(TemplateNotification);
    schema.insert(
        "title".into(),
        serde_json::Value::String(format!(
            "Brud: a case's notification as the {TEMPLATE}, version {TEMPLATE_VERSION}"
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
