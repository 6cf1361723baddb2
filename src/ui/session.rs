//! The open workspace: the engine's state in signals, saved through the store. Every
//! change goes through `Session::execute`: decide, save in one transaction, then apply,
//! so the screen never shows what was not saved.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::{decide, tick, Clock, Command, Event, PublisherZone, Workspace};
use crate::store::demo::demo_workspace;
use crate::store::records::snapshot_json;
use crate::store::tabs::TabChannel;
use crate::store::{CatchUp, Head, Store, StoreError, WorkspaceFile};
use crate::ui::browser;

/// How often the scheduler looks for releases that came due (issue 5: every 30 seconds).
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
    /// Storage cannot be used; the sentence says why.
    Unavailable(String),
}

#[derive(Clone, Copy)]
pub struct Session {
    pub workspace: RwSignal<Workspace>,
    head: RwSignal<Head>,
    pub clock: RwSignal<Clock>,
    real_now: RwSignal<DateTime<Utc>>,
    pub status: RwSignal<SessionStatus>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    channel: StoredValue<Option<TabChannel>, LocalStorage>,
}

impl Session {
    /// Opens the named database, restores the workspace, and starts the scheduler.
    pub fn start(database: String) -> Session {
        let session = Session {
            workspace: RwSignal::new(Workspace::default()),
            head: RwSignal::new(Head::default()),
            clock: RwSignal::new(Clock::Real),
            real_now: RwSignal::new(browser::real_now()),
            status: RwSignal::new(SessionStatus::Opening),
            store: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
        };
        provide_context(session);
        spawn_local(async move {
            let status = session.status;
            let opened = Store::open_with_blocked_notice(&database, move || {
                status.try_set(SessionStatus::Blocked);
            })
            .await;
            let store = match opened {
                Ok(store) => Rc::new(store),
                Err(error) => {
                    status.try_set(SessionStatus::Unavailable(error.to_string()));
                    return;
                }
            };
            match store.load().await {
                Ok(loaded) => {
                    session.workspace.try_set(loaded.workspace);
                    session.head.try_set(loaded.head);
                    session.clock.try_set(loaded.clock);
                }
                Err(error) => {
                    status.try_set(SessionStatus::Unavailable(error.to_string()));
                    return;
                }
            }
            let read_only = store.is_read_only();
            session.store.set_value(Some(store));
            session
                .channel
                .set_value(TabChannel::open(&database, move |_| {
                    spawn_local(async move { session.catch_up().await });
                }));
            status.try_set(if read_only {
                SessionStatus::ReadOnly
            } else {
                SessionStatus::Ready
            });
            session.run_scheduler().await;
        });
        session
    }

    pub fn expect() -> Session {
        expect_context::<Session>()
    }

    /// The current instant by the workspace's clock, real or simulated (tracked).
    pub fn now(self) -> DateTime<Utc> {
        self.clock.get().now(self.real_now.get())
    }

    fn now_untracked(self) -> DateTime<Utc> {
        self.clock
            .get_untracked()
            .now(self.real_now.get_untracked())
    }

    /// The publisher's zone (tracked).
    pub fn zone(self) -> PublisherZone {
        self.workspace
            .with(|workspace| workspace.publisher().time_zone)
    }

    /// Carries out a command: releases that came due first, then the command itself.
    /// On any refusal or storage failure nothing changes and the sentence says why.
    pub async fn execute(self, command: Command) -> Result<(), String> {
        self.apply_due_releases().await?;
        let now = self.now_untracked();
        let events = self
            .workspace
            .with_untracked(|workspace| decide(workspace, command, now))
            .map_err(|error| error.to_string())?;
        self.save(events).await.map_err(|error| error.to_string())
    }

    /// Applies every scheduled release whose due instant has passed.
    pub async fn apply_due_releases(self) -> Result<(), String> {
        let now = self.now_untracked();
        let due = self
            .workspace
            .with_untracked(|workspace| tick(workspace, now));
        if due.is_empty() {
            return Ok(());
        }
        self.save(due).await.map_err(|error| error.to_string())
    }

    /// Switches the clock, saves the choice, and applies what came due.
    pub async fn set_clock(self, clock: Clock) -> Result<(), String> {
        self.store()?
            .save_clock(clock)
            .await
            .map_err(|error| error.to_string())?;
        self.real_now.set(browser::real_now());
        self.clock.set(clock);
        self.apply_due_releases().await
    }

    /// The export file's text.
    pub async fn export(self) -> Result<String, String> {
        self.store()?
            .export()
            .await
            .map_err(|error| error.to_string())
    }

    /// Replaces the workspace with a checked file's.
    pub async fn import(self, file: WorkspaceFile) -> Result<(), String> {
        let head = self
            .store()?
            .import(&file)
            .await
            .map_err(|error| error.to_string())?;
        self.replaced(file.workspace, head);
        Ok(())
    }

    /// Replaces the workspace with the demo publisher's.
    pub async fn load_demo(self) -> Result<(), String> {
        let now = self.now_untracked();
        let zone = self
            .workspace
            .with_untracked(|workspace| workspace.publisher().time_zone);
        let (workspace, events) = demo_workspace(now, zone).map_err(|error| error.to_string())?;
        self.import(WorkspaceFile::new(workspace, events)).await
    }

    /// Empties the workspace.
    pub async fn reset(self) -> Result<(), String> {
        let head = self
            .store()?
            .reset()
            .await
            .map_err(|error| error.to_string())?;
        self.replaced(Workspace::default(), head);
        Ok(())
    }

    /// Every saved event, oldest first.
    pub async fn events(self) -> Result<Vec<Event>, String> {
        self.store()?
            .all_events()
            .await
            .map_err(|error| error.to_string())
    }

    /// The revision of the saved history; it changes whenever anything is saved.
    pub fn revision(self) -> u32 {
        self.head.get().revision
    }

    fn store(self) -> Result<Rc<Store>, String> {
        self.store
            .get_value()
            .ok_or_else(|| "The workspace is still opening; try again in a moment.".to_owned())
    }

    fn replaced(self, workspace: Workspace, head: Head) {
        self.workspace.set(workspace);
        self.head.set(head);
        self.announce(head.revision);
    }

    async fn save(self, events: Vec<Event>) -> Result<(), StoreError> {
        let store = self.store().map_err(StoreError::Failed)?;
        let based_on = self.head.get_untracked().revision;
        let head = match store.append(based_on, &events).await {
            Ok(head) => head,
            Err(StoreError::Conflict) => {
                self.catch_up().await;
                return Err(StoreError::Conflict);
            }
            Err(error) => return Err(error),
        };
        self.workspace.update(|workspace| {
            for event in &events {
                workspace.apply(event);
            }
        });
        self.head.set(head);
        self.announce(head.revision);
        if Store::snapshot_due(&head) {
            // The events are saved; a snapshot only shortens the next start-up, so a
            // failure here loses nothing.
            let snapshot = self
                .workspace
                .with_untracked(|workspace| snapshot_json(head.revision, workspace));
            spawn_local(async move {
                let _ = store.save_snapshot(head.revision, snapshot).await;
            });
        }
        Ok(())
    }

    fn announce(self, revision: u32) {
        self.channel.with_value(|channel| {
            if let Some(channel) = channel {
                channel.announce(revision);
            }
        });
    }

    /// Brings this tab up to what other tabs saved.
    async fn catch_up(self) {
        let Ok(store) = self.store() else { return };
        match store.catch_up(self.head.get_untracked()).await {
            Ok(CatchUp::Events { events, head }) => {
                self.workspace.update(|workspace| {
                    for event in &events {
                        workspace.apply(event);
                    }
                });
                self.head.set(head);
            }
            Ok(CatchUp::Reload) => {
                if let Ok(loaded) = store.load().await {
                    self.workspace.set(loaded.workspace);
                    self.head.set(loaded.head);
                    self.clock.set(loaded.clock);
                }
            }
            Err(_) => {}
        }
    }

    /// Every 30 seconds: move the real clock on and apply what came due. Ends when the
    /// app is unmounted.
    async fn run_scheduler(self) {
        loop {
            let _ = self.apply_due_releases().await;
            TimeoutFuture::new(SCHEDULER_PERIOD_MS).await;
            if self.real_now.try_set(browser::real_now()).is_some() {
                break;
            }
        }
    }
}
