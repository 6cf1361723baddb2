//! The open workspace: the engine's state in signals, saved through the store. Every
//! change goes through `Session::execute`: decide, save in one transaction, then apply,
//! so the screen never shows what was not saved.

use std::fmt;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::domain::boomi::BoomiError;
use crate::domain::model::Pack;
use crate::domain::{Clock, DomainError, PackId, PublisherZone, Workspace};
use crate::store::tabs::TabChannel;
use crate::store::{Head, ImportError, Store, StoreError};
use crate::ui::browser;
use crate::ui::team::TeamSync;

pub mod change;
pub mod open;
mod transfer;

/// Why a change of the session did not happen. Kept typed until a view says it.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionError {
    /// The engine refused the command.
    Refused(DomainError),
    /// The browser's storage failed or refused.
    Storage(StoreError),
    /// A file to import was refused; nothing changed.
    Import(ImportError),
    /// What was read from Boomi could not be imported; nothing changed.
    Boomi(BoomiError),
    /// The browser refused something outside storage (a download, reading a file); the
    /// sentence says what.
    Browser(String),
    /// The team's server refused or did not answer; nothing was changed.
    Team(crate::store::couch::CouchError),
    /// The workspace is shared with a team: replacing it here is not allowed.
    Shared,
    /// The app was unmounted before the task finished.
    Closed,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Refused(error) => error.fmt(f),
            SessionError::Storage(error) => error.fmt(f),
            SessionError::Import(error) => error.fmt(f),
            SessionError::Boomi(error) => error.fmt(f),
            SessionError::Browser(sentence) => f.write_str(sentence),
            SessionError::Team(error) => error.fmt(f),
            SessionError::Shared => f.write_str(
                "This workspace is shared with your team. Disconnect Team sync first (above): replacing it here would not replace it for your teammates.",
            ),
            SessionError::Closed => f.write_str("Packwright was closed before this finished."),
        }
    }
}

impl From<DomainError> for SessionError {
    fn from(error: DomainError) -> Self {
        SessionError::Refused(error)
    }
}

impl From<StoreError> for SessionError {
    fn from(error: StoreError) -> Self {
        SessionError::Storage(error)
    }
}

pub(in crate::ui) use SessionError::Closed as CLOSED;

/// Said when the history index was found out of step with the saved history.
pub(in crate::ui) const INDEX_REBUILT: &str =
    "The history index (what Activity's filters search) was out of step with the history: it was built again, and nothing was lost.";

/// Said when the database opens blank although this browser had saved a workspace in it
/// (`browser::remembered_revision`).
pub(in crate::ui) const DISCARDED: &str = "This browser no longer holds the workspace Packwright saved here: the browser discarded its stored data, which it does when it finds that data damaged (most often after the disk filled up). If you exported the workspace, import that file in Settings; a shared workspace can be joined again from Settings.";

/// Where opening the workspace stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionStatus {
    Opening,
    /// Another tab's older Packwright holds the database; it must be closed first.
    Blocked,
    Ready,
    /// A newer Packwright wrote this database: shown, never changed.
    ReadOnly,
    /// The database opened, but what it holds cannot be rebuilt (a damaged record): only
    /// exporting what can be read, resetting and importing are possible.
    Damaged(StoreError),
    /// Storage cannot be used.
    Unavailable(StoreError),
}

/// The open workspace. Views read it through read-only signals and change it only through
/// its commands (`execute`, `set_clock`, `import`…).
#[derive(Clone, Copy)]
pub struct Session {
    pub(in crate::ui) workspace: RwSignal<Workspace>,
    pub(in crate::ui) head: RwSignal<Head>,
    real_now: RwSignal<DateTime<Utc>>,
    status: RwSignal<SessionStatus>,
    /// What went wrong in work nobody asked for (the scheduler, catching up with another
    /// tab, reading history), as a sentence for the status banner.
    background_problem: RwSignal<Option<String>>,
    /// The sentence the user dismissed: the same failure met again by a later read (the
    /// activity log reads again as the workspace opens) is not shown again.
    dismissed_problem: StoredValue<Option<String>, LocalStorage>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    /// The database's name, to open it again.
    database: StoredValue<String, LocalStorage>,
    /// Set when a write failed in a way that ends the browser's connection to the
    /// database (a full disk does): the next use opens it again.
    /// Holds the failure until then, to say it again while the database cannot be opened.
    reconnect: StoredValue<Option<StoreError>, LocalStorage>,
    /// Settles once opening has finished, either way: what waits for the store awaits it.
    opened: StoredValue<js_sys::Promise, LocalStorage>,
    channel: StoredValue<Option<TabChannel>, LocalStorage>,
    /// Held while a change is decided and saved, and while team sync rewrites what is
    /// saved, so that neither works on a workspace the other is replacing.
    writing: StoredValue<std::sync::Arc<futures::lock::Mutex<()>>, LocalStorage>,
    /// Team sync, while the workspace is shared (`ui::team`).
    pub(in crate::ui) team: TeamSync,
}

impl Session {
    /// Opens the named database, restores the workspace, and starts the scheduler.
    pub fn start(database: String) -> Session {
        let mut settle = None;
        let opened = js_sys::Promise::new(&mut |resolve, _reject| settle = Some(resolve));
        let session = Session {
            workspace: RwSignal::new(Workspace::default()),
            head: RwSignal::new(Head::default()),
            background_problem: RwSignal::new(None),
            dismissed_problem: StoredValue::new_local(None),
            real_now: RwSignal::new(browser::real_now()),
            status: RwSignal::new(SessionStatus::Opening),
            store: StoredValue::new_local(None),
            database: StoredValue::new_local(database.clone()),
            reconnect: StoredValue::new_local(None),
            opened: StoredValue::new_local(opened),
            channel: StoredValue::new_local(None),
            writing: StoredValue::new_local(std::sync::Arc::new(futures::lock::Mutex::new(()))),
            team: TeamSync::new(),
        };
        provide_context(session);
        // Never 0: the blank workspace shown while opening must not overwrite what an
        // earlier visit reached before `open` has compared it (`DISCARDED`).
        let remembered_as = database.clone();
        Effect::new(move |_| {
            let revision = session.head.with(|head| head.revision);
            if revision > 0 {
                browser::remember_revision(&remembered_as, revision);
            }
        });
        spawn_local(async move {
            let opened = session.open(&database).await;
            if let Err(error) = &opened {
                session
                    .status
                    .try_set(SessionStatus::Unavailable(error.clone()));
            }
            // Everything that waited for the store goes on now.
            if let Some(settle) = settle {
                let _ = settle.call0(&JsValue::NULL);
            }
            if opened.is_err() {
                return;
            }
            session.run_scheduler().await;
        });
        session
    }

    pub fn expect() -> Session {
        expect_context::<Session>()
    }

    /// The workspace as saved (tracked when read).
    pub fn workspace(self) -> ReadSignal<Workspace> {
        self.workspace.read_only()
    }

    /// What `read` finds in the pack `id` (tracked); `R::default()` while the pack does not
    /// exist (deleted by a teammate, or the workspace still opening).
    pub fn read_pack<R: Default>(self, id: PackId, read: impl FnOnce(&Workspace, &Pack) -> R) -> R {
        self.workspace
            .with(|ws| ws.pack(id).map(|pack| read(ws, pack)).unwrap_or_default())
    }

    /// Where opening the workspace stands (tracked when read).
    pub fn status(self) -> ReadSignal<SessionStatus> {
        self.status.read_only()
    }

    /// Shows a sentence about background work in the status banner.
    pub(in crate::ui) fn report(self, problem: String) {
        if self
            .dismissed_problem
            .try_with_value(|dismissed| dismissed.as_ref() == Some(&problem))
            == Some(true)
        {
            return;
        }
        self.background_problem.try_set(Some(problem));
    }

    /// The last problem of background work, until the user dismisses it (tracked).
    pub fn background_problem(self) -> Option<String> {
        self.background_problem.get()
    }

    pub fn dismiss_background_problem(self) {
        let dismissed = self.background_problem.get_untracked();
        self.dismissed_problem.set_value(dismissed);
        self.background_problem.set(None);
    }

    /// Whether opening has finished, so that what the workspace lacks is really missing
    /// (tracked).
    pub fn is_loaded(self) -> bool {
        !matches!(
            self.status.get(),
            SessionStatus::Opening | SessionStatus::Blocked
        )
    }

    /// Where "now" comes from: the workspace's shared clock (tracked).
    pub fn clock(self) -> Clock {
        self.workspace.with(Workspace::clock)
    }

    /// The workspace's clock, for event handlers.
    pub fn clock_untracked(self) -> Clock {
        self.workspace.with_untracked(Workspace::clock)
    }

    /// The current instant by the workspace's clock, real or simulated (tracked).
    pub fn now(self) -> DateTime<Utc> {
        self.clock().now(self.real_now.get())
    }

    /// `None` once the app is unmounted: tasks still running then stop quietly. The real
    /// time is read afresh. While the workspace is shared, never earlier than the newest
    /// event: a teammate's computer clock may run a little ahead of this one's.
    pub(in crate::ui) fn now_untracked(self) -> Option<DateTime<Utc>> {
        self.real_now.try_set(browser::real_now());
        let now = self
            .workspace
            .try_with_untracked(Workspace::clock)?
            .now(self.real_now.try_get_untracked()?);
        let shared = self.team.is_shared()?;
        let newest = self
            .workspace
            .try_with_untracked(Workspace::newest_event_at)?;
        Some(match newest {
            Some(newest) if shared => now.max(newest),
            _ => now,
        })
    }

    /// The publisher's zone (tracked).
    pub fn zone(self) -> PublisherZone {
        self.workspace
            .with(|workspace| workspace.publisher().time_zone)
    }

    /// The publisher's zone, for event handlers.
    pub fn zone_untracked(self) -> PublisherZone {
        self.workspace
            .with_untracked(|workspace| workspace.publisher().time_zone)
    }

    /// The revision of the saved history; it changes whenever anything is saved (tracked).
    pub fn revision(self) -> u32 {
        self.head.get().revision
    }
}
