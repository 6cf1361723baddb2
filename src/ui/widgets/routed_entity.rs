//! Pages about one thing named by the address (`/packs/3`): loading, found or missing.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::app_link::AppLink;
use super::empty_state::EmptyState;
use super::page::Page;
use crate::domain::{AccountId, PackId, Workspace};
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
fn use_route_entity(exists: fn(&Workspace, u32) -> bool) -> Memo<RouteEntity> {
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

/// The kinds of thing an address can name: what exists, and what is said when it does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoutedKind {
    /// `/packs/:id…`
    Pack,
    /// `/accounts/:id`
    Account,
}

/// What a page says when the thing its address names does not exist.
struct Missing {
    title: &'static str,
    summary: &'static str,
    hint: &'static str,
    back_to: &'static str,
    back_label: &'static str,
}

impl RoutedKind {
    fn exists(self) -> fn(&Workspace, u32) -> bool {
        match self {
            RoutedKind::Pack => |ws, id| ws.pack(PackId(id)).is_ok(),
            RoutedKind::Account => |ws, id| ws.account(AccountId(id)).is_ok(),
        }
    }

    fn missing(self) -> Missing {
        match self {
            RoutedKind::Pack => Missing {
                title: "Integration pack not found",
                summary: "There is no integration pack at this address.",
                hint: "It may have been deleted",
                back_to: "/packs",
                back_label: "Go to Integration Packs",
            },
            RoutedKind::Account => Missing {
                title: "Managed account not found",
                summary: "There is no managed account at this address.",
                hint: "It may have been renamed or never existed",
                back_to: "/accounts",
                back_label: "Go to Managed Accounts",
            },
        }
    }
}

/// Shows `found` for the thing the address names, a loading line until the workspace has
/// loaded (a deep link never flashes "not found"), and a way back when it does not exist.
#[component]
pub fn RoutedEntity(
    /// What kind of thing the address's `:id` names.
    kind: RoutedKind,
    /// The page for the thing with this id.
    found: fn(u32) -> AnyView,
) -> impl IntoView {
    let entity = use_route_entity(kind.exists());
    move || match entity.get() {
        RouteEntity::Loading => view! {
            <p class="hint" role="status" data-testid="loading">"Loading the workspace…"</p>
        }
        .into_any(),
        RouteEntity::Found(id) => found(id),
        RouteEntity::Missing => {
            let missing = kind.missing();
            view! {
                <Page title=missing.title summary=missing.summary>
                    <EmptyState title=missing.hint>
                        <p><AppLink to=missing.back_to>{missing.back_label}</AppLink></p>
                    </EmptyState>
                </Page>
            }
            .into_any()
        }
    }
}
