//! The browser entry point: install the panic hook and mount the app. Nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(packwright::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Packwright runs in the browser: build it with `make serve` (see README.md).");
    std::process::exit(2);
}
