//! What the texts share: the types of a generated text and the lines
//! each text is built from (counts, categories, the deadline, the risk).
//! The bottom of the text modules: each text's module uses it, and the
//! module that runs them all ([`super::generate`]) uses those.

pub(super) use std::fmt::Write as _;

pub(super) use serde::{Deserialize, Serialize};

pub(super) use super::decided::{Decided, SubjectsDecided};
pub(super) use crate::lang::{capitalize, join_labels, sentence, Labelled, Language};
pub(super) use crate::model::{
    Consequence, Count, CountPrecision, DataCategory, OccurredPrecision, Report, RiskLevel, Role,
    Stopped,
};
pub(super) use crate::obligations::Assessment;
pub(super) use crate::org::{Dpo, OrgProfile};
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
    /// The notification to Datatilsynet; as processor, the school's
    /// notice to the controller instead ([`GeneratedTexts::for_controller`]).
    pub authority_notification: String,
    /// Whether the school is processor: the notification above is its
    /// notice to the controller.
    #[serde(default)]
    pub for_controller: bool,
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
    /// What the case has settled, for a text drafted from a case (`None`
    /// at receipt: the report alone).
    pub decided: Option<&'a Decided>,
}

impl<'a> TextContext<'a> {
    /// The DPO the texts name: as recorded when the case opened, else the
    /// profile's.
    pub fn dpo(&self) -> &'a Dpo {
        self.decided
            .and_then(|d| d.dpo.as_ref())
            .unwrap_or(&self.org.dpo)
    }

    /// Whether the case was dismissed as no breach to handle.
    pub fn dismissed(&self) -> bool {
        self.decided.is_some_and(|d| d.dismissed.is_some())
    }

    /// `text` with the personal data in it masked
    /// ([`crate::pii::mask`]): every free text a text quotes goes through
    /// this. The reporter's own e-mail and phone stay where the profile
    /// lets texts carry them.
    pub fn mask(&self, text: &str) -> String {
        let reporter = &self.report.reporter;
        let keep: Vec<&str> = if self.org.mail_reporter_contact {
            [reporter.email.as_deref(), reporter.phone.as_deref()]
                .into_iter()
                .flatten()
                .collect()
        } else {
            Vec::new()
        };
        crate::pii::mask(text, self.lang, &keep)
    }

    /// The report with its free text masked ([`TextContext::mask`]): what
    /// every text is made from.
    pub fn masked_report(&self) -> Report {
        let mask = |text: &mut Option<String>| {
            if let Some(value) = text {
                *value = self.mask(value);
            }
        };
        let mut report = self.report.clone();
        mask(&mut report.nature.description);
        mask(&mut report.timeline.discovery);
        mask(&mut report.containment.how);
        mask(&mut report.containment.planned);
        mask(&mut report.containment.prevention);
        mask(&mut report.late_reason);
        mask(&mut report.handling.handler);
        if let Some(over) = &mut report.risk_override {
            mask(&mut over.justification);
        }
        report
    }

    /// The delay in notifying Datatilsynet as a text drafted now tells it:
    /// measured when the text is drafted (or when the notification was
    /// made), with its reasons; `None` when there is none. At receipt, the
    /// assessment made then says whether the deadline had passed.
    pub fn delay(&self) -> Option<String> {
        self.late_with_reason().map(|reason| {
            reason.unwrap_or_else(|| {
                self.lang
                    .pick(
                        "(skal begrundes: anmeldelsen sker efter fristen på 72 timer)",
                        "(must be given: the notification is made after the 72-hour deadline)",
                    )
                    .to_string()
            })
        })
    }

    /// Whether notifying Datatilsynet is late as [`TextContext::delay`]
    /// measures it (`None`: not late), with the reasons when given.
    pub fn late_with_reason(&self) -> Option<Option<String>> {
        let due = self.assessment.obligations.notify_authority.deadline?.utc();
        let reason = self
            .decided
            .and_then(|d| d.late_reason.clone())
            .or_else(|| self.report.late_reason.clone());
        let late = match self.decided {
            Some(decided) => {
                let at = decided
                    .notified
                    .as_ref()
                    .map_or(decided.drafted_at, |n| n.at);
                let owed = decided.notified.is_some()
                    || (self.assessment.obligations.notify_authority.required
                        && decided.not_notified.is_none()
                        && decided.dismissed.is_none());
                owed && at > due
            }
            None => self.assessment.obligations.notify_authority.overdue || reason.is_some(),
        };
        late.then(|| reason.map(|r| self.mask(&r)))
    }
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

/// The likely consequences the texts describe: the same the risk rules
/// read ([`Report::consequences_in_effect`]), with whether they were
/// derived (the texts then say they are assessed from the data's nature).
pub(super) fn described_consequences(report: &Report) -> (Vec<Consequence>, bool) {
    report.consequences_in_effect()
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

/// The DPO's name, e-mail and phone, as the texts give them.
pub(super) fn dpo_contact(dpo: &Dpo) -> String {
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
    if ctx.dismissed() {
        return lang
            .pick(
                "Ikke relevant: sagen er afvist som ikke et brud.",
                "Not relevant: the case was dismissed as no breach.",
            )
            .to_string();
    }
    // What the case recorded comes before what the assessment asks.
    match ctx.decided.and_then(|d| d.subjects.as_ref()) {
        Some(SubjectsDecided::Told { at, how, count, .. }) => {
            return format!(
                "{} {} ({}); {count} {}.",
                lang.pick(
                    "De berørte blev underrettet",
                    "The people affected were told"
                ),
                format_local(*at, lang),
                ctx.mask(how),
                lang.pick("personer fik besked", "people were told"),
            );
        }
        Some(SubjectsDecided::Exception {
            exception,
            reasoning,
            public_communication,
        }) => {
            let mut text = format!(
                "{} {}. {} {}",
                lang.pick(
                    "De berørte underrettes ikke direkte, fordi en undtagelse i art. 34, stk. 3, gælder:",
                    "The people affected are not told directly because an exception in art. 34(3) applies:",
                ),
                crate::lang::lowercase(exception.label(lang)),
                lang.pick("Begrundelse:", "Reasoning:"),
                sentence(&ctx.mask(reasoning)),
            );
            if let Some(public) = public_communication {
                let _ = write!(
                    text,
                    " {} {}",
                    lang.pick(
                        "Offentlig meddelelse i stedet:",
                        "Public communication instead:"
                    ),
                    sentence(&ctx.mask(public))
                );
            }
            return text;
        }
        None => {}
    }
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

/// Whether and how the breach was stopped, as sentences of their own: the
/// time given on the case and how, else the reporter's answer ("Bruddet
/// er stoppet.").
pub(super) fn stopped_sentence(ctx: &TextContext<'_>, report: &Report) -> String {
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
        None => {
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
