//! Prints the report's JSON Schema (`scripts/build` writes it to
//! `public/schema/report.v1.json`), or with `edpb` the JSON Schema of a
//! case's notification as the EDPB's template
//! (`public/schema/edpb-notification.v1.json`).

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("edpb") => print!("{}", brud_shared::edpb::schema_json()),
        _ => print!("{}", brud_shared::schema::report_schema_json()),
    }
}
