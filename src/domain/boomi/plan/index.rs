//! The workspace's things by the id Boomi gave them: one index for every kind, so that a
//! lookup names the kind by the id type it wants back (`index.get::<PackId>(…)`).

use std::collections::BTreeMap;

use crate::domain::ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
use crate::domain::model::BoomiThing;
use crate::domain::workspace::Workspace;

/// An id of a kind of thing Boomi ids are kept for.
pub(super) trait Indexed: Copy {
    /// Its kind, as `BoomiThing::kind` numbers it.
    const KIND: usize;
    fn thing(self) -> BoomiThing;
    fn of(thing: BoomiThing) -> Option<Self>;
}

macro_rules! indexed {
    ($($id:ident => $variant:ident = $kind:expr),* $(,)?) => {
        $(impl Indexed for $id {
            const KIND: usize = $kind;
            fn thing(self) -> BoomiThing {
                BoomiThing::$variant(self)
            }
            fn of(thing: BoomiThing) -> Option<Self> {
                match thing {
                    BoomiThing::$variant(id) => Some(id),
                    _ => None,
                }
            }
        })*
    };
}

indexed!(
    ComponentId => Component = 0,
    PackageId => Package = 1,
    PackId => Pack = 2,
    GroupId => Group = 3,
    AccountId => Account = 4,
    InstanceId => Instance = 5,
);

/// Each thing by its kind and Boomi id.
#[derive(Default)]
pub(super) struct BoomiIndex(BTreeMap<(usize, String), BoomiThing>);

impl BoomiIndex {
    /// What the workspace imported from Boomi before.
    pub(super) fn of(workspace: &Workspace) -> BoomiIndex {
        let mut index = BoomiIndex::default();
        for (thing, boomi_id) in &workspace.boomi_ids {
            index.0.insert((thing.kind(), boomi_id.clone()), *thing);
        }
        index
    }

    pub(super) fn insert(&mut self, boomi_id: &str, id: impl Indexed) {
        let thing = id.thing();
        self.0.insert((thing.kind(), boomi_id.to_owned()), thing);
    }

    pub(super) fn get<T: Indexed>(&self, boomi_id: &str) -> Option<T> {
        // (A key is built to look up: `BTreeMap` cannot borrow a tuple's `String` as `&str`.)
        let thing = self.0.get(&(T::KIND, boomi_id.to_owned()))?;
        T::of(*thing)
    }

    /// Every thing of kind `T`, with its Boomi id, in the order of the ids.
    pub(super) fn all<T: Indexed>(&self) -> impl Iterator<Item = (&str, T)> {
        self.0
            .iter()
            .filter(|((kind, _), _)| *kind == T::KIND)
            .filter_map(|((_, boomi_id), thing)| Some((boomi_id.as_str(), T::of(*thing)?)))
    }

    pub(super) fn contains<T: Indexed>(&self, boomi_id: &str) -> bool {
        self.get::<T>(boomi_id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_its_own_namespace_and_its_number_is_boomi_things() {
        let mut index = BoomiIndex::default();
        index.insert("x", PackId(3));
        index.insert("x", GroupId(4));
        assert_eq!(index.get::<PackId>("x"), Some(PackId(3)));
        assert_eq!(index.get::<GroupId>("x"), Some(GroupId(4)));
        assert!(!index.contains::<AccountId>("x"));
        for thing in [
            ComponentId(1).thing(),
            PackageId(1).thing(),
            PackId(1).thing(),
            GroupId(1).thing(),
            AccountId(1).thing(),
            InstanceId(1).thing(),
        ] {
            let kind = match thing {
                BoomiThing::Component(_) => ComponentId::KIND,
                BoomiThing::Package(_) => PackageId::KIND,
                BoomiThing::Pack(_) => PackId::KIND,
                BoomiThing::Group(_) => GroupId::KIND,
                BoomiThing::Account(_) => AccountId::KIND,
                BoomiThing::Instance(_) => InstanceId::KIND,
            };
            assert_eq!(thing.kind(), kind);
        }
    }
}
