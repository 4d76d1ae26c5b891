//! Seeds an organisation's register for the desk's benchmark
//! (`scripts/bench-desk`): prints SQL that stores `COUNT` reports of
//! organisation `ORG`, each with its case as the Worker writes it: the
//! domain's whole write of each event ([`brud_case::write`], signed with
//! the local stack's log key) as the store's own statements
//! ([`brud_store`], written out with their values), to load with `sqlite3`
//! or `wrangler d1 execute --file`.
//!
//! `brud-seed-cases ORG COUNT [YEARS] < report.json > seed.sql`, the
//! report being `scripts/example-report ORG`'s. Cases are spread evenly
//! from the start of the year YEARS - 1 years ago (default 1: this year)
//! until an hour ago, numbered per year as the Worker numbers them, with four incident types in turn; those received more than 30
//! days ago are decided and closed, so the list has open and closed cases,
//! met and not required deadlines.

use brud_case::entries::{
    AuthorityNotified, Closed, ControllerNotified, NotNotified, SubjectsTold,
};
use std::io::{Read, Write};

use brud_case::chain::{CaseIds, LogHead, Signature};
use brud_case::write::{self, CaseWrite, Entry, OnFile, SignedWrite};
use brud_case::{Actor, EventKind};
use brud_shared::model::{IncidentType, Report};
use brud_shared::reference::Reference;
use brud_shared::time::{to_copenhagen, Timestamp};
use brud_shared::webhook::sha256_hex;
use brud_shared::{assess, OrgProfile};
use brud_store::reports::{insert_statement, NewReport};
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};

/// `head` signed with the local stack's log key, as its Worker signs.
fn sign(head: &LogHead) -> Signature {
    brud_e2e::sign_log_head(head)
}

fn signed(write: CaseWrite) -> SignedWrite {
    let signature = sign(&write.head());
    write.signed(signature)
}

const INCIDENTS: [IncidentType; 4] = [
    IncidentType::MisdirectedMessage,
    IncidentType::MisdirectedEmail,
    IncidentType::MisdirectedPost,
    IncidentType::LostPaper,
];

/// The next event of the case `on_file`, written by the domain; panics on
/// a refusal (the seed is meant to be valid).
fn next(on_file: &OnFile, org: &OrgProfile, at: DateTime<Utc>, kind: EventKind) -> SignedWrite {
    let entry = Entry {
        actor: Actor::Person("dpo@demo.example".into()),
        role: Some(brud_shared::org::StaffRole::Dpo),
        at,
        kind,
        client_event_id: None,
    };
    signed(write::record(on_file, entry, org).unwrap_or_else(|p| panic!("{p:?}")))
}

/// The case after `write`, as its next writer reads it.
fn on_file(write: &SignedWrite) -> OnFile {
    OnFile {
        ids: write.write.ids.clone(),
        year: write.write.year,
        case: write.write.case.clone(),
        last_hash: write.write.event.hash.clone(),
    }
}

/// The writes after the opening `opened` of a case received at
/// `received`, decided and closed a few days later.
fn handled(opened: &SignedWrite, org: &OrgProfile, received: DateTime<Utc>) -> Vec<SignedWrite> {
    let at = received + Duration::hours(20);
    let mut done: Vec<SignedWrite> = Vec::new();
    let current = |done: &Vec<SignedWrite>| on_file(done.last().unwrap_or(opened));
    let case = &opened.write.case;
    let decision = if case.assessment.obligations.notify_authority.required {
        EventKind::AuthorityNotified(AuthorityNotified {
            notified_at: at,
            authority_reference: format!("2026-431-{:04}", received.ordinal()),
            complete: true,
            late_reason: None,
            more_promised_by: None,
        })
    } else {
        EventKind::NotNotified(NotNotified {
            reasoning: "Ingen risiko: modtageren har slettet beskeden.".into(),
        })
    };
    done.push(next(&current(&done), org, at, decision));
    let now = current(&done);
    if now.case.assessment.obligations.notify_subjects.required && now.case.subjects.is_none() {
        let told = EventKind::SubjectsTold(SubjectsTold {
            told_at: at,
            how: "Brev i Aula".into(),
            count: 2,
            channel: None,
        });
        done.push(next(&now, org, at, told));
    }
    let now = current(&done);
    if now.case.assessment.obligations.notify_controller.required {
        let told = EventKind::ControllerNotified(ControllerNotified { notified_at: at });
        done.push(next(&now, org, at, told));
    }
    let now = current(&done);
    let lessons = EventKind::Closed(Closed {
        lessons: "Tjek modtageren før afsendelse.".into(),
    });
    done.push(next(&now, org, at + Duration::days(3), lessons));
    done
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(org_id), Some(count)) = (args.next(), args.next().and_then(|n| n.parse().ok()))
    else {
        eprintln!("usage: brud-seed-cases ORG COUNT [YEARS] < report.json > seed.sql");
        std::process::exit(2);
    };
    let count: u32 = count;
    let years: i32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1);
    let directory = brud_config::builtin().expect("config/orgs.toml");
    let org = directory.get(&org_id).expect("a configured organisation");
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let base: Report = serde_json::from_str(&input).expect("a report on stdin");

    let now = Utc::now();
    let this_year = to_copenhagen(now).year();
    let start = Utc
        .with_ymd_and_hms(this_year - years + 1, 1, 1, 8, 0, 0)
        .unwrap();
    let span = (now - Duration::hours(1) - start).num_seconds().max(1);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let (mut year, mut number) = (0, 0);
    for index in 1..=count {
        let received = start + Duration::seconds(span * i64::from(index) / i64::from(count));
        // Numbered per year, as the Worker numbers them.
        let received_year = to_copenhagen(received).year();
        if received_year != year {
            (year, number) = (received_year, 0);
        }
        number += 1;
        let mut report = base.clone();
        report.id = format!("5eed0000-0000-4000-8000-{index:012x}");
        report.nature.incident = Some(INCIDENTS[index as usize % INCIDENTS.len()]);
        report.nature.description = Some(format!(
            "Sag {index}: en besked gik til den forkerte forælder."
        ));
        report.timeline.aware_at = Some(Timestamp::from(received - Duration::hours(2)));
        report.late_reason = None;
        let assessment = assess(&report, Some(org), received);
        let reference = Reference {
            short_code: org.short_code.clone(),
            year,
            number,
        }
        .to_string();
        let report_json = serde_json::to_string(&report).unwrap();
        let body_sha256 = sha256_hex(report_json.as_bytes());
        let assessment_json = serde_json::to_string(&assessment).unwrap();
        let new = NewReport {
            id: &report.id,
            org: &org.id,
            year,
            short_code: &org.short_code,
            body_sha256: &body_sha256,
            report_json: &report_json,
            assessment_json: &assessment_json,
            received_at: received,
            contact_salt: None,
        };
        let mut statements = vec![insert_statement(&new, number)];
        let ids = CaseIds {
            org: org.id.clone(),
            reference,
            case_id: report.id.clone(),
        };
        let opened = signed(write::open(
            &ids,
            year,
            write::Opening {
                report: report.clone(),
                assessment,
                received_at: received,
                contact_salt: None,
                by_mail: false,
            },
            org,
        ));
        let mut writes = Vec::new();
        if received < now - Duration::days(30) {
            writes = handled(&opened, org, received);
        }
        // Each event; the row and the words as the last one left them (each
        // event's write replaces the last's); no notice left in the outbox.
        let last = writes.last().unwrap_or(&opened);
        for write in std::iter::once(&opened).chain(&writes) {
            statements.push(brud_store::cases::event_statement(write));
        }
        statements.push(brud_store::cases::row_statement(last).unwrap());
        statements.extend(brud_store::cases::words_statements(last));
        // Delivered, as the Worker's queue would have.
        statements.push(
            brud_store::Statement::new(
                "UPDATE reports SET status = 'delivered', attempts = 1, delivered_at = ?2 WHERE id = ?1",
            )
            .bind(&report.id)
            .bind(received),
        );
        for statement in statements {
            writeln!(out, "{}", statement.inlined()).unwrap();
        }
    }
}
