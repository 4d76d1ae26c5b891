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

impl<'a> Taken<'a> {
    /// Its row in the reports' table: the report's hash `body_sha256`,
    /// its assessment as JSON, the contact's salt; filed in the year of its
    /// receipt, Copenhagen time.
    pub fn row(
        &self,
        body_sha256: &'a str,
        assessment_json: &'a str,
        contact_salt: Option<&'a str>,
    ) -> NewReport<'a> {
        NewReport {
            id: &self.report.id,
            org: &self.org.id,
            year: to_copenhagen(self.at).year(),
            short_code: &self.org.short_code,
            body_sha256,
            report_json: self.json,
            assessment_json,
            received_at: self.at,
            contact_salt,
        }
    }
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
        ..
    } = taken;
    let body_sha256 = sha256_hex(report_json.as_bytes());
    let assessment_json = serde_json::to_string(assessment)?;
    let salt = runtime::random_salt();
    let new = taken.row(&body_sha256, &assessment_json, salt.as_deref());
    // Every accepted report opens a case, in the same transaction that
    // stores it. Without the log key the report is stored alone and the
    // scheduled run opens its case.
    let inserted = match LogKey::from_env(&ctx.env).await {
        Ok(key) => {
            let marks = crate::high_water::Marks::from_env(&ctx.env);
            let writer = cases::Writer {
                key: &key,
                marks: &marks,
            };
            let opened = store_with_case(db, &writer, &new, taken, salt.as_deref(), false, also);
            match opened.await? {
                Stored::New(signed) => {
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

/// `new`, the report `taken`, stored with the case it opens (the domain's
/// write, signed with `writer`'s key; `by_mail`: a mail to the breach
/// mailbox opened it) in one transaction with `also`, and the log's
/// high-water mark advanced; [`Stored::Existing`] when a report with its
/// id was stored before. For a report from the form or a held one let go
/// ([`store_report`]) and for a mail ([`crate::inbound`]) alike: the
/// caller tells the DPO of the case its own way.
pub async fn store_with_case(
    db: &brud_store::d1::D1,
    writer: &cases::Writer<'_>,
    new: &NewReport<'_>,
    taken: Taken<'_>,
    contact_salt: Option<&str>,
    by_mail: bool,
    also: Option<brud_store::Statement>,
) -> Result<Stored, ApiError> {
    let open = |_, reference| {
        let ids = CaseIds {
            org: taken.org.id.clone(),
            reference,
            case_id: taken.report.id.clone(),
        };
        let write = brud_case::write::open(
            &ids,
            new.year,
            brud_case::write::Opening {
                report: taken.report.clone(),
                assessment: taken.assessment.clone(),
                received_at: taken.at,
                contact_salt,
                by_mail,
            },
            taken.org,
        );
        cases::sign(writer.key, write)
    };
    let stored = reports::insert_with_case_and(db, new, also, open).await?;
    if let Stored::New(signed) = &stored {
        writer.marks.advance(&signed.head).await;
    }
    Ok(stored)
}
