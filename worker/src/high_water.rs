//! The high-water mark of every log's signed head, outside D1
//! ([`brud_case::high_water`] decides what a mark means): a Durable Object
//! per school (`SchoolMarks`, binding `MARKS` in wrangler.toml) keeps the
//! newest signed head of each of the school's case logs and of its own log.
//!
//! Every append moves the mark after its D1 batch is written ([`Marks::advance`]):
//! a mark never runs ahead of what was stored, so a write that failed is
//! never taken for a roll-back. When moving the mark fails (the object
//! unreachable), the write stands and the failure is logged; the next
//! append of that case moves it on. Verifying reads the mark and compares
//! ([`brud_case::high_water::against`]); and once a period
//! (`CHECKPOINT_SECONDS`, a day) the scheduled run puts each school's
//! signed [`Checkpoint`] of its marks in the outbox, for its channels.
//!
//! The object stores each mark as the signed head's JSON under
//! `mark:{case id}`, and `changed` while a mark moved since the last
//! checkpoint (a school without a webhook gets the checkpoint by mail only
//! on days something changed).

use brud_case::chain::SignedHead;
use brud_case::high_water::{advances, checkpoint_outbox_id, Checkpoint};
use brud_case::write::OutboxEntry;
use brud_shared::org::{Channel, OrgProfile};
use brud_store::notices::outbox_statement;
use brud_store::Database;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use worker::{
    console_error, durable_object, wasm_bindgen, DurableObject, Env, Method, ObjectNamespace,
    Request, RequestInit, Response, Result, State,
};

use crate::error::ApiError;
use crate::log_key::LogKey;

/// The binding's name in wrangler.toml.
pub const BINDING: &str = "MARKS";

/// The marks of one school.
#[durable_object]
pub struct SchoolMarks {
    state: State,
}

/// What `POST /checkpoint` answers: every mark, and whether one moved
/// since the last checkpoint (reset by the call).
#[derive(Serialize, Deserialize)]
struct MarksRead {
    marks: Vec<SignedHead>,
    changed: bool,
}

fn mark_key(case_id: &str) -> String {
    format!("mark:{case_id}")
}

impl DurableObject for SchoolMarks {
    fn new(state: State, _env: Env) -> Self {
        SchoolMarks { state }
    }

    /// `POST /advance` (a signed head): moves that log's mark when the head
    /// is longer; `GET /mark?case=ID`: the mark, 404 without one;
    /// `POST /checkpoint`: [`MarksRead`]. Calls run one at a time (the
    /// object's input gate), so a read and its write never interleave
    /// with another's.
    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let storage = self.state.storage();
        let path = req.path();
        match (req.method(), path.as_str()) {
            (Method::Post, "/advance") => {
                let next: SignedHead = req.json().await?;
                let key = mark_key(&next.head.case.case_id);
                let current = storage
                    .get::<String>(&key)
                    .await?
                    .and_then(|json| serde_json::from_str::<SignedHead>(&json).ok());
                if advances(current.as_ref(), &next) {
                    storage.put(&key, serde_json::to_string(&next)?).await?;
                    storage.put("changed", true).await?;
                }
                Response::empty()
            }
            (Method::Get, "/mark") => {
                let url = req.url()?;
                let case = url
                    .query_pairs()
                    .find(|(name, _)| name == "case")
                    .map(|(_, value)| value.to_string())
                    .unwrap_or_default();
                match storage.get::<String>(&mark_key(&case)).await? {
                    Some(json) => Response::ok(json),
                    None => Response::error("no mark", 404),
                }
            }
            (Method::Post, "/checkpoint") => {
                let listed = storage
                    .list_with_options(worker::ListOptions::new().prefix("mark:"))
                    .await?;
                let mut marks = Vec::new();
                for value in listed.values() {
                    let Ok(value) = value else { continue };
                    if let Some(head) = value
                        .as_string()
                        .and_then(|json| serde_json::from_str::<SignedHead>(&json).ok())
                    {
                        marks.push(head);
                    }
                }
                let changed = storage.get::<bool>("changed").await?.unwrap_or(false);
                storage.put("changed", false).await?;
                Response::from_json(&MarksRead { marks, changed })
            }
            _ => Response::error("not found", 404),
        }
    }
}

/// The Worker's side of the marks: each school's object by its id.
pub struct Marks {
    namespace: Option<ObjectNamespace>,
}

impl Marks {
    /// The marks' binding; without it (a configuration that has none)
    /// nothing is marked and nothing compared.
    pub fn from_env(env: &Env) -> Marks {
        Marks {
            namespace: env.durable_object(BINDING).ok(),
        }
    }

    async fn call(
        &self,
        org: &str,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> std::result::Result<Option<Response>, ApiError> {
        let Some(namespace) = &self.namespace else {
            return Ok(None);
        };
        let unreachable = |_| ApiError::Internal("high-water marks unreachable".into());
        let stub = namespace
            .id_from_name(org)
            .and_then(|id| id.get_stub())
            .map_err(unreachable)?;
        let mut init = RequestInit::new();
        init.with_method(method);
        if let Some(body) = body {
            init.with_body(Some(body.into()));
        }
        let request =
            Request::new_with_init(&format!("https://marks{path}"), &init).map_err(unreachable)?;
        Ok(Some(
            stub.fetch_with_request(request)
                .await
                .map_err(unreachable)?,
        ))
    }

    /// Moves the mark of `head`'s log on to it, after its write; a failure
    /// is logged, never the write's.
    pub async fn advance(&self, head: &SignedHead) {
        let moved = match serde_json::to_string(head) {
            Ok(body) => self
                .call(&head.head.case.org, Method::Post, "/advance", Some(body))
                .await
                .map(|_| ()),
            Err(error) => Err(error.into()),
        };
        if let Err(error) = moved {
            console_error!(
                "high-water mark of {} {}: not moved ({error:?})",
                head.head.case.org,
                head.head.case.reference
            );
        }
    }

    /// The mark of `org`'s log `case_id`, if it has one.
    pub async fn mark(
        &self,
        org: &str,
        case_id: &str,
    ) -> std::result::Result<Option<SignedHead>, ApiError> {
        let path = format!("/mark?case={}", brud_shared::uri::percent_encode(case_id));
        let Some(mut answer) = self.call(org, Method::Get, &path, None).await? else {
            return Ok(None);
        };
        if answer.status_code() == 404 {
            return Ok(None);
        }
        let text = answer.text().await?;
        Ok(serde_json::from_str(&text).ok())
    }

    /// Every mark of `org`, and whether one moved since the last call.
    async fn checkpoint_read(&self, org: &str) -> std::result::Result<Option<MarksRead>, ApiError> {
        let Some(mut answer) = self.call(org, Method::Post, "/checkpoint", None).await? else {
            return Ok(None);
        };
        Ok(Some(answer.json().await?))
    }
}

/// The checkpoint period `now` falls in, from `CHECKPOINT_SECONDS`.
fn period(env: &Env, now: DateTime<Utc>) -> (i64, i64) {
    let seconds = i64::from(crate::runtime::var_u32(env, "CHECKPOINT_SECONDS", 86_400).max(1));
    (now.timestamp().div_euclid(seconds), seconds)
}

/// Puts each school's checkpoint of this period in the outbox, once: a
/// webhook when the school has one (every period), else a mail to its DPO
/// (in a period in which a mark moved). Returns the outbox ids made, to
/// send at once.
pub async fn checkpoints(
    env: &Env,
    db: &impl Database,
    key: &LogKey,
    orgs: &[OrgProfile],
    now: DateTime<Utc>,
) -> std::result::Result<Vec<String>, ApiError> {
    let marks = Marks::from_env(env);
    let (period, seconds) = period(env, now);
    let due: Vec<(&OrgProfile, Channel, String)> = orgs
        .iter()
        .map(|org| {
            let channel = if org.sends(Channel::Webhook) {
                Channel::Webhook
            } else {
                Channel::Mail
            };
            let id = checkpoint_outbox_id(&org.id, period, channel.as_str());
            (org, channel, id)
        })
        .collect();
    // This period's checkpoints already made, read once for all schools.
    let ids: Vec<String> = due.iter().map(|(_, _, id)| id.clone()).collect();
    let made_before = brud_store::notices::existing(db, &ids).await?;
    let mut made = Vec::new();
    for (org, channel, id) in due {
        if made_before.contains(&id) {
            continue;
        }
        let Some(read) = marks.checkpoint_read(&org.id).await? else {
            return Ok(made);
        };
        if read.marks.is_empty() || (channel == Channel::Mail && !read.changed) {
            continue;
        }
        let at = DateTime::from_timestamp(period * seconds, 0)
            .unwrap_or(now)
            .max(now);
        let checkpoint = Checkpoint::new(
            &org.id,
            at,
            read.marks.into_iter().map(|signed| signed.head).collect(),
        );
        let signature = key.sign_text(&checkpoint.signing_input()).await?;
        let checkpoint = checkpoint.signed(signature);
        let entry = OutboxEntry {
            id: id.clone(),
            body: checkpoint.notice().to_string(),
            due_at: now,
            channel,
        };
        db.run(outbox_statement("", &org.id, &entry)).await?;
        made.push(id);
    }
    Ok(made)
}
