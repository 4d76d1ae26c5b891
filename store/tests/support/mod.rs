//! What the store's tests share: a migrated SQLite database, reports of
//! the schools' own kinds stored with their cases as the Worker stores
//! them (the domain's write, signed by a stand-in for the log key), and
//! entries recorded through the domain. Every time is set by the test.
#![allow(dead_code)]

#[path = "../../../shared/tests/common/mod.rs"]
pub mod reports;

use std::future::Future;

use brud_case::chain::{CaseIds, Signature};
use brud_case::write::{self, Entry, Refused, SignedWrite};
use brud_case::{Actor, EventKind};
use brud_shared::webhook::sha256_hex;
use brud_shared::{assess, OrgProfile, Report};
use brud_store::cases::{self, Appended};
use brud_store::reports::{insert_with_case_and, NewReport, Stored};
use brud_store::sqlite::Sqlite;
use brud_store::{Statement, StoreError};
use chrono::{DateTime, Utc};

#[allow(unused_imports)] // Not every test binary uses both.
pub use reports::{at, org};

/// Runs a store call (SQLite's futures are ready at once).
pub fn block<F: Future>(future: F) -> F::Output {
    pollster::block_on(future)
}

/// A fresh database with every migration applied.
pub fn db() -> Sqlite {
    Sqlite::migrated().expect("the migrations apply")
}

/// What the log key's signature stands in for here: the store keeps it,
/// never checks it.
pub fn signature() -> Signature {
    Signature {
        key: "test-key".into(),
        value: "c2lnbmVk".into(),
    }
}

/// The `n`th report id of a test.
pub fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// `report` as `n`th of its school, aware `aware` (RFC 3339).
pub fn numbered(mut report: Report, n: u32, aware: &str) -> Report {
    report.id = id(n);
    report.timeline.aware_at = Some(aware.parse().unwrap());
    report
}

/// The misdirected Aula message of `org`'s, the `n`th, aware at `aware`.
pub fn aula(org: &str, n: u32, aware: &str) -> Report {
    let mut report = numbered(reports::misdirected_aula(), n, aware);
    report.org = org.to_string();
    report
}

/// Stores `report` with its case as the Worker does, received at
/// `received` (RFC 3339): its reference and the signed write of the
/// opening (`None` when the id was stored before).
pub fn receive(db: &Sqlite, report: &Report, received: &str) -> Option<(String, SignedWrite)> {
    match try_receive(db, report, received).expect("stored") {
        Stored::New(signed) => Some((signed.write.ids.reference.clone(), *signed)),
        Stored::Existing => None,
    }
}

/// [`receive`], with the store's answer.
pub fn try_receive(db: &Sqlite, report: &Report, received: &str) -> Result<Stored, StoreError> {
    try_receive_and(db, report, received, None)
}

/// [`try_receive`] with `also` in the same transaction (a held report let
/// go), unwrapped.
pub fn receive_releasing(
    db: &Sqlite,
    report: &Report,
    received: &str,
    also: Option<Statement>,
) -> Stored {
    try_receive_and(db, report, received, also).expect("stored")
}

fn try_receive_and(
    db: &Sqlite,
    report: &Report,
    received: &str,
    also: Option<Statement>,
) -> Result<Stored, StoreError> {
    let received: DateTime<Utc> = received.parse().unwrap();
    let org = org(&report.org);
    let assessment = assess(report, Some(&org), received);
    let json = serde_json::to_string(report).unwrap();
    let sha = sha256_hex(json.as_bytes());
    let assessment_json = serde_json::to_string(&assessment).unwrap();
    let year = brud_shared::time::to_copenhagen(received)
        .format("%Y")
        .to_string();
    let new = NewReport {
        id: &report.id,
        org: &org.id,
        year: year.parse().unwrap(),
        short_code: &org.short_code,
        body_sha256: &sha,
        report_json: &json,
        assessment_json: &assessment_json,
        received_at: received,
        contact_salt: Some("salt"),
    };
    block(insert_with_case_and(db, &new, also, |_, reference| {
        let ids = CaseIds {
            org: org.id.clone(),
            reference,
            case_id: report.id.clone(),
        };
        let write = write::open(
            &ids,
            new.year,
            write::Opening {
                report: report.clone(),
                assessment: assessment.clone(),
                received_at: received,
                contact_salt: Some("salt"),
                by_mail: false,
            },
            &org,
        );
        async { Ok::<_, StoreError>(write.signed(signature())) }
    }))
}

/// Records `kind` by `who` at `when` on the case `reference` of `org`
/// through the domain, signed and appended: what the store says, or the
/// domain's refusal.
pub fn record(
    db: &Sqlite,
    org: &OrgProfile,
    reference: &str,
    who: Actor,
    when: &str,
    kind: EventKind,
) -> Result<Appended, Refused> {
    let loaded = block(cases::load(db, org, reference))
        .expect("read")
        .expect("the case exists");
    let role = match &who {
        Actor::System => None,
        Actor::Person(email) => org.role_of(email),
    };
    let entry = Entry {
        actor: who,
        role,
        at: when.parse().unwrap(),
        kind,
        client_event_id: None,
    };
    let write = write::record(&loaded.on_file, entry, org)?;
    Ok(block(cases::append(db, &write.signed(signature()), Vec::new())).expect("appended"))
}

/// The DPO of the school.
pub fn dpo(org: &OrgProfile) -> Actor {
    let email = org
        .staff
        .iter()
        .find(|s| s.role == brud_shared::org::StaffRole::Dpo)
        .map(|s| s.email.clone())
        .unwrap_or_else(|| org.dpo.email.clone());
    Actor::Person(email)
}
