//! An answer to one of the template's fields ([`Answer`]) and the DPO's
//! answers of a case ([`Answers`]): plain data, apart from the mapping, so
//! what a case settled ([`crate::texts::Decided`]) can carry them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An answer to a field: the DPO's, or Brud's from the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    /// Free text (or a date and time, RFC 3339).
    Text(String),
    /// A number.
    Number(i64),
    /// Yes or no.
    Flag(bool),
    /// The letters of the predefined answers chosen.
    Choices(Vec<String>),
}

/// What the DPO added on the desk, by field number (the latest answer to
/// each field stands).
pub type Answers = BTreeMap<u16, Answer>;
