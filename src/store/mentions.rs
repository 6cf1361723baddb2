//! The history index: for every stored batch of events, one key per pack, account and kind
//! it mentions, `"a17/0000000123"` (account 17 at revision 123). A filtered activity log
//! reads the revisions that mention what it filters by and only those batches, instead of
//! reading back through the whole log for an account whose few events are long past.

use std::collections::BTreeSet;

use crate::domain::{AccountId, Event, EventKind, PackId};

/// Something the activity log filters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mention {
    Pack(PackId),
    Account(AccountId),
    Kind(EventKind),
}

impl Mention {
    /// The part of its keys before the revision: `p3`, `a17`, `k5`.
    fn prefix(self) -> String {
        match self {
            Mention::Pack(pack) => format!("p{pack}"),
            Mention::Account(account) => format!("a{account}"),
            Mention::Kind(kind) => format!(
                "k{}",
                EventKind::ALL
                    .iter()
                    .position(|candidate| *candidate == kind)
                    .unwrap_or_default()
            ),
        }
    }

    /// Its key for the batch saved at `revision`; keys of one mention sort by revision.
    pub fn key(self, revision: u32) -> String {
        format!("{}/{revision:010}", self.prefix())
    }

    /// The revision a key of this index names.
    pub fn revision_of(key: &str) -> Option<u32> {
        key.rsplit_once('/')?.1.parse().ok()
    }
}

/// Everything a batch of events mentions, once each.
pub fn mentions_of<'a>(events: impl IntoIterator<Item = &'a Event>) -> BTreeSet<Mention> {
    let mut mentions = BTreeSet::new();
    for event in events {
        mentions.insert(Mention::Kind(event.kind()));
        if let Some(pack) = event.pack() {
            mentions.insert(Mention::Pack(pack));
        }
        if let Some(account) = event.account() {
            mentions.insert(Mention::Account(account));
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, PublisherZone};

    #[test]
    fn keys_sort_by_revision_and_name_it() {
        let mention = Mention::Account(AccountId(17));
        assert_eq!(mention.key(123), "a17/0000000123");
        assert!(mention.key(99) < mention.key(100));
        // The range of account 1 holds no key of account 10.
        let (low, high) = (
            Mention::Account(AccountId(1)).key(0),
            Mention::Account(AccountId(1)).key(u32::MAX),
        );
        let other = Mention::Account(AccountId(10)).key(5);
        assert!(!(low <= other && other <= high));
        assert_eq!(Mention::revision_of(&mention.key(123)), Some(123));
        assert_eq!(Mention::Kind(EventKind::Install).key(1), "k6/0000000001");
    }

    #[test]
    fn a_batch_mentions_each_pack_account_and_kind_once() {
        let at = "2026-11-26T12:00:00Z".parse().unwrap();
        let events = [
            Event {
                at,
                change: Change::AccountCreated {
                    account: AccountId(4),
                    name: "A".into(),
                },
                by: None,
            },
            Event {
                at,
                change: Change::AccountRenamed {
                    account: AccountId(4),
                    from: "A".into(),
                    to: "B".into(),
                },
                by: None,
            },
            Event {
                at,
                change: Change::PublisherTimeZoneChanged {
                    from: PublisherZone::utc(),
                    to: PublisherZone::utc(),
                },
                by: None,
            },
        ];
        let mentions: Vec<Mention> = mentions_of(&events).into_iter().collect();
        assert_eq!(
            mentions,
            [
                Mention::Account(AccountId(4)),
                Mention::Kind(EventKind::Settings),
                Mention::Kind(EventKind::Account),
            ]
        );
    }
}
