//! Storing a report that was taken: with its case in one transaction
//! (the domain's write, signed), its delivery queued, and the DPO told of
//! the case at once. For a report from the form and for a held report the
//! DPO opens on the desk alike.

use brud_case::chain::CaseIds;
use brud_shared::api::DeliveryStatus;
use brud_shared::time::to_copenhagen;
use brud_shared::webhook::sha256_hex;
use brud_shared::{Assessment, OrgProfile, Report};
use brud_store::reports::{self, NewReport, Stored};
use brud_store::Database as _;
use chrono::{DateTime, Datelike, Utc};
use worker::{console_error, console_log, RouteContext};

use crate::cases;
use crate::delivery::DeliveryJob;
use crate::error::ApiError;
use crate::log_key::LogKey;
use crate::notices;
use crate::runtime::{self, RequestMeta};

/// A valid report as taken: what storing or holding it needs.
#[derive(Clone, Copy)]
pub struct Taken<'a> {
    /// The report.
    pub report: &'a Report,
    /// Its canonical JSON (the same report hashes the same however the
    /// client spaced or ordered it).
    pub json: &'a str,
    /// Its organisation.
    pub org: &'static OrgProfile,
    /// Its assessment as of `at`.
    pub assessment: &'a Assessment,
    /// When it was received.
    pub at: DateTime<Utc>,
}

/// Stores the report `taken` with its case in
/// one transaction, with `also` in it (a held report let go), unless a
/// report with its id was stored before; queues its delivery when newly
/// stored (or stored by an attempt whose queueing failed); the DPO hears
/// of the case at once. The report as stored: 409 when its id is another
/// report's.
pub async fn store_report(
    ctx: &RouteContext<RequestMeta>,
    db: &brud_store::d1::D1,
    taken: Taken<'_>,
    also: Option<brud_store::Statement>,
) -> std::result::Result<reports::StoredReport, ApiError> {
    let Taken {
        report,
        json: report_json,
        org,
        assessment,
        at: now,
    } = taken;
    let body_sha256 = sha256_hex(report_json.as_bytes());
    let salt = runtime::random_salt();
    let year = to_copenhagen(now).year();
    let new = NewReport {
        id: &report.id,
        org: &org.id,
        year,
        short_code: &org.short_code,
        body_sha256: &body_sha256,
        report_json,
        assessment_json: &serde_json::to_string(assessment)?,
        received_at: now,
        contact_salt: salt.as_deref(),
    };
    // Every accepted report opens a case, in the same transaction that
    // stores it. Without the log key the report is stored alone and the
    // scheduled run opens its case.
    let inserted = match LogKey::from_env(&ctx.env).await {
        Ok(key) => {
            let open = |_, reference| {
                let ids = CaseIds {
                    org: org.id.clone(),
                    reference,
                    case_id: report.id.clone(),
                };
                let write = brud_case::write::open(
                    &ids,
                    year,
                    report.clone(),
                    assessment.clone(),
                    now,
                    salt.as_deref(),
                    org,
                );
                cases::sign(&key, write)
            };
            match reports::insert_with_case_and(db, &new, also, open).await? {
                Stored::New(signed) => {
                    crate::high_water::Marks::from_env(&ctx.env)
                        .advance(&signed.head)
                        .await;
                    for entry in signed.outbox() {
                        // The DPO hears of the case now, not at the
                        // next scheduled run.
                        ctx.data
                            .background
                            .wait_until(notices::send_now(ctx.env.clone(), entry.id));
                    }
                    true
                }
                Stored::Existing => false,
            }
        }
        Err(error) => {
            console_error!("log key: {error:?}; the case of {} opens later", report.id);
            let inserted = reports::insert(db, &new).await?;
            if let (true, Some(also)) = (inserted, also) {
                db.run(also).await?;
            }
            inserted
        }
    };
    let stored = reports::get(db, &report.id)
        .await?
        .ok_or_else(|| ApiError::Internal("stored report not found".into()))?;
    if stored.body_sha256 != body_sha256 || stored.org != org.id {
        return Err(ApiError::Conflict);
    }
    // Queue when newly stored, and also when an earlier attempt stored
    // the report but failed to queue it (that client got a 500 and is
    // retrying now): a 202 always means the delivery is on its way.
    if inserted || (!stored.is_queued() && stored.status == DeliveryStatus::Pending) {
        ctx.env
            .queue("DELIVERIES")?
            .send(&DeliveryJob {
                id: report.id.clone(),
            })
            .await?;
        reports::mark_queued(db, &report.id).await?;
        console_log!("queued {} as {}", report.id, stored.reference);
    }
    Ok(stored)
}
