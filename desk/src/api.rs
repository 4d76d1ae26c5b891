//! The Worker's desk API as the desk uses it (`/api/desk/*`, docs/api.md).
//! The browser carries Cloudflare Access's cookie; Access adds the token
//! the Worker verifies, so the desk never sees or stores a token. Errors
//! become [`DeskError`] here; nothing else in the app knows about HTTP.
//! Answers are read with `brud_shared::json`, the decoder built for
//! download size (as the form does); only requests use `serde_json`.

use brud_shared::api::ProblemType;
use brud_shared::json;
use brud_shared::Problem;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a request gave no answer the desk can use.
#[derive(Debug, Clone, PartialEq)]
pub enum DeskError {
    /// Not signed in, or the sign-in expired (401).
    SignedOut,
    /// Signed in, but without a role here (403).
    Forbidden,
    /// No such case in this organisation (404).
    NotFound,
    /// Someone else changed the case first (409, stale sequence).
    Stale,
    /// The case's state, the entry's data or the person's role refuses
    /// it (409/422, or a 403 naming whose decision it is), with
    /// the problems to show by the fields.
    Refused(Vec<Problem>),
    /// No connection.
    Offline,
    /// The Worker failed, or answered something unreadable.
    Server,
}

#[derive(serde::Deserialize)]
struct ProblemBody {
    #[serde(default)]
    errors: Vec<Problem>,
    #[serde(rename = "type", default)]
    problem_type: String,
}

async fn send(method: &str, path: &str, body: Option<String>) -> Result<String, DeskError> {
    let window = web_sys::window().ok_or(DeskError::Offline)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| DeskError::Offline)?;
    let _ = headers.set("accept", "application/json");
    if let Some(body) = &body {
        let _ = headers.set("content-type", "application/json");
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request =
        web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| DeskError::Offline)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| DeskError::Offline)?
        .dyn_into()
        .map_err(|_| DeskError::Server)?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    match status {
        200..=299 => Ok(text),
        401 => Err(DeskError::SignedOut),
        404 => Err(DeskError::NotFound),
        403 | 409 | 422 => {
            let Ok(problem) = serde_json::from_str::<ProblemBody>(&text) else {
                return Err(if status == 403 {
                    DeskError::Forbidden
                } else {
                    DeskError::Server
                });
            };
            // A 403 naming what was refused is the domain saying whose
            // decision an entry is: shown by the form, like a 422.
            if status == 403 && problem.errors.is_empty() {
                Err(DeskError::Forbidden)
            } else if ProblemType::of_uri(&problem.problem_type) == Some(ProblemType::StaleSequence)
            {
                Err(DeskError::Stale)
            } else {
                Err(DeskError::Refused(problem.errors))
            }
        }
        _ => Err(DeskError::Server),
    }
}

/// `GET path` as `T`.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, DeskError> {
    let text = send("GET", path, None).await?;
    json::from_str(&text).map_err(|_| DeskError::Server)
}

/// `POST path` with `body` as JSON, the answer left unread: after an
/// entry the desk loads the case again, so decoding the recorded event
/// would only add to its download.
pub async fn post_only<B: Serialize>(path: &str, body: &B) -> Result<(), DeskError> {
    let body = serde_json::to_string(body).map_err(|_| DeskError::Server)?;
    send("POST", path, Some(body)).await.map(|_| ())
}

/// A fresh id for an entry (a retried POST records it once).
pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}
