//! The notification to Datatilsynet: every point art. 33(3) and Zahles's
//! guideline ask for, and the reasons for a delay.

use super::*;

/// The notification to Datatilsynet.
pub fn authority_notification(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let report = ctx.report;
    let org = ctx.org;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            &format!("Anmeldelse af brud på persondatasikkerheden – {}", org.name),
            &format!("Notification of a personal-data breach – {}", org.name),
        )
    );
    let _ = writeln!(out, "{}\n", reference_line(&ctx));

    let mut controller = vec![line(lang, "Dataansvarlig", "Controller", &org.name)];
    if report.role == Some(Role::Processor) {
        let c = report.controller.clone().unwrap_or_default();
        controller = vec![
            line(lang, "Dataansvarlig", "Controller", or_dash(&c.name, lang)),
            line(lang, "Kontakt", "Contact", or_dash(&c.contact, lang)),
            line(lang, "Databehandler", "Processor", &org.name),
        ];
    }
    let dpo = &org.dpo;
    controller.push(format!(
        "{}: {}, {}{}",
        lang.pick(
            "Databeskyttelsesrådgiver (DPO)",
            "Data protection officer (DPO)"
        ),
        dpo.name,
        dpo.email,
        dpo.phone
            .as_deref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default()
    ));
    section(
        &mut out,
        lang.pick("1. Dataansvarlig og kontakt", "1. Controller and contact"),
        &controller,
    );

    let mut times = vec![
        line(
            lang,
            "Bruddet skete",
            "The breach happened",
            occurred_text(report, lang),
        ),
        line(
            lang,
            "Vi blev opmærksomme på bruddet",
            "We became aware of the breach",
            time_or_dash(report.timeline.aware_at, lang),
        ),
        line(
            lang,
            "Bruddet står stadig på",
            "The breach is still going on",
            yes_no(report.timeline.ongoing, lang),
        ),
        format!(
            "{}: {}. {}",
            lang.pick("Opdaget af", "Discovered by"),
            label_or_dash(report.timeline.discovered_by, lang),
            or_dash(&report.timeline.discovery, lang)
        ),
        line(
            lang,
            "Frist for anmeldelse",
            "Notification deadline",
            deadline_text(&ctx),
        ),
    ];
    if ctx.assessment.obligations.notify_authority.overdue || report.late_reason.is_some() {
        times.push(line(
            lang,
            "Begrundelse for forsinkelse",
            "Reasons for the delay",
            or_dash(&report.late_reason, lang),
        ));
    }
    section(&mut out, lang.pick("2. Tidspunkter", "2. Times"), &times);

    section(
        &mut out,
        lang.pick("3. Bruddets karakter", "3. Nature of the breach"),
        &[
            line(lang, "Type", "Type", nature_text(report, lang)),
            line(
                lang,
                "Hændelse",
                "Incident",
                label_or_dash(report.nature.incident, lang),
            ),
            line(
                lang,
                "Årsag",
                "Cause",
                label_or_dash(report.nature.cause, lang),
            ),
            line(
                lang,
                "Beskrivelse",
                "Description",
                or_dash(&report.nature.description, lang),
            ),
        ],
    );

    section(
        &mut out,
        lang.pick(
            "4. Berørte personer og oplysninger",
            "4. People and data affected",
        ),
        &[
            line(
                lang,
                "Kategorier af registrerede",
                "Categories of data subjects",
                subjects_text(report, lang),
            ),
            line(
                lang,
                "Antal berørte registrerede",
                "Number of data subjects affected",
                count_text(report.data.subject_count.as_ref(), lang),
            ),
            line(
                lang,
                "Kategorier af personoplysninger",
                "Categories of personal data",
                categories_text(report, lang),
            ),
            line(
                lang,
                "Antal berørte registreringer",
                "Number of records affected",
                count_text(report.data.record_count.as_ref(), lang),
            ),
        ],
    );

    let circumstances = &report.circumstances;
    section(
        &mut out,
        lang.pick("5. Sandsynlige konsekvenser", "5. Likely consequences"),
        &[
            consequences_text(report, lang),
            line(
                lang,
                "Modtagere",
                "Recipients",
                label_or_dash(circumstances.recipients, lang),
            ),
            line(
                lang,
                "Uforståelige for andre (fx krypteret)",
                "Unintelligible to others (e.g. encrypted)",
                yes_no(circumstances.unintelligible, lang),
            ),
            line(
                lang,
                "Fået tilbage eller slettet hos modtageren",
                "Recovered or deleted by the recipient",
                yes_no(circumstances.recovered, lang),
            ),
            line(
                lang,
                "Ondsindet hensigt",
                "Malicious intent",
                yes_no(Some(report.is_malicious()), lang),
            ),
            line(
                lang,
                "Risikovurdering",
                "Risk assessment",
                risk_summary(&ctx),
            ),
        ]
        .into_iter()
        .chain(
            // Why the level is what it is, for the authority to see.
            ctx.assessment
                .rules
                .iter()
                .filter(|rule| rule.id.as_str().starts_with("RISK-"))
                .map(|rule| format!("- {}", lang.pick(&rule.da, &rule.en))),
        )
        .collect::<Vec<_>>(),
    );

    section(
        &mut out,
        lang.pick("6. Foranstaltninger", "6. Measures"),
        &[
            format!(
                "{}: {}. {}",
                lang.pick("Er bruddet stoppet", "Is the breach stopped"),
                label_or_dash(report.containment.stopped, lang),
                sentence(&or_dash(&report.containment.how, lang))
            ),
            line(
                lang,
                "Planlagt for at afhjælpe skaden",
                "Planned to mitigate the damage",
                or_dash(&report.containment.planned, lang),
            ),
            line(
                lang,
                "Forebyggelse fremover",
                "Prevention in future",
                or_dash(&report.containment.prevention, lang),
            ),
        ],
    );

    section(
        &mut out,
        lang.pick(
            "7. Underretning af de registrerede",
            "7. Notice to the data subjects",
        ),
        &[subject_notice_text(&ctx)],
    );
    out.truncate(out.trim_end().len());
    out
}
