//! One case: its detail with the chain's verdict, its verification, its
//! signed log for `brud-verify`, and recording an entry on it.

use brud_case::chain::{
    signed_heads, verify_signed, CaseIds, ChainBreak, LogExport, SignedHead, StoredEvent,
    EXPORT_FORMAT,
};
use brud_case::desk::{CaseDetail, ChainVerdict, EventRecorded, NewEvent};
use brud_case::entries::{Dismissed, Opened};
use brud_case::summary::{CaseSummary, StoredRow};
use brud_case::write::{Entry, Refused};
use brud_case::{
    deadline_state, report_matches, without_contact, Actor, Case, DismissalReason, EventKind,
};
use brud_shared::org::StaffRole;
use brud_shared::parse::ParseError;
use brud_shared::reference::Reference;
use brud_shared::{OrgProfile, Problem, ProblemCode};
use brud_store::cases::{self as stored, stored_events, CaseHead, EventRow};
use brud_store::Database;
use worker::{Request, Response, Result, RouteContext};

use crate::cases::{self, RecordError, Recorded};
use crate::error::ApiError;
use crate::high_water::Marks;
use crate::http;
use crate::log_key::LogKey;
use crate::notices;
use crate::runtime::{db, now, RequestMeta};

use super::common::*;

/// A case's head and log, within the staff member's organisation.
pub(super) async fn load(
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
pub(super) async fn verdict(
    db: &impl Database,
    key: &LogKey,
    marks: &Marks,
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
    let mark = marks.mark(&head.org, &head.report_id).await?;
    Ok(match checked {
        Ok(events) => ChainVerdict {
            verified: report_matches && rows_match,
            events,
            broken_at: None,
            report_matches,
            rows_match,
            high_water: None,
        },
        Err(broken) => ChainVerdict {
            verified: false,
            events: stored.len(),
            broken_at: Some(broken),
            report_matches,
            rows_match,
            high_water: None,
        },
    }
    .against_mark(stored, mark.as_ref().map(|signed| &signed.head)))
}

/// The chain, the events' signatures and the case's signed head checked
/// ([`verify_signed`]), the signatures by WebCrypto with the log key.
pub(super) async fn check_signatures(
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
pub(super) async fn rows_match(
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
pub(super) fn erased(stored: &[StoredEvent]) -> bool {
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
            let marks = Marks::from_env(&ctx.env);
            let chain = verdict(&db, &key, &marks, &head, &stored, Some(&case), staff.org).await?;
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
            let available = case.available(staff.role, Some(staff.org));
            Ok(Response::from_json(&CaseDetail {
                id: head.report_id.clone(),
                reference: head.reference.clone(),
                role: staff.role,
                deadline_state: deadline_state(&case, now),
                open_obligations: case.open_obligations(Some(staff.org)),
                steps: brud_case::steps::step_states(&case, Some(staff.org)),
                prefill: brud_case::desk::prefills(&case, &available),
                available,
                may_add_files: brud_case::desk::may_add_files(staff.role),
                may_archive: brud_case::desk::may_export_log(staff.role),
                report_as_decided: case.report_as_decided(),
                template_answers: brud_case::template::answers(events.iter().map(|s| &s.event)),
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
                            high_water: None,
                        })?)
                    }
                }
            }
            let db = db(&ctx.env)?;
            // A log that no longer replays cannot match its row.
            let case = head.rebuild(&stored, staff.org).ok();
            let key = LogKey::from_env(&ctx.env).await?;
            let marks = Marks::from_env(&ctx.env);
            let verdict =
                verdict(&db, &key, &marks, &head, &stored, case.as_ref(), staff.org).await?;
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
/// wrong ([`NewEvent::parse`]).
pub(super) async fn read_new_event(req: &mut Request) -> Result<NewEvent, ApiError> {
    let body = http::read_json_body(req).await?;
    NewEvent::parse(&body).map_err(|error| match error {
        ParseError::Syntax { .. } => ApiError::MalformedJson,
        ParseError::Shape(problem) => ApiError::EventRefused(vec![problem]),
    })
}

/// `POST /api/desk/orgs/{org}/cases/{reference}/events`.
pub async fn record(mut req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff(&req, &ctx).await?;
            let new = read_new_event(&mut req).await?;
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
            if new.kind.tag().own_route() {
                return Err(ApiError::EventRefused(vec![Problem::new(
                    "kind",
                    ProblemCode::InvalidValue,
                    "En fil tilføjes med …/attachments, ikke som registrering.",
                    "A file is added with …/attachments, not as an entry.",
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
                role: Some(staff.role),
                at: now(),
                kind: new.kind.clone(),
                client_event_id: new.client_event_id.clone(),
            };
            let key = LogKey::from_env(&ctx.env).await?;
            let marks = Marks::from_env(&ctx.env);
            let writer = cases::Writer {
                key: &key,
                marks: &marks,
            };
            let recorded = cases::record(&db, &writer, staff.org, &loaded, entry, Vec::new()).await;
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
                Err(RecordError::Refused(Refused::Role(problem))) => {
                    Err(ApiError::RoleRefused(vec![problem]))
                }
                Err(RecordError::Refused(Refused::Entry(problems))) => {
                    Err(ApiError::EventRefused(problems))
                }
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
pub(super) async fn duplicate_is_known(
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
pub(super) fn already_recorded(
    rows: &[EventRow],
    new: &NewEvent,
) -> Result<Option<StoredEvent>, ApiError> {
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
pub(super) fn recorded_answer(
    head: &CaseHead,
    rows: &[EventRow],
    event: StoredEvent,
    org: &OrgProfile,
) -> Result<Response, ApiError> {
    let case = head.rebuild(&stored_events(rows)?, org)?;
    event_recorded(head, &case, event, org)
}

/// `event` as recorded, with the case's row and deadline after it.
pub(super) fn event_recorded(
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

/// `GET /api/desk/orgs/{org}/cases/{reference}/archive.zip`: the case file
/// for the archive ([`brud_case::archive`]): the readable document, the
/// case's files from the bucket, and the signed log as `…/log` gives it.
/// The DPO's, as the log's export is (it keeps the contact's hash).
pub async fn archive(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            use brud_case::archive::{
                archive_name, document_html, file_path, DOCUMENT_NAME, LOG_NAME,
            };
            let staff = staff(&req, &ctx).await?;
            if !brud_case::desk::may_export_log(staff.role) {
                return Err(ApiError::Forbidden);
            }
            let (head, rows) = load(&ctx, &staff).await?;
            let stored = stored_events(&rows)?;
            let case = head.rebuild(&stored, staff.org)?;
            let document = document_html(&case, &stored, staff.org, &head.reference, now());
            let export = LogExport {
                format: EXPORT_FORMAT.to_string(),
                case: head.ids(),
                events: stored,
                head: head.signed_head(),
            };
            let mut files = Vec::with_capacity(case.attachments.len());
            if !case.attachments.is_empty() {
                let bucket = ctx
                    .env
                    .bucket(super::attachments::BUCKET)
                    .map_err(|_| ApiError::Internal("no evidence bucket".into()))?;
                for (index, file) in case.attachments.iter().enumerate() {
                    let key =
                        brud_case::evidence::object_key(&staff.org.id, &head.report_id, &file.id);
                    let object = bucket
                        .get(&key)
                        .execute()
                        .await
                        .map_err(|_| ApiError::Internal("evidence unreadable".into()))?
                        .ok_or_else(|| ApiError::Internal("evidence missing".into()))?;
                    let bytes = match object.body() {
                        Some(body) => body.bytes().await?,
                        None => Vec::new(),
                    };
                    files.push((file_path(index, file), bytes));
                }
            }
            let zipped = zip_of(
                [
                    (DOCUMENT_NAME.to_string(), document.into_bytes()),
                    (LOG_NAME.to_string(), serde_json::to_vec_pretty(&export)?),
                ]
                .into_iter()
                .chain(files),
            )?;
            let response = Response::from_bytes(zipped)?;
            let headers = response.headers();
            headers.set("content-type", "application/zip")?;
            headers.set("cache-control", "no-store")?;
            worker::console_log!(
                "case {} {}: archive downloaded",
                staff.org.id,
                head.reference
            );
            attachment(response, &archive_name(&head.reference))
        }
        .await,
    )
}

/// A ZIP of `entries` (name, bytes), stored without compression: the
/// files are mostly PDFs and images, compressed already.
fn zip_of(entries: impl IntoIterator<Item = (String, Vec<u8>)>) -> Result<Vec<u8>, ApiError> {
    use std::io::Write as _;
    let failed = |_| ApiError::Internal("archive not written".into());
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        writer.start_file(name, options).map_err(failed)?;
        writer
            .write_all(&bytes)
            .map_err(|_| ApiError::Internal("archive not written".into()))?;
    }
    Ok(writer.finish().map_err(failed)?.into_inner())
}

/// `GET /api/desk/orgs/{org}/cases/{reference}/notification.json[?made=N]
/// [&lang=en]`: the case's notification as the EDPB's common template
/// ([`brud_case::template`]): without `made`, the next to make (new, or a
/// follow-up once notified; complete when nothing mandatory is missing);
/// with `made=1` the first as it was made, `made=2` the first follow-up,
/// and so on (404 beyond those made). For the school's staff.
pub async fn template_notification(
    req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let pairs = query_pairs(&req)?;
            let value = |key: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str())
            };
            let made = value("made")
                .map(|n| {
                    n.parse::<usize>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or(ApiError::BadQuery("made"))
                })
                .transpose()?;
            let lang = match value("lang") {
                Some("en") => brud_shared::Language::En,
                _ => brud_shared::Language::Da,
            };
            let (head, rows) = load(&ctx, &staff).await?;
            let stored = stored_events(&rows)?;
            let point = brud_case::template::point(stored.iter().map(|s| &s.event), made, now())
                .ok_or(ApiError::CaseNotFound)?;
            let read = &stored[..point.events];
            let case = head.rebuild(read, staff.org)?;
            let answers = brud_case::template::answers(read.iter().map(|s| &s.event));
            let mapped = brud_case::template::template_notification(
                &case,
                answers,
                staff.org,
                &head.reference,
                &point,
                lang,
            );
            let response = Response::from_json(&mapped)?;
            response.headers().set("cache-control", "no-store")?;
            let name = match made {
                Some(n) => format!("{}-anmeldelse-{n}.json", head.reference),
                None => format!("{}-anmeldelse.json", head.reference),
            };
            attachment(response, &name)
        }
        .await,
    )
}
