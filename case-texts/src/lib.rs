//! A case's texts for the desk, as a WebAssembly module of their own
//! (`/desk/pkg/texts/`), fetched when the desk asks for them: the
//! notification to Datatilsynet step by step and the four texts, made from
//! the case as decided when they are drafted. Apart from the receipt's
//! module (`receipt/`), whose markup it uses, so a receipt on a phone does
//! not download the case's code (reading a case, what it decided, the
//! register entry's documentation).

use brud_case::entry::register_entry as case_register_entry;
use brud_case::Case;
use brud_receipt::{section_html, steps_html, MailRoute};
use brud_shared::api::Receipt;
use brud_shared::edpb::Answer;
use brud_shared::texts::{authority_sections, generate};
use brud_shared::{json, Language, PublicOrgProfile};
use wasm_bindgen::prelude::*;

/// The texts of a case on the desk, as HTML, Danish then English: the
/// notification to Datatilsynet step by step, then the four texts, as
/// [`authority_steps`] and [`receipt_texts`] make them for a report, but
/// from the case as decided when they are drafted (`now`, RFC 3339): the
/// corrected report, what was done and when the breach was stopped, the
/// people told or the exception, a preliminary notification said to be
/// one, the delay measured now with its reasons, the DPO of the time, the
/// DPO's words for the letter ([`brud_case::Case::decided`]), the DPO's
/// answers for the EDPB's template (the notification step by step and its
/// text read the template as the domain maps the case) and the case's own
/// register entry ([`brud_case::entry::register_entry`]). `case` is the
/// JSON of the desk API's `case`, `answers` its `template_answers` as a
/// list of `[field, answer]` (the texts module's small JSON decoder reads
/// no maps keyed by numbers).
#[wasm_bindgen(js_name = caseTexts)]
pub fn case_texts(
    case: &str,
    answers: &str,
    org: &str,
    receipt: &str,
    now: &str,
) -> Result<Vec<String>, JsError> {
    case_texts_for(case, answers, org, receipt, now).map_err(JsError::new)
}

/// [`case_texts`] with a plain error, for the host's tests.
pub fn case_texts_for(
    case: &str,
    answers: &str,
    org: &str,
    receipt: &str,
    now: &str,
) -> Result<Vec<String>, &'static str> {
    let case: Case = json::from_str(case).map_err(|_| "unreadable case")?;
    let answers: Vec<(u16, Answer)> = json::from_str(answers).map_err(|_| "unreadable answers")?;
    let org: PublicOrgProfile = json::from_str(org).map_err(|_| "unreadable organisation")?;
    let org = org.into_profile();
    let receipt: Receipt = json::from_str(receipt).map_err(|_| "unreadable receipt")?;
    let now = now
        .parse::<brud_shared::time::Timestamp>()
        .map_err(|_| "unreadable time")?
        .utc();
    let drafted = case.drafted(now, answers.into_iter().collect());
    let route = MailRoute::of(&receipt, org.relays_breach_mail);
    Ok(Language::ALL
        .iter()
        .map(|lang| {
            let ctx = drafted.context(&org, &receipt.reference, *lang);
            let mut texts = generate(ctx);
            texts.register_entry = case_register_entry(&case, &org, &receipt.reference, *lang, now);
            steps_html(*lang, &authority_sections(ctx), texts.for_controller)
                + &section_html(*lang, &receipt.reference, &texts, &route)
        })
        .collect())
}
