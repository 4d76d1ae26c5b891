//! Facts of `wrangler.toml` for the scripts, read with the TOML parser (its
//! spans for the one edit the deploy script makes), so no script greps or
//! edits the file with `sed`: the queues to create, a var, the database id,
//! whether a route and the mail binding are there and `workers_dev` is off.

use toml::de::{DeTable, DeValue};
use toml::Table;

/// The dead-letter queue of the delivery queue (wrangler.toml's
/// `dead_letter_queue`, checked by a test): the Worker tells its batches
/// apart by this name.
pub const DEAD_LETTER_QUEUE: &str = "brud-deliveries-dlq";

/// `wrangler.toml` read.
pub struct Wrangler {
    table: Table,
}

impl Wrangler {
    /// Reads `text`; the TOML error otherwise.
    pub fn parse(text: &str) -> Result<Wrangler, String> {
        text.parse::<Table>()
            .map(|table| Wrangler { table })
            .map_err(|e| e.to_string())
    }

    /// Every queue the Worker produces to or consumes from (dead-letter
    /// queues included), each once, in the order they are written.
    pub fn queues(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let queues = self.table.get("queues").and_then(|q| q.as_table());
        for kind in ["producers", "consumers"] {
            let entries = queues
                .and_then(|q| q.get(kind))
                .and_then(|e| e.as_array())
                .cloned()
                .unwrap_or_default();
            for entry in entries {
                for key in ["queue", "dead_letter_queue"] {
                    if let Some(name) = entry.get(key).and_then(|n| n.as_str()) {
                        if !names.iter().any(|known| known == name) {
                            names.push(name.to_string());
                        }
                    }
                }
            }
        }
        names
    }

    /// The dead-letter queue the delivery queue's consumer names.
    pub fn dead_letter_queue(&self) -> Option<String> {
        let consumers = self.table.get("queues")?.get("consumers")?.as_array()?;
        consumers
            .iter()
            .find_map(|c| c.get("dead_letter_queue")?.as_str().map(String::from))
    }

    /// The var `name` (`[vars]`), if set.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = self.table.get("vars")?.get(name)?;
        value.as_str().map(String::from)
    }

    /// The D1 database's id.
    pub fn database_id(&self) -> Option<String> {
        let databases = self.table.get("d1_databases")?.as_array()?;
        databases
            .first()?
            .get("database_id")?
            .as_str()
            .map(String::from)
    }

    /// Whether the Worker answers on a route (`route` or `routes`).
    pub fn has_route(&self) -> bool {
        self.table.contains_key("route") || self.table.contains_key("routes")
    }

    /// `workers_dev`, when written.
    pub fn workers_dev(&self) -> Option<bool> {
        self.table.get("workers_dev")?.as_bool()
    }

    /// Whether the mail binding (`[[send_email]]`) is there.
    pub fn has_send_email(&self) -> bool {
        self.table.contains_key("send_email")
    }
}

/// `text` with the D1 database's `database_id` set to `id`, everything
/// else byte for byte as it was (the value's span from the parser is
/// replaced); `None` when the file has no such value or `id` is not a
/// UUID (what D1 gives, and nothing that could end the string).
pub fn with_database_id(text: &str, id: &str) -> Option<String> {
    if !brud_shared::syntax::is_uuid(id) {
        return None;
    }
    let document = DeTable::parse(text).ok()?;
    let (_, databases) = document
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref() == "d1_databases")?;
    let DeValue::Array(databases) = databases.get_ref() else {
        return None;
    };
    let DeValue::Table(first) = databases.first()?.get_ref() else {
        return None;
    };
    let (_, value) = first
        .iter()
        .find(|(key, _)| key.get_ref() == "database_id")?;
    let span = value.span();
    Some(format!(
        "{}\"{id}\"{}",
        &text[..span.start],
        &text[span.end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../wrangler.toml");

    #[test]
    fn the_shipped_file_names_the_queues_the_worker_knows() {
        let wrangler = Wrangler::parse(SHIPPED).unwrap();
        assert_eq!(
            wrangler.queues(),
            ["brud-deliveries", "brud-deliveries-dlq"]
        );
        assert_eq!(
            wrangler.dead_letter_queue().as_deref(),
            Some(DEAD_LETTER_QUEUE)
        );
        assert_eq!(wrangler.workers_dev(), Some(false));
        assert!(wrangler.has_send_email());
        assert_eq!(wrangler.var("MAIL_FROM_NAME").as_deref(), Some("Brud"));
        assert_eq!(wrangler.var("ACCESS_AUD").as_deref(), Some(""));
        assert_eq!(wrangler.var("NO_SUCH_VAR"), None);
        assert_eq!(
            wrangler.database_id().as_deref(),
            Some("00000000-0000-4000-8000-000000000000")
        );
    }

    #[test]
    fn setting_the_database_id_changes_that_value_and_nothing_else() {
        let id = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
        let changed = with_database_id(SHIPPED, id).unwrap();
        assert_eq!(
            Wrangler::parse(&changed).unwrap().database_id().as_deref(),
            Some(id)
        );
        let differing: Vec<(&str, &str)> = SHIPPED
            .lines()
            .zip(changed.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(differing.len(), 1, "{differing:?}");
        assert!(
            differing[0].1.starts_with("database_id = \""),
            "{differing:?}"
        );
        assert_eq!(SHIPPED.lines().count(), changed.lines().count());
        assert_eq!(with_database_id("name = \"x\"\n", id), None);
        assert_eq!(with_database_id(SHIPPED, "x\"\nroute = \"evil\""), None);
    }

    #[test]
    fn a_route_is_seen_whichever_way_it_is_written() {
        let with = |extra: &str| Wrangler::parse(&format!("{extra}\n{SHIPPED}")).unwrap();
        assert!(!Wrangler::parse(SHIPPED).unwrap().has_route());
        assert!(with("route = \"brud.skolen.dk/*\"").has_route());
        assert!(
            with("routes = [{ pattern = \"brud.skolen.dk\", custom_domain = true }]").has_route()
        );
    }
}
