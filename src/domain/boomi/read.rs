//! Reading an import from Boomi: the JSON responses of the Platform API's QUERY operations (and
//! `queryMore` pages, bulk GET responses, single objects) become workspace events.
//!
//! Two steps. `read_files` checks every file's shape and keeps what Packwright models,
//! naming the file and the field of anything malformed. `plan_import` then builds the
//! events by deciding ordinary commands against a copy of the workspace, so the result
//! obeys every rule a hand-made workspace obeys; it also says what it created, what it
//! skipped and why, and what it had to assume. Nothing is saved here: the caller saves
//! the plan's events once the user confirms.
//!
//! Everything imported remembers its Boomi id, and anything whose Boomi id is already in
//! the workspace is left as it is: importing the same files again changes nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::domain::boomi::error::{BoomiError, Problem};
use crate::domain::boomi::reader::Node;
use crate::domain::error::DomainError;
use crate::domain::model::{ComponentKind, InstallationType};

mod object;
use object::{read_object, Seen};

/// One file the user chose: its name and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoomiFile {
    pub name: String,
    pub text: String,
}

/// Where a record came from, for messages: the file and the record's path in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Origin {
    pub(super) file: String,
    pub(super) at: String,
}

impl Origin {
    fn of(node: &Node) -> Origin {
        Origin {
            file: node.file.to_owned(),
            at: node.at(),
        }
    }

    /// An error about `field` of this record (`""`: the record itself).
    pub(super) fn error(&self, field: &str, problem: Problem) -> BoomiError {
        let field = match (self.at.is_empty(), field.is_empty()) {
            (_, true) => self.at.clone(),
            (true, false) => field.to_owned(),
            (false, false) => format!("{}.{field}", self.at),
        };
        BoomiError {
            file: self.file.clone(),
            field,
            problem,
        }
    }

    pub(super) fn refused<'a>(
        &'a self,
        field: &'a str,
    ) -> impl FnOnce(DomainError) -> BoomiError + 'a {
        move |error| self.error(field, Problem::Refused(Box::new(error)))
    }
}

/// `PackagedComponent`: one version of a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiPackage {
    pub(super) origin: Origin,
    pub(super) package_id: String,
    pub(super) version: String,
    pub(super) component_id: String,
    pub(super) component_type: String,
    pub(super) created: Option<DateTime<Utc>>,
    pub(super) notes: String,
    pub(super) shareable: bool,
    pub(super) deleted: bool,
}

/// `PublisherPackagedComponent`: one member of a pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiMember {
    pub(super) origin: Origin,
    pub(super) component_id: String,
    pub(super) component_name: Option<String>,
    pub(super) component_type: Option<String>,
    pub(super) current: Option<String>,
    pub(super) pending: Option<String>,
    pub(super) latest: Option<String>,
    pub(super) deleted: bool,
}

/// `PublisherIntegrationPack`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiPack {
    pub(super) origin: Origin,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) installation_type: InstallationType,
    pub(super) members: Vec<BoomiMember>,
}

/// `ReleaseIntegrationPackStatus` of a release scheduled for a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiScheduled {
    pub(super) origin: Origin,
    pub(super) pack_id: String,
    pub(super) release_on_date: NaiveDate,
    /// `(origin, componentId, version)` of each component released.
    pub(super) versions: Vec<(Origin, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiAccount {
    pub(super) origin: Origin,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiGroup {
    pub(super) origin: Origin,
    pub(super) id: String,
    pub(super) name: String,
}

/// `AccountGroupAccount`, `AccountGroupIntegrationPack` or an account group's
/// `Resource` of type Integration Pack: a group and the other end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct GroupLink {
    pub(super) origin: Origin,
    pub(super) group_id: String,
    pub(super) other_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiInstance {
    pub(super) origin: Origin,
    pub(super) id: String,
    pub(super) pack_id: String,
    pub(super) override_name: Option<String>,
}

/// One environment's extension values (`EnvironmentExtensions`), as one managed account's
/// query answered them: its connections' fields that are not left at their default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiExtensions {
    pub(super) environment_id: String,
    /// The multiple-attachments instance the values are for; `None` for the environment.
    pub(super) extension_group_id: Option<String>,
    pub(super) connections: Vec<BoomiConnectionValues>,
    /// Other extensions (process properties, cross-reference tables…) with values: not
    /// imported, only counted for the preview.
    pub(super) other_extensions: usize,
}

/// The set fields of one connection of an environment's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct BoomiConnectionValues {
    pub(super) name: String,
    /// `(field id, value)`; `None` for a value Boomi keeps encrypted (only that it is set).
    pub(super) fields: Vec<(String, Option<String>)>,
}

/// What the files hold, checked for shape but not yet against any workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoomiData {
    pub(super) packages: Vec<BoomiPackage>,
    pub(super) packs: Vec<BoomiPack>,
    pub(super) scheduled: Vec<BoomiScheduled>,
    pub(super) accounts: Vec<BoomiAccount>,
    pub(super) groups: Vec<BoomiGroup>,
    pub(super) group_accounts: Vec<GroupLink>,
    pub(super) group_packs: Vec<GroupLink>,
    /// Instance responses by file name: each is queried for one account.
    pub(super) instances: Vec<(String, Vec<BoomiInstance>)>,
    /// Extension responses by file name: each is queried for one account.
    pub(super) extensions: Vec<(String, Vec<BoomiExtensions>)>,
    /// Release requests that are not scheduled (done, failed, under way): not imported.
    pub(super) other_releases: usize,
    /// Items of bulk answers that Boomi answered with an error instead of an object (a
    /// request id it no longer knows), each as a sentence: skipped, the rest imported.
    pub(super) unanswered: Vec<String>,
    /// Each file's name, the object type its results have, and how many.
    pub files: Vec<FileSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    pub name: String,
    /// `PackagedComponent`, …; `None` for a response with no results.
    pub object_type: Option<&'static str>,
    pub results: usize,
}

const OBJECT_TYPES: &[&str] = &[
    "PackagedComponent",
    "PublisherIntegrationPack",
    "ReleaseIntegrationPackStatus",
    "Account",
    "AccountGroup",
    "AccountGroupAccount",
    "AccountGroupIntegrationPack",
    "IntegrationPackInstance",
    "EnvironmentExtensions",
];
const INSTALLATION_TYPES: &[&str] = &["SINGLE", "MULTI"];
// Boomi's prose also spells the status under way `INPROGRESS`: both are read.
const RELEASE_STATUSES: &[&str] = &["IN_PROGRESS", "INPROGRESS", "SUCCESS", "SCHEDULED", "ERROR"];
const RELEASE_SCHEDULES: &[&str] = &["IMMEDIATELY", "RELEASE_ON_SPECIFIED_DATE"];

/// The component types Packwright models, as Boomi names them.
pub(super) fn component_kind(component_type: &str) -> Option<ComponentKind> {
    match component_type.to_ascii_lowercase().as_str() {
        "process" => Some(ComponentKind::Process),
        "webservice" => Some(ComponentKind::ApiService),
        _ => None,
    }
}

/// Reads every file: what each holds, in Packwright's terms, or the first thing wrong
/// with one of them (file and field named).
pub fn read_files(files: &[BoomiFile]) -> Result<BoomiData, BoomiError> {
    if files.is_empty() {
        return Err(BoomiError {
            file: String::new(),
            field: String::new(),
            problem: Problem::NoFiles,
        });
    }
    let mut data = BoomiData::default();
    let mut seen = Seen::default();
    for file in files {
        let json: Value = serde_json::from_str(&file.text).map_err(|error| BoomiError {
            file: file.name.clone(),
            field: String::new(),
            problem: Problem::NotJson {
                detail: error.to_string(),
            },
        })?;
        let root = Node::root(&file.name, &json);
        let (objects, unanswered) = objects_of(&root)?;
        data.unanswered.extend(unanswered);
        let mut summary = FileSummary {
            name: file.name.clone(),
            object_type: None,
            results: objects.len(),
        };
        let mut instances = Vec::new();
        let mut extensions = Vec::new();
        let named_type = type_in_file_name(&file.name);
        for object in &objects {
            let object_type = match (object.get("@type"), named_type) {
                (Some(type_field), _) => {
                    let found = type_field.str()?;
                    OBJECT_TYPES
                        .iter()
                        .copied()
                        .find(|known| *known == found)
                        .ok_or_else(|| {
                            type_field.error(Problem::UnknownObjectType {
                                found: found.to_owned(),
                            })
                        })?
                }
                // Boomi writes `@type` on every result; a response saved without it is
                // read as the type its file is named after.
                (None, Some(named)) => named,
                (None, None) => return Err(object.error_at("@type", Problem::Missing)),
            };
            if let Some(first) = summary.object_type.filter(|first| *first != object_type) {
                return Err(object.error_at(
                    "@type",
                    Problem::MixedTypes {
                        first,
                        found: object_type,
                    },
                ));
            }
            summary.object_type = Some(object_type);
            if object_type == "EnvironmentExtensions" {
                extensions.push(object::read_extensions(object)?);
                continue;
            }
            read_object(object_type, object, &mut data, &mut seen, &mut instances)?;
        }
        if !instances.is_empty() {
            data.instances.push((file.name.clone(), instances));
        }
        if !extensions.is_empty() {
            data.extensions.push((file.name.clone(), extensions));
        }
        data.files.push(summary);
    }
    Ok(data)
}

/// The object type a file's name starts with (`AccountGroupAccount-query.json`), case
/// ignored; the longest that fits, so `AccountGroupAccount` is not read as `Account`.
fn type_in_file_name(name: &str) -> Option<&'static str> {
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    OBJECT_TYPES
        .iter()
        .copied()
        .filter(|object_type| name.starts_with(&object_type.to_ascii_lowercase()))
        .max_by_key(|object_type| object_type.len())
}

/// The objects of a QUERY response (`result`), a bulk response (`response[].Result`) or
/// a single object (`@type` at the top); and, for a bulk response, a sentence for each
/// item Boomi answered with an error instead of an object.
fn objects_of<'a>(root: &Node<'a>) -> Result<(Vec<Node<'a>>, Vec<String>), BoomiError> {
    if let Some(result) = root.get("result") {
        return Ok((result.items()?, Vec::new()));
    }
    if let Some(response) = root.get("response") {
        let mut objects = Vec::new();
        let mut unanswered = Vec::new();
        for item in response.items()? {
            match (item.get("Result"), item.get("statusCode")) {
                (Some(result), _) => objects.push(result),
                // `{"statusCode": 400, "errorMessage": …}`: an id Boomi does not know (any
                // more). One such item must not hold up the rest.
                (None, Some(status)) if status.value.as_u64().is_some_and(|code| code != 200) => {
                    let id = item.optional_text("id")?.unwrap_or_else(|| "?".to_owned());
                    let message = item
                        .optional_text("errorMessage")?
                        .unwrap_or_else(|| "no message".to_owned());
                    unanswered.push(format!(
                        "{}, {}: Boomi answered {} for {id} ({message}), so it is left out.",
                        root.file,
                        item.at(),
                        status.value
                    ));
                }
                (None, _) => return Err(item.error_at("Result", Problem::Missing)),
            }
        }
        return Ok((objects, unanswered));
    }
    let top_type = root.value.get("@type").and_then(Value::as_str);
    if matches!(top_type, Some("QueryResult" | "BulkResult"))
        || (top_type.is_none() && root.value.get("numberOfResults").is_some())
    {
        // A response with no results: Boomi leaves `result` out.
        return Ok((Vec::new(), Vec::new()));
    }
    if root.value.is_object() && top_type.is_some() {
        return Ok((vec![root.clone()], Vec::new()));
    }
    Err(root.error(Problem::NotAResponse))
}
