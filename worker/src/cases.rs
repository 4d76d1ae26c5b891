//! Writing a case: the domain makes the whole write of an event
//! ([`brud_case::write`]), the log key signs its head here, and the store
//! writes it in one transaction ([`brud_store::cases::append`]). The one
//! pipeline of every writer: the desk's entries, the scheduled run's
//! reminders and retention, a report's case opened.

use brud_case::write::{CaseWrite, Entry, Refused, SignedWrite};
use brud_shared::OrgProfile;
use brud_store::cases::{self, Appended, Loaded};
use brud_store::{Database, Statement};
use worker::console_log;

use crate::error::ApiError;
use crate::high_water::Marks;
use crate::log_key::LogKey;

/// What a case is written with: the log key that signs each head, and the
/// high-water marks each append moves on.
pub struct Writer<'a> {
    /// The log key.
    pub key: &'a LogKey,
    /// The marks.
    pub marks: &'a Marks,
}

/// `write` with its head signed by the log key.
pub async fn sign(key: &LogKey, write: CaseWrite) -> Result<SignedWrite, ApiError> {
    let signature = key.sign(&write.head()).await?;
    Ok(write.signed(signature))
}

/// What recording an entry came to.
pub enum Recorded {
    /// Written: the whole write, signed (its event, the case after it,
    /// the outbox ids of the notice it caused, to send at once).
    Appended(Box<SignedWrite>),
    /// Another writer came first (the sequence or the client event id was
    /// taken meanwhile): nothing was written; the caller decides whether
    /// that is a retry of the same entry, a stale one, or a later run's.
    Lost,
}

impl Recorded {
    /// The outbox ids of the notice the event caused (to send at once).
    pub fn notices(&self) -> Vec<String> {
        match self {
            Recorded::Appended(signed) => signed.outbox().into_iter().map(|e| e.id).collect(),
            Recorded::Lost => Vec::new(),
        }
    }
}

/// Why an entry was not recorded.
pub enum RecordError {
    /// The domain refuses it: not the role's (403), or the state or the
    /// data (409, 422), with its problems.
    Refused(Refused),
    /// Anything else.
    Failed(ApiError),
}

impl From<ApiError> for RecordError {
    fn from(error: ApiError) -> Self {
        RecordError::Failed(error)
    }
}

impl From<brud_store::StoreError> for RecordError {
    fn from(error: brud_store::StoreError) -> Self {
        RecordError::Failed(error.into())
    }
}

/// Records `entry` as the next event of `loaded` (a case read by
/// [`cases::load`]), with `also` in the same transaction, then moves the
/// case's high-water mark on.
pub async fn record(
    db: &impl Database,
    writer: &Writer<'_>,
    org: &OrgProfile,
    loaded: &Loaded,
    entry: Entry,
    also: Vec<Statement>,
) -> Result<Recorded, RecordError> {
    let write =
        brud_case::write::record(&loaded.on_file, entry, org).map_err(RecordError::Refused)?;
    let signed = sign(writer.key, write).await?;
    match cases::append(db, &signed, also).await? {
        Appended::Written => {
            let event = &signed.write.event.event;
            console_log!(
                "case {} {}: event {} {}",
                org.id,
                signed.write.ids.reference,
                event.sequence,
                event.kind.name()
            );
            writer.marks.advance(&signed.head).await;
            Ok(Recorded::Appended(Box::new(signed)))
        }
        Appended::Lost => Ok(Recorded::Lost),
    }
}

/// Opens the case of the stored report `id`, unless it is open: the
/// outbox ids of its opening notice when this call opened it. Safe to
/// repeat.
pub async fn open_stored(
    db: &impl Database,
    writer: &Writer<'_>,
    id: &str,
    org: &OrgProfile,
) -> Result<Vec<String>, ApiError> {
    let Some((head, received_at)) = cases::report_head(db, id).await? else {
        return Ok(Vec::new());
    };
    let (report, assessment) = head.parts()?;
    let write = brud_case::write::open(
        &head.ids(),
        head.year,
        brud_case::write::Opening {
            report,
            assessment,
            received_at,
            contact_salt: head.contact_salt.as_deref(),
            by_mail: false,
        },
        org,
    );
    let signed = sign(writer.key, write).await?;
    Ok(match cases::append(db, &signed, Vec::new()).await? {
        Appended::Written => {
            writer.marks.advance(&signed.head).await;
            signed.outbox().into_iter().map(|e| e.id).collect()
        }
        Appended::Lost => Vec::new(),
    })
}
