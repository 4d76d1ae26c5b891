//! The JSON Schema of the wire format, generated from the Rust types.
//!
//! `public/schema/report.v1.json` is written from [`report_schema_json`] by
//! `cargo run -p brud-shared --bin brud-schema` (the build script runs it)
//! and a test checks that the committed file is current.

use crate::model::Report;

/// Where the schema is published, relative to the site root.
pub const REPORT_SCHEMA_PATH: &str = "/schema/report.v1.json";

/// The report's JSON Schema, pretty-printed, ending in a newline.
pub fn report_schema_json() -> String {
    let mut schema = schemars::schema_for!(Report);
    schema.insert(
        "$id".into(),
        serde_json::Value::String(format!("https://brud.example{REPORT_SCHEMA_PATH}")),
    );
    schema.insert(
        "title".into(),
        serde_json::Value::String("Brud breach report, wire format version 1".into()),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
