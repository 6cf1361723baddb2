//! How the views say the domain's values: names and version labels with a placeholder for
//! what does not exist, a pack's release status, a release's schedule and its place in
//! the history.

use crate::domain::model::ReleaseSchedule;
use crate::domain::queries::{HistoryStatus, PackStatus};
use crate::domain::{ComponentId, PackId, PackageId, PublisherZone, Workspace};

/// `1.2`, or a placeholder for a package that does not exist.
pub fn version_label(ws: &Workspace, package: PackageId) -> String {
    ws.package(package)
        .map(|package| package.version.clone())
        .unwrap_or_else(|_| "?".to_owned())
}

/// The component's name, or a placeholder naming its id for one that does not exist.
pub fn component_name(ws: &Workspace, component: ComponentId) -> String {
    ws.component(component)
        .map(|component| component.name.clone())
        .unwrap_or_else(|_| format!("Component {component}"))
}

/// A pack's release status as a person reads it, with dates in the publisher's zone.
pub fn status_text(status: PackStatus, zone: PublisherZone) -> String {
    match status {
        PackStatus::NotReleased => "Not yet released".to_owned(),
        PackStatus::Released { current } => format!("Release {current}"),
        PackStatus::Pending {
            current,
            pending,
            release_on_date,
            ..
        } => {
            let current = current
                .map(|current| format!("Release {current}; "))
                .unwrap_or_default();
            format!("{current}release {pending} pending on {release_on_date} ({zone})")
        }
    }
}

/// A release's place in the pack's history.
pub fn history_status(status: HistoryStatus) -> &'static str {
    match status {
        HistoryStatus::Pending => "Pending",
        HistoryStatus::Current => "Current",
        HistoryStatus::Released => "Released",
        HistoryStatus::Superseded => "Superseded",
        HistoryStatus::Cancelled => "Cancelled",
    }
}

/// `Immediately`, or `On 2026-12-01 (Europe/Berlin)`.
pub fn schedule_text(schedule: ReleaseSchedule, zone: PublisherZone) -> String {
    match schedule {
        ReleaseSchedule::Immediately => "Immediately".to_owned(),
        ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } => {
            format!("On {release_on_date} ({zone})")
        }
    }
}

/// Whom a managed account asks about a pack: the pack's contact, else the publisher's, as
/// one line, or "not given".
pub fn contact_text(ws: &Workspace, pack: PackId) -> String {
    let contact = match ws.pack(pack) {
        Ok(pack) if !pack.contact.is_empty() => &pack.contact,
        _ => &ws.publisher().contact,
    };
    let text = [&contact.name, &contact.email, &contact.phone]
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ");
    if text.is_empty() {
        "not given".to_owned()
    } else {
        text
    }
}
