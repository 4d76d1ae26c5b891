//! The Worker's API as the form uses it. Errors become [`SendError`] at
//! this edge; nothing else in the app knows about HTTP.

use brud_shared::api::{ProblemDetails, Receipt};
use brud_shared::{OrgProfile, PublicOrgProfile, Report};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a request did not give an answer the form can use.
#[derive(Debug, Clone)]
pub enum SendError {
    /// No connection (the request never got an answer).
    Offline,
    /// The Worker refused it: problem details (422 lists every problem).
    Rejected(ProblemDetails),
    /// The Worker failed (5xx or an answer that could not be read).
    Server,
}

async fn request(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<(u16, String), SendError> {
    let window = web_sys::window().ok_or(SendError::Offline)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        let headers = web_sys::Headers::new().map_err(|_| SendError::Server)?;
        headers
            .set("content-type", "application/json")
            .map_err(|_| SendError::Server)?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| SendError::Server)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| SendError::Offline)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| SendError::Server)?;
    let text = JsFuture::from(response.text().map_err(|_| SendError::Server)?)
        .await
        .map_err(|_| SendError::Offline)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// The part of the receipt the form reads. The assessment in it is the one
/// `brud-shared` computes for this report at `received_at`; the form
/// recomputes it with the same code instead of carrying a second decoder.
#[derive(serde::Deserialize)]
struct ReceiptHead {
    id: String,
    reference: String,
    received_at: brud_shared::time::Timestamp,
}

/// `POST /api/reports`.
pub async fn send_report(report: &Report, org: Option<&OrgProfile>) -> Result<Receipt, SendError> {
    let body = serde_json::to_string(report).map_err(|_| SendError::Server)?;
    let (status, text) = request("POST", "/api/reports", Some(body)).await?;
    match status {
        200..=299 => {
            let head: ReceiptHead = serde_json::from_str(&text).map_err(|_| SendError::Server)?;
            Ok(Receipt {
                assessment: brud_shared::assess(report, org, head.received_at.utc()),
                id: head.id,
                reference: head.reference,
                received_at: head.received_at,
            })
        }
        400..=499 => {
            Err(serde_json::from_str(&text).map_or(SendError::Server, SendError::Rejected))
        }
        _ => Err(SendError::Server),
    }
}

/// `GET /api/orgs/{org}`, as a profile the domain can use (the public part
/// has no endpoint or origins; the form needs neither).
pub async fn load_org(id: &str) -> Result<OrgProfile, SendError> {
    let (status, text) = request("GET", &format!("/api/orgs/{id}"), None).await?;
    if status != 200 {
        return Err(SendError::Server);
    }
    let public: PublicOrgProfile = serde_json::from_str(&text).map_err(|_| SendError::Server)?;
    Ok(OrgProfile {
        id: public.id,
        name: public.name,
        short_code: public.short_code,
        dpo: public.dpo,
        breach_mailbox: public.breach_mailbox,
        contacts: public.contacts,
        steps: public.steps,
        ticket_system: public.ticket_system,
        embed_origins: Vec::new(),
        notification_endpoint: String::new(),
    })
}
