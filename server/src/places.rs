//! The 2025 administrative units (34 provinces, 3,321 communes) for address fields, from `data/places/`.

use crate::error::{ApiPath, AppError};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use std::collections::HashMap;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use app::dossiers::Unit;

/// Provinces in code order, each with its communes in name order.
#[derive(Debug, Default)]
pub struct Places {
    pub provinces: Vec<Unit>,
    communes: HashMap<String, Vec<Unit>>,
}

impl Places {
    pub fn load(data_dir: &std::path::Path) -> anyhow::Result<Places> {
        let dir = data_dir.join("places");
        let mut provinces = Vec::new();
        for r in csv::Reader::from_path(dir.join("provinces_2025.csv"))?.records() {
            let r = r?;
            provinces.push(Unit {
                code: r[0].to_owned(),
                name: r[1].to_owned(),
            });
        }
        let mut communes: HashMap<String, Vec<Unit>> = HashMap::new();
        for r in csv::Reader::from_path(dir.join("wards_2025.csv"))?.records() {
            let r = r?;
            communes.entry(r[5].to_owned()).or_default().push(Unit {
                code: r[0].to_owned(),
                name: r[1].to_owned(),
            });
        }
        for list in communes.values_mut() {
            list.sort_by_cached_key(|a| app::text::fold(&a.name));
        }
        Ok(Places {
            provinces,
            communes,
        })
    }

    pub fn communes(&self, province: &str) -> Option<&[Unit]> {
        self.communes.get(province).map(Vec::as_slice)
    }

    pub fn commune_in_province(&self, province: &str, commune: &str) -> bool {
        self.communes(province)
            .is_some_and(|l| l.iter().any(|u| u.code == commune))
    }

    /// "Phường Ba Đình, Thành phố Hà Nội" for a receipt.
    pub fn describe(&self, province: &str, commune: &str) -> String {
        let p = self.provinces.iter().find(|u| u.code == province);
        let c = self
            .communes(province)
            .and_then(|l| l.iter().find(|u| u.code == commune));
        [c.map(|u| u.name.as_str()), p.map(|u| u.name.as_str())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(provinces))
        .routes(routes!(communes))
}

/// The 34 provinces, in code order.
#[utoipa::path(get, path = "/places/provinces", tag = "places", responses((status = 200, body = Vec<Unit>), crate::contract::Errors))]
async fn provinces(State(state): State<AppState>) -> Json<Vec<Unit>> {
    Json(state.places.provinces.clone())
}

/// A province's communes, in name order.
#[utoipa::path(get, path = "/places/provinces/{code}/communes", tag = "places",
    params(("code" = String, Path, description = "Province code (2025)")),
    responses((status = 200, body = Vec<Unit>), crate::contract::Errors))]
async fn communes(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<Unit>>, AppError> {
    state
        .places
        .communes(&code)
        .map(|l| Json(l.to_vec()))
        .ok_or(AppError::NotFound)
}
