//! The browser entry point: install the panic hook, take down index.html's static frame
//! and mount the app. Nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // Once index.html's static frame has been painted (the task after the next animation
    // frame): on a return visit this code comes from the service worker's cache at once
    // (a first visit fetches it only after that paint, scripts/post-build.mjs) and can
    // arrive before the frame's first paint, and the page would then show nothing until
    // the app had drawn. In a task of its own, too, after the one that compiled and
    // instantiated this module (see `StartUp` for why start-up comes in pieces).
    leptos::prelude::request_animation_frame(|| {
        leptos::prelude::set_timeout(mount, std::time::Duration::ZERO)
    });
}

#[cfg(target_arch = "wasm32")]
fn mount() {
    // index.html's static frame, shown while this code arrived: replaced in one go, so no
    // frame is painted without either.
    if let Some(opening) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("opening"))
    {
        opening.remove();
    }
    leptos::mount::mount_to_body(packwright::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Packwright runs in the browser: build it with `make serve` (see README.md).");
    std::process::exit(2);
}
