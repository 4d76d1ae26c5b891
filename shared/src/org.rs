//! Organisation profiles: who the school is and what its own procedure says.
//!
//! A profile is a value: the domain never reads configuration. Deployments
//! keep their profiles in `config/orgs.toml`, which the adapters load
//! (`brud-config`, used by the Worker, the build and the tests) and check
//! with [`OrgDirectory::problems`]. A profile holds no secrets: the webhook
//! signing key of each organisation is a Worker secret (named by
//! [`crate::secret::webhook_secret_name`]). [`OrgProfile::public`] is the
//! part any browser may see (no endpoint, no embed list).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;

use crate::syntax::{is_email, is_endpoint, is_org_id, is_origin};

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

/// How a report reaches the organisation. A profile lists one or both
/// ([`OrgProfile::channels`]); each is sent once, and one that succeeded is
/// never sent again because the other failed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Channel {
    /// The signed webhook to `notification_endpoint`.
    Webhook,
    /// The breach-mailbox mail, sent by the Worker to `breach_mailbox`.
    Mail,
}

impl Channel {
    /// Every channel, in the order an attempt tries them.
    pub const ALL: [Channel; 2] = [Channel::Webhook, Channel::Mail];

    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The channel named `text`, if any.
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

fn webhook_only() -> Vec<Channel> {
    vec![Channel::Webhook]
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
    /// The controller, when it is not the unit itself: a municipal school's
    /// is the municipality (e.g. "Aalborg Kommune"), whose DPO is
    /// [`OrgProfile::dpo`]. Absent: the unit is its own controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// The controller's CVR number (the Danish business register's eight
    /// digits), which the notification to Datatilsynet gives with its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvr: Option<String>,
    /// Within how many hours of becoming aware the school, as processor,
    /// tells the controller (default
    /// [`crate::obligations::PROCESSOR_NOTICE_HOURS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor_notice_hours: Option<u32>,
    /// The data protection officer.
    pub dpo: Dpo,
    /// Where breach mails go.
    pub breach_mailbox: String,
    /// Whether the organisation's notification endpoint passes each report
    /// on to the breach mailbox itself (the school's own relay), so the
    /// person reporting need not send the mail. The receipt says which;
    /// without a relay it offers the mail ready to send ("Åbn i mail").
    #[serde(default)]
    pub relays_breach_mail: bool,
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
    /// Where completed reports are delivered (signed webhook); needed only
    /// when `channels` has `webhook`.
    #[serde(default)]
    pub notification_endpoint: String,
    /// How each report reaches the organisation: `webhook`, `mail` or both
    /// (default: `webhook`).
    #[serde(default = "webhook_only")]
    pub channels: Vec<Channel>,
    /// Whether the mail Brud sends to the breach mailbox names the
    /// reporter and gives their e-mail and phone (default: no; the case
    /// desk has them, behind sign-in).
    #[serde(default)]
    pub mail_reporter_contact: bool,
    /// Whether the deadline reminders also go by mail to the DPO and the
    /// leaders ([`OrgProfile::reminder_recipients`]); default no.
    #[serde(default)]
    pub reminder_mail: bool,
    /// Whether a case closes only once the DPO has made an entry on it (an
    /// opinion or a decision): Zahles's guideline has the DPO involved in
    /// every breach. Default no.
    #[serde(default)]
    pub dpo_entry_required: bool,
    /// Who may use the case desk for this organisation, and as what. Never
    /// in the public profile.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
    /// How long the case file keeps what.
    #[serde(default)]
    pub retention: Retention,
}

/// What a member of staff may do on the case desk of one organisation.
///
/// - `dpo`: everything, including the reporter's contact details and the
///   DPO's own decisions (opinion, risk override, not notifying, the
///   art. 34(3) exception);
/// - `leader`: the case and its checklist (steps, containment, handler,
///   notifications made, prevention, notes, closing), not the DPO's
///   decisions and not the reporter's contact details;
/// - `viewer`: reads the cases, records nothing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum StaffRole {
    /// The data protection officer.
    Dpo,
    /// A leader of the school.
    Leader,
    /// Reads only.
    Viewer,
}

impl StaffRole {
    /// The role's wire name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One person's role in one organisation. One person may be listed in
/// several organisations (a municipality's shared DPO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffMember {
    /// The e-mail address their sign-in vouches for (compared without
    /// regard to case).
    pub email: String,
    /// What they may do.
    pub role: StaffRole,
}

/// How long the case file keeps what, counted from the case's closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    /// Days after closing until the reporter's name, e-mail and phone are
    /// erased (default 90): they are needed for questions while the case
    /// runs, not for the register.
    pub contact_days: u32,
    /// Years after closing until the register entry is deleted (default 5).
    pub register_years: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            contact_days: 90,
            register_years: 5,
        }
    }
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
    /// The controller, when not the unit itself ([`OrgProfile::controller`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// The controller's CVR number ([`OrgProfile::cvr`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvr: Option<String>,
    /// The processor's clock ([`OrgProfile::processor_notice_hours`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor_notice_hours: Option<u32>,
    /// The data protection officer.
    pub dpo: Dpo,
    /// Where breach mails go.
    pub breach_mailbox: String,
    /// Whether the notification endpoint passes each report on to the
    /// breach mailbox.
    #[serde(default)]
    pub relays_breach_mail: bool,
    /// People the procedure names.
    pub contacts: Vec<ProcedureContact>,
    /// The procedure's own steps.
    pub steps: Vec<ProcedureStep>,
    /// The ticket system.
    pub ticket_system: Option<Link>,
}

impl OrgProfile {
    /// The profile of an organisation whose cases are still stored but which
    /// is no longer configured (removed from `orgs.toml`): its id, and the
    /// default retention ([`Retention::default`]), so its data still ages
    /// out; nothing to contact, nobody on the desk.
    pub fn unconfigured(id: &str) -> OrgProfile {
        OrgProfile {
            id: id.to_string(),
            name: id.to_string(),
            short_code: String::new(),
            controller: None,
            cvr: None,
            processor_notice_hours: None,
            dpo: Dpo {
                name: String::new(),
                email: String::new(),
                phone: None,
            },
            breach_mailbox: String::new(),
            relays_breach_mail: false,
            contacts: Vec::new(),
            steps: Vec::new(),
            ticket_system: None,
            embed_origins: Vec::new(),
            notification_endpoint: String::new(),
            channels: Vec::new(),
            mail_reporter_contact: false,
            reminder_mail: false,
            dpo_entry_required: false,
            staff: Vec::new(),
            retention: Retention::default(),
        }
    }

    /// The role of `email` here, if they are staff.
    pub fn role_of(&self, email: &str) -> Option<StaffRole> {
        self.staff
            .iter()
            .find(|member| member.email.eq_ignore_ascii_case(email))
            .map(|member| member.role)
    }

    /// Whether reports go out on `channel`.
    pub fn sends(&self, channel: Channel) -> bool {
        self.channels.contains(&channel)
    }

    /// The channels a delivery attempt still has to send, in the profile's
    /// order: each channel is sent once, and one that was sent is never
    /// sent again because another failed (`sent` says which were).
    pub fn channels_to_send(&self, sent: impl Fn(Channel) -> bool) -> Vec<Channel> {
        self.channels
            .iter()
            .copied()
            .filter(|channel| !sent(*channel))
            .collect()
    }

    /// Who gets the deadline reminders by mail: the DPO and every member
    /// of staff who is DPO or leader, each address once (compared without
    /// regard to case), in that order.
    pub fn reminder_recipients(&self) -> Vec<String> {
        let mut recipients: Vec<String> = Vec::new();
        let staff = self
            .staff
            .iter()
            .filter(|member| matches!(member.role, StaffRole::Dpo | StaffRole::Leader))
            .map(|member| &member.email);
        for email in std::iter::once(&self.dpo.email).chain(staff) {
            if !recipients
                .iter()
                .any(|known| known.eq_ignore_ascii_case(email))
            {
                recipients.push(email.clone());
            }
        }
        recipients
    }

    /// The public part: no endpoint, no embed origins.
    pub fn public(&self) -> PublicOrgProfile {
        PublicOrgProfile {
            id: self.id.clone(),
            name: self.name.clone(),
            short_code: self.short_code.clone(),
            controller: self.controller.clone(),
            cvr: self.cvr.clone(),
            processor_notice_hours: self.processor_notice_hours,
            dpo: self.dpo.clone(),
            breach_mailbox: self.breach_mailbox.clone(),
            relays_breach_mail: self.relays_breach_mail,
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
            controller: self.controller,
            cvr: self.cvr,
            processor_notice_hours: self.processor_notice_hours,
            dpo: self.dpo,
            breach_mailbox: self.breach_mailbox,
            relays_breach_mail: self.relays_breach_mail,
            contacts: self.contacts,
            steps: self.steps,
            ticket_system: self.ticket_system,
            embed_origins: Vec::new(),
            notification_endpoint: String::new(),
            channels: webhook_only(),
            mail_reporter_contact: false,
            reminder_mail: false,
            dpo_entry_required: false,
            staff: Vec::new(),
            retention: Retention::default(),
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
    /// The profile with `id`.
    pub fn get(&self, id: &str) -> Option<&OrgProfile> {
        self.orgs.iter().find(|org| org.id == id)
    }

    /// The organisations where `email` is staff, with the role, in
    /// configuration order.
    pub fn roles_of(&self, email: &str) -> Vec<(&OrgProfile, StaffRole)> {
        self.orgs
            .iter()
            .filter_map(|org| org.role_of(email).map(|role| (org, role)))
            .collect()
    }

    /// What is wrong with the configuration, in file order.
    pub fn problems(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        for (index, org) in self.orgs.iter().enumerate() {
            let mut problem = |key: &'static str, value: Option<&String>, message: String| {
                problems.push(ConfigProblem {
                    org: index,
                    org_id: org.id.clone(),
                    key,
                    value: value.cloned(),
                    message,
                })
            };
            if !is_org_id(&org.id) {
                problem(
                    "id",
                    None,
                    "id must be lowercase letters, digits and '-'".into(),
                );
            }
            if self.orgs[..index].iter().any(|other| other.id == org.id) {
                problem("id", None, "duplicate id".into());
            }
            let code_ok = (2..=5).contains(&org.short_code.len())
                && org.short_code.bytes().all(|b| b.is_ascii_uppercase());
            if !code_ok {
                problem(
                    "short_code",
                    None,
                    "short_code must be 2-5 capital letters".into(),
                );
            }
            if self.orgs[..index]
                .iter()
                .any(|other| other.short_code == org.short_code)
            {
                problem("short_code", None, "duplicate short_code".into());
            }
            if !is_email(&org.breach_mailbox) {
                problem(
                    "breach_mailbox",
                    None,
                    "breach_mailbox is not an e-mail address".into(),
                );
            }
            if let Some(cvr) = &org.cvr {
                if cvr.len() != 8 || !cvr.bytes().all(|b| b.is_ascii_digit()) {
                    problem(
                        "cvr",
                        Some(cvr),
                        "cvr must be the eight digits of a CVR number".into(),
                    );
                }
            }
            if org
                .processor_notice_hours
                .is_some_and(|hours| !(1..=72).contains(&hours))
            {
                problem(
                    "processor_notice_hours",
                    None,
                    "processor_notice_hours must be 1 to 72 (a controller must notify within 72 hours itself)".into(),
                );
            }
            if !is_email(&org.dpo.email) {
                problem("dpo", None, "dpo.email is not an e-mail address".into());
            }
            let webhook = org.sends(Channel::Webhook);
            if webhook && !is_endpoint(&org.notification_endpoint) {
                problem("notification_endpoint", None, "notification_endpoint must be https:// (http:// only on 127.0.0.1 or localhost)"
                        .into(),
                );
            }
            if !webhook && !org.notification_endpoint.is_empty() {
                problem(
                    "notification_endpoint",
                    None,
                    "notification_endpoint is set but channels has no \"webhook\": add it to channels or remove the endpoint".into(),
                );
            }
            if org.channels.is_empty() {
                problem(
                    "channels",
                    None,
                    "channels must name at least one of \"webhook\" and \"mail\"".into(),
                );
            }
            for (index, channel) in org.channels.iter().enumerate() {
                if org.channels[..index].contains(channel) {
                    problem(
                        "channels",
                        None,
                        format!("channels names {:?} twice", channel.as_str()),
                    );
                }
            }
            for origin in &org.embed_origins {
                if !is_origin(origin) {
                    problem(
                        "embed_origins",
                        Some(origin),
                        format!(
                            "embed origin {origin:?} must be scheme://host[:port] without a path"
                        ),
                    );
                }
            }
            for (step_index, step) in org.steps.iter().enumerate() {
                if org.steps[..step_index]
                    .iter()
                    .any(|other| other.id == step.id)
                {
                    problem("steps", None, format!("duplicate step id {}", step.id));
                }
            }
            for (member_index, member) in org.staff.iter().enumerate() {
                if !is_email(&member.email) {
                    problem(
                        "staff",
                        Some(&member.email),
                        format!("staff e-mail {:?} is not an e-mail address", member.email),
                    );
                }
                if org.staff[..member_index]
                    .iter()
                    .any(|other| other.email.eq_ignore_ascii_case(&member.email))
                {
                    problem(
                        "staff",
                        Some(&member.email),
                        format!("{} is staff twice", member.email),
                    );
                }
            }
            if org.retention.register_years == 0 {
                problem(
                    "retention",
                    None,
                    "retention.register_years must be at least 1".into(),
                );
            }
            if let Some(link) = &org.ticket_system {
                if !link.url.starts_with("https://") {
                    problem(
                        "ticket_system",
                        None,
                        "ticket_system.url must be https://".into(),
                    );
                }
            }
        }
        problems
    }
}

/// One thing wrong with a configuration: which organisation, the key of
/// its table the problem is in (as written in `config/orgs.toml`, so a
/// checker can find the line), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The organisation's position in the file, from 0.
    pub org: usize,
    /// Its id as configured.
    pub org_id: String,
    /// The top-level key of the organisation's table: `breach_mailbox`,
    /// `dpo`, `staff`, `steps`, …
    pub key: &'static str,
    /// The value that is wrong, where the key holds several (one staff
    /// member's address, one origin): a checker finds its own line.
    pub value: Option<String>,
    /// What is wrong, in a sentence that names the field.
    pub message: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "org[{}] ({}): {}", self.org, self.org_id, self.message)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_channel_sent_is_never_sent_again() {
        let mut org: OrgProfile = toml::from_str(
            r#"
            id = "a"
            name = "A"
            short_code = "A"
            breach_mailbox = "brud@a.dk"
            dpo = { name = "DPO", email = "dpo@a.dk" }
            channels = ["webhook", "mail"]
            "#,
        )
        .unwrap();
        assert_eq!(
            org.channels_to_send(|_| false),
            [Channel::Webhook, Channel::Mail]
        );
        assert_eq!(
            org.channels_to_send(|c| c == Channel::Webhook),
            [Channel::Mail]
        );
        assert!(org.channels_to_send(|_| true).is_empty());
        org.channels = vec![Channel::Mail];
        assert_eq!(
            org.channels_to_send(|c| c == Channel::Webhook),
            [Channel::Mail]
        );
    }

    use super::*;

    fn profile() -> OrgProfile {
        OrgProfile {
            id: "zahles".into(),
            name: "Zahles Gymnasieskole".into(),
            short_code: "ZAH".into(),
            controller: None,
            cvr: None,
            processor_notice_hours: None,
            dpo: Dpo {
                name: "DPO".into(),
                email: "dpo@zahles.dk".into(),
                phone: None,
            },
            breach_mailbox: "brud@zahles.dk".into(),
            relays_breach_mail: false,
            contacts: Vec::new(),
            steps: vec![ProcedureStep {
                id: "involve_dpo".into(),
                when: StepCondition::Always,
                da: "Inddrag DPO".into(),
                en: "Involve the DPO".into(),
            }],
            ticket_system: None,
            embed_origins: vec!["https://intra.zahles.dk".into()],
            staff: vec![StaffMember {
                email: "Leder@Zahles.dk".into(),
                role: StaffRole::Leader,
            }],
            retention: Retention::default(),
            notification_endpoint: "https://hooks.zahles.dk/brud".into(),
            channels: vec![Channel::Webhook],
            mail_reporter_contact: false,
            reminder_mail: false,
            dpo_entry_required: false,
        }
    }

    #[test]
    fn a_consistent_directory_has_no_problems() {
        let directory = OrgDirectory {
            orgs: vec![profile()],
        };
        assert_eq!(directory.problems(), Vec::<ConfigProblem>::new());
        assert_eq!(directory.get("zahles").unwrap().short_code, "ZAH");
        assert!(directory.get("other").is_none());
    }

    #[test]
    fn public_profile_hides_endpoint_and_origins() {
        let public = profile().public();
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("notification_endpoint"));
        assert!(!json.contains("embed_origins"));
        assert!(!json.contains("hooks."));
        assert_eq!(public.into_profile().steps, profile().steps);
    }

    #[test]
    fn bad_profiles_list_every_problem() {
        let mut bad = profile();
        bad.id = "Bad Id".into();
        bad.short_code = "toolong".into();
        bad.breach_mailbox = "nope".into();
        bad.notification_endpoint = "http://localhost.evil.example/hook".into();
        bad.embed_origins = vec!["https://intra.example.dk/path".into()];
        bad.steps.push(bad.steps[0].clone());
        let mut twin = profile();
        twin.short_code = "ZAH".into();
        let problems: Vec<String> = OrgDirectory {
            orgs: vec![profile(), bad, twin],
        }
        .problems()
        .iter()
        .map(ToString::to_string)
        .collect();
        for expected in [
            "org[1] (Bad Id): id must be",
            "org[1] (Bad Id): short_code must be",
            "org[1] (Bad Id): breach_mailbox",
            "org[1] (Bad Id): notification_endpoint",
            "org[1] (Bad Id): embed origin",
            "org[1] (Bad Id): duplicate step id involve_dpo",
            "org[2] (zahles): duplicate id",
            "org[2] (zahles): duplicate short_code",
        ] {
            assert!(
                problems.iter().any(|p| p.starts_with(expected)),
                "{expected} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), 8, "{problems:#?}");
    }

    #[test]
    fn staff_roles_are_found_by_email_without_regard_to_case_and_never_shown_publicly() {
        let mut other = profile();
        other.id = "other".into();
        other.short_code = "OTH".into();
        other.staff = vec![StaffMember {
            email: "leder@zahles.dk".into(),
            role: StaffRole::Dpo,
        }];
        let directory = OrgDirectory {
            orgs: vec![profile(), other],
        };
        let roles: Vec<(&str, StaffRole)> = directory
            .roles_of("LEDER@zahles.DK")
            .into_iter()
            .map(|(org, role)| (org.id.as_str(), role))
            .collect();
        assert_eq!(
            roles,
            [("zahles", StaffRole::Leader), ("other", StaffRole::Dpo)]
        );
        assert!(directory.roles_of("someone@zahles.dk").is_empty());
        let json = serde_json::to_string(&profile().public()).unwrap();
        assert!(!json.contains("Leder@"), "{json}");
        assert!(!json.contains("retention"), "{json}");
    }

    #[test]
    fn bad_staff_and_retention_are_problems() {
        let mut bad = profile();
        bad.staff.push(StaffMember {
            email: "leder@ZAHLES.dk".into(),
            role: StaffRole::Viewer,
        });
        bad.staff.push(StaffMember {
            email: "not-an-address".into(),
            role: StaffRole::Viewer,
        });
        bad.retention.register_years = 0;
        let problems: Vec<String> = OrgDirectory { orgs: vec![bad] }
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("leder@ZAHLES.dk is staff twice"));
        assert!(problems[1].contains("not-an-address"));
        assert!(problems[2].contains("register_years"));
    }

    #[test]
    fn channels_default_to_the_webhook_and_the_endpoint_follows_them() {
        let toml_like = serde_json::json!({
            "id": "x", "name": "X", "short_code": "XX",
            "dpo": { "name": "DPO", "email": "dpo@x.dk" },
            "breach_mailbox": "brud@x.dk",
            "notification_endpoint": "https://hooks.x.dk/brud"
        });
        let org: OrgProfile = serde_json::from_value(toml_like).unwrap();
        assert_eq!(org.channels, [Channel::Webhook]);
        assert!(!org.mail_reporter_contact && !org.reminder_mail);

        let mut mail_only = profile();
        mail_only.channels = vec![Channel::Mail];
        mail_only.notification_endpoint = String::new();
        assert_eq!(
            OrgDirectory {
                orgs: vec![mail_only.clone()]
            }
            .problems(),
            Vec::<ConfigProblem>::new(),
            "mail alone needs no endpoint"
        );
        mail_only.notification_endpoint = "https://hooks.zahles.dk/brud".into();
        let mut none = profile();
        none.channels = vec![];
        none.notification_endpoint = String::new();
        let mut twice = profile();
        twice.channels = vec![Channel::Webhook, Channel::Mail, Channel::Mail];
        let mut no_endpoint = profile();
        no_endpoint.notification_endpoint = String::new();
        for (org, expected) in [
            (mail_only, "no \"webhook\""),
            (none, "at least one"),
            (twice, "\"mail\" twice"),
            (no_endpoint, "notification_endpoint must be https://"),
        ] {
            let problems = OrgDirectory { orgs: vec![org] }.problems();
            assert_eq!(problems.len(), 1, "{problems:#?}");
            assert!(problems[0].message.contains(expected), "{problems:#?}");
        }
    }

    #[test]
    fn reminders_by_mail_go_to_the_dpo_and_the_leaders_once_each() {
        let mut org = profile();
        org.staff = vec![
            StaffMember {
                email: "DPO@zahles.dk".into(),
                role: StaffRole::Dpo,
            },
            StaffMember {
                email: "leder@zahles.dk".into(),
                role: StaffRole::Leader,
            },
            StaffMember {
                email: "laeser@zahles.dk".into(),
                role: StaffRole::Viewer,
            },
            StaffMember {
                email: "souschef@zahles.dk".into(),
                role: StaffRole::Leader,
            },
        ];
        assert_eq!(
            org.reminder_recipients(),
            ["dpo@zahles.dk", "leder@zahles.dk", "souschef@zahles.dk"]
        );
    }

    #[test]
    fn retention_defaults_to_90_days_and_5_years() {
        let retention: Retention = serde_json::from_str("{}").unwrap();
        assert_eq!(retention.contact_days, 90);
        assert_eq!(retention.register_years, 5);
        let mine: Retention = serde_json::from_str(r#"{"contact_days": 30}"#).unwrap();
        assert_eq!((mine.contact_days, mine.register_years), (30, 5));
    }
}
