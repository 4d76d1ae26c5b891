//! The board's control report (one school's, or a shared DPO's schools'
//! together), its approval, and the deliveries' state.

use brud_case::control::{check_approval, report_of_year, Approval, NewApproval};
use brud_case::desk::ControlAnswer;
use brud_case::school_log::{self, SchoolEntryKind};
use brud_shared::org::StaffRole;
use brud_shared::time::to_copenhagen;
use brud_shared::OrgProfile;
use brud_store::{control as control_store, reports, Database};
use chrono::Datelike;
use worker::{console_log, Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::high_water::Marks;
use crate::log_key::LogKey;
use crate::runtime::{db, now, RequestMeta};
use crate::{access, http};

use super::common::*;

/// `GET /api/desk/orgs/{org}/control[?year=]`: the control report's
/// figures for a year (this year unless given), from every case's log.
pub async fn control(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let now = now();
            let year = filter(&req)?.year.unwrap_or(to_copenhagen(now).year());
            let db = db(&ctx.env)?;
            let report = year_report(&db, staff.org, year, now).await?;
            Ok(Response::from_json(&ControlAnswer {
                org: staff.org.id.clone(),
                generated_at: now,
                report_sha256: report.sha256(),
                report,
                approvals: control_store::approvals(&db, &staff.org.id).await?,
            })?)
        }
        .await,
    )
}

/// `GET /api/desk/control?year=`: the control report of every school
/// where the person has a role, together (a shared DPO's); each processor
/// named with its school. Approvals are each school's own: none here.
pub async fn control_all(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let email = access::signed_in(&req, &ctx.env).await?;
            let orgs: Vec<&OrgProfile> = schools_of(&ctx.env, &email)
                .await?
                .into_iter()
                .map(|(org, _)| org)
                .collect();
            if orgs.is_empty() {
                return Err(ApiError::Forbidden);
            }
            let now = now();
            let year = filter(&req)?.year.unwrap_or(to_copenhagen(now).year());
            let db = db(&ctx.env)?;
            let facts = control_store::year_facts(&db, &orgs, year).await?;
            let mut processors = Vec::new();
            for org in &orgs {
                processors.extend(crate::runtime::processors_of(&org.id).into_iter().map(
                    |mut processor| {
                        processor.name = format!("{}: {}", org.name, processor.name);
                        processor
                    },
                ));
            }
            let report = report_of_year(&facts, now, &processors);
            Ok(Response::from_json(&ControlAnswer {
                org: String::new(),
                generated_at: now,
                report_sha256: report.sha256(),
                report,
                approvals: Vec::new(),
            })?)
        }
        .await,
    )
}

/// The control report of `org`'s `year` at `now`, from the cases' control
/// facts and the school's processors.
pub(super) async fn year_report(
    db: &impl Database,
    org: &OrgProfile,
    year: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<brud_case::control::ControlReport, ApiError> {
    let facts = control_store::year_facts(db, &[org], year).await?;
    let processors = crate::runtime::processors_of(&org.id);
    Ok(report_of_year(&facts, now, &processors))
}

/// `POST /api/desk/orgs/{org}/control/approvals`: records the board's
/// approval of a year's control report (the DPO or a leader); 422 when the
/// note is missing or the report approved is no longer the one that
/// stands ([`check_approval`]). 201 with the approval.
pub async fn approve_control(
    mut req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff(&req, &ctx).await?;
            if !brud_case::desk::may_record_approval(staff.role) {
                return Err(ApiError::Forbidden);
            }
            let body = http::read_json_body(&mut req).await?;
            let new: NewApproval =
                serde_json::from_str(&body).map_err(|_| ApiError::MalformedJson)?;
            let now = now();
            let db = db(&ctx.env)?;
            let report = year_report(&db, staff.org, new.year, now).await?;
            check_approval(&new, &report.sha256()).map_err(ApiError::EventRefused)?;
            // The report kept as approved: the very JSON its hash is of.
            let report_json = serde_json::to_string(&report)?;
            let approval = Approval {
                year: new.year,
                approved_at: now,
                approved_by: staff.email.clone(),
                report_sha256: new.report_sha256,
                note: new.note.trim().to_string(),
            };
            // Signed into the school's own log.
            let signed = signed_school_entry(
                &ctx.env,
                &db,
                &staff.org.id,
                SchoolEntryKind::ControlApproved {
                    year: approval.year,
                    report_sha256: approval.report_sha256.clone(),
                    note: approval.note.clone(),
                },
                &staff.email,
                now,
            )
            .await?;
            control_store::approve(&db, &staff.org.id, &approval, &report_json, &signed.entry)
                .await?;
            signed.marked(&ctx.env).await;
            console_log!(
                "control {} {}: approval recorded",
                staff.org.id,
                approval.year
            );
            Ok(Response::from_json(&approval)?.with_status(201))
        }
        .await,
    )
}

/// `GET /api/desk/orgs/{org}/control/approvals/{sha256}`: the report the
/// board approved with that hash, exactly as approved (the JSON kept with
/// the approval, whose SHA-256 it is); 404 when no approval kept one.
pub async fn approved_report(
    req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let sha256 = ctx.param("sha256").cloned().unwrap_or_default();
            let db = db(&ctx.env)?;
            let report = control_store::approved_report(&db, &staff.org.id, &sha256)
                .await?
                .ok_or(ApiError::CaseNotFound)?;
            let mut response = Response::ok(report)?;
            response
                .headers_mut()
                .set("content-type", "application/json")?;
            Ok(response)
        }
        .await,
    )
}

/// `GET /api/desk/orgs/{org}/log`: the school's own signed log (the
/// board's approvals, held reports discarded, cases deleted), with whether
/// it verifies against the log key and its high-water mark.
pub async fn school_log(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let db = db(&ctx.env)?;
            let entries = control_store::school_log(&db, &staff.org.id).await?;
            let key = LogKey::from_env(&ctx.env).await?;
            let mut holds = Vec::with_capacity(entries.len());
            for item in &entries {
                let head = brud_case::chain::LogHead {
                    case: school_log::school_ids(&staff.org.id),
                    events: item.entry.sequence,
                    hash: item.hash.clone(),
                };
                holds.push(match &item.signature {
                    Some(signature) => key.holds(&head, signature).await?,
                    None => false,
                });
            }
            let verdict = school_log::verify(&staff.org.id, &entries, |head, _| {
                holds
                    .get(head.events.saturating_sub(1) as usize)
                    .copied()
                    .unwrap_or(false)
            });
            // Against its high-water mark outside D1: entries removed from
            // the end are seen.
            let ids = school_log::school_ids(&staff.org.id);
            let mark = Marks::from_env(&ctx.env)
                .mark(&staff.org.id, &ids.case_id)
                .await?;
            let high_water = mark.map(|mark| {
                brud_case::high_water::against_hashes(
                    entries.iter().map(|e| (e.entry.sequence, e.hash.as_str())),
                    &mark.head,
                )
            });
            let holds_mark = high_water.as_ref().is_none_or(|against| against.holds());
            Ok(Response::from_json(&serde_json::json!({
                "org": staff.org.id,
                "entries": entries,
                "verified": verdict.is_ok() && holds_mark,
                "broken_at": verdict.err(),
                "high_water": high_water,
            }))?)
        }
        .await,
    )
}

/// `GET /api/desk/orgs/{org}/deliveries[?status=]`: the delivery state of
/// the organisation's reports, for its DPO and leaders.
pub async fn deliveries(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            if staff.role == StaffRole::Viewer {
                return Err(ApiError::Forbidden);
            }
            let status = query_pairs(&req)?
                .into_iter()
                .find(|(key, _)| key == "status")
                .map(|(_, value)| {
                    brud_shared::api::DeliveryStatus::parse(&value)
                        .ok_or(ApiError::BadQuery("status"))
                })
                .transpose()?;
            let db = db(&ctx.env)?;
            Ok(Response::from_json(
                &reports::deliveries(&db, &staff.org.id, status).await?,
            )?)
        }
        .await,
    )
}
