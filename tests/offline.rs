//! The built app (`dist/`, from `make build`) on a static host, driven in headless
//! Chromium through chromedriver: it keeps working, saves included, after the network is
//! gone, and a new deployment shows the "new version" notice instead of mixing versions.
//!
//! Run by `make test` after the release build: `cargo test --test offline`. Needs
//! `/usr/bin/chromedriver` (or `CHROMEDRIVER`) and Chromium as in `webdriver.json`.

#![cfg(not(target_arch = "wasm32"))]

#[path = "support/boomi_standin.rs"]
mod boomi_standin;
#[path = "offline/browser.rs"]
mod browser;
#[path = "offline/static_host.rs"]
mod static_host;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use browser::*;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use static_host::StaticHost;

/// The service worker has cached this version and controls the page.
async fn wait_for_service_worker(browser: &Client) {
    wait_until(
        browser,
        "the service worker to control the page",
        "return !!navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated';",
        vec![],
    )
    .await;
}

async fn create_component(browser: &Client, name: &str) {
    let form = "form[data-testid=create-component]";
    let input = browser
        .find(Locator::Css("#component-name"))
        .await
        .expect("the create form has a name field");
    // The form is open while there are no components; otherwise open its <details>.
    browser
        .execute(
            "document.querySelector(arguments[0]).closest('details').open = true;",
            vec![json!(form)],
        )
        .await
        .expect("the form opens");
    input.send_keys(name).await.expect("the name is typed");
    browser
        .find(Locator::Css(&format!("{form} button[type=submit]")))
        .await
        .expect("the form has a submit button")
        .click()
        .await
        .expect("the form submits");
    // The form folds away once a component exists; the new one is listed.
    wait_for_text(browser, name).await;
}

#[tokio::test(flavor = "current_thread")]
async fn after_one_visit_the_app_opens_and_saves_with_the_network_gone() {
    let mut host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;

    // First visit on a deep link: the host answers it with 404.html.
    browser.goto(&host.url("settings")).await.unwrap();
    wait_for_app(&browser).await;
    wait_for_text(&browser, "Time zone").await;
    wait_for_service_worker(&browser).await;
    // Installing the first version is no update: nobody is told to reload.
    let notices = browser
        .find_all(Locator::Css("[data-testid=update-notice]"))
        .await
        .unwrap();
    assert!(notices.is_empty(), "a first visit shows the update notice");

    host.stop();
    let offline = host_refuses_connections(&host.url("index.html"));
    assert!(offline, "the host still answers after stop()");

    // Another deep link, loaded with no host at all.
    browser.goto(&host.url("components")).await.unwrap();
    wait_for_app(&browser).await;
    create_component(&browser, "Offline Order Sync").await;

    // The change was saved in IndexedDB: it is there after another offline reload.
    browser.refresh().await.unwrap();
    wait_for_app(&browser).await;
    wait_for_text(&browser, "Offline Order Sync").await;
    let path: Value = browser
        .execute("return location.pathname;", vec![])
        .await
        .unwrap();
    assert_eq!(path, json!(format!("{FOLDER}components")));

    browser.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_new_deployment_offers_a_reload_and_never_mixes_versions() {
    let old = dist();
    let host = StaticHost::start(&old, FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;

    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    wait_for_service_worker(&browser).await;
    assert_eq!(browser.title().await.unwrap(), "Packwright");
    // A second tab on the same version, which will not be the one that updates.
    let first_tab = browser.window().await.unwrap();
    let other_tab = browser.new_window(true).await.unwrap().handle;
    browser.switch_to_window(other_tab.clone()).await.unwrap();
    browser.goto(&host.url("activity")).await.unwrap();
    wait_for_app(&browser).await;
    browser.switch_to_window(first_tab).await.unwrap();

    let new = changed_build(&old);
    host.deploy(new.path());

    // Loading the page again checks for a new version; until the user chooses, the page
    // runs the version it has, all of it.
    browser.refresh().await.unwrap();
    wait_for_app(&browser).await;
    wait_for_text(&browser, "A new version of Packwright is ready.").await;
    assert_eq!(browser.title().await.unwrap(), "Packwright");

    reload_from_the_notice(&browser).await;
    wait_for_app(&browser).await;
    let notices = browser
        .find_all(Locator::Css("[data-testid=update-notice]"))
        .await
        .unwrap();
    assert!(notices.is_empty(), "the notice stays after the update");
    // The old version's cache is gone; only the new one is left.
    let caches: Value = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; caches.keys().then(done);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(caches.as_array().map(Vec::len), Some(1), "caches: {caches}");

    // The other tab is told, not reloaded under the user's feet: it still shows the old
    // version until its own Reload.
    browser.switch_to_window(other_tab).await.unwrap();
    wait_for_text(&browser, "Packwright was updated in another tab.").await;
    assert_eq!(browser.title().await.unwrap(), "Packwright");
    reload_from_the_notice(&browser).await;

    browser.close().await.unwrap();
}

const NEW_TITLE: &str = "Packwright (next)";

/// Clicks the notice's reload button and waits for the new version's page.
async fn reload_from_the_notice(browser: &Client) {
    browser
        .find(Locator::Css("[data-testid=update-notice] button"))
        .await
        .expect("the notice has a reload button")
        .click()
        .await
        .unwrap();
    wait_until(
        browser,
        "the new version's page",
        "return document.title === arguments[0];",
        vec![json!(NEW_TITLE)],
    )
    .await;
}

/// A copy of `dist` with a visible change (the page title) and its service worker
/// regenerated, as the next `make build` would make it.
fn changed_build(dist: &Path) -> TempFolder {
    let folder = TempFolder::new("next-build");
    copy_folder(dist, folder.path());
    for page in ["index.html", "404.html"] {
        let path = folder.path().join(page);
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(html.contains("<title>Packwright</title>"));
        std::fs::write(
            &path,
            html.replace(
                "<title>Packwright</title>",
                &format!("<title>{NEW_TITLE}</title>"),
            ),
        )
        .unwrap();
    }
    let status = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/precache.mjs"))
        .arg(folder.path())
        .stdout(Stdio::null())
        .status()
        .expect("node runs");
    assert!(status.success(), "scripts/precache.mjs failed");
    folder
}

/// Whether the host behind `url` refuses connections, as it does with no network.
fn host_refuses_connections(url: &str) -> bool {
    let address = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    std::net::TcpStream::connect(address).is_err()
}

/// This machine's address on its network (not loopback): a page served from it over plain
/// HTTP is not a secure context, so the browser offers it no service workers.
fn network_address() -> std::net::IpAddr {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").expect("a UDP socket");
    // Connecting a UDP socket sends nothing; it only picks the outgoing interface.
    socket
        .connect("192.0.2.1:9")
        .expect("this machine has a network route (CI reaches the package registries)");
    let address = socket.local_addr().expect("a local address").ip();
    assert!(!address.is_loopback(), "only loopback: {address}");
    address
}

#[tokio::test(flavor = "current_thread")]
async fn without_service_workers_the_app_runs_as_a_plain_page() {
    let host = StaticHost::start_on(network_address(), &dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("components")).await.unwrap();
    wait_for_app(&browser).await;
    let offered: Value = browser
        .execute("return 'serviceWorker' in navigator;", vec![])
        .await
        .unwrap();
    assert_eq!(
        offered,
        json!(false),
        "{} is a secure context",
        host.url("")
    );
    create_component(&browser, "Plain Page Sync").await;
    browser.refresh().await.unwrap();
    wait_for_app(&browser).await;
    wait_for_text(&browser, "Plain Page Sync").await;
    browser.close().await.unwrap();
}

/// A page's code that does not arrive at first (a flaky network) is fetched again, and
/// the page opens. Served from a plain-HTTP address, so that no service worker fetches the
/// module first: the failed requests are the page's own.
#[tokio::test(flavor = "current_thread")]
async fn a_page_whose_code_fails_to_arrive_at_first_still_opens() {
    let host = StaticHost::start_on(network_address(), &dist(), FOLDER);
    host.fail_next("split_lazy_page_view", 2);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    click_text(&browser, "a", "Activity").await;
    wait_for_page(&browser, &format!("{FOLDER}activity"), "Activity").await;
    let failed: Value = browser
        .execute(
            "return performance.getEntriesByType('resource')
               .filter((entry) => entry.name.includes('split_lazy_page_view')).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        failed,
        json!(3),
        "two failed fetches of the pages' module, then one that arrived"
    );
    browser.close().await.unwrap();
}

/// A first visit paints index.html's static frame at once (the app's code takes seconds
/// to arrive on a phone's network), and the app takes its place as it starts.
#[tokio::test(flavor = "current_thread")]
async fn a_static_frame_shows_while_the_app_arrives_and_the_app_replaces_it() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    // The folder's index.html, and 404.html for a deep link.
    for route in ["", "accounts"] {
        browser.goto(&host.url(route)).await.unwrap();
        wait_for_app(&browser).await;
        let served = browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(location.href, { cache: 'no-store' }).then((r) => r.text()).then(done);",
                vec![],
            )
            .await
            .unwrap();
        let body = served
            .as_str()
            .and_then(|page| page.split("<body>").nth(1))
            .unwrap_or_default();
        assert!(body.contains("Opening Packwright"), "{route}: {served}");
        assert!(
            !body.contains("<a ") && !body.contains("<button"),
            "nothing in the frame can be clicked before the app runs: {body}"
        );
        assert!(
            !body.contains("<h1") && !body.contains("<main") && !body.contains("<header"),
            "no heading or landmark to take for the app's: {body}"
        );
        let replaced = browser
            .execute(
                "return [document.getElementById('opening') === null,
                         document.querySelectorAll('main').length,
                         document.body.innerText.includes('Opening Packwright')];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(replaced, json!([true, 1, false]), "{route}");
    }
    browser.close().await.unwrap();
}

/// The app's wasm is fetched once, after the static frame is on screen (or 200 ms on, for a
/// tab that paints nothing): a download that ended before the first paint made a phone's
/// simulated first paint wait for it (scripts/post-build.mjs).
#[tokio::test(flavor = "current_thread")]
async fn the_apps_code_is_fetched_once_after_the_frame_is_on_screen() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    let timings = browser
        .execute(
            "const wasm = performance.getEntriesByType('resource')
               .filter((entry) => /packwright-[0-9a-f]+_bg\\.wasm$/.test(entry.name));
             const paint = performance.getEntriesByName('first-contentful-paint')[0];
             return [wasm.length, paint.startTime, wasm[0].startTime];",
            vec![],
        )
        .await
        .unwrap();
    let [downloads, painted, fetched] = [0, 1, 2].map(|at| timings[at].as_f64().unwrap());
    assert_eq!(downloads, 1.0, "one download of the wasm: {timings}");
    assert!(
        fetched >= painted.min(200.0),
        "the wasm was fetched at {fetched} ms, the frame painted at {painted} ms"
    );
    browser.close().await.unwrap();
}

/// When the app's code cannot start, the frame says so instead of "Opening…" for ever.
#[tokio::test(flavor = "current_thread")]
async fn a_frame_whose_app_cannot_start_says_so() {
    let broken = TempFolder::new("no-wasm");
    copy_folder(&dist(), broken.path());
    for entry in std::fs::read_dir(broken.path()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|extension| extension == "wasm")
        {
            // What a host that failed to upload one file serves: its 404 page.
            std::fs::copy(broken.path().join("404.html"), &path).unwrap();
        }
    }
    let host = StaticHost::start(broken.path(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_text(&browser, "Packwright could not start").await;
    wait_for_text(&browser, "Your workspace in this browser is untouched.").await;
    browser.close().await.unwrap();
}

/// Past a page of account groups, the built app pages and filters them, reached by
/// clicking from a folder, and a group created there is shown.
#[tokio::test(flavor = "current_thread")]
async fn account_groups_past_a_page_are_paged_filtered_and_a_new_one_shown() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    click_text(&browser, "a", "Account Groups").await;
    wait_for_page(&browser, &format!("{FOLDER}groups"), "Account Groups").await;
    let count = |browser: Client| async move {
        browser
            .execute(
                "const count = document.querySelector('[data-testid=group-count]');
                 return [count ? count.textContent : '', document.querySelectorAll('[data-testid=group-card]').length];",
                vec![],
            )
            .await
            .unwrap()
    };
    for index in 0..51 {
        let name = format!("Group {index:02}");
        browser
            .execute(
                "document.querySelector('#group-name').closest('details').open = true;",
                vec![],
            )
            .await
            .unwrap();
        let field = browser.find(Locator::Css("#group-name")).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(&name).await.unwrap();
        click_text(&browser, "button", "Create group").await;
        // The create card folds once a group exists: the new card is what shows it.
        wait_for_text(&browser, &name).await;
    }
    // The fifty-first is on the second page, where creating it left the list.
    wait_for_text(&browser, "Page 2 of 2").await;
    assert_eq!(count(browser.clone()).await, json!(["51 of 51 groups", 1]));
    assert!(browser
        .find(Locator::XPath("//h2[normalize-space()='Group 50']"))
        .await
        .is_ok());

    let filter = browser
        .find(Locator::XPath(
            "//label[normalize-space()='Filter by name']/following-sibling::input[1]",
        ))
        .await
        .unwrap();
    filter.send_keys("group 0").await.unwrap();
    wait_for_text(&browser, "10 of 51 groups").await;
    assert_eq!(count(browser.clone()).await, json!(["10 of 51 groups", 10]));

    // Clearing a field sends no input event; a space (the filter trims it) does.
    filter.clear().await.unwrap();
    filter.send_keys(" ").await.unwrap();
    wait_for_text(&browser, "51 of 51 groups").await;
    assert_eq!(count(browser.clone()).await, json!(["51 of 51 groups", 50]));
    click_text(&browser, "button", "Next").await;
    wait_for_text(&browser, "Page 2 of 2").await;
    assert_eq!(count(browser.clone()).await, json!(["51 of 51 groups", 1]));
    browser.close().await.unwrap();
}

/// Every route of `src/ui/app.rs`, with `1` for its parameters.
fn app_routes() -> Vec<String> {
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/app.rs"))
            .expect("src/ui/app.rs is readable");
    let routes: Vec<String> = source
        .split("path!(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|route| {
            route
                .split('/')
                .map(|part| if part.starts_with(':') { "1" } else { part })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    assert!(routes.len() >= 10, "found only {routes:?} in app.rs");
    routes
}

/// index.html finds the folder the app lives in by stripping the route from the path: a
/// route it does not know would load the app's files from the wrong folder.
#[tokio::test(flavor = "current_thread")]
async fn every_route_loads_from_a_deep_link_in_a_folder_and_at_the_root() {
    let driver = Driver::start();
    let browser = driver.session().await;
    // The same dist/, in a folder and at a host's root.
    for folder in [FOLDER, "/"] {
        let host = StaticHost::start(&dist(), folder);
        for route in app_routes() {
            browser
                .goto(&host.url(route.trim_start_matches('/')))
                .await
                .unwrap();
            wait_for_app(&browser).await;
            let base: Value = browser
                .execute(
                    "return document.querySelector('base').getAttribute('href');",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(base, json!(folder), "the folder found for {route}");
        }
    }
    browser.close().await.unwrap();
}

/// Clicks the link or button a person reads as `text` (the first one, in `scope` if given).
async fn click_text(browser: &Client, element: &str, text: &str) {
    let xpath = format!("//{element}[normalize-space()='{text}']");
    let deadline = Instant::now() + PATIENCE;
    loop {
        match browser.find(Locator::XPath(&xpath)).await {
            Ok(found) => {
                found.click().await.unwrap_or_else(|error| {
                    panic!("the {element} \u{201c}{text}\u{201d} cannot be clicked: {error}")
                });
                return;
            }
            Err(_) if Instant::now() > deadline => {
                let page = browser.execute_async(PAGE_REPORT, vec![]).await;
                panic!("no {element} reads \u{201c}{text}\u{201d}; the page: {page:?}");
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Waits until the page is `path` (under the host's folder) with `heading` as its `h1`.
async fn wait_for_page(browser: &Client, path: &str, heading: &str) {
    wait_until(
        browser,
        &format!("{path} with the heading \u{201c}{heading}\u{201d}"),
        "const h1 = document.querySelector('h1');
         return location.pathname === arguments[0] && !!h1 && h1.textContent.trim() === arguments[1];",
        vec![json!(path), json!(heading)],
    )
    .await;
}

/// At 1280 and 360 pixels wide, no part of an activity entry (time, kind, sentence)
/// overlaps another, with the demo's long zone name and kind labels.
async fn activity_text_never_overlaps(browser: &Client) {
    const OVERLAPS: &str = "
        const overlaps = [];
        for (const item of document.querySelectorAll('[data-testid=activity] li')) {
          const parts = [...item.children].map(part => [part, part.getBoundingClientRect()]);
          for (let i = 0; i < parts.length; i++) {
            for (let j = i + 1; j < parts.length; j++) {
              const [a, r] = parts[i], [b, q] = parts[j];
              const apart = r.right <= q.left + 1 || q.right <= r.left + 1
                || r.bottom <= q.top + 1 || q.bottom <= r.top + 1;
              if (!apart) overlaps.push(a.textContent + ' / ' + b.textContent);
            }
            const [part, r] = parts[i];
            if (r.right > item.getBoundingClientRect().right + 1) overlaps.push(part.textContent + ' leaves its row');
          }
        }
        return overlaps;";
    for width in [1280, 360] {
        browser.set_window_size(width, 900).await.unwrap();
        click_text(browser, "a", "Activity").await;
        wait_until(
            browser,
            "the activity log",
            "return document.querySelectorAll('[data-testid=activity] li').length > 10;",
            vec![],
        )
        .await;
        let overlaps = browser.execute(OVERLAPS, vec![]).await.unwrap();
        assert_eq!(overlaps, json!([]), "at {width} px");
    }
    browser.set_window_size(1280, 900).await.unwrap();
    click_text(browser, "a", "Managed Accounts").await;
}

/// The app from the folder, on Settings, its simulated clock at 2026-11-26 12:00: before
/// the Boomi fixtures' scheduled release (2026-12-15), whatever today is.
async fn settings_at_the_fixtures_time(browser: &Client, host: &StaticHost) {
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(browser).await;
    click_text(browser, "a", "Settings").await;
    wait_for_text(browser, "Import from Boomi").await;
    // A datetime-local field takes its value from the page, not from typed keys.
    browser
        .execute(
            "const input = document.querySelector('#clock-input');
             input.value = '2026-11-26T12:00';
             input.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await
        .unwrap();
    click_text(browser, "button", "Set simulated time").await;
    wait_for_text(browser, "Simulated time is now 2026-11-26 12:00").await;
}

/// A browser that deletes Packwright's database (Chromium does with one it finds damaged,
/// `tests/full_disk.rs`) leaves a blank one: the app, served from a folder, says the
/// workspace is gone and what to do, instead of showing a first visit; Dismiss hides it.
#[tokio::test(flavor = "current_thread")]
async fn a_workspace_the_browser_deleted_is_said_gone_from_a_folder() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("components")).await.unwrap();
    wait_for_app(&browser).await;
    create_component(&browser, "Saved Before").await;
    // Away from the app (a file of the same folder). The page left may still hold the
    // database for a moment (the back-forward cache keeps it until the deletion evicts it):
    // the deletion is then `blocked` first and goes on once that connection closes.
    browser
        .goto(&host.url("manifest.webmanifest"))
        .await
        .unwrap();
    let deleted = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const request = indexedDB.deleteDatabase('packwright');
             request.onsuccess = () => done('deleted');
             request.onerror = (event) => done(event.type);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(deleted, json!("deleted"));
    browser.goto(&host.url("components")).await.unwrap();
    wait_for_app(&browser).await;
    wait_for_text(
        &browser,
        "This browser no longer holds the workspace Packwright saved here",
    )
    .await;
    click_text(&browser, "button", "Dismiss").await;
    wait_until(
        &browser,
        "the banner dismissed",
        "return !document.querySelector('[data-testid=background-problem]');",
        vec![],
    )
    .await;
    browser.close().await.unwrap();
}

/// A first visit knows UTC only (the zone table arrives with the next module, out of the
/// first visit's download); a zone picked in Settings is known, shown in the footer with
/// its offset, and still there when the stored workspace is opened again.
#[tokio::test(flavor = "current_thread")]
async fn a_zone_picked_in_settings_is_shown_and_kept_across_a_reload() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    let footer = "return document.querySelector('footer').textContent;";
    let first = browser.execute(footer, vec![]).await.unwrap();
    assert!(
        first.as_str().unwrap_or_default().contains("UTC"),
        "a new workspace's zone is UTC: {first}"
    );
    click_text(&browser, "a", "Settings").await;
    wait_for_page(&browser, &format!("{FOLDER}settings"), "Settings").await;
    // The field starts at the current zone.
    let field = browser.find(Locator::Css("#zone-input")).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys("Asia/Kathmandu").await.unwrap();
    click_text(&browser, "button", "Save time zone").await;
    wait_for_text(&browser, "Publisher time zone set to Asia/Kathmandu.").await;
    wait_for_text(&browser, "+0545 (Asia/Kathmandu)").await;
    browser.refresh().await.unwrap();
    wait_for_app(&browser).await;
    wait_for_text(&browser, "+0545 (Asia/Kathmandu)").await;
    browser.close().await.unwrap();
}

/// A Boomi account brought in as a person does it, in the built app served from a folder:
/// the simulated clock set, the saved responses chosen in the file dialog, the preview
/// read, the import confirmed, then the imported pack's pending release as requests.
#[tokio::test(flavor = "current_thread")]
async fn a_boomi_account_is_imported_and_its_release_shown_as_requests_from_a_folder() {
    let driver = Driver::start();
    let browser = driver.session().await;
    let host = StaticHost::start(&dist(), FOLDER);
    settings_at_the_fixtures_time(&browser, &host).await;

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boomi");
    let mut paths: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| !path.ends_with("openapi-excerpt.json"))
        .map(|path| path.display().to_string())
        .collect();
    paths.sort();
    // Chromedriver chooses several files at once when their paths are sent as lines.
    browser
        .find(Locator::Css("input[type=file][multiple]"))
        .await
        .unwrap()
        .send_keys(&paths.join("\n"))
        .await
        .unwrap();
    wait_for_text(&browser, "What the import will do").await;
    wait_for_text(&browser, "3 integration packs").await;
    wait_for_text(
        &browser,
        "Order Management (single attachment): release 1 with Order Sync 1.1",
    )
    .await;
    click_text(&browser, "button", "Import from Boomi").await;
    wait_for_text(&browser, "Imported from Boomi: 5 components").await;

    click_text(&browser, "a", "Integration Packs").await;
    click_text(&browser, "a", "Order Management").await;
    wait_until(
        &browser,
        "the pack's page in the folder",
        "return location.pathname.startsWith(arguments[0]) && document.body.innerText.includes('Boomi id d7c16f5d-0001-417e-a149-3c55436f0001');",
        vec![json!(FOLDER)],
    )
    .await;
    click_text(&browser, "button", "Boomi requests").await;
    wait_for_text(&browser, "POST /ReleaseIntegrationPack").await;
    wait_for_text(&browser, "\"releaseOnDate\": \"2026-12-15\"").await;
    browser.close().await.unwrap();
}

/// The fetch script, offered in Settings, run by `sh` against the Boomi stand-in; the
/// folder it wrote chosen in the built app (served from a folder) with the folder picker,
/// previewed and imported.
#[tokio::test(flavor = "current_thread")]
async fn the_folder_the_fetch_script_wrote_is_chosen_and_imported_from_a_folder() {
    use boomi_standin::{Account, Standin, ACCOUNT, TOKEN, USER};
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boomi");
    let standin = Standin::start(Account::from_fixtures(&fixtures), 2, 0);
    let work = TempFolder::new("fetched-from-boomi");
    std::fs::create_dir_all(work.path()).unwrap();
    let script = work
        .path()
        .join(packwright::domain::boomi::FETCH_SCRIPT_NAME);
    std::fs::write(&script, packwright::domain::boomi::fetch_script()).unwrap();
    let fetched = Command::new("sh")
        .arg(&script)
        .arg("answers")
        .current_dir(work.path())
        .env("BOOMI_API_BASE", standin.base())
        .env("BOOMI_ACCOUNT_ID", ACCOUNT)
        .env("BOOMI_API_USER", USER)
        .env("BOOMI_API_TOKEN", TOKEN)
        .env(
            "BOOMI_RELEASE_REQUEST_IDS",
            "release-0c9d2f7e-0001 release-0c9d2f7e-0002",
        )
        .output()
        .unwrap();
    assert!(
        fetched.status.success(),
        "{}",
        String::from_utf8_lossy(&fetched.stderr)
    );

    let driver = Driver::start();
    let browser = driver.session().await;
    let host = StaticHost::start(&dist(), FOLDER);
    settings_at_the_fixtures_time(&browser, &host).await;
    click_text(&browser, "button", "Download the fetch script").await;
    wait_for_text(&browser, "Saved packwright-fetch-from-boomi.sh.").await;

    // Chromedriver chooses a whole folder when the picker takes folders.
    browser
        .find(Locator::XPath(
            "//label[contains(normalize-space(), 'Choose a folder')]//input[@type='file']",
        ))
        .await
        .unwrap()
        .send_keys(&work.path().join("answers").display().to_string())
        .await
        .unwrap();
    wait_for_text(&browser, "What the import will do").await;
    wait_for_text(&browser, "3 integration packs").await;
    click_text(&browser, "button", "Import from Boomi").await;
    wait_for_text(&browser, "Imported from Boomi: 5 components").await;
    browser.close().await.unwrap();
}

/// On a phone (360 px), no page scrolls sideways: wide tables scroll inside themselves and
/// long words wrap. Each page is reached by clicking, with the demo loaded.
async fn no_page_scrolls_sideways_on_a_phone(browser: &Client) {
    const SIDEWAYS: &str = "const root = document.documentElement;
        return root.scrollWidth > root.clientWidth ? root.scrollWidth + ' > ' + root.clientWidth : '';";
    browser.set_window_size(360, 800).await.unwrap();
    let mut wide = Vec::new();
    for (link, heading) in [
        ("Packaged Components", "Packaged Components"),
        ("Account Groups", "Account Groups"),
        ("Managed Accounts", "Managed Accounts"),
        ("Alder Outfitters", "Alder Outfitters"),
        ("Activity", "Activity"),
        ("Settings", "Settings"),
        ("Integration Packs", "Integration Packs"),
        ("Salesforce Order Sync", "Salesforce Order Sync"),
        ("Release Integration Pack", "Release Integration Pack"),
    ] {
        click_text(browser, "a", link).await;
        wait_until(
            browser,
            heading,
            "const h = document.querySelector('h1'); return !!h && h.textContent.includes(arguments[0]);",
            vec![json!(heading)],
        )
        .await;
        let sideways = browser.execute(SIDEWAYS, vec![]).await.unwrap();
        if sideways != json!("") {
            wide.push(format!("{heading}: {sideways}"));
        }
    }
    assert_eq!(wide, Vec::<String>::new(), "pages wider than the phone");
    click_text(browser, "a", "Cancel").await;
    browser.set_window_size(1280, 900).await.unwrap();
    click_text(browser, "a", "Managed Accounts").await;
}

/// Every link a person follows stays in the app, in a folder and at a host's root: the
/// six areas, the brand, a pack, its release wizard and back, an account and back. Opening
/// pages by address would not show a link that leaves the folder.
#[tokio::test(flavor = "current_thread")]
async fn every_link_stays_under_the_folder_the_app_is_served_from() {
    let driver = Driver::start();
    let browser = driver.session().await;
    for folder in [FOLDER, "/"] {
        let host = StaticHost::start(&dist(), folder);
        let at = |path: &str| format!("{folder}{path}");
        browser.goto(&host.url("")).await.unwrap();
        wait_for_app(&browser).await;
        click_text(&browser, "a", "Settings").await;
        wait_for_page(&browser, &at("settings"), "Settings").await;
        // Each host is an origin of its own, with empty storage: nothing to confirm.
        click_text(&browser, "button", "Load demo workspace").await;
        wait_for_text(&browser, "Loaded the demo workspace.").await;

        for (path, title) in [
            ("components", "Packaged Components"),
            ("packs", "Integration Packs"),
            ("groups", "Account Groups"),
            ("accounts", "Managed Accounts"),
            ("activity", "Activity"),
            ("settings", "Settings"),
        ] {
            click_text(&browser, "a", title).await;
            wait_for_page(&browser, &at(path), title).await;
        }
        // The brand reads "Packwright" (its "P" mark is hidden from assistive technology).
        browser
            .find(Locator::XPath("//a[span[normalize-space()='Packwright']]"))
            .await
            .expect("the brand links home")
            .click()
            .await
            .unwrap();
        wait_for_page(&browser, &at("packs"), "Integration Packs").await;

        click_text(&browser, "a", "Salesforce Order Sync").await;
        wait_until(
            &browser,
            "a pack's page",
            "return /\\/packs\\/\\d+$/.test(location.pathname) && location.pathname.startsWith(arguments[0]);",
            vec![json!(folder)],
        )
        .await;
        let pack_path = browser.current_url().await.unwrap().path().to_owned();
        wait_for_page(&browser, &pack_path, "Salesforce Order Sync").await;
        click_text(&browser, "a", "Release Integration Pack").await;
        wait_for_page(
            &browser,
            &format!("{pack_path}/release"),
            "Release Integration Pack",
        )
        .await;
        click_text(&browser, "a", "Cancel").await;
        wait_for_page(&browser, &pack_path, "Salesforce Order Sync").await;
        click_text(&browser, "a", "Integration Packs").await;
        wait_for_page(&browser, &at("packs"), "Integration Packs").await;

        click_text(&browser, "a", "Managed Accounts").await;
        click_text(&browser, "a", "Alder Outfitters").await;
        wait_until(
            &browser,
            "an account's page",
            "return /\\/accounts\\/\\d+$/.test(location.pathname) && location.pathname.startsWith(arguments[0]);",
            vec![json!(folder)],
        )
        .await;
        let account_path = browser.current_url().await.unwrap().path().to_owned();
        wait_for_page(&browser, &account_path, "Alder Outfitters").await;
        click_text(&browser, "a", "Managed Accounts").await;
        wait_for_page(&browser, &at("accounts"), "Managed Accounts").await;

        if folder == FOLDER {
            activity_text_never_overlaps(&browser).await;
            no_page_scrolls_sideways_on_a_phone(&browser).await;
        }

        // "Skip to content" from the keyboard: focus moves to the main content, the page
        // stays where it is.
        let skip = browser.find(Locator::Css(".skip-link")).await.unwrap();
        browser
            .execute("document.querySelector('.skip-link').focus();", vec![])
            .await
            .unwrap();
        skip.send_keys("\u{E007}").await.unwrap();
        wait_until(
            &browser,
            "focus on the main content",
            "return document.activeElement && document.activeElement.id === 'main';",
            vec![],
        )
        .await;
        wait_for_page(&browser, &at("accounts"), "Managed Accounts").await;
    }
    browser.close().await.unwrap();
}

/// From the wizard's checks step: on to the notes, the checklist ticked, on to the schedule
/// (immediately, as preselected), released.
async fn release_from_the_checks_step(browser: &Client) {
    click_text(browser, "button", "Next").await;
    for item in [
        "I assessed the impact on the current install base.",
        "I ran the regression tests against the chosen versions.",
        "The installation and user guides describe this release.",
    ] {
        click_text(browser, "label", item).await;
    }
    click_text(browser, "button", "Next").await;
    click_text(browser, "button", "Release Integration Pack").await;
}

/// Types `text` into the field a person finds by its label.
async fn type_into_labelled(browser: &Client, label: &str, element: &str, text: &str) {
    let xpath = format!("//label[normalize-space()='{label}']/following-sibling::{element}[1]");
    let field = browser
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|_| panic!("no {element} is labelled \u{201c}{label}\u{201d}"));
    field.send_keys(text).await.unwrap();
}

/// On an account's page: applies the pending update from its report form, then reports.
async fn report_from_account(browser: &Client, folder: &str, account: &str, problem: Option<&str>) {
    click_text(browser, "a", "Managed Accounts").await;
    wait_for_page(browser, &format!("{folder}accounts"), "Managed Accounts").await;
    click_text(browser, "a", account).await;
    wait_for_text(browser, "Pending release: Release 2").await;
    click_text(browser, "button", "Report on this update").await;
    // Not applied yet: the form says why and offers to apply it.
    wait_for_text(browser, "This instance does not run pending release 2 yet").await;
    browser
        .find(Locator::XPath(
            "//*[@data-testid='report-form']//button[normalize-space()='Apply Pending Updates']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(browser, "No report on pending release 2 yet.").await;
    if let Some(problem) = problem {
        browser
            .find(Locator::XPath(
                "//label[.//strong[normalize-space()='Problem found']]",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        type_into_labelled(
            browser,
            "What you found (required for a problem)",
            "textarea",
            problem,
        )
        .await;
    }
    click_text(browser, "button", "Send report").await;
    wait_for_text(browser, "Report sent to the publisher.").await;
}

/// domain.md, "The testing period's reports", from a folder of a static host: two accounts
/// apply the demo's pending release early and report (a problem, "works"); the publisher
/// sees the counts and the problems, exports them, marks one as addressed, releases a fix
/// now; the superseded release keeps its reports, closed.
#[tokio::test(flavor = "current_thread")]
async fn accounts_report_on_the_testing_period_and_the_publisher_releases_a_fix_from_a_folder() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    click_text(&browser, "a", "Settings").await;
    click_text(&browser, "button", "Load demo workspace").await;
    wait_for_text(&browser, "Loaded the demo workspace.").await;

    let problem = "Refunds post twice when the memo is edited.";
    report_from_account(&browser, FOLDER, "Crescent Telecom", Some(problem)).await;
    report_from_account(&browser, FOLDER, "Ember Energy", None).await;

    click_text(&browser, "a", "Integration Packs").await;
    click_text(&browser, "a", "NetSuite Invoice Bridge").await;
    wait_for_text(&browser, "2 open problems reported in the testing period.").await;
    wait_for_text(
        &browser,
        "Reported \u{201c}works\u{201d}: 3 instances. Reported a problem: 2 instances (2 open).",
    )
    .await;
    wait_for_text(&browser, "Applied early: 6 of").await;
    wait_for_text(&browser, problem).await;
    // The filter keeps the problems whose account, instance or text matches.
    type_into_labelled(&browser, "Filter problems", "input", "refunds").await;
    wait_for_text(&browser, "1 of 2 problems").await;
    click_text(&browser, "button", "Export problems CSV").await;
    wait_for_text(
        &browser,
        "Exported NetSuite Invoice Bridge release 2 problems.csv.",
    )
    .await;
    click_text(&browser, "button", "Mark as addressed").await;
    wait_for_text(&browser, "1 open problem reported in the testing period.").await;

    click_text(&browser, "a", "Release a fix now").await;
    wait_for_text(&browser, "1. Choose the version of each component").await;
    click_text(&browser, "button", "Next").await;
    wait_for_text(
        &browser,
        "Pending release 2 has 1 open problem reported in its testing period",
    )
    .await;
    // Immediately is preselected: the fix supersedes the pending release.
    release_from_the_checks_step(&browser).await;
    wait_for_text(
        &browser,
        "Reports on release 2 (superseded: its testing period ended, reports are closed)",
    )
    .await;
    wait_for_text(&browser, problem).await;
    wait_for_text(&browser, "addressed").await;
    browser.close().await.unwrap();
}

/// Types `text` into the field labelled `label` inside the element `scope` (CSS) finds.
async fn type_into_field_in(browser: &Client, scope: &str, label: &str, text: &str) {
    let field = browser
        .find(Locator::Css(scope))
        .await
        .unwrap_or_else(|_| panic!("nothing matches {scope}"))
        .find(Locator::XPath(&format!(
            ".//label[normalize-space()='{label}']/following-sibling::input[1]"
        )))
        .await
        .unwrap_or_else(|_| panic!("no field labelled \u{201c}{label}\u{201d} in {scope}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Opens an account's page from the list and its instance's settings.
async fn open_settings(browser: &Client, folder: &str, account: &str) {
    click_text(browser, "a", "Managed Accounts").await;
    wait_for_page(browser, &format!("{folder}accounts"), "Managed Accounts").await;
    click_text(browser, "a", account).await;
    wait_for_text(browser, "NetSuite Invoice Bridge").await;
    let settings = "//section[@data-testid='available-pack'][.//h2[normalize-space()='NetSuite Invoice Bridge']]//button[normalize-space()='Settings']";
    browser
        .find(Locator::XPath(settings))
        .await
        .expect("the pack's instance has Settings")
        .click()
        .await
        .unwrap();
    wait_for_text(browser, "Settings of NetSuite Invoice Bridge").await;
}

/// domain.md, "Extension values", from a folder of a static host: an account fills in its
/// settings; the publisher releases a version that adds a field, seeing the impact first;
/// the account sees the field marked new and sets it; the install list's filter agrees.
#[tokio::test(flavor = "current_thread")]
async fn extension_values_survive_a_release_and_new_fields_are_marked_from_a_folder() {
    let host = StaticHost::start(&dist(), FOLDER);
    let driver = Driver::start();
    let browser = driver.session().await;
    browser.goto(&host.url("")).await.unwrap();
    wait_for_app(&browser).await;
    click_text(&browser, "a", "Settings").await;
    click_text(&browser, "button", "Load demo workspace").await;
    wait_for_text(&browser, "Loaded the demo workspace.").await;

    // Crescent Telecom runs release 1: its NetSuite account is set, the token it fills in.
    open_settings(&browser, FOLDER, "Crescent Telecom").await;
    let form = "[data-testid=instance-settings]";
    type_into_field_in(&browser, form, "token", "tok-crescent").await;
    click_text(&browser, "button", "Save NetSuite Connection").await;
    wait_for_text(&browser, "Saved the settings of NetSuite Connection.").await;

    // The publisher releases the pending versions now: the wizard says who gains a field.
    click_text(&browser, "a", "Integration Packs").await;
    click_text(&browser, "a", "NetSuite Invoice Bridge").await;
    click_text(&browser, "a", "Release Integration Pack").await;
    wait_for_text(&browser, "1. Choose the version of each component").await;
    click_text(&browser, "button", "Next").await;
    wait_for_text(
        &browser,
        "connection Refund Ledger \u{2014} ledger id: newly extensible",
    )
    .await;
    wait_for_text(
        &browser,
        "connection NetSuite Connection \u{2014} token: unchanged: 1 value kept",
    )
    .await;
    release_from_the_checks_step(&browser).await;
    wait_for_text(&browser, "instances need attention").await;

    // The install list: filtered to what needs attention, Crescent is among them.
    let filter = browser
        .find(Locator::Css("#instance-configuration-filter"))
        .await
        .unwrap();
    filter.select_by_label("Needs attention").await.unwrap();
    wait_for_text(&browser, "Crescent Telecom").await;
    let attention_rows = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=install-list] tbody tr')].map(r => r.lastElementChild.textContent);",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        attention_rows
            .as_array()
            .unwrap()
            .iter()
            .all(|cell| cell.as_str().unwrap().starts_with("needs attention")),
        "{attention_rows:?}"
    );

    // Crescent Telecom sees the new field marked, its token kept, and sets the ledger id.
    open_settings(&browser, FOLDER, "Crescent Telecom").await;
    wait_for_text(&browser, "New in release 3").await;
    let token = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=instance-settings] input')].map(i => i.value);",
            vec![],
        )
        .await
        .unwrap();
    assert!(token.to_string().contains("tok-crescent"), "{token:?}");
    type_into_field_in(&browser, form, "ledger id", "LEDGER-CT-7").await;
    click_text(&browser, "button", "Save Refund Ledger").await;
    wait_for_text(&browser, "Saved the settings of Refund Ledger.").await;
    wait_until(
        &browser,
        "the new field no longer marked",
        "return !document.body.innerText.includes('New in release 3');",
        vec![],
    )
    .await;

    // Ember Energy keeps the packaged default of the new field instead: no longer marked.
    open_settings(&browser, FOLDER, "Ember Energy").await;
    wait_for_text(&browser, "New in release 3").await;
    click_text(&browser, "button", "Keep the packaged default").await;
    wait_for_text(&browser, "Kept the packaged default of ledger id.").await;
    wait_until(
        &browser,
        "the kept field no longer marked",
        "return !document.body.innerText.includes('New in release 3');",
        vec![],
    )
    .await;

    click_text(&browser, "a", "Integration Packs").await;
    click_text(&browser, "a", "NetSuite Invoice Bridge").await;
    let filter = browser
        .find(Locator::Css("#instance-configuration-filter"))
        .await
        .unwrap();
    filter.select_by_label("Complete").await.unwrap();
    wait_for_text(&browser, "Crescent Telecom").await;
    click_text(&browser, "button", "Export CSV").await;
    wait_for_text(
        &browser,
        "Exported NetSuite Invoice Bridge install base.csv.",
    )
    .await;
    browser.close().await.unwrap();
}
