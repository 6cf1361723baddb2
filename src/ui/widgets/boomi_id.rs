//! The id Boomi knows an imported thing by.

use leptos::prelude::*;

use crate::domain::model::BoomiThing;
use crate::ui::session::Session;

/// "Boomi id …" for a thing imported from Boomi; nothing for one made in Packwright.
#[component]
pub fn BoomiId(
    /// The thing whose Boomi id is shown.
    thing: BoomiThing,
) -> impl IntoView {
    let session = Session::expect();
    let id = move || {
        session
            .workspace()
            .with(|ws| ws.boomi_id(thing).map(str::to_owned))
    };
    move || {
        id().map(|id| {
            view! { <span class="boomi-id">"Boomi id " <code>{id}</code></span> }
        })
    }
}
