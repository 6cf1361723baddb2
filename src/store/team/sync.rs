//! Team sync's decisions, on plain data (tested natively, see the property test below):
//! what this browser knows of the team's log, and how it moves when a push is answered, a
//! pull brings teammates' batches, or a cluster conflict undoes a change. The browser part
//! (`ui::team`) only talks to CouchDB and IndexedDB and calls these.

use std::collections::VecDeque;

use crate::domain::rebase::{rebase, Dropped, Queued};
use crate::domain::{Event, Workspace};
use crate::store::records::{snapshot_json, SNAPSHOT_EVERY};
use crate::store::team::{BatchRead, Stray, TeamRecord};

/// A snapshot document is written to the team's database after this many revisions.
pub const TEAM_SNAPSHOT_EVERY: u32 = 100;
/// How many pushed changes are remembered, in case a cluster conflict undoes one.
pub const PUSHED_KEPT: usize = 50;
/// How many queued changes one push sends at most.
pub const PUSH_MOST: usize = 128;

/// The team's log as this browser holds it: what is stored of it, and its workspace.
#[derive(Clone, Debug)]
pub struct TeamLog {
    /// The confirmed revision, its chain key, the queue.
    pub record: TeamRecord,
    /// The workspace as the team's log has it, at `record.confirmed`.
    pub workspace: Workspace,
}

/// The team's side of a shared workspace, as this browser knows it.
#[derive(Clone, Debug)]
pub struct TeamState {
    pub log: TeamLog,
    /// The latest changes pushed from here, by revision.
    pub pushed: VecDeque<(u32, Queued)>,
    /// The document after the team's head that does not follow it, if the last pull
    /// found one: the next push writes over it.
    pub stray: Option<Stray>,
}

/// The front of the queue, to be pushed from revision `first` on.
#[derive(Clone, Debug, PartialEq)]
pub struct Push {
    pub first: u32,
    pub head_key: Option<String>,
    pub stray: Option<Stray>,
    pub changes: Vec<Queued>,
}

/// What a confirmation asks to be stored besides the record.
#[derive(Debug)]
pub struct Confirmed {
    /// The record to store (its queue apart).
    pub record: TeamRecord,
    /// Snapshots for the team's database: revision, its chain key, the workspace.
    pub team_snapshots: Vec<(u32, String, Workspace)>,
    /// Local snapshots: the record as of that revision, the revision, the snapshot's
    /// stored text.
    pub local_snapshots: Vec<(TeamRecord, u32, String)>,
}

/// How the stored log moves when teammates' batches arrive (a pull), or when changes a
/// cluster conflict undid are queued again.
#[derive(Debug)]
pub enum Taken {
    /// Only this browser's own changes came back (pushed, but the answer was lost): the
    /// record moves on, the log stays as it is.
    OwnOnly,
    /// Nothing of this browser's waits: the teammates' batches are appended after `keep`.
    Appended { keep: u32, batches: Vec<Vec<Event>> },
    /// The log after `keep` is replaced by the teammates' batches and this browser's queue
    /// decided again on top of them (`workspace`); `dropped` are what the engine refused
    /// this time. The team's workspace at the new confirmed revision is stored as the
    /// snapshot when the stored one is among what is replaced.
    Rebased {
        keep: u32,
        batches: Vec<Vec<Event>>,
        workspace: Box<Workspace>,
        dropped: Vec<Dropped>,
    },
}

impl TeamState {
    pub fn new(record: TeamRecord, workspace: Workspace) -> TeamState {
        TeamState {
            log: TeamLog { record, workspace },
            pushed: VecDeque::new(),
            stray: None,
        }
    }

    /// The front of the queue, at most `most` changes; none when the queue is empty.
    pub fn next_push(&self, most: usize) -> Option<Push> {
        let count = most.min(self.log.record.queue.len());
        (count > 0).then(|| Push {
            first: self.log.record.confirmed + 1,
            head_key: self.log.record.head_key.clone(),
            stray: self.stray.clone(),
            changes: self.log.record.queue[..count].to_vec(),
        })
    }

    /// The team's log took `changes` (a push's front of the queue) from revision `first`
    /// on, with these chain keys: those still at the front of the queue leave it (a pull may
    /// have taken some meanwhile; a change no longer at the front is not this push's).
    pub fn confirm(&mut self, first: u32, changes: Vec<Queued>, keys: Vec<String>) -> Confirmed {
        let mut team_snapshots = Vec::new();
        let mut local_snapshots = Vec::new();
        let mut taken = 0;
        for (revision, (change, key)) in (first..).zip(changes.into_iter().zip(keys)) {
            if revision <= self.log.record.confirmed {
                // A pull found it in the team's log already.
                continue;
            }

            if self.log.record.confirmed + 1 != revision
                || self.log.record.queue.get(taken) != Some(&change)
            {
                break;
            }
            taken += 1;
            self.log.record.confirmed = revision;
            for event in &change.events {
                self.log.workspace.apply(event);
            }
            if revision.is_multiple_of(TEAM_SNAPSHOT_EVERY) {
                team_snapshots.push((revision, key.clone(), self.log.workspace.clone()));
            }
            self.log.record.head_key = Some(key);
            if revision.is_multiple_of(SNAPSHOT_EVERY) {
                // The local snapshot holds the team's workspace only (never the queue).
                let text = snapshot_json(revision, &self.log.workspace);
                local_snapshots.push((self.log.record.header(), revision, text));
            }
            self.pushed.push_back((revision, change));
            if self.pushed.len() > PUSHED_KEPT {
                self.pushed.pop_front();
            }
        }
        self.log.record.queue.drain(..taken);
        Confirmed {
            record: self.log.record.header(),
            team_snapshots,
            local_snapshots,
        }
    }

    /// The changes pushed from revision `revision` on and those queued: what a conflict at
    /// `revision` may have undone.
    pub fn since(&self, revision: u32) -> Vec<Queued> {
        self.pushed
            .iter()
            .filter(|(pushed, _)| *pushed >= revision)
            .map(|(_, change)| change.clone())
            .chain(self.log.record.queue.iter().cloned())
            .collect()
    }
}

impl TeamLog {
    /// Takes the team's batches after the confirmed revision (a pull): this browser's own
    /// among them leave the queue, and the rest of the queue is decided again on top of the
    /// others'. `local_revision` is the newest revision of the stored log.
    pub fn take_pulled(&mut self, team: &[BatchRead], local_revision: u32) -> Taken {
        let before = self.record.confirmed;
        let others = self.record.settle(team);
        for batch in &team[..(self.record.confirmed - before) as usize] {
            for event in &batch.events {
                self.workspace.apply(event);
            }
        }
        if others.is_empty() {
            return Taken::OwnOnly;
        }
        if let Some(last) = others.last() {
            self.record.head_key.clone_from(&last.key);
        }
        let others: Vec<Vec<Event>> = others.iter().map(|batch| batch.events.clone()).collect();
        let keep = self.record.confirmed;
        self.take_others(&others);
        if self.record.queue.is_empty() && local_revision == keep {
            return Taken::Appended {
                keep,
                batches: others,
            };
        }
        let queue = std::mem::take(&mut self.record.queue);
        self.rebase(keep, others, queue)
    }

    /// Queues again the changes a cluster conflict undid (`lost`, after the team's log was
    /// taken again), but for those the team's log holds after all (`log`), decided again on
    /// top of the team's workspace. `None` when nothing is left to queue.
    pub fn requeue_lost(&mut self, lost: Vec<Queued>, log: &[Vec<Event>]) -> Option<Taken> {
        let mut queue = std::mem::take(&mut self.record.queue);
        queue.extend(
            lost.into_iter()
                .filter(|change| !log.contains(&change.events)),
        );
        if queue.is_empty() {
            return None;
        }
        let keep = self.record.confirmed;
        Some(self.rebase(keep, Vec::new(), queue))
    }

    fn take_others(&mut self, others: &[Vec<Event>]) {
        for event in others.iter().flatten() {
            self.workspace.apply(event);
        }
        self.record.confirmed += others.len() as u32;
    }

    fn rebase(&mut self, keep: u32, others: Vec<Vec<Event>>, queue: Vec<Queued>) -> Taken {
        let rebased = rebase(self.workspace.clone(), queue);
        self.record.queue = rebased.queue;
        let mut batches = others;
        batches.extend(self.record.queue.iter().map(|change| change.events.clone()));
        Taken::Rebased {
            keep,
            batches,
            workspace: Box::new(rebased.workspace),
            dropped: rebased.dropped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::team::tests::{queued, read};

    fn state(queue: &[&str]) -> TeamState {
        let mut record = TeamRecord::new("http://couch", "team", "alice", 3);
        record.queue = queue.iter().map(|name| queued(name)).collect();
        TeamState::new(record, Workspace::default())
    }

    fn names(queue: &[Queued]) -> Vec<String> {
        queue
            .iter()
            .map(|change| match &change.events[0].change {
                crate::domain::Change::GroupCreated { name, .. } => name.clone(),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_push_is_the_front_of_the_queue_from_the_revision_after_the_confirmed_one() {
        let state = state(&["A", "B", "C"]);
        let push = state.next_push(2).unwrap();
        assert_eq!(
            (push.first, names(&push.changes)),
            (4, vec!["A".into(), "B".into()])
        );
        assert_eq!(super::TeamState::next_push(&self::state(&[]), 2), None);
    }

    #[test]
    fn a_confirmation_takes_the_front_skipping_what_a_pull_took_and_stops_at_a_stranger() {
        let mut state = state(&["B", "C"]);
        // A pull took A (revision 4) meanwhile; the push of A, B, C is confirmed whole.
        let confirmed = state.confirm(
            3,
            vec![queued("X"), queued("A"), queued("B"), queued("C")],
            vec!["kx".into(), "ka".into(), "kb".into(), "kc".into()],
        );
        // X (revision 3) was confirmed before; A (4) is not the front of the queue: stop.
        assert_eq!(confirmed.record.confirmed, 3);
        assert_eq!(names(&state.log.record.queue), vec!["B", "C"]);

        let confirmed = state.confirm(
            3,
            vec![queued("A"), queued("B"), queued("C")],
            vec!["ka".into(), "kb".into(), "kc".into()],
        );
        // A (3) was confirmed before (skipped), B and C are taken.
        assert_eq!(confirmed.record.confirmed, 5);
        assert_eq!(confirmed.record.head_key.as_deref(), Some("kc"));
        assert!(state.log.record.queue.is_empty());
        assert!(state.log.workspace.groups().any(|group| group.name == "C"));
        assert_eq!(state.since(5).len(), 1);
        assert_eq!(state.since(4).len(), 2);
    }

    #[test]
    fn a_pull_of_only_this_browsers_own_changes_moves_the_record_only() {
        let mut state = state(&["A", "B"]);
        let taken = state.log.take_pulled(&[read(4, "ka", None, "A")], 5);
        assert!(matches!(taken, Taken::OwnOnly));
        assert_eq!(state.log.record.confirmed, 4);
        assert_eq!(names(&state.log.record.queue), vec!["B"]);
        assert_eq!(state.log.workspace.groups().count(), 1);
    }

    #[test]
    fn a_pull_with_nothing_queued_appends_the_teammates_batches() {
        let mut state = state(&[]);
        let taken = state.log.take_pulled(&[read(4, "kx", None, "X")], 3);
        let Taken::Appended { keep, batches } = taken else {
            panic!("{taken:?}");
        };
        assert_eq!((keep, batches.len()), (3, 1));
        assert_eq!(state.log.record.confirmed, 4);
        assert_eq!(state.log.record.head_key.as_deref(), Some("kx"));
    }

    #[test]
    fn a_pull_under_a_queue_decides_it_again_and_drops_what_is_refused_now() {
        let mut state = state(&["A", "X"]);
        let taken = state.log.take_pulled(&[read(4, "kx", None, "X")], 5);
        let Taken::Rebased {
            keep,
            batches,
            workspace,
            dropped,
        } = taken
        else {
            panic!("{taken:?}");
        };
        // The teammate's X, then A decided again; this browser's X is a duplicate now.
        assert_eq!((keep, batches.len()), (3, 2));
        assert_eq!(names(&state.log.record.queue), vec!["A"]);
        assert_eq!(names(&[dropped[0].change.clone()]), vec!["X"]);
        assert_eq!(workspace.groups().count(), 2);
        assert_eq!(state.log.record.confirmed, 4);
        assert_eq!(state.log.workspace.groups().count(), 1);
    }

    #[test]
    fn changes_a_conflict_undid_are_queued_again_unless_the_log_holds_them() {
        let mut state = state(&[]);
        let log = vec![queued("A").events];
        assert!(state.log.requeue_lost(vec![queued("A")], &log).is_none());
        let taken = state.log.requeue_lost(vec![queued("A"), queued("B")], &log);
        let Some(Taken::Rebased { keep, batches, .. }) = taken else {
            panic!("{taken:?}");
        };
        assert_eq!((keep, batches.len()), (3, 1));
        assert_eq!(names(&state.log.record.queue), vec!["B"]);
    }
}
