//! Dossiers: what a submission becomes, its record and steps on the server, the applicant's and the officers' sides, and the public lookup.

pub mod applicant;
pub mod handover;
pub mod intake;
pub mod lookup;
pub mod officer;
pub mod queues;
pub mod record;
pub mod steps;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The applicant's and the officers' routes (the lookup, rate-limited, is [`lookup::router`]).
pub fn router() -> OpenApiRouter<AppState> {
    applicant::router()
        .merge(officer::router())
        .merge(handover::router())
        .merge(intake::router())
}
