//! The workspace file: what Export writes and Import reads. One JSON document holding the
//! workspace and its events. Import checks the whole file before anything is written.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::integrity::{check_integrity, replay_checked};
use crate::domain::{Event, Workspace, FORMAT_VERSION, OLDEST_FORMAT_VERSION};
use crate::store::legacy;

/// What the `format` field of every Packwright file says.
pub const FILE_FORMAT: &str = "packwright-workspace";

/// Files larger than this are refused before they are read. A workspace of 100,000
/// accounts with 500,000 instances exports to about 200 MB.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceFile {
    pub format: String,
    pub format_version: u32,
    pub workspace: Workspace,
    pub events: Vec<Event>,
}

/// Just enough of a file to tell what it is before reading it whole.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileHeader {
    format: Option<String>,
    format_version: Option<u32>,
}

/// Why a file cannot be imported. Nothing is written when any of these is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    TooLarge { bytes: usize },
    NotJson { detail: String },
    NotAWorkspaceFile,
    NewerFormat { version: u32 },
    UnsupportedFormat { version: u32 },
    Malformed { detail: String },
    Inconsistent { problems: Vec<String> },
    EventsDisagree { detail: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "The file is empty. Pick a file made with Export."),
            ImportError::TooLarge { bytes } => write!(
                f,
                "The file is {} MB; Packwright imports files of up to {} MB. Pick a file made with Export.",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ImportError::NotJson { detail } => write!(
                f,
                "The file is not JSON ({detail}), so it is not a Packwright export. Nothing was changed."
            ),
            ImportError::NotAWorkspaceFile => write!(
                f,
                "The file is JSON but not a Packwright workspace (it has no \"format\": \"{FILE_FORMAT}\"). Nothing was changed."
            ),
            ImportError::NewerFormat { version } => write!(
                f,
                "The file was made by a newer Packwright (format {version}; this one reads up to {FORMAT_VERSION}). Update Packwright, then import it. Nothing was changed."
            ),
            ImportError::UnsupportedFormat { version } => write!(
                f,
                "The file has format version {version}, which no Packwright wrote. Nothing was changed."
            ),
            ImportError::Malformed { detail } => write!(
                f,
                "The file is a Packwright workspace but part of it cannot be read ({detail}). Nothing was changed."
            ),
            ImportError::Inconsistent { problems } => write!(
                f,
                "The workspace in the file does not hold together, so it was not imported: {}",
                problems.join(" ")
            ),
            ImportError::EventsDisagree { detail } => write!(
                f,
                "The file's activity log does not match its workspace ({detail}), so it was not imported."
            ),
        }
    }
}

impl std::error::Error for ImportError {}

impl WorkspaceFile {
    pub fn new(workspace: Workspace, events: Vec<Event>) -> WorkspaceFile {
        WorkspaceFile {
            format: FILE_FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            workspace,
            events,
        }
    }

    /// The file's text. The same workspace and events always give the same bytes.
    pub fn to_json(&self) -> String {
        // Plain data with string keys only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads and checks a whole file: its format, every record, every reference, and that
    /// replaying its events rebuilds its workspace.
    pub fn parse(text: &str) -> Result<WorkspaceFile, ImportError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(ImportError::TooLarge { bytes: text.len() });
        }
        if text.trim().is_empty() {
            return Err(ImportError::Empty);
        }
        let header: FileHeader = match serde_json::from_str(text) {
            Ok(header) => header,
            Err(error) if error.is_syntax() || error.is_eof() => {
                return Err(ImportError::NotJson {
                    detail: error.to_string(),
                })
            }
            Err(_) => return Err(ImportError::NotAWorkspaceFile),
        };
        if header.format.as_deref() != Some(FILE_FORMAT) {
            return Err(ImportError::NotAWorkspaceFile);
        }
        match header.format_version {
            Some(version) if version > FORMAT_VERSION => {
                return Err(ImportError::NewerFormat { version })
            }
            Some(version) if version >= OLDEST_FORMAT_VERSION => {}
            Some(version) => return Err(ImportError::UnsupportedFormat { version }),
            None => {
                return Err(ImportError::Malformed {
                    detail: "formatVersion is missing".to_owned(),
                })
            }
        }
        let upgraded;
        // Format 1 tagged its events differently; later formats only added to it.
        let text = if header.format_version == Some(1) {
            upgraded =
                legacy::upgrade_file(text).map_err(|detail| ImportError::Malformed { detail })?;
            upgraded.as_str()
        } else {
            text
        };
        let mut file: WorkspaceFile =
            serde_json::from_str(text).map_err(|error| ImportError::Malformed {
                detail: error.to_string(),
            })?;
        if file.workspace.format_version != file.format_version {
            return Err(ImportError::Malformed {
                detail: format!(
                    "the workspace says format {}",
                    file.workspace.format_version
                ),
            });
        }
        let upgraded = file.format_version < FORMAT_VERSION;
        file.format_version = FORMAT_VERSION;
        file.workspace.mark_current_format();
        let problems = check_integrity(&file.workspace);
        if !problems.is_empty() {
            return Err(ImportError::Inconsistent { problems });
        }
        let replayed = replay_checked(&file.events)
            .map_err(|detail| ImportError::EventsDisagree { detail })?;
        if upgraded {
            file.workspace.take_derived_fields_from(&replayed);
        }
        if replayed != file.workspace {
            return Err(ImportError::EventsDisagree {
                detail: "replaying the events gives a different workspace".to_owned(),
            });
        }
        Ok(file)
    }
}
