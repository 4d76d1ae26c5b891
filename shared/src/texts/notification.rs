//! The notification to Datatilsynet as the text to copy and the guide
//! step by step: both read the EDPB's common template as the domain maps
//! the case to it ([`template`]), so the text, the guide and the
//! export (`notification.json`) give the same answers to the same fields.
//!
//! Made once as sections of labelled answers ([`authority_sections`]):
//! the template's sections and fields, each field named by its label and
//! number, its answer as the mapping gives it (the predefined answers by
//! their labels, times as local time), a mandatory field the case does
//! not answer yet said to be the DPO's to add; fields that do not apply,
//! and optional ones without an answer, are left out. The one text to copy
//! ([`authority_notification`]) is those sections under a heading that
//! says the reference, what the notification is (preliminary, or a case
//! dismissed) and the deadline.

use super::parts::*;
use super::template::{self, Answer, FieldStatus, Mandatory, Notifying, TemplateNotification};

/// One answer of the notification: a field's label and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeEntry {
    /// The template's field, e.g. "Hændelsens art (felt 60)".
    pub label: String,
    /// The answer.
    pub value: String,
}

/// A section of the notification: one of the template's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSection {
    /// E.g. "3.2 Bruddets karakter".
    pub title: String,
    /// Its answers, in the template's order.
    pub entries: Vec<NoticeEntry>,
}

/// The notification to Datatilsynet as one text.
pub fn authority_notification(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            &format!(
                "Anmeldelse af brud på persondatasikkerheden – {}",
                ctx.org.name
            ),
            &format!("Notification of a personal-data breach – {}", ctx.org.name),
        )
    );
    let _ = writeln!(out, "{}\n", reference_line(&ctx));
    let mapped = template::notification(&ctx, &Notifying::next(&ctx));
    if let Some(line) = standing_line(&ctx, mapped.complete) {
        let _ = writeln!(out, "{line}\n");
    }
    if ctx
        .assessment
        .obligations
        .notify_authority
        .deadline
        .is_some()
    {
        let _ = writeln!(
            out,
            "{}: {}\n",
            lang.pick("Frist for anmeldelse", "Notification deadline"),
            deadline_text(&ctx)
        );
    }
    for section in template_sections(&mapped, lang) {
        let _ = writeln!(out, "{}", section.title);
        for entry in &section.entries {
            let _ = writeln!(out, "{}: {}", entry.label, entry.value);
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// What the notification is, said first when it is not simply the
/// notification: a case dismissed as no breach owes none; a preliminary
/// one (not `complete` as the template says, and held preliminary by the
/// case) says so, what is not known yet and when the rest follows.
fn standing_line(ctx: &TextContext<'_>, complete: bool) -> Option<String> {
    let lang = ctx.lang;
    let decided = ctx.decided?;
    if let Some(note) = &decided.dismissed {
        return Some(format!(
            "{} {}",
            lang.pick(
                "Sagen er afvist som ikke et brud, der skal håndteres; der skal ikke anmeldes til Datatilsynet. Begrundelse:",
                "The case was dismissed as no breach to handle; Datatilsynet is not to be notified. Reason:",
            ),
            ctx.mask(note)
        ));
    }
    let preliminary = decided.preliminary.as_ref().filter(|_| !complete)?;
    let missing: Vec<&str> = preliminary
        .missing
        .iter()
        .map(|(da, en)| lang.pick(da, en))
        .collect();
    let mut text = lang
        .pick(
            "Dette er en foreløbig anmeldelse (art. 33, stk. 4).",
            "This is a preliminary notification (art. 33(4)).",
        )
        .to_string();
    if !missing.is_empty() {
        let _ = write!(
            text,
            " {} {}.",
            lang.pick("Endnu ikke kendt:", "Not yet known:"),
            crate::lang::lowercase(&crate::lang::join_words(&missing, lang))
        );
    }
    let _ = write!(
        text,
        " {} {}.",
        lang.pick(
            "De resterende oplysninger eftersendes senest",
            "The remaining information follows by"
        ),
        crate::time::format_date(preliminary.rest_by, lang)
    );
    Some(text)
}

/// The notification to make next ([`Notifying::next`]) as sections of
/// labelled answers, from the template as the domain maps the case
/// ([`template::notification`]).
pub fn authority_sections(ctx: TextContext<'_>) -> Vec<NoticeSection> {
    template_sections(
        &template::notification(&ctx, &Notifying::next(&ctx)),
        ctx.lang,
    )
}

/// `mapped` as sections of labelled answers in `lang`: every field that
/// applies, mandatory or answered, with its answer, or, when the case
/// does not answer it yet, that the DPO adds it on the case.
pub fn template_sections(mapped: &TemplateNotification, lang: Language) -> Vec<NoticeSection> {
    mapped
        .sections
        .iter()
        .map(|section| NoticeSection {
            title: format!(
                "{} {}",
                section.section,
                lang.pick(&section.title_da, &section.title_en)
            ),
            entries: section
                .fields
                .iter()
                .filter(|field| match field.status {
                    FieldStatus::NotApplicable => false,
                    FieldStatus::DpoMustAdd => field.mandatory != Mandatory::No,
                    FieldStatus::Known | FieldStatus::AddedByDpo => true,
                })
                .map(|field| NoticeEntry {
                    label: format!(
                        "{} ({} {})",
                        lang.pick(&field.label_da, &field.label),
                        lang.pick("felt", "field"),
                        field.field
                    ),
                    value: answer_text(field, lang),
                })
                .collect(),
        })
        .filter(|section| !section.entries.is_empty())
        .collect()
}

/// A field's answer as the text says it.
fn answer_text(field: &template::FilledField, lang: Language) -> String {
    match &field.value {
        None => lang
            .pick(
                "(mangler – DPO'en tilføjer det på sagen)",
                "(missing – the DPO adds it on the case)",
            )
            .to_string(),
        Some(Answer::Choices(_)) => field.value_labels.join("; "),
        Some(Answer::Text(text)) if field.kind == "date_time" => text
            .parse::<Timestamp>()
            .map(|at| format_local(at.utc(), lang))
            .unwrap_or_else(|_| text.clone()),
        Some(Answer::Text(text)) => text.clone(),
        Some(Answer::Number(n)) => n.to_string(),
        Some(Answer::Flag(yes)) => lang
            .pick(
                if *yes { "Ja" } else { "Nej" },
                if *yes { "Yes" } else { "No" },
            )
            .to_string(),
    }
}
