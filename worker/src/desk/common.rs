//! What every desk handler shares: who is signed in and their role in the
//! path's organisation (401, 403), the problem answer without CORS (the
//! desk is same-origin), the query's filters, the refusal of another
//! site's writes, downloads, the next signed entry of the school's log
//! ([`crate::school_log`]).

use brud_case::desk::ListFilter;
use brud_case::roster;
use brud_edge::headers::same_site_write;
use brud_shared::org::{StaffMember, StaffRole};
use brud_shared::OrgProfile;
use brud_store::roster as roster_store;
use worker::{Env, Request, Response, Result, RouteContext};

use crate::access;
use crate::error::ApiError;
use crate::runtime::{db, directory, RequestMeta};
pub(super) use crate::school_log::signed_school_entry;

/// The signed-in person and their role in the path's organisation.
pub(super) struct Staff {
    pub(super) email: String,
    pub(super) org: &'static OrgProfile,
    pub(super) role: StaffRole,
    /// The organisation's roster in force, as read for the role.
    pub(super) roster: Vec<StaffMember>,
}

/// 401 without a valid token; 403 without a role in `{org}`'s roster in
/// force ([`roster::in_force`], read on every request: a change takes
/// effect at once), an unknown organisation included, so the answer says
/// nothing about which exist.
pub(super) async fn staff(
    req: &Request,
    ctx: &RouteContext<RequestMeta>,
) -> Result<Staff, ApiError> {
    let email = access::signed_in(req, &ctx.env).await?;
    let org = ctx
        .param("org")
        .and_then(|id| directory(&ctx.env).get(id))
        .ok_or(ApiError::Forbidden)?;
    let changes = roster_store::changes(&db(&ctx.env)?, &org.id).await?;
    let roster = roster::in_force(&org.staff, &changes);
    let role = roster::role_of(&roster, &email).ok_or(ApiError::Forbidden)?;
    Ok(Staff {
        email,
        org,
        role,
        roster,
    })
}

/// [`staff`], when their role `may` do what they ask (a rule of the
/// domain's); 403 otherwise.
pub(super) async fn staff_allowed(
    req: &Request,
    ctx: &RouteContext<RequestMeta>,
    may: fn(StaffRole) -> bool,
) -> Result<Staff, ApiError> {
    let staff = staff(req, ctx).await?;
    if may(staff.role) {
        Ok(staff)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The schools where `email` has a role in the roster in force, with it
/// ([`roster::schools_of`]).
pub(super) async fn schools_of(
    env: &Env,
    email: &str,
) -> Result<Vec<(&'static OrgProfile, StaffRole)>, ApiError> {
    let changes = roster_store::changes_for(&db(env)?, email).await?;
    Ok(roster::schools_of(directory(env), email, &changes))
}

/// The response, or the problem; never CORS (the desk is same-origin).
pub(super) fn answer(result: Result<Response, ApiError>) -> worker::Result<Response> {
    let response = match result {
        Ok(response) => response,
        Err(error) => error.into_response()?,
    };
    // Marks the response as handled, so no CORS header is added for the
    // form's intranet origins.
    response.headers().set("vary", "Origin")?;
    Ok(response)
}

pub(super) fn query_pairs(req: &Request) -> Result<Vec<(String, String)>, ApiError> {
    Ok(req
        .url()?
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

pub(super) fn filter(req: &Request) -> Result<ListFilter, ApiError> {
    let pairs = query_pairs(req)?;
    ListFilter::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(ApiError::BadQuery)
}

/// Refuses an unsafe request another site's page made ([`same_site_write`]),
/// before anything of it is read.
pub(super) fn refuse_cross_site(
    req: &Request,
    ctx: &RouteContext<RequestMeta>,
) -> Result<(), ApiError> {
    let site_url = ctx
        .env
        .var("SITE_URL")
        .map(|v| v.to_string())
        .unwrap_or_default();
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site")?;
    let origin = headers.get("origin")?;
    if same_site_write(fetch_site.as_deref(), origin.as_deref(), &site_url) {
        Ok(())
    } else {
        Err(ApiError::CrossSite)
    }
}

pub(super) fn attachment(response: Response, name: &str) -> Result<Response, ApiError> {
    response.headers().set(
        "content-disposition",
        &format!("attachment; filename=\"{name}\""),
    )?;
    Ok(response)
}

pub(super) fn year_suffix(year: Option<i32>) -> String {
    year.map_or("alle".to_string(), |y| y.to_string())
}
