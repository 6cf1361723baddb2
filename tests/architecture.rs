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

#[test]
fn the_domain_names_no_browser_ui_or_storage_crate() {
    let mut offences = Vec::new();
    for path in rust_files_under(&source_folder("src/domain")) {
        for (number, line) in code_lines(&path) {
            for krate in FORBIDDEN_IN_DOMAIN {
                let used = line.contains(&format!("{krate}::"))
                    || line.trim_start().starts_with(&format!("use {krate}"))
                    || line.contains(&format!("extern crate {krate}"));
                if used {
                    offences.push(format!("{}:{number}: {}", path.display(), line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "src/domain must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_domain_never_reads_the_wall_clock() {
    let mut offences = Vec::new();
    for path in rust_files_under(&source_folder("src/domain")) {
        for (number, line) in code_lines(&path) {
            if WALL_CLOCKS.iter().any(|clock| line.contains(clock)) {
                offences.push(format!("{}:{number}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "time must come in as an argument:\n{}",
        offences.join("\n")
    );
}

#[test]
fn only_the_store_touches_indexed_db() {
    let mut offences = Vec::new();
    for path in rust_files_under(&source_folder("src")) {
        if path.starts_with(source_folder("src/store")) {
            continue;
        }
        for (number, line) in code_lines(&path) {
            if line.contains("indexed_db_futures") || line.contains("Idb") {
                offences.push(format!("{}:{number}: {}", path.display(), line.trim()));
            }
        }
    }
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
