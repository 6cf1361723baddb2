//! A pack's install base, instance by instance: filtered by account and release, paged,
//! and exported as CSV. Fast with 100,000 instances: rows are built once per change of the
//! workspace, a keystroke only filters them.

use leptos::prelude::*;

use crate::domain::queries;
use crate::domain::PackId;
use crate::ui::session::Session;
use crate::ui::widgets::{
    export_csv, use_after_paint, use_filtered_pages, AppLink, FilterField, Notice, Outcome, Pager,
    LIST_AT_ONCE_UP_TO,
};

/// Every installed instance of the pack: filterable by account and release, paged, and
/// exported as CSV.
#[component]
pub fn InstallList(
    /// The pack whose instances are listed.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    // With many instances, the rest of the pack page (its status, chart and releases) is
    // painted first and the list follows.
    let many = session.workspace().with_untracked(|ws| {
        ws.pack(id)
            .is_ok_and(|pack| pack.instances.len() > LIST_AT_ONCE_UP_TO)
    });
    let listed = use_after_paint(!many);
    let rows = Memo::new(move |_| {
        if listed.get() {
            session.read_pack(id, queries::install_rows)
        } else {
            Vec::new()
        }
    });
    let release_filter = RwSignal::new(None::<u32>);
    // `Some(true)`: only instances that need attention; `Some(false)`: only complete ones.
    let attention_filter = RwSignal::new(None::<bool>);
    let needing_attention = Memo::new(move |_| {
        rows.with(|rows| rows.iter().filter(|row| row.needs_attention > 0).count())
    });
    let releases = move || {
        rows.with(|rows| {
            rows.iter()
                .filter_map(|row| row.release)
                .collect::<std::collections::BTreeSet<_>>()
        })
    };
    // By account (the field), by release and by configuration (the selects).
    let list = use_filtered_pages(rows, move |row: &queries::InstallRow, needle| {
        release_filter
            .get()
            .is_none_or(|release| row.release == Some(release))
            && attention_filter
                .get()
                .is_none_or(|needs| needs == (row.needs_attention > 0))
            && (needle.is_empty() || row.account_name.to_lowercase().contains(needle))
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
                format!("{pack} install base.csv"),
                crate::domain::csv::install_base_csv(ws, &chosen),
            )
        });
        exported.set(Some(export_csv(&name, &text)));
    };
    // The table is built again only when this changes: a teammate's change to one instance
    // replaces that instance's row alone.
    let no_rows = Memo::new(move |_| rows.with(Vec::is_empty));
    view! {
        <section class="card" aria-labelledby="instances-heading">
            <h2 id="instances-heading">"Installed instances"</h2>
            <Show when=move || { needing_attention.get() > 0 }>
                <p class="hint" data-testid="attention-count">{move || format!(
                    "{} attention: fields new since their previous release are neither set nor kept at the packaged default.",
                    crate::domain::event::plural(needing_attention.get(), "instance needs", "instances need")
                )}</p>
            </Show>
            {move || if !listed.get() {
                view! { <p class="hint" aria-busy="true">"Listing the installed instances…"</p> }.into_any()
            } else if no_rows.get() {
                view! { <p class="hint">"No managed account has installed this pack yet."</p> }.into_any()
            } else {
                view! {
                    <form class="inline-form" aria-label="Filter the installed instances" on:submit=|event| event.prevent_default()>
                        <FilterField id="instance-account-filter" label="Account" placeholder="Type part of a name" list />
                        <label for="instance-release-filter">"Release"</label>
                        <select id="instance-release-filter" on:change=move |event| {
                            release_filter.set(event_target_value(&event).parse().ok());
                            list.page.set(0);
                        }>
                            <option value="">"Every release"</option>
                            {move || releases().into_iter().map(|release| view! { <option value=release.to_string()>{format!("Release {release}")}</option> }).collect_view()}
                        </select>
                        <label for="instance-configuration-filter">"Configuration"</label>
                        <select id="instance-configuration-filter" on:change=move |event| {
                            attention_filter.set(match event_target_value(&event).as_str() {
                                "attention" => Some(true),
                                "complete" => Some(false),
                                _ => None,
                            });
                            list.page.set(0);
                        }>
                            <option value="">"Every configuration"</option>
                            <option value="attention">"Needs attention"</option>
                            <option value="complete">"Complete"</option>
                        </select>
                        <span class="hint" aria-live="polite" data-testid="instance-count">
                            {move || format!("{} of {} instances", list.count(), rows.with(Vec::len))}
                        </span>
                        <button type="button" class="button button-quiet" on:click=export>"Export CSV"</button>
                    </form>
                    <table class="table" data-testid="install-list">
                        <thead>
                            <tr>
                                <th scope="col">"Account"</th>
                                <th scope="col">"Instance name"</th>
                                <th scope="col">"Release"</th>
                                <th scope="col">"Applied early"</th>
                                <th scope="col">"Installed"</th>
                                <th scope="col">"Configuration"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || list.shown(rows) key=|row| row.clone() let:row>
                                <tr>
                                    <td><AppLink to=format!("/accounts/{}", row.account)>{row.account_name.clone()}</AppLink></td>
                                    <td>{row.override_name.clone().unwrap_or_default()}</td>
                                    <td>{row.release.map(|release| format!("Release {release}")).unwrap_or_default()}</td>
                                    <td>{if row.applied_early { "Yes" } else { "No" }}</td>
                                    <td>{session.workspace().with_untracked(|ws| ws.zone_at(row.installed_at).format_instant(row.installed_at))}</td>
                                    <td>{crate::domain::csv::configuration_status(row.needs_attention)}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                    <Pager page=list.page rows=Signal::derive(move || list.count()) label="Pages of installed instances" />
                }
                    .into_any()
            }}
            <Notice outcome=exported />
        </section>
    }
}
