//! A case's files (`POST …/cases/{ref}/attachments`, `GET
//! …/attachments/{id}`): evidence kept in the `EVIDENCE` R2 bucket, each
//! recorded by a signed `attachment_added` event with its SHA-256
//! ([`brud_case::evidence`] decides what is kept). Adding is the leader's
//! and the DPO's; a download is the school's leaders' and DPO's, as an
//! attachment, `nosniff`, never cached. Files go with the case at
//! retention.

use brud_case::entries::{AttachmentAdded, StoredFile};
use brud_case::evidence::{classify, clean_name, object_key, raw_mail};
use brud_case::write::Entry;
use brud_case::{Actor, EventKind};
use brud_shared::org::StaffRole;
use brud_shared::webhook::sha256_hex;
use brud_store::cases as stored;
use worker::{console_log, Env, Request, Response, ResponseBody, RouteContext};

use super::common::*;
use crate::cases::{self, RecordError, Recorded, Writer};
use crate::error::ApiError;
use crate::high_water::Marks;
use crate::log_key::LogKey;
use crate::runtime::{db, now, random_uuid, RequestMeta};

/// The bucket's binding in wrangler.toml.
pub const BUCKET: &str = "EVIDENCE";

/// The file's name from the `x-file-name` header (percent-encoded UTF-8,
/// as `encodeURIComponent` makes it), or "fil".
fn file_name(req: &Request) -> String {
    let raw = req
        .headers()
        .get("x-file-name")
        .ok()
        .flatten()
        .unwrap_or_default();
    // Decoded as a URL's query value decodes (the runtime's URL parser).
    let decoded = worker::Url::parse(&format!("https://file/?n={}", raw.replace('+', "%2B")))
        .ok()
        .and_then(|url| {
            url.query_pairs()
                .next()
                .map(|(_, value)| value.into_owned())
        })
        .unwrap_or(raw);
    clean_name(&decoded)
}

/// What is said of a file besides its bytes.
#[derive(Default)]
pub struct About {
    /// What it is, in a few words.
    pub note: Option<String>,
    /// It is Datatilsynet's receipt for the notification.
    pub authority_receipt: bool,
    /// It is a mail Brud could not read, kept whole as it came
    /// ([`brud_case::evidence::raw_mail`]), not known by its bytes.
    pub raw_mail: bool,
}

/// Stores `bytes` as a file of the case `loaded` of `org` and records it
/// (by `actor` with `role`; the system's for a mail's file): the stored
/// file, or why not.
pub async fn keep(
    env: &Env,
    db: &impl brud_store::Database,
    org: &brud_shared::OrgProfile,
    loaded: &stored::Loaded,
    file: (&str, &[u8]),
    by: (Actor, Option<StaffRole>),
    about: About,
) -> Result<StoredFile, ApiError> {
    let (name, bytes) = file;
    let kind = if about.raw_mail {
        raw_mail(bytes)
    } else {
        classify(bytes)
    }
    .map_err(|problem| ApiError::EventRefused(vec![problem]))?;
    let id = random_uuid().ok_or_else(|| ApiError::Internal("no crypto".into()))?;
    let stored_file = StoredFile {
        id: id.clone(),
        name: clean_name(name),
        size: bytes.len() as u64,
        content_type: kind.mime().to_string(),
        sha256: sha256_hex(bytes),
    };
    // The object first: an event never names a file that is not there.
    let bucket = env
        .bucket(BUCKET)
        .map_err(|_| ApiError::Internal("no evidence bucket".into()))?;
    let key = object_key(&org.id, &loaded.head.report_id, &id);
    bucket
        .put(&key, bytes.to_vec())
        .execute()
        .await
        .map_err(|_| ApiError::Internal("evidence not stored".into()))?;
    let log_key = LogKey::from_env(env).await?;
    let marks = Marks::from_env(env);
    let writer = Writer {
        key: &log_key,
        marks: &marks,
    };
    let entry = Entry {
        actor: by.0,
        role: by.1,
        at: now(),
        kind: EventKind::AttachmentAdded(AttachmentAdded {
            file: stored_file.clone(),
            note: about.note,
            authority_receipt: about.authority_receipt,
        }),
        client_event_id: None,
    };
    let recorded = cases::record(db, &writer, org, loaded, entry, Vec::new()).await;
    let failed = match recorded {
        Ok(Recorded::Appended(_)) => None,
        Ok(Recorded::Lost) => Some(ApiError::StaleSequence),
        Err(RecordError::Refused(brud_case::write::Refused::Role(problem))) => {
            Some(ApiError::RoleRefused(vec![problem]))
        }
        Err(RecordError::Refused(brud_case::write::Refused::Entry(problems))) => {
            Some(ApiError::EventRefused(problems))
        }
        Err(RecordError::Failed(error)) => Some(error),
    };
    if let Some(error) = failed {
        // Not recorded: the object goes again.
        let _ = bucket.delete(&key).await;
        return Err(error);
    }
    console_log!("case {} {}: file {id} added", org.id, loaded.head.reference);
    Ok(stored_file)
}

/// `POST /api/desk/orgs/{org}/cases/{ref}/attachments`: the file as the
/// body, its name in `x-file-name` (a note in `x-file-note`;
/// `x-authority-receipt: true` for Datatilsynet's receipt); 201 with the
/// stored file.
pub async fn add(mut req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            refuse_cross_site(&req, &ctx)?;
            let staff = staff(&req, &ctx).await?;
            if !brud_case::desk::may_add_files(staff.role) {
                return Err(ApiError::Forbidden);
            }
            let name = file_name(&req);
            let bytes = req.bytes().await?;
            let reference = ctx.param("reference").ok_or(ApiError::CaseNotFound)?;
            let db = db(&ctx.env)?;
            let loaded = stored::load(&db, staff.org, reference)
                .await?
                .ok_or(ApiError::CaseNotFound)?;
            let by = (Actor::Person(staff.email.clone()), Some(staff.role));
            let header = |name: &str| req.headers().get(name).ok().flatten();
            let about = About {
                note: header("x-file-note").filter(|n| !n.trim().is_empty()),
                authority_receipt: header("x-authority-receipt").as_deref() == Some("true"),
                raw_mail: false,
            };
            let file = keep(
                &ctx.env,
                &db,
                staff.org,
                &loaded,
                (&name, &bytes),
                by,
                about,
            )
            .await?;
            Ok(Response::from_json(&file)?.with_status(201))
        }
        .await,
    )
}

/// `GET /api/desk/orgs/{org}/cases/{ref}/attachments/{id}`: the file, as
/// an attachment under its name and its type from its bytes.
pub async fn download(req: Request, ctx: RouteContext<RequestMeta>) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            if staff.role == StaffRole::Viewer {
                return Err(ApiError::Forbidden);
            }
            let reference = ctx.param("reference").ok_or(ApiError::CaseNotFound)?;
            let id = ctx.param("id").ok_or(ApiError::NotFound)?;
            let db = db(&ctx.env)?;
            let loaded = stored::load(&db, staff.org, reference)
                .await?
                .ok_or(ApiError::CaseNotFound)?;
            let Some(file) = loaded.case().attachments.iter().find(|f| f.id == *id) else {
                return Err(ApiError::NotFound);
            };
            let bucket = ctx
                .env
                .bucket(BUCKET)
                .map_err(|_| ApiError::Internal("no evidence bucket".into()))?;
            let key = object_key(&staff.org.id, &loaded.head.report_id, &file.id);
            let object = bucket
                .get(&key)
                .execute()
                .await
                .map_err(|_| ApiError::Internal("evidence unreadable".into()))?
                .ok_or(ApiError::NotFound)?;
            let body = object
                .body()
                .ok_or(ApiError::NotFound)?
                .bytes()
                .await
                .map_err(|_| ApiError::Internal("evidence unreadable".into()))?;
            let response = Response::from_body(ResponseBody::Body(body))?;
            let headers = response.headers();
            headers.set("content-type", &file.content_type)?;
            headers.set("x-content-type-options", "nosniff")?;
            headers.set("cache-control", "no-store")?;
            headers.set("content-security-policy", "default-src 'none'; sandbox")?;
            let ascii: String = file
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_graphic() || c == ' ' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            headers.set(
                "content-disposition",
                &format!(
                    "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
                    brud_shared::uri::percent_encode(&file.name)
                ),
            )?;
            Ok(response)
        }
        .await,
    )
}

/// Deletes the files of a case from the bucket (retention).
pub async fn forget(env: &Env, org: &str, case_id: &str, files: &[StoredFile]) {
    let Ok(bucket) = env.bucket(BUCKET) else {
        return;
    };
    for file in files {
        if bucket
            .delete(object_key(org, case_id, &file.id))
            .await
            .is_err()
        {
            worker::console_error!("retention: file {} of {case_id} not deleted", file.id);
        }
    }
}
