//! Team sync's log as a chain (`store::team`): writers pushing many documents at once,
//! each taken or not on its own as CouchDB does, some leaving strays behind, always end
//! with one log that every writer's view is the front of, each change in it once.

use proptest::prelude::*;

use packwright::domain::{Change, Event, GroupId};
use packwright::store::team::{batch_id, chain, follow, pushed, Stray};

use crate::couch_node::Node;

/// One browser: its view of the team's log and the changes it has not pushed yet.
struct Writer {
    confirmed: u32,
    head_key: Option<String>,
    stray: Option<Stray>,
    queue: Vec<Vec<Event>>,
    /// What it pushed, in the order the team's log took it.
    accepted: Vec<Vec<Event>>,
    keys: u32,
    name: char,
}

impl Writer {
    fn new(name: char, changes: usize) -> Writer {
        Writer {
            confirmed: 0,
            head_key: None,
            stray: None,
            queue: (0..changes).map(|index| change(name, index)).collect(),
            accepted: Vec::new(),
            keys: 0,
            name,
        }
    }

    /// Pushes up to `size` changes; `tidy`: deletes its strays (else its tab closed first).
    fn push(&mut self, server: &mut Node, size: usize, tidy: bool) {
        let count = size.min(self.queue.len());
        if count == 0 {
            return;
        }
        let (name, keys) = (self.name, &mut self.keys);
        let documents = chain(
            self.confirmed + 1,
            self.head_key.as_deref(),
            self.stray.as_ref(),
            self.queue[..count].iter().map(Vec::as_slice),
            || {
                *keys += 1;
                format!("{name}{keys}")
            },
        );
        let written = server.write(&documents);
        let outcome = pushed(&documents, written);
        if tidy {
            for (id, rev) in &outcome.strays {
                server.delete(id, rev);
            }
        }
        if outcome.accepted > 0 {
            self.confirmed += outcome.accepted as u32;
            self.head_key = Some(documents[outcome.accepted - 1].key.clone());
            self.accepted.extend(self.queue.drain(..outcome.accepted));
        }
        if !outcome.whole {
            self.pull(server);
        }
    }

    /// Takes what teammates saved after its view.
    fn pull(&mut self, server: &Node) {
        let followed = follow(
            server.after(self.confirmed),
            self.confirmed,
            self.head_key.as_deref(),
        );
        if let Some(last) = followed.batches.last() {
            self.head_key.clone_from(&last.key);
        }
        self.confirmed += followed.batches.len() as u32;
        self.stray = followed.stray;
    }
}

fn change(writer: char, index: usize) -> Vec<Event> {
    vec![Event {
        at: "2026-11-26T12:00:00Z".parse().unwrap(),
        change: Change::GroupCreated {
            group: GroupId(index as u32),
            name: format!("{writer}{index}"),
        },
        by: Some(writer.to_string()),
    }]
}

/// A step: which writer pushes how many, and whether it deletes its strays.
fn steps() -> impl Strategy<Value = Vec<(usize, usize, bool)>> {
    prop::collection::vec((0..3usize, 1..6usize, prop::bool::weighted(0.7)), 1..60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn writers_pushing_many_documents_at_once_end_with_one_log(steps in steps()) {
        let mut server = Node::default();
        let mut writers: Vec<Writer> =
            ['a', 'b', 'c'].into_iter().map(|name| Writer::new(name, 12)).collect();
        for (writer, size, tidy) in steps {
            writers[writer].push(&mut server, size, tidy);
        }
        // Then everyone sends the rest, tidily, until nothing is left.
        for _ in 0..100 {
            for writer in &mut writers {
                writer.push(&mut server, 4, true);
            }
        }
        for writer in &mut writers {
            prop_assert!(writer.queue.is_empty(), "{} still has {:?}", writer.name, writer.queue);
            writer.pull(&server);
        }

        let log = follow(server.after(0), 0, None).batches;
        // Every change is in the log once, in the order its writer's pushes put it there.
        prop_assert_eq!(log.len(), 36);
        for writer in &writers {
            let name = writer.name.to_string();
            let mine: Vec<&Vec<Event>> = log
                .iter()
                .map(|batch| &batch.events)
                .filter(|events| events[0].by.as_deref() == Some(name.as_str()))
                .collect();
            prop_assert_eq!(mine, writer.accepted.iter().collect::<Vec<_>>());
            // Its view is the whole log, ending at the same document.
            prop_assert_eq!(writer.confirmed as usize, log.len());
            prop_assert_eq!(&writer.head_key, &log.last().unwrap().key);
        }
        for (index, batch) in log.iter().enumerate() {
            prop_assert_eq!(&batch.id, &batch_id(index as u32 + 1));
        }
    }
}
