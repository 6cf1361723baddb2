//! Starting and ending team sync: connecting (upload, adopt the team's workspace, or ask),
//! resuming after a reload, signing in again, disconnecting, and what the footer and
//! Settings read of it.

use futures::channel::mpsc::UnboundedReceiver;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::status::{Connection, TeamAccount, TeamChoice, TeamStatus};
use crate::domain::rebase::Queued;
use crate::domain::{Event, Workspace};
use crate::store::couch::{new_key, Couch, CouchError};
use crate::store::team::delivery::{Delivery, Ticket};
use crate::store::team::sync::{TeamLog, TeamState};
use crate::store::team::{chain, created, follow, TeamRecord, Written};
use crate::ui::browser;
use crate::ui::session::{Session, SessionError, CLOSED};

/// What connecting does with this browser's workspace and the team's database.
enum Joining {
    /// The database is empty: this workspace is uploaded to it.
    Upload,
    /// Both have history and the user has not chosen yet.
    Ask { team_revision: u32 },
    /// The team's workspace replaces this browser's (downloaded first when it has history).
    Adopt { download_first: bool },
}

impl Joining {
    fn decide(team_revision: Option<u32>, local_history: bool, choice: TeamChoice) -> Joining {
        match team_revision {
            None => Joining::Upload,
            Some(team_revision) if local_history && choice == TeamChoice::Ask => {
                Joining::Ask { team_revision }
            }
            Some(_) => Joining::Adopt {
                download_first: local_history,
            },
        }
    }
}

impl Session {
    /// Where team sync stands (tracked).
    pub fn team_status(self) -> ReadSignal<TeamStatus> {
        self.team.status.read_only()
    }

    /// Sentences for this browser's changes that could not be applied after a teammate's
    /// (tracked).
    pub fn team_notices(self) -> ReadSignal<Vec<String>> {
        self.team.notices.read_only()
    }

    pub fn dismiss_team_notices(self) {
        self.team.notices.set(Vec::new());
    }

    /// Where and as whom the workspace is shared, if it is.
    pub fn team_account(self) -> Option<TeamAccount> {
        self.team.account()
    }

    /// Signs in to the team's server and shares the workspace through its database: an
    /// empty database receives this workspace; a database with history replaces an empty
    /// workspace, or (with `TeamChoice::UseTeams`) one with history after it is downloaded
    /// as an export file. The password is used for this request only.
    pub async fn connect_team(
        self,
        server: String,
        database: String,
        user: String,
        password: String,
        choice: TeamChoice,
    ) -> Result<Connection, SessionError> {
        if self.team.is_shared().ok_or(CLOSED)? {
            return Err(SessionError::Shared);
        }
        let couch = Couch::new(&server, &database, &user);
        self.team.status.try_set(TeamStatus::Connecting);
        let signed_in = couch.sign_in(&password).await.map_err(SessionError::Team);
        drop(password);
        let connected = match signed_in {
            Ok(()) => self.connect(couch, choice).await,
            Err(error) => Err(error),
        };
        if !matches!(connected, Ok(Connection::Connected(_))) {
            self.team.status.try_set(TeamStatus::Off);
        }
        connected
    }

    async fn connect(self, couch: Couch, choice: TeamChoice) -> Result<Connection, SessionError> {
        let info = couch.info().await.map_err(SessionError::Team)?;
        let team_revision = couch.newest_revision().await.map_err(SessionError::Team)?;
        let _writing = self.lock().await?;
        let store = self.store().await?;
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let local = store
            .batches_between(head.base_revision.max(1), head.revision)
            .await?;
        let record = TeamRecord::new(couch.server(), couch.database(), couch.user(), 0);
        match Joining::decide(team_revision, !local.is_empty(), choice) {
            Joining::Upload => {
                let sentence = self.upload(&couch, record, &local).await?;
                self.start_team_loops(Some(info.update_seq));
                Ok(Connection::Connected(sentence))
            }
            Joining::Ask { team_revision } => Ok(Connection::Choose { team_revision }),
            Joining::Adopt { download_first } => {
                if download_first {
                    let text = store.export().await?;
                    let date = self.now_untracked().ok_or(CLOSED)?.date_naive();
                    browser::download(
                        &format!("packwright-before-team-{date}.json"),
                        "application/json",
                        &text,
                    )
                    .map_err(SessionError::Browser)?;
                }
                self.adopt(couch.clone(), record, None).await?;
                self.start_team_loops(Some(info.update_seq));
                Ok(Connection::Connected(format!(
                    "Connected: this browser now shows {}'s workspace.",
                    couch.database()
                )))
            }
        }
    }

    /// Uploads this browser's history into the team's empty database, and links to it.
    /// The caller holds the lock.
    async fn upload(
        self,
        couch: &Couch,
        record: TeamRecord,
        local: &[(u32, Vec<Event>)],
    ) -> Result<String, SessionError> {
        let store = self.store().await?;
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let mut head_key = None;
        let mut uploaded = Vec::new();
        for chunk in local.chunks(50) {
            let documents = chain(
                chunk[0].0,
                head_key.as_deref(),
                None,
                chunk.iter().map(|(_, events)| events.as_slice()),
                new_key,
            );
            let written = couch
                .write_batches(&documents)
                .await
                .map_err(SessionError::Team)?;
            let taken = written.contains(&Written::Taken);
            uploaded.extend(created(&documents, written));
            if taken {
                // Someone else is uploading into the same database: this upload is taken
                // back out, so that the database holds one workspace.
                for (id, rev) in uploaded {
                    let _ = couch.delete_revision(&id, &rev).await;
                }
                return Err(SessionError::Team(CouchError::UploadedMeanwhile {
                    database: couch.database().to_owned(),
                }));
            }
            head_key = documents.last().map(|document| document.key.clone());
        }
        let workspace = self.workspace.try_get_untracked().ok_or(CLOSED)?;
        if head.revision > 0 {
            couch
                .put_snapshot(head.revision, head_key.as_deref(), &workspace)
                .await
                .map_err(SessionError::Team)?;
        }
        let record = TeamRecord {
            confirmed: head.revision,
            head_key,
            ..record
        };
        store.save_team(Some(&record)).await?;
        self.team
            .link_up(TeamState::new(record, workspace), couch.clone());
        Ok(match local.len() {
            0 => format!("Connected to the empty database {}.", couch.database()),
            _ => format!(
                "Uploaded this workspace to {}: your team can connect to it now.",
                couch.database()
            ),
        })
    }

    /// Replaces the local workspace with the team's (the newest snapshot before `before`,
    /// and the batches after it), and links to it. Returns the team's batches taken. The
    /// caller holds the lock.
    pub(super) async fn adopt(
        self,
        couch: Couch,
        record: TeamRecord,
        before: Option<u32>,
    ) -> Result<Vec<Vec<Event>>, SessionError> {
        let store = self.store().await?;
        let snapshot = couch
            .latest_snapshot(before)
            .await
            .map_err(SessionError::Team)?;
        let (mut workspace, from, key) = match snapshot {
            Some(snapshot) => (snapshot.workspace, snapshot.revision, snapshot.key),
            None => (Workspace::default(), 0, None),
        };
        workspace.mark_current_format();
        let documents = couch
            .batches_after(from)
            .await
            .map_err(SessionError::Team)?;
        let followed = follow(documents, from, key.as_deref());
        let head_key = followed
            .batches
            .last()
            .map_or(key, |batch| batch.key.clone());
        let batches: Vec<Vec<Event>> = followed
            .batches
            .into_iter()
            .map(|batch| batch.events)
            .collect();
        for event in batches.iter().flatten() {
            workspace.apply(event);
        }
        let record = TeamRecord {
            confirmed: from + batches.len() as u32,
            head_key,
            queue: Vec::new(),
            ..record
        };
        let head = store.adopt(&workspace, from + 1, &batches, &record).await?;
        self.workspace.try_set(workspace.clone());
        self.head.try_set(head);
        self.announce(head.revision);
        let mut state = TeamState::new(record, workspace);
        state.stray = followed.stray;
        self.team.link_up(state, couch);
        Ok(batches)
    }

    /// Takes the team's log again from before revision `revision` (a cluster conflict undid
    /// what this browser applied there), and decides this browser's `lost` changes again on
    /// top. The caller holds the lock.
    pub(super) async fn adopt_again(
        self,
        couch: Couch,
        record: TeamRecord,
        revision: u32,
        lost: Vec<Queued>,
    ) -> Result<(), SessionError> {
        let log = self.adopt(couch, record, Some(revision)).await?;
        let Some(mut team_log) = self.take_team_log() else {
            return Ok(());
        };
        if let Some(taken) = team_log.requeue_lost(lost, &log) {
            self.store_taken(team_log, taken).await?;
        } else {
            self.put_team_log(team_log);
        }
        Ok(())
    }

    /// Goes on sharing after a reload: the record and the team's workspace as stored.
    pub(in crate::ui) fn resume_team(self, record: TeamRecord, workspace: Workspace) {
        let couch = Couch::new(&record.server, &record.database, &record.user);
        self.team.link_up(TeamState::new(record, workspace), couch);
        self.start_team_loops(None);
    }

    /// Starts the loops of the generation sync is in.
    pub(super) fn start_team_loops(self, since: Option<Value>) {
        let Some(generation) = self.team.generation() else {
            return;
        };
        self.show_team_status(generation, None);
        let woken = self.team.take_woken();
        spawn_local(run_team_loops(self, generation, woken, since));
    }

    /// Signs in again after the session ended; the queue is sent from where it stopped.
    pub async fn sign_in_again(self, password: String) -> Result<(), SessionError> {
        let couch = self
            .team
            .with_current(|link| link.couch.clone())
            .ok_or(SessionError::Team(CouchError::SignedOut))?;
        couch.sign_in(&password).await.map_err(SessionError::Team)?;
        couch.info().await.map_err(SessionError::Team)?;
        self.team.renew();
        self.start_team_loops(None);
        Ok(())
    }

    /// Stops sharing: the local copy stays, with every change saved here (those not yet
    /// sent stay in it, unsent); the session cookie is removed.
    pub async fn disconnect_team(self) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        let store = self.store().await?;
        store.save_team(None).await?;
        if let Some(link) = self.team.unlink() {
            link.couch.sign_out().await;
        }
        Ok(())
    }

    /// After a change was saved and queued: it joins the queue, and the push loop is woken.
    /// Returns the ticket its form follows it by.
    pub(in crate::ui) fn team_saved(self, queued: Queued) -> Option<Ticket> {
        let ticket = self.team.saved(queued);
        self.show_team_status_now();
        ticket
    }

    /// Where a change saved here stands (tracked); `None` once it is not followed.
    pub fn delivery(self, ticket: Ticket) -> Option<Delivery> {
        self.team
            .deliveries
            .try_with(|deliveries| deliveries.delivery(ticket).cloned())
            .flatten()
    }

    /// Stops following a change (its form said the outcome, or is gone).
    pub fn forget_delivery(self, ticket: Ticket) {
        self.team
            .deliveries
            .try_update(|deliveries| deliveries.forget(ticket));
    }

    /// The team's log as held in memory, taken out while it is changed (a pull, a
    /// conflict): the record stays in place for the push loop to read meanwhile.
    pub(super) fn take_team_log(self) -> Option<TeamLog> {
        self.team.update_current(|link| TeamLog {
            record: link.state.log.record.clone(),
            workspace: std::mem::take(&mut link.state.log.workspace),
        })
    }

    /// Puts the team's log back after it was changed and stored (into whichever
    /// generation sync is in by then: signing in again does not wait for the lock).
    pub(super) fn put_team_log(self, log: TeamLog) {
        self.team.update_current(|link| link.state.log = log);
    }

    /// Shows where sync stands after a change joined the queue, if it is connected.
    fn show_team_status_now(self) {
        if let Some(generation) = self.team.generation() {
            let current = self.team.status.try_get_untracked();
            if matches!(current, Some(TeamStatus::Connected { .. })) {
                self.show_team_status(generation, None);
            }
        }
    }

    /// Shows where sync stands: connected (with what is waiting), or the problem.
    pub(super) fn show_team_status(self, generation: u32, problem: Option<&CouchError>) {
        let Some((user, database, waiting)) = self.team.with_link(generation, |link| {
            let record = &link.state.log.record;
            // The queue may have shrunk: what left it without being dropped is delivered.
            // The forms that follow a change hear of it only when one was.
            self.team
                .deliveries
                .maybe_update(|deliveries| deliveries.settle(&record.queue));
            (
                record.user.clone(),
                record.database.clone(),
                record.queue.len(),
            )
        }) else {
            return;
        };
        let status = match problem {
            None => TeamStatus::Connected {
                user,
                database,
                waiting,
            },
            Some(CouchError::Unreachable { .. }) => TeamStatus::Offline { waiting },
            Some(CouchError::SignedOut) => TeamStatus::SignedOut { user, waiting },
            Some(other) => TeamStatus::Refused(other.to_string()),
        };
        self.team.status.try_set(status);
    }

    /// Shows a problem of background sync; true when sync must stop.
    pub(super) async fn team_problem(self, generation: u32, problem: SessionError) -> bool {
        match problem {
            SessionError::Team(problem) => {
                self.show_team_status(generation, Some(&problem));
                problem.ends_sync()
            }
            other => {
                self.report(format!(
                    "Team sync could not save what it received. {other}"
                ));
                false
            }
        }
    }
}

/// Starts the push loop, the changes loop and the history fetch. In the split build
/// (src/ui/app.rs) the loops are a module of their own: a workspace that is not shared
/// never downloads them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn run_team_loops(
    session: Session,
    generation: u32,
    woken: Option<UnboundedReceiver<()>>,
    since: Option<Value>,
) {
    crate::ui::zone_table::provide();
    if let Some(woken) = woken {
        spawn_local(session.push_loop(generation, woken));
    }
    spawn_local(session.changes_loop(generation, since));
    spawn_local(session.fetch_history(generation));
}
