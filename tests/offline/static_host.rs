//! A static host on loopback, like the ones Packwright is deployed to: it serves a folder
//! under a sub-path, answers unknown paths with the folder's `404.html`, can be stopped
//! (the network is gone), can be given another folder (a new deployment), and can fail
//! requests on purpose (a flaky network).

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub struct StaticHost {
    address: IpAddr,
    port: u16,
    prefix: &'static str,
    folder: Arc<Mutex<PathBuf>>,
    failing: Arc<Mutex<Failing>>,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Requests whose path contains `part` are answered `503` while `times` lasts.
#[derive(Default)]
struct Failing {
    part: String,
    times: u32,
}

impl StaticHost {
    /// Serves `folder` at `http://127.0.0.1:<port><prefix>`; `prefix` starts and ends with `/`.
    pub fn start(folder: &Path, prefix: &'static str) -> StaticHost {
        StaticHost::start_on(IpAddr::from([127, 0, 0, 1]), folder, prefix)
    }

    /// The same on another of this machine's addresses.
    pub fn start_on(address: IpAddr, folder: &Path, prefix: &'static str) -> StaticHost {
        let listener = TcpListener::bind((address, 0)).expect("a port is free");
        let port = listener.local_addr().expect("bound").port();
        // Polled, so that `stop` can close the port: a refused connection is what a
        // browser sees with no network.
        listener.set_nonblocking(true).expect("non-blocking accept");
        let folder = Arc::new(Mutex::new(folder.to_path_buf()));
        let failing = Arc::new(Mutex::new(Failing::default()));
        let stopping = Arc::new(AtomicBool::new(false));
        let thread = {
            let (folder, failing, stopping) = (folder.clone(), failing.clone(), stopping.clone());
            std::thread::spawn(move || {
                while !stopping.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let root = folder.lock().expect("not poisoned").clone();
                            let failing = failing.clone();
                            std::thread::spawn(move || serve(stream, &root, prefix, &failing));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        StaticHost {
            address,
            port,
            prefix,
            folder,
            failing,
            stopping,
            thread: Some(thread),
        }
    }

    /// The URL of `path` (relative to the app's folder) on this host.
    pub fn url(&self, path: &str) -> String {
        format!(
            "http://{}:{}{}{}",
            self.address, self.port, self.prefix, path
        )
    }

    /// From now on, serve `folder` instead.
    pub fn deploy(&self, folder: &Path) {
        *self.folder.lock().expect("not poisoned") = folder.to_path_buf();
    }

    /// Answers the next `times` requests whose path contains `part` with `503`.
    pub fn fail_next(&self, part: &str, times: u32) {
        *self.failing.lock().expect("not poisoned") = Failing {
            part: part.to_owned(),
            times,
        };
    }

    /// Closes the port: every later request fails as it would offline.
    pub fn stop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the host thread ends");
        }
    }
}

impl Drop for StaticHost {
    fn drop(&mut self) {
        self.stop();
    }
}

fn serve(mut stream: TcpStream, root: &Path, prefix: &str, failing: &Mutex<Failing>) {
    let _ = stream.set_nonblocking(false);
    let mut reader = BufReader::new(stream.try_clone().expect("a socket clones"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Headers are not needed; read them so the browser is not cut off mid-request.
    let mut header = String::new();
    while reader
        .read_line(&mut header)
        .map(|n| n > 2)
        .unwrap_or(false)
    {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    {
        let mut failing = failing.lock().expect("not poisoned");
        if failing.times > 0 && !failing.part.is_empty() && path.contains(&failing.part) {
            failing.times -= 1;
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
    }
    let (status, file) = match path
        .strip_prefix(prefix)
        .or((path == prefix.trim_end_matches('/')).then_some(""))
    {
        Some(relative) if !relative.split('/').any(|part| part == "..") => {
            let relative = if relative.is_empty() || relative.ends_with('/') {
                format!("{relative}index.html")
            } else {
                relative.to_owned()
            };
            let candidate = root.join(&relative);
            if candidate.is_file() {
                ("200 OK", candidate)
            } else {
                ("404 Not Found", root.join("404.html"))
            }
        }
        _ => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: max-age=600\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}
