//! Database connection and migrations for the two supported backends: embedded SQLite and PostgreSQL.
//!
//! Queries go through sqlx's `Any` driver with `$1` placeholders, which both
//! backends accept, so one SQL text serves both. Only the schema differs
//! (identity columns), hence one migrations folder per backend.

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::AnyPool;
use std::time::Duration;

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:")
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The text of an insert of `rows` rows of `columns` values each after
/// `head` ("INSERT INTO t (a, b) VALUES "), placeholders numbered in order.
/// Bulk writes (rebuilding the statistics, generating demo history) send
/// hundreds of rows per statement; the text is made once per shape and
/// kept, and holds nothing but placeholders.
pub fn values_sql(head: &'static str, columns: usize, rows: usize) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MADE: OnceLock<Mutex<HashMap<(&'static str, usize, usize), &'static str>>> =
        OnceLock::new();
    let mut made = MADE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    made.entry((head, columns, rows)).or_insert_with(|| {
        let mut sql = String::from(head);
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..columns {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", r * columns + c + 1));
            }
            sql.push(')');
        }
        Box::leak(sql.into_boxed_str())
    })
}

/// A connected, migrated database.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// Connects and brings the schema up to date. For SQLite the file and its
/// folder are created on first start.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    install_default_drivers();
    let backend = Backend::from_url(url)?;
    if backend == Backend::Sqlite {
        if let Some(path) = sqlite_path(url) {
            if let Some(dir) = std::path::Path::new(&path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)?;
                }
            }
        }
    }
    let pool = AnyPoolOptions::new()
        .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // Foreign keys are off by default in SQLite; WAL lets readers
                    // go on while the importer writes.
                    sqlx::query("PRAGMA foreign_keys = ON")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA journal_mode = WAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA busy_timeout = 5000")
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
    }
    Ok(Db { pool, backend })
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// The one text column that `sql` selects for a person's row named by
/// `($1 = user_id, $2 = value)`, if there is such a row: the shape of the
/// "does this person already have one" lookups (a draft per procedure, a
/// dossier per idempotency key, a document per content hash).
pub async fn user_text(
    db: &Db,
    sql: &'static str,
    user_id: i64,
    value: &str,
) -> anyhow::Result<Option<String>> {
    use sqlx::Row;
    Ok(sqlx::query(sql)
        .bind(user_id)
        .bind(value)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// A migration with the backends' words for an integer key made the same.
    /// SQLite stores every INTEGER/BIGINT column as a 64-bit integer, and an
    /// `INTEGER PRIMARY KEY` is its auto-numbered row id; PostgreSQL needs
    /// `BIGINT` and says `GENERATED BY DEFAULT AS IDENTITY` for the same.
    fn normalised(sql: &str) -> String {
        sql.replace("BIGINT GENERATED BY DEFAULT AS IDENTITY", "INTEGER")
            .replace("BIGINT", "INTEGER")
    }

    fn folder(name: &str) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(name);
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let text = std::fs::read_to_string(&p).unwrap();
                (p.file_name().unwrap().to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        files
    }

    /// The two folders are one schema: the same migrations, line for line,
    /// differing only in how each backend spells a 64-bit integer and an
    /// auto-numbered id. (Applied migrations cannot be rewritten into one
    /// folder: both backends check the checksums of what they ran.)
    #[test]
    fn the_sqlite_and_postgresql_migrations_differ_only_in_integer_ids() {
        let (sqlite, postgres) = (folder("sqlite"), folder("postgres"));
        let names = |f: &[(String, String)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&sqlite), names(&postgres));
        for ((name, a), (_, b)) in sqlite.iter().zip(&postgres) {
            for (n, (la, lb)) in normalised(a).lines().zip(normalised(b).lines()).enumerate() {
                assert_eq!(la, lb, "{name} line {}", n + 1);
            }
            assert_eq!(a.lines().count(), b.lines().count(), "{name}");
        }
    }
}
