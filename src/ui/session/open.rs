//! Opening the workspace, following the store's connection, and catching up with
//! what other tabs of this browser saved.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::{Session, SessionError, SessionStatus, CLOSED, DISCARDED, INDEX_REBUILT};
use crate::store::tabs::TabChannel;
use crate::store::{CatchUp, Loaded, Store, StoreError};
use crate::ui::browser;

impl Session {
    /// Opens the database and shows what it holds (a clock that format 1 kept beside the
    /// workspace is adopted by the store before anything is decided).
    pub(in crate::ui) async fn open(self, database: &str) -> Result<(), StoreError> {
        let status = self.status;
        let store = Rc::new(
            Store::connect(database, move || {
                status.try_set(SessionStatus::Blocked);
            })
            .await?,
        );
        if store.needs_upkeep().await? {
            upkeep(store.clone()).await?;
        }
        self.watch(&store);
        let loaded = match store.load_if_blank().await? {
            Some(blank) => {
                if browser::remembered_revision(database).is_some_and(|revision| revision > 0) {
                    self.report(DISCARDED.to_owned());
                }
                Ok(blank)
            }
            None => {
                // A stored workspace: this browser has been here before, and the code of
                // the other pages is wanted soon (and likely in its cache).
                leptos::task::spawn_local(crate::ui::app::preload_the_rest());
                load_stored(store.clone()).await.map(|(loaded, rebuilt)| {
                    if rebuilt {
                        self.report(INDEX_REBUILT.to_owned());
                    }
                    loaded
                })
            }
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

    /// The open store, once opening has finished: a command given while the workspace is
    /// still opening waits for it.
    pub(in crate::ui) async fn store(self) -> Result<Rc<Store>, SessionError> {
        let opened = self.opened.try_get_value().ok_or(CLOSED)?;
        let _ = JsFuture::from(opened).await;
        if let SessionStatus::Unavailable(error) = self.status.try_get_untracked().ok_or(CLOSED)? {
            return Err(error.into());
        }
        if let Some(failure) = self.reconnect.try_get_value().ok_or(CLOSED)? {
            let name = self.database.try_get_value().ok_or(CLOSED)?;
            // While the disk is still full, the browser cannot open the database either:
            // that is said as the failure that closed it.
            // (What older versions wrote was brought up to date when it was first opened.)
            let store = Store::connect(&name, || {}).await.map_err(|_| failure)?;
            self.watch(&store);
            self.store.try_set_value(Some(Rc::new(store)));
            self.reconnect.try_set_value(None);
        }
        self.store.try_get_value().flatten().ok_or(CLOSED)
    }

    /// Follows the store's connection until it ends: a newer Packwright in another tab
    /// takes the database (this tab then stops saving and says to reload), or the browser
    /// closed it (it is opened again at the next use).
    pub(in crate::ui) fn watch(self, store: &Store) {
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
    pub(in crate::ui) fn after_storage_failure(self, error: &StoreError) {
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

    /// Brings this tab up to what other tabs saved.
    pub(in crate::ui) async fn catch_up(self) {
        catch_up_with_other_tabs(self).await;
    }
}

/// Fetches the module that opens a stored workspace (`load_stored`), as `preload_rules`.
pub async fn preload_stored_history() {
    #[cfg(feature = "split")]
    __preload_load_stored().await;
}

/// Brings what older versions wrote up to date (`Store::upkeep`). In the split build
/// (src/ui/app.rs) a module of its own, with the decoders of stored history: only a
/// database an older Packwright wrote needs it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn upkeep(store: Rc<Store>) -> Result<(), StoreError> {
    crate::ui::zone_table::provide();
    store.upkeep().await
}

/// What a database that is not blank holds, with the team's queue decoded, and whether its
/// history index had to be built again. In the split
/// build (src/ui/app.rs) the decoders of stored history are a module of their own: a first
/// visit's database is blank and never needs them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_stored(store: Rc<Store>) -> Result<(Loaded, bool), StoreError> {
    crate::ui::zone_table::provide();
    let loaded = store.load().await?.with_queue()?;
    // A history index out of step with the log is built again (and said).
    let rebuilt = store.keep_history_index_in_step().await.unwrap_or(false);
    Ok((loaded, rebuilt))
}

/// `Session::catch_up`. In the split build (src/ui/app.rs) a module of its own, with the
/// decoders of stored history: only a second tab's saves need it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn catch_up_with_other_tabs(session: Session) {
    crate::ui::zone_table::provide();
    if session.team.is_shared() == Some(true) {
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
