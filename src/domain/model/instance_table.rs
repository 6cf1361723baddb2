//! Serde for the workspace's instances, written (from format 5) as a table: one row
//! `[id, account, pack, integrationPackOverrideName, installedAt]` per instance, with the
//! instant in milliseconds since 1970-01-01 UTC (or, should it be finer than a millisecond,
//! as RFC 3339 text: a round trip never changes it). A publisher with 100,000 accounts has
//! 500,000 instances: as objects with their keys and RFC 3339 instants they were 60 MB of
//! the 75 MB a snapshot takes and most of the time a cold load spent decoding it; as rows
//! they are 19 MB and decode in a third of the time. Formats 1 to 4 wrote a map of id to
//! object, which is still read.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Instance;
use crate::domain::ids::{AccountId, InstanceId, PackId};

type Row = (InstanceId, AccountId, PackId, Option<String>, Instant);

#[derive(Serialize)]
struct RowRef<'a>(InstanceId, AccountId, PackId, &'a Option<String>, Instant);

/// An instant as milliseconds when that is exact, as text otherwise.
struct Instant(DateTime<Utc>);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
            serializer.serialize_i64(self.0.timestamp_millis())
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(InstantVisitor)
    }
}

struct InstantVisitor;

impl Visitor<'_> for InstantVisitor {
    type Value = Instant;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("milliseconds since 1970-01-01 UTC, or an RFC 3339 instant")
    }

    fn visit_i64<E: de::Error>(self, millis: i64) -> Result<Instant, E> {
        DateTime::from_timestamp_millis(millis)
            .map(Instant)
            .ok_or_else(|| E::custom(format!("{millis} ms is out of range")))
    }

    fn visit_u64<E: de::Error>(self, millis: u64) -> Result<Instant, E> {
        let millis = i64::try_from(millis).map_err(|_| E::custom("an instant out of range"))?;
        self.visit_i64(millis)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Instant, E> {
        text.parse().map(Instant).map_err(E::custom)
    }
}

pub fn serialize<S: Serializer>(
    instances: &BTreeMap<InstanceId, Instance>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(instances.values().map(|instance| {
        RowRef(
            instance.id,
            instance.account,
            instance.pack,
            &instance.integration_pack_override_name,
            Instant(instance.installed_at),
        )
    }))
}

pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<InstanceId, Instance>, D::Error> {
    deserializer.deserialize_any(Table)
}

struct Table;

impl<'de> Visitor<'de> for Table {
    type Value = BTreeMap<InstanceId, Instance>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table of instances (or, before format 5, a map of id to instance)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut rows: A) -> Result<Self::Value, A::Error> {
        let mut instances = Vec::with_capacity(rows.size_hint().unwrap_or(0));
        while let Some((id, account, pack, integration_pack_override_name, Instant(installed_at))) =
            rows.next_element::<Row>()?
        {
            instances.push((
                id,
                Instance {
                    id,
                    account,
                    pack,
                    integration_pack_override_name,
                    installed_at,
                },
            ));
        }
        // Written in id order, so collecting builds the map in one pass.
        Ok(instances.into_iter().collect())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
        let mut instances = BTreeMap::new();
        while let Some((id, instance)) = entries.next_entry::<InstanceId, Instance>()? {
            instances.insert(id, instance);
        }
        Ok(instances)
    }
}
