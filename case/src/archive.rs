//! A case file for the archive (eDoc and the municipalities' other ESDH
//! systems): one ZIP per case holding a readable document of the case
//! ([`document_html`]: its facts, the decisions with who and when, the
//! texts as drafted from the case, its files, the whole timeline), the
//! files themselves ([`file_path`]) and the signed log ([`LOG_NAME`]) that
//! `brud-verify` checks. The domain decides what goes in and under which
//! names; the Worker fetches the files and writes the ZIP.
//!
//! The document is one HTML file with its style inside, readable in any
//! browser and printable to PDF, in Danish (the school's language); every
//! text from the case is escaped.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::chain::StoredEvent;
use crate::entries::StoredFile;
use crate::state::Case;
use crate::Actor;
use brud_shared::lang::Language;
use brud_shared::org::OrgProfile;
use brud_shared::texts::{escape_html, generate};
use brud_shared::time::format_local;

/// The document's name in the archive.
pub const DOCUMENT_NAME: &str = "sag.html";

/// The signed log's name in the archive (the body of `GET …/log`).
pub const LOG_NAME: &str = "log.json";

/// The archive's file name for case `reference`.
pub fn archive_name(reference: &str) -> String {
    format!("{reference}-sag.zip")
}

/// Where the case's `index`th file (from 0) goes in the archive: under
/// `filer/`, numbered in the order added (two files may share a name),
/// with its own name.
pub fn file_path(index: usize, file: &StoredFile) -> String {
    format!("filer/{:02}-{}", index + 1, file.name)
}

/// The readable document of `case` (reference `reference`, of `org`), its
/// log `events`, as of `now`.
pub fn document_html(
    case: &Case,
    events: &[StoredEvent],
    org: &OrgProfile,
    reference: &str,
    now: DateTime<Utc>,
) -> String {
    let lang = Language::Da;
    let e = |text: &str| escape_html(text);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Sag {ref_} – {org}</title>\
<style>body{{font:16px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}}\
pre{{white-space:pre-wrap;background:#f3f2f1;padding:1rem}}table{{border-collapse:collapse;width:100%}}\
td,th{{border-bottom:1px solid #b1b4b6;padding:.35rem;text-align:left;vertical-align:top}}\
dl{{margin:.25rem 0 1rem}}dt{{font-weight:700}}dd{{margin:0 0 .25rem}}.meta{{color:#505a5f}}</style></head><body>",
        ref_ = e(reference),
        org = e(&org.name)
    );
    let _ = write!(
        out,
        "<h1>Sag {} – {}</h1><p class=\"meta\">Sagsakt fra Brud, hentet {}. Loggen i {LOG_NAME} er signeret; \
kontrollér den med <code>brud-verify</code> og skolens offentlige nøgle.</p>",
        e(reference),
        e(&org.name),
        e(&format_local(now, lang))
    );

    // The facts and what was decided, as the register keeps them.
    let _ = write!(
        out,
        "<h2>Registreringen i fortegnelsen</h2><pre>{}</pre>",
        e(&crate::entry::register_entry(
            case, org, reference, lang, now
        ))
    );

    // The texts as drafted from the case as decided.
    let answers = crate::template::answers(events.iter().map(|stored| &stored.event));
    let drafted = case.drafted(now, answers);
    let texts = generate(drafted.context(org, reference, lang));
    let title = if texts.for_controller {
        "Underretning af den dataansvarlige"
    } else {
        "Anmeldelsen til Datatilsynet"
    };
    let _ = write!(
        out,
        "<h2>Tekster</h2><h3>{title}</h3><pre>{}</pre>",
        e(&texts.authority_notification)
    );
    if case.subjects.is_some() || case.letter.is_some() {
        let _ = write!(
            out,
            "<h3>Brevet til de berørte</h3><pre>{}</pre>",
            e(&texts.subject_letter)
        );
    }

    // The files, by their name in the archive and their hash in the log.
    let _ = write!(out, "<h2>Filer ({})</h2>", case.attachments.len());
    if case.attachments.is_empty() {
        out.push_str("<p>Ingen filer.</p>");
    } else {
        out.push_str(
            "<table><tr><th>Fil i arkivet</th><th>Type</th><th>Størrelse</th><th>SHA-256</th></tr>",
        );
        for (index, file) in case.attachments.iter().enumerate() {
            let receipt = case
                .authority
                .as_ref()
                .and_then(|a| a.receipt.as_deref())
                .filter(|id| *id == file.id)
                .map_or("", |_| " (Datatilsynets kvittering)");
            let _ = write!(
                out,
                "<tr><td>{}{receipt}</td><td>{}</td><td>{} bytes</td><td><code>{}</code></td></tr>",
                e(&file_path(index, file)),
                e(&file.content_type),
                file.size,
                e(&file.sha256)
            );
        }
        out.push_str("</table>");
    }

    // Every event: when, who, what, its data, its link in the chain.
    let _ = write!(out, "<h2>Sagens forløb ({} hændelser)</h2>", events.len());
    for stored in events {
        let event = &stored.event;
        let who = match &event.actor {
            Actor::System => "Brud".to_string(),
            Actor::Person(email) => email.clone(),
        };
        let _ = write!(
            out,
            "<h3>{}. {}</h3><p class=\"meta\">{} · {}</p>",
            event.sequence,
            e(event.kind.title(lang)),
            e(&format_local(event.at, lang)),
            e(&who)
        );
        out.push_str("<dl>");
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&event.kind) {
            for (name, value) in fields.iter().filter(|(name, _)| *name != "kind") {
                let text = match value {
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Null => continue,
                    other => other.to_string(),
                };
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", e(name), e(&text));
            }
        }
        let _ = write!(
            out,
            "<dt>hash</dt><dd><code>{}</code></dd></dl>",
            e(&stored.hash)
        );
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_numbered_under_their_own_names() {
        let file = StoredFile {
            id: "x".into(),
            name: "Kvittering.pdf".into(),
            size: 3,
            content_type: "application/pdf".into(),
            sha256: "0".repeat(64),
        };
        assert_eq!(file_path(0, &file), "filer/01-Kvittering.pdf");
        assert_eq!(file_path(11, &file), "filer/12-Kvittering.pdf");
        assert_eq!(archive_name("DEMO-2026-0001"), "DEMO-2026-0001-sag.zip");
    }
}
