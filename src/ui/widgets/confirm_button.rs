//! A button that asks before it acts: deleting, cancelling, replacing, erasing.

use leptos::prelude::*;

/// A button that, when pressed, asks its question beside two answers: one that acts and
/// one that keeps things as they are. With `ask` false it acts at once.
#[component]
pub fn ConfirmButton(
    /// The button's text: "Delete pack".
    label: &'static str,
    /// Its CSS classes.
    #[prop(default = "button button-quiet")]
    class: &'static str,
    /// Its name for assistive technology, where the text alone is ambiguous ("Uninstall
    /// Berlin store").
    #[prop(optional, into)]
    accessible_name: Option<String>,
    /// What the question is about, for assistive technology: "Delete the pack".
    dialog: &'static str,
    /// The question: "Delete this pack and its release history?…"
    question: &'static str,
    /// The answer that acts: "Delete it".
    confirm: &'static str,
    /// The answer that does not.
    #[prop(default = "Keep it")]
    keep: &'static str,
    /// The question and answers on the button's line (inside a table row) instead of below.
    #[prop(optional)]
    inline: bool,
    /// Whether to ask at all (the demo replaces nothing in an empty workspace).
    #[prop(default = Signal::from(true), into)]
    ask: Signal<bool>,
    /// Whether the button is disabled.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// What confirming does.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let press = move |_| {
        if ask.get_untracked() {
            asking.set(true);
        } else {
            on_confirm.run(());
        }
    };
    let answers = move || {
        view! {
            <button type="button" class="button button-danger" on:click=move |_| {
                asking.set(false);
                on_confirm.run(());
            }>{confirm}</button>
            <button type="button" class="button button-quiet" on:click=move |_| asking.set(false)>{keep}</button>
        }
    };
    move || {
        if !asking.get() {
            view! {
                <button type="button" class=class aria-label=accessible_name.clone() disabled=disabled on:click=press>{label}</button>
            }
            .into_any()
        } else if inline {
            view! {
                <span class="confirm-inline" role="alertdialog" aria-label=dialog>{question} " " {answers()}</span>
            }
            .into_any()
        } else {
            view! {
                <div class="confirm" role="alertdialog" aria-label=dialog><p>{question}</p>{answers()}</div>
            }
            .into_any()
        }
    }
}
