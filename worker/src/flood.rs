//! A flooded form, in D1 ([`brud_case::flood`] decides what is said): the
//! breach-mail cap per organisation and period, the summary of the mails
//! held, and the DPO's alert when the school's ceiling of reports is
//! reached.
//!
//! The cap's settings are the Worker var `MAIL_CAP` (`mails/seconds`,
//! default `20/3600`). A slot is taken per mail attempt, in one statement
//! (an upsert that only counts while under the cap), so two deliveries at
//! once cannot both take the last slot.

use brud_case::flood::{ceiling_alert, held_mails_summary, MailCap};
use brud_shared::org::OrgProfile;
use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use worker::{console_error, console_log, D1Database, D1Type, Env};

use crate::error::ApiError;
use crate::runtime::directory;
use crate::stored_time::millis;

/// The cap from the `MAIL_CAP` var, or the default.
pub fn mail_cap(env: &Env) -> MailCap {
    env.var("MAIL_CAP")
        .ok()
        .and_then(|spec| MailCap::parse(&spec.to_string()))
        .unwrap_or_default()
}

/// What to do with one breach mail.
pub enum Slot {
    /// Send it: the period's count was under the cap (and now counts it).
    Send,
    /// Hold it: the period's cap is reached (the report now names the
    /// period, for its summary).
    Held,
}

fn int(value: i64) -> D1Type<'static> {
    D1Type::Real(value as f64)
}

/// Takes a slot of `org`'s mail period at `now` for report `report_id`'s
/// mail, or holds the mail.
pub async fn mail_slot(
    db: &D1Database,
    cap: MailCap,
    org: &str,
    report_id: &str,
    now: DateTime<Utc>,
) -> Result<Slot, ApiError> {
    #[derive(Deserialize)]
    struct Taken {
        #[allow(dead_code)]
        sent: f64,
    }
    let period = cap.window_of(now);
    let taken = db
        .prepare(
            "INSERT INTO mail_periods (org, period, sent, held) VALUES (?1, ?2, 1, 0)
             ON CONFLICT (org, period) DO UPDATE SET sent = sent + 1 WHERE sent < ?3
             RETURNING sent",
        )
        .bind_refs(&[
            D1Type::Text(org),
            int(period),
            D1Type::Integer(i32::try_from(cap.mails).unwrap_or(i32::MAX)),
        ])?
        .first::<Taken>(None)
        .await?;
    if taken.is_some() {
        return Ok(Slot::Send);
    }
    db.batch(vec![
        db.prepare("UPDATE mail_periods SET held = held + 1 WHERE org = ?1 AND period = ?2")
            .bind_refs(&[D1Type::Text(org), int(period)])?,
        db.prepare("UPDATE reports SET mail_held_period = ?2 WHERE id = ?1")
            .bind_refs(&[D1Type::Text(report_id), int(period)])?,
    ])
    .await?;
    console_log!("mail of {report_id} held: {org}'s cap for the period is reached");
    Ok(Slot::Held)
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
    #[derive(Deserialize)]
    struct Due {
        org: String,
        period: f64,
    }
    #[derive(Deserialize)]
    struct Held {
        reference: String,
    }
    let db = env.d1("DB")?;
    let cap = mail_cap(env);
    let due = db
        .prepare(
            "SELECT org, period FROM mail_periods
             WHERE held > 0 AND summary_at IS NULL AND period < ?1",
        )
        .bind_refs(&[int(cap.window_of(now))])?
        .all()
        .await?
        .results::<Due>()?;
    let site = env.var("SITE_URL").ok().map(|url| url.to_string());
    let mut sent = 0;
    for Due {
        org: org_id,
        period,
    } in due
    {
        let period = period as i64;
        let Some(org) = directory(env).get(&org_id) else {
            continue;
        };
        let at = now.timestamp_millis();
        let keys = || [D1Type::Text(&org_id), int(period)];
        let claimed = db
            .prepare(
                "UPDATE mail_periods SET summary_at = ?3
                 WHERE org = ?1 AND period = ?2 AND summary_at IS NULL RETURNING org",
            )
            .bind_refs(&[D1Type::Text(&org_id), int(period), int(at)])?
            .first::<serde_json::Value>(None)
            .await?;
        if claimed.is_none() {
            continue;
        }
        let references: Vec<String> = db
            .prepare(
                "SELECT reference FROM reports WHERE org = ?1 AND mail_held_period = ?2
                 ORDER BY number",
            )
            .bind_refs(&keys())?
            .all()
            .await?
            .results::<Held>()?
            .into_iter()
            .map(|held| held.reference)
            .collect();
        let message = held_mails_summary(org, cap, period, &references, site.as_deref());
        match crate::mail::send(env, &message, timeout).await {
            Ok(()) => {
                db.prepare(
                    "UPDATE reports SET mail_sent_at = ?3
                     WHERE org = ?1 AND mail_held_period = ?2 AND mail_sent_at IS NULL",
                )
                .bind_refs(&[D1Type::Text(&org_id), int(period), millis(now)])?
                .run()
                .await?;
                console_log!(
                    "held mails of {org_id}: summary of {} sent",
                    references.len()
                );
                sent += 1;
            }
            Err(reason) => {
                console_error!("held mails of {org_id}: summary not sent ({reason})");
                db.prepare(
                    "UPDATE mail_periods SET summary_at = NULL WHERE org = ?1 AND period = ?2",
                )
                .bind_refs(&keys())?
                .run()
                .await?;
            }
        }
    }
    Ok(sent)
}

thread_local! {
    /// The (organisation, hour) pairs this isolate has already alerted for
    /// or found alerted (D1 keeps the fact across isolates).
    static ALERTED: RefCell<HashSet<(String, i64)>> = RefCell::new(HashSet::new());
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
    let hour = now.timestamp().div_euclid(3600);
    // A flood past the ceiling is many refusals a second: after the first
    // in this isolate and hour, none touches D1 again.
    let seen = ALERTED.with(|alerted| {
        let mut alerted = alerted.borrow_mut();
        alerted.retain(|(_, at)| *at == hour);
        !alerted.insert((org.id.clone(), hour))
    });
    if seen {
        return Ok(());
    }
    let db = env.d1("DB")?;
    let first = db
        .prepare(
            "INSERT INTO ceiling_alerts (org, hour, alerted_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (org, hour) DO NOTHING RETURNING org",
        )
        .bind_refs(&[
            D1Type::Text(&org.id),
            int(hour),
            int(now.timestamp_millis()),
        ])?
        .first::<serde_json::Value>(None)
        .await?;
    if first.is_none() {
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
