//! What every handler shares: the database and the in-memory catalogue.

use crate::db::Db;
use crate::procedures::catalogue::Catalogue;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Now, as every handler should ask for it (tests move it).
    pub clock: crate::clock::Clock,
    pub identity: crate::identity::Identity,
    catalogue: Arc<RwLock<Arc<Catalogue>>>,
    /// The database's catalogue version the in-memory catalogue was built from.
    built_from: Arc<AtomicI64>,
    synonyms_file: PathBuf,
    /// The built-in SSO stand-in, when it is on.
    pub sso: Option<crate::identity::provider::Provider>,
    /// Provinces and communes for address fields.
    pub places: Arc<crate::places::Places>,
    pub dossier_settings: crate::config::DossierSettings,
    pub processing: crate::config::ProcessingSettings,
    /// The portal's own address, for links that leave it (receipts, mail).
    pub public_url: String,
    /// Where uploaded files are kept.
    pub blobs: Arc<dyn crate::documents::BlobStore>,
    pub upload_max_bytes: usize,
    /// The operator's Markdown pages (help, privacy, accessibility, terms).
    pub pages_dir: PathBuf,
    /// Procedure page views not yet written to the database.
    pub views: Arc<crate::procedures::views::ViewCounts>,
    /// Where DiskBlobs keeps files (tests look there).
    pub upload_dir: PathBuf,
    /// The search index of published feedback.
    pub published: Arc<crate::feedback::publication::PublishedIndex>,
    /// The public statistics' rollups and feedback, as last caught up.
    pub statistics: Arc<crate::statistics::Statistics>,
}

impl AppState {
    pub fn new(
        db: Db,
        identity: crate::identity::Identity,
        catalogue: Catalogue,
        version: i64,
        synonyms_file: PathBuf,
    ) -> Self {
        AppState {
            db,
            clock: crate::clock::Clock::default(),
            identity,
            catalogue: Arc::new(RwLock::new(Arc::new(catalogue))),
            built_from: Arc::new(AtomicI64::new(version)),
            synonyms_file,
            sso: None,
            places: Arc::default(),
            dossier_settings: crate::config::DossierSettings::default(),
            processing: crate::config::ProcessingSettings::default(),
            public_url: String::new(),
            blobs: Arc::new(crate::documents::DiskBlobs {
                root: PathBuf::from("var/uploads"),
            }),
            upload_max_bytes: 10 * 1024 * 1024,
            views: Arc::default(),
            pages_dir: PathBuf::from("data/pages"),
            upload_dir: PathBuf::from("var/uploads"),
            published: Arc::new(
                crate::feedback::publication::PublishedIndex::new()
                    .expect("an empty in-memory index"),
            ),
            statistics: Arc::default(),
        }
    }

    /// Rebuilds the catalogue and its index when the database has changed
    /// since it was built. Returns whether it did.
    pub async fn refresh_catalogue(&self) -> anyhow::Result<bool> {
        let version = crate::procedures::store::catalogue_version(&self.db).await?;
        if version == self.built_from.load(Ordering::Acquire) {
            return Ok(false);
        }
        let entries = crate::procedures::store::load_entries(&self.db).await?;
        let synonyms = crate::procedures::synonyms::Synonyms::load(&self.synonyms_file);
        // Building the index is CPU work: keep it off the request threads.
        let catalogue =
            tokio::task::spawn_blocking(move || Catalogue::build(entries, synonyms)).await??;
        self.replace_catalogue(catalogue);
        self.built_from.store(version, Ordering::Release);
        Ok(true)
    }

    /// The current catalogue. A search holds its own handle, so a reload
    /// never changes the ground under a running query.
    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.catalogue
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Swaps in a catalogue rebuilt from the database after a correction.
    pub fn replace_catalogue(&self, c: Catalogue) {
        *self.catalogue.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(c);
    }
}
