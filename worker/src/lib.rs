//! The Brud Worker (a first slice: health, public organisation profiles and
//! the side-effect-free assessment). Every domain decision is made by
//! `brud-shared`; this crate only moves data between HTTP and the domain.

use brud_shared::{assess, parse_report, validate, Mode, OrgDirectory, ParseError};
use serde_json::json;
use worker::{event, Context, Env, Request, Response, Result, RouteContext, Router};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .get_async("/api/health", health)
        .get_async("/api/orgs/:org", public_org)
        .post_async("/api/assess", assess_report)
        .run(req, env)
        .await
}

/// `GET /api/health`.
async fn health(_req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    Response::from_json(&json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// RFC 9457 problem details.
fn problem(status: u16, slug: &str, title: &str, errors: serde_json::Value) -> Result<Response> {
    let body = json!({
        "type": format!("https://brud.example/problems/{slug}"),
        "title": title,
        "status": status,
        "errors": errors,
    });
    let mut response = Response::from_json(&body)?.with_status(status);
    response
        .headers_mut()
        .set("content-type", "application/problem+json")?;
    Ok(response)
}

fn directory() -> Result<OrgDirectory> {
    OrgDirectory::builtin().map_err(|problems| worker::Error::RustError(problems.join("; ")))
}

/// `GET /api/orgs/{org}`: the public part of a profile.
async fn public_org(_req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let directory = directory()?;
    match ctx.param("org").and_then(|id| directory.get(id)) {
        Some(org) => Response::from_json(&org.public()),
        None => problem(
            404,
            "unknown-organisation",
            "Unknown organisation",
            json!([]),
        ),
    }
}

/// `POST /api/assess`: a report (draft or complete) → its assessment.
async fn assess_report(mut req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    let body = req.text().await?;
    let report = match parse_report(&body) {
        Ok(report) => report,
        Err(ParseError::Syntax { .. }) => {
            return problem(
                400,
                "malformed-json",
                "The body is not valid JSON",
                json!([]),
            )
        }
        Err(ParseError::Shape(error)) => {
            return problem(
                422,
                "invalid-report",
                "The report is not valid",
                json!([error]),
            )
        }
    };
    let now = chrono::DateTime::from_timestamp_millis(worker::Date::now().as_millis() as i64)
        .unwrap_or_default();
    let validation = validate(&report, Mode::Draft, now);
    if !validation.is_valid() {
        return problem(
            422,
            "invalid-report",
            "The report is not valid",
            json!(validation.errors),
        );
    }
    let directory = directory()?;
    let Some(org) = directory.get(&report.org) else {
        return problem(
            404,
            "unknown-organisation",
            "Unknown organisation",
            json!([]),
        );
    };
    Response::from_json(&assess(&report, Some(org), now))
}
