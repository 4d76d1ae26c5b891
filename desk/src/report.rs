//! The board's control report as markup, for the control page
//! ([`crate::control`] puts it in place): the year's figures, the
//! guideline's six control points with what lacks each, the cases per
//! month as an SVG chart with the same figures in words, the late
//! notifications, the open measures, the processors and the board's
//! approvals.
//!
//! Markup built as text rather than as views: a page of tables opened a
//! few times a year cost the desk's first visit about 9 kB more as views
//! than its budget had (every element of a view is code). Every text is
//! escaped ([`escape_html`]).

use std::fmt::Write as _;

use brud_case::control::ControlReport;
use brud_case::desk::ControlAnswer;
use brud_shared::texts::escape_html;
use brud_shared::time::format_local;
use brud_shared::{Labelled, Language};

const MONTHS_DA: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Minutes as hours and minutes, e.g. `26 t 5 min` / `26 h 5 min`.
fn duration_text(minutes: i64, lang: Language) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    format!("{hours} {} {rest} min", lang.pick("t", "h"))
}

/// "Ingen." or the items, comma-separated.
fn listed(items: &[String], lang: Language) -> String {
    if items.is_empty() {
        lang.pick("Ingen.", "None.").to_string()
    } else {
        items.join(", ")
    }
}

/// `part of whole (p %)`.
fn of(part: usize, whole: usize, lang: Language) -> String {
    let share = (part * 100 + whole / 2)
        .checked_div(whole)
        .map_or(String::new(), |p| format!(" ({p} %)"));
    format!("{part} {} {whole}{share}", lang.pick("af", "of"))
}

/// A description list of (key, value) rows; values are escaped here.
fn summary_list(html: &mut String, rows: &[(&str, String)]) {
    html.push_str("<dl class=\"summary-list\">");
    for (key, value) in rows {
        let _ = write!(
            html,
            "<div class=\"summary-list__row\"><dt class=\"summary-list__key\">{}</dt><dd class=\"summary-list__value\">{}</dd></div>",
            escape_html(key),
            escape_html(value)
        );
    }
    html.push_str("</dl>");
}

/// A table with `headers` (none for a two-column key table) and `rows` of
/// escaped cells; "Ingen." when there are no rows.
fn table(html: &mut String, headers: &[&str], rows: &[Vec<String>], lang: Language) {
    if rows.is_empty() {
        let _ = write!(
            html,
            "<p class=\"body\">{}</p>",
            lang.pick("Ingen.", "None.")
        );
        return;
    }
    html.push_str("<table class=\"table\">");
    if !headers.is_empty() {
        html.push_str("<thead><tr>");
        for header in headers {
            let _ = write!(
                html,
                "<th scope=\"col\" class=\"table__header\">{}</th>",
                escape_html(header)
            );
        }
        html.push_str("</tr></thead>");
    }
    html.push_str("<tbody>");
    for row in rows {
        html.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            if headers.is_empty() && index == 0 {
                let _ = write!(
                    html,
                    "<th scope=\"row\" class=\"table__cell\">{}</th>",
                    escape_html(cell)
                );
            } else {
                let _ = write!(html, "<td class=\"table__cell\">{}</td>", escape_html(cell));
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
}

fn heading(html: &mut String, text: &str) {
    let _ = write!(html, "<h2 class=\"heading-m\">{}</h2>", escape_html(text));
}

/// The guideline's six points, each with its figure and what lacks it.
fn six_points(report: &ControlReport, lang: Language) -> Vec<(&'static str, String)> {
    let gaps: Vec<String> = report
        .content_gaps
        .iter()
        .map(|gap| {
            let missing: Vec<&str> = gap.missing.iter().map(|item| item.label(lang)).collect();
            format!("{}: {}", gap.reference, missing.join(", "))
        })
        .collect();
    let told_or_excepted = report.high_risk_told + report.high_risk_exception;
    let processors = if report.processors.is_empty() {
        lang.pick(
            "Ingen databehandlere registreret i Bruds konfiguration.",
            "No processors registered in Brud's configuration.",
        )
        .to_string()
    } else {
        format!(
            "{}. {} {}",
            of(
                report.processors.len() - report.processors_lacking.len(),
                report.processors.len(),
                lang
            ),
            lang.pick(
                "Uden aftalt pligt til at underrette skolen:",
                "Without an agreed duty to tell the school:"
            ),
            listed(&report.processors_lacking, lang)
        )
    };
    vec![
        (
            lang.pick(
                "1. Risikovurderingen er dokumenteret",
                "1. The risk assessment is documented",
            ),
            format!(
                "{}. {} {}",
                of(report.assessed, report.cases, lang),
                lang.pick(
                    "Uden DPO-vurdering, beslutning, ændret risiko eller afvisning:",
                    "Without the DPO's opinion, a decision, an override or a dismissal:"
                ),
                listed(&report.unassessed, lang)
            ),
        ),
        (
            lang.pick(
                "2. Anmeldt, når det var påkrævet",
                "2. Notified when required",
            ),
            format!(
                "{} ({} {}, {} {})",
                of(
                    report.notified_in_time + report.notified_late,
                    report.notification_required,
                    lang
                ),
                report.notified_late,
                lang.pick("for sent", "late"),
                report.overdue,
                lang.pick(
                    "over fristen, ikke anmeldt",
                    "past the deadline, not notified"
                ),
            ),
        ),
        (
            lang.pick(
                "3. Anmeldelsen har minimumsindholdet",
                "3. The notification holds the minimum content",
            ),
            format!(
                "{}. {} {}",
                of(report.notified_complete, report.notified, lang),
                lang.pick("Mangler:", "Lacking:"),
                listed(&gaps, lang)
            ),
        ),
        (
            lang.pick(
                "4. De berørte underrettet ved høj risiko",
                "4. The people affected told at high risk",
            ),
            format!(
                "{} ({} {}). {} {}",
                of(told_or_excepted, report.high_risk, lang),
                report.high_risk_exception,
                lang.pick("med undtagelse", "with an exception"),
                lang.pick(
                    "Hverken underrettet eller undtaget:",
                    "Neither told nor excepted:"
                ),
                listed(&report.high_risk_neither, lang)
            ),
        ),
        (
            lang.pick(
                "5. Databehandlerne skal underrette skolen",
                "5. The processors must tell the school",
            ),
            processors,
        ),
    ]
}

/// The control report in `answer` as markup in `lang`.
pub fn control_html(answer: &ControlAnswer, lang: Language) -> String {
    let report = &answer.report;
    let mut html = String::new();
    let pick = |da: &'static str, en: &'static str| lang.pick(da, en);
    summary_list(
        &mut html,
        &[
            (
                pick("Sager i året", "Cases in the year"),
                report.cases.to_string(),
            ),
            (
                pick(
                    "Afviste indberetninger (ikke talt med)",
                    "Dismissed reports (not counted)",
                ),
                report.dismissed.to_string(),
            ),
            (
                pick(
                    "Mediantid fra opdagelse til anmeldelse",
                    "Median time from awareness to notification",
                ),
                report
                    .median_minutes_to_notify
                    .map_or("–".to_string(), |m| duration_text(m, lang)),
            ),
            (
                pick("Åbne forebyggende tiltag", "Open prevention measures"),
                report.open_prevention.to_string(),
            ),
        ],
    );
    heading(
        &mut html,
        pick(
            "Retningslinjens kontrolpunkter",
            "The guideline's control points",
        ),
    );
    let mut points = six_points(report, lang);
    let approved: Vec<String> = answer
        .approvals
        .iter()
        .filter(|a| a.year == report.year)
        .map(|a| format_local(a.approved_at, lang))
        .collect();
    points.push((
        pick(
            "6. Kontrollen er godkendt af bestyrelsen",
            "6. The control is approved by the board",
        ),
        if approved.is_empty() {
            pick("Ikke godkendt endnu.", "Not approved yet.").to_string()
        } else {
            format!("{} {}", pick("Godkendt", "Approved"), approved.join(", "))
        },
    ));
    summary_list(&mut html, &points);

    // Compliance, not completion: each decision that goes against the
    // case's own assessment, with the reasoning recorded for it.
    heading(
        &mut html,
        pick(
            "Beslutninger mod vurderingen",
            "Decisions against the assessment",
        ),
    );
    let rows: Vec<Vec<String>> = report
        .contradictions
        .iter()
        .map(|c| {
            vec![
                c.reference.clone(),
                c.kind.label(lang).to_string(),
                c.reasoning.clone().unwrap_or_else(|| {
                    pick("Ingen begrundelse registreret.", "No reasoning recorded.").into()
                }),
            ]
        })
        .collect();
    table(
        &mut html,
        &[
            pick("Sag", "Case"),
            pick("Hvad", "What"),
            pick("Begrundelse", "Reasoning"),
        ],
        &rows,
        lang,
    );

    // The chart, with its figures in words for a screen reader.
    heading(&mut html, pick("Sager pr. måned", "Cases per month"));
    let months = match lang {
        Language::Da => MONTHS_DA,
        Language::En => MONTHS_EN,
    };
    let highest = report.by_month.iter().copied().max().unwrap_or(0).max(1);
    let words: Vec<String> = report
        .by_month
        .iter()
        .zip(months)
        .map(|(n, month)| format!("{month} {n}"))
        .collect();
    let _ = write!(
        html,
        "<svg class=\"chart\" viewBox=\"0 -16 380 161\" role=\"img\" aria-label=\"{}: {}\">",
        escape_html(pick("Sager pr. måned", "Cases per month")),
        escape_html(&words.join(", "))
    );
    // Whole pixels: integer arithmetic keeps float formatting (about 10 kB
    // of wasm) out of the desk's download.
    for (index, count) in report.by_month.iter().enumerate() {
        let height = count * 120 / highest;
        let x = index * 32;
        let middle = x + 12;
        let _ = write!(
            html,
            "<g><rect x=\"{x}\" y=\"{}\" width=\"24\" height=\"{height}\" class=\"chart__bar\"></rect><text x=\"{middle}\" y=\"136\" class=\"chart__label\" text-anchor=\"middle\">{}</text>",
            120 - height,
            months[index]
        );
        if *count > 0 {
            // Above the bar; a full bar's value sits in the chart's top margin.
            let _ = write!(
                html,
                "<text x=\"{middle}\" y=\"{}\" class=\"chart__value\" text-anchor=\"middle\">{count}</text>",
                116 - height as isize
            );
        }
        html.push_str("</g>");
    }
    html.push_str("</svg>");

    heading(&mut html, pick("Risiko", "Risk"));
    let rows: Vec<Vec<String>> = report
        .by_risk
        .iter()
        .map(|(level, n)| vec![level.label(lang).to_string(), n.to_string()])
        .collect();
    table(&mut html, &[], &rows, lang);

    heading(&mut html, pick("Hændelsestyper", "Incident types"));
    let rows: Vec<Vec<String>> = report
        .by_incident
        .iter()
        .map(|(kind, n)| {
            let again = report.repeated.iter().any(|(k, _)| k == kind);
            let n = if again {
                format!("{n} ({})", pick("gentaget", "repeated"))
            } else {
                n.to_string()
            };
            vec![kind.label(lang).to_string(), n]
        })
        .collect();
    table(&mut html, &[], &rows, lang);

    heading(&mut html, pick("Anmeldt for sent", "Notified late"));
    let rows: Vec<Vec<String>> = report
        .late
        .iter()
        .map(|late| {
            vec![
                late.reference.clone(),
                late.minutes_after_awareness
                    .map(|m| duration_text(m, lang))
                    .unwrap_or_default(),
                late.reason.clone(),
            ]
        })
        .collect();
    table(
        &mut html,
        &[
            pick("Journalnr.", "Reference"),
            pick("Efter opdagelse", "After awareness"),
            pick("Begrundelse", "Reason"),
        ],
        &rows,
        lang,
    );

    heading(
        &mut html,
        pick("Åbne forebyggende tiltag", "Open prevention measures"),
    );
    let rows: Vec<Vec<String>> = report
        .open_measures
        .iter()
        .map(|m| {
            vec![
                m.reference.clone(),
                m.what.clone(),
                m.by.clone(),
                m.due.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &mut html,
        &[
            pick("Journalnr.", "Reference"),
            pick("Tiltag", "Measure"),
            pick("Ansvarlig", "Responsible"),
            pick("Senest", "Due"),
        ],
        &rows,
        lang,
    );

    heading(&mut html, pick("Databehandlere", "Processors"));
    let rows: Vec<Vec<String>> = report
        .processors
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.processes.clone(),
                p.breach_duty_agreed
                    .map_or(pick("Mangler", "Missing").to_string(), |d| d.to_string()),
            ]
        })
        .collect();
    table(
        &mut html,
        &[
            pick("Databehandler", "Processor"),
            pick("Behandler", "Processes"),
            pick("Underretningspligt aftalt", "Duty to report agreed"),
        ],
        &rows,
        lang,
    );

    heading(
        &mut html,
        pick("Bestyrelsens godkendelser", "The board's approvals"),
    );
    let rows: Vec<Vec<String>> = answer
        .approvals
        .iter()
        .map(|a| {
            vec![
                a.year.to_string(),
                format_local(a.approved_at, lang),
                a.approved_by.clone(),
                a.note.clone(),
                a.report_sha256.chars().take(12).collect(),
            ]
        })
        .collect();
    table(
        &mut html,
        &[
            pick("År", "Year"),
            pick("Registreret", "Recorded"),
            pick("Af", "By"),
            pick("Møde og referat", "Meeting and minutes"),
            pick("Rapportens hash", "Report hash"),
        ],
        &rows,
        lang,
    );
    // Each report as approved, kept whole with its approval.
    if !answer.org.is_empty() {
        for a in &answer.approvals {
            let _ = write!(
                html,
                "<p class=\"body\"><a href=\"/api/desk/orgs/{}/control/approvals/{}\" download>{} {} ({})</a></p>",
                escape_html(&answer.org),
                escape_html(&a.report_sha256),
                pick("Hent rapporten som godkendt", "Download the report as approved"),
                a.year,
                escape_html(&format_local(a.approved_at, lang)),
            );
        }
    }
    let _ = write!(
        html,
        "<p class=\"caption\">{} {}</p>",
        pick("Opgjort", "Computed"),
        escape_html(&format_local(answer.generated_at, lang))
    );
    html
}
