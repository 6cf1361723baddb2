//! A managed account's report on the pending update one of its instances runs early
//! (domain.md, "The testing period's reports"): a verdict and a text, or, for an instance
//! that has not applied the update, why it cannot report yet.

use leptos::prelude::*;

use crate::domain::command::{ApplyPendingUpdate, ReportOnUpdate};
use crate::domain::model::{Verdict, REPORT_TEXT_MAX};
use crate::domain::queries::{self, Reporting};
use crate::domain::{AccountId, Command, InstanceId, PackId};
use crate::ui::session::Session;
use crate::ui::widgets::{use_command, ChoiceRadios, Notice, TextArea};

/// Where the instance stands with the pending release, owned for the view.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
enum Standing {
    #[default]
    NothingPending,
    NotApplied {
        release: u32,
    },
    MayReport {
        release: u32,
        /// The current verdict, as a sentence.
        current: Option<String>,
    },
}

/// The report form for `instance` of `pack`; `close` hides it.
#[component]
pub fn UpdateReportForm(
    /// The account reporting.
    account: AccountId,
    /// The pack whose pending release is reported on.
    pack: PackId,
    /// The instance reported on.
    instance: InstanceId,
    /// What the instance is called: its pack, and its own name on a multiple-attachments pack.
    called: String,
    /// Hides the form.
    close: Callback<()>,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let verdict = RwSignal::new(Verdict::Works);
    let text = RwSignal::new(String::new());
    let standing = move || {
        session.read_pack(pack, |ws, pack| match queries::reporting(pack, instance) {
            Reporting::NothingPending => Standing::NothingPending,
            Reporting::NotApplied { release } => Standing::NotApplied { release },
            Reporting::MayReport { release, current } => Standing::MayReport {
                release,
                current: current.map(|report| {
                    let when = ws.zone_at(report.at).format_instant(report.at);
                    let said = match report.verdict {
                        Verdict::Works => "works for us".to_owned(),
                        Verdict::Problem => format!("problem found: {}", report.text),
                    };
                    let addressed = if report.addressed.is_some() {
                        " The publisher marked it as addressed."
                    } else {
                        ""
                    };
                    format!("Current verdict ({when}): {said}.{addressed}")
                }),
            },
        })
    };
    let send = move |release: u32| {
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            form.run_then(
                Command::ReportOnUpdate(ReportOnUpdate {
                    account,
                    instance,
                    release,
                    verdict: verdict.get_untracked(),
                    text: text.get_untracked(),
                }),
                "Report sent to the publisher.",
                move || text.set(String::new()),
            );
        }
    };
    let apply = move |_| {
        form.run(
            Command::ApplyPendingUpdate(ApplyPendingUpdate {
                account,
                pack,
                instance: Some(instance),
            }),
            "Applied the pending update: you can report on it now.",
        );
    };
    let text_id = format!("report-text-{pack}");
    let heading = format!("Report on the update of {called}");
    let group_label = heading.clone();
    view! {
        <div class="card-highlight report-form" role="group" aria-label=group_label data-testid="report-form">
            <h3>{heading}</h3>
            {move || match standing() {
                Standing::NothingPending => view! {
                    <p class="hint">"Nothing is pending for this pack: there is no update to report on."</p>
                }.into_any(),
                Standing::NotApplied { release } => view! {
                    <p>{format!("This instance does not run pending release {release} yet: apply it first, then report on how it works.")}</p>
                    <button type="button" class="button" on:click=apply>"Apply Pending Updates"</button>
                }.into_any(),
                Standing::MayReport { release, current } => {
                    let text_id = text_id.clone();
                    view! {
                        <p class="hint">{current.unwrap_or_else(|| format!("No report on pending release {release} yet."))}</p>
                        <form class="stacked-form" on:submit=send(release) aria-label=format!("Report on pending release {release}")>
                            <ChoiceRadios name="verdict" legend="Verdict" value=verdict />
                            <TextArea id=text_id label="What you found (required for a problem)" value=text rows=3 limit=REPORT_TEXT_MAX />
                            <div class="form-actions">
                                <button type="submit" class="button" disabled=move || form.pending()>"Send report"</button>
                            </div>
                        </form>
                    }.into_any()
                }
            }}
            <button type="button" class="button button-quiet" on:click=move |_| close.run(())>"Close the report"</button>
            <Notice outcome=form.outcome() />
        </div>
    }
}
