//! Shared domain crate: the types, validation and wire formats that the browser and the server both use.
//!
//! Nothing here depends on leptos, tokio or axum, so it compiles to
//! `wasm32-unknown-unknown` as well as to the server's target, and the two
//! sides can never disagree on what a valid query or a procedure looks like.

pub mod calendar;
pub mod dossiers;
pub mod error;
pub mod feedback;
pub mod forms;
pub mod identity;
pub mod lifecycle;
pub mod pages;
pub mod paths;
pub mod procedures;
pub mod ratings;
pub mod reference;
pub mod search;
pub mod statistics;
pub mod text;
pub mod units;
