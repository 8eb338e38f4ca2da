//! Test harness: one app per database backend, shared by the tests of a run.
// Each test binary uses a different part of the harness.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use http_body_util::BodyExt;
use server::config::Config;
use std::future::Future;
use std::sync::{LazyLock, OnceLock};
use tower::ServiceExt;

pub mod person;
pub mod signin;

pub static RT: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
});

pub struct TestApp {
    pub router: Router,
    pub backend: &'static str,
    pub state: server::state::AppState,
}

pub struct Resp {
    pub status: u16,
    pub body: serde_json::Value,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
}

impl TestApp {
    pub async fn get(&self, uri: &str) -> Resp {
        self.get_with(uri, &[]).await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Resp {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::String(
            String::from_utf8_lossy(&bytes).into(),
        ));
        Resp {
            status,
            body,
            content_type,
            headers,
        }
    }
}

fn repo_path(p: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(p)
}

/// A small built web app, so serving rules can be tested without Trunk.
pub fn fake_static_dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("index.html"),
            "<!doctype html><title>app</title>",
        )
        .unwrap();
        std::fs::write(
            d.path().join("frontend-0123456789abcdef_bg.wasm"),
            b"\0asm-plain",
        )
        .unwrap();
        std::fs::write(
            d.path().join("frontend-0123456789abcdef_bg.wasm.br"),
            b"brotli-bytes",
        )
        .unwrap();
        std::fs::write(d.path().join("sw.js"), "self").unwrap();
        std::fs::create_dir(d.path().join("ws")).unwrap();
        std::fs::write(
            d.path().join("ws").join("index.html"),
            "<!doctype html><title>workspace</title>",
        )
        .unwrap();
        d
    })
    .path()
}

/// The configuration a test app runs with.
pub fn test_config(url: String) -> Config {
    Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: url,
        static_dir: fake_static_dir().to_owned(),
        data_dir: repo_path("data"),
        synonyms_file: repo_path("data/synonyms.tsv"),
        pages_dir: repo_path("data/pages"),
        log_json: false,
        catalogue_refresh: std::time::Duration::from_secs(30),
        statistics_delay: 60,
        demo_history: false,
        public_url: "http://127.0.0.1:0".into(),
        oidc_issuer: None,
        oidc_client_id: "dvc-portal".into(),
        oidc_client_secret: None,
        oidc_scopes: "openid".into(),
        claim_names: Default::default(),
        session_idle_secs: 1800,
        session_max_secs: 12 * 3600,
        login_rate_per_minute: 1000,
        dossier_code_prefix: "000.00.01.H29".into(),
        province_code: "01".into(),
        receipt_cutoff: (15, 0),
        draft_days: 30,
        require_phone: false,
        upload_dir: Box::leak(Box::new(tempfile::tempdir().unwrap()))
            .path()
            .to_owned(),
        upload_max_bytes: 200 * 1024,
        processing: Default::default(),
        mail: Default::default(),
    }
}

async fn build(url: String, backend: &'static str) -> TestApp {
    let config = test_config(url);
    let state = server::build_state(&config).await.expect("app starts");
    TestApp {
        router: server::router(state.clone(), &config.static_dir),
        backend,
        state,
    }
}

/// A fresh SQLite file, for tests that change the catalogue.
pub async fn fresh_sqlite() -> TestApp {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    build(
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("fresh.db").display()
        ),
        "sqlite",
    )
    .await
}

/// A fresh PostgreSQL database, for tests that change the catalogue.
pub async fn fresh_postgres() -> Option<TestApp> {
    Some(build(fresh_postgres_url().await?, "postgres").await)
}

/// Creates a database of its own on the server named by `TEST_POSTGRES_URL`.
pub async fn fresh_postgres_url() -> Option<String> {
    let admin = std::env::var("TEST_POSTGRES_URL").ok()?;
    sqlx::any::install_default_drivers();
    let name = format!(
        "portal_fresh_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let pool = sqlx::AnyPool::connect(&admin)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').expect("URL with a database name");
    Some(format!("{base}/{name}"))
}

/// A real server on a loopback port (login needs one: the portal talks to
/// its built-in provider over HTTP, as it would to the national one).
pub struct Served {
    pub base: String,
    pub state: server::state::AppState,
}

/// Starts a server over a fresh SQLite file; `tweak` adjusts the config.
pub async fn serve_fresh(tweak: impl FnOnce(&mut Config)) -> Served {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // TEST_BACKEND=postgres (scripts/test sets it on a second run) serves
    // from a fresh PostgreSQL database instead.
    let url = if std::env::var("TEST_BACKEND").as_deref() == Ok("postgres") {
        fresh_postgres_url()
            .await
            .expect("TEST_BACKEND=postgres needs TEST_POSTGRES_URL")
    } else {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("served.db").display()
        )
    };
    let mut config = test_config(url);
    config.public_url = base.clone();
    tweak(&mut config);
    let state = server::build_state(&config).await.expect("app starts");
    let app = server::router(state.clone(), &config.static_dir);
    server::notifications::spawn_mailer(state.clone(), config.mail.clone());
    tokio::spawn(async move {
        axum::serve(
            server::listener(listener),
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    Served { base, state }
}

pub fn sqlite() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        RT.block_on(build(url, "sqlite"))
    })
}

/// A fresh database on the PostgreSQL server named by `TEST_POSTGRES_URL`.
pub fn postgres() -> Option<&'static TestApp> {
    static APP: OnceLock<Option<TestApp>> = OnceLock::new();
    APP.get_or_init(|| {
        let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
            assert!(std::env::var("REQUIRE_POSTGRES").is_err(), "REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not");
            eprintln!("TEST_POSTGRES_URL not set: PostgreSQL variant skipped (scripts/test always runs it)");
            return None;
        };
        RT.block_on(async {
            sqlx::any::install_default_drivers();
            let name = format!("portal_test_{}_{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis());
            let pool = sqlx::AnyPool::connect(&admin).await.expect("connect to TEST_POSTGRES_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await.unwrap();
            pool.close().await;
            let (base, _) = admin.rsplit_once('/').expect("URL with a database name");
            Some(build(format!("{base}/{name}"), "postgres").await)
        })
    })
    .as_ref()
}

/// Runs one test body on a backend's app.
pub fn run<F, Fut>(app: Option<&'static TestApp>, f: F)
where
    F: FnOnce(&'static TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    if let Some(app) = app {
        RT.block_on(f(app));
    }
}

/// Declares a test once, run against SQLite and PostgreSQL.
#[allow(unused_macros)]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                $crate::common::run(Some($crate::common::sqlite()), $body);
            }
            #[test]
            fn postgres() {
                $crate::common::run($crate::common::postgres(), $body);
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use both;
