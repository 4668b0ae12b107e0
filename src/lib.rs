//! nianbao: the annual report on government information disclosure, built and checked in the browser.
//!
//! `model`, `check`, `templates`, `export`, `store` and `embed` are pure Rust with no browser dependency; `ui` and `worker`
//! (the web workers' side of their messages) exist only on wasm32.
pub mod check;
pub mod embed;
pub mod export;
pub mod import;
pub mod model;
pub mod review;
pub mod store;
pub mod templates;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
