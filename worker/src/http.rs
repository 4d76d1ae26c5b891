//! HTTP edges: reading bodies within limits, CORS, security headers.

use brud_shared::api::MAX_BODY_BYTES;
use brud_shared::desk;
use brud_shared::{OrgDirectory, OrgProfile};
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

/// Whether `origin` may call the API for `org`, or, when the organisation is
/// not known yet (a preflight, a body that did not parse), for any
/// configured organisation.
pub fn origin_allowed(origin: &str, org: Option<&OrgProfile>, directory: &OrgDirectory) -> bool {
    match org {
        Some(org) => org.embed_origins.iter().any(|allowed| allowed == origin),
        None => directory
            .orgs
            .iter()
            .any(|org| org.embed_origins.iter().any(|allowed| allowed == origin)),
    }
}

/// Adds `Access-Control-Allow-Origin` when `origin` is allowed.
pub fn apply_cors(
    headers: &Headers,
    origin: Option<&str>,
    org: Option<&OrgProfile>,
    directory: &OrgDirectory,
) -> worker::Result<()> {
    headers.set("vary", "Origin")?;
    if let Some(origin) = origin {
        if origin_allowed(origin, org, directory) {
            headers.set("access-control-allow-origin", origin)?;
        }
    }
    Ok(())
}

/// The answer to a CORS preflight for `/api/*`.
pub fn preflight(origin: Option<&str>, directory: &OrgDirectory) -> worker::Result<Response> {
    let response = Response::empty()?.with_status(204);
    let headers = response.headers();
    apply_cors(headers, origin, None, directory)?;
    if headers.has("access-control-allow-origin")? {
        headers.set("access-control-allow-methods", "GET, POST, OPTIONS")?;
        headers.set(
            "access-control-allow-headers",
            "content-type, authorization",
        )?;
        headers.set("access-control-max-age", "600")?;
    }
    Ok(response)
}

/// Headers every response carries.
pub fn apply_common_headers(headers: &Headers) -> worker::Result<()> {
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", "no-referrer")?;
    Ok(())
}

/// Headers for API responses: never cached, never framed, nothing active.
pub fn apply_api_headers(headers: &Headers) -> worker::Result<()> {
    apply_common_headers(headers)?;
    headers.set("cache-control", "no-store")?;
    headers.set(
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    )?;
    Ok(())
}

/// The Content-Security-Policy of the form. Scripts only from this origin
/// (plus compiling our own WebAssembly), no inline scripts; framing only by
/// the organisation's configured intranet origins.
pub fn form_csp(org: Option<&OrgProfile>) -> String {
    let mut ancestors = String::from("'self'");
    for origin in org
        .map(|org| org.embed_origins.as_slice())
        .unwrap_or_default()
    {
        ancestors.push(' ');
        ancestors.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// The case desk's policy: like the form's, but never framed by anyone
/// (it is for staff behind Access, not for the intranet).
pub fn desk_csp() -> &'static str {
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'"
}

/// The `Link` header of the desk's page: the API answers its first screen
/// needs, preloaded by the browser beside the desk's code instead of after
/// it (on a phone that is the difference between the register shown at
/// once after the code starts and one more round trip; BENCHMARKS.md).
/// Always who is signed in; the register's first page (of `?org=`, a known
/// organisation, or else of all the person's), or with `&case=` the case. The addresses are the
/// ones the desk asks for, built by the same functions
/// (`brud_shared::desk`), percent-encoded so nothing in them can end the
/// header's value. The control report is computed on request, so it is not
/// preloaded.
///
/// `org`: the known organisation the address names; `case`: the case it
/// names; `register`: whether the page is a register (not the control
/// report, and not an organisation unknown here, which the desk refuses).
pub fn desk_preloads(org: Option<&str>, case: Option<&str>, register: bool) -> String {
    let mut paths = vec![desk::ME_PATH.to_string()];
    match (org, case) {
        (Some(org), Some(case)) => paths.push(desk::case_path(org, case)),
        (org, None) if register => {
            paths.push(desk::list_path(org, &desk::ListFilter::register_start()))
        }
        _ => {}
    }
    paths
        .iter()
        .map(|path| format!("<{path}>; rel=preload; as=fetch; crossorigin"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// The form's page with the school's public profile in it, as
/// `<script type="application/json" id="brud-org">`, so that the form's
/// first render already shows the school's contacts: no extra request and
/// no layout shift when they arrive. `<` is escaped (`\u003c`, still the
/// same JSON) so the data cannot end the element. The page then varies with
/// the profile, so it is revalidated every time instead of by the asset's
/// ETag.
pub async fn page_with_profile(mut page: Response, org: &OrgProfile) -> worker::Result<Response> {
    let html = page.text().await?;
    let Some(end) = html.rfind("</body>") else {
        return Ok(Response::ok(html)?.with_headers(page.headers().clone()));
    };
    let json = serde_json::to_string(&org.public())?.replace('<', "\\u003c");
    let html = format!(
        "{}<script type=\"application/json\" id=\"brud-org\">{json}</script>\n{}",
        &html[..end],
        &html[end..]
    );
    let headers = page.headers().clone();
    headers.delete("etag")?;
    headers.delete("content-length")?;
    headers.set("cache-control", "no-cache")?;
    Ok(Response::ok(html)?.with_headers(headers))
}
