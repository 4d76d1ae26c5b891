//! The breach register (fortegnelsen) as CSV for Danish Excel.
//!
//! One row per case with the minimum content Zahles's guideline lists (the
//! nature of the breach with the categories and approximate numbers of
//! people and records, the DPO's contact, the likely consequences, the
//! measures taken or proposed) and the notification facts (Datatilsynet:
//! when, its reference, the 72-hour deadline met or not and why; the
//! people affected: told or the exception; the decision not to notify;
//! whether the notification was complete or preliminary and its
//! follow-ups) and, for a dismissed case, why it was dismissed.
//!
//! The file opens in Danish Excel as it is: UTF-8 with a byte-order mark
//! (without it Excel reads æøå as Latin-1), `;` between fields (Danish
//! Excel's list separator, as the decimal comma takes `,`), CRLF line ends,
//! Danish headers, times in Copenhagen time as `YYYY-MM-DD HH:MM`. A field
//! with `;`, `"` or a line break is quoted, quotes doubled (RFC 4180).
//! Written by hand rather than with a CSV crate: the few lines below are
//! the whole format, and `shared` also runs in the browser.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{deadline_state, Case, DeadlineState, NotificationScope, SubjectsOutcome};
use crate::entries::Corrections;
use brud_shared::lang::{join_words, Labelled, Language};
use brud_shared::model::{Count, CountPrecision, Role};
use brud_shared::org::OrgProfile;
use brud_shared::pii::mask;
use brud_shared::time::to_datetime_local;

/// The register's columns, in order (Danish, as the file's header).
pub const HEADERS: &[&str] = &[
    "Journalnummer",
    "Modtaget",
    "Opdaget",
    "Status",
    "Skolens rolle",
    "Hændelse",
    "Hvad skete der",
    "Årsag",
    "Berørte",
    "Antal personer",
    "Antal registreringer",
    "Oplysninger",
    "Sandsynlige konsekvenser",
    "Risiko",
    "Beregnet risiko",
    "Tiltag",
    "Forebyggelse",
    "DPO",
    "Frist for anmeldelse",
    "Fristen",
    "Anmeldt til Datatilsynet",
    "Datatilsynets journalnummer",
    "Begrundelse for forsinkelse",
    "Begrundelse for ikke at anmelde",
    "De berørte",
    "Anmeldelsens omfang",
    "Afvist",
    "Rettelser",
];

/// The columns holding a time, written `YYYY-MM-DD HH:MM` in Copenhagen
/// time (or empty): a spreadsheet export writes them as dates
/// ([`parse_time`]). Every other column is text, whatever it looks like.
pub const TIME_COLUMNS: &[&str] = &[
    "Modtaget",
    "Opdaget",
    "Frist for anmeldelse",
    "Anmeldt til Datatilsynet",
];

/// The header of the year column a spreadsheet export puts first, so one
/// sheet holds every year and filters by it: the year of the case's
/// reference, as the register's `?year=` filter counts it.
pub const YEAR_COLUMN: &str = "År";

/// A time column's value as wall-clock time, `None` when empty or not a
/// time.
///
/// ```
/// # use brud_case::register::parse_time;
/// assert_eq!(parse_time("2026-11-20 09:30").unwrap().to_string(), "2026-11-20 09:30:00");
/// assert_eq!(parse_time(""), None);
/// ```
pub fn parse_time(text: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").ok()
}

/// The year a row counts in: its reference's.
///
/// ```
/// # use brud_case::register::year_of;
/// assert_eq!(year_of("ZAH-2026-0042"), Some(2026));
/// ```
pub fn year_of(reference: &str) -> Option<i32> {
    reference
        .parse::<brud_shared::reference::Reference>()
        .ok()
        .map(|reference| reference.year)
}

/// Copenhagen time as `YYYY-MM-DD HH:MM`, which Excel reads as a date:
/// the form's `datetime-local` value with a space for the `T`.
fn local(at: DateTime<Utc>) -> String {
    to_datetime_local(at).replacen('T', " ", 1)
}

fn labels<T: Labelled>(items: &[T]) -> String {
    let labels: Vec<&str> = items.iter().map(|item| item.da()).collect();
    join_words(&labels, Language::Da)
}

fn count(count: &Option<Count>) -> String {
    match count {
        Some(count) => match count.known_value() {
            Some(value) if count.precision == CountPrecision::Exact => value.to_string(),
            Some(value) => format!("ca. {value}"),
            None => "ukendt".to_string(),
        },
        None => String::new(),
    }
}

/// One case's row of the register, as kept beside the case (written with
/// each of its events) and read back for the exports: every column but
/// "Fristen", the one that depends on the time of reading (the deadline's
/// state, from the case's list row then: [`RegisterRow::cells`]). Stored
/// as JSON keyed by the file's own (Danish) headers; times are Copenhagen
/// wall-clock time as `YYYY-MM-DD HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    /// The case's reference.
    #[serde(rename = "Journalnummer")]
    pub reference: String,
    /// When the report was received.
    #[serde(rename = "Modtaget")]
    pub received: String,
    /// When the school became aware, as the case has it now: the
    /// deadline's basis (a corrected time is in [`RegisterRow::corrections`]
    /// with the one before).
    #[serde(rename = "Opdaget", default)]
    pub aware: String,
    /// `åben`, `lukket` or `afvist`.
    #[serde(rename = "Status")]
    pub status: String,
    /// `dataansvarlig`, or `databehandler for {the controller}`.
    #[serde(rename = "Skolens rolle", default)]
    pub role: String,
    /// The kind of incident.
    #[serde(rename = "Hændelse")]
    pub incident: String,
    /// What happened.
    #[serde(rename = "Hvad skete der")]
    pub description: String,
    /// Why.
    #[serde(rename = "Årsag")]
    pub cause: String,
    /// Whose data.
    #[serde(rename = "Berørte")]
    pub subjects: String,
    /// How many people.
    #[serde(rename = "Antal personer")]
    pub subject_count: String,
    /// How many records.
    #[serde(rename = "Antal registreringer")]
    pub record_count: String,
    /// Which data.
    #[serde(rename = "Oplysninger")]
    pub categories: String,
    /// The likely consequences.
    #[serde(rename = "Sandsynlige konsekvenser")]
    pub consequences: String,
    /// The risk in force.
    #[serde(rename = "Risiko")]
    pub risk: String,
    /// The risk the rules computed.
    #[serde(rename = "Beregnet risiko")]
    pub computed_risk: String,
    /// What was done.
    #[serde(rename = "Tiltag")]
    pub measures: String,
    /// What prevents it happening again.
    #[serde(rename = "Forebyggelse")]
    pub prevention: String,
    /// The DPO's name, e-mail and phone.
    #[serde(rename = "DPO")]
    pub dpo: String,
    /// The 72-hour deadline.
    #[serde(rename = "Frist for anmeldelse")]
    pub deadline: String,
    /// When Datatilsynet was notified.
    #[serde(rename = "Anmeldt til Datatilsynet")]
    pub notified_at: String,
    /// Datatilsynet's reference.
    #[serde(rename = "Datatilsynets journalnummer")]
    pub authority_reference: String,
    /// Why the notification was late.
    #[serde(rename = "Begrundelse for forsinkelse")]
    pub late_reason: String,
    /// Why it was not notified.
    #[serde(rename = "Begrundelse for ikke at anmelde")]
    pub not_notified: String,
    /// The people affected told, or the exception.
    #[serde(rename = "De berørte")]
    pub people_told: String,
    /// Complete or preliminary, and the follow-ups.
    #[serde(rename = "Anmeldelsens omfang")]
    pub scope: String,
    /// Why it was dismissed.
    #[serde(rename = "Afvist")]
    pub dismissed: String,
    /// Each correction of the report's facts: when, which, why (a moved
    /// time of awareness with the time before).
    #[serde(rename = "Rettelser", default)]
    pub corrections: String,
}

impl RegisterRow {
    /// The row's cells in [`HEADERS`] order, "Fristen" from `deadline` (the
    /// deadline's state at the time of reading).
    pub fn cells(&self, deadline: &DeadlineState) -> [&str; 28] {
        [
            &self.reference,
            &self.received,
            &self.aware,
            &self.status,
            &self.role,
            &self.incident,
            &self.description,
            &self.cause,
            &self.subjects,
            &self.subject_count,
            &self.record_count,
            &self.categories,
            &self.consequences,
            &self.risk,
            &self.computed_risk,
            &self.measures,
            &self.prevention,
            &self.dpo,
            &self.deadline,
            deadline_text(deadline),
            &self.notified_at,
            &self.authority_reference,
            &self.late_reason,
            &self.not_notified,
            &self.people_told,
            &self.scope,
            &self.dismissed,
            &self.corrections,
        ]
    }
}

impl RegisterRow {
    /// The row as the register's JSON export gives it: an object keyed by
    /// [`HEADERS`], "Fristen" from `deadline` ([`RegisterRow::cells`]).
    pub fn json_object(
        &self,
        deadline: &DeadlineState,
    ) -> serde_json::Map<String, serde_json::Value> {
        HEADERS
            .iter()
            .zip(self.cells(deadline))
            .map(|(header, value)| (header.to_string(), value.into()))
            .collect()
    }
}

/// The deadline's state as the register writes it.
pub fn deadline_text(state: &DeadlineState) -> &'static str {
    match state {
        DeadlineState::NotRequired => "ikke krævet",
        DeadlineState::Open { .. } => "åben",
        DeadlineState::Overdue { .. } => "overskredet",
        DeadlineState::Met { .. } => "overholdt",
        DeadlineState::MetLate { .. } => "for sent",
        DeadlineState::NotNotified { .. } => "besluttet ikke at anmelde",
    }
}

/// Free text as the exported register carries it: personal data masked
/// ([`brud_shared::pii::mask`]), as in every text that leaves Brud.
fn free(text: &str) -> String {
    mask(text, Language::Da, &[])
}

/// One case's row of the register.
pub fn row(reference: &str, case: &Case, org: Option<&OrgProfile>) -> RegisterRow {
    let report = &case.report;
    let text = |value: &Option<String>| value.as_deref().map(free).unwrap_or_default();
    let due = case.deadline().map(local);
    // When it was stopped and how, as recorded on the case; else the
    // reporter's answer; then the mitigation planned.
    let mut measures: Vec<String> = match case.contained_at {
        Some(at) => [
            Some(format!("Stoppet {}.", local(at))),
            case.contained_how.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        None => report.containment.how.iter().cloned().collect(),
    };
    measures.extend(report.containment.planned.iter().cloned());
    let measures: Vec<String> = measures.iter().map(|m| free(m)).collect();
    let mut prevention: Vec<String> = report
        .containment
        .prevention
        .iter()
        .map(|p| free(p))
        .collect();
    prevention.extend(case.prevention.iter().map(|m| {
        let status = match m.done_at {
            Some(at) => format!("udført {}", local(at)),
            None => m
                .due
                .map_or("ikke udført".to_string(), |due| format!("frist {due}")),
        };
        format!("{} ({}, {status})", free(&m.what), free(&m.by))
    }));
    // The DPO of the time the case opened, else the profile's.
    let dpo = case
        .dpo
        .as_ref()
        .or(org.map(|org| &org.dpo))
        .map_or(String::new(), |dpo| {
            let mut contact = vec![dpo.name.clone(), dpo.email.clone()];
            contact.extend(dpo.phone.clone());
            contact.join(", ")
        });
    let people_told = match &case.subjects {
        Some(SubjectsOutcome::Told {
            told_at,
            how,
            count,
            ..
        }) => {
            format!(
                "underrettet {} ({}, {count} personer)",
                local(*told_at),
                free(how)
            )
        }
        Some(SubjectsOutcome::Exception {
            exception,
            reasoning,
            ..
        }) => {
            format!("undtagelse: {} ({})", exception.da(), free(reasoning))
        }
        None if case.dismissed.is_some() => "ikke relevant".to_string(),
        None if case.assessment.obligations.notify_subjects.required => {
            "skal underrettes".to_string()
        }
        None => "ikke krævet".to_string(),
    };
    let authority = case.authority.as_ref();
    RegisterRow {
        reference: reference.to_string(),
        received: local(case.opened_at),
        status: match (&case.closed, &case.dismissed) {
            (_, Some(_)) => "afvist",
            (Some(_), None) => "lukket",
            (None, None) => "åben",
        }
        .to_string(),
        incident: report
            .nature
            .incident
            .map(|i| i.da().to_string())
            .unwrap_or_default(),
        description: text(&report.nature.description),
        cause: report
            .nature
            .cause
            .map(|c| c.da().to_string())
            .unwrap_or_default(),
        subjects: labels(&report.data.subjects),
        subject_count: count(&report.data.subject_count),
        record_count: count(&report.data.record_count),
        categories: labels(&report.data.categories),
        consequences: labels(&report.consequences),
        risk: case.assessment.risk.da().to_string(),
        computed_risk: case.assessment.computed_risk.da().to_string(),
        measures: measures.join(" "),
        prevention: prevention.join("; "),
        dpo,
        deadline: due.unwrap_or_default(),
        notified_at: authority.map(|a| local(a.notified_at)).unwrap_or_default(),
        authority_reference: authority
            .map(|a| a.authority_reference.clone())
            .unwrap_or_default(),
        late_reason: text(&authority.and_then(|a| a.late_reason.clone())),
        not_notified: text(&case.not_notified),
        people_told,
        scope: authority.map(notification_scope).unwrap_or_default(),
        dismissed: case
            .dismissed
            .as_ref()
            .map(|d| free(&dismissal(d)))
            .unwrap_or_default(),
        aware: report
            .timeline
            .aware_at
            .map(|at| local(at.utc()))
            .unwrap_or_default(),
        role: match (report.role, &report.controller) {
            (Some(Role::Processor), controller) => {
                let name = controller.as_ref().and_then(|c| c.name.as_deref());
                format!("databehandler for {}", name.unwrap_or("(ikke oplyst)"))
            }
            _ => "dataansvarlig".to_string(),
        },
        corrections: case
            .corrections
            .iter()
            .map(correction)
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A correction as the register tells it: "2026-11-24 10:00: tidspunktet
/// for opdagelsen (før 2026-11-20 08:00), antal berørte – the reason".
fn correction(made: &super::CorrectionMade) -> String {
    let fields: Vec<String> = made
        .fields
        .iter()
        .map(|name| {
            let label = Corrections::label(name).map_or(name.as_str(), |(da, _)| da);
            match made.aware_at_before {
                Some(before) if name == "aware_at" => {
                    format!("{label} (før {})", local(before.utc()))
                }
                _ => label.to_string(),
            }
        })
        .collect();
    format!(
        "{}: {} – {}",
        local(made.at),
        fields.join(", "),
        free(&made.reason)
    )
}

/// Complete or preliminary, then each follow-up (art. 33(4)): when, what
/// was added, and more promised by when.
fn notification_scope(made: &super::AuthorityNotification) -> String {
    let mut parts = vec![match made.scope() {
        NotificationScope::Complete => "fuldstændig".to_string(),
        NotificationScope::CompletedByFollowUp => "foreløbig, gjort fuldstændig".to_string(),
        NotificationScope::Preliminary { .. } => "foreløbig".to_string(),
    }];
    parts.extend(made.follow_ups.iter().map(|follow_up| {
        let mut text = format!(
            "opfølgning {}: {}",
            local(follow_up.sent_at),
            follow_up.added
        );
        if let Some(by) = follow_up.more_promised_by {
            text.push_str(&format!(" (mere senest {by})"));
        }
        if follow_up.completes {
            text.push_str(" (fuldstændig)");
        }
        text
    }));
    if let NotificationScope::Preliminary {
        waived: Some(reasoning),
    } = made.scope()
    {
        parts.push(format!(
            "ingen supplerende anmeldelse nødvendig: {reasoning}"
        ));
    }
    parts.join("; ")
}

/// Why a case was dismissed: the reason, the case it duplicates, the note.
fn dismissal(dismissed: &super::Dismissal) -> String {
    let mut text = dismissed.reason.da().to_string();
    if let Some(other) = &dismissed.duplicate_of {
        text.push_str(&format!(" ({other})"));
    }
    format!("{text}: {}", dismissed.note)
}

/// The first characters that make a spreadsheet read a cell as a formula
/// (OWASP "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return,
/// and the full-width forms of the first four, which Excel also accepts.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// One CSV field, quoted when it must be. A value that a spreadsheet would
/// take for a formula (much of the register is the public form's free text)
/// is neutralised as OWASP describes: a `'` before it, and quoted, so Excel
/// shows the text and runs nothing. The file is `;`-separated for Danish
/// Excel, but English-locale Excel, LibreOffice's default and Google
/// Sheets split on commas, where a description's `…, =HYPERLINK(…)`
/// becomes a cell of its own: a formula trigger after a comma (and any
/// spaces) gets its `'` too ([`after_commas`]), and a value with a comma is
/// quoted.
fn field(value: &str) -> String {
    let value = after_commas(value);
    if value.starts_with(FORMULA_STARTS) {
        format!("\"'{}\"", value.replace('"', "\"\""))
    } else if value.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// `value` with a `'` before every formula trigger that follows a comma
/// and any spaces: the start of a cell for a reader that splits on commas.
fn after_commas(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut after_comma = false;
    for c in value.chars() {
        if after_comma && FORMULA_STARTS.contains(&c) && c != '\t' && c != '\r' {
            out.push('\'');
            after_comma = false;
        } else if c != ' ' && c != '\t' {
            after_comma = false;
        }
        if c == ',' {
            after_comma = true;
        }
        out.push(c);
    }
    out
}

/// The register of `cases` (reference, case) as CSV for Danish Excel, the
/// deadlines' states at `now`.
pub fn csv(cases: &[(String, Case)], org: Option<&OrgProfile>, now: DateTime<Utc>) -> String {
    let mut out = csv_head();
    for (reference, case) in cases {
        out.push_str(&csv_line(
            &row(reference, case, org).cells(&deadline_state(case, now)),
        ));
    }
    out
}

/// The CSV file's start: the byte-order mark Danish Excel needs to read
/// UTF-8, and the header line. A file streamed in parts starts with it.
pub fn csv_head() -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&line_of(HEADERS.iter().copied()));
    out
}

/// One row of the CSV (its cells, [`RegisterRow::cells`]), with its line
/// end.
pub fn csv_line(cells: &[&str]) -> String {
    line_of(cells.iter().copied())
}

fn line_of<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (index, value) in values.enumerate() {
        if index > 0 {
            out.push(';');
        }
        out.push_str(&field(value));
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rows: &[&[&str]]) -> String {
        let mut out = csv_head();
        for row in rows {
            out.push_str(&csv_line(row));
        }
        out
    }

    #[test]
    fn the_deadline_column_is_fristen_and_rows_are_quoted_as_rfc_4180_says() {
        let row = RegisterRow::default();
        let due = "2026-11-23T08:30:00Z".parse().unwrap();
        let cells = row.cells(&DeadlineState::Overdue { due });
        assert_eq!(HEADERS[19], "Fristen");
        assert_eq!(cells[19], "overskredet");
        assert_eq!(cells.len(), HEADERS.len());
        let written = file(&[&["a;b", "say \"hi\"", "plain"]]);
        let second = written.split("\r\n").nth(1).unwrap();
        assert_eq!(second, "\"a;b\";\"say \"\"hi\"\"\";plain");
        assert!(written.starts_with('\u{feff}'));
    }

    #[test]
    fn the_row_is_kept_keyed_by_the_files_own_headers() {
        let row = RegisterRow {
            reference: "DEMO-2026-0001".into(),
            ..RegisterRow::default()
        };
        let json = serde_json::to_value(&row).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let without_the_clock: Vec<&str> = HEADERS
            .iter()
            .copied()
            .filter(|h| *h != "Fristen")
            .collect();
        let mut sorted = without_the_clock.clone();
        sorted.sort();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(keys_sorted, sorted);
        assert_eq!(json["Journalnummer"], "DEMO-2026-0001");
    }

    #[test]
    fn a_value_a_spreadsheet_would_run_is_shown_as_text() {
        for start in FORMULA_STARTS {
            let value = format!("{start}HYPERLINK(\"https://evil.example\";\"klik\")");
            let written = file(&[&[&value, "plain"]]);
            let cell = written.split("\r\n").nth(1).unwrap();
            let expected = format!("\"'{}\";plain", value.replace('"', "\"\""));
            assert_eq!(cell, expected, "{start:?}");
        }
        // Inside a value, or a dash that is not a minus, is harmless.
        let written = file(&[&["a=1", "– ", "2 + 2"]]);
        assert_eq!(written.split("\r\n").nth(1).unwrap(), "a=1;– ;2 + 2");
    }

    /// Every cell a reader makes of the file, splitting on `separator`.
    fn cells_read(written: &str, separator: u8) -> Vec<String> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .from_reader(written.trim_start_matches('\u{feff}').as_bytes());
        reader
            .records()
            .flat_map(|record| {
                record
                    .unwrap()
                    .iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn no_reader_splitting_on_semicolons_or_commas_finds_a_formula() {
        let description = "Beskeden gik forkert, =HYPERLINK(\"https://evil.example\";\"klik\"), +1, @SUM(A1), -2,\t=1";
        let written = file(&[&["DEMO-2026-0001", description, "a,b", "-3"]]);
        for separator in [b';', b','] {
            for cell in cells_read(&written, separator) {
                let start = cell.trim_start_matches([' ', '\t']);
                assert!(
                    !start.starts_with(FORMULA_STARTS),
                    "{:?}: a live cell {cell:?} in {written:?}",
                    separator as char
                );
            }
        }
        // Danish Excel (`;`) reads the description whole, as text, with
        // its commas; only the triggers after them are marked.
        let cells = cells_read(&written, b';');
        let row = &cells[HEADERS.len()..];
        assert_eq!(row[1], "Beskeden gik forkert, '=HYPERLINK(\"https://evil.example\";\"klik\"), '+1, '@SUM(A1), '-2,\t'=1");
        assert_eq!(row[2], "a,b");
        assert_eq!(row[3], "'-3");
        // Numbers and words after a comma are left alone.
        assert_eq!(after_commas("1, 2, tre"), "1, 2, tre");
    }
}
