//! The pack page's release history: every release, newest first, its times in the zone in
//! force when it happened (`queries::release_history`).

use leptos::prelude::*;

use crate::domain::queries;
use crate::domain::PackId;
use crate::ui::labels::{component_name, history_status, schedule_text, version_label};
use crate::ui::session::Session;
use crate::ui::testing_period::TestingPeriod;

/// One release as the table shows it.
struct ShownRow {
    number: u32,
    status: &'static str,
    schedule: String,
    made: String,
    applied: String,
    versions: String,
    notes: String,
}

/// The table of the pack's releases, or a line saying it was not released yet.
#[component]
pub fn ReleaseHistory(
    /// The pack whose releases are listed.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let rows = move || {
        session.read_pack(id, |ws, pack| {
            queries::release_history(ws, pack)
                .into_iter()
                .map(|row| ShownRow {
                    number: row.number,
                    status: history_status(row.status),
                    schedule: schedule_text(row.schedule, row.schedule_zone),
                    made: row.made.1.format_instant(row.made.0),
                    applied: row
                        .applied
                        .map(|(at, zone)| zone.format_instant(at))
                        .unwrap_or_else(|| "—".to_owned()),
                    versions: row
                        .versions
                        .iter()
                        .map(|(component, package)| {
                            format!(
                                "{} {}",
                                component_name(ws, *component),
                                version_label(ws, *package)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    notes: row.notes,
                })
                .collect::<Vec<_>>()
        })
    };
    // Releases whose testing period ended with reports: they stay readable, closed.
    let ended_with_reports = Memo::new(move |_| {
        session.read_pack(id, |_, pack| {
            let mut releases: Vec<u32> = pack
                .reports
                .iter()
                .map(|report| report.release)
                .filter(|release| pack.pending_release != Some(*release))
                .collect();
            releases.sort_unstable_by(|a, b| b.cmp(a));
            releases.dedup();
            releases
        })
    });
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">"Release history"</h2>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    return view! { <p class="hint">"Not released yet."</p> }.into_any();
                }
                view! {
                    <table class="table" data-testid="release-history">
                        <thead>
                            <tr>
                                <th scope="col">"Release"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Schedule"</th>
                                <th scope="col">"Made"</th>
                                <th scope="col">"Applied"</th>
                                <th scope="col">"Versions"</th>
                                <th scope="col">"Notes"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! {
                                <tr>
                                    <td>{row.number}</td>
                                    <td>{row.status}</td>
                                    <td>{row.schedule}</td>
                                    <td>{row.made}</td>
                                    <td>{row.applied}</td>
                                    <td>{row.versions}</td>
                                    <td class="notes">{row.notes}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            {move || ended_with_reports.get().into_iter().map(|release| view! { <TestingPeriod id release /> }).collect_view()}
        </section>
    }
}
