//! Realistic school reports for the tests: each is a complete, valid report
//! unless a test changes it.
#![allow(dead_code)]

use brud_shared::model::*;
use brud_shared::{Language, OrgProfile};
use chrono::{DateTime, Utc};

/// "Now" in the tests: Sunday 22 November 2026, 12:00 UTC.
pub fn now() -> DateTime<Utc> {
    at("2026-11-22T12:00:00Z")
}

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

pub fn ts(text: &str) -> brud_shared::time::Timestamp {
    text.parse().unwrap()
}

pub fn org(id: &str) -> OrgProfile {
    brud_config::builtin().unwrap().get(id).unwrap().clone()
}

fn text(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// The API.md example: an Aula message about a pupil's PPR referral sent to
/// the parents of another pupil, who deleted it.
pub fn misdirected_aula() -> Report {
    let mut r = Report::new_draft(
        "0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d",
        "zahles",
        Language::Da,
    );
    r.reporter = Reporter {
        name: text("Anne Jensen"),
        role: Some(ReporterRole::Employee),
        email: text("anne@example.dk"),
        phone: None,
    };
    r.timeline = Timeline {
        occurred: Some(Occurred {
            precision: OccurredPrecision::Exact,
            at: Some(ts("2026-11-20T08:15:00+01:00")),
            from: None,
            to: None,
        }),
        ongoing: Some(false),
        aware_at: Some(ts("2026-11-20T09:30:00+01:00")),
        discovered_by: Some(DiscoveredBy::Employee),
        discovery: text("Modtageren ringede til kontoret."),
    };
    r.nature = Nature {
        confidentiality: true,
        integrity: false,
        availability: false,
        incident: Some(IncidentType::MisdirectedMessage),
        cause: Some(Cause::HumanError),
        description: text(
            "En Aula-besked om en elevs PPR-henvisning gik til forældrene til en anden elev.",
        ),
    };
    r.containment = Containment {
        stopped: Some(Stopped::Yes),
        how: text("Modtageren bekræftede i telefonen, at beskeden er slettet."),
        planned: text("Sletningen bekræftes skriftligt."),
        prevention: text("Personalet er mindet om at tjekke modtagere før afsendelse."),
    };
    r.data = Data {
        subjects: vec![SubjectCategory::Pupils, SubjectCategory::Parents],
        minors: Some(true),
        vulnerable: Some(false),
        subject_count: Some(Count::exact(3)),
        record_count: Some(Count::approximate(1)),
        categories: vec![
            DataCategory::Identity,
            DataCategory::Contact,
            DataCategory::Health,
        ],
    };
    r.circumstances = Circumstances {
        recipients: Some(Recipients::Known),
        recipient_bound_by_confidentiality: Some(false),
        unintelligible: Some(false),
        recovered: Some(true),
        integrity_recoverable: None,
        availability_loss: None,
        backup: None,
        unavailable_for: None,
        exfiltration: None,
        malicious: Some(false),
        encrypted: None,
    };
    r.consequences = vec![Consequence::Reputation, Consequence::Distress];
    r.role = Some(Role::Controller);
    r.handling = Handling {
        leader_informed: Some(true),
        leader_name: text("Palle Vang"),
        handler: text("Palle Vang"),
    };
    r
}

/// An Aula message with only a meeting time and the parents' names and
/// e-mail addresses sent to one wrong parent.
pub fn misdirected_meeting_invitation() -> Report {
    let mut r = misdirected_aula();
    r.nature.description =
        text("En mødeindkaldelse til et forældremøde gik til en forkert forælder.");
    r.data.categories = vec![DataCategory::Identity, DataCategory::Contact];
    r.data.subjects = vec![SubjectCategory::Parents];
    r.data.minors = Some(false);
    r.data.subject_count = Some(Count::exact(2));
    r.consequences = vec![];
    r
}

/// An unencrypted USB stick with 25 pupils' pupil plans lost on the bus.
pub fn lost_usb_stick() -> Report {
    let mut r = misdirected_aula();
    r.org = "aalborg-kulturskole".into();
    r.nature.incident = Some(IncidentType::LostDevice);
    r.nature.description =
        text("En ukrypteret USB-nøgle med elevplaner for et hold blev glemt i bussen.");
    r.containment = Containment {
        stopped: Some(Stopped::Partly),
        how: text("Busselskabet er kontaktet; nøglen er ikke fundet."),
        planned: text("Vi spørger igen hos hittegodskontoret i næste uge."),
        prevention: text("USB-nøgler må ikke bruges; elevplaner ligger kun i det fælles system."),
    };
    r.data.categories = vec![DataCategory::Identity, DataCategory::School];
    r.data.subjects = vec![SubjectCategory::Pupils];
    r.data.subject_count = Some(Count::exact(25));
    r.data.record_count = Some(Count::exact(25));
    r.circumstances = Circumstances {
        recipients: Some(Recipients::None),
        recipient_bound_by_confidentiality: None,
        unintelligible: Some(false),
        recovered: None,
        integrity_recoverable: None,
        availability_loss: None,
        backup: None,
        unavailable_for: None,
        exfiltration: None,
        malicious: Some(false),
        encrypted: None,
    };
    r.consequences = vec![Consequence::Distress, Consequence::LossOfControl];
    r
}

/// A teacher gave away the Office 365 password in a phishing mail; the
/// attacker read the mailbox and sent spam from it.
pub fn phished_office365() -> Report {
    let mut r = misdirected_aula();
    r.nature.incident = Some(IncidentType::Phishing);
    r.nature.cause = Some(Cause::MaliciousExternal);
    r.nature.description = text(
        "En lærer indtastede sin adgangskode på en falsk loginside. Kontoen sendte derefter spam.",
    );
    r.containment = Containment {
        stopped: Some(Stopped::Yes),
        how: text("Adgangskoden er skiftet, og alle sessioner er logget ud."),
        planned: text("IT gennemgår loggen for, hvilke mails der er læst."),
        prevention: text("To-faktor-login slås til for alle ansatte."),
    };
    r.data.categories = vec![
        DataCategory::Credentials,
        DataCategory::Identity,
        DataCategory::Contact,
        DataCategory::School,
    ];
    r.data.subjects = vec![
        SubjectCategory::Pupils,
        SubjectCategory::Parents,
        SubjectCategory::Staff,
    ];
    r.data.subject_count = Some(Count::approximate(60));
    r.data.record_count = Some(Count::unknown());
    r.circumstances = Circumstances {
        recipients: Some(Recipients::Unknown),
        recipient_bound_by_confidentiality: None,
        unintelligible: Some(false),
        recovered: Some(false),
        integrity_recoverable: None,
        availability_loss: None,
        backup: None,
        unavailable_for: None,
        exfiltration: None,
        malicious: Some(true),
        encrypted: None,
    };
    r.consequences = vec![Consequence::LossOfControl, Consequence::Distress];
    r
}

/// A BitLocker-encrypted laptop stolen from a car; everything is in the
/// cloud as well.
pub fn stolen_encrypted_laptop() -> Report {
    let mut r = misdirected_aula();
    r.nature.incident = Some(IncidentType::StolenDevice);
    r.nature.cause = Some(Cause::MaliciousExternal);
    r.nature.availability = true;
    r.nature.description = text("En krypteret bærbar (BitLocker) blev stjålet fra en bil. Koden var ikke opbevaret sammen med den.");
    r.containment = Containment {
        stopped: Some(Stopped::Yes),
        how: text("Computeren er spærret og fjernet fra skolens systemer."),
        planned: text("Politianmeldelse er sendt."),
        prevention: text("Personalet mindes om ikke at efterlade udstyr i biler."),
    };
    r.data.categories = vec![
        DataCategory::Identity,
        DataCategory::School,
        DataCategory::Health,
    ];
    r.data.subject_count = Some(Count::approximate(120));
    r.circumstances = Circumstances {
        recipients: Some(Recipients::Unknown),
        recipient_bound_by_confidentiality: None,
        unintelligible: Some(true),
        recovered: Some(false),
        integrity_recoverable: None,
        availability_loss: Some(AvailabilityLoss::Temporary),
        backup: Some(true),
        unavailable_for: Some(Unavailability::Hours),
        exfiltration: None,
        malicious: Some(true),
        encrypted: None,
    };
    r.consequences = vec![];
    r
}

/// Ransomware encrypted the shared drive with pupils' records. With a
/// backup it was restored the same day, and logs show nothing was copied.
pub fn ransomware(backup: bool) -> Report {
    let mut r = misdirected_aula();
    r.nature = Nature {
        confidentiality: false,
        integrity: false,
        availability: true,
        incident: Some(IncidentType::Ransomware),
        cause: Some(Cause::MaliciousExternal),
        description: text("Ransomware krypterede skolens fællesdrev med elevmapper."),
    };
    r.containment = Containment {
        stopped: Some(Stopped::Yes),
        how: text("Den ramte server blev taget af nettet."),
        planned: text(if backup {
            "Drevet er genskabt fra nattens backup."
        } else {
            "Vi undersøger, om noget kan genskabes."
        }),
        prevention: text("Opdateringer og segmentering af netværket."),
    };
    r.data.categories = vec![
        DataCategory::Identity,
        DataCategory::School,
        DataCategory::Health,
    ];
    r.data.subject_count = Some(Count::approximate(400));
    r.data.record_count = Some(Count::approximate(10_000));
    r.circumstances = Circumstances {
        recipients: None,
        recipient_bound_by_confidentiality: None,
        unintelligible: None,
        recovered: None,
        integrity_recoverable: None,
        availability_loss: Some(if backup {
            AvailabilityLoss::Temporary
        } else {
            AvailabilityLoss::Permanent
        }),
        backup: Some(backup),
        unavailable_for: Some(if backup {
            Unavailability::Hours
        } else {
            Unavailability::Longer
        }),
        exfiltration: Some(Exfiltration::RuledOut),
        malicious: Some(true),
        encrypted: None,
    };
    r.consequences = vec![];
    r
}

/// Zahles runs the sign-up for a summer camp on behalf of a sports club
/// (the controller); the list with allergies was mailed to the wrong club.
pub fn processor_case() -> Report {
    let mut r = misdirected_aula();
    r.nature.incident = Some(IncidentType::MisdirectedEmail);
    r.nature.description =
        text("Tilmeldingslisten til sommerlejren med allergier blev mailet til en forkert klub.");
    r.data.categories = vec![DataCategory::Identity, DataCategory::Health];
    r.data.subject_count = Some(Count::exact(40));
    r.role = Some(Role::Processor);
    r.controller = Some(Controller {
        name: text("Idrætsforeningen Nørre"),
        contact: text("formand@idraet.example"),
    });
    r
}

/// A spreadsheet with pupils' names and CPR numbers published on the
/// public website by mistake.
pub fn published_cpr_list() -> Report {
    let mut r = misdirected_aula();
    r.nature.incident = Some(IncidentType::PublishedByMistake);
    r.nature.description =
        text("Et regneark med elevernes navne og CPR-numre lå på skolens hjemmeside i to dage.");
    r.containment.how = text("Filen er fjernet, og søgemaskinerne er bedt om at fjerne den.");
    r.data.categories = vec![DataCategory::Identity, DataCategory::Cpr];
    r.data.subjects = vec![SubjectCategory::Pupils];
    r.data.subject_count = Some(Count::exact(28));
    r.circumstances.recipients = Some(Recipients::Public);
    r.circumstances.recovered = Some(false);
    r.consequences = vec![];
    r
}
