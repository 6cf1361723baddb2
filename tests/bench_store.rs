//! The store's speed goals in headless Chromium, beside plain-JavaScript baselines
//! measured in the same browser run. Not part of `make test`: run `make bench-store`.
//!
//! Each figure is the median of repeated runs, timed with `performance.now()`.

#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

use packwright::domain::command::ReleasePack;
use packwright::domain::model::ReleaseSchedule;
use packwright::domain::{decide, Command};
use packwright::store::demo::{large_workspace, LargeWorkspace};
use packwright::store::{Store, WorkspaceFile};

// Shared with the browser tests; the bench uses only part of it.
#[allow(dead_code)]
#[path = "web/support.rs"]
mod web_support;

wasm_bindgen_test_configure!(run_in_browser);

const ACCOUNTS: u32 = 20_000;
const PACKS: u32 = 50;

fn performance_now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn big_workspace() -> LargeWorkspace {
    large_workspace(ACCOUNTS, PACKS, "2026-11-25T10:00:00Z".parse().unwrap())
        .expect("the large workspace obeys every rule")
}

/// Runs `body` (JavaScript, an async function body returning a number of milliseconds).
async fn javascript_ms(body: &str) -> f64 {
    let function = js_sys::Function::new_no_args(&format!("return (async () => {{ {body} }})();"));
    let promise: js_sys::Promise = function.call0(&JsValue::NULL).unwrap().into();
    JsFuture::from(promise).await.unwrap().as_f64().unwrap()
}

const JS_OPEN: &str = r#"
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('bench-js-' + Math.random(), 1);
        request.onupgradeneeded = () => request.result.createObjectStore('rows');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    const write = (fill) => new Promise((resolve, reject) => {
        const started = performance.now();
        const transaction = db.transaction('rows', 'readwrite');
        fill(transaction.objectStore('rows'));
        transaction.oncomplete = () => resolve(performance.now() - started);
        transaction.onerror = () => reject(transaction.error);
    });
"#;

#[wasm_bindgen_test]
async fn store_benchmarks() {
    let mut rows = Vec::new();
    let mut record = Vec::new();
    for _ in 0..5 {
        rows.push(javascript_ms(&format!("{JS_OPEN} return await write((store) => {{ for (let i = 0; i < 10000; i++) store.put({{ id: i, account: i % 20000, pack: 1, release: 2 }}, i); }});")).await);
    }
    for _ in 0..11 {
        record.push(javascript_ms(&format!("{JS_OPEN} const ids = Array.from({{ length: 10000 }}, (_, i) => i); return await write((store) => store.put({{ pack: 1, release: 2, instances: ids }}, 'one'));")).await);
    }
    console_log!("baseline (plain JavaScript): 10,000 instance rows in one transaction: median {:.1} ms over 5 runs", median(rows));
    console_log!("baseline (plain JavaScript): one record listing 10,000 instance ids: median {:.2} ms over 11 runs", median(record));

    let started = performance_now();
    let big = big_workspace();
    console_log!(
        "built {} accounts, {} packs, {} instances through the engine in {:.0} ms (not a goal)",
        big.workspace.accounts().count(),
        big.workspace.packs().count(),
        big.workspace.instances().count(),
        performance_now() - started
    );
    let name = format!("bench-store-{}", js_sys::Date::now());
    let store = Store::open(&name).await.unwrap();
    let file = WorkspaceFile::new(big.workspace.clone(), big.events.clone());
    let started = performance_now();
    let mut head = store.import(&file).await.unwrap();
    console_log!(
        "imported it (snapshot and {} events) in {:.0} ms (not a goal)",
        file.events.len(),
        performance_now() - started
    );
    drop(file);

    let mut startups = Vec::new();
    for _ in 0..5 {
        let started = performance_now();
        let reopened = Store::open(&name).await.unwrap();
        let loaded = reopened.load().await.unwrap();
        startups.push(performance_now() - started);
        assert_eq!(loaded.workspace.instances().count(), 100_000);
    }
    console_log!("start-up with 20,000 accounts, 50 packs, 100,000 instances (open + read + decode): median {:.0} ms over 5 runs (goal: under 300 ms)", median(startups));

    let mut workspace = big.workspace;
    let mut decides = Vec::new();
    let mut saves = Vec::new();
    for round in 0..11 {
        let versions = BTreeMap::from([(big.big_component, big.big_versions[(round + 1) % 2])]);
        let command = Command::ReleasePack(ReleasePack {
            pack: big.big_pack,
            versions,
            notes: String::new(),
            schedule: ReleaseSchedule::Immediately,
        });
        let started = performance_now();
        let events = decide(&workspace, command, big.now).unwrap();
        let decided = performance_now();
        head = store.append(head.revision, &events, None).await.unwrap();
        saves.push(performance_now() - decided);
        for event in &events {
            workspace.apply(event);
        }
        decides.push(decided - started);
    }
    console_log!("saving an immediate release that moves 10,000 instances (one transaction): median {:.2} ms over 11 runs (goal: under 10 ms)", median(saves));
    console_log!(
        "deciding that release in wasm: median {:.2} ms over 11 runs",
        median(decides)
    );
    drop(store);

    // The Managed Accounts filter: from a keystroke to the updated list on screen.
    web_support::go_to("/accounts");
    let app = web_support::MountedApp::mount_on(name).await;
    app.wait_for_text("[data-testid=account-count]", "20000 of 20000 accounts")
        .await;
    // Each keystroke changes how many accounts match (names run from "Account 00000" to
    // "Account 19999"), so the list on screen must change every time.
    let mut keystrokes = Vec::new();
    for typed in [
        "0", "00", "001", "0012", "1", "12", "123", "1234", "9", "99", "999", "9999", "5", "55",
        "555",
    ] {
        let before = app.text_of("[data-testid=account-count]");
        let started = performance_now();
        app.type_into("#account-filter", typed);
        // Poll with zero-delay timeouts until the count on screen changes: the figure is an
        // upper bound, a few milliseconds of polling granularity above the true time.
        let mut polls = 0;
        while app.text_of("[data-testid=account-count]") == before && polls < 5_000 {
            gloo_timers::future::TimeoutFuture::new(0).await;
            polls += 1;
        }
        assert_ne!(
            app.text_of("[data-testid=account-count]"),
            before,
            "the list did not change for {typed:?}"
        );
        keystrokes.push(performance_now() - started);
    }
    let slowest = keystrokes.iter().copied().fold(0.0, f64::max);
    console_log!(
        "filtering 20,000 managed accounts, keystroke to updated list: median {:.1} ms, slowest {:.1} ms over {} keystrokes (goal: under 50 ms)",
        median(keystrokes.clone()),
        slowest,
        keystrokes.len()
    );
}
