//! Where a longer action stands (an export, an import, the review's work): one line under its buttons.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Working(String),
    Done(String),
    Failed(String),
}

impl Status {
    /// The line that says it, classed `{class} working`, `done` or `failed` (`class` is the screen's own style); a
    /// failure is announced to screen readers.
    pub fn line(self, class: &'static str) -> Option<AnyView> {
        let (state, text) = match self {
            Status::Idle => return None,
            Status::Working(text) => ("working", text),
            Status::Done(text) => ("done", text),
            Status::Failed(text) => ("failed", text),
        };
        let role = (state == "failed").then_some("alert");
        Some(view! { <p class=format!("{class} {state}") role=role>{text}</p> }.into_any())
    }
}
