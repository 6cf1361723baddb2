//! The pack page's pending release: its date in the publisher's zone, its testing period
//! (who applied it early, what they reported), rescheduling and cancelling.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::boomi::ReleaseIntent;
use crate::domain::command::{CancelPendingRelease, ReschedulePendingRelease};
use crate::domain::{Command, PackId, PublisherZone};
use crate::ui::boomi::BoomiRequestsPanel;
use crate::ui::session::Session;
use crate::ui::testing_period::{OpenProblemsWarning, TestingPeriod};
use crate::ui::widgets::{use_command, ConfirmButton, Notice};

/// The pending release, if there is one: its date (in the publisher's zone), the accounts
/// that applied it early, rescheduling and cancelling.
#[component]
pub fn PendingRelease(
    /// The pack whose pending release is shown.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let new_date = RwSignal::new(String::new());
    // A memo, so that the testing period (its filter and page) is built again only when
    // another release becomes pending, not on every change.
    let pending_number = Memo::new(move |_| session.read_pack(id, |_, pack| pack.pending_release));
    let details = move || {
        session.read_pack(id, |ws, pack| {
            let zone = ws.publisher().time_zone;
            let pending = pack.pending()?;
            let date = pack.pending_date()?;
            let due = zone.first_instant_of(date);
            let started = ws.zone_at(pending.created_at).format_instant(pending.created_at);
            Some(format!(
                "Release {} is pending for {date} ({zone}). Its testing period started {started}: managed accounts may apply it early. It applies to everyone else at {} ({}), between midnight and 1 AM.",
                pending.number,
                zone.format_instant(due),
                PublisherZone::utc().format_instant(due)
            ))
        })
    };
    let reschedule = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(date) = new_date.get_untracked().parse::<NaiveDate>() else {
            return form.refuse("Pick the new date first.".to_owned());
        };
        form.run(
            Command::ReschedulePendingRelease(ReschedulePendingRelease {
                pack: id,
                release_on_date: date,
            }),
            format!("Rescheduled to {date}."),
        );
    };
    view! {
        <section class="card card-highlight" aria-labelledby="pending-heading" data-testid="pending-release">
            <h2 id="pending-heading">"Pending release"</h2>
            <p>{details}</p>
            <OpenProblemsWarning id=id />
            <form class="inline-form" on:submit=reschedule>
                <label for="reschedule-date">"New date"</label>
                <input id="reschedule-date" type="date" prop:value=move || new_date.get() on:input=move |event| new_date.set(event_target_value(&event)) />
                <button type="submit" class="button">"Reschedule"</button>
            </form>
            <ConfirmButton
                label="Cancel pending release"
                class="button button-danger"
                dialog="Cancel the pending release"
                question="Cancel the pending release? Accounts that applied it early go back to the current release."
                confirm="Cancel the release"
                on_confirm=Callback::new(move |()| form.run(Command::CancelPendingRelease(CancelPendingRelease { pack: id }), "The pending release was cancelled."))
            />
            <Notice outcome=form.outcome() />
            {move || pending_number.get().map(|release| view! { <TestingPeriod id release /> })}
            <BoomiRequestsPanel pack=id label="Boomi requests" intent=Signal::derive(|| Some(ReleaseIntent::Pending)) />
            <BoomiRequestsPanel pack=id label="Boomi reschedule request" intent=Signal::derive(|| Some(ReleaseIntent::Reschedule)) />
        </section>
    }
}
