//! The deployment's configuration: organisation profiles in
//! `config/orgs.toml`, loaded and checked here so that the domain
//! (`brud-shared`) only ever sees values.
//!
//! Used by the Worker (the profiles are compiled in), by the tests and, via
//! the `brud-config` command, by the scripts (the secret names for local
//! runs, a check of the file).

pub mod wrangler;

pub use wrangler::DEAD_LETTER_QUEUE;

use brud_case::control::Processor;
use brud_shared::org::ConfigProblem;
use brud_shared::secret::webhook_secret_name;
use brud_shared::syntax::{is_loopback_http, is_origin};
use brud_shared::OrgDirectory;
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

/// The organisation profiles shipped with this deployment.
pub const ORGS_TOML: &str = include_str!("../orgs.toml");

/// The schools' registers of processors shipped with this deployment.
pub const PROCESSORS_TOML: &str = include_str!("../processors.toml");

/// The schools' breach mailboxes routed to Brud shipped with this deployment.
pub const MAILBOXES_TOML: &str = include_str!("../mailboxes.toml");

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct MailboxesFile {
    #[serde(default)]
    mailbox: Vec<brud_case::inbound::InboundMailbox>,
}

/// The breach mailboxes in `text` (a `mailboxes.toml`), checked against
/// `directory`: an unknown school, an address that is not one, a
/// `forward_to` equal to the address (a loop), or an address routed twice,
/// is a problem (one message each).
pub fn load_mailboxes(
    text: &str,
    directory: &OrgDirectory,
) -> Result<Vec<brud_case::inbound::InboundMailbox>, Vec<String>> {
    use brud_shared::syntax::is_email;
    let file: MailboxesFile =
        toml::from_str(text).map_err(|e| vec![format!("mailboxes.toml: {e}")])?;
    let mut problems = Vec::new();
    for (index, mailbox) in file.mailbox.iter().enumerate() {
        if directory.get(&mailbox.org).is_none() {
            problems.push(format!(
                "mailboxes.toml: {:?} is not an organisation in orgs.toml",
                mailbox.org
            ));
        }
        for (name, address) in [
            ("address", &mailbox.address),
            ("forward_to", &mailbox.forward_to),
        ] {
            if !is_email(address) {
                problems.push(format!(
                    "mailboxes.toml: {name} {address:?} of {:?} is not an e-mail address",
                    mailbox.org
                ));
            }
        }
        if mailbox.address.eq_ignore_ascii_case(&mailbox.forward_to) {
            problems.push(format!(
                "mailboxes.toml: {:?} forwards to its own address, a loop",
                mailbox.org
            ));
        }
        if file.mailbox[..index]
            .iter()
            .any(|other| other.address.eq_ignore_ascii_case(&mailbox.address))
        {
            problems.push(format!(
                "mailboxes.toml: {:?} is routed twice",
                mailbox.address
            ));
        }
    }
    if problems.is_empty() {
        Ok(file.mailbox)
    } else {
        Err(problems)
    }
}

/// Everything the Worker needs of this deployment's configuration, loaded
/// and checked here and written as one JSON document (`{"org": […],
/// "processors": [[org, processor]…], "mailboxes": […]}`): the Worker's
/// build script compiles it in, so the Worker parses JSON (which it reads
/// anyway) and carries no TOML parser. Any problem of any file fails.
pub fn compiled_json() -> Result<String, Vec<String>> {
    let directory = builtin()?;
    let processors = load_processors(PROCESSORS_TOML, &directory)?;
    let mailboxes = load_mailboxes(MAILBOXES_TOML, &directory)?;
    let document = serde_json::json!({
        "org": directory.orgs,
        "processors": processors,
        "mailboxes": mailboxes,
    });
    Ok(document.to_string())
}

/// One entry of `processors.toml`: a school's processor.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcessorEntry {
    org: String,
    name: String,
    processes: String,
    #[serde(default)]
    breach_duty_agreed: Option<chrono::NaiveDate>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcessorsFile {
    #[serde(default)]
    processor: Vec<ProcessorEntry>,
}

/// The processors of every organisation in `text` (a `processors.toml`),
/// as (organisation id, processor), checked against `directory`: an entry
/// of an organisation that is not configured, or with an empty name, is a
/// problem (one message per entry).
pub fn load_processors(
    text: &str,
    directory: &OrgDirectory,
) -> Result<Vec<(String, Processor)>, Vec<String>> {
    let file: ProcessorsFile =
        toml::from_str(text).map_err(|e| vec![format!("processors.toml: {e}")])?;
    let mut problems = Vec::new();
    let mut processors = Vec::new();
    for entry in file.processor {
        if directory.get(&entry.org).is_none() {
            problems.push(format!(
                "processors.toml: {:?} is not an organisation in orgs.toml",
                entry.org
            ));
        }
        if entry.name.trim().is_empty() || entry.processes.trim().is_empty() {
            problems.push(format!(
                "processors.toml: a processor of {:?} without a name or what it processes",
                entry.org
            ));
        }
        processors.push((
            entry.org,
            Processor {
                name: entry.name,
                processes: entry.processes,
                breach_duty_agreed: entry.breach_duty_agreed,
            },
        ));
    }
    if problems.is_empty() {
        Ok(processors)
    } else {
        Err(problems)
    }
}

/// Parses and checks a configuration. Every problem is listed, one per
/// line, each with the line of the file it is on and an example of a right
/// value (see [`check`]).
pub fn load(text: &str) -> Result<OrgDirectory, Vec<String>> {
    let directory: OrgDirectory = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
    let problems = directory.problems();
    if problems.is_empty() {
        Ok(directory)
    } else {
        Err(problems
            .iter()
            .map(|problem| located(text, "orgs.toml", problem))
            .collect())
    }
}

/// Checks the configuration `text` (read from `file`), for running locally
/// or, with `deploy`, for deploying for real, where the placeholders the
/// shipped file carries for schools to replace ([`placeholders`]) are
/// refused too. Each problem is a message for the school's IT person:
/// `file:line: school (id): what is wrong`, then an example of a right line.
/// Empty when there is nothing to fix.
pub fn check(text: &str, file: &str, deploy: bool) -> Vec<String> {
    let directory: OrgDirectory = match toml::from_str(text) {
        Ok(directory) => directory,
        // The TOML error names its own line and column and shows the line.
        Err(error) => return vec![format!("{file}: {error}")],
    };
    let mut problems = directory.problems();
    if deploy {
        problems.extend(placeholders(&directory));
    }
    problems
        .iter()
        .map(|problem| located(text, file, problem))
        .collect()
}

/// Values that are only right on a developer's machine: addresses and
/// URLs under the reserved example domains (`example`, `.example`,
/// `example.com`/`.net`/`.org`, `.test`, `.invalid`, `localhost`) and a
/// notification endpoint on this machine. The shipped file uses them where
/// a school must put its own, so a real deployment must not start with any.
pub fn placeholders(directory: &OrgDirectory) -> Vec<ConfigProblem> {
    let mut problems = Vec::new();
    for (index, org) in directory.orgs.iter().enumerate() {
        let mut placeholder = |key: &'static str, what: &str, value: &str| {
            if is_placeholder(value) {
                problems.push(ConfigProblem {
                    org: index,
                    org_id: org.id.clone(),
                    key,
                    value: Some(value.to_string()),
                    message: format!(
                        "{what} {value:?} is a placeholder: put the school's own before deploying"
                    ),
                });
            }
        };
        placeholder("breach_mailbox", "breach_mailbox", &org.breach_mailbox);
        placeholder("dpo", "dpo.email", &org.dpo.email);
        if org.sends(brud_shared::org::Channel::Webhook) {
            placeholder(
                "notification_endpoint",
                "notification_endpoint",
                &org.notification_endpoint,
            );
        }
        for origin in &org.embed_origins {
            placeholder("embed_origins", "embed origin", origin);
        }
        for member in &org.staff {
            placeholder("staff", "staff e-mail", &member.email);
        }
        if let Some(link) = &org.ticket_system {
            placeholder("ticket_system", "ticket_system.url", &link.url);
        }
    }
    problems
}

/// Whether an address or URL is on a reserved example domain or on this
/// machine (RFC 2606 and RFC 6761 names, loopback addresses).
fn is_placeholder(value: &str) -> bool {
    let after_scheme = value.split_once("://").map_or(value, |(_, rest)| rest);
    let host_part = after_scheme
        .rsplit_once('@')
        .map_or(after_scheme, |(_, host)| host);
    let host = host_part
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let reserved = [
        "example",
        "test",
        "invalid",
        "localhost",
        "example.com",
        "example.net",
        "example.org",
    ];
    reserved
        .iter()
        .any(|name| host == *name || host.ends_with(&format!(".{name}")))
        || host.starts_with("127.")
        || host == "[::1]"
}

/// A right line for each key a problem can be about.
fn example(key: &str) -> &'static str {
    match key {
        "id" => "id = \"aalborg-kulturskole\"",
        "short_code" => "short_code = \"AKS\"",
        "breach_mailbox" => "breach_mailbox = \"sikkerhedsbrud@skolen.dk\"",
        "dpo" => {
            "dpo = { name = \"Kommunens databeskyttelsesrådgiver\", email = \"dpo@kommune.dk\" }"
        }
        "notification_endpoint" => "notification_endpoint = \"https://it.skolen.dk/hooks/brud\"",
        "embed_origins" => "embed_origins = [\"https://intra.skolen.dk\"]",
        "channels" => "channels = [\"webhook\", \"mail\"]   (or just one of them)",
        "staff" => "staff = [{ email = \"leder@skolen.dk\", role = \"leader\" }]",
        "steps" => "id = \"inform_leader\"   (each [[org.steps]] with its own id)",
        "retention" => "retention = { contact_days = 90, register_years = 5 }",
        "ticket_system" => {
            "ticket_system = { name = \"TopDesk\", url = \"https://topdesk.kommune.dk\" }"
        }
        _ => "",
    }
}

/// `problem` as `file:line: school (id): message`, with a right example on
/// the next line. The line comes from the spans of the parsed document
/// (toml's `DeTable`): the value the problem names, if it gives one and it
/// is written under the key, else the key, else the organisation's
/// `[[org]]` table.
fn located(text: &str, file: &str, problem: &ConfigProblem) -> String {
    let parsed = DeTable::parse(text).ok();
    let org = parsed
        .as_ref()
        .and_then(|doc| org_table(doc.get_ref(), problem.org));
    let key = org
        .as_ref()
        .and_then(|(_, table)| entry(table, problem.key));
    let start = key
        .and_then(|(key, value)| {
            let written = problem.value.as_deref()?;
            string_at(value, written).or(Some(key.span().start))
        })
        .or_else(|| key.map(|(key, _)| key.span().start))
        .or_else(|| org.as_ref().map(|(span, _)| span.start))
        .unwrap_or(0);
    let line = line_at(text, start);
    let example = example(problem.key);
    let name = org
        .as_ref()
        .and_then(|(_, table)| entry(table, "name"))
        .and_then(|(_, value)| match value.get_ref() {
            DeValue::String(name) if !name.is_empty() => Some(name.to_string()),
            _ => None,
        });
    let who = match name {
        Some(name) => format!("{name} ({})", problem.org_id),
        None => format!("org {} ({})", problem.org + 1, problem.org_id),
    };
    let mut message = format!("{file}:{line}: {who}: {}", problem.message);
    if !example.is_empty() {
        message.push_str(&format!("\n    for example: {example}"));
    }
    message
}

/// The line (from 1) of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Organisation `org`'s table (the `org` array's element), with its span.
fn org_table<'a, 'i>(
    doc: &'a DeTable<'i>,
    org: usize,
) -> Option<(std::ops::Range<usize>, &'a DeTable<'i>)> {
    let (_, orgs) = entry(doc, "org")?;
    let DeValue::Array(orgs) = orgs.get_ref() else {
        return None;
    };
    let element = orgs.get(org)?;
    match element.get_ref() {
        DeValue::Table(table) => Some((element.span(), table)),
        _ => None,
    }
}

/// The key `key` of `table` and its value, both with their spans.
fn entry<'a, 'i>(
    table: &'a DeTable<'i>,
    key: &str,
) -> Option<(&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)> {
    table.iter().find(|(name, _)| name.get_ref() == key)
}

/// Where the string `written` stands inside `value` (at any depth).
fn string_at(value: &Spanned<DeValue<'_>>, written: &str) -> Option<usize> {
    match value.get_ref() {
        DeValue::String(text) if text == written => Some(value.span().start),
        DeValue::Array(items) => items.iter().find_map(|item| string_at(item, written)),
        DeValue::Table(table) => table.values().find_map(|item| string_at(item, written)),
        _ => None,
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
    fn the_shipped_processors_load_and_a_school_gets_only_its_own() {
        let directory = builtin().unwrap();
        let all = load_processors(PROCESSORS_TOML, &directory).unwrap();
        assert!(!all.is_empty());
        let demo = brud_case::control::processors_of(&all, "demo");
        assert_eq!(demo.len(), 2);
        assert_eq!(demo[0].name, "Aula (Netcompany)");
        assert_eq!(demo[1].breach_duty_agreed, None, "the example lacking it");
        assert!(brud_case::control::processors_of(&all, "zahles").is_empty());
    }

    #[test]
    fn the_compiled_configuration_reads_back_as_the_files_say() {
        let json: serde_json::Value = serde_json::from_str(&compiled_json().unwrap()).unwrap();
        let orgs: Vec<brud_shared::OrgProfile> =
            serde_json::from_value(json["org"].clone()).unwrap();
        assert_eq!(orgs, builtin().unwrap().orgs, "every profile whole");
        let processors: Vec<(String, Processor)> =
            serde_json::from_value(json["processors"].clone()).unwrap();
        assert_eq!(
            processors.len(),
            load_processors(PROCESSORS_TOML, &builtin().unwrap())
                .unwrap()
                .len()
        );
        let mailboxes: Vec<brud_case::inbound::InboundMailbox> =
            serde_json::from_value(json["mailboxes"].clone()).unwrap();
        assert_eq!(
            mailboxes,
            load_mailboxes(MAILBOXES_TOML, &builtin().unwrap()).unwrap()
        );
    }

    #[test]
    fn the_shipped_mailboxes_load_and_a_bad_one_is_named() {
        let directory = builtin().unwrap();
        assert!(!load_mailboxes(MAILBOXES_TOML, &directory)
            .unwrap()
            .is_empty());
        let shipped = load_mailboxes(MAILBOXES_TOML, &directory).unwrap();
        let demo =
            brud_case::inbound::mailbox_at(&shipped, " Sikkerhedsbrud@Demo.Example").unwrap();
        assert_eq!(demo.org, "demo");
        assert!(brud_case::inbound::mailbox_at(&shipped, "nobody@demo.example").is_none());
        let problems = load_mailboxes(
            "[[mailbox]]\norg = \"nowhere\"\naddress = \"a@b.dk\"\nforward_to = \"A@b.dk\"\n\n[[mailbox]]\norg = \"demo\"\naddress = \"a@b.dk\"\nforward_to = \"no address\"\n",
            &directory,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn a_processor_of_an_unknown_school_or_without_a_name_is_refused() {
        let directory = builtin().unwrap();
        let problems = load_processors(
            "[[processor]]\norg = \"nowhere\"\nname = \" \"\nprocesses = \"x\"\n",
            &directory,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("\"nowhere\" is not an organisation"));
        assert!(load_processors("[[processor]]\norg = \"demo\"\n", &directory).is_err());
    }

    /// A school's own file: two organisations, real-looking addresses.
    const OWN: &str = r#"
[[org]]
id = "nordskolen"
name = "Nordskolen"
short_code = "NORD"
breach_mailbox = "sikkerhedsbrud@nordskolen.dk"
notification_endpoint = "https://it.kommune.dk/hooks/brud"
dpo = { name = "DPO", email = "dpo@kommune.dk" }
staff = [
  { email = "leder@nordskolen.dk", role = "leader" },
]

[[org]]
id = "sydskolen"
name = "Sydskolen"
short_code = "SYD"
breach_mailbox = "sikkerhedsbrud@sydskolen.dk"
notification_endpoint = "https://it.kommune.dk/hooks/brud"
dpo = { name = "DPO", email = "dpo@kommune.dk" }
staff = [
  { email = "leder@sydskolen.dk", role = "leader" },
  { email = "dpo@kommune.dk", role = "dpo" },
]
"#;

    #[test]
    fn a_school_s_own_file_passes_both_checks() {
        assert_eq!(check(OWN, "orgs.toml", false), Vec::<String>::new());
        assert_eq!(check(OWN, "orgs.toml", true), Vec::<String>::new());
    }

    #[test]
    fn a_problem_names_its_file_line_and_school_and_shows_a_right_line() {
        let bad = OWN
            .replace("sikkerhedsbrud@sydskolen.dk", "sikkerhedsbrud-sydskolen")
            .replace("leder@sydskolen.dk", "leder at sydskolen");
        let problems = check(&bad, "orgs.toml", false);
        assert_eq!(
            problems,
            [
                "orgs.toml:17: Sydskolen (sydskolen): breach_mailbox is not an e-mail address\n    \
                 for example: breach_mailbox = \"sikkerhedsbrud@skolen.dk\"",
                "orgs.toml:21: Sydskolen (sydskolen): staff e-mail \"leder at sydskolen\" is not an e-mail address\n    \
                 for example: staff = [{ email = \"leder@skolen.dk\", role = \"leader\" }]",
            ]
        );
        // A TOML mistake names its own line.
        let broken = OWN.replace("short_code = \"SYD\"", "short_code = SYD");
        let problems = check(&broken, "orgs.toml", false);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("orgs.toml: TOML parse error at line 16"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn deploying_refuses_every_placeholder_the_shipped_file_carries() {
        assert_eq!(
            check(ORGS_TOML, "config/orgs.toml", false),
            Vec::<String>::new()
        );
        let problems = check(ORGS_TOML, "config/orgs.toml", true);
        for expected in [
            "Aalborg Kulturskole (aalborg-kulturskole): embed origin",
            "Aalborg Kulturskole (aalborg-kulturskole): staff e-mail \"palle.vang@aalborg-kulturskole.example\"",
            "N. Zahles Skole (zahles): dpo.email \"dpo@zahles.example\"",
            "Demoskolen (demo): notification_endpoint \"http://127.0.0.1:8788/hooks/brud\"",
        ] {
            assert!(problems.iter().any(|p| p.contains(expected)), "{expected} in {problems:#?}");
        }
        // Each is found on the line that says it.
        let lines: Vec<&str> = ORGS_TOML.lines().collect();
        for problem in &problems {
            let (place, _) = problem.split_once(": ").unwrap();
            let line: usize = place.rsplit(':').next().unwrap().parse().unwrap();
            let value = problem.split('"').nth(1).unwrap();
            assert!(lines[line - 1].contains(value), "line {line} for {problem}");
        }
    }

    #[test]
    fn placeholders_are_the_reserved_example_names_and_this_machine() {
        for placeholder in [
            "dpo@zahles.example",
            "https://hooks.example.invalid/brud",
            "https://intra.demo.example",
            "brud@example.com",
            "https://sub.example.org/x",
            "http://127.0.0.1:8788/hooks",
            "http://localhost:3000",
            "x@skole.test",
        ] {
            assert!(is_placeholder(placeholder), "{placeholder}");
        }
        for real in [
            "sikkerhedsbrud-skole@aalborg.dk",
            "https://example-skole.dk/hooks",
            "https://intra.zahles.dk",
            "dpo@exampleskolen.dk",
        ] {
            assert!(!is_placeholder(real), "{real}");
        }
    }

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
