//! The receipt's generated texts, as a WebAssembly module of their own.
//!
//! The form shows the four texts (the mail to the breach mailbox, the
//! notification to Datatilsynet, the letter to the people affected and the
//! register entry) only on the receipt, after the Worker has answered.
//! Their templates, in both languages, are a sizeable part of the form's
//! code, so they live here and are fetched when a receipt is shown instead
//! of on every first visit (`scripts/budgets` reports both figures). The
//! texts themselves come from `brud_shared::texts`, as in the Worker.
//!
//! The case desk's texts of a case are made by a module of their own
//! (`case-texts/`), from the same markup ([`section_html`], [`steps_html`]):
//! this one reads no case, so a receipt does not download the case's code.

use brud_shared::api::{DeliveryStatus, Receipt};
use brud_shared::org::Channel;
use brud_shared::texts::{generate, GeneratedTexts, Mail, NoticeEntry, NoticeSection, TextContext};
use brud_shared::{json, Language, PublicOrgProfile, Report};
use wasm_bindgen::prelude::*;

/// The receipt's texts section for a received report, as HTML: Danish
/// first, then English (so a language switch on the receipt needs no second
/// call).
///
/// `report`, `org` and `receipt` are JSON: the form's report, the
/// organisation's profile as the Worker put it in the page, and the
/// Worker's answer to `POST /api/reports`. The texts follow the assessment
/// in that answer, the one the Worker stored and delivered: a cached form
/// with older rules must not write a notification that disagrees with it.
///
/// The section is made here, as markup, rather than as a view in the form:
/// every element and attribute of a view costs download on the first visit,
/// and this section is only ever needed on the receipt. The form puts it in
/// place with `inner_html`; every text in it is escaped ([`escape`]), and
/// the page's CSP would run no script or handler in it anyway.
#[wasm_bindgen(js_name = receiptTexts)]
pub fn receipt_texts(report: &str, org: &str, receipt: &str) -> Result<Vec<String>, JsError> {
    let (report, org, receipt) = read(report, org, receipt).map_err(JsError::new)?;
    let route = MailRoute::of(&receipt, org.relays_breach_mail);
    Ok(Language::ALL
        .iter()
        .zip(&generate_both(&report, &org, &receipt))
        .map(|(lang, texts)| section_html(*lang, &receipt.reference, texts, &route))
        .collect())
}

/// The reasons of the risk assessed for `report` (its JSON) at `now` (RFC
/// 3339) by `org`'s profile (`null` for none): Danish, then English, one
/// reason a line. For the form's panel, whose own build leaves the rules'
/// words out (brud-shared's `rule-texts`): the same rules, run here with
/// their words.
#[wasm_bindgen(js_name = explainRisk)]
pub fn explain_risk(report: &str, org: &str, now: &str) -> Result<Vec<String>, JsError> {
    explain_risk_for(report, org, now).map_err(JsError::new)
}

/// [`explain_risk`] with a plain error, for the host's tests.
pub fn explain_risk_for(report: &str, org: &str, now: &str) -> Result<Vec<String>, &'static str> {
    let report: Report = json::from_str(report).map_err(|_| "unreadable report")?;
    let org = match org {
        "null" | "" => None,
        org => Some(
            json::from_str::<PublicOrgProfile>(org)
                .map_err(|_| "unreadable organisation")?
                .into_profile(),
        ),
    };
    let now = now
        .parse::<brud_shared::time::Timestamp>()
        .map_err(|_| "unreadable time")?
        .utc();
    let assessment = brud_shared::assess(&report, org.as_ref(), now);
    Ok(Language::ALL
        .iter()
        .map(|lang| {
            assessment
                .rules
                .iter()
                .map(|rule| lang.pick(&rule.da, &rule.en))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect())
}

/// Who gets the mail to the breach mailbox there, as the receipt says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailRoute {
    /// Brud mails it (the organisation's `mail` channel): `report_id`'s
    /// mail is at `status`; the page follows it while pending
    /// (`GET /api/reports/{id}/delivery`, app/js/text-actions.js).
    Brud {
        /// The report's id.
        report_id: String,
        /// The mail channel's state in the Worker's answer.
        status: DeliveryStatus,
    },
    /// The school's own endpoint passes reports on to the mailbox.
    Relay,
    /// The person reporting sends it.
    Reporter,
}

impl MailRoute {
    /// The route for `receipt`: Brud's mail channel when the receipt has
    /// one, else the school's relay when its profile says so, else the
    /// person reporting. A held report goes nowhere until the DPO opens
    /// it: the person reporting sends the mail.
    pub fn of(receipt: &Receipt, relayed: bool) -> MailRoute {
        if receipt.held {
            return MailRoute::Reporter;
        }
        let mail = receipt
            .channels
            .iter()
            .find(|state| state.channel == Channel::Mail);
        match (mail, relayed) {
            (Some(state), _) => MailRoute::Brud {
                report_id: receipt.id.clone(),
                status: state.status,
            },
            (None, true) => MailRoute::Relay,
            (None, false) => MailRoute::Reporter,
        }
    }
}

/// The report, the organisation and the receipt, read from their JSON.
fn read(
    report: &str,
    org: &str,
    receipt: &str,
) -> Result<(Report, brud_shared::OrgProfile, Receipt), &'static str> {
    let report: Report = json::from_str(report).map_err(|_| "unreadable report")?;
    let org: PublicOrgProfile = json::from_str(org).map_err(|_| "unreadable organisation")?;
    let receipt: Receipt = json::from_str(receipt).map_err(|_| "unreadable receipt")?;
    Ok((report, org.into_profile(), receipt))
}

/// The reference and the four texts for a received report (see
/// [`receipt_texts`]), in Danish then English.
pub fn texts(
    report: &str,
    org: &str,
    receipt: &str,
) -> Result<(String, Vec<GeneratedTexts>), &'static str> {
    let (report, org, receipt) = read(report, org, receipt)?;
    let texts = generate_both(&report, &org, &receipt);
    Ok((receipt.reference, texts))
}

/// The four texts in Danish, then English, following the receipt's
/// assessment and reference.
fn generate_both(
    report: &Report,
    org: &brud_shared::OrgProfile,
    receipt: &Receipt,
) -> Vec<GeneratedTexts> {
    Language::ALL
        .iter()
        .map(|lang| {
            generate(TextContext {
                report,
                assessment: &receipt.assessment,
                org,
                reference: Some(&receipt.reference),
                lang: *lang,
                decided: None,
            })
        })
        .collect()
}

/// The step-by-step section in `lang` from the notification's sections;
/// empty for a processor's case (`for_controller`): the controller
/// notifies Datatilsynet, not the school.
pub fn steps_html(lang: Language, sections: &[NoticeSection], for_controller: bool) -> String {
    if for_controller {
        return String::new();
    }
    let pick = |da: &'static str, en: &'static str| lang.pick(da, en);
    let mut html = format!(
        "<h2 class=\"heading-m\">{}</h2><p class=\"body\">{}</p><ol class=\"steps\">",
        pick("Datatilsynet trin for trin", "Datatilsynet step by step"),
        pick(
            "Anmeld på datatilsynet.dk (Virk). Kopiér svarene et for et ind i blanketten, og registrér bagefter journalnummeret, Datatilsynet giver.",
            "Notify at datatilsynet.dk (Virk). Copy the answers one by one into the form, then record the reference Datatilsynet gives."
        ),
    );
    for (s, section) in sections.iter().enumerate() {
        html.push_str(&format!(
            "<li class=\"steps__section\"><h3 class=\"heading-s\">{}</h3><dl class=\"summary-list\">",
            escape(&section.title)
        ));
        for (e, NoticeEntry { label, value }) in section.entries.iter().enumerate() {
            let id = format!("step-{s}-{e}");
            html.push_str(&format!(
                "<div class=\"summary-list__row\"><dt class=\"summary-list__key\">{label}</dt>\
                 <dd class=\"summary-list__value\"><span id=\"{id}\">{value}</span> \
                 {button}<span role=\"status\" id=\"{id}-status\"></span></dd></div>",
                label = escape(label),
                value = escape(value),
                button = copy_button(lang, &id, " no-print"),
            ));
        }
        html.push_str("</dl></li>");
    }
    html.push_str("</ol>");
    html
}

/// A Copy button for the element `target`: app/js/text-actions.js copies
/// its text and says how it went in `{target}-status`. `class` adds classes
/// (with a leading space).
fn copy_button(lang: Language, target: &str, class: &str) -> String {
    format!(
        "<button type=\"button\" class=\"button button--secondary button--small{class}\" data-copy=\"{target}\" \
         data-status=\"{target}-status\" data-done=\"{done}\" data-failed=\"{failed}\">{copy}</button>",
        done = lang.pick("Kopieret.", "Copied."),
        failed = lang.pick(
            "Kunne ikke kopiere; markér teksten og kopiér den.",
            "Could not copy; select the text and copy it."
        ),
        copy = lang.pick("Kopiér", "Copy"),
    )
}

/// `text` safe inside HTML text and attribute values (the domain's
/// escaping, also used for the Worker's HTML mail).
pub use brud_shared::texts::escape_html as escape;

/// The texts section in `lang` from that language's texts: a heading,
/// then each text folded in a `<details>` (the mail open) with a Copy and a
/// Download button. The buttons work through `app/js/text-actions.js`,
/// which comes with this module; their `data-` attributes name the text's
/// element, the file and the messages.
///
/// The mail says plainly who sends it ([`MailRoute`]):
/// - Brud: that Brud is sending it, then that it has gone, as the page
///   learns from the Worker; if it fails (or has not gone after a minute),
///   that the person must send it, with the "Åbn i mail" link;
/// - the school's relay: that it has gone;
/// - otherwise: that the person must send it now, with an "Åbn i mail"
///   link that opens it ready to send in their mail app (on a phone, the
///   natural way), cut to a length mail apps accept
///   ([`brud_shared::uri::mailto`]).
pub fn section_html(
    lang: Language,
    reference: &str,
    texts: &GeneratedTexts,
    route: &MailRoute,
) -> String {
    let pick = |da: &'static str, en: &'static str| lang.pick(da, en);
    let Mail { to, subject, body } = &texts.breach_mail;
    let mail = format!("{to}\n{subject}\n\n{body}");
    let notification = &texts.authority_notification;
    let letter = &texts.subject_letter;
    let register = &texts.register_entry;
    let blocks: [(&str, &str, &str, &str, &String); 4] = [
        (
            "mail",
            pick(
                "Mail til sikkerhedsbrud-postkassen",
                "Mail to the breach mailbox",
            ),
            pick("mail", "mail"),
            " open",
            &mail,
        ),
        if texts.for_controller {
            (
                "notification",
                pick(
                    "Underretning af den dataansvarlige",
                    "Notice to the controller",
                ),
                pick("underretning", "controller-notice"),
                "",
                notification,
            )
        } else {
            (
                "notification",
                pick(
                    "Anmeldelse til Datatilsynet",
                    "Notification to Datatilsynet",
                ),
                pick("anmeldelse", "notification"),
                "",
                notification,
            )
        },
        (
            "letter",
            pick("Brev til de berørte", "Letter to the people affected"),
            pick("brev", "letter"),
            "",
            letter,
        ),
        (
            "register",
            pick("Fortegnelse over sikkerhedsbrud", "Breach register entry"),
            pick("fortegnelse", "register"),
            "",
            register,
        ),
    ];
    let mut html = format!(
        "<h2 class=\"heading-m\">{}</h2>",
        pick(
            "Tekster til at kopiere eller hente",
            "Texts to copy or download"
        )
    );
    let link = || {
        let link = brud_shared::uri::mailto(
            to,
            subject,
            body,
            brud_shared::uri::MAILTO_MAX,
            pick(
                "[Teksten er for lang til en mail-app. Kopiér resten fra kvitteringen.]",
                "[The text is too long for a mail app. Copy the rest from the receipt.]",
            ),
        );
        format!(
            "<p class=\"no-print\"><a class=\"button\" href=\"{}\">{}</a></p>",
            escape(&link),
            pick("Åbn i mail", "Open in mail"),
        )
    };
    let who_sends = match route {
        MailRoute::Relay => format!(
            "<p class=\"body\" id=\"mail-sent\">{}</p>",
            escape(lang.pick(
                &format!("Skolens system har sendt denne mail til {to} sammen med indberetningen. Du behøver ikke sende den selv."),
                &format!("The school's system has sent this mail to {to} with the report. You need not send it yourself."),
            ))
        ),
        MailRoute::Reporter => format!(
            "<p class=\"body\" id=\"mail-to-send\"><strong>{}</strong></p>{}",
            escape(lang.pick(
                &format!("Send denne mail til {to} nu: det kræver skolens procedure. Brud sender den ikke for dig."),
                &format!("Send this mail to {to} now: the school's procedure requires it. Brud does not send it for you."),
            )),
            link(),
        ),
        MailRoute::Brud { report_id, status } => {
            // Each state's words are in the page; the script shows the one
            // that holds. A state already settled in the receipt is shown
            // at once and not followed.
            let shown = |state: DeliveryStatus| if state == *status { "" } else { " hidden" };
            let follow = if *status == DeliveryStatus::Pending {
                format!(
                    " data-delivery=\"/api/reports/{}/delivery\"",
                    brud_shared::uri::percent_encode(report_id)
                )
            } else {
                String::new()
            };
            format!(
                "<div class=\"mail-delivery\" aria-live=\"polite\"{follow}>\
                 <p class=\"body\" data-state=\"pending\"{pending}>{sending}</p>\
                 <p class=\"body\" data-state=\"delivered\"{delivered}>{sent}</p>\
                 <div data-state=\"dead\"{dead}><p class=\"body\"><strong>{failed}</strong></p>{link}</div></div>",
                pending = shown(DeliveryStatus::Pending),
                delivered = shown(DeliveryStatus::Delivered),
                dead = shown(DeliveryStatus::Dead),
                sending = escape(lang.pick(
                    &format!("Brud sender denne mail til {to} nu …"),
                    &format!("Brud is sending this mail to {to} now …"),
                )),
                sent = escape(lang.pick(
                    &format!("Brud har sendt denne mail til {to}. Du behøver ikke sende den selv."),
                    &format!("Brud has sent this mail to {to}. You need not send it yourself."),
                )),
                failed = escape(lang.pick(
                    &format!("Brud har ikke kunnet sende mailen endnu. Send den selv til {to} nu: det kræver skolens procedure."),
                    &format!("Brud has not been able to send the mail yet. Send it to {to} yourself now: the school's procedure requires it."),
                )),
                link = link(),
            )
        }
    };
    for (id, title, file, open, text) in blocks {
        let before = if id == "mail" { who_sends.as_str() } else { "" };
        html.push_str(&format!(
            "<details class=\"texts\"{open}><summary>{title}</summary>{before}\
             <pre class=\"texts__body\" id=\"text-{id}\">{text}</pre>\
             <p class=\"texts__actions no-print\">{button}<button type=\"button\" class=\"button button--secondary button--small\" data-download=\"text-{id}\" \
             data-file=\"{file_name}\">{download}</button>\
             <span role=\"status\" id=\"text-{id}-status\"></span></p></details>",
            text = escape(text),
            button = copy_button(lang, &format!("text-{id}"), ""),
            file_name = escape(&format!("{reference}-{file}.txt")),
            download = pick("Hent som fil", "Download"),
        ));
    }
    html
}
