//! The names of accounts, groups, packs and components, folded as the matching rule folds
//! them (`validate::same_name`: trimmed, lower-cased), so that a new name is checked in
//! logarithmic time however many there are. Built from the workspace on first use and
//! kept by `apply` from then on; never stored (a snapshot or a file rebuilds it).

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use super::Workspace;
use crate::domain::error::Subject;
use crate::domain::event::Change;
use crate::domain::ids::{AccountId, ComponentId, GroupId, PackId};

/// The kinds of thing whose names are unique among their kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    Account,
    Group,
    Pack,
    Component,
}

impl NameKind {
    /// What a refusal calls a thing of this kind.
    pub fn subject(self) -> Subject {
        match self {
            NameKind::Account => Subject::ManagedAccount,
            NameKind::Group => Subject::AccountGroup,
            NameKind::Pack => Subject::IntegrationPack,
            NameKind::Component => Subject::Component,
        }
    }
}

/// A name as the matching rule compares it: "Acme " and "ACME" are one name.
pub(crate) fn folded(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Every name of every kind, folded, with the id of the thing that has it (ids, not
/// things: a duplicate that came in by an import is still told apart).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameIndex {
    entries: BTreeSet<(NameKind, String, u32)>,
}

impl NameIndex {
    /// The index of `workspace`, by a scan of everything named.
    pub fn scan(workspace: &Workspace) -> NameIndex {
        let mut index = NameIndex::default();
        let named = workspace
            .accounts
            .values()
            .map(|account| (NameKind::Account, &account.name, account.id.0))
            .chain(
                workspace
                    .groups
                    .values()
                    .map(|group| (NameKind::Group, &group.name, group.id.0)),
            )
            .chain(
                workspace
                    .packs
                    .values()
                    .map(|pack| (NameKind::Pack, &pack.name, pack.id.0)),
            )
            .chain(
                workspace
                    .components
                    .values()
                    .map(|component| (NameKind::Component, &component.name, component.id.0)),
            );
        for (kind, name, id) in named {
            index.insert(kind, name, id);
        }
        index
    }

    pub(crate) fn insert(&mut self, kind: NameKind, name: &str, id: u32) {
        self.entries.insert((kind, folded(name), id));
    }

    pub(crate) fn remove(&mut self, kind: NameKind, name: &str, id: u32) {
        self.entries.remove(&(kind, folded(name), id));
    }

    /// Whether a thing of `kind` other than `except` has `name` (folded).
    pub fn taken(&self, kind: NameKind, name: &str, except: Option<u32>) -> bool {
        let name = folded(name);
        let start = (kind, name.clone(), 0);
        let end = (kind, name, u32::MAX);
        self.entries
            .range(start..=end)
            .any(|(_, _, id)| Some(*id) != except)
    }
}

/// The name index as the workspace holds it: derived data, so two workspaces with the same
/// things are equal whether or not either has built it yet, and a clone starts without it
/// (its first lookup scans). `apply` only notes what changed; the lookup folds those notes
/// in. Folding names needs Unicode's case tables, which stay out of the first module that
/// way: `apply` is there, the rules that look names up are not.
#[derive(Debug, Default)]
pub(crate) struct Names(Mutex<Option<Kept>>);

#[derive(Debug)]
struct Kept {
    index: NameIndex,
    /// Names set or removed since the last lookup, oldest first.
    noted: Vec<Named>,
}

impl Kept {
    fn caught_up(&mut self) -> &NameIndex {
        for Named {
            kind,
            id,
            before,
            after,
        } in self.noted.drain(..)
        {
            if let Some(before) = before {
                self.index.remove(kind, &before, id);
            }
            if let Some(after) = after {
                self.index.insert(kind, &after, id);
            }
        }
        &self.index
    }
}

impl Clone for Names {
    fn clone(&self) -> Names {
        Names::default()
    }
}

impl PartialEq for Names {
    fn eq(&self, _: &Names) -> bool {
        true
    }
}

impl Eq for Names {}

impl Workspace {
    /// Whether a thing of `kind` other than `except` already has `name` (as the matching
    /// rule compares names).
    pub fn name_taken(&self, kind: NameKind, name: &str, except: Option<u32>) -> bool {
        let mut kept = self.names.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get_or_insert_with(|| Kept {
            index: NameIndex::scan(self),
            noted: Vec::new(),
        })
        .caught_up()
        .taken(kind, name, except)
    }

    /// The name index as kept, if it was built: for the property test that it always
    /// equals a scan.
    pub fn name_index(&self) -> Option<NameIndex> {
        let mut kept = self.names.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.as_mut().map(|kept| kept.caught_up().clone())
    }

    /// The thing `change` may name or rename, with its name before the change; `None`
    /// while the index has not been built (the first lookup scans whatever is there).
    pub(super) fn name_before(&mut self, change: &Change) -> Option<Named> {
        self.names.0.get_mut().ok()?.as_ref()?;
        let (kind, id) = named_by(change)?;
        Some(Named {
            kind,
            id,
            before: self.name_of(kind, id).map(str::to_owned),
            after: None,
        })
    }

    /// Notes the thing's name after the change, for the next lookup to fold in.
    pub(super) fn keep_name(&mut self, named: Option<Named>) {
        let Some(mut named) = named else {
            return;
        };
        named.after = self.name_of(named.kind, named.id).map(str::to_owned);
        if named.before == named.after {
            return;
        }
        if let Ok(Some(kept)) = self.names.0.get_mut() {
            kept.noted.push(named);
        }
    }

    fn name_of(&self, kind: NameKind, id: u32) -> Option<&str> {
        let name = match kind {
            NameKind::Account => &self.accounts.get(&AccountId(id))?.name,
            NameKind::Group => &self.groups.get(&GroupId(id))?.name,
            NameKind::Pack => &self.packs.get(&PackId(id))?.name,
            NameKind::Component => &self.components.get(&ComponentId(id))?.name,
        };
        Some(name)
    }
}

/// A thing whose name a change may set, and its name before and after.
#[derive(Debug)]
pub(super) struct Named {
    kind: NameKind,
    id: u32,
    before: Option<String>,
    after: Option<String>,
}

/// The thing whose name `change` creates, changes or removes.
fn named_by(change: &Change) -> Option<(NameKind, u32)> {
    Some(match change {
        Change::AccountCreated { account, .. } | Change::AccountRenamed { account, .. } => {
            (NameKind::Account, account.0)
        }
        Change::GroupCreated { group, .. }
        | Change::GroupRenamed { group, .. }
        | Change::GroupDeleted { group, .. } => (NameKind::Group, group.0),
        Change::PackCreated { pack, .. }
        | Change::PackEdited { pack, .. }
        | Change::PackDeleted { pack, .. } => (NameKind::Pack, pack.0),
        Change::ComponentCreated { component, .. } => (NameKind::Component, component.0),
        _ => return None,
    })
}
