//! What the team sync tests and benchmark share: `pouchdb-server` per test, a proxy that
//! cuts one browser's network, the built app with the server in its CSP, and a publisher
//! driving their own Chromium. Included by `tests/team.rs` and `tests/bench_team.rs`.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use packwright::domain::Event;
use serde_json::{json, Value};

use crate::browser::*;
use crate::static_host::StaticHost;

pub const ADMIN: (&str, &str) = ("admin", "admin-secret");
pub const DATABASE: &str = "team";
pub const PASSWORD: &str = "correct horse";

/// What a form says while its change is saved here and on its way to the team's log.
pub const SENDING: &str = "Saved here; sending to the team\u{2026}";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// `pouchdb-server` on a loopback port, its data in a folder of its own.
pub struct CouchServer {
    process: Option<Child>,
    pub port: u16,
    folder: TempFolder,
}

impl CouchServer {
    pub fn start(name: &str) -> CouchServer {
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

    pub fn run(&mut self) {
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
    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }

    pub fn restart(&mut self) {
        self.stop();
        self.run();
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A request as the server's administrator.
    pub fn admin(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        http(self.port, method, path, body, Some(ADMIN)).expect("pouchdb-server answers")
    }

    /// An administrator, CORS for the app's origin, the users, and the team's database
    /// with `members` as its only members.
    pub fn set_up(&self, origin: &str, members: &[&str], others: &[&str]) {
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
    pub fn log(&self) -> Vec<(String, Value, Value)> {
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
pub fn http(
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

pub fn unchunk(mut rest: &str) -> String {
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

pub fn base64(bytes: &[u8]) -> String {
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
pub struct Proxy {
    port: u16,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Proxy {
    pub fn start(upstream: u16) -> Proxy {
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

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The network is gone for whoever uses this proxy.
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    pub fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

pub fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(std::net::Shutdown::Write);
    });
}

/// The static host serving a copy of dist/ whose CSP names `servers`.
pub fn host_for(servers: &[String]) -> (StaticHost, TempFolder) {
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

pub fn origin(host: &StaticHost) -> String {
    let url = host.url("");
    url[..url.find(FOLDER).unwrap()].to_owned()
}

/// One publisher: a browser of their own, on the app.
pub struct Publisher {
    pub name: &'static str,
    pub browser: Client,
    /// `None` when the browser belongs to someone else (`wrap`).
    _driver: Option<Driver>,
}

impl Publisher {
    pub async fn open(name: &'static str, host: &StaticHost) -> Publisher {
        let driver = Driver::start();
        let browser = driver.session().await;
        browser.goto(&host.url("")).await.unwrap();
        wait_for_app(&browser).await;
        Publisher {
            name,
            browser,
            _driver: Some(driver),
        }
    }

    /// A publisher on a browser started elsewhere (a test that kills and restarts it).
    pub fn wrap(name: &'static str, browser: Client) -> Publisher {
        Publisher {
            name,
            browser,
            _driver: None,
        }
    }

    /// Ends the browser (chromedriver alone would leave it running).
    pub async fn close(self) {
        let _ = self.browser.close().await;
    }

    /// Goes to an area by its link in the header, as a person does.
    pub async fn go_to(&self, area: &str) {
        self.browser
            .find(Locator::XPath(&format!(
                "//header//nav//a[normalize-space()='{area}']"
            )))
            .await
            .unwrap_or_else(|e| panic!("no {area} link: {e}"))
            .click()
            .await
            .unwrap();
        // The page's heading is its link's name; the page before it stays until the new
        // page's code has arrived (a lazy module of the split build).
        wait_until(
            &self.browser,
            &format!("the {area} page"),
            "const h1 = document.querySelector('main h1');
             return !!h1 && h1.textContent.trim() === arguments[0];",
            vec![json!(area)],
        )
        .await;
    }

    pub async fn fill(&self, label: &str, text: &str) {
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

    pub async fn click_button(&self, text: &str) {
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
    pub async fn connect(&self, server: &str, user: &str, password: &str) {
        self.go_to("Settings").await;
        self.fill("Server address", server).await;
        self.fill("Database name", DATABASE).await;
        self.fill("User name", user).await;
        self.fill("Password", password).await;
        self.click_button("Connect").await;
    }

    pub async fn connect_and_wait(&self, server: &str) {
        self.connect(server, self.name, PASSWORD).await;
        wait_for_text(&self.browser, "Team sync: connected").await;
    }

    /// Creates an account group through the Groups page's form, and returns the
    /// form's outcome once it is known: "Created …" once the team's log has it, or the
    /// sentence saying why not.
    pub async fn create_group(&self, name: &str) -> String {
        self.submit_group(name, false).await
    }

    /// Creates an account group while the server cannot be reached: returns what the
    /// form says once the change is saved here (`SENDING`).
    pub async fn create_group_offline(&self, name: &str) -> String {
        self.submit_group(name, true).await
    }

    async fn submit_group(&self, name: &str, saved_here_is_enough: bool) -> String {
        let outcome = self
            .browser
            .execute_async(
                "const [name, early, sending, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
                 const started = Date.now();
                 // The page's code may still be arriving (a lazy module of the split build).
                 (function waitForForm() {
                   const input = document.querySelector('#group-name');
                   if (!input) {
                     if (Date.now() - started > 20000) return done('no group form');
                     return setTimeout(waitForForm, 5);
                   }
                   const card = input.closest('details');
                   card.open = true;
                   input.value = name;
                   input.dispatchEvent(new Event('input', { bubbles: true }));
                   input.form.requestSubmit();
                   (function look() {
                     const notice = card.querySelector('.notice');
                     const text = notice ? notice.textContent : '';
                     // Saved here: its card is on the page, and the form says it is on its way.
                     const saved = [...document.querySelectorAll('[data-testid=group-card] h2')]
                       .some(heading => heading.textContent === name);
                     if (text.includes(name) || (early && saved && text === sending)) return done(text);
                     if (Date.now() - started > 20000) return done('no outcome: ' + (notice ? text : 'none'));
                     setTimeout(look, 5);
                   })();
                 })();",
                vec![json!(name), json!(saved_here_is_enough), json!(SENDING)],
            )
            .await
            .unwrap();
        outcome.as_str().unwrap().to_owned()
    }

    /// Waits until the create card's notice says `sentence`.
    pub async fn wait_for_create_notice(&self, sentence: &str) {
        wait_until(
            &self.browser,
            &format!("the create form saying \u{201c}{sentence}\u{201d}"),
            "const notice = document.querySelector('details.create .notice');
             return !!notice && notice.textContent === arguments[0];",
            vec![json!(sentence)],
        )
        .await;
    }

    /// The saved batches (revision and text) and the head, straight from IndexedDB.
    pub async fn saved_log(&self) -> String {
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

    pub async fn status(&self) -> String {
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

    pub async fn notices(&self) -> Vec<String> {
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

    pub async fn page_text(&self) -> String {
        let text = self
            .browser
            .execute("return document.body.innerText;", vec![])
            .await
            .unwrap();
        text.as_str().unwrap().to_owned()
    }
}

/// Waits until every publisher has sent everything and all saved the same log.
pub async fn wait_until_converged(publishers: &[&Publisher]) -> String {
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
                let parsed: Value = serde_json::from_str(log).unwrap_or_default();
                let keys = parsed["keys"].as_array().map_or(0, Vec::len);
                report.push_str(&format!(
                    "\n{}: {} | {keys} batches, head {} | {}",
                    publisher.name,
                    publisher.status().await,
                    parsed["head"],
                    publisher
                        .page_text()
                        .await
                        .lines()
                        .filter(|line| line.contains("Not applied") || line.contains("could not"))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ));
            }
            panic!("the publishers never converged:{report}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The names of the account groups in a saved log's workspace, by replaying it.
pub fn groups_in(log: &str) -> Vec<String> {
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

/// How many batches a saved log (`Publisher::saved_log`) holds.
pub fn batch_count(log: &str) -> usize {
    serde_json::from_str::<Value>(log).unwrap()["keys"]
        .as_array()
        .map_or(0, Vec::len)
}

/// A team of two on one server: Alice and Bob connected, each on the Account Groups page.
/// The server, host and folder are returned so that they live as long as the test.
pub async fn alice_and_bob(
    name: &str,
) -> (CouchServer, StaticHost, TempFolder, Publisher, Publisher) {
    let couch = CouchServer::start(name);
    let (host, folder) = host_for(&[couch.url()]);
    let (alice, bob) = on_account_groups(&couch, &host, &couch.url()).await;
    (couch, host, folder, alice, bob)
}

/// Alice (through `alice_server`) and Bob connected to `couch`, each on Account Groups.
async fn on_account_groups(
    couch: &CouchServer,
    host: &StaticHost,
    alice_server: &str,
) -> (Publisher, Publisher) {
    couch.set_up(&origin(host), &["alice", "bob"], &[]);
    let alice = Publisher::open("alice", host).await;
    let bob = Publisher::open("bob", host).await;
    alice.connect_and_wait(alice_server).await;
    bob.connect_and_wait(&couch.url()).await;
    alice.go_to("Account Groups").await;
    bob.go_to("Account Groups").await;
    (alice, bob)
}

/// `alice_and_bob`, with Alice reaching the server through a proxy that can cut her network.
pub async fn alice_behind_a_proxy_and_bob(
    name: &str,
) -> (
    CouchServer,
    Proxy,
    StaticHost,
    TempFolder,
    Publisher,
    Publisher,
) {
    let couch = CouchServer::start(name);
    let proxy = Proxy::start(couch.port);
    let (host, folder) = host_for(&[couch.url(), proxy.url()]);
    let (alice, bob) = on_account_groups(&couch, &host, &proxy.url()).await;
    (couch, proxy, host, folder, alice, bob)
}
