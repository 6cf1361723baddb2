//! Planning an import, step two: the packs, their members and releases (the current one
//! at once, the scheduled one last, once the install base is there).

use std::collections::BTreeMap;

use super::{unmodelled_type, Planner};
use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::boomi::read::{BoomiData, BoomiPack, BoomiScheduled, Origin};
use crate::domain::command::Command;
use crate::domain::command::{AddMember, CreatePack, ReleasePack, RemoveMember};
use crate::domain::error::DomainError;
use crate::domain::ids::{ComponentId, PackId, PackageId};
use crate::domain::model::{DeploymentModel, ReleaseSchedule};

/// A version of each member: which package of each component.
type Versions = BTreeMap<ComponentId, PackageId>;

impl Planner {
    /// Creates the packs with their current release and members; returns the scheduled
    /// releases to make once the install base is there.
    pub(super) fn packs<'d>(
        &mut self,
        data: &'d BoomiData,
    ) -> Result<Vec<(PackId, &'d BoomiScheduled)>, BoomiError> {
        let mut to_schedule = Vec::new();
        for pack in &data.packs {
            if self.index.contains::<PackId>(&pack.id) {
                self.preview.already_there.packs += 1;
                continue;
            }
            self.create_named(&pack.name, &pack.id, &pack.origin, "name", |name| {
                Command::CreatePack(CreatePack {
                    name,
                    description: pack.description.clone(),
                    installation_type: pack.installation_type,
                    deployment_model: DeploymentModel::Packaged,
                })
            })?;
            let id = PackId(self.created());
            self.link(id, &pack.id, Some(&pack.name));
            self.preview.created.packs += 1;
            self.created_packs.push(id);

            let (current, target) = self.member_versions(data, pack)?;
            let scheduled = data
                .scheduled
                .iter()
                .find(|scheduled| scheduled.pack_id == pack.id);
            let target = match scheduled {
                Some(scheduled) => self.scheduled_versions(data, scheduled)?,
                None => target,
            };
            let origin = &pack.origin;
            if !current.is_empty() {
                self.set_members(id, &current, origin)?;
                self.run(Command::ReleasePack(ReleasePack {
                    pack: id,
                    versions: current,
                    notes: "Imported from Boomi: the release current there when imported."
                        .to_owned(),
                    schedule: ReleaseSchedule::Immediately,
                }))
                .map_err(origin.refused("PublisherPackagedComponents"))?;
                self.preview.created.current_releases += 1;
            }
            self.set_members(id, &target, origin)?;
            if let Some(scheduled) = scheduled {
                to_schedule.push((id, scheduled));
            }
        }
        Ok(to_schedule)
    }

    /// The pack's members as Boomi lists them: the versions of its current release, and
    /// those its next release takes (pending, else current, else latest; none for a
    /// member deleted there). Members of a type Packwright does not model are skipped.
    fn member_versions(
        &mut self,
        data: &BoomiData,
        pack: &BoomiPack,
    ) -> Result<(Versions, Versions), BoomiError> {
        let mut current = BTreeMap::new();
        let mut target = BTreeMap::new();
        for member in &pack.members {
            if let Some(component_type) =
                unmodelled_type(data, &member.component_id, member.component_type.as_deref())
            {
                self.preview.skipped.push(format!(
                    "{} in {}: component type {component_type} is not modelled.",
                    member
                        .component_name
                        .as_deref()
                        .unwrap_or(&member.component_id),
                    pack.name
                ));
                continue;
            }
            let component = self.component(&member.component_id, &member.origin)?;
            if let Some(version) = &member.current {
                current.insert(
                    component,
                    self.package_of(component, version, &member.origin, "currentVersion")?,
                );
            }
            let next = match (&member.pending, &member.current, &member.latest) {
                (Some(version), ..) => Some((version, "pendingVersion")),
                (None, Some(version), _) => Some((version, "currentVersion")),
                (None, None, Some(version)) => Some((version, "latestVersion")),
                (None, None, None) => None,
            };
            if let (false, Some((version, field))) = (member.deleted, next) {
                target.insert(
                    component,
                    self.package_of(component, version, &member.origin, field)?,
                );
            }
        }
        Ok((current, target))
    }

    /// The versions a scheduled release takes (those of a type not modelled left out).
    fn scheduled_versions(
        &self,
        data: &BoomiData,
        scheduled: &BoomiScheduled,
    ) -> Result<Versions, BoomiError> {
        let mut versions = BTreeMap::new();
        for (origin, component_id, version) in &scheduled.versions {
            if unmodelled_type(data, component_id, None).is_some() {
                continue;
            }
            let component = self.component(component_id, origin)?;
            versions.insert(
                component,
                self.package_of(component, version, origin, "version")?,
            );
        }
        Ok(versions)
    }

    /// Makes the pack's members exactly `wanted`.
    pub(super) fn set_members(
        &mut self,
        pack: PackId,
        wanted: &BTreeMap<ComponentId, PackageId>,
        origin: &Origin,
    ) -> Result<(), BoomiError> {
        let members = self
            .workspace
            .pack(pack)
            .map(|pack| pack.members.clone())
            .unwrap_or_default();
        let field = "PublisherPackagedComponents";
        for (component, package) in &members {
            if wanted.get(component) != Some(package) {
                self.run(Command::RemoveMember(RemoveMember {
                    pack,
                    component: *component,
                }))
                .map_err(origin.refused(field))?;
            }
        }
        for (component, package) in wanted {
            if members.get(component) != Some(package) {
                self.run(Command::AddMember(AddMember {
                    pack,
                    component: *component,
                    package: Some(*package),
                }))
                .map_err(origin.refused(field))?;
            }
        }
        Ok(())
    }

    pub(super) fn schedule(
        &mut self,
        scheduled: Vec<(PackId, &BoomiScheduled)>,
    ) -> Result<(), BoomiError> {
        for (pack, release) in scheduled {
            let versions = self
                .workspace
                .pack(pack)
                .map(|pack| pack.members.clone())
                .unwrap_or_default();
            let outcome = self.run(Command::ReleasePack(ReleasePack {
                pack,
                versions,
                notes: "Imported from Boomi: the release scheduled there when imported.".to_owned(),
                schedule: ReleaseSchedule::ReleaseOnSpecifiedDate {
                    release_on_date: release.release_on_date,
                },
            }));
            match outcome {
                Ok(()) => self.preview.created.scheduled_releases += 1,
                Err(DomainError::DateNotInFuture { date, .. }) => self.preview.skipped.push(format!(
                    "The release scheduled for {date} in {}: that date has begun in the publisher's time zone, so Boomi has applied it or is applying it; import again once its currentVersion shows it.",
                    release.origin.file
                )),
                Err(refusal) => return Err(release.origin.error("", Problem::Refused(Box::new(refusal)))),
            }
        }
        Ok(())
    }

    /// One line per created pack, from the workspace the import built: `Order Management
    /// (single attachment): release 1 with Order Sync 1.1, …; release 2 scheduled for …`.
    pub(super) fn pack_lines(&self) -> Vec<String> {
        let ws = &self.workspace;
        let list = |versions: &BTreeMap<ComponentId, PackageId>| {
            versions
                .iter()
                .map(|(component, package)| {
                    let name = ws.component(*component).map_or("?", |c| c.name.as_str());
                    let version = ws.package(*package).map_or("?", |p| p.version.as_str());
                    format!("{name} {version}")
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.created_packs
            .iter()
            .filter_map(|id| ws.pack(*id).ok())
            .map(|pack| {
                let mut line = format!("{} ({})", pack.name, pack.installation_type.label());
                match pack.current() {
                    Some(release) => line.push_str(&format!(
                        ": release {} with {}",
                        release.number,
                        list(&release.versions)
                    )),
                    None => line.push_str(": not released yet"),
                }
                if let (Some(pending), Some(date)) = (pack.pending(), pack.pending_date()) {
                    line.push_str(&format!(
                        "; release {} scheduled for {date} with {}",
                        pending.number,
                        list(&pending.versions)
                    ));
                } else if pack
                    .current()
                    .is_none_or(|current| current.versions != pack.members)
                {
                    line.push_str(&format!(
                        "; next release staged with {}",
                        list(&pack.members)
                    ));
                }
                line
            })
            .collect()
    }
}
