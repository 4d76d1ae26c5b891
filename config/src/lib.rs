//! The deployment's configuration: organisation profiles in
//! `config/orgs.toml`, loaded and checked here so that the domain
//! (`brud-shared`) only ever sees values.
//!
//! Used by the Worker (the profiles are compiled in), by the tests and, via
//! the `brud-config` command, by the scripts (the secret names for local
//! runs, a check of the file).

use brud_shared::secret::webhook_secret_name;
use brud_shared::syntax::{is_loopback_http, is_origin};
use brud_shared::OrgDirectory;

/// The organisation profiles shipped with this deployment.
pub const ORGS_TOML: &str = include_str!("../orgs.toml");

/// Parses and checks a configuration. Every problem is listed, one per line.
pub fn load(text: &str) -> Result<OrgDirectory, Vec<String>> {
    let directory: OrgDirectory = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
    let problems = directory.problems();
    if problems.is_empty() {
        Ok(directory)
    } else {
        Err(problems)
    }
}

/// The profiles shipped in `config/orgs.toml`.
pub fn builtin() -> Result<OrgDirectory, Vec<String>> {
    load(ORGS_TOML)
}

/// The Worker secrets a deployment of `directory` needs: one webhook
/// signing key per organisation.
pub fn secret_names(directory: &OrgDirectory) -> Vec<String> {
    directory
        .orgs
        .iter()
        .map(|org| webhook_secret_name(&org.id))
        .collect()
}

/// Adds intranet origins on this machine for local runs and tests.
///
/// `spec` is the Worker var `LOCAL_EMBED_ORIGINS`: space-separated
/// `org=origin` pairs, such as `demo=http://127.0.0.1:41234`. A test
/// serves its intranet page on a free port, so the port cannot be in
/// `config/orgs.toml`. Only loopback origins (`http://127.0.0.1[:port]`,
/// `http://localhost[:port]`) of a configured organisation are added: a
/// var set by mistake in production lets no other site frame the form or
/// call the API. The entries that were not added are returned, so the
/// Worker can say so in its log.
pub fn with_local_embed_origins(
    mut directory: OrgDirectory,
    spec: &str,
) -> (OrgDirectory, Vec<String>) {
    let mut ignored = Vec::new();
    for entry in spec.split_whitespace() {
        let added = entry.split_once('=').and_then(|(org_id, origin)| {
            let is_local = is_origin(origin) && is_loopback_http(origin);
            let org = directory.orgs.iter_mut().find(|org| org.id == org_id);
            org.filter(|_| is_local).map(|org| {
                if !org.embed_origins.iter().any(|known| known == origin) {
                    org.embed_origins.push(origin.to_string());
                }
            })
        });
        if added.is_none() {
            ignored.push(entry.to_string());
        }
    }
    (directory, ignored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use brud_shared::org::StepCondition;

    #[test]
    fn shipped_profiles_parse_and_are_consistent() {
        let directory = builtin().expect("config/orgs.toml is valid");
        for id in ["aalborg-kulturskole", "zahles", "demo"] {
            assert!(directory.get(id).is_some(), "{id} is shipped");
        }
        assert_eq!(directory.get("zahles").unwrap().short_code, "ZAH");
        assert!(secret_names(&directory).contains(&"WEBHOOK_SECRET_AALBORG_KULTURSKOLE".into()));
    }

    #[test]
    fn kulturskole_follows_its_own_procedure() {
        let directory = builtin().unwrap();
        let org = directory.get("aalborg-kulturskole").unwrap();
        assert_eq!(org.breach_mailbox, "sikkerhedsbrud-skole@aalborg.dk");
        let steps: Vec<&str> = org.steps.iter().map(|s| s.id.as_str()).collect();
        for step in [
            "stop_incident",
            "mail_breach_mailbox",
            "inform_leader",
            "leader_checks",
            "topdesk_ticket",
            "edoc_case",
        ] {
            assert!(steps.contains(&step), "{step} in {steps:?}");
        }
        assert_eq!(org.ticket_system.as_ref().unwrap().name, "TopDesk");
        assert!(org.contacts.iter().any(|c| c.name == "Palle Vang"));
    }

    #[test]
    fn zahles_always_involves_its_dpo() {
        let directory = builtin().unwrap();
        let org = directory.get("zahles").unwrap();
        let dpo_step = org.steps.iter().find(|s| s.id == "involve_dpo").unwrap();
        assert_eq!(dpo_step.when, StepCondition::Always);
        assert!(org
            .steps
            .iter()
            .any(|s| s.id == "register_entry" && s.when == StepCondition::Always));
        assert!(org.steps.iter().any(|s| s.when == StepCondition::Processor));
    }

    #[test]
    fn bad_files_list_every_problem() {
        let text = r#"
            [[org]]
            id = "Bad Id"
            name = "X"
            short_code = "toolong"
            breach_mailbox = "nope"
            notification_endpoint = "http://example.dk/hook"
            embed_origins = ["https://intra.example.dk/path"]
            dpo = { name = "DPO", email = "dpo@example.dk" }
        "#;
        let problems = load(text).unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        let unknown_key = load("[[org]]\nid = \"x\"\ncolour = \"red\"\n").unwrap_err();
        assert!(unknown_key[0].contains("colour"), "{unknown_key:?}");
    }

    #[test]
    fn local_embed_origins_are_added_for_loopback_origins_of_known_organisations_only() {
        let spec = "demo=http://127.0.0.1:41234 zahles=http://localhost:9 \
                    demo=https://evil.example demo=http://localhost.evil.example \
                    nowhere=http://127.0.0.1:5 demo=http://127.0.0.1:41234/path garbage";
        let (directory, ignored) = with_local_embed_origins(builtin().unwrap(), spec);
        let demo = &directory.get("demo").unwrap().embed_origins;
        assert!(
            demo.contains(&"http://127.0.0.1:41234".to_string()),
            "{demo:?}"
        );
        assert!(!demo.iter().any(|o| o.contains("evil")), "{demo:?}");
        let zahles = &directory.get("zahles").unwrap().embed_origins;
        assert!(zahles.contains(&"http://localhost:9".to_string()));
        assert!(!zahles.contains(&"http://127.0.0.1:41234".to_string()));
        assert_eq!(
            ignored,
            [
                "demo=https://evil.example",
                "demo=http://localhost.evil.example",
                "nowhere=http://127.0.0.1:5",
                "demo=http://127.0.0.1:41234/path",
                "garbage"
            ]
        );
        let (unchanged, none_ignored) = with_local_embed_origins(builtin().unwrap(), "");
        assert_eq!(unchanged, builtin().unwrap());
        assert!(none_ignored.is_empty());
        assert!(
            directory.problems().is_empty(),
            "still a valid configuration"
        );
    }
}
