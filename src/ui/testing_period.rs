//! What a release's testing period brought, on the pack page (domain.md, "The testing
//! period's reports"): who applied it early, how many said it works or found a problem,
//! and the problems themselves (filtered, paged, exported as CSV, marked as addressed).
//! While the release is pending, open problems are said beside its due instant with the
//! three ways out; once it ends, its reports stay readable, closed.

use leptos::prelude::*;

use crate::domain::command::{CancelPendingRelease, MarkProblemAddressed};
use crate::domain::csv::{problem_status, problems_csv};
use crate::domain::event::plural;
use crate::domain::model::ReleaseStatus;
use crate::domain::queries::{self, ProblemRow, TestingSummary};
use crate::domain::{Command, InstanceId, PackId};
use crate::ui::session::Session;
use crate::ui::widgets::{
    export_csv, use_after_paint, use_command, use_filtered_pages, AppLink, ConfirmButton,
    FilterField, Notice, Outcome, Pager, LIST_AT_ONCE_UP_TO,
};

/// The counts of the testing period, without its rows (what the summary lines need).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Counts {
    status: Option<ReleaseStatus>,
    installed_instances: usize,
    early_instances: usize,
    early_accounts: usize,
    works: usize,
    problems: usize,
    open_problems: usize,
}

impl Counts {
    fn of(summary: &TestingSummary) -> Counts {
        Counts {
            status: Some(summary.status),
            installed_instances: summary.installed_instances,
            early_instances: summary.early_instances,
            early_accounts: summary.early_accounts,
            works: summary.works,
            problems: summary.problems,
            open_problems: summary.open_problems,
        }
    }
}

/// The testing period of release `release` of pack `id`: its counts and its problems. For
/// the pending release it is live; for an ended one it is marked closed.
#[component]
pub fn TestingPeriod(
    /// The pack.
    id: PackId,
    /// The release whose testing period is shown.
    release: u32,
) -> impl IntoView {
    let session = Session::expect();
    let summary = Memo::new(move |_| {
        session.read_pack(id, |ws, pack| queries::testing_summary(ws, pack, release))
    });
    let counts =
        Memo::new(move |_| summary.with(|s| s.as_ref().map(Counts::of).unwrap_or_default()));
    let rows = Memo::new(move |_| {
        summary.with(|s| {
            s.as_ref()
                .map(|s| s.problem_rows.clone())
                .unwrap_or_default()
        })
    });
    let pending = move || counts.with(|c| c.status == Some(ReleaseStatus::Pending));
    let heading_id = format!("testing-heading-{release}");
    let labelled_by = heading_id.clone();
    let heading = move || match counts.with(|c| c.status) {
        Some(ReleaseStatus::Pending) | None => "Testing period".to_owned(),
        Some(ReleaseStatus::Superseded) => {
            format!("Reports on release {release} (superseded: its testing period ended, reports are closed)")
        }
        Some(ReleaseStatus::Cancelled) => {
            format!("Reports on release {release} (cancelled: its testing period ended, reports are closed)")
        }
        Some(ReleaseStatus::Released) => {
            format!("Reports on release {release} (applied on its date: reports are closed)")
        }
    };
    let early_line = move || {
        counts.with(|c| {
            format!(
                "Applied early: {} of {}, in {}.",
                c.early_instances,
                plural(
                    c.installed_instances,
                    "installed instance",
                    "installed instances"
                ),
                plural(c.early_accounts, "account", "accounts"),
            )
        })
    };
    let verdict_line = move || {
        counts.with(|c| {
            let open = if c.status == Some(ReleaseStatus::Pending) {
                format!(" ({} open)", c.open_problems)
            } else {
                String::new()
            };
            format!(
                "Reported “works”: {}. Reported a problem: {}{open}.",
                plural(c.works, "instance", "instances"),
                plural(c.problems, "instance", "instances"),
            )
        })
    };
    view! {
        <section class="testing-period" aria-labelledby=labelled_by data-testid=format!("testing-period-{release}")>
            <h3 id=heading_id>{heading}</h3>
            <Show when=pending>
                <p data-testid="testing-early">{early_line}</p>
            </Show>
            <p data-testid="testing-verdicts">{verdict_line}</p>
            <ProblemList id release rows pending=Signal::derive(pending) />
        </section>
    }
}

/// The open problems beside the pending release's due instant, with the three ways out.
#[component]
pub fn OpenProblemsWarning(
    /// The pack whose pending release is warned about.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let open = Memo::new(move |_| session.read_pack(id, |_, pack| queries::open_problems(pack)));
    let focus_reschedule = move |_| {
        let field = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.get_element_by_id("reschedule-date"));
        if let Some(field) = field
            .and_then(|field| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(field).ok())
        {
            let _ = field.focus();
        }
    };
    view! {
        <Show when=move || { open.get() > 0 }>
            <div class="notice notice-warning" role="status" data-testid="open-problems">
                <p>
                    <strong>{move || format!("{} reported in the testing period.", plural(open.get(), "open problem", "open problems"))}</strong>
                    " The release still applies on its date unless you act: release a fix now (it supersedes the pending release), reschedule, or cancel."
                </p>
                <p class="button-row">
                    <AppLink to=format!("/packs/{id}/release") class="button">"Release a fix now"</AppLink>
                    <button type="button" class="button button-quiet" on:click=focus_reschedule>"Reschedule"</button>
                    <ConfirmButton
                        label="Cancel"
                        accessible_name="Cancel the pending release"
                        dialog="Cancel the pending release"
                        question="Cancel the pending release? Accounts that applied it early go back to the current release; its reports are kept, closed."
                        confirm="Cancel the release"
                        inline=true
                        on_confirm=Callback::new(move |()| form.run(Command::CancelPendingRelease(CancelPendingRelease { pack: id }), "The pending release was cancelled."))
                    />
                </p>
            </div>
        </Show>
        <Notice outcome=form.outcome() />
    }
}

/// The reported problems, newest first: filtered by account, instance or text, paged,
/// exported as CSV, and (while the release is pending) marked as addressed.
#[component]
fn ProblemList(
    /// The pack.
    id: PackId,
    /// The release reported on.
    release: u32,
    /// Its problems, newest first.
    rows: Memo<Vec<ProblemRow>>,
    /// Whether the release is still pending (problems may be marked as addressed).
    pending: Signal<bool>,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    // A big pack's page shows its counts and chart first; the rows follow.
    let listed = use_after_paint(session.workspace().with_untracked(|ws| {
        ws.pack(id)
            .is_ok_and(|pack| pack.instances.len() <= LIST_AT_ONCE_UP_TO)
    }));
    let list = use_filtered_pages(rows, |row: &ProblemRow, needle| {
        needle.is_empty()
            || row.account_name.to_lowercase().contains(needle)
            || row
                .override_name
                .as_ref()
                .is_some_and(|name| name.to_lowercase().contains(needle))
            || row.text.to_lowercase().contains(needle)
    });
    let exported: Outcome = RwSignal::new(None);
    let export = move |_| {
        let chosen = list.kept(rows);
        let (name, text) = session.workspace().with_untracked(|ws| {
            let pack = ws
                .pack(id)
                .map(|pack| pack.name.as_str())
                .unwrap_or_default();
            (
                format!("{pack} release {release} problems.csv"),
                problems_csv(ws, &chosen),
            )
        });
        exported.set(Some(export_csv(&name, &text)));
    };
    // The pack's other releases, which a problem may be marked as addressed by.
    let other_releases = move || {
        session.read_pack(id, |_, pack| {
            pack.releases
                .iter()
                .map(|r| r.number)
                .filter(|number| *number != release)
                .collect::<Vec<_>>()
        })
    };
    let mark = move |instance: InstanceId, by_release: Option<u32>| {
        form.run(
            Command::MarkProblemAddressed(MarkProblemAddressed {
                pack: id,
                release,
                instance,
                by_release,
            }),
            "Marked as addressed.",
        );
    };
    let filter_id = format!("problem-filter-{release}");
    // The list is built again only when there come to be problems or none.
    let no_rows = Memo::new(move |_| rows.with(Vec::is_empty));
    view! {
        {move || if !listed.get() {
            view! { <p class="hint" aria-busy="true">"Listing the reported problems…"</p> }.into_any()
        } else if no_rows.get() {
            view! { <p class="hint">"No problem reported."</p> }.into_any()
        } else {
            let filter_id = filter_id.clone();
            view! {
                <form class="inline-form" aria-label=format!("Filter the problems reported on release {release}") on:submit=|event| event.prevent_default()>
                    <FilterField id=filter_id label="Filter problems" placeholder="Account, instance or text" list />
                    <span class="hint" aria-live="polite" data-testid="problem-count">
                        {move || format!("{} of {}", list.count(), plural(rows.with(Vec::len), "problem", "problems"))}
                    </span>
                    <button type="button" class="button button-quiet" on:click=export>"Export problems CSV"</button>
                </form>
                <table class="table" data-testid=format!("problems-{release}")>
                    <thead>
                        <tr>
                            <th scope="col">"Account"</th>
                            <th scope="col">"Instance"</th>
                            <th scope="col">"Problem"</th>
                            <th scope="col">"Reported"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || list.shown(rows) key=|row| row.clone() let:row>
                            {
                                let instance = row.instance;
                                let status = problem_status(&row);
                                let who = match &row.override_name {
                                    Some(name) => format!("{} ({name})", row.account_name),
                                    None => row.account_name.clone(),
                                };
                                let chosen = RwSignal::new(None::<u32>);
                                let select_label = format!("Release that addresses the problem of {who}");
                                let button_label = format!("Mark the problem of {who} as addressed");
                                let reported = session.workspace().with_untracked(|ws| ws.zone_at(row.at).format_instant(row.at));
                                view! {
                                    <tr>
                                        <td><AppLink to=format!("/accounts/{}", row.account)>{row.account_name.clone()}</AppLink></td>
                                        <td>{row.override_name.clone().unwrap_or_default()}</td>
                                        <td class="notes">{row.text.clone()}</td>
                                        <td>{reported}</td>
                                        <td>
                                            {status}
                                            {(row.open && pending.get_untracked()).then(|| view! {
                                                <div class="inline-form">
                                                    <select aria-label=select_label on:change=move |event| chosen.set(event_target_value(&event).parse().ok())>
                                                        <option value="">"No release named"</option>
                                                        {other_releases().into_iter().map(|number| view! { <option value=number.to_string()>{format!("Release {number}")}</option> }).collect_view()}
                                                    </select>
                                                    <button type="button" class="button button-quiet" aria-label=button_label on:click=move |_| mark(instance, chosen.get_untracked())>"Mark as addressed"</button>
                                                </div>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                <Pager page=list.page rows=Signal::derive(move || list.count()) label="Pages of reported problems" />
            }.into_any()
        }}
        <Notice outcome=form.outcome() />
        <Notice outcome=exported />
    }
}
