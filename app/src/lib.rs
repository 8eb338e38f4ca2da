//! Shared domain crate: the types, validation and wire formats that the browser and the server both use.
//!
//! Nothing here depends on leptos, tokio or axum, so it compiles to
//! `wasm32-unknown-unknown` as well as to the server's target, and the two
//! sides can never disagree on what a valid query or a procedure looks like.

pub mod error;
pub mod identity;
pub mod procedures;
pub mod search;
pub mod text;

/// Paths of the JSON API, written once for the client and the server.
pub mod paths {
    /// Health probe for operators and load balancers.
    pub const HEALTH: &str = "/api/health";
    /// Catalogue search and listing.
    pub const PROCEDURES: &str = "/api/procedures";
}
