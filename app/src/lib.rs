//! Shared domain crate: the types, validation and wire formats that the browser and the server both use.
//!
//! Nothing here depends on leptos, tokio or axum, so it compiles to
//! `wasm32-unknown-unknown` as well as to the server's target, and the two
//! sides can never disagree on what a valid query or a procedure looks like.

pub mod calendar;
pub mod dossiers;
pub mod error;
pub mod forms;
pub mod identity;
pub mod lifecycle;
pub mod procedures;
pub mod ratings;
pub mod search;
pub mod text;

/// Paths of the JSON API, written once for the client and the server.
pub mod paths {
    /// Health probe for operators and load balancers.
    pub const HEALTH: &str = "/api/health";
    /// Catalogue search and listing.
    pub const PROCEDURES: &str = "/api/procedures";
    /// Page routes of the workspace: the server answers them with the
    /// workspace app (`/ws/index.html`), a separate, larger build, so the
    /// public catalogue stays small. The public dossier lookup is here too:
    /// it is reached from a receipt, by people who are filing dossiers.
    pub const WORKSPACE: [&str; 4] = ["/ca-nhan", "/nop-ho-so", "/can-bo", "/tra-cuu-ho-so"];

    /// Whether a page route belongs to the signed-in workspace.
    pub fn in_workspace(path: &str) -> bool {
        WORKSPACE.iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}
