//! nianbao: the annual report on government information disclosure, built and checked in the browser.
//!
//! `model`, `check`, `templates` and `embed` are pure Rust with no browser dependency; `ui` exists only on wasm32.
pub mod check;
pub mod embed;
pub mod model;
pub mod templates;
#[cfg(target_arch = "wasm32")]
pub mod ui;
