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
use brud_shared::texts::{authority_sections, generate, TextContext};
use brud_shared::{json, Language, PublicOrgProfile};
use wasm_bindgen::prelude::*;

/// The texts of a case on the desk, as HTML, Danish then English: the
/// notification to Datatilsynet step by step, then the four texts, as
/// [`authority_steps`] and [`receipt_texts`] make them for a report, but
/// from the case as decided when they are drafted (`now`, RFC 3339): the
/// corrected report, what was done and when the breach was stopped, the
/// people told or the exception, a preliminary notification said to be
/// one, the delay measured now with its reasons, the DPO of the time, the
/// DPO's words for the letter ([`brud_case::Case::decided`]) and the
/// case's own register entry ([`brud_case::entry::register_entry`]).
/// `case` is the JSON of the desk API's `case`.
#[wasm_bindgen(js_name = caseTexts)]
pub fn case_texts(case: &str, org: &str, receipt: &str, now: &str) -> Result<Vec<String>, JsError> {
    case_texts_for(case, org, receipt, now).map_err(JsError::new)
}

/// [`case_texts`] with a plain error, for the host's tests.
pub fn case_texts_for(
    case: &str,
    org: &str,
    receipt: &str,
    now: &str,
) -> Result<Vec<String>, &'static str> {
    let case: Case = json::from_str(case).map_err(|_| "unreadable case")?;
    let org: PublicOrgProfile = json::from_str(org).map_err(|_| "unreadable organisation")?;
    let org = org.into_profile();
    let receipt: Receipt = json::from_str(receipt).map_err(|_| "unreadable receipt")?;
    let now = now
        .parse::<brud_shared::time::Timestamp>()
        .map_err(|_| "unreadable time")?
        .utc();
    let report = case.report_as_decided();
    let decided = case.decided(now);
    let route = MailRoute::of(&receipt, org.relays_breach_mail);
    Ok(Language::ALL
        .iter()
        .map(|lang| {
            let ctx = TextContext {
                report: &report,
                assessment: &case.assessment,
                org: &org,
                reference: Some(&receipt.reference),
                lang: *lang,
                decided: Some(&decided),
            };
            let mut texts = generate(ctx);
            texts.register_entry = case_register_entry(&case, &org, &receipt.reference, *lang, now);
            steps_html(*lang, &authority_sections(ctx), texts.for_controller)
                + &section_html(*lang, &receipt.reference, &texts, &route)
        })
        .collect())
}
