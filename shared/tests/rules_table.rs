//! The README's rules table is generated from the rules' own doc comments:
//! the first doc line of each `RuleId` variant (`src/risk/rule_id.rs`).
//! This test regenerates it and fails when the README differs, printing the
//! table to paste, so the table can never drift from the code.

use brud_shared::risk::RuleId;

/// `(variant name, first doc line)` for every variant, read from the
/// source.
fn documented_rules() -> Vec<(String, String)> {
    let source = include_str!("../src/risk/rule_id.rs");
    let body = &source[source.find("pub enum RuleId {").expect("the enum")..];
    let mut rules = Vec::new();
    let mut doc: Option<String> = None;
    for line in body.lines().skip(1).map(str::trim) {
        if line == "}" {
            break;
        }
        if let Some(text) = line.strip_prefix("/// ") {
            doc.get_or_insert_with(|| text.to_string());
        } else if let Some(name) = line.strip_suffix(',') {
            let effect = doc.take().expect("every rule has a doc comment");
            rules.push((name.to_string(), effect));
        } else {
            doc = None;
        }
    }
    rules
}

fn generated_table() -> String {
    let mut table = String::from("  | id | effect |\n  | --- | --- |\n");
    for ((_, effect), id) in documented_rules().into_iter().zip(RuleId::all()) {
        table.push_str(&format!("  | `{id}` | {effect} |\n"));
    }
    table
}

#[test]
fn every_rule_is_documented_in_its_variant() {
    let documented: Vec<String> = documented_rules()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let code: Vec<String> = RuleId::all().map(|id| format!("{id:?}")).collect();
    assert_eq!(documented, code, "every variant has its doc line, in order");
}

#[test]
fn the_readme_rules_table_is_generated_from_the_rule_docs() {
    let readme = include_str!("../../README.md");
    let table = generated_table();
    assert!(
        readme.contains(&table),
        "README.md's rules table differs from the rules' docs; paste this:\n\n{table}"
    );
}
