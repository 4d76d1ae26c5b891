//! Names and comparison of the deployment's secrets.
//!
//! Secrets themselves never enter the domain's types; only their names do,
//! so the Worker, the tests and the scripts (through `brud-config`) look up
//! the same Worker secret for an organisation.

/// The Worker secret holding the webhook signing key of organisation
/// `org_id`: `WEBHOOK_SECRET_` and the id in capitals with `-` as `_`.
///
/// ```
/// assert_eq!(
///     brud_shared::secret::webhook_secret_name("aalborg-kulturskole"),
///     "WEBHOOK_SECRET_AALBORG_KULTURSKOLE"
/// );
/// ```
pub fn webhook_secret_name(org_id: &str) -> String {
    format!("WEBHOOK_SECRET_{}", env_suffix(org_id))
}

/// The Worker secret holding the bearer token of organisation `org_id`'s
/// DPO for the deliveries route: `DPO_TOKEN_` and the id as above.
pub fn dpo_token_name(org_id: &str) -> String {
    format!("DPO_TOKEN_{}", env_suffix(org_id))
}

/// An organisation id as the suffix of an environment variable's name.
fn env_suffix(org_id: &str) -> String {
    org_id.to_ascii_uppercase().replace('-', "_")
}

/// Whether `a` and `b` are equal, in time that depends only on their
/// lengths (for comparing signatures and tokens).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_environment_variable_names() {
        assert_eq!(webhook_secret_name("zahles"), "WEBHOOK_SECRET_ZAHLES");
        assert_eq!(dpo_token_name("demo-2"), "DPO_TOKEN_DEMO_2");
    }

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"v1,abc", b"v1,abc"));
        assert!(!constant_time_eq(b"v1,abc", b"v1,abd"));
        assert!(!constant_time_eq(b"v1,abc", b"v1,ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
