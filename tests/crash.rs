//! Nothing acknowledged is lost when the browser dies (the README's promise, "What a saved
//! change survives"). The built `dist/` is served from a folder; one Chromium runs on a
//! profile folder of its own; a publisher script clicks through changes of every kind, and
//! at seeded random moments the Chromium process is killed with SIGKILL and started again
//! on the same profile. After every restart the stored log must hold every change the page
//! acknowledged, replay event by event under the engine's checks, rebuild the same
//! workspace from its snapshot, pass `check_integrity`, and take the next change.
//!
//! Needs `make build` first (`make test` runs it after the release build):
//! `cargo test --test crash -- --nocapture`; `CRASH_KILLS=300` for a longer run and
//! `CRASH_SEED=N` to repeat one (every run prints its seed).

#![cfg(not(target_arch = "wasm32"))]

#[path = "offline/browser.rs"]
mod browser;
#[path = "crash/chromium.rs"]
mod chromium;
#[path = "offline/static_host.rs"]
#[allow(dead_code)]
mod static_host;
#[path = "crash/steps.rs"]
mod steps;
#[path = "crash/stored.rs"]
mod stored;
#[path = "team/support.rs"]
mod team_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::json;

use packwright::domain::{
    decide, AccountId, Change, Clock, Command, Event, GroupId, PublisherZone, Workspace,
};
use packwright::store::demo::demo_workspace;
use packwright::store::WorkspaceFile;

use browser::{dist, wait_for_app, wait_for_text, wait_until, TempFolder, FOLDER};
use chromium::Chromium;
use packwright::domain::command::{AddAccountToGroup, CreateAccount, CreateGroup, SetClock};
use static_host::StaticHost;
use steps::{Names, Step};
use stored::Stored;

/// A small, seeded random number generator (SplitMix64): a failing run is repeated by its
/// seed, and the test needs nothing more.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (which is not 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("CRASH_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |elapsed| elapsed.as_nanos() as u64)
        })
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// What a run did, printed at its end as the note's table.
#[derive(Default, Debug)]
struct Tally {
    kills: usize,
    changes_acknowledged: usize,
    acknowledged_checks: usize,
    lost: usize,
    half_applied: usize,
    in_flight_kept: usize,
    in_flight_gone: usize,
    by_kind: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn print(&self, seed: u64, started: Instant) {
        println!(
            "crash run (seed {seed}): {} kills survived, {} changes acknowledged, {} acknowledged changes checked after restarts, {} lost, {} half-applied, killed in flight: {} kept whole, {} absent whole; {:.0} s",
            self.kills,
            self.changes_acknowledged,
            self.acknowledged_checks,
            self.lost,
            self.half_applied,
            self.in_flight_kept,
            self.in_flight_gone,
            started.elapsed().as_secs_f64()
        );
        println!("killed while saving, by kind: {:?}", self.by_kind);
    }
}

/// The acknowledged changes since the last whole replacement of the workspace, checked
/// against a stored log.
#[derive(Default)]
struct Acknowledged(Vec<Step>);

impl Acknowledged {
    fn push(&mut self, step: Step) {
        if step.replaces_everything() {
            self.0.clear();
        }
        self.0.push(step);
    }

    /// Every acknowledged change is in the log, as often as it was acknowledged. Returns
    /// how many were checked.
    fn check(&self, events: &[Event]) -> usize {
        let mut wanted: BTreeMap<String, (usize, &Step)> = BTreeMap::new();
        for step in &self.0 {
            wanted.entry(format!("{step:?}")).or_insert((0, step)).0 += 1;
        }
        for (key, (times, step)) in &wanted {
            let found = step.recorded_in(events);
            assert!(
                found >= *times,
                "LOST: {key} was acknowledged {times} times, the log has it {found} times"
            );
        }
        self.0.len()
    }
}

/// The workspace every import brings, told apart by one account: the demo, 2,000 more
/// accounts in a group, under the world's simulated clock.
struct ImportFiles {
    workspace: Workspace,
    events: Vec<Event>,
    folder: PathBuf,
}

impl ImportFiles {
    fn new(folder: &Path) -> ImportFiles {
        let now: DateTime<Utc> = format!("{}:00Z", steps::WORLD_TIME).parse().unwrap();
        let (mut workspace, mut events) =
            demo_workspace(now, PublisherZone::utc()).expect("the demo builds");
        let mut run = |workspace: &mut Workspace, command: Command| {
            let made = decide(workspace, command, now).expect("the import's story");
            for event in &made {
                workspace.apply(event);
            }
            events.extend(made);
            workspace.next_id() - 1
        };
        run(
            &mut workspace,
            Command::SetClock(SetClock {
                clock: Clock::Simulated { at: now },
            }),
        );
        let group = GroupId(run(
            &mut workspace,
            Command::CreateGroup(CreateGroup {
                name: "Imported accounts".into(),
            }),
        ));
        for index in 0..2_000 {
            let account = AccountId(run(
                &mut workspace,
                Command::CreateAccount(CreateAccount {
                    name: format!("Imported account {index:05}"),
                }),
            ));
            run(
                &mut workspace,
                Command::AddAccountToGroup(AddAccountToGroup { group, account }),
            );
        }
        ImportFiles {
            workspace,
            events,
            folder: folder.to_owned(),
        }
    }

    /// A file of that workspace with an account named after `serial`.
    fn file(&self, serial: u32) -> Step {
        let marker = format!("Import marker {serial:05}");
        let now = self.workspace.newest_event_at().unwrap();
        let mut workspace = self.workspace.clone();
        let mut events = self.events.clone();
        let made = decide(
            &workspace,
            Command::CreateAccount(CreateAccount {
                name: marker.clone(),
            }),
            now,
        )
        .unwrap();
        for event in &made {
            workspace.apply(event);
        }
        events.extend(made);
        let path = self.folder.join(format!("workspace-{serial:05}.json"));
        std::fs::write(&path, WorkspaceFile::new(workspace, events).to_json()).unwrap();
        Step::ImportFile { path, marker }
    }
}

fn boomi_files() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boomi");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| !path.ends_with("openapi-excerpt.json"))
        .collect();
    paths.sort();
    paths
}

/// Opens the app in `chromium` and waits until it has started and opened its database.
async fn open(chromium: &Chromium, host: &StaticHost) {
    chromium.client.goto(&host.url("")).await.unwrap();
    wait_for_app(&chromium.client).await;
}

/// The stored log once the app has opened its database, checked; and the workspace it
/// rebuilds.
async fn stored_and_checked(chromium: &Chromium) -> (Stored, Workspace) {
    let deadline = Instant::now() + browser::PATIENCE;
    loop {
        if let Some(stored) = Stored::read(&chromium.client).await {
            let workspace = stored.check();
            return (stored, workspace);
        }
        assert!(
            Instant::now() < deadline,
            "the app never created its database"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_acknowledged_change_is_lost_when_the_browser_is_killed() {
    let started = Instant::now();
    let seed = seed();
    println!("crash seed {seed} (CRASH_SEED={seed} repeats this run)");
    let kills = setting("CRASH_KILLS", 30);
    let mut rng = Rng::new(seed);
    let host = StaticHost::start(&dist(), FOLDER);
    let profile = TempFolder::new("crash-profile");
    let files = TempFolder::new("crash-files");
    std::fs::create_dir_all(files.path()).unwrap();
    let imports = ImportFiles::new(files.path());
    let boomi = boomi_files();
    let mut names = Names::new();
    let mut tally = Tally::default();
    let mut acknowledged = Acknowledged::default();

    let mut chromium = Chromium::start(profile.path()).await;
    open(&chromium, &host).await;
    steps::set_up_world(&chromium.client).await;
    let (_, mut workspace) = stored_and_checked(&chromium).await;

    let mut import = |serial| imports.file(serial);
    for _ in 0..kills {
        // A few changes saved and acknowledged, then one killed on its way.
        for _ in 0..rng.below(3) {
            let step = steps::choose(&workspace, &mut rng, &mut names, &mut import, &boomi);
            step.start(&chromium.client).await.unwrap();
            step.wait_acknowledged(&chromium.client).await.unwrap();
            acknowledged.push(step);
            tally.changes_acknowledged += 1;
            workspace = stored_and_checked(&chromium).await.1;
        }
        let step = steps::choose(&workspace, &mut rng, &mut names, &mut import, &boomi);
        let before: Vec<Event> = stored_and_checked(&chromium)
            .await
            .0
            .events()
            .cloned()
            .collect();
        // Half the kills are blind: sent from another thread at a random moment after the
        // change begins (while the page navigates, clicks, or saves), so the page never
        // gets to say anything; the rest come a random moment after the last click, once
        // the page has been asked whether it acknowledged the change.
        let was_acknowledged = if rng.below(2) == 0 {
            let delay = rng.below(step.blind_window_ms());
            let killer = chromium.kill_after(Duration::from_millis(delay));
            // The browser may die under the script: its answer says nothing then.
            let _ = step.start(&chromium.client).await;
            killer.join().unwrap();
            false
        } else {
            step.start(&chromium.client).await.unwrap();
            tokio::time::sleep(Duration::from_millis(rng.below(step.saving_window_ms()))).await;
            step.is_acknowledged(&chromium.client).await
        };
        chromium.kill();
        tally.kills += 1;
        *tally.by_kind.entry(step.kind()).or_default() += 1;

        chromium = Chromium::start(profile.path()).await;
        open(&chromium, &host).await;
        let (stored, rebuilt) = stored_and_checked(&chromium).await;
        let events: Vec<Event> = stored.events().cloned().collect();
        let in_log = step.recorded_in(&events) > step.recorded_in(&before);
        if was_acknowledged {
            acknowledged.push(step);
            tally.changes_acknowledged += 1;
        } else if in_log {
            tally.in_flight_kept += 1;
            if step.replaces_everything() {
                acknowledged.push(step);
            }
        } else {
            tally.in_flight_gone += 1;
        }
        tally.acknowledged_checks += acknowledged.check(&events);
        workspace = rebuilt;
    }

    // After the last restart, the next change saves.
    let step = Step::CreateGroup("After the last crash".into());
    step.start(&chromium.client).await.unwrap();
    step.wait_acknowledged(&chromium.client).await.unwrap();
    let (stored, _) = stored_and_checked(&chromium).await;
    let events: Vec<Event> = stored.events().cloned().collect();
    assert_eq!(step.recorded_in(&events), 1);
    acknowledged.check(&events);
    chromium.kill();
    tally.print(seed, started);
}

/// The first visit of a fresh profile killed at a random moment (the database being
/// created, the service worker installing, the app's code arriving): the next start opens
/// a sound workspace, saves a change, and the service worker ends up in charge.
#[tokio::test(flavor = "current_thread")]
async fn a_first_visit_killed_at_any_moment_opens_and_saves_next_time() {
    let seed = seed();
    println!("crash seed {seed} (CRASH_SEED={seed} repeats this run)");
    let mut rng = Rng::new(seed);
    let host = StaticHost::start(&dist(), FOLDER);
    let kills = setting("CRASH_FIRST_VISITS", 4);
    for visit in 0..kills {
        let profile = TempFolder::new(&format!("crash-first-{visit}"));
        let chromium = Chromium::start(profile.path()).await;
        chromium.client.goto(&host.url("")).await.unwrap();
        let delay = rng.below(3_000);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        chromium.kill();

        let chromium = Chromium::start(profile.path()).await;
        open(&chromium, &host).await;
        let step = Step::CreateGroup(format!("First visit {visit}"));
        step.start(&chromium.client).await.unwrap();
        step.wait_acknowledged(&chromium.client).await.unwrap();
        let (stored, _) = stored_and_checked(&chromium).await;
        let events: Vec<Event> = stored.events().cloned().collect();
        assert_eq!(
            step.recorded_in(&events),
            1,
            "killed {delay} ms into the first visit"
        );
        wait_until(
            &chromium.client,
            "the service worker in charge",
            "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller;",
            vec![],
        )
        .await;
        chromium.kill();
        println!("first visit {visit}: killed after {delay} ms, opened and saved after");
    }
}

/// Team sync with kills: changes saved while connected are queued for the team in the same
/// transaction as the log; the browser is killed while it pushes them, and again while it
/// pulls a teammate's changes. After each restart every acknowledged change reaches the
/// server exactly once, and both browsers end with one log.
#[tokio::test(flavor = "current_thread")]
async fn queued_changes_reach_the_team_exactly_once_across_kills() {
    use team_support::{groups_in, CouchServer, Publisher, PASSWORD};

    let seed = seed();
    println!("crash seed {seed} (CRASH_SEED={seed} repeats this run)");
    let mut rng = Rng::new(seed);
    let server = CouchServer::start("crash");
    let (host, _folder) = team_support::host_for(&[server.url()]);
    server.set_up(&team_support::origin(&host), &["alice", "bob"], &[]);
    let bob = Publisher::open("bob", &host).await;
    bob.connect_and_wait(&server.url()).await;
    bob.go_to("Account Groups").await;

    let profile = TempFolder::new("crash-team");
    let mut alice = Chromium::start(profile.path()).await;
    open(&alice, &host).await;
    let alice_publisher = |client: &fantoccini::Client| Publisher::wrap("alice", client.clone());
    alice_publisher(&alice.client)
        .connect(&server.url(), "alice", PASSWORD)
        .await;
    wait_for_text(&alice.client, "Team sync: connected").await;

    let kills = setting("CRASH_TEAM_KILLS", 6);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut sent = 0;
    for round in 0..kills {
        let pulling = round % 2 == 1;
        let mut last: Option<(Step, String)> = None;
        for _ in 0..=rng.below(3) {
            sent += 1;
            let name = format!("Team crash {sent:03}");
            if pulling {
                // A teammate's change: alice is killed while it reaches her.
                let outcome = bob.create_group(&name).await;
                assert!(outcome.contains("Created"), "{outcome}");
                acknowledged.push(name);
            } else {
                // Each one saved and queued before the next; the last is killed on its way.
                if let Some((step, name)) = last.take() {
                    step.wait_acknowledged(&alice.client).await.unwrap();
                    acknowledged.push(name);
                }
                let step = Step::CreateGroup(name.clone());
                step.start(&alice.client).await.unwrap();
                last = Some((step, name));
            }
        }
        if let Some((step, name)) = last.take() {
            // Earlier ones of the round waited for nothing: give the last a random moment.
            tokio::time::sleep(Duration::from_millis(rng.below(400))).await;
            if step.is_acknowledged(&alice.client).await {
                acknowledged.push(name);
            }
        } else {
            tokio::time::sleep(Duration::from_millis(rng.below(600))).await;
        }
        alice.kill();
        alice = Chromium::start(profile.path()).await;
        open(&alice, &host).await;
        // The server's session cookie ends with the browser, as CouchDB's does: alice
        // signs in again, and what waited in her queue goes then.
        wait_for_text(&alice.client, "alice is signed out").await;
        let alice_view = alice_publisher(&alice.client);
        alice_view.go_to("Settings").await;
        alice_view.fill("Password", PASSWORD).await;
        alice_view.click_button("Sign in again").await;
        let log = team_support::wait_until_converged(&[&alice_view, &bob]).await;
        let mut in_team_log = groups_in(&log);
        let mut on_server: Vec<String> = server
            .log()
            .into_iter()
            .flat_map(|(_, events, _)| serde_json::from_value::<Vec<Event>>(events).unwrap())
            .filter_map(|event| match event.change {
                Change::GroupCreated { name, .. } => Some(name),
                _ => None,
            })
            .collect();
        on_server.sort();
        in_team_log.sort();
        assert_eq!(
            on_server, in_team_log,
            "the server holds what both browsers hold"
        );
        assert!(
            on_server.windows(2).all(|pair| pair[0] != pair[1]),
            "a change reached the server twice: {on_server:?}"
        );
        for name in &acknowledged {
            assert!(
                on_server.contains(name),
                "LOST: {name} never reached the server: {on_server:?}"
            );
        }
        println!(
            "team round {round} ({}): killed, {} acknowledged changes each on the server once",
            if pulling { "pulling" } else { "pushing" },
            acknowledged.len()
        );
    }
    alice.kill();
    bob.close().await;
}
