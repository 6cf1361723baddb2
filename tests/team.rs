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
#[allow(dead_code)]
#[path = "offline/static_host.rs"]
mod static_host;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use browser::*;
use fantoccini::{Client, Locator};
use packwright::domain::{decide, Change, Clock, Command as DomainCommand, Event, PublisherZone};
use packwright::store::demo::demo_workspace;
use serde_json::{json, Value};
use static_host::StaticHost;

const ADMIN: (&str, &str) = ("admin", "admin-secret");
const DATABASE: &str = "team";
const PASSWORD: &str = "correct horse";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// `pouchdb-server` on a loopback port, its data in a folder of its own.
struct CouchServer {
    process: Option<Child>,
    port: u16,
    folder: TempFolder,
}

impl CouchServer {
    fn start(name: &str) -> CouchServer {
        let folder = TempFolder::new(&format!("couch-{name}"));
        std::fs::create_dir_all(folder.path()).unwrap();
        let mut server = CouchServer {
            process: None,
            port: free_port(),
            folder,
        };
        server.run();
        server
    }

    fn run(&mut self) {
        let binary = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tools/couch/node_modules/.bin/pouchdb-server");
        assert!(
            binary.is_file(),
            "{} is missing: run `make browser-tools`",
            binary.display()
        );
        let dir = self.folder.path();
        let process = Command::new(&binary)
            .args([
                "--port",
                &self.port.to_string(),
                "--host",
                "127.0.0.1",
                "-n",
            ])
            .arg("--dir")
            .arg(dir)
            .arg("--config")
            .arg(dir.join("config.json"))
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pouchdb-server starts");
        self.process = Some(process);
        let deadline = Instant::now() + PATIENCE;
        while http(self.port, "GET", "/", None, None).is_none() {
            assert!(Instant::now() < deadline, "pouchdb-server never answered");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the server (its process, by id); its data stays on disk.
    fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }

    fn restart(&mut self) {
        self.stop();
        self.run();
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A request as the server's administrator.
    fn admin(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        http(self.port, method, path, body, Some(ADMIN)).expect("pouchdb-server answers")
    }

    /// An administrator, CORS for the app's origin, the users, and the team's database
    /// with `members` as its only members.
    fn set_up(&self, origin: &str, members: &[&str], others: &[&str]) {
        let (status, _) = http(
            self.port,
            "PUT",
            &format!("/_config/admins/{}", ADMIN.0),
            Some(&json!(ADMIN.1).to_string()),
            None,
        )
        .unwrap();
        assert_eq!(status, 200, "the administrator is created");
        for (key, value) in [
            ("httpd/enable_cors", "true"),
            ("cors/origins", origin),
            ("cors/credentials", "true"),
            // Kept in the config file, so that sessions outlive a restart (as CouchDB's do).
            ("couch_httpd_auth/secret", "a-secret-kept-across-restarts"),
        ] {
            let (status, body) = self.admin(
                "PUT",
                &format!("/_config/{key}"),
                Some(&json!(value).to_string()),
            );
            assert_eq!(status, 200, "{key}: {body}");
        }
        for user in members.iter().chain(others) {
            let (status, body) = self.admin(
                "PUT",
                &format!("/_users/org.couchdb.user:{user}"),
                Some(
                    &json!({"name": user, "password": PASSWORD, "roles": [], "type": "user"})
                        .to_string(),
                ),
            );
            assert_eq!(status, 201, "user {user}: {body}");
        }
        let (status, body) = self.admin("PUT", &format!("/{DATABASE}"), None);
        assert_eq!(status, 201, "{body}");
        let (status, body) = self.admin(
            "PUT",
            &format!("/{DATABASE}/_security"),
            Some(
                &json!({"admins": {"names": [], "roles": []}, "members": {"names": members, "roles": []}})
                    .to_string(),
            ),
        );
        assert_eq!(status, 200, "{body}");
    }

    /// Every batch document of the team's log, in order: (id, events, conflicts).
    fn log(&self) -> Vec<(String, Value, Value)> {
        let (status, body) = self.admin(
            "GET",
            &format!(
                "/{DATABASE}/_all_docs?include_docs=true&conflicts=true&endkey=%229999999999%22"
            ),
            None,
        );
        assert_eq!(status, 200, "{body}");
        let rows: Value = serde_json::from_str(&body).unwrap();
        rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["id"].as_str().unwrap().to_owned(),
                    row["doc"]["events"].clone(),
                    row["doc"]["_conflicts"].clone(),
                )
            })
            .collect()
    }
}

impl Drop for CouchServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One HTTP/1.1 request on loopback; `None` if nothing answers.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
    basic: Option<(&str, &str)>,
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let body = body.unwrap_or("");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some((user, password)) = basic {
        request.push_str(&format!(
            "Authorization: Basic {}\r\n",
            base64(format!("{user}:{password}").as_bytes())
        ));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split(' ').nth(1)?.parse().ok()?;
    let (head, rest) = answer.split_once("\r\n\r\n")?;
    let text = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        unchunk(rest)
    } else {
        rest.to_owned()
    };
    Some((status, text))
}

fn unchunk(mut rest: &str) -> String {
    let mut text = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        text.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    text
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | (u32::from(*byte) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(TABLE[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                text.push('=');
            }
        }
    }
    text
}

/// A loopback proxy in front of the server: one browser's network, which the test can cut
/// (every connection refused and closed) and restore.
struct Proxy {
    port: u16,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        {
            let (cut, open) = (cut.clone(), open.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    let Ok(client) = client else { continue };
                    if cut.load(Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                        continue;
                    };
                    let mut streams = open.lock().unwrap();
                    streams.push(client.try_clone().unwrap());
                    streams.push(server.try_clone().unwrap());
                    drop(streams);
                    pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                    pipe(server, client);
                }
            });
        }
        Proxy { port, cut, open }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The network is gone for whoever uses this proxy.
    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(std::net::Shutdown::Write);
    });
}

/// The static host serving a copy of dist/ whose CSP names `servers`.
fn host_for(servers: &[String]) -> (StaticHost, TempFolder) {
    let folder = TempFolder::new(&format!("team-dist-{}", free_port()));
    copy_folder(&dist(), folder.path());
    let status = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/team-server.mjs"))
        .arg(folder.path())
        .args(servers)
        .stdout(Stdio::null())
        .status()
        .expect("node runs");
    assert!(status.success(), "scripts/team-server.mjs failed");
    (StaticHost::start(folder.path(), FOLDER), folder)
}

fn origin(host: &StaticHost) -> String {
    let url = host.url("");
    url[..url.find(FOLDER).unwrap()].to_owned()
}

/// One publisher: a browser of their own, on the app.
struct Publisher {
    name: &'static str,
    browser: Client,
    _driver: Driver,
}

impl Publisher {
    async fn open(name: &'static str, host: &StaticHost) -> Publisher {
        let driver = Driver::start();
        let browser = driver.session().await;
        browser.goto(&host.url("")).await.unwrap();
        wait_for_app(&browser).await;
        Publisher {
            name,
            browser,
            _driver: driver,
        }
    }

    /// Goes to an area by its link in the header, as a person does.
    async fn go_to(&self, area: &str) {
        self.browser
            .find(Locator::XPath(&format!(
                "//header//nav//a[normalize-space()='{area}']"
            )))
            .await
            .unwrap_or_else(|e| panic!("no {area} link: {e}"))
            .click()
            .await
            .unwrap();
        wait_until(
            &self.browser,
            &format!("the {area} page"),
            "return !!document.querySelector('main h1');",
            vec![],
        )
        .await;
    }

    async fn fill(&self, label: &str, text: &str) {
        let field = self
            .browser
            .find(Locator::XPath(&format!(
                "//label[normalize-space()='{label}']/following-sibling::input[1]"
            )))
            .await
            .unwrap_or_else(|e| panic!("no field labelled {label}: {e}"));
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    async fn click_button(&self, text: &str) {
        self.browser
            .find(Locator::XPath(&format!(
                "//button[normalize-space()=\"{text}\"]"
            )))
            .await
            .unwrap_or_else(|e| panic!("no button {text}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Settings → Team sync: fills the form and presses Connect.
    async fn connect(&self, server: &str, user: &str, password: &str) {
        self.go_to("Settings").await;
        self.fill("Server address", server).await;
        self.fill("Database name", DATABASE).await;
        self.fill("User name", user).await;
        self.fill("Password", password).await;
        self.click_button("Connect").await;
    }

    async fn connect_and_wait(&self, server: &str) {
        self.connect(server, self.name, PASSWORD).await;
        wait_for_text(&self.browser, "Team sync: connected").await;
    }

    /// Creates an account group through the Groups page's form, and returns the
    /// form's outcome: "Created …", or the sentence saying why not.
    async fn create_group(&self, name: &str) -> String {
        let outcome = self
            .browser
            .execute_async(
                "const [name, done] = [arguments[0], arguments[arguments.length - 1]];
                 const input = document.querySelector('#group-name');
                 if (!input) return done('no group form');
                 const card = input.closest('details');
                 card.open = true;
                 input.value = name;
                 input.dispatchEvent(new Event('input', { bubbles: true }));
                 input.form.requestSubmit();
                 const started = Date.now();
                 (function look() {
                   const notice = card.querySelector('.notice');
                   if (notice && notice.textContent.includes(name)) return done(notice.textContent);
                   if (Date.now() - started > 20000) return done('no outcome: ' + (notice ? notice.textContent : 'none'));
                   setTimeout(look, 5);
                 })();",
                vec![json!(name)],
            )
            .await
            .unwrap();
        outcome.as_str().unwrap().to_owned()
    }

    /// The saved batches (revision and text) and the head, straight from IndexedDB.
    async fn saved_log(&self) -> String {
        let log = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const open = indexedDB.open('packwright');
                 open.onerror = () => done('no database');
                 open.onsuccess = () => {
                   const db = open.result;
                   const tx = db.transaction(['events', 'meta']);
                   const keys = tx.objectStore('events').getAllKeys();
                   const values = tx.objectStore('events').getAll();
                   const head = tx.objectStore('meta').get('head');
                   tx.oncomplete = () => {
                     done(JSON.stringify({ keys: keys.result, values: values.result, head: JSON.parse(head.result || '{}').revision }));
                     db.close();
                   };
                 };",
                vec![],
            )
            .await
            .unwrap();
        log.as_str().unwrap().to_owned()
    }

    async fn status(&self) -> String {
        let text = self
            .browser
            .execute(
                "const line = document.querySelector('[data-testid=team-sync-status]'); return line ? line.textContent : '';",
                vec![],
            )
            .await
            .unwrap();
        text.as_str().unwrap_or_default().to_owned()
    }

    async fn notices(&self) -> Vec<String> {
        let notices = self
            .browser
            .execute(
                "return [...document.querySelectorAll('[data-testid=team-notices] li')].map(li => li.textContent);",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(notices).unwrap()
    }

    async fn page_text(&self) -> String {
        let text = self
            .browser
            .execute("return document.body.innerText;", vec![])
            .await
            .unwrap();
        text.as_str().unwrap().to_owned()
    }
}

/// Waits until every publisher has sent everything and all saved the same log.
async fn wait_until_converged(publishers: &[&Publisher]) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let mut logs = Vec::new();
        let mut settled = true;
        for publisher in publishers {
            let status = publisher.status().await;
            settled &= status.contains("connected") && !status.contains("sending");
            logs.push(publisher.saved_log().await);
        }
        if settled && logs.windows(2).all(|pair| pair[0] == pair[1]) {
            return logs.remove(0);
        }
        if Instant::now() > deadline {
            let mut report = String::new();
            for (publisher, log) in publishers.iter().zip(&logs) {
                report.push_str(&format!(
                    "\n{}: {} | {}",
                    publisher.name,
                    publisher.status().await,
                    &log[..log.len().min(400)]
                ));
            }
            panic!("the publishers never converged:{report}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The names of the account groups in a saved log's workspace, by replaying it.
fn groups_in(log: &str) -> Vec<String> {
    let log: Value = serde_json::from_str(log).unwrap();
    let mut workspace = packwright::domain::Workspace::default();
    for batch in log["values"].as_array().unwrap() {
        let events: Vec<Event> = serde_json::from_str(batch.as_str().unwrap()).unwrap();
        for event in &events {
            workspace.apply(event);
        }
    }
    let mut names: Vec<String> = workspace.groups().map(|group| group.name.clone()).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "current_thread")]
async fn two_publishers_editing_at_once_end_with_the_same_workspace() {
    let couch = CouchServer::start("two");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice", "bob"], &[]);
    let alice = Publisher::open("alice", &host).await;
    let bob = Publisher::open("bob", &host).await;
    alice.connect_and_wait(&couch.url()).await;
    bob.connect_and_wait(&couch.url()).await;
    alice.go_to("Account Groups").await;
    bob.go_to("Account Groups").await;

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
            // Only a contested name may be refused, and only as taken.
            assert!(
                a == b
                    && outcome.contains(&format!(
                        "There is already an account group called \u{201c}{name}\u{201d}"
                    )),
                "{name}: {outcome}"
            );
            refused_in_form += 1;
        }
    }
    let log = wait_until_converged(&[&alice, &bob]).await;

    let groups = groups_in(&log);
    assert_eq!(groups.len(), 180 + contested.len(), "{groups:?}");
    for name in &contested {
        assert_eq!(groups.iter().filter(|group| *group == name).count(), 1);
    }
    // Every contested name that one of them lost after saving it was shown to its author.
    let shown: Vec<String> = [alice.notices().await, bob.notices().await].concat();
    for notice in &shown {
        assert!(
            notice.starts_with("Not applied after a teammate's change:"),
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
    alice.go_to("Activity").await;
    wait_for_text(&alice.browser, "by bob").await;
    wait_for_text(&alice.browser, "by alice").await;
}

#[tokio::test(flavor = "current_thread")]
async fn offline_edits_and_a_server_stopped_mid_push_lose_nothing_and_apply_nothing_twice() {
    let mut couch = CouchServer::start("offline");
    let proxy = Proxy::start(couch.port);
    let (host, _folder) = host_for(&[couch.url(), proxy.url()]);
    couch.set_up(&origin(&host), &["alice", "bob"], &[]);
    let alice = Publisher::open("alice", &host).await;
    let bob = Publisher::open("bob", &host).await;
    alice.connect_and_wait(&proxy.url()).await;
    bob.connect_and_wait(&couch.url()).await;
    alice.go_to("Account Groups").await;
    bob.go_to("Account Groups").await;

    // Alice loses her network and goes on working; Bob keeps working online.
    proxy.cut();
    for index in 0..15 {
        assert!(alice
            .create_group(&format!("Offline {index:02}"))
            .await
            .starts_with("Created"));
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
    assert_eq!(
        couch.log().len(),
        serde_json::from_str::<Value>(&log).unwrap()["keys"]
            .as_array()
            .unwrap()
            .len()
    );
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
        DomainCommand::SetClock {
            clock: Clock::Simulated { at: before },
        },
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
    alice.browser.delete_cookie("AuthSession").await.unwrap();
    alice.go_to("Account Groups").await;
    assert!(alice
        .create_group("After the session ended")
        .await
        .starts_with("Created"));
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
    assert_eq!(
        couch.log().len(),
        serde_json::from_str::<Value>(&log).unwrap()["keys"]
            .as_array()
            .unwrap()
            .len()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_conflict_made_by_a_cluster_is_resolved_as_couchdb_does_and_the_loser_rebased() {
    let couch = CouchServer::start("cluster");
    let (host, _folder) = host_for(&[couch.url()]);
    couch.set_up(&origin(&host), &["alice", "bob"], &[]);
    let alice = Publisher::open("alice", &host).await;
    let bob = Publisher::open("bob", &host).await;
    alice.connect_and_wait(&couch.url()).await;
    bob.connect_and_wait(&couch.url()).await;
    alice.go_to("Account Groups").await;
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
}
