//! HTTP edges: reading bodies within limits, and applying the edge policy
//! (`brud-edge`: CORS, security headers, the form's and the desk's pages)
//! to responses.

use brud_case::desk::DeskStart;
use brud_edge::headers::Header;
use brud_edge::route::DeskRoute;
use brud_shared::api::MAX_BODY_BYTES;
use brud_shared::{Language, OrgDirectory, OrgProfile};
use futures_util::StreamExt;
use worker::{Headers, Request, Response};

use crate::error::ApiError;

/// Reads a JSON body: 415 unless `application/json`, 413 when the announced
/// length is over the limit (before reading anything) or, for a body without
/// a length, as soon as it grows past the limit; 400 unless UTF-8.
pub async fn read_json_body(req: &mut Request) -> Result<String, ApiError> {
    let content_type = req.headers().get("content-type")?.unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::UnsupportedMediaType);
    }
    if let Some(length) = req.headers().get("content-length")? {
        if length
            .trim()
            .parse::<usize>()
            .map_or(true, |n| n > MAX_BODY_BYTES)
        {
            return Err(ApiError::PayloadTooLarge);
        }
        // Announced and within the limit: one read. The runtime enforces the
        // announced length, so the limit still holds.
        let bytes = req.bytes().await?;
        if bytes.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        return String::from_utf8(bytes).map_err(|_| ApiError::MalformedJson);
    }
    let mut body = Vec::new();
    let mut stream = req.stream()?;
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk?);
        if body.len() > MAX_BODY_BYTES {
            // Read on (without keeping it) so the connection is not left
            // half-read; past DRAIN_LIMIT the client is abusive and its
            // connection may be dropped.
            let mut drained = body.len();
            while drained < DRAIN_LIMIT {
                match stream.next().await {
                    Some(Ok(chunk)) => drained += chunk.len(),
                    _ => break,
                }
            }
            return Err(ApiError::PayloadTooLarge);
        }
    }
    String::from_utf8(body).map_err(|_| ApiError::MalformedJson)
}

/// How much of an unannounced oversized body is read and thrown away.
const DRAIN_LIMIT: usize = 4 * 1024 * 1024;

/// Sets `list` (the edge policy's headers, `brud_edge::headers`) on
/// `headers`.
pub fn set(headers: &Headers, list: Vec<Header>) -> worker::Result<()> {
    for (name, value) in list {
        headers.set(name, &value)?;
    }
    Ok(())
}

/// Adds CORS for `origin` ([`brud_edge::headers::cors`]).
pub fn apply_cors(
    headers: &Headers,
    origin: Option<&str>,
    org: Option<&OrgProfile>,
    directory: &OrgDirectory,
) -> worker::Result<()> {
    set(headers, brud_edge::headers::cors(origin, org, directory))
}

/// The answer to a CORS preflight for `path` under `/api/`.
pub fn preflight(
    path: &str,
    origin: Option<&str>,
    directory: &OrgDirectory,
) -> worker::Result<Response> {
    let response = Response::empty()?.with_status(204);
    set(
        response.headers(),
        brud_edge::headers::preflight(path, origin, directory),
    )?;
    Ok(response)
}

/// A copy of `response` whose headers can be changed (responses from the
/// assets binding have immutable headers).
pub fn mutable_copy(response: Response) -> worker::Result<Response> {
    let status = response.status_code();
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    let (_, body) = response.into_parts();
    Ok(Response::from_body(body)?
        .with_status(status)
        .with_headers(headers))
}

/// The form's page with the school's public profile in it
/// ([`brud_edge::page::with_profile`]). The page then varies with the
/// profile, so it is revalidated every time instead of by the asset's ETag.
pub async fn page_with_profile(mut page: Response, org: &OrgProfile) -> worker::Result<Response> {
    let html = page.text().await?;
    let Some(html) = brud_edge::page::with_profile(&html, org) else {
        return Ok(Response::ok(html)?.with_headers(page.headers().clone()));
    };
    rewritten_page(html, page.headers().clone(), "no-cache")
}

/// A page served with `html` in place of the asset's body: its headers
/// less the asset's `ETag` and length, with `cache_control`.
fn rewritten_page(html: String, headers: Headers, cache_control: &str) -> worker::Result<Response> {
    headers.delete("etag")?;
    headers.delete("content-length")?;
    headers.set("cache-control", cache_control)?;
    Ok(Response::ok(html)?.with_headers(headers))
}

/// The desk's page with its first screen: drawn by the desk's own view
/// code from `start` ([`brud_desk::first_screen_html`]) and put in the
/// page with the data ([`brud_edge::page::desk_page`]). The page then
/// holds the person's cases: never stored by a cache.
pub async fn desk_page(
    mut page: Response,
    route: DeskRoute,
    lang: Language,
    start: DeskStart,
) -> worker::Result<Response> {
    let html = page.text().await?;
    let headers = page.headers().clone();
    let app = brud_desk::first_screen_html(brud_desk::state::Start {
        route,
        lang,
        data: Some(start.clone()),
    });
    let json = serde_json::to_string(&start)?;
    let data = (brud_case::desk::START_ELEMENT_ID, json.as_str());
    let html = brud_edge::page::desk_page(&html, &app, data, lang).unwrap_or(html);
    rewritten_page(html, headers, "no-store")
}
