//! A case's notifications as the EDPB's common template
//! ([`brud_shared::edpb`]): the one to make next (new, or a follow-up once
//! Datatilsynet is notified; complete when nothing mandatory is missing),
//! or one already made, as the case stood when it was recorded (the first
//! notification, complete or preliminary as recorded; each follow-up,
//! completing it or not). The mapping itself is the shared module's: this
//! one only says which notification, from the log.

use chrono::{DateTime, Utc};

use crate::event::{Event, EventKind};
use crate::state::Case;
use brud_shared::edpb::{notification, Answers, Notifying, TemplateNotification, Which};
use brud_shared::lang::Language;
use brud_shared::org::OrgProfile;

/// Where in the log a notification stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// How many of the log's events the case is read from.
    pub events: usize,
    /// When (the notification's own time, or now for the next).
    pub at: DateTime<Utc>,
    /// New or a follow-up.
    pub which: Which,
    /// As recorded (`None`: the next, complete when nothing is missing).
    pub complete: Option<bool>,
    /// Which one made (1: the first, 2: the first follow-up, …), or
    /// `None` for the next.
    pub made: Option<usize>,
}

/// What the DPO added for the template in `events`, by field number (a
/// later answer to a field replaces an earlier one).
pub fn answers<'a>(events: impl IntoIterator<Item = &'a Event>) -> Answers {
    let mut answers = Answers::new();
    for event in events {
        if let EventKind::TemplateAnswered(answered) = &event.kind {
            answers.extend(answered.by_field());
        }
    }
    answers
}

/// How many notifications the log records (the first and its follow-ups).
pub fn made(events: &[Event]) -> usize {
    events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::AuthorityNotified(_) | EventKind::AuthorityFollowUp(_)
            )
        })
        .count()
}

/// Where notification `made` (1: the first, 2: the first follow-up, …)
/// stands in `events`, or the next one's (`None`) as of `now`; `None`
/// when the log has no such notification.
pub fn point<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    made: Option<usize>,
    now: DateTime<Utc>,
) -> Option<Point> {
    let mut count = 0;
    let mut read = 0;
    for (index, event) in events.into_iter().enumerate() {
        read = index + 1;
        let (which, complete) = match &event.kind {
            EventKind::AuthorityNotified(n) => (Which::New, n.complete),
            EventKind::AuthorityFollowUp(f) => (Which::FollowUp, f.completes),
            _ => continue,
        };
        count += 1;
        if made == Some(count) {
            return Some(Point {
                events: index + 1,
                at: event.at,
                which,
                complete: Some(complete),
                made,
            });
        }
    }
    // The next: a follow-up once the first is made.
    made.is_none().then_some(Point {
        events: read,
        at: now,
        which: if count > 0 {
            Which::FollowUp
        } else {
            Which::New
        },
        complete: None,
        made: None,
    })
}

/// The notification at `point` of `case` (read from the log up to the
/// point, whose DPO's answers are `answers`: [`answers`]), reference
/// `reference`, of `org`, in `lang`.
pub fn template_notification(
    case: &Case,
    answers: Answers,
    org: &OrgProfile,
    reference: &str,
    point: &Point,
    lang: Language,
) -> TemplateNotification {
    let drafted = case.drafted(point.at, answers);
    let ctx = drafted.context(org, reference, lang);
    let previous = case
        .authority
        .as_ref()
        .map(|a| a.authority_reference.as_str());
    let mut mapped = notification(
        &ctx,
        &Notifying {
            which: point.which,
            complete: point.complete,
            previous: previous.filter(|_| point.which == Which::FollowUp),
        },
    );
    mapped.made = point.made.and_then(|n| u32::try_from(n).ok());
    mapped.notifications_made = case
        .authority
        .as_ref()
        .map_or(0, |a| 1 + a.follow_ups.len() as u32);
    mapped
}
