//! The rulebook: one scenario per rule of ../shared/domain.md and per refusal, each named
//! as a sentence. Native only (`cargo test`).

#![cfg(not(target_arch = "wasm32"))]

mod accounts;
mod chain;
mod clock;
mod components;
mod couch_node;
mod csv;
mod events;
mod extension_values;
mod groups;
mod integrity;
mod packs;
mod properties;
mod rebase;
mod releases;
mod reports;
mod settings;
mod team_sync;
mod time;
mod world;
