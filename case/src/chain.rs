//! The tamper-evident audit trail: a hash chain per case.
//!
//! Each stored event carries `hash = SHA-256(previous hash, "\n", canonical
//! event)`, the first event chained to [`GENESIS`]. Changing, removing or
//! reordering a stored event changes its hash, and every later link then
//! fails to verify: [`verify`] names the first event where the chain
//! breaks.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Actor, EventKind};

    fn events() -> Vec<Event> {
        let at = |t: &str| t.parse().unwrap();
        vec![
            Event {
                sequence: 1,
                at: at("2026-11-23T08:00:00Z"),
                actor: Actor::System,
                kind: EventKind::Opened {
                    report_sha256: "r".into(),
                    contact_sha256: "c".into(),
                    assessment_sha256: None,
                },
            },
            Event {
                sequence: 2,
                at: at("2026-11-23T09:00:00Z"),
                actor: Actor::Person("leder@skole.dk".into()),
                kind: EventKind::HandlerAgreed {
                    handler: "Palle Vang".into(),
                },
            },
            Event {
                sequence: 3,
                at: at("2026-11-23T10:00:00Z"),
                actor: Actor::Person("dpo@kommune.dk".into()),
                kind: EventKind::Note {
                    text: "Ringet til modtageren.".into(),
                },
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
        stored[1].event.kind = EventKind::HandlerAgreed {
            handler: "Someone Else".into(),
        };
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
