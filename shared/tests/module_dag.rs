//! Every crate's files form a DAG: no file uses, directly or through
//! others, a file that uses it. Read from the sources of every workspace
//! member (the root `Cargo.toml`'s `members`), so a new cycle anywhere
//! fails here with its path.
//!
//! A file is a module: `src/lib.rs` is the crate root, `src/a.rs` and
//! `src/a/mod.rs` are `a`, `src/a/b.rs` is `a::b`. A file uses another
//! when its code (comments, module declarations and `#[cfg(test)]` code
//! left out) names it: `crate::a::…`, `super::…`, a child module by name,
//! or an item of the crate root (`crate::Item`), which counts as the module
//! the root re-exports it from (`pub use a::Item;`), else as the root
//! itself. Binaries (`main.rs`, `src/bin/`) are roots of their own and are
//! left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The workspace's member directories.
fn members() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest: toml::Table = fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    manifest["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| root.join(member.as_str().unwrap()))
        .collect()
}

/// Each library file's module path (`""` for the root) and its code
/// without comments, module declarations and test code.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "bin" {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut segments: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match segments.last().map(String::as_str) {
                Some("main") if segments.len() == 1 => continue,
                Some("lib") if segments.len() == 1 => segments.clear(),
                Some("mod") => {
                    segments.pop();
                }
                _ => {}
            }
            let text = fs::read_to_string(&path).unwrap();
            let library = text.split("#[cfg(test)]").next().unwrap();
            let code: Vec<&str> = library
                .lines()
                .map(|line| line.split("//").next().unwrap())
                .filter(|line| {
                    let line = line.trim_start();
                    !(line.starts_with("mod ")
                        || line.starts_with("pub mod ")
                        || line.starts_with("pub(crate) mod "))
                })
                .collect();
            found.insert(segments.join("::"), code.join("\n"));
        }
    }
    found
}

/// The paths a file's code names, each as segments from the crate root.
fn paths_named(module: &str, code: &str, known: &BTreeSet<String>) -> Vec<Vec<String>> {
    let here: Vec<String> = module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut named = Vec::new();
    // Expand `use crate::{a, b::c}` groups into one path each.
    let expanded = expand_groups(code);
    let chars: Vec<char> = expanded.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let before_ok = i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':');
        if !before_ok || !is_ident(chars[i]) {
            i += 1;
            continue;
        }
        // Read a path a::b::c starting here.
        let mut segments = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < chars.len() && is_ident(chars[j]) {
                j += 1;
            }
            segments.push(chars[start..j].iter().collect::<String>());
            if j + 2 < chars.len()
                && chars[j] == ':'
                && chars[j + 1] == ':'
                && is_ident(chars[j + 2])
            {
                j += 2;
            } else {
                break;
            }
        }
        i = j;
        if segments.len() < 2 {
            // A lone word (`pub(super)`, a local name) names no module.
            continue;
        }
        let absolute = match segments[0].as_str() {
            "crate" => segments[1..].to_vec(),
            "super" => {
                let mut base = here.clone();
                let mut rest = &segments[..];
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                base
            }
            "self" => {
                let mut base = here.clone();
                base.extend(segments[1..].iter().cloned());
                base
            }
            _ => {
                // A child module named without a prefix.
                let mut base = here.clone();
                base.push(segments[0].clone());
                if !known.contains(&base.join("::")) {
                    continue;
                }
                base.extend(segments[1..].iter().cloned());
                base
            }
        };
        named.push(absolute);
    }
    named
}

/// `crate::{a, b::{c, d}}` written out as `crate::a crate::b::c crate::b::d`.
fn expand_groups(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(open) = out.find("::{") {
        let mut depth = 0;
        let mut close = open + 2;
        for (k, c) in out[open + 2..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + 2 + k;
                        break;
                    }
                }
                _ => {}
            }
        }
        let prefix_start = out[..open]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |p| p + 1);
        let prefix = out[prefix_start..open].to_string();
        let inner = out[open + 3..close].to_string();
        let mut items = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(inner[start..k].trim().to_string());
                    start = k + 1;
                }
                _ => {}
            }
        }
        items.push(inner[start..].trim().to_string());
        let written: Vec<String> = items
            .into_iter()
            .filter(|item| !item.is_empty())
            .map(|item| {
                if item == "self" {
                    prefix.clone()
                } else {
                    format!("{prefix}::{item}")
                }
            })
            .collect();
        out.replace_range(prefix_start..=close, &written.join(" "));
    }
    out
}

/// The file-level graph of one crate.
fn file_graph(src: &Path) -> Graph {
    let modules = modules(src);
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    // The root's re-exports: `crate::Item` means the module it comes from.
    let root_code = modules.get("").cloned().unwrap_or_default();
    let mut reexported: BTreeMap<String, String> = BTreeMap::new();
    for path in paths_named("", &root_code, &known) {
        if path.len() >= 2 && known.contains(&path[0]) {
            reexported.insert(path.last().unwrap().clone(), path[0].clone());
        }
    }
    modules
        .iter()
        .map(|(module, code)| {
            let used = paths_named(module, code, &known)
                .into_iter()
                .filter_map(|path| {
                    // The longest known module the path starts with.
                    let target = (0..=path.len())
                        .rev()
                        .map(|n| path[..n].join("::"))
                        .find(|m| known.contains(m))?;
                    if target.is_empty() {
                        // An item of the root, maybe re-exported.
                        let item = path.first()?;
                        return Some(reexported.get(item).cloned().unwrap_or_default());
                    }
                    Some(target)
                })
                .filter(|target| target != module)
                // A module's own children and its file's ancestors are
                // not edges of interest when the path only passes through.
                .collect();
            (module.clone(), used)
        })
        .collect()
}

fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
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

fn name(module: &str) -> &str {
    if module.is_empty() {
        "lib.rs"
    } else {
        module
    }
}

#[test]
fn every_crates_files_form_a_dag() {
    let mut checked = 0;
    for member in members() {
        let src = member.join("src");
        if !src.join("lib.rs").exists() {
            continue;
        }
        let graph = file_graph(&src);
        if let Some(cycle) = find_cycle(&graph) {
            let shown: Vec<&str> = cycle.iter().map(|m| name(m)).collect();
            panic!(
                "{}: the files form a cycle: {}",
                member.display(),
                shown.join(" -> ")
            );
        }
        checked += graph.len();
    }
    assert!(checked > 50, "only {checked} files were read");
}

/// The checker itself finds what it must: a page that reaches back into
/// the root that shows it, a child and its parent that use each other,
/// and names the files in order.
#[test]
fn the_checker_finds_cycles_through_the_root_and_between_files() {
    let dir = std::env::temp_dir().join(format!("brud-dag-{}", std::process::id()));
    let src = dir.join("src");
    fs::create_dir_all(src.join("case")).unwrap();
    fs::write(
        src.join("lib.rs"),
        "pub mod page;\npub mod case;\npub use case::Case;\n\
         pub fn shell() { page::draw(); }\npub fn use_desk() {}\n",
    )
    .unwrap();
    fs::write(
        src.join("page.rs"),
        "use crate::{use_desk, case::Case};\npub fn draw() { use_desk(); }\n",
    )
    .unwrap();
    fs::write(
        src.join("case/mod.rs"),
        "pub mod event;\npub struct Case;\n// event::Event in a comment is no use\n",
    )
    .unwrap();
    fs::write(
        src.join("case/event.rs"),
        "use crate::Case;\npub struct Event;\n#[cfg(test)]\nmod tests { use super::super::page; }\n",
    )
    .unwrap();
    let graph = file_graph(&src);
    let edges = |m: &str| graph[m].iter().cloned().collect::<Vec<_>>();
    assert_eq!(edges(""), vec!["case".to_string(), "page".to_string()]);
    assert_eq!(edges("page"), vec!["".to_string(), "case".to_string()]);
    assert_eq!(edges("case::event"), vec!["case".to_string()]);
    assert!(edges("case").is_empty());
    let cycle = find_cycle(&graph).expect("page -> lib.rs -> page");
    assert!(cycle.contains(&"page".to_string()) && cycle.contains(&String::new()));

    // Without the page's reach into the root, and with a parent that uses
    // its child which uses it back.
    fs::write(
        src.join("page.rs"),
        "use crate::case::Case;\npub fn draw() {}\n",
    )
    .unwrap();
    fs::write(
        src.join("case/mod.rs"),
        "pub mod event;\npub struct Case;\nfn f() { event::Event; }\n",
    )
    .unwrap();
    let graph2 = file_graph(&src);
    let cycle = find_cycle(&graph2).expect("case -> case::event -> case");
    assert_eq!(cycle.len(), 3, "{cycle:?}");
    assert!(cycle.contains(&"case::event".to_string()));
    fs::remove_dir_all(&dir).unwrap();
}
