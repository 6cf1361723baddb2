//! The team's log as CouchDB documents: a chain of batches, each naming its predecessor's
//! key; how a push's answer and a pull's listing are read.

use serde::{Deserialize, Serialize};

use super::{batch_id, revision_of};
use crate::domain::{Event, Workspace};

/// A document at the revision after the team's head that does not follow it: written by
/// a push that lost the revision before it (`follow`). The next push writes over it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stray {
    pub revision: u32,
    /// Its CouchDB revision, which writing over it names.
    pub rev: String,
}

/// What of the team's documents after revision `confirmed` follows on from it.
#[derive(Debug, PartialEq)]
pub struct Followed {
    /// In order, each the revision after the one before, each following its chain key.
    pub batches: Vec<BatchRead>,
    /// The document after the last of `batches` when it is there but does not follow.
    pub stray: Option<Stray>,
}

/// Takes the documents `_all_docs` listed after `confirmed` (whose chain key is
/// `head_key`) up to the first gap, or the first that does not name its predecessor's key
/// as its `after`. Where a key is unknown (documents written without keys), the next
/// document is taken as following.
pub fn follow(documents: Vec<BatchRead>, confirmed: u32, head_key: Option<&str>) -> Followed {
    let mut key = head_key.map(str::to_owned);
    let mut batches = Vec::new();
    for document in documents {
        let revision = confirmed + 1 + batches.len() as u32;
        if revision_of(&document.id) != Some(revision) {
            break;
        }
        if key.is_some() && document.after != key {
            return Followed {
                batches,
                stray: Some(Stray {
                    revision,
                    rev: document.rev,
                }),
            };
        }
        key.clone_from(&document.key);
        batches.push(document);
    }
    Followed {
        batches,
        stray: None,
    }
}

/// The batches of `documents` (as `_all_docs` lists them, oldest first) that end at
/// revision `last` without a gap, oldest first: the team's history just before `last + 1`.
pub fn ending_at(documents: Vec<BatchRead>, last: u32) -> Vec<Vec<Event>> {
    let mut batches = Vec::new();
    for document in documents.into_iter().rev() {
        if revision_of(&document.id) != Some(last - batches.len() as u32) {
            break;
        }
        batches.push(document.events);
    }
    batches.reverse();
    batches
}

/// What became of one document of a push (`Couch::write_batches`).
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    /// Written, as CouchDB's revision `rev`.
    Created { rev: String },
    /// Someone wrote that revision of the log first (`409`).
    Taken,
}

/// What a push's answer means for the queue.
#[derive(Debug, PartialEq)]
pub struct Pushed {
    /// How many changes from the front of the queue are now in the team's log: the
    /// documents created before the first one taken.
    pub accepted: usize,
    /// Documents created after one that was taken: they follow nothing in the team's log.
    /// Their writer deletes them (id, CouchDB revision).
    pub strays: Vec<(String, String)>,
    /// Whether every document was created.
    pub whole: bool,
}

/// Reads the answer `written` to a push of `documents`, one per document, in order.
pub fn pushed(documents: &[BatchDocument<'_>], mut written: Vec<Written>) -> Pushed {
    let accepted = written
        .iter()
        .take_while(|written| matches!(written, Written::Created { .. }))
        .count();
    let strays = created(&documents[accepted..], written.split_off(accepted));
    Pushed {
        whole: accepted == documents.len(),
        accepted,
        strays,
    }
}

/// The documents of `documents` that `written` (one answer per document, in order) says
/// were created: their ids and CouchDB revisions.
pub fn created(documents: &[BatchDocument<'_>], written: Vec<Written>) -> Vec<(String, String)> {
    documents
        .iter()
        .zip(written)
        .filter_map(|(document, written)| match written {
            Written::Created { rev } => Some((document.id.clone(), rev)),
            Written::Taken => None,
        })
        .collect()
}

/// The documents of `batches`, revisions `first ..` in order, chained on from `head_key`
/// with a fresh key each (`new_key`). `stray`, when it is at `first`, is written over.
pub fn chain<'a>(
    first: u32,
    head_key: Option<&str>,
    stray: Option<&'a Stray>,
    batches: impl IntoIterator<Item = &'a [Event]>,
    mut new_key: impl FnMut() -> String,
) -> Vec<BatchDocument<'a>> {
    let mut after = head_key.map(str::to_owned);
    batches
        .into_iter()
        .enumerate()
        .map(|(index, events)| {
            let revision = first + index as u32;
            let key = new_key();
            BatchDocument {
                id: batch_id(revision),
                rev: stray
                    .filter(|stray| stray.revision == revision)
                    .map(|stray| stray.rev.as_str()),
                format: crate::domain::FORMAT_VERSION,
                key: key.clone(),
                after: after.replace(key),
                events,
            }
        })
        .collect()
}

/// A batch document, as written.
#[derive(Debug, Serialize)]
pub struct BatchDocument<'a> {
    #[serde(rename = "_id")]
    pub id: String,
    /// The revision written over (a `Stray`); none when the document is created.
    #[serde(rename = "_rev", skip_serializing_if = "Option::is_none")]
    pub rev: Option<&'a str>,
    pub format: u32,
    /// This document's chain key: random, named by the next revision's `after`.
    pub key: String,
    /// The chain key of the revision before (none at revision 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    pub events: &'a [Event],
}

/// A batch document as read; CouchDB's fields beside ours.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BatchRead {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_rev")]
    pub rev: String,
    #[serde(rename = "_conflicts", default)]
    pub conflicts: Vec<String>,
    /// A deleted leaf (a resolved conflict's loser): never a winner.
    #[serde(rename = "_deleted", default)]
    pub deleted: bool,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub events: Vec<Event>,
}

/// A snapshot document's body.
#[derive(Serialize)]
pub struct SnapshotDocument<'a> {
    pub format: u32,
    pub revision: u32,
    /// The chain key of revision `revision`'s document, which the next one follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'a str>,
    pub workspace: &'a Workspace,
}

/// A snapshot document as read.
#[derive(Debug, Deserialize)]
pub struct SnapshotRead {
    pub revision: u32,
    #[serde(default)]
    pub key: Option<String>,
    pub workspace: Workspace,
}

/// Which of a document's conflicting leaf revisions CouchDB shows, the same on every node:
/// the longest revision history (the number before the dash), then the greatest hash.
/// Every member of the team applies the same one, so all end up with the same log.
pub fn winning_revision<'a>(revisions: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    revisions.into_iter().max_by(|a, b| {
        let key = |rev: &'a str| {
            let (generation, hash) = rev.split_once('-').unwrap_or(("0", rev));
            (generation.parse::<u64>().unwrap_or(0), hash)
        };
        key(a).cmp(&key(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::team::tests::{batch, read};

    #[test]
    fn the_log_is_followed_by_its_chain_keys_up_to_a_gap_or_a_stray() {
        let documents = vec![
            read(4, "k4", Some("k3"), "A"),
            read(5, "k5", Some("k4"), "B"),
            // Written by a push that lost revision 5 to the document above.
            read(6, "k6", Some("lost"), "C"),
            read(7, "k7", Some("k6"), "D"),
        ];
        let followed = follow(documents.clone(), 3, Some("k3"));
        assert_eq!(followed.batches, documents[..2].to_vec());
        assert_eq!(
            followed.stray,
            Some(Stray {
                revision: 6,
                rev: "1-k6".into()
            })
        );
        // Revision 4 itself does not follow a head whose key is another.
        let followed = follow(documents.clone(), 3, Some("other"));
        assert!(followed.batches.is_empty());
        assert_eq!(followed.stray.map(|stray| stray.revision), Some(4));
        // A gap ends the log; nothing after it is a stray.
        let followed = follow(documents[1..].to_vec(), 3, Some("k3"));
        assert_eq!(
            followed,
            Followed {
                batches: Vec::new(),
                stray: None
            }
        );
        // Documents written without keys are taken as they come.
        let mut legacy = documents[..2].to_vec();
        for document in &mut legacy {
            document.key = None;
            document.after = None;
        }
        assert_eq!(follow(legacy.clone(), 3, None).batches, legacy);
    }

    #[test]
    fn a_push_keeps_what_was_created_before_the_first_taken_revision_and_drops_the_rest() {
        let events = [batch("A"), batch("B"), batch("C"), batch("D")];
        let mut keys = (0..).map(|index| format!("k{index}"));
        let documents = chain(
            5,
            Some("k4"),
            None,
            events.iter().map(Vec::as_slice),
            || keys.next().unwrap(),
        );
        let created = |rev: &str| Written::Created { rev: rev.into() };
        assert_eq!(
            pushed(
                &documents,
                vec![
                    created("1-a"),
                    Written::Taken,
                    created("1-c"),
                    created("1-d")
                ]
            ),
            Pushed {
                accepted: 1,
                strays: vec![
                    ("0000000007".into(), "1-c".into()),
                    ("0000000008".into(), "1-d".into())
                ],
                whole: false,
            }
        );
        let all = pushed(&documents, (0..4).map(|_| created("1-x")).collect());
        assert_eq!((all.accepted, all.strays.len(), all.whole), (4, 0, true));
        let none = pushed(&documents, vec![Written::Taken; 4]);
        assert_eq!(
            (none.accepted, none.strays.len(), none.whole),
            (0, 0, false)
        );
    }

    #[test]
    fn history_is_taken_back_from_its_end_up_to_a_gap() {
        let documents = vec![
            read(2, "k2", None, "A"),
            read(4, "k4", None, "B"),
            read(5, "k5", None, "C"),
        ];
        assert_eq!(
            ending_at(documents.clone(), 5),
            vec![batch("B"), batch("C")]
        );
        assert!(ending_at(documents.clone(), 6).is_empty());
        assert_eq!(ending_at(documents[..1].to_vec(), 2), vec![batch("A")]);
        assert!(ending_at(Vec::new(), 1).is_empty());
    }

    #[test]
    fn a_chain_names_each_predecessor_and_writes_over_a_stray_at_its_start() {
        let events = [batch("A"), batch("B")];
        let stray = Stray {
            revision: 8,
            rev: "1-abc".into(),
        };
        let mut keys = ["x", "y"].into_iter().map(str::to_owned);
        let documents = chain(
            8,
            Some("k7"),
            Some(&stray),
            events.iter().map(Vec::as_slice),
            || keys.next().unwrap(),
        );
        let text = serde_json::to_value(&documents).unwrap();
        assert_eq!(text[0]["_id"], "0000000008");
        assert_eq!(text[0]["_rev"], "1-abc");
        assert_eq!(text[0]["after"], "k7");
        assert_eq!(text[0]["key"], "x");
        assert_eq!(text[1]["after"], "x");
        assert!(text[1].get("_rev").is_none());
        // What is written follows on when read back.
        let read_back: Vec<BatchRead> = text
            .as_array()
            .unwrap()
            .iter()
            .map(|document| {
                let mut document = document.clone();
                document["_rev"] = "1-r".into();
                serde_json::from_value(document).unwrap()
            })
            .collect();
        assert_eq!(follow(read_back, 7, Some("k7")).batches.len(), 2);
    }

    #[test]
    fn the_winner_of_a_conflict_is_the_longest_history_then_the_greatest_hash() {
        assert_eq!(winning_revision(["1-abc", "1-abd"]), Some("1-abd"));
        assert_eq!(winning_revision(["2-aaa", "1-fff"]), Some("2-aaa"));
        assert_eq!(winning_revision(["10-a", "9-z"]), Some("10-a"));
        assert_eq!(winning_revision(std::iter::empty()), None);
    }
}
