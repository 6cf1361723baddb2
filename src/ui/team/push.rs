//! Sending the queue: the push loop writes the front of the queue into the team's log,
//! reads the answer (`store::team::pushed`), and `store::team::sync` decides what the
//! confirmation takes; this file stores it. A push that lost a revision pulls.

use futures::channel::mpsc::UnboundedReceiver;
use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
use leptos::task::spawn_local;

use super::link::RETRY_MS;
use crate::domain::rebase::Queued;
use crate::store::couch::new_key;
use crate::store::team::sync::{Push, PUSH_MOST};
use crate::store::team::{chain, pushed, Pushed};
use crate::ui::session::{Session, SessionError};

impl Session {
    /// Sends the queue, front first, until it is empty; then waits to be woken. A push
    /// after a conflict sends one change; each push taken whole doubles the next, up to
    /// `PUSH_MOST`: a long queue goes out in few requests, and a contested revision costs
    /// little.
    pub(super) async fn push_loop(self, generation: u32, mut woken: UnboundedReceiver<()>) {
        let mut size = 1;
        loop {
            let Some(front) = self.team.with_link(generation, |link| {
                link.state
                    .next_push(size)
                    .map(|push| (link.couch.clone(), push))
            }) else {
                return;
            };
            let Some((couch, push)) = front else {
                self.show_team_status(generation, None);
                if woken.next().await.is_none() {
                    return;
                }
                continue;
            };
            let Push {
                first,
                head_key,
                stray,
                changes,
            } = push;
            let documents = chain(
                first,
                head_key.as_deref(),
                stray.as_ref(),
                changes.iter().map(|change| change.events.as_slice()),
                new_key,
            );
            let written = match couch.write_batches(&documents).await {
                Ok(written) => written,
                Err(problem) => {
                    size = 1;
                    self.show_team_status(generation, Some(&problem));
                    if problem.ends_sync() {
                        return;
                    }
                    wait_or_wake(&mut woken, RETRY_MS).await;
                    continue;
                }
            };
            let Pushed {
                accepted,
                strays,
                whole,
            } = pushed(&documents, written);
            // Nobody applies a stray; removed at once to spare the next writer a conflict
            // (else that writer writes over it).
            for (id, rev) in strays {
                let _ = couch.delete_revision(&id, &rev).await;
            }
            if accepted > 0 {
                let keys = documents[..accepted]
                    .iter()
                    .map(|document| document.key.clone())
                    .collect();
                let changes = changes[..accepted].to_vec();
                if let Err(problem) = self.confirm(generation, first, changes, keys).await {
                    self.report(problem.to_string());
                }
            }
            if whole {
                size = (size * 2).min(PUSH_MOST);
                self.show_team_status(generation, None);
            } else {
                size = 1;
                if let Err(problem) = self.pull(generation).await {
                    self.team_problem(generation, problem).await;
                }
            }
        }
    }

    /// The team's log has `changes` (the front of the queue) from revision `first` on,
    /// with these chain keys: they leave the queue, and the record and the snapshots due are
    /// stored.
    async fn confirm(
        self,
        generation: u32,
        first: u32,
        changes: Vec<Queued>,
        keys: Vec<String>,
    ) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        let store = self.store().await?;
        let Some((confirmed, couch)) = self.team.update_link(generation, |link| {
            (link.state.confirm(first, changes, keys), link.couch.clone())
        }) else {
            return Ok(());
        };
        for (record, revision, text) in confirmed.local_snapshots {
            store.confirm_pushed(&record, revision).await?;
            let _ = store.save_snapshot(revision, text).await;
        }
        store
            .confirm_pushed(&confirmed.record, confirmed.record.confirmed)
            .await?;
        for (revision, key, workspace) in confirmed.team_snapshots {
            let couch = couch.clone();
            spawn_local(async move {
                let _ = couch.put_snapshot(revision, Some(&key), &workspace).await;
            });
        }
        Ok(())
    }
}

/// Waits `ms`, or less if the push loop is woken.
async fn wait_or_wake(woken: &mut UnboundedReceiver<()>, ms: u32) {
    let timeout = TimeoutFuture::new(ms);
    futures::pin_mut!(timeout);
    let next = woken.next();
    futures::pin_mut!(next);
    futures::future::select(timeout, next).await;
}
