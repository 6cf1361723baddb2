//! One Chromium on a profile folder of its own, that can be killed like a crashed browser
//! (SIGKILL to its process id) and started again on the same profile.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::browser::Driver;

pub struct Chromium {
    pub client: Client,
    driver: Driver,
    profile: PathBuf,
}

impl Chromium {
    /// Starts chromedriver and a Chromium whose profile (IndexedDB, the service worker and
    /// its caches) lives in `profile`.
    pub async fn start(profile: &Path) -> Chromium {
        let driver = Driver::start();
        let client = driver
            .session_with(&[format!("--user-data-dir={}", profile.display())])
            .await;
        Chromium {
            client,
            driver,
            profile: profile.to_owned(),
        }
    }

    /// Sends SIGKILL to the browser process after `delay`, from another thread, whatever
    /// the page is doing then (`kill` afterwards waits for the rest to end).
    pub fn kill_after(&self, delay: Duration) -> std::thread::JoinHandle<()> {
        let profile = self.profile.clone();
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            kill_all(&profile);
        })
    }

    /// Kills the browser with SIGKILL, as a crash or a power cut would end it: nothing is
    /// closed or flushed. Returns once no process of the profile is left, so
    /// that the next start meets the profile as the crash left it.
    pub fn kill(self) {
        drop(self);
    }
}

/// A test that fails midway leaves no browser behind either (chromedriver alone would).
impl Drop for Chromium {
    fn drop(&mut self) {
        kill_all(&self.profile);
        // Its helpers (renderers, the GPU and network services) end with it; any that
        // lingers is killed too.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = processes_of(&self.profile);
            if left.is_empty() {
                break;
            }
            if Instant::now() > deadline {
                let pids: Vec<String> = left.iter().map(|(pid, _)| pid.to_string()).collect();
                signal_kill(&pids);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// SIGKILL to the browser process and its helpers at once, as a power cut ends them:
/// no helper (the storage service among them) lives on to finish what it was writing.
fn kill_all(profile: &Path) {
    let pids: Vec<String> = processes_of(profile)
        .into_iter()
        .map(|(pid, _)| pid.to_string())
        .collect();
    if !pids.is_empty() {
        signal_kill(&pids);
    }
}

fn signal_kill(pids: &[String]) {
    let _ = Command::new("kill").arg("-KILL").args(pids).status();
}

/// Every process whose command line names `profile` as its user data folder, with that
/// command line.
fn processes_of(profile: &Path) -> Vec<(u32, String)> {
    let needle = format!("--user-data-dir={}", profile.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let command_line = std::fs::read(entry.path().join("cmdline")).ok()?;
            let command_line = String::from_utf8_lossy(&command_line).replace('\0', " ");
            command_line
                .split(' ')
                .any(|arg| arg == needle)
                .then_some((pid, command_line))
        })
        .collect()
}
