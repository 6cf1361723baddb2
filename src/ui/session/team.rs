//! Team sync: the workspace shared through the team's CouchDB database, offline first.
//!
//! IndexedDB stays the working copy. A change is saved here as always and queued (in the
//! same transaction); the push loop creates its revision's document in the team's database.
//! When a teammate created that revision first (`409`), the pull fetches what is new, and
//! the queue is decided again on top of it (`domain::rebase`); a change the engine now
//! refuses is dropped and its author shown why. The changes loop waits on CouchDB's
//! changes feed and pulls what teammates save. Both loops end when the generation they were
//! started for is over (disconnect, sign-out, the app unmounted).

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::{Session, SessionError, CLOSED};
use crate::domain::rebase::{rebase, Intent, Queued};
use crate::domain::{Event, Workspace, FORMAT_VERSION};
use crate::store::couch::{new_key, Couch, CouchError};
use crate::store::team::{
    chain, created, ending_at, follow, pushed, revision_of, winning_revision, BatchRead, Pushed,
    Stray, TeamRecord, Written,
};
use crate::store::{Loaded, StoreError};
use crate::ui::browser;

/// A snapshot document is written after this many revisions of the team's log.
const TEAM_SNAPSHOT_EVERY: u32 = 100;
/// How long one wait on the changes feed lasts.
const CHANGES_WAIT_MS: u32 = 20_000;
/// How long the changes loop pauses after a wake-up that brought only its own pushes.
const OWN_CHANGES_PAUSE_MS: u32 = 100;
/// How long to wait before trying an unreachable server again.
const RETRY_MS: u32 = 2_000;
/// How many of the team's earlier batches one request of a new member's history fetches.
const HISTORY_PAGE: u32 = 500;
/// How many queued changes one push sends at most.
const PUSH_MOST: usize = 128;
/// How many pushed changes are remembered, in case a cluster conflict undoes one.
const PUSHED_KEPT: usize = 50;

/// Where team sync stands, for the footer and Settings.
#[derive(Clone, Debug, PartialEq)]
pub enum TeamStatus {
    /// The workspace lives in this browser only.
    Off,
    Connecting,
    Connected {
        user: String,
        database: String,
        waiting: usize,
    },
    /// The server does not answer; changes wait here.
    Offline {
        waiting: usize,
    },
    /// The CouchDB session ended; changes wait here until the user signs in again.
    SignedOut {
        user: String,
        waiting: usize,
    },
    /// The server refused (not a member, another reason): the sentence says why.
    Refused(String),
}

/// The team's database a shared workspace lives in, and the user signed in to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamAccount {
    pub server: String,
    pub database: String,
    pub user: String,
}

impl TeamStatus {
    /// Whether the workspace is shared with a team (connected or not at the moment).
    pub fn is_shared(&self) -> bool {
        !matches!(self, TeamStatus::Off | TeamStatus::Connecting)
    }

    pub fn sentence(&self) -> String {
        let changes = |count: usize| match count {
            1 => "1 change".to_owned(),
            _ => format!("{count} changes"),
        };
        match self {
            TeamStatus::Off => "Not shared: this workspace is in this browser only.".into(),
            TeamStatus::Connecting => "Team sync: connecting…".into(),
            TeamStatus::Connected {
                user,
                database,
                waiting: 0,
            } => format!("Team sync: connected to {database} as {user}."),
            TeamStatus::Connected {
                user,
                database,
                waiting,
            } => format!(
                "Team sync: connected to {database} as {user}, sending {}.",
                changes(*waiting)
            ),
            TeamStatus::Offline { waiting } => format!(
                "Team sync: offline, {} waiting. They are saved here and sent when the server answers.",
                changes(*waiting)
            ),
            TeamStatus::SignedOut { user, waiting } => format!(
                "Team sync: {user} is signed out, {} waiting. Sign in again in Settings.",
                changes(*waiting)
            ),
            TeamStatus::Refused(sentence) => format!("Team sync refused: {sentence}"),
        }
    }
}

/// What to do when both this browser and the team's database have history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamChoice {
    /// Ask the user: nothing is replaced.
    Ask,
    /// Replace this browser's workspace with the team's, after downloading it as an
    /// export file.
    UseTeams,
}

/// What connecting did.
#[derive(Clone, Debug, PartialEq)]
pub enum Connection {
    /// Connected; the sentence says what happened to the workspace.
    Connected(String),
    /// Both have history: the user must choose (`TeamChoice::UseTeams`) or use an empty
    /// database.
    Choose { team_revision: u32 },
}

/// The team's database while the workspace is shared.
pub(super) struct TeamLink {
    record: TeamRecord,
    /// The workspace as the team's log has it, at `record.confirmed`.
    workspace: Workspace,
    couch: Couch,
    generation: u32,
    wake: UnboundedSender<()>,
    /// The latest changes pushed from here, by revision.
    pushed: VecDeque<(u32, Queued)>,
    /// The document after the team's head that does not follow it, if the last pull
    /// found one: the next push writes over it.
    stray: Option<Stray>,
}

impl TeamLink {
    /// The change `events` make, queued: each event names this user as its author. Returns
    /// the team record to store with it (its queue is stored one record per change, so the
    /// copy leaves the queue out) and the queued change.
    pub(super) fn queued(
        &self,
        intent: Intent,
        at: DateTime<Utc>,
        events: &mut [Event],
    ) -> (TeamRecord, Queued) {
        for event in events.iter_mut() {
            event.by = Some(self.record.user.clone());
        }
        let queued = Queued {
            intent,
            at,
            events: events.to_vec(),
        };
        (self.record.header(), queued)
    }
}

thread_local! {
    static GENERATIONS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn next_generation() -> u32 {
    GENERATIONS.with(|cell| {
        cell.set(cell.get() + 1);
        cell.get()
    })
}

/// One push: the front of the queue, from revision `first` on.
struct Push {
    couch: Couch,
    first: u32,
    head_key: Option<String>,
    stray: Option<Stray>,
    changes: Vec<Queued>,
}

impl Session {
    /// Where team sync stands (tracked).
    pub fn team_status(self) -> ReadSignal<TeamStatus> {
        self.team_status.read_only()
    }

    /// Sentences for this browser's changes that could not be applied after a teammate's
    /// (tracked).
    pub fn team_notices(self) -> ReadSignal<Vec<String>> {
        self.team_notices.read_only()
    }

    pub fn dismiss_team_notices(self) {
        self.team_notices.set(Vec::new());
    }

    /// Where and as whom the workspace is shared, if it is.
    pub fn team_account(self) -> Option<TeamAccount> {
        self.team.try_with_value(|team| {
            team.as_ref().map(|team| TeamAccount {
                server: team.record.server.clone(),
                database: team.record.database.clone(),
                user: team.record.user.clone(),
            })
        })?
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
        if self.team.try_with_value(Option::is_some).ok_or(CLOSED)? {
            return Err(SessionError::Shared);
        }
        let couch = Couch::new(&server, &database, &user);
        self.team_status.try_set(TeamStatus::Connecting);
        let signed_in = couch.sign_in(&password).await.map_err(SessionError::Team);
        drop(password);
        let connected = match signed_in {
            Ok(()) => self.connect(couch, choice).await,
            Err(error) => Err(error),
        };
        if !matches!(connected, Ok(Connection::Connected(_))) {
            self.team_status.try_set(TeamStatus::Off);
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
        match team_revision {
            None => {
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
                        // Someone else is uploading into the same database: this upload is
                        // taken back out, so that the database holds one workspace.
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
                let sentence = match local.len() {
                    0 => format!("Connected to the empty database {}.", couch.database()),
                    _ => format!(
                        "Uploaded this workspace to {}: your team can connect to it now.",
                        couch.database()
                    ),
                };
                self.start_team(record, workspace, couch, Some(info.update_seq));
                Ok(Connection::Connected(sentence))
            }
            Some(team_revision) if !local.is_empty() && choice == TeamChoice::Ask => {
                Ok(Connection::Choose { team_revision })
            }
            Some(_) => {
                if !local.is_empty() {
                    let text = store.export().await?;
                    let date = self.now_untracked().ok_or(CLOSED)?.date_naive();
                    browser::download(
                        &format!("packwright-before-team-{date}.json"),
                        "application/json",
                        &text,
                    )
                    .map_err(SessionError::Browser)?;
                }
                self.adopt(couch.clone(), record, None, Vec::new()).await?;
                self.start_team_loops(Some(info.update_seq));
                Ok(Connection::Connected(format!(
                    "Connected: this browser now shows {}'s workspace.",
                    couch.database()
                )))
            }
        }
    }

    /// Replaces the local workspace with the team's (the newest snapshot before `before`,
    /// and the batches after it), then queues `lost` on top. The caller holds the lock.
    async fn adopt(
        self,
        couch: Couch,
        record: TeamRecord,
        before: Option<u32>,
        lost: Vec<Queued>,
    ) -> Result<(), SessionError> {
        let store = self.store().await?;
        let snapshot = couch
            .latest_snapshot(before)
            .await
            .map_err(SessionError::Team)?;
        let (mut workspace, from, key) = match snapshot {
            Some(snapshot) => (snapshot.workspace, snapshot.revision, snapshot.key),
            None => (Workspace::default(), 0, None),
        };
        workspace.format_version = FORMAT_VERSION;
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
        // What was lost and is not in the team's log after all is decided again on top.
        let lost: Vec<Queued> = lost
            .into_iter()
            .filter(|change| !batches.contains(&change.events))
            .collect();
        let (wake, woken) = unbounded();
        let generation = next_generation();
        self.team.try_set_value(Some(TeamLink {
            record,
            workspace,
            couch,
            generation,
            wake,
            pushed: VecDeque::new(),
            stray: followed.stray,
        }));
        self.woken.try_set_value(Some(woken));
        if !lost.is_empty() {
            self.rebase_queue(Vec::new(), lost).await?;
        }
        Ok(())
    }

    /// Starts sharing with a record and the team's workspace it goes with.
    fn start_team(
        self,
        record: TeamRecord,
        workspace: Workspace,
        couch: Couch,
        since: Option<Value>,
    ) {
        let (wake, woken) = unbounded();
        self.team.try_set_value(Some(TeamLink {
            record,
            workspace,
            couch,
            generation: next_generation(),
            wake,
            pushed: VecDeque::new(),
            stray: None,
        }));
        self.woken.try_set_value(Some(woken));
        self.start_team_loops(since);
    }

    /// Goes on sharing after a reload: the record and the team's workspace as stored.
    pub(super) fn resume_team(self, record: TeamRecord, workspace: Workspace) {
        let couch = Couch::new(&record.server, &record.database, &record.user);
        self.start_team(record, workspace, couch, None);
    }

    fn start_team_loops(self, since: Option<Value>) {
        let Some(Some(generation)) = self
            .team
            .try_with_value(|team| team.as_ref().map(|team| team.generation))
        else {
            return;
        };
        self.show_team_status(generation, None);
        let woken = self.woken.try_update_value(Option::take).flatten();
        spawn_local(run_team_loops(self, generation, woken, since));
    }

    /// A new member joins from the team's snapshot and what follows it; the history before
    /// the snapshot (the activity log, who did what) is fetched afterwards, in pages, newest
    /// first, and put before the local history in one write. What the database does not
    /// hold (a gap: an uploaded workspace's history began after an import) ends it.
    async fn fetch_history(self, generation: u32) {
        let Some(couch) = self.couch_of(generation) else {
            return;
        };
        let Some(base) = self.head.try_get_untracked().map(|head| head.base_revision) else {
            return;
        };
        let mut first = base;
        let mut pages: Vec<Vec<Vec<Event>>> = Vec::new();
        while first > 1 {
            let from = first.saturating_sub(HISTORY_PAGE).max(1);
            let Ok(documents) = couch.batches_between(from, first - 1).await else {
                // Offline or refused: tried again when sync starts again.
                return;
            };
            let page = ending_at(documents, first - 1);
            if page.is_empty() {
                break;
            }
            let complete = page.len() as u32 == first - from;
            first -= page.len() as u32;
            pages.push(page);
            if !complete {
                break;
            }
        }
        if pages.is_empty() || !self.is_generation(generation) {
            return;
        }
        let batches: Vec<Vec<Event>> = pages.into_iter().rev().flatten().collect();
        let Ok(_writing) = self.lock().await else {
            return;
        };
        let Ok(store) = self.store().await else {
            return;
        };
        match store.prepend_history(base, first, &batches).await {
            Ok(stored) => {
                self.head
                    .try_update(|head| head.base_revision = stored.base_revision);
                self.announce(stored.revision);
            }
            // The history was replaced meanwhile (the team's log taken again): the next
            // start of sync fetches what is missing then.
            Err(StoreError::Conflict) => {}
            Err(problem) => self.report(format!(
                "The team's earlier history could not be saved in this browser. {problem}"
            )),
        }
    }

    /// After a change was saved and queued: it joins the queue, and the push loop is woken.
    pub(super) fn team_saved(self, queued: Queued) {
        self.team.try_update_value(|team| {
            if let Some(team) = team {
                team.record.queue.push(queued);
                let _ = team.wake.unbounded_send(());
            }
        });
        self.show_team_status_now();
    }

    /// Signs in again after the session ended; the queue is sent from where it stopped.
    pub async fn sign_in_again(self, password: String) -> Result<(), SessionError> {
        let couch = self
            .team
            .try_with_value(|team| team.as_ref().map(|team| team.couch.clone()))
            .ok_or(CLOSED)?
            .ok_or(SessionError::Team(CouchError::SignedOut))?;
        couch.sign_in(&password).await.map_err(SessionError::Team)?;
        couch.info().await.map_err(SessionError::Team)?;
        let (wake, woken) = unbounded();
        self.team.try_update_value(|team| {
            if let Some(team) = team {
                team.generation = next_generation();
                team.wake = wake;
            }
        });
        self.woken.try_set_value(Some(woken));
        self.start_team_loops(None);
        Ok(())
    }

    /// Stops sharing: the local copy stays, with every change saved here (those not yet
    /// sent stay in it, unsent); the session cookie is removed.
    pub async fn disconnect_team(self) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        let store = self.store().await?;
        store.save_team(None).await?;
        let link = self.team.try_update_value(Option::take).ok_or(CLOSED)?;
        self.team_status.try_set(TeamStatus::Off);
        if let Some(link) = link {
            link.couch.sign_out().await;
        }
        Ok(())
    }

    /// The team's database, while sync generation `generation` lasts.
    fn couch_of(self, generation: u32) -> Option<Couch> {
        self.team
            .try_with_value(|team| {
                team.as_ref()
                    .filter(|team| team.generation == generation)
                    .map(|team| team.couch.clone())
            })
            .flatten()
    }

    fn is_generation(self, generation: u32) -> bool {
        self.team
            .try_with_value(|team| {
                team.as_ref()
                    .is_some_and(|team| team.generation == generation)
            })
            .unwrap_or(false)
    }

    fn show_team_status_now(self) {
        if let Some(Some(generation)) = self
            .team
            .try_with_value(|team| team.as_ref().map(|team| team.generation))
        {
            let current = self.team_status.try_get_untracked();
            if matches!(current, Some(TeamStatus::Connected { .. })) {
                self.show_team_status(generation, None);
            }
        }
    }

    /// Shows where sync stands: connected (with what is waiting), or the problem.
    fn show_team_status(self, generation: u32, problem: Option<&CouchError>) {
        let Some(Some((user, database, waiting))) = self.team.try_with_value(|team| {
            team.as_ref()
                .filter(|team| team.generation == generation)
                .map(|team| {
                    (
                        team.record.user.clone(),
                        team.record.database.clone(),
                        team.record.queue.len(),
                    )
                })
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
        self.team_status.try_set(status);
    }

    /// Sends the queue, front first, until it is empty; then waits to be woken. A push
    /// after a conflict sends one change; each push taken whole doubles the next, up to
    /// `PUSH_MOST`: a long queue goes out in few requests, and a contested revision costs
    /// little.
    async fn push_loop(self, generation: u32, mut woken: UnboundedReceiver<()>) {
        let mut size = 1;
        loop {
            if !self.is_generation(generation) {
                return;
            }
            let front = self.team.try_with_value(|team| {
                team.as_ref().and_then(|team| {
                    let count = size.min(team.record.queue.len());
                    (count > 0).then(|| Push {
                        couch: team.couch.clone(),
                        first: team.record.confirmed + 1,
                        head_key: team.record.head_key.clone(),
                        stray: team.stray.clone(),
                        changes: team.record.queue[..count].to_vec(),
                    })
                })
            });
            let Some(Some(push)) = front else {
                self.show_team_status(generation, None);
                if woken.next().await.is_none() {
                    return;
                }
                continue;
            };
            let documents = chain(
                push.first,
                push.head_key.as_deref(),
                push.stray.as_ref(),
                push.changes.iter().map(|change| change.events.as_slice()),
                new_key,
            );
            let written = match push.couch.write_batches(&documents).await {
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
                let _ = push.couch.delete_revision(&id, &rev).await;
            }
            if accepted > 0 {
                let keys = documents[..accepted]
                    .iter()
                    .map(|document| document.key.clone())
                    .collect();
                let changes = push.changes[..accepted].to_vec();
                if let Err(problem) = self.confirm(generation, push.first, changes, keys).await {
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
    /// with these chain keys: they leave the queue.
    async fn confirm(
        self,
        generation: u32,
        first: u32,
        changes: Vec<Queued>,
        keys: Vec<String>,
    ) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        let store = self.store().await?;
        let mut team_snapshots = Vec::new();
        let mut local_snapshots = Vec::new();
        let record = self
            .team
            .try_update_value(|team| {
                let team = team.as_mut().filter(|team| team.generation == generation)?;
                let mut taken = 0;
                for (revision, (change, key)) in (first..).zip(changes.into_iter().zip(keys)) {
                    if revision <= team.record.confirmed {
                        // A pull found it in the team's log already.
                        continue;
                    }
                    if team.record.confirmed + 1 != revision
                        || team.record.queue.get(taken) != Some(&change)
                    {
                        break;
                    }
                    taken += 1;
                    team.record.confirmed = revision;
                    for event in &change.events {
                        team.workspace.apply(event);
                    }
                    if revision.is_multiple_of(TEAM_SNAPSHOT_EVERY) {
                        team_snapshots.push((revision, key.clone(), team.workspace.clone()));
                    }
                    team.record.head_key = Some(key);
                    if revision.is_multiple_of(crate::store::SNAPSHOT_EVERY) {
                        // The local snapshot holds the team's workspace only (never the
                        // queue), and is stored after the confirmation it must not be
                        // ahead of.
                        let text = crate::store::records::snapshot_json(revision, &team.workspace);
                        local_snapshots.push((team.record.header(), revision, text));
                    }
                    team.pushed.push_back((revision, change));
                    if team.pushed.len() > PUSHED_KEPT {
                        team.pushed.pop_front();
                    }
                }
                team.record.queue.drain(..taken);
                Some(team.record.header())
            })
            .flatten();
        for (record, revision, text) in local_snapshots {
            store.confirm_pushed(&record, revision).await?;
            let _ = store.save_snapshot(revision, text).await;
        }
        if let Some(record) = record {
            store.confirm_pushed(&record, record.confirmed).await?;
        }
        if let Some(couch) = self.couch_of(generation) {
            for (revision, key, workspace) in team_snapshots {
                let couch = couch.clone();
                spawn_local(async move {
                    let _ = couch.put_snapshot(revision, Some(&key), &workspace).await;
                });
            }
        }
        Ok(())
    }

    /// Waits on the changes feed and pulls what teammates saved.
    async fn changes_loop(self, generation: u32, since: Option<Value>) {
        let Some(couch) = self.couch_of(generation) else {
            return;
        };
        let mut since = since;
        let mut first = true;
        loop {
            if !self.is_generation(generation) {
                return;
            }
            if first {
                first = false;
                // Where the feed stands, read before the pull: nothing saved after the
                // pull's fetch can then slip by unannounced.
                if since.is_none() {
                    match couch.info().await {
                        Ok(info) => since = Some(info.update_seq),
                        Err(problem) => {
                            if self.stop_or_wait(generation, &problem).await {
                                return;
                            }
                            first = true;
                            continue;
                        }
                    }
                }
                if let Err(problem) = self.pull(generation).await {
                    if self.team_problem(generation, problem).await {
                        return;
                    }
                    TimeoutFuture::new(RETRY_MS).await;
                    first = true;
                    continue;
                }
                self.wake_push();
            }
            let Some(seq) = &since else {
                first = true;
                continue;
            };
            match couch.changes(seq, CHANGES_WAIT_MS).await {
                Ok(changes) => {
                    since = Some(changes.last_seq);
                    // This browser's own pushes, already confirmed, need no pull.
                    let confirmed = self
                        .team
                        .try_with_value(|team| team.as_ref().map(|team| team.record.confirmed))
                        .flatten()
                        .unwrap_or(0);
                    let news = changes
                        .changed
                        .iter()
                        .any(|id| revision_of(id).is_none_or(|revision| revision > confirmed));
                    if !news && changes.conflicted.is_empty() {
                        // While this browser pushes, its own changes would wake the feed
                        // once per push: waiting a moment takes them together.
                        TimeoutFuture::new(OWN_CHANGES_PAUSE_MS).await;
                        continue;
                    }
                    for id in changes.conflicted {
                        if let Err(problem) = self.resolve_conflict(generation, &id).await {
                            self.team_problem(generation, problem).await;
                        }
                    }
                    if let Err(problem) = self.pull(generation).await {
                        self.team_problem(generation, problem).await;
                    }
                    // A teammate's change may have moved the shared clock past a release's
                    // date: every open browser applies it at once, and the team's log
                    // keeps the first (the others find nothing left due on rebase).
                    if let Err(problem) = self.apply_due_releases().await {
                        self.report(format!(
                            "Scheduled releases that came due could not be applied. {problem}"
                        ));
                    }
                    self.wake_push();
                }
                Err(problem) => {
                    if self.stop_or_wait(generation, &problem).await {
                        return;
                    }
                    // Back online: what was missed is pulled first.
                    first = true;
                }
            }
        }
    }

    /// Shows the problem; true when sync must stop, else after waiting to try again.
    async fn stop_or_wait(self, generation: u32, problem: &CouchError) -> bool {
        self.show_team_status(generation, Some(problem));
        if problem.ends_sync() {
            return true;
        }
        TimeoutFuture::new(RETRY_MS).await;
        false
    }

    fn wake_push(self) {
        self.team.try_with_value(|team| {
            if let Some(team) = team {
                let _ = team.wake.unbounded_send(());
            }
        });
    }

    /// Shows a problem of background sync; true when sync must stop.
    async fn team_problem(self, generation: u32, problem: SessionError) -> bool {
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

    /// Fetches what the team's log has after this browser's confirmed revision and puts
    /// this browser's queue on top of it.
    async fn pull(self, generation: u32) -> Result<(), SessionError> {
        // Until a fetch finds the confirmed revision where it left it: a push or another
        // pull may move it while the fetch is under way, and what that fetch found must
        // not wait for the next change to be taken.
        while !self.pull_once(generation).await? {}
        Ok(())
    }

    /// One pull; false when the confirmed revision moved meanwhile (nothing was taken).
    async fn pull_once(self, generation: u32) -> Result<bool, SessionError> {
        let Some(Some((couch, confirmed, head_key))) = self.team.try_with_value(|team| {
            team.as_ref()
                .filter(|team| team.generation == generation)
                .map(|team| {
                    (
                        team.couch.clone(),
                        team.record.confirmed,
                        team.record.head_key.clone(),
                    )
                })
        }) else {
            return Ok(true);
        };
        let documents = couch
            .batches_after(confirmed)
            .await
            .map_err(SessionError::Team)?;
        for document in documents
            .iter()
            .filter(|document| !document.conflicts.is_empty())
        {
            self.resolve_conflict(generation, &document.id).await?;
        }
        let followed = follow(documents, confirmed, head_key.as_deref());
        self.team.try_update_value(|link| {
            if let Some(link) = link
                .as_mut()
                .filter(|link| link.generation == generation && link.record.confirmed == confirmed)
            {
                link.stray = followed.stray;
            }
        });
        let team = followed.batches;
        if team.is_empty() {
            self.show_team_status(generation, None);
            return Ok(true);
        }
        let _writing = self.lock().await?;
        let still = self
            .team
            .try_with_value(|link| {
                link.as_ref().is_some_and(|link| {
                    link.generation == generation && link.record.confirmed == confirmed
                })
            })
            .unwrap_or(false);
        if !still {
            return Ok(!self.is_generation(generation));
        }
        self.rebase_queue(team, Vec::new()).await?;
        self.show_team_status(generation, None);
        Ok(true)
    }

    /// Takes the team's batches after the confirmed revision (`team`), settles this
    /// browser's own among them, and decides the rest of the queue (and `lost`, changes a
    /// cluster conflict undid) again on top. The caller holds the lock.
    async fn rebase_queue(
        self,
        team: Vec<BatchRead>,
        lost: Vec<Queued>,
    ) -> Result<(), SessionError> {
        let store = self.store().await?;
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let Some(Some((mut record, mut team_workspace))) = self.team.try_update_value(|link| {
            link.as_mut()
                .map(|link| (link.record.clone(), std::mem::take(&mut link.workspace)))
        }) else {
            return Ok(());
        };
        let before = record.confirmed;
        let others = record.settle(&team);
        for batch in &team[..(record.confirmed - before) as usize] {
            for event in &batch.events {
                team_workspace.apply(event);
            }
        }
        if let Some(last) = others.last() {
            record.head_key.clone_from(&last.key);
        }
        let others: Vec<Vec<Event>> = others.iter().map(|batch| batch.events.clone()).collect();
        let keep = record.confirmed;
        if others.is_empty() && lost.is_empty() {
            // Only this browser's own changes, pushed before the answer was lost.
            let saved = store.save_team(Some(&record)).await;
            self.team.try_update_value(|link| {
                if let Some(link) = link {
                    link.record = record;
                    link.workspace = team_workspace;
                }
            });
            return Ok(saved?);
        }
        for event in others.iter().flatten() {
            team_workspace.apply(event);
        }
        record.confirmed += others.len() as u32;
        let mut queue = std::mem::take(&mut record.queue);
        queue.extend(lost.iter().cloned());
        let result = if queue.is_empty() && lost.is_empty() && head.revision == keep {
            // Nothing of ours on top: the teammates' batches are appended as they are.
            let written = store
                .rewrite_after(head, keep, &others, None, &record)
                .await;
            written.inspect(|_| {
                self.workspace.try_update(|workspace| {
                    for event in others.iter().flatten() {
                        workspace.apply(event);
                    }
                });
            })
        } else {
            let rebased = rebase(team_workspace.clone(), queue);
            record.queue = rebased.queue;
            let mut batches = others.clone();
            batches.extend(record.queue.iter().map(|change| change.events.clone()));
            // Written only if the stored snapshot is among what is replaced.
            let snapshot = Some((record.confirmed, &team_workspace));
            let written = store
                .rewrite_after(head, keep, &batches, snapshot, &record)
                .await;
            if written.is_ok() {
                let zone = rebased.workspace.publisher().time_zone;
                let sentences: Vec<String> = rebased
                    .dropped
                    .iter()
                    .map(|dropped| dropped.sentence(zone))
                    .collect();
                if !sentences.is_empty() {
                    self.team_notices
                        .try_update(|notices| notices.extend(sentences));
                }
                self.workspace.try_set(rebased.workspace);
            }
            written
        };
        match result {
            Ok(head) => {
                self.head.try_set(head);
                self.announce(head.revision);
                self.team.try_update_value(|link| {
                    if let Some(link) = link {
                        link.record = record;
                        link.workspace = team_workspace;
                    }
                });
                Ok(())
            }
            Err(problem) => {
                // Nothing was written: everything is taken from the store again (the team's
                // workspace in memory was moved on), and the next pull tries again.
                self.reload_shared().await;
                Err(problem.into())
            }
        }
    }

    /// Takes the workspace, the team record and the team's workspace from the store again
    /// (another tab of this browser saved, pushed or pulled). The caller holds the lock.
    pub(super) async fn reload_shared(self) {
        reload_shared(self).await;
    }

    /// Resolves a conflict CouchDB keeps for a batch document (two nodes of a cluster
    /// both accepted a revision): the winner is CouchDB's, the same on every node; the
    /// losers are deleted. If this browser had applied a loser, it takes the team's log
    /// again from before that revision, and its own lost changes are decided again.
    async fn resolve_conflict(self, generation: u32, id: &str) -> Result<(), SessionError> {
        let Some(revision) = revision_of(id) else {
            return Ok(());
        };
        let Some(couch) = self.couch_of(generation) else {
            return Ok(());
        };
        // A teammate may have resolved it already (the losers deleted): the one live leaf
        // left is then the winner, still to be compared with what this browser applied.
        let leaves = couch.leaves(id).await.map_err(SessionError::Team)?;
        let Some(winner) = winning_revision(leaves.iter().map(|leaf| leaf.rev.as_str()))
            .and_then(|rev| leaves.iter().find(|leaf| leaf.rev == rev))
        else {
            return Ok(());
        };
        for loser in leaves.iter().filter(|leaf| leaf.rev != winner.rev) {
            couch
                .delete_revision(id, &loser.rev)
                .await
                .map_err(SessionError::Team)?;
        }
        let _writing = self.lock().await?;
        let store = self.store().await?;
        let Some(Some((record, confirmed))) = self.team.try_with_value(|team| {
            team.as_ref()
                .filter(|team| team.generation == generation)
                .map(|team| (team.record.clone(), team.record.confirmed))
        }) else {
            return Ok(());
        };
        if revision > confirmed {
            return Ok(());
        }
        let local = store.batches_between(revision, revision).await?;
        if local.first().map(|(_, events)| events) == Some(&winner.events) {
            return Ok(());
        }
        let lost: Vec<Queued> = self
            .team
            .try_with_value(|team| {
                team.as_ref()
                    .map(|team| {
                        team.pushed
                            .iter()
                            .filter(|(pushed, _)| *pushed >= revision)
                            .map(|(_, change)| change.clone())
                            .chain(team.record.queue.iter().cloned())
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        self.adopt(couch, record, Some(revision), lost).await?;
        // `adopt` began a new generation: its loops.
        self.start_team_loops(None);
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
    if let Some(woken) = woken {
        spawn_local(session.push_loop(generation, woken));
    }
    spawn_local(session.changes_loop(generation, since));
    spawn_local(session.fetch_history(generation));
}

/// `Session::reload_shared`. In the split build (src/ui/app.rs) a module of its own, with
/// the decoder of queued commands: only a shared workspace needs them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn reload_shared(session: Session) {
    let Ok(store) = session.store().await else {
        return;
    };
    match store.load().await.and_then(Loaded::with_queue) {
        Ok(loaded) => {
            session.workspace.try_set(loaded.workspace);
            session.head.try_set(loaded.head);
            if let (Some(record), Some(workspace)) = (loaded.team, loaded.team_workspace) {
                session.team.try_update_value(|link| {
                    if let Some(link) = link {
                        link.record = record;
                        link.workspace = workspace;
                        let _ = link.wake.unbounded_send(());
                    }
                });
            }
        }
        Err(problem) => session.report(format!(
            "Packwright could not load what another tab saved. {problem}"
        )),
    }
}
