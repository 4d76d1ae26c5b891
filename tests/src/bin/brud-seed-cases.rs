//! Seeds an organisation's register for the desk's benchmark
//! (`scripts/bench-desk`): prints SQL that stores `COUNT` reports of
//! organisation `ORG` this year, each with its case as the Worker would
//! have written it (the log hashed by the domain, the stored row from
//! [`StoredRow`]), to load with `wrangler d1 execute --file`.
//!
//! `brud-seed-cases ORG COUNT [YEARS] < report.json > seed.sql`, the
//! report being `scripts/example-report ORG`'s. Cases are spread evenly
//! from the start of the year YEARS - 1 years ago (default 1: this year)
//! until an hour ago, numbered per year as the Worker numbers them, with four incident types in turn; those received more than 30
//! days ago are decided and closed, so the list has open and closed cases,
//! met and not required deadlines.

use std::io::{Read, Write};

use brud_case::chain::{canonical, link, GENESIS};
use brud_case::control::ControlFacts;
use brud_case::summary::{search_words, StoredRow};
use brud_case::{apply, opening, Actor, Case, Event, EventKind, SubjectsOutcome};
use brud_shared::model::{IncidentType, Report};
use brud_shared::reference::Reference;
use brud_shared::time::{to_copenhagen, Timestamp};
use brud_shared::webhook::sha256_hex;
use brud_shared::{assess, OrgProfile};
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};

/// A SQL string literal.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn millis(at: Option<DateTime<Utc>>) -> String {
    at.map_or("NULL".into(), |at| at.timestamp_millis().to_string())
}

const INCIDENTS: [IncidentType; 4] = [
    IncidentType::MisdirectedMessage,
    IncidentType::MisdirectedEmail,
    IncidentType::MisdirectedPost,
    IncidentType::LostPaper,
];

/// The next event of `case`, applied; panics on a refusal (the seed is
/// meant to be valid).
fn next(case: &Case, org: &OrgProfile, at: DateTime<Utc>, kind: EventKind) -> (Event, Case) {
    let event = Event {
        sequence: case.sequence + 1,
        at,
        actor: Actor::Person("dpo@demo.example".into()),
        kind,
    };
    let after = apply(case, &event, Some(org)).unwrap_or_else(|p| panic!("{p:?}"));
    (event, after)
}

/// The events after the opening of a case received at `received`, decided
/// and closed a few days later.
fn handled(case: &Case, org: &OrgProfile, received: DateTime<Utc>) -> Vec<(Event, Case)> {
    let mut done: Vec<(Event, Case)> = Vec::new();
    let at = received + Duration::hours(20);
    let current = |done: &Vec<(Event, Case)>| done.last().map_or(case.clone(), |(_, c)| c.clone());
    let decision = if case.assessment.obligations.notify_authority.required {
        EventKind::AuthorityNotified {
            notified_at: at,
            authority_reference: format!("2026-431-{:04}", received.ordinal()),
            complete: true,
            late_reason: None,
        }
    } else {
        EventKind::NotNotified {
            reasoning: "Ingen risiko: modtageren har slettet beskeden.".into(),
        }
    };
    done.push(next(case, org, at, decision));
    let now = current(&done);
    if now.assessment.obligations.notify_subjects.required && now.subjects.is_none() {
        let told = EventKind::SubjectsTold {
            told_at: at,
            how: "Brev i Aula".into(),
            count: 2,
        };
        done.push(next(&now, org, at, told));
    }
    let now = current(&done);
    if now.assessment.obligations.notify_controller.required {
        done.push(next(
            &now,
            org,
            at,
            EventKind::ControllerNotified { notified_at: at },
        ));
    }
    let now = current(&done);
    let lessons = EventKind::Closed {
        lessons: "Tjek modtageren før afsendelse.".into(),
    };
    done.push(next(&now, org, at + Duration::days(3), lessons));
    debug_assert!(matches!(
        current(&done).subjects,
        None | Some(SubjectsOutcome::Told { .. } | SubjectsOutcome::Exception { .. })
    ));
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
        let assessment_json = serde_json::to_string(&assessment).unwrap();
        writeln!(
            out,
            "INSERT INTO reports (id, org, year, number, reference, body_sha256, report, assessment, received_at, status, attempts, delivered_at) VALUES ({}, {}, {year}, {number}, {}, {}, {}, {}, {}, 'delivered', 1, {});",
            quoted(&report.id),
            quoted(&org.id),
            quoted(&reference),
            quoted(&sha256_hex(report_json.as_bytes())),
            quoted(&report_json),
            quoted(&assessment_json),
            received.timestamp_millis(),
            received.timestamp_millis(),
        )
        .unwrap();

        let opened = Event {
            sequence: 1,
            at: received,
            actor: Actor::System,
            kind: opening(&report, &assessment, None),
        };
        let case = Case::open(report.clone(), assessment, received);
        let mut log = vec![(opened, case.clone())];
        if received < now - Duration::days(30) {
            log.extend(handled(&case, org, received));
        }
        let mut previous = GENESIS.to_string();
        for (event, _) in &log {
            let hash = link(&previous, event);
            writeln!(
                out,
                "INSERT INTO case_events (report_id, sequence, event, hash) VALUES ({}, {}, {}, {});",
                quoted(&report.id),
                event.sequence,
                quoted(&canonical(event)),
                quoted(&hash),
            )
            .unwrap();
            previous = hash;
        }
        let (last_event, last) = log.last().unwrap();
        let row = StoredRow::of(&report.id, &reference, last, Some(org), last_event.at);
        let control = ControlFacts::of(&reference, last, Some(org));
        writeln!(
            out,
            "INSERT INTO cases (report_id, org, year, reference, sequence, status, risk, deadline_at, outstanding, reminded, closed_at, contact_erased, search, summary, register, opened_at, control, control_class, control_listed, notify_minutes, words_kept) VALUES ({}, {}, {year}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, 1);",
            quoted(&report.id),
            quoted(&org.id),
            quoted(&reference),
            last.sequence,
            quoted(row.summary.status.as_str()),
            quoted(&row.risk),
            millis(row.summary.deadline),
            u8::from(row.summary.notification_outstanding()),
            row.reminded,
            millis(row.closed_at),
            u8::from(!row.holds_contact),
            quoted(&row.search),
            quoted(&serde_json::to_string(&row.summary).unwrap()),
            quoted(&serde_json::to_string(&row.register).unwrap()),
            millis(Some(last.opened_at)),
            quoted(&serde_json::to_string(&control).unwrap()),
            quoted(&serde_json::to_string(&control.class()).unwrap()),
            u8::from(control.is_listed()),
            control
                .minutes_to_notify()
                .map_or_else(|| "NULL".to_string(), |minutes| minutes.to_string()),
        )
        .unwrap();
        // The search index's words, as the Worker keeps them with the row.
        writeln!(
            out,
            "INSERT INTO case_words (word, report_id) SELECT value, {} FROM json_each({});",
            quoted(&report.id),
            quoted(&serde_json::to_string(&search_words(&row.search)).unwrap()),
        )
        .unwrap();
    }
}
