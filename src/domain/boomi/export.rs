//! Export to Boomi: a release planned here as the Platform API requests that make the same
//! release in Boomi, in order, with what Boomi cannot take said plainly. The requests are
//! data (method, path, JSON body) and a `curl` script that reads the account id and the
//! API token from the environment: no secret is ever written into either.

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::boomi::fetch::RELEASE_ANSWER_PREFIX;
use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::domain::error::DomainError;
use crate::domain::ids::{ComponentId, PackId, PackageId};
use crate::domain::model::{BoomiThing, InstallationType, Pack, ReleaseSchedule};
use crate::domain::time::PublisherZone;
use crate::domain::workspace::Workspace;

/// The release to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseIntent {
    /// A release planned in the wizard: `ReleaseIntegrationPack` CREATE, after a
    /// `PublisherIntegrationPack` UPDATE when the members change.
    Create {
        versions: BTreeMap<ComponentId, PackageId>,
        schedule: ReleaseSchedule,
    },
    /// The pending release, not yet sent to Boomi: made there as `Create` would.
    Pending,
    /// The pending release, already sent to Boomi, moved to its date here:
    /// `ReleaseIntegrationPack` UPDATE.
    Reschedule,
}

/// One Platform API request.
#[derive(Clone, Debug, PartialEq)]
pub struct BoomiRequest {
    /// What it does, in a sentence.
    pub purpose: String,
    pub method: &'static str,
    /// After `https://api.boomi.com/api/rest/v1/{accountId}`.
    pub path: String,
    pub body: Value,
}

/// The requests, in the order to send them, and what the user must know.
#[derive(Clone, Debug, PartialEq)]
pub struct BoomiRequests {
    pub pack_name: String,
    pub requests: Vec<BoomiRequest>,
    pub notes: Vec<String>,
}

/// Why no requests can be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoomiExportError {
    NotFound(DomainError),
    /// The pack or a member was made in Packwright: Boomi does not know it.
    NoBoomiId {
        subject: &'static str,
        name: String,
    },
    /// Reschedule asked for a pack with no pending release.
    NothingPending {
        pack: String,
    },
    /// Nothing to release.
    NoComponents {
        pack: String,
    },
}

impl fmt::Display for BoomiExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoomiExportError::NotFound(error) => write!(f, "{error}"),
            BoomiExportError::NoBoomiId { subject, name } => write!(
                f,
                "The {subject} {name} was made in Packwright, so Boomi does not know it: create it in Boomi, import from Boomi again, then make the requests."
            ),
            BoomiExportError::NothingPending { pack } => {
                write!(f, "{pack} has no pending release to reschedule in Boomi.")
            }
            BoomiExportError::NoComponents { pack } => {
                write!(f, "The release of {pack} has no components: Boomi needs at least one.")
            }
        }
    }
}

impl std::error::Error for BoomiExportError {}

/// The Platform API requests that make `intent` in Boomi.
pub fn release_requests(
    workspace: &Workspace,
    pack: PackId,
    intent: &ReleaseIntent,
) -> Result<BoomiRequests, BoomiExportError> {
    let pack = workspace.pack(pack).map_err(BoomiExportError::NotFound)?;
    let pack_id = boomi_id(
        workspace,
        BoomiThing::Pack(pack.id),
        "integration pack",
        &pack.name,
    )?;
    // Boomi's name, whatever the pack is called here: renaming a pack in Boomi renames it
    // for every account that has it.
    let boomi_name = workspace.boomi_name(pack.id).unwrap_or(&pack.name);
    let zone = workspace.publisher().time_zone;
    let (versions, schedule, number) = release_of(pack, intent)?;
    let creates = *intent != ReleaseIntent::Reschedule;
    if versions.is_empty() {
        return Err(BoomiExportError::NoComponents {
            pack: pack.name.clone(),
        });
    }
    let components = boomi_components(workspace, &versions)?;

    let mut requests = Vec::new();
    let mut notes = Vec::new();
    if boomi_name != pack.name {
        notes.push(format!(
            "The requests keep Boomi's name for this pack, \u{201c}{boomi_name}\u{201d}: here it is called \u{201c}{}\u{201d}, and sending that name would rename the pack for every account. Rename it in Boomi first if that is what you want.",
            pack.name
        ));
    }
    let released_components = pack
        .current()
        .map(|release| release.versions.keys().copied().collect::<Vec<_>>());
    let members_change = creates
        && released_components.as_deref()
            != Some(&versions.keys().copied().collect::<Vec<_>>()[..]);
    let target = ReleaseTarget {
        pack,
        pack_id: &pack_id,
        boomi_name,
        components: &components,
    };
    if members_change {
        requests.push(members_request(&target));
    } else if creates {
        notes.push(
            "The components are those of the current release, so the pack itself needs no update."
                .to_owned(),
        );
    }

    requests.push(release_request(
        &target, schedule, creates, zone, &mut notes,
    ));
    notes.extend([
        "Release notes are not sent: Boomi's ReleaseIntegrationPack has no field for them.".to_owned(),
        format!("Boomi does not number releases: this is release {number} here."),
        "Boomi's API cannot cancel a scheduled release: cancel it in Boomi's Integration Packs page.".to_owned(),
        "Boomi answers a ReleaseIntegrationPack request with a requestId: GET /ReleaseIntegrationPackStatus/{requestId} says when it is done.".to_owned(),
    ]);
    if !pack.reports.is_empty() {
        notes.push(
            "Boomi has no API for testing-period reports: the managed accounts' reports and the problems marked as addressed stay in Packwright and are not among these requests."
                .to_owned(),
        );
    }
    Ok(BoomiRequests {
        pack_name: pack.name.clone(),
        requests,
        notes,
    })
}

/// The versions, schedule and number of the release `intent` is about.
fn release_of(
    pack: &Pack,
    intent: &ReleaseIntent,
) -> Result<(BTreeMap<ComponentId, PackageId>, ReleaseSchedule, u32), BoomiExportError> {
    Ok(match intent {
        ReleaseIntent::Create { versions, schedule } => {
            (versions.clone(), *schedule, pack.next_release_number())
        }
        ReleaseIntent::Pending | ReleaseIntent::Reschedule => {
            let pending = pack
                .pending()
                .ok_or_else(|| BoomiExportError::NothingPending {
                    pack: pack.name.clone(),
                })?;
            (pending.versions.clone(), pending.schedule, pending.number)
        }
    })
}

/// Each member's Boomi component id and its version label; refused when Boomi does not
/// know one of them.
fn boomi_components(
    workspace: &Workspace,
    versions: &BTreeMap<ComponentId, PackageId>,
) -> Result<Vec<(String, String)>, BoomiExportError> {
    let mut components = Vec::new();
    for (component, package) in versions {
        let component = workspace
            .component(*component)
            .map_err(BoomiExportError::NotFound)?;
        let component_id = boomi_id(
            workspace,
            BoomiThing::Component(component.id),
            "component",
            &component.name,
        )?;
        let package = workspace
            .package(*package)
            .map_err(BoomiExportError::NotFound)?;
        boomi_id(
            workspace,
            BoomiThing::Package(package.id),
            "packaged component",
            &format!("{} version {}", component.name, package.version),
        )?;
        components.push((component_id, package.version.clone()));
    }
    Ok(components)
}

/// The pack a release request is about, as Boomi knows it.
struct ReleaseTarget<'a> {
    pack: &'a Pack,
    pack_id: &'a str,
    boomi_name: &'a str,
    components: &'a [(String, String)],
}

/// The `PublisherIntegrationPack` UPDATE that sets the pack's components (Boomi wants
/// the whole list).
fn members_request(target: &ReleaseTarget<'_>) -> BoomiRequest {
    BoomiRequest {
        purpose: format!(
            "Sets the components of {} (Boomi wants the whole list: a component left out is removed).",
            target.pack.name
        ),
        method: "POST",
        path: format!("/PublisherIntegrationPack/{}", path_segment(target.pack_id)),
        body: json!({
            "id": target.pack_id,
            "name": target.boomi_name,
            "installationType": installation_type(target.pack),
            "Description": target.pack.description,
            "operationType": "ADD",
            "PublisherPackagedComponents": {
                "PublisherPackagedComponent": target.components
                    .iter()
                    .map(|(component_id, _)| json!({ "componentId": component_id }))
                    .collect::<Vec<_>>(),
            },
        }),
    }
}

/// The `ReleaseIntegrationPack` request: a CREATE, or an UPDATE that moves the date.
fn release_request(
    target: &ReleaseTarget<'_>,
    schedule: ReleaseSchedule,
    creates: bool,
    zone: PublisherZone,
    notes: &mut Vec<String>,
) -> BoomiRequest {
    let mut release = json!({
        "id": target.pack_id,
        "name": target.boomi_name,
        "installationType": installation_type(target.pack),
        "ReleasePackagedComponents": {
            "ReleasePackagedComponent": target.components
                .iter()
                .map(|(component_id, version)| json!({ "componentId": component_id, "version": version }))
                .collect::<Vec<_>>(),
        },
    });
    let purpose = match schedule {
        ReleaseSchedule::Immediately => {
            release["releaseSchedule"] = json!("IMMEDIATELY");
            format!(
                "Releases {} immediately to every account that has it installed.",
                target.pack.name
            )
        }
        ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date } => {
            release["releaseSchedule"] = json!("RELEASE_ON_SPECIFIED_DATE");
            release["releaseOnDate"] = json!(release_on_date.to_string());
            notes.push(date_note(release_on_date, &zone.to_string()));
            if creates {
                format!(
                    "Schedules the release of {} for {release_on_date}; its testing period in Boomi starts when Boomi receives this.",
                    target.pack.name
                )
            } else {
                format!(
                    "Moves the scheduled release of {} to {release_on_date}.",
                    target.pack.name
                )
            }
        }
    };
    BoomiRequest {
        purpose,
        method: "POST",
        path: if creates {
            "/ReleaseIntegrationPack".to_owned()
        } else {
            format!("/ReleaseIntegrationPack/{}", path_segment(target.pack_id))
        },
        body: release,
    }
}

fn installation_type(pack: &Pack) -> &'static str {
    match pack.installation_type {
        InstallationType::Single => "SINGLE",
        InstallationType::Multi => "MULTI",
    }
}

fn boomi_id(
    workspace: &Workspace,
    thing: BoomiThing,
    subject: &'static str,
    name: &str,
) -> Result<String, BoomiExportError> {
    workspace
        .boomi_id(thing)
        .map(str::to_owned)
        .ok_or_else(|| BoomiExportError::NoBoomiId {
            subject,
            name: name.to_owned(),
        })
}

fn date_note(date: NaiveDate, zone: &str) -> String {
    format!(
        "releaseOnDate {date} is a date without a time zone: Boomi applies it between midnight and 1 AM in the time zone of the Boomi user who sends the request (Settings, User Information). Packwright schedules it in {zone}: set the same zone there."
    )
}

/// An id as one URL path segment: Boomi's ids are GUIDs and account ids, but an imported
/// id is data, so anything else is percent-encoded.
fn path_segment(id: &str) -> String {
    let mut encoded = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

impl BoomiRequests {
    /// The requests as one JSON document: `{"requests": [{method, path, body}], "notes"}`.
    pub fn to_json(&self) -> String {
        let requests: Vec<Value> = self
            .requests
            .iter()
            .map(|request| {
                json!({
                    "purpose": request.purpose,
                    "method": request.method,
                    "path": request.path,
                    "body": request.body,
                })
            })
            .collect();
        let document = json!({
            "baseUrl": "https://api.boomi.com/api/rest/v1/{accountId}",
            "requests": requests,
            "notes": self.notes,
        });
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }

    /// A POSIX shell script that sends the requests with `curl`, in order, stopping at the
    /// first failure. The account id and the API token come from the environment.
    pub fn curl_script(&self) -> String {
        let mut script = String::from(
            "#!/bin/sh\n\
             # Boomi Platform API requests made by Packwright.\n\
             # Needs BOOMI_ACCOUNT_ID, BOOMI_API_USER (BOOMI_TOKEN.you@example.com) and\n\
             # BOOMI_API_TOKEN in the environment; nothing secret is written in this file.\n\
             set -eu\n\
             : \"${BOOMI_ACCOUNT_ID:?Set BOOMI_ACCOUNT_ID to your Boomi account id.}\"\n\
             : \"${BOOMI_API_USER:?Set BOOMI_API_USER to BOOMI_TOKEN.your-user-name.}\"\n\
             : \"${BOOMI_API_TOKEN:?Set BOOMI_API_TOKEN to your Platform API token.}\"\n\
             base=\"https://api.boomi.com/api/rest/v1/$BOOMI_ACCOUNT_ID\"\n",
        );
        script.push_str(&format!("\n# {}\n", comment(&self.pack_name)));
        for note in &self.notes {
            script.push_str(&format!("# - {}\n", comment(note)));
        }
        for (index, request) in self.requests.iter().enumerate() {
            // Boomi's answer to a release carries its request id, which the fetch script
            // (`fetch::fetch_script`) later asks the release's status by: it is kept in a
            // file beside this script.
            let keeps_answer = request.path.starts_with("/ReleaseIntegrationPack");
            let (answer, output, or_fail, show) = if keeps_answer {
                (
                    format!(
                        "answer=\"{RELEASE_ANSWER_PREFIX}$(date -u +%Y%m%dT%H%M%SZ)-{}.json\"\n",
                        index + 1
                    ),
                    " --output \"$answer\"",
                    " || { cat -- \"$answer\" >&2; echo >&2; exit 1; }",
                    "cat -- \"$answer\"\n",
                )
            } else {
                (String::new(), "", "", "")
            };
            script.push_str(&format!(
                "\n# {}. {}\n{answer}\
                 curl --fail-with-body --silent --show-error \\\n  \
                 --user \"$BOOMI_API_USER:$BOOMI_API_TOKEN\" \\\n  \
                 --header 'Content-Type: application/json' --header 'Accept: application/json' \\\n  \
                 --request {} \"$base\"{} \\\n  \
                 --data-binary @-{output} <<'PACKWRIGHT_BODY'{or_fail}\n{}\nPACKWRIGHT_BODY\n{show}echo\n",
                index + 1,
                comment(&request.purpose),
                request.method,
                single_quoted(&request.path),
                // One line of JSON: a newline in any text is escaped, so no line of the
                // body can end the here-document.
                request.body,
            ));
        }
        script
    }
}

/// Text as one comment line.
fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Text as one single-quoted shell word.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}
