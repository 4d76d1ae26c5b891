//! Texts generated from one report, in Danish or English.
//!
//! - [`breach_mail`]: the mail to the school's breach mailbox, answering the
//!   Kulturskole's five questions (what happened, why, is it stopped and how,
//!   what more is planned, what prevents it in future).
//! - [`authority_notification`]: the notification to Datatilsynet with every
//!   point art. 33(3) and Zahles's guideline ask for: nature, categories and
//!   approximate numbers of people and records, DPO contact, likely
//!   consequences, measures taken and proposed, notice to the people affected,
//!   and reasons for delay.
//! - [`subject_letter`]: the letter to the people affected (art. 34(2)):
//!   nature, DPO contact, consequences, measures, and what they can do.
//! - [`register_entry`]: the entry in the breach register (art. 33(5)).
//!
//! The texts quote the reporter's free text as written; validation warns when
//! it seems to hold personal data of the people affected.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::lang::{capitalize, join_labels, sentence, Labelled, Language};
use crate::model::{
    Count, CountPrecision, DataCategory, OccurredPrecision, Report, RiskLevel, Role, Stopped,
};
use crate::obligations::Assessment;
use crate::org::OrgProfile;
use crate::time::{format_local, Timestamp};

/// A mail: subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Every generated text for one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedTexts {
    /// The mail to the breach mailbox.
    pub breach_mail: Mail,
    /// The notification to Datatilsynet.
    pub authority_notification: String,
    /// The letter to the people affected.
    pub subject_letter: String,
    /// The breach register entry.
    pub register_entry: String,
}

/// What the texts are generated from.
#[derive(Debug, Clone, Copy)]
pub struct TextContext<'a> {
    /// The report.
    pub report: &'a Report,
    /// Its assessment.
    pub assessment: &'a Assessment,
    /// The organisation.
    pub org: &'a OrgProfile,
    /// The reference, once the Worker has given one.
    pub reference: Option<&'a str>,
    /// The language to write in.
    pub lang: Language,
}

/// What must be done, as short sentences for the person reporting: the
/// list in the form's assessment panel.
pub fn obligation_lines(
    obligations: &crate::obligations::Obligations,
    lang: Language,
) -> Vec<&'static str> {
    let mut lines = vec![lang.pick("Bruddet skal registreres.", "The breach must be recorded.")];
    if obligations.notify_authority.required {
        lines.push(lang.pick(
            "Anmeld til Datatilsynet inden fristen.",
            "Notify Datatilsynet before the deadline.",
        ));
    }
    if obligations.notify_subjects.required {
        lines.push(lang.pick(
            "De berørte skal underrettes.",
            "The people affected must be told.",
        ));
    }
    if obligations.notify_subjects.public_communication {
        lines.push(lang.pick(
            "Lav en offentlig meddelelse i stedet for at underrette hver enkelt.",
            "Make a public communication instead of telling each person.",
        ));
    }
    if obligations.notify_controller.required {
        lines.push(lang.pick(
            "Underret den dataansvarlige uden unødig forsinkelse.",
            "Tell the controller without undue delay.",
        ));
    }
    lines
}

/// All four texts.
pub fn generate(ctx: TextContext<'_>) -> GeneratedTexts {
    GeneratedTexts {
        breach_mail: breach_mail(ctx),
        authority_notification: authority_notification(ctx),
        subject_letter: subject_letter(ctx),
        register_entry: register_entry(ctx),
    }
}

fn or_dash(text: &Option<String>, lang: Language) -> String {
    match text.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => lang.pick("(ikke oplyst)", "(not given)").to_string(),
    }
}

fn label_or_dash<T: Labelled>(value: Option<T>, lang: Language) -> String {
    value.map_or_else(
        || lang.pick("(ikke oplyst)", "(not given)").to_string(),
        |v| v.label(lang).to_string(),
    )
}

fn time_or_dash(at: Option<Timestamp>, lang: Language) -> String {
    at.map_or_else(
        || lang.pick("(ikke oplyst)", "(not given)").to_string(),
        |t| format_local(t.utc(), lang),
    )
}

fn yes_no(value: Option<bool>, lang: Language) -> &'static str {
    match value {
        Some(true) => lang.pick("ja", "yes"),
        Some(false) => lang.pick("nej", "no"),
        None => lang.pick("ikke oplyst", "not given"),
    }
}

fn occurred_text(report: &Report, lang: Language) -> String {
    let not_given = lang.pick("(ikke oplyst)", "(not given)").to_string();
    let Some(occurred) = &report.timeline.occurred else {
        return not_given;
    };
    match occurred.precision {
        OccurredPrecision::Exact => time_or_dash(occurred.at, lang),
        OccurredPrecision::Approximate => format!(
            "{} {} {} {}",
            lang.pick("mellem", "between"),
            time_or_dash(occurred.from, lang),
            lang.pick("og", "and"),
            time_or_dash(occurred.to, lang)
        ),
        OccurredPrecision::Unknown => lang.pick("ukendt", "unknown").to_string(),
    }
}

fn count_text(count: Option<&Count>, lang: Language) -> String {
    match count {
        None => lang.pick("(ikke oplyst)", "(not given)").to_string(),
        Some(count) => match (count.precision, count.value) {
            (CountPrecision::Exact, Some(v)) => v.to_string(),
            (CountPrecision::Approximate, Some(v)) => format!("{} {v}", lang.pick("ca.", "about")),
            _ => lang.pick("ukendt", "unknown").to_string(),
        },
    }
}

fn nature_text(report: &Report, lang: Language) -> String {
    let mut kinds = Vec::new();
    if report.nature.confidentiality {
        kinds.push(lang.pick(
            "uvedkommende kunne se oplysningerne (fortrolighed)",
            "unauthorised people could see the data (confidentiality)",
        ));
    }
    if report.nature.integrity {
        kinds.push(lang.pick(
            "oplysninger blev ændret (integritet)",
            "data was altered (integrity)",
        ));
    }
    if report.nature.availability {
        kinds.push(lang.pick(
            "oplysninger var utilgængelige eller gik tabt (tilgængelighed)",
            "data was unavailable or lost (availability)",
        ));
    }
    if kinds.is_empty() {
        lang.pick("(ikke oplyst)", "(not given)").to_string()
    } else {
        crate::lang::join_words(&kinds, lang)
    }
}

fn subjects_text(report: &Report, lang: Language) -> String {
    let mut text = if report.data.subjects.is_empty() {
        lang.pick("(ikke oplyst)", "(not given)").to_string()
    } else {
        capitalize(&join_labels(&report.data.subjects, lang))
    };
    let mut notes = Vec::new();
    if report.data.minors == Some(true) {
        notes.push(lang.pick("børn under 18 er berørt", "children under 18 are affected"));
    }
    if report.data.vulnerable == Some(true) {
        notes.push(lang.pick(
            "sårbare personer er berørt",
            "vulnerable persons are affected",
        ));
    }
    if !notes.is_empty() {
        let _ = write!(text, " ({})", notes.join("; "));
    }
    text
}

fn categories_text(report: &Report, lang: Language) -> String {
    if report.data.categories.is_empty() {
        return lang.pick("(ikke oplyst)", "(not given)").to_string();
    }
    let mut text = capitalize(&join_labels(&report.data.categories, lang));
    let special = report
        .data
        .categories
        .iter()
        .any(|c| matches!(c, DataCategory::Health | DataCategory::Special));
    if special {
        text.push_str(lang.pick(
            ". Heraf særlige kategorier (art. 9)",
            ". Including special categories (art. 9)",
        ));
    }
    if report.data.categories.contains(&DataCategory::Criminal) {
        text.push_str(lang.pick(
            ". Heraf strafbare forhold (art. 10)",
            ". Including criminal offences (art. 10)",
        ));
    }
    text
}

fn consequences_text(report: &Report, lang: Language) -> String {
    if report.consequences.is_empty() {
        lang.pick(
            "Indberetteren har ikke peget på bestemte konsekvenser.",
            "The reporter has not pointed to specific consequences.",
        )
        .to_string()
    } else {
        sentence(&capitalize(&join_labels(&report.consequences, lang)))
    }
}

fn deadline_text(ctx: &TextContext<'_>) -> String {
    let lang = ctx.lang;
    match ctx.assessment.obligations.notify_authority.deadline {
        Some(due) => format_local(due.utc(), lang),
        None => lang
            .pick(
                "(kendes først når tidspunktet for opdagelsen er oplyst)",
                "(known once the time of awareness is given)",
            )
            .to_string(),
    }
}

fn risk_summary(ctx: &TextContext<'_>) -> String {
    let lang = ctx.lang;
    let a = ctx.assessment;
    let mut text = format!(
        "{} ({} {} – {}).",
        a.risk.label(lang),
        lang.pick("alvorlighed efter ENISA", "ENISA severity"),
        crate::risk::format_score(a.severity.score),
        a.severity.band.label(lang)
    );
    if a.risk != a.computed_risk {
        let _ = write!(
            text,
            " {} {}.",
            lang.pick("Ændret manuelt; beregnet:", "Changed by hand; computed:"),
            crate::lang::lowercase(a.computed_risk.label(lang))
        );
    }
    text
}

fn reference_line(ctx: &TextContext<'_>) -> String {
    match ctx.reference {
        Some(reference) => format!("{} {reference}", ctx.lang.pick("Reference:", "Reference:")),
        None => ctx
            .lang
            .pick(
                "Reference: (gives ved indsendelse)",
                "Reference: (given when sent)",
            )
            .to_string(),
    }
}

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

/// "Label: value" in `lang`.
fn line(lang: Language, da: &str, en: &str, value: impl std::fmt::Display) -> String {
    format!("{}: {value}", lang.pick(da, en))
}

fn section(out: &mut String, heading: &str, lines: &[String]) {
    let _ = writeln!(out, "{heading}");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

fn subject_notice_text(ctx: &TextContext<'_>) -> String {
    let lang = ctx.lang;
    let notify = &ctx.assessment.obligations.notify_subjects;
    if ctx.assessment.obligations.notify_controller.required {
        lang.pick(
            "Skolen er databehandler; den dataansvarlige afgør, om de berørte skal underrettes.",
            "The school is processor; the controller decides whether the people affected are told.",
        )
        .to_string()
    } else if notify.required {
        lang.pick(
            "De berørte underrettes direkte, fordi bruddet vurderes at indebære en høj risiko for dem.",
            "The people affected are told directly because the breach is assessed as a high risk to them.",
        )
        .to_string()
    } else if let Some(exception) = notify.exception {
        let mut text = format!(
            "{} {}.",
            lang.pick(
                "De berørte underrettes ikke direkte, fordi en undtagelse i art. 34, stk. 3, gælder:",
                "The people affected are not told directly because an exception in art. 34(3) applies:",
            ),
            crate::lang::lowercase(exception.label(lang))
        );
        if notify.public_communication {
            text.push(' ');
            text.push_str(lang.pick(
                "I stedet laves en offentlig meddelelse.",
                "A public communication is made instead.",
            ));
        }
        text
    } else {
        lang.pick(
            "De berørte underrettes ikke, da bruddet ikke vurderes at indebære en høj risiko for dem.",
            "The people affected are not told, as the breach is not assessed as a high risk to them.",
        )
        .to_string()
    }
}

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

/// Advice to the people affected that fits the data that leaked.
fn advice(report: &Report, lang: Language) -> Vec<&'static str> {
    let categories = &report.data.categories;
    let mut advice = Vec::new();
    if categories.contains(&DataCategory::Credentials) {
        advice.push(lang.pick(
            "Skift din adgangskode, hvis du ikke allerede har gjort det, og brug ikke den gamle andre steder.",
            "Change your password if you have not already done so, and do not use the old one anywhere else.",
        ));
    }
    if categories.contains(&DataCategory::Cpr) || categories.contains(&DataCategory::Financial) {
        advice.push(lang.pick(
            "Vær opmærksom på breve, opkald eller sms'er, hvor nogen bruger dine oplysninger til at virke troværdige, og på ukendte betalinger.",
            "Watch for letters, calls or text messages in which someone uses your details to seem trustworthy, and for unknown payments.",
        ));
    }
    if categories.contains(&DataCategory::Contact) || categories.contains(&DataCategory::Identity) {
        advice.push(lang.pick(
            "Vær på vagt over for mails og beskeder, der beder dig klikke på links eller oplyse koder.",
            "Be wary of e-mails and messages asking you to click links or give codes.",
        ));
    }
    advice.push(lang.pick(
        "Kontakt os, hvis du oplever noget, der kan hænge sammen med bruddet.",
        "Contact us if you notice anything that may be connected to the breach.",
    ));
    advice
}

/// The letter to the people affected.
pub fn subject_letter(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let report = ctx.report;
    let org = ctx.org;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Underretning om brud på persondatasikkerheden",
            "Notice of a personal-data breach"
        )
    );
    let _ = writeln!(out, "{}\n", lang.pick("Kære modtager", "Dear recipient"));
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            &format!(
                "Vi skriver til dig, fordi {} har haft et brud på persondatasikkerheden, som omfatter oplysninger om dig eller dit barn. Vi beklager det meget.",
                org.name
            ),
            &format!(
                "We are writing because {} has had a personal-data breach that involves information about you or your child. We are very sorry.",
                org.name
            ),
        )
    );
    section(
        &mut out,
        lang.pick("Hvad er der sket?", "What happened?"),
        &[
            format!(
                "{} {}",
                label_or_dash(report.nature.incident, lang),
                lang.pick(
                    &format!("({}).", occurred_text(report, lang)),
                    &format!("({}).", occurred_text(report, lang)),
                )
            ),
            or_dash(&report.nature.description, lang),
            format!(
                "{}: {}.",
                lang.pick("Det drejer sig om", "It concerns"),
                join_labels(&report.data.categories, lang)
            ),
        ],
    );
    let meaning = if report.consequences.is_empty() {
        lang.pick(
            "Vi har ikke kendskab til, at oplysningerne er blevet misbrugt.",
            "We are not aware that the data has been misused.",
        )
        .to_string()
    } else {
        format!(
            "{} {}.",
            lang.pick(
                "Det kan i værste fald føre til:",
                "At worst it may lead to:"
            ),
            join_labels(&report.consequences, lang)
        )
    };
    section(
        &mut out,
        lang.pick("Hvad kan det betyde for dig?", "What may it mean for you?"),
        &[meaning],
    );
    section(
        &mut out,
        lang.pick("Hvad har vi gjort?", "What have we done?"),
        &[
            or_dash(&report.containment.how, lang),
            or_dash(&report.containment.planned, lang),
            or_dash(&report.containment.prevention, lang),
        ],
    );
    let advice: Vec<String> = advice(report, lang)
        .into_iter()
        .map(|a| format!("- {a}"))
        .collect();
    section(
        &mut out,
        lang.pick("Hvad kan du selv gøre?", "What can you do?"),
        &advice,
    );
    let dpo = &org.dpo;
    section(
        &mut out,
        lang.pick("Spørgsmål", "Questions"),
        &[
            lang.pick(
                &format!(
                    "Du er velkommen til at kontakte vores databeskyttelsesrådgiver, {}, på {}{}.",
                    dpo.name,
                    dpo.email,
                    dpo.phone
                        .as_deref()
                        .map(|p| format!(" eller {p}"))
                        .unwrap_or_default()
                ),
                &format!(
                    "You are welcome to contact our data protection officer, {}, at {}{}.",
                    dpo.name,
                    dpo.email,
                    dpo.phone
                        .as_deref()
                        .map(|p| format!(" or {p}"))
                        .unwrap_or_default()
                ),
            )
            .to_string(),
            lang.pick(
                "Du kan også klage til Datatilsynet, www.datatilsynet.dk.",
                "You can also complain to Datatilsynet, www.datatilsynet.dk.",
            )
            .to_string(),
        ],
    );
    let _ = write!(
        out,
        "{}\n{}",
        lang.pick("Med venlig hilsen", "Kind regards"),
        org.name
    );
    out
}

/// The breach register entry.
pub fn register_entry(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let report = ctx.report;
    let a = ctx.assessment;
    let obligations = &a.obligations;
    let mut lines = vec![
        reference_line(&ctx),
        line(lang, "Organisation", "Organisation", &ctx.org.name),
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
        format!(
            "{}: {} {} {}",
            lang.pick("Foranstaltninger", "Measures"),
            sentence(&or_dash(&report.containment.how, lang)),
            sentence(&or_dash(&report.containment.planned, lang)),
            sentence(&or_dash(&report.containment.prevention, lang))
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
    let authority = if obligations.notify_authority.required {
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
    if obligations.notify_controller.required {
        lines.push(
            lang.pick(
                "Den dataansvarlige skal underrettes uden unødig forsinkelse.",
                "The controller must be told without undue delay.",
            )
            .to_string(),
        );
    }
    lines.push(line(
        lang,
        "Håndteres af",
        "Handled by",
        or_dash(&report.handling.handler, lang),
    ));
    let mut out = format!(
        "{}\n\n",
        lang.pick("Fortegnelse over sikkerhedsbrud", "Breach register entry")
    );
    out.push_str(&lines.join("\n"));
    if a.risk == RiskLevel::None {
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
