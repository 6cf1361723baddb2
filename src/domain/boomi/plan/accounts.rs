//! Planning an import, step three: the managed accounts, the account groups (their
//! accounts and packs), and the installed instances.

use super::{derived_instance_name, Planner};
use crate::domain::boomi::error::{BoomiError, Problem};
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::boomi::read::{BoomiAccount, BoomiData, BoomiInstance, GroupLink};
use crate::domain::command::Command;
use crate::domain::command::{
    AddAccountToGroup, AddPackToGroup, CreateAccount, CreateGroup, Install,
};
use crate::domain::event::plural;
use crate::domain::ids::{AccountId, GroupId, InstanceId, PackId};
use crate::domain::model::InstallationType;

impl Planner {
    pub(super) fn accounts(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        let mut deleted = 0;
        for account in &data.accounts {
            if account.deleted {
                deleted += 1;
                continue;
            }
            if self.index.contains::<AccountId>(&account.id) {
                self.preview.already_there.accounts += 1;
                continue;
            }
            self.create_named(
                &account.name,
                &account.id,
                &account.origin,
                "name",
                |name| Command::CreateAccount(CreateAccount { name }),
            )?;
            let id = AccountId(self.created());
            self.link(id, &account.id, None);
            self.preview.created.accounts += 1;
        }
        if deleted > 0 {
            self.preview.skipped.push(format!(
                "{}: deleted in Boomi.",
                plural(deleted, "account", "accounts")
            ));
        }
        Ok(())
    }

    pub(super) fn groups(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        for group in &data.groups {
            if self.index.contains::<GroupId>(&group.id) {
                self.preview.already_there.groups += 1;
                continue;
            }
            self.create_named(&group.name, &group.id, &group.origin, "name", |name| {
                Command::CreateGroup(CreateGroup { name })
            })?;
            let id = GroupId(self.created());
            self.link(id, &group.id, None);
            self.preview.created.groups += 1;
        }
        // A link may be in the files twice (an AccountGroup's `Resources` and the
        // AccountGroupIntegrationPack query both list a group's packs): it counts once.
        let mut seen = std::collections::BTreeSet::new();
        let all_accounts_links = self.all_accounts_members(data);
        for link in data.group_accounts.iter().chain(&all_accounts_links) {
            if !seen.insert(("account", &link.group_id, &link.other_id)) {
                continue;
            }
            let (Some(group), Some(account)) = (
                self.index.get::<GroupId>(&link.group_id),
                self.index.get::<AccountId>(&link.other_id),
            ) else {
                let skipped = self.skipped_link("Account", link, "Account");
                self.preview.skipped.push(skipped);
                continue;
            };
            let already = self
                .workspace
                .group(group)
                .is_ok_and(|group| group.accounts.contains(&account));
            if already {
                self.preview.already_there.group_accounts += 1;
                continue;
            }
            self.run(Command::AddAccountToGroup(AddAccountToGroup {
                group,
                account,
            }))
            .map_err(link.origin.refused("accountId"))?;
            self.preview.created.group_accounts += 1;
        }
        for link in &data.group_packs {
            if !seen.insert(("pack", &link.group_id, &link.other_id)) {
                continue;
            }
            let (Some(group), Some(pack)) = (
                self.index.get::<GroupId>(&link.group_id),
                self.index.get::<PackId>(&link.other_id),
            ) else {
                let skipped =
                    self.skipped_link("Integration pack", link, "PublisherIntegrationPack");
                self.preview.skipped.push(skipped);
                continue;
            };
            let already = self
                .workspace
                .group(group)
                .is_ok_and(|group| group.packs.contains(&pack));
            if already {
                self.preview.already_there.group_packs += 1;
                continue;
            }
            self.run(Command::AddPackToGroup(AddPackToGroup { group, pack }))
                .map_err(link.origin.refused("integrationPackId"))?;
            self.preview.created.group_packs += 1;
        }
        Ok(())
    }

    /// Boomi's All Accounts group holds every account, and `AccountGroupAccount` may not
    /// list its members: when no result names one, they are the Account results' managed
    /// accounts (not deleted), as links of its own, and the preview says it assumed so.
    pub(super) fn all_accounts_members(&mut self, data: &BoomiData) -> Vec<GroupLink> {
        let Some(group) = data
            .groups
            .iter()
            .find(|group| group.name.trim().eq_ignore_ascii_case("All Accounts"))
        else {
            return Vec::new();
        };
        if data
            .group_accounts
            .iter()
            .any(|link| link.group_id == group.id)
        {
            return Vec::new();
        }
        self.all_accounts_assumed = Some(group.name.clone());
        data.accounts
            .iter()
            .filter(|account| !account.deleted)
            .map(|account| GroupLink {
                origin: account.origin.clone(),
                group_id: group.id.clone(),
                other_id: account.id.clone(),
            })
            .collect()
    }

    /// Why a link between a group and `what` was skipped: the group, or else the other
    /// end, is in none of the files.
    pub(super) fn skipped_link(&self, what: &str, link: &GroupLink, other_type: &str) -> String {
        let group = self
            .index
            .get::<GroupId>(&link.group_id)
            .and_then(|group| self.workspace.group(group).ok());
        match group {
            Some(group) => format!(
                "{what} {} in account group {}: it is not among the {other_type} results (or was deleted in Boomi).",
                link.other_id, group.name
            ),
            None => format!(
                "{what} {} in account group {}: the account group is not among the AccountGroup results.",
                link.other_id, link.group_id
            ),
        }
    }

    /// The account an instance response was queried for: the one whose Boomi id its file
    /// name contains (the longest, when one id contains another). `lengths`: the lengths
    /// of the accounts' Boomi ids.
    pub(super) fn account_of_file(
        &self,
        file: &str,
        lengths: &BTreeSet<usize>,
    ) -> Result<AccountId, BoomiError> {
        let mut found: Vec<(&str, AccountId)> = ids_within(file, lengths)
            .filter_map(|id| Some((id, self.index.get::<AccountId>(id)?)))
            .collect();
        found.sort_unstable();
        found.dedup();
        let all = found.clone();
        found.retain(|(id, _)| {
            !all.iter()
                .any(|(other, _)| other.len() > id.len() && other.contains(id))
        });
        let error = |problem| BoomiError {
            file: file.to_owned(),
            field: String::new(),
            problem,
        };
        match found.as_slice() {
            [(_, one)] => Ok(*one),
            [] => Err(error(Problem::NoAccountInFileName)),
            several => Err(error(Problem::SeveralAccountsInFileName {
                accounts: several.iter().map(|(id, _)| (*id).to_owned()).collect(),
            })),
        }
    }

    pub(super) fn instances(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        // One file per account: each file name is searched for ids of the lengths ids have,
        // never compared with every id (that was quadratic in the number of accounts).
        let lengths: BTreeSet<usize> = self
            .index
            .all::<AccountId>()
            .map(|(id, _)| id.len())
            .collect();
        let deleted_accounts: BTreeMap<&str, &BoomiAccount> = data
            .accounts
            .iter()
            .filter(|account| account.deleted)
            .map(|account| (account.id.as_str(), account))
            .collect();
        let deleted_lengths: BTreeSet<usize> = deleted_accounts.keys().map(|id| id.len()).collect();
        for (file, instances) in &data.instances {
            let deleted =
                ids_within(file, &deleted_lengths).find_map(|id| deleted_accounts.get(id));
            let account = match (self.account_of_file(file, &lengths), deleted) {
                (Ok(account), _) => account,
                (Err(_), Some(deleted)) => {
                    self.preview.skipped.push(format!(
                        "{} in {file}: they are of account {} ({}), deleted in Boomi.",
                        plural(instances.len(), "instance", "instances"),
                        deleted.name,
                        deleted.id
                    ));
                    continue;
                }
                // Nothing in the file says whose instances they are: the rest can still be
                // imported, and the preview says how to bring these in.
                (Err(unknown), None) => {
                    self.preview.skipped.push(format!(
                        "{} in {file}: {}",
                        plural(instances.len(), "instance", "instances"),
                        unknown.problem
                    ));
                    continue;
                }
            };
            for instance in instances {
                self.instance(file, account, instance);
            }
        }
        Ok(())
    }

    /// One instance of account `account`, read from `file`: installed, already there, or
    /// skipped with why.
    fn instance(&mut self, file: &str, account: AccountId, instance: &BoomiInstance) {
        if self.index.contains::<InstanceId>(&instance.id) {
            self.preview.already_there.instances += 1;
            return;
        }
        let Some(pack) = self.index.get::<PackId>(&instance.pack_id) else {
            self.preview.skipped.push(format!(
                "Instance {} in {file}: it is of integration pack {}, which is not among the PublisherIntegrationPack results (another publisher's pack?).",
                instance.id, instance.pack_id
            ));
            return;
        };
        let Ok(pack_now) = self.workspace.pack(pack) else {
            return;
        };
        if pack_now.current_release.is_none() {
            self.preview.skipped.push(format!(
                "Instance {} in {file}: {} has no current release (no component has a currentVersion in Boomi), so nothing can be installed from it here.",
                instance.id, pack_now.name
            ));
            return;
        }
        let single = pack_now.installation_type == InstallationType::Single;
        let override_name = match (single, &instance.override_name) {
            (true, _) => None,
            (false, Some(name)) => Some(name.clone()),
            // The API leaves the override name optional; Packwright tells a
            // multiple-attachments pack's instances apart by it.
            (false, None) => {
                self.unnamed_instances += 1;
                Some(derived_instance_name(&instance.id))
            }
        };
        let installed = self.run(Command::Install(Install {
            account,
            pack,
            integration_pack_override_name: override_name,
        }));
        match installed {
            Ok(()) => {
                let id = InstanceId(self.created());
                self.link(id, &instance.id, None);
                self.preview.created.instances += 1;
            }
            // The account cannot have this instance in Packwright's terms (the pack
            // has no release, is not shared with the account's groups, …): the
            // engine's sentence says why.
            Err(refusal) => self
                .preview
                .skipped
                .push(format!("Instance {} in {file}: {refusal}", instance.id)),
        }
    }
}

/// Every part of `text` of one of the `lengths` (in bytes, on character boundaries): the
/// candidates for an id that `text` contains.
fn ids_within<'a>(text: &'a str, lengths: &'a BTreeSet<usize>) -> impl Iterator<Item = &'a str> {
    lengths.iter().flat_map(move |&length| {
        (0..=text.len().saturating_sub(length))
            .filter_map(move |start| text.get(start..start + length))
    })
}
