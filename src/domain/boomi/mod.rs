//! Boomi's Platform API, both ways, as plain data: `import` builds workspace events from
//! the JSON responses of its QUERY operations (through `decide`, so an import passes the
//! same rules as anything typed by hand), and `export` turns a release planned here into
//! the Platform API requests that make the same release in Boomi. Nothing here talks to
//! Boomi: the publisher's API token never enters Packwright.

mod error;
pub mod export;
pub mod fetch;
mod plan;
mod read;
mod reader;

pub use error::{BoomiError, Problem};
pub use export::{release_requests, BoomiRequest, BoomiRequests, ReleaseIntent};
pub use fetch::{fetch_script, FETCH_SCRIPT_NAME};
pub use plan::{plan_import, ImportCounts, ImportPlan, ImportPreview};
pub use read::{read_files, BoomiData, BoomiFile, FileSummary};
