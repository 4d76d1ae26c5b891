//! Signed deliveries per the Standard Webhooks specification.
//!
//! Every delivery of a report carries three headers:
//!
//! - `webhook-id`: the report id, the same on every retry, so a receiver can
//!   drop duplicates;
//! - `webhook-timestamp`: Unix seconds when this attempt was signed;
//! - `webhook-signature`: `v1,` + base64 of HMAC-SHA256 over
//!   `{webhook-id}.{webhook-timestamp}.{body}` with the organisation's secret.
//!
//! The secret is a Worker secret ([`crate::secret::webhook_secret_name`]). In the Standard
//! Webhooks form `whsec_<base64>` the key is the decoded bytes; any other
//! string is used as the key as it is.
//!
//! A receiver verifies by recomputing the signature over the raw body it
//! received, comparing in constant time, and rejecting timestamps more than
//! [`TOLERANCE_SECONDS`] from its own clock (replay protection):
//! [`verify`] does exactly that.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::secret::constant_time_eq;

/// How far a delivery's timestamp may be from the receiver's clock.
pub const TOLERANCE_SECONDS: i64 = 5 * 60;

/// The key bytes of a secret: `whsec_<base64>` decoded, else the string's bytes.
pub fn secret_key(secret: &str) -> Vec<u8> {
    secret
        .strip_prefix("whsec_")
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec())
}

/// The `webhook-signature` value for one delivery attempt.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&secret_key(secret)).expect("HMAC takes keys of any length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// Why a delivery was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The timestamp is not a number.
    BadTimestamp,
    /// The timestamp is too far from `now`.
    Stale,
    /// No `v1` signature matches.
    BadSignature,
}

/// Verifies a delivery as a receiver should. `signatures` is the header
/// value, which may hold several space-separated signatures (key rotation).
pub fn verify(
    secret: &str,
    id: &str,
    timestamp: &str,
    signatures: &str,
    body: &[u8],
    now: i64,
) -> Result<(), VerifyError> {
    let timestamp: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| VerifyError::BadTimestamp)?;
    // abs_diff: `now - timestamp` overflows for a hostile i64::MIN.
    if now.abs_diff(timestamp) > TOLERANCE_SECONDS.unsigned_abs() {
        return Err(VerifyError::Stale);
    }
    let expected = sign(secret, id, timestamp, body);
    let matches = signatures
        .split_whitespace()
        .any(|candidate| constant_time_eq(candidate.as_bytes(), expected.as_bytes()));
    if matches {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// Lower-case hex SHA-256 of `bytes`: how the Worker recognises a resubmitted
/// report.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_webhooks_reference_vector() {
        // The example from the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            sign(secret, id, 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn verifies_fresh_signed_deliveries_only() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = b"{}";
        let signature = sign(secret, "id-1", 1_000, body);
        assert_eq!(
            verify(secret, "id-1", "1000", &signature, body, 1_100),
            Ok(())
        );
        let rotated = format!("v1,AAAA {signature}");
        assert_eq!(
            verify(secret, "id-1", "1000", &rotated, body, 1_100),
            Ok(())
        );
        assert_eq!(
            verify(secret, "id-1", "1000", &signature, b"{ }", 1_100),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify(secret, "id-2", "1000", &signature, body, 1_100),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify("whsec_b3RoZXI=", "id-1", "1000", &signature, body, 1_100),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify(secret, "id-1", "1000", &signature, body, 1_000 + 301),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify(secret, "id-1", "soon", &signature, body, 1_000),
            Err(VerifyError::BadTimestamp)
        );
    }

    #[test]
    fn hostile_timestamps_are_stale_not_a_panic() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        for (timestamp, now) in [
            (i64::MIN, 1_000),
            (i64::MAX, 1_000),
            (i64::MIN, i64::MAX),
            (i64::MAX, i64::MIN),
            (1_000, i64::MIN),
        ] {
            let signature = sign(secret, "id-1", timestamp, b"{}");
            assert_eq!(
                verify(
                    secret,
                    "id-1",
                    &timestamp.to_string(),
                    &signature,
                    b"{}",
                    now
                ),
                Err(VerifyError::Stale),
                "{timestamp} at {now}"
            );
        }
        let signature = sign(secret, "id-1", i64::MAX, b"{}");
        assert_eq!(
            verify(
                secret,
                "id-1",
                &i64::MAX.to_string(),
                &signature,
                b"{}",
                i64::MAX - 300
            ),
            Ok(())
        );
    }

    #[test]
    fn plain_secrets_are_used_as_they_are() {
        assert_eq!(secret_key("not-base64"), b"not-base64");
        assert_eq!(secret_key("whsec_aGk="), b"hi");
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
