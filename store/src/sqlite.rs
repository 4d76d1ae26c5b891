//! The store on SQLite (rusqlite), for the host: the tests and the
//! benchmark's seed run the Worker's very statements on the very
//! migrations `wrangler d1 migrations apply` runs (D1 is SQLite), read
//! from `migrations/` in order.

use std::cell::RefCell;
use std::path::PathBuf;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode};
use serde::de::DeserializeOwned;

use crate::db::{Database, Rows, Statement, StoreError, Value};

/// A database in memory (or a file), migrated.
pub struct Sqlite {
    connection: RefCell<Connection>,
}

/// The repository's `migrations/` folder.
pub fn migrations_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations"))
}

/// Every migration's file name and SQL, in the order D1 applies them.
pub fn migrations() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(migrations_dir())
        .expect("the migrations folder")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .map(|name| {
            let sql = std::fs::read_to_string(migrations_dir().join(&name)).expect("a migration");
            (name, sql)
        })
        .collect();
    files.sort();
    files
}

fn failed(error: rusqlite::Error) -> StoreError {
    match &error {
        rusqlite::Error::SqliteFailure(code, _) if code.code == ErrorCode::ConstraintViolation => {
            // UNIQUE (2067) and PRIMARY KEY (1555): another writer came
            // first. Any other constraint is a failure of its own.
            if matches!(code.extended_code, 2067 | 1555) {
                StoreError::Conflict
            } else {
                StoreError::Failed(error.to_string())
            }
        }
        _ => StoreError::Failed(error.to_string()),
    }
}

impl Sqlite {
    /// A fresh database in memory with every migration applied.
    pub fn migrated() -> Result<Sqlite, StoreError> {
        let db = Sqlite::empty()?;
        for (_, sql) in migrations() {
            db.execute(&sql)?;
        }
        Ok(db)
    }

    /// A fresh database in memory with the migrations before the one named
    /// `at` applied, then `before` (a test's rows as the schema then had
    /// them), then the rest: what a migration does to stored data.
    pub fn migrated_with(at: &str, before: &str) -> Result<Sqlite, StoreError> {
        let db = Sqlite::empty()?;
        for (name, sql) in migrations() {
            if name == at {
                db.execute(before)?;
            }
            db.execute(&sql)?;
        }
        Ok(db)
    }

    /// A fresh database in memory with nothing in it.
    pub fn empty() -> Result<Sqlite, StoreError> {
        Ok(Sqlite {
            connection: RefCell::new(Connection::open_in_memory().map_err(failed)?),
        })
    }

    /// A database file, created when missing, with the migrations it does
    /// not have yet applied (as `wrangler d1 migrations apply` keeps them,
    /// in `d1_migrations`).
    pub fn open(path: &std::path::Path) -> Result<Sqlite, StoreError> {
        let db = Sqlite {
            connection: RefCell::new(Connection::open(path).map_err(failed)?),
        };
        db.execute("CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)")?;
        for (name, sql) in migrations() {
            let applied: Option<serde_json::Value> = first_now(
                &db,
                Statement::new("SELECT name FROM d1_migrations WHERE name = ?1").bind(&name),
            )?;
            if applied.is_none() {
                db.execute(&sql)?;
                db.execute_statement(
                    Statement::new("INSERT INTO d1_migrations (name) VALUES (?1)").bind(&name),
                )?;
            }
        }
        Ok(db)
    }

    /// Runs a script of statements (a migration, a test's rows).
    pub fn execute(&self, sql: &str) -> Result<(), StoreError> {
        self.connection.borrow().execute_batch(sql).map_err(failed)
    }

    /// Runs one statement at once (no future to wait for).
    pub fn execute_statement(&self, statement: Statement) -> Result<SqliteRows, StoreError> {
        run_on(&self.connection.borrow(), &statement)
    }

    /// The query plan SQLite makes for `statement` (`EXPLAIN QUERY PLAN`),
    /// one line per step: what the plan tests read.
    pub fn plan(&self, statement: &Statement) -> Result<Vec<String>, StoreError> {
        let explained = Statement {
            sql: format!("EXPLAIN QUERY PLAN {}", statement.sql).into(),
            params: statement.params.clone(),
        };
        #[derive(serde::Deserialize)]
        struct Step {
            detail: String,
        }
        Ok(run_on(&self.connection.borrow(), &explained)?
            .rows::<Step>()?
            .into_iter()
            .map(|step| step.detail)
            .collect())
    }
}

/// The first row of `statement`, run at once.
fn first_now<T: DeserializeOwned>(
    db: &Sqlite,
    statement: Statement,
) -> Result<Option<T>, StoreError> {
    db.execute_statement(statement)?.first()
}

fn run_on(connection: &Connection, statement: &Statement) -> Result<SqliteRows, StoreError> {
    let mut prepared = connection.prepare(&statement.sql).map_err(failed)?;
    // As strict as D1, which refuses a statement given more or fewer
    // parameters than it has.
    if statement.params.len() != prepared.parameter_count() {
        return Err(StoreError::Failed(format!(
            "{} parameters for a statement with {}",
            statement.params.len(),
            prepared.parameter_count()
        )));
    }
    for (index, value) in statement.params.iter().enumerate() {
        let position = index + 1;
        let bound = match value {
            Value::Null => prepared.raw_bind_parameter(position, rusqlite::types::Null),
            Value::Integer(i) => prepared.raw_bind_parameter(position, i),
            Value::Real(f) => prepared.raw_bind_parameter(position, f),
            Value::Text(t) => prepared.raw_bind_parameter(position, t.as_str()),
        };
        bound.map_err(failed)?;
    }
    let names: Vec<String> = prepared
        .column_names()
        .map(|name| name.to_string())
        .collect();
    let mut rows = Vec::new();
    {
        let mut cursor = prepared.raw_query();
        while let Some(row) = cursor.next().map_err(failed)? {
            let mut object = serde_json::Map::new();
            for (index, name) in names.iter().enumerate() {
                let value = match row.get_ref(index).map_err(failed)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(i) => i.into(),
                    ValueRef::Real(f) => serde_json::Number::from_f64(f)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(b) => b.to_vec().into(),
                };
                object.insert(name.clone(), value);
            }
            rows.push(serde_json::Value::Object(object));
        }
    }
    Ok(SqliteRows {
        rows,
        changes: connection.changes(),
    })
}

/// What a statement gave back on SQLite.
#[derive(Debug, Clone)]
pub struct SqliteRows {
    rows: Vec<serde_json::Value>,
    changes: u64,
}

impl Rows for SqliteRows {
    fn rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, StoreError> {
        self.rows
            .iter()
            .map(|row| serde_json::from_value(row.clone()).map_err(StoreError::from))
            .collect()
    }

    fn changes(&self) -> u64 {
        self.changes
    }
}

impl Database for Sqlite {
    type Rows = SqliteRows;

    async fn run(&self, statement: Statement) -> Result<SqliteRows, StoreError> {
        self.execute_statement(statement)
    }

    async fn batch(&self, statements: Vec<Statement>) -> Result<Vec<SqliteRows>, StoreError> {
        let connection = self.connection.borrow();
        let transaction = connection.unchecked_transaction().map_err(failed)?;
        let mut results = Vec::with_capacity(statements.len());
        for statement in &statements {
            // Dropped on failure: the transaction rolls back.
            results.push(run_on(&transaction, statement)?);
        }
        transaction.commit().map_err(failed)?;
        Ok(results)
    }
}
