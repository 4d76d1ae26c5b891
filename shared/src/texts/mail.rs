//! The mail to the school's breach mailbox: the Kulturskole's five
//! questions answered first, then the assessment and the reporter.

use super::*;

/// The mail to the breach mailbox: the five answers first, the assessment
/// after, the reporter last.
pub fn breach_mail(ctx: TextContext<'_>) -> Mail {
    let lang = ctx.lang;
    let report = ctx.report;
    let incident = label_or_dash(report.nature.incident, lang);
    let subject = match ctx.reference {
        Some(reference) => format!(
            "{}: {incident} ({reference})",
            lang.pick("Sikkerhedsbrud", "Security breach")
        ),
        None => format!(
            "{}: {incident}",
            lang.pick("Sikkerhedsbrud", "Security breach")
        ),
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
    let contact: Vec<&str> = [reporter.email.as_deref(), reporter.phone.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    let _ = writeln!(
        body,
        "{} {}, {} ({})",
        lang.pick("Indberettet af", "Reported by"),
        or_dash(&reporter.name, lang),
        crate::lang::lowercase(&label_or_dash(reporter.role, lang)),
        if contact.is_empty() {
            lang.pick("ingen kontaktoplysninger", "no contact details")
                .to_string()
        } else {
            contact.join(", ")
        }
    );
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
