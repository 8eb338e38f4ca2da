//! Starts the portal: read the environment, log, serve.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = server::config::Config::from_env()?;
    server::init_logging(config.log_json);
    server::serve(config).await
}
