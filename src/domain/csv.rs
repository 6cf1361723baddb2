//! CSV files a spreadsheet opens as columns (RFC 4180): the install base of a pack and the
//! activity log. Text only; the UI downloads it.

use crate::domain::event::Event;
use crate::domain::queries::{InstallRow, ProblemRow};
use crate::domain::time::PublisherZone;
use crate::domain::workspace::Workspace;

/// Makes spreadsheet programs read the file as UTF-8 (Excel guesses otherwise).
const BYTE_ORDER_MARK: &str = "\u{feff}";

/// One CSV document: a header row and records, CRLF line ends, fields quoted where needed.
struct Csv(String);

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut csv = Csv(BYTE_ORDER_MARK.to_owned());
        csv.record(header.iter().copied());
        csv
    }

    fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for (index, field) in fields.into_iter().enumerate() {
            if index > 0 {
                self.0.push(',');
            }
            push_field(&mut self.0, field);
        }
        self.0.push_str("\r\n");
    }
}

/// A field, in double quotes (with quotes doubled) when it holds a comma, a quote or a line
/// break, or starts or ends with a space.
fn push_field(out: &mut String, field: &str) {
    let quoted = field.contains([',', '"', '\r', '\n']) || field.trim() != field;
    if quoted {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// The install base of a pack: one row per instance, times in the zone in force when each
/// was installed.
pub fn install_base_csv(workspace: &Workspace, rows: &[InstallRow]) -> String {
    let mut csv = Csv::new(&[
        "Account",
        "Instance name",
        "Release",
        "Applied early",
        "Installed",
        "Installed (UTC)",
        "Configuration",
    ]);
    for row in rows {
        let zone = workspace.zone_at(row.installed_at);
        let release = row.release.map(|r| r.to_string()).unwrap_or_default();
        let installed = zone.format_instant(row.installed_at);
        let utc = PublisherZone::utc().format_instant(row.installed_at);
        let configuration = configuration_status(row.needs_attention);
        csv.record([
            row.account_name.as_str(),
            row.override_name.as_deref().unwrap_or(""),
            release.as_str(),
            if row.applied_early { "yes" } else { "no" },
            installed.as_str(),
            utc.as_str(),
            configuration.as_str(),
        ]);
    }
    csv.0
}

/// An instance's configuration in words: `complete`, or `needs attention: 2 new fields`.
pub fn configuration_status(needs_attention: usize) -> String {
    if needs_attention == 0 {
        "complete".to_owned()
    } else {
        format!(
            "needs attention: {}",
            crate::domain::event::plural(needs_attention, "new field", "new fields")
        )
    }
}

/// The problems reported in a release's testing period: one row per instance whose current
/// verdict is a problem, with where it stands; times in the zone in force when reported.
pub fn problems_csv(workspace: &Workspace, rows: &[ProblemRow]) -> String {
    let mut csv = Csv::new(&[
        "Account",
        "Instance name",
        "Problem",
        "Status",
        "Reported",
        "Reported (UTC)",
    ]);
    for row in rows {
        let zone = workspace.zone_at(row.at);
        let reported = zone.format_instant(row.at);
        let utc = PublisherZone::utc().format_instant(row.at);
        let status = problem_status(row);
        csv.record([
            row.account_name.as_str(),
            row.override_name.as_deref().unwrap_or(""),
            row.text.as_str(),
            status.as_str(),
            reported.as_str(),
            utc.as_str(),
        ]);
    }
    csv.0
}

/// Where a reported problem stands, in words: `open`, `addressed by release 3`, `closed`
/// (its release's testing period is over), with `; uninstalled` when the instance is gone.
pub fn problem_status(row: &ProblemRow) -> String {
    let mut status = match (&row.addressed, row.open) {
        (Some(addressed), _) => match addressed.by_release {
            Some(release) => format!("addressed by release {release}"),
            None => "addressed".to_owned(),
        },
        (None, true) => "open".to_owned(),
        (None, false) => "closed with the testing period".to_owned(),
    };
    if row.uninstalled {
        status.push_str("; uninstalled");
    }
    status
}

/// The activity log as shown (newest first, filtered): each event's time in the zone in
/// force when it happened, its kind, its sentence and its author (`shared`: whether the
/// workspace is shared with a team now).
pub fn activity_csv<'a>(
    workspace: &Workspace,
    events: impl IntoIterator<Item = &'a Event>,
    shared: bool,
) -> String {
    let mut csv = Csv::new(&["Time", "Time (UTC)", "Kind", "What happened", "By"]);
    for event in events {
        let zone = workspace.zone_at(event.at);
        let time = zone.format_instant(event.at);
        let utc = PublisherZone::utc().format_instant(event.at);
        let sentence = event.sentence(zone);
        let author = event.author(shared).name();
        csv.record([
            time.as_str(),
            utc.as_str(),
            event.kind().label(),
            sentence.as_str(),
            author.as_str(),
        ]);
    }
    csv.0
}
