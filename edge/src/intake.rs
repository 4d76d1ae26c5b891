//! Which rate limits a public request counts against, so that one client
//! cannot lock a whole school out. The form is public and unauthenticated:
//! a script sending valid reports must hit its own limit long before the
//! school's, and every other reporter of that school must still get
//! through. The numbers are the Workers rate-limit bindings' in
//! `wrangler.toml`; the keys are decided here.
//!
//! - Per client (`CF-Connecting-IP`, which Cloudflare sets and a client
//!   cannot) and organisation: strict on `POST /api/reports`
//!   ([`CLIENT_REPORTS`], 10 a minute: a school sends a few reports a
//!   year, and a school behind one address still has room), looser on
//!   `POST /api/assess` ([`CLIENT`], 60 a minute).
//! - Per client alone on `GET /api/reports/{id}/delivery`, before the id is
//!   looked up: an unknown id costs as much as a known one.
//! - Per organisation and route: a far higher ceiling ([`ORGANISATION`],
//!   600 a minute), so many clients at once still cannot flood a school's
//!   breach mailbox and register without end.

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

/// The limits a request to `route` from `client` (its `CF-Connecting-IP`,
/// if any) for organisation `org` (once known) counts against, in the
/// order to check them: the client's first.
pub fn limits(route: Route, client: Option<&str>, org: Option<&str>) -> Vec<Limit> {
    let client = client.filter(|c| !c.is_empty()).unwrap_or("unknown");
    let name = route.name();
    let mut limits = Vec::new();
    let per_client = match route {
        Route::Reports => CLIENT_REPORTS,
        Route::Assess | Route::Delivery => CLIENT,
    };
    limits.push(Limit {
        binding: per_client,
        key: match org {
            Some(org) => format!("{client}:{org}:{name}"),
            None => format!("{client}:{name}"),
        },
    });
    if let Some(org) = org {
        limits.push(Limit {
            binding: ORGANISATION,
            key: format!("{org}:{name}"),
        });
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_clients_of_one_school_count_apart_and_the_school_together() {
        let a = limits(Route::Reports, Some("203.0.113.7"), Some("demo"));
        let b = limits(Route::Reports, Some("198.51.100.2"), Some("demo"));
        assert_eq!(a[0].binding, CLIENT_REPORTS);
        assert_ne!(a[0].key, b[0].key);
        assert_eq!(a[1], b[1]);
        assert_eq!(a[1].binding, ORGANISATION);
        // One client's reports and its assessments count apart.
        let assess = limits(Route::Assess, Some("203.0.113.7"), Some("demo"));
        assert_eq!(assess[0].binding, CLIENT);
        assert_ne!(assess[1].key, a[1].key);
        // Another school from the same address counts apart.
        let other = limits(Route::Reports, Some("203.0.113.7"), Some("zahles"));
        assert_ne!(other[0].key, a[0].key);
        assert_ne!(other[1].key, a[1].key);
    }

    #[test]
    fn a_delivery_is_limited_by_client_before_its_school_is_known() {
        let before = limits(Route::Delivery, Some("203.0.113.7"), None);
        assert_eq!(
            before,
            vec![Limit {
                binding: CLIENT,
                key: "203.0.113.7:delivery".into()
            }]
        );
        // Without the header (never behind Cloudflare): one shared client.
        assert_eq!(
            limits(Route::Delivery, None, None)[0].key,
            "unknown:delivery"
        );
    }
}
