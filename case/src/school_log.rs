//! The school's own log: what is decided for the school rather than for
//! one case (the board's approval of a year's control report, held
//! reports discarded; bulk dismissals and staff changes are kinds it can
//! take), hash-chained and
//! signed by the Worker's log key exactly as a case's log is
//! ([`crate::chain`]): each entry links to the one before, and its head
//! is signed. The head names the school with [`SCHOOL_LOG`] as its
//! reference and case id, which no case has (a case id is a UUID, a
//! reference `ABC-2026-0001`), so a school's head never holds for a case
//! nor a case's for the school.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::chain::{CaseIds, ChainBreak, LogHead, Signature, GENESIS};
use brud_shared::webhook::sha256_hex;

/// The reference and id a school's log is signed under.
pub const SCHOOL_LOG: &str = "school-log";

/// What was decided for the school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchoolEntryKind {
    /// The board approved the year's control report: the SHA-256 of the
    /// report's JSON as approved (kept beside the log, whole) and the
    /// meeting.
    ControlApproved {
        /// The year of the report.
        year: i32,
        /// The SHA-256 of the report approved.
        report_sha256: String,
        /// The board meeting, the minutes' reference.
        note: String,
    },
    /// The DPO discarded reports held beyond a client's limit or the
    /// school's ceiling (junk, or sent again): their ids and why.
    HeldDiscarded {
        /// The held reports' ids.
        ids: Vec<String>,
        /// Why.
        reason: String,
    },
    /// A case was deleted at the end of its retention period (by the
    /// scheduled run): which, and its log's length and last link, as the
    /// tombstone in the database keeps them; signed here so that neither a
    /// deletion nor a tombstone can be made or changed unseen.
    CaseDeleted {
        /// The case's reference.
        reference: String,
        /// The case's id.
        case_id: String,
        /// How many events its log held.
        events: u32,
        /// Its last event's hash.
        last_hash: String,
    },
    /// The DPO changed the school's roster ([`crate::roster`]): `email`
    /// now has `role` (`None`: removed), and had `previous` (`None`: was
    /// not on it).
    StaffChanged {
        /// The address, in lower case.
        email: String,
        /// The new role, or `None`: removed.
        role: Option<brud_shared::org::StaffRole>,
        /// The role before, or `None`: added.
        previous: Option<brud_shared::org::StaffRole>,
    },
}

/// One entry of a school's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolEntry {
    /// Its place, from 1.
    pub sequence: u32,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Who recorded it (the signed-in e-mail).
    pub actor: String,
    /// What.
    #[serde(flatten)]
    pub kind: SchoolEntryKind,
}

/// An entry as stored: with its link and the log key's signature of the
/// school's head at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSchoolEntry {
    /// The entry.
    #[serde(flatten)]
    pub entry: SchoolEntry,
    /// `SHA-256(previous hash, "\n", canonical entry)`.
    pub hash: String,
    /// The signature of the head at this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// The ids a school's heads are signed under.
pub fn school_ids(org: &str) -> CaseIds {
    CaseIds {
        org: org.to_string(),
        reference: SCHOOL_LOG.to_string(),
        case_id: SCHOOL_LOG.to_string(),
    }
}

fn link(previous: &str, entry: &SchoolEntry) -> String {
    let canonical = serde_json::to_string(entry).expect("an entry always serialises");
    sha256_hex(format!("{previous}\n{canonical}").as_bytes())
}

/// The next entry of `org`'s log after `last` (none: the first), of
/// `kind` by `actor` at `at`, linked, with the head the log key is to
/// sign for it.
pub fn append(
    org: &str,
    last: Option<&StoredSchoolEntry>,
    kind: SchoolEntryKind,
    actor: &str,
    at: DateTime<Utc>,
) -> (StoredSchoolEntry, LogHead) {
    let entry = SchoolEntry {
        sequence: last.map_or(1, |l| l.entry.sequence + 1),
        at,
        actor: actor.to_string(),
        kind,
    };
    let hash = link(last.map_or(GENESIS, |l| l.hash.as_str()), &entry);
    let head = LogHead {
        case: school_ids(org),
        events: entry.sequence,
        hash: hash.clone(),
    };
    (
        StoredSchoolEntry {
            entry,
            hash,
            signature: None,
        },
        head,
    )
}

/// Verifies `org`'s log as stored: the links in order, then each entry's
/// signature of its head (`signature_holds` checks one with the key it
/// names). `Ok(n)`: all `n` entries verify.
pub fn verify(
    org: &str,
    stored: &[StoredSchoolEntry],
    signature_holds: impl Fn(&LogHead, &Signature) -> bool,
) -> Result<usize, ChainBreak> {
    use crate::chain::BreakReason;
    let mut previous = GENESIS.to_string();
    for (index, item) in stored.iter().enumerate() {
        let sequence = item.entry.sequence;
        let fail = |reason| Err(ChainBreak { sequence, reason });
        if usize::try_from(sequence).ok() != Some(index + 1) {
            return fail(BreakReason::OutOfSequence);
        }
        if link(&previous, &item.entry) != item.hash {
            return fail(BreakReason::HashMismatch);
        }
        let head = LogHead {
            case: school_ids(org),
            events: sequence,
            hash: item.hash.clone(),
        };
        match &item.signature {
            None => return fail(BreakReason::Unsigned),
            Some(signature) if !signature_holds(&head, signature) => {
                return fail(BreakReason::BadSignature)
            }
            Some(_) => {}
        }
        previous.clone_from(&item.hash);
    }
    Ok(stored.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approved(year: i32) -> SchoolEntryKind {
        SchoolEntryKind::ControlApproved {
            year,
            report_sha256: "ab".repeat(32),
            note: "Bestyrelsesmøde 3. marts".into(),
        }
    }

    /// A stand-in for the log key: "signs" a head by hashing its text.
    fn sign(head: &LogHead) -> Signature {
        Signature {
            key: "k".into(),
            value: sha256_hex(head.signing_input().as_bytes()),
        }
    }

    fn holds(head: &LogHead, signature: &Signature) -> bool {
        *signature == sign(head)
    }

    #[test]
    fn entries_chain_and_a_changed_one_or_another_schools_head_does_not_verify() {
        let at: DateTime<Utc> = "2027-03-03T18:00:00Z".parse().unwrap();
        let (mut first, head) = append("demo", None, approved(2026), "dpo@demo.example", at);
        first.signature = Some(sign(&head));
        let (mut second, head) =
            append("demo", Some(&first), approved(2025), "dpo@demo.example", at);
        second.signature = Some(sign(&head));
        assert_eq!(second.entry.sequence, 2);
        assert_eq!(head.case.reference, SCHOOL_LOG);
        let log = vec![first.clone(), second.clone()];
        assert_eq!(verify("demo", &log, holds), Ok(2));
        // Another school's log does not hold for this one.
        assert!(verify("other", &log, holds).is_err());
        // A note changed afterwards, even with its hash recomputed.
        let mut edited = log.clone();
        let SchoolEntryKind::ControlApproved { note, .. } = &mut edited[0].entry.kind else {
            unreachable!("an approval")
        };
        *note = "Intet møde".into();
        edited[0].hash = link(GENESIS, &edited[0].entry);
        let broken = verify("demo", &edited, holds).unwrap_err();
        assert_eq!(broken.sequence, 1);
        // The wire form: the kind beside the entry's fields.
        let json = serde_json::to_value(&second).unwrap();
        assert_eq!(json["kind"], "control_approved");
        assert_eq!(json["year"], 2025);
    }

    #[test]
    fn discarded_held_reports_are_an_entry_of_the_schools_log() {
        let at: DateTime<Utc> = "2027-03-03T18:00:00Z".parse().unwrap();
        let (mut first, head) = append("demo", None, approved(2026), "dpo@demo.example", at);
        first.signature = Some(sign(&head));
        let discarded = SchoolEntryKind::HeldDiscarded {
            ids: vec!["a".into(), "b".into()],
            reason: "Spam fra en elev".into(),
        };
        let (mut second, head) = append("demo", Some(&first), discarded, "dpo@demo.example", at);
        second.signature = Some(sign(&head));
        assert_eq!(verify("demo", &[first, second.clone()], holds), Ok(2));
        let json = serde_json::to_value(&second).unwrap();
        assert_eq!(json["kind"], "held_discarded");
        assert_eq!(json["ids"], serde_json::json!(["a", "b"]));
    }
}
