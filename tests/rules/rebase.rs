//! Team sync: a change saved against an older log is decided again on top of the team's
//! (`domain::rebase`).

use packwright::domain::model::InstallationType;
use packwright::domain::rebase::{rebase, Intent, Queued, RebaseRefusal};
use packwright::domain::{decide, tick, Command, DomainError, Event, Workspace};

use crate::world::{utc, World};
use packwright::domain::command::{
    AddAccountToGroup, CreateAccount, CreateGroup, Install, RenameGroup,
};

/// Decides `command` on `world` as one browser would, returning what it queues.
fn queued(world: &mut World, command: Command) -> Queued {
    let events = world.ok(command.clone());
    Queued {
        intent: Intent::Command(command),
        at: world.now,
        events: events
            .into_iter()
            .map(|event| Event {
                by: Some("alice".into()),
                ..event
            })
            .collect(),
    }
}

fn replayed(team: &Workspace, queue: &[Queued]) -> Workspace {
    let mut workspace = team.clone();
    for change in queue {
        for event in &change.events {
            workspace.apply(event);
        }
    }
    workspace
}

#[test]
fn a_change_made_against_an_older_log_is_decided_again_after_the_teams() {
    let mut alice = World::new();
    let base = alice.workspace.clone();
    let mut bob = World {
        workspace: base.clone(),
        events: Vec::new(),
        now: alice.now,
    };
    // Bob saves first: an account takes the next id.
    bob.account("Bob's account");
    // Alice, offline, creates a group and puts a new account in it: both ids collide
    // with Bob's.
    alice.now = utc("2026-11-25T10:05:00Z");
    let group = queued(
        &mut alice,
        Command::CreateGroup(CreateGroup {
            name: "EMEA".into(),
        }),
    );
    let account = queued(
        &mut alice,
        Command::CreateAccount(CreateAccount {
            name: "Acme".into(),
        }),
    );
    let group_id = alice.workspace.groups().next().unwrap().id;
    let account_id = alice
        .workspace
        .accounts()
        .find(|a| a.name == "Acme")
        .unwrap()
        .id;
    let membership = queued(
        &mut alice,
        Command::AddAccountToGroup(AddAccountToGroup {
            group: group_id,
            account: account_id,
        }),
    );

    let rebased = rebase(bob.workspace.clone(), vec![group, account, membership]);

    assert!(rebased.dropped.is_empty(), "{:?}", rebased.dropped);
    assert_eq!(rebased.queue.len(), 3);
    let workspace = &rebased.workspace;
    assert_eq!(workspace, &replayed(&bob.workspace, &rebased.queue));
    let emea = workspace.groups().find(|g| g.name == "EMEA").unwrap();
    let acme = workspace.accounts().find(|a| a.name == "Acme").unwrap();
    assert_ne!(emea.id, group_id, "the ids moved past Bob's account");
    assert!(
        emea.accounts.contains(&acme.id),
        "the membership names the new ids"
    );
    assert_eq!(workspace.accounts().count(), 2);
    assert!(rebased
        .queue
        .iter()
        .flat_map(|change| &change.events)
        .all(|event| event.by.as_deref() == Some("alice")));
}

#[test]
fn a_change_the_engine_now_refuses_is_dropped_with_a_sentence_and_the_rest_goes_on() {
    let mut alice = World::new();
    let installed = alice.installed_pack("Orders");
    let base = alice.workspace.clone();
    let mut bob = World {
        workspace: base,
        events: Vec::new(),
        now: alice.now,
    };
    bob.group("Orders partners");
    let rename = queued(
        &mut alice,
        Command::RenameGroup(RenameGroup {
            group: installed.group,
            name: "Orders partners".into(),
        }),
    );
    let account = queued(
        &mut alice,
        Command::CreateAccount(CreateAccount {
            name: "Zeta".into(),
        }),
    );

    let rebased = rebase(bob.workspace.clone(), vec![rename, account]);

    assert_eq!(rebased.dropped.len(), 1);
    let dropped = &rebased.dropped[0];
    assert!(
        matches!(
            dropped.why,
            RebaseRefusal::Refused(DomainError::DuplicateName { .. })
        ),
        "{:?}",
        dropped.why
    );
    let sentence = dropped.sentence(bob.workspace.publisher().time_zone);
    assert_eq!(
        sentence,
        "Your change \u{201c}Account group Orders customers renamed to Orders partners\u{201d} was not kept because a teammate's change came first \u{2014} there is already an account group called \u{201c}Orders partners\u{201d}: choose another name.",
    );
    assert_eq!(rebased.queue.len(), 1);
    assert!(rebased.workspace.accounts().any(|a| a.name == "Zeta"));
}

#[test]
fn a_scheduled_release_a_teammate_applied_is_not_applied_again() {
    let mut world = World::new();
    let installed = world.pack_in_testing("Orders", "2026-11-27");
    // Both browsers pass midnight in Berlin; Bob's saves the release first.
    let due = utc("2026-11-27T00:30:00Z");
    let mut team = world.workspace.clone();
    let bobs = tick(&team, due);
    assert_eq!(bobs.len(), 1);
    for event in &bobs {
        team.apply(event);
    }
    let alices = Queued {
        intent: Intent::Tick,
        at: due,
        events: tick(&world.workspace, due),
    };
    let account = Queued {
        intent: Intent::Command(Command::CreateAccount(CreateAccount {
            name: "Late".into(),
        })),
        at: due,
        events: decide(
            &world.workspace,
            Command::CreateAccount(CreateAccount {
                name: "Late".into(),
            }),
            due,
        )
        .unwrap(),
    };

    let rebased = rebase(team.clone(), vec![alices, account]);

    assert!(rebased.dropped.is_empty());
    assert_eq!(rebased.queue.len(), 1, "only the account is left to save");
    let applied = rebased
        .queue
        .iter()
        .flat_map(|change| &change.events)
        .filter(|event| event.kind() == packwright::domain::EventKind::Release)
        .count();
    assert_eq!(applied, 0);
    assert_eq!(
        rebased
            .workspace
            .pack(installed.pack)
            .unwrap()
            .current_release,
        team.pack(installed.pack).unwrap().current_release
    );
}

#[test]
fn a_change_is_decided_no_earlier_than_the_teams_newest_event() {
    let mut alice = World::new();
    let mut bob = World {
        workspace: alice.workspace.clone(),
        events: Vec::new(),
        now: utc("2026-11-25T12:00:00Z"),
    };
    bob.group("Later");
    let early = queued(
        &mut alice,
        Command::CreateGroup(CreateGroup {
            name: "Earlier".into(),
        }),
    );

    let rebased = rebase(bob.workspace.clone(), vec![early]);

    assert!(rebased.dropped.is_empty());
    assert_eq!(rebased.queue[0].at, bob.now);
    assert_eq!(rebased.queue[0].events[0].at, bob.now);
}

#[test]
fn an_import_planned_against_the_old_workspace_is_dropped_not_replayed() {
    let mut alice = World::new();
    let team = alice.workspace.clone();
    let events = alice.ok(Command::CreateAccount(CreateAccount {
        name: "From Boomi".into(),
    }));
    let planned = Queued {
        intent: Intent::Planned,
        at: alice.now,
        events,
    };
    let rebased = rebase(team, vec![planned]);
    assert_eq!(rebased.dropped.len(), 1);
    assert_eq!(rebased.dropped[0].why, RebaseRefusal::Planned);
    assert!(rebased.queue.is_empty());
    let _ = InstallationType::Single;
}

#[test]
fn every_id_a_command_names_is_mapped() {
    let command = Command::Install(Install {
        account: packwright::domain::AccountId(3),
        pack: packwright::domain::PackId(5),
        integration_pack_override_name: None,
    });
    let mapped = command.with_ids_mapped(&|id| id * 10);
    assert_eq!(
        mapped,
        Command::Install(Install {
            account: packwright::domain::AccountId(30),
            pack: packwright::domain::PackId(50),
            integration_pack_override_name: None,
        })
    );
    let unnamed = Command::CreateGroup(CreateGroup { name: "G".into() });
    assert_eq!(unnamed.with_ids_mapped(&|id| id + 1), unnamed);
}
