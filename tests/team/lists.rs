//! A teammate's change never takes a click away: on every list it reaches, a link or button
//! of a row it did not change, pressed while the change arrives, is the same element after
//! it, and releasing it does what it says.
//!
//! Alice works on the demo workspace shared through the test server; Carol's changes are
//! decided on the team's workspace and written straight into the team's log, as her
//! browser would, while Alice's pointer is down.

use chrono::{DateTime, TimeDelta, Utc};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use packwright::domain::command::{
    AddAccountToGroup, AddMember, CreatePack, CreatePackage, DeletePack, Install,
    RemoveAccountFromGroup, RenameAccount,
};
use packwright::domain::model::{DeploymentModel, InstallationType};
use packwright::domain::{decide, AccountId, Command, PublisherZone, Workspace};
use packwright::store::demo::demo_workspace;
use serde_json::json;

use super::browser::*;
use super::static_host::StaticHost;
use super::support::*;

/// Alice on the demo workspace, which is the team's log; Carol writes to it.
struct Team {
    couch: CouchServer,
    _host: StaticHost,
    _folder: TempFolder,
    /// The team's workspace: what Carol's changes are decided on.
    workspace: Workspace,
    next_revision: usize,
    at: DateTime<Utc>,
}

impl Team {
    async fn with_alice(name: &str) -> (Team, Publisher) {
        let couch = CouchServer::start(name);
        let (host, folder) = host_for(&[couch.url()]);
        couch.set_up(&origin(&host), &["alice"], &[]);
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let now = DateTime::<Utc>::from_timestamp(seconds as i64, 0).unwrap();
        let zone = PublisherZone::parse("Europe/Berlin").unwrap();
        let (workspace, events) = demo_workspace(now, zone).unwrap();
        let mut next_revision = 1;
        for batch in events.chunks(40) {
            couch.put_batch(next_revision, &json!(batch));
            next_revision += 1;
        }
        let alice = Publisher::open("alice", &host).await;
        alice.connect_and_wait(&couch.url()).await;
        wait_until_converged(&[&alice]).await;
        let team = Team {
            couch,
            _host: host,
            _folder: folder,
            workspace,
            next_revision,
            at: now,
        };
        (team, alice)
    }

    /// Carol's change: decided on the team's workspace, written as the log's next batch.
    fn carol(&mut self, command: Command) {
        self.at += TimeDelta::seconds(1);
        let mut events = decide(&self.workspace, command, self.at).unwrap();
        for event in &mut events {
            event.by = Some("carol".into());
            self.workspace.apply(event);
        }
        self.couch.put_batch(self.next_revision, &json!(events));
        self.next_revision += 1;
    }

    fn account_named(&self, name: &str) -> AccountId {
        self.workspace
            .accounts()
            .find(|account| account.name == name)
            .unwrap()
            .id
    }
}

impl CouchServer {
    fn put_batch(&self, revision: usize, events: &serde_json::Value) {
        let (status, body) = self.admin(
            "PUT",
            &format!("/{DATABASE}/{revision:010}"),
            Some(&json!({"format": 4, "events": events}).to_string()),
        );
        assert_eq!(status, 201, "{body}");
    }
}

/// Puts the pointer down on the element `xpath` finds, as a person starts a click, and
/// remembers that element.
async fn press(alice: &Publisher, xpath: &str) {
    let element = alice
        .browser
        .find(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("nothing at {xpath}: {e}"));
    alice
        .browser
        .execute(
            "window.pressed = arguments[0];",
            vec![serde_json::to_value(&element).unwrap()],
        )
        .await
        .unwrap();
    finger_on(
        alice,
        element,
        PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        },
    )
    .await;
}

/// Moves the pointer onto `element`, then does `then` there (press or lift).
async fn finger_on(alice: &Publisher, element: fantoccini::elements::Element, then: PointerAction) {
    let actions = MouseActions::new("finger".into())
        .then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(then);
    alice.browser.perform_actions(actions).await.unwrap();
}

/// The element `xpath` finds now is the one pressed, still on the page; the pointer is
/// lifted on it (had it been replaced, the press and the release would be on two
/// elements, and no click would follow).
async fn release_on_the_same_element(alice: &Publisher, xpath: &str) {
    let same = alice
        .browser
        .execute(
            "const now = document.evaluate(arguments[0], document, null,
               XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
             return window.pressed.isConnected && now === window.pressed;",
            vec![json!(xpath)],
        )
        .await
        .unwrap();
    assert_eq!(
        same,
        json!(true),
        "the element pressed at {xpath} was replaced by a teammate's change"
    );
    let element = alice.browser.find(Locator::XPath(xpath)).await.unwrap();
    finger_on(
        alice,
        element,
        PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        },
    )
    .await;
}

async fn wait_for(alice: &Publisher, what: &str, xpath: &str) {
    wait_until(
        &alice.browser,
        what,
        "return !!document.evaluate(arguments[0], document, null,
           XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;",
        vec![json!(xpath)],
    )
    .await;
}

async fn wait_for_heading(alice: &Publisher, heading: &str) {
    wait_for(
        alice,
        &format!("the page of {heading}"),
        &format!("//main//h1[normalize-space()=\"{heading}\"]"),
    )
    .await;
}

async fn open_link(alice: &Publisher, xpath: &str, heading: &str) {
    alice
        .browser
        .find(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("no link at {xpath}: {e}"))
        .click()
        .await
        .unwrap();
    wait_for_heading(alice, heading).await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_account_link_pressed_while_a_teammate_renames_another_account_opens_it() {
    let (mut team, alice) = Team::with_alice("rows-accounts").await;
    alice.go_to("Managed Accounts").await;
    let names: Vec<String> = team.workspace.accounts().map(|a| a.name.clone()).collect();
    let link = format!(
        "//table[@data-testid='account-list']//a[normalize-space()=\"{}\"]",
        names[0]
    );
    wait_for(&alice, "the account list", &link).await;

    press(&alice, &link).await;
    team.carol(Command::RenameAccount(RenameAccount {
        account: team.account_named(&names[5]),
        name: "Renamed by Carol".into(),
    }));
    wait_for_text(&alice.browser, "Renamed by Carol").await;
    release_on_the_same_element(&alice, &link).await;

    wait_for_heading(&alice, &names[0]).await;
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_uninstall_button_pressed_while_a_teammate_installs_beside_it_asks_first() {
    let (mut team, alice) = Team::with_alice("rows-instances").await;
    let stores = team
        .workspace
        .packs()
        .find(|pack| pack.installation_type == InstallationType::Multi)
        .unwrap()
        .id;
    let account = team
        .workspace
        .accounts()
        .find(|account| {
            account
                .instances
                .iter()
                .filter(|instance| team.workspace.instance(**instance).unwrap().pack == stores)
                .count()
                >= 2
        })
        .unwrap();
    let (account_id, account_name) = (account.id, account.name.clone());
    alice.go_to("Managed Accounts").await;
    open_link(
        &alice,
        &format!("//a[normalize-space()=\"{account_name}\"]"),
        &account_name,
    )
    .await;
    let button = "//table[@data-testid='instances']//button[@aria-label='Uninstall Main Street']";
    wait_for(&alice, "the account's instances", button).await;

    press(&alice, button).await;
    team.carol(Command::Install(Install {
        account: account_id,
        pack: stores,
        integration_pack_override_name: Some("Carol's store".into()),
    }));
    wait_for_text(&alice.browser, "Carol's store").await;
    release_on_the_same_element(&alice, button).await;

    wait_for_text(
        &alice.browser,
        "Uninstall it? Its configuration in this account is lost.",
    )
    .await;
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_member_chip_pressed_while_a_teammate_adds_to_the_group_removes_that_member() {
    let (mut team, alice) = Team::with_alice("rows-groups").await;
    let group = team.workspace.groups().next().unwrap();
    let group_id = group.id;
    // The first member by name that may leave the group (others keep installed packs
    // through it alone), and an account to add that sorts after it.
    let mut members: Vec<(String, AccountId)> = group
        .accounts
        .iter()
        .map(|account| {
            (
                team.workspace.account(*account).unwrap().name.clone(),
                *account,
            )
        })
        .collect();
    members.sort();
    let (leaving, _) = members
        .into_iter()
        .find(|(_, account)| {
            decide(
                &team.workspace,
                Command::RemoveAccountFromGroup(RemoveAccountFromGroup {
                    group: group_id,
                    account: *account,
                }),
                team.at,
            )
            .is_ok()
        })
        .unwrap();
    let newcomer = team
        .workspace
        .accounts()
        .filter(|account| !group.accounts.contains(&account.id) && account.name > leaving)
        .map(|account| (account.id, account.name.clone()))
        .next()
        .unwrap();
    alice.go_to("Account Groups").await;
    let card = "(//section[@data-testid='group-card'])[1]";
    let chip = format!("{card}//button[@aria-label=\"Remove {leaving} from the group\"]");
    wait_for(&alice, "the group's members", &chip).await;

    press(&alice, &chip).await;
    team.carol(Command::AddAccountToGroup(AddAccountToGroup {
        group: group_id,
        account: newcomer.0,
    }));
    wait_for(
        &alice,
        "the newcomer's chip",
        &format!(
            "{card}//button[@aria-label=\"Remove {} from the group\"]",
            newcomer.1
        ),
    )
    .await;
    release_on_the_same_element(&alice, &chip).await;

    wait_for_text(&alice.browser, "Removed the account from the group.").await;
    wait_until(
        &alice.browser,
        "the member's chip gone",
        "return !document.evaluate(arguments[0], document, null,
           XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;",
        vec![json!(chip)],
    )
    .await;
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_pack_link_pressed_while_a_teammate_deletes_a_pack_above_it_opens_it() {
    let (mut team, alice) = Team::with_alice("rows-packs").await;
    // A pack that may be deleted, and one after it in the list: when the row above goes,
    // the pressed row moves up, and must still be the pack it was.
    let deleted = team
        .workspace
        .packs()
        .find(|pack| pack.instances.is_empty())
        .unwrap()
        .id;
    team.carol(Command::CreatePack(CreatePack {
        name: "Carol's pack".into(),
        description: String::new(),
        installation_type: InstallationType::Single,
        deployment_model: DeploymentModel::Packaged,
    }));
    alice.go_to("Integration Packs").await;
    let link = "//table[@data-testid='pack-list']//a[normalize-space()=\"Carol's pack\"]";
    wait_for(&alice, "the pack list", link).await;

    press(&alice, link).await;
    let rows = team.workspace.packs().count();
    team.carol(Command::DeletePack(DeletePack { pack: deleted }));
    wait_until(
        &alice.browser,
        "the deleted pack's row gone",
        "return document.querySelectorAll('[data-testid=pack-list] tbody tr').length === arguments[0];",
        vec![json!(rows - 1)],
    )
    .await;
    release_on_the_same_element(&alice, link).await;

    wait_for_heading(&alice, "Carol's pack").await;
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_component_button_pressed_while_a_teammate_packages_another_opens_its_form() {
    let (mut team, alice) = Team::with_alice("rows-components").await;
    let second = team.workspace.components().nth(1).unwrap().id;
    alice.go_to("Packaged Components").await;
    let button =
        "(//section[@data-testid='component-card'])[1]//button[normalize-space()='Add package version']";
    wait_for(&alice, "the component cards", button).await;

    press(&alice, button).await;
    team.carol(Command::CreatePackage(CreatePackage {
        component: second,
        version: "9.9.9".into(),
        notes: "Packaged by Carol".into(),
        shareable: true,
        shared_components: Vec::new(),
    }));
    wait_for_text(&alice.browser, "Packaged by Carol").await;
    release_on_the_same_element(&alice, button).await;

    wait_for(
        &alice,
        "the first card's package form",
        "(//section[@data-testid='component-card'])[1]//form[@data-testid='add-package']",
    )
    .await;
    alice.close().await;
}

/// The pack with the most instances, and its name.
fn busiest_pack(workspace: &Workspace) -> (packwright::domain::PackId, String) {
    let pack = workspace
        .packs()
        .max_by_key(|pack| pack.instances.len())
        .unwrap();
    (pack.id, pack.name.clone())
}

#[tokio::test(flavor = "current_thread")]
async fn an_install_list_link_pressed_while_a_teammate_installs_opens_the_account() {
    let (mut team, alice) = Team::with_alice("rows-installs").await;
    let (pack, pack_name) = busiest_pack(&team.workspace);
    let installed = packwright::domain::queries::install_rows(
        &team.workspace,
        team.workspace.pack(pack).unwrap(),
    );
    let first = installed[0].account_name.clone();
    // An account that sorts after the first row (its row goes below) and may install it.
    let later = team
        .workspace
        .accounts()
        .filter(|account| account.name > first)
        .find(|account| {
            decide(
                &team.workspace,
                Command::Install(Install {
                    account: account.id,
                    pack,
                    integration_pack_override_name: Some("Carol's install".into()),
                }),
                team.at,
            )
            .is_ok()
        })
        .unwrap()
        .id;
    alice.go_to("Integration Packs").await;
    open_link(
        &alice,
        &format!("//table[@data-testid='pack-list']//a[normalize-space()=\"{pack_name}\"]"),
        &pack_name,
    )
    .await;
    let link =
        format!("(//table[@data-testid='install-list']//a)[1][normalize-space()=\"{first}\"]");
    wait_for(&alice, "the install list", &link).await;

    press(&alice, &link).await;
    team.carol(Command::Install(Install {
        account: later,
        pack,
        integration_pack_override_name: Some("Carol's install".into()),
    }));
    wait_for_text(
        &alice.browser,
        &format!("of {} instances", installed.len() + 1),
    )
    .await;
    release_on_the_same_element(&alice, &link).await;

    wait_for_heading(&alice, &first).await;
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_remove_button_pressed_while_a_teammate_adds_a_member_above_it_removes_its_own() {
    let (mut team, alice) = Team::with_alice("rows-members").await;
    // A pack and a component that sorts before all its members (members are listed by
    // component): the new row comes above the pressed one.
    let (pack, pack_name, added) = team
        .workspace
        .packs()
        .find_map(|pack| {
            let first = *pack.members.keys().next()?;
            let added = team.workspace.components().find(|component| {
                component.id < first
                    && decide(
                        &team.workspace,
                        Command::AddMember(AddMember {
                            pack: pack.id,
                            component: component.id,
                            package: None,
                        }),
                        team.at,
                    )
                    .is_ok()
            })?;
            Some((pack.id, pack.name.clone(), added.id))
        })
        .expect("the demo has a pack a component with a smaller id can join");
    let members = team.workspace.pack(pack).unwrap().members.len();
    alice.go_to("Integration Packs").await;
    open_link(
        &alice,
        &format!("//table[@data-testid='pack-list']//a[normalize-space()=\"{pack_name}\"]"),
        &pack_name,
    )
    .await;
    let button = "(//table[@data-testid='members']//button[normalize-space()='Remove'])[1]";
    wait_for(&alice, "the pack's members", button).await;
    let removed = alice
        .browser
        .find(Locator::XPath(button))
        .await
        .unwrap()
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap();

    press(&alice, button).await;
    team.carol(Command::AddMember(AddMember {
        pack,
        component: added,
        package: None,
    }));
    wait_until(
        &alice.browser,
        "the new member's row",
        "return document.querySelectorAll('[data-testid=members] tbody tr').length === arguments[0];",
        vec![json!(members + 1)],
    )
    .await;
    // Now the second row's.
    let pressed = "(//table[@data-testid='members']//button[normalize-space()='Remove'])[2]";
    release_on_the_same_element(&alice, pressed).await;

    wait_for_text(&alice.browser, "Removed from the pack.").await;
    wait_until(
        &alice.browser,
        "the pressed member gone, the new one kept",
        "return !document.querySelector(`[data-testid=members] button[aria-label=\"${arguments[0]}\"]`)
           && document.querySelectorAll('[data-testid=members] tbody tr').length === arguments[1];",
        vec![json!(removed), json!(members)],
    )
    .await;
    alice.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn activity_keeps_its_rows_and_show_more_pressed_while_a_teammate_changes_shows_more() {
    let (mut team, alice) = Team::with_alice("rows-activity").await;
    let renamed = team.workspace.accounts().nth(3).unwrap().id;
    alice.go_to("Activity").await;
    let button = "//button[normalize-space()='Show more (50 shown)']";
    wait_for(&alice, "the activity log", button).await;
    alice
        .browser
        .execute(
            "window.newest = document.querySelector('[data-testid=activity] li');",
            vec![],
        )
        .await
        .unwrap();

    press(&alice, button).await;
    team.carol(Command::RenameAccount(RenameAccount {
        account: renamed,
        name: "Renamed by Carol".into(),
    }));
    wait_for_text(&alice.browser, "Renamed by Carol").await;
    // The row that was newest is the same element, now second.
    let kept = alice
        .browser
        .execute(
            "const rows = document.querySelectorAll('[data-testid=activity] li');
             return rows[1] === window.newest && rows[0].textContent.includes('Renamed by Carol');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept, json!(true), "the activity rows were built again");
    release_on_the_same_element(&alice, button).await;

    wait_for(
        &alice,
        "a hundred events",
        "//button[normalize-space()='Show more (100 shown)']",
    )
    .await;
    alice.close().await;
}
