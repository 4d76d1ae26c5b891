//! The case desk's API (`/api/desk/*`): for staff signed in through
//! Cloudflare Access, each in the organisations where the configuration
//! gives them a role, never another's.
//!
//! Every handler first checks the Access token ([`access::signed_in`], 401)
//! and then the person's role in the organisation of the path (403 when
//! they have none); a case is looked up within that organisation only, so
//! another school's reference is simply not found. What a role may record
//! is the domain's ([`EventKind::may_be_recorded_by`]), as is everything
//! about the case itself. Logs name the organisation, the case's reference,
//! the event's kind and sequence: never content.

use brud_case::chain::{
    signed_heads, verify_signed, CaseIds, ChainBreak, LogExport, SignedHead, StoredEvent,
    EXPORT_FORMAT,
};
use brud_case::control::{check_approval, report_of_year, Approval, NewApproval};
use brud_case::desk::{
    CaseDetail, CaseList, CaseListItem, ChainVerdict, ControlAnswer, DeskStart, EventRecorded,
    ListFilter, Me, MyOrg, NewEvent,
};
use brud_case::entries::{Dismissed, Opened};
use brud_case::register::{csv_head, csv_line, RegisterRow};
use brud_case::summary::{CaseSummary, StoredRow};
use brud_case::write::Entry;
use brud_case::{
    deadline_state, report_matches, without_contact, Actor, Case, DismissalReason, EventKind,
};
use brud_edge::headers::same_site_write;
use brud_edge::route::DeskRoute;
use brud_shared::org::StaffRole;
use brud_shared::reference::Reference;
use brud_shared::time::to_copenhagen;
use brud_shared::{OrgProfile, Problem, ProblemCode};
use brud_store::cases::{self as stored, stored_events, CaseHead, EventRow};
use brud_store::d1::D1;
use brud_store::{control as control_store, list as list_store, reports, Database};
use chrono::{DateTime, Datelike, Utc};
use worker::{
    console_error, console_log, Env, Request, Response, ResponseBody, Result, RouteContext,
};

use crate::cases::{self, RecordError, Recorded};
use crate::error::ApiError;
use crate::log_key::LogKey;
use crate::notices;
use crate::runtime::{db, directory, now, var_u32, RequestMeta};
use crate::{access, http};

/// The signed-in person and their role in the path's organisation.
struct Staff {
    email: String,
    org: &'static OrgProfile,
    role: StaffRole,
}

/// 401 without a valid token; 403 without a role in `{org}` (an unknown
/// organisation included, so the answer says nothing about which exist).
async fn staff(req: &Request, ctx: &RouteContext<RequestMeta>) -> Result<Staff, ApiError> {
    let email = access::signed_in(req, &ctx.env).await?;
    let org = ctx
        .param("org")
        .and_then(|id| directory(&ctx.env).get(id))
        .ok_or(ApiError::Forbidden)?;
    let role = org.role_of(&email).ok_or(ApiError::Forbidden)?;
    Ok(Staff { email, org, role })
}

/// The response, or the problem; never CORS (the desk is same-origin).
fn answer(result: Result<Response, ApiError>) -> worker::Result<Response> {
    let response = match result {
        Ok(response) => response,
        Err(error) => error.into_response()?,
    };
    // Marks the response as handled, so no CORS header is added for the
    // form's intranet origins.
    response.headers().set("vary", "Origin")?;
    Ok(response)
}

/// `GET /api/desk/me`.
pub async fn me(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let email = access::signed_in(&req, &ctx.env).await?;
            Ok(Response::from_json(&me_of(&ctx.env, email))?)
        }
        .await,
    )
}

/// Who `email` is here: the organisations where they have a role.
fn me_of(env: &Env, email: String) -> Me {
    let orgs = directory(env)
        .roles_of(&email)
        .into_iter()
        .map(|(org, role)| MyOrg {
            id: org.id.clone(),
            name: org.name.clone(),
            short_code: org.short_code.clone(),
            role,
        })
        .collect();
    Me { email, orgs }
}

fn query_pairs(req: &Request) -> Result<Vec<(String, String)>, ApiError> {
    Ok(req
        .url()?
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

fn filter(req: &Request) -> Result<ListFilter, ApiError> {
    let pairs = query_pairs(req)?;
    ListFilter::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(ApiError::BadQuery)
}

/// One page of the cases of `orgs`, as the desk's list.
async fn case_list(env: &Env, orgs: &[&str], filter: &ListFilter) -> Result<CaseList, ApiError> {
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
    let me = me_of(env, email);
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
            let orgs: Vec<&str> = directory(&ctx.env)
                .roles_of(&email)
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

/// A case's head and log, within the staff member's organisation.
async fn load(
    ctx: &RouteContext<RequestMeta>,
    staff: &Staff,
) -> Result<(CaseHead, Vec<EventRow>), ApiError> {
    let reference = ctx.param("reference").ok_or(ApiError::CaseNotFound)?;
    let db = db(&ctx.env)?;
    let head = stored::find(&db, &staff.org.id, reference)
        .await?
        .ok_or(ApiError::CaseNotFound)?;
    let rows = stored::events(&db, &head.report_id).await?;
    Ok((head, rows))
}

/// The verdict on a case's log; `case` is the log replayed, when it
/// replays (the caller has it already).
async fn verdict(
    db: &impl Database,
    key: &LogKey,
    head: &CaseHead,
    stored: &[StoredEvent],
    case: Option<&Case>,
    org: &OrgProfile,
) -> Result<ChainVerdict, ApiError> {
    let (report, assessment) = head.parts()?;
    let report_matches = stored.first().is_some_and(|first| {
        report_matches(
            &report,
            &assessment,
            &first.event.kind,
            erased(stored),
            head.contact_salt.as_deref(),
        )
    });
    let rows_match = rows_match(db, head, stored, case, org).await?;
    let signed_head = head.signed_head();
    let checked = check_signatures(key, stored, signed_head.as_ref(), &head.ids()).await?;
    Ok(match checked {
        Ok(events) => ChainVerdict {
            verified: report_matches && rows_match,
            events,
            broken_at: None,
            report_matches,
            rows_match,
        },
        Err(broken) => ChainVerdict {
            verified: false,
            events: stored.len(),
            broken_at: Some(broken),
            report_matches,
            rows_match,
        },
    })
}

/// The chain, the events' signatures and the case's signed head checked
/// ([`verify_signed`]), the signatures by WebCrypto with the log key.
async fn check_signatures(
    key: &LogKey,
    stored: &[StoredEvent],
    head: Option<&SignedHead>,
    case: &CaseIds,
) -> Result<Result<usize, ChainBreak>, ApiError> {
    let mut holding = Vec::new();
    for (signed, signature) in signed_heads(stored, head, case) {
        if key.holds(&signed, &signature).await? {
            holding.push((signed, signature));
        }
    }
    Ok(verify_signed(stored, head, case, |signed, signature| {
        holding.iter().any(|(h, s)| h == signed && s == signature)
    }))
}

/// Whether the case's row on file is the one its log gives (as of the last
/// event, when the row was written): a row changed from outside, or events
/// removed from the end of the log, do not match.
async fn rows_match(
    db: &impl Database,
    head: &CaseHead,
    stored: &[StoredEvent],
    case: Option<&Case>,
    org: &OrgProfile,
) -> Result<bool, ApiError> {
    let (Some(case), Some(_)) = (case, stored.last()) else {
        return Ok(false);
    };
    let Some(on_file) = stored::row_on_file(db, &head.report_id).await? else {
        return Ok(false);
    };
    let rebuilt = StoredRow::of(&head.report_id, &head.reference, case, Some(org));
    Ok(rebuilt.matches(&on_file, case.sequence))
}

/// Whether the log records an erasure of the reporter's contact.
fn erased(stored: &[StoredEvent]) -> bool {
    stored
        .iter()
        .any(|s| matches!(s.event.kind, brud_case::EventKind::ContactErased))
}

/// `GET /api/desk/orgs/{org}/cases/{reference}`.
pub async fn detail(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let (head, rows) = load(&ctx, &staff).await?;
            let stored = stored_events(&rows)?;
            let db = db(&ctx.env)?;
            let mut case = head.rebuild(&stored, staff.org)?;
            let key = LogKey::from_env(&ctx.env).await?;
            let chain = verdict(&db, &key, &head, &stored, Some(&case), staff.org).await?;
            let mut events = stored;
            if staff.role != StaffRole::Dpo {
                case.report = without_contact(&case.report);
                // The contact's hash is the DPO's too (the chain is
                // verified above, by the Worker, with it).
                for stored in &mut events {
                    if let EventKind::Opened(Opened { contact_sha256, .. }) = &mut stored.event.kind
                    {
                        contact_sha256.clear();
                    }
                }
            }
            let now = now();
            Ok(Response::from_json(&CaseDetail {
                id: head.report_id.clone(),
                reference: head.reference.clone(),
                role: staff.role,
                deadline_state: deadline_state(&case, now),
                open_obligations: case.open_obligations(Some(staff.org)),
                steps: brud_case::steps::step_states(&case, Some(staff.org)),
                available: case.available(staff.role, Some(staff.org)),
                report_as_decided: case.report_as_decided(),
                case,
                events,
                chain,
            })?)
        }
        .await,
    )
}

/// `GET /api/desk/orgs/{org}/cases/{reference}/verify`: whether the log's
/// chain holds, the report is the one the case opened with, and the case's
/// row is the one the log gives.
pub async fn verify_case(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let (head, rows) = load(&ctx, &staff).await?;
            // Parsed loosely: a row changed into something that does not
            // parse is a break at its sequence, not an error.
            let mut stored = Vec::with_capacity(rows.len());
            for row in &rows {
                match row.stored() {
                    Ok(event) => stored.push(event),
                    Err(_) => {
                        return Ok(Response::from_json(&ChainVerdict {
                            verified: false,
                            events: rows.len(),
                            broken_at: Some(brud_case::chain::ChainBreak {
                                sequence: row.sequence,
                                reason: brud_case::chain::BreakReason::HashMismatch,
                            }),
                            report_matches: false,
                            rows_match: false,
                        })?)
                    }
                }
            }
            let db = db(&ctx.env)?;
            // A log that no longer replays cannot match its row.
            let case = head.rebuild(&stored, staff.org).ok();
            let key = LogKey::from_env(&ctx.env).await?;
            let verdict = verdict(&db, &key, &head, &stored, case.as_ref(), staff.org).await?;
            Ok(Response::from_json(&verdict)?)
        }
        .await,
    )
}

/// `GET /api/desk/orgs/{org}/cases/{reference}/log`: the case's log as
/// stored, with its signatures and the case's signed head
/// ([`LogExport`]), for `brud-verify` to check offline with the published
/// key. The DPO's only: the opening event carries the reporter's contact
/// hash, which the export must keep for the chain to verify.
pub async fn export_log(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            if !brud_case::desk::may_export_log(staff.role) {
                return Err(ApiError::Forbidden);
            }
            let (head, rows) = load(&ctx, &staff).await?;
            let export = LogExport {
                format: EXPORT_FORMAT.to_string(),
                case: head.ids(),
                events: stored_events(&rows)?,
                head: head.signed_head(),
            };
            let name = format!("{}-log.json", head.reference);
            attachment(Response::from_json(&export)?, &name)
        }
        .await,
    )
}

/// Reads the body of a POST of an event: 415/413/400 as for reports; a
/// body that is JSON but not an event is 422 with the path of what is
/// wrong.
async fn read_new_event(req: &mut Request) -> Result<NewEvent, ApiError> {
    let body = http::read_json_body(req).await?;
    let value: serde_json::Value =
        serde_json::from_str(&body).map_err(|_| ApiError::MalformedJson)?;
    serde_json::from_value(value).map_err(|error| {
        ApiError::EventRefused(vec![Problem::new(
            "kind",
            ProblemCode::InvalidValue,
            format!("Registreringen kunne ikke læses: {error}"),
            format!("The entry could not be read: {error}"),
        )])
    })
}

/// Refuses an unsafe request another site's page made ([`same_site_write`]),
/// before anything of it is read.
fn refuse_cross_site(req: &Request, ctx: &RouteContext<RequestMeta>) -> Result<(), ApiError> {
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

/// `POST /api/desk/orgs/{org}/cases/{reference}/events`.
pub async fn record(mut req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff(&req, &ctx).await?;
            let new = read_new_event(&mut req).await?;
            if !new.kind.may_be_recorded_by(staff.role) {
                return Err(ApiError::Forbidden);
            }
            if new
                .client_event_id
                .as_deref()
                .is_some_and(|id| !brud_shared::syntax::is_uuid(id))
            {
                return Err(ApiError::EventRefused(vec![Problem::new(
                    "client_event_id",
                    ProblemCode::InvalidValue,
                    "Id'et skal være et UUID.",
                    "The id must be a UUID.",
                )]));
            }
            let reference = ctx.param("reference").ok_or(ApiError::CaseNotFound)?;
            let db = db(&ctx.env)?;
            let loaded = stored::load(&db, staff.org, reference)
                .await?
                .ok_or(ApiError::CaseNotFound)?;
            let (head, rows) = (&loaded.head, &loaded.rows);
            if let Some(done) = already_recorded(rows, &new)? {
                // The case as loaded is the case after it: no replay again.
                let response = event_recorded(head, loaded.case(), done, staff.org)?;
                return Ok(response.with_status(200));
            }
            if new.expected_sequence != loaded.case().sequence {
                return Err(ApiError::StaleSequence);
            }
            duplicate_is_known(&db, staff.org, reference, &new.kind).await?;
            let entry = Entry {
                actor: Actor::Person(staff.email.clone()),
                at: now(),
                kind: new.kind.clone(),
                client_event_id: new.client_event_id.clone(),
            };
            let key = LogKey::from_env(&ctx.env).await?;
            let recorded = cases::record(&db, &key, staff.org, &loaded, entry, Vec::new()).await;
            match recorded {
                Ok(recorded @ Recorded::Appended(_)) => {
                    for id in recorded.notices() {
                        ctx.data
                            .background
                            .wait_until(notices::send_now(ctx.env.clone(), id));
                    }
                    let Recorded::Appended(signed) = recorded else {
                        unreachable!("matched above")
                    };
                    let write = signed.write;
                    Ok(event_recorded(head, &write.case, write.event, staff.org)?.with_status(201))
                }
                Err(RecordError::Refused(problems)) => Err(ApiError::EventRefused(problems)),
                Err(RecordError::Failed(error)) => Err(error),
                // Someone else wrote first: the same event retried at once
                // (its id is now there) or another change (stale).
                Ok(Recorded::Lost) => {
                    let rows = stored::events(&db, &head.report_id).await?;
                    match already_recorded(&rows, &new)? {
                        Some(done) => {
                            Ok(recorded_answer(head, &rows, done, staff.org)?.with_status(200))
                        }
                        None => Err(ApiError::StaleSequence),
                    }
                }
            }
        }
        .await,
    )
}

/// A dismissal as a duplicate names another case of the same school
/// (which only D1 knows; the domain checks the reference's form): 422 on
/// `duplicate_of` otherwise.
async fn duplicate_is_known(
    db: &impl Database,
    org: &OrgProfile,
    reference: &str,
    kind: &EventKind,
) -> Result<(), ApiError> {
    let EventKind::Dismissed(Dismissed {
        reason: DismissalReason::Duplicate,
        duplicate_of: Some(other),
        ..
    }) = kind
    else {
        return Ok(());
    };
    let other = other.trim();
    // A malformed reference is the domain's problem to name.
    if other.parse::<Reference>().is_err()
        || (other != reference && stored::find(db, &org.id, other).await?.is_some())
    {
        return Ok(());
    }
    Err(ApiError::EventRefused(vec![Problem::new(
        "duplicate_of",
        ProblemCode::InvalidValue,
        "Skolen har ingen anden sag med det journalnummer.",
        "The school has no other case with that reference.",
    )]))
}

/// The stored event with the request's client event id, when there is one
/// and it is the same event; 409 when the id names a different one.
fn already_recorded(rows: &[EventRow], new: &NewEvent) -> Result<Option<StoredEvent>, ApiError> {
    let Some(id) = new.client_event_id.as_deref() else {
        return Ok(None);
    };
    let Some(row) = rows
        .iter()
        .find(|row| row.client_event_id.as_deref() == Some(id))
    else {
        return Ok(None);
    };
    let stored = row.stored()?;
    if stored.event.kind == new.kind {
        Ok(Some(stored))
    } else {
        Err(ApiError::EventIdConflict)
    }
}

/// The answer for an event already in the log (a retried POST): the case
/// rebuilt from `rows`.
fn recorded_answer(
    head: &CaseHead,
    rows: &[EventRow],
    event: StoredEvent,
    org: &OrgProfile,
) -> Result<Response, ApiError> {
    let case = head.rebuild(&stored_events(rows)?, org)?;
    event_recorded(head, &case, event, org)
}

/// `event` as recorded, with the case's row and deadline after it.
fn event_recorded(
    head: &CaseHead,
    case: &Case,
    event: StoredEvent,
    org: &OrgProfile,
) -> Result<Response, ApiError> {
    let summary = CaseSummary::of(&head.report_id, &head.reference, case, Some(org));
    Ok(Response::from_json(&EventRecorded {
        event,
        deadline_state: summary.deadline_state(now()),
        case: summary,
    })?)
}

fn attachment(response: Response, name: &str) -> Result<Response, ApiError> {
    response.headers().set(
        "content-disposition",
        &format!("attachment; filename=\"{name}\""),
    )?;
    Ok(response)
}

fn year_suffix(year: Option<i32>) -> String {
    year.map_or("alle".to_string(), |y| y.to_string())
}

/// Rows per page of the streamed CSV (`REGISTER_PAGE_ROWS` to change it;
/// the tests make it small to cross pages with a few cases).
const REGISTER_PAGE_ROWS: u32 = 500;

/// `GET /api/desk/orgs/{org}/register.csv[?year=]`: the register for
/// Danish Excel, streamed: the first page is read before the answer starts
/// (so a failure is still a problem response), the rest page by page while
/// the file is sent, so the Worker never holds the whole register. The
/// pages are written into a `TransformStream` whose readable side is the
/// body (the runtime's own streams, as a JavaScript Worker streams).
pub async fn register_csv(
    req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let year = filter(&req)?.year;
            let page_rows = var_u32(&ctx.env, "REGISTER_PAGE_ROWS", REGISTER_PAGE_ROWS).max(1);
            let db = db(&ctx.env)?;
            let org = staff.org.id.clone();
            let first = list_store::register_page(&db, &org, year, None, page_rows).await?;
            let pipe = web_sys::TransformStream::new()
                .map_err(|_| ApiError::Internal("transform stream".into()))?;
            let writer = pipe
                .writable()
                .get_writer()
                .map_err(|_| ApiError::Internal("stream writer".into()))?;
            let file = CsvFile {
                db,
                org,
                year,
                page_rows,
                at: now(),
            };
            worker::wasm_bindgen_futures::spawn_local(async move {
                let written = file.write(&writer, first).await;
                // Closed, the file is complete; aborted, the download fails
                // rather than looking complete without its last rows.
                let end = match written {
                    Ok(()) => writer.close(),
                    Err(()) => {
                        console_log!("register.csv: a later page could not be read or sent");
                        writer.abort()
                    }
                };
                let _ = worker::wasm_bindgen_futures::JsFuture::from(end).await;
            });
            let mut response = Response::from_body(ResponseBody::Stream(pipe.readable()))?;
            response
                .headers_mut()
                .set("content-type", "text/csv; charset=utf-8")?;
            let name = format!("fortegnelse-{}-{}.csv", staff.org.id, year_suffix(year));
            attachment(response, &name)
        }
        .await,
    )
}

/// The register CSV being written: whose, which year, how many rows a page.
struct CsvFile {
    db: D1,
    org: String,
    year: Option<i32>,
    page_rows: u32,
    /// The deadline's state is as of this time in every row.
    at: DateTime<Utc>,
}

impl CsvFile {
    /// Writes the head and `first` page, then every later page as it is
    /// read; each write waits until the reader has room (backpressure).
    async fn write(
        &self,
        writer: &web_sys::WritableStreamDefaultWriter,
        first: Vec<(String, RegisterRow, CaseSummary)>,
    ) -> std::result::Result<(), ()> {
        let mut chunk = csv_head();
        let mut page = first;
        loop {
            // A short page is the last one; a full one's last reference is
            // where the next begins.
            let next = match page.last() {
                Some((last, _, _)) if page.len() >= self.page_rows as usize => Some(last.clone()),
                _ => None,
            };
            for (_, row, summary) in page {
                chunk.push_str(&csv_line(&row.cells(&summary.deadline_state(self.at))));
            }
            let bytes = worker::js_sys::Uint8Array::from(chunk.as_bytes());
            worker::wasm_bindgen_futures::JsFuture::from(writer.write_with_chunk(&bytes))
                .await
                .map_err(|_| ())?;
            let Some(last) = next else {
                return Ok(());
            };
            page = list_store::register_page(
                &self.db,
                &self.org,
                self.year,
                Some(&last),
                self.page_rows,
            )
            .await
            .map_err(|_| ())?;
            chunk = String::new();
        }
    }
}

/// `GET /api/desk/orgs/{org}/register.json[?year=]`: the same rows as
/// objects keyed by the register's (Danish) column names.
pub async fn register_json(
    req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let year = filter(&req)?.year;
            let db = db(&ctx.env)?;
            let now = now();
            let objects: Vec<serde_json::Map<String, serde_json::Value>> =
                list_store::register_page(&db, &staff.org.id, year, None, u32::MAX)
                    .await?
                    .into_iter()
                    .map(|(_, row, summary)| row.json_object(&summary.deadline_state(now)))
                    .collect();
            let name = format!("fortegnelse-{}-{}.json", staff.org.id, year_suffix(year));
            attachment(Response::from_json(&objects)?, &name)
        }
        .await,
    )
}

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
            let orgs: Vec<&OrgProfile> = directory(&ctx.env)
                .roles_of(&email)
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
                processors.extend(brud_config::processors_of(&org.id).into_iter().map(
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
async fn year_report(
    db: &impl Database,
    org: &OrgProfile,
    year: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<brud_case::control::ControlReport, ApiError> {
    let facts = control_store::year_facts(db, &[org], year).await?;
    let processors = brud_config::processors_of(&org.id);
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
            let approval = Approval {
                year: new.year,
                approved_at: now,
                approved_by: staff.email.clone(),
                report_sha256: new.report_sha256,
                note: new.note.trim().to_string(),
            };
            control_store::approve(&db, &staff.org.id, &approval).await?;
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
