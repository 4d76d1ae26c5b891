//! Reports held beyond a client's rate limit or the school's ceiling
//! ([`brud_store::held`]), for the school's DPO: listed without the
//! reporter's contact, opened as cases (numbered then, stored with their
//! case and let go in one transaction, delivered as any report), or
//! discarded together, the ids and the reason signed into the school's
//! own log. Who may is the domain's ([`brud_case::desk::may_decide_held`]).

use brud_case::school_log::SchoolEntryKind;
use brud_shared::model::RiskLevel;
use brud_shared::time::Timestamp;
use brud_shared::{assess, parse_report, Labelled, Language, Problem, ProblemCode};
use brud_store::held::{self, HeldBecause};
use brud_store::{control as control_store, Database};
use serde::{Deserialize, Serialize};
use worker::{console_log, Request, Response, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::runtime::{db, now, RequestMeta};

use super::common::*;

/// How much of a held report's description the list shows (masked).
const DESCRIPTION_SHOWN: usize = 300;

/// Danish and English words for something shown.
#[derive(Serialize)]
struct Words {
    da: &'static str,
    en: &'static str,
}

impl Words {
    fn of(labelled: impl Labelled) -> Words {
        Words {
            da: labelled.label(Language::Da),
            en: labelled.label(Language::En),
        }
    }
}

/// A held report as the list shows it.
#[derive(Serialize)]
struct HeldItem {
    id: String,
    received_at: Timestamp,
    why: HeldBecause,
    /// The incident, if answered.
    incident: Option<Words>,
    /// The risk the rules give it now.
    risk: RiskLevel,
    /// Its words.
    risk_label: Words,
    /// The start of its description, CPR numbers, e-mail addresses and
    /// phone numbers masked.
    description: String,
}

/// `GET /api/desk/orgs/{org}/held`: the school's held reports, oldest
/// first (the DPO's).
pub async fn list_held(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff_allowed(&req, &ctx, brud_case::desk::may_decide_held).await?;
            let db = db(&ctx.env)?;
            let now = now();
            let items: Vec<HeldItem> = held::list(&db, &staff.org.id)
                .await?
                .into_iter()
                .filter_map(|held| {
                    let report = parse_report(&held.report).ok()?;
                    let assessment = assess(&report, Some(staff.org), now);
                    let description: String = report
                        .nature
                        .description
                        .as_deref()
                        .unwrap_or_default()
                        .chars()
                        .take(DESCRIPTION_SHOWN)
                        .collect();
                    Some(HeldItem {
                        received_at: Timestamp::from(held.received()),
                        why: held.why,
                        incident: report.nature.incident.map(Words::of),
                        risk: assessment.risk,
                        risk_label: Words::of(assessment.risk),
                        description: brud_shared::pii::mask(&description, Language::Da, &[]),
                        id: held.id,
                    })
                })
                .collect();
            Ok(Response::from_json(&serde_json::json!({ "held": items }))?)
        }
        .await,
    )
}

/// `POST /api/desk/orgs/{org}/held/{id}/open`: opens the held report as a
/// case, received when it arrived (its 72 hours run from its time of
/// awareness, as for any report); 201 with its reference.
pub async fn open_held(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff_allowed(&req, &ctx, brud_case::desk::may_decide_held).await?;
            let id = ctx.param("id").cloned().unwrap_or_default();
            let db = db(&ctx.env)?;
            let held = held::get(&db, &id)
                .await?
                .filter(|held| held.org == staff.org.id)
                .ok_or(ApiError::CaseNotFound)?;
            let report =
                parse_report(&held.report).map_err(|_| ApiError::Corrupt("held report".into()))?;
            let received = held.received();
            let assessment = assess(&report, Some(staff.org), received);
            let release = held::release_statement(&staff.org.id, &id);
            let taken = crate::received::Taken {
                report: &report,
                json: &held.report,
                org: staff.org,
                assessment: &assessment,
                at: received,
            };
            let stored =
                crate::received::store_report(&ctx, &db, taken, Some(release.clone())).await?;
            // Taken before (sent again meanwhile): let go all the same.
            db.run(release).await?;
            console_log!(
                "{}: held report opened as {}",
                staff.org.id,
                stored.reference
            );
            Ok(Response::from_json(&serde_json::json!({
                "id": stored.id,
                "reference": stored.reference,
            }))?
            .with_status(201))
        }
        .await,
    )
}

/// What the DPO discards.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Discard {
    ids: Vec<String>,
    reason: String,
}

/// `POST /api/desk/orgs/{org}/held/discard` with `{ "ids": [...],
/// "reason": "..." }`: discards those of the school's held reports, signed
/// into the school's own log with the reason; 200 with how many and the
/// log's entry. 422 without a reason or without any id held.
pub async fn discard_held(
    mut req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff_allowed(&req, &ctx, brud_case::desk::may_decide_held).await?;
            let body = http::read_json_body(&mut req).await?;
            let discard: Discard =
                serde_json::from_str(&body).map_err(|_| ApiError::MalformedJson)?;
            let reason = discard.reason.trim().to_string();
            if reason.is_empty() {
                return Err(ApiError::EventRefused(vec![Problem::new(
                    "reason",
                    ProblemCode::Required,
                    "Skriv hvorfor indberetningerne kasseres.",
                    "Say why the reports are discarded.",
                )]));
            }
            let db = db(&ctx.env)?;
            let held_ids: Vec<String> = held::list(&db, &staff.org.id)
                .await?
                .into_iter()
                .map(|held| held.id)
                .filter(|id| discard.ids.contains(id))
                .collect();
            if held_ids.is_empty() {
                return Err(ApiError::EventRefused(vec![Problem::new(
                    "ids",
                    ProblemCode::Required,
                    "Ingen af de valgte indberetninger venter længere.",
                    "None of the reports chosen is held any more.",
                )]));
            }
            let signed = signed_school_entry(
                &ctx.env,
                &db,
                &staff.org.id,
                SchoolEntryKind::HeldDiscarded {
                    ids: held_ids.clone(),
                    reason,
                },
                &staff.email,
                now(),
            )
            .await?;
            let entry = &signed.entry;
            let mut statements = vec![control_store::school_log_statement(&staff.org.id, entry)?];
            statements.extend(
                held_ids
                    .iter()
                    .map(|id| held::release_statement(&staff.org.id, id)),
            );
            db.batch(statements).await?;
            signed.marked(&ctx.env).await;
            console_log!(
                "{}: {} held reports discarded",
                staff.org.id,
                held_ids.len()
            );
            Ok(Response::from_json(&serde_json::json!({
                "discarded": held_ids.len(),
                "log_sequence": entry.entry.sequence,
            }))?)
        }
        .await,
    )
}
