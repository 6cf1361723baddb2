//! A full disk, for real: the browser's profile on a small `tmpfs` (mounted by the test,
//! as root) filled up, so that IndexedDB's writes fail the way they fail on a full
//! computer. Every kind of change then says in a sentence that storage is full and what to
//! do, nothing is shown as saved, and once space is freed the next change saves and
//! nothing earlier is lost. A start-up on the full disk opens the workspace and says so.
//!
//! Needs `make build` first and root (for `mount`); `make test` runs it after the release
//! build: `cargo test --test full_disk -- --nocapture`.

#![cfg(not(target_arch = "wasm32"))]

#[path = "offline/browser.rs"]
mod browser;
#[path = "crash/chromium.rs"]
mod chromium;
#[path = "offline/static_host.rs"]
#[allow(dead_code)]
mod static_host;
#[path = "crash/steps.rs"]
#[allow(dead_code)]
mod steps;
#[path = "crash/stored.rs"]
mod stored;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use packwright::domain::Event;

use browser::{dist, wait_for_app, TempFolder, FOLDER};
use chromium::Chromium;
use static_host::StaticHost;
use steps::{Kind, Step};
use stored::Stored;

/// `crash/steps.rs` picks the things a change is about at random; here they are taken in
/// turn, so that a run is the same every time.
pub struct Rng(u64);

impl Rng {
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 += 1;
        self.0 % bound.max(1)
    }
}

/// A `tmpfs` of a few megabytes at a folder of its own, unmounted when dropped.
struct SmallDisk {
    at: PathBuf,
}

/// What Chromium itself needs beside the app's data (its profile, the service worker's
/// caches, compiled code) with room to spare; the rest is filled on purpose.
const DISK_MB: u32 = 96;

impl SmallDisk {
    fn mount() -> SmallDisk {
        let at = std::env::temp_dir().join(format!("packwright-small-disk-{}", std::process::id()));
        let _ = Command::new("umount")
            .arg(&at)
            .stderr(std::process::Stdio::null())
            .status();
        std::fs::create_dir_all(&at).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={DISK_MB}m"), "tmpfs"])
            .arg(&at)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "mounting a tmpfs at {} failed: this test needs root",
            at.display()
        );
        SmallDisk { at }
    }

    fn profile(&self) -> PathBuf {
        self.at.join("profile")
    }

    fn filler(&self) -> PathBuf {
        self.at.join("filler")
    }

    /// Fills every byte left; returns how many were written.
    fn fill(&self) -> u64 {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.filler())
            .unwrap();
        let chunk = vec![0u8; 64 * 1024];
        let mut written = 0;
        let mut size = chunk.len();
        while size > 0 {
            match file.write(&chunk[..size]) {
                Ok(0) => size /= 2,
                Ok(count) => written += count as u64,
                Err(_) => size /= 2,
            }
        }
        let _ = file.sync_all();
        written
    }

    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.at).status();
        let _ = std::fs::remove_dir_all(&self.at);
    }
}

/// The text of every form's notice on the page (not the banner above every page, which
/// says what failed in background work).
async fn notices(chromium: &Chromium) -> String {
    chromium
        .client
        .execute(
            "return [...document.querySelectorAll('.notice')].map(n => n.textContent).join(' | ');",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What the page said of a change on the full disk.
enum Outcome {
    /// Saved after all: a small write can still fit in the last page of a file.
    Saved,
    /// The sentence that said storage is full.
    Refused(String),
}

/// Waits until the page says the change is saved or that storage is full.
async fn outcome(chromium: &Chromium, step: &Step) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let said = notices(chromium).await;
        // Either the write itself found the disk full, or the browser had already closed the
        // database after a failed write of its own (both sentences say what to do).
        if said.contains("Free some space on this computer") {
            return Outcome::Refused(said);
        }
        if step.is_acknowledged(&chromium.client).await {
            return Outcome::Saved;
        }
        assert!(
            Instant::now() < deadline,
            "{step:?} on a full disk: the page said neither saved nor full: {said}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn stored_events(chromium: &Chromium) -> Vec<Event> {
    let stored = Stored::read(&chromium.client).await.expect("the database");
    stored.check();
    stored.events().cloned().collect()
}

fn files_of(folder: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| !path.ends_with("openapi-excerpt.json"))
        .collect();
    paths.sort();
    paths
}

#[tokio::test(flavor = "current_thread")]
async fn a_full_disk_refuses_every_change_with_a_sentence_and_loses_nothing() {
    let disk = SmallDisk::mount();
    let host = StaticHost::start(&dist(), FOLDER);
    let chromium = Chromium::start(&disk.profile()).await;
    chromium.client.goto(&host.url("")).await.unwrap();
    wait_for_app(&chromium.client).await;
    // The demo under a simulated clock: packs to release and install, accounts, groups.
    steps::set_up_world(&chromium.client).await;
    let kept = Step::CreateGroup("Before the disk filled".into());
    kept.start(&chromium.client).await.unwrap();
    kept.wait_acknowledged(&chromium.client).await.unwrap();
    let before = stored_events(&chromium).await;
    let workspace = packwright::domain::Workspace::replay(&before);
    let files = TempFolder::new("full-disk-files");
    std::fs::create_dir_all(files.path()).unwrap();
    let demo_file = files.path().join("demo.json");
    std::fs::write(
        &demo_file,
        packwright::store::WorkspaceFile::new(workspace.clone(), before.clone()).to_json(),
    )
    .unwrap();
    let mut import = |_| Step::ImportFile {
        path: demo_file.clone(),
        marker: "Alder Outfitters".into(),
    };
    let boomi = files_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boomi"));

    let filled = disk.fill();
    println!("filled {filled} bytes of the {DISK_MB} MB disk");
    // What the page claimed saved is checked once the disk has room again: on a full disk
    // the browser may refuse even to open the database for reading. Small changes fit in
    // the last page of the database's files until it is full to the byte.
    let mut claimed_saved = Vec::new();
    for attempt in 0.. {
        assert!(attempt < 300, "writes never fail on the full disk");
        let step = Step::CreateGroup(format!("Into the last bytes {attempt}"));
        step.start(&chromium.client).await.unwrap();
        match outcome(&chromium, &step).await {
            Outcome::Saved => claimed_saved.push(step),
            Outcome::Refused(_) => break,
        }
    }
    // Then every kind of change says so.
    let mut refused = Vec::new();
    let mut rng = Rng(0);
    for (serial, kind) in Kind::ALL.into_iter().enumerate() {
        // The things it is about are taken in turn until the demo allows the change.
        let step = (0..50)
            .find_map(|attempt| {
                steps::of_kind(
                    kind,
                    &workspace,
                    &mut rng,
                    90_000 + 100 * serial as u32 + attempt,
                    &mut import,
                    &boomi,
                )
            })
            .unwrap_or_else(|| panic!("the demo allows a change of kind {kind:?}"));
        step.start(&chromium.client).await.unwrap();
        match outcome(&chromium, &step).await {
            Outcome::Refused(said) => {
                println!("{}: {said}", step.kind());
                refused.push(step);
            }
            Outcome::Saved => claimed_saved.push(step),
        }
    }
    assert_eq!(
        refused.len(),
        Kind::ALL.len(),
        "every kind refused once the disk is full"
    );

    disk.free();
    let after = Step::CreateGroup("Once space was back".into());
    after.start(&chromium.client).await.unwrap();
    after.wait_acknowledged(&chromium.client).await.unwrap();
    let events = stored_events(&chromium).await;
    assert_eq!(after.recorded_in(&events), 1);
    let earlier = events.iter().filter(|event| before.contains(event)).count();
    assert_eq!(
        earlier,
        before.len(),
        "everything saved before the disk filled is there"
    );
    for step in &claimed_saved {
        assert_eq!(step.recorded_in(&events), 1, "{step:?} was shown as saved");
    }
    for step in &refused {
        let new = step.recorded_in(&events) - step.recorded_in(&before);
        assert_eq!(new, 0, "{step:?} was refused, yet saved");
    }
    println!(
        "full disk: {} changes saved into the last free bytes, {} kinds refused with a sentence, nothing lost",
        claimed_saved.len(),
        refused.len()
    );
    chromium.kill();
}

/// Packwright opened on a disk that is already full: the workspace is shown if the
/// browser can read it, and either way the page says in a sentence that storage is full
/// and what to do; once there is room, a reload finds everything and saves again.
#[tokio::test(flavor = "current_thread")]
async fn a_start_up_on_a_full_disk_says_so_and_works_once_there_is_room() {
    let disk = SmallDisk::mount();
    let host = StaticHost::start(&dist(), FOLDER);
    let chromium = Chromium::start(&disk.profile()).await;
    chromium.client.goto(&host.url("")).await.unwrap();
    wait_for_app(&chromium.client).await;
    let kept = Step::CreateGroup("Kept across a full disk".into());
    kept.start(&chromium.client).await.unwrap();
    kept.wait_acknowledged(&chromium.client).await.unwrap();
    chromium.kill();

    // Chromium itself cannot start on a full profile disk (it writes files of its own at
    // once): the disk fills between its start and the app's.
    let chromium = Chromium::start(&disk.profile()).await;
    disk.fill();
    chromium.client.goto(&host.url("")).await.unwrap();
    // Either the workspace opened (the group is there to read) and a change is refused
    // with the sentence, or the browser would not open the database and the banner says so.
    let opened = wait_for_either(
        &chromium,
        "document.querySelector('[data-testid=status-banner]')?.textContent.includes('Free some space on this computer')",
        "!!document.querySelector('header nav a') && !!document.querySelector('main h1')
           && !document.querySelector('[data-testid=status-banner]')",
    )
    .await;
    let mut claimed_saved = Vec::new();
    if opened {
        // What was saved before is shown.
        let shown = chromium
            .client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     {}
                     (async () => {{ await area('Account Groups'); await card('[data-testid=group-card]', arguments[0]); }})()
                       .then(() => done(null), error => done(String(error.message || error)));",
                    steps::prelude()
                ),
                vec![serde_json::json!("Kept across a full disk")],
            )
            .await
            .unwrap();
        assert!(
            shown.is_null(),
            "the workspace opened on the full disk without what was saved: {shown}"
        );
        // The workspace is there to read; changes save into the last free bytes, then are
        // refused with the sentence.
        for attempt in 0.. {
            assert!(attempt < 300, "writes never fail on the full disk");
            let step = Step::CreateGroup(format!("Started on a full disk {attempt}"));
            step.start(&chromium.client).await.unwrap();
            match outcome(&chromium, &step).await {
                Outcome::Refused(said) => {
                    println!(
                        "start-up on a full disk: opened; after {attempt} changes fit: {said}"
                    );
                    break;
                }
                Outcome::Saved => claimed_saved.push(step),
            }
        }
    } else {
        let banner = chromium
            .client
            .execute(
                "return document.querySelector('[data-testid=status-banner]').textContent;",
                vec![],
            )
            .await
            .unwrap();
        println!("start-up on a full disk: {banner}");
    }

    disk.free();
    chromium.client.goto(&host.url("")).await.unwrap();
    wait_for_app(&chromium.client).await;
    let after = Step::CreateGroup("Once there was room".into());
    after.start(&chromium.client).await.unwrap();
    after.wait_acknowledged(&chromium.client).await.unwrap();
    // (A change is decided once the workspace has opened, and opening says what it found.)
    let said_discarded = discarded_said(&chromium).await;
    let events = stored_events(&chromium).await;
    assert_eq!(after.recorded_in(&events), 1);
    if said_discarded {
        // Chromium deletes a database it finds damaged when it opens it again, and a write
        // the full disk cut short can leave it so (seen about once in ten runs): no page can
        // keep what the browser deletes, so the app must say it is gone, not show an empty
        // workspace as if nothing had been there.
        assert_eq!(
            kept.recorded_in(&events),
            0,
            "the page said the workspace was discarded, yet it is there"
        );
        println!("start-up on a full disk: the browser discarded the damaged database, and the page said so");
    } else {
        assert_eq!(
            kept.recorded_in(&events),
            1,
            "something saved before was lost, and the page did not say so"
        );
        for step in &claimed_saved {
            assert_eq!(step.recorded_in(&events), 1, "{step:?} was shown as saved");
        }
    }
    chromium.kill();
}

/// Whether the page says this browser no longer holds the workspace it saved.
async fn discarded_said(chromium: &Chromium) -> bool {
    chromium
        .client
        .execute(
            "return !!document.querySelector('[data-testid=background-problem]')?.textContent.includes('no longer holds the workspace');",
            vec![],
        )
        .await
        .ok()
        .and_then(|said| said.as_bool())
        .unwrap_or(false)
}

/// Waits until `first` or `second` (JavaScript expressions) holds; true for `second`.
async fn wait_for_either(chromium: &Chromium, first: &str, second: &str) -> bool {
    let script = format!("return ({first}) ? 'first' : ({second}) ? 'second' : '';");
    let deadline = Instant::now() + browser::PATIENCE;
    loop {
        if let Ok(serde_json::Value::String(which)) = chromium.client.execute(&script, vec![]).await
        {
            match which.as_str() {
                "first" => return false,
                "second" => return true,
                _ => {}
            }
        }
        assert!(
            Instant::now() < deadline,
            "the page showed neither {first} nor {second}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
