//! The portal server as a library: `main.rs` only reads the config and calls [`serve`].

pub mod clock;
pub mod config;
pub mod contract;
pub mod db;
pub mod documents;
pub mod dossiers;
pub mod error;
pub mod feedback;
pub mod forms;
pub mod grants;
pub mod headers;
pub mod identity;
pub mod limits;
pub mod notifications;
pub mod pages;
pub mod places;
pub mod procedures;
pub mod ratings;
pub mod state;
pub mod statistics;
pub mod tokens;
pub mod unit_changes;
pub mod units;
pub mod web;

use axum::routing::get;
use axum::{Json, Router};
use config::Config;
use state::AppState;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Every route of the JSON API with its part of the published contract.
/// A route exists only by being declared here with its documentation.
pub fn api_routes(
    login_rate_per_minute: u32,
    lookup_rate_per_minute: u32,
) -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa::OpenApi;
    utoipa_axum::router::OpenApiRouter::with_openapi(contract::ApiDoc::openapi())
        .routes(utoipa_axum::routes!(health))
        .merge(procedures::router())
        .merge(identity::router(login_rate_per_minute))
        .merge(places::router())
        .merge(forms::router())
        .merge(dossiers::router())
        .merge(documents::router())
        .merge(dossiers::lookup::router(lookup_rate_per_minute))
        .merge(notifications::router())
        .merge(pages::router())
        .merge(units::router())
        .merge(grants::router())
        .merge(unit_changes::router())
        .merge(feedback::router())
        .merge(statistics::router())
}

/// The published contract, as JSON.
pub fn openapi_json(login_rate_per_minute: u32, lookup_rate_per_minute: u32) -> String {
    api_routes(login_rate_per_minute, lookup_rate_per_minute)
        .into_openapi()
        .to_pretty_json()
        .expect("the document serialises")
}

/// The JSON API, mounted under `/api`, with its own JSON 404 and 405, and
/// its contract at `/api/openapi.json`.
pub fn api_router(login_rate_per_minute: u32, lookup_rate_per_minute: u32) -> Router<AppState> {
    let (router, doc) = api_routes(login_rate_per_minute, lookup_rate_per_minute).split_for_parts();
    let json = std::sync::Arc::new(doc.to_pretty_json().expect("the document serialises"));
    router
        .route(
            "/openapi.json",
            get(move || {
                let json = json.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        json.as_str().to_owned(),
                    )
                }
            }),
        )
        .fallback(error::api_not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
}

/// The whole application: API, web app, and the layers every request goes through.
pub fn router(state: AppState, static_dir: &std::path::Path) -> Router {
    let sso = state.sso.clone();
    let csp = content_security_policy(static_dir);
    let rate = state.identity.login_rate_per_minute;
    // JSON is compressed on the fly; the web app's files are precompressed at build.
    let api = api_router(rate, state.processing.lookup_rate_per_minute)
        .with_state(state)
        .layer(tower_http::compression::CompressionLayer::new());
    let mut app = Router::new().nest("/api", api);
    if let Some(provider) = sso {
        app = app.nest("/sso", provider.router());
    }
    app.merge(web::router(static_dir))
        .layer(axum::middleware::from_fn(error::request_limits))
        .layer(axum::middleware::from_fn(error::localize_errors))
        .layer(axum::middleware::from_fn_with_state(csp, headers::secure))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Logs carry method, path and status, never query strings or
        // bodies, where personal data would be.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request.id = %id)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// The pages' policy, from the inline code of the built pages as they are
/// on disk (a rebuild changes the hashes; a restart picks them up).
fn content_security_policy(static_dir: &std::path::Path) -> axum::http::HeaderValue {
    let pages: Vec<String> = [
        static_dir.join("index.html"),
        static_dir.join("ws").join("index.html"),
        static_dir.join("offline.html"),
    ]
    .iter()
    .filter_map(|p| std::fs::read_to_string(p).ok())
    .collect();
    axum::http::HeaderValue::from_str(&headers::policy(&pages)).expect("the policy is ASCII")
}

/// The listening socket. Every accepted connection gets `TCP_NODELAY`:
/// without it a response written in several pieces (a file, compressed
/// JSON) waits about 40 ms for the client's delayed ACK (Nagle).
pub fn listener(
    tcp: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    use axum::serve::ListenerExt;
    fn no_delay(io: &mut tokio::net::TcpStream) {
        if let Err(e) = io.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    }
    tcp.tap_io(no_delay as fn(&mut tokio::net::TcpStream))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
    database: &'static str,
    procedures: usize,
}

/// `GET /api/health`: the database answers and the catalogue is loaded.
#[utoipa::path(get, path = "/health", tag = "operators", responses((status = 200, body = Health), contract::Errors))]
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<Health>, error::AppError> {
    sqlx::query("SELECT 1").execute(&state.db.pool).await?;
    Ok(Json(Health {
        status: "ok",
        database: state.db.backend.name(),
        procedures: state.catalogue().len(),
    }))
}

/// Connects, migrates, imports the catalogue on first start and builds the search index.
/// How many dossiers a fresh demo's two years of history hold.
const DEMO_DOSSIERS: u64 = 20_000;

pub async fn build_state(config: &Config) -> anyhow::Result<AppState> {
    let db = db::connect(&config.database_url).await?;
    let imported = procedures::store::import_if_empty(&db, &config.data_dir).await?;
    if imported > 0 {
        tracing::info!(procedures = imported, "catalogue imported");
    }
    let filled = dossiers::queues::fill_search_text(&db.pool).await?;
    if filled > 0 {
        tracing::info!(dossiers = filled, "officers' search text filled");
    }
    let started = std::time::Instant::now();
    let version = procedures::store::catalogue_version(&db).await?;
    let entries = procedures::store::load_entries(&db).await?;
    let synonyms = procedures::synonyms::Synonyms::load(&config.synonyms_file);
    let catalogue = procedures::catalogue::Catalogue::build(entries, synonyms)?;
    tracing::info!(
        procedures = catalogue.len(),
        ms = started.elapsed().as_millis() as u64,
        "search index built"
    );
    let places = std::sync::Arc::new(places::Places::load(&config.data_dir)?);
    // The units first: the demo officers' grants name them.
    let units = units::seed(&db, &config.province_code, &places, &catalogue).await?;
    if units > 0 {
        tracing::info!(units, province = %config.province_code, "the province's units created");
    }
    let identity = identity_for(config, &db).await?;
    grants::fill_references(&db.pool).await?;
    let mut state = AppState::new(
        db,
        identity.0,
        catalogue,
        version,
        config.synonyms_file.clone(),
    );
    state.sso = identity.1;
    state.places = places;
    let forms = forms::load_shipped(&state.db, &config.data_dir).await?;
    if forms > 0 {
        tracing::info!(forms, "e-form versions stored");
    }
    state.public_url = config.public_url.clone();
    std::fs::create_dir_all(&config.upload_dir)?;
    state.blobs = std::sync::Arc::new(documents::DiskBlobs {
        root: config.upload_dir.clone(),
    });
    state.upload_max_bytes = config.upload_max_bytes;
    state.pages_dir = config.pages_dir.clone();
    state.upload_dir = config.upload_dir.clone();
    state.dossier_settings = config::DossierSettings {
        code_prefix: config.dossier_code_prefix.clone(),
        cutoff: config.receipt_cutoff,
        draft_days: config.draft_days,
        require_phone: config.require_phone,
    };
    state.processing = config.processing.clone();
    if config.demo_history && config.oidc_issuer.is_none() {
        let started = std::time::Instant::now();
        let n = statistics::demo::seed_if_fresh(&state, DEMO_DOSSIERS).await?;
        if n > 0 {
            tracing::info!(
                dossiers = n,
                secs = started.elapsed().as_secs(),
                "demo history generated (DEMO_HISTORY=off to start without it)"
            );
        }
    }
    Ok(state)
}

/// The relying party, and the built-in stand-in provider when no external
/// issuer is configured.
async fn identity_for(
    config: &Config,
    db: &db::Db,
) -> anyhow::Result<(identity::Identity, Option<identity::provider::Provider>)> {
    let redirect_uri = format!("{}/api/auth/callback", config.public_url);
    let post_logout = format!("{}/", config.public_url);
    let (issuer, secret, provider) = match &config.oidc_issuer {
        Some(i) => (i.clone(), config.oidc_client_secret.clone(), None),
        None => {
            let issuer = format!("{}/sso", config.public_url);
            // The stand-in and the portal are one process: a secret made
            // here is known to both.
            let secret = config
                .oidc_client_secret
                .clone()
                .unwrap_or_else(identity::oidc::random_token);
            let accounts = identity::provider::read_accounts(&config.data_dir)?;
            identity::store::seed_demo_grants(db, &accounts, &issuer, &config.claim_names).await?;
            feedback::settings::seed_demo(db, &config.data_dir).await?;
            let provider = identity::provider::Provider::start(
                db,
                identity::provider::ProviderConfig {
                    issuer: issuer.clone(),
                    client_id: config.oidc_client_id.clone(),
                    client_secret: Some(secret.clone()),
                    redirect_uri: redirect_uri.clone(),
                    post_logout_redirect_uri: post_logout.clone(),
                },
                accounts,
            )
            .await?;
            tracing::warn!(issuer = %issuer, "built-in SSO stand-in is on (demo accounts); set OIDC_ISSUER for a real provider");
            (issuer, Some(secret), Some(provider))
        }
    };
    let rp = identity::oidc::OidcClient::new(identity::oidc::RpConfig {
        issuer,
        client_id: config.oidc_client_id.clone(),
        client_secret: secret,
        redirect_uri,
        post_logout_redirect_uri: post_logout,
        scopes: config.oidc_scopes.clone(),
    });
    let keys = identity::session::Keys::load(db).await?;
    Ok((
        identity::Identity {
            oidc: std::sync::Arc::new(rp),
            claims: config.claim_names.clone(),
            keys: std::sync::Arc::new(tokio::sync::RwLock::new(keys)),
            limits: identity::session::Limits {
                idle_secs: config.session_idle_secs,
                absolute_secs: config.session_max_secs,
                secure_cookie: config.public_url.starts_with("https://"),
            },
            login_rate_per_minute: config.login_rate_per_minute,
        },
        provider,
    ))
}

/// Keeps the search index in step with the database: a change made by an
/// administrator, another server or the command line is picked up here.
fn spawn_catalogue_refresh(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            match state.refresh_catalogue().await {
                Ok(true) => tracing::info!(
                    procedures = state.catalogue().len(),
                    "catalogue changed; search index rebuilt"
                ),
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "catalogue refresh failed; keeping the current index")
                }
            }
        }
    });
}

/// Writes counted page views to the database every few seconds.
fn spawn_view_flush(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = procedures::views::flush(&state.db, &state.views).await {
                tracing::warn!(error = %e, "page views not written; kept for the next try");
            }
        }
    });
}

/// Keeps the public statistics caught up with the dossiers, so a visitor
/// seldom waits for it.
fn spawn_statistics(state: AppState, every: i64) {
    state.statistics.set_delay(every);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(every.max(1) as u64));
        loop {
            tick.tick().await;
            if let Err(e) = state.statistics.catch_up(&state).await {
                tracing::warn!(error = %e, "statistics not caught up; trying again later");
            }
        }
    });
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let state = build_state(&config).await?;
    spawn_catalogue_refresh(state.clone(), config.catalogue_refresh);
    spawn_view_flush(state.clone());
    spawn_statistics(state.clone(), config.statistics_delay);
    notifications::spawn_mailer(state.clone(), config.mail.clone());
    let app = router(state.clone(), &config.static_dir);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "portal listening");
    // The peer address feeds the login rate limit.
    axum::serve(
        self::listener(listener),
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    // The last views counted are written before the process ends.
    procedures::views::flush(&state.db, &state.views).await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    // Give in-flight requests a moment; axum waits for them.
    tokio::time::sleep(Duration::from_millis(10)).await;
}

/// Installs the log subscriber: JSON lines or human-readable, filtered by `RUST_LOG`.
pub fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tantivy=warn,sqlx=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}
