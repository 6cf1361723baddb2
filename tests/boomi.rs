//! Import from Boomi and the requests sent back, through the engine's public API, over
//! the fixtures in `tests/fixtures/boomi/` (written from the Platform API's OpenAPI
//! schemas and examples: a publisher with three packs, components of modelled and
//! unmodelled types, a deleted package, a scheduled release, groups and instances across
//! accounts, and a `queryMore` page).

// Native only: proptest and `sh` are not in the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use proptest::strategy::Strategy;
use serde_json::Value;

use packwright::domain::boomi::{
    plan_import, read_files, release_requests, BoomiFile, Problem, ReleaseIntent,
};
use packwright::domain::command::{
    CreatePack, CreatePackage, DeletePack, EditPack, RecordBoomiIds, RemoveMember,
    RemovePackFromGroup,
};
use packwright::domain::integrity::check_integrity;
use packwright::domain::model::{BoomiThing, InstallationType, ReleaseSchedule, ReleaseStatus};
use packwright::domain::{decide, Command, Event, Workspace};
use packwright::store::file::WorkspaceFile;

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

#[path = "support/boomi_fixtures.rs"]
mod boomi_fixtures;

fn fixtures() -> Vec<BoomiFile> {
    boomi_fixtures::fixtures()
        .into_iter()
        .map(|(name, text)| BoomiFile {
            name: name.to_owned(),
            text: text.to_owned(),
        })
        .collect()
}

/// The fixtures imported into `workspace`: the workspace after, and the events.
fn imported_into(workspace: &Workspace, files: &[BoomiFile]) -> (Workspace, Vec<Event>) {
    let data = read_files(files).unwrap();
    let plan = plan_import(workspace, &data, now()).unwrap();
    let mut after = workspace.clone();
    for event in &plan.events {
        after.apply(event);
    }
    (after, plan.events)
}

fn imported() -> Workspace {
    imported_into(&Workspace::default(), &fixtures()).0
}

/// The fixtures with `edit` applied to the JSON of the one named `file`.
fn edited(file: &str, edit: impl FnOnce(&mut Value)) -> Vec<BoomiFile> {
    let mut files = fixtures();
    let target = files.iter_mut().find(|f| f.name == file).unwrap();
    let mut json: Value = serde_json::from_str(&target.text).unwrap();
    edit(&mut json);
    target.text = json.to_string();
    files
}

fn refusal(files: &[BoomiFile]) -> packwright::domain::boomi::BoomiError {
    match read_files(files) {
        Err(error) => error,
        Ok(data) => plan_import(&Workspace::default(), &data, now()).unwrap_err(),
    }
}

/// Decides `command` at `now()` and applies its events: a change made by hand after the import.
fn apply_command(workspace: &mut Workspace, command: Command) {
    for event in decide(workspace, command, now()).unwrap() {
        workspace.apply(&event);
    }
}

fn pack_named<'a>(workspace: &'a Workspace, name: &str) -> &'a packwright::domain::model::Pack {
    workspace.packs().find(|pack| pack.name == name).unwrap()
}

#[test]
fn the_preview_counts_what_is_created_skipped_and_assumed() {
    let data = read_files(&fixtures()).unwrap();
    assert_eq!(data.files.len(), 12);
    assert_eq!(data.files[1].object_type, Some("PackagedComponent"));
    assert_eq!(data.files[1].results, 6);
    let preview = plan_import(&Workspace::default(), &data, now())
        .unwrap()
        .preview;
    let created = preview.created;
    assert_eq!(created.components, 5, "{created:?}");
    assert_eq!(created.packages, 8);
    assert_eq!(created.packs, 3);
    assert_eq!(created.current_releases, 2);
    assert_eq!(created.scheduled_releases, 1);
    assert_eq!(created.groups, 2);
    assert_eq!(created.accounts, 4);
    assert_eq!(created.group_accounts, 6);
    assert_eq!(created.group_packs, 4);
    assert_eq!(created.instances, 5);
    assert!(preview.already_there.is_empty());
    assert_eq!(
        created.lines()[..3],
        [
            "5 components",
            "8 packaged components",
            "3 integration packs"
        ]
    );

    assert_eq!(
        preview.packs,
        [
            "Order Management (single attachment): release 1 with Order Sync 1.1, Order Status API 1.0; release 2 scheduled for 2026-12-15 with Order Sync 2.0, Order Status API 1.0",
            "Invoicing (multiple attachments): release 1 with Invoice Export 1.0, Customer Sync 1.0; next release staged with Invoice Export 1.0, Customer Sync 1.1",
            "Customer Hub (single attachment): not released yet; next release staged with Customer Sync 1.0",
        ]
    );
    let skipped = preview.skipped.join("\n");
    for expected in [
        "1 packaged component of type certificate",
        "1 packaged component of type flowservice",
        "1 packaged component: deleted in Boomi",
        "Shop Certificate in Order Management: component type certificate is not modelled",
        "1 account: deleted in Boomi",
        "Account umbrella-J1K2L3 in account group All Accounts: it is not among the Account results",
        "Instance SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UwNA in IntegrationPackInstance-acme-A1B2C3.json: it is of integration pack 0ther-publisher-pack-0001",
        "Instance SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UwNg in IntegrationPackInstance-initech-G7H8I9.json: Customer Hub has no current release",
        "1 release request not scheduled",
    ] {
        assert!(skipped.contains(expected), "{expected:?} not in:\n{skipped}");
    }
    let assumptions = preview.assumptions.join("\n");
    for expected in [
        "runs its pack's current release",
        "at the import's time",
        "1 component is named by Boomi id",
        "Managed account \u{201c}Acme Corp\u{201d} is named \u{201c}Acme Corp (hooli-M4N5O6)\u{201d}",
    ] {
        assert!(assumptions.contains(expected), "{expected:?} not in:\n{assumptions}");
    }
}

#[test]
fn the_imported_workspace_holds_together_replays_and_exports() {
    let (workspace, events) = imported_into(&Workspace::default(), &fixtures());
    assert_eq!(check_integrity(&workspace), Vec::<String>::new());
    assert_eq!(Workspace::replay(&events), workspace);
    let file = WorkspaceFile::new(workspace.clone(), events);
    let again = WorkspaceFile::parse(&file.to_json()).unwrap();
    assert_eq!(again.workspace, workspace);
    assert!(events_sentence(&again.events).contains(
        "Imported from Boomi: 5 components, 8 packaged components, 3 integration packs, 2 account groups, 4 managed accounts and 5 installed instances"
    ));
}

fn events_sentence(events: &[Event]) -> String {
    let zone = packwright::domain::PublisherZone::utc();
    events
        .iter()
        .map(|event| event.sentence(zone))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn packs_get_boomi_current_release_staged_members_and_scheduled_release() {
    let workspace = imported();
    let version_of = |pack: &packwright::domain::model::Pack, component: &str| {
        let component = workspace
            .components()
            .find(|c| c.name == component)
            .unwrap();
        workspace
            .package(pack.members[&component.id])
            .unwrap()
            .version
            .clone()
    };

    let orders = pack_named(&workspace, "Order Management");
    assert_eq!(orders.installation_type, InstallationType::Single);
    assert_eq!(orders.current_release, Some(1));
    let current = orders.current().unwrap();
    let current_versions: Vec<String> = current
        .versions
        .values()
        .map(|package| workspace.package(*package).unwrap().version.clone())
        .collect();
    assert_eq!(current_versions, ["1.1", "1.0"]);
    let pending = orders.pending().unwrap();
    assert_eq!(pending.status, ReleaseStatus::Pending);
    assert_eq!(
        pending.schedule,
        ReleaseSchedule::ReleaseOnSpecifiedDate {
            release_on_date: NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
        }
    );
    assert_eq!(version_of(orders, "Order Sync"), "2.0");
    assert_eq!(orders.instances.len(), 3);

    let invoicing = pack_named(&workspace, "Invoicing");
    assert_eq!(invoicing.installation_type, InstallationType::Multi);
    assert_eq!(invoicing.current_release, Some(1));
    assert_eq!(invoicing.pending_release, None);
    // Staged in Boomi for the next release (pendingVersion): a member, not released.
    assert_eq!(version_of(invoicing, "Customer Sync"), "1.1");
    let overrides: Vec<Option<String>> = invoicing
        .instances
        .iter()
        .map(|id| {
            workspace
                .instance(*id)
                .unwrap()
                .integration_pack_override_name
                .clone()
        })
        .collect();
    assert_eq!(
        overrides,
        [
            Some("Domestic".to_owned()),
            Some("International".to_owned())
        ]
    );

    let hub = pack_named(&workspace, "Customer Hub");
    assert_eq!(hub.current_release, None);
    assert_eq!(hub.members.len(), 1);
    assert!(hub.instances.is_empty());

    assert_eq!(
        workspace.boomi_id(BoomiThing::Pack(orders.id)),
        Some("d7c16f5d-0001-417e-a149-3c55436f0001")
    );
    let named_by_id = workspace
        .components()
        .find(|c| c.name == "5b1e0c2a-0007-4a6e-9c1d-000000000007")
        .unwrap();
    assert_eq!(
        workspace.boomi_id(BoomiThing::Component(named_by_id.id)),
        Some("5b1e0c2a-0007-4a6e-9c1d-000000000007")
    );
    let all = workspace
        .groups()
        .find(|g| g.name == "All Accounts")
        .unwrap();
    assert_eq!(all.accounts.len(), 4);
    assert_eq!(all.packs.len(), 2);
}

/// Re-importing changes nothing: everything is matched by its Boomi id, and what the
/// workspace already has is left as it is (so a publisher can import again after adding
/// accounts in Boomi, and only those are added).
#[test]
fn importing_the_same_files_again_changes_nothing() {
    let workspace = imported();
    let data = read_files(&fixtures()).unwrap();
    let later: DateTime<Utc> = "2026-11-27T09:00:00Z".parse().unwrap();
    let plan = plan_import(&workspace, &data, later).unwrap();
    assert_eq!(plan.events, Vec::<Event>::new());
    assert!(
        plan.preview.created.is_empty(),
        "{:?}",
        plan.preview.created
    );
    assert_eq!(plan.preview.already_there.packs, 3);
    assert_eq!(plan.preview.already_there.accounts, 4);
    assert_eq!(plan.preview.already_there.instances, 5);
    assert_eq!(plan.preview.already_there.group_accounts, 6);
}

#[test]
fn a_new_account_in_boomi_is_all_a_second_import_adds() {
    let workspace = imported();
    let files = edited("Account-query.json", |json| {
        json["result"].as_array_mut().unwrap().push(serde_json::json!({
            "@type": "Account", "accountId": "stark-P7Q8R9", "name": "Stark Industries", "status": "active"
        }));
    });
    let plan = plan_import(&workspace, &read_files(&files).unwrap(), now()).unwrap();
    assert_eq!(plan.preview.created.accounts, 1);
    assert_eq!(plan.preview.created.lines(), ["1 managed account"]);
}

#[test]
fn a_name_the_workspace_already_has_is_told_apart_by_the_boomi_id() {
    let mut workspace = Workspace::default();
    let events = decide(
        &workspace,
        Command::CreatePack(CreatePack {
            name: "Invoicing".into(),
            description: String::new(),
            installation_type: InstallationType::Single,
            deployment_model: packwright::domain::model::DeploymentModel::Packaged,
        }),
        now(),
    )
    .unwrap();
    workspace.apply(&events[0]);
    let (after, _) = imported_into(&workspace, &fixtures());
    let names: Vec<&str> = after.packs().map(|pack| pack.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Invoicing",
            "Order Management",
            "Invoicing (d7c16f5d-0002-417e-a149-3c55436f0002)",
            "Customer Hub"
        ]
    );
    let plan = plan_import(&workspace, &read_files(&fixtures()).unwrap(), now()).unwrap();
    assert!(plan.preview.assumptions.iter().any(|line| line
        .contains("is named \u{201c}Invoicing (d7c16f5d-0002-417e-a149-3c55436f0002)\u{201d}")));
}

#[test]
fn a_missing_field_is_refused_naming_file_and_field() {
    let files = edited("PackagedComponent-queryMore.json", |json| {
        json["result"][2]
            .as_object_mut()
            .unwrap()
            .remove("packageVersion");
    });
    let error = refusal(&files);
    assert_eq!(error.file, "PackagedComponent-queryMore.json");
    assert_eq!(error.field, "result[2].packageVersion");
    assert_eq!(error.problem, Problem::Missing);
    assert_eq!(
        error.to_string(),
        "PackagedComponent-queryMore.json, field result[2].packageVersion: this field is missing."
    );
}

#[test]
fn a_wrong_type_is_refused_naming_file_and_field() {
    let files = edited("PackagedComponent-query.json", |json| {
        json["result"][0]["shareable"] = "yes".into();
    });
    let error = refusal(&files);
    assert_eq!(error.field, "result[0].shareable");
    assert!(
        matches!(error.problem, Problem::WrongType { .. }),
        "{error}"
    );

    let files = edited("PublisherIntegrationPack-query.json", |json| {
        json["result"][1]["installationType"] = "DOUBLE".into();
    });
    let error = refusal(&files);
    assert_eq!(error.field, "result[1].installationType");
    assert!(error
        .to_string()
        .contains("\u{201c}DOUBLE\u{201d} is not one of SINGLE, MULTI"));
}

#[test]
fn a_pack_referring_to_an_unknown_component_is_refused() {
    let files = edited("PublisherIntegrationPack-query.json", |json| {
        json["result"][1]["PublisherPackagedComponents"]["PublisherPackagedComponent"][0]
            ["componentId"] = "no-such-component".into();
    });
    let error = refusal(&files);
    assert_eq!(error.file, "PublisherIntegrationPack-query.json");
    assert_eq!(
        error.field,
        "result[1].PublisherPackagedComponents.PublisherPackagedComponent[0].componentId"
    );
    assert!(error.to_string().contains("no-such-component"), "{error}");

    let files = edited("PublisherIntegrationPack-query.json", |json| {
        json["result"][0]["PublisherPackagedComponents"]["PublisherPackagedComponent"][0]
            ["currentVersion"] = "7.7".into();
    });
    let error = refusal(&files);
    assert_eq!(
        error.field,
        "result[0].PublisherPackagedComponents.PublisherPackagedComponent[0].currentVersion"
    );
}

#[test]
fn duplicate_ids_are_refused_naming_both_places() {
    let files = edited("PackagedComponent-queryMore.json", |json| {
        json["result"][0]["packageId"] = "9a7f3c10-0101-4b2d-8e55-000000000101".into();
    });
    let error = refusal(&files);
    assert_eq!(error.file, "PackagedComponent-queryMore.json");
    assert_eq!(error.field, "result[0].packageId");
    assert!(
        error
            .to_string()
            .contains("first at PackagedComponent-query.json result[0]"),
        "{error}"
    );
}

#[test]
fn files_that_are_not_query_responses_are_refused() {
    let mut files = fixtures();
    files[0].text = "{\"result\": [".to_owned();
    assert!(matches!(refusal(&files).problem, Problem::NotJson { .. }));

    files[0].text = "[1, 2]".to_owned();
    assert_eq!(refusal(&files).problem, Problem::NotAResponse);

    files[0].text = r#"{"@type":"QueryResult","result":[{"@type":"Atom","id":"x"}]}"#.to_owned();
    let error = refusal(&files);
    assert_eq!(error.field, "result[0].@type");
    assert!(matches!(error.problem, Problem::UnknownObjectType { .. }));

    assert_eq!(refusal(&[]).problem, Problem::NoFiles);

    let mut files = fixtures();
    let accounts = files
        .iter()
        .position(|f| f.name == "Account-query.json")
        .unwrap();
    files[accounts].text = files[accounts]
        .text
        .replacen("\"@type\": \"Account\"", "\"@type\": \"AccountGroup\"", 2)
        .replacen("\"@type\": \"AccountGroup\"", "\"@type\": \"Account\"", 1);
    let error = refusal(&files);
    assert_eq!(error.field, "result[1].@type");
    assert_eq!(
        error.problem,
        Problem::MixedTypes {
            first: "Account",
            found: "AccountGroup"
        }
    );
}

#[test]
fn an_instance_file_that_names_no_account_is_skipped_saying_how_to_name_it() {
    let mut files = fixtures();
    let last = files.len() - 1;
    files[last].name = "IntegrationPackInstance-page-2.json".to_owned();
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert_eq!(plan.preview.created.instances, 4);
    assert!(plan.preview.skipped.iter().any(|line| line.starts_with(
        "1 instance in IntegrationPackInstance-page-2.json: an IntegrationPackInstance response does not say which account"
    )), "{:?}", plan.preview.skipped);

    // A name holding two accounts' ids is as unclear.
    files[last].name = "IntegrationPackInstance-acme-A1B2C3-globex-D4E5F6.json".to_owned();
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert!(
        plan.preview.skipped.iter().any(|line| line.contains(
            "the file's name contains the ids of several accounts (acme-A1B2C3, globex-D4E5F6)"
        )),
        "{:?}",
        plan.preview.skipped
    );
}

#[test]
fn the_instances_of_an_account_deleted_in_boomi_are_skipped() {
    let mut files = fixtures();
    files.push(BoomiFile {
        name: "IntegrationPackInstance-umbrella-J1K2L3.json".into(),
        text: r#"{"@type":"QueryResult","numberOfResults":1,"result":[
            {"@type":"IntegrationPackInstance","id":"SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UwOQ","integrationPackId":"d7c16f5d-0001-417e-a149-3c55436f0001"}]}"#
            .into(),
    });
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert_eq!(plan.preview.created.instances, 5);
    assert!(plan.preview.skipped.iter().any(|line| line
        == "1 instance in IntegrationPackInstance-umbrella-J1K2L3.json: they are of account Umbrella (umbrella-J1K2L3), deleted in Boomi."));
}

/// domain.md: a scheduled date must be later than today in the publisher's zone. Boomi's
/// release scheduled for a date that has begun is not made pending here.
#[test]
fn a_scheduled_release_whose_date_has_begun_is_skipped() {
    let data = read_files(&fixtures()).unwrap();
    let on_the_day: DateTime<Utc> = "2026-12-15T00:30:00Z".parse().unwrap();
    let plan = plan_import(&Workspace::default(), &data, on_the_day).unwrap();
    assert_eq!(plan.preview.created.scheduled_releases, 0);
    assert_eq!(plan.preview.created.current_releases, 2);
    assert!(plan.preview.skipped.iter().any(|line| line.starts_with(
        "The release scheduled for 2026-12-15 in ReleaseIntegrationPackStatus-bulk.json: that date has begun"
    )), "{:?}", plan.preview.skipped);
    let workspace = Workspace::replay(&plan.events);
    assert!(workspace.packs().all(|pack| pack.pending_release.is_none()));
    assert_eq!(check_integrity(&workspace), Vec::<String>::new());
}

#[test]
fn an_unmodelled_component_in_a_scheduled_release_is_left_out_of_it() {
    let files = edited("ReleaseIntegrationPackStatus-bulk.json", |json| {
        json["response"][0]["Result"]["ReleasePackagedComponents"]["ReleasePackagedComponent"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "componentId": "5b1e0c2a-0005-4a6e-9c1d-000000000005", "version": "1.0"
            }));
    });
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert_eq!(plan.preview.created.scheduled_releases, 1);
}

#[test]
fn results_saved_without_their_type_are_read_as_the_file_name_says() {
    let strip =
        |text: &str, object_type: &str| text.replace(&format!("\"@type\": \"{object_type}\","), "");
    let mut files = fixtures();
    for file in &mut files {
        if file.name.starts_with("AccountGroupAccount") {
            file.text = strip(&file.text, "AccountGroupAccount");
            file.name = "accountgroupaccount page 1.json".into();
        }
    }
    assert!(!files
        .iter()
        .any(|f| f.name.starts_with("accountgroupaccount")
            && f.text.contains("\"@type\": \"AccountGroupAccount\"")));
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert_eq!(plan.preview.created.group_accounts, 6);

    // Without a type and without a telling name, the field is missing.
    let accounts = files
        .iter_mut()
        .find(|f| f.name == "Account-query.json")
        .unwrap();
    accounts.text = strip(&accounts.text, "Account");
    accounts.name = "page-5.json".into();
    let error = refusal(&files);
    assert_eq!(
        (error.file.as_str(), error.field.as_str()),
        ("page-5.json", "result[0].@type")
    );
    assert_eq!(error.problem, Problem::Missing);
}

#[test]
fn an_empty_query_response_is_read_as_no_results() {
    let mut files = fixtures();
    files.push(BoomiFile {
        name: "AccountGroupAccount-none.json".into(),
        text: r#"{"@type":"QueryResult","numberOfResults":0}"#.into(),
    });
    let data = read_files(&files).unwrap();
    assert_eq!(data.files.last().unwrap().results, 0);
}

/// Checks `value` against one of the OpenAPI schemas in `openapi-excerpt.json`: types,
/// required fields, enum values, and no field the schema does not declare.
fn check_schema(schemas: &Value, schema: &Value, value: &Value, at: &str) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return check_schema(schemas, &schemas[name], value, at);
    }
    match schema["type"].as_str().unwrap() {
        "object" => {
            let object = value
                .as_object()
                .unwrap_or_else(|| panic!("{at} is not an object"));
            for required in schema["required"].as_array().into_iter().flatten() {
                assert!(
                    object.contains_key(required.as_str().unwrap()),
                    "{at}.{required} is missing"
                );
            }
            for (key, field) in object {
                let declared = &schema["properties"][key];
                assert!(!declared.is_null(), "{at}.{key} is not in the schema");
                check_schema(schemas, declared, field, &format!("{at}.{key}"));
            }
        }
        "array" => {
            let items = value
                .as_array()
                .unwrap_or_else(|| panic!("{at} is not a list"));
            for (index, item) in items.iter().enumerate() {
                check_schema(schemas, &schema["items"], item, &format!("{at}[{index}]"));
            }
        }
        "string" => {
            let text = value
                .as_str()
                .unwrap_or_else(|| panic!("{at} is not a string"));
            if let Some(allowed) = schema["enum"].as_array() {
                assert!(
                    allowed.iter().any(|a| a == text),
                    "{at} = {text} is not one of {allowed:?}"
                );
            }
        }
        "boolean" => assert!(value.is_boolean(), "{at} is not a boolean"),
        other => panic!("schema type {other} at {at} not handled"),
    }
}

fn openapi_schemas() -> Value {
    let excerpt: Value =
        serde_json::from_str(include_str!("fixtures/boomi/openapi-excerpt.json")).unwrap();
    excerpt["schemas"].clone()
}

#[test]
fn a_planned_release_becomes_requests_that_match_the_openapi_schemas() {
    let mut workspace = imported();
    let invoicing = pack_named(&workspace, "Invoicing").clone();
    // The wizard's plan: every member at its staged version, released on a date.
    let intent = ReleaseIntent::Create {
        versions: invoicing.members.clone(),
        schedule: ReleaseSchedule::ReleaseOnSpecifiedDate {
            release_on_date: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
        },
    };
    let requests = release_requests(&workspace, invoicing.id, &intent).unwrap();
    // The members are those of the current release: no pack update, one release request.
    assert_eq!(requests.requests.len(), 1);
    let release = &requests.requests[0];
    assert_eq!(
        (release.method, release.path.as_str()),
        ("POST", "/ReleaseIntegrationPack")
    );
    let schemas = openapi_schemas();
    check_schema(
        &schemas,
        &schemas["ReleaseIntegrationPack"],
        &release.body,
        "body",
    );
    assert_eq!(release.body["releaseSchedule"], "RELEASE_ON_SPECIFIED_DATE");
    assert_eq!(release.body["releaseOnDate"], "2026-12-20");
    assert_eq!(release.body["id"], "d7c16f5d-0002-417e-a149-3c55436f0002");
    let components = &release.body["ReleasePackagedComponents"]["ReleasePackagedComponent"];
    assert_eq!(components[1]["version"], "1.1");
    let notes = requests.notes.join("\n");
    assert!(notes.contains("Release notes are not sent"));
    assert!(notes.contains("cannot cancel"));
    assert!(notes.contains("Boomi does not number releases: this is release 2 here."));
    assert!(notes.contains("Packwright schedules it in UTC"));

    // A member removed: Boomi needs the pack's whole component list first.
    let customer_sync = workspace
        .components()
        .find(|c| c.name == "Customer Sync")
        .unwrap()
        .id;
    apply_command(
        &mut workspace,
        Command::RemoveMember(RemoveMember {
            pack: invoicing.id,
            component: customer_sync,
        }),
    );
    let members = pack_named(&workspace, "Invoicing").members.clone();
    let intent = ReleaseIntent::Create {
        versions: members,
        schedule: ReleaseSchedule::Immediately,
    };
    let requests = release_requests(&workspace, invoicing.id, &intent).unwrap();
    assert_eq!(requests.requests.len(), 2);
    let update = &requests.requests[0];
    assert_eq!(
        update.path,
        "/PublisherIntegrationPack/d7c16f5d-0002-417e-a149-3c55436f0002"
    );
    check_schema(
        &schemas,
        &schemas["PublisherIntegrationPack"],
        &update.body,
        "body",
    );
    assert_eq!(
        update.body["PublisherPackagedComponents"]["PublisherPackagedComponent"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let release = &requests.requests[1];
    check_schema(
        &schemas,
        &schemas["ReleaseIntegrationPack"],
        &release.body,
        "body",
    );
    assert_eq!(release.body["releaseSchedule"], "IMMEDIATELY");
    assert!(release.body.get("releaseOnDate").is_none());

    let document: Value = serde_json::from_str(&requests.to_json()).unwrap();
    assert_eq!(document["requests"].as_array().unwrap().len(), 2);
    assert_eq!(document["requests"][1]["body"], release.body);
}

#[test]
fn the_pending_release_can_be_made_or_rescheduled_in_boomi() {
    let workspace = imported();
    let orders = pack_named(&workspace, "Order Management");
    let made = release_requests(&workspace, orders.id, &ReleaseIntent::Pending).unwrap();
    assert_eq!(made.requests.len(), 1);
    assert_eq!(made.requests[0].path, "/ReleaseIntegrationPack");
    assert_eq!(made.requests[0].body["releaseOnDate"], "2026-12-15");
    assert!(made
        .notes
        .contains(&"Boomi does not number releases: this is release 2 here.".to_owned()));

    let requests = release_requests(&workspace, orders.id, &ReleaseIntent::Reschedule).unwrap();
    assert_eq!(requests.requests.len(), 1);
    let update = &requests.requests[0];
    assert_eq!(
        update.path,
        "/ReleaseIntegrationPack/d7c16f5d-0001-417e-a149-3c55436f0001"
    );
    let schemas = openapi_schemas();
    check_schema(
        &schemas,
        &schemas["ReleaseIntegrationPack"],
        &update.body,
        "body",
    );
    assert_eq!(update.body["releaseOnDate"], "2026-12-15");

    let invoicing = pack_named(&workspace, "Invoicing");
    let error = release_requests(&workspace, invoicing.id, &ReleaseIntent::Reschedule).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Invoicing has no pending release to reschedule in Boomi."
    );
}

#[test]
fn the_curl_script_reads_secrets_from_the_environment_and_quotes_everything() {
    let workspace = imported();
    let orders = pack_named(&workspace, "Order Management");
    let intent = ReleaseIntent::Create {
        versions: orders.members.clone(),
        schedule: ReleaseSchedule::Immediately,
    };
    let script = release_requests(&workspace, orders.id, &intent)
        .unwrap()
        .curl_script();
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(script.contains(": \"${BOOMI_API_TOKEN:?"));
    assert!(script.contains("--user \"$BOOMI_API_USER:$BOOMI_API_TOKEN\""));
    assert!(script.contains("\"$base\"'/ReleaseIntegrationPack'"));
    assert_eq!(script.matches("<<'PACKWRIGHT_BODY'").count(), 1);
    // Every body is one line of JSON between the here-document's markers.
    let mut lines = script.lines();
    lines
        .by_ref()
        .find(|line| line.contains("<<'PACKWRIGHT_BODY'"))
        .unwrap();
    let body = lines.next().unwrap();
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["releaseSchedule"], "IMMEDIATELY");
}

#[test]
fn things_made_in_packwright_cannot_be_sent_to_boomi() {
    let mut workspace = imported();
    let orders = pack_named(&workspace, "Order Management").clone();
    let order_sync = workspace
        .components()
        .find(|c| c.name == "Order Sync")
        .unwrap()
        .id;
    apply_command(
        &mut workspace,
        Command::CreatePackage(CreatePackage {
            component: order_sync,
            version: "2.1".into(),
            notes: String::new(),
            shareable: true,
            shared_components: Vec::new(),
        }),
    );
    let newest = workspace
        .component(order_sync)
        .unwrap()
        .packages
        .last()
        .copied()
        .unwrap();
    let mut versions: BTreeMap<_, _> = orders.members.clone();
    versions.insert(order_sync, newest);
    let intent = ReleaseIntent::Create {
        versions,
        schedule: ReleaseSchedule::Immediately,
    };
    let error = release_requests(&workspace, orders.id, &intent).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The packaged component Order Sync version 2.1 was made in Packwright, so Boomi does not know it: create it in Boomi, import from Boomi again, then make the requests."
    );
}

#[test]
fn boomi_ids_are_refused_twice_and_forgotten_with_what_they_named() {
    let workspace = imported();
    let orders = pack_named(&workspace, "Order Management");
    let again = decide(
        &workspace,
        Command::RecordBoomiIds(RecordBoomiIds {
            links: vec![packwright::domain::model::BoomiLink {
                thing: BoomiThing::Pack(orders.id),
                boomi_id: "another".into(),
                name: None,
            }],
        }),
        now(),
    );
    assert!(again
        .unwrap_err()
        .to_string()
        .contains("each thing keeps one Boomi id"));

    let hub = pack_named(&workspace, "Customer Hub");
    let mut after = workspace.clone();
    // Customer Hub is a resource of both groups and installed nowhere: withdraw, delete.
    for group in workspace.groups().filter(|g| g.packs.contains(&hub.id)) {
        apply_command(
            &mut after,
            Command::RemovePackFromGroup(RemovePackFromGroup {
                group: group.id,
                pack: hub.id,
            }),
        );
    }
    apply_command(&mut after, Command::DeletePack(DeletePack { pack: hub.id }));
    assert_eq!(after.boomi_id(BoomiThing::Pack(hub.id)), None);
    assert_eq!(check_integrity(&after), Vec::<String>::new());
}

/// The script, run by `sh` with a `curl` that records what it was given: each request
/// goes out in order, to the account's URL, with its body and the credentials from the
/// environment.
#[test]
fn the_curl_script_sends_each_request_in_order() {
    let mut workspace = imported();
    let invoicing = pack_named(&workspace, "Invoicing").clone();
    let invoice_export = workspace
        .components()
        .find(|c| c.name == "Invoice Export")
        .unwrap()
        .id;
    apply_command(
        &mut workspace,
        Command::RemoveMember(RemoveMember {
            pack: invoicing.id,
            component: invoice_export,
        }),
    );
    let intent = ReleaseIntent::Create {
        versions: pack_named(&workspace, "Invoicing").members.clone(),
        schedule: ReleaseSchedule::Immediately,
    };
    let requests = release_requests(&workspace, invoicing.id, &intent).unwrap();

    let dir = std::env::temp_dir().join(format!("packwright-curl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log");
    let fake_curl = dir.join("curl");
    std::fs::write(
        &fake_curl,
        format!(
            "#!/bin/sh\nfor arg in \"$@\"; do printf '%s\\n' \"$arg\"; done >> '{log}'\ncat >> '{log}'\nprintf '\\n---\\n' >> '{log}'\n\
             # Boomi's answer, where the script asks for it in a file.\n\
             while [ $# -gt 0 ]; do [ \"$1\" = --output ] && printf '{{\"requestId\": \"release-fake\"}}' > \"$2\"; shift; done\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&fake_curl)
        .status()
        .unwrap();
    let script = dir.join("send.sh");
    std::fs::write(&script, requests.curl_script()).unwrap();

    let missing = std::process::Command::new("sh")
        .arg(&script)
        .env("PATH", format!("{}:/usr/bin:/bin", dir.display()))
        .env_remove("BOOMI_API_TOKEN")
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Set BOOMI_ACCOUNT_ID"));

    let sent = std::process::Command::new("sh")
        .arg(&script)
        .current_dir(&dir)
        .env("PATH", format!("{}:/usr/bin:/bin", dir.display()))
        .env("BOOMI_ACCOUNT_ID", "contoso-PUB001")
        .env("BOOMI_API_USER", "BOOMI_TOKEN.rm@contoso.example")
        .env("BOOMI_API_TOKEN", "s3cr3t")
        .output()
        .unwrap();
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let log = std::fs::read_to_string(&log).unwrap();
    // Boomi's answer to the release is kept beside the script, for the fetch script.
    let kept: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("release-answer-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(String::from_utf8_lossy(&sent.stdout).contains("release-fake"));
    std::fs::remove_dir_all(&dir).unwrap();
    let calls: Vec<&str> = log
        .split("\n---\n")
        .filter(|call| !call.trim().is_empty())
        .collect();
    assert_eq!(calls.len(), 2, "{log}");
    for (call, request) in calls.iter().zip(&requests.requests) {
        let url = format!(
            "https://api.boomi.com/api/rest/v1/contoso-PUB001{}",
            request.path
        );
        assert!(call.lines().any(|line| line == url), "{call}");
        assert!(call
            .lines()
            .any(|line| line == "BOOMI_TOKEN.rm@contoso.example:s3cr3t"));
        let body: Value = serde_json::from_str(call.lines().last().unwrap()).unwrap();
        assert_eq!(body, request.body);
    }
    assert!(!requests.curl_script().contains("s3cr3t"));
}

/// Every node of `value` in preorder, as the number of steps to reach it.
fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(fields) => fields.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Replaces the node `steps` preorder steps after `value` (1: its first child) with
/// `replacement`, or removes it from its object (or nulls it in its list) when that is
/// `None`. Returns whether the node was found.
fn mutate(value: &mut Value, steps: &mut usize, replacement: &Option<Value>) -> bool {
    let children: Vec<&mut Value> = match value {
        Value::Object(fields) => {
            let keys: Vec<String> = fields.keys().cloned().collect();
            for key in keys {
                *steps -= 1;
                if *steps == 0 {
                    match replacement {
                        Some(new) => fields.insert(key, new.clone()),
                        None => fields.remove(&key),
                    };
                    return true;
                }
                if mutate(fields.get_mut(&key).unwrap(), steps, replacement) {
                    return true;
                }
            }
            return false;
        }
        Value::Array(items) => items.iter_mut().collect(),
        _ => return false,
    };
    for child in children {
        *steps -= 1;
        if *steps == 0 {
            *child = replacement.clone().unwrap_or(Value::Null);
            return true;
        }
        if mutate(child, steps, replacement) {
            return true;
        }
    }
    false
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Whatever one field of one response says (removed, null, another type, an odd
    /// string), the import never panics: it refuses with a file and a field, or it builds
    /// a workspace that holds together and replays.
    #[test]
    fn no_field_of_any_response_makes_the_import_panic(
        file in 0usize..12,
        at in 1usize..400,
        replacement in proptest::prop_oneof![
            proptest::strategy::Just(None),
            proptest::strategy::Just(Some(Value::Null)),
            proptest::prelude::any::<bool>().prop_map(|b| Some(Value::Bool(b))),
            proptest::prelude::any::<i32>().prop_map(|n| Some(Value::from(n))),
            "[ -~]{0,12}".prop_map(|s| Some(Value::String(s))),
            proptest::strategy::Just(Some(serde_json::json!([]))),
            proptest::strategy::Just(Some(serde_json::json!({}))),
        ],
    ) {
        let mut files = fixtures();
        let mut json: Value = serde_json::from_str(&files[file].text).unwrap();
        let mut steps = 1 + at % (count_nodes(&json) - 1).max(1);
        proptest::prop_assert!(mutate(&mut json, &mut steps, &replacement));
        files[file].text = json.to_string();
        if let Ok(data) = read_files(&files) {
            match plan_import(&Workspace::default(), &data, now()) {
                Ok(plan) => {
                    let replayed = Workspace::replay(&plan.events);
                    proptest::prop_assert_eq!(check_integrity(&replayed), Vec::<String>::new());
                }
                Err(error) => proptest::prop_assert!(!error.to_string().is_empty()),
            }
        }
    }
}

/// The property above changes what it says it changes.
#[test]
fn mutate_reaches_every_node_in_preorder() {
    let original = serde_json::json!({ "a": 1, "b": [true, { "c": "x" }] });
    assert_eq!(count_nodes(&original), 6);
    let mut removed = original.clone();
    assert!(mutate(&mut removed, &mut 1, &None));
    assert_eq!(removed, serde_json::json!({ "b": [true, { "c": "x" }] }));
    let mut replaced = original.clone();
    assert!(mutate(&mut replaced, &mut 5, &Some(Value::from(7))));
    assert_eq!(
        replaced,
        serde_json::json!({ "a": 1, "b": [true, { "c": 7 }] })
    );
    let mut in_list = original.clone();
    assert!(mutate(&mut in_list, &mut 3, &Some(Value::Null)));
    assert!(!mutate(&mut original.clone(), &mut 6, &None));
    assert_eq!(
        in_list,
        serde_json::json!({ "a": 1, "b": [null, { "c": "x" }] })
    );
}

/// A bulk GET of release statuses answers an id Boomi no longer knows with an item that
/// has a status code and an error message but no `Result`: that item is skipped and
/// listed, and everything else is imported as without it.
#[test]
fn a_bulk_item_boomi_answered_with_an_error_is_skipped_and_listed() {
    let files = edited("ReleaseIntegrationPackStatus-bulk.json", |json| {
        json["response"].as_array_mut().unwrap().insert(
            1,
            serde_json::json!({
                "@type": "BulkResponse",
                "index": 1,
                "id": "release-gone-0009",
                "statusCode": 400,
                "errorMessage": "Unable to find release request with id release-gone-0009."
            }),
        );
    });
    let data = read_files(&files).unwrap();
    let plan = plan_import(&Workspace::default(), &data, now()).unwrap();
    let skipped = plan
        .preview
        .skipped
        .iter()
        .find(|line| line.contains("release-gone-0009"))
        .unwrap_or_else(|| panic!("not listed: {:?}", plan.preview.skipped));
    assert!(
        skipped.contains("ReleaseIntegrationPackStatus-bulk.json"),
        "{skipped}"
    );
    assert!(
        skipped.contains("400") && skipped.contains("Unable to find release request"),
        "{skipped}"
    );
    let mut after = Workspace::default();
    for event in &plan.events {
        after.apply(event);
    }
    assert_eq!(after, imported(), "the rest is imported");
}

/// An empty id is refused with the file and the field it is in.
#[test]
fn an_empty_id_is_refused_naming_its_file_and_field() {
    let files = edited("Account-query.json", |json| {
        json["result"][1]["accountId"] = Value::from("");
    });
    let error = refusal(&files);
    assert_eq!(error.file, "Account-query.json");
    assert_eq!(error.field, "result[1].accountId");
    assert!(error.to_string().contains("is not a Boomi id"), "{error}");
}

/// Boomi's prose spells the status under way `INPROGRESS`; its enum says `IN_PROGRESS`:
/// both are read (as a release that is not scheduled).
#[test]
fn a_release_status_spelled_inprogress_is_read_like_in_progress() {
    for spelling in ["INPROGRESS", "IN_PROGRESS"] {
        let files = edited("ReleaseIntegrationPackStatus-bulk.json", |json| {
            json["response"][1]["Result"]["releaseStatus"] = Value::from(spelling);
        });
        let data = read_files(&files).unwrap();
        let plan = plan_import(&Workspace::default(), &data, now()).unwrap();
        assert!(
            plan.preview
                .skipped
                .iter()
                .any(|line| line.contains("not scheduled")),
            "{spelling}: {:?}",
            plan.preview.skipped
        );
    }
}

/// An AccountGroup's `Resources` and the AccountGroupIntegrationPack query may both list
/// a group's pack (GET and bulk GET carry `Resources`, and so does Boomi's own QUERY
/// example): a first import counts each link once, created, none "already there".
#[test]
fn a_group_pack_link_listed_twice_counts_once_on_a_first_import() {
    let files = edited("AccountGroupIntegrationPack-query.json", |json| {
        let results = json["result"].as_array_mut().unwrap();
        for (group, pack) in [
            (
                "fedcba98-0001-3210-fedc-ba9876540001",
                "d7c16f5d-0001-417e-a149-3c55436f0001",
            ),
            (
                "fedcba98-0002-3210-fedc-ba9876540002",
                "d7c16f5d-0002-417e-a149-3c55436f0002",
            ),
        ] {
            results.push(serde_json::json!({
                "@type": "AccountGroupIntegrationPack",
                "id": format!("AGIP-{group}-{pack}"),
                "accountGroupId": group,
                "integrationPackId": pack,
                "installationType": "SINGLE"
            }));
        }
    });
    let preview = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now())
        .unwrap()
        .preview;
    assert_eq!(preview.created.group_packs, 4);
    assert!(
        preview.already_there.is_empty(),
        "{:?}",
        preview.already_there
    );
    assert_eq!(imported_into(&Workspace::default(), &files).0, imported());
}

/// A pack the import had to rename (its name was taken here) keeps Boomi's name in the
/// requests sent back: Boomi's update renames a single-attachment pack for every account.
/// The notes say which name is sent and why; so does a pack renamed here after the import.
#[test]
fn requests_for_an_imported_pack_carry_the_name_boomi_has() {
    let mut workspace = Workspace::default();
    apply_command(
        &mut workspace,
        Command::CreatePack(CreatePack {
            name: "Invoicing".into(),
            description: String::new(),
            installation_type: InstallationType::Single,
            deployment_model: packwright::domain::model::DeploymentModel::Packaged,
        }),
    );
    let (mut after, _) = imported_into(&workspace, &fixtures());
    let imported_pack =
        pack_named(&after, "Invoicing (d7c16f5d-0002-417e-a149-3c55436f0002)").clone();
    assert_eq!(after.boomi_name(imported_pack.id), Some("Invoicing"));
    let intent = ReleaseIntent::Create {
        versions: imported_pack.members.clone(),
        schedule: ReleaseSchedule::Immediately,
    };
    let requests = release_requests(&after, imported_pack.id, &intent).unwrap();
    for request in &requests.requests {
        assert_eq!(request.body["name"], "Invoicing", "{}", request.path);
    }
    assert!(
        requests
            .notes
            .iter()
            .any(|note| note.contains("keep Boomi's name")),
        "{:?}",
        requests.notes
    );

    // A pack the import did not rename: its own name, and no such note.
    let orders = pack_named(&after, "Order Management").clone();
    let intent = ReleaseIntent::Create {
        versions: orders.members.clone(),
        schedule: ReleaseSchedule::Immediately,
    };
    let plain = release_requests(&after, orders.id, &intent).unwrap();
    assert!(plain
        .requests
        .iter()
        .all(|request| request.body["name"] == "Order Management"));
    assert!(!plain
        .notes
        .iter()
        .any(|note| note.contains("keep Boomi's name")));

    // Renamed here after the import: Boomi's name still goes, and the note says so.
    apply_command(
        &mut after,
        Command::EditPack(EditPack {
            pack: orders.id,
            name: "Orders (EU)".into(),
            description: orders.description.clone(),
            installation_guide: String::new(),
            user_guide: String::new(),
            contact: Default::default(),
        }),
    );
    let renamed = release_requests(&after, orders.id, &intent).unwrap();
    assert!(renamed
        .requests
        .iter()
        .all(|request| request.body["name"] == "Order Management"));
    assert!(renamed
        .notes
        .iter()
        .any(|note| note.contains("here it is called \u{201c}Orders (EU)\u{201d}")));
    assert_eq!(check_integrity(&after), Vec::<String>::new());
}

/// `integrationPackOverrideName` is optional in the API: an instance of a
/// multiple-attachments pack without one is named after its Boomi id, and the preview
/// lists that as assumed.
#[test]
fn a_multiple_attachments_instance_without_an_override_name_is_named_and_assumed() {
    let files = edited("IntegrationPackInstance-acme-A1B2C3.json", |json| {
        for instance in json["result"].as_array_mut().unwrap() {
            if instance["integrationPackOverrideName"] == "International" {
                instance
                    .as_object_mut()
                    .unwrap()
                    .remove("integrationPackOverrideName");
            }
        }
    });
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert_eq!(
        plan.preview.created.instances, 5,
        "{:?}",
        plan.preview.skipped
    );
    assert!(
        plan.preview.assumptions.iter().any(|line| line.contains(
            "1 instance of multiple-attachments packs came without integrationPackOverrideName"
        )),
        "{:?}",
        plan.preview.assumptions
    );
    let (after, _) = imported_into(&Workspace::default(), &files);
    assert!(after.instances().any(
        |instance| instance.integration_pack_override_name.as_deref()
            == Some("Instance SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UwMw")
    ));
}

/// `AccountGroupAccount` may not list the members of Boomi's All Accounts group: then
/// they are the Account results' managed accounts (not the deleted one), as assumed.
#[test]
fn all_accounts_members_come_from_the_account_results_when_no_membership_names_them() {
    let all_accounts = "fedcba98-0001-3210-fedc-ba9876540001";
    let files = edited("AccountGroupAccount-query.json", |json| {
        json["result"]
            .as_array_mut()
            .unwrap()
            .retain(|link| link["accountGroupId"] != all_accounts);
    });
    let plan = plan_import(&Workspace::default(), &read_files(&files).unwrap(), now()).unwrap();
    assert!(
        plan.preview
            .assumptions
            .iter()
            .any(|line| line.contains("members of All Accounts")),
        "{:?}",
        plan.preview.assumptions
    );
    let (after, _) = imported_into(&Workspace::default(), &files);
    assert_eq!(
        after,
        imported(),
        "the same members as when the files list them"
    );
}

/// Boomi has no API for the testing period's reports: the requests never carry them, and
/// the notes say so.
#[test]
fn reports_stay_out_of_the_boomi_requests_and_the_notes_say_why() {
    use packwright::domain::command::{ApplyPendingUpdate, ReportOnUpdate};
    use packwright::domain::model::Verdict;
    let mut workspace = imported();
    let pack = workspace
        .packs()
        .find(|pack| pack.pending_release.is_some() && !pack.instances.is_empty())
        .expect("the fixtures have a pending release with an install base")
        .clone();
    let instance = workspace
        .instance(*pack.instances.iter().next().unwrap())
        .unwrap()
        .clone();
    let mut run = |command: Command| {
        let at = workspace.newest_event_at().unwrap_or_else(now);
        for event in decide(&workspace, command, at).unwrap() {
            workspace.apply(&event);
        }
    };
    if !pack.early_instances.contains(&instance.id) {
        run(Command::ApplyPendingUpdate(ApplyPendingUpdate {
            account: instance.account,
            pack: pack.id,
            instance: Some(instance.id),
        }));
    }
    run(Command::ReportOnUpdate(ReportOnUpdate {
        account: instance.account,
        instance: instance.id,
        release: pack.pending_release.unwrap(),
        verdict: Verdict::Problem,
        text: "Totals off by one cent".into(),
    }));
    let requests = release_requests(&workspace, pack.id, &ReleaseIntent::Pending).unwrap();
    assert!(!requests.to_json().contains("Totals off by one cent"));
    assert!(requests
        .notes
        .iter()
        .any(|note| note.contains("Boomi has no API for testing-period reports")));
}

/// Boomi keeps extension values per environment (`EnvironmentExtensions`). They are set on
/// the one instance they can belong to — the multiple-attachments instance an
/// `extensionGroupId` names, or the account's only instance whose release has the
/// connection — and skipped and listed otherwise; a value Boomi encrypts is recorded as
/// set, never kept. A second import of the same files makes no events.
#[test]
fn environment_extensions_are_set_where_they_belong_and_encrypted_values_never_kept() {
    use packwright::domain::command::ReleasePack;
    use packwright::domain::configuration::FieldSetting;
    use packwright::domain::model::{ReleaseSchedule, SharedComponent, SharedComponentKind};
    let (mut workspace, _) = imported_into(&Workspace::default(), &fixtures());
    // The publisher defines the connections Boomi's answers do not describe, in a new
    // version of one member of each pack, and releases both packs with it.
    let later = now() + chrono::TimeDelta::minutes(5);
    for (pack, component, connection, fields) in [
        (
            "Order Management",
            "5b1e0c2a-0001-4a6e-9c1d-000000000001",
            "Salesforce",
            &["url", "password"][..],
        ),
        (
            "Invoicing",
            "5b1e0c2a-0002-4a6e-9c1d-000000000002",
            "Ledger",
            &["account"][..],
        ),
    ] {
        let component = match workspace.thing_with_boomi_id(
            BoomiThing::Component(packwright::domain::ComponentId(0)),
            component,
        ) {
            Some(BoomiThing::Component(id)) => id,
            other => panic!("{other:?}"),
        };
        let run = |workspace: &mut Workspace, command: Command| {
            for event in decide(workspace, command, later).unwrap() {
                workspace.apply(&event);
            }
        };
        run(
            &mut workspace,
            Command::CreatePackage(CreatePackage {
                component,
                version: "9.0".into(),
                notes: String::new(),
                shareable: true,
                shared_components: vec![SharedComponent {
                    name: connection.into(),
                    kind: SharedComponentKind::Connection,
                    extensible_fields: fields.iter().map(|f| f.to_string()).collect(),
                }],
            }),
        );
        let pack = pack_named(&workspace, pack).id;
        let versions = packwright::domain::queries::default_candidate(
            &workspace,
            workspace.pack(pack).unwrap(),
        );
        run(
            &mut workspace,
            Command::ReleasePack(ReleasePack {
                pack,
                versions,
                notes: String::new(),
                schedule: ReleaseSchedule::Immediately,
            }),
        );
    }
    let mut files = fixtures();
    files.push(BoomiFile {
        name: "EnvironmentExtensions-acme-A1B2C3.json".into(),
        text: r#"{"@type":"QueryResult","numberOfResults":2,"result":[
            {"@type":"EnvironmentExtensions","environmentId":"env-acme-prod","extensionGroupId":"",
             "connections":{"@type":"Connections","connection":[
               {"@type":"Connection","id":"c1","name":"Salesforce","field":[
                 {"@type":"Field","id":"url","value":"https://acme.my.salesforce.com","usesEncryption":false,"useDefault":false},
                 {"@type":"Field","id":"password","value":"s3cret-never-kept","usesEncryption":true,"encryptedValueSet":true,"useDefault":false},
                 {"@type":"Field","id":"user","usesEncryption":false,"useDefault":true}]},
               {"@type":"Connection","id":"c2","name":"Ledger","field":[
                 {"@type":"Field","id":"account","value":"A-1","usesEncryption":false,"useDefault":false}]}]},
             "processProperties":{"@type":"OverrideProcessProperties","ProcessProperty":[{"@type":"OverrideProcessProperty","id":"p1","name":"Batch size"}]}},
            {"@type":"EnvironmentExtensions","environmentId":"env-acme-prod","extensionGroupId":"SW50ZWdyYXRpb25QYWNrSW5zdGFuY2UwMg",
             "connections":{"@type":"Connections","connection":[
               {"@type":"Connection","id":"c2","name":"Ledger","field":[
                 {"@type":"Field","id":"account","value":"DOM-1","usesEncryption":false,"useDefault":false}]}]}}]}"#
            .into(),
    });
    let data = read_files(&files).unwrap();
    let plan = plan_import(&workspace, &data, later).unwrap();
    assert_eq!(
        plan.preview.created.extension_values, 3,
        "{:?}",
        plan.preview.skipped
    );
    assert!(
        plan.preview.skipped.iter().any(|line| line.starts_with(
            "Connection Ledger of environment env-acme-prod in EnvironmentExtensions-acme-A1B2C3.json: 2 instances of Acme Corp have this connection"
        )),
        "{:?}",
        plan.preview.skipped
    );
    assert!(plan
        .preview
        .skipped
        .iter()
        .any(|line| line.contains("process properties")));
    for event in &plan.events {
        workspace.apply(event);
    }
    let values: Vec<(String, FieldSetting)> = workspace
        .instances()
        .filter_map(|instance| workspace.settings_of(instance.id))
        .flat_map(|settings| settings.values.iter())
        .map(|(key, setting)| (key.field.clone(), setting.clone()))
        .collect();
    assert!(values.contains(&(
        "url".into(),
        FieldSetting::Value("https://acme.my.salesforce.com".into())
    )));
    assert!(values.contains(&("password".into(), FieldSetting::EncryptedSet)));
    assert!(values.contains(&("account".into(), FieldSetting::Value("DOM-1".into()))));
    let file = WorkspaceFile::new(workspace.clone(), plan.events.clone()).to_json();
    assert!(!file.contains("s3cret"), "an encrypted value is never kept");
    assert_eq!(check_integrity(&workspace), Vec::<String>::new());
    // The same files again: nothing new.
    let again = plan_import(&workspace, &data, later).unwrap();
    assert!(again.events.is_empty(), "{:?}", again.events);
    assert_eq!(again.preview.already_there.extension_values, 3);
}
