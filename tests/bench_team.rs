//! Team sync's speed goals, measured in the built app against `pouchdb-server` on
//! loopback (`make bench-team`; needs `make build` first). Prints medians; asserts only
//! that each measured thing happened.
//!
//! - a saved command on a teammate's screen, on the list it belongs to and on Activity
//!   (goal < 250 ms);
//! - a new member joining a workspace of 20,000 accounts and 100,000 instances (< 2 s);
//! - pushing 1,000 changes queued offline (< 5 s).

#![cfg(not(target_arch = "wasm32"))]

#[path = "offline/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "offline/static_host.rs"]
mod static_host;
#[path = "team/support.rs"]
mod support;

use std::time::{Duration, Instant};

use browser::*;
use packwright::store::demo::large_workspace;
use packwright::store::team::{batch_id, snapshot_id};
use serde_json::{json, Value};
use support::*;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Milliseconds since the epoch in the browser, when `name` is on its page.
const SEEN: &str = "const [name, done] = [arguments[0], arguments[arguments.length - 1]];
(function look() {
  if (document.body.innerText.includes(name)) return done(Date.now());
  setTimeout(look, 1);
})();";

/// Fills the group form with `name` and clicks "Create group"; answers the instant of the
/// click.
const SUBMIT: &str = "const [name, done] = [arguments[0], arguments[arguments.length - 1]];
const input = document.querySelector('#group-name');
input.closest('details').open = true;
input.value = name;
input.dispatchEvent(new Event('input', { bubbles: true }));
const at = Date.now();
input.form.querySelector('button[type=submit]').click();
done(at);";

/// From Alice's click to the group's name on Bob's screen, 21 times: milliseconds.
async fn click_to_teammates_screen(alice: &Publisher, bob: &Publisher, prefix: &str) -> Vec<f64> {
    let mut samples = Vec::new();
    for round in 0..21 {
        let name = format!("{prefix} {round:02}");
        let (seen, clicked) =
            tokio::join!(bob.browser.execute_async(SEEN, vec![json!(name)]), async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                alice.browser.execute_async(SUBMIT, vec![json!(name)]).await
            });
        let (seen, clicked) = (seen.unwrap(), clicked.unwrap());
        samples.push(seen.as_f64().unwrap() - clicked.as_f64().unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    samples
}

fn spread(samples: &[f64]) -> String {
    format!(
        "median {:.0} ms (21 commands; min {:.0}, max {:.0}; goal < 250 ms)",
        median(samples.to_vec()),
        samples.iter().copied().fold(f64::MAX, f64::min),
        samples.iter().copied().fold(0.0, f64::max)
    )
}

#[tokio::test(flavor = "current_thread")]
async fn a_saved_command_reaches_a_teammates_screen() {
    let (_couch, _host, _folder, alice, bob) = alice_and_bob("bench-reach").await;
    let on_the_list = click_to_teammates_screen(&alice, &bob, "Ping").await;
    bob.go_to("Activity").await;
    let on_activity = click_to_teammates_screen(&alice, &bob, "Pong").await;
    println!(
        "team: a group created, click to its name on a teammate's Account Groups: {}",
        spread(&on_the_list)
    );
    println!(
        "team: a group created, click to its sentence on a teammate's Activity: {}",
        spread(&on_activity)
    );
    alice.close().await;
    bob.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_new_member_joins_a_large_workspace() {
    let couch = CouchServer::start("bench-join");
    let (host, _folder) = host_for(&[couch.url()]);
    let members = ["m0", "m1", "m2"];
    couch.set_up(&origin(&host), &members, &[]);
    let large = large_workspace(20_000, 50, "2026-11-25T10:00:00Z".parse().unwrap()).unwrap();
    assert_eq!(large.workspace.accounts().count(), 20_000);
    // The team's log: a snapshot at revision 1 (what a new member starts from), and the
    // batch of revision 1 that it follows.
    let (status, body) = couch.admin(
        "PUT",
        &format!("/team/{}", snapshot_id(1)),
        Some(&json!({"format": 4, "revision": 1, "workspace": large.workspace}).to_string()),
    );
    assert_eq!(status, 201, "{body}");
    let (status, body) = couch.admin(
        "PUT",
        &format!("/team/{}", batch_id(1)),
        Some(&json!({"format": 4, "events": &large.events[..1]}).to_string()),
    );
    assert_eq!(status, 201, "{body}");
    let mut samples = Vec::new();
    for member in members {
        let publisher = Publisher::open(member, &host).await;
        publisher.go_to("Settings").await;
        publisher.fill("Server address", &couch.url()).await;
        publisher.fill("Database name", "team").await;
        publisher.fill("User name", member).await;
        publisher.fill("Password", "correct horse").await;
        let started = Instant::now();
        publisher.click_button("Connect").await;
        wait_for_text(&publisher.browser, "Team sync: connected").await;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        publisher.go_to("Managed Accounts").await;
        wait_for_text(&publisher.browser, "of 20000 accounts").await;
        publisher.close().await;
    }
    println!(
        "team: a new member joins 20,000 accounts / 100,000 instances: median {:.0} ms ({} members, each a new browser; goal < 2,000 ms)",
        median(samples.clone()),
        samples.len()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_thousand_changes_queued_offline_are_pushed() {
    let couch = CouchServer::start("bench-push");
    let proxy = Proxy::start(couch.port);
    let (host, _folder) = host_for(&[couch.url(), proxy.url()]);
    couch.set_up(&origin(&host), &["alice"], &[]);
    let alice = Publisher::open("alice", &host).await;
    alice.connect_and_wait(&proxy.url()).await;
    // Managed accounts, whose list pages by 50: the page's own cost stays flat.
    alice.go_to("Managed Accounts").await;
    let mut samples = Vec::new();
    let mut reconnects = Vec::new();
    for run in 0..3 {
        proxy.cut();
        // A hundred at a time: one script may run for 30 seconds at most.
        let mut queued = 0;
        for hundred in 0..10 {
            let saved = alice
                .browser
                .execute_async(
                    "const [first, done] = [arguments[0], arguments[arguments.length - 1]];
                     const input = document.querySelector('#account-name');
                     input.closest('details').open = true;
                     let index = first;
                     (function next() {
                       if (index === first + 100) return done(100);
                       const name = `Queued ${String(index).padStart(5, '0')}`;
                       input.value = name;
                       input.dispatchEvent(new Event('input', { bubbles: true }));
                       input.form.requestSubmit();
                       const started = Date.now();
                       (function saved() {
                         const notice = input.closest('details').querySelector('.notice');
                         if (notice && notice.textContent.includes(name)) { index += 1; return next(); }
                         if (Date.now() - started > 20000) return done(`${name}: ${notice && notice.textContent}`);
                         setTimeout(saved, 0);
                       })();
                     })();",
                    vec![json!(run * 1000 + hundred * 100)],
                )
                .await
                .unwrap();
            queued += saved
                .as_u64()
                .unwrap_or_else(|| panic!("a queued change was not saved: {saved}"));
        }
        assert_eq!(queued, 1000);
        let before = couch.log().len();
        let restored = Instant::now();
        proxy.restore();
        let mut first = None;
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let (_, body) = couch.admin(
                "GET",
                &format!(
                    "/team/_all_docs?startkey=%22{}%22&endkey=%229999999999%22",
                    batch_id(before as u32 + 1)
                ),
                None,
            );
            let pushed = serde_json::from_str::<Value>(&body).unwrap()["rows"]
                .as_array()
                .map_or(0, Vec::len);
            if pushed > 0 && first.is_none() {
                first = Some(Instant::now());
            }
            if pushed == 1000 {
                break;
            }
            assert!(Instant::now() < deadline, "only {pushed} of 1,000 pushed");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let done = Instant::now();
        let first = first.unwrap();
        reconnects.push((first - restored).as_secs_f64() * 1000.0);
        samples.push((done - first).as_secs_f64() * 1000.0);
    }
    println!(
        "team: 1,000 changes queued offline pushed: median {:.0} ms from the first to the last (3 runs; the first push came a median {:.0} ms after the network returned, the retry period being 2 s; goal < 5,000 ms)",
        median(samples),
        median(reconnects)
    );
    alice.close().await;
}
