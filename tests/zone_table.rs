//! `src/domain/zones.bin`, the compact time-zone table the app carries instead of
//! chrono-tz's (see `src/domain/zones.rs` for the format and why), is generated here.
//!
//! The test regenerates it from the IANA source files chrono-tz ships, with
//! `parse-zoneinfo` (the code chrono-tz's own build uses), and fails if the committed file
//! differs; `make zones` (`UPDATE_ZONES=1`) rewrites it after chrono-tz is upgraded. The
//! tests in `tests/domain_time.rs` then compare every zone against chrono-tz itself.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::Command;

use parse_zoneinfo::line::Line;
use parse_zoneinfo::table::TableBuilder;
use parse_zoneinfo::transitions::{FixedTimespan, TableTransitions};

const OUTPUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/domain/zones.bin");

#[test]
fn the_committed_zone_table_is_what_chrono_tz_source_generates() {
    let generated = generate();
    let committed = std::fs::read(OUTPUT).unwrap_or_default();
    if generated == committed {
        return;
    }
    if std::env::var_os("UPDATE_ZONES").is_some() {
        std::fs::write(OUTPUT, &generated).expect("src/domain is writable");
        return;
    }
    panic!(
        "{OUTPUT} is stale ({} bytes committed, {} generated): run `make zones`",
        committed.len(),
        generated.len()
    );
}

fn generate() -> Vec<u8> {
    let source = chrono_tz_source_dir();
    let mut builder = TableBuilder::new();
    for file_name in parse_zoneinfo::FILES {
        let path = source.join("tz").join(file_name);
        let file = File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in BufReader::new(file).lines() {
            let line = line.expect("the tz source is text");
            let line = line.split('#').next().unwrap_or_default();
            builder
                .add_line(Line::new(line).expect("chrono-tz's tz source parses"))
                .expect("chrono-tz's tz source is consistent");
        }
    }
    let table = builder.build();
    let names: BTreeSet<&String> = table.zonesets.keys().chain(table.links.keys()).collect();

    let mut rule_sets: Vec<Vec<u8>> = Vec::new();
    let mut rule_set_of: HashMap<Vec<u8>, u16> = HashMap::new();
    let mut zones = Vec::new();
    for name in &names {
        let spans = table
            .timespans(name)
            .expect("every listed zone has timespans");
        let encoded = encode_rule_set(&spans.first, &spans.rest);
        let next = u16::try_from(rule_sets.len()).expect("fewer than 65,536 rule sets");
        let index = *rule_set_of.entry(encoded.clone()).or_insert_with(|| {
            rule_sets.push(encoded);
            next
        });
        zones.push((name.as_str(), index));
    }

    let mut out = Vec::new();
    out.extend_from_slice(b"PWTZ2\n");
    push_text(&mut out, &tzdb_version(&source));
    out.extend_from_slice(&(rule_sets.len() as u16).to_le_bytes());
    for rule_set in &rule_sets {
        out.extend_from_slice(rule_set);
    }
    out.extend_from_slice(&(zones.len() as u16).to_le_bytes());
    for (name, index) in &zones {
        push_text(&mut out, name);
        out.extend_from_slice(&index.to_le_bytes());
    }
    out
}

/// One zone's offsets from 1970 on: its kinds of span (offset and abbreviation), the one
/// in effect at the epoch, then each later transition as the time since the previous one
/// (LEB128, see `delta_code`) and the span it starts. Deltas make the yearly rhythm of daylight saving
/// repeat byte for byte, which gzip then all but removes.
fn encode_rule_set(first: &FixedTimespan, rest: &[(i64, FixedTimespan)]) -> Vec<u8> {
    let mut kinds: Vec<(i64, String)> = Vec::new();
    let mut kind_of = |span: &FixedTimespan| -> u8 {
        let kind = (span.total_offset(), abbreviation(span));
        let index = match kinds.iter().position(|k| *k == kind) {
            Some(index) => index,
            None => {
                kinds.push(kind);
                kinds.len() - 1
            }
        };
        u8::try_from(index).expect("fewer than 256 kinds of span in a zone")
    };
    let mut at_epoch = kind_of(first);
    let mut transitions = Vec::new();
    for (at, span) in rest {
        let kind = kind_of(span);
        if *at <= 0 {
            at_epoch = kind;
        } else {
            transitions.push((*at, kind));
        }
    }

    let mut out = vec![u8::try_from(kinds.len()).expect("checked above")];
    for (offset, name) in &kinds {
        let offset = i32::try_from(*offset).expect("offsets are within a day");
        out.extend_from_slice(&offset.to_le_bytes());
        push_text(&mut out, name);
    }
    out.push(at_epoch);
    out.extend_from_slice(&(transitions.len() as u32).to_le_bytes());
    let mut previous = 0i64;
    for (at, kind) in transitions {
        push_leb128(&mut out, delta_code(at - previous));
        out.push(kind);
        previous = at;
    }
    out
}

/// Whole minutes (every transition since 1972) as `minutes << 1`, anything else as
/// `seconds << 1 | 1`: a byte less per transition, and half the gzipped size.
fn delta_code(seconds: i64) -> u64 {
    let seconds = u64::try_from(seconds).expect("transitions are in order");
    if seconds % 60 == 0 {
        (seconds / 60) << 1
    } else {
        (seconds << 1) | 1
    }
}

/// The abbreviation `%Z` shows, as chrono-tz renders it: the zone's own, or the numeric
/// offset (`+03`, `+0545`) where the database writes `%z`.
fn abbreviation(span: &FixedTimespan) -> String {
    if span.name != "%z" {
        return span.name.clone();
    }
    let offset = span.total_offset();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.abs() / 60;
    assert_eq!(offset % 60, 0, "numeric abbreviations are whole minutes");
    match minutes % 60 {
        0 => format!("{sign}{:02}", minutes / 60),
        m => format!("{sign}{:02}{m:02}", minutes / 60),
    }
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    out.push(u8::try_from(text.len()).expect("names are short"));
    out.extend_from_slice(text.as_bytes());
}

fn push_leb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Where cargo unpacked the chrono-tz this crate tests against.
fn chrono_tz_source_dir() -> PathBuf {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1"])
        .output()
        .expect("cargo metadata runs");
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|package| package["name"] == "chrono-tz")
        .and_then(|package| package["manifest_path"].as_str())
        .expect("chrono-tz is a dependency");
    PathBuf::from(manifest)
        .parent()
        .expect("a manifest has a folder")
        .to_path_buf()
}

/// The IANA release chrono-tz ships, from the first "Release" line of its NEWS file.
fn tzdb_version(source: &std::path::Path) -> String {
    let news = std::fs::read_to_string(source.join("tz/NEWS")).expect("chrono-tz ships NEWS");
    news.lines()
        .find_map(|line| line.strip_prefix("Release "))
        .and_then(|line| line.split(" - ").next())
        .expect("NEWS names its release")
        .to_owned()
}
