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

use super::{deadline_state, Case, DeadlineState, NotificationScope, SubjectsOutcome};
use brud_shared::lang::{join_words, Labelled, Language};
use brud_shared::model::{Count, CountPrecision};
use brud_shared::org::OrgProfile;
use brud_shared::time::to_datetime_local;

/// The register's columns, in order (Danish, as the file's header).
pub const HEADERS: &[&str] = &[
    "Journalnummer",
    "Modtaget",
    "Status",
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
];

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

/// The column of the deadline's state ("Fristen"), the one column that
/// depends on the time of reading: a row kept from an earlier time gets it
/// again with [`deadline_text`].
pub const DEADLINE_COLUMN: usize = 17;

/// The deadline's state as the register writes it.
pub fn deadline_text(state: &DeadlineState) -> &'static str {
    match state {
        DeadlineState::NotRequired => "ikke krævet",
        DeadlineState::Open { .. } => "åben",
        DeadlineState::Overdue { .. } => "overskredet",
        DeadlineState::Met { .. } => "overholdt",
        DeadlineState::MetLate { .. } => "for sent",
    }
}

/// One case's row, in [`HEADERS`] order.
pub fn row(
    reference: &str,
    case: &Case,
    org: Option<&OrgProfile>,
    now: DateTime<Utc>,
) -> Vec<String> {
    let report = &case.report;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let deadline_text = deadline_text(&deadline_state(case, now)).to_string();
    let due = case.deadline().map(local);
    let measures: Vec<String> = [&report.containment.how, &report.containment.planned]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let mut prevention: Vec<String> = report.containment.prevention.iter().cloned().collect();
    prevention.extend(case.prevention.iter().map(|m| {
        let status = match m.done_at {
            Some(at) => format!("udført {}", local(at)),
            None => m
                .due
                .map_or("ikke udført".to_string(), |due| format!("frist {due}")),
        };
        format!("{} ({}, {status})", m.what, m.by)
    }));
    let dpo = org.map_or(String::new(), |org| {
        let mut contact = vec![org.dpo.name.clone(), org.dpo.email.clone()];
        contact.extend(org.dpo.phone.clone());
        contact.join(", ")
    });
    let subjects = match &case.subjects {
        Some(SubjectsOutcome::Told {
            told_at,
            how,
            count,
        }) => {
            format!("underrettet {} ({how}, {count} personer)", local(*told_at))
        }
        Some(SubjectsOutcome::Exception {
            exception,
            reasoning,
            ..
        }) => {
            format!("undtagelse: {} ({reasoning})", exception.da())
        }
        None if case.assessment.obligations.notify_subjects.required => {
            "skal underrettes".to_string()
        }
        None => "ikke krævet".to_string(),
    };
    let authority = case.authority.as_ref();
    vec![
        reference.to_string(),
        local(case.opened_at),
        match (&case.closed, &case.dismissed) {
            (_, Some(_)) => "afvist",
            (Some(_), None) => "lukket",
            (None, None) => "åben",
        }
        .to_string(),
        report
            .nature
            .incident
            .map(|i| i.da().to_string())
            .unwrap_or_default(),
        text(&report.nature.description),
        report
            .nature
            .cause
            .map(|c| c.da().to_string())
            .unwrap_or_default(),
        labels(&report.data.subjects),
        count(&report.data.subject_count),
        count(&report.data.record_count),
        labels(&report.data.categories),
        labels(&report.consequences),
        case.assessment.risk.da().to_string(),
        case.assessment.computed_risk.da().to_string(),
        measures.join(" "),
        prevention.join("; "),
        dpo,
        due.unwrap_or_default(),
        deadline_text,
        authority.map(|a| local(a.notified_at)).unwrap_or_default(),
        authority
            .map(|a| a.authority_reference.clone())
            .unwrap_or_default(),
        authority
            .and_then(|a| a.late_reason.clone())
            .unwrap_or_default(),
        case.not_notified.clone().unwrap_or_default(),
        subjects,
        authority.map(notification_scope).unwrap_or_default(),
        case.dismissed.as_ref().map(dismissal).unwrap_or_default(),
    ]
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
/// shows the text and runs nothing.
fn field(value: &str) -> String {
    if value.starts_with(FORMULA_STARTS) {
        format!("\"'{}\"", value.replace('"', "\"\""))
    } else if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// The register of `cases` (reference, case) as CSV for Danish Excel.
pub fn csv(cases: &[(String, Case)], org: Option<&OrgProfile>, now: DateTime<Utc>) -> String {
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|(reference, case)| row(reference, case, org, now))
        .collect();
    csv_of_rows(&rows)
}

/// The register's CSV from rows already made with [`row`]: [`csv_head`]
/// and a [`csv_line`] per row.
pub fn csv_of_rows(rows: &[Vec<String>]) -> String {
    let mut out = csv_head();
    for row in rows {
        out.push_str(&csv_line(row));
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

/// One row of the CSV, with its line end.
pub fn csv_line(row: &[String]) -> String {
    line_of(row.iter().map(String::as_str))
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

    #[test]
    fn the_deadline_column_is_fristen_and_rows_are_quoted_as_rfc_4180_says() {
        assert_eq!(HEADERS[DEADLINE_COLUMN], "Fristen");
        let file = csv_of_rows(&[vec!["a;b".into(), "say \"hi\"".into(), "plain".into()]]);
        let second = file.split("\r\n").nth(1).unwrap();
        assert_eq!(second, "\"a;b\";\"say \"\"hi\"\"\";plain");
        assert!(file.starts_with('\u{feff}'));
        // Streamed in parts, the file is the same.
        let rows = [vec!["1".to_string()], vec!["=2".to_string()]];
        assert_eq!(
            csv_of_rows(&rows),
            csv_head() + &csv_line(&rows[0]) + &csv_line(&rows[1])
        );
    }

    #[test]
    fn a_value_a_spreadsheet_would_run_is_shown_as_text() {
        for start in FORMULA_STARTS {
            let value = format!("{start}HYPERLINK(\"https://evil.example\";\"klik\")");
            let file = csv_of_rows(&[vec![value.clone(), "plain".into()]]);
            let cell = file.split("\r\n").nth(1).unwrap();
            let expected = format!("\"'{}\";plain", value.replace('"', "\"\""));
            assert_eq!(cell, expected, "{start:?}");
        }
        // Inside a value, or a dash that is not a minus, is harmless.
        let file = csv_of_rows(&[vec!["a=1".into(), "– ".into(), "2 + 2".into()]]);
        assert_eq!(file.split("\r\n").nth(1).unwrap(), "a=1;– ;2 + 2");
    }
}
