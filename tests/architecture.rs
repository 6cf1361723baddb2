//! The rules of ARCHITECTURE.md that a machine can check.

#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Crates that do I/O or need a browser: `src/domain` must name none of them.
const FORBIDDEN_IN_DOMAIN: [&str; 7] = [
    "leptos",
    "leptos_router",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "indexed_db_futures",
    "gloo_timers",
];

/// Ways of reading the wall clock: the rules take time as an argument instead.
const WALL_CLOCKS: [&str; 5] = [
    "Utc::now",
    "Local::now",
    "SystemTime::now",
    "Instant::now",
    "Date::now",
];

fn rust_files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn source_folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Lines of code with `//` comments removed, so prose about a crate is not a use of it.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.split("//").next().unwrap_or("").to_owned()))
        .collect()
}

/// The lines of code under `folder` (files `skip` leaves out apart) that `offends`, as
/// `path:line: code`.
fn offending_lines(
    folder: &str,
    skip: impl Fn(&Path) -> bool,
    offends: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut offences = Vec::new();
    for path in rust_files_under(&source_folder(folder)) {
        if skip(&path) {
            continue;
        }
        for (number, line) in code_lines(&path) {
            if offends(&line) {
                offences.push(format!("{}:{number}: {}", path.display(), line.trim()));
            }
        }
    }
    offences
}

#[test]
fn the_domain_names_no_browser_ui_or_storage_crate() {
    let offences = offending_lines(
        "src/domain",
        |_| false,
        |line| {
            FORBIDDEN_IN_DOMAIN.iter().any(|krate| {
                line.contains(&format!("{krate}::"))
                    || line.trim_start().starts_with(&format!("use {krate}"))
                    || line.contains(&format!("extern crate {krate}"))
            })
        },
    );
    assert!(
        offences.is_empty(),
        "src/domain must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_domain_never_reads_the_wall_clock() {
    let offences = offending_lines(
        "src/domain",
        |_| false,
        |line| WALL_CLOCKS.iter().any(|clock| line.contains(clock)),
    );
    assert!(
        offences.is_empty(),
        "time must come in as an argument:\n{}",
        offences.join("\n")
    );
}

#[test]
fn only_the_store_touches_indexed_db() {
    let store = source_folder("src/store");
    let offences = offending_lines(
        "src",
        |path| path.starts_with(&store),
        |line| line.contains("indexed_db_futures") || line.contains("Idb"),
    );
    assert!(
        offences.is_empty(),
        "IndexedDB outside src/store:\n{}",
        offences.join("\n")
    );
}

#[test]
fn every_source_file_opens_with_a_line_saying_what_it_is_for() {
    let undocumented: Vec<String> = rust_files_under(&source_folder("src"))
        .into_iter()
        .filter(|path| !fs::read_to_string(path).unwrap().starts_with("//!"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        undocumented.is_empty(),
        "files without a //! line: {undocumented:?}"
    );
}

/// The longest a file in `src/` may be: past it, a file holds more than one job.
const LONGEST_FILE: usize = 500;

#[test]
fn no_source_file_is_over_500_lines() {
    let long: Vec<String> = rust_files_under(&source_folder("src"))
        .into_iter()
        .filter_map(|path| {
            let lines = fs::read_to_string(&path).unwrap().lines().count();
            (lines > LONGEST_FILE).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by job:\n{}", long.join("\n"));
}

#[test]
fn the_domain_imports_neither_the_store_nor_the_ui() {
    let offences = offending_lines(
        "src/domain",
        |_| false,
        |line| line.contains("crate::store") || line.contains("crate::ui"),
    );
    assert!(
        offences.is_empty(),
        "the domain depends on nothing above it:\n{}",
        offences.join("\n")
    );
}

/// The fields of `Workspace`: only `Workspace::apply` (src/domain/workspace/apply.rs)
/// changes them, so that the state is always what the log makes it.
const WORKSPACE_FIELDS: [&str; 15] = [
    "format_version",
    "publisher",
    "components",
    "packages",
    "packs",
    "groups",
    "accounts",
    "instances",
    "next_id",
    "clock",
    "newest_event_at",
    "zone_changes",
    "boomi_ids",
    "boomi_names",
    "configuration",
];

const MUTATIONS: [&str; 10] = [
    " = ",
    " += ",
    ".insert(",
    ".remove(",
    ".push(",
    ".clear(",
    ".retain(",
    ".extend(",
    ".entry(",
    ".get_mut(",
];

#[test]
fn only_apply_changes_the_workspace() {
    let apply = source_folder("src/domain/workspace/apply.rs");
    let mut offences = Vec::new();
    for path in rust_files_under(&source_folder("src")) {
        if path == apply {
            continue;
        }
        for (number, line) in code_lines(&path) {
            let changed = WORKSPACE_FIELDS.iter().any(|field| {
                ["workspace.", "self."].iter().any(|owner| {
                    let named = format!("{owner}{field}");
                    line.match_indices(&named).any(|(at, _)| {
                        let after = &line[at + named.len()..];
                        // `workspace.packs` itself, not `workspace.packs_of(…)`.
                        let whole = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
                        whole && MUTATIONS.iter().any(|mutation| after.starts_with(mutation))
                    })
                })
            });
            if changed {
                offences.push(format!("{}:{number}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the workspace changes only through Workspace::apply:\n{}",
        offences.join("\n")
    );
}

/// The module a file of `src/` is, as a path: `ui::session` for src/ui/session/mod.rs.
fn module_of(path: &Path) -> Vec<String> {
    let relative = path.strip_prefix(source_folder("src")).unwrap();
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

/// The modules of `src/` a file imports (`use crate::…`, `use super::…`, `use self::…`):
/// each the longest module of `known` the path names.
fn imports_of(path: &Path, known: &[Vec<String>]) -> Vec<Vec<String>> {
    let code: String = code_lines(path)
        .into_iter()
        .map(|(_, line)| line + "\n")
        .collect();
    let module = module_of(path);
    let mut imported = Vec::new();
    for statement in code.split(';') {
        let Some(at) = statement.find("use ") else {
            continue;
        };
        let before = &statement[..at];
        if !before.trim().is_empty() && !before.trim().ends_with("pub") && !before.contains(')') {
            continue;
        }
        let named = statement[at + 4..].trim();
        let segments: Vec<&str> = named
            .split("::")
            .map(str::trim)
            .take_while(|segment| !segment.starts_with('{'))
            .collect();
        let mut resolved: Vec<String> = match segments.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") => module[..module.len() - 1].to_vec(),
            Some(&"self") => module.clone(),
            // `use child::…` names a module the file declares.
            Some(first) => {
                let mut child = module.clone();
                child.push((*first).to_owned());
                if !known.contains(&child) {
                    continue;
                }
                module.clone()
            }
            _ => continue,
        };
        let skip = usize::from(matches!(
            segments.first(),
            Some(&"crate" | &"super" | &"self")
        ));
        for segment in &segments[skip..] {
            if *segment == "super" {
                resolved.pop();
            } else {
                resolved.push((*segment).to_owned());
            }
        }
        while !resolved.is_empty() && !known.contains(&resolved) {
            resolved.pop();
        }
        if !resolved.is_empty() && resolved != module && !imported.contains(&resolved) {
            imported.push(resolved);
        }
    }
    imported
}

#[test]
fn no_module_of_the_ui_imports_a_module_that_imports_it() {
    let files = rust_files_under(&source_folder("src/ui"));
    let known: Vec<Vec<String>> = files.iter().map(|path| module_of(path)).collect();
    let edges: Vec<(Vec<String>, Vec<Vec<String>>)> = files
        .iter()
        .map(|path| (module_of(path), imports_of(path, &known)))
        .collect();
    let imports = |module: &Vec<String>| {
        edges
            .iter()
            .find(|(from, _)| from == module)
            .map(|(_, to)| to.clone())
            .unwrap_or_default()
    };
    // A depth-first walk from every module; a module met again on the path is a cycle.
    let mut cycles = Vec::new();
    for (start, _) in &edges {
        let mut path = vec![start.clone()];
        let mut pending = vec![(start.clone(), imports(start), 0usize)];
        while let Some((_, next, index)) = pending.last_mut() {
            let Some(target) = next.get(*index).cloned() else {
                pending.pop();
                path.pop();
                continue;
            };
            *index += 1;
            if &target == start {
                let names: Vec<String> = path.iter().map(|module| module.join("::")).collect();
                cycles.push(format!("{} → {}", names.join(" → "), start.join("::")));
            } else if !path.contains(&target) && target.first().is_some_and(|top| top == "ui") {
                path.push(target.clone());
                let further = imports(&target);
                pending.push((target, further, 0));
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(
        cycles.is_empty(),
        "modules of src/ui importing each other:\n{}",
        cycles.join("\n")
    );
}

/// The longest a function in `src/` may be, not counting the lines of its `view!` bodies.
const LONGEST_FUNCTION: usize = 80;

/// Functions that are tables: one arm or one entry per kind of thing, each short, read
/// one at a time. Splitting them would scatter the table.
const TABLES: [(&str, &str); 6] = [
    ("src/store/demo.rs", "demo_workspace"), // the demo publisher, command by command
    ("src/domain/error.rs", "fmt"),          // one sentence per refusal
    ("src/domain/event/sentence.rs", "main_sentence"), // one sentence per kind of event
    ("src/domain/integrity/event.rs", "check_event"), // one check per kind of event
    ("src/domain/command.rs", "with_ids_mapped"), // the ids of each command
    ("src/domain/boomi/fetch.rs", "fetch_script"), // the script's text
];

/// The functions of a file longer than `LONGEST_FUNCTION` lines outside `view!`: (name,
/// first line, length).
fn long_functions(path: &Path) -> Vec<(String, usize, usize)> {
    let lines = code_lines(path);
    let mut long = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index].1.trim_start();
        let signature = ["fn ", "pub fn ", "async fn ", "pub async fn ", "const fn "]
            .iter()
            .any(|start| line.starts_with(start))
            || (line.starts_with("pub(") && line.contains(") fn ") || line.contains(") async fn "));
        if !signature || line.trim_end().ends_with(';') {
            index += 1;
            continue;
        }
        let name: String = line[line.find("fn ").unwrap() + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened, mut in_view, mut view_depth, mut view_lines) =
            (0i32, false, false, 0i32, 0usize);
        let start = index;
        while index < lines.len() {
            let code = &lines[index].1;
            if !in_view && code.contains("view!") {
                in_view = true;
                view_depth = depth;
            }
            if in_view {
                view_lines += 1;
            }
            depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
            opened |= code.contains('{');
            if in_view && depth <= view_depth && code.contains('}') {
                in_view = false;
            }
            if opened && depth <= 0 {
                break;
            }
            index += 1;
        }
        let length = index - start + 1 - view_lines;
        if length > LONGEST_FUNCTION {
            long.push((name, start + 1, length));
        }
        index = start + 1;
    }
    long
}

#[test]
fn no_function_is_over_80_lines_but_views_and_tables() {
    let root = source_folder("");
    let mut offences = Vec::new();
    for path in rust_files_under(&source_folder("src")) {
        let relative = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for (name, line, length) in long_functions(&path) {
            if !TABLES.contains(&(relative.as_str(), name.as_str())) {
                offences.push(format!("{relative}:{line}: {name}, {length} lines"));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "split these (view! bodies and the TABLES apart):\n{}",
        offences.join("\n")
    );
}

#[test]
fn every_component_and_every_prop_has_a_doc_line() {
    let mut undocumented = Vec::new();
    for path in rust_files_under(&source_folder("src/ui")) {
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let documented = |mut index: usize| {
            while index > 0 && lines[index - 1].starts_with("#[") {
                index -= 1;
            }
            index > 0 && lines[index - 1].starts_with("///")
        };
        for (index, line) in lines.iter().enumerate() {
            if *line != "#[component]" {
                continue;
            }
            if !documented(index) {
                undocumented.push(format!("{}:{}: the component", path.display(), index + 2));
            }
            let signature = lines[index + 1];
            if !signature.ends_with('(') {
                // A component with props on one line documents none of them.
                if !signature.contains("()") {
                    undocumented.push(format!("{}:{}: its props", path.display(), index + 2));
                }
                continue;
            }
            let mut prop = index + 2;
            while !lines[prop].starts_with(')') {
                let is_prop = lines[prop].split(':').next().is_some_and(|name| {
                    !name.is_empty()
                        && !name.starts_with('#')
                        && !name.starts_with("///")
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == ' ')
                });
                if is_prop && lines[prop].contains(':') && !documented(prop) {
                    undocumented.push(format!("{}:{}: {}", path.display(), prop + 1, lines[prop]));
                }
                prop += 1;
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "a /// line for each:\n{}",
        undocumented.join("\n")
    );
}
