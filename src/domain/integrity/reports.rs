//! The integrity of the testing period's reports kept on each pack.

use super::{length_ok, Problems};
use crate::domain::model::{Pack, ReleaseSchedule, Verdict, REPORT_TEXT_MAX};

/// The testing period's reports: on a release of the pack that had a testing period, in
/// the order they were made, a problem described, only a problem marked as addressed.
pub(super) fn check_reports(pack: &Pack, problems: &mut Problems) {
    let name = &pack.name;
    for (index, report) in pack.reports.iter().enumerate() {
        problems.check(
            pack.release(report.release)
                .is_some_and(|r| !matches!(r.schedule, ReleaseSchedule::Immediately)),
            || {
                format!(
                    "{name} has a report on release {}, which had no testing period.",
                    report.release
                )
            },
        );
        problems.check(length_ok(&report.text, REPORT_TEXT_MAX), || {
            format!("A report on {name} is over {REPORT_TEXT_MAX} characters.")
        });
        problems.check(
            report.verdict == Verdict::Works || !report.text.trim().is_empty(),
            || format!("A problem reported on {name} says nothing."),
        );
        problems.check(
            report.addressed.is_none() || report.verdict == Verdict::Problem,
            || format!("A report on {name} that is not a problem is marked as addressed."),
        );
        problems.check(
            index == 0 || pack.reports[index - 1].at <= report.at,
            || format!("{name}'s reports are not in the order they were made."),
        );
    }
}
