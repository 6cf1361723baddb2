//! The demo workspace: a realistic publisher, built through the engine's own commands so
//! that it obeys every rule. The same `now` and zone always give the same workspace.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::command::{
    AddAccountToGroup, AddMember, AddPackToGroup, ApplyPendingUpdate, CreateAccount,
    CreateComponent, CreateGroup, CreatePack, CreatePackage, EditPack, Install, ReleasePack,
    SetPublisherContact, SetPublisherTimeZone,
};
use crate::domain::model::{
    ComponentKind, Contact, DeploymentModel, InstallationType, ReleaseSchedule, SharedComponent,
    SharedComponentKind,
};
use crate::domain::{
    decide, queries, tick, AccountId, Command, ComponentId, DomainError, Event, GroupId, PackId,
    PackageId, PublisherZone, Workspace,
};

mod large;
mod testing;
pub use large::{
    large_workspace, large_workspace_shaped, with_testing_period, BigPack, LargeWorkspace,
};

const ACCOUNT_NAMES: [&str; 40] = [
    "Alder Outfitters",
    "Bluefin Grocers",
    "Cedar & Sons",
    "Dunmore Pharmacy",
    "Elm Street Books",
    "Fjord Fisheries",
    "Granite Hardware",
    "Harbor Coffee",
    "Iris Florists",
    "Juniper Apparel",
    "Kestrel Cycles",
    "Lumen Lighting",
    "Maple Bakery",
    "Nimbus Outdoor",
    "Orchard Foods",
    "Pinnacle Sports",
    "Quartz Jewelers",
    "Riverbend Wines",
    "Sable Shoes",
    "Tidewater Marine",
    "Umber Ceramics",
    "Vale Pet Supply",
    "Willow Home",
    "Xylo Music",
    "Yarrow Herbs",
    "Zephyr Kites",
    "Atlas Logistics",
    "Beacon Health",
    "Crescent Telecom",
    "Delta Freight",
    "Ember Energy",
    "Falcon Insurance",
    "Glacier Water",
    "Helix Labs",
    "Ivory Textiles",
    "Jade Restaurants",
    "Keystone Builders",
    "Lattice Software",
    "Meridian Travel",
    "Nova Dental",
];

struct Builder {
    workspace: Workspace,
    events: Vec<Event>,
    now: DateTime<Utc>,
    /// How far the clock moves after each command, so that the log reads like weeks of work.
    step: TimeDelta,
}

impl Builder {
    fn run(&mut self, command: Command) -> Result<u32, DomainError> {
        let mut events = tick(&self.workspace, self.now);
        for event in &events {
            self.workspace.apply(event);
        }
        let decided = decide(&self.workspace, command, self.now)?;
        for event in &decided {
            self.workspace.apply(event);
        }
        events.extend(decided);
        self.events.extend(events);
        self.now += self.step;
        Ok(self.workspace.next_id() - 1)
    }

    fn component(
        &mut self,
        name: &str,
        kind: ComponentKind,
        versions: &[(&str, bool, Vec<SharedComponent>)],
    ) -> Result<ComponentId, DomainError> {
        let component = ComponentId(self.run(Command::CreateComponent(CreateComponent {
            name: name.to_owned(),
            kind,
        }))?);
        for (version, shareable, shared) in versions {
            self.run(Command::CreatePackage(CreatePackage {
                component,
                version: (*version).to_owned(),
                notes: format!("{name} {version}"),
                shareable: *shareable,
                shared_components: shared.clone(),
            }))?;
        }
        Ok(component)
    }

    fn pack(
        &mut self,
        name: &str,
        description: &str,
        installation_type: InstallationType,
        members: &[ComponentId],
    ) -> Result<PackId, DomainError> {
        let pack = PackId(self.run(Command::CreatePack(CreatePack {
            name: name.to_owned(),
            description: description.to_owned(),
            installation_type,
            deployment_model: DeploymentModel::Packaged,
        }))?);
        for component in members {
            self.run(Command::AddMember(AddMember {
                pack,
                component: *component,
                package: None,
            }))?;
        }
        self.run(Command::EditPack(EditPack {
            pack,
            name: name.to_owned(),
            description: description.to_owned(),
            installation_guide: format!("Before installing {name}, create the connections it lists and grant the integration user API access. Then install, fill in the extensions and run the process once by hand."),
            user_guide: format!("{name} runs on its schedule once installed. Watch the process reporting page for errors; contact us with the execution id if one persists."),
            contact: Contact::default(),
        }))?;
        Ok(pack)
    }

    fn release(
        &mut self,
        pack: PackId,
        notes: &str,
        schedule: ReleaseSchedule,
    ) -> Result<u32, DomainError> {
        let versions = queries::default_candidate(&self.workspace, self.workspace.pack(pack)?);
        self.run(Command::ReleasePack(ReleasePack {
            pack,
            versions,
            notes: notes.to_owned(),
            schedule,
        }))
    }

    fn package(
        &mut self,
        component: ComponentId,
        version: &str,
        shared: Vec<SharedComponent>,
    ) -> Result<u32, DomainError> {
        self.run(Command::CreatePackage(CreatePackage {
            component,
            version: version.to_owned(),
            notes: format!("Version {version}"),
            shareable: true,
            shared_components: shared,
        }))
    }
}

fn connection(name: &str, fields: &[&str]) -> SharedComponent {
    SharedComponent {
        name: name.to_owned(),
        kind: SharedComponentKind::Connection,
        extensible_fields: fields.iter().map(|field| (*field).to_owned()).collect(),
    }
}

fn shared(name: &str, kind: SharedComponentKind) -> SharedComponent {
    SharedComponent {
        name: name.to_owned(),
        kind,
        extensible_fields: Default::default(),
    }
}

/// Builds the demo workspace as of `now` for a publisher in `zone`, with its events.
pub fn demo_workspace(
    now: DateTime<Utc>,
    zone: PublisherZone,
) -> Result<(Workspace, Vec<Event>), DomainError> {
    let mut b = Builder {
        workspace: Workspace::default(),
        events: Vec::new(),
        now: now - TimeDelta::days(60),
        step: TimeDelta::minutes(37),
    };
    b.run(Command::SetPublisherTimeZone(SetPublisherTimeZone {
        time_zone: zone,
    }))?;
    b.run(Command::SetPublisherContact(SetPublisherContact {
        contact: Contact {
            name: "Northwind Integrations Support".to_owned(),
            email: "support@northwind.example".to_owned(),
            phone: "+1 555 0100".to_owned(),
        },
    }))?;

    let salesforce = connection("Salesforce Connection", &["url", "username", "password"]);
    let netsuite = connection("NetSuite Connection", &["account", "token"]);
    let sftp = connection("Store SFTP", &["host", "user"]);
    let order_profile = shared("Order Profile", SharedComponentKind::Profile);
    let currency_map = shared("Currency Map", SharedComponentKind::Map);

    let order_import = b.component(
        "SF Order Import",
        ComponentKind::Process,
        &[
            ("1.0", true, vec![salesforce.clone(), order_profile.clone()]),
            ("1.1", true, vec![salesforce.clone(), order_profile.clone()]),
        ],
    )?;
    let account_sync = b.component(
        "SF Account Sync",
        ComponentKind::Process,
        &[
            ("1.0", true, vec![salesforce.clone()]),
            ("1.1-beta", false, vec![salesforce.clone()]),
        ],
    )?;
    let order_api = b.component(
        "Order Status API",
        ComponentKind::ApiService,
        &[("1.0", true, vec![order_profile.clone()])],
    )?;
    let invoice_export = b.component(
        "NS Invoice Export",
        ComponentKind::Process,
        &[("2.0", true, vec![netsuite.clone(), currency_map.clone()])],
    )?;
    let payment_sync = b.component(
        "NS Payment Sync",
        ComponentKind::Process,
        &[("2.0", true, vec![netsuite.clone()])],
    )?;
    let credit_memo = b.component(
        "NS Credit Memo Sync",
        ComponentKind::Process,
        &[("1.0", true, vec![netsuite.clone()])],
    )?;
    let stock_feed = b.component(
        "Store Stock Feed",
        ComponentKind::Process,
        &[
            ("3.0", true, vec![sftp.clone()]),
            ("3.1", true, vec![sftp.clone()]),
        ],
    )?;
    let price_feed = b.component(
        "Store Price Feed",
        ComponentKind::Process,
        &[("3.0", true, vec![sftp.clone()])],
    )?;
    let hire_intake = b.component(
        "HR Hire Intake",
        ComponentKind::Process,
        &[("0.9", false, vec![]), ("1.0", true, vec![])],
    )?;
    let badge_request = b.component(
        "HR Badge Request",
        ComponentKind::Process,
        &[("1.0", true, vec![])],
    )?;
    b.component(
        "Ledger Reconciliation",
        ComponentKind::Process,
        &[("0.1-draft", false, vec![])],
    )?;
    b.component(
        "Shipment Tracking API",
        ComponentKind::ApiService,
        &[("1.0", false, vec![])],
    )?;

    let orders = b.pack(
        "Salesforce Order Sync",
        "Imports Salesforce orders and keeps accounts in step, with an API for order status.",
        InstallationType::Single,
        &[order_import, account_sync, order_api],
    )?;
    let invoices = b.pack(
        "NetSuite Invoice Bridge",
        "Sends invoices and payments to NetSuite, converting currencies on the way.",
        InstallationType::Single,
        &[invoice_export, payment_sync],
    )?;
    let stores = b.pack(
        "Store Inventory Feeds",
        "Stock and price feeds for each physical store, installed once per store.",
        InstallationType::Multi,
        &[stock_feed, price_feed],
    )?;
    b.pack(
        "HR Onboarding",
        "New-hire intake and badge requests (in preparation).",
        InstallationType::Single,
        &[hire_intake, badge_request],
    )?;

    b.release(orders, "First release.", ReleaseSchedule::Immediately)?;
    b.release(invoices, "First release.", ReleaseSchedule::Immediately)?;
    b.release(stores, "First release.", ReleaseSchedule::Immediately)?;

    let groups: Vec<GroupId> = [
        "Retail — Europe",
        "Retail — North America",
        "Enterprise",
        "Pilot customers",
    ]
    .iter()
    .map(|name| {
        b.run(Command::CreateGroup(CreateGroup {
            name: (*name).to_owned(),
        }))
        .map(GroupId)
    })
    .collect::<Result<_, _>>()?;
    b.run(Command::AddPackToGroup(AddPackToGroup {
        group: groups[0],
        pack: stores,
    }))?;
    b.run(Command::AddPackToGroup(AddPackToGroup {
        group: groups[1],
        pack: stores,
    }))?;
    b.run(Command::AddPackToGroup(AddPackToGroup {
        group: groups[1],
        pack: orders,
    }))?;
    b.run(Command::AddPackToGroup(AddPackToGroup {
        group: groups[2],
        pack: orders,
    }))?;
    b.run(Command::AddPackToGroup(AddPackToGroup {
        group: groups[2],
        pack: invoices,
    }))?;
    b.run(Command::AddPackToGroup(AddPackToGroup {
        group: groups[3],
        pack: invoices,
    }))?;

    let mut accounts: Vec<AccountId> = Vec::new();
    for (index, name) in ACCOUNT_NAMES.iter().enumerate() {
        let account = AccountId(b.run(Command::CreateAccount(CreateAccount {
            name: (*name).to_owned(),
        }))?);
        // Stores are retail (first 26), the rest enterprise; every fifth is also a pilot.
        let group = if index < 13 {
            groups[0]
        } else if index < 26 {
            groups[1]
        } else {
            groups[2]
        };
        b.run(Command::AddAccountToGroup(AddAccountToGroup {
            group,
            account,
        }))?;
        if index % 5 == 0 {
            b.run(Command::AddAccountToGroup(AddAccountToGroup {
                group: groups[3],
                account,
            }))?;
        }
        accounts.push(account);
    }
    for (index, account) in accounts.iter().enumerate() {
        let visible = queries::visible_packs(&b.workspace, *account);
        if visible.contains(&stores) && index % 4 != 3 {
            for store in 0..(1 + index % 3) {
                let name = ["Main Street", "Airport", "Harbor Mall"][store].to_owned();
                b.run(Command::Install(Install {
                    account: *account,
                    pack: stores,
                    integration_pack_override_name: Some(name),
                }))?;
            }
        }
        if visible.contains(&orders) && index % 3 != 2 {
            b.run(Command::Install(Install {
                account: *account,
                pack: orders,
                integration_pack_override_name: None,
            }))?;
        }
        if visible.contains(&invoices) && index % 2 == 0 {
            b.run(Command::Install(Install {
                account: *account,
                pack: invoices,
                integration_pack_override_name: None,
            }))?;
        }
    }

    // Newer versions: the orders pack is behind (flagged), the invoice pack has a pending
    // release in its testing period that one pilot account applied early.
    b.package(
        order_import,
        "1.2",
        vec![salesforce.clone(), order_profile.clone()],
    )?;
    b.package(
        invoice_export,
        "2.1",
        vec![netsuite.clone(), currency_map.clone()],
    )?;
    // Credit memos post to a refund ledger: a new connection whose ledger id each account
    // fills in.
    b.package(
        credit_memo,
        "1.1",
        vec![
            netsuite.clone(),
            connection("Refund Ledger", &["ledger id"]),
        ],
    )?;
    b.run(Command::AddMember(AddMember {
        pack: invoices,
        component: credit_memo,
        package: None,
    }))?;
    b.now = now - TimeDelta::days(2);
    let release_on_date = zone.date_at(now) + TimeDelta::days(9);
    b.release(
        invoices,
        "Adds credit memos; invoices carry the exchange rate used.",
        ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date },
    )?;
    testing::try_the_pending_release(&mut b, &accounts, invoices, now)?;
    Ok((b.workspace, b.events))
}
