//! Links inside the app that stay under the folder the app is served from.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

/// The folder the app is served from, as the router's base: `""` at a host's root,
/// `"/tools/packwright"` under a folder. Provided once by the app's root.
#[derive(Clone, Debug, Default)]
pub struct AppBase(pub Arc<str>);

impl AppBase {
    /// `path` (an app route such as `/packs/3`) under the app's folder. leptos_router 0.8's
    /// `A` leaves an absolute `href` as it is, so every link must carry the folder itself.
    pub fn path(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// `path` under the app's folder, for the current component's `AppBase`.
fn app_path(path: &str) -> String {
    use_context::<AppBase>().unwrap_or_default().path(path)
}

/// A link to one of the app's routes (`/packs/3`) that works under any folder.
#[component]
pub fn AppLink(
    /// The app route, starting with `/`.
    #[prop(into)]
    to: String,
    /// CSS classes for the link.
    #[prop(optional)]
    class: &'static str,
    /// The link's content.
    children: Children,
) -> impl IntoView {
    view! { <A href=app_path(&to) attr:class=class>{children()}</A> }
}
