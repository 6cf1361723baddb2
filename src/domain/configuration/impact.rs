//! A release's impact on the extension values of the instances it moves.

use std::collections::BTreeMap;

use super::{release_fields, version_fields, FieldKey, Fields, InstanceSettings};
use crate::domain::ids::{ComponentId, InstanceId, PackageId};
use crate::domain::model::{Pack, SharedComponentKind};
use crate::domain::workspace::Workspace;

/// What a release does to one extensible field across the instances it moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldImpact {
    pub kind: SharedComponentKind,
    pub component: String,
    pub field: String,
    /// Instances for which the field becomes extensible: new settings to fill in.
    pub gained: usize,
    /// Instances whose value is discarded: the field stops being extensible.
    pub lost: Vec<InstanceId>,
    /// Instances whose value is kept: the field stays extensible.
    pub kept: usize,
}

/// A release of `versions` of `pack` and the extension values of the instances it moves
/// (every instance: at once, or on its date), field by field. Instances without values
/// are only counted: it reads the settings of the pack's instances that have any.
pub fn configuration_impact(
    workspace: &Workspace,
    pack: &Pack,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> Vec<FieldImpact> {
    let to = version_fields(workspace, versions);
    let early = &pack.early_instances;
    // How many instances leave each release (early appliers leave the pending one).
    let mut groups: BTreeMap<u32, usize> = BTreeMap::new();
    if let Some(current) = pack.current_release {
        groups.insert(current, pack.instances.len() - early.len());
    }
    if let (Some(pending), false) = (pack.pending_release, early.is_empty()) {
        *groups.entry(pending).or_default() += early.len();
    }
    let from: BTreeMap<u32, Fields> = groups
        .keys()
        .map(|release| (*release, release_fields(workspace, pack, *release)))
        .collect();
    let mut impacts: BTreeMap<FieldKey, FieldImpact> = BTreeMap::new();
    for (release, count) in &groups {
        let from = &from[release];
        for (key, name) in &to {
            let field = entry(&mut impacts, key, name);
            if !from.contains_key(key) {
                field.gained += count;
            }
        }
        for (key, name) in from {
            entry(&mut impacts, key, name);
        }
    }
    for (instance, settings) in settings_in(workspace, pack) {
        let running = if early.contains(&instance) {
            pack.pending_release
        } else {
            pack.current_release
        };
        let Some(from) = running.and_then(|release| from.get(&release)) else {
            continue;
        };
        for (key, setting) in &settings.values {
            if !setting.is_value() {
                continue;
            }
            let name = from
                .get(key)
                .or_else(|| to.get(key))
                .cloned()
                .unwrap_or_default();
            let field = entry(&mut impacts, key, &name);
            if to.contains_key(key) {
                field.kept += 1;
            } else {
                field.lost.push(instance);
            }
        }
    }
    if groups.is_empty() {
        for (key, name) in &to {
            entry(&mut impacts, key, name);
        }
    }
    impacts.into_values().collect()
}

/// The settings of `pack`'s instances that have any, walking the smaller of the two maps.
fn settings_in<'a>(
    workspace: &'a Workspace,
    pack: &'a Pack,
) -> Box<dyn Iterator<Item = (InstanceId, &'a InstanceSettings)> + 'a> {
    if workspace.configuration.len() < pack.instances.len() {
        Box::new(
            workspace
                .configuration
                .iter()
                .filter(|(id, _)| pack.instances.contains(id))
                .map(|(id, settings)| (*id, settings)),
        )
    } else {
        Box::new(
            pack.instances
                .iter()
                .filter_map(|id| workspace.configuration.get(id).map(|s| (*id, s))),
        )
    }
}

fn entry<'a>(
    impacts: &'a mut BTreeMap<FieldKey, FieldImpact>,
    key: &FieldKey,
    name: &str,
) -> &'a mut FieldImpact {
    impacts.entry(key.clone()).or_insert_with(|| FieldImpact {
        kind: key.kind,
        component: name.to_owned(),
        field: key.field.clone(),
        gained: 0,
        lost: Vec::new(),
        kept: 0,
    })
}
