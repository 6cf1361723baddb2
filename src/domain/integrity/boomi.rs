//! The integrity of the Boomi ids and names an import recorded.

use super::*;

/// Every Boomi id belongs to something the workspace has, and no two things of one kind
/// share one.
pub(super) fn check_boomi_ids(ws: &Workspace, problems: &mut Problems) {
    for (thing, boomi_id) in &ws.boomi_ids {
        problems.check(boomi_thing_exists(ws, *thing), || {
            format!(
                "The Boomi id {boomi_id} belongs to {} {}, which does not exist.",
                thing.nouns().0,
                boomi_thing_number(*thing)
            )
        });
        let twins = ws
            .boomi_ids
            .iter()
            .filter(|(other, id)| other.same_kind(*thing) && *id == boomi_id)
            .count();
        problems.check(twins == 1, || {
            format!(
                "The Boomi id {boomi_id} is kept by {twins} {}.",
                thing.nouns().1
            )
        });
    }
}

/// A pack's Boomi name belongs to a pack imported from Boomi.
pub(super) fn check_boomi_names(ws: &Workspace, problems: &mut Problems) {
    for (pack, name) in &ws.boomi_names {
        problems.check(
            ws.boomi_ids.contains_key(&BoomiThing::Pack(*pack)) && !name.trim().is_empty(),
            || format!("The Boomi name {name:?} belongs to pack {pack}, which was not imported from Boomi."),
        );
    }
}

pub(super) fn boomi_thing_exists(ws: &Workspace, thing: BoomiThing) -> bool {
    match thing {
        BoomiThing::Component(id) => ws.components.contains_key(&id),
        BoomiThing::Package(id) => ws.packages.contains_key(&id),
        BoomiThing::Pack(id) => ws.packs.contains_key(&id),
        BoomiThing::Group(id) => ws.groups.contains_key(&id),
        BoomiThing::Account(id) => ws.accounts.contains_key(&id),
        BoomiThing::Instance(id) => ws.instances.contains_key(&id),
    }
}

pub(super) fn boomi_thing_number(thing: BoomiThing) -> u32 {
    match thing {
        BoomiThing::Component(id) => id.0,
        BoomiThing::Package(id) => id.0,
        BoomiThing::Pack(id) => id.0,
        BoomiThing::Group(id) => id.0,
        BoomiThing::Account(id) => id.0,
        BoomiThing::Instance(id) => id.0,
    }
}
