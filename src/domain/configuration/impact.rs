//! A release's impact on the extension values of the instances it moves.

use std::collections::BTreeMap;

use super::{release_fields, version_fields, FieldKey, FieldSetting};
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
/// (every instance: at once, or on its date), field by field. Reads each instance's
/// settings once: 100,000 instances take a few milliseconds.
pub fn configuration_impact(
    workspace: &Workspace,
    pack: &Pack,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> Vec<FieldImpact> {
    let to = version_fields(workspace, versions);
    let mut groups: BTreeMap<u32, Vec<InstanceId>> = BTreeMap::new();
    for instance in &pack.instances {
        let running = if pack.early_instances.contains(instance) {
            pack.pending_release
        } else {
            pack.current_release
        };
        if let Some(running) = running {
            groups.entry(running).or_default().push(*instance);
        }
    }
    let mut impacts: BTreeMap<FieldKey, FieldImpact> = BTreeMap::new();
    for (release, instances) in &groups {
        let from = release_fields(workspace, pack, *release);
        for (key, name) in &to {
            let field = entry(&mut impacts, key, name);
            if !from.contains_key(key) {
                field.gained += instances.len();
            }
        }
        for (key, name) in &from {
            entry(&mut impacts, key, name);
        }
        for instance in instances {
            let Some(settings) = workspace.configuration.get(instance) else {
                continue;
            };
            for (key, setting) in &settings.values {
                if !matches!(setting, FieldSetting::Value(_)) {
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
                    field.lost.push(*instance);
                }
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
