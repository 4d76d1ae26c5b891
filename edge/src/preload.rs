//! The `Link` header of the desk's page as it is served without a drawn
//! first screen (signed out, a case, the control report): the desk's wasm
//! and the API answers its first screen needs, preloaded by the browser
//! beside the desk's code instead of after it (on a phone that is the
//! difference between the page shown at once after the code starts and one
//! more round trip; BENCHMARKS.md). A page with its first screen drawn in
//! it preloads nothing: its data is in it, and its wasm is fetched once the
//! screen has been painted (`desk/js/start.js`), so that the page's HTML
//! and style do not share the connection with 300 kB of code.

use brud_case::desk;

use crate::route::DeskRoute;

/// The desk's wasm, as `scripts/build-app` names it.
pub const DESK_WASM: &str = "/desk/pkg/brud_desk_bg.wasm";

/// The preloads for the desk's page at `route`: always the desk's wasm and
/// who is signed in;
/// then the case the address names, or the register's first page (of the
/// organisation, or of all the person's). Nothing more for the control
/// report (computed on request) or an organisation not configured here
/// (`org_known` false: the desk refuses it). The addresses are built by
/// the same functions the desk asks with (`brud_case::desk`), which
/// percent-encode what they take, so nothing can end the header's value.
pub fn desk_preloads(route: &DeskRoute, org_known: bool) -> String {
    let code = format!("<{DESK_WASM}>; rel=preload; as=fetch; type=application/wasm; crossorigin");
    let mut paths = vec![desk::ME_PATH.to_string()];
    let register = !route.control && (route.org.is_none() || org_known);
    match (
        route.org.as_deref().filter(|_| org_known),
        route.case.as_deref(),
    ) {
        (Some(org), Some(case)) => paths.push(desk::case_path(org, case)),
        (org, None) if register => {
            paths.push(desk::list_path(org, &desk::ListFilter::register_start()))
        }
        _ => {}
    }
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

    fn preloads(query: &str, org_known: bool) -> Vec<String> {
        desk_preloads(&DeskRoute::from_query(query), org_known)
            .split(", ")
            .map(|link| {
                link.trim_start_matches('<')
                    .split_once('>')
                    .unwrap()
                    .0
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn the_desk_preloads_what_its_first_screen_asks_for() {
        let code = DESK_WASM.to_string();
        let me = desk::ME_PATH.to_string();
        let first = desk::ListFilter::register_start();
        assert_eq!(
            preloads("", false),
            [code.clone(), me.clone(), desk::list_path(None, &first)]
        );
        assert_eq!(
            preloads("org=demo", true),
            [
                code.clone(),
                me.clone(),
                desk::list_path(Some("demo"), &first)
            ]
        );
        assert_eq!(
            preloads("org=demo&case=DEMO-2026-0007", true),
            [
                code.clone(),
                me.clone(),
                desk::case_path("demo", "DEMO-2026-0007")
            ]
        );
        // The control report, and a school not configured here: only who.
        for only_who in [
            "org=demo&view=control",
            "org=nowhere",
            "org=nowhere&case=X-1",
        ] {
            let known = !only_who.contains("nowhere");
            assert_eq!(preloads(only_who, known), [code.clone(), me.clone()]);
        }
    }

    #[test]
    fn nothing_in_the_address_can_end_the_header() {
        let header = desk_preloads(&DeskRoute::from_query("org=demo&case=a%3E%2C%20%3Cx"), true);
        assert_eq!(header.matches('<').count(), 3, "{header}");
        assert_eq!(header.matches('>').count(), 3, "{header}");
    }
}
