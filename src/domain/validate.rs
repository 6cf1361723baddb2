//! The checks every capability's decisions share: names, texts, contact details, shared
//! components, shareable packages, dates. Each returns the cleaned value or the refusal.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::error::{DomainError, Subject};
use crate::domain::ids::{ComponentId, PackageId};
use crate::domain::model::{Contact, SharedComponent, SharedComponentKind, NAME_MAX};
use crate::domain::workspace::{NameKind, Workspace};

pub(crate) fn checked_shareable(
    workspace: &Workspace,
    component: ComponentId,
    package: PackageId,
) -> Result<&crate::domain::model::Package, DomainError> {
    let component = workspace.component(component)?;
    let package = workspace.package(package)?;
    if package.component != component.id {
        return Err(DomainError::PackageOfAnotherComponent {
            component: component.name.clone(),
            version: package.version.clone(),
        });
    }
    if !package.shareable {
        return Err(DomainError::PackageNotShareable {
            component: component.name.clone(),
            version: package.version.clone(),
        });
    }
    Ok(package)
}

pub(crate) fn checked_shared_components(
    version: &str,
    shared_components: Vec<SharedComponent>,
) -> Result<Vec<SharedComponent>, DomainError> {
    let mut seen: Vec<(SharedComponentKind, String)> = Vec::new();
    let mut checked = Vec::with_capacity(shared_components.len());
    for shared in shared_components {
        let name = checked_name(Subject::SharedComponent, &shared.name)?;
        if seen
            .iter()
            .any(|(kind, existing)| *kind == shared.kind && same_name(existing, &name))
        {
            return Err(DomainError::DuplicateSharedComponent {
                version: version.to_owned(),
                shared_component: name,
            });
        }
        let mut extensible_fields = BTreeSet::new();
        for field in &shared.extensible_fields {
            extensible_fields.insert(checked_name(Subject::ExtensibleField, field)?);
        }
        seen.push((shared.kind, name.clone()));
        checked.push(SharedComponent {
            name,
            kind: shared.kind,
            extensible_fields,
        });
    }
    Ok(checked)
}

pub(crate) fn checked_contact(contact: Contact) -> Result<Contact, DomainError> {
    let email = contact.email.trim().to_owned();
    let valid_email = email.is_empty()
        || (email.len() <= NAME_MAX
            && !email.contains(char::is_whitespace)
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
            }));
    if !valid_email {
        return Err(DomainError::InvalidEmail { email });
    }
    Ok(Contact {
        name: checked_text_line(Subject::ContactName, &contact.name, NAME_MAX)?,
        email,
        phone: checked_text_line(Subject::PhoneNumber, &contact.phone, NAME_MAX)?,
    })
}

/// A trimmed, non-empty name of at most `NAME_MAX` characters.
pub(crate) fn checked_name(subject: Subject, raw: &str) -> Result<String, DomainError> {
    checked_label(subject, raw, NAME_MAX)
}

/// A trimmed, non-empty line of at most `max` characters.
pub(crate) fn checked_label(
    subject: Subject,
    raw: &str,
    max: usize,
) -> Result<String, DomainError> {
    let label = raw.trim();
    if label.is_empty() {
        return Err(DomainError::BlankName { subject });
    }
    checked_text_line(subject, label, max)
}

/// One trimmed line of at most `max` characters (it may be empty).
pub(crate) fn checked_text_line(
    subject: Subject,
    raw: &str,
    max: usize,
) -> Result<String, DomainError> {
    checked_text(subject, raw.trim().to_owned(), max)
}

pub(crate) fn checked_text(
    subject: Subject,
    text: String,
    max: usize,
) -> Result<String, DomainError> {
    let length = text.chars().count();
    if length > max {
        return Err(DomainError::TooLong {
            subject,
            length,
            max,
        });
    }
    Ok(text)
}

/// `raw` as a name (`checked_name`) that no other thing of `kind` has (`except`: the
/// thing being renamed), looked up in the workspace's name index.
pub(crate) fn unique_name(
    workspace: &Workspace,
    kind: NameKind,
    raw: &str,
    except: Option<u32>,
) -> Result<String, DomainError> {
    let subject = kind.subject();
    let name = checked_name(subject, raw)?;
    if workspace.name_taken(kind, &name, except) {
        return Err(DomainError::DuplicateName { subject, name });
    }
    Ok(name)
}

/// Names are unique regardless of case and surrounding spaces (the name index folds them
/// the same way: `workspace::names::folded`). ASCII names (nearly all) are compared without
/// allocating.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.to_lowercase() == b.to_lowercase()
}

/// Refuses a scheduled date that is not after today in the publisher's zone.
pub(crate) fn refuse_date_not_in_future(
    workspace: &Workspace,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let zone = workspace.publisher().time_zone;
    let today = zone.date_at(now);
    if date <= today {
        return Err(DomainError::DateNotInFuture { date, today, zone });
    }
    Ok(())
}
