//! Pages about one thing named by the address (`/packs/3`): loading, found or missing.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::app_link::AppLink;
use super::empty_state::EmptyState;
use super::page::Page;
use crate::domain::Workspace;
use crate::ui::session::Session;

/// What the `:id` of the address names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteEntity {
    /// The workspace is still opening: nothing can be said yet.
    Loading,
    Found(u32),
    Missing,
}

/// The `:id` of the address, checked with `exists` once the workspace has loaded. A memo,
/// so that the page is rebuilt when the address changes, not whenever the workspace does.
pub fn use_route_entity(exists: fn(&Workspace, u32) -> bool) -> Memo<RouteEntity> {
    let params = use_params_map();
    let session = Session::expect();
    Memo::new(move |_| {
        if !session.is_loaded() {
            return RouteEntity::Loading;
        }
        let id = params
            .read()
            .get("id")
            .and_then(|id| id.parse::<u32>().ok());
        match id {
            Some(id) if session.workspace().with(|ws| exists(ws, id)) => RouteEntity::Found(id),
            _ => RouteEntity::Missing,
        }
    })
}

/// Shows `found` for the thing the address names, a loading line until the workspace has
/// loaded (a deep link never flashes "not found"), and a way back when it does not exist.
#[component]
pub fn RoutedEntity(
    /// What the address names.
    entity: Memo<RouteEntity>,
    /// The heading when it does not exist: "Integration pack not found".
    missing_title: &'static str,
    /// One sentence under that heading.
    missing_summary: &'static str,
    /// Why it may be missing.
    missing_hint: &'static str,
    /// Where the way back leads, and its text.
    back_to: &'static str,
    /// The text of the way back.
    back_label: &'static str,
    /// The page for the thing with this id.
    found: fn(u32) -> AnyView,
) -> impl IntoView {
    move || match entity.get() {
        RouteEntity::Loading => view! {
            <p class="hint" role="status" data-testid="loading">"Loading the workspace…"</p>
        }
        .into_any(),
        RouteEntity::Found(id) => found(id),
        RouteEntity::Missing => view! {
            <Page title=missing_title summary=missing_summary>
                <EmptyState title=missing_hint>
                    <p><AppLink to=back_to>{back_label}</AppLink></p>
                </EmptyState>
            </Page>
        }
        .into_any(),
    }
}
