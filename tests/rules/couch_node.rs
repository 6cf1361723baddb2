//! One node of CouchDB holding the team's log, as team sync's property tests need it:
//! each document of a request created, written over (when its `_rev` is the current one)
//! or taken, on its own.

use std::collections::BTreeMap;

use packwright::domain::Event;
use packwright::store::team::{revision_of, BatchDocument, BatchRead, Written};

/// A batch document as the server holds it.
#[derive(Clone, Debug)]
struct Stored {
    /// CouchDB's `N-hash`: the edit count, and a hash no other edit shares.
    rev: String,
    /// A deletion leaves a tombstone: creating the document again continues its history.
    deleted: bool,
    key: Option<String>,
    after: Option<String>,
    events: Vec<Event>,
}

/// One node of CouchDB: each document of a request created (where there is none, or a
/// deleted one), written over (when its `_rev` is the current one) or taken, on its own.
#[derive(Default)]
pub struct Node {
    documents: BTreeMap<String, Stored>,
    edits: u32,
}

impl Node {
    pub fn write(&mut self, documents: &[BatchDocument<'_>]) -> Vec<Written> {
        documents
            .iter()
            .map(|document| {
                let current = self.documents.get(&document.id);
                let generation = match (current, document.rev) {
                    (None, None) => 0,
                    (Some(stored), None) if stored.deleted => edit_count(&stored.rev),
                    (Some(stored), Some(named)) if !stored.deleted && stored.rev == named => {
                        edit_count(&stored.rev)
                    }
                    _ => return Written::Taken,
                };
                let rev = self.next_rev(generation);
                self.documents.insert(
                    document.id.clone(),
                    Stored {
                        rev: rev.clone(),
                        deleted: false,
                        key: Some(document.key.clone()),
                        after: document.after.clone(),
                        events: document.events.to_vec(),
                    },
                );
                Written::Created { rev }
            })
            .collect()
    }

    pub fn delete(&mut self, id: &str, rev: &str) {
        let Some(generation) = self
            .documents
            .get(id)
            .filter(|stored| !stored.deleted && stored.rev == rev)
            .map(|stored| edit_count(&stored.rev))
        else {
            return;
        };
        let tombstone = self.next_rev(generation);
        if let Some(stored) = self.documents.get_mut(id) {
            stored.rev = tombstone;
            stored.deleted = true;
        }
    }

    /// `_all_docs` after `revision`, with the documents (deleted ones are not listed).
    pub fn after(&self, revision: u32) -> Vec<BatchRead> {
        self.documents
            .iter()
            .filter(|(id, stored)| {
                !stored.deleted && revision_of(id).is_some_and(|listed| listed > revision)
            })
            .map(|(id, stored)| BatchRead {
                id: id.clone(),
                rev: stored.rev.clone(),
                conflicts: Vec::new(),
                deleted: false,
                key: stored.key.clone(),
                after: stored.after.clone(),
                events: stored.events.clone(),
            })
            .collect()
    }

    fn next_rev(&mut self, generation: u32) -> String {
        self.edits += 1;
        format!("{}-{:08x}", generation + 1, self.edits)
    }
}

fn edit_count(rev: &str) -> u32 {
    rev.split_once('-')
        .and_then(|(count, _)| count.parse().ok())
        .unwrap_or(0)
}
