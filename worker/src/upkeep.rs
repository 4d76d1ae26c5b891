//! The scheduled run's work on cases: deadline reminders and retention.
//! The domain decides what is due ([`reminder_due`], [`retention_due`]);
//! this module asks D1 for the few cases that may concern it, rebuilds
//! each from its log and records what the domain says, as events of the
//! system. Logs name the case and what was done, never content.

use brud_case::entries::{FollowUpReminderSent, ReminderSent};
use brud_case::notice::{follow_up_reminder_due, reminder_due, reminder_due_at};
use brud_case::school_log::SchoolEntryKind;
use brud_case::write::Entry;
use brud_case::{retention_due, without_contact, Actor, EventKind, RetentionStep};
use brud_shared::OrgProfile;
use brud_store::cases::{self as stored, Loaded};
use brud_store::{control, reports, upkeep, words, Database, Statement};
use chrono::{DateTime, Duration, Utc};
use worker::{console_error, console_log, Env};

use crate::cases::{self, RecordError, Recorded, Writer};
use crate::error::ApiError;
use crate::high_water::Marks;
use crate::log_key::LogKey;
use crate::runtime::{db, directory};

/// How many cases one run looks at, per question: the run repeats every
/// few minutes, so a backlog drains over a few runs.
const BATCH: u32 = 200;

/// Records `kind` by the system at `now` on `loaded`, with `also` in the
/// same transaction. False when another writer came first (the next run
/// looks again); a refusal means the log broke the domain's rules.
async fn record(
    db: &impl Database,
    writer: &Writer<'_>,
    org: &OrgProfile,
    loaded: &Loaded,
    kind: EventKind,
    now: DateTime<Utc>,
    also: Vec<Statement>,
) -> Result<bool, ApiError> {
    let entry = Entry {
        actor: Actor::System,
        role: None,
        at: now,
        kind,
        client_event_id: None,
    };
    match cases::record(db, writer, org, loaded, entry, also).await {
        Ok(Recorded::Appended(_)) => Ok(true),
        Ok(Recorded::Lost) => Ok(false),
        Err(RecordError::Refused(_)) => Err(ApiError::Corrupt(format!(
            "{} refuses a system event",
            loaded.head.reference
        ))),
        Err(RecordError::Failed(error)) => Err(error),
    }
}

/// Records the deadline reminders due at `now` (each with its notice in
/// the outbox, sent by [`crate::notices::send_due`]). Returns how many. A
/// case that cannot be read (a log changed from outside) is logged and
/// passed over; the others still get theirs.
pub async fn remind(env: &Env, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let db = db(env)?;
    let candidates = upkeep::reminder_candidates(&db, now + Duration::hours(24), BATCH).await?;
    let marks = Marks::from_env(env);
    let mut recorded = 0;
    let mut key = None;
    for candidate in candidates {
        // The row is enough to skip a case with nothing due; only a case
        // with a reminder due has its log read.
        let (deadline, sent) = candidate.facts();
        if reminder_due_at(deadline, &sent, now).is_none() {
            continue;
        }
        let Some(org) = directory(env).get(&candidate.org) else {
            continue;
        };
        let key = match &key {
            Some(key) => key,
            None => key.insert(LogKey::from_env(env).await?),
        };
        let writer = Writer { key, marks: &marks };
        match remind_one(&db, &writer, org, &candidate.reference, now).await {
            Ok(true) => recorded += 1,
            Ok(false) => {}
            Err(error) => console_error!("reminder {}: {error:?}", candidate.reference),
        }
    }
    Ok(recorded)
}

async fn remind_one(
    db: &impl Database,
    writer: &Writer<'_>,
    org: &OrgProfile,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let Some(loaded) = stored::load(db, org, reference).await? else {
        return Ok(false);
    };
    let Some(reminder) = reminder_due(loaded.case(), now) else {
        return Ok(false);
    };
    let kind = EventKind::ReminderSent(ReminderSent { reminder });
    record(db, writer, org, &loaded, kind, now, Vec::new()).await
}

/// Records the follow-up reminders due at `now` (information promised to
/// Datatilsynet by a date that is tomorrow), each with its notice.
/// Returns how many.
pub async fn remind_follow_ups(env: &Env, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let db = db(env)?;
    let marks = Marks::from_env(env);
    let mut recorded = 0;
    let mut key = None;
    for (org_id, reference) in upkeep::follow_up_candidates(&db, now, BATCH).await? {
        let Some(org) = directory(env).get(&org_id) else {
            continue;
        };
        let Some(loaded) = stored::load(&db, org, &reference).await? else {
            continue;
        };
        let Some(promised_by) = follow_up_reminder_due(loaded.case(), now) else {
            continue;
        };
        let kind = EventKind::FollowUpReminderSent(FollowUpReminderSent { promised_by });
        let key = match &key {
            Some(key) => key,
            None => key.insert(LogKey::from_env(env).await?),
        };
        let writer = Writer { key, marks: &marks };
        match record(&db, &writer, org, &loaded, kind, now, Vec::new()).await {
            Ok(true) => recorded += 1,
            Ok(false) => {}
            Err(error) => console_error!("follow-up reminder {reference}: {error:?}"),
        }
    }
    Ok(recorded)
}

/// Cases whose search words one scheduled run keeps, of those written
/// before the word index (a municipality's 100,000 in about a day of runs
/// every five minutes; their text is searched as before until then).
const WORDS_PER_RUN: u32 = 400;

/// Keeps the search words of cases written before the word index; how
/// many it looked at.
pub async fn keep_words(env: &Env) -> Result<usize, ApiError> {
    Ok(words::keep_missing_words(&db(env)?, WORDS_PER_RUN).await?)
}

/// Cases one scheduled run gives a control class, of those written before
/// classes were kept (each a small update; the year's control report
/// reads every case whole until its cases have theirs).
const CLASSES_PER_RUN: u32 = 500;

/// Gives cases written before control classes were kept theirs; how many
/// it looked at.
pub async fn keep_classes(env: &Env) -> Result<usize, ApiError> {
    Ok(control::keep_missing_classes(&db(env)?, CLASSES_PER_RUN).await?)
}

/// Cases one scheduled run makes control facts for from their logs, of
/// those without (each a replay of one log).
const FACTS_PER_RUN: u32 = 200;

/// Makes the control facts of cases that have none from their logs; how
/// many it looked at.
pub async fn keep_facts(env: &Env) -> Result<usize, ApiError> {
    let directory = directory(env);
    Ok(control::keep_missing_facts(
        &db(env)?,
        |id| {
            directory
                .get(id)
                .cloned()
                .unwrap_or_else(|| OrgProfile::unconfigured(id))
        },
        FACTS_PER_RUN,
    )
    .await?)
}

/// What one retention run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Retained {
    /// Cases whose reporter's contact was erased.
    pub erased: usize,
    /// Cases deleted at the end of their retention period.
    pub deleted: usize,
}

/// Applies each organisation's retention at `now`: erases the reporter's
/// name and contact from the cases closed long enough (an event, the
/// stored report rewritten without them in the same transaction) and
/// deletes the cases whose register period is over ([`stored::delete`]).
/// Organisations no longer configured get the default policy
/// ([`OrgProfile::unconfigured`]).
pub async fn retain(env: &Env, now: DateTime<Utc>) -> Result<Retained, ApiError> {
    let db = db(env)?;
    let mut done = Retained::default();
    let directory = directory(env);
    // Without the key nothing can be erased (an erasure is an event), but
    // what is due for deletion still goes.
    let key = LogKey::from_env(env).await;
    if let Err(error) = &key {
        console_error!("retention: no erasures: {error:?}");
    }
    let key = key.ok();
    let marks = Marks::from_env(env);
    let retainer = Retainer {
        env,
        key: key.as_deref(),
        marks: &marks,
    };
    for org in &directory.orgs {
        retain_org(&db, &retainer, org, now, &mut done).await?;
    }
    // A school removed from the configuration: its cases age out by the
    // default policy instead of staying for ever.
    let configured: Vec<&str> = directory.orgs.iter().map(|o| o.id.as_str()).collect();
    for id in upkeep::unconfigured_orgs(&db, &configured).await? {
        let org = OrgProfile::unconfigured(&id);
        retain_org(&db, &retainer, &org, now, &mut done).await?;
    }
    Ok(done)
}

/// What retention writes with: the log key (none: no erasure), the marks.
struct Retainer<'a> {
    env: &'a Env,
    key: Option<&'a LogKey>,
    marks: &'a Marks,
}

/// Applies `org`'s retention at `now` to its closed cases, counting in `done`.
async fn retain_org(
    db: &impl Database,
    retainer: &Retainer<'_>,
    org: &OrgProfile,
    now: DateTime<Utc>,
    done: &mut Retained,
) -> Result<(), ApiError> {
    let retention = &org.retention;
    let erase_before = now - Duration::days(i64::from(retention.contact_days));
    // A year has at least 365 days: this takes in every case due, and
    // the domain's calendar check leaves the few days' surplus alone.
    let delete_before = now - Duration::days(365 * i64::from(retention.register_years));
    let references =
        upkeep::retention_candidates(db, &org.id, erase_before, delete_before, BATCH).await?;
    for reference in references {
        match retain_one(db, retainer, org, &reference, now).await {
            Ok(Some(RetentionStep::EraseContact)) => done.erased += 1,
            Ok(Some(RetentionStep::Delete)) => done.deleted += 1,
            Ok(None) => {}
            Err(error) => console_error!("retention {reference}: {error:?}"),
        }
    }
    Ok(())
}

/// The retention step taken on one case, if any.
async fn retain_one(
    db: &impl Database,
    retainer: &Retainer<'_>,
    org: &OrgProfile,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<Option<RetentionStep>, ApiError> {
    let Some(loaded) = stored::load(db, org, reference).await? else {
        return Ok(None);
    };
    match retention_due(loaded.case(), &org.retention, now) {
        None => Ok(None),
        Some(RetentionStep::EraseContact) => {
            let kept = without_contact(&loaded.case().report);
            let rewrite =
                reports::rewrite_report(&loaded.head.report_id, &serde_json::to_string(&kept)?);
            let kind = EventKind::ContactErased;
            let key = retainer
                .key
                .ok_or_else(|| ApiError::Internal("no log key".into()))?;
            let writer = Writer {
                key,
                marks: retainer.marks,
            };
            let erased = record(db, &writer, org, &loaded, kind, now, vec![rewrite]).await?;
            Ok(erased.then_some(RetentionStep::EraseContact))
        }
        Some(RetentionStep::Delete) => {
            let last = loaded.rows.last().map_or("", |row| row.hash.as_str());
            let events = loaded.case().sequence;
            // The deletion is signed into the school's own log in the same
            // transaction (without the key, it waits for the next run).
            let signed = crate::school_log::signed_school_entry(
                retainer.env,
                db,
                &org.id,
                SchoolEntryKind::CaseDeleted {
                    reference: reference.to_string(),
                    case_id: loaded.head.report_id.clone(),
                    events,
                    last_hash: last.to_string(),
                },
                "system",
                now,
            )
            .await?;
            let entry = control::school_log_statement(&org.id, &signed.entry)?;
            stored::delete(db, &loaded.head, events, last, now, vec![entry]).await?;
            signed.marked(retainer.env).await;
            // The files go with the case.
            crate::desk::attachments::forget(
                retainer.env,
                &org.id,
                &loaded.head.report_id,
                &loaded.case().attachments,
            )
            .await;
            console_log!("case {} {reference}: deleted (retention)", org.id);
            Ok(Some(RetentionStep::Delete))
        }
    }
}
