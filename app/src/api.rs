//! The Worker's API as the form uses it. Errors become [`SendError`] at
//! this edge; nothing else in the app knows about HTTP. Answers are read
//! with `brud_shared::json`, the decoder built for download size.

use brud_shared::json;
use brud_shared::model::RiskLevel;
use brud_shared::obligations::StepDue;
use brud_shared::time::Timestamp;
use brud_shared::{Language, OrgProfile, Problem, PublicOrgProfile, Report};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A problem with one field, as the form shows it: from its own validation
/// or from the Worker's problem details. The Worker's `code` is not read,
/// so a code added to the API later cannot make an answer unreadable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct FieldProblem {
    /// JSON path of the field.
    pub field: String,
    /// The message in Danish.
    pub da: String,
    /// The message in English.
    pub en: String,
}

impl From<Problem> for FieldProblem {
    fn from(problem: Problem) -> Self {
        FieldProblem {
            field: problem.field,
            da: problem.da,
            en: problem.en,
        }
    }
}

/// The part of a 422 problem details answer the form reads.
#[derive(serde::Deserialize)]
struct Rejection {
    #[serde(default)]
    errors: Vec<FieldProblem>,
}

/// Why a report was not taken.
#[derive(Debug, Clone)]
pub enum SendError {
    /// The report's content: the Worker's 422, every problem by its field.
    Invalid(Vec<FieldProblem>),
    /// Anything that is not about the report's content: the HTTP status
    /// (0 without a connection; 429, 409, 413, 404, 5xx, an answer that
    /// could not be read), with how many seconds the Worker asked to wait
    /// (`Retry-After`). The report is kept and sent again.
    NotTaken {
        /// The status, 0 when no answer came.
        status: u16,
        /// `Retry-After`, in seconds.
        retry_after: Option<u32>,
    },
}

/// `POST /api/reports` with the report as JSON ([`to_json`]).
pub async fn send_report(body: String) -> Result<Received, SendError> {
    let not_taken = |status| SendError::NotTaken {
        status,
        retry_after: None,
    };
    let window = web_sys::window().ok_or(not_taken(0))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|_| not_taken(0))?;
    let _ = headers.set("content-type", "application/json");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    let response = JsFuture::from(window.fetch_with_str_and_init("/api/reports", &init))
        .await
        .map_err(|_| not_taken(0))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| not_taken(0))?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|seconds| seconds.trim().parse().ok());
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    // A body that did not arrive whole is an answer that could not be read.
    let text = text.ok_or(not_taken(status))?;
    match status {
        200..=299 => Received::from_receipt(text).map_err(|_| not_taken(status)),
        422 => match json::from_str::<Rejection>(&text) {
            Ok(rejection) if !rejection.errors.is_empty() => {
                Err(SendError::Invalid(rejection.errors))
            }
            _ => Err(not_taken(status)),
        },
        _ => Err(SendError::NotTaken {
            status,
            retry_after,
        }),
    }
}

/// A received report as the form shows it: the Worker's answer, read as
/// it was stored and delivered, never recomputed here. A form cached before
/// an update of the rules or the profiles would compute a different risk or
/// deadline; the receipt must show the ones the school was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The reference, e.g. `ZAH-2026-0042`.
    pub reference: String,
    /// The risk the Worker assessed.
    pub risk: RiskLevel,
    /// The deadline for notifying Datatilsynet, when notification is due.
    pub deadline: Option<Timestamp>,
    /// The organisation's next steps, as the Worker listed them.
    pub steps: Vec<StepDue>,
    /// The receipt as the Worker sent it, for the receipt module (which
    /// reads all of it, scores included, to make the texts).
    pub receipt_json: String,
}

/// The part of the receipt the form itself reads. Everything else (the
/// scores, which would pull float parsing into the first visit, and the
/// fired rules) is skipped unread: these derives do not deny unknown fields.
#[derive(serde::Deserialize)]
struct ReceiptHead {
    reference: String,
    assessment: AssessmentHead,
}

#[derive(serde::Deserialize)]
struct AssessmentHead {
    risk: RiskLevel,
    obligations: ObligationsHead,
}

#[derive(serde::Deserialize)]
struct ObligationsHead {
    notify_authority: DeadlineHead,
    steps: Vec<StepDue>,
}

#[derive(serde::Deserialize)]
struct DeadlineHead {
    deadline: Option<Timestamp>,
}

impl Received {
    /// Reads the body of a `2xx` answer to `POST /api/reports`.
    pub fn from_receipt(text: String) -> Result<Self, json::Error> {
        let head: ReceiptHead = json::from_str(&text)?;
        let ObligationsHead {
            notify_authority,
            steps,
        } = head.assessment.obligations;
        Ok(Received {
            reference: head.reference,
            risk: head.assessment.risk,
            deadline: notify_authority.deadline,
            steps,
            receipt_json: text,
        })
    }
}

/// The school's public profile as the Worker put it in the page
/// (`<script type="application/json" id="brud-org">`), if it is school `id`'s,
/// with its JSON (the receipt module reads it again). Having it before the
/// first render means no request and no layout shift for the contacts. (The
/// same profile is at `GET /api/orgs/{id}` for other clients.)
pub fn embedded_org(id: &str) -> Option<(OrgProfile, String)> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id("brud-org")?
        .text_content()?;
    let public: PublicOrgProfile = json::from_str(&text).ok()?;
    (public.id == id).then(|| (public.into_profile(), text))
}

#[wasm_bindgen(module = "/js/receipt-texts.js")]
extern "C" {
    /// Loads the receipt module on first use and generates the texts.
    #[wasm_bindgen(js_name = receiptTexts, catch)]
    async fn receipt_texts_js(report: &str, org: &str, receipt: &str) -> Result<JsValue, JsValue>;
    /// Loads the receipt module on first use and fills `list` with the
    /// reasons of the risk assessed for the report (or says they cannot be
    /// fetched); returns at once.
    #[wasm_bindgen(js_name = showWhy, catch)]
    fn show_why_js(
        list: &web_sys::Element,
        report: &str,
        org: &str,
        now: &str,
        lang: &str,
    ) -> Result<(), JsValue>;
}

/// `report` as JSON (a report always serialises).
pub fn to_json(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_default()
}

/// Shows in `list` the reasons of the risk assessed for `report` at `now`
/// in `lang`, from the receipt module: the form's own build leaves the
/// rules' words out (brud-shared's `rule-texts`), and the panel asks for
/// them when "Why?" is opened.
pub fn show_why(
    list: &web_sys::Element,
    report: &Report,
    org_json: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
    lang: Language,
) {
    let now = Timestamp::from(now).to_string();
    let lang = if lang == Language::En { "en" } else { "da" };
    let _ = show_why_js(
        list,
        &to_json(report),
        org_json.unwrap_or("null"),
        &now,
        lang,
    );
}

/// The receipt's texts section as the receipt module makes it (HTML, its
/// texts escaped there), in both languages so switching needs no new call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptTexts {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

impl ReceiptTexts {
    /// The section in `lang`.
    pub fn get(&self, lang: brud_shared::Language) -> &str {
        match lang {
            brud_shared::Language::Da => &self.da,
            brud_shared::Language::En => &self.en,
        }
    }
}

/// The texts for a received report, from the receipt module (fetched the
/// first time; `None` when it cannot be loaded, e.g. the connection dropped).
/// `org_json` is the profile as the Worker sent it; the texts follow the
/// assessment in the Worker's receipt.
pub async fn receipt_texts(
    report: &Report,
    org_json: &str,
    received: &Received,
) -> Option<ReceiptTexts> {
    let report = serde_json::to_string(report).ok()?;
    let texts = receipt_texts_js(&report, org_json, &received.receipt_json)
        .await
        .ok()?;
    let texts = js_sys::Array::from(&texts);
    Some(ReceiptTexts {
        da: texts.get(0).as_string()?,
        en: texts.get(1).as_string()?,
    })
}
