//! `follow_up_reminder_sent`: a reminder that more information was
//! promised to Datatilsynet by a date was sent (by the system; recorded so
//! each promise is reminded once).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kind::{Applying, Entry, Who};

/// The reminder's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpReminderSent {
    /// The date promised in the latest follow-up.
    pub promised_by: NaiveDate,
}

impl Entry for FollowUpReminderSent {
    const WHO: Who = Who::System;
    const TITLE: (&'static str, &'static str) = (
        "Påmindelse om lovede oplysninger sendt",
        "Reminder of promised information sent",
    );

    fn apply(&self, applying: &mut Applying) {
        let case = applying.before;
        if case.follow_up_promised_by() != Some(self.promised_by)
            || case.follow_up_reminded == Some(self.promised_by)
        {
            applying.not_allowed(
                "promised_by",
                "Der afventes ikke oplysninger lovet til den dato, eller påmindelsen er sendt.",
                "No information promised for that date is awaited, or the reminder was sent.",
            );
        }
        applying.next.follow_up_reminded = Some(self.promised_by);
    }
}
