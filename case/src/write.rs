//! The whole write of one event, made here so that the Worker only signs
//! and stores it: recording an entry ([`record`]) or opening a case
//! ([`open`]) is one call that applies the event by the domain's rules
//! and returns everything the store writes in one transaction: the event
//! with its link in the chain, the case after it, the list's row with its
//! register row, search words and control facts, and the notice it
//! causes with the channels it goes out on. The one thing the domain
//! cannot do, signing the log's head with the Worker's key, happens
//! between [`CaseWrite::head`] and [`CaseWrite::signed`].

use chrono::{DateTime, Utc};

use crate::chain::{link, CaseIds, LogHead, Signature, SignedHead, StoredEvent, GENESIS};
use crate::event::{Actor, Event, EventKind};
use crate::notice::{notice_channels, notice_of, CaseNotice};
use crate::summary::StoredRow;
use crate::{apply, Case};
use brud_shared::org::{Channel, OrgProfile, StaffRole};
use brud_shared::problem::Problem;
use brud_shared::{Assessment, Report};

/// A case as a writer reads it before appending to it: which case, its
/// year, its state replayed from its log, and its last link.
#[derive(Debug, Clone)]
pub struct OnFile {
    /// Whose case.
    pub ids: CaseIds,
    /// The year its report was received (Copenhagen time).
    pub year: i32,
    /// Its state after the last event.
    pub case: Case,
    /// The last event's hash: the next event chains to it.
    pub last_hash: String,
}

/// An entry to record: who (and in what role), when, what, and the desk's
/// own id for it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Who records it.
    pub actor: Actor,
    /// Their role at the school (`None`: Brud itself, the system).
    pub role: Option<StaffRole>,
    /// When (the time it is recorded).
    pub at: DateTime<Utc>,
    /// What.
    pub kind: EventKind,
    /// The desk's id for it, so that a retried POST finds it.
    pub client_event_id: Option<String>,
}

/// Everything one event writes, before the log key signs its head.
#[derive(Debug, Clone)]
pub struct CaseWrite {
    /// Whose case.
    pub ids: CaseIds,
    /// The year its report was received.
    pub year: i32,
    /// The event with its link in the chain (its signature comes with
    /// [`CaseWrite::signed`]).
    pub event: StoredEvent,
    /// The desk's id for it.
    pub client_event_id: Option<String>,
    /// The case after it.
    pub case: Case,
    /// The list's row after it.
    pub row: StoredRow,
    /// The notice it causes, if any.
    pub notice: Option<CaseNotice>,
    /// The channels the notice goes out on.
    pub channels: Vec<Channel>,
}

impl CaseWrite {
    /// The log's head at this event: what the Worker's log key signs.
    pub fn head(&self) -> LogHead {
        LogHead::at(&self.ids, &self.event)
    }

    /// The write with `signature` (the log key's, of [`CaseWrite::head`])
    /// on the event, and the signed head on the notice and the case's row.
    pub fn signed(mut self, signature: Signature) -> SignedWrite {
        self.event.signature = Some(signature.clone());
        let head = SignedHead {
            head: self.head(),
            signature,
        };
        if let Some(notice) = &mut self.notice {
            notice.data.log_head = Some(head.clone());
        }
        SignedWrite { write: self, head }
    }
}

/// A [`CaseWrite`] signed: what the store writes.
#[derive(Debug, Clone)]
pub struct SignedWrite {
    /// The write.
    pub write: CaseWrite,
    /// The log's head at its event, signed: kept on the case's row and
    /// carried by its notice.
    pub head: SignedHead,
}

/// One row of the notice outbox: the notice on one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// Its id ([`CaseNotice::outbox_id`]).
    pub id: String,
    /// The channel.
    pub channel: Channel,
    /// The notice as sent (JSON).
    pub body: String,
    /// When it is due: at once, the event's time.
    pub due_at: DateTime<Utc>,
}

impl SignedWrite {
    /// The notice's rows of the outbox, one per channel.
    pub fn outbox(&self) -> Vec<OutboxEntry> {
        let Some(notice) = &self.write.notice else {
            return Vec::new();
        };
        let body = serde_json::to_string(notice).expect("a notice serialises");
        self.write
            .channels
            .iter()
            .map(|channel| OutboxEntry {
                id: notice.outbox_id(*channel),
                channel: *channel,
                body: body.clone(),
                due_at: notice.timestamp,
            })
            .collect()
    }
}

/// The write of `event` applied to `before` giving `after`, chained to
/// `previous`.
fn write_of(
    ids: &CaseIds,
    year: i32,
    previous: &str,
    event: Event,
    client_event_id: Option<String>,
    after: Case,
    org: &OrgProfile,
) -> CaseWrite {
    let notice = notice_of(&event, &after, &ids.case_id, org, &ids.reference);
    let channels = notice
        .as_ref()
        .map(|notice| notice_channels(org, notice))
        .unwrap_or_default();
    let row = StoredRow::of(&ids.case_id, &ids.reference, &after, Some(org));
    let hash = link(previous, &event);
    CaseWrite {
        ids: ids.clone(),
        year,
        event: StoredEvent {
            event,
            hash,
            signature: None,
        },
        client_event_id,
        case: after,
        row,
        notice,
        channels,
    }
}

/// Why an entry was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// It is not the role's to record on this case (HTTP 403): a decision
    /// of the DPO's, a viewer's entry, a kind only Brud records.
    Role(Problem),
    /// The case's state does not allow it (HTTP 409) or its data is wrong
    /// (HTTP 422): [`apply`]'s problems.
    Entry(Vec<Problem>),
}

/// Records `entry` as the next event of the case `on_file`: the event the
/// domain allows (who may record it on this case,
/// [`EventKind::role_refusal`]; then [`apply`]) and everything it writes,
/// or why not.
pub fn record(on_file: &OnFile, entry: Entry, org: &OrgProfile) -> Result<CaseWrite, Refused> {
    let case = &on_file.case;
    let refusal = match entry.role {
        Some(role) => entry.kind.role_refusal(case, role, Some(org), entry.at),
        None if !entry.kind.tag().system_may_record() => Some(Problem::new(
            "kind",
            brud_shared::problem::ProblemCode::NotYourRole,
            "Kun en medarbejder kan registrere det.",
            "Only a member of staff can record that.",
        )),
        None => None,
    };
    if let Some(problem) = refusal {
        return Err(Refused::Role(problem));
    }
    let event = Event {
        sequence: on_file.case.sequence + 1,
        at: entry.at,
        actor: entry.actor,
        kind: entry.kind,
    };
    let after = apply(&on_file.case, &event, Some(org)).map_err(Refused::Entry)?;
    Ok(write_of(
        &on_file.ids,
        on_file.year,
        &on_file.last_hash,
        event,
        entry.client_event_id,
        after,
        org,
    ))
}

/// What a case opens with: the report as received and the assessment made
/// then, when it was received, the salt its reporter's contact is hashed
/// with, and whether it came by mail ([`crate::inbound`]: then the case
/// awaits its facts, [`Case::awaits_facts`]).
#[derive(Debug, Clone)]
pub struct Opening<'a> {
    /// The report as received.
    pub report: Report,
    /// Its assessment at receipt.
    pub assessment: Assessment,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// The salt of the contact's hash (`None`: no contact hashed).
    pub contact_salt: Option<&'a str>,
    /// Whether it came by mail rather than by the form.
    pub by_mail: bool,
}

/// The case `opening` opens, as a write: the opening event by the system
/// at its time (committing the log to the report and the assessment made
/// at receipt, the reporter's contact hashed with its salt, the DPO of the
/// time), the case's row and its `brud.case.opened` notice.
pub fn open(ids: &CaseIds, year: i32, opening: Opening<'_>, org: &OrgProfile) -> CaseWrite {
    let Opening {
        report,
        assessment,
        received_at,
        contact_salt,
        by_mail,
    } = opening;
    let mut kind = crate::opening(&report, &assessment, contact_salt);
    if let EventKind::Opened(opened) = &mut kind {
        opened.dpo = Some(org.dpo.clone());
        opened.by_mail = by_mail;
    }
    let event = Event {
        sequence: 1,
        at: received_at,
        actor: Actor::System,
        kind,
    };
    let mut case = Case::open(report, assessment, received_at);
    case.dpo = Some(org.dpo.clone());
    case.received_by_mail = by_mail;
    write_of(ids, year, GENESIS, event, None, case, org)
}
