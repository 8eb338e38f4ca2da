//! Starts the portal (no arguments), or runs an operator command.
//!
//! `portal set-service-level CODE full|partial|none` corrects the online
//! service level seeded from the catalogue; running servers pick it up.

use app::procedures::ServiceLevel;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = server::config::Config::from_env()?;
    server::init_logging(config.log_json);
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => server::serve(config).await,
        ["set-service-level", code, level] => {
            let level = ServiceLevel::parse(level)
                .ok_or_else(|| anyhow::anyhow!("level must be full, partial or none"))?;
            let db = server::db::connect(&config.database_url).await?;
            server::procedures::store::import_if_empty(&db, &config.data_dir).await?;
            if server::procedures::store::set_service_level(&db, code, level).await? {
                println!("{code}: service level set to {}", level.as_str());
                Ok(())
            } else {
                anyhow::bail!("no procedure with code {code}")
            }
        }
        _ => {
            anyhow::bail!("usage: portal [serve] | portal set-service-level CODE full|partial|none")
        }
    }
}
