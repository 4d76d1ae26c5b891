//! The database interface every statement goes through: a [`Statement`]
//! (SQL with positional parameters and their [`Value`]s), run alone or in
//! a batch that is one transaction ([`Database`]), its rows read back as
//! the caller's serde types ([`Rows`]).
//!
//! Two implementations run the same statements on the same migrations:
//! D1 in the Worker ([`crate::d1`], feature `d1`) and SQLite on the host
//! ([`crate::sqlite`], feature `sqlite`), where the tests set the time
//! instead of waiting for it: every function here takes `now` from its
//! caller.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

/// A parameter's value. Times are Unix milliseconds ([`millis`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// An integer (D1 takes those beyond 32 bits as a double: exact up to
    /// 2^53, which covers every millisecond Brud stores).
    Integer(i64),
    /// A double.
    Real(f64),
    /// Text.
    Text(String),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(value.to_string())
    }
}

impl From<&String> for Value {
    fn from(value: &String) -> Self {
        Value::Text(value.clone())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Integer(value)
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Self {
        Value::Integer(value.into())
    }
}

impl From<u32> for Value {
    fn from(value: u32) -> Self {
        Value::Integer(value.into())
    }
}

impl From<u8> for Value {
    fn from(value: u8) -> Self {
        Value::Integer(value.into())
    }
}

impl From<usize> for Value {
    fn from(value: usize) -> Self {
        Value::Integer(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Integer(value.into())
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(value: DateTime<Utc>) -> Self {
        millis(value)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// `at` as stored: Unix milliseconds.
pub fn millis(at: DateTime<Utc>) -> Value {
    Value::Integer(at.timestamp_millis())
}

/// A stored time (Unix milliseconds, read back as a double); the epoch for
/// a value no time can have.
pub fn stored_at(ms: f64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
}

/// One SQL statement and its parameters (`?1`, `?2`, … or `?` in order).
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The SQL.
    pub sql: Cow<'static, str>,
    /// The parameters, the first for `?1`.
    pub params: Vec<Value>,
}

impl Statement {
    /// `sql` without parameters yet.
    pub fn new(sql: impl Into<Cow<'static, str>>) -> Statement {
        Statement {
            sql: sql.into(),
            params: Vec::new(),
        }
    }

    /// With the next parameter bound to `value`.
    pub fn bind(mut self, value: impl Into<Value>) -> Statement {
        self.params.push(value.into());
        self
    }

    /// The statement as one line of a script with its parameters written
    /// in as literals (text quoted, `'` doubled), ending in `;`: for a seed
    /// script run by `sqlite3` or `wrangler d1 execute --file`, so that the
    /// benchmark's cases are written by these very statements. Never for
    /// anything a request sent.
    pub fn inlined(&self) -> String {
        let literal = |value: &Value| match value {
            Value::Null => "NULL".to_string(),
            Value::Integer(i) => i.to_string(),
            Value::Real(f) => format!("{f:?}"),
            Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        };
        let mut out = String::with_capacity(self.sql.len());
        let mut chars = self.sql.chars().peekable();
        let mut next = 0;
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if c == '\'' {
                quoted = !quoted;
            }
            if c != '?' || quoted {
                out.push(c);
                continue;
            }
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            let index = digits.parse::<usize>().map_or(next, |n| n - 1);
            next = index + 1;
            out.push_str(&self.params.get(index).map_or("NULL".to_string(), literal));
        }
        out.push(';');
        out
    }
}

/// Why the store did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// A unique constraint refused the write (another writer took the
    /// number, the sequence or the id first); nothing of the batch was
    /// written.
    Conflict,
    /// The database failed or refused otherwise (its message, which names
    /// tables and columns, never content).
    Failed(String),
    /// A row did not read as the type asked for.
    Decode(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Conflict => write!(f, "a unique constraint refused the write"),
            StoreError::Failed(message) => write!(f, "the database failed: {message}"),
            StoreError::Decode(message) => write!(f, "a row did not read: {message}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError::Decode(error.to_string())
    }
}

/// What a statement gave back: its rows, and how many rows it changed.
pub trait Rows {
    /// The rows as `T` (one object per row, keyed by column name).
    fn rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, StoreError>;

    /// How many rows the statement inserted, updated or deleted.
    fn changes(&self) -> u64;

    /// The first row, if any.
    fn first<T: DeserializeOwned>(&self) -> Result<Option<T>, StoreError> {
        Ok(self.rows::<T>()?.into_iter().next())
    }
}

/// A database that runs [`Statement`]s: D1, or SQLite on the host.
#[allow(async_fn_in_trait)]
pub trait Database {
    /// What a statement gives back.
    type Rows: Rows;

    /// Runs one statement.
    async fn run(&self, statement: Statement) -> Result<Self::Rows, StoreError>;

    /// Runs `statements` in order as one transaction: all of them or, on
    /// any failure, none ([`StoreError::Conflict`] for a unique
    /// constraint).
    async fn batch(&self, statements: Vec<Statement>) -> Result<Vec<Self::Rows>, StoreError>;

    /// The rows of one statement as `T`.
    async fn all<T: DeserializeOwned>(&self, statement: Statement) -> Result<Vec<T>, StoreError> {
        self.run(statement).await?.rows()
    }

    /// The first row of one statement as `T`, if any.
    async fn first<T: DeserializeOwned>(
        &self,
        statement: Statement,
    ) -> Result<Option<T>, StoreError> {
        self.run(statement).await?.first()
    }
}
