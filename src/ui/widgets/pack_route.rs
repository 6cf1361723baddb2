//! The page of the pack the address names.

use leptos::prelude::*;

use super::routed_entity::use_route_entity;
use super::routed_entity::RoutedEntity;
use crate::domain::PackId;

/// A page about the pack the address names (`/packs/:id…`): `found` shows it.
#[component]
pub fn PackRoute(
    /// The page for the pack with this id.
    found: fn(u32) -> AnyView,
) -> impl IntoView {
    view! {
        <RoutedEntity
            entity=use_route_entity(|ws, id| ws.pack(PackId(id)).is_ok())
            missing_title="Integration pack not found"
            missing_summary="There is no integration pack at this address."
            missing_hint="It may have been deleted"
            back_to="/packs"
            back_label="Go to Integration Packs"
            found
        />
    }
}
