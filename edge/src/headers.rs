//! The headers of each kind of answer: CORS for the form's API calls from
//! a school's intranet, and the security headers of the API, the form and
//! the desk. Lists of `(name, value)` that the Worker sets as they are.

use brud_shared::{OrgDirectory, OrgProfile};

/// A header to set.
pub type Header = (&'static str, String);

/// Whether `origin` may call the API for `org`, or, when the organisation is
/// not known yet (a preflight, a body that did not parse), for any
/// configured organisation.
pub fn origin_allowed(origin: &str, org: Option<&OrgProfile>, directory: &OrgDirectory) -> bool {
    match org {
        Some(org) => org.embed_origins.iter().any(|allowed| allowed == origin),
        None => directory
            .orgs
            .iter()
            .any(|org| org.embed_origins.iter().any(|allowed| allowed == origin)),
    }
}

/// CORS for an answer to `origin`: always `Vary: Origin`, and the origin
/// allowed when it is one of the organisation's intranets.
pub fn cors(
    origin: Option<&str>,
    org: Option<&OrgProfile>,
    directory: &OrgDirectory,
) -> Vec<Header> {
    let mut headers = vec![("vary", "Origin".to_string())];
    if let Some(origin) = origin.filter(|o| origin_allowed(o, org, directory)) {
        headers.push(("access-control-allow-origin", origin.to_string()));
    }
    headers
}

/// Where the desk's API lives: same-origin only, never CORS (the form's
/// intranet origins may call the form's API, not the desk's).
pub const DESK_API: &str = "/api/desk/";

/// The answer to a CORS preflight for `path` under `/api/` (status 204):
/// the methods and headers only for an allowed origin, and never for the
/// desk's API.
pub fn preflight(path: &str, origin: Option<&str>, directory: &OrgDirectory) -> Vec<Header> {
    let origin = origin.filter(|_| !path.starts_with(DESK_API));
    let mut headers = cors(origin, None, directory);
    if headers.len() > 1 {
        headers.extend([
            ("access-control-allow-methods", "GET, POST, OPTIONS".into()),
            (
                "access-control-allow-headers",
                "content-type, authorization".into(),
            ),
            ("access-control-max-age", "600".into()),
        ]);
    }
    headers
}

/// Whether a request that changes something on the desk (a POST) comes
/// from the desk's own page: the browser says `Sec-Fetch-Site:
/// same-origin`, or the request's `Origin` is the desk's own (`site_url`,
/// the Worker var `SITE_URL`). A page of another site cannot make either
/// true, so a signed-in person's browser cannot be made to record an
/// entry by someone else's page (the cookie Access sets would go along).
pub fn same_site_write(sec_fetch_site: Option<&str>, origin: Option<&str>, site_url: &str) -> bool {
    let site = site_url.trim_end_matches('/');
    sec_fetch_site == Some("same-origin")
        || origin.is_some_and(|origin| !site.is_empty() && origin == site)
}

/// Headers every answer carries.
pub fn common() -> Vec<Header> {
    vec![
        ("x-content-type-options", "nosniff".into()),
        ("referrer-policy", "no-referrer".into()),
    ]
}

/// Headers of API answers: never cached, never framed, nothing active.
pub fn api() -> Vec<Header> {
    let mut headers = common();
    headers.extend([
        ("cache-control", "no-store".into()),
        (
            "content-security-policy",
            "default-src 'none'; frame-ancestors 'none'".into(),
        ),
    ]);
    headers
}

/// The policy the form and the desk share, framed by `ancestors`.
fn page_csp(ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// The form's headers: scripts only from this origin (plus compiling our
/// own WebAssembly), no inline scripts; framing only by the organisation's
/// configured intranet origins.
pub fn form(org: Option<&OrgProfile>) -> Vec<Header> {
    let mut ancestors = String::from("'self'");
    for origin in org
        .map(|org| org.embed_origins.as_slice())
        .unwrap_or_default()
    {
        ancestors.push(' ');
        ancestors.push_str(origin);
    }
    let mut headers = common();
    headers.push(("content-security-policy", page_csp(&ancestors)));
    headers
}

/// The desk's headers: like the form's, but never framed by anyone (it is
/// for staff behind Access, not for the intranet), and never indexed.
pub fn desk() -> Vec<Header> {
    let mut headers = common();
    headers.push(("content-security-policy", page_csp("'none'")));
    headers.push(("x-robots-tag", "noindex".into()));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> OrgDirectory {
        let orgs = [("a", "https://intra.a.dk"), ("b", "https://intra.b.dk")]
            .map(|(id, origin)| crate::page::tests::org(id, origin));
        OrgDirectory { orgs: orgs.into() }
    }

    fn get<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn an_intranet_may_call_the_api_for_its_own_school_only() {
        let directory = directory();
        let a = directory.get("a");
        let allowed = cors(Some("https://intra.a.dk"), a, &directory);
        assert_eq!(
            get(&allowed, "access-control-allow-origin"),
            Some("https://intra.a.dk")
        );
        let other = cors(Some("https://intra.b.dk"), a, &directory);
        assert_eq!(get(&other, "access-control-allow-origin"), None);
        assert_eq!(get(&other, "vary"), Some("Origin"));
        // Before the school is known, any configured intranet.
        let unknown = cors(Some("https://intra.b.dk"), None, &directory);
        assert_eq!(
            get(&unknown, "access-control-allow-origin"),
            Some("https://intra.b.dk")
        );
        assert_eq!(
            get(
                &cors(Some("https://evil.example"), None, &directory),
                "access-control-allow-origin"
            ),
            None
        );
        assert_eq!(
            get(&cors(None, a, &directory), "access-control-allow-origin"),
            None
        );
    }

    #[test]
    fn only_the_desks_own_pages_may_write_to_it() {
        let site = "https://brud.skolen.dk";
        assert!(same_site_write(Some("same-origin"), None, site));
        assert!(same_site_write(None, Some(site), site));
        assert!(same_site_write(None, Some(site), "https://brud.skolen.dk/"));
        assert!(!same_site_write(
            Some("cross-site"),
            Some("https://evil.example"),
            site
        ));
        assert!(!same_site_write(
            Some("same-site"),
            Some("https://intra.skolen.dk"),
            site
        ));
        assert!(!same_site_write(None, None, site));
        // Without a site URL only the browser's word counts.
        assert!(!same_site_write(None, Some(""), ""));
        assert!(same_site_write(Some("same-origin"), None, ""));
    }

    #[test]
    fn a_preflight_names_methods_only_to_an_allowed_origin() {
        let directory = directory();
        let desk = preflight(
            "/api/desk/orgs/a/cases/A-1/events",
            Some("https://intra.a.dk"),
            &directory,
        );
        assert_eq!(desk, vec![("vary", "Origin".to_string())]);
        let allowed = preflight("/api/reports", Some("https://intra.a.dk"), &directory);
        assert_eq!(
            get(&allowed, "access-control-allow-methods"),
            Some("GET, POST, OPTIONS")
        );
        assert_eq!(get(&allowed, "access-control-max-age"), Some("600"));
        let refused = preflight("/api/reports", Some("https://evil.example"), &directory);
        assert_eq!(refused, vec![("vary", "Origin".to_string())]);
    }

    #[test]
    fn only_the_schools_intranet_may_frame_the_form_and_nobody_the_desk() {
        let directory = directory();
        let form_a = form(directory.get("a"));
        let csp = get(&form_a, "content-security-policy").unwrap();
        assert!(
            csp.ends_with("frame-ancestors 'self' https://intra.a.dk"),
            "{csp}"
        );
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let without = form(None);
        assert!(get(&without, "content-security-policy")
            .unwrap()
            .ends_with("frame-ancestors 'self'"));
        let desk = desk();
        assert!(get(&desk, "content-security-policy")
            .unwrap()
            .ends_with("frame-ancestors 'none'"));
        assert_eq!(get(&desk, "x-robots-tag"), Some("noindex"));
        for headers in [form_a, desk, api()] {
            assert_eq!(get(&headers, "x-content-type-options"), Some("nosniff"));
            assert_eq!(get(&headers, "referrer-policy"), Some("no-referrer"));
        }
        let api = api();
        assert_eq!(get(&api, "cache-control"), Some("no-store"));
        assert_eq!(
            get(&api, "content-security-policy"),
            Some("default-src 'none'; frame-ancestors 'none'")
        );
    }
}
