//! Packwright: a publisher console for integration packs that runs entirely in the browser.
//!
//! `domain` holds the rules as pure Rust; `store` persists to IndexedDB; `ui` is the
//! Leptos app. Dependencies point one way: ui → store → domain.

pub mod domain;

pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
