//! Planning an import, step one: the components and their packaged versions.

use std::collections::BTreeMap;

use super::{component_names, Planner};
use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::boomi::read::{component_kind, BoomiData, BoomiPackage, Origin};
use crate::domain::command::Command;
use crate::domain::command::{CreateComponent, CreatePackage};
use crate::domain::event::plural;
use crate::domain::ids::{ComponentId, PackageId};
use crate::domain::model::ComponentKind;

impl Planner {
    pub(super) fn components_and_packages(&mut self, data: &BoomiData) -> Result<(), BoomiError> {
        let mut unmodelled: BTreeMap<String, usize> = BTreeMap::new();
        let mut deleted = 0;
        let mut live: Vec<&BoomiPackage> = Vec::new();
        for package in &data.packages {
            if component_kind(&package.component_type).is_none() {
                *unmodelled
                    .entry(package.component_type.to_ascii_lowercase())
                    .or_default() += 1;
            } else if package.deleted {
                deleted += 1;
            } else {
                live.push(package);
            }
        }
        // Oldest first, so that "the newest shareable version" is Boomi's newest.
        live.sort_by_key(|package| package.created);
        let names = component_names(data);
        for package in live {
            if self.index.contains::<PackageId>(&package.package_id) {
                self.preview.already_there.packages += 1;
                continue;
            }
            let component = match self.index.get::<ComponentId>(&package.component_id) {
                Some(component) => component,
                None => {
                    let kind =
                        component_kind(&package.component_type).unwrap_or(ComponentKind::Process);
                    let name = match names.get(package.component_id.as_str()) {
                        Some(name) => (*name).to_owned(),
                        None => {
                            self.named_by_id += 1;
                            package.component_id.clone()
                        }
                    };
                    self.create_named(
                        &name,
                        &package.component_id,
                        &package.origin,
                        "componentId",
                        |name| Command::CreateComponent(CreateComponent { name, kind }),
                    )?;
                    let id = ComponentId(self.created());
                    self.link(id, &package.component_id, None);
                    self.preview.created.components += 1;
                    id
                }
            };
            self.run(Command::CreatePackage(CreatePackage {
                component,
                version: package.version.clone(),
                notes: package.notes.clone(),
                shareable: package.shareable,
                shared_components: Vec::new(),
            }))
            .map_err(package.origin.refused("packageVersion"))?;
            let id = PackageId(self.created());
            self.link(id, &package.package_id, None);
            self.preview.created.packages += 1;
        }
        for (component_type, count) in unmodelled {
            self.preview.skipped.push(format!(
                "{} of type {component_type}: Packwright models processes and API Service components (webservice) only.",
                plural(count, "packaged component", "packaged components")
            ));
        }
        if deleted > 0 {
            self.preview.skipped.push(format!(
                "{}: deleted in Boomi.",
                plural(deleted, "packaged component", "packaged components")
            ));
        }
        Ok(())
    }

    /// The package of `component` labelled `version`.
    pub(super) fn package_of(
        &self,
        component: ComponentId,
        version: &str,
        origin: &Origin,
        field: &str,
    ) -> Result<PackageId, BoomiError> {
        let found = self
            .workspace
            .component(component)
            .ok()
            .and_then(|component| {
                component.packages.iter().copied().find(|package| {
                    self.workspace
                        .package(*package)
                        .is_ok_and(|package| package.version == version)
                })
            });
        found.ok_or_else(|| {
            origin.error(
                field,
                Problem::Unknown {
                    what: "packaged component version",
                    id: version.to_owned(),
                },
            )
        })
    }
}
