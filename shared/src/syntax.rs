//! Syntax checks of single values: identifiers, e-mail addresses, phone
//! numbers, URLs and origins.
//!
//! The bottom of the domain: no other module of the crate is used here, and
//! every other module may use these. They say whether a value has the right
//! shape, never whether it is true (an address may still bounce).

/// Longest organisation id.
pub const MAX_ORG_ID: usize = 64;

/// A UUID in its canonical hyphenated form (any version).
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// An organisation id: 1–64 lowercase ASCII letters, digits and hyphens.
pub fn is_org_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_ORG_ID
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A plausible e-mail address: one `@`, something before it, a dotted
/// domain after it, no spaces. Deliverability is the mail server's business.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// A plausible phone number: digits with optional spaces, hyphens,
/// parentheses and a leading `+`; 8 to 15 digits.
pub fn is_phone(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
        && (8..=15).contains(&digits)
}

/// `http://127.0.0.1` or `http://localhost`, followed by nothing, a port
/// or a path: a URL that can only reach this machine. A prefix test would
/// let `http://localhost.evil.example` through; this does not.
pub fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = ["http://127.0.0.1", "http://localhost"]
        .iter()
        .find_map(|prefix| url.strip_prefix(prefix))
    else {
        return false;
    };
    // What follows the host: nothing, a path, or a port (digits only, so
    // `http://127.0.0.1:x@evil.example` is a user name, not a port) and then
    // nothing or a path.
    let rest = match rest.strip_prefix(':') {
        Some(port_and_path) => {
            let port_end = port_and_path.find('/').unwrap_or(port_and_path.len());
            let port = &port_and_path[..port_end];
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            &port_and_path[port_end..]
        }
        None => rest,
    };
    rest.is_empty() || rest.starts_with('/')
}

/// An https URL, or http on the loopback interface for local runs.
pub fn is_endpoint(url: &str) -> bool {
    let host_part = url
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', ':']).next().unwrap_or(""));
    host_part.is_some_and(|host| !host.is_empty()) || is_loopback_http(url)
}

/// `scheme://host[:port]` with no path, as browsers send in `Origin`.
pub fn is_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    matches!(scheme, "https" | "http")
        && !rest.is_empty()
        && !rest.contains('/')
        && (scheme == "https" || is_loopback_http(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_uuids() {
        assert!(is_uuid("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6d"));
        assert!(!is_uuid("0d9f4c1e3b0a4c559d0b1f2e3a4b5c6d"));
        assert!(!is_uuid("0d9f4c1e-3b0a-4c55-9d0b-1f2e3a4b5c6g"));
        assert!(!is_uuid(""));
    }

    #[test]
    fn recognises_org_ids() {
        assert!(is_org_id("zahles"));
        assert!(is_org_id("aalborg-kulturskole"));
        assert!(!is_org_id("Zahles"));
        assert!(!is_org_id("../etc"));
        assert!(!is_org_id(""));
    }

    #[test]
    fn recognises_contact_details() {
        assert!(is_email("anne@example.dk"));
        assert!(!is_email("anne@example"));
        assert!(!is_email("anne example.dk"));
        assert!(!is_email("a@b@c.dk"));
        assert!(is_phone("12 34 56 78"));
        assert!(is_phone("+45 12345678"));
        assert!(!is_phone("1234"));
        assert!(!is_phone("ring mig"));
    }

    #[test]
    fn loopback_urls_are_exactly_loopback() {
        for url in [
            "http://127.0.0.1",
            "http://127.0.0.1:8788/hook",
            "http://localhost/",
            "http://localhost:9000",
        ] {
            assert!(is_loopback_http(url), "{url}");
        }
        for url in [
            "http://localhost.evil.example",
            "http://localhost.evil.example:8788/hook",
            "http://127.0.0.1.evil.dk/hook",
            "http://127.0.0.10/hook",
            "https://127.0.0.1/hook",
            "http://localhost@evil.example/",
            "http://127.0.0.1:x@evil.example/",
            "http://localhost:/hook",
            "http://evil.example/?http://127.0.0.1",
        ] {
            assert!(!is_loopback_http(url), "{url}");
        }
    }

    #[test]
    fn endpoints_and_origins() {
        assert!(is_endpoint("https://hooks.example.dk/brud"));
        assert!(is_endpoint("http://127.0.0.1:8788/hook"));
        assert!(!is_endpoint("http://127.0.0.1.evil.dk/hook"));
        assert!(!is_endpoint("http://localhost.evil.example/hook"));
        assert!(!is_endpoint("http://example.dk/hook"));
        assert!(!is_endpoint("https://"));
        assert!(is_origin("https://intra.zahles.dk"));
        assert!(is_origin("http://localhost:8080"));
        assert!(!is_origin("http://localhost.evil.example"));
        assert!(!is_origin("http://intra.zahles.dk"));
        assert!(!is_origin("https://intra.zahles.dk/"));
    }
}
