//! The breach register as an `.xlsx` workbook, beside the CSV: a
//! WebAssembly module of its own (`/pkg/register-xlsx/`) that the desk
//! fetches only when the file is asked for, so neither the desk's first
//! visit nor the Worker carries a spreadsheet writer. The desk reads the
//! register's rows from `register.json` (the same rows as the CSV, each
//! value as recorded) and this module writes them with `rust_xlsxwriter`.
//!
//! The workbook: one sheet, "Fortegnelse", with the year first ("År", the
//! year the register's `?year=` filter counts a case in) and then the
//! register's Danish headers in their order ([`HEADERS`]); the header row
//! bold, frozen and filterable. The time columns ([`TIME_COLUMNS`]) are
//! dates (Copenhagen wall-clock time, shown `dd-mm-yyyy hh:mm`); every
//! other value is a string cell, written as a string whatever it looks
//! like: a description starting with `=` or holding `,=HYPERLINK(` is
//! text in every spreadsheet, with nothing to neutralise.

use brud_case::register::{parse_time, year_of, HEADERS, TIME_COLUMNS, YEAR_COLUMN};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// The sheet's name.
pub const SHEET: &str = "Fortegnelse";

/// The workbook of `rows`, the JSON array `register.json` answers (objects
/// keyed by the register's headers), as the bytes of an `.xlsx` file.
#[wasm_bindgen(js_name = registerXlsx)]
pub fn register_xlsx(rows: &str) -> Result<Vec<u8>, JsError> {
    workbook_of(rows).map_err(|error| JsError::new(&error))
}

/// [`register_xlsx`] with a plain error, for the host's tests.
pub fn workbook_of(rows: &str) -> Result<Vec<u8>, String> {
    let rows: Vec<Map<String, Value>> =
        serde_json::from_str(rows).map_err(|_| "unreadable register rows".to_string())?;
    write(&rows).map_err(|error| format!("workbook: {error}"))
}

/// Column widths in characters: wide for free text, narrow for the rest.
fn width(header: &str) -> f64 {
    match header {
        "Hvad skete der"
        | "Tiltag"
        | "Sandsynlige konsekvenser"
        | "De berørte"
        | "Rettelser"
        | "Anmeldelsens omfang" => 48.0,
        header if TIME_COLUMNS.contains(&header) => 17.0,
        _ => 22.0,
    }
}

fn write(rows: &[Map<String, Value>]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let time = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    let text = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    sheet.write_string_with_format(0, 0, YEAR_COLUMN, &bold)?;
    sheet.set_column_width(0, 6.0)?;
    for (index, header) in HEADERS.iter().enumerate() {
        let column = index as u16 + 1;
        sheet.write_string_with_format(0, column, *header, &bold)?;
        sheet.set_column_width(column, width(header))?;
    }
    for (index, row) in rows.iter().enumerate() {
        let line = index as u32 + 1;
        let value = |header: &str| row.get(header).and_then(Value::as_str).unwrap_or("");
        if let Some(year) = year_of(value("Journalnummer")) {
            sheet.write_number(line, 0, f64::from(year))?;
        }
        for (index, header) in HEADERS.iter().enumerate() {
            let column = index as u16 + 1;
            let cell = value(header);
            if cell.is_empty() {
                continue;
            }
            match parse_time(cell).filter(|_| TIME_COLUMNS.contains(header)) {
                Some(at) => {
                    let at =
                        ExcelDateTime::parse_from_str(&at.format("%Y-%m-%dT%H:%M:%S").to_string())?;
                    sheet.write_datetime_with_format(line, column, &at, &time)?;
                }
                None => {
                    sheet.write_string_with_format(line, column, cell, &text)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, HEADERS.len() as u16)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    fn row(reference: &str, description: &str, notified: &str) -> Value {
        let mut row = Map::new();
        for header in HEADERS {
            row.insert(header.to_string(), Value::from(""));
        }
        row.insert("Journalnummer".into(), reference.into());
        row.insert("Modtaget".into(), "2026-11-20 09:30".into());
        row.insert("Opdaget".into(), "2026-11-20 08:00".into());
        row.insert("Status".into(), "åben".into());
        row.insert("Hvad skete der".into(), description.into());
        row.insert("Antal personer".into(), "ca. 30".into());
        row.insert("Anmeldt til Datatilsynet".into(), notified.into());
        Value::Object(row)
    }

    fn read(bytes: Vec<u8>) -> calamine::Range<Data> {
        let mut workbook = Xlsx::new(Cursor::new(bytes)).expect("an xlsx file");
        assert_eq!(workbook.sheet_names(), [SHEET]);
        workbook.worksheet_range(SHEET).expect("the sheet")
    }

    #[test]
    fn every_text_is_a_string_cell_and_times_are_dates_under_danish_headers() {
        let rows = Value::Array(vec![
            row(
                "DEMO-2026-0001",
                "=HYPERLINK(\"https://evil.example\",\"klik\")",
                "2026-11-21 10:15",
            ),
            row(
                "DEMO-2025-0007",
                "Mail til forkert forælder, =1+1, +45 @SUM(A1)",
                "",
            ),
        ]);
        let bytes = workbook_of(&rows.to_string()).unwrap();
        let sheet = read(bytes);
        assert_eq!(sheet.height(), 3);
        assert_eq!(sheet.width(), HEADERS.len() + 1);
        let header = |column: usize| sheet.get((0, column)).cloned();
        assert_eq!(header(0), Some(Data::String("År".into())));
        for (index, name) in HEADERS.iter().enumerate() {
            assert_eq!(header(index + 1), Some(Data::String(name.to_string())));
        }
        let at = |line: usize, name: &str| {
            let column = HEADERS.iter().position(|h| *h == name).unwrap() + 1;
            sheet.get((line, column)).cloned()
        };
        // The year counts as a number; the reference and texts as strings.
        assert_eq!(sheet.get((1, 0)), Some(&Data::Float(2026.0)));
        assert_eq!(sheet.get((2, 0)), Some(&Data::Float(2025.0)));
        assert_eq!(
            at(1, "Hvad skete der"),
            Some(Data::String(
                "=HYPERLINK(\"https://evil.example\",\"klik\")".into()
            ))
        );
        assert_eq!(
            at(2, "Hvad skete der"),
            Some(Data::String(
                "Mail til forkert forælder, =1+1, +45 @SUM(A1)".into()
            ))
        );
        assert_eq!(at(1, "Antal personer"), Some(Data::String("ca. 30".into())));
        assert_eq!(at(1, "Status"), Some(Data::String("åben".into())));
        // Times are dates, to the minute.
        for (line, name, expected) in [
            (1, "Modtaget", "2026-11-20T09:30:00"),
            (1, "Opdaget", "2026-11-20T08:00:00"),
            (1, "Anmeldt til Datatilsynet", "2026-11-21T10:15:00"),
        ] {
            match at(line, name) {
                Some(Data::DateTime(value)) => assert_eq!(
                    value
                        .as_datetime()
                        .unwrap()
                        .format("%Y-%m-%dT%H:%M:%S")
                        .to_string(),
                    expected,
                    "{name}"
                ),
                other => panic!("{name}: a date, not {other:?}"),
            }
        }
        // An empty cell stays empty.
        assert!(matches!(
            at(2, "Anmeldt til Datatilsynet"),
            None | Some(Data::Empty)
        ));
        // No cell anywhere is a formula.
        let mut workbook = Xlsx::new(Cursor::new(workbook_of(&rows.to_string()).unwrap())).unwrap();
        let formulas = workbook.worksheet_formula(SHEET).unwrap();
        assert!(
            formulas
                .used_cells()
                .all(|(_, _, formula)| formula.is_empty()),
            "no formulas"
        );
    }

    #[test]
    fn an_empty_register_is_the_header_row_and_bad_input_is_an_error() {
        let sheet = read(workbook_of("[]").unwrap());
        assert_eq!(sheet.height(), 1);
        assert!(workbook_of("{\"not\": \"rows\"}").is_err());
    }
}
