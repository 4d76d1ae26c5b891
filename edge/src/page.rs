//! The form's page as the Worker serves it for `?org=`: the static page
//! with the school's public profile in it (`<script type="application/json"
//! id="brud-org">`), so the form's first render already shows the school's
//! contacts, with no extra request and no layout shift. The size budget
//! measures this very page (`brud-config form-pages`, `scripts/budgets`).

use brud_shared::OrgProfile;

/// `html` with `org`'s public profile before `</body>`, or `None` when
/// the page has no `</body>` (served as it is). `<` in the JSON is written
/// `\u003c` (the same JSON) so the data cannot end the element.
pub fn with_profile(html: &str, org: &OrgProfile) -> Option<String> {
    let end = html.rfind("</body>")?;
    let json = serde_json::to_string(&org.public())
        .ok()?
        .replace('<', "\\u003c");
    Some(format!(
        "{}<script type=\"application/json\" id=\"brud-org\">{json}</script>\n{}",
        &html[..end],
        &html[end..]
    ))
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
}
