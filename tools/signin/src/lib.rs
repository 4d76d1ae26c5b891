//! A local stand-in for Cloudflare Access: it signs RS256 tokens for
//! people, as Access does for those it lets through, and publishes its
//! public keys where Access does (`/cdn-cgi/access/certs`), on 127.0.0.1.
//!
//! The Worker verifies its tokens exactly as it verifies Access's: the
//! stand-in is only its team domain (`ACCESS_TEAM_DOMAIN`, a loopback URL
//! that only this machine can serve). `scripts/dev` runs it for the demo
//! people; the end-to-end tests run one per Worker and also sign the
//! tokens that must be refused (expired, another audience, another key,
//! `alg: none`) with [`Issuer::sign`].
//!
//! Routes: `GET /cdn-cgi/access/certs` (the key set), `GET /token?email=`
//! (a fresh token for that address, as text: `curl -H
//! "Cf-Access-Jwt-Assertion: $(curl -s …/token?email=…)"`), served by
//! [`brud_local_http`] (hyper). [`front`] stands in for Access's front
//! door before the desk in a browser.

pub mod front;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use brud_local_http::{answer, Body, Request, Response, StatusCode};
use brud_shared::access::{Jwk, Jwks};
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::Sha256;

/// How long a token from `/token` or [`Issuer::token`] is valid.
pub const TOKEN_SECONDS: i64 = 3600;

/// An RSA signing key with its key id.
#[derive(Clone)]
pub struct Key {
    /// The key id (`kid`).
    pub kid: String,
    private: RsaPrivateKey,
}

impl Key {
    /// A fresh 2048-bit key.
    pub fn generate(kid: &str) -> Key {
        let private = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("an RSA key");
        Key {
            kid: kid.to_string(),
            private,
        }
    }

    /// The public half as a JWK.
    pub fn jwk(&self) -> Jwk {
        let public = self.private.to_public_key();
        Jwk {
            kty: "RSA".into(),
            kid: self.kid.clone(),
            n: URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            e: URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
            alg: Some("RS256".into()),
        }
    }

    /// `header.claims.signature`, RS256 over the first two parts.
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signer = SigningKey::<Sha256>::new(self.private.clone());
        let signature = signer.sign(input.as_bytes()).to_vec();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }
}

/// Unix seconds now.
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

struct State {
    /// The keys published, the signing one last.
    keys: Vec<Key>,
}

/// A running stand-in.
#[derive(Clone)]
pub struct Issuer {
    state: Arc<Mutex<State>>,
    audience: String,
    port: u16,
    key_set_fetches: Arc<AtomicUsize>,
}

impl Issuer {
    /// Listens on 127.0.0.1:`port` (0 picks a free one) with a fresh key,
    /// signing for the Access application `audience`.
    pub fn start(port: u16, audience: &str) -> std::io::Result<Issuer> {
        let listener = brud_local_http::bind(port)?;
        let issuer = Issuer {
            state: Arc::new(Mutex::new(State {
                keys: vec![Key::generate(&random_kid())],
            })),
            audience: audience.to_string(),
            port: listener.port(),
            key_set_fetches: Arc::default(),
        };
        let served = issuer.clone();
        listener.serve(move |request| {
            let answer = served.handle(&request);
            async move { answer }
        })?;
        Ok(issuer)
    }

    /// The team domain: `http://127.0.0.1:PORT` (also the tokens' `iss`).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The audience it signs for.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// The key it signs with now.
    pub fn current_key(&self) -> Key {
        self.state
            .lock()
            .unwrap()
            .keys
            .last()
            .cloned()
            .expect("a key")
    }

    /// The published key set.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self
                .state
                .lock()
                .unwrap()
                .keys
                .iter()
                .map(Key::jwk)
                .collect(),
        }
    }

    /// How many times the key set was fetched.
    pub fn key_set_fetches(&self) -> usize {
        self.key_set_fetches.load(Ordering::SeqCst)
    }

    /// Publishes a new key and signs with it from now on (the old one stays
    /// published, as Access does while tokens signed with it are valid).
    pub fn rotate(&self) -> String {
        let key = Key::generate(&random_kid());
        let kid = key.kid.clone();
        self.state.lock().unwrap().keys.push(key);
        kid
    }

    /// The claims Access puts in a token for `email`, valid from now.
    pub fn claims(&self, email: &str) -> Value {
        let now = now_seconds();
        json!({
            "aud": [self.audience],
            "email": email,
            "exp": now + TOKEN_SECONDS,
            "iat": now,
            "nbf": now,
            "iss": self.url(),
            "type": "app",
            "identity_nonce": random_kid(),
            "sub": format!("{:x}", now),
            "country": "DK"
        })
    }

    /// A valid token for `email`.
    pub fn token(&self, email: &str) -> String {
        self.sign(&self.claims(email))
    }

    /// `claims` signed with the current key, RS256.
    pub fn sign(&self, claims: &Value) -> String {
        let key = self.current_key();
        key.sign(
            &json!({"alg": "RS256", "kid": key.kid, "typ": "JWT"}),
            claims,
        )
    }

    fn handle<B>(&self, request: &Request<B>) -> Response<Body> {
        let query = request.uri().query().unwrap_or_default();
        let (status, content_type, body) = match request.uri().path() {
            "/cdn-cgi/access/certs" => {
                self.key_set_fetches.fetch_add(1, Ordering::SeqCst);
                let body = serde_json::to_string(&self.jwks()).unwrap_or_default();
                (StatusCode::OK, "application/json", body)
            }
            "/token" => match query_value(query, "email")
                .filter(|email| brud_shared::syntax::is_email(email))
            {
                Some(email) => (StatusCode::OK, "text/plain", self.token(&email)),
                None => (
                    StatusCode::BAD_REQUEST,
                    "text/plain",
                    "usage: /token?email=leder@demo.example\n".to_string(),
                ),
            },
            _ => (
                StatusCode::NOT_FOUND,
                "text/plain",
                "not found\n".to_string(),
            ),
        };
        answer(status, &[("content-type", content_type)], body)
    }
}

/// The value of `name` in a query string, decoded.
pub(crate) fn query_value(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn random_kid() -> String {
    use rand::Rng;
    let bytes: [u8; 12] = rand::thread_rng().gen();
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use brud_shared::access::{check_claims, parse, Expected};

    #[test]
    fn its_tokens_pass_the_domain_checks_and_verify_with_the_published_key() {
        let issuer = Issuer::start(0, "brud-local").unwrap();
        let token = issuer.token("Leder@Demo.example");
        let parts = parse(&token).unwrap();
        let expected = Expected::new("brud-local", &issuer.url()).unwrap();
        let now = chrono::DateTime::from_timestamp(now_seconds(), 0).unwrap();
        assert_eq!(
            check_claims(&parts.claims, &expected, now).unwrap(),
            "leder@demo.example"
        );
        // The signature verifies with the JWK's public key (rsa's verifier).
        let jwk = issuer.jwks().key(&parts.kid).cloned().unwrap();
        let n = rsa::BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(&jwk.n).unwrap());
        let e = rsa::BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(&jwk.e).unwrap());
        let public = rsa::RsaPublicKey::new(n, e).unwrap();
        let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(public);
        let signature = rsa::pkcs1v15::Signature::try_from(parts.signature.as_slice()).unwrap();
        use rsa::signature::Verifier;
        assert!(verifier
            .verify(parts.signing_input.as_bytes(), &signature)
            .is_ok());
        assert!(verifier.verify(b"something else", &signature).is_err());
    }

    #[test]
    fn addresses_in_a_query_are_decoded() {
        let query = "to=%2Fdesk%2F&email=leder%40demo.example";
        assert_eq!(query_value(query, "email").unwrap(), "leder@demo.example");
        assert_eq!(query_value(query, "to").unwrap(), "/desk/");
        assert_eq!(query_value(query, "nobody"), None);
    }

    #[test]
    fn the_key_set_and_a_token_are_served_over_http() {
        let issuer = Issuer::start(0, "brud-test").unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut certs = agent
            .get(format!("{}/cdn-cgi/access/certs", issuer.url()))
            .call()
            .unwrap();
        let jwks: Jwks = serde_json::from_slice(&certs.body_mut().read_to_vec().unwrap()).unwrap();
        assert_eq!(jwks.keys.len(), 1);
        assert_eq!(issuer.key_set_fetches(), 1);
        let mut token = agent
            .get(format!("{}/token?email=leder%40demo.example", issuer.url()))
            .call()
            .unwrap();
        let token = token.body_mut().read_to_string().unwrap();
        let parts = brud_shared::access::parse(&token).unwrap();
        assert_eq!(parts.claims.email.as_deref(), Some("leder@demo.example"));
        // Issued by the stand-in where it listens: the Worker checks `iss`.
        let expected = Expected::new("brud-test", &issuer.url()).unwrap();
        let now = chrono::DateTime::from_timestamp(now_seconds(), 0).unwrap();
        assert!(check_claims(&parts.claims, &expected, now).is_ok());
        let refused = agent
            .get(format!("{}/token?email=nobody", issuer.url()))
            .call()
            .unwrap();
        assert_eq!(refused.status(), 400);
    }
}
