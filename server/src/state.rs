//! What every handler shares: the database and the in-memory catalogue.

use crate::db::Db;
use crate::procedures::catalogue::Catalogue;
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    catalogue: Arc<RwLock<Arc<Catalogue>>>,
}

impl AppState {
    pub fn new(db: Db, catalogue: Catalogue) -> Self {
        AppState { db, catalogue: Arc::new(RwLock::new(Arc::new(catalogue))) }
    }

    /// The current catalogue. A search holds its own handle, so a reload
    /// never changes the ground under a running query.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.catalogue.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Swaps in a catalogue rebuilt from the database after a correction.
    pub fn replace_catalogue(&self, c: Catalogue) {
        *self.catalogue.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(c);
    }
}
