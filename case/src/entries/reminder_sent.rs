//! `reminder_sent`: a reminder of the 72-hour deadline was sent (by the
//! system; recorded so each is sent once).

use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};
use crate::actor::Reminder;

/// The reminder's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSent {
    /// Which one.
    pub reminder: Reminder,
}

impl Entry for ReminderSent {
    const WHO: Who = Who::System;
    const TITLE: (&'static str, &'static str) =
        ("Påmindelse om fristen sendt", "Deadline reminder sent");

    fn apply(&self, applying: &mut Applying) {
        if applying.before.reminders.contains(&self.reminder) {
            applying.not_allowed(
                "reminder",
                "Påmindelsen er allerede sendt.",
                "The reminder has already been sent.",
            );
        }
        applying.next.reminders.push(self.reminder);
    }
}
