//! Reading one object of a Boomi response into `BoomiData`: one function per object type.

use super::*;

/// Where each id was first seen, by object type, to refuse duplicates.
#[derive(Default)]
pub(super) struct Seen(BTreeMap<(&'static str, String), String>);

impl Seen {
    /// The id at `object`'s `field`, refused when an object of `object_type` had it first.
    pub(super) fn id(
        &mut self,
        object_type: &'static str,
        object: &Node,
        field: &str,
    ) -> Result<String, BoomiError> {
        let id = object.id(field)?;
        let node = object.field(field)?;
        let here = format!("{} {}", node.file, node.at());
        match self.0.get(&(object_type, id.clone())) {
            Some(first) => Err(node.error(Problem::Duplicate {
                id,
                first: first.clone(),
            })),
            None => {
                self.0.insert((object_type, id.clone()), here);
                Ok(id)
            }
        }
    }
}

/// Reads `object`, of `object_type` (one of `OBJECT_TYPES`), into `data`; an instance goes
/// to `instances`, read once every account is known.
pub(super) fn read_object(
    object_type: &'static str,
    object: &Node,
    data: &mut BoomiData,
    seen: &mut Seen,
    instances: &mut Vec<BoomiInstance>,
) -> Result<(), BoomiError> {
    let origin = Origin::of(object);
    match object_type {
        "PackagedComponent" => read_package(object, origin, data, seen),
        "PublisherIntegrationPack" => read_pack(object, origin, data, seen),
        "ReleaseIntegrationPackStatus" => read_release(object, origin, data, seen),
        "Account" => read_account(object, origin, data, seen),
        "AccountGroup" => read_group(object, origin, data, seen),
        "AccountGroupAccount" => {
            let link = group_link(object, "accountId", origin)?;
            data.group_accounts.push(link);
            Ok(())
        }
        "AccountGroupIntegrationPack" => {
            let link = group_link(object, "integrationPackId", origin)?;
            data.group_packs.push(link);
            Ok(())
        }
        _ => {
            let id = seen.id(object_type, object, "id")?;
            instances.push(BoomiInstance {
                id,
                pack_id: object.id("integrationPackId")?,
                override_name: object.optional_text("integrationPackOverrideName")?,
                origin,
            });
            Ok(())
        }
    }
}

/// A `PackagedComponent`: one packaged version of a component.
fn read_package(
    object: &Node,
    origin: Origin,
    data: &mut BoomiData,
    seen: &mut Seen,
) -> Result<(), BoomiError> {
    let package_id = seen.id("PackagedComponent", object, "packageId")?;
    let created = match object.get("createdDate") {
        None => None,
        Some(node) => Some(node.str()?.parse::<DateTime<Utc>>().map_err(|_| {
            node.error(Problem::WrongType {
                expected: "a date and time (2026-01-31T12:00:00Z)",
            })
        })?),
    };
    data.packages.push(BoomiPackage {
        package_id,
        version: object.text("packageVersion")?,
        component_id: object.id("componentId")?,
        component_type: object.text("componentType")?,
        created,
        notes: object.optional_text("notes")?.unwrap_or_default(),
        shareable: object.flag("shareable", false)?,
        deleted: object.flag("deleted", false)?,
        origin,
    });
    Ok(())
}

/// A `PublisherIntegrationPack`: a pack with its members and their versions.
fn read_pack(
    object: &Node,
    origin: Origin,
    data: &mut BoomiData,
    seen: &mut Seen,
) -> Result<(), BoomiError> {
    let id = seen.id("PublisherIntegrationPack", object, "id")?;
    let mut members = Vec::new();
    if let Some(list) = object.get("PublisherPackagedComponents") {
        if let Some(entries) = list.get("PublisherPackagedComponent") {
            for entry in entries.items()? {
                members.push(BoomiMember {
                    origin: Origin::of(&entry),
                    component_id: entry.id("componentId")?,
                    component_name: entry.optional_text("componentName")?,
                    component_type: entry.optional_text("componentType")?,
                    current: entry.optional_text("currentVersion")?,
                    pending: entry.optional_text("pendingVersion")?,
                    latest: entry.optional_text("latestVersion")?,
                    deleted: entry.flag("deleted", false)?,
                });
            }
        }
    }
    data.packs.push(BoomiPack {
        id,
        name: object.text("name")?,
        description: object.text("Description")?,
        installation_type: match object.one_of("installationType", INSTALLATION_TYPES)? {
            "MULTI" => InstallationType::Multi,
            _ => InstallationType::Single,
        },
        members,
        origin,
    });
    Ok(())
}

/// A `ReleaseIntegrationPackStatus`: a scheduled release is kept, any other counted.
fn read_release(
    object: &Node,
    origin: Origin,
    data: &mut BoomiData,
    seen: &mut Seen,
) -> Result<(), BoomiError> {
    let status = object.one_of("releaseStatus", RELEASE_STATUSES)?;
    object.one_of("releaseSchedule", RELEASE_SCHEDULES)?;
    if status != "SCHEDULED" {
        data.other_releases += 1;
        return Ok(());
    }
    let date_field = object.field("releaseOnDate")?;
    let date_text = date_field.str()?;
    let release_on_date = date_text.parse::<NaiveDate>().map_err(|_| {
        date_field.error(Problem::NotADate {
            found: date_text.to_owned(),
        })
    })?;
    let pack_id = seen.id("scheduled release of", object, "integrationPackId")?;
    let mut versions = Vec::new();
    let list = object.field("ReleasePackagedComponents")?;
    for entry in list.field("ReleasePackagedComponent")?.items()? {
        let version = match entry.optional_text("version")? {
            Some(version) => version,
            None => entry.text("releasedVersion")?,
        };
        versions.push((Origin::of(&entry), entry.id("componentId")?, version));
    }
    data.scheduled.push(BoomiScheduled {
        origin,
        pack_id,
        release_on_date,
        versions,
    });
    Ok(())
}

/// An `Account`: a managed account.
fn read_account(
    object: &Node,
    origin: Origin,
    data: &mut BoomiData,
    seen: &mut Seen,
) -> Result<(), BoomiError> {
    let id = seen.id("Account", object, "accountId")?;
    data.accounts.push(BoomiAccount {
        id,
        name: object.text("name")?,
        deleted: object
            .optional_text("status")?
            .is_some_and(|status| status.eq_ignore_ascii_case("deleted")),
        origin,
    });
    Ok(())
}

/// An `AccountGroup`, with the packs it shares.
fn read_group(
    object: &Node,
    origin: Origin,
    data: &mut BoomiData,
    seen: &mut Seen,
) -> Result<(), BoomiError> {
    let id = seen.id("AccountGroup", object, "id")?;
    if let Some(resources) = object.get("Resources") {
        if let Some(list) = resources.get("Resource") {
            for resource in list.items()? {
                if resource.text("objectType")? == "Integration Pack" {
                    data.group_packs.push(GroupLink {
                        origin: Origin::of(&resource),
                        group_id: id.clone(),
                        other_id: resource.id("resourceId")?,
                    });
                }
            }
        }
    }
    data.groups.push(BoomiGroup {
        id,
        name: object.text("name")?,
        origin,
    });
    Ok(())
}

/// A link between an account group and what `other_field` names.
fn group_link(object: &Node, other_field: &str, origin: Origin) -> Result<GroupLink, BoomiError> {
    Ok(GroupLink {
        group_id: object.id("accountGroupId")?,
        other_id: object.id(other_field)?,
        origin,
    })
}

/// An `EnvironmentExtensions`: the connections' fields set in the environment (a field
/// with `useDefault` keeps the packaged value and is not read).
pub(super) fn read_extensions(object: &Node) -> Result<BoomiExtensions, BoomiError> {
    let environment_id = object.id("environmentId")?;
    let extension_group_id = object
        .optional_text("extensionGroupId")?
        .filter(|id| !id.trim().is_empty());
    let mut connections = Vec::new();
    if let Some(connection) = object.get("connections").and_then(|c| c.get("connection")) {
        for connection in connection.items()? {
            let name = connection.text("name")?;
            let mut fields = Vec::new();
            if let Some(field) = connection.get("field") {
                for field in field.items()? {
                    if field.flag("useDefault", false)? {
                        continue;
                    }
                    let id = field.text("id")?;
                    if field.flag("usesEncryption", false)? {
                        if field.flag("encryptedValueSet", false)? {
                            fields.push((id, None));
                        }
                        continue;
                    }
                    if let Some(value) = field.optional_text("value")?.filter(|v| !v.is_empty()) {
                        fields.push((id, Some(value)));
                    }
                }
            }
            if !fields.is_empty() {
                connections.push(BoomiConnectionValues { name, fields });
            }
        }
    }
    let other_extensions = [
        "processProperties",
        "crossReferences",
        "tradingPartners",
        "operations",
        "sharedCommunications",
        "PGPCertificates",
    ]
    .iter()
    .filter_map(|name| object.get(name))
    .filter(|node| {
        node.value.as_object().is_some_and(|o| {
            o.values()
                .any(|v| v.as_array().is_some_and(|a| !a.is_empty()))
        })
    })
    .count();
    Ok(BoomiExtensions {
        environment_id,
        extension_group_id,
        connections,
        other_extensions,
    })
}
