//! Views of procedure pages, counted in memory and written to the database in batches, so reading a page never waits on a write.
//!
//! A page view used to spawn its own `UPDATE`: under load the writes queued
//! up behind SQLite's single writer and starved every other request of the
//! pool. Now a view is an addition in a map; [`flush`] writes the sums in
//! one transaction every few seconds. Views of the last interval before a
//! crash are lost, which "most used" can bear.

use crate::db::Db;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct ViewCounts {
    pending: Mutex<HashMap<String, i64>>,
}

impl ViewCounts {
    pub fn count(&self, code: &str) {
        self.add(code, 1);
    }

    fn add(&self, code: &str, views: i64) {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        match p.get_mut(code) {
            Some(n) => *n += views,
            None => {
                p.insert(code.to_owned(), views);
            }
        }
    }

    /// The views counted since the last call, by procedure code.
    fn take(&self) -> Vec<(String, i64)> {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<_> = p.drain().collect();
        out.sort();
        out
    }
}

/// Writes the counted views to the database; what could not be written is
/// counted again for the next try. Returns how many procedures it updated.
pub async fn flush(db: &Db, views: &ViewCounts) -> anyhow::Result<usize> {
    let counted = views.take();
    if counted.is_empty() {
        return Ok(0);
    }
    let written = async {
        let mut tx = db.pool.begin().await?;
        for (code, n) in &counted {
            sqlx::query("UPDATE procedures SET views = views + $1 WHERE code = $2")
                .bind(n)
                .bind(code)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = written {
        for (code, n) in &counted {
            views.add(code, *n);
        }
        return Err(e);
    }
    Ok(counted.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_add_up_per_procedure_and_are_taken_once() {
        let v = ViewCounts::default();
        for code in ["1.001193", "1.001193", "2.000635", "1.001193"] {
            v.count(code);
        }
        assert_eq!(
            v.take(),
            vec![("1.001193".into(), 3), ("2.000635".into(), 1)]
        );
        assert!(v.take().is_empty());
    }
}
