//! What was imported from a Boomi account keeps the id Boomi gave it: the kinds of things
//! such an id is kept for, a link to one, and how the workspace stores them.

use super::*;

/// Something a Boomi id can be kept for: what was imported from a Boomi account
/// (`domain::boomi`) remembers the id Boomi gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BoomiThing {
    Component(ComponentId),
    Package(PackageId),
    Pack(PackId),
    Group(GroupId),
    Account(AccountId),
    Instance(InstanceId),
}

impl BoomiThing {
    /// What each kind is called in a sentence, one and several, in `kind()` order.
    pub const NOUNS: [(&'static str, &'static str); 6] = [
        ("component", "components"),
        ("packaged component", "packaged components"),
        ("integration pack", "integration packs"),
        ("account group", "account groups"),
        ("managed account", "managed accounts"),
        ("installed instance", "installed instances"),
    ];

    /// Its kind, as an index into `NOUNS`.
    pub fn kind(self) -> usize {
        match self {
            BoomiThing::Component(_) => 0,
            BoomiThing::Package(_) => 1,
            BoomiThing::Pack(_) => 2,
            BoomiThing::Group(_) => 3,
            BoomiThing::Account(_) => 4,
            BoomiThing::Instance(_) => 5,
        }
    }

    /// What it is called in a sentence: one, and several.
    pub fn nouns(self) -> (&'static str, &'static str) {
        BoomiThing::NOUNS[self.kind()]
    }

    /// Whether `other` is the same kind of thing (their ids are compared within a kind).
    pub fn same_kind(self, other: BoomiThing) -> bool {
        self.kind() == other.kind()
    }
}

/// One thing and the id Boomi knows it by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoomiLink {
    pub thing: BoomiThing,
    pub boomi_id: String,
    /// A pack's name in Boomi, which requests sent back carry: the import may name the
    /// pack otherwise here (when the name is taken), and renaming a pack in Boomi renames
    /// it for every account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Serde for the workspace's Boomi ids, written as a list of `BoomiLink` (JSON object
/// keys are strings; a thing is not).
pub mod boomi_ids {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::{BoomiLink, BoomiThing};

    pub fn serialize<S: Serializer>(
        map: &BTreeMap<BoomiThing, String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter().map(|(thing, boomi_id)| BoomiLink {
            thing: *thing,
            boomi_id: boomi_id.clone(),
            name: None,
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<BoomiThing, String>, D::Error> {
        let links = Vec::<BoomiLink>::deserialize(deserializer)?;
        Ok(links
            .into_iter()
            .map(|link| (link.thing, link.boomi_id))
            .collect())
    }
}
