//! The receipt's generated texts, as a WebAssembly module of their own.
//!
//! The form shows the four texts (the mail to the breach mailbox, the
//! notification to Datatilsynet, the letter to the people affected and the
//! register entry) only on the receipt, after the Worker has answered.
//! Their templates, in both languages, are a sizeable part of the form's
//! code, so they live here and are fetched when a receipt is shown instead
//! of on every first visit (`scripts/budgets` reports both figures). The
//! texts themselves come from `brud_shared::texts`, as in the Worker.

use brud_shared::texts::{generate, TextContext};
use brud_shared::time::Timestamp;
use brud_shared::{assess, json, Language, PublicOrgProfile, Report};
use wasm_bindgen::prelude::*;

/// The texts for a received report, as the receipt shows them.
///
/// `report` and `org` are JSON (the form's report and the organisation's
/// profile as the Worker sends it), `reference` and `received_at` come from
/// the Worker's receipt. The assessment is recomputed at `received_at`,
/// which is how the Worker computed the one in the receipt.
///
/// Returns, first in Danish and then in English (so a language switch on
/// the receipt needs no second call): `[mail recipient, mail subject, mail
/// body, notification to Datatilsynet, letter to the people affected,
/// register entry]`.
#[wasm_bindgen(js_name = receiptTexts)]
pub fn receipt_texts(
    report: &str,
    org: &str,
    reference: &str,
    received_at: &str,
) -> Result<Vec<String>, JsError> {
    texts(report, org, reference, received_at).map_err(JsError::new)
}

/// [`receipt_texts`] without the JavaScript types, for host tests.
pub fn texts(
    report: &str,
    org: &str,
    reference: &str,
    received_at: &str,
) -> Result<Vec<String>, &'static str> {
    let report: Report = json::from_str(report).map_err(|_| "unreadable report")?;
    let org: PublicOrgProfile = json::from_str(org).map_err(|_| "unreadable organisation")?;
    let org = org.into_profile();
    let received_at: Timestamp = received_at.parse().map_err(|_| "unreadable time")?;
    let assessment = assess(&report, Some(&org), received_at.utc());
    let mut all = Vec::with_capacity(12);
    for lang in Language::ALL {
        let texts = generate(TextContext {
            report: &report,
            assessment: &assessment,
            org: &org,
            reference: Some(reference),
            lang: *lang,
        });
        all.extend([
            texts.breach_mail.to,
            texts.breach_mail.subject,
            texts.breach_mail.body,
            texts.authority_notification,
            texts.subject_letter,
            texts.register_entry,
        ]);
    }
    Ok(all)
}
