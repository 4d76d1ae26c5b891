//! The domain's modules form a DAG: no module uses, directly or through
//! others, a module that uses it. Read from the sources (`crate::module`
//! references outside test code), so a new cycle fails here with its path.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The top-level module of each source file, and its text without tests.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "bin" {
                    stack.push(path);
                }
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let top = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "lib" {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            // Test code may use anything; only the library's edges count.
            let library = text.split("#[cfg(test)]").next().unwrap().to_string();
            modules.entry(top).or_default().push_str(&library);
        }
    }
    modules
}

fn edges(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    modules
        .iter()
        .map(|(name, text)| {
            let code: String = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let used = modules
                .keys()
                .filter(|other| *other != name)
                .filter(|other| {
                    code.contains(&format!("crate::{other}::"))
                        || code.contains(&format!("crate::{other};"))
                        || code.contains(&format!("crate::{other}}}"))
                })
                .cloned()
                .collect();
            (name.clone(), used)
        })
        .collect()
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_form_a_dag() {
    let graph = edges(&modules());
    assert!(graph.len() > 10, "read the modules: {graph:?}");
    assert_eq!(find_cycle(&graph), None, "module cycle; edges: {graph:#?}");
}

#[test]
fn the_layers_read_bottom_up() {
    let graph = edges(&modules());
    let uses = |a: &str, b: &str| graph[a].contains(b);
    // The bottom knows nothing of the domain above it.
    for bottom in ["syntax", "secret"] {
        assert!(
            graph[bottom].is_empty(),
            "{bottom} uses {:?}",
            graph[bottom]
        );
    }
    assert!(!uses("org", "validate") && !uses("org", "risk"));
    assert!(!uses("validate", "risk") && !uses("validate", "obligations"));
    assert!(!uses("risk", "org") && !uses("risk", "obligations"));
    assert!(uses("obligations", "risk") && uses("obligations", "org"));
    assert!(!uses("obligations", "texts"));
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
