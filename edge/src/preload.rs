//! The `Link` header of the desk's page: the API answers its first screen
//! needs, preloaded by the browser beside the desk's code instead of after
//! it (on a phone that is the difference between the register shown at
//! once after the code starts and one more round trip; BENCHMARKS.md).

use brud_case::desk;

use crate::route::DeskRoute;

/// The preloads for the desk's page at `route`: always who is signed in;
/// then the case the address names, or the register's first page (of the
/// organisation, or of all the person's). Nothing more for the control
/// report (computed on request) or an organisation not configured here
/// (`org_known` false: the desk refuses it). The addresses are built by
/// the same functions the desk asks with (`brud_case::desk`), which
/// percent-encode what they take, so nothing can end the header's value.
pub fn desk_preloads(route: &DeskRoute, org_known: bool) -> String {
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
    paths
        .iter()
        .map(|path| format!("<{path}>; rel=preload; as=fetch; crossorigin"))
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
        let me = desk::ME_PATH.to_string();
        let first = desk::ListFilter::register_start();
        assert_eq!(
            preloads("", false),
            [me.clone(), desk::list_path(None, &first)]
        );
        assert_eq!(
            preloads("org=demo", true),
            [me.clone(), desk::list_path(Some("demo"), &first)]
        );
        assert_eq!(
            preloads("org=demo&case=DEMO-2026-0007", true),
            [me.clone(), desk::case_path("demo", "DEMO-2026-0007")]
        );
        // The control report, and a school not configured here: only who.
        for only_who in [
            "org=demo&view=control",
            "org=nowhere",
            "org=nowhere&case=X-1",
        ] {
            let known = !only_who.contains("nowhere");
            assert_eq!(preloads(only_who, known), std::slice::from_ref(&me));
        }
    }

    #[test]
    fn nothing_in_the_address_can_end_the_header() {
        let header = desk_preloads(&DeskRoute::from_query("org=demo&case=a%3E%2C%20%3Cx"), true);
        assert_eq!(header.matches('<').count(), 2, "{header}");
        assert_eq!(header.matches('>').count(), 2, "{header}");
    }
}
