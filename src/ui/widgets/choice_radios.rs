//! Radio buttons for one value of a fixed list (a component's kind, a pack's installation
//! type).

use leptos::prelude::*;

use crate::domain::model::{ComponentKind, DeploymentModel, InstallationType, Verdict};

/// A value picked from a fixed list: every option in order, and what a person reads for it.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    const ALL: &'static [Self];
    /// The option's name.
    fn title(self) -> &'static str;
    /// One line saying more, after the name.
    fn hint(self) -> Option<&'static str> {
        None
    }
}

impl Choice for ComponentKind {
    const ALL: &'static [Self] = &[ComponentKind::Process, ComponentKind::ApiService];

    fn title(self) -> &'static str {
        match self {
            ComponentKind::Process => "Process",
            ComponentKind::ApiService => "API Service component",
        }
    }
}

impl Choice for InstallationType {
    const ALL: &'static [Self] = &[InstallationType::Single, InstallationType::Multi];

    fn title(self) -> &'static str {
        match self {
            InstallationType::Single => "Single attachment",
            InstallationType::Multi => "Multiple attachments",
        }
    }

    fn hint(self) -> Option<&'static str> {
        Some(match self {
            InstallationType::Single => "each managed account installs it at most once.",
            InstallationType::Multi => {
                "an account may install it several times, each under its own name. It cannot contain API Service components."
            }
        })
    }
}

impl Choice for DeploymentModel {
    const ALL: &'static [Self] = &[DeploymentModel::Packaged, DeploymentModel::Legacy];

    fn title(self) -> &'static str {
        match self {
            DeploymentModel::Packaged => "Packaged components",
            DeploymentModel::Legacy => "Legacy",
        }
    }

    fn hint(self) -> Option<&'static str> {
        Some(match self {
            DeploymentModel::Packaged => "members are packaged components, pinned to a version.",
            DeploymentModel::Legacy => "published processes and API Service components.",
        })
    }
}

impl Choice for Verdict {
    const ALL: &'static [Self] = &[Verdict::Works, Verdict::Problem];

    fn title(self) -> &'static str {
        match self {
            Verdict::Works => "Works for us",
            Verdict::Problem => "Problem found",
        }
    }

    fn hint(self) -> Option<&'static str> {
        Some(match self {
            Verdict::Works => "the update does what we need.",
            Verdict::Problem => "say what went wrong; the publisher sees it before the date.",
        })
    }
}

/// One radio button per option of `value`'s `Choice`, in a fieldset. The radios work by
/// position, so this compiles once whatever the choice.
#[component]
pub fn ChoiceRadios<T: Choice>(
    /// The radios' group name.
    name: &'static str,
    /// The fieldset's legend.
    legend: &'static str,
    /// The chosen value.
    value: RwSignal<T>,
) -> impl IntoView {
    let options = T::ALL
        .iter()
        .map(|option| (option.title(), option.hint()))
        .collect();
    let chosen = Signal::derive(move || {
        let current = value.get();
        T::ALL
            .iter()
            .position(|option| *option == current)
            .unwrap_or(0)
    });
    let choose = Callback::new(move |position: usize| value.set(T::ALL[position]));
    view! { <Radios name legend options chosen choose /> }
}

/// The radios themselves, by position.
#[component]
fn Radios(
    /// The radios' `name`.
    name: &'static str,
    /// What is being chosen.
    legend: &'static str,
    /// Each option's title and hint, in order.
    options: Vec<(&'static str, Option<&'static str>)>,
    /// The position of the option chosen.
    chosen: Signal<usize>,
    /// Called with the position of the option picked.
    choose: Callback<usize>,
) -> impl IntoView {
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            {options.into_iter().enumerate().map(|(position, (title, hint))| view! {
                <label class="choice-line">
                    <input type="radio" name=name prop:checked=move || chosen.get() == position on:change=move |_| choose.run(position) />
                    <span><strong>{title}</strong>{hint.map(|hint| format!(" — {hint}"))}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}
