//! Who is signed in: the checks on a Cloudflare Access token.
//!
//! The desk sits behind Cloudflare Access, which signs a JWT for every
//! request it lets through (`Cf-Access-Jwt-Assertion`). The Worker must
//! not trust the path alone: it verifies the token on every request. The
//! policy lives here, pure: which algorithm ([`ALGORITHM`] only: a token
//! saying `none` or `HS256` is refused before any key is looked at), that
//! a key id is named, the audience (the Access application's tag), the
//! issuer (the team domain), expiry and not-before with a minute of clock
//! leeway, and an e-mail address (roles are given by address). The RSA
//! signature itself is checked by the adapter (WebCrypto in the Worker),
//! over [`TokenParts::signing_input`] with the key [`Jwks::key`] finds.
//!
//! Written by hand rather than with `jsonwebtoken`: the Worker verifies
//! with WebCrypto, which the runtime has, so only the parsing and these
//! checks are needed, and a JWT crate would add an RSA implementation to
//! the Worker's wasm. The checks are tested here on hand-made claims; the
//! end-to-end tests (`tests/tests/desk.rs`) sign real RS256 tokens with the
//! `rsa` crate (tools/signin) and have the Worker in workerd verify them,
//! forged, expired, `none` and rotated-key tokens among them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::syntax::is_loopback_http;

/// The one algorithm Access signs with.
pub const ALGORITHM: &str = "RS256";

/// How far a token's times may be off the Worker's clock.
pub const LEEWAY_SECONDS: i64 = 60;

/// Why a token is refused. Every refusal is a 401 to the client, which is
/// not told which check failed; the name goes to the log (no content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No token in the request.
    Missing,
    /// Not three base64url parts of JSON.
    Malformed,
    /// Another algorithm than [`ALGORITHM`] (`none` included).
    Algorithm,
    /// No `kid` in the header.
    NoKeyId,
    /// The key id is not in the team's key set, even after fetching it again.
    UnknownKey,
    /// The signature does not verify with the named key.
    Signature,
    /// `aud` does not contain the application's tag.
    Audience,
    /// `iss` is not the team domain.
    Issuer,
    /// Past `exp`.
    Expired,
    /// Before `nbf`.
    NotYetValid,
    /// No `email` claim (a service token): roles are given by address.
    NoEmail,
}

impl Refusal {
    /// A name for logs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Refusal::Missing => "missing",
            Refusal::Malformed => "malformed",
            Refusal::Algorithm => "algorithm",
            Refusal::NoKeyId => "no-kid",
            Refusal::UnknownKey => "unknown-kid",
            Refusal::Signature => "signature",
            Refusal::Audience => "audience",
            Refusal::Issuer => "issuer",
            Refusal::Expired => "expired",
            Refusal::NotYetValid => "not-yet-valid",
            Refusal::NoEmail => "no-email",
        }
    }
}

/// A token's header.
#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    /// The algorithm.
    pub alg: String,
    /// The key id.
    #[serde(default)]
    pub kid: Option<String>,
}

/// `aud`: one string or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The claims the checks read.
#[derive(Debug, Clone, Deserialize)]
pub struct Claims {
    aud: Audience,
    /// The issuer.
    pub iss: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Not before, Unix seconds.
    #[serde(default)]
    pub nbf: Option<i64>,
    /// The signed-in person's address.
    #[serde(default)]
    pub email: Option<String>,
}

/// A parsed token, its signature not yet checked.
#[derive(Debug, Clone)]
pub struct TokenParts<'a> {
    /// The header, with `alg` already checked to be [`ALGORITHM`].
    pub header: Header,
    /// The key id the header names.
    pub kid: String,
    /// The claims.
    pub claims: Claims,
    /// `base64url(header) "." base64url(claims)`: what the signature covers.
    pub signing_input: &'a str,
    /// The signature's bytes.
    pub signature: Vec<u8>,
}

fn decode(part: &str) -> Result<Vec<u8>, Refusal> {
    URL_SAFE_NO_PAD.decode(part).map_err(|_| Refusal::Malformed)
}

/// Splits and decodes a token, refusing any algorithm but [`ALGORITHM`] and
/// a header without a key id.
pub fn parse(token: &str) -> Result<TokenParts<'_>, Refusal> {
    let token = token.trim();
    let mut parts = token.split('.');
    let (Some(header), Some(claims), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Malformed);
    };
    let header: Header =
        serde_json::from_slice(&decode(header)?).map_err(|_| Refusal::Malformed)?;
    if header.alg != ALGORITHM {
        return Err(Refusal::Algorithm);
    }
    let kid = header.kid.clone().ok_or(Refusal::NoKeyId)?;
    let claims: Claims =
        serde_json::from_slice(&decode(claims)?).map_err(|_| Refusal::Malformed)?;
    let signature = decode(signature)?;
    if signature.is_empty() {
        return Err(Refusal::Signature);
    }
    let signing_input = &token[..token.rfind('.').ok_or(Refusal::Malformed)?];
    Ok(TokenParts {
        header,
        kid,
        claims,
        signing_input,
        signature,
    })
}

/// What the Worker expects of a token: its Access application and team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// The application's audience tag (`ACCESS_AUD`).
    pub audience: String,
    /// The team domain, `https://<team>.cloudflareaccess.com`
    /// (`ACCESS_TEAM_DOMAIN`), without a trailing slash.
    pub issuer: String,
}

impl Expected {
    /// From the Worker's settings, when both are set and the team domain is
    /// one Access can have: `https://<team>.cloudflareaccess.com`, or a
    /// loopback `http://` URL (the local sign-in stand-in: a token it signs
    /// can only be honoured by a Worker configured to fetch keys from this
    /// very machine).
    pub fn new(audience: &str, team_domain: &str) -> Option<Expected> {
        let issuer = team_domain.trim().trim_end_matches('/');
        let audience = audience.trim();
        let host = issuer.strip_prefix("https://").unwrap_or("");
        let is_access = host.ends_with(".cloudflareaccess.com")
            && host
                .trim_end_matches(".cloudflareaccess.com")
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && host.len() > ".cloudflareaccess.com".len();
        if audience.is_empty() || !(is_access || is_loopback_http(issuer)) {
            return None;
        }
        Some(Expected {
            audience: audience.to_string(),
            issuer: issuer.to_string(),
        })
    }

    /// Where the team's signing keys are published.
    pub fn certs_url(&self) -> String {
        format!("{}/cdn-cgi/access/certs", self.issuer)
    }
}

/// Checks the claims at `now`; the signed-in person's address when they
/// pass (lowercased).
pub fn check_claims(
    claims: &Claims,
    expected: &Expected,
    now: DateTime<Utc>,
) -> Result<String, Refusal> {
    let audience_ok = match &claims.aud {
        Audience::One(aud) => *aud == expected.audience,
        Audience::Many(auds) => auds.contains(&expected.audience),
    };
    if !audience_ok {
        return Err(Refusal::Audience);
    }
    if claims.iss.trim_end_matches('/') != expected.issuer {
        return Err(Refusal::Issuer);
    }
    let now = now.timestamp();
    if now > claims.exp + LEEWAY_SECONDS {
        return Err(Refusal::Expired);
    }
    if claims.nbf.is_some_and(|nbf| now + LEEWAY_SECONDS < nbf) {
        return Err(Refusal::NotYetValid);
    }
    match &claims.email {
        Some(email) if crate::syntax::is_email(email) => Ok(email.to_ascii_lowercase()),
        _ => Err(Refusal::NoEmail),
    }
}

/// One RSA public key of the team's key set (JWK).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// `RSA`.
    pub kty: String,
    /// The key id.
    pub kid: String,
    /// The modulus, base64url.
    pub n: String,
    /// The exponent, base64url.
    pub e: String,
    /// `RS256`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
}

/// The team's key set, as `/cdn-cgi/access/certs` serves it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The RSA key with `kid`, if the set has one usable for [`ALGORITHM`].
    pub fn key(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|key| {
            key.kid == kid && key.kty == "RSA" && key.alg.as_deref().is_none_or(|a| a == ALGORITHM)
        })
    }
}

/// How long after a fetch of the key set a token naming a key it lacks may
/// fetch it again (Access rotates its keys; made-up key ids must not turn
/// into a flood of fetches).
pub const REFETCH_AFTER_MS: i64 = 5_000;

/// How long a fetched key set is used before it is fetched again anyway.
pub const MAX_AGE_MS: i64 = 3_600_000;

/// How long after a failed fetch of the key set the desk answers 503 at
/// once instead of trying again (the team's endpoint is down: every request
/// retrying it would only make that worse).
pub const FAILED_PAUSE_MS: i64 = 5_000;

/// How long a fetch of the key set may take; a fetch under way for longer
/// is taken to be gone (its request ended) and another may start.
pub const FETCH_TIMEOUT_MS: i64 = 5_000;

/// What the isolate's key cache knows when a token names a key id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyCache {
    /// When the cached key set was fetched (Unix ms), if there is one.
    pub fetched_at: Option<i64>,
    /// Whether the cached key set has the token's key id.
    pub has_key: bool,
    /// When the last fetch failed (Unix ms), if it did since the last one
    /// that worked.
    pub failed_at: Option<i64>,
    /// When the fetch under way now (for another request) started, if one is.
    pub fetching_since: Option<i64>,
}

/// What to do about a token's key id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStep {
    /// Verify with the cached key.
    Use,
    /// Refuse the token: the key set, fetched just now, does not have it.
    Refuse,
    /// Answer 503: the key set could not be fetched a moment ago.
    Unavailable,
    /// Wait a moment for the fetch under way, then decide again: concurrent
    /// tokens share one fetch.
    Wait,
    /// Fetch the key set (one fetch; the others wait for it).
    Fetch,
}

/// The step for a token whose key id the cache does or does not have, at
/// `now` (Unix ms): a fresh key set that has the key is used; one fetch
/// at a time is shared by every request waiting for it; a failure pauses
/// fetching for [`FAILED_PAUSE_MS`]; a key set fetched within
/// [`REFETCH_AFTER_MS`] is not fetched again for an unknown key.
pub fn key_step(cache: &KeyCache, now: i64) -> KeyStep {
    let fresh = cache.fetched_at.is_some_and(|at| now - at < MAX_AGE_MS);
    if fresh && cache.has_key {
        return KeyStep::Use;
    }
    if cache
        .fetching_since
        .is_some_and(|since| now - since < FETCH_TIMEOUT_MS)
    {
        return KeyStep::Wait;
    }
    if cache.failed_at.is_some_and(|at| now - at < FAILED_PAUSE_MS) {
        return KeyStep::Unavailable;
    }
    if fresh
        && cache
            .fetched_at
            .is_some_and(|at| now - at < REFETCH_AFTER_MS)
    {
        return KeyStep::Refuse;
    }
    KeyStep::Fetch
}

#[cfg(test)]
mod key_tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn cache(fetched_ago: Option<i64>, has_key: bool) -> KeyCache {
        KeyCache {
            fetched_at: fetched_ago.map(|ago| NOW - ago),
            has_key,
            ..KeyCache::default()
        }
    }

    #[test]
    fn a_known_key_is_used_until_the_key_set_is_an_hour_old() {
        assert_eq!(key_step(&cache(Some(1_000), true), NOW), KeyStep::Use);
        assert_eq!(
            key_step(&cache(Some(MAX_AGE_MS), true), NOW),
            KeyStep::Fetch
        );
        assert_eq!(key_step(&KeyCache::default(), NOW), KeyStep::Fetch);
    }

    #[test]
    fn an_unknown_key_fetches_again_only_after_the_pause() {
        assert_eq!(key_step(&cache(Some(1_000), false), NOW), KeyStep::Refuse);
        assert_eq!(
            key_step(&cache(Some(REFETCH_AFTER_MS), false), NOW),
            KeyStep::Fetch
        );
    }

    #[test]
    fn concurrent_tokens_share_one_fetch() {
        let fetching = KeyCache {
            fetching_since: Some(NOW - 100),
            ..cache(Some(REFETCH_AFTER_MS + 1), false)
        };
        assert_eq!(key_step(&fetching, NOW), KeyStep::Wait);
        // A fetch whose request ended without finishing does not hold the
        // others for ever.
        let gone = KeyCache {
            fetching_since: Some(NOW - FETCH_TIMEOUT_MS),
            ..fetching
        };
        assert_eq!(key_step(&gone, NOW), KeyStep::Fetch);
        // Even with a failure before: the fetch under way decides.
        let retrying = KeyCache {
            failed_at: Some(NOW - 1),
            ..fetching
        };
        assert_eq!(key_step(&retrying, NOW), KeyStep::Wait);
    }

    #[test]
    fn a_failed_fetch_is_not_retried_per_request() {
        let failed = KeyCache {
            failed_at: Some(NOW - 1_000),
            ..KeyCache::default()
        };
        assert_eq!(key_step(&failed, NOW), KeyStep::Unavailable);
        let later = KeyCache {
            failed_at: Some(NOW - FAILED_PAUSE_MS),
            ..KeyCache::default()
        };
        assert_eq!(key_step(&later, NOW), KeyStep::Fetch);
        // A cached key still works while the endpoint is down.
        let known = KeyCache {
            failed_at: Some(NOW - 1_000),
            ..cache(Some(60_000), true)
        };
        assert_eq!(key_step(&known, NOW), KeyStep::Use);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(value: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    fn token(header: serde_json::Value, claims: serde_json::Value) -> String {
        format!("{}.{}.c2lnbmF0dXJl", b64(&header), b64(&claims))
    }

    fn expected() -> Expected {
        Expected::new("aud-tag", "https://brud.cloudflareaccess.com/").unwrap()
    }

    fn claims(extra: serde_json::Value) -> serde_json::Value {
        let mut claims = serde_json::json!({
            "aud": ["aud-tag"],
            "iss": "https://brud.cloudflareaccess.com",
            "exp": 1_800_000_000,
            "nbf": 1_700_000_000,
            "email": "Leder@Demo.example"
        });
        for (key, value) in extra.as_object().unwrap() {
            claims[key] = value.clone();
        }
        claims
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    fn check(token: &str, now: i64) -> Result<String, Refusal> {
        let parts = parse(token)?;
        check_claims(&parts.claims, &expected(), at(now))
    }

    #[test]
    fn a_good_token_gives_the_address_and_what_its_signature_covers() {
        let token = token(
            serde_json::json!({"alg": "RS256", "kid": "k1", "typ": "JWT"}),
            claims(serde_json::json!({})),
        );
        let parts = parse(&token).unwrap();
        assert_eq!(parts.kid, "k1");
        assert_eq!(parts.signature, b"signature");
        assert_eq!(
            parts.signing_input,
            token.rsplit_once('.').unwrap().0,
            "the signature covers header.claims"
        );
        assert_eq!(check(&token, 1_750_000_000).unwrap(), "leder@demo.example");
    }

    #[test]
    fn only_rs256_with_a_key_id_is_read() {
        let good_claims = claims(serde_json::json!({}));
        for alg in ["none", "HS256", "RS512", "ES256", "rs256"] {
            let token = token(
                serde_json::json!({"alg": alg, "kid": "k1"}),
                good_claims.clone(),
            );
            assert_eq!(parse(&token).unwrap_err(), Refusal::Algorithm, "{alg}");
        }
        let unsigned = format!(
            "{}.{}.",
            b64(&serde_json::json!({"alg": "RS256", "kid": "k1"})),
            b64(&good_claims)
        );
        assert_eq!(parse(&unsigned).unwrap_err(), Refusal::Signature);
        let no_kid = token(serde_json::json!({"alg": "RS256"}), good_claims);
        assert_eq!(parse(&no_kid).unwrap_err(), Refusal::NoKeyId);
        for garbage in ["", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.e30"] {
            assert!(parse(garbage).is_err(), "{garbage}");
        }
    }

    #[test]
    fn audience_issuer_times_and_address_are_checked() {
        let header = serde_json::json!({"alg": "RS256", "kid": "k1"});
        let now = 1_750_000_000;
        let cases = [
            (serde_json::json!({"aud": ["other"]}), Refusal::Audience),
            (serde_json::json!({"aud": "other"}), Refusal::Audience),
            (
                serde_json::json!({"iss": "https://evil.cloudflareaccess.com"}),
                Refusal::Issuer,
            ),
            (serde_json::json!({"exp": now - 61}), Refusal::Expired),
            (serde_json::json!({"nbf": now + 61}), Refusal::NotYetValid),
            (serde_json::json!({"email": null}), Refusal::NoEmail),
            (
                serde_json::json!({"email": "not-an-address"}),
                Refusal::NoEmail,
            ),
        ];
        for (change, refusal) in cases {
            let token = token(header.clone(), claims(change.clone()));
            assert_eq!(check(&token, now), Err(refusal), "{change}");
        }
        // Within the leeway, and a single audience string.
        for change in [
            serde_json::json!({"exp": now - 59}),
            serde_json::json!({"nbf": now + 59}),
            serde_json::json!({"aud": "aud-tag"}),
        ] {
            let token = token(header.clone(), claims(change.clone()));
            assert!(check(&token, now).is_ok(), "{change}");
        }
    }

    #[test]
    fn the_team_domain_is_access_or_this_machine() {
        assert_eq!(
            expected().certs_url(),
            "https://brud.cloudflareaccess.com/cdn-cgi/access/certs"
        );
        assert!(Expected::new("aud", "http://127.0.0.1:8789").is_some());
        for bad in [
            "https://evil.example",
            "http://brud.cloudflareaccess.com",
            "https://.cloudflareaccess.com",
            "https://a.b.cloudflareaccess.com",
            "https://brud.cloudflareaccess.com.evil.example",
            "http://localhost.evil.example",
            "",
        ] {
            assert!(Expected::new("aud", bad).is_none(), "{bad}");
        }
        assert!(Expected::new(" ", "https://brud.cloudflareaccess.com").is_none());
    }

    #[test]
    fn keys_are_found_by_id_for_rs256_only() {
        let key = |kid: &str, alg: Option<&str>| Jwk {
            kty: "RSA".into(),
            kid: kid.into(),
            n: "n".into(),
            e: "AQAB".into(),
            alg: alg.map(Into::into),
        };
        let jwks = Jwks {
            keys: vec![
                key("a", None),
                key("b", Some("RS256")),
                key("c", Some("RS512")),
            ],
        };
        assert!(jwks.key("a").is_some());
        assert!(jwks.key("b").is_some());
        assert!(jwks.key("c").is_none());
        assert!(jwks.key("d").is_none());
    }
}
