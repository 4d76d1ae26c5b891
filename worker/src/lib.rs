//! The Brud Worker: validates, assesses, stores and forwards breach reports.
//!
//! An adapter only: every domain decision (validation, risk, deadlines,
//! texts, signing) is made by `brud-shared`. This crate moves data between
//! HTTP, D1, the delivery queue and the organisation's endpoint.
//!
//! | route | what |
//! | --- | --- |
//! | `GET /api/health` | liveness |
//! | `GET /api/orgs/{org}` | the public part of an organisation profile |
//! | `POST /api/assess` | a report (draft or complete) → its assessment; no side effects |
//! | `POST /api/reports` | a complete report → stored in D1, queued for delivery, 202 with the receipt |
//! | `GET /api/reports/{id}/delivery` | how far each channel (webhook, mail) of a report has come, for the receipt; no content |
//! | `/api/desk/*` | the case desk's API for signed-in staff ([`desk`], [`access`]) |
//! | anything else | the form, from the static assets, with security headers (the page with the school's public profile in it) |
//!
//! The Cron Trigger (`[triggers]` in wrangler.toml) runs [`sweep`] every
//! five minutes: it queues again what the delivery queue should have had.
//!
//! Logs carry method, path, status, timing and report ids: never content.

use brud_edge::intake;
use brud_edge::preload::{desk_preloads, link_header, Preload};
use brud_edge::route::DeskRoute;
use brud_shared::api::{DeliveryReceipt, Receipt};
use brud_shared::syntax::is_uuid;
use brud_shared::time::Timestamp;
use brud_shared::webhook::sha256_hex;
use brud_shared::{examine, parse_report, Assessment, Mode, OrgProfile, ParseError, Report};
use chrono::{DateTime, Utc};
use worker::{
    console_error, console_log, event, Context, Date, Env, MessageBatch, MessageExt, Method,
    QueueRetryOptionsBuilder, Request, Response, Result, RouteContext, Router, ScheduleContext,
    ScheduledEvent,
};

mod access;
mod cases;
mod delivery;
mod desk;
mod error;
mod flood;
mod high_water;
mod http;
mod inbound;
mod log_key;
mod mail;
mod notices;
mod received;
mod runtime;
mod school_log;
mod upkeep;

use brud_store::held::{self, Held, HeldBecause, NewHeld};
use brud_store::reports;
use delivery::{DeliveryJob, DeliverySettings, Outcome};
use error::ApiError;
use log_key::LogKey;
use runtime::{directory, now, RequestMeta};

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    let started = Date::now().as_millis();
    let method = req.method();
    let path = req.path();
    let response = if path == "/api" || path.starts_with("/api/") || path == log_key::PATH {
        api(req, env, ctx).await?
    } else {
        form(req, &env).await?
    };
    let elapsed = Date::now().as_millis().saturating_sub(started);
    console_log!("{method} {path} {} {elapsed}ms", response.status_code());
    Ok(response)
}

async fn api(req: Request, env: Env, background: Context) -> Result<Response> {
    let origin = req.headers().get("origin")?;
    let directory = directory(&env);
    let response = if req.method() == Method::Options {
        http::preflight(req.path().as_str(), origin.as_deref(), directory)?
    } else {
        let response = Router::with_data(RequestMeta {
            origin: origin.clone(),
            background,
        })
        .get_async("/api/health", health)
        .get_async(log_key::PATH, published_log_key)
        .get_async("/api/orgs/:org", public_org)
        .post_async("/api/assess", assess_report)
        .post_async("/api/reports", submit_report)
        .get_async("/api/reports/:id/delivery", report_delivery)
        .get_async("/api/desk/me", desk::register::me)
        .get_async("/api/desk/cases", desk::register::list_all)
        .get_async("/api/desk/orgs/:org/cases", desk::register::list)
        .get_async("/api/desk/orgs/:org/cases/:reference", desk::case::detail)
        .get_async(
            "/api/desk/orgs/:org/cases/:reference/verify",
            desk::case::verify_case,
        )
        .get_async(
            "/api/desk/orgs/:org/cases/:reference/log",
            desk::case::export_log,
        )
        .get_async(
            "/api/desk/orgs/:org/cases/:reference/archive.zip",
            desk::case::archive,
        )
        .get_async(
            "/api/desk/orgs/:org/cases/:reference/notification.json",
            desk::case::template_notification,
        )
        .post_async(
            "/api/desk/orgs/:org/cases/:reference/events",
            desk::case::record,
        )
        .post_async(
            "/api/desk/orgs/:org/cases/:reference/attachments",
            desk::attachments::add,
        )
        .get_async(
            "/api/desk/orgs/:org/cases/:reference/attachments/:id",
            desk::attachments::download,
        )
        .get_async(
            "/api/desk/orgs/:org/register.csv",
            desk::exports::register_csv,
        )
        .get_async(
            "/api/desk/orgs/:org/register.json",
            desk::exports::register_json,
        )
        .get_async("/api/desk/control", desk::control::control_all)
        .get_async("/api/desk/orgs/:org/control", desk::control::control)
        .post_async(
            "/api/desk/orgs/:org/control/approvals",
            desk::control::approve_control,
        )
        .get_async(
            "/api/desk/orgs/:org/control/approvals/:sha256",
            desk::control::approved_report,
        )
        .get_async("/api/desk/orgs/:org/log", desk::control::school_log)
        .get_async("/api/desk/orgs/:org/held", desk::held::list_held)
        .post_async("/api/desk/orgs/:org/held/discard", desk::held::discard_held)
        .post_async("/api/desk/orgs/:org/held/:id/open", desk::held::open_held)
        .get_async("/api/desk/orgs/:org/deliveries", desk::control::deliveries)
        .get_async("/api/desk/orgs/:org/staff", desk::staff::list_staff)
        .post_async("/api/desk/orgs/:org/staff", desk::staff::change_staff)
        .run(req, env)
        .await?;
        // The router's own answers are plain text; every API error is a problem.
        let is_problem = response
            .headers()
            .get("content-type")?
            .is_some_and(|t| t.starts_with("application/problem+json"));
        let response = match response.status_code() {
            404 if !is_problem => ApiError::NotFound.into_response()?,
            405 if !is_problem => ApiError::MethodNotAllowed.into_response()?,
            _ => response,
        };
        if !response.headers().has("vary")? {
            http::apply_cors(response.headers(), origin.as_deref(), None, directory)?;
        }
        response
    };
    http::set(response.headers(), brud_edge::headers::api())?;
    Ok(response)
}

/// Renders a handler's result with CORS for `org` (or, when the organisation
/// is not known, for any configured one).
fn finish(
    result: std::result::Result<Response, ApiError>,
    ctx: &RouteContext<RequestMeta>,
    org: Option<&OrgProfile>,
) -> Result<Response> {
    let response = match result {
        Ok(response) => response,
        Err(error) => error.into_response()?,
    };
    http::apply_cors(
        response.headers(),
        ctx.data.origin.as_deref(),
        org,
        directory(&ctx.env),
    )?;
    Ok(response)
}

/// `GET /api/health`.
async fn health(_req: Request, _ctx: RouteContext<RequestMeta>) -> Result<Response> {
    Response::from_json(
        &serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }),
    )
}

/// `GET /.well-known/brud-log-key`: the log keys' public halves as a JWK
/// Set (the current key first, then the retired ones), each with its key
/// id: what an exported case log is verified with.
async fn published_log_key(_req: Request, ctx: RouteContext<RequestMeta>) -> Result<Response> {
    let result = async {
        let key = LogKey::from_env(&ctx.env).await?;
        Ok(Response::from_json(&key.key_set())?)
    }
    .await;
    result.or_else(|error: ApiError| error.into_response())
}

/// `GET /api/orgs/{org}`: name, DPO, contacts and steps; never the endpoint.
async fn public_org(_req: Request, ctx: RouteContext<RequestMeta>) -> Result<Response> {
    let org = ctx.param("org").and_then(|id| directory(&ctx.env).get(id));
    let result = match org {
        Some(org) => Response::from_json(&org.public()).map_err(ApiError::from),
        None => Err(ApiError::UnknownOrganisation),
    };
    finish(result, &ctx, org)
}

/// Parses a body into a report and finds its organisation.
async fn read_report(
    req: &mut Request,
    env: &Env,
) -> std::result::Result<(Report, &'static OrgProfile), ApiError> {
    let body = http::read_json_body(req).await?;
    let report = parse_report(&body).map_err(|error| match error {
        ParseError::Syntax { .. } => ApiError::MalformedJson,
        ParseError::Shape(problem) => ApiError::InvalidReport(vec![problem]),
    })?;
    let org = directory(env)
        .get(&report.org)
        .ok_or(ApiError::UnknownOrganisation)?;
    Ok((report, org))
}

/// Counts the request against `limit` (a Workers rate-limit binding and
/// its key, [`brud_edge::intake`]); whether it was within.
async fn within(env: &Env, limit: intake::Limit) -> std::result::Result<bool, ApiError> {
    Ok(env
        .rate_limiter(limit.binding)?
        .limit(limit.key)
        .await?
        .success)
}

/// A report that passed every check, with its assessment as of `now`.
struct CheckedReport {
    report: Report,
    org: &'static OrgProfile,
    assessment: Assessment,
    now: DateTime<Utc>,
    /// Over which limit it arrived, when it did: a new report is then held
    /// rather than refused ([`brud_store::held`]).
    over: Option<HeldBecause>,
}

/// The client's address, as Cloudflare gives it (`CF-Connecting-IP`).
fn client_of(req: &Request) -> std::result::Result<Option<String>, ApiError> {
    Ok(req.headers().get("cf-connecting-ip")?)
}

/// What every POST of a report goes through: count the client's limit for
/// `route` (its IPv4 address or IPv6 /64) before anything else is read,
/// read and parse the report, find its organisation (noted in `scope` for
/// CORS), count the organisation's ceiling (its DPO hears of it, once an
/// hour), and examine the report in `mode` as of now (validation and
/// assessment, by the domain). Over a limit, an assessment is refused with
/// 429 at once; a new report is read on, and refused with 429 only when it
/// is not valid: a valid one comes back marked `over`, to be held.
async fn checked_report(
    req: &mut Request,
    env: &Env,
    route: intake::Route,
    mode: Mode,
    scope: &mut Option<&'static OrgProfile>,
) -> std::result::Result<CheckedReport, ApiError> {
    let holds = route == intake::Route::Reports;
    let client = client_of(req)?;
    let mut over = None;
    if !within(env, intake::client_limit(route, client.as_deref())).await? {
        if !holds {
            return Err(ApiError::TooManyRequests);
        }
        over = Some(HeldBecause::Client);
    }
    // Over a limit, whatever is wrong with the report is a 429: nothing
    // to learn for a script.
    fn refused(over: Option<HeldBecause>, error: ApiError) -> ApiError {
        match over {
            Some(_) => ApiError::TooManyRequests,
            None => error,
        }
    }
    let (report, org) = read_report(req, env)
        .await
        .map_err(|error| refused(over, error))?;
    *scope = Some(org);
    if !within(env, intake::organisation_limit(route, &org.id)).await? {
        let timeout = DeliverySettings::from_env(env).timeout;
        if let Err(error) = flood::alert_ceiling(env, org, now(), timeout).await {
            console_error!("{}: ceiling alert: {error:?}", org.id);
        }
        if !holds {
            return Err(ApiError::TooManyRequests);
        }
        over.get_or_insert(HeldBecause::School);
    }
    let now = now();
    let examination = examine(&report, Some(org), mode, now);
    if !examination.validation.is_valid() {
        return Err(refused(
            over,
            ApiError::InvalidReport(examination.validation.errors),
        ));
    }
    Ok(CheckedReport {
        report,
        org,
        assessment: examination.assessment,
        now,
        over,
    })
}

/// `POST /api/assess`: the assessment of a draft or complete report.
async fn assess_report(mut req: Request, ctx: RouteContext<RequestMeta>) -> Result<Response> {
    let mut scope = None;
    let result = async {
        let checked = checked_report(
            &mut req,
            &ctx.env,
            intake::Route::Assess,
            Mode::Draft,
            &mut scope,
        )
        .await?;
        Ok(Response::from_json(&checked.assessment)?)
    }
    .await;
    finish(result, &ctx, scope)
}

/// `POST /api/reports`: validate, assess, store in D1, queue, answer 202.
/// A valid report beyond its client's limit or its school's ceiling is
/// held instead ([`hold_report`]).
async fn submit_report(mut req: Request, ctx: RouteContext<RequestMeta>) -> Result<Response> {
    let mut scope = None;
    let result = async {
        let CheckedReport {
            report,
            org,
            assessment,
            now,
            over,
        } = checked_report(
            &mut req,
            &ctx.env,
            intake::Route::Reports,
            Mode::Complete,
            &mut scope,
        )
        .await?;
        // The canonical serialisation: the same report hashes the same
        // however the client spaced or ordered it.
        let report_json = serde_json::to_string(&report)?;
        let db = runtime::db(&ctx.env)?;
        let taken = received::Taken {
            report: &report,
            json: &report_json,
            org,
            assessment: &assessment,
            at: now,
        };
        if let Some(because) = over {
            // A report taken before (its answer lost) is answered as taken.
            if reports::get(&db, &report.id).await?.is_none() {
                return hold_report(&ctx, &db, taken, because).await;
            }
        }
        // Held before and now within the limits (sent again, its answer
        // lost): taken as any report, and let go in the same transaction,
        // so the DPO is not left a copy of a case to open or discard.
        let release = held::release_statement(&org.id, &report.id);
        let stored = received::store_report(&ctx, &db, taken, Some(release)).await?;
        let receipt = Receipt {
            received_at: Timestamp::from(stored.received()),
            channels: stored.channels(org),
            id: stored.id,
            reference: stored.reference,
            assessment: serde_json::from_str(&stored.assessment)?,
            held: false,
        };
        Ok(Response::from_json(&receipt)?.with_status(202))
    }
    .await;
    finish(result, &ctx, scope)
}

/// Holds `report` (valid, arrived beyond the limit `because` names) for
/// the school's DPO: stored whole, no case, no mail, no webhook; 202 with
/// a receipt marked `held`; the DPO is mailed that reports wait (once an
/// hour per school, after the answer). 429 when the school already holds
/// its bound (`HELD_MAX`, 100 unless set).
async fn hold_report(
    ctx: &RouteContext<RequestMeta>,
    db: &brud_store::d1::D1,
    taken: received::Taken<'_>,
    because: HeldBecause,
) -> std::result::Result<Response, ApiError> {
    let received::Taken {
        report,
        json: report_json,
        org,
        assessment,
        at: now,
    } = taken;
    let new = NewHeld {
        id: &report.id,
        org: &org.id,
        body_sha256: &sha256_hex(report_json.as_bytes()),
        report_json,
        received_at: now,
        because,
    };
    let env = &ctx.env;
    let received_at = match held::hold(db, &new, runtime::var_u32(env, "HELD_MAX", 100)).await? {
        Held::New => {
            let timeout = DeliverySettings::from_env(env).timeout;
            ctx.data
                .background
                .wait_until(flood::alert_held(env.clone(), org, now, timeout));
            now
        }
        Held::Existing(before) if before.org == org.id => before.received(),
        Held::Existing(_) => return Err(ApiError::Conflict),
        Held::Full => return Err(ApiError::TooManyRequests),
    };
    console_log!("{}: a report held ({because:?})", org.id);
    let receipt = Receipt {
        id: report.id.clone(),
        reference: String::new(),
        received_at: Timestamp::from(received_at),
        assessment: assessment.clone(),
        channels: Vec::new(),
        held: true,
    };
    Ok(Response::from_json(&receipt)?.with_status(202))
}

/// `GET /api/reports/{id}/delivery`: how far each of the report's channels
/// has come, so the receipt can say whether the breach mailbox has the
/// mail. The id is the client's random UUID: whoever holds it sent the
/// report. No content, no contact.
async fn report_delivery(req: Request, ctx: RouteContext<RequestMeta>) -> Result<Response> {
    let mut scope = None;
    let result = async {
        // Before the id is looked up: an unknown id costs the same.
        let client = client_of(&req)?;
        if !within(
            &ctx.env,
            intake::client_limit(intake::Route::Delivery, client.as_deref()),
        )
        .await?
        {
            return Err(ApiError::TooManyRequests);
        }
        let id = ctx.param("id").map(String::as_str).unwrap_or_default();
        if !is_uuid(id) {
            return Err(ApiError::NotFound);
        }
        let db = runtime::db(&ctx.env)?;
        let stored = reports::get(&db, id).await?.ok_or(ApiError::NotFound)?;
        let org = directory(&ctx.env)
            .get(&stored.org)
            .ok_or(ApiError::NotFound)?;
        scope = Some(org);
        let answer = DeliveryReceipt {
            channels: stored.channels(org),
            id: stored.id,
            reference: stored.reference,
        };
        // Not cached: every API answer has `no-store` (brud_edge::headers::api).
        Ok(Response::from_json(&answer)?)
    }
    .await;
    finish(result, &ctx, scope)
}

/// The form and its files, and the desk's (`/desk/`), from the assets
/// binding, with security headers;
/// `?org=` chooses which intranet origins may frame it, and puts that
/// school's public profile in the page. The desk's register page comes
/// with its first screen drawn in it for a signed-in person
/// ([`http::desk_page`]).
async fn form(req: Request, env: &Env) -> Result<Response> {
    let url = req.url()?;
    // The address is read as the desk reads it.
    let query = url.query().unwrap_or_default();
    let route = DeskRoute::from_query(query);
    let org = route.org.as_deref().and_then(|id| directory(env).get(id));
    let is_page = matches!(url.path(), "/" | "/index.html");
    let is_desk = url.path() == "/desk" || url.path().starts_with("/desk/");
    let is_desk_page = matches!(url.path(), "/desk/" | "/desk/index.html");
    // The desk's first screen, drawn here for a signed-in person.
    let start = if is_desk_page && req.method() == Method::Get {
        desk::register::first_screen(&req, env, &route).await
    } else {
        None
    };
    let mut response = http::mutable_copy(env.assets("ASSETS")?.fetch_request(req).await?)?;
    if is_desk {
        // The desk's page and files: behind Access in production. Its data
        // is drawn in for a verified token only ([`desk::first_screen`]);
        // otherwise it comes from /api/desk/*, which checks the token itself.
        let headers = response.headers();
        http::set(headers, brud_edge::headers::desk())?;
        if response.status_code() == 200 && is_desk_page {
            match start {
                Some(start) => {
                    let lang = brud_edge::route::language(query);
                    return http::desk_page(response, route, lang, start).await;
                }
                None => headers.set("link", &preload_header(&route, org.is_some()))?,
            }
        }
        return Ok(response);
    }
    if let (true, 200, Some(org)) = (is_page, response.status_code(), org) {
        response = http::page_with_profile(response, org).await?;
    }
    http::set(response.headers(), brud_edge::headers::form(org))?;
    Ok(response)
}

/// The desk page's `Link` header: what the edge's policy preloads
/// ([`desk_preloads`]) at the addresses the desk asks them with.
fn preload_header(route: &DeskRoute, org_known: bool) -> String {
    use brud_case::desk::{case_path, list_path, ListFilter, ME_PATH};
    let paths: Vec<String> = desk_preloads(route, org_known)
        .into_iter()
        .map(|preload| match preload {
            Preload::Me => ME_PATH.to_string(),
            Preload::Case { org, reference } => case_path(&org, &reference),
            Preload::Register { org } => list_path(org.as_deref(), &ListFilter::register_start()),
        })
        .collect();
    link_header(&paths)
}

#[event(queue)]
async fn queue(batch: MessageBatch<DeliveryJob>, env: Env, _ctx: Context) -> Result<()> {
    // Never return an error from here: the runtime would retry the whole
    // batch, acknowledged messages included. Each message is settled alone.
    let settings = DeliverySettings::from_env(&env);
    let from_dead_letter_queue = batch.queue() == brud_config::DEAD_LETTER_QUEUE;
    let messages = match batch.messages() {
        Ok(messages) => messages,
        Err(error) => {
            worker::console_error!("unreadable delivery batch: {error}");
            batch.ack_all();
            return Ok(());
        }
    };
    for message in messages {
        if from_dead_letter_queue {
            delivery::give_up(&env, message.body()).await;
            message.ack();
            continue;
        }
        match delivery::deliver(&env, message.body(), &settings).await {
            Outcome::Done => message.ack(),
            Outcome::RetryAfter(seconds) => message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(seconds)
                    .build(),
            ),
        }
    }
    Ok(())
}

/// The Cron Trigger: the delivery sweep ([`delivery::sweep`]), cases for
/// reports that have none, the deadline reminders and retention
/// ([`upkeep`]), then the case notices due ([`notices::send_due`]). Each
/// step runs whatever the others did. Logs counts, never content.
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let cron = event.cron();
    let settings = DeliverySettings::from_env(&env);
    match delivery::sweep(&env, &settings).await {
        Ok(0) => {}
        Ok(count) => console_log!("sweep ({cron}): queued {count} again"),
        Err(error) => console_error!("sweep ({cron}): {error:?}"),
    }
    match open_unopened(&env).await {
        Ok(0) => {}
        Ok(count) => console_log!("cases ({cron}): opened {count}"),
        Err(error) => console_error!("cases ({cron}): {error:?}"),
    }
    match flood::send_summaries(&env, now(), settings.timeout).await {
        Ok(0) => {}
        Ok(count) => console_log!("held mails ({cron}): {count} summaries sent"),
        Err(error) => console_error!("held mails ({cron}): {error:?}"),
    }
    match flood::send_recipient_summaries(&env, now(), settings.timeout).await {
        Ok(0) => {}
        Ok(count) => console_log!("held case mails ({cron}): {count} summaries sent"),
        Err(error) => console_error!("held case mails ({cron}): {error:?}"),
    }
    match upkeep::remind(&env, now()).await {
        Ok(0) => {}
        Ok(count) => console_log!("reminders ({cron}): recorded {count}"),
        Err(error) => console_error!("reminders ({cron}): {error:?}"),
    }
    match upkeep::remind_follow_ups(&env, now()).await {
        Ok(0) => {}
        Ok(count) => console_log!("follow-up reminders ({cron}): recorded {count}"),
        Err(error) => console_error!("follow-up reminders ({cron}): {error:?}"),
    }
    match upkeep::keep_words(&env).await {
        Ok(0) => {}
        Ok(count) => console_log!("search words ({cron}): kept for {count} cases"),
        Err(error) => console_error!("search words ({cron}): {error:?}"),
    }
    match upkeep::keep_facts(&env).await {
        Ok(0) => {}
        Ok(count) => console_log!("control facts ({cron}): made for {count} cases"),
        Err(error) => console_error!("control facts ({cron}): {error:?}"),
    }
    match upkeep::keep_classes(&env).await {
        Ok(0) => {}
        Ok(count) => console_log!("control classes ({cron}): kept for {count} cases"),
        Err(error) => console_error!("control classes ({cron}): {error:?}"),
    }
    match upkeep::retain(&env, now()).await {
        Ok(upkeep::Retained {
            erased: 0,
            deleted: 0,
        }) => {}
        Ok(done) => console_log!(
            "retention ({cron}): erased {} contacts, deleted {} cases",
            done.erased,
            done.deleted
        ),
        Err(error) => console_error!("retention ({cron}): {error:?}"),
    }
    match make_checkpoints(&env).await {
        Ok(0) => {}
        Ok(count) => console_log!("checkpoints ({cron}): {count} made"),
        Err(error) => console_error!("checkpoints ({cron}): {error:?}"),
    }
    match notices::send_due(&env, None, now(), 50).await {
        Ok((0, 0)) => {}
        Ok((sent, failed)) => console_log!("notices ({cron}): sent {sent}, failed {failed}"),
        Err(error) => console_error!("notices ({cron}): {error:?}"),
    }
}

/// Puts this period's signed checkpoint of each school's log marks in the
/// outbox ([`high_water::checkpoints`]); the notices' step sends them.
async fn make_checkpoints(env: &Env) -> std::result::Result<usize, ApiError> {
    let db = runtime::db(env)?;
    let key = LogKey::from_env(env).await?;
    let made = high_water::checkpoints(env, &db, &key, &directory(env).orgs, now()).await?;
    Ok(made.len())
}

/// A mail to a school's breach mailbox (Email Routing): forwarded first,
/// then a case, a case's mail, or nothing more ([`inbound::receive`]).
#[event(email)]
async fn email(message: worker::ForwardableEmailMessage, env: Env, _ctx: Context) -> Result<()> {
    if let Err(error) = inbound::receive(message, env).await {
        console_error!("mail: {error:?}");
    }
    Ok(())
}

/// Opens the cases of stored reports that have none (their opening failed
/// after the report was stored, or they came before cases existed).
async fn open_unopened(env: &Env) -> std::result::Result<usize, ApiError> {
    let db = runtime::db(env)?;
    let ids = brud_store::cases::unopened(&db, 50).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let key = LogKey::from_env(env).await?;
    let marks = high_water::Marks::from_env(env);
    for id in &ids {
        if let Some((head, _)) = brud_store::cases::report_head(&db, id).await? {
            if let Some(org) = directory(env).get(&head.org) {
                let writer = cases::Writer {
                    key: &key,
                    marks: &marks,
                };
                cases::open_stored(&db, &writer, id, org).await?;
            }
        }
    }
    Ok(ids.len())
}
