//! The open workspace: the engine's state in signals, saved through the store. Every
//! change goes through `Session::execute`: decide, save in one transaction, then apply,
//! so the screen never shows what was not saved.

use std::fmt;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::domain::boomi::{plan_import, BoomiData, BoomiError};
use crate::domain::rebase::Intent;
use crate::domain::{decide, tick, Clock, Command, DomainError, Event, PublisherZone, Workspace};
use crate::store::demo::demo_workspace;
use crate::store::mentions::{mentions_of, Mention};
use crate::store::records::snapshot_json;
use crate::store::tabs::TabChannel;
use crate::store::{CatchUp, Head, ImportError, Loaded, Store, StoreError, WorkspaceFile};
use crate::ui::browser;

mod team;
use team::TeamLink;
pub use team::{Connection, TeamAccount, TeamChoice, TeamStatus};

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

use SessionError::Closed as CLOSED;

/// Said when the history index was found out of step with the saved history.
const INDEX_REBUILT: &str =
    "The history index (what Activity's filters search) was out of step with the history: it was built again, and nothing was lost.";

/// How often the scheduler looks for releases that came due.
const SCHEDULER_PERIOD_MS: u32 = 30_000;

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
    workspace: RwSignal<Workspace>,
    head: RwSignal<Head>,
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
    /// The team's database, while the workspace is shared.
    team: StoredValue<Option<TeamLink>, LocalStorage>,
    team_status: RwSignal<TeamStatus>,
    /// The push loop's end of the channel that wakes it, until the loop takes it.
    woken: StoredValue<Option<futures::channel::mpsc::UnboundedReceiver<()>>, LocalStorage>,
    /// Sentences for this browser's changes that a teammate's change made impossible.
    team_notices: RwSignal<Vec<String>>,
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
            team: StoredValue::new_local(None),
            team_status: RwSignal::new(TeamStatus::Off),
            woken: StoredValue::new_local(None),
            team_notices: RwSignal::new(Vec::new()),
        };
        provide_context(session);
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

    /// Where opening the workspace stands (tracked when read).
    pub fn status(self) -> ReadSignal<SessionStatus> {
        self.status.read_only()
    }

    /// Opens the database and shows what it holds (a clock that format 1 kept beside the
    /// workspace is adopted by the store before anything is decided).
    async fn open(self, database: &str) -> Result<(), StoreError> {
        let status = self.status;
        let store = Store::open_with_blocked_notice(database, move || {
            status.try_set(SessionStatus::Blocked);
        })
        .await?;
        self.watch(&store);
        let store = Rc::new(store);
        let loaded = match store.load_if_blank().await? {
            Some(blank) => Ok(blank),
            None => load_stored(store.clone()).await.map(|(loaded, rebuilt)| {
                if rebuilt {
                    self.report(INDEX_REBUILT.to_owned());
                }
                loaded
            }),
        };
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(damage @ StoreError::Corrupt(_)) => {
                self.store.try_set_value(Some(store));
                status.try_set(SessionStatus::Damaged(damage));
                return Ok(());
            }
            Err(error) => return Err(error),
        };
        self.workspace.try_set(loaded.workspace);
        self.head.try_set(loaded.head);
        let read_only = store.is_read_only();
        self.store.try_set_value(Some(store));
        if let (Some(record), Some(workspace), false) =
            (loaded.team, loaded.team_workspace, read_only)
        {
            self.resume_team(record, workspace);
        }
        let channel = TabChannel::open(database, move |_| spawn_local(self.catch_up()));
        self.channel.try_set_value(channel);
        // (Unless another tab's newer Packwright took the database meanwhile.)
        status.try_update(|status| {
            if matches!(status, SessionStatus::Opening | SessionStatus::Blocked) {
                *status = if read_only {
                    SessionStatus::ReadOnly
                } else {
                    SessionStatus::Ready
                };
            }
        });
        Ok(())
    }

    /// Shows a sentence about background work in the status banner.
    fn report(self, problem: String) {
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
    fn now_untracked(self) -> Option<DateTime<Utc>> {
        self.real_now.try_set(browser::real_now());
        let now = self
            .workspace
            .try_with_untracked(Workspace::clock)?
            .now(self.real_now.try_get_untracked()?);
        let shared = self.team.try_with_value(Option::is_some)?;
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

    /// Carries out a command: releases that came due first, then the command itself.
    /// On any refusal or storage failure nothing changes and the sentence says why.
    pub async fn execute(self, command: Command) -> Result<(), SessionError> {
        execute_command(self, command).await
    }

    /// Applies every scheduled release whose due instant has passed.
    pub async fn apply_due_releases(self) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.save_due_releases().await
    }

    /// `apply_due_releases` for a caller that holds the lock.
    async fn save_due_releases(self) -> Result<(), SessionError> {
        let now = self.now_untracked().ok_or(CLOSED)?;
        let due = self
            .workspace
            .try_with_untracked(|workspace| tick(workspace, now))
            .ok_or(CLOSED)?;
        if due.is_empty() {
            return Ok(());
        }
        self.save(Intent::Tick, now, due).await
    }

    /// Waits until the workspace has opened, then for other writers (a change being
    /// saved, team sync rewriting history). Every change takes this lock before deciding
    /// anything: a change given while the workspace is still opening must not be decided
    /// on the empty workspace shown meanwhile (it would then be saved on top of the real
    /// history, with ids that history already uses).
    async fn lock(self) -> Result<futures::lock::OwnedMutexGuard<()>, SessionError> {
        self.store().await?;
        let mutex = self.writing.try_get_value().ok_or(CLOSED)?;
        Ok(mutex.lock_owned().await)
    }

    /// Sets the workspace's clock, shared by every tab: releases that come due by the new
    /// time are applied first. Refused when the new time is earlier than the log's newest
    /// event (domain.md, "The simulated clock").
    pub async fn set_clock(self, clock: Clock) -> Result<(), SessionError> {
        set_clock(self, clock).await
    }

    /// The export file's text.
    pub async fn export(self) -> Result<String, SessionError> {
        let store = self.store().await?;
        if let SessionStatus::Damaged(_) = self.status.try_get_untracked().ok_or(CLOSED)? {
            let salvage = store.salvage().await?;
            return Ok(salvage.file.to_json());
        }
        Ok(store
            .export()
            .await
            .inspect_err(|error| self.after_storage_failure(error))?)
    }

    /// Replaces the workspace with a checked file's.
    pub async fn import(self, file: WorkspaceFile) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.refuse_if_shared()?;
        let store = self.store().await?;
        let head = store
            .import(&file)
            .await
            .inspect_err(|error| self.after_storage_failure(error))?;
        self.replaced(file.workspace, head);
        Ok(())
    }

    /// Brings what was read from a Boomi account into the workspace, planned anew against
    /// the workspace as it is now (another tab may have changed it since the preview).
    pub async fn import_from_boomi(self, data: BoomiData) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.save_due_releases().await?;
        let now = self.now_untracked().ok_or(CLOSED)?;
        let plan = self
            .workspace
            .try_with_untracked(|workspace| plan_import(workspace, &data, now))
            .ok_or(CLOSED)?
            .map_err(SessionError::Boomi)?;
        if plan.events.is_empty() {
            return Ok(());
        }
        self.save(Intent::Planned, now, plan.events).await
    }

    /// Replaces the workspace with the demo publisher's.
    pub async fn load_demo(self) -> Result<(), SessionError> {
        self.refuse_if_shared()?;
        let now = self.now_untracked().ok_or(CLOSED)?;
        let zone = self
            .workspace
            .try_with_untracked(|workspace| workspace.publisher().time_zone)
            .ok_or(CLOSED)?;
        let (mut workspace, mut events) = demo_workspace(now, zone)?;
        // A demo under a simulated clock keeps it, so that its history is not in the future.
        let clock = self
            .workspace
            .try_with_untracked(Workspace::clock)
            .ok_or(CLOSED)?;
        if clock.is_simulated() {
            let set = decide(&workspace, Command::SetClock { clock }, now)?;
            for event in set {
                workspace.apply(&event);
                events.push(event);
            }
        }
        self.import(WorkspaceFile::new(workspace, events)).await
    }

    /// Empties the workspace.
    pub async fn reset(self) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.refuse_if_shared()?;
        let store = self.store().await?;
        let head = store
            .reset()
            .await
            .inspect_err(|error| self.after_storage_failure(error))?;
        self.replaced(Workspace::default(), head);
        Ok(())
    }

    /// Every saved event, oldest first. A failure is also reported in the status banner.
    pub async fn events(self) -> Result<Vec<Event>, SessionError> {
        let store = self.store().await?;
        let events = store
            .all_events()
            .await
            .inspect_err(|error| self.after_storage_failure(error))
            .map_err(SessionError::from);
        if let Err(problem) = &events {
            self.report(format!("The activity log could not be read. {problem}"));
        }
        events
    }

    /// The newest `limit` events that `keep` keeps, newest first, and whether older ones
    /// may be kept too. With `within`, only the batches that mention one of those are read
    /// (the history index); without, history is read backwards a few batches at a time
    /// (doubling), so the activity log shows its first page without reading the whole log.
    pub async fn recent_events(
        self,
        limit: usize,
        keep: impl Fn(&Event) -> bool,
        within: Option<Vec<Mention>>,
    ) -> Result<(Vec<Event>, bool), SessionError> {
        let store = self.store().await?;
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let report = |problem: &StoreError| {
            self.after_storage_failure(problem);
            self.report(format!("The activity log could not be read. {problem}"))
        };
        let mut kept = Vec::new();
        if let Some(mentions) = within {
            let mut rebuilt = false;
            'read: loop {
                let revisions = store
                    .revisions_mentioning(&mentions, head.revision + 1)
                    .await
                    .inspect_err(report)?;
                // A few batches at a time: the first page rarely needs them all.
                for some in revisions.chunks(8) {
                    let batches = store.batches_at(some).await.inspect_err(report)?;
                    // A batch the index points at must mention what was asked for; if not,
                    // the index is out of step with the log: built again, read again.
                    let in_step = batches.iter().all(|batch| {
                        mentions_of(batch)
                            .iter()
                            .any(|mention| mentions.contains(mention))
                    });
                    if !in_step && !rebuilt {
                        store.rebuild_history_index().await.inspect_err(report)?;
                        self.report(INDEX_REBUILT.to_owned());
                        rebuilt = true;
                        kept.clear();
                        continue 'read;
                    }
                    for batch in batches {
                        kept.extend(batch.into_iter().rev().filter(|event| keep(event)));
                    }
                    if kept.len() > limit {
                        break;
                    }
                }
                break;
            }
            let more = kept.len() > limit;
            kept.truncate(limit);
            return Ok((kept, more));
        }
        let lowest = head.base_revision.max(1);
        let mut upper = head.revision;
        let mut span = 1;
        while upper >= lowest && kept.len() <= limit {
            let lower = upper.saturating_sub(span - 1).max(lowest);
            let page = store
                .events_between(lower, upper)
                .await
                .inspect_err(report)?;
            kept.extend(page.into_iter().rev().filter(|event| keep(event)));
            if lower == lowest {
                break;
            }
            upper = lower - 1;
            span = span.saturating_mul(2);
        }
        let more = kept.len() > limit;
        kept.truncate(limit);
        Ok((kept, more))
    }

    /// The revision of the saved history; it changes whenever anything is saved (tracked).
    pub fn revision(self) -> u32 {
        self.head.get().revision
    }

    /// The open store, once opening has finished: a command given while the workspace is
    /// still opening waits for it.
    async fn store(self) -> Result<Rc<Store>, SessionError> {
        let opened = self.opened.try_get_value().ok_or(CLOSED)?;
        let _ = JsFuture::from(opened).await;
        if let SessionStatus::Unavailable(error) = self.status.try_get_untracked().ok_or(CLOSED)? {
            return Err(error.into());
        }
        if let Some(failure) = self.reconnect.try_get_value().ok_or(CLOSED)? {
            let name = self.database.try_get_value().ok_or(CLOSED)?;
            // While the disk is still full, the browser cannot open the database either:
            // that is said as the failure that closed it.
            let store = Store::open(&name).await.map_err(|_| failure)?;
            self.watch(&store);
            self.store.try_set_value(Some(Rc::new(store)));
            self.reconnect.try_set_value(None);
        }
        self.store.try_get_value().flatten().ok_or(CLOSED)
    }

    /// Follows the store's connection until it ends: a newer Packwright in another tab
    /// takes the database (this tab then stops saving and says to reload), or the browser
    /// closed it (it is opened again at the next use).
    fn watch(self, store: &Store) {
        let ending = store.ending();
        spawn_local(async move {
            match ending.await {
                StoreError::Superseded => {
                    self.status
                        .try_set(SessionStatus::Unavailable(StoreError::Superseded));
                }
                broken => self.after_storage_failure(&broken),
            }
        });
    }

    /// After storage failed: a full disk (or another failure inside the browser's
    /// storage) ends every connection to the database, so the next use opens it again.
    fn after_storage_failure(self, error: &StoreError) {
        if !matches!(
            error,
            StoreError::QuotaExceeded | StoreError::Broken(_) | StoreError::Failed(_)
        ) {
            return;
        }
        self.reconnect.try_update_value(|failure| {
            // A full disk stays the reason until the database opens again.
            if failure.as_ref() != Some(&StoreError::QuotaExceeded) {
                *failure = Some(error.clone());
            }
        });
    }

    fn replaced(self, workspace: Workspace, head: Head) {
        self.workspace.try_set(workspace);
        self.head.try_set(head);
        // A damaged workspace is repaired by replacing it.
        self.status.try_update(|status| {
            if matches!(status, SessionStatus::Damaged(_)) {
                *status = SessionStatus::Ready;
            }
        });
        self.announce(head.revision);
    }

    /// Saves events in one transaction, then applies them; on failure nothing changes.
    /// While the workspace is shared, the events name their author and join the queue for
    /// the team's log in the same transaction. The caller holds the lock.
    async fn save(
        self,
        intent: Intent,
        at: DateTime<Utc>,
        mut events: Vec<Event>,
    ) -> Result<(), SessionError> {
        let store = self.store().await?;
        if let SessionStatus::Damaged(damage) = self.status.try_get_untracked().ok_or(CLOSED)? {
            return Err(damage.into());
        }
        let based_on = self.head.try_get_untracked().ok_or(CLOSED)?.revision;
        let record = self.team.try_with_value(|team| {
            team.as_ref()
                .map(|team| team.queued(intent, at, &mut events))
        });
        let record = record.ok_or(CLOSED)?;
        let queued = record.as_ref().map(|(record, queued)| (record, queued));
        let head = match store.append(based_on, &events, queued).await {
            Ok(head) => head,
            Err(StoreError::Conflict) => {
                // (The caller holds the lock: a shared workspace is reloaded without it.)
                if record.is_some() {
                    self.reload_shared().await;
                } else {
                    self.catch_up().await;
                }
                return Err(StoreError::Conflict.into());
            }
            Err(error) => {
                self.after_storage_failure(&error);
                return Err(error.into());
            }
        };
        // A catch-up that ran while this write was under way may have applied it already.
        if self
            .head
            .try_get_untracked()
            .is_some_and(|current| current.revision == based_on)
        {
            self.workspace.try_update(|workspace| {
                for event in &events {
                    workspace.apply(event);
                }
            });
            self.head.try_set(head);
        }
        self.announce(head.revision);
        if let Some((_, queued)) = record {
            self.team_saved(queued);
            return Ok(());
        }
        if Store::snapshot_due(&head) {
            // The events are saved; a snapshot only shortens the next start-up, so a
            // failure here loses nothing.
            let snapshot = self
                .workspace
                .try_with_untracked(|workspace| snapshot_json(head.revision, workspace));
            if let Some(snapshot) = snapshot {
                spawn_local(async move {
                    let _ = store.save_snapshot(head.revision, snapshot).await;
                });
            }
        }
        Ok(())
    }

    fn announce(self, revision: u32) {
        self.channel.try_with_value(|channel| {
            if let Some(channel) = channel {
                channel.announce(revision);
            }
        });
    }

    /// Brings this tab up to what other tabs saved.
    async fn catch_up(self) {
        catch_up(self).await;
    }

    fn refuse_if_shared(self) -> Result<(), SessionError> {
        match self.team.try_with_value(Option::is_some) {
            Some(true) => Err(SessionError::Shared),
            Some(false) => Ok(()),
            None => Err(CLOSED),
        }
    }

    /// Every 30 seconds: move the real clock on and apply what came due. Ends when the
    /// app is unmounted.
    async fn run_scheduler(self) {
        loop {
            // `try_set` hands the value back once the app is unmounted: that ends the loop.
            if self.real_now.try_set(browser::real_now()).is_some() {
                break;
            }
            if let Err(problem) = self.apply_due_releases().await {
                self.report(format!(
                    "Scheduled releases that came due could not be applied. {problem}"
                ));
            }
            TimeoutFuture::new(SCHEDULER_PERIOD_MS).await;
        }
    }
}

/// `Session::execute`. In the split build (src/ui/app.rs) the rules that decide a command
/// are a module of their own, fetched for the first command: a visit that only looks never
/// downloads them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn execute_command(session: Session, command: Command) -> Result<(), SessionError> {
    let _writing = session.lock().await?;
    session.save_due_releases().await?;
    let now = session.now_untracked().ok_or(CLOSED)?;
    decide_and_save(session, command, now).await
}

/// `Session::set_clock`, beside `execute_command` for the same reason.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn set_clock(session: Session, clock: Clock) -> Result<(), SessionError> {
    let _writing = session.lock().await?;
    session.save_due_releases().await?;
    session.real_now.try_set(browser::real_now());
    let now = clock.now(session.real_now.try_get_untracked().ok_or(CLOSED)?);
    decide_and_save(session, Command::SetClock { clock }, now).await
}

/// Decides `command` at `now` on the workspace as it is, and saves what it decided. The
/// caller holds the lock.
async fn decide_and_save(
    session: Session,
    command: Command,
    now: DateTime<Utc>,
) -> Result<(), SessionError> {
    let events = session
        .workspace
        .try_with_untracked(|workspace| decide(workspace, command.clone(), now))
        .ok_or(CLOSED)??;
    session.save(Intent::Command(command), now, events).await
}

/// Fetches the module of the rules that decide a command, so that the first command does
/// not wait for it. Only the split build has such a module; any other build has nothing to
/// fetch.
pub async fn preload_rules() {
    #[cfg(feature = "split")]
    __preload_execute_command().await;
}

/// Fetches the module that opens a stored workspace (`load_stored`), as `preload_rules`.
pub async fn preload_stored_history() {
    #[cfg(feature = "split")]
    __preload_load_stored().await;
}

/// What a database that is not blank holds, with the team's queue decoded, and whether its
/// history index had to be built again. In the split
/// build (src/ui/app.rs) the decoders of stored history are a module of their own: a first
/// visit's database is blank and never needs them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_stored(store: Rc<Store>) -> Result<(Loaded, bool), StoreError> {
    let loaded = store.load().await?.with_queue()?;
    // A history index out of step with the log is built again (and said).
    let rebuilt = store.keep_history_index_in_step().await.unwrap_or(false);
    Ok((loaded, rebuilt))
}

/// `Session::catch_up`. In the split build (src/ui/app.rs) a module of its own, with the
/// decoders of stored history: only a second tab's saves need it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn catch_up(session: Session) {
    if session.team.try_with_value(Option::is_some) == Some(true) {
        // The other tab may have moved the team's queue too: take it all again.
        if let Ok(_writing) = session.lock().await {
            session.reload_shared().await;
        }
        return;
    }
    let (Ok(store), Some(head)) = (session.store().await, session.head.try_get_untracked()) else {
        return;
    };
    let caught_up = store.catch_up(head).await;
    if session.head.try_get_untracked() != Some(head) {
        // This tab saved or caught up meanwhile; the next announcement brings the rest.
        return;
    }
    match caught_up {
        Ok(CatchUp::Events { events, head }) => {
            session.workspace.try_update(|workspace| {
                for event in &events {
                    workspace.apply(event);
                }
            });
            session.head.try_set(head);
        }
        Ok(CatchUp::Reload) => match store.load().await {
            Ok(loaded) => {
                session.workspace.try_set(loaded.workspace);
                session.head.try_set(loaded.head);
            }
            Err(problem) => session.report(format!(
                "Packwright could not load what another tab saved. {problem}"
            )),
        },
        Err(problem) => session.report(format!(
            "Packwright could not catch up with what another tab saved. {problem}"
        )),
    }
}
