//! Team sync, end to end: the built app (`dist/`, with the test server named in its CSP by
//! `scripts/team-server.mjs`) in several headless Chromiums — separate profiles, so separate
//! IndexedDBs and cookie jars, one CouchDB user each — against `pouchdb-server`, which
//! speaks CouchDB's HTTP protocol (`_session`, `_users`, `_security`, `_changes`,
//! `_bulk_docs`). Each test starts its own server on a free loopback port, with its data
//! on disk so that it can be stopped and started again, and stops it by its process.
//!
//! Run by `make test` after the release build: `cargo test --test team`.

#![cfg(not(target_arch = "wasm32"))]

#[path = "offline/browser.rs"]
mod browser;
#[path = "team/lists.rs"]
mod lists;
#[allow(dead_code)]
#[path = "offline/static_host.rs"]
mod static_host;
#[path = "team/support.rs"]
mod support;

use std::time::{Duration, Instant};

use browser::*;
use packwright::domain::command::SetClock;
use packwright::domain::{decide, Change, Clock, Command as DomainCommand, Event, PublisherZone};
use packwright::store::demo::demo_workspace;
use packwright::store::team::batch_id;
use serde_json::{json, Value};
use support::*;

#[tokio::test(flavor = "current_thread")]
async fn two_publishers_editing_at_once_end_with_the_same_workspace() {
    let (couch, _host, _folder, alice, bob) = alice_and_bob("two").await;

    // 200 commands, interleaved; every fifth name is tried by both at once.
    let mut refused_in_form = 0;
    let mut contested = Vec::new();
    for round in 0..100 {
        let (a, b) = if round % 5 == 0 {
            let name = format!("Contested {round:03}");
            contested.push(name.clone());
            (name.clone(), name)
        } else {
            (format!("Alice {round:03}"), format!("Bob {round:03}"))
        };
        let (first, second) = tokio::join!(alice.create_group(&a), bob.create_group(&b));
        for (name, outcome) in [(&a, &first), (&b, &second)] {
            if *outcome == format!("Created {name}.") {
                continue;
            }
            // Only a contested name may be refused, and only as taken: when it was decided
            // here, or, in one sentence, when a teammate's change came first.
            let taken = format!("here is already an account group called \u{201c}{name}\u{201d}");
            assert!(
                a == b
                    && (outcome.starts_with(&format!("T{taken}"))
                        || outcome.starts_with(&format!(
                            "Your change \u{201c}Account group {name} created\u{201d} was not kept because a teammate's change came first \u{2014} t{taken}"
                        ))),
                "{name}: {outcome}"
            );
            refused_in_form += 1;
        }
    }
    let log = wait_until_converged(&[&alice, &bob]).await;

    let groups = groups_in(&log);
    assert_eq!(groups.len(), 2 * 80 + contested.len(), "{groups:?}");
    for name in &contested {
        assert_eq!(groups.iter().filter(|group| *group == name).count(), 1);
    }
    // Every contested name that one of them lost after saving it was shown to its author.
    let shown: Vec<String> = [alice.notices().await, bob.notices().await].concat();
    for notice in &shown {
        assert!(
            notice.starts_with("Your change \u{201c}Account group Contested ")
                && notice.contains("\u{201d} was not kept because a teammate's change came first \u{2014} there is already an account group called"),
            "{notice}"
        );
    }
    assert_eq!(
        refused_in_form + shown.len(),
        contested.len(),
        "each contested name is lost once, in the form or after a rebase: {shown:?}"
    );
    // The team's log is the same log, with no conflict left.
    let team = couch.log();
    let saved: Value = serde_json::from_str(&log).unwrap();
    assert_eq!(team.len(), saved["keys"].as_array().unwrap().len());
    assert!(team.iter().all(|(_, _, conflicts)| conflicts.is_null()));
    // The activity log says who did what.
    assert!(log.contains(r#"\"by\":\"alice\""#) && log.contains(r#"\"by\":\"bob\""#));
    assert!(bob.create_group("Last word").await.starts_with("Created"));
    alice.go_to("Activity").await;
    wait_for_text(&alice.browser, "Account group Last word created\nby bob").await;
    alice.close().await;
    bob.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn offline_edits_and_a_server_stopped_mid_push_lose_nothing_and_apply_nothing_twice() {
    let (mut couch, proxy, _host, _folder, alice, bob) =
        alice_behind_a_proxy_and_bob("offline").await;

    // Alice loses her network and goes on working; Bob keeps working online.
    proxy.cut();
    for index in 0..15 {
        // Saved here, and said to be on its way: not "Created" before the team has it.
        assert_eq!(
            alice
                .create_group_offline(&format!("Offline {index:02}"))
                .await,
            SENDING
        );
        assert!(bob
            .create_group(&format!("Online {index:02}"))
            .await
            .starts_with("Created"));
    }
    wait_for_text(&alice.browser, "offline").await;
    assert!(
        alice.status().await.contains("15 changes waiting"),
        "{}",
        alice.status().await
    );

    // Back online: her queue goes out; the server is stopped in the middle of it (Bob's
    // changes are revisions 1 to 15, hers come after).
    proxy.restore();
    let deadline = Instant::now() + PATIENCE;
    let pushed_before_the_stop = loop {
        let (_, body) = couch.admin(
            "GET",
            &format!("/{DATABASE}/_all_docs?startkey=%220000000016%22&endkey=%229999999999%22"),
            None,
        );
        let rows: Value = serde_json::from_str(&body).unwrap();
        let pushed = rows["rows"].as_array().map_or(0, Vec::len);
        if pushed > 0 {
            break pushed;
        }
        assert!(Instant::now() < deadline, "her queue never went out");
    };
    couch.restart();
    assert!(
        pushed_before_the_stop < 15,
        "the server was stopped after the push, not during it"
    );
    let log = wait_until_converged(&[&alice, &bob]).await;
    let groups = groups_in(&log);
    assert_eq!(groups.len(), 30, "{groups:?}");
    for index in 0..15 {
        assert!(groups.contains(&format!("Offline {index:02}")));
        assert!(groups.contains(&format!("Online {index:02}")));
    }
    assert!(alice.notices().await.is_empty());
    // Once the team's log has it, her form says so.
    alice.wait_for_create_notice("Created Offline 14.").await;
    assert_eq!(couch.log().len(), batch_count(&log));
    alice.close().await;
    bob.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_change_a_teammate_made_impossible_is_told_once_by_its_form_never_created_first() {
    let (_couch, proxy, _host, _folder, alice, bob) =
        alice_behind_a_proxy_and_bob("told-once").await;

    // Alice creates a group while her network is gone; Bob creates the same name online.
    proxy.cut();
    assert_eq!(alice.create_group_offline("Contested").await, SENDING);
    assert_eq!(bob.create_group("Contested").await, "Created Contested.");

    // Back online, her change is decided again after his: her form says why, in one
    // sentence, and nothing else says it again.
    proxy.restore();
    alice
        .wait_for_create_notice(
            "Your change \u{201c}Account group Contested created\u{201d} was not kept because a teammate's change came first \u{2014} there is already an account group called \u{201c}Contested\u{201d}: choose another name.",
        )
        .await;
    let log = wait_until_converged(&[&alice, &bob]).await;
    assert_eq!(groups_in(&log), ["Contested"]);
    assert!(
        alice.notices().await.is_empty(),
        "{:?}",
        alice.notices().await
    );
    // Online, a change is told done once the team's log has it.
    assert_eq!(alice.create_group("Her own").await, "Created Her own.");
    let log = wait_until_converged(&[&alice, &bob]).await;
    assert!(groups_in(&log).contains(&"Her own".to_owned()));
    alice.close().await;
    bob.close().await;
}

/// The demo workspace as a team's log, with the shared clock an hour before its scheduled
/// release comes due, and the event a teammate's browser saves to move that clock on.
fn log_with_a_release_about_to_come_due() -> (Vec<Vec<Event>>, Event, String) {
    let zone = PublisherZone::parse("Europe/Berlin").unwrap();
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let now = chrono::DateTime::from_timestamp(seconds as i64, 0).unwrap();
    let (mut workspace, events) = demo_workspace(now, zone).unwrap();
    let pack = workspace
        .packs()
        .find(|pack| pack.pending_release.is_some())
        .expect("the demo has a scheduled release");
    let due = zone.first_instant_of(pack.pending_date().unwrap());
    let name = pack.name.clone();
    let before = due - chrono::TimeDelta::hours(1);
    let mut batches: Vec<Vec<Event>> = events.chunks(40).map(<[Event]>::to_vec).collect();
    let clock = decide(
        &workspace,
        DomainCommand::SetClock(SetClock {
            clock: Clock::Simulated { at: before },
        }),
        before,
    )
    .unwrap();
    for event in &clock {
        workspace.apply(event);
    }
    batches.push(clock);
    let after = due + chrono::TimeDelta::minutes(30);
    let moved = Event {
        at: after,
        change: Change::ClockSet {
            clock: Clock::Simulated { at: after },
        },
        by: Some("carol".into()),
    };
    (batches, moved, name)
}

#[tokio::test(flavor = "current_thread")]
async fn a_release_that_comes_due_with_three_browsers_open_is_applied_once() {
    let couch = CouchServer::start("three");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice", "bob", "carol"], &[]);
    let (batches, moved, pack) = log_with_a_release_about_to_come_due();
    for (index, batch) in batches.iter().enumerate() {
        let (status, body) = couch.admin(
            "PUT",
            &format!("/{DATABASE}/{:010}", index + 1),
            Some(&json!({"format": 4, "events": batch}).to_string()),
        );
        assert_eq!(status, 201, "{body}");
    }
    let alice = Publisher::open("alice", &host).await;
    let bob = Publisher::open("bob", &host).await;
    let carol = Publisher::open("carol", &host).await;
    for publisher in [&alice, &bob, &carol] {
        publisher.connect_and_wait(&couch.url()).await;
    }
    wait_until_converged(&[&alice, &bob, &carol]).await;

    // A teammate moves the shared clock past the date: all three browsers see it at once.
    let next = batches.len() + 1;
    let (status, body) = couch.admin(
        "PUT",
        &format!("/{DATABASE}/{next:010}"),
        Some(&json!({"format": 4, "events": [moved]}).to_string()),
    );
    assert_eq!(status, 201, "{body}");
    for publisher in [&alice, &bob, &carol] {
        let deadline = Instant::now() + PATIENCE;
        while !publisher
            .saved_log()
            .await
            .contains("SCHEDULED_RELEASE_APPLIED")
        {
            assert!(
                Instant::now() < deadline,
                "{} never applied the release",
                publisher.name
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let log = wait_until_converged(&[&alice, &bob, &carol]).await;

    let applied: Vec<Value> = couch
        .log()
        .into_iter()
        .flat_map(|(_, events, _)| events.as_array().cloned().unwrap_or_default())
        .filter(|event| event["change"].get("SCHEDULED_RELEASE_APPLIED").is_some())
        .collect();
    assert_eq!(applied.len(), 1, "{applied:?}");
    assert!(log.contains("SCHEDULED_RELEASE_APPLIED"));
    assert!(applied[0]["change"]["SCHEDULED_RELEASE_APPLIED"]["packName"] == json!(pack));
    alice.close().await;
    bob.close().await;
    carol.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_wrong_password_a_non_member_and_an_ended_session_are_told_and_lose_nothing() {
    let couch = CouchServer::start("refusals");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice"], &["mallory"]);
    let alice = Publisher::open("alice", &host).await;
    alice.go_to("Account Groups").await;
    assert!(alice
        .create_group("Before sharing")
        .await
        .starts_with("Created"));

    alice.connect(&couch.url(), "alice", "wrong password").await;
    wait_for_text(
        &alice.browser,
        "CouchDB refused this user name and password",
    )
    .await;
    alice.connect(&couch.url(), "mallory", PASSWORD).await;
    wait_for_text(
        &alice.browser,
        "mallory is not a member of the database team",
    )
    .await;
    alice.go_to("Account Groups").await;
    wait_for_text(&alice.browser, "Before sharing").await;

    alice.connect(&couch.url(), "alice", PASSWORD).await;
    wait_for_text(&alice.browser, "Team sync: connected").await;
    wait_until_converged(&[&alice]).await;

    // The session ends (its cookie is gone): a change is kept here and waits.
    // (An answer already under way may set the cookie again as it refreshes the session:
    // deleted until it stays gone.)
    let deadline = Instant::now() + PATIENCE;
    loop {
        alice.browser.delete_cookie("AuthSession").await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        if alice.browser.get_named_cookie("AuthSession").await.is_err() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the session cookie keeps coming back"
        );
    }
    alice.go_to("Account Groups").await;
    assert_eq!(
        alice.create_group_offline("After the session ended").await,
        SENDING
    );
    wait_for_text(&alice.browser, "alice is signed out, 1 change waiting").await;
    assert!(alice.page_text().await.contains("After the session ended"));

    alice.go_to("Settings").await;
    alice.fill("Password", PASSWORD).await;
    alice.click_button("Sign in again").await;
    let log = wait_until_converged(&[&alice]).await;
    assert_eq!(
        groups_in(&log),
        vec![
            "After the session ended".to_owned(),
            "Before sharing".to_owned()
        ]
    );
    assert_eq!(couch.log().len(), batch_count(&log));
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_conflict_made_by_a_cluster_is_resolved_as_couchdb_does_and_the_loser_rebased() {
    let (couch, _host, _folder, alice, bob) = alice_and_bob("cluster").await;
    assert!(alice.create_group("Alpha").await.starts_with("Created"));
    wait_until_converged(&[&alice, &bob]).await;

    // Another node of the cluster accepted another revision 1 during a partition.
    let (id, events, _) = couch.log().pop().unwrap();
    let mut theirs = events.clone();
    theirs[0]["change"]["GROUP_CREATED"]["name"] = json!("Bravo");
    theirs[0]["by"] = json!("carol");
    let (status, body) = couch.admin(
        "POST",
        &format!("/{DATABASE}/_bulk_docs"),
        Some(
            &json!({"new_edits": false, "docs": [{"_id": id, "_rev": format!("1-{}", "f".repeat(32)), "format": 4, "events": theirs}]})
                .to_string(),
        ),
    );
    assert_eq!(status, 201, "{body}");

    bob.go_to("Account Groups").await;
    for publisher in [&alice, &bob] {
        wait_for_text(&publisher.browser, "Bravo").await;
        wait_for_text(&publisher.browser, "Alpha").await;
    }
    let log = wait_until_converged(&[&alice, &bob]).await;
    assert_eq!(
        groups_in(&log),
        vec!["Alpha".to_owned(), "Bravo".to_owned()]
    );
    let team = couch.log();
    assert_eq!(team.len(), 2, "Alpha decided again after Bravo: {team:?}");
    assert_eq!(
        team[0].1[0]["change"]["GROUP_CREATED"]["name"],
        json!("Bravo")
    );
    assert!(
        team.iter().all(|(_, _, conflicts)| conflicts.is_null()),
        "{team:?}"
    );
    alice.close().await;
    bob.close().await;
}

/// A push sends many documents at once and CouchDB takes each on its own: one cut short
/// after losing a revision leaves documents that follow nothing in the team's log.
#[tokio::test(flavor = "current_thread")]
async fn documents_left_by_a_push_that_lost_its_revision_are_written_over_never_applied() {
    let (couch, _host, _folder, alice, bob) = alice_and_bob("stray").await;
    assert!(alice.create_group("First").await.starts_with("Created"));
    wait_until_converged(&[&alice, &bob]).await;

    // Revisions 2 and 3 as a browser wrote them on top of another revision 1, its answer
    // never seen (the browser closed before removing them).
    let (_, events, _) = couch.log().pop().unwrap();
    for (revision, after) in [(2, "another-first"), (3, "stray-2")] {
        let mut stray = events.clone();
        stray[0]["change"]["GROUP_CREATED"]["name"] = json!(format!("Stray {revision}"));
        let (status, body) = couch.admin(
            "PUT",
            &format!("/{DATABASE}/{}", batch_id(revision)),
            Some(
                &json!({"format": 4, "key": format!("stray-{revision}"), "after": after, "events": stray})
                    .to_string(),
            ),
        );
        assert_eq!(status, 201, "{body}");
    }

    assert!(bob.create_group("Second").await.starts_with("Created"));
    wait_until_converged(&[&alice, &bob]).await;
    assert!(alice.create_group("Third").await.starts_with("Created"));
    let log = wait_until_converged(&[&alice, &bob]).await;
    assert_eq!(
        groups_in(&log),
        vec!["First".to_owned(), "Second".to_owned(), "Third".to_owned()]
    );
    let team = couch.log();
    assert_eq!(team.len(), 3, "{team:?}");
    assert!(!format!("{team:?}").contains("Stray"), "{team:?}");
    for revision in [2, 3] {
        let (_, body) = couch.admin("GET", &format!("/{DATABASE}/{}", batch_id(revision)), None);
        let document: Value = serde_json::from_str(&body).unwrap();
        assert!(
            document["_rev"].as_str().unwrap().starts_with("2-"),
            "revision {revision} was written over: {document}"
        );
    }
    for publisher in [&alice, &bob] {
        assert!(!publisher.page_text().await.contains("Stray"));
        assert!(publisher.notices().await.is_empty());
    }
    alice.close().await;
    bob.close().await;
}

/// Two publishers upload their workspaces into one empty database at the same moment: the
/// database ends with one of them, never a mix, and the other is told.
#[tokio::test(flavor = "current_thread")]
async fn two_uploads_at_once_leave_one_workspace_in_the_database() {
    let couch = CouchServer::start("uploads");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice", "bob"], &[]);
    let alice = Publisher::open("alice", &host).await;
    let bob = Publisher::open("bob", &host).await;
    for (publisher, name) in [(&alice, "Alice"), (&bob, "Bob")] {
        publisher.go_to("Account Groups").await;
        for index in 0..60 {
            assert!(publisher
                .create_group(&format!("{name} {index:02}"))
                .await
                .starts_with("Created"));
        }
        publisher.go_to("Settings").await;
        publisher.fill("Server address", &couch.url()).await;
        publisher.fill("Database name", DATABASE).await;
        publisher.fill("User name", publisher.name).await;
        publisher.fill("Password", PASSWORD).await;
    }
    tokio::join!(alice.click_button("Connect"), bob.click_button("Connect"));
    let outcome = |publisher: &Publisher| {
        let browser = publisher.browser.clone();
        async move {
            wait_until(
                &browser,
                "what connecting did",
                "const text = document.body.innerText;
                 return ['Uploaded this workspace', 'Both have history', 'at the same moment']
                   .some((part) => text.includes(part));",
                vec![],
            )
            .await;
            browser.source().await.unwrap()
        }
    };
    let (alices, bobs) = tokio::join!(outcome(&alice), outcome(&bob));
    let uploaded: Vec<&str> = [("alice", &alices), ("bob", &bobs)]
        .into_iter()
        .filter(|(_, page)| page.contains("Uploaded this workspace"))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(uploaded.len(), 1, "one upload is kept: {uploaded:?}");
    let winner = if uploaded[0] == "alice" { &alice } else { &bob };
    let log = winner.saved_log().await;
    let team = couch.log();
    assert_eq!(team.len(), batch_count(&log), "{team:?}");
    let prefix = if uploaded[0] == "alice" {
        "Alice"
    } else {
        "Bob"
    };
    for (_, events, _) in &team {
        let name = events[0]["change"]["GROUP_CREATED"]["name"]
            .as_str()
            .unwrap();
        assert!(name.starts_with(prefix), "{name} in {prefix}'s workspace");
    }
    alice.close().await;
    bob.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn both_having_history_the_user_chooses_and_a_shared_workspace_is_not_replaced_here() {
    let couch = CouchServer::start("choice");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice", "bob"], &[]);
    let bob = Publisher::open("bob", &host).await;
    bob.go_to("Account Groups").await;
    assert!(bob.create_group("Bob's group").await.starts_with("Created"));
    bob.connect(&couch.url(), "bob", PASSWORD).await;
    wait_for_text(&bob.browser, "Uploaded this workspace to team").await;

    let alice = Publisher::open("alice", &host).await;
    alice.go_to("Account Groups").await;
    assert!(alice
        .create_group("Alice's own")
        .await
        .starts_with("Created"));
    alice.connect(&couch.url(), "alice", PASSWORD).await;
    wait_for_text(&alice.browser, "Both have history").await;
    assert!(
        alice.status().await.is_empty(),
        "nothing is shared before she chooses"
    );
    alice.click_button("Use the team's workspace").await;
    wait_for_text(&alice.browser, "this browser now shows team's workspace").await;
    alice.go_to("Account Groups").await;
    wait_for_text(&alice.browser, "Bob's group").await;
    assert!(!alice.page_text().await.contains("Alice's own"));
    // She joined from the team's snapshot; the history before it follows: her activity
    // log says what Bob did (alone, before he shared it), and her saved log is his.
    let log = wait_until_converged(&[&alice, &bob]).await;
    assert_eq!(batch_count(&log), 1, "{log}");
    alice.go_to("Activity").await;
    wait_for_text(&alice.browser, "Bob's group").await;
    wait_for_text(&alice.browser, "made before team sync").await;
    assert!(!alice.page_text().await.contains("by this browser"));
    alice.go_to("Settings").await;

    // Shared, the workspace is not replaced from here.
    alice.click_button("Reset workspace").await;
    alice.click_button("Erase everything").await;
    wait_for_text(&alice.browser, "This workspace is shared with your team.").await;
    alice.go_to("Account Groups").await;
    wait_for_text(&alice.browser, "Bob's group").await;

    // Disconnecting keeps the local copy.
    alice.go_to("Settings").await;
    alice.click_button("Disconnect").await;
    alice.click_button("Disconnect").await;
    wait_for_text(
        &alice.browser,
        "Disconnected: the workspace is in this browser only.",
    )
    .await;
    assert!(alice.status().await.is_empty(), "{}", alice.status().await);
    alice.go_to("Account Groups").await;
    wait_for_text(&alice.browser, "Bob's group").await;
    alice.close().await;
    bob.close().await;
}

/// domain.md, "The testing period's reports", shared: a managed account's report made in
/// one browser reaches the publisher's browser, on the pack page it is looking at.
#[tokio::test(flavor = "current_thread")]
async fn a_report_made_in_one_browser_appears_in_the_publishers_browser() {
    let couch = CouchServer::start("reports");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice", "bob"], &[]);
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let now = chrono::DateTime::from_timestamp(seconds as i64, 0).unwrap();
    let (_, events) = demo_workspace(now, PublisherZone::parse("Europe/Berlin").unwrap()).unwrap();
    for (index, batch) in events.chunks(40).enumerate() {
        let (status, body) = couch.admin(
            "PUT",
            &format!("/{DATABASE}/{:010}", index + 1),
            Some(
                &json!({"format": packwright::domain::FORMAT_VERSION, "events": batch}).to_string(),
            ),
        );
        assert_eq!(status, 201, "{body}");
    }
    let alice = Publisher::open("alice", &host).await;
    let bob = Publisher::open("bob", &host).await;
    alice.connect_and_wait(&couch.url()).await;
    bob.connect_and_wait(&couch.url()).await;
    wait_until_converged(&[&alice, &bob]).await;

    // Alice, the publisher, looks at the pack in its testing period.
    alice.go_to("Integration Packs").await;
    click_link(&alice, "NetSuite Invoice Bridge").await;
    wait_for_text(
        &alice.browser,
        "1 open problem reported in the testing period.",
    )
    .await;

    // Bob works for a managed account: applies the update early and reports a problem.
    bob.go_to("Managed Accounts").await;
    click_link(&bob, "Crescent Telecom").await;
    bob.click_button("Report on this update").await;
    wait_for_text(
        &bob.browser,
        "This instance does not run pending release 2 yet",
    )
    .await;
    bob.browser
        .find(fantoccini::Locator::XPath(
            "//*[@data-testid='report-form']//button[normalize-space()='Apply Pending Updates']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&bob.browser, "No report on pending release 2 yet.").await;
    bob.browser
        .find(fantoccini::Locator::XPath(
            "//label[.//strong[normalize-space()='Problem found']]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let problem = "Refunds post twice when the memo is edited.";
    bob.browser
        .find(fantoccini::Locator::XPath(
            "//label[normalize-space()='What you found (required for a problem)']/following-sibling::textarea[1]",
        ))
        .await
        .unwrap()
        .send_keys(problem)
        .await
        .unwrap();
    bob.click_button("Send report").await;
    wait_for_text(&bob.browser, "Report sent to the publisher.").await;

    // Alice's page shows it without a reload, made by bob.
    wait_for_text(
        &alice.browser,
        "2 open problems reported in the testing period.",
    )
    .await;
    wait_for_text(&alice.browser, problem).await;
    let log = wait_until_converged(&[&alice, &bob]).await;
    assert!(log.contains("UPDATE_REPORTED") && log.contains(r#"\"by\":\"bob\""#));
    alice.close().await;
    bob.close().await;
}

/// Clicks the link a person reads as `text`, wherever it is on the page.
async fn click_link(publisher: &Publisher, text: &str) {
    let xpath = format!("//a[normalize-space()='{text}']");
    let deadline = Instant::now() + PATIENCE;
    loop {
        match publisher
            .browser
            .find(fantoccini::Locator::XPath(&xpath))
            .await
        {
            Ok(link) => return link.click().await.unwrap(),
            Err(_) if Instant::now() > deadline => panic!("no link reads {text}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
