//! Team sync's transitions (`store::team::sync`) against a model of one CouchDB node:
//! browsers saving, pushing (an answer may be lost on its way back, or arrive after a pull),
//! pulling and reloading, in random interleavings. After every step each browser's stored
//! log is the team's log up to its confirmed revision followed by its queue, and its team
//! workspace is that prefix replayed; once everyone has sent everything, every browser holds
//! the team's log, and each change saved is in it once or was dropped with its reason.

use proptest::prelude::*;

use packwright::domain::rebase::{Intent, Queued};
use packwright::domain::{decide, Change, Command, Event, Workspace};
use packwright::store::team::sync::{Taken, TeamState};
use packwright::store::team::{chain, follow, pushed, BatchDocument, TeamRecord, Written};

use crate::couch_node::Node;
use packwright::domain::command::CreateGroup;

/// A push whose documents the node writes one by one (`_bulk_docs` is not one
/// transaction: other requests are served between its documents), and whose answer is read
/// after the last.
struct InFlight {
    first: u32,
    changes: Vec<Queued>,
    ids: Vec<String>,
    revs: Vec<Option<String>>,
    keys: Vec<String>,
    afters: Vec<Option<String>>,
    written: Vec<Written>,
}

impl InFlight {
    fn documents(&self) -> Vec<BatchDocument<'_>> {
        (0..self.ids.len())
            .map(|index| BatchDocument {
                id: self.ids[index].clone(),
                rev: self.revs[index].as_deref(),
                format: packwright::domain::FORMAT_VERSION,
                key: self.keys[index].clone(),
                after: self.afters[index].clone(),
                events: &self.changes[index].events,
            })
            .collect()
    }

    /// The node writes up to `count` more of its documents.
    fn write(&mut self, node: &mut Node, count: usize) {
        let documents = self.documents();
        let from = self.written.len();
        let to = from.saturating_add(count).min(documents.len());
        let written = node.write(&documents[from..to]);
        self.written.extend(written);
    }
}

/// One browser: its team state, and its stored log and workspace (IndexedDB's).
struct Browser {
    name: char,
    state: TeamState,
    log: Vec<Vec<Event>>,
    workspace: Workspace,
    keys: u32,
    in_flight: Option<InFlight>,
    /// Group names it saved, and those a rebase dropped.
    saved: Vec<String>,
    dropped: Vec<String>,
}

impl Browser {
    fn new(name: char) -> Browser {
        Browser {
            name,
            state: TeamState::new(
                TeamRecord::new("http://x", "team", &name.to_string(), 0),
                Workspace::default(),
            ),
            log: Vec::new(),
            workspace: Workspace::default(),
            keys: 0,
            in_flight: None,
            saved: Vec::new(),
            dropped: Vec::new(),
        }
    }

    /// The user creates a group (refused at once when the name is taken here).
    fn save(&mut self, name: String, minute: i64) {
        let at = start() + chrono::Duration::minutes(minute);
        let command = Command::CreateGroup(CreateGroup { name: name.clone() });
        let Ok(mut events) = decide(&self.workspace, command.clone(), at) else {
            return;
        };
        for event in &mut events {
            event.by = Some(self.name.to_string());
            self.workspace.apply(event);
        }
        self.log.push(events.clone());
        self.state.log.record.queue.push(Queued {
            intent: Intent::Command(command),
            at,
            events,
        });
        self.saved.push(name);
    }

    /// Sends the front of the queue; the node writes `now` of its documents at once, the
    /// rest before the answer is read (`answer`).
    fn send(&mut self, node: &mut Node, most: usize, now: usize) {
        if self.in_flight.is_some() {
            return;
        }
        let Some(push) = self.state.next_push(most) else {
            return;
        };
        let (name, keys) = (self.name, &mut self.keys);
        let documents: Vec<BatchDocument<'_>> = chain(
            push.first,
            push.head_key.as_deref(),
            push.stray.as_ref(),
            push.changes.iter().map(|change| change.events.as_slice()),
            || {
                *keys += 1;
                format!("{name}{keys}")
            },
        );
        let mut sent = InFlight {
            first: push.first,
            ids: documents
                .iter()
                .map(|document| document.id.clone())
                .collect(),
            revs: documents
                .iter()
                .map(|document| document.rev.map(str::to_owned))
                .collect(),
            keys: documents
                .iter()
                .map(|document| document.key.clone())
                .collect(),
            afters: documents
                .iter()
                .map(|document| document.after.clone())
                .collect(),
            written: Vec::new(),
            changes: push.changes.clone(),
        };
        sent.write(node, now);
        self.in_flight = Some(sent);
    }

    /// Reads the answer to the push in flight, as the push loop does: strays deleted, what
    /// was taken confirmed, and a pull when not all was.
    fn answer(&mut self, node: &mut Node) {
        let Some(mut sent) = self.in_flight.take() else {
            return;
        };
        sent.write(node, usize::MAX);
        let outcome = pushed(&sent.documents(), sent.written.clone());
        for (id, rev) in &outcome.strays {
            node.delete(id, rev);
        }
        if outcome.accepted > 0 {
            let changes = sent.changes[..outcome.accepted].to_vec();
            let keys = sent.keys[..outcome.accepted].to_vec();
            self.state.confirm(sent.first, changes, keys);
        }
        if !outcome.whole {
            self.pull(node);
        }
    }

    /// Takes what teammates saved after the confirmed revision.
    fn pull(&mut self, node: &Node) {
        let confirmed = self.state.log.record.confirmed;
        let followed = follow(
            node.after(confirmed),
            confirmed,
            self.state.log.record.head_key.as_deref(),
        );
        self.state.stray = followed.stray;
        if followed.batches.is_empty() {
            return;
        }
        match self
            .state
            .log
            .take_pulled(&followed.batches, self.log.len() as u32)
        {
            Taken::OwnOnly => {}
            Taken::Appended { keep, batches } => {
                assert_eq!(self.log.len() as u32, keep);
                for event in batches.iter().flatten() {
                    self.workspace.apply(event);
                }
                self.log.extend(batches);
            }
            Taken::Rebased {
                keep,
                batches,
                workspace,
                dropped,
            } => {
                self.log.truncate(keep as usize);
                self.log.extend(batches);
                self.workspace = *workspace;
                for change in dropped {
                    if let Some(Change::GroupCreated { name, .. }) =
                        change.change.events.first().map(|event| &event.change)
                    {
                        self.dropped.push(name.clone());
                    }
                }
            }
        }
    }

    /// The tab is reloaded: the push in flight is written all the same, but its answer is
    /// never read; the team state is taken from what is stored.
    fn reload(&mut self, node: &mut Node) {
        if let Some(mut sent) = self.in_flight.take() {
            sent.write(node, usize::MAX);
        }
        let confirmed = self.state.log.record.confirmed as usize;
        self.state = TeamState::new(
            self.state.log.record.clone(),
            replay(&self.log[..confirmed]),
        );
    }

    /// What must hold between any two steps.
    fn check(&self, team: &[Vec<Event>]) -> Result<(), TestCaseError> {
        let confirmed = self.state.log.record.confirmed as usize;
        prop_assert!(
            confirmed <= team.len(),
            "{} confirmed {confirmed} of {}",
            self.name,
            team.len()
        );
        prop_assert_eq!(
            &self.log[..confirmed],
            &team[..confirmed],
            "{}'s confirmed log",
            self.name
        );
        let queued: Vec<&Vec<Event>> = self
            .state
            .log
            .record
            .queue
            .iter()
            .map(|change| &change.events)
            .collect();
        prop_assert_eq!(
            self.log[confirmed..].iter().collect::<Vec<_>>(),
            queued,
            "{}'s queue",
            self.name
        );
        prop_assert_eq!(
            &self.state.log.workspace,
            &replay(&self.log[..confirmed]),
            "{}'s team workspace",
            self.name
        );
        prop_assert_eq!(
            &self.workspace,
            &replay(&self.log),
            "{}'s workspace",
            self.name
        );
        Ok(())
    }
}

fn start() -> chrono::DateTime<chrono::Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn replay(log: &[Vec<Event>]) -> Workspace {
    let mut workspace = Workspace::default();
    for event in log.iter().flatten() {
        workspace.apply(event);
    }
    workspace
}

/// The team's log: the node's documents followed from the first.
fn team_log(node: &Node) -> Vec<Vec<Event>> {
    follow(node.after(0), 0, None)
        .batches
        .into_iter()
        .map(|batch| batch.events)
        .collect()
}

#[derive(Clone, Debug)]
enum Step {
    /// Browser `0` creates the group named `1` (a few names, so that teammates collide).
    Save(usize, usize),
    /// Browser `0` sends up to `1` changes, `2` of them written at once.
    Send(usize, usize, usize),
    /// Browser `0` reads its push's answer.
    Answer(usize),
    /// Browser `0`'s push answer is lost (the network), or its tab reloads.
    Reload(usize),
    /// Browser `0` pulls.
    Pull(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..8usize).prop_map(|(browser, name)| Step::Save(browser, name)),
        3 => (0..3usize, 1..5usize, 0..4usize)
            .prop_map(|(browser, most, now)| Step::Send(browser, most, now)),
        3 => (0..3usize).prop_map(Step::Answer),
        1 => (0..3usize).prop_map(Step::Reload),
        2 => (0..3usize).prop_map(Step::Pull),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn browsers_saving_pushing_and_pulling_in_any_order_end_with_the_teams_log(
        steps in prop::collection::vec(step(), 1..80)
    ) {
        let mut node = Node::default();
        let mut browsers: Vec<Browser> = ['a', 'b', 'c'].into_iter().map(Browser::new).collect();
        for (minute, step) in steps.into_iter().enumerate() {
            match step {
                Step::Save(browser, name) => browsers[browser].save(format!("Group {name}"), minute as i64),
                Step::Send(browser, most, now) => browsers[browser].send(&mut node, most, now),
                Step::Answer(browser) => browsers[browser].answer(&mut node),
                Step::Reload(browser) => browsers[browser].reload(&mut node),
                Step::Pull(browser) => browsers[browser].pull(&node),
            }
            let team = team_log(&node);
            for browser in &browsers {
                browser.check(&team)?;
            }
        }
        // Then everyone sends the rest and reads each answer, until nothing is left.
        for _ in 0..200 {
            for browser in &mut browsers {
                browser.answer(&mut node);
                browser.send(&mut node, 4, 4);
                browser.answer(&mut node);
            }
        }
        let team = team_log(&node);
        for browser in &mut browsers {
            prop_assert!(browser.state.log.record.queue.is_empty(), "{} still queues", browser.name);
            browser.pull(&node);
            browser.check(&team)?;
            prop_assert_eq!(&browser.log, &team);
        }
        // Each group saved is in the team's log once, by its author, or was dropped.
        for browser in &browsers {
            let author = browser.name.to_string();
            let mut made: Vec<String> = team
                .iter()
                .flatten()
                .filter(|event| event.by.as_deref() == Some(author.as_str()))
                .filter_map(|event| match &event.change {
                    Change::GroupCreated { name, .. } => Some(name.clone()),
                    _ => None,
                })
                .collect();
            let mut expected: Vec<String> = browser.saved.clone();
            for dropped in &browser.dropped {
                let at = expected.iter().position(|name| name == dropped).unwrap();
                expected.remove(at);
            }
            made.sort();
            expected.sort();
            prop_assert_eq!(made, expected, "{}'s groups", browser.name);
        }
    }
}
