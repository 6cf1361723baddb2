//! Deciding components and their packages.

use chrono::{DateTime, Utc};

use crate::domain::command::{CreateComponent, CreatePackage};
use crate::domain::decide::{created_named, recorded, Decision};
use crate::domain::error::DomainError;
use crate::domain::error::Subject;
use crate::domain::event::Change;
use crate::domain::ids::{ComponentId, PackageId};
use crate::domain::model::{NOTES_MAX, VERSION_LABEL_MAX};
use crate::domain::validate::{checked_label, checked_shared_components, checked_text, same_name};
use crate::domain::workspace::{NameKind, Workspace};

/// `Command::CreateComponent`.
pub(super) fn create_component(
    workspace: &Workspace,
    CreateComponent { name, kind }: CreateComponent,
    now: DateTime<Utc>,
) -> Decision {
    created_named(workspace, NameKind::Component, &name, now, |id, name| {
        Change::ComponentCreated {
            component: ComponentId(id),
            name,
            kind,
        }
    })
}

/// `Command::CreatePackage`.
pub(super) fn create_package(
    workspace: &Workspace,
    CreatePackage {
        component,
        version,
        notes,
        shareable,
        shared_components,
    }: CreatePackage,
    now: DateTime<Utc>,
) -> Decision {
    let component = workspace.component(component)?;
    let version = checked_label(Subject::VersionLabel, &version, VERSION_LABEL_MAX)?;
    let labels_taken = component
        .packages
        .iter()
        .filter_map(|package| workspace.package(*package).ok())
        .any(|package| same_name(&package.version, &version));
    if labels_taken {
        return Err(DomainError::DuplicateVersionLabel {
            component: component.name.clone(),
            version,
        });
    }
    let notes = checked_text(Subject::PackageNotes, notes, NOTES_MAX)?;
    let shared_components = checked_shared_components(&version, shared_components)?;
    recorded(
        now,
        Change::PackageCreated {
            component_name: component.name.clone(),
            package: crate::domain::model::Package {
                id: PackageId(workspace.next_id()),
                component: component.id,
                version,
                notes,
                shareable,
                created_at: now,
                shared_components,
            },
        },
    )
}
