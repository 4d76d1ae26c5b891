//! Case notices to the organisation's endpoint (deadline reminders, and
//! obligations recorded: [`brud_case::notice`]), sent from an
//! outbox in D1 (`case_notices`, migrations 0005 and 0006); and the
//! deadline reminders by mail to the DPO and the leaders, for an
//! organisation whose profile asks for them (`reminder_mail`). Each channel
//! is a row of its own, so one that was sent is never sent again because
//! the other failed.
//!
//! A notice is inserted in the same batch as the event that causes it
//! ([`brud_store::cases::append`]), so it is never lost between recording and
//! sending, and never made twice. It is sent at once after the event (in
//! the background of the request, or by the scheduled run that recorded a
//! reminder), and again by every scheduled run while it is due and not
//! delivered: the same signing, timeout with abort, backoff and attempt
//! limit as a report's delivery ([`DeliverySettings`]). An attempt first
//! holds the notice, so two runs never send it at the same time.

use brud_case::flood::capped_per_recipient;
use brud_case::high_water::{checkpoint_mail, Checkpoint};
use brud_case::notice::{notice_mail, CaseNotice};
use brud_shared::org::Channel;
use brud_shared::Language;
use brud_store::flood::{self, RecipientMail, Slot};
use brud_store::notices::{self, Claimed};
use brud_store::Database;
use chrono::{DateTime, Duration, Utc};
use futures_util::future::join_all;
use worker::{console_error, console_log, Env};

use crate::delivery::{self, DeliverySettings};
use crate::error::ApiError;

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
/// set. A "new case" mail goes only to the recipients under their cap
/// ([`crate::flood::dpo_mail_cap`]); held for all of them, it is settled
/// (their summary names it).
async fn send_mail(
    env: &Env,
    db: &impl Database,
    settings: &DeliverySettings,
    notice: &Claimed,
) -> Result<(), String> {
    let configured = crate::runtime::directory(env)
        .get(&notice.org)
        .ok_or("unknown-organisation")?;
    // Mail goes to the roster in force (the DPO keeps it on the desk).
    let changes = brud_store::roster::changes(db, &notice.org)
        .await
        .map_err(|_| "roster-unavailable".to_string())?;
    let org = &brud_case::roster::with_changes(configured, &changes);
    if let Ok(checkpoint) = Checkpoint::from_json(&notice.body) {
        let message = checkpoint_mail(&checkpoint, org);
        return crate::mail::send(env, &message, settings.timeout).await;
    }
    let parsed: CaseNotice =
        serde_json::from_str(&notice.body).map_err(|_| "unreadable-notice".to_string())?;
    let site = env
        .var("SITE_URL")
        .ok()
        .map(|value| value.to_string())
        .filter(|url| url.starts_with("https://") || brud_shared::syntax::is_loopback_http(url));
    let Some(mut message) = notice_mail(&parsed, org, site.as_deref(), Language::Da) else {
        // Nothing to mail for it, and nothing to retry.
        return Ok(());
    };
    if capped_per_recipient(&parsed) {
        let cap = crate::flood::dpo_mail_cap(env);
        let period = cap.window_of(crate::runtime::now());
        let mut under_cap = Vec::new();
        for recipient in message.to {
            let mail = RecipientMail {
                recipient: &recipient,
                notice_id: &notice.id,
                org: &notice.org,
                reference: &parsed.data.reference,
            };
            let slot = flood::recipient_slot(db, cap.mails, mail, period)
                .await
                .map_err(|_| "slot-unavailable".to_string())?;
            if slot == Slot::Send {
                under_cap.push(recipient);
            }
        }
        if under_cap.is_empty() {
            console_log!(
                "notice {} held: every recipient's cap is reached",
                notice.id
            );
            return Ok(());
        }
        message.to = under_cap;
    }
    crate::mail::send(env, &message, settings.timeout).await
}

/// Sends one claimed notice and records the outcome.
async fn attempt(
    env: &Env,
    db: &impl Database,
    settings: &DeliverySettings,
    notice: Claimed,
) -> Result<bool, ApiError> {
    let failure = match Channel::parse(&notice.channel) {
        Some(Channel::Mail) => send_mail(env, db, settings, &notice).await,
        _ => send_webhook(env, settings, &notice).await,
    }
    .err();
    let now = crate::runtime::now();
    match &failure {
        None => {
            notices::mark_sent(db, &notice.id, now).await?;
            console_log!("notice {} sent, attempt {}", notice.id, notice.attempts);
        }
        Some(reason) => {
            let dead = notice.attempts >= settings.max_attempts;
            let next = now + Duration::seconds(settings.backoff(notice.attempts).into());
            notices::mark_failed(db, &notice.id, reason, dead, next).await?;
            console_error!(
                "notice {} attempt {} failed: {reason}",
                notice.id,
                notice.attempts
            );
        }
    }
    Ok(failure.is_none())
}

/// Sends the notices due at `now` (only `only` when given), at most
/// `limit`, side by side. Returns how many were sent and how many failed.
pub async fn send_due(
    env: &Env,
    only: Option<&str>,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<(usize, usize), ApiError> {
    let settings = DeliverySettings::from_env(env);
    let db = crate::runtime::db(env)?;
    let until = now + Duration::milliseconds(settings.hold_for());
    let claimed = notices::claim(&db, only, now, until, limit).await?;
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
