//! The web app's entry point: Trunk builds this for wasm32 and the page loads it (through dist/nianbao.js).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    let host = nianbao::ui::embed::mount_element();
    leptos::mount::mount_to(host.clone(), nianbao::ui::App).forget();
    // Tells the page's start-up check (assets/boot-check.js) that the app is on screen, so it stays quiet. On the
    // mount element, not the document: a portal's own page is none of the app's business.
    let _ = host.set_attribute("data-app", "started");
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-web is the browser app: serve it with `scripts/serve.sh` (see README.md).");
    std::process::exit(2);
}
