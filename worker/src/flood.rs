//! A flooded form, in D1 ([`brud_case::flood`] decides what is said): the
//! breach-mail cap per organisation and period, the summary of the mails
//! held, and the DPO's alerts, once an hour per school, when the school's
//! ceiling of reports is reached and when its reports are held waiting on
//! the desk.
//!
//! The cap's settings are the Worker var `MAIL_CAP` (`mails/seconds`,
//! default `20/3600`). A slot is taken per mail attempt, in one statement
//! (an upsert that only counts while under the cap), so two deliveries at
//! once cannot both take the last slot.
//!
//! The DPO's "new case" mails are capped too, per recipient (`DPO_MAIL_CAP`,
//! same form and default): a DPO shared by several schools counts once,
//! and gets one summary a period for all of them.

use brud_case::flood::{
    ceiling_alert, held_alert, held_case_mails_summary, held_mails_summary, HeldAtSchool, MailCap,
};
use brud_shared::org::OrgProfile;
use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Duration;

use brud_store::flood::{self, Alert, Slot};
use brud_store::Database;
use chrono::{DateTime, Utc};
use worker::{console_error, console_log, Env};

use crate::error::ApiError;
use crate::runtime::directory;

/// The cap from the `MAIL_CAP` var, or the default.
pub fn mail_cap(env: &Env) -> MailCap {
    env.var("MAIL_CAP")
        .ok()
        .and_then(|spec| MailCap::parse(&spec.to_string()))
        .unwrap_or_default()
}

/// The per-recipient cap on the DPO's "new case" mails from the
/// `DPO_MAIL_CAP` var, or the default.
pub fn dpo_mail_cap(env: &Env) -> MailCap {
    env.var("DPO_MAIL_CAP")
        .ok()
        .and_then(|spec| MailCap::parse(&spec.to_string()))
        .unwrap_or_default()
}

/// Takes a slot of `org`'s mail period at `now` for report `report_id`'s
/// mail, or holds the mail.
pub async fn mail_slot(
    db: &impl Database,
    cap: MailCap,
    org: &str,
    report_id: &str,
    now: DateTime<Utc>,
) -> Result<Slot, ApiError> {
    let slot = flood::mail_slot(db, cap.mails, org, report_id, cap.window_of(now)).await?;
    if slot == Slot::Held {
        console_log!("mail of {report_id} held: {org}'s cap for the period is reached");
    }
    Ok(slot)
}

/// Sends the summary of every period that is over and held mails, once
/// each: the period is claimed first (so two runs never both send it), and
/// released again when the mail fails (the next run tries again). The held
/// reports' mail channel then counts as sent, at the summary's time.
/// Returns how many summaries went.
pub async fn send_summaries(
    env: &Env,
    now: DateTime<Utc>,
    timeout: Duration,
) -> Result<usize, ApiError> {
    let db = crate::runtime::db(env)?;
    let cap = mail_cap(env);
    let due = flood::summaries_due(&db, cap.window_of(now)).await?;
    let site = env.var("SITE_URL").ok().map(|url| url.to_string());
    let mut sent = 0;
    for (org_id, period) in due {
        let Some(org) = directory(env).get(&org_id) else {
            continue;
        };
        if !flood::claim_summary(&db, &org_id, period, now).await? {
            continue;
        }
        let references = flood::held_references(&db, &org_id, period).await?;
        let message = held_mails_summary(org, cap, period, &references, site.as_deref());
        match crate::mail::send(env, &message, timeout).await {
            Ok(()) => {
                flood::summary_sent(&db, &org_id, period, now).await?;
                console_log!(
                    "held mails of {org_id}: summary of {} sent",
                    references.len()
                );
                sent += 1;
            }
            Err(reason) => {
                console_error!("held mails of {org_id}: summary not sent ({reason})");
                flood::release_summary(&db, &org_id, period).await?;
            }
        }
    }
    Ok(sent)
}

/// Sends each recipient whose "new case" mails a period over held one
/// summary of them (claimed first, released when the mail fails), naming
/// each school's held cases and the reports it holds waiting for the DPO.
/// Returns how many summaries went.
pub async fn send_recipient_summaries(
    env: &Env,
    now: DateTime<Utc>,
    timeout: Duration,
) -> Result<usize, ApiError> {
    let db = crate::runtime::db(env)?;
    let cap = dpo_mail_cap(env);
    let due = flood::recipient_summaries_due(&db, cap.window_of(now)).await?;
    let site = env.var("SITE_URL").ok().map(|url| url.to_string());
    let orgs = directory(env);
    let mut sent = 0;
    for (recipient, period) in due {
        if !flood::claim_recipient_summary(&db, &recipient, period, now).await? {
            continue;
        }
        let held = flood::recipient_held(&db, &recipient, period).await?;
        let mut schools: Vec<HeldAtSchool> = Vec::new();
        for (org_id, reference) in held {
            let Some(org) = orgs.get(&org_id) else {
                continue;
            };
            match schools.iter_mut().find(|school| school.org.id == org_id) {
                Some(school) => school.references.push(reference),
                None => schools.push(HeldAtSchool {
                    org,
                    references: vec![reference],
                    reports_waiting: u64::from(brud_store::held::count(&db, &org_id).await?),
                }),
            }
        }
        if schools.is_empty() {
            continue;
        }
        let held: usize = schools.iter().map(|school| school.references.len()).sum();
        let message = held_case_mails_summary(&recipient, cap, period, &schools, site.as_deref());
        match crate::mail::send(env, &message, timeout).await {
            Ok(()) => {
                console_log!("held case mails: a summary of {held} sent");
                sent += 1;
            }
            Err(reason) => {
                console_error!("held case mails: summary not sent ({reason})");
                flood::release_recipient_summary(&db, &recipient, period).await?;
            }
        }
    }
    Ok(sent)
}

thread_local! {
    /// The (alert, organisation, hour) this isolate has already sent or
    /// found sent (D1 keeps the fact across isolates).
    static ALERTED: RefCell<HashSet<(Alert, String, i64)>> = RefCell::new(HashSet::new());
}

/// Whether `alert` for `org` is the first of the hour of `now`, and so is
/// to be sent (recorded as sent in D1 when it is).
async fn first_of_the_hour(
    env: &Env,
    alert: Alert,
    org: &OrgProfile,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let hour = now.timestamp().div_euclid(3600);
    // A flood is many requests a second: after the first in this isolate
    // and hour, none touches D1 again.
    let seen = ALERTED.with(|alerted| {
        let mut alerted = alerted.borrow_mut();
        alerted.retain(|(_, _, at)| *at == hour);
        !alerted.insert((alert, org.id.clone(), hour))
    });
    if seen {
        return Ok(false);
    }
    let db = crate::runtime::db(env)?;
    Ok(flood::first_alert(&db, alert, &org.id, hour, now).await?)
}

/// Tells `org`'s DPO that the school's ceiling was reached at `now`, once
/// an hour: the first request refused in the hour sends the mail (given
/// `timeout`).
pub async fn alert_ceiling(
    env: &Env,
    org: &OrgProfile,
    now: DateTime<Utc>,
    timeout: Duration,
) -> Result<(), ApiError> {
    if !first_of_the_hour(env, Alert::Ceiling, org, now).await? {
        return Ok(());
    }
    console_error!(
        "{}: the ceiling of reports is reached; the DPO is told",
        org.id
    );
    let site = env.var("SITE_URL").ok().map(|url| url.to_string());
    let message = ceiling_alert(org, now, site.as_deref());
    if let Err(reason) = crate::mail::send(env, &message, timeout).await {
        console_error!("{}: ceiling alert not sent ({reason})", org.id);
    }
    Ok(())
}

/// Tells `org`'s DPO that a report was held at `now` and how many wait on
/// the desk, once an hour: the first report held in the hour sends the
/// mail (given `timeout`). Failures are logged, never the reporter's; a
/// mail that failed is not tried again that hour (the next hour's first
/// held report tries), and the register shows the reports all the same.
pub async fn alert_held(env: Env, org: &'static OrgProfile, now: DateTime<Utc>, timeout: Duration) {
    let sent = async {
        if !first_of_the_hour(&env, Alert::Held, org, now).await? {
            return Ok(false);
        }
        let db = crate::runtime::db(&env)?;
        let waiting = brud_store::held::count(&db, &org.id).await?;
        let site = env.var("SITE_URL").ok().map(|url| url.to_string());
        let message = held_alert(org, now, waiting, site.as_deref());
        crate::mail::send(&env, &message, timeout)
            .await
            .map_err(ApiError::Internal)?;
        Ok::<_, ApiError>(true)
    };
    match sent.await {
        Ok(true) => console_log!("{}: held reports; the DPO is told", org.id),
        Ok(false) => {}
        Err(error) => console_error!("{}: held alert not sent: {error:?}", org.id),
    }
}
