//! Rate limits per client address (sign-in, the public lookup), answered with our error body and `Retry-After`.

use crate::error::AppError;
use crate::state::AppState;
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;

/// The client address a rate limit counts against. Behind a reverse proxy
/// every client shares the proxy's address, so limits should then be set
/// at the proxy too.
#[derive(Clone)]
pub struct PeerIp;

impl tower_governor::key_extractor::KeyExtractor for PeerIp {
    type Key = std::net::IpAddr;

    fn extract<T>(
        &self,
        req: &axum::http::Request<T>,
    ) -> Result<Self::Key, tower_governor::GovernorError> {
        Ok(req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)))
    }
}

/// Lays a limit of `per_minute` requests per client address (with that
/// many in a burst) on `routes`; over it, a 429 in our error body that
/// says in `Retry-After` how many seconds to wait.
pub fn per_address_limit(
    routes: OpenApiRouter<AppState>,
    per_minute: u32,
) -> OpenApiRouter<AppState> {
    let per_minute = per_minute.max(1);
    let limit = tower_governor::governor::GovernorConfigBuilder::default()
        .key_extractor(PeerIp)
        .per_millisecond((60_000 / u64::from(per_minute)).max(1))
        .burst_size(per_minute)
        .finish()
        .expect("a valid rate limit");
    routes.layer(
        tower_governor::GovernorLayer::new(limit).error_handler(|e| {
            let wait = match e {
                tower_governor::GovernorError::TooManyRequests { wait_time, .. } => wait_time,
                _ => 60,
            };
            let mut res = AppError::RateLimited.into_response();
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, wait.max(1).into());
            res
        }),
    )
}
