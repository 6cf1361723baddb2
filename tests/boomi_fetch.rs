//! The fetch script (`domain::boomi::fetch_script`) run by `sh` against a Boomi stand-in
//! on loopback (`tests/support/boomi_standin.rs`), and the folder it writes imported: the
//! workspace equals the one the fixtures' own files give.

#![cfg(not(target_arch = "wasm32"))]

#[path = "support/boomi_standin.rs"]
mod boomi_standin;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use chrono::{DateTime, Utc};

use packwright::domain::boomi::{
    fetch_script, plan_import, read_files, BoomiFile, FETCH_SCRIPT_NAME,
};
use packwright::domain::Workspace;

use boomi_standin::{Account, Standin, ACCOUNT, TOKEN, USER};

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn fixtures_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boomi")
}

/// The files of `folder` as the import reads them (every JSON file but the OpenAPI excerpt).
fn files_of(folder: &Path) -> Vec<BoomiFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .filter(|path| !path.ends_with("openapi-excerpt.json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| BoomiFile {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&path).unwrap(),
        })
        .collect()
}

fn imported(files: &[BoomiFile]) -> (Workspace, Vec<String>) {
    let plan = plan_import(&Workspace::default(), &read_files(files).unwrap(), now()).unwrap();
    let mut workspace = Workspace::default();
    for event in &plan.events {
        workspace.apply(event);
    }
    (workspace, plan.preview.skipped)
}

/// A folder of its own for one run, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("packwright-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Folder(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the fetch script in `work` against `standin`, writing into `out`.
fn run_script(work: &Path, standin: &Standin, token: &str, out: &str, request_ids: &str) -> Output {
    let script = work.join(FETCH_SCRIPT_NAME);
    std::fs::write(&script, fetch_script()).unwrap();
    Command::new("sh")
        .arg(&script)
        .arg(out)
        .current_dir(work)
        .env("BOOMI_API_BASE", standin.base())
        .env("BOOMI_ACCOUNT_ID", ACCOUNT)
        .env("BOOMI_API_USER", USER)
        .env("BOOMI_API_TOKEN", token)
        .env("BOOMI_RELEASE_REQUEST_IDS", request_ids)
        .output()
        .unwrap()
}

#[test]
fn the_fetch_script_fetches_what_the_import_reads_and_the_import_equals_the_fixtures() {
    // Two results a page (Boomi's is 100), so that every query with more has queryMore
    // pages; the first request finds Boomi busy (503) and is asked again.
    let standin = Standin::start(Account::from_fixtures(&fixtures_folder()), 2, 1);
    let work = Folder::new("fetch");
    // A release script of Packwright's saved Boomi's answer here: its request id is asked.
    std::fs::write(
        work.0.join("release-answer-20261126T120000Z-1.json"),
        r#"{"@type": "ReleaseIntegrationPack", "requestId": "release-0c9d2f7e-0001", "id": "d7c16f5d-0001-417e-a149-3c55436f0001"}"#,
    )
    .unwrap();
    let started = Instant::now();
    // The out folder's name has a space and a quote: every path is quoted.
    let output = run_script(
        &work.0,
        &standin,
        TOKEN,
        "boomi answers 'today'",
        "release-0c9d2f7e-0002 release-gone-0009",
    );
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let folder = work.0.join("boomi answers 'today'");
    let fetched = files_of(&folder);
    let requests = standin.requests();
    let pages = requests
        .iter()
        .filter(|request| request.contains("/queryMore"))
        .count();
    println!(
        "fetch script against the stand-in: {} requests ({} answered 503 and asked again, {pages} queryMore pages), {} files, {seconds:.2} s",
        requests.len(),
        requests.iter().filter(|request| request.ends_with(" 503")).count(),
        fetched.len()
    );
    assert!(String::from_utf8_lossy(&output.stdout)
        .contains(&format!("Saved {} answers", fetched.len())));

    // Every request authenticated, every instance query as a managed account.
    assert!(
        requests
            .iter()
            .all(|request| !request.ends_with(" 401") && !request.ends_with(" 400")),
        "{requests:#?}"
    );
    let instance_queries: Vec<&String> = requests
        .iter()
        .filter(|request| request.contains("/IntegrationPackInstance/query?"))
        .collect();
    assert_eq!(
        instance_queries.len(),
        5,
        "one per account: {instance_queries:#?}"
    );
    assert!(instance_queries
        .iter()
        .all(|request| request.contains("?overrideAccount=")));
    assert!(pages > 0, "the script follows queryMore: {requests:#?}");

    // The import of the fetched folder is the import of the fixtures' own files.
    let (from_fetched, skipped) = imported(&fetched);
    let (from_fixtures, _) = imported(&files_of(&fixtures_folder()));
    assert_eq!(from_fetched, from_fixtures);
    // The request id Boomi no longer knows is skipped and listed, the rest imported.
    assert!(
        skipped
            .iter()
            .any(|line| line.contains("release-gone-0009") && line.contains("400")),
        "{skipped:#?}"
    );
}

/// Wrong credentials: the script stops at once and shows Boomi's answer; nothing secret is
/// in the script, and no partial answer is left as if it were one.
#[test]
fn a_refused_token_stops_the_script_with_boomis_answer() {
    let standin = Standin::start(Account::from_fixtures(&fixtures_folder()), 100, 0);
    let work = Folder::new("fetch-refused");
    let output = run_script(&work.0, &standin, "not-the-token", "out", "");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("Boomi answered 401 to POST /PackagedComponent/query"),
        "{said}"
    );
    assert!(
        said.contains("Incorrect user name and password combination."),
        "{said}"
    );
    assert_eq!(standin.requests().len(), 1, "stopped at the first failure");
    assert!(files_of(&work.0.join("out")).is_empty());
    assert!(!fetch_script().contains(TOKEN));
}

/// Without the account id or the token in the environment, the script says which is
/// missing and asks nothing.
#[test]
fn the_fetch_script_needs_its_secrets_from_the_environment() {
    let work = Folder::new("fetch-unset");
    let script = work.0.join(FETCH_SCRIPT_NAME);
    std::fs::write(&script, fetch_script()).unwrap();
    let output = Command::new("sh")
        .arg(&script)
        .current_dir(&work.0)
        .env_remove("BOOMI_ACCOUNT_ID")
        .env_remove("BOOMI_API_TOKEN")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Set BOOMI_ACCOUNT_ID"));
}
