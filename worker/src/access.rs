//! Who is signed in: the Cloudflare Access token on every desk request.
//!
//! Access sits in front of `/desk` and `/api/desk/*` and signs a JWT for
//! every request it lets through, in the `Cf-Access-Jwt-Assertion` header.
//! This module checks it on every request, never trusting the path alone:
//! the policy ([`brud_shared::access`]: RS256 only, a key id, audience,
//! issuer, expiry) and the RSA signature with WebCrypto, against the team's
//! key set from `<ACCESS_TEAM_DOMAIN>/cdn-cgi/access/certs`. The key set
//! is cached in the isolate and fetched again when a token names a key it
//! does not have (Access rotates its keys), as the domain decides
//! ([`key_step`]): at most once per `REFETCH_AFTER_MS`, one fetch at a time
//! shared by every request that needs it, and not again for a few seconds
//! after a fetch failed, so a flood of made-up key ids, or of requests while
//! the team's endpoint is down, cannot turn into a flood of fetches. The
//! `CF_Authorization` cookie is never read: the header is what Access puts
//! there for the origin.
//!
//! Settings (Worker vars): `ACCESS_AUD`, the Access application's audience
//! tag, and `ACCESS_TEAM_DOMAIN`, `https://<team>.cloudflareaccess.com`.
//! Locally the team domain is the sign-in stand-in on 127.0.0.1
//! (`tools/signin`); only a loopback `http://` URL is honoured besides
//! Access's own domain ([`Expected::new`]). There is no switch that skips
//! verification.

use std::cell::RefCell;
use std::time::Duration;

use brud_shared::access::{
    check_claims, key_step, parse, Expected, Jwk, Jwks, KeyCache, KeyStep, Refusal,
    FETCH_TIMEOUT_MS,
};
use futures_util::future::{select, Either};
use worker::js_sys::{Array, Object, Reflect, Uint8Array};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::web_sys::{CryptoKey, WorkerGlobalScope};
use worker::{console_error, AbortController, Date, Delay, Env, Fetch, Request};

use crate::error::ApiError;

/// The request header Access signs.
pub const HEADER: &str = "cf-access-jwt-assertion";

/// How long a fetch of the key set may take.
const FETCH_TIMEOUT: Duration = Duration::from_millis(FETCH_TIMEOUT_MS as u64);

/// The isolate's key cache: the key set and when it was fetched (Unix
/// ms), when the last fetch failed, and when the fetch under way started.
/// An isolate runs its requests on one thread, interleaved at their
/// awaits: a thread-local is the isolate's cache. A request cannot await
/// another request's fetch (the runtime ties I/O to the request that made
/// it), so the others poll the cache until the fetching request has
/// written the outcome.
#[derive(Default)]
struct Keys {
    jwks: Option<Jwks>,
    fetched_at: Option<i64>,
    failed_at: Option<i64>,
    fetching_since: Option<i64>,
}

/// How often a request waiting for another's fetch looks again.
const WAIT_STEP: Duration = Duration::from_millis(20);

thread_local! {
    static KEYS: RefCell<Keys> = RefCell::new(Keys::default());
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

/// The key `kid`, from the cached key set or after fetching it, as
/// [`key_step`] decides.
async fn key(expected: &Expected, kid: &str) -> Result<Jwk, ApiError> {
    loop {
        let now = Date::now().as_millis() as i64;
        let (step, key) = KEYS.with(|keys| {
            let keys = keys.borrow();
            let key = keys.jwks.as_ref().and_then(|jwks| jwks.key(kid)).cloned();
            let cache = KeyCache {
                fetched_at: keys.fetched_at,
                has_key: key.is_some(),
                failed_at: keys.failed_at,
                fetching_since: keys.fetching_since,
            };
            (key_step(&cache, now), key)
        });
        match (step, key) {
            (KeyStep::Use, Some(key)) => return Ok(key),
            (KeyStep::Refuse | KeyStep::Use, _) => {
                return Err(ApiError::Unauthenticated(Refusal::UnknownKey))
            }
            (KeyStep::Unavailable, _) => return Err(ApiError::AccessKeysUnavailable),
            (KeyStep::Wait, _) => Delay::from(WAIT_STEP).await,
            (KeyStep::Fetch, _) => {
                KEYS.with(|keys| keys.borrow_mut().fetching_since = Some(now));
                let fetched = fetch_keys(&expected.certs_url()).await;
                let at = Date::now().as_millis() as i64;
                KEYS.with(|keys| {
                    let mut keys = keys.borrow_mut();
                    match fetched {
                        Ok(jwks) => {
                            keys.jwks = Some(jwks);
                            keys.fetched_at = Some(at);
                            keys.failed_at = None;
                        }
                        Err(why) => {
                            console_error!("access keys: {why}");
                            keys.failed_at = Some(at);
                        }
                    }
                    keys.fetching_since = None;
                });
                // The outcome is in the cache: a failure answers 503 (the
                // pause), a key set without `kid` refuses it.
            }
        }
    }
}

/// Fetches the team's key set from `url`, aborting after
/// [`FETCH_TIMEOUT`]; or why not (for the log).
async fn fetch_keys(url: &str) -> Result<Jwks, String> {
    let unavailable = |why: &str| why.to_string();
    let request = Request::new(url, worker::Method::Get).map_err(|_| unavailable("request"))?;
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
