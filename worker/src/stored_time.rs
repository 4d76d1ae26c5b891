//! Times in D1: Unix milliseconds in every table (migration 0013 moved the
//! reports' RFC 3339 text there too), bound as a double (exact up to
//! 2^53) and read back as one. RFC 3339 is written only on the wire, by
//! the domain's [`Timestamp`].

use brud_shared::time::Timestamp;
use chrono::{DateTime, Utc};
use worker::D1Type;

/// `ms` (Unix milliseconds) as a D1 parameter.
pub fn ms(ms: i64) -> D1Type<'static> {
    D1Type::Real(ms as f64)
}

/// `at` as a D1 parameter.
pub fn millis(at: DateTime<Utc>) -> D1Type<'static> {
    ms(at.timestamp_millis())
}

/// A stored time; the epoch for a value no time can have.
pub fn at(ms: f64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
}

/// A stored time as the wire writes it (RFC 3339, UTC).
pub fn wire(ms: f64) -> String {
    Timestamp::from(at(ms)).to_string()
}
