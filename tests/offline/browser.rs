//! What the tests of the built app share: chromedriver, waiting for the page, folders.
//! Included by `tests/offline.rs` and `tests/team.rs` (`#[path]`), so not every item is
//! used by both.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

/// A sub-path, as on a shared static host: the same dist/ must work there unchanged.
pub const FOLDER: &str = "/tools/packwright/";
/// Generous: a cold wasm start on a busy 2-core machine takes seconds.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("sw.js").is_file(),
        "{} has no release build with a service worker: run `make build` first",
        dist.display()
    );
    dist
}

/// chromedriver on a free port, stopped when dropped.
pub struct Driver {
    process: Child,
    pub port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let binary =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let process = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{binary} does not start ({e}): run `make browser-tools`"));
        Driver { process, port }
    }

    pub async fn session(&self) -> Client {
        self.session_with(&[]).await
    }

    /// A session whose Chromium gets `extra_args` beside `webdriver.json`'s (a profile
    /// folder of its own, say).
    pub async fn session_with(&self, extra_args: &[String]) -> Client {
        let mut options: Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("webdriver.json"))
                .expect("webdriver.json is in the crate root"),
        )
        .expect("webdriver.json is JSON");
        if let Some(args) = options["goog:chromeOptions"]["args"].as_array_mut() {
            args.extend(extra_args.iter().map(|arg| json!(arg)));
        }
        let capabilities = options.as_object().cloned().expect("an object");
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + PATIENCE;
        loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return client,
                Err(error) if Instant::now() > deadline => panic!("no chromedriver: {error}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// What a failed wait reports: the address, the text, and the service worker's states.
pub const PAGE_REPORT: &str = "const done = arguments[arguments.length - 1];
const text = location.href + ' ' + document.body.innerText;
const workers = navigator.serviceWorker;
if (!workers) return done(text);
Promise.all([workers.getRegistration(), caches.keys()]).then(([r, names]) => done(text + ' | service worker: ' + JSON.stringify(r && {
  installing: r.installing && r.installing.state,
  waiting: r.waiting && r.waiting.state,
  active: r.active && r.active.state,
  controlled: !!workers.controller,
  caches: names,
  title: document.title,
})));";

/// Polls `script` (which returns true or false) until it is true.
pub async fn wait_until(browser: &Client, what: &str, script: &str, args: Vec<Value>) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let result = browser.execute(script, args.clone()).await;
        if matches!(result, Ok(Value::Bool(true))) {
            return;
        }
        if Instant::now() > deadline {
            let page = browser.execute_async(PAGE_REPORT, vec![]).await;
            panic!("waited {PATIENCE:?} for {what} ({result:?}); the page: {page:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn wait_for_text(browser: &Client, text: &str) {
    wait_until(
        browser,
        &format!("\u{201c}{text}\u{201d} on the page"),
        "return document.body.innerText.includes(arguments[0]);",
        vec![json!(text)],
    )
    .await;
}

/// The app has started: its navigation is on the page, and the page's heading (a page
/// other than the landing page is a lazy module of the split build, shown once its code
/// has arrived).
pub async fn wait_for_app(browser: &Client) {
    wait_until(
        browser,
        "the app shell and its page",
        "return !!document.querySelector('header nav a') && !document.querySelector('[data-testid=status-banner]')
           && !!document.querySelector('main h1');",
        vec![],
    )
    .await;
}

pub fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A folder under the system's temporary folder, removed when dropped.
pub struct TempFolder(PathBuf);

impl TempFolder {
    pub fn new(name: &str) -> TempFolder {
        let path = std::env::temp_dir().join(format!("packwright-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempFolder(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
