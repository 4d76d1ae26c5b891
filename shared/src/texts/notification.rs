//! The notification to Datatilsynet: every point art. 33(3) and Zahles's
//! guideline ask for, and the reasons for a delay.
//!
//! Made once as sections of labelled entries ([`authority_sections`]), so
//! the same content is both the one text to copy
//! ([`authority_notification`]) and the step-by-step view with a Copy
//! button per answer, for pasting into Datatilsynet's form.

use super::parts::*;

/// One answer of the notification: a labelled value, or a line of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeEntry {
    /// `label: value`.
    Field {
        /// What is asked.
        label: String,
        /// The answer.
        value: String,
    },
    /// A line that is its own answer (a sentence, a reason of the rules).
    Line(String),
}

impl NoticeEntry {
    fn text(&self) -> String {
        match self {
            NoticeEntry::Field { label, value } => format!("{label}: {value}"),
            NoticeEntry::Line(line) => line.clone(),
        }
    }
}

/// A numbered section of the notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSection {
    /// E.g. "1. Dataansvarlig og kontakt".
    pub title: String,
    /// Its answers, in order.
    pub entries: Vec<NoticeEntry>,
}

fn field(lang: Language, da: &str, en: &str, value: impl std::fmt::Display) -> NoticeEntry {
    NoticeEntry::Field {
        label: lang.pick(da, en).to_string(),
        value: value.to_string(),
    }
}

fn push(sections: &mut Vec<NoticeSection>, title: &str, entries: Vec<NoticeEntry>) {
    sections.push(NoticeSection {
        title: title.to_string(),
        entries,
    });
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
    if let Some(line) = standing_line(&ctx) {
        let _ = writeln!(out, "{line}\n");
    }
    for section in authority_sections(ctx) {
        let _ = writeln!(out, "{}", section.title);
        for entry in &section.entries {
            let _ = writeln!(out, "{}", entry.text());
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// What the notification is, said first when it is not simply the
/// notification: a case dismissed as no breach owes none; a preliminary
/// one says so, what is not known yet and when the rest follows.
fn standing_line(ctx: &TextContext<'_>) -> Option<String> {
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
    let preliminary = decided.preliminary.as_ref()?;
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

/// The notification's sections: the controller and contacts, the times,
/// the nature, the people and data, the likely consequences, the
/// measures, the notice to the people affected.
///
/// The order is art. 33(3)'s. Datatilsynet's page on notifying a breach
/// (datatilsynet.dk, "Anmeld brud på persondatasikkerheden") says the Virk
/// form's questions are built on those minimum requirements and lists them
/// in that order: the nature of the breach, the DPO or contact point, the
/// likely consequences, the measures taken or proposed. The Virk form
/// itself (behind a login) could not be read to match it field by field.
pub fn authority_sections(ctx: TextContext<'_>) -> Vec<NoticeSection> {
    let lang = ctx.lang;
    let masked = ctx.masked_report();
    let report = &masked;
    let org = ctx.org;
    let decided = ctx.decided;
    let mut sections = Vec::new();

    // A municipal school: the municipality is the controller, the school
    // the unit where it happened.
    let mut controller = match &org.controller {
        Some(owner) => vec![
            field(lang, "Dataansvarlig", "Controller", owner),
            field(lang, "Enhed", "Unit", &org.name),
        ],
        None => vec![field(lang, "Dataansvarlig", "Controller", &org.name)],
    };
    if report.role == Some(Role::Processor) {
        let c = report.controller.clone().unwrap_or_default();
        controller = vec![
            field(lang, "Dataansvarlig", "Controller", or_dash(&c.name, lang)),
            field(lang, "Kontakt", "Contact", or_dash(&c.contact, lang)),
            field(lang, "Databehandler", "Processor", &org.name),
        ];
    }
    if let Some(cvr) = &org.cvr {
        controller.push(field(lang, "CVR-nr.", "CVR number", cvr));
    }
    if let Some(handler) = decided.and_then(|d| d.handler.as_deref()) {
        controller.push(field(
            lang,
            "Kontaktperson",
            "Contact person",
            ctx.mask(handler),
        ));
    }
    controller.push(field(
        lang,
        "Databeskyttelsesrådgiver (DPO)",
        "Data protection officer (DPO)",
        dpo_contact(ctx.dpo()),
    ));
    push(
        &mut sections,
        lang.pick("1. Dataansvarlig og kontakt", "1. Controller and contact"),
        controller,
    );

    let mut times = vec![
        field(
            lang,
            "Bruddet skete",
            "The breach happened",
            occurred_text(report, lang),
        ),
        field(
            lang,
            "Vi blev opmærksomme på bruddet",
            "We became aware of the breach",
            time_or_dash(report.timeline.aware_at, lang),
        ),
        field(
            lang,
            "Bruddet står stadig på",
            "The breach is still going on",
            yes_no(report.timeline.ongoing, lang),
        ),
        field(
            lang,
            "Opdaget af",
            "Discovered by",
            format!(
                "{}. {}",
                label_or_dash(report.timeline.discovered_by, lang),
                or_dash(&report.timeline.discovery, lang)
            ),
        ),
        field(
            lang,
            "Frist for anmeldelse",
            "Notification deadline",
            deadline_text(&ctx),
        ),
    ];
    if let Some(reason) = ctx.delay() {
        times.push(field(
            lang,
            "Begrundelse for forsinkelse",
            "Reasons for the delay",
            reason,
        ));
    }
    push(
        &mut sections,
        lang.pick("2. Tidspunkter", "2. Times"),
        times,
    );

    push(
        &mut sections,
        lang.pick("3. Bruddets karakter", "3. Nature of the breach"),
        vec![
            field(lang, "Type", "Type", nature_text(report, lang)),
            field(
                lang,
                "Hændelse",
                "Incident",
                label_or_dash(report.nature.incident, lang),
            ),
            field(
                lang,
                "Årsag",
                "Cause",
                label_or_dash(report.nature.cause, lang),
            ),
            field(
                lang,
                "Beskrivelse",
                "Description",
                or_dash(&report.nature.description, lang),
            ),
        ],
    );

    push(
        &mut sections,
        lang.pick(
            "4. Berørte personer og oplysninger",
            "4. People and data affected",
        ),
        vec![
            field(
                lang,
                "Kategorier af registrerede",
                "Categories of data subjects",
                subjects_text(report, lang),
            ),
            field(
                lang,
                "Antal berørte registrerede",
                "Number of data subjects affected",
                count_text(report.data.subject_count.as_ref(), lang),
            ),
            field(
                lang,
                "Kategorier af personoplysninger",
                "Categories of personal data",
                categories_text(report, lang),
            ),
            field(
                lang,
                "Antal berørte registreringer",
                "Number of records affected",
                count_text(report.data.record_count.as_ref(), lang),
            ),
        ],
    );

    let circumstances = &report.circumstances;
    push(
        &mut sections,
        lang.pick("5. Sandsynlige konsekvenser", "5. Likely consequences"),
        [
            NoticeEntry::Line(consequences_text(report, lang)),
            field(
                lang,
                "Modtagere",
                "Recipients",
                label_or_dash(circumstances.recipients, lang),
            ),
            field(
                lang,
                "Uforståelige for andre (fx krypteret)",
                "Unintelligible to others (e.g. encrypted)",
                yes_no(circumstances.unintelligible, lang),
            ),
            field(
                lang,
                "Fået tilbage eller slettet hos modtageren",
                "Recovered or deleted by the recipient",
                yes_no(circumstances.recovered, lang),
            ),
        ]
        .into_iter()
        .chain(
            // Whether a lost or stolen device was encrypted: what decides
            // whether its finder can read it.
            report
                .nature
                .incident
                .is_some_and(crate::model::IncidentType::is_device)
                .then(|| {
                    field(
                        lang,
                        "Enheden eller filerne var krypteret",
                        "The device or files were encrypted",
                        label_or_dash(circumstances.encrypted, lang),
                    )
                }),
        )
        .chain(
            // Whether an attack that locked the data also copied it: the
            // authority's first question about ransomware.
            report.is_attack_that_may_copy().then(|| {
                field(
                    lang,
                    "Kopieret af angriberen",
                    "Copied by the attacker",
                    label_or_dash(circumstances.exfiltration, lang),
                )
            }),
        )
        .chain([
            field(
                lang,
                "Ondsindet hensigt",
                "Malicious intent",
                yes_no(Some(report.is_malicious()), lang),
            ),
            field(
                lang,
                "Risikovurdering",
                "Risk assessment",
                risk_summary(&ctx),
            ),
        ])
        .chain(
            // Why the level is what it is, for the authority to see.
            ctx.assessment
                .rules
                .iter()
                .filter(|rule| rule.id.as_str().starts_with("RISK-"))
                .map(|rule| NoticeEntry::Line(format!("- {}", lang.pick(&rule.da, &rule.en)))),
        )
        .collect::<Vec<_>>(),
    );

    push(
        &mut sections,
        lang.pick("6. Foranstaltninger", "6. Measures"),
        vec![
            field(
                lang,
                "Er bruddet stoppet",
                "Is the breach stopped",
                stopped_text(&ctx, report),
            ),
            field(
                lang,
                "Planlagt for at afhjælpe skaden",
                "Planned to mitigate the damage",
                or_dash(&report.containment.planned, lang),
            ),
            field(
                lang,
                "Forebyggelse fremover",
                "Prevention in future",
                prevention_text(&ctx, report),
            ),
        ],
    );

    push(
        &mut sections,
        lang.pick(
            "7. Underretning af de registrerede",
            "7. Notice to the data subjects",
        ),
        vec![NoticeEntry::Line(subject_notice_text(&ctx))],
    );
    sections
}

/// Whether and how the breach was stopped: the time given on the case and
/// how, else the reporter's answer.
pub(super) fn stopped_text(ctx: &TextContext<'_>, report: &Report) -> String {
    stopped(ctx, report, false)
}

/// [`stopped_text`] as a sentence of its own ("Bruddet er stoppet."), for
/// a line that does not ask the question.
pub(super) fn stopped_sentence(ctx: &TextContext<'_>, report: &Report) -> String {
    stopped(ctx, report, true)
}

fn stopped(ctx: &TextContext<'_>, report: &Report, as_sentence: bool) -> String {
    let lang = ctx.lang;
    match ctx.decided.and_then(|d| d.contained.as_ref()) {
        Some(contained) => {
            let how = contained
                .how
                .as_deref()
                .map(|how| ctx.mask(how))
                .or_else(|| report.containment.how.clone());
            let mut text = format!(
                "{} {}.",
                lang.pick("Ja, stoppet", "Yes, stopped"),
                format_local(contained.at, lang)
            );
            if let Some(how) = how {
                let _ = write!(text, " {}", sentence(&how));
            }
            text
        }
        None if as_sentence => {
            let said = match report.containment.stopped {
                Some(Stopped::Yes) => lang.pick("Bruddet er stoppet.", "The breach is stopped."),
                Some(Stopped::Partly) => lang.pick(
                    "Bruddet er delvist stoppet.",
                    "The breach is partly stopped.",
                ),
                Some(Stopped::No) => {
                    lang.pick("Bruddet er ikke stoppet.", "The breach is not stopped.")
                }
                None => "",
            };
            let how = report.containment.how.as_deref().map(sentence);
            [Some(said.to_string()), how]
                .into_iter()
                .flatten()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        }
        None => format!(
            "{}. {}",
            label_or_dash(report.containment.stopped, lang),
            sentence(&or_dash(&report.containment.how, lang))
        ),
    }
}

/// What prevents it happening again: the reporter's suggestion and the
/// measures planned or done on the case, each with who and when.
pub(super) fn prevention_text(ctx: &TextContext<'_>, report: &Report) -> String {
    let lang = ctx.lang;
    let mut parts: Vec<String> = report
        .containment
        .prevention
        .iter()
        .map(|p| sentence(p))
        .collect();
    for measure in ctx.decided.iter().flat_map(|d| &d.prevention) {
        let status = match (measure.done_at, measure.due) {
            (Some(at), _) => format!("{} {}", lang.pick("udført", "done"), format_local(at, lang)),
            (None, Some(due)) => format!(
                "{} {}",
                lang.pick("frist", "due"),
                crate::time::format_date(due, lang)
            ),
            (None, None) => lang.pick("planlagt", "planned").to_string(),
        };
        parts.push(format!(
            "{} ({}, {status}).",
            ctx.mask(&measure.what),
            ctx.mask(&measure.by)
        ));
    }
    if parts.is_empty() {
        or_dash(&None, lang)
    } else {
        parts.join(" ")
    }
}
