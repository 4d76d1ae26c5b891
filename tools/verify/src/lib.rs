//! `brud-verify`: checks a case log exported from the desk
//! (`GET /api/desk/orgs/{org}/cases/{reference}/log`) offline, with only
//! the log key's public half (`GET /.well-known/brud-log-key`, or the key
//! printed in the deployment's docs).
//!
//! What holds when it says so ([`brud_case::chain::verify_signed`]): every
//! event links to the one before by its hash, every event carries the log
//! key's signature of the case's head at it, and the case's signed head
//! counts exactly the events in the export and ends at the last one. An
//! event edited in the database, even with every hash computed again, fails
//! at its own signature; events removed from the end fail against the
//! head. The signatures are Ed25519, checked here with `ed25519-dalek`
//! (the Worker signs through the runtime's WebCrypto; the end-to-end tests
//! check one against the other).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use brud_case::chain::{key_id, BreakReason, ChainBreak, LogExport, LogHead, Signature};
use brud_case::high_water::{Against, Checkpoint, CheckpointBreak};
use ed25519_dalek::{Signature as Ed25519Signature, VerifyingKey};
use serde::Deserialize;

/// A log key's public half.
#[derive(Debug, Clone)]
pub struct PublicKey {
    key: VerifyingKey,
    /// Its id ([`key_id`]), as signatures name it.
    pub id: String,
}

/// The published JWK's fields this reads.
#[derive(Deserialize)]
struct Jwk {
    kty: String,
    crv: String,
    x: String,
}

/// A published JWK Set.
#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

/// The log keys an export is checked with: the deployment's current key
/// and the ones it replaced (`GET /.well-known/brud-log-key` gives them
/// all). A signature is checked with the key it names.
#[derive(Debug, Clone)]
pub struct KeySet {
    /// The keys, as published (the current first).
    pub keys: Vec<PublicKey>,
}

impl KeySet {
    /// From the published JWK Set (`{"keys":[…]}`), one JWK, or one key's
    /// `x` alone.
    pub fn parse(text: &str) -> Result<KeySet, String> {
        let text = text.trim();
        if text.starts_with('{') && text.contains("\"keys\"") {
            let set: Jwks = serde_json::from_str(text)
                .map_err(|e| format!("not a JWK Set of log keys: {e}"))?;
            if set.keys.is_empty() {
                return Err("the key set holds no key".to_string());
            }
            let keys = set
                .keys
                .into_iter()
                .map(PublicKey::from_jwk)
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(KeySet { keys });
        }
        Ok(KeySet {
            keys: vec![PublicKey::parse(text)?],
        })
    }

    /// Whether `signature` is over `head` by the key of this set it names.
    pub fn holds(&self, head: &LogHead, signature: &Signature) -> bool {
        self.keys.iter().any(|key| key.holds(head, signature))
    }

    /// Whether `signature` is over `text` by the key of this set it names.
    pub fn holds_text(&self, text: &str, signature: &Signature) -> bool {
        self.keys.iter().any(|key| key.holds_text(text, signature))
    }

    /// The ids of the keys, as signatures name them.
    pub fn ids(&self) -> Vec<&str> {
        self.keys.iter().map(|key| key.id.as_str()).collect()
    }
}

impl From<PublicKey> for KeySet {
    fn from(key: PublicKey) -> KeySet {
        KeySet { keys: vec![key] }
    }
}

impl From<&PublicKey> for KeySet {
    fn from(key: &PublicKey) -> KeySet {
        KeySet {
            keys: vec![key.clone()],
        }
    }
}

impl From<&KeySet> for KeySet {
    fn from(keys: &KeySet) -> KeySet {
        keys.clone()
    }
}

impl PublicKey {
    /// From the published JWK (`{"kty":"OKP","crv":"Ed25519","x":…}`) or
    /// from its `x` alone (the 32 bytes, base64url).
    pub fn parse(text: &str) -> Result<PublicKey, String> {
        let text = text.trim();
        if text.starts_with('{') {
            let jwk: Jwk =
                serde_json::from_str(text).map_err(|e| format!("not a JWK of the log key: {e}"))?;
            return PublicKey::from_jwk(jwk);
        }
        PublicKey::from_x(text)
    }

    fn from_jwk(jwk: Jwk) -> Result<PublicKey, String> {
        if jwk.kty != "OKP" || jwk.crv != "Ed25519" {
            return Err(format!(
                "not an Ed25519 key (kty {}, crv {})",
                jwk.kty, jwk.crv
            ));
        }
        PublicKey::from_x(&jwk.x)
    }

    fn from_x(x: &str) -> Result<PublicKey, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(x.trim_end_matches('='))
            .map_err(|_| "the key is not base64url".to_string())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "an Ed25519 public key is 32 bytes".to_string())?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| "not a point of Ed25519: not a public key".to_string())?;
        Ok(PublicKey {
            id: key_id(&bytes),
            key,
        })
    }

    /// Whether `signature` is this key's, over `head`.
    pub fn holds(&self, head: &LogHead, signature: &Signature) -> bool {
        self.holds_text(&head.signing_input(), signature)
    }

    /// Whether `signature` is this key's, over `text`.
    pub fn holds_text(&self, text: &str, signature: &Signature) -> bool {
        if signature.key != self.id {
            return false;
        }
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(&signature.value) else {
            return false;
        };
        let Ok(signature) = Ed25519Signature::from_slice(&bytes) else {
            return false;
        };
        self.key.verify_strict(text.as_bytes(), &signature).is_ok()
    }
}

/// What a verified export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The case's reference.
    pub reference: String,
    /// The organisation.
    pub org: String,
    /// How many events.
    pub events: usize,
}

/// Why an export does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The file is not an export of a case log.
    NotAnExport(String),
    /// The log breaks at an event.
    Broken { reference: String, at: ChainBreak },
    /// The checkpoint cannot be used: not one, not signed by the keys,
    /// another school's, or without this case.
    Checkpoint(String),
    /// The log lacks, or changed, what the checkpoint counted.
    RolledBack {
        reference: String,
        checkpoint_at: String,
        against: Against,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotAnExport(why) => write!(f, "not a Brud case log: {why}"),
            Failure::Broken { reference, at } => {
                let why = match at.reason {
                    BreakReason::HashMismatch => {
                        "its hash is not the hash of its content after the event before: it, or an earlier one, was changed"
                    }
                    BreakReason::OutOfSequence => "the events do not run 1, 2, 3, …: one is missing or moved",
                    BreakReason::Unsigned => "it carries no signature of the log key",
                    BreakReason::BadSignature => {
                        "its signature does not hold: it was changed after it was signed (or signed by another key)"
                    }
                    BreakReason::Missing => {
                        "the case's signed head counts it, and the log ends before it: events were removed"
                    }
                    BreakReason::BeyondHead => {
                        "the log goes on past the case's signed head: the head is older than the log"
                    }
                };
                write!(f, "{reference}: broken at event {}: {why}", at.sequence)
            }
            Failure::Checkpoint(why) => write!(f, "the checkpoint cannot be used: {why}"),
            Failure::RolledBack {
                reference,
                checkpoint_at,
                against,
            } => match against {
                Against::RolledBack {
                    marked,
                    on_file,
                    from,
                    to,
                } => {
                    let missing = if from == to {
                        format!("event {from} is missing")
                    } else {
                        format!("events {from}–{to} are missing")
                    };
                    write!(
                        f,
                        "{reference}: rolled back: the checkpoint of {checkpoint_at} counts {marked} events, the log holds {on_file}: {missing}"
                    )
                }
                Against::Rewritten { at, .. } => write!(
                    f,
                    "{reference}: rewritten: event {at} is not the one the checkpoint of {checkpoint_at} counted"
                ),
                Against::Holds { .. } => write!(f, "{reference}: holds"),
            },
        }
    }
}

/// Checks the export in `json` with `keys` (a [`KeySet`], or one
/// [`PublicKey`] as a set of one).
pub fn check(json: &str, keys: impl Into<KeySet>) -> Result<Verified, Failure> {
    let keys: KeySet = keys.into();
    let export: LogExport =
        serde_json::from_str(json).map_err(|e| Failure::NotAnExport(e.to_string()))?;
    if export.format != brud_case::chain::EXPORT_FORMAT {
        return Err(Failure::NotAnExport(format!(
            "format {:?}, not {:?}",
            export.format,
            brud_case::chain::EXPORT_FORMAT
        )));
    }
    match export.verify(|head, signature| keys.holds(head, signature)) {
        Ok(events) => Ok(Verified {
            reference: export.case.reference,
            org: export.case.org,
            events,
        }),
        Err(at) => Err(Failure::Broken {
            reference: export.case.reference,
            at,
        }),
    }
}

/// Checks the export in `json` with `keys` ([`check`]), then against the
/// school's signed checkpoint in `checkpoint` (the checkpoint's JSON, the
/// notice that carried it, or the DPO's mail with it between its marked
/// lines): the checkpoint's signature must hold, and the log must hold
/// every event the checkpoint counted for the case, unchanged.
pub fn check_with_checkpoint(
    json: &str,
    keys: impl Into<KeySet>,
    checkpoint: &str,
) -> Result<(Verified, Against), Failure> {
    let keys: KeySet = keys.into();
    let checkpoint = Checkpoint::from_text(checkpoint).map_err(Failure::Checkpoint)?;
    let signed = checkpoint
        .signature
        .as_ref()
        .is_some_and(|signature| keys.holds_text(&checkpoint.signing_input(), signature));
    if !signed {
        return Err(Failure::Checkpoint(
            "its signature does not hold for these keys".to_string(),
        ));
    }
    let verified = check(json, &keys)?;
    let export: LogExport =
        serde_json::from_str(json).map_err(|e| Failure::NotAnExport(e.to_string()))?;
    let checkpoint_at = checkpoint.at.to_rfc3339();
    match checkpoint.check_export(&export) {
        Ok(against) => Ok((verified, against)),
        Err(CheckpointBreak::OtherSchool) => Err(Failure::Checkpoint(format!(
            "it is {}'s, the case {}'s",
            checkpoint.org, export.case.org
        ))),
        Err(CheckpointBreak::Unknown) => Err(Failure::Checkpoint(format!(
            "it has no mark of {} (opened after {checkpoint_at}?)",
            export.case.reference
        ))),
        Err(CheckpointBreak::Against(against)) => Err(Failure::RolledBack {
            reference: export.case.reference,
            checkpoint_at,
            against,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brud_case::chain::{chain, CaseIds, SignedHead, StoredEvent, EXPORT_FORMAT};
    #[allow(unused_imports)]
    use brud_case::entries::Note;
    use brud_case::{Actor, Event, EventKind};
    use ed25519_dalek::{Signer, SigningKey};

    fn signing_key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn public_key() -> PublicKey {
        let x = URL_SAFE_NO_PAD.encode(signing_key().verifying_key().to_bytes());
        PublicKey::parse(&format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","kid":"k"}}"#
        ))
        .unwrap()
    }

    fn sign(head: &LogHead) -> Signature {
        Signature {
            key: public_key().id,
            value: URL_SAFE_NO_PAD.encode(
                signing_key()
                    .sign(head.signing_input().as_bytes())
                    .to_bytes(),
            ),
        }
    }

    fn ids() -> CaseIds {
        CaseIds {
            org: "demo".into(),
            reference: "DEM-2026-0007".into(),
            case_id: "0b9c".into(),
        }
    }

    fn events() -> Vec<Event> {
        let at = |t: &str| t.parse().unwrap();
        (1..=3)
            .map(|sequence| Event {
                sequence,
                at: at("2026-11-23T08:00:00Z"),
                actor: Actor::Person("leder@demo.example".into()),
                kind: EventKind::Note(Note {
                    text: format!("Note {sequence}."),
                }),
            })
            .collect()
    }

    fn export_of(events: Vec<StoredEvent>) -> LogExport {
        let head = LogHead::at(&ids(), events.last().unwrap());
        let signature = sign(&head);
        LogExport {
            format: EXPORT_FORMAT.into(),
            case: ids(),
            events,
            head: Some(SignedHead { head, signature }),
        }
    }

    fn signed(events: &[Event]) -> Vec<StoredEvent> {
        let mut stored = chain(events);
        for item in &mut stored {
            item.signature = Some(sign(&LogHead::at(&ids(), item)));
        }
        stored
    }

    #[test]
    fn an_untouched_export_verifies() {
        let json = serde_json::to_string(&export_of(signed(&events()))).unwrap();
        assert_eq!(
            check(&json, public_key()),
            Ok(Verified {
                reference: "DEM-2026-0007".into(),
                org: "demo".into(),
                events: 3
            })
        );
    }

    #[test]
    fn an_event_edited_with_its_hashes_recomputed_is_named() {
        let stored = signed(&events());
        let mut export = export_of(stored.clone());
        let mut edited = events();
        edited[1].kind = EventKind::Note(Note {
            text: "Something else.".into(),
        });
        let mut rehashed = chain(&edited);
        for (item, original) in rehashed.iter_mut().zip(&stored) {
            item.signature = original.signature.clone();
        }
        export.events = rehashed;
        let failure = check(&serde_json::to_string(&export).unwrap(), public_key()).unwrap_err();
        assert_eq!(
            failure,
            Failure::Broken {
                reference: "DEM-2026-0007".into(),
                at: ChainBreak {
                    sequence: 2,
                    reason: BreakReason::BadSignature
                }
            }
        );
        assert!(
            failure.to_string().contains("broken at event 2"),
            "{failure}"
        );
    }

    #[test]
    fn a_removed_last_event_is_missing() {
        let mut export = export_of(signed(&events()));
        export.events.pop();
        let failure = check(&serde_json::to_string(&export).unwrap(), public_key()).unwrap_err();
        assert!(
            matches!(
                failure,
                Failure::Broken {
                    at: ChainBreak {
                        sequence: 3,
                        reason: BreakReason::Missing
                    },
                    ..
                }
            ),
            "{failure:?}"
        );
    }

    #[test]
    fn another_key_verifies_nothing() {
        let json = serde_json::to_string(&export_of(signed(&events()))).unwrap();
        let other = SigningKey::from_bytes(&[9; 32]).verifying_key().to_bytes();
        let other = PublicKey::parse(&URL_SAFE_NO_PAD.encode(other)).unwrap();
        assert!(matches!(
            check(&json, &other),
            Err(Failure::Broken {
                at: ChainBreak {
                    sequence: 1,
                    reason: BreakReason::BadSignature
                },
                ..
            })
        ));
    }

    #[test]
    fn a_log_signed_before_and_after_a_rotation_verifies_with_the_published_set() {
        // Events 1 and 2 under the old key, 3 and the head under the new.
        let new_key = SigningKey::from_bytes(&[9; 32]);
        let new_x = URL_SAFE_NO_PAD.encode(new_key.verifying_key().to_bytes());
        let new_public = PublicKey::parse(&new_x).unwrap();
        let sign_new = |head: &LogHead| Signature {
            key: new_public.id.clone(),
            value: URL_SAFE_NO_PAD.encode(new_key.sign(head.signing_input().as_bytes()).to_bytes()),
        };
        let mut stored = signed(&events());
        stored[2].signature = Some(sign_new(&LogHead::at(&ids(), &stored[2])));
        let mut export = export_of(stored);
        let head = export.head.as_ref().unwrap().head.clone();
        export.head = Some(SignedHead {
            signature: sign_new(&head),
            head,
        });
        let json = serde_json::to_string(&export).unwrap();
        let old_x = URL_SAFE_NO_PAD.encode(signing_key().verifying_key().to_bytes());
        let published = format!(
            r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","x":"{new_x}","kid":"{}"}},{{"kty":"OKP","crv":"Ed25519","x":"{old_x}"}}]}}"#,
            new_public.id
        );
        let set = KeySet::parse(&published).unwrap();
        assert_eq!(
            set.ids(),
            [new_public.id.as_str(), public_key().id.as_str()]
        );
        assert_eq!(check(&json, &set).map(|v| v.events), Ok(3));
        // Either key alone fails where the other signed.
        assert!(matches!(
            check(&json, &new_public),
            Err(Failure::Broken {
                at: ChainBreak { sequence: 1, .. },
                ..
            })
        ));
        assert!(matches!(
            check(&json, public_key()),
            Err(Failure::Broken {
                at: ChainBreak { sequence: 3, .. },
                ..
            })
        ));
        assert!(KeySet::parse(r#"{"keys":[]}"#).is_err());
    }

    #[test]
    fn an_export_rolled_back_behind_the_schools_checkpoint_is_named() {
        let full = signed(&events());
        let at = "2026-12-07T02:00:00Z".parse().unwrap();
        let checkpoint = Checkpoint::new("demo", at, vec![LogHead::at(&ids(), &full[2])]);
        let signature = Signature {
            key: public_key().id,
            value: URL_SAFE_NO_PAD.encode(
                signing_key()
                    .sign(checkpoint.signing_input().as_bytes())
                    .to_bytes(),
            ),
        };
        let checkpoint = checkpoint.signed(signature);
        let kept = checkpoint.notice().to_string();
        // The whole log holds what the checkpoint counted.
        let whole = serde_json::to_string(&export_of(full.clone())).unwrap();
        assert!(check_with_checkpoint(&whole, public_key(), &kept).is_ok());
        // The last event removed and the head put back as it was before it
        // (what a writer of the database could do): the export verifies
        // alone, and fails against the checkpoint naming event 3.
        let rolled = serde_json::to_string(&export_of(full[..2].to_vec())).unwrap();
        assert!(check(&rolled, public_key()).is_ok());
        let failure = check_with_checkpoint(&rolled, public_key(), &kept).unwrap_err();
        assert_eq!(
            failure.to_string(),
            "DEM-2026-0007: rolled back: the checkpoint of 2026-12-07T02:00:00+00:00 counts 3 events, the log holds 2: event 3 is missing"
        );
        // A checkpoint not signed by the keys is not used.
        let mut forged = checkpoint.clone();
        forged.heads[0].events = 2;
        let forged = serde_json::to_string(&forged).unwrap();
        assert!(matches!(
            check_with_checkpoint(&rolled, public_key(), &forged),
            Err(Failure::Checkpoint(_))
        ));
    }

    #[test]
    fn what_is_not_a_key_or_an_export_is_said_so() {
        assert!(PublicKey::parse("not base64!").is_err());
        assert!(PublicKey::parse(r#"{"kty":"RSA","crv":"x","x":"AA"}"#)
            .unwrap_err()
            .contains("Ed25519"));
        assert!(PublicKey::parse(&URL_SAFE_NO_PAD.encode([1; 31])).is_err());
        assert!(matches!(
            check("{}", public_key()),
            Err(Failure::NotAnExport(_))
        ));
    }
}
