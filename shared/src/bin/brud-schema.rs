//! Prints the report's JSON Schema; `scripts/build` writes it to
//! `public/schema/report.v1.json`.

fn main() {
    print!("{}", brud_shared::schema::report_schema_json());
}
