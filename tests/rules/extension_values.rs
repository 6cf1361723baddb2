//! domain.md, "Extension values": one scenario per decision.

use packwright::domain::command::{
    CancelPendingRelease, Command, Install, SetExtensionValues, Uninstall,
};
use packwright::domain::configuration::{FieldChange, FieldChoice, VALUE_MAX};
use packwright::domain::model::{InstallationType, SharedComponentKind};
use packwright::domain::{check_release, queries, DomainError, InstanceId};

use crate::world::{shared, World};

/// A pack "Sales" of one process whose 1.0 makes the Salesforce connection's `url` and
/// `user` extensible, released and installed by one account.
struct Sales {
    world: World,
    process: packwright::domain::ComponentId,
    pack: packwright::domain::PackId,
    account: packwright::domain::AccountId,
    instance: InstanceId,
}

fn sales() -> Sales {
    let mut world = World::new();
    let process = world.process("Orders In");
    world.package_with(
        process,
        "1.0",
        true,
        vec![shared("Salesforce", &["url", "user"])],
    );
    let pack = world.pack("Sales", InstallationType::Single);
    world.member(pack, process);
    world.documented(pack);
    world.release_now(pack);
    let group = world.group("Customers");
    world.offer(group, pack);
    let account = world.account_in("Acme", group);
    let instance = world.install(account, pack);
    Sales {
        world,
        process,
        pack,
        account,
        instance,
    }
}

fn set(sales: &Sales, component: &str, changes: &[(&str, FieldChoice)]) -> Command {
    Command::SetExtensionValues(SetExtensionValues {
        account: sales.account,
        instance: sales.instance,
        kind: SharedComponentKind::Connection,
        component: component.to_owned(),
        changes: changes
            .iter()
            .map(|(field, choice)| FieldChange {
                field: (*field).to_owned(),
                choice: choice.clone(),
            })
            .collect(),
    })
}

fn value(text: &str) -> FieldChoice {
    FieldChoice::Set(text.to_owned())
}

/// (field, value or None, new in) of the instance's settings, in order.
fn settings(sales: &Sales) -> Vec<(String, Option<String>, Option<u32>)> {
    queries::instance_settings(&sales.world.workspace, sales.instance)
        .into_iter()
        .flat_map(|component| component.fields)
        .map(|field| (field.field, field.value, field.new_in))
        .collect()
}

fn attention(sales: &Sales) -> usize {
    let pack = sales.world.workspace.pack(sales.pack).unwrap();
    queries::instances_needing_attention(&sales.world.workspace, pack)
}

#[test]
fn a_new_instance_has_every_field_at_the_packaged_default_and_nothing_new() {
    let sales = sales();
    assert_eq!(
        settings(&sales),
        [("url".into(), None, None), ("user".into(), None, None)]
    );
    assert_eq!(attention(&sales), 0);
}

#[test]
fn an_account_sets_the_fields_of_one_component_in_one_change() {
    let mut sales = sales();
    let events = sales.world.ok(set(
        &sales,
        " salesforce ",
        &[
            ("url", value("https://acme.my.salesforce.com")),
            ("user", value("ops")),
        ],
    ));
    assert_eq!(events.len(), 1);
    assert_eq!(
        settings(&sales)[0].1.as_deref(),
        Some("https://acme.my.salesforce.com")
    );
    assert_eq!(
        sales.world.sentences().last().unwrap(),
        "Acme changed the extension values of connection Salesforce on Sales: url set; user set"
    );
    // The same again changes nothing.
    assert_eq!(
        sales
            .world
            .refused(set(&sales, "Salesforce", &[("user", value("ops"))])),
        DomainError::NothingToChange
    );
    sales
        .world
        .ok(set(&sales, "Salesforce", &[("user", FieldChoice::Clear)]));
    assert_eq!(settings(&sales)[1].1, None);
}

#[test]
fn only_fields_extensible_in_the_instances_release_take_a_value() {
    let mut sales = sales();
    assert!(matches!(
        sales
            .world
            .refused(set(&sales, "Salesforce", &[("password", value("x"))])),
        DomainError::NotExtensible { release: 1, .. }
    ));
    assert!(matches!(
        sales
            .world
            .refused(set(&sales, "NetSuite", &[("url", value("x"))])),
        DomainError::NotExtensible { .. }
    ));
}

#[test]
fn a_value_is_one_line_of_at_most_1000_characters() {
    let mut sales = sales();
    assert!(matches!(
        sales
            .world
            .refused(set(&sales, "Salesforce", &[("url", value(""))])),
        DomainError::EmptyExtensionValue { .. }
    ));
    assert!(matches!(
        sales
            .world
            .refused(set(&sales, "Salesforce", &[("url", value("a\nb"))])),
        DomainError::ControlCharacterInValue { .. }
    ));
    let long = "x".repeat(VALUE_MAX + 1);
    assert!(matches!(
        sales
            .world
            .refused(set(&sales, "Salesforce", &[("url", value(&long))])),
        DomainError::TooLong { max: VALUE_MAX, .. }
    ));
    sales.world.ok(set(
        &sales,
        "Salesforce",
        &[("url", value(&"x".repeat(VALUE_MAX)))],
    ));
}

#[test]
fn only_the_instances_own_account_sets_its_values() {
    let mut sales = sales();
    let other = sales.world.account("Globex");
    let mut command = set(&sales, "Salesforce", &[("url", value("x"))]);
    if let Command::SetExtensionValues(payload) = &mut command {
        payload.account = other;
    }
    assert!(matches!(
        sales.world.refused(command),
        DomainError::InstanceOfAnotherAccount { .. }
    ));
}

/// Version 1.1 makes `url` and `token` extensible (`user` no longer).
fn next_version(sales: &mut Sales) {
    sales.world.package_with(
        sales.process,
        "1.1",
        true,
        vec![shared("Salesforce", &["url", "token"])],
    );
}

#[test]
fn a_release_keeps_values_of_fields_still_extensible_and_discards_the_rest_saying_so() {
    let mut sales = sales();
    sales.world.ok(set(
        &sales,
        "Salesforce",
        &[("url", value("https://acme")), ("user", value("ops"))],
    ));
    next_version(&mut sales);
    sales.world.release_now(sales.pack);
    assert_eq!(
        settings(&sales),
        [
            ("token".into(), None, Some(2)),
            ("url".into(), Some("https://acme".into()), None)
        ]
    );
    assert!(sales
        .world
        .sentences()
        .last()
        .unwrap()
        .ends_with("; 1 extension value discarded, no longer extensible: Salesforce user"));
}

#[test]
fn a_new_field_needs_attention_until_set_or_kept_at_the_packaged_default() {
    let mut sales = sales();
    next_version(&mut sales);
    sales.world.release_now(sales.pack);
    assert_eq!(attention(&sales), 1);
    let pack = sales.world.workspace.pack(sales.pack).unwrap();
    let rows = queries::install_rows(&sales.world.workspace, pack);
    assert_eq!(rows[0].needs_attention, 1);
    sales.world.ok(set(
        &sales,
        "Salesforce",
        &[("token", FieldChoice::KeepDefault)],
    ));
    assert_eq!(attention(&sales), 0);
    assert!(sales
        .world
        .sentences()
        .last()
        .unwrap()
        .ends_with("token kept at the packaged default"));
    // Clearing the choice brings the attention back: nothing was chosen any more.
    sales
        .world
        .ok(set(&sales, "Salesforce", &[("token", FieldChoice::Clear)]));
    assert_eq!(attention(&sales), 1);
    sales
        .world
        .ok(set(&sales, "Salesforce", &[("token", value("t0k3n"))]));
    assert_eq!(attention(&sales), 0);
}

#[test]
fn an_instance_installed_after_the_release_has_nothing_new() {
    let mut sales = sales();
    next_version(&mut sales);
    sales.world.release_now(sales.pack);
    let group = sales.world.group("More");
    sales.world.offer(group, sales.pack);
    let later = sales.world.account_in("Initech", group);
    sales.world.ok(Command::Install(Install {
        account: later,
        pack: sales.pack,
        integration_pack_override_name: None,
    }));
    assert_eq!(attention(&sales), 1, "only the instance that moved");
}

#[test]
fn early_appliers_move_to_the_pending_fields_and_a_cancel_returns_them() {
    let mut sales = sales();
    sales.world.ok(set(
        &sales,
        "Salesforce",
        &[("url", value("https://acme")), ("user", value("ops"))],
    ));
    next_version(&mut sales);
    sales.world.schedule(sales.pack, "2026-12-01");
    let installed = crate::world::Installed {
        pack: sales.pack,
        first: sales.process,
        second: sales.process,
        group: packwright::domain::GroupId(0),
        account: sales.account,
        instance: sales.instance,
    };
    sales.world.apply_early(&installed);
    assert_eq!(settings(&sales)[0], ("token".into(), None, Some(2)));
    assert!(sales
        .world
        .sentences()
        .last()
        .unwrap()
        .contains("Salesforce user"));
    sales
        .world
        .ok(Command::CancelPendingRelease(CancelPendingRelease {
            pack: sales.pack,
        }));
    // Back on release 1 by the same rules: `url` kept through both moves; `user`, whose
    // value the early update discarded, is new again since release 2 and needs attention.
    assert_eq!(
        settings(&sales),
        [
            ("url".into(), Some("https://acme".into()), None),
            ("user".into(), None, Some(1))
        ]
    );
}

#[test]
fn a_scheduled_release_carries_the_values_over_on_its_date() {
    let mut sales = sales();
    sales
        .world
        .ok(set(&sales, "Salesforce", &[("url", value("https://acme"))]));
    next_version(&mut sales);
    sales.world.schedule(sales.pack, "2026-12-01");
    sales.world.advance_to("2026-11-30T23:30:00Z");
    assert_eq!(
        settings(&sales),
        [
            ("token".into(), None, Some(2)),
            ("url".into(), Some("https://acme".into()), None)
        ]
    );
}

#[test]
fn an_uninstalled_instance_keeps_no_values() {
    let mut sales = sales();
    sales
        .world
        .ok(set(&sales, "Salesforce", &[("url", value("https://acme"))]));
    sales.world.ok(Command::Uninstall(Uninstall {
        account: sales.account,
        instance: sales.instance,
    }));
    assert!(sales.world.workspace.settings_of(sales.instance).is_none());
}

#[test]
fn the_release_check_shows_the_configuration_impact_per_field() {
    let mut sales = sales();
    sales.world.ok(set(
        &sales,
        "Salesforce",
        &[("url", value("https://acme")), ("user", value("ops"))],
    ));
    next_version(&mut sales);
    let versions = sales.world.default_versions(sales.pack);
    let check = check_release(
        &sales.world.workspace,
        sales.pack,
        &versions,
        packwright::domain::model::ReleaseSchedule::Immediately,
        sales.world.now,
    )
    .unwrap();
    let impact: Vec<(String, usize, usize, usize)> = check
        .impact
        .configuration
        .iter()
        .map(|f| (f.field.clone(), f.gained, f.lost.len(), f.kept))
        .collect();
    assert_eq!(
        impact,
        [
            ("token".into(), 1, 0, 0),
            ("url".into(), 0, 0, 1),
            ("user".into(), 0, 1, 0)
        ]
    );
    assert_eq!(check.impact.configuration[2].lost, [sales.instance]);
}
