//! The tamper-evident audit trail: a hash chain per case.
//!
//! Each stored event carries `hash = SHA-256(previous hash, "\n", canonical
//! event)`, the first event chained to [`GENESIS`]. Changing, removing or
//! reordering a stored event changes its hash, and every later link then
//! fails to verify: [`verify`] names the first event where the chain
//! breaks.
//!
//! A chain alone proves only that the log is consistent: whoever can write
//! the database can edit an event and compute every later hash again, or
//! drop the last events. So each link is also signed by the Worker's log
//! key (Ed25519): the event's [`LogHead`] (whose case, how many events,
//! the last hash) carries a [`Signature`] with the event, and the case's
//! newest signed head is kept on the case and sent out with every notice
//! and report. [`verify_signed`] names the first event whose signature
//! does not hold (an edit, even with hashes recomputed) and the events a
//! signed head counts that are gone. The signature itself is checked by
//! the caller (WebCrypto in the Worker, `ed25519-dalek` in `brud-verify`):
//! this crate does no cryptography beyond hashing.
//!
//! The canonical form is the event's JSON as [`serde_json`] writes it for
//! these types: fields in declaration order, no whitespace, absent options
//! as `null`. That is deterministic for one version of the types; a new
//! optional field must therefore be skipped when absent
//! (`skip_serializing_if`) so that old events hash as they did.

use serde::{Deserialize, Serialize};

use super::event::Event;
use brud_shared::webhook::sha256_hex;

/// What the first event of every case is chained to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event as stored: with its link in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// The event.
    #[serde(flatten)]
    pub event: Event,
    /// `SHA-256(previous hash, "\n", canonical event)`, lowercase hex.
    pub hash: String,
    /// The log key's signature of the case's head at this event
    /// ([`LogHead::at`]); absent on an event stored without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// The first line of every signed head's text: what it is and which
/// version of the text.
pub const HEAD_FORMAT: &str = "brud-log-head/1";

/// Which case a log belongs to: part of every signed head, so that a
/// head of one case never holds for another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseIds {
    /// The organisation id.
    pub org: String,
    /// The case's reference, e.g. `ZAH-2026-0042`.
    pub reference: String,
    /// The case's id (the report's).
    pub case_id: String,
}

/// A case's log as of one event: how many events and the last link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogHead {
    /// Whose log.
    #[serde(flatten)]
    pub case: CaseIds,
    /// How many events the log holds (the last one's sequence number).
    pub events: u32,
    /// The last event's hash.
    pub hash: String,
}

impl LogHead {
    /// The head of `case`'s log whose last event is `stored`.
    pub fn at(case: &CaseIds, stored: &StoredEvent) -> LogHead {
        LogHead {
            case: case.clone(),
            events: stored.event.sequence,
            hash: stored.hash.clone(),
        }
    }

    /// The text the log key signs: [`HEAD_FORMAT`], the organisation, the
    /// reference, the case id, the count of events and the last hash, one
    /// per line (UTF-8, no line end after the last).
    pub fn signing_input(&self) -> String {
        format!(
            "{HEAD_FORMAT}\n{}\n{}\n{}\n{}\n{}",
            self.case.org, self.case.reference, self.case.case_id, self.events, self.hash
        )
    }
}

/// A signature by the log key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Which key signed: [`key_id`] of its public key.
    pub key: String,
    /// The Ed25519 signature of [`LogHead::signing_input`], base64url
    /// without padding.
    pub value: String,
}

impl Signature {
    /// As stored in one column: `key.value`.
    pub fn to_column(&self) -> String {
        format!("{}.{}", self.key, self.value)
    }

    /// From its column; `None` when it is not `key.value`.
    pub fn from_column(column: &str) -> Option<Signature> {
        let (key, value) = column.split_once('.')?;
        (!key.is_empty() && !value.is_empty()).then(|| Signature {
            key: key.to_string(),
            value: value.to_string(),
        })
    }
}

/// A log head with the log key's signature: what the case keeps and every
/// notice carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHead {
    /// The head.
    #[serde(flatten)]
    pub head: LogHead,
    /// Its signature.
    pub signature: Signature,
}

/// A public key's id: the first 16 hex digits of the SHA-256 of its 32
/// bytes. Carried by each signature, so that a verifier picks the key
/// that made it (a key replaced keeps verifying what it signed).
pub fn key_id(public_key: &[u8]) -> String {
    sha256_hex(public_key)[..16].to_string()
}

/// The event's canonical form, the text its hash covers.
pub fn canonical(event: &Event) -> String {
    serde_json::to_string(event).expect("an event always serialises")
}

/// The hash of `event` after the link `previous`.
pub fn link(previous: &str, event: &Event) -> String {
    sha256_hex(format!("{previous}\n{}", canonical(event)).as_bytes())
}

/// Chains `events` (in order, from the first) from [`GENESIS`].
pub fn chain(events: &[Event]) -> Vec<StoredEvent> {
    let mut previous = GENESIS.to_string();
    events
        .iter()
        .map(|event| {
            let hash = link(&previous, event);
            previous.clone_from(&hash);
            StoredEvent {
                event: event.clone(),
                hash,
                signature: None,
            }
        })
        .collect()
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    /// The sequence number of the first event that does not verify.
    pub sequence: u32,
    /// What is wrong there.
    pub reason: BreakReason,
}

/// Why a link does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// The event's stored hash is not the hash of its content after the
    /// previous link: it, or an earlier one, was changed.
    HashMismatch,
    /// Sequence numbers do not run 1, 2, 3, …: an event is missing or
    /// moved.
    OutOfSequence,
    /// The event carries no signature of the log key.
    Unsigned,
    /// The event's (or the case's head's) signature does not hold for it:
    /// the event was changed after it was signed, even if every hash was
    /// computed again.
    BadSignature,
    /// The case's signed head counts this event and more, and the log ends
    /// before it: events were removed from the end.
    Missing,
    /// The log goes on past the case's signed head: the head kept with the
    /// case is older than the log (put back from outside).
    BeyondHead,
}

/// Verifies a case's stored events, in stored order. `Ok(n)`: all `n`
/// verify.
pub fn verify(stored: &[StoredEvent]) -> Result<usize, ChainBreak> {
    let mut previous = GENESIS;
    for (index, item) in stored.iter().enumerate() {
        let sequence = item.event.sequence;
        if usize::try_from(sequence).ok() != Some(index + 1) {
            return Err(ChainBreak {
                sequence,
                reason: BreakReason::OutOfSequence,
            });
        }
        if link(previous, &item.event) != item.hash {
            return Err(ChainBreak {
                sequence,
                reason: BreakReason::HashMismatch,
            });
        }
        previous = &item.hash;
    }
    Ok(stored.len())
}

/// Verifies `case`'s stored events as [`verify`] does, then each event's
/// signature of its head, then the case's signed `head` against the log:
/// its signature, its count and its hash. `signature_holds` checks one
/// signature of one head with the public key its `key` names (false for a
/// key it does not know). `Ok(n)`: all `n` events verify and `head` is the
/// head of the last.
pub fn verify_signed(
    stored: &[StoredEvent],
    head: Option<&SignedHead>,
    case: &CaseIds,
    signature_holds: impl Fn(&LogHead, &Signature) -> bool,
) -> Result<usize, ChainBreak> {
    let count = verify(stored)?;
    for item in stored {
        let sequence = item.event.sequence;
        let Some(signature) = &item.signature else {
            return Err(ChainBreak {
                sequence,
                reason: BreakReason::Unsigned,
            });
        };
        if !signature_holds(&LogHead::at(case, item), signature) {
            return Err(ChainBreak {
                sequence,
                reason: BreakReason::BadSignature,
            });
        }
    }
    let last = u32::try_from(count).unwrap_or(u32::MAX);
    let Some(head) = head else {
        return Err(ChainBreak {
            sequence: last,
            reason: BreakReason::Unsigned,
        });
    };
    // The head is checked as this case's, whatever ids it carries.
    let claimed = LogHead {
        case: case.clone(),
        events: head.head.events,
        hash: head.head.hash.clone(),
    };
    if head.head.case != *case || !signature_holds(&claimed, &head.signature) {
        return Err(ChainBreak {
            sequence: head.head.events,
            reason: BreakReason::BadSignature,
        });
    }
    if head.head.events > last {
        return Err(ChainBreak {
            sequence: last + 1,
            reason: BreakReason::Missing,
        });
    }
    if head.head.events < last {
        return Err(ChainBreak {
            sequence: head.head.events + 1,
            reason: BreakReason::BeyondHead,
        });
    }
    if stored.last().map(|s| s.hash.as_str()) != Some(head.head.hash.as_str()) {
        return Err(ChainBreak {
            sequence: last,
            reason: BreakReason::BadSignature,
        });
    }
    Ok(count)
}

/// What [`LogExport::format`] says.
pub const EXPORT_FORMAT: &str = "brud-case-log/1";

/// A case's log as exported for checking offline (`brud-verify`): the
/// events as stored, with their hashes and signatures, and the signed head
/// kept on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogExport {
    /// [`EXPORT_FORMAT`].
    pub format: String,
    /// Whose log.
    #[serde(flatten)]
    pub case: CaseIds,
    /// The events, in stored order.
    pub events: Vec<StoredEvent>,
    /// The case's signed head, when it has one.
    pub head: Option<SignedHead>,
}

impl LogExport {
    /// Verifies the export as [`verify_signed`] does, as the case it names.
    pub fn verify(
        &self,
        signature_holds: impl Fn(&LogHead, &Signature) -> bool,
    ) -> Result<usize, ChainBreak> {
        verify_signed(
            &self.events,
            self.head.as_ref(),
            &self.case,
            signature_holds,
        )
    }

    /// Every head a signature in the export is of, with that signature
    /// (the events' and the case's), for a caller that checks signatures
    /// ahead of [`LogExport::verify`].
    pub fn signed_heads(&self) -> Vec<(LogHead, Signature)> {
        signed_heads(&self.events, self.head.as_ref(), &self.case)
    }
}

/// Every (head, signature) pair [`verify_signed`] will ask about for
/// `stored` and `head` as `case`'s: a caller whose signature check is
/// asynchronous checks these first and answers from the results.
pub fn signed_heads(
    stored: &[StoredEvent],
    head: Option<&SignedHead>,
    case: &CaseIds,
) -> Vec<(LogHead, Signature)> {
    let mut pairs: Vec<(LogHead, Signature)> = stored
        .iter()
        .filter_map(|item| Some((LogHead::at(case, item), item.signature.clone()?)))
        .collect();
    if let Some(head) = head {
        let claimed = LogHead {
            case: case.clone(),
            events: head.head.events,
            hash: head.head.hash.clone(),
        };
        pairs.push((claimed, head.signature.clone()));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::entries::{HandlerAgreed, Note, Opened};
    use crate::event::{Actor, EventKind};

    fn events() -> Vec<Event> {
        let at = |t: &str| t.parse().unwrap();
        vec![
            Event {
                sequence: 1,
                at: at("2026-11-23T08:00:00Z"),
                actor: Actor::System,
                kind: EventKind::Opened(Opened {
                    report_sha256: "r".into(),
                    contact_sha256: "c".into(),
                    assessment_sha256: None,
                    dpo: None,
                    by_mail: false,
                }),
            },
            Event {
                sequence: 2,
                at: at("2026-11-23T09:00:00Z"),
                actor: Actor::Person("leder@skole.dk".into()),
                kind: EventKind::HandlerAgreed(HandlerAgreed {
                    handler: "Palle Vang".into(),
                }),
            },
            Event {
                sequence: 3,
                at: at("2026-11-23T10:00:00Z"),
                actor: Actor::Person("dpo@kommune.dk".into()),
                kind: EventKind::Note(Note {
                    text: "Ringet til modtageren.".into(),
                }),
            },
        ]
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let stored = chain(&events());
        assert_eq!(verify(&stored), Ok(3));
        assert_eq!(stored[0].hash, link(GENESIS, &stored[0].event));
        assert_eq!(stored[0].hash.len(), 64);
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn the_hash_is_sha256_of_the_previous_link_and_the_canonical_event() {
        let stored = chain(&events());
        let text = format!("{}\n{}", stored[0].hash, canonical(&stored[1].event));
        assert_eq!(stored[1].hash, sha256_hex(text.as_bytes()));
        assert!(canonical(&stored[1].event).starts_with(r#"{"sequence":2,"at":"2026-11-23T09:00:00Z","actor":"leder@skole.dk","kind":"handler_agreed""#));
    }

    #[test]
    fn a_changed_event_breaks_the_chain_where_it_was_changed() {
        let mut stored = chain(&events());
        stored[1].event.kind = EventKind::HandlerAgreed(HandlerAgreed {
            handler: "Someone Else".into(),
        });
        assert_eq!(
            verify(&stored),
            Err(ChainBreak {
                sequence: 2,
                reason: BreakReason::HashMismatch
            })
        );
    }

    #[test]
    fn a_changed_event_with_a_recomputed_hash_breaks_the_next_link() {
        let mut stored = chain(&events());
        stored[1].event.at = "2026-11-23T08:30:00Z".parse().unwrap();
        stored[1].hash = link(&stored[0].hash, &stored[1].event);
        assert_eq!(
            verify(&stored),
            Err(ChainBreak {
                sequence: 3,
                reason: BreakReason::HashMismatch
            })
        );
    }

    fn ids() -> CaseIds {
        CaseIds {
            org: "demo".into(),
            reference: "DEM-2026-0001".into(),
            case_id: "case-1".into(),
        }
    }

    /// A stand-in for the log key, for the rules around it: a "signature"
    /// is the SHA-256 of the signed text (the Ed25519 key itself is tested
    /// where it is used: the Worker and `brud-verify`).
    fn sign(head: &LogHead) -> Signature {
        Signature {
            key: "k1".into(),
            value: sha256_hex(head.signing_input().as_bytes()),
        }
    }

    fn holds(head: &LogHead, signature: &Signature) -> bool {
        signature.key == "k1" && *signature == sign(head)
    }

    fn signed_log() -> (Vec<StoredEvent>, SignedHead) {
        let mut stored = chain(&events());
        for item in &mut stored {
            item.signature = Some(sign(&LogHead::at(&ids(), item)));
        }
        let head = LogHead::at(&ids(), stored.last().unwrap());
        let signature = sign(&head);
        (stored, SignedHead { head, signature })
    }

    #[test]
    fn a_signed_log_verifies_with_its_head() {
        let (stored, head) = signed_log();
        assert_eq!(verify_signed(&stored, Some(&head), &ids(), holds), Ok(3));
        assert_eq!(
            head.head.signing_input(),
            format!(
                "brud-log-head/1\ndemo\nDEM-2026-0001\ncase-1\n3\n{}",
                stored[2].hash
            )
        );
    }

    #[test]
    fn an_event_changed_with_every_hash_recomputed_is_named_by_its_signature() {
        let (mut stored, _) = signed_log();
        stored[1].event.kind = EventKind::HandlerAgreed(HandlerAgreed {
            handler: "Someone Else".into(),
        });
        let events: Vec<Event> = stored.iter().map(|s| s.event.clone()).collect();
        let signatures: Vec<_> = stored.iter().map(|s| s.signature.clone()).collect();
        let mut rehashed = chain(&events);
        for (item, signature) in rehashed.iter_mut().zip(signatures) {
            item.signature = signature;
        }
        assert_eq!(verify(&rehashed), Ok(3), "the hashes alone hold");
        // A head signed for the edited log cannot be made without the key.
        let head = LogHead::at(&ids(), rehashed.last().unwrap());
        let forged = SignedHead {
            signature: Signature {
                key: "k1".into(),
                value: "forged".into(),
            },
            head,
        };
        assert_eq!(
            verify_signed(&rehashed, Some(&forged), &ids(), holds),
            Err(ChainBreak {
                sequence: 2,
                reason: BreakReason::BadSignature
            })
        );
    }

    #[test]
    fn events_removed_from_the_end_are_missing_against_the_signed_head() {
        let (mut stored, head) = signed_log();
        stored.pop();
        assert_eq!(verify(&stored), Ok(2), "what is left chains");
        assert_eq!(
            verify_signed(&stored, Some(&head), &ids(), holds),
            Err(ChainBreak {
                sequence: 3,
                reason: BreakReason::Missing
            })
        );
        // An older head put back: the log goes on past it.
        let (stored, _) = signed_log();
        let old = LogHead::at(&ids(), &stored[1]);
        let signature = sign(&old);
        let old = SignedHead {
            head: old,
            signature,
        };
        assert_eq!(
            verify_signed(&stored, Some(&old), &ids(), holds),
            Err(ChainBreak {
                sequence: 3,
                reason: BreakReason::BeyondHead
            })
        );
    }

    #[test]
    fn an_unsigned_event_or_head_or_another_cases_head_does_not_verify() {
        let (mut stored, head) = signed_log();
        assert_eq!(
            verify_signed(&stored, None, &ids(), holds)
                .unwrap_err()
                .reason,
            BreakReason::Unsigned
        );
        let other = CaseIds {
            reference: "DEM-2026-0002".into(),
            ..ids()
        };
        assert_eq!(
            verify_signed(&stored, Some(&head), &other, holds)
                .unwrap_err()
                .sequence,
            1,
            "every event's signature names its own case"
        );
        stored[0].signature = None;
        assert_eq!(
            verify_signed(&stored, Some(&head), &ids(), holds),
            Err(ChainBreak {
                sequence: 1,
                reason: BreakReason::Unsigned
            })
        );
    }

    #[test]
    fn every_signature_verification_asks_about_is_listed_ahead() {
        let (stored, head) = signed_log();
        let pairs = signed_heads(&stored, Some(&head), &ids());
        assert_eq!(pairs.len(), 4);
        let asked = std::cell::RefCell::new(Vec::new());
        let export = LogExport {
            format: EXPORT_FORMAT.into(),
            case: ids(),
            events: stored,
            head: Some(head),
        };
        let result = export.verify(|head, signature| {
            asked.borrow_mut().push((head.clone(), signature.clone()));
            holds(head, signature)
        });
        assert_eq!(result, Ok(3));
        assert!(asked.borrow().iter().all(|pair| pairs.contains(pair)));
        assert_eq!(export.signed_heads(), pairs);
    }

    #[test]
    fn a_signature_is_one_column_and_a_key_id_is_short() {
        let signature = Signature {
            key: "0123456789abcdef".into(),
            value: "c2ln".into(),
        };
        assert_eq!(signature.to_column(), "0123456789abcdef.c2ln");
        assert_eq!(
            Signature::from_column(&signature.to_column()),
            Some(signature)
        );
        assert_eq!(Signature::from_column("nodot"), None);
        assert_eq!(Signature::from_column(".c2ln"), None);
        assert_eq!(key_id(&[0; 32]), &sha256_hex(&[0; 32])[..16]);
    }

    #[test]
    fn a_removed_or_moved_event_breaks_the_chain() {
        let mut stored = chain(&events());
        stored.remove(1);
        assert_eq!(
            verify(&stored).unwrap_err().reason,
            BreakReason::OutOfSequence
        );
        let mut stored = chain(&events());
        stored.swap(1, 2);
        assert_eq!(verify(&stored).unwrap_err().sequence, 3);
    }
}
