//! Starts the portal (no arguments), or runs an operator command.
//!
//! `portal set-service-level CODE full|partial|none` corrects the online
//! service level seeded from the catalogue; running servers pick it up.
//! `portal rebuild-statistics` recomputes the statistics' rollups from the
//! dossiers' records. `portal generate-history N [DAYS]` adds N generated
//! demo dossiers over the last DAYS days (730) and recounts.

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
        ["rebuild-statistics"] => {
            let state = server::build_state(&config).await?;
            let started = std::time::Instant::now();
            let n = server::statistics::rollups::rebuild(&state).await?;
            println!(
                "statistics rebuilt from {n} dossiers in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        ["generate-history", n, rest @ ..] => {
            let dossiers: u64 = n
                .parse()
                .map_err(|_| anyhow::anyhow!("N must be a number"))?;
            let days: i64 = match rest {
                [] => 730,
                [d] => d
                    .parse()
                    .map_err(|_| anyhow::anyhow!("DAYS must be a number"))?,
                _ => anyhow::bail!("usage: portal generate-history N [DAYS]"),
            };
            let state = server::build_state(&config).await?;
            let started = std::time::Instant::now();
            let plan = server::statistics::demo::Plan {
                dossiers,
                until: server::clock::vn_date(state.clock.now_secs()),
                days: days.max(1),
                seed: server::clock::system_secs() as u64,
            };
            let n = server::statistics::demo::generate(&state, plan).await?;
            println!(
                "{n} demo dossiers generated and counted in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        _ => {
            anyhow::bail!("usage: portal [serve] | portal set-service-level CODE full|partial|none | portal rebuild-statistics | portal generate-history N [DAYS]")
        }
    }
}
