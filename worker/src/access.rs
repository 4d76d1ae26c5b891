//! Who is signed in: the Cloudflare Access token on every desk request.
//!
//! Access sits in front of `/desk` and `/api/desk/*` and signs a JWT for
//! every request it lets through, in the `Cf-Access-Jwt-Assertion` header.
//! This module checks it on every request, never trusting the path alone:
//! the policy ([`brud_shared::access`]: RS256 only, a key id, audience,
//! issuer, expiry) and the RSA signature with WebCrypto, against the team's
//! key set from `<ACCESS_TEAM_DOMAIN>/cdn-cgi/access/certs`. The key set
//! is cached in the isolate and fetched again when a token names a key it
//! does not have (Access rotates its keys), at most once per
//! [`REFETCH_AFTER_MS`], so a flood of made-up key ids cannot turn into a
//! flood of fetches. The `CF_Authorization` cookie is never read: the
//! header is what Access puts there for the origin.
//!
//! Settings (Worker vars): `ACCESS_AUD`, the Access application's audience
//! tag, and `ACCESS_TEAM_DOMAIN`, `https://<team>.cloudflareaccess.com`.
//! Locally the team domain is the sign-in stand-in on 127.0.0.1
//! (`tools/signin`); only a loopback `http://` URL is honoured besides
//! Access's own domain ([`Expected::new`]). There is no switch that skips
//! verification.

use std::cell::RefCell;
use std::time::Duration;

use brud_shared::access::{check_claims, parse, Expected, Jwk, Jwks, Refusal};
use futures_util::future::{select, Either};
use worker::js_sys::{Array, Object, Reflect, Uint8Array};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::web_sys::{CryptoKey, WorkerGlobalScope};
use worker::{console_error, AbortController, Date, Delay, Env, Fetch, Request};

use crate::error::ApiError;

/// The request header Access signs.
pub const HEADER: &str = "cf-access-jwt-assertion";

/// How long after a fetch of the key set an unknown key id may fetch it
/// again.
const REFETCH_AFTER_MS: f64 = 5_000.0;

/// How long a fetched key set is used before it is fetched again anyway.
const MAX_AGE_MS: f64 = 3_600_000.0;

/// How long a fetch of the key set may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The key set and when it was fetched (Unix ms). Workers run one request
/// at a time per isolate thread; a thread-local is the isolate's cache.
struct Cached {
    jwks: Jwks,
    fetched_at: f64,
}

thread_local! {
    static KEYS: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// The signed-in person's address (lowercased), or why not.
pub async fn signed_in(req: &Request, env: &Env) -> Result<String, ApiError> {
    let expected = expected(env)?;
    let token = req
        .headers()
        .get(HEADER)?
        .filter(|token| !token.trim().is_empty())
        .ok_or(ApiError::Unauthenticated(Refusal::Missing))?;
    let parts = parse(&token).map_err(ApiError::Unauthenticated)?;
    let now = crate::runtime::now();
    let email = check_claims(&parts.claims, &expected, now).map_err(ApiError::Unauthenticated)?;
    let key = key(&expected, &parts.kid).await?;
    if !verify(&key, parts.signing_input.as_bytes(), &parts.signature).await? {
        return Err(ApiError::Unauthenticated(Refusal::Signature));
    }
    Ok(email)
}

/// The Access application and team from the vars; 503 when the desk is not
/// configured (or configured with a team domain Access cannot have).
fn expected(env: &Env) -> Result<Expected, ApiError> {
    let var = |name: &str| env.var(name).map(|v| v.to_string()).unwrap_or_default();
    Expected::new(&var("ACCESS_AUD"), &var("ACCESS_TEAM_DOMAIN")).ok_or(ApiError::DeskNotConfigured)
}

/// The key `kid` from the cached key set, fetching it when it is missing,
/// stale, or does not have `kid` (and was not fetched just now).
async fn key(expected: &Expected, kid: &str) -> Result<Jwk, ApiError> {
    let now = Date::now().as_millis() as f64;
    let cached = KEYS.with(|keys| {
        keys.borrow().as_ref().map(|cached| {
            let fresh = now - cached.fetched_at < MAX_AGE_MS;
            let recent = now - cached.fetched_at < REFETCH_AFTER_MS;
            (cached.jwks.key(kid).cloned().filter(|_| fresh), recent)
        })
    });
    match cached {
        Some((Some(key), _)) => return Ok(key),
        Some((None, true)) => return Err(ApiError::Unauthenticated(Refusal::UnknownKey)),
        _ => {}
    }
    let jwks = fetch_keys(expected).await?;
    let key = jwks.key(kid).cloned();
    KEYS.with(|keys| {
        *keys.borrow_mut() = Some(Cached {
            jwks,
            fetched_at: now,
        })
    });
    key.ok_or(ApiError::Unauthenticated(Refusal::UnknownKey))
}

/// Fetches the team's key set, aborting after [`FETCH_TIMEOUT`].
async fn fetch_keys(expected: &Expected) -> Result<Jwks, ApiError> {
    let unavailable = |why: &str| {
        console_error!("access keys: {why}");
        ApiError::AccessKeysUnavailable
    };
    let request = Request::new(&expected.certs_url(), worker::Method::Get)?;
    let fetch = Fetch::Request(request);
    let controller = AbortController::default();
    let signal = controller.signal();
    let send = Box::pin(fetch.send_with_signal(&signal));
    let timer = Box::pin(Delay::from(FETCH_TIMEOUT));
    let mut response = match select(send, timer).await {
        Either::Left((Ok(response), _)) => response,
        Either::Left((Err(_), _)) => return Err(unavailable("network")),
        Either::Right(_) => {
            controller.abort();
            return Err(unavailable("timeout"));
        }
    };
    if response.status_code() != 200 {
        return Err(unavailable(&format!("status {}", response.status_code())));
    }
    response
        .json::<Jwks>()
        .await
        .map_err(|_| unavailable("not a key set"))
}

fn js_error(what: &str) -> impl Fn(JsValue) -> ApiError + '_ {
    move |_| ApiError::Internal(format!("webcrypto: {what}"))
}

/// Verifies an RS256 signature over `data` with `key`, by WebCrypto.
async fn verify(key: &Jwk, data: &[u8], signature: &[u8]) -> Result<bool, ApiError> {
    let subtle = js_sys_global()
        .crypto()
        .map_err(js_error("crypto"))?
        .subtle();
    let algorithm = Object::new();
    set(&algorithm, "name", &"RSASSA-PKCS1-v1_5".into())?;
    set(&algorithm, "hash", &"SHA-256".into())?;
    let jwk = Object::new();
    for (name, value) in [
        ("kty", "RSA"),
        ("n", key.n.as_str()),
        ("e", key.e.as_str()),
        ("alg", "RS256"),
    ] {
        set(&jwk, name, &value.into())?;
    }
    let usages = Array::of1(&"verify".into());
    let imported = JsFuture::from(
        subtle
            .import_key_with_object("jwk", &jwk, &algorithm, false, &usages)
            .map_err(js_error("importKey"))?,
    )
    .await
    // A key the runtime cannot import is not a key anything verifies with.
    .map_err(|_| ApiError::Unauthenticated(Refusal::Signature))?;
    let crypto_key: CryptoKey = imported.unchecked_into();
    let signature = Uint8Array::from(signature);
    let data = Uint8Array::from(data);
    let verified = JsFuture::from(
        subtle
            .verify_with_object_and_js_u8_array_and_js_u8_array(
                &algorithm,
                &crypto_key,
                &signature,
                &data,
            )
            .map_err(js_error("verify"))?,
    )
    .await
    .map_err(js_error("verify"))?;
    Ok(verified.as_bool() == Some(true))
}

fn set(object: &Object, name: &str, value: &JsValue) -> Result<(), ApiError> {
    Reflect::set(object, &name.into(), value)
        .map(|_| ())
        .map_err(js_error("object"))
}

fn js_sys_global() -> WorkerGlobalScope {
    worker::js_sys::global().unchecked_into()
}
