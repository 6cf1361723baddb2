//! Planning an import: the managed accounts' extension values (`EnvironmentExtensions`,
//! one file per account like its instances). A connection's values are set on the one
//! instance they can belong to: the multiple-attachments instance its `extensionGroupId`
//! names, or the account's only instance whose release has that connection; anything else
//! is skipped and listed. A value Boomi keeps encrypted is recorded as set, never read.

use std::collections::BTreeSet;

use super::Planner;
use crate::domain::boomi::read::{BoomiConnectionValues, BoomiData, BoomiExtensions};
use crate::domain::command::{Command, SetExtensionValues};
use crate::domain::configuration::{self, FieldChange, FieldChoice};
use crate::domain::error::DomainError;
use crate::domain::ids::{AccountId, InstanceId};
use crate::domain::model::SharedComponentKind;
use crate::domain::validate::same_name;

impl Planner {
    pub(super) fn extension_values(&mut self, data: &BoomiData) {
        let lengths: BTreeSet<usize> = self
            .index
            .all::<AccountId>()
            .map(|(id, _)| id.len())
            .collect();
        for (file, extensions) in &data.extensions {
            let account = match self.account_of_file(file, &lengths) {
                Ok(account) => account,
                Err(unknown) => {
                    self.preview
                        .skipped
                        .push(format!("Extension values in {file}: {}", unknown.problem));
                    continue;
                }
            };
            for extensions in extensions {
                self.environment(file, account, extensions);
            }
        }
    }

    fn environment(&mut self, file: &str, account: AccountId, extensions: &BoomiExtensions) {
        let environment = &extensions.environment_id;
        if extensions.other_extensions > 0 {
            self.preview.skipped.push(format!(
                "Environment {environment} in {file}: its process properties, cross-reference tables and other extensions than connections are not imported."
            ));
        }
        for connection in &extensions.connections {
            let skipped = |why: String| {
                format!(
                    "Connection {} of environment {environment} in {file}: {why}",
                    connection.name
                )
            };
            let instance = match self.owner(account, extensions, connection) {
                Ok(instance) => instance,
                Err(why) => {
                    self.preview.skipped.push(skipped(why));
                    continue;
                }
            };
            let changes: Vec<FieldChange> = connection
                .fields
                .iter()
                .map(|(field, value)| FieldChange {
                    field: field.clone(),
                    choice: value
                        .clone()
                        .map_or(FieldChoice::SetEncrypted, FieldChoice::Set),
                })
                .collect();
            let count = changes.len();
            let set = self.run(Command::SetExtensionValues(SetExtensionValues {
                account,
                instance,
                kind: SharedComponentKind::Connection,
                component: connection.name.clone(),
                changes,
            }));
            match set {
                Ok(()) => self.preview.created.extension_values += count,
                Err(DomainError::NothingToChange) => {
                    self.preview.already_there.extension_values += count
                }
                Err(refusal) => self.preview.skipped.push(skipped(refusal.to_string())),
            }
        }
    }

    /// The one instance of `account` that `connection`'s values can belong to, or why none.
    fn owner(
        &self,
        account: AccountId,
        extensions: &BoomiExtensions,
        connection: &BoomiConnectionValues,
    ) -> Result<InstanceId, String> {
        let ws = &self.workspace;
        let account_name = ws
            .account(account)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        if let Some(group) = &extensions.extension_group_id {
            return match self.index.get::<InstanceId>(group) {
                Some(instance) if ws.instance(instance).is_ok_and(|i| i.account == account) => {
                    Ok(instance)
                }
                _ => Err(format!(
                    "its extensionGroupId {group} is no instance of {account_name} in the files."
                )),
            };
        }
        let holders: Vec<InstanceId> = ws
            .account(account)
            .map(|a| a.instances.iter().copied().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|instance| {
                configuration::instance_fields(ws, *instance)
                    .keys()
                    .any(|key| {
                        key.kind == SharedComponentKind::Connection
                            && same_name(&key.component, &connection.name)
                    })
            })
            .collect();
        match holders.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!(
                "no instance of {account_name} runs a release that makes this connection extensible (Boomi's PackagedComponent answers do not carry extensibility settings; define them in Packwright's packages first)."
            )),
            several => Err(format!(
                "{} instances of {account_name} have this connection, and an environment's values cannot be told apart between them.",
                several.len()
            )),
        }
    }
}
