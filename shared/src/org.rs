//! Organisation profiles: who the school is and what its own procedure says.
//!
//! Profiles live in `config/orgs.toml` (one `[[org]]` table each) and are
//! compiled into the Worker. A profile holds no secrets: the webhook signing
//! key of each organisation is a Worker secret. [`OrgProfile::public`] is the
//! part any browser may see (no endpoint, no embed list).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::validate::is_email;

/// The organisation profiles shipped with Brud.
pub const BUILTIN_ORGS_TOML: &str = include_str!("../../config/orgs.toml");

/// When one of the organisation's own steps applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepCondition {
    /// For every breach.
    #[default]
    Always,
    /// When Datatilsynet must be notified.
    NotifyAuthority,
    /// When the people affected must be told.
    NotifySubjects,
    /// When a public communication replaces telling them.
    PublicCommunication,
    /// When the school is processor.
    Processor,
}

/// One step of the organisation's own procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureStep {
    /// Stable id, e.g. `topdesk_ticket`.
    pub id: String,
    /// When it applies.
    #[serde(default)]
    pub when: StepCondition,
    /// In Danish.
    pub da: String,
    /// In English.
    pub en: String,
}

/// A person named in the procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureContact {
    /// Name.
    pub name: String,
    /// What to contact them for, in Danish.
    pub role_da: String,
    /// What to contact them for, in English.
    pub role_en: String,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail.
    #[serde(default)]
    pub email: Option<String>,
}

/// The data protection officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dpo {
    /// Name or function.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A link to an outside system, e.g. the ticket system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// What it is called at the school.
    pub name: String,
    /// Where it is.
    pub url: String,
}

/// A school or municipality using Brud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgProfile {
    /// Id used in URLs and reports, e.g. `zahles`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// 2–5 capital letters for references, e.g. `ZAH` in `ZAH-2026-0042`.
    pub short_code: String,
    /// The data protection officer.
    pub dpo: Dpo,
    /// Where breach mails go.
    pub breach_mailbox: String,
    /// People the procedure names.
    #[serde(default)]
    pub contacts: Vec<ProcedureContact>,
    /// The procedure's own steps.
    #[serde(default)]
    pub steps: Vec<ProcedureStep>,
    /// The ticket system, if the procedure uses one.
    #[serde(default)]
    pub ticket_system: Option<Link>,
    /// Origins allowed to embed the form and call the API (`https://intra.example.dk`).
    #[serde(default)]
    pub embed_origins: Vec<String>,
    /// Where completed reports are delivered (signed webhook).
    pub notification_endpoint: String,
}

/// The part of a profile that any browser may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PublicOrgProfile {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Reference prefix.
    pub short_code: String,
    /// The data protection officer.
    pub dpo: Dpo,
    /// Where breach mails go.
    pub breach_mailbox: String,
    /// People the procedure names.
    pub contacts: Vec<ProcedureContact>,
    /// The procedure's own steps.
    pub steps: Vec<ProcedureStep>,
    /// The ticket system.
    pub ticket_system: Option<Link>,
}

impl OrgProfile {
    /// The public part: no endpoint, no embed origins.
    pub fn public(&self) -> PublicOrgProfile {
        PublicOrgProfile {
            id: self.id.clone(),
            name: self.name.clone(),
            short_code: self.short_code.clone(),
            dpo: self.dpo.clone(),
            breach_mailbox: self.breach_mailbox.clone(),
            contacts: self.contacts.clone(),
            steps: self.steps.clone(),
            ticket_system: self.ticket_system.clone(),
        }
    }
}

impl PublicOrgProfile {
    /// A profile the domain can use, from the public part (no endpoint or
    /// embed origins: the browser needs neither).
    pub fn into_profile(self) -> OrgProfile {
        OrgProfile {
            id: self.id,
            name: self.name,
            short_code: self.short_code,
            dpo: self.dpo,
            breach_mailbox: self.breach_mailbox,
            contacts: self.contacts,
            steps: self.steps,
            ticket_system: self.ticket_system,
            embed_origins: Vec::new(),
            notification_endpoint: String::new(),
        }
    }
}

/// All configured organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDirectory {
    /// The profiles.
    #[serde(rename = "org")]
    pub orgs: Vec<OrgProfile>,
}

impl OrgDirectory {
    /// Parses and checks a configuration. Every problem is listed, one per line.
    pub fn from_toml(text: &str) -> Result<Self, Vec<String>> {
        let directory: OrgDirectory = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
        let problems = directory.problems();
        if problems.is_empty() {
            Ok(directory)
        } else {
            Err(problems)
        }
    }

    /// The profiles shipped in `config/orgs.toml`.
    pub fn builtin() -> Result<Self, Vec<String>> {
        Self::from_toml(BUILTIN_ORGS_TOML)
    }

    /// The profile with `id`.
    pub fn get(&self, id: &str) -> Option<&OrgProfile> {
        self.orgs.iter().find(|org| org.id == id)
    }

    /// What is wrong with the configuration.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (index, org) in self.orgs.iter().enumerate() {
            let at = format!("org[{index}] ({})", org.id);
            if !crate::validate::is_org_id(&org.id) {
                problems.push(format!(
                    "{at}: id must be lowercase letters, digits and '-'"
                ));
            }
            if self.orgs[..index].iter().any(|other| other.id == org.id) {
                problems.push(format!("{at}: duplicate id"));
            }
            let code_ok = (2..=5).contains(&org.short_code.len())
                && org.short_code.bytes().all(|b| b.is_ascii_uppercase());
            if !code_ok {
                problems.push(format!("{at}: short_code must be 2-5 capital letters"));
            }
            if self.orgs[..index]
                .iter()
                .any(|other| other.short_code == org.short_code)
            {
                problems.push(format!("{at}: duplicate short_code"));
            }
            if !is_email(&org.breach_mailbox) {
                problems.push(format!("{at}: breach_mailbox is not an e-mail address"));
            }
            if !is_email(&org.dpo.email) {
                problems.push(format!("{at}: dpo.email is not an e-mail address"));
            }
            if !is_endpoint(&org.notification_endpoint) {
                problems.push(format!(
                    "{at}: notification_endpoint must be https:// (http:// only on 127.0.0.1 or localhost)"
                ));
            }
            for origin in &org.embed_origins {
                if !is_origin(origin) {
                    problems.push(format!(
                        "{at}: embed origin {origin:?} must be scheme://host[:port] without a path"
                    ));
                }
            }
            for (step_index, step) in org.steps.iter().enumerate() {
                if org.steps[..step_index]
                    .iter()
                    .any(|other| other.id == step.id)
                {
                    problems.push(format!("{at}: duplicate step id {}", step.id));
                }
            }
            if let Some(link) = &org.ticket_system {
                if !link.url.starts_with("https://") {
                    problems.push(format!("{at}: ticket_system.url must be https://"));
                }
            }
        }
        problems
    }
}

fn is_loopback_http(url: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"]
        .iter()
        .any(|prefix| {
            url.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')
            })
        })
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
    fn builtin_profiles_parse_and_are_consistent() {
        let directory = OrgDirectory::builtin().expect("config/orgs.toml is valid");
        for id in ["aalborg-kulturskole", "zahles", "demo"] {
            assert!(directory.get(id).is_some(), "{id} is shipped");
        }
        assert_eq!(directory.get("zahles").unwrap().short_code, "ZAH");
    }

    #[test]
    fn kulturskole_follows_its_own_procedure() {
        let directory = OrgDirectory::builtin().unwrap();
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
        let directory = OrgDirectory::builtin().unwrap();
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
    fn public_profile_hides_endpoint_and_origins() {
        let directory = OrgDirectory::builtin().unwrap();
        let public = directory.get("zahles").unwrap().public();
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("notification_endpoint"));
        assert!(!json.contains("embed_origins"));
        assert!(!json.contains("hooks."));
    }

    #[test]
    fn bad_profiles_list_every_problem() {
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
        let problems = OrgDirectory::from_toml(text).unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
    }

    #[test]
    fn endpoints_and_origins() {
        assert!(is_endpoint("https://hooks.example.dk/brud"));
        assert!(is_endpoint("http://127.0.0.1:8788/hook"));
        assert!(!is_endpoint("http://127.0.0.1.evil.dk/hook"));
        assert!(!is_endpoint("http://example.dk/hook"));
        assert!(!is_endpoint("https://"));
        assert!(is_origin("https://intra.zahles.dk"));
        assert!(is_origin("http://localhost:8080"));
        assert!(!is_origin("http://intra.zahles.dk"));
        assert!(!is_origin("https://intra.zahles.dk/"));
    }
}
