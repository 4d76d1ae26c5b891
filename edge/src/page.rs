//! The pages as the Worker serves them, with data in them so their code
//! draws the first screen without asking for it:
//!
//! - the form's page for `?org=`, with the school's public profile
//!   (`<script type="application/json" id="brud-org">`), so the form's
//!   first render already shows the school's contacts, with no extra
//!   request and no layout shift. The size budget measures this very page
//!   (`brud-config form-pages`, `scripts/budgets`);
//! - the desk's page, with the first screen drawn by the desk's own view
//!   code in the Worker and the answers it was drawn from
//!   (`brud_case::desk::DeskStart`, given here as its JSON), so the
//!   register shows as soon as the HTML arrives and the desk's code takes
//!   it over from the same data. This crate is the edge's policy only: it
//!   does not load the case crate (the Worker serialises the data).
//!
//! JSON in a page has `<` written `\u003c` (the same JSON), so the data
//! cannot end its element.

use brud_shared::{Language, OrgProfile};

/// `html` with `json` in a `<script type="application/json" id="{id}">`
/// before `</body>`, or `None` when the page has no `</body>`.
fn with_json(html: &str, id: &str, json: &str) -> Option<String> {
    let end = html.rfind("</body>")?;
    let json = json.replace('<', "\\u003c");
    Some(format!(
        "{}<script type=\"application/json\" id=\"{id}\">{json}</script>\n{}",
        &html[..end],
        &html[end..]
    ))
}

/// `html` with `org`'s public profile before `</body>`, or `None` when
/// the page has no `</body>` (served as it is).
pub fn with_profile(html: &str, org: &OrgProfile) -> Option<String> {
    let json = serde_json::to_string(&org.public()).ok()?;
    with_json(html, "brud-org", &json)
}

/// The element the desk mounts on; its content (up to the first `</div>`:
/// the page's loading text, which has no `<div>`) is the first screen.
const APP_START: &str = "<div id=\"app\">";

/// The desk's page `html` with `app` (the first screen's markup, as the
/// desk draws it) in place of the loading text inside `<div id="app">`,
/// `start` before `</body>`, and `<html lang>` in `lang`. `None` when the
/// page lacks any of these (then it is served as it is, and the desk asks
/// for its data itself).
/// `start` is the element's id and the data as JSON.
pub fn desk_page(html: &str, app: &str, start: (&str, &str), lang: Language) -> Option<String> {
    let open = html.find(APP_START)? + APP_START.len();
    let close = open + html[open..].find("</div>")?;
    let html = format!("{}{app}{}", &html[..open], &html[close..]);
    let html = match lang {
        Language::Da => html,
        Language::En => html.replacen("<html lang=\"da\">", "<html lang=\"en\">", 1),
    };
    let (id, json) = start;
    with_json(&html, id, json)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A profile with `id` framed by `origin`, the rest plain.
    pub(crate) fn org(id: &str, origin: &str) -> OrgProfile {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "name": format!("Skolen {id} </script><b>"),
            "short_code": "SK",
            "dpo": { "name": "DPO", "email": "dpo@kommune.dk" },
            "breach_mailbox": "brud@skolen.dk",
            "embed_origins": [origin],
            "notification_endpoint": "https://it.kommune.dk/hooks/brud",
            "staff": [{ "email": "leder@skolen.dk", "role": "leader" }],
        }))
        .unwrap()
    }

    #[test]
    fn the_page_carries_the_public_profile_and_nothing_else() {
        let org = org("a", "https://intra.a.dk");
        let page = with_profile("<html><body><main></main></body></html>", &org).unwrap();
        let start = page.find("id=\"brud-org\">").unwrap() + "id=\"brud-org\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let json = &page[start..end];
        // The name's `</script>` cannot end the element early.
        assert!(!json.contains('<'), "{json}");
        let read: brud_shared::PublicOrgProfile = serde_json::from_str(json).unwrap();
        assert_eq!(read, org.public());
        // Staff, endpoints and intranets are the Worker's, not the page's.
        for private in ["leder@skolen.dk", "hooks/brud", "intra.a.dk"] {
            assert!(!page.contains(private), "{private} in {page}");
        }
        assert!(page.ends_with("</script>\n</body></html>"));
        assert_eq!(with_profile("<p>no body end</p>", &org), None);
    }

    const START_ELEMENT_ID: &str = "desk-start";

    fn desk_start(name: &str) -> serde_json::Value {
        serde_json::json!({
            "me": {
                "email": "dpo@skolen.dk",
                "orgs": [{ "id": "a", "name": name, "short_code": "SK", "role": "dpo" }],
            },
        })
    }

    #[test]
    fn the_desks_page_carries_its_first_screen_and_the_data_it_was_drawn_from() {
        let template = include_str!("../../public/desk/index.html");
        let start = desk_start("Skolen </script><b>");
        let json = start.to_string();
        let data = (START_ELEMENT_ID, json.as_str());
        let app = "<header>Brud</header><main id=\"main\"><table></table></main>";
        let page = desk_page(template, app, data, Language::Da).unwrap();
        // The loading text is replaced by the first screen, in the app's element.
        assert!(
            page.contains(&format!("<div id=\"app\">{app}</div>")),
            "{page}"
        );
        assert!(!page.contains("Henter sagerne"), "{page}");
        assert!(page.contains("<html lang=\"da\">"));
        // The data reads back as it was, and cannot end its element.
        let marker = format!("id=\"{START_ELEMENT_ID}\">");
        let begin = page.find(&marker).unwrap() + marker.len();
        let json = &page[begin..begin + page[begin..].find("</script>").unwrap()];
        assert!(!json.contains('<'), "{json}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(json).unwrap(),
            start
        );

        let english = desk_page(template, app, data, Language::En).unwrap();
        assert!(english.contains("<html lang=\"en\">"), "{english}");
        assert_eq!(
            desk_page("<html><body></body></html>", app, data, Language::Da),
            None
        );
    }
}
