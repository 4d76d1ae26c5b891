//! The `Link` header of the desk's page as it is served without a drawn
//! first screen (signed out, a case, the control report): the desk's wasm
//! and the API answers its first screen needs, preloaded by the browser
//! beside the desk's code instead of after it (on a phone that is the
//! difference between the page shown at once after the code starts and one
//! more round trip; BENCHMARKS.md). A page with its first screen drawn in
//! it preloads nothing: its data is in it, and its wasm is fetched once the
//! screen has been painted (`desk/js/start.js`), so that the page's HTML
//! and style do not share the connection with 300 kB of code.

use crate::route::DeskRoute;

/// The desk's wasm, as `scripts/build-app` names it.
pub const DESK_WASM: &str = "/desk/pkg/brud_desk_bg.wasm";

/// An API answer the desk's first screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preload {
    /// Who is signed in (`/api/desk/me`).
    Me,
    /// The case the address names.
    Case {
        /// Its organisation.
        org: String,
        /// Its reference.
        reference: String,
    },
    /// The register's first page, of the organisation or of all the
    /// person's.
    Register {
        /// The organisation, if the address names one.
        org: Option<String>,
    },
}

/// What the desk's page at `route` preloads beside the desk's wasm: who is
/// signed in; then the case the address names, or the register's first
/// page (of the organisation, or of all the person's). Nothing more for the
/// control report (computed on request) or an organisation not configured
/// here (`org_known` false: the desk refuses it). The Worker writes each as
/// the address the desk asks it with (`brud_case::desk`, which
/// percent-encodes what it takes) in [`link_header`].
pub fn desk_preloads(route: &DeskRoute, org_known: bool) -> Vec<Preload> {
    let mut preloads = vec![Preload::Me];
    let register = !route.control && (route.org.is_none() || org_known);
    match (
        route.org.as_deref().filter(|_| org_known),
        route.case.as_deref(),
    ) {
        (Some(org), Some(case)) => preloads.push(Preload::Case {
            org: org.to_string(),
            reference: case.to_string(),
        }),
        (org, None) if register => preloads.push(Preload::Register {
            org: org.map(str::to_string),
        }),
        _ => {}
    }
    preloads
}

/// The `Link` header preloading the desk's wasm and the API answers at
/// `paths` (already percent-encoded: nothing in them can end the header).
pub fn link_header(paths: &[String]) -> String {
    let code = format!("<{DESK_WASM}>; rel=preload; as=fetch; type=application/wasm; crossorigin");
    std::iter::once(code)
        .chain(
            paths
                .iter()
                .map(|path| format!("<{path}>; rel=preload; as=fetch; crossorigin")),
        )
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preloads(query: &str, org_known: bool) -> Vec<Preload> {
        desk_preloads(&DeskRoute::from_query(query), org_known)
    }

    #[test]
    fn the_desk_preloads_what_its_first_screen_asks_for() {
        let register = |org: Option<&str>| Preload::Register {
            org: org.map(str::to_string),
        };
        assert_eq!(preloads("", false), [Preload::Me, register(None)]);
        assert_eq!(
            preloads("org=demo", true),
            [Preload::Me, register(Some("demo"))]
        );
        assert_eq!(
            preloads("org=demo&case=DEMO-2026-0007", true),
            [
                Preload::Me,
                Preload::Case {
                    org: "demo".into(),
                    reference: "DEMO-2026-0007".into()
                }
            ]
        );
        // The control report, and a school not configured here: only who.
        for only_who in [
            "org=demo&view=control",
            "org=nowhere",
            "org=nowhere&case=X-1",
        ] {
            let known = !only_who.contains("nowhere");
            assert_eq!(preloads(only_who, known), [Preload::Me]);
        }
    }

    #[test]
    fn the_header_preloads_the_wasm_first_then_each_answer() {
        let header = link_header(&[
            "/api/desk/me".to_string(),
            "/api/desk/cases?page=1".to_string(),
        ]);
        assert_eq!(
            header,
            "</desk/pkg/brud_desk_bg.wasm>; rel=preload; as=fetch; type=application/wasm; crossorigin, \
             </api/desk/me>; rel=preload; as=fetch; crossorigin, \
             </api/desk/cases?page=1>; rel=preload; as=fetch; crossorigin"
        );
    }
}
