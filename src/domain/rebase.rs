//! Team sync's part of the rules. A change saved in one browser reaches the team's log only
//! if nobody saved another change first; when somebody did, the change is decided again on
//! top of theirs (a rebase), the way it would have been decided had it come second.
//!
//! Ids come from one sequence the whole workspace shares, so a change decided again may hand
//! out other ids than the first time: the later changes of the same queue are given the new
//! ids (`Command::with_ids_mapped`), so "add a member to the pack I just created" still
//! names that pack.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::command::Command;
use crate::domain::error::DomainError;
use crate::domain::event::{Change, Event};
use crate::domain::schedule::tick;
use crate::domain::time::PublisherZone;
use crate::domain::workspace::Workspace;

/// What a saved change asked for, kept until the team's log has it, so that it can be
/// decided again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Intent {
    /// A command (with the scheduled releases that came due before it).
    Command(Command),
    /// Scheduled releases that came due. Decided again, it finds what is still due: a
    /// release a teammate's browser applied first is not applied twice.
    Tick,
    /// Events planned from outside data (an import from Boomi) against the workspace as it
    /// was: they cannot be decided again, only planned again from the files.
    Planned,
}

/// One change waiting for the team's log: what it asked for, when, and the events it made
/// when it was last decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Queued {
    pub intent: Intent,
    pub at: DateTime<Utc>,
    pub events: Vec<Event>,
}

/// Why a change could not be decided again on top of the team's.
#[derive(Clone, Debug, PartialEq)]
pub enum RebaseRefusal {
    /// The engine refuses it now.
    Refused(DomainError),
    /// An import planned against the workspace as it was.
    Planned,
}

impl fmt::Display for RebaseRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RebaseRefusal::Refused(error) => error.fmt(f),
            RebaseRefusal::Planned => f.write_str(
                "It was planned against the workspace before a teammate's change: import the files again.",
            ),
        }
    }
}

/// A change that was dropped from the queue, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Dropped {
    pub change: Queued,
    pub why: RebaseRefusal,
}

impl Dropped {
    /// What the change did when it was first decided, and why it is not applied: the
    /// one sentence its author is shown ("Your change “Account group Orders created” was
    /// not kept because a teammate's change came first — there is already …").
    pub fn sentence(&self, zone: PublisherZone) -> String {
        let what: Vec<String> = self
            .change
            .events
            .iter()
            .map(|event| event.sentence(zone))
            .collect();
        // Every refusal starts with an ASCII capital ("There is…", "It was…").
        let mut why = self.why.to_string();
        if let Some(first) = why.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        format!(
            "Your change \u{201c}{}\u{201d} was not kept because a teammate's change came first \u{2014} {why}",
            what.join("; ")
        )
    }
}

/// The outcome of a rebase: the workspace with the queue on top, the queue as decided
/// again (each change's new events), and the changes that were dropped.
#[derive(Clone, Debug)]
pub struct Rebased {
    pub workspace: Workspace,
    pub queue: Vec<Queued>,
    pub dropped: Vec<Dropped>,
}

/// Decides every queued change again, in order, on top of `team` (the workspace as the
/// team's log has it). A change is decided at its own instant, or at the newest event's if
/// the team's log has a later one (time only moves forward). A scheduled release a
/// teammate already applied is not applied again; a change the engine now refuses is
/// dropped with its reason; nothing else is lost.
pub fn rebase(team: Workspace, queue: Vec<Queued>) -> Rebased {
    let mut workspace = team;
    let mut ids: BTreeMap<u32, u32> = BTreeMap::new();
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for change in queue {
        let at = workspace
            .newest_event_at()
            .map_or(change.at, |newest| newest.max(change.at));
        let author = change.events.first().and_then(|event| event.by.clone());
        let mut events = tick(&workspace, at);
        for event in &events {
            workspace.apply(event);
        }
        let decided = match &change.intent {
            Intent::Tick => Ok(Vec::new()),
            Intent::Planned => Err(RebaseRefusal::Planned),
            Intent::Command(command) => {
                let command = command.with_ids_mapped(&|id| ids.get(&id).copied().unwrap_or(id));
                crate::domain::decide(&workspace, command, at).map_err(RebaseRefusal::Refused)
            }
        };
        let intent = match decided {
            Ok(made) => {
                let before = change.events.iter().filter_map(Event::created_id);
                for (old, new) in before.zip(made.iter().filter_map(Event::created_id)) {
                    ids.insert(old, new);
                }
                for event in &made {
                    workspace.apply(event);
                }
                events.extend(made);
                change.intent.clone()
            }
            Err(why) => {
                dropped.push(Dropped {
                    change: change.clone(),
                    why,
                });
                // The releases that came due are still the team's to apply.
                Intent::Tick
            }
        };
        if events.is_empty() {
            continue;
        }
        for event in &mut events {
            event.by.clone_from(&author);
        }
        kept.push(Queued { intent, at, events });
    }
    Rebased {
        workspace,
        queue: kept,
        dropped,
    }
}

impl Event {
    /// The id of the thing this event created, if it created one.
    pub fn created_id(&self) -> Option<u32> {
        match &self.change {
            Change::ComponentCreated { component, .. } => Some(component.0),
            Change::PackageCreated { package, .. } => Some(package.id.0),
            Change::PackCreated { pack, .. } => Some(pack.0),
            Change::GroupCreated { group, .. } => Some(group.0),
            Change::AccountCreated { account, .. } => Some(account.0),
            Change::PackInstalled { instance, .. } => Some(instance.0),
            _ => None,
        }
    }
}
