//! The web app's entry point: Trunk builds this for wasm32 and the page loads it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(nianbao::ui::App);
    // Tells the page's start-up check (assets/boot-check.js) that the app is on screen, so it stays quiet.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-app", "started");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-web is the browser app: serve it with `scripts/serve.sh` (see README.md).");
    std::process::exit(2);
}
