//! Which rate limits a public request counts against, so that one client
//! cannot lock a whole school out. The form is public and unauthenticated:
//! a script sending valid reports must hit its own limit long before the
//! school's, and every other reporter of that school must still get
//! through. The numbers are the Workers rate-limit bindings' in
//! `wrangler.toml`; the keys are decided here.
//!
//! - Per client and route, counted before the body is read (so junk, and
//!   reports for schools that do not exist, cost the sender as much as
//!   anything else): strict on `POST /api/reports` ([`CLIENT_REPORTS`], 10
//!   a minute: a school sends a few reports a year, and a school behind
//!   one address still has room), looser on `POST /api/assess` and
//!   `GET /api/reports/{id}/delivery` ([`CLIENT`], 60 a minute). The client
//!   is its `CF-Connecting-IP` (which Cloudflare sets and a client cannot)
//!   as [`client_key`] counts it: an IPv4 address, or an IPv6 /64, since a
//!   host may rotate its address within its /64 at will.
//! - Per organisation and route, once the report names its school: a far
//!   higher ceiling ([`ORGANISATION`], 600 a minute), so many clients at
//!   once still cannot flood a school's breach mailbox and register
//!   without end.

/// The binding of the per-client limit on new reports.
pub const CLIENT_REPORTS: &str = "RATE_CLIENT_REPORTS";
/// The binding of the per-client limit on the other public routes.
pub const CLIENT: &str = "RATE_CLIENT";
/// The binding of the per-organisation ceiling.
pub const ORGANISATION: &str = "RATE_LIMITER";

/// A public route that is rate-limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST /api/reports`.
    Reports,
    /// `POST /api/assess`.
    Assess,
    /// `GET /api/reports/{id}/delivery`.
    Delivery,
}

impl Route {
    fn name(self) -> &'static str {
        match self {
            Route::Reports => "reports",
            Route::Assess => "assess",
            Route::Delivery => "delivery",
        }
    }
}

/// One limit to count a request against: the binding and the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The rate-limit binding (`wrangler.toml`).
    pub binding: &'static str,
    /// What is counted together.
    pub key: String,
}

/// The key a client is counted by: its IPv4 address, or the /64 network of
/// its IPv6 address (one home, phone or school network is given a whole
/// /64, and a host may take any address within it); an IPv4 address mapped
/// into IPv6 counts as that IPv4 address. Without a readable address
/// (never the case behind Cloudflare): one shared `unknown`.
///
/// Example: `2001:db8:7:9:a:b:c:d` → `2001:db8:7:9::/64`.
pub fn client_key(address: Option<&str>) -> String {
    use std::net::{IpAddr, Ipv6Addr};
    match address.and_then(|a| a.trim().parse::<IpAddr>().ok()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
        None => "unknown".to_string(),
    }
}

/// The client's limit on `route` for a request from `client` (its
/// `CF-Connecting-IP`, if any): counted first, before the body is read.
pub fn client_limit(route: Route, client: Option<&str>) -> Limit {
    Limit {
        binding: match route {
            Route::Reports => CLIENT_REPORTS,
            Route::Assess | Route::Delivery => CLIENT,
        },
        key: format!("{}:{}", client_key(client), route.name()),
    }
}

/// The organisation's ceiling on `route`: counted once the report names
/// its school.
pub fn organisation_limit(route: Route, org: &str) -> Limit {
    Limit {
        binding: ORGANISATION,
        key: format!("{org}:{}", route.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_clients_of_one_school_count_apart_and_the_school_together() {
        let a = client_limit(Route::Reports, Some("203.0.113.7"));
        let b = client_limit(Route::Reports, Some("198.51.100.2"));
        assert_eq!(a.binding, CLIENT_REPORTS);
        assert_ne!(a.key, b.key);
        let school = organisation_limit(Route::Reports, "demo");
        assert_eq!(school.binding, ORGANISATION);
        assert_eq!(school.key, "demo:reports");
        // One client's reports and its assessments count apart.
        let assess = client_limit(Route::Assess, Some("203.0.113.7"));
        assert_eq!(assess.binding, CLIENT);
        assert_ne!(assess.key, a.key);
        assert_ne!(organisation_limit(Route::Assess, "demo").key, school.key);
        // Before the body is read, the school is not known: one client is
        // one client whichever school it names.
        assert_eq!(a.key, "203.0.113.7:reports");
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_is_the_ipv4() {
        let one = client_key(Some("2001:db8:7:9:a:b:c:d"));
        assert_eq!(one, "2001:db8:7:9::/64");
        // Another address in the same /64: the same client.
        assert_eq!(client_key(Some("2001:db8:7:9::1")), one);
        assert_eq!(client_key(Some("2001:0db8:0007:0009:ffff:0:0:1")), one);
        // The next /64: another.
        assert_ne!(client_key(Some("2001:db8:7:a::1")), one);
        assert_eq!(client_key(Some("::ffff:203.0.113.7")), "203.0.113.7");
        assert_eq!(client_key(Some(" 203.0.113.7 ")), "203.0.113.7");
        assert_eq!(
            client_limit(Route::Reports, Some("2001:db8:7:9::42")).key,
            "2001:db8:7:9::/64:reports"
        );
    }

    #[test]
    fn a_missing_or_unreadable_address_is_one_shared_client() {
        assert_eq!(client_key(None), "unknown");
        assert_eq!(client_key(Some("")), "unknown");
        assert_eq!(client_key(Some("not-an-address")), "unknown");
        assert_eq!(
            client_limit(Route::Delivery, None),
            Limit {
                binding: CLIENT,
                key: "unknown:delivery".into()
            }
        );
    }
}
