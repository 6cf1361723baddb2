//! Deciding extension values (domain.md, "Extension values"): a managed account sets, clears
//! or keeps at the packaged default the fields of one shared component of an instance.

use chrono::{DateTime, Utc};

use crate::domain::command::SetExtensionValues;
use crate::domain::configuration::{
    self, FieldChange, FieldChoice, FieldKey, FieldSetting, VALUE_MAX,
};
use crate::domain::decide::{account_and_instance, recorded, Decision};
use crate::domain::error::{DomainError, Subject};
use crate::domain::event::Change;
use crate::domain::queries;
use crate::domain::validate::checked_text;
use crate::domain::workspace::Workspace;

/// `Command::SetExtensionValues`.
pub(super) fn set_extension_values(
    workspace: &Workspace,
    SetExtensionValues {
        account,
        instance,
        kind,
        component,
        changes,
    }: SetExtensionValues,
    now: DateTime<Utc>,
) -> Decision {
    let (account, instance) = account_and_instance(workspace, account, instance)?;
    let pack = workspace.pack(instance.pack)?;
    let release = queries::instance_release(workspace, instance).unwrap_or_default();
    let fields = configuration::release_fields(workspace, pack, release);
    let saved = workspace.settings_of(instance.id);
    let mut effective = Vec::new();
    let mut display_name = None;
    for FieldChange { field, choice } in changes {
        let key = FieldKey::new(kind, &component, &field);
        let Some(name) = fields.get(&key) else {
            return Err(DomainError::NotExtensible {
                component: component.trim().to_owned(),
                field,
                release,
            });
        };
        display_name.get_or_insert_with(|| name.clone());
        if let FieldChoice::Set(value) = &choice {
            if value.is_empty() {
                return Err(DomainError::EmptyExtensionValue { field });
            }
            if value.chars().any(char::is_control) {
                return Err(DomainError::ControlCharacterInValue { field });
            }
            checked_text(Subject::ExtensionValue, value.clone(), VALUE_MAX)?;
        }
        let before = saved.and_then(|settings| settings.values.get(&key));
        let unchanged = match (&choice, before) {
            (FieldChoice::Set(value), Some(FieldSetting::Value(was))) => value == was,
            (FieldChoice::KeepDefault, Some(FieldSetting::KeptDefault)) => true,
            (FieldChoice::SetEncrypted, Some(FieldSetting::EncryptedSet)) => true,
            (FieldChoice::Clear, None) => true,
            _ => false,
        };
        if !unchanged {
            effective.push(FieldChange { field, choice });
        }
    }
    let Some(component) = display_name.filter(|_| !effective.is_empty()) else {
        return Err(DomainError::NothingToChange);
    };
    recorded(
        now,
        Change::ExtensionValuesChanged {
            pack: pack.id,
            pack_name: pack.name.clone(),
            instance: instance.id,
            account: account.id,
            account_name: account.name.clone(),
            integration_pack_override_name: instance.integration_pack_override_name.clone(),
            kind,
            component,
            changes: effective,
        },
    )
}
