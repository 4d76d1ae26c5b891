//! The school's roster on the desk ([`brud_case::roster`]): the DPO reads
//! it and adds, changes or removes leaders, viewers and DPOs. Each change
//! the domain allows is signed into the school's own log and stored beside
//! it in one batch; the next desk request reads the roster in force
//! ([`super::common::staff`]), so a removed leader is refused at once.

use brud_case::roster::{self, StaffChange};
use brud_shared::org::{StaffMember, StaffRole};
use brud_shared::{Problem, ProblemCode};
use brud_store::{control as control_store, roster as roster_store, Database, StoreError};
use serde::{Deserialize, Serialize};
use worker::{console_log, Request, Response, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::runtime::{db, now, RequestMeta};

use super::common::*;

/// One person on the roster, as the desk shows it.
#[derive(Serialize)]
struct Listed<'a> {
    email: &'a str,
    role: StaffRole,
    /// Whether `config/orgs.toml` lists them with this role (the first
    /// roster), rather than a change made on the desk.
    configured: bool,
}

/// The roster in force as JSON: `{ "staff": [{ email, role, configured }] }`,
/// with the school log's entry that made the change (`log_sequence`).
fn roster_response(
    staff: &Staff,
    in_force: &[StaffMember],
    log_sequence: Option<u32>,
) -> Result<Response, ApiError> {
    let listed: Vec<Listed> = in_force
        .iter()
        .map(|member| Listed {
            email: &member.email,
            role: member.role,
            configured: staff.org.staff.contains(member),
        })
        .collect();
    Ok(Response::from_json(
        &serde_json::json!({ "staff": listed, "log_sequence": log_sequence }),
    )?)
}

/// `GET /api/desk/orgs/{org}/staff`: the school's roster in force (the
/// DPO's).
pub async fn list_staff(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff_allowed(&req, &ctx, roster::may_change).await?;
            roster_response(&staff, &staff.roster, None)
        }
        .await,
    )
}

/// What the DPO changes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    email: String,
    /// The new role; `null`: removed.
    role: Option<StaffRole>,
}

/// `POST /api/desk/orgs/{org}/staff` with `{ "email": "...", "role":
/// "dpo" | "leader" | "viewer" | null }`: gives the address that role, or
/// removes it (`null`), signed into the school's own log; 200 with the
/// roster in force and the log's entry. 422 for an address that cannot be
/// one or a change that changes nothing, 409 for the last DPO.
pub async fn change_staff(
    mut req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff_allowed(&req, &ctx, roster::may_change).await?;
            let body = http::read_json_body(&mut req).await?;
            let change: Change =
                serde_json::from_str(&body).map_err(|_| ApiError::MalformedJson)?;
            let change = StaffChange {
                email: change.email,
                role: change.role,
            }
            .normalised();
            let db = db(&ctx.env)?;
            let kind = roster::decide(&staff.roster, &change).map_err(ApiError::EventRefused)?;
            let signed =
                signed_school_entry(&ctx.env, &db, &staff.org.id, kind, &staff.email, now())
                    .await?;
            let sequence = signed.entry.entry.sequence;
            let written = db
                .batch(vec![
                    control_store::school_log_statement(&staff.org.id, &signed.entry)?,
                    roster_store::change_statement(&staff.org.id, &change, sequence),
                ])
                .await;
            if matches!(written, Err(StoreError::Conflict)) {
                // Another entry took the log's place meanwhile (another
                // DPO's change): decided against a roster that has moved.
                return Err(ApiError::EventRefused(vec![Problem::new(
                    "email",
                    ProblemCode::NotAllowed,
                    "Listen er ændret i mellemtiden. Se den igen, før du ændrer den.",
                    "The list has changed in the meantime. Look at it again before you change it.",
                )]));
            }
            written?;
            signed.marked(&ctx.env).await;
            console_log!("{}: roster changed (log {sequence})", staff.org.id);
            let after = roster::in_force(&staff.roster, &[change]);
            roster_response(&staff, &after, Some(sequence))
        }
        .await,
    )
}
