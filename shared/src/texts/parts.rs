//! What the texts share: the types of a generated text and the lines
//! each text is built from (counts, categories, the deadline, the risk).
//! The bottom of the text modules: each text's module uses it, and the
//! module that runs them all ([`super::generate`]) uses those.

pub(super) use std::fmt::Write as _;

pub(super) use serde::{Deserialize, Serialize};

pub(super) use crate::lang::{capitalize, join_labels, sentence, Labelled, Language};
pub(super) use crate::model::{
    Consequence, Count, CountPrecision, DataCategory, OccurredPrecision, Report, RiskLevel, Role,
    Stopped,
};
pub(super) use crate::obligations::Assessment;
pub(super) use crate::org::OrgProfile;
pub(super) use crate::time::{format_local, Timestamp};

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

pub(super) fn or_dash(text: &Option<String>, lang: Language) -> String {
    match text.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => lang.pick("(ikke oplyst)", "(not given)").to_string(),
    }
}

pub(super) fn label_or_dash<T: Labelled>(value: Option<T>, lang: Language) -> String {
    value.map_or_else(
        || lang.pick("(ikke oplyst)", "(not given)").to_string(),
        |v| v.label(lang).to_string(),
    )
}

pub(super) fn time_or_dash(at: Option<Timestamp>, lang: Language) -> String {
    at.map_or_else(
        || lang.pick("(ikke oplyst)", "(not given)").to_string(),
        |t| format_local(t.utc(), lang),
    )
}

pub(super) fn yes_no(value: Option<bool>, lang: Language) -> &'static str {
    match value {
        Some(true) => lang.pick("ja", "yes"),
        Some(false) => lang.pick("nej", "no"),
        None => lang.pick("ikke oplyst", "not given"),
    }
}

pub(super) fn occurred_text(report: &Report, lang: Language) -> String {
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

pub(super) fn count_text(count: Option<&Count>, lang: Language) -> String {
    match count {
        None => lang.pick("(ikke oplyst)", "(not given)").to_string(),
        Some(count) => match (count.precision, count.value) {
            (CountPrecision::Exact, Some(v)) => v.to_string(),
            (CountPrecision::Approximate, Some(v)) => format!("{} {v}", lang.pick("ca.", "about")),
            _ => lang.pick("ukendt", "unknown").to_string(),
        },
    }
}

pub(super) fn nature_text(report: &Report, lang: Language) -> String {
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

pub(super) fn subjects_text(report: &Report, lang: Language) -> String {
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

pub(super) fn categories_text(report: &Report, lang: Language) -> String {
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

/// The likely consequences the texts describe: the reporter's, or when
/// they named none, those the kinds of data make likely
/// ([`crate::model::likely_consequences`]), with whether they were derived
/// so (the texts then say they are assessed from the data's nature).
pub(super) fn described_consequences(report: &Report) -> (Vec<Consequence>, bool) {
    if report.consequences.is_empty() {
        (
            crate::model::likely_consequences(&report.data.categories),
            true,
        )
    } else {
        (report.consequences.clone(), false)
    }
}

pub(super) fn consequences_text(report: &Report, lang: Language) -> String {
    let (consequences, derived) = described_consequences(report);
    let listed = capitalize(&join_labels(&consequences, lang));
    if derived {
        format!(
            "{listed} ({}).",
            lang.pick(
                "vurderet ud fra oplysningernes art; indberetteren har ikke peget på bestemte konsekvenser",
                "assessed from the nature of the data; the reporter did not point to specific consequences",
            )
        )
    } else {
        sentence(&listed)
    }
}

pub(super) fn deadline_text(ctx: &TextContext<'_>) -> String {
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

pub(super) fn risk_summary(ctx: &TextContext<'_>) -> String {
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

pub(super) fn reference_line(ctx: &TextContext<'_>) -> String {
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

/// "Label: value" in `lang`.
/// The DPO's name, e-mail and phone, as the texts give them.
pub(super) fn dpo_contact(org: &OrgProfile) -> String {
    let dpo = &org.dpo;
    let mut contact = vec![dpo.name.as_str(), dpo.email.as_str()];
    contact.extend(dpo.phone.as_deref());
    contact.join(", ")
}

pub(super) fn line(lang: Language, da: &str, en: &str, value: impl std::fmt::Display) -> String {
    format!("{}: {value}", lang.pick(da, en))
}

pub(super) fn section(out: &mut String, heading: &str, lines: &[String]) {
    let _ = writeln!(out, "{heading}");
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
}

pub(super) fn subject_notice_text(ctx: &TextContext<'_>) -> String {
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
