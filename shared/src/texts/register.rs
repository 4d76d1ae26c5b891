//! The entry in the school's breach register (art. 33(5)): the facts, the
//! effects and the remedial action, for every breach, notified or not, with
//! the DPO's contact (Zahles's guideline, item 2). What was done about the
//! notification and the people affected (item 5) is the case's: see
//! `case::entry`, which adds it to this text.

use super::parts::*;

/// Who the controller is: the other party when the school is processor,
/// else the profile's controller (a municipality) or the unit itself.
fn controller_name(ctx: &TextContext<'_>) -> String {
    if ctx.report.role == Some(Role::Processor) {
        let named = ctx.report.controller.as_ref().and_then(|c| c.name.clone());
        return or_dash(&named, ctx.lang);
    }
    ctx.org
        .controller
        .clone()
        .unwrap_or_else(|| ctx.org.name.clone())
}

/// The breach register entry.
pub fn register_entry(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let masked = ctx.masked_report();
    let report = &masked;
    let a = ctx.assessment;
    let obligations = &a.obligations;
    let mut lines = vec![
        reference_line(&ctx),
        line(lang, "Organisation", "Organisation", &ctx.org.name),
        line(lang, "Dataansvarlig", "Controller", controller_name(&ctx)),
        line(
            lang,
            "Databeskyttelsesrådgiver (DPO)",
            "Data protection officer (DPO)",
            dpo_contact(ctx.dpo()),
        ),
        line(lang, "Sket", "Happened", occurred_text(report, lang)),
        line(
            lang,
            "Opdaget",
            "Became aware",
            time_or_dash(report.timeline.aware_at, lang),
        ),
        line(
            lang,
            "Bruddets karakter",
            "Nature",
            nature_text(report, lang),
        ),
        format!(
            "{}: {} / {}",
            lang.pick("Hændelse / årsag", "Incident / cause"),
            label_or_dash(report.nature.incident, lang),
            label_or_dash(report.nature.cause, lang)
        ),
        line(
            lang,
            "Beskrivelse",
            "Description",
            or_dash(&report.nature.description, lang),
        ),
        line(
            lang,
            "Registrerede",
            "Data subjects",
            subjects_text(report, lang),
        ),
        line(
            lang,
            "Antal registrerede",
            "Number of data subjects",
            count_text(report.data.subject_count.as_ref(), lang),
        ),
        line(lang, "Oplysninger", "Data", categories_text(report, lang)),
        line(
            lang,
            "Antal registreringer",
            "Number of records",
            count_text(report.data.record_count.as_ref(), lang),
        ),
        line(
            lang,
            "Konsekvenser",
            "Consequences",
            consequences_text(report, lang),
        ),
        // The guideline's item 4 in one line: stopped (when, how),
        // mitigation planned, prevention (the case's measures with who and
        // when).
        format!(
            "{}: {} {} {}",
            lang.pick("Foranstaltninger", "Measures"),
            stopped_sentence(&ctx, report),
            sentence(&or_dash(&report.containment.planned, lang)),
            sentence(&prevention_text(&ctx, report))
        ),
        line(lang, "Risiko", "Risk", risk_summary(&ctx)),
        line(
            lang,
            "Regler",
            "Rules",
            a.rules
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    if let Some(over) = &report.risk_override {
        lines.push(line(
            lang,
            "Begrundelse for ændret vurdering",
            "Justification for the changed assessment",
            or_dash(&over.justification, lang),
        ));
    }
    let authority = if ctx.dismissed() {
        lang.pick(
            "ikke relevant: sagen er afvist som ikke et brud",
            "not relevant: the case was dismissed as no breach",
        )
        .to_string()
    } else if obligations.notify_authority.required {
        format!(
            "{} {}",
            lang.pick("påkrævet, senest", "required, by"),
            deadline_text(&ctx)
        )
    } else if obligations.notify_controller.required {
        lang.pick(
            "ikke skolens opgave (databehandler)",
            "not the school's task (processor)",
        )
        .to_string()
    } else {
        lang.pick("ikke påkrævet", "not required").to_string()
    };
    lines.push(format!(
        "{}: {authority}",
        lang.pick(
            "Anmeldelse til Datatilsynet",
            "Notification of Datatilsynet"
        )
    ));
    lines.push(line(
        lang,
        "Underretning af de registrerede",
        "Notice to data subjects",
        subject_notice_text(&ctx),
    ));
    if obligations.notify_controller.required && !ctx.dismissed() {
        lines.push(
            lang.pick(
                "Den dataansvarlige skal underrettes uden unødig forsinkelse.",
                "The controller must be told without undue delay.",
            )
            .to_string(),
        );
    }
    let handler = ctx
        .decided
        .and_then(|d| d.handler.as_deref())
        .map(|h| ctx.mask(h))
        .or_else(|| report.handling.handler.clone());
    lines.push(line(
        lang,
        "Håndteres af",
        "Handled by",
        or_dash(&handler, lang),
    ));
    let mut out = format!(
        "{}\n\n",
        lang.pick("Fortegnelse over sikkerhedsbrud", "Breach register entry")
    );
    out.push_str(&lines.join("\n"));
    if a.risk == RiskLevel::None && !ctx.dismissed() {
        let _ = write!(
            out,
            "\n{}",
            lang.pick(
                "Bruddet er registreret, men ikke anmeldt, fordi det vurderes usandsynligt, at det indebærer en risiko for de registrerede.",
                "The breach is recorded but not notified because it is assessed as unlikely to result in a risk to the people affected.",
            )
        );
    }
    out
}
