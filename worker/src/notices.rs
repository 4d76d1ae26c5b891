//! Case notices to the organisation's endpoint (deadline reminders, and
//! obligations recorded: [`brud_case::notice`]), sent from an
//! outbox in D1 (`case_notices`, migrations 0005 and 0006); and the
//! deadline reminders by mail to the DPO and the leaders, for an
//! organisation whose profile asks for them (`reminder_mail`). Each channel
//! is a row of its own, so one that was sent is never sent again because
//! the other failed.
//!
//! A notice is inserted in the same batch as the event that causes it
//! ([`crate::cases::append`]), so it is never lost between recording and
//! sending, and never made twice. It is sent at once after the event (in
//! the background of the request, or by the scheduled run that recorded a
//! reminder), and again by every scheduled run while it is due and not
//! delivered: the same signing, timeout with abort, backoff and attempt
//! limit as a report's delivery ([`DeliverySettings`]). An attempt first
//! holds the notice, so two runs never send it at the same time.

use brud_case::notice::{notice_channels, notice_mail, CaseNotice};
use brud_shared::org::{Channel, OrgProfile};
use brud_shared::Language;
use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use serde::Deserialize;
use worker::{console_error, console_log, D1Database, D1PreparedStatement, D1Type, Env};

use crate::delivery::{self, DeliverySettings};
use crate::error::ApiError;
use crate::stored_time::ms;

/// The outbox id of `notice` on `channel`: the webhook's is its
/// `webhook-id`; the mail's adds `.mail`.
fn outbox_id(notice: &CaseNotice, channel: Channel) -> String {
    match channel {
        Channel::Webhook => notice.webhook_id(),
        Channel::Mail => format!("{}.mail", notice.webhook_id()),
    }
}

/// The statements that put `notice` in the outbox, one row per channel
/// ([`notice_channels`]), due at once; with the rows' ids.
pub fn insert(
    db: &D1Database,
    org: &OrgProfile,
    report_id: &str,
    notice: &CaseNotice,
) -> Result<(Vec<D1PreparedStatement>, Vec<String>), ApiError> {
    let body = serde_json::to_string(notice)?;
    let at = notice.timestamp.timestamp_millis();
    let mut statements = Vec::new();
    let mut ids = Vec::new();
    for channel in notice_channels(org, notice) {
        let id = outbox_id(notice, channel);
        statements.push(
            db.prepare(
                "INSERT INTO case_notices (id, report_id, org, body, created_at, next_attempt_at, channel)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind_refs(&[
                D1Type::Text(&id),
                D1Type::Text(report_id),
                D1Type::Text(&notice.data.org),
                D1Type::Text(&body),
                ms(at),
                D1Type::Text(channel.as_str()),
            ])?,
        );
        ids.push(id);
    }
    Ok((statements, ids))
}

#[derive(Deserialize)]
struct Claimed {
    id: String,
    org: String,
    body: String,
    attempts: u32,
    channel: String,
}

/// Holds the due notices (only `only` when given) for one attempt each and
/// counts the attempt; those another attempt holds are left alone.
async fn claim(
    db: &D1Database,
    only: Option<&str>,
    now: i64,
    hold_for: i64,
    limit: i32,
) -> Result<Vec<Claimed>, ApiError> {
    Ok(db
        .prepare(
            "UPDATE case_notices SET held_until = ?2, attempts = attempts + 1
             WHERE id IN (
               SELECT id FROM case_notices
               WHERE sent_at IS NULL AND dead = 0 AND next_attempt_at <= ?1
                 AND COALESCE(held_until, 0) <= ?1 AND (?3 IS NULL OR id = ?3)
               ORDER BY next_attempt_at LIMIT ?4)
             RETURNING id, org, body, attempts, channel",
        )
        .bind_refs(&[
            ms(now),
            ms(now + hold_for),
            only.map_or(D1Type::Null, D1Type::Text),
            D1Type::Integer(limit),
        ])?
        .all()
        .await?
        .results::<Claimed>()?)
}

/// Posts a claimed notice to the organisation's endpoint
/// ([`delivery::send_signed`]).
async fn send_webhook(
    env: &Env,
    settings: &DeliverySettings,
    notice: &Claimed,
) -> Result<(), String> {
    let endpoint = crate::runtime::directory(env)
        .get(&notice.org)
        .map(|org| org.notification_endpoint.as_str());
    delivery::send_signed(
        env,
        settings,
        &notice.org,
        endpoint,
        &notice.id,
        &notice.body,
    )
    .await
}

/// Mails a claimed notice (a reminder to the DPO and leaders, a case
/// opened to the DPO), in Danish, linking to the case when `SITE_URL` is
/// set.
async fn send_mail(env: &Env, settings: &DeliverySettings, notice: &Claimed) -> Result<(), String> {
    let org = crate::runtime::directory(env)
        .get(&notice.org)
        .ok_or("unknown-organisation")?;
    let parsed: CaseNotice =
        serde_json::from_str(&notice.body).map_err(|_| "unreadable-notice".to_string())?;
    let site = env
        .var("SITE_URL")
        .ok()
        .map(|value| value.to_string())
        .filter(|url| url.starts_with("https://") || brud_shared::syntax::is_loopback_http(url));
    let Some(message) = notice_mail(&parsed, org, site.as_deref(), Language::Da) else {
        // Nothing to mail for it, and nothing to retry.
        return Ok(());
    };
    crate::mail::send(env, &message, settings.timeout).await
}

/// Sends one claimed notice and records the outcome.
async fn attempt(
    env: &Env,
    db: &D1Database,
    settings: &DeliverySettings,
    notice: Claimed,
) -> Result<bool, ApiError> {
    let failure = match Channel::parse(&notice.channel) {
        Some(Channel::Mail) => send_mail(env, settings, &notice).await,
        _ => send_webhook(env, settings, &notice).await,
    }
    .err();
    let now = crate::runtime::now().timestamp_millis();
    let statement = match &failure {
        None => db
            .prepare(
                "UPDATE case_notices SET sent_at = ?2, held_until = NULL, last_error = NULL
                 WHERE id = ?1",
            )
            .bind_refs(&[D1Type::Text(&notice.id), ms(now)])?,
        Some(reason) => {
            let dead = notice.attempts >= settings.max_attempts;
            let next = now + i64::from(settings.backoff(notice.attempts)) * 1000;
            db.prepare(
                "UPDATE case_notices SET held_until = NULL, last_error = ?2, dead = ?3,
                   next_attempt_at = ?4
                 WHERE id = ?1",
            )
            .bind_refs(&[
                D1Type::Text(&notice.id),
                D1Type::Text(reason),
                D1Type::Integer(i32::from(dead)),
                ms(next),
            ])?
        }
    };
    statement.run().await?;
    match &failure {
        None => console_log!("notice {} sent, attempt {}", notice.id, notice.attempts),
        Some(reason) => console_error!(
            "notice {} attempt {} failed: {reason}",
            notice.id,
            notice.attempts
        ),
    }
    Ok(failure.is_none())
}

/// Sends the notices due at `now` (only `only` when given), at most
/// `limit`, side by side. Returns how many were sent and how many failed.
pub async fn send_due(
    env: &Env,
    only: Option<&str>,
    now: DateTime<Utc>,
    limit: i32,
) -> Result<(usize, usize), ApiError> {
    let settings = DeliverySettings::from_env(env);
    let db = env.d1("DB")?;
    let now = now.timestamp_millis();
    let claimed = claim(&db, only, now, settings.hold_for(), limit).await?;
    let outcomes = join_all(
        claimed
            .into_iter()
            .map(|notice| attempt(env, &db, &settings, notice)),
    )
    .await;
    let mut counts = (0, 0);
    for outcome in outcomes {
        match outcome {
            Ok(true) => counts.0 += 1,
            Ok(false) => counts.1 += 1,
            Err(error) => {
                console_error!("notice: {error:?}");
                counts.1 += 1;
            }
        }
    }
    Ok(counts)
}

/// Sends the notice `id` now, if it is due; failures stay for the
/// scheduled run. For the background of the request that recorded it.
pub async fn send_now(env: Env, id: String) {
    if let Err(error) = send_due(&env, Some(&id), crate::runtime::now(), 1).await {
        console_error!("notice {id}: {error:?}");
    }
}
