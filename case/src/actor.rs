//! Who records an entry ([`Actor`]) and which deadline reminder was sent
//! ([`Reminder`]): the small types every part of the case file names.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoStaticStr};

/// Who recorded an event: a person (the e-mail address their sign-in
/// vouches for) or Brud itself (`"system"` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Actor {
    /// Brud: the case opened, a reminder sent, a retention erasure.
    System,
    /// A signed-in person, by e-mail address.
    Person(String),
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        match actor {
            Actor::System => "system".to_string(),
            Actor::Person(email) => email,
        }
    }
}

impl From<String> for Actor {
    fn from(text: String) -> Actor {
        if text == "system" {
            Actor::System
        } else {
            Actor::Person(text)
        }
    }
}

/// Which reminder of the 72-hour deadline was sent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Reminder {
    /// 24 hours before the deadline.
    Approaching24h,
    /// 6 hours before the deadline.
    Approaching6h,
    /// The deadline passed without a notification.
    Overdue,
}

impl Reminder {
    /// Its bit in a set of reminders sent (the `cases.reminded` column):
    /// 1, 2, 4 in the order they come.
    pub fn bit(self) -> u8 {
        match self {
            Reminder::Approaching24h => 1,
            Reminder::Approaching6h => 2,
            Reminder::Overdue => 4,
        }
    }

    /// The bits of `sent`.
    pub fn bits_of(sent: &[Reminder]) -> u8 {
        sent.iter().fold(0, |bits, reminder| bits | reminder.bit())
    }

    /// The reminders whose bits are set in `bits`, in the order they come.
    pub fn from_bits(bits: u8) -> Vec<Reminder> {
        <Reminder as strum::IntoEnumIterator>::iter()
            .filter(|reminder| bits & reminder.bit() != 0)
            .collect()
    }
}
