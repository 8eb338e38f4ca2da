//! Settings read once from environment variables, with defaults that run on one machine.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Every variable is listed in `.env.sample` with its default.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PORTAL_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://...` (default, embedded) or `postgres://...`.
    pub database_url: String,
    /// `STATIC_DIR`: the built web app (Trunk's `dist`).
    pub static_dir: PathBuf,
    /// `DATA_DIR`: the shipped catalogue and reference data.
    pub data_dir: PathBuf,
    /// `SYNONYMS_FILE`: colloquial terms for search; defaults to `DATA_DIR/synonyms.tsv`.
    pub synonyms_file: PathBuf,
    /// `LOG_FORMAT`: `json` for machines, `pretty` for people.
    pub log_json: bool,
    /// `CATALOGUE_REFRESH_SECS`: how often to look for catalogue changes.
    pub catalogue_refresh: std::time::Duration,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the environment. Fails with a message naming the variable.
    pub fn from_env() -> anyhow::Result<Self> {
        let addr = match var("PORTAL_ADDR") {
            Some(a) => a
                .parse()
                .map_err(|e| anyhow::anyhow!("PORTAL_ADDR={a:?} is not host:port: {e}"))?,
            None => {
                let port: u16 = match var("PORT") {
                    Some(p) => p
                        .parse()
                        .map_err(|e| anyhow::anyhow!("PORT={p:?} is not a port number: {e}"))?,
                    None => 3000,
                };
                SocketAddr::from(([127, 0, 0, 1], port))
            }
        };
        let data_dir = PathBuf::from(var("DATA_DIR").unwrap_or_else(|| "data".into()));
        Ok(Config {
            addr,
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://var/portal.db?mode=rwc".into()),
            static_dir: PathBuf::from(var("STATIC_DIR").unwrap_or_else(|| "dist".into())),
            synonyms_file: var("SYNONYMS_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("synonyms.tsv")),
            data_dir,
            log_json: var("LOG_FORMAT").is_some_and(|f| f == "json"),
            catalogue_refresh: std::time::Duration::from_secs(
                match var("CATALOGUE_REFRESH_SECS") {
                    Some(s) => s.parse().map_err(|e| {
                        anyhow::anyhow!(
                            "CATALOGUE_REFRESH_SECS={s:?} is not a number of seconds: {e}"
                        )
                    })?,
                    None => 30,
                },
            ),
        })
    }
}
