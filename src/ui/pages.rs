//! The six areas of the console and the page for an address that matches none of them.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::widgets::{EmptyState, Page};

#[component]
pub fn PackagedComponentsPage() -> impl IntoView {
    view! {
        <Page
            title="Packaged Components"
            summary="Processes and API Service components, each with the package versions you have built."
        >
            <EmptyState title="No packaged components yet">
                <p>
                    "Create a component, then package a version of it. Mark a package "
                    <em>"shareable"</em>
                    " when you create it so that integration packs can use it; that choice is final."
                </p>
            </EmptyState>
        </Page>
    }
}

#[component]
pub fn IntegrationPacksPage() -> impl IntoView {
    view! {
        <Page
            title="Integration Packs"
            summary="Bundles of packaged components that you release, version after version, to your managed accounts."
        >
            <EmptyState title="No integration packs yet">
                <p>
                    "Create a pack, choose whether an account may install it once or several times, "
                    "and add shareable packaged components to it. Then release it immediately or on a date."
                </p>
            </EmptyState>
        </Page>
    }
}

#[component]
pub fn AccountGroupsPage() -> impl IntoView {
    view! {
        <Page
            title="Account Groups"
            summary="Integration packs reach managed accounts as resources of the groups they belong to."
        >
            <EmptyState title="No account groups yet">
                <p>"Create a group, add managed accounts to it, then add released integration packs as its resources."</p>
            </EmptyState>
        </Page>
    }
}

#[component]
pub fn ManagedAccountsPage() -> impl IntoView {
    view! {
        <Page
            title="Managed Accounts"
            summary="The accounts you publish to, and what each of them has installed."
        >
            <EmptyState title="No managed accounts yet">
                <p>"Add managed accounts, or load the demo workspace from Settings to see a realistic install base."</p>
            </EmptyState>
        </Page>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <Page
            title="Activity"
            summary="Everything that happened in this workspace, newest first."
        >
            <EmptyState title="Nothing has happened yet">
                <p>"Every change you make — a package, a release, an install — will be recorded here as a sentence with its time."</p>
            </EmptyState>
        </Page>
    }
}

/// Shown for an address that is no page of Packwright.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Page title="Page not found" summary="There is no page at this address.">
            <EmptyState title="This link leads nowhere">
                <p>
                    "It may be mistyped, or the page may have moved. "
                    <A href="/packs">"Go to Integration Packs"</A>
                </p>
            </EmptyState>
        </Page>
    }
}
