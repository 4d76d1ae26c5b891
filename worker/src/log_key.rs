//! The log key: the Ed25519 key the Worker signs every case log's head
//! with ([`brud_case::chain`]), through the runtime's WebCrypto.
//!
//! The private key is the Worker secret `LOG_SIGNING_KEY`: a PKCS #8 DER
//! key, base64 (`openssl genpkey -algorithm ed25519 -outform DER | base64
//! -w0`; `scripts/deploy` makes one). The public key is derived from it, so
//! the two cannot disagree.
//!
//! The key can be rotated (`scripts/deploy --rotate-log-key`): the new key
//! signs from then on, and the keys it replaced stay in `LOG_RETIRED_KEYS`
//! (their public halves only, the JWK `x` of each, separated by spaces or
//! commas), so every head and event they signed still verifies. Each
//! signature names its key's id, so the right key is picked. The set,
//! current key first, is published at `GET /.well-known/brud-log-key` as a
//! JWK Set: what `brud-verify` checks an export with.
//! Without the secret nothing is recorded on a case (the report itself is
//! still stored and delivered, and the case opened by a later run once the
//! secret is set): a log the Worker cannot sign is a log it cannot vouch
//! for.

use std::cell::RefCell;
use std::rc::Rc;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use brud_case::chain::{key_id, LogHead, Signature};
use serde::Serialize;
use worker::js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::web_sys::{CryptoKey, SubtleCrypto, WorkerGlobalScope};
use worker::Env;

use crate::error::ApiError;

/// Where the public key is published.
pub const PATH: &str = "/.well-known/brud-log-key";

/// The secret's name.
pub const SECRET: &str = "LOG_SIGNING_KEY";

/// The retired keys' public halves (a secret or a var: nothing in it is
/// secret).
pub const RETIRED: &str = "LOG_RETIRED_KEYS";

/// The public half, as published: a JWK (RFC 8037) with its key id.
#[derive(Debug, Clone, Serialize)]
pub struct PublicKey {
    pub kty: &'static str,
    pub crv: &'static str,
    /// The 32 bytes of the public key, base64url.
    pub x: String,
    /// [`key_id`] of those bytes, the `key` every signature names.
    pub kid: String,
    #[serde(rename = "use")]
    pub usage: &'static str,
}

/// The published key set (RFC 7517's JWK Set): the current key first,
/// then the retired ones.
#[derive(Debug, Clone, Serialize)]
pub struct KeySet {
    pub keys: Vec<PublicKey>,
}

/// The log key, imported: signs heads and checks signatures, its own and
/// those of the keys it replaced.
pub struct LogKey {
    private: CryptoKey,
    public: CryptoKey,
    /// What is published of the current key.
    pub published: PublicKey,
    /// The retired keys: each one's public half, imported.
    retired: Vec<(PublicKey, CryptoKey)>,
}

impl PublicKey {
    /// The JWK of the 32 bytes `raw`, whose base64url is `x`.
    fn of(raw: &[u8], x: String) -> PublicKey {
        PublicKey {
            kty: "OKP",
            crv: "Ed25519",
            kid: key_id(raw),
            x,
            usage: "sig",
        }
    }
}

/// The retired keys' `x` values from [`RETIRED`], in order.
fn retired_keys(env: &Env) -> Vec<String> {
    let text = env
        .secret(RETIRED)
        .map(|secret| secret.to_string())
        .or_else(|_| env.var(RETIRED).map(|var| var.to_string()))
        .unwrap_or_default();
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Imports the Ed25519 public key whose JWK `x` is `x`, for verifying.
async fn import_public(
    subtle: &SubtleCrypto,
    algorithm: &Object,
    x: &str,
) -> Result<CryptoKey, ApiError> {
    let public_jwk = Object::new();
    for (name, value) in [("kty", "OKP"), ("crv", "Ed25519"), ("x", x)] {
        Reflect::set(&public_jwk, &name.into(), &value.into()).map_err(webcrypto("object"))?;
    }
    Ok(JsFuture::from(
        subtle
            .import_key_with_object(
                "jwk",
                &public_jwk,
                algorithm,
                true,
                &Array::of1(&"verify".into()),
            )
            .map_err(webcrypto("import public"))?,
    )
    .await
    .map_err(webcrypto("import public"))?
    .unchecked_into())
}

fn webcrypto(what: &'static str) -> impl Fn(JsValue) -> ApiError {
    move |_| ApiError::Internal(format!("log key: {what}"))
}

fn subtle() -> Result<SubtleCrypto, ApiError> {
    let global: WorkerGlobalScope = worker::js_sys::global().unchecked_into();
    Ok(global.crypto().map_err(webcrypto("crypto"))?.subtle())
}

fn ed25519() -> Result<Object, ApiError> {
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into()).map_err(webcrypto("object"))?;
    Ok(algorithm)
}

thread_local! {
    /// The key as imported by this isolate: a secret does not change while
    /// an isolate lives (a new one comes with a new deployment), so it is
    /// imported once, not on every request that records or verifies.
    static IMPORTED: RefCell<Option<Rc<LogKey>>> = const { RefCell::new(None) };
}

impl LogKey {
    /// The key from the Worker's secret, imported once per isolate;
    /// `Internal` without it, or with a secret that is not an Ed25519
    /// PKCS #8 key (tried again on the next call).
    pub async fn from_env(env: &Env) -> Result<Rc<LogKey>, ApiError> {
        if let Some(key) = IMPORTED.with(|imported| imported.borrow().clone()) {
            return Ok(key);
        }
        let key = Rc::new(LogKey::import(env).await?);
        IMPORTED.with(|imported| *imported.borrow_mut() = Some(key.clone()));
        Ok(key)
    }

    /// Imports the key from the Worker's secret.
    async fn import(env: &Env) -> Result<LogKey, ApiError> {
        let secret = env
            .secret(SECRET)
            .map_err(|_| ApiError::Internal(format!("no {SECRET}")))?
            .to_string();
        let der = STANDARD
            .decode(secret.trim())
            .map_err(|_| ApiError::Internal(format!("{SECRET} is not base64")))?;
        let subtle = subtle()?;
        let algorithm = ed25519()?;
        // Extractable only to read the public half from it.
        let private: CryptoKey = JsFuture::from(
            subtle
                .import_key_with_object(
                    "pkcs8",
                    &Uint8Array::from(der.as_slice()),
                    &algorithm,
                    true,
                    &Array::of1(&"sign".into()),
                )
                .map_err(webcrypto("import"))?,
        )
        .await
        .map_err(|_| ApiError::Internal(format!("{SECRET} is not an Ed25519 key")))?
        .unchecked_into();
        let jwk = JsFuture::from(
            subtle
                .export_key("jwk", &private)
                .map_err(webcrypto("export"))?,
        )
        .await
        .map_err(webcrypto("export"))?;
        let x = Reflect::get(&jwk, &"x".into())
            .ok()
            .and_then(|x| x.as_string())
            .ok_or_else(|| ApiError::Internal("log key: no public half".into()))?;
        let raw = URL_SAFE_NO_PAD
            .decode(&x)
            .map_err(|_| ApiError::Internal("log key: public half".into()))?;
        let public = import_public(&subtle, &algorithm, &x).await?;
        let published = PublicKey::of(&raw, x);
        let mut retired = Vec::new();
        for x in retired_keys(env) {
            let Some(raw) = URL_SAFE_NO_PAD
                .decode(x.trim_end_matches('='))
                .ok()
                .filter(|raw| raw.len() == 32)
            else {
                worker::console_error!(
                    "{RETIRED}: an entry is not a public key (32 bytes, base64url); skipped"
                );
                continue;
            };
            let key = PublicKey::of(&raw, x);
            if key.kid == published.kid
                || retired
                    .iter()
                    .any(|(known, _): &(PublicKey, CryptoKey)| known.kid == key.kid)
            {
                continue;
            }
            let imported = import_public(&subtle, &algorithm, &key.x).await?;
            retired.push((key, imported));
        }
        Ok(LogKey {
            private,
            public,
            published,
            retired,
        })
    }

    /// The set to publish: the current key, then the retired ones.
    pub fn key_set(&self) -> KeySet {
        let mut keys = vec![self.published.clone()];
        keys.extend(self.retired.iter().map(|(key, _)| key.clone()));
        KeySet { keys }
    }

    /// Signs `head`.
    pub async fn sign(&self, head: &LogHead) -> Result<Signature, ApiError> {
        self.sign_text(&head.signing_input()).await
    }

    /// Signs `text` (a head's or a checkpoint's signing input).
    pub async fn sign_text(&self, text: &str) -> Result<Signature, ApiError> {
        let data = Uint8Array::from(text.as_bytes());
        let signed = JsFuture::from(
            subtle()?
                .sign_with_object_and_js_u8_array(&ed25519()?, &self.private, &data)
                .map_err(webcrypto("sign"))?,
        )
        .await
        .map_err(webcrypto("sign"))?;
        let bytes = Uint8Array::new(&signed.unchecked_into::<ArrayBuffer>()).to_vec();
        Ok(Signature {
            key: self.published.kid.clone(),
            value: URL_SAFE_NO_PAD.encode(bytes),
        })
    }

    /// Whether `signature` is the current key's or a retired key's (the
    /// one it names), over `head`.
    pub async fn holds(&self, head: &LogHead, signature: &Signature) -> Result<bool, ApiError> {
        let public = if signature.key == self.published.kid {
            &self.public
        } else {
            match self
                .retired
                .iter()
                .find(|(key, _)| key.kid == signature.key)
            {
                Some((_, public)) => public,
                None => return Ok(false),
            }
        };
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(&signature.value) else {
            return Ok(false);
        };
        let verified = JsFuture::from(
            subtle()?
                .verify_with_object_and_js_u8_array_and_js_u8_array(
                    &ed25519()?,
                    public,
                    &Uint8Array::from(bytes.as_slice()),
                    &Uint8Array::from(head.signing_input().as_bytes()),
                )
                .map_err(webcrypto("verify"))?,
        )
        .await
        .map_err(webcrypto("verify"))?;
        Ok(verified.as_bool() == Some(true))
    }
}
