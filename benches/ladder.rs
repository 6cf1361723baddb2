//! The engine at 1,000, 10,000 and 100,000 accounts (5 instances each, 50 packs), measured
//! natively (`make bench-engine`, or `cargo bench --bench ladder`; `LADDER=1000,10000` for
//! other rungs). Each rung prints its figures and the ratio to the rung below: ten times
//! the accounts should cost about ten times for whole-workspace work and about the same
//! for one command.
//!
//! The first pack is installed in every account, so its release moves as many instances
//! as there are accounts. Goals at 100,000 accounts: one command < 1 ms; building through commands < 10 s;
//! replay + integrity < 5 s; an immediate release to every instance of the biggest pack
//! < 100 ms.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use packwright::domain::boomi::{plan_import, read_files};
use packwright::domain::command::{CreateAccount, ReleasePack};
use packwright::domain::integrity::check_integrity;
use packwright::domain::model::ReleaseSchedule;
use packwright::domain::{decide, Command, Workspace};
use packwright::store::demo::{large_workspace_shaped, BigPack};

#[path = "support/boomi_account.rs"]
mod boomi_account;

use boomi_account::boomi_account;

const PACKS: u32 = 50;

/// What one rung measured (medians).
struct Rung {
    accounts: u32,
    instances: usize,
    build: Duration,
    one_command: Duration,
    release: Duration,
    released_instances: usize,
    replay: Duration,
    integrity: Duration,
    boomi_plan: Duration,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = work();
    (result, started.elapsed())
}

fn measure(accounts: u32) -> Rung {
    let now: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
    let (large, build) =
        timed(|| large_workspace_shaped(accounts, PACKS, BigPack::InEvery, now).unwrap());
    let mut workspace = large.workspace;

    // One more account, decided and applied, 21 times.
    let one_command = median(
        (0..21)
            .map(|index| {
                let command = Command::CreateAccount(CreateAccount {
                    name: format!("Newcomer {index}"),
                });
                let (_, elapsed) = timed(|| {
                    for event in decide(&workspace, command, now).unwrap() {
                        workspace.apply(&event);
                    }
                });
                elapsed
            })
            .collect(),
    );

    // An immediate release to every instance of the biggest pack, alternating versions.
    let released_instances = workspace.pack(large.big_pack).unwrap().instances.len();
    let release = median(
        (0..7)
            .map(|round| {
                let versions =
                    BTreeMap::from([(large.big_component, large.big_versions[(round + 1) % 2])]);
                let command = Command::ReleasePack(ReleasePack {
                    pack: large.big_pack,
                    versions,
                    notes: String::new(),
                    schedule: ReleaseSchedule::Immediately,
                });
                let (_, elapsed) = timed(|| {
                    for event in decide(&workspace, command, now).unwrap() {
                        workspace.apply(&event);
                    }
                });
                elapsed
            })
            .collect(),
    );

    let replay = median(
        (0..3)
            .map(|_| timed(|| black_box(Workspace::replay(&large.events))).1)
            .collect(),
    );
    let integrity = median(
        (0..3)
            .map(|_| {
                let (problems, elapsed) = timed(|| check_integrity(black_box(&workspace)));
                assert!(problems.is_empty(), "{problems:?}");
                elapsed
            })
            .collect(),
    );
    let files = boomi_account(accounts as usize);
    let boomi_plan = median(
        (0..3)
            .map(|_| {
                timed(|| {
                    let data = read_files(black_box(&files)).expect("bench files refused");
                    plan_import(&Workspace::default(), &data, now).expect("bench import refused")
                })
                .1
            })
            .collect(),
    );
    Rung {
        accounts,
        instances: workspace.instances().count(),
        build,
        one_command,
        release,
        released_instances,
        replay,
        integrity,
        boomi_plan,
    }
}

fn ratio(now: Duration, before: Option<Duration>) -> String {
    match before {
        Some(before) if !before.is_zero() => {
            format!(" (x{:.1})", now.as_secs_f64() / before.as_secs_f64())
        }
        _ => String::new(),
    }
}

fn report(rung: &Rung, below: Option<&Rung>) {
    let line = |what: &str, now: Duration, pick: fn(&Rung) -> Duration| {
        println!("  {what}: {now:.2?}{}", ratio(now, below.map(pick)));
    };
    println!(
        "{} accounts, {} instances, {PACKS} packs:",
        rung.accounts, rung.instances
    );
    line("built through commands", rung.build, |r| r.build);
    line(
        "one more CreateAccount (decide + apply)",
        rung.one_command,
        |r| r.one_command,
    );
    line(
        &format!(
            "immediate release to the biggest pack's {} instances",
            rung.released_instances
        ),
        rung.release,
        |r| r.release,
    );
    line("replay of the log", rung.replay, |r| r.replay);
    line("check_integrity", rung.integrity, |r| r.integrity);
    line(
        &format!(
            "Boomi import of {} accounts, {} instances (read + plan)",
            rung.accounts,
            rung.accounts * 2
        ),
        rung.boomi_plan,
        |r| r.boomi_plan,
    );
}

fn main() {
    // `cargo test` runs benches with --bench absent; only measure when asked to.
    if !std::env::args().any(|argument| argument == "--bench") {
        return;
    }
    let rungs: Vec<u32> = std::env::var("LADDER")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let mut below: Option<Rung> = None;
    for accounts in rungs {
        let rung = measure(accounts);
        report(&rung, below.as_ref());
        below = Some(rung);
    }
}
