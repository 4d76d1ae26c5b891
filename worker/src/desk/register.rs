//! The register: who is signed in (`/api/desk/me`), one school's list or a
//! shared DPO's, and the desk page's first screen drawn from the same
//! answers.

use brud_case::desk::{CaseList, CaseListItem, DeskStart, ListFilter, Me, MyOrg};
use brud_edge::route::DeskRoute;
use brud_store::list as list_store;
use worker::{console_error, Env, Request, Response, Result, RouteContext};

use crate::access;
use crate::error::ApiError;
use crate::runtime::{db, now, RequestMeta};

use super::common::*;

/// `GET /api/desk/me`.
pub async fn me(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let email = access::signed_in(&req, &ctx.env).await?;
            Ok(Response::from_json(&me_of(&ctx.env, email).await?)?)
        }
        .await,
    )
}

/// Who `email` is here: the organisations where they have a role.
pub(super) async fn me_of(env: &Env, email: String) -> Result<Me, ApiError> {
    let orgs = schools_of(env, &email)
        .await?
        .into_iter()
        .map(|(org, role)| MyOrg {
            id: org.id.clone(),
            name: org.name.clone(),
            short_code: org.short_code.clone(),
            role,
        })
        .collect();
    Ok(Me { email, orgs })
}

/// One page of the cases of `orgs`, as the desk's list.
pub(super) async fn case_list(
    env: &Env,
    orgs: &[&str],
    filter: &ListFilter,
) -> Result<CaseList, ApiError> {
    let now = now();
    let db = db(env)?;
    let (total, rows) = list_store::list(&db, orgs, filter, now).await?;
    let cases = rows
        .into_iter()
        .map(|(org, summary)| CaseListItem {
            org,
            deadline_state: summary.deadline_state(now),
            summary,
        })
        .collect();
    Ok(CaseList {
        total,
        page: filter.page,
        per_page: filter.per_page,
        cases,
    })
}

/// The desk page's first screen for the person signed in: who they are
/// and, when the address is the register of one of their schools or of all
/// of them, its first page (the desk's first filter). `None` for someone
/// not signed in or with no role there (the desk asks, and says why), for
/// the case and control pages (they load their own data), and when the
/// list cannot be read (logged by kind only).
pub async fn first_screen(req: &Request, env: &Env, route: &DeskRoute) -> Option<DeskStart> {
    if route.case.is_some() || route.control {
        return None;
    }
    let email = access::signed_in(req, env).await.ok()?;
    let me = me_of(env, email).await.ok()?;
    let orgs: Vec<&str> = match &route.org {
        Some(org) => me
            .orgs
            .iter()
            .filter(|o| &o.id == org)
            .map(|o| o.id.as_str())
            .collect(),
        None => me.orgs.iter().map(|o| o.id.as_str()).collect(),
    };
    if orgs.is_empty() {
        return None;
    }
    let list = match case_list(env, &orgs, &ListFilter::register_start()).await {
        Ok(list) => list,
        Err(error) => {
            console_error!("desk page: the register's first page was not read: {error:?}");
            return None;
        }
    };
    Some(DeskStart {
        me,
        list: Some(list),
    })
}

/// `GET /api/desk/orgs/{org}/cases`.
pub async fn list(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let filter = filter(&req)?;
            let list = case_list(&ctx.env, &[staff.org.id.as_str()], &filter).await?;
            Ok(Response::from_json(&list)?)
        }
        .await,
    )
}

/// `GET /api/desk/cases`: the cases of every organisation where the person
/// has a role, in one list (a shared DPO's register across schools); 403
/// for someone with a role nowhere.
pub async fn list_all(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let email = access::signed_in(&req, &ctx.env).await?;
            let filter = filter(&req)?;
            let orgs: Vec<&str> = schools_of(&ctx.env, &email)
                .await?
                .into_iter()
                .map(|(org, _)| org.id.as_str())
                .collect();
            if orgs.is_empty() {
                return Err(ApiError::Forbidden);
            }
            let list = case_list(&ctx.env, &orgs, &filter).await?;
            Ok(Response::from_json(&list)?)
        }
        .await,
    )
}
