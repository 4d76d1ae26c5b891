//! A log's high-water mark kept outside Brud's database, and the school's
//! daily signed checkpoint of its marks.
//!
//! A signed log ([`crate::chain`]) shows an edit even with every hash
//! computed again, but not a roll-back: whoever can write the database can
//! delete a case's last events and put the case's row (with its older
//! signed head) back as it was, and the log then verifies as a shorter,
//! genuine one. So every append also moves the case's mark in a store
//! apart from the database (a Durable Object per school in the Worker):
//! the newest signed head, which only ever moves forward ([`advances`]).
//! Verifying compares the log on file with its mark ([`against`]): a log
//! shorter than its mark, or whose event at the mark is not the marked
//! one, was rolled back or rewritten, and the events missing are named.
//!
//! Each day the school's channels receive a [`Checkpoint`]: every mark of
//! the school at that time, signed by the log key. Kept by the school
//! (its endpoint, the DPO's mail), it lets an export be checked offline
//! against a record neither the database nor the Durable Object holds
//! (`brud-verify --checkpoint`): [`Checkpoint::check_export`].
//!
//! The school's own log ([`crate::school_log`]) has a mark too, under
//! its ids, so a board approval or a discard of held reports cannot be
//! rolled back unseen either.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::chain::{LogExport, LogHead, Signature, SignedHead, StoredEvent};
use crate::notice::dpo_recipients;
use brud_shared::lang::Language;
use brud_shared::org::OrgProfile;
use brud_shared::texts::MailMessage;
use brud_shared::time::format_local;

/// What a log's high-water mark says of the log on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Against {
    /// The log holds every event the mark counts, unchanged where the mark
    /// ends (it may have gone on since).
    Holds {
        /// How many events the mark counts.
        marked: u32,
    },
    /// Events the mark counts are gone from the end of the log: `from`
    /// to `to`, both included.
    RolledBack {
        /// How many events the mark counts.
        marked: u32,
        /// How many the log on file holds.
        on_file: u32,
        /// The first missing event's sequence number.
        from: u32,
        /// The last missing event's sequence number.
        to: u32,
    },
    /// The event the mark ends at is not the one on file: the log was
    /// rewritten from there (or earlier).
    Rewritten {
        /// How many events the mark counts.
        marked: u32,
        /// The event whose hash is not the marked one.
        at: u32,
    },
}

impl Against {
    /// Whether the log holds what its mark counts.
    pub fn holds(&self) -> bool {
        matches!(self, Against::Holds { .. })
    }
}

/// The log `hashes` (each event's sequence number and hash, in order)
/// against its `mark`.
///
/// ```
/// # use brud_case::high_water::{against_hashes, Against};
/// # use brud_case::chain::{CaseIds, LogHead};
/// let case = CaseIds { org: "demo".into(), reference: "DEMO-2026-0001".into(), case_id: "c".into() };
/// let mark = LogHead { case, events: 3, hash: "h3".into() };
/// let log = [(1, "h1"), (2, "h2")];
/// assert_eq!(
///     against_hashes(log.iter().copied(), &mark),
///     Against::RolledBack { marked: 3, on_file: 2, from: 3, to: 3 }
/// );
/// ```
pub fn against_hashes<'a>(
    hashes: impl IntoIterator<Item = (u32, &'a str)>,
    mark: &LogHead,
) -> Against {
    let mut on_file = 0;
    let mut at_mark = None;
    for (sequence, hash) in hashes {
        on_file = on_file.max(sequence);
        if sequence == mark.events {
            at_mark = Some(hash);
        }
    }
    if on_file < mark.events {
        return Against::RolledBack {
            marked: mark.events,
            on_file,
            from: on_file + 1,
            to: mark.events,
        };
    }
    match at_mark {
        Some(hash) if hash == mark.hash => Against::Holds {
            marked: mark.events,
        },
        _ => Against::Rewritten {
            marked: mark.events,
            at: mark.events,
        },
    }
}

/// A case's stored log against its mark ([`against_hashes`]).
pub fn against(stored: &[StoredEvent], mark: &LogHead) -> Against {
    against_hashes(
        stored.iter().map(|s| (s.event.sequence, s.hash.as_str())),
        mark,
    )
}

/// Whether `next` moves the mark on from `current`: only a longer log
/// does, so a late or repeated update never moves it back.
pub fn advances(current: Option<&SignedHead>, next: &SignedHead) -> bool {
    current.is_none_or(|current| next.head.events > current.head.events)
}

/// What [`Checkpoint::format`] says, and the first line of its signed text.
pub const CHECKPOINT_FORMAT: &str = "brud-checkpoint/1";

/// The type of the notice that carries a checkpoint to the school's
/// endpoint.
pub const CHECKPOINT_EVENT: &str = "brud.log.checkpoint";

/// Every log mark of one school at one time, signed by the log key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// [`CHECKPOINT_FORMAT`].
    pub format: String,
    /// The school.
    pub org: String,
    /// When the marks were read.
    pub at: DateTime<Utc>,
    /// The marks, by case id.
    pub heads: Vec<LogHead>,
    /// The log key's signature of [`Checkpoint::signing_input`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// Why an export does not hold against a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointBreak {
    /// The checkpoint is of another school.
    OtherSchool,
    /// The checkpoint does not know the case (opened after it, or not the
    /// school's).
    Unknown,
    /// The export lacks, or changed, what the checkpoint counted.
    Against(Against),
}

impl Checkpoint {
    /// The checkpoint of `org`'s `heads` at `at`, unsigned, the heads in
    /// case-id order (so the signed text does not depend on how they were
    /// read).
    pub fn new(org: &str, at: DateTime<Utc>, mut heads: Vec<LogHead>) -> Checkpoint {
        heads.retain(|head| head.case.org == org);
        heads.sort_by(|a, b| a.case.case_id.cmp(&b.case.case_id));
        Checkpoint {
            format: CHECKPOINT_FORMAT.to_string(),
            org: org.to_string(),
            at,
            heads,
            signature: None,
        }
    }

    /// The text the log key signs: [`CHECKPOINT_FORMAT`], the school, the
    /// time (RFC 3339, seconds, `Z`) and the number of marks, then one
    /// line per mark: case id, reference, events, hash, separated by
    /// spaces (UTF-8, a line feed between lines, none after the last).
    pub fn signing_input(&self) -> String {
        let mut text = format!(
            "{CHECKPOINT_FORMAT}\n{}\n{}\n{}",
            self.org,
            self.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            self.heads.len()
        );
        for head in &self.heads {
            text.push_str(&format!(
                "\n{} {} {} {}",
                head.case.case_id, head.case.reference, head.events, head.hash
            ));
        }
        text
    }

    /// The checkpoint with its `signature`.
    pub fn signed(mut self, signature: Signature) -> Checkpoint {
        self.signature = Some(signature);
        self
    }

    /// The mark of case `case_id`, if the checkpoint has one.
    pub fn head_of(&self, case_id: &str) -> Option<&LogHead> {
        self.heads.iter().find(|head| head.case.case_id == case_id)
    }

    /// `export` against this checkpoint: it must hold every event the
    /// checkpoint counted for its case, unchanged.
    pub fn check_export(&self, export: &LogExport) -> Result<Against, CheckpointBreak> {
        if export.case.org != self.org {
            return Err(CheckpointBreak::OtherSchool);
        }
        let mark = self
            .head_of(&export.case.case_id)
            .ok_or(CheckpointBreak::Unknown)?;
        match against(&export.events, mark) {
            holds @ Against::Holds { .. } => Ok(holds),
            broken => Err(CheckpointBreak::Against(broken)),
        }
    }

    /// The notice carrying it to the school's endpoint: `type`
    /// [`CHECKPOINT_EVENT`], `timestamp`, `data` the checkpoint.
    pub fn notice(&self) -> serde_json::Value {
        serde_json::json!({
            "type": CHECKPOINT_EVENT,
            "timestamp": self.at,
            "data": self,
        })
    }

    /// A checkpoint from a file as kept: [`Checkpoint::from_json`], or the
    /// DPO's mail ([`checkpoint_mail`]) with it between its marked lines.
    pub fn from_text(text: &str) -> Result<Checkpoint, String> {
        match text
            .split_once(MAIL_START)
            .and_then(|(_, rest)| rest.split_once(MAIL_END))
        {
            Some((json, _)) => Checkpoint::from_json(json),
            None => Checkpoint::from_json(text),
        }
    }

    /// A checkpoint from a file: the checkpoint itself or the notice that
    /// carried it.
    pub fn from_json(text: &str) -> Result<Checkpoint, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let inner = if value.get("type").and_then(|t| t.as_str()) == Some(CHECKPOINT_EVENT) {
            value.get("data").cloned().unwrap_or_default()
        } else {
            value
        };
        let checkpoint: Checkpoint =
            serde_json::from_value(inner).map_err(|e| format!("not a checkpoint: {e}"))?;
        if checkpoint.format != CHECKPOINT_FORMAT {
            return Err(format!(
                "format {:?}, not {CHECKPOINT_FORMAT:?}",
                checkpoint.format
            ));
        }
        Ok(checkpoint)
    }
}

/// The line before the checkpoint's JSON in its mail.
const MAIL_START: &str = "----- kontrolpunkt -----";
/// The line after it.
const MAIL_END: &str = "----- slut -----";

/// The checkpoint as a mail to the school's DPO (a school without a
/// webhook): what it is, how to keep it and check an export with it, and
/// the checkpoint itself as JSON between two marked lines. In Danish.
///
/// Example subject: "Brud: kontrolpunkt for Demoskolen 7.12.2026 kl. 02.00
/// (12 logge)".
pub fn checkpoint_mail(checkpoint: &Checkpoint, org: &OrgProfile) -> MailMessage {
    let lang = Language::Da;
    let subject = format!(
        "Brud: kontrolpunkt for {} {} ({} logge)",
        org.name,
        format_local(checkpoint.at, lang),
        checkpoint.heads.len()
    );
    let json = serde_json::to_string_pretty(checkpoint).unwrap_or_default();
    let text = format!(
        "Hej\n\nHer er Bruds kontrolpunkt for {name}: hver sags log (og skolens egen) som den stod {at}, med antal hændelser og den sidste hændelses hash, underskrevet med Bruds lognøgle.\n\nGem mailen. Kontrolpunktet ligger uden for Bruds database, så ingen kan rulle en sags historik tilbage uden at det ses: en sags log, hentet fra skrivebordet, tjekkes mod kontrolpunktet med\n\n  brud-verify --key brud-log-key.json --checkpoint kontrolpunkt.json SAG-log.json\n\nGem teksten mellem de to linjer herunder som kontrolpunkt.json.\n\n{MAIL_START}\n{json}\n{MAIL_END}\n\nSendt af Brud til skolens databeskyttelsesrådgiver, kun på dage hvor en log er skrevet. Mailen rummer ingen indberetninger, kun journalnumre og hashværdier.",
        name = org.name,
        at = format_local(checkpoint.at, lang),
    );
    MailMessage::new(dpo_recipients(org), subject, text, lang)
}

/// The checkpoint's id in the outbox: once per school, `period` (the
/// number of checkpoint periods since the Unix epoch, a day by default)
/// and channel.
pub fn checkpoint_outbox_id(org: &str, period: i64, channel: &str) -> String {
    format!("checkpoint.{org}.{period}.{channel}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::{chain, CaseIds, EXPORT_FORMAT};
    use crate::entries::Note;
    use crate::{Actor, Event, EventKind};

    fn ids(case_id: &str) -> CaseIds {
        CaseIds {
            org: "demo".into(),
            reference: format!("DEMO-2026-{case_id}"),
            case_id: case_id.into(),
        }
    }

    fn log(n: u32) -> Vec<StoredEvent> {
        let events: Vec<Event> = (1..=n)
            .map(|sequence| Event {
                sequence,
                at: "2026-11-23T08:00:00Z".parse().unwrap(),
                actor: Actor::Person("dpo@demo.example".into()),
                kind: EventKind::Note(Note {
                    text: format!("Note {sequence}."),
                }),
            })
            .collect();
        chain(&events)
    }

    fn mark(case_id: &str, stored: &[StoredEvent]) -> LogHead {
        LogHead::at(&ids(case_id), stored.last().unwrap())
    }

    #[test]
    fn a_log_that_went_on_past_its_mark_holds() {
        let stored = log(4);
        assert_eq!(
            against(&stored, &mark("0001", &stored[..3])),
            Against::Holds { marked: 3 }
        );
        assert!(against(&stored, &mark("0001", &stored)).holds());
    }

    #[test]
    fn a_rolled_back_log_names_the_missing_events() {
        let stored = log(5);
        let marked = mark("0001", &stored);
        assert_eq!(
            against(&stored[..3], &marked),
            Against::RolledBack {
                marked: 5,
                on_file: 3,
                from: 4,
                to: 5
            }
        );
        assert!(!against(&[], &marked).holds());
    }

    #[test]
    fn a_log_rewritten_at_the_mark_is_seen_even_when_as_long() {
        let stored = log(3);
        let marked = mark("0001", &stored);
        let mut other = log(3);
        other[2].hash = "f".repeat(64);
        assert_eq!(
            against(&other, &marked),
            Against::Rewritten { marked: 3, at: 3 }
        );
    }

    #[test]
    fn the_mark_only_moves_forward() {
        let stored = log(3);
        let signed = |n: usize| SignedHead {
            head: mark("0001", &stored[..n]),
            signature: Signature {
                key: "k".into(),
                value: "v".into(),
            },
        };
        assert!(advances(None, &signed(1)));
        assert!(advances(Some(&signed(1)), &signed(2)));
        assert!(!advances(Some(&signed(3)), &signed(2)));
        assert!(!advances(Some(&signed(3)), &signed(3)));
    }

    #[test]
    fn a_checkpoint_signs_every_mark_in_case_order_and_checks_exports() {
        let first = log(2);
        let second = log(4);
        let at: DateTime<Utc> = "2026-12-07T02:00:00Z".parse().unwrap();
        let mut other_school = mark("0003", &first);
        other_school.case.org = "zahles".into();
        let checkpoint = Checkpoint::new(
            "demo",
            at,
            vec![mark("0002", &second), mark("0001", &first), other_school],
        );
        assert_eq!(checkpoint.heads.len(), 2, "only the school's own");
        let text = checkpoint.signing_input();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[..4],
            ["brud-checkpoint/1", "demo", "2026-12-07T02:00:00Z", "2"]
        );
        assert!(lines[4].starts_with("0001 DEMO-2026-0001 2 "), "{text}");
        assert!(lines[5].starts_with("0002 DEMO-2026-0002 4 "), "{text}");

        let export = |case_id: &str, events: Vec<StoredEvent>| LogExport {
            format: EXPORT_FORMAT.into(),
            case: ids(case_id),
            events,
            head: None,
        };
        assert_eq!(
            checkpoint.check_export(&export("0002", second.clone())),
            Ok(Against::Holds { marked: 4 })
        );
        assert_eq!(
            checkpoint.check_export(&export("0002", second[..3].to_vec())),
            Err(CheckpointBreak::Against(Against::RolledBack {
                marked: 4,
                on_file: 3,
                from: 4,
                to: 4
            }))
        );
        assert_eq!(
            checkpoint.check_export(&export("0009", first.clone())),
            Err(CheckpointBreak::Unknown)
        );
        // The notice round-trips, and so does the bare checkpoint.
        let signed = checkpoint.signed(Signature {
            key: "k".into(),
            value: "v".into(),
        });
        let notice = signed.notice().to_string();
        assert_eq!(Checkpoint::from_json(&notice), Ok(signed.clone()));
        let bare = serde_json::to_string(&signed).unwrap();
        assert_eq!(Checkpoint::from_json(&bare), Ok(signed));
        assert!(Checkpoint::from_json("{\"format\":\"x\"}").is_err());
    }
}
