//! Extension values as the pages read them: an instance's settings form, and which
//! instances need attention (fields new since their previous release, neither set nor kept
//! at the packaged default).

use std::collections::BTreeMap;

use crate::domain::configuration::{self, FieldSetting, Fields, InstanceSettings};
use crate::domain::ids::InstanceId;
use crate::domain::model::{Pack, SharedComponentKind};
use crate::domain::workspace::Workspace;

/// One field of an instance's settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SettingsField {
    pub field: String,
    /// The value set, if any (otherwise the packaged default applies).
    pub value: Option<String>,
    /// The packaged default was kept on purpose.
    pub kept_default: bool,
    /// Set in Boomi to a value Boomi keeps encrypted: never shown.
    pub encrypted_set: bool,
    /// New in this release (the instance's) and not yet set or kept.
    pub new_in: Option<u32>,
}

/// One shared component of an instance's release, with its extensible fields.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SettingsComponent {
    pub kind: SharedComponentKind,
    pub name: String,
    pub fields: Vec<SettingsField>,
}

/// The settings of `instance`: every shared component of its release that has extensible
/// fields, each field with its value or the packaged default.
pub fn instance_settings(workspace: &Workspace, instance: InstanceId) -> Vec<SettingsComponent> {
    let Some((pack, release)) = release_of(workspace, instance) else {
        return Vec::new();
    };
    let fields = configuration::release_fields(workspace, pack, release);
    let settings = workspace.settings_of(instance);
    let since = settings
        .and_then(|settings| settings.since)
        .map(|since| configuration::release_fields(workspace, pack, since));
    let unresolved = configuration::unresolved_new_fields(settings, &fields, since.as_ref());
    configuration::by_component(&fields)
        .into_iter()
        .map(|(kind, name, names)| SettingsComponent {
            kind,
            fields: names
                .into_iter()
                .map(|field| {
                    let key = configuration::FieldKey::new(kind, &name, &field);
                    let setting = settings.and_then(|s| s.values.get(&key));
                    SettingsField {
                        value: match setting {
                            Some(FieldSetting::Value(value)) => Some(value.clone()),
                            _ => None,
                        },
                        kept_default: setting == Some(&FieldSetting::KeptDefault),
                        encrypted_set: setting == Some(&FieldSetting::EncryptedSet),
                        new_in: unresolved.contains(&key).then_some(release),
                        field,
                    }
                })
                .collect(),
            name,
        })
        .collect()
}

fn release_of(workspace: &Workspace, instance: InstanceId) -> Option<(&Pack, u32)> {
    let instance = workspace.instance(instance).ok()?;
    let pack = workspace.pack(instance.pack).ok()?;
    Some((
        pack,
        crate::domain::queries::instance_release(workspace, instance)?,
    ))
}

/// Counts each instance's fields that need attention, reading each release's fields once.
pub struct AttentionCounter<'a> {
    workspace: &'a Workspace,
    pack: &'a Pack,
    fields: BTreeMap<u32, Fields>,
}

impl<'a> AttentionCounter<'a> {
    pub fn new(workspace: &'a Workspace, pack: &'a Pack) -> AttentionCounter<'a> {
        AttentionCounter {
            workspace,
            pack,
            fields: BTreeMap::new(),
        }
    }

    /// How many fields of `instance` (running `release`) need attention.
    pub fn count(&mut self, instance: InstanceId, release: Option<u32>) -> usize {
        let settings: Option<&InstanceSettings> = self.workspace.settings_of(instance);
        let (Some(since), Some(release)) = (settings.and_then(|s| s.since), release) else {
            return 0;
        };
        for number in [since, release] {
            if !self.fields.contains_key(&number) {
                let fields = configuration::release_fields(self.workspace, self.pack, number);
                self.fields.insert(number, fields);
            }
        }
        configuration::unresolved_new_fields(
            settings,
            &self.fields[&release],
            self.fields.get(&since),
        )
        .len()
    }
}

/// How many installed instances of `pack` need attention.
pub fn instances_needing_attention(workspace: &Workspace, pack: &Pack) -> usize {
    let mut counter = AttentionCounter::new(workspace, pack);
    pack.instances
        .iter()
        .filter(|id| {
            workspace
                .settings_of(**id)
                .is_some_and(|s| s.since.is_some())
        })
        .filter_map(|id| workspace.instance(*id).ok())
        .filter(|instance| {
            let release = crate::domain::queries::instance_release(workspace, instance);
            counter.count(instance.id, release) > 0
        })
        .count()
}
