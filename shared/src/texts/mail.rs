//! The mail to the school's breach mailbox: the Kulturskole's five
//! questions answered first, then the assessment and the reporter; and the
//! same mail as the Worker sends it ([`MailMessage`]: plain text and a
//! simple HTML part).

use super::parts::*;
use crate::time::format_short_local;

/// The mail to the breach mailbox: the five answers first, the assessment
/// after, the reporter last, with their contact details (the person
/// reporting sends it from their own mail, or the school's relay does).
pub fn breach_mail(ctx: TextContext<'_>) -> Mail {
    breach_mail_with(ctx, true)
}

/// [`breach_mail`], naming the reporter and giving their e-mail and phone
/// only with `reporter_contact`: the Worker's own mail carries them only
/// when the profile says so (`mail_reporter_contact`); otherwise it says
/// where they are (the case, behind sign-in).
///
/// The mail never repeats the personal data the free text may hold (the
/// form warns; it does not refuse): CPR numbers, e-mail addresses and
/// phone numbers in it are masked ([`TextContext::mask`]; the reporter's
/// own where the profile gives them). The mail goes through mail servers
/// and sits in a shared mailbox; the case keeps the report as written.
///
/// The subject line puts what the mailbox's reader sorts by first: the
/// reference, the risk and, when Datatilsynet must be notified, the
/// deadline, e.g. "Sikkerhedsbrud AKS-2026-0003: høj risiko, anmeld senest
/// man. 23.11. kl. 09.30 – Mail til forkert modtager".
pub fn breach_mail_with(ctx: TextContext<'_>, reporter_contact: bool) -> Mail {
    let lang = ctx.lang;
    let masked = ctx.masked_report();
    let report = &masked;
    let incident = label_or_dash(report.nature.incident, lang);
    let breach = lang.pick("Sikkerhedsbrud", "Security breach");
    let subject = match ctx.reference {
        Some(reference) => {
            let risk = crate::lang::lowercase(ctx.assessment.risk.label(lang));
            let notify = &ctx.assessment.obligations.notify_authority;
            match notify.deadline.filter(|_| notify.required) {
                Some(due) => format!(
                    "{breach} {reference}: {risk}, {} {} – {incident}",
                    lang.pick("anmeld senest", "notify by"),
                    format_short_local(due.utc(), lang)
                ),
                None => format!("{breach} {reference}: {risk} – {incident}"),
            }
        }
        None => format!("{breach}: {incident}"),
    };
    let mut body = String::new();
    let stopped = match report.containment.stopped {
        Some(Stopped::No) | None => label_or_dash(report.containment.stopped, lang),
        Some(stopped) => format!(
            "{}. {}",
            stopped.label(lang),
            or_dash(&report.containment.how, lang)
        ),
    };
    let _ = writeln!(body, "{}\n", lang.pick("Hej", "Hello"));
    let _ = writeln!(
        body,
        "{}\n",
        lang.pick(
            &format!(
                "Der er sket et brud på persondatasikkerheden på {}.",
                ctx.org.name
            ),
            &format!("A personal-data breach has happened at {}.", ctx.org.name),
        )
    );
    for (question, answer) in [
        (
            lang.pick("1. Hvad er der sket?", "1. What happened?"),
            format!(
                "{}\n{}: {}. {}: {}.",
                or_dash(&report.nature.description, lang),
                lang.pick("Sket", "Happened"),
                occurred_text(report, lang),
                lang.pick("Opdaget", "Became aware"),
                time_or_dash(report.timeline.aware_at, lang)
            ),
        ),
        (
            lang.pick(
                "2. Hvorfor skete det (menneskelig fejl, systemfejl, hackere mv.)?",
                "2. Why did it happen (human error, system error, hackers etc.)?",
            ),
            label_or_dash(report.nature.cause, lang),
        ),
        (
            lang.pick(
                "3. Er ulykken standset, og hvordan?",
                "3. Is it stopped, and how?",
            ),
            stopped,
        ),
        (
            lang.pick(
                "4. Hvad planlægges der yderligere for at rette op på situationen?",
                "4. What more is planned to put the situation right?",
            ),
            or_dash(&report.containment.planned, lang),
        ),
        (
            lang.pick(
                "5. Hvad gør vi fremadrettet for at undgå noget lignende?",
                "5. What will we do to prevent something similar?",
            ),
            or_dash(&report.containment.prevention, lang),
        ),
    ] {
        let _ = writeln!(body, "{question}\n{answer}\n");
    }
    let _ = writeln!(
        body,
        "{} {}",
        lang.pick("Risikovurdering:", "Risk assessment:"),
        risk_summary(&ctx)
    );
    let notify = &ctx.assessment.obligations.notify_authority;
    if notify.required {
        let _ = writeln!(
            body,
            "{} {}",
            lang.pick(
                "Frist for anmeldelse til Datatilsynet:",
                "Deadline for notifying Datatilsynet:"
            ),
            deadline_text(&ctx)
        );
    }
    if ctx.assessment.obligations.notify_controller.required {
        let _ = writeln!(
            body,
            "{}",
            lang.pick(
                "Skolen er databehandler: den dataansvarlige skal underrettes uden unødig forsinkelse.",
                "The school is processor: the controller must be told without undue delay.",
            )
        );
    }
    let _ = writeln!(body, "{}\n", reference_line(&ctx));
    let reporter = &report.reporter;
    let role = crate::lang::lowercase(&label_or_dash(reporter.role, lang));
    if reporter_contact {
        let contact: Vec<&str> = [reporter.email.as_deref(), reporter.phone.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        let _ = writeln!(
            body,
            "{} {}, {role} ({})",
            lang.pick("Indberettet af", "Reported by"),
            or_dash(&reporter.name, lang),
            if contact.is_empty() {
                lang.pick("ingen kontaktoplysninger", "no contact details")
                    .to_string()
            } else {
                contact.join(", ")
            }
        );
    } else {
        let _ = writeln!(
            body,
            "{} {role} ({})",
            lang.pick("Indberettet af en", "Reported by a"),
            lang.pick(
                "navn og kontaktoplysninger står i sagen i Brud",
                "name and contact details are in the case in Brud"
            )
        );
    }
    let leader = match report.handling.leader_informed {
        Some(true) => format!(
            "{} ({})",
            lang.pick("ja", "yes"),
            or_dash(&report.handling.leader_name, lang)
        ),
        other => yes_no(other, lang).to_string(),
    };
    let _ = writeln!(
        body,
        "{} {leader}",
        lang.pick("Leder orienteret:", "Leader informed:")
    );
    let _ = write!(
        body,
        "{} {}",
        lang.pick("Sagen håndteres af:", "Handled by:"),
        or_dash(&report.handling.handler, lang)
    );
    Mail {
        to: ctx.org.breach_mailbox.clone(),
        subject,
        body,
    }
}

/// A mail as the Worker sends it: recipients, subject, the plain-text body
/// and the same text as simple HTML ([`text_html`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMessage {
    /// Recipient addresses.
    pub to: Vec<String>,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// The body as HTML.
    pub html: String,
}

impl MailMessage {
    /// The message for `to` with `subject` and the plain-text `text`, its
    /// HTML part made from the text.
    pub fn new(to: Vec<String>, subject: String, text: String, lang: Language) -> Self {
        let html = text_html(&text, lang);
        MailMessage {
            to,
            subject,
            text,
            html,
        }
    }
}

/// The breach-mailbox mail as the Worker sends it to `breach_mailbox`:
/// [`breach_mail_with`] in plain text and HTML.
pub fn breach_mail_message(ctx: TextContext<'_>, reporter_contact: bool) -> MailMessage {
    let Mail { to, subject, body } = breach_mail_with(ctx, reporter_contact);
    MailMessage::new(vec![to], subject, body, ctx.lang)
}

/// `text` as a simple HTML document: each paragraph (lines between blank
/// lines) a `<p>`, its lines kept apart with `<br>`, and a first line
/// that asks a question (ends in `?`) in bold, so the five answers stand
/// out. Everything is escaped ([`escape_html`]); no styles beyond the
/// font, no images, nothing remote.
pub fn text_html(text: &str, lang: Language) -> String {
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:sans-serif;line-height:1.4\">",
        lang.tag()
    );
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        for (index, line) in paragraph.lines().enumerate() {
            if index > 0 {
                html.push_str("<br>");
            }
            let line = escape_html(line);
            if index == 0 && line.ends_with('?') {
                let _ = write!(html, "<strong>{line}</strong>");
            } else {
                html.push_str(&line);
            }
        }
        html.push_str("</p>");
    }
    html.push_str("</body></html>");
    html
}

/// `text` safe inside HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
