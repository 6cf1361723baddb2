//! Extension values (domain.md, "Extension values"): what each instance set for the fields
//! its release lets managed accounts override, how a release carries them over, and which
//! fields are new since the release an instance ran before.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::event::Change;
use crate::domain::ids::{ComponentId, InstanceId, PackId, PackageId};
use crate::domain::model::{Pack, SharedComponentKind};
use crate::domain::workspace::Workspace;

mod impact;
pub use impact::{configuration_impact, FieldImpact};

/// The longest extension value, in characters.
pub const VALUE_MAX: usize = 1_000;

/// One extensible field of a shared component, as matching compares it: the component by
/// kind and folded name (case and surrounding spaces ignored), the field by its name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldKey {
    pub kind: SharedComponentKind,
    /// The component's name, folded.
    pub component: String,
    pub field: String,
}

impl FieldKey {
    pub fn new(kind: SharedComponentKind, component: &str, field: &str) -> FieldKey {
        FieldKey {
            kind,
            component: fold(component),
            field: field.to_owned(),
        }
    }
}

fn fold(name: &str) -> String {
    name.trim().to_lowercase()
}

/// What an account chose for a field: a value, or the packaged default kept on purpose.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldSetting {
    Value(String),
    /// A value Boomi keeps encrypted (a password): set, never shown or exported.
    EncryptedSet,
    KeptDefault,
}

impl FieldSetting {
    /// A value, shown or not (a kept default is none).
    pub fn is_value(&self) -> bool {
        !matches!(self, FieldSetting::KeptDefault)
    }
}

/// What a managed account asks for one field.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldChoice {
    Set(String),
    /// Set in Boomi to a value Boomi keeps encrypted: only that it is set is recorded.
    SetEncrypted,
    /// No value: the packaged default applies (a new field still needs attention).
    Clear,
    /// The packaged default, kept on purpose.
    KeepDefault,
}

/// One field of a saved form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub choice: FieldChoice,
}

/// An instance's extension values, and the release it ran before its last move (its
/// fields that release lacked are new). An instance with no entry has every field at the
/// packaged default and nothing new.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u32>,
    #[serde(with = "setting_list")]
    pub values: BTreeMap<FieldKey, FieldSetting>,
}

/// The extensible fields of a release, each with its component's name as the release says it.
pub type Fields = BTreeMap<FieldKey, String>;

/// Every field extensible in release `release` of `pack`: those of the shared components of
/// every member's package.
pub fn release_fields(workspace: &Workspace, pack: &Pack, release: u32) -> Fields {
    match pack.release(release) {
        Some(release) => version_fields(workspace, &release.versions),
        None => Fields::new(),
    }
}

/// Every field extensible in the release `instance` runs.
pub fn instance_fields(workspace: &Workspace, instance: InstanceId) -> Fields {
    let Ok(instance) = workspace.instance(instance) else {
        return Fields::new();
    };
    let (Ok(pack), Some(release)) = (
        workspace.pack(instance.pack),
        crate::domain::queries::instance_release(workspace, instance),
    ) else {
        return Fields::new();
    };
    release_fields(workspace, pack, release)
}

/// Every field extensible in a release of these package versions.
pub fn version_fields(
    workspace: &Workspace,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> Fields {
    let mut fields = Fields::new();
    for package in versions.values() {
        let Ok(package) = workspace.package(*package) else {
            continue;
        };
        for shared in &package.shared_components {
            for field in &shared.extensible_fields {
                fields
                    .entry(FieldKey::new(shared.kind, &shared.name, field))
                    .or_insert_with(|| shared.name.trim().to_owned());
            }
        }
    }
    fields
}

/// What a move from a release with `from` fields to one with `to` fields makes of an
/// instance's settings: values of fields extensible in both are kept, the rest discarded
/// (returned, values only); fields of `to` that `from` lacks are new. `None` when nothing
/// is left to keep (no value, no choice, nothing new).
pub fn carried_over(
    settings: Option<&InstanceSettings>,
    from_release: u32,
    from: &Fields,
    to: &Fields,
) -> (Option<InstanceSettings>, Vec<FieldKey>) {
    let mut kept = BTreeMap::new();
    let mut discarded = Vec::new();
    for (key, setting) in settings.map(|s| &s.values).into_iter().flatten() {
        if to.contains_key(key) {
            kept.insert(key.clone(), setting.clone());
        } else if setting.is_value() {
            discarded.push(key.clone());
        }
    }
    let anything_new = to.keys().any(|key| !from.contains_key(key));
    let settings = (anything_new || !kept.is_empty()).then(|| InstanceSettings {
        since: anything_new.then_some(from_release),
        values: kept,
    });
    (settings, discarded)
}

/// The fields of `instance`'s release that are new since the release it ran before and
/// that its account has neither set nor kept at the packaged default.
pub fn unresolved_new_fields(
    settings: Option<&InstanceSettings>,
    fields: &Fields,
    since_fields: Option<&Fields>,
) -> Vec<FieldKey> {
    let (Some(settings), Some(since)) = (settings, since_fields) else {
        return Vec::new();
    };
    fields
        .keys()
        .filter(|key| !since.contains_key(*key) && !settings.values.contains_key(*key))
        .cloned()
        .collect()
}

/// Instances moving from one release to another, all of one pack, by the release each
/// leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub pack: PackId,
    pub to: u32,
    /// The package versions of the release moved to (a new release is not in the pack yet).
    pub to_versions: BTreeMap<ComponentId, PackageId>,
    pub from: BTreeMap<u32, Vec<InstanceId>>,
}

/// The instances a change moves to another release (domain.md: a release, a release on its
/// date, an early update, a cancelled pending release), decided on the workspace before it.
pub fn move_of(workspace: &Workspace, change: &Change) -> Option<Move> {
    let (pack, to, moving): (PackId, u32, Vec<InstanceId>) = match change {
        Change::PackReleased { pack, release, .. } => {
            let entry = workspace.pack(*pack).ok()?;
            (*pack, *release, entry.instances.iter().copied().collect())
        }
        Change::ScheduledReleaseApplied { pack, release, .. } => {
            let entry = workspace.pack(*pack).ok()?;
            let waiting = entry.instances.difference(&entry.early_instances);
            (*pack, *release, waiting.copied().collect())
        }
        Change::PendingUpdateAppliedEarly {
            pack,
            release,
            instances,
            ..
        } => (*pack, *release, instances.clone()),
        Change::PendingReleaseCancelled { pack, .. } => {
            let entry = workspace.pack(*pack).ok()?;
            let current = entry.current_release?;
            (
                *pack,
                current,
                entry.early_instances.iter().copied().collect(),
            )
        }
        _ => return None,
    };
    let entry = workspace.pack(pack).ok()?;
    let to_versions = match change {
        Change::PackReleased { versions, .. } => versions.clone(),
        _ => entry.release(to)?.versions.clone(),
    };
    let mut from: BTreeMap<u32, Vec<InstanceId>> = BTreeMap::new();
    if entry.early_instances.is_empty() {
        // Everyone runs the current release (the usual case, and the one with 100,000).
        if let Some(current) = entry.current_release.filter(|current| *current != to) {
            from.insert(current, moving);
        }
        return Some(Move {
            pack,
            to,
            to_versions,
            from,
        });
    }
    for instance in moving {
        let running = if entry.early_instances.contains(&instance) {
            entry.pending_release
        } else {
            entry.current_release
        };
        if let Some(running) = running.filter(|running| *running != to) {
            from.entry(running).or_default().push(instance);
        }
    }
    Some(Move {
        pack,
        to,
        to_versions,
        from,
    })
}

/// Each instance `change` moves to another release, with its settings after the move
/// (`None`: nothing left to keep), decided on the workspace before it.
pub fn settings_after_move(
    workspace: &Workspace,
    change: &Change,
) -> Vec<(InstanceId, Option<InstanceSettings>)> {
    let Some(movement) = move_of(workspace, change) else {
        return Vec::new();
    };
    let Ok(pack) = workspace.pack(movement.pack) else {
        return Vec::new();
    };
    let to = version_fields(workspace, &movement.to_versions);
    let mut carried = Vec::new();
    for (from_release, instances) in &movement.from {
        let from = release_fields(workspace, pack, *from_release);
        let anything_new = to.keys().any(|key| !from.contains_key(key));
        for instance in instances {
            let settings = workspace.configuration.get(instance);
            if settings.is_none() && !anything_new {
                continue;
            }
            let (after, _) = carried_over(settings, *from_release, &from, &to);
            if after.as_ref() != settings {
                carried.push((*instance, after));
            }
        }
    }
    carried
}

/// A value a release discarded: its field stopped being extensible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscardedValue {
    pub instance: InstanceId,
    pub account_name: String,
    pub component: String,
    pub field: String,
}

/// `change` with the extension values its move discards said in it (decided on the
/// workspace before it).
pub fn with_discarded_values(workspace: &Workspace, mut change: Change) -> Change {
    let discarded = move_of(workspace, &change)
        .map(|movement| discarded_by(workspace, &movement))
        .unwrap_or_default();
    match &mut change {
        Change::PackReleased {
            discarded_values, ..
        }
        | Change::ScheduledReleaseApplied {
            discarded_values, ..
        }
        | Change::PendingUpdateAppliedEarly {
            discarded_values, ..
        }
        | Change::PendingReleaseCancelled {
            discarded_values, ..
        } => *discarded_values = discarded,
        _ => {}
    }
    change
}

/// The values `movement` would discard, instance by instance.
pub fn discarded_by(workspace: &Workspace, movement: &Move) -> Vec<DiscardedValue> {
    let Ok(pack) = workspace.pack(movement.pack) else {
        return Vec::new();
    };
    let to = version_fields(workspace, &movement.to_versions);
    let mut discarded = Vec::new();
    for (from_release, instances) in &movement.from {
        let from = release_fields(workspace, pack, *from_release);
        for instance in instances {
            let Some(settings) = workspace.configuration.get(instance) else {
                continue;
            };
            let account_name = workspace
                .instance(*instance)
                .and_then(|i| workspace.account(i.account))
                .map(|a| a.name.clone())
                .unwrap_or_default();
            for key in carried_over(Some(settings), *from_release, &from, &to).1 {
                discarded.push(DiscardedValue {
                    instance: *instance,
                    account_name: account_name.clone(),
                    component: from
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| key.component.clone()),
                    field: key.field,
                });
            }
        }
    }
    discarded
}

/// `settings` after `changes` to the fields of one component; `None` when nothing is left.
pub fn changed(
    settings: Option<&InstanceSettings>,
    kind: SharedComponentKind,
    component: &str,
    changes: &[FieldChange],
) -> Option<InstanceSettings> {
    let mut settings = settings.cloned().unwrap_or_default();
    for change in changes {
        let key = FieldKey::new(kind, component, &change.field);
        match &change.choice {
            FieldChoice::Set(value) => {
                settings
                    .values
                    .insert(key, FieldSetting::Value(value.clone()));
            }
            FieldChoice::SetEncrypted => {
                settings.values.insert(key, FieldSetting::EncryptedSet);
            }
            FieldChoice::KeepDefault => {
                settings.values.insert(key, FieldSetting::KeptDefault);
            }
            FieldChoice::Clear => {
                settings.values.remove(&key);
            }
        }
    }
    (settings.since.is_some() || !settings.values.is_empty()).then_some(settings)
}

/// The components of `fields` in order, each with its kind, name and field names.
pub fn by_component(fields: &Fields) -> Vec<(SharedComponentKind, String, Vec<String>)> {
    let mut components: Vec<(SharedComponentKind, String, Vec<String>)> = Vec::new();
    for (key, name) in fields {
        match components.last_mut() {
            Some((kind, last, names)) if *kind == key.kind && fold(last) == key.component => {
                names.push(key.field.clone())
            }
            _ => components.push((key.kind, name.clone(), vec![key.field.clone()])),
        }
    }
    components
}

/// Whether every key of `values` is a field of `fields` (the invariant integrity checks).
pub fn all_extensible(settings: &InstanceSettings, fields: &Fields) -> bool {
    settings.values.keys().all(|key| fields.contains_key(key))
}

/// The fields of `fields` that `other` lacks.
pub fn fields_not_in(fields: &Fields, other: &Fields) -> BTreeSet<FieldKey> {
    fields
        .keys()
        .filter(|key| !other.contains_key(*key))
        .cloned()
        .collect()
}

/// `values` as a list of `{kind, component, field, value}` (`value` absent for a kept
/// default): JSON object keys are strings.
mod setting_list {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{FieldKey, FieldSetting};
    use crate::domain::model::SharedComponentKind;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Entry {
        kind: SharedComponentKind,
        component: String,
        field: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        /// Set in Boomi, encrypted: no value is kept.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        encrypted: bool,
    }

    pub fn serialize<S: Serializer>(
        values: &BTreeMap<FieldKey, FieldSetting>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        values
            .iter()
            .map(|(key, setting)| Entry {
                kind: key.kind,
                component: key.component.clone(),
                field: key.field.clone(),
                value: match setting {
                    FieldSetting::Value(value) => Some(value.clone()),
                    FieldSetting::EncryptedSet | FieldSetting::KeptDefault => None,
                },
                encrypted: *setting == FieldSetting::EncryptedSet,
            })
            .collect::<Vec<_>>()
            .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<FieldKey, FieldSetting>, D::Error> {
        Ok(Vec::<Entry>::deserialize(deserializer)?
            .into_iter()
            .map(|entry| {
                (
                    FieldKey {
                        kind: entry.kind,
                        component: entry.component,
                        field: entry.field,
                    },
                    match (entry.value, entry.encrypted) {
                        (Some(value), _) => FieldSetting::Value(value),
                        (None, true) => FieldSetting::EncryptedSet,
                        (None, false) => FieldSetting::KeptDefault,
                    },
                )
            })
            .collect())
    }
}
