//! The store on D1, the Worker's database: each [`Statement`] prepared
//! and bound here, and nowhere else in the Worker.

use serde::de::DeserializeOwned;
use worker::{D1Database, D1PreparedStatement, D1Result, D1Type};

use crate::db::{Database, Rows, Statement, StoreError, Value};

/// The Worker's D1 binding (`DB`).
pub struct D1(pub D1Database);

/// A D1 error as the store names it: a unique constraint refusing the
/// write is [`StoreError::Conflict`] (D1 says so only in its message, so
/// this is the one place that reads it).
fn failed(error: worker::Error) -> StoreError {
    let message = error.to_string();
    if message.contains("UNIQUE constraint failed") {
        StoreError::Conflict
    } else {
        StoreError::Failed(message)
    }
}

/// `value` as D1 binds it: an integer beyond 32 bits as a double (exact
/// up to 2^53).
fn d1_type(value: &Value) -> D1Type<'_> {
    match value {
        Value::Null => D1Type::Null,
        Value::Integer(i) => match i32::try_from(*i) {
            Ok(small) => D1Type::Integer(small),
            Err(_) => D1Type::Real(*i as f64),
        },
        Value::Real(f) => D1Type::Real(*f),
        Value::Text(t) => D1Type::Text(t),
    }
}

impl D1 {
    fn prepare(&self, statement: &Statement) -> Result<D1PreparedStatement, StoreError> {
        let params: Vec<D1Type<'_>> = statement.params.iter().map(d1_type).collect();
        self.0
            .prepare(statement.sql.as_ref())
            .bind_refs(&params)
            .map_err(failed)
    }
}

impl Rows for D1Result {
    fn rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, StoreError> {
        self.results::<T>()
            .map_err(|error| StoreError::Decode(error.to_string()))
    }

    fn changes(&self) -> u64 {
        self.meta()
            .ok()
            .flatten()
            .and_then(|meta| meta.changes)
            .map_or(0, |changes| changes as u64)
    }
}

impl Database for D1 {
    type Rows = D1Result;

    async fn run(&self, statement: Statement) -> Result<D1Result, StoreError> {
        self.prepare(&statement)?.all().await.map_err(failed)
    }

    async fn batch(&self, statements: Vec<Statement>) -> Result<Vec<D1Result>, StoreError> {
        let prepared = statements
            .iter()
            .map(|statement| self.prepare(statement))
            .collect::<Result<Vec<_>, _>>()?;
        self.0.batch(prepared).await.map_err(failed)
    }
}
