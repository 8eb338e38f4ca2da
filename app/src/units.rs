//! The province's concrete units as the directory shows them: a commune's People's Committee, a department, the service centre.

use crate::forms::Text;
use serde::{Deserialize, Serialize};

/// What kind of unit it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    /// The People's Committee of a commune, ward or special zone.
    Commune,
    /// The provincial People's Committee.
    Province,
    /// The provincial public-administration service centre (one-stop).
    Centre,
    /// A department (sở) of the provincial People's Committee.
    Department,
}

impl UnitLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitLevel::Commune => "commune",
            UnitLevel::Province => "province",
            UnitLevel::Centre => "centre",
            UnitLevel::Department => "department",
        }
    }

    pub fn parse(s: &str) -> Option<UnitLevel> {
        [
            UnitLevel::Commune,
            UnitLevel::Province,
            UnitLevel::Centre,
            UnitLevel::Department,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }
}

/// A unit in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummary {
    /// The national unit code where known, else the portal's own stable code.
    pub code: String,
    pub name: Text,
    pub level: UnitLevel,
    /// The unit it belongs to (a department's or commune's province).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A procedure a unit serves, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServedProcedure {
    pub code: String,
    pub name: String,
    /// The unit takes the dossier in (its one-stop counter).
    pub receives: bool,
    /// The unit decides it.
    pub processes: bool,
}

/// A unit with where and when to find it, and what it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitDetail {
    #[serde(flatten)]
    pub unit: UnitSummary,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub hours: String,
    /// `YYYY-MM-DD`: since when the unit exists under this name.
    pub valid_from: String,
    /// `YYYY-MM-DD`: the last day, for a unit renamed or merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// The unit that took it over, for a merged one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    pub procedures: Vec<ServedProcedure>,
    /// See [`UnitChange::auto_assign`].
    #[serde(default)]
    pub auto_assign: bool,
}

/// An officer's role in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    /// Takes dossiers in at the one-stop counter and assigns them.
    Receiving,
    /// Examines a dossier and prepares its result.
    Specialist,
    /// Signs results.
    Leader,
    /// Manages the unit's officers.
    UnitAdmin,
}

/// One grant of an officer to a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitGrant {
    pub unit: String,
    pub role: UnitRole,
}

impl UnitRole {
    /// From the most senior: an officer holding several roles in one unit
    /// acts in the first of them.
    pub const ALL: [UnitRole; 4] = [
        UnitRole::Leader,
        UnitRole::UnitAdmin,
        UnitRole::Specialist,
        UnitRole::Receiving,
    ];

    pub fn parse(s: &str) -> Option<UnitRole> {
        UnitRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role as the applicant reads it where officers' names are hidden.
    pub fn name(self, english: bool) -> &'static str {
        let (vi, en) = match self {
            UnitRole::Receiving => ("Cán bộ tiếp nhận", "Receiving officer"),
            UnitRole::Specialist => ("Chuyên viên xử lý", "Specialist"),
            UnitRole::Leader => ("Lãnh đạo đơn vị", "Unit leader"),
            UnitRole::UnitAdmin => ("Quản trị đơn vị", "Unit administrator"),
        };
        if english {
            en
        } else {
            vi
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitRole::Receiving => "receiving",
            UnitRole::Specialist => "specialist",
            UnitRole::Leader => "leader",
            UnitRole::UnitAdmin => "unit_admin",
        }
    }
}

/// An officer of the dossier's unit it can be handed to, with how many
/// open dossiers they already hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Colleague {
    pub id: i64,
    pub name: String,
    pub role: UnitRole,
    pub open: u32,
}

/// `POST /api/officer/dossiers/{code}/handover`: to an officer of the
/// dossier's unit (assigning it, or passing it to a leader to sign), or to
/// another unit (a transfer, which needs a reason). Exactly one of the two.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_officer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_unit: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// Where a hand-over sent the dossier, as its timeline tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedTo {
    /// The officer's name; empty for a transfer to a unit, or where the
    /// operator hides officers' names from applicants.
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<UnitRole>,
    /// The unit's name.
    pub unit: String,
}

/// One officer's share of a unit's open dossiers, for its leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerLoad {
    pub name: String,
    pub role: UnitRole,
    pub open: u32,
    pub due_soon: u32,
    pub overdue: u32,
}

/// A unit's open dossiers by officer, and those nobody holds yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitLoad {
    pub code: String,
    pub name: String,
    pub unassigned: u32,
    pub officers: Vec<OfficerLoad>,
}

/// A grant as the administrators' page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantView {
    /// Opaque: what the page changes the grant by, so the personal ID
    /// never travels whole.
    pub reference: String,
    /// Masked to its last four digits.
    pub personal_id: String,
    /// The name from the national account once the person signed in, else
    /// the one typed with the grant.
    pub full_name: String,
    pub signed_in: bool,
    pub role: crate::identity::Role,
    pub units: Vec<UnitGrant>,
}

/// `PUT /api/admin/grants`: a person by personal ID (or an existing grant
/// by reference), the role, and the units with a role in each; no role
/// takes the grant away.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default)]
    pub personal_id: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub role: Option<crate::identity::Role>,
    #[serde(default)]
    pub units: Vec<UnitGrant>,
}

/// `PUT /api/admin/units/{code}`: the unit's names and contact lines, in
/// effect from a day (`YYYY-MM-DD`, today or earlier).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitChange {
    #[serde(default)]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub from: String,
    /// The unit's rule: each dossier it accepts goes to its specialist with
    /// the fewest open dossiers.
    #[serde(default)]
    pub auto_assign: bool,
}

/// `POST /api/admin/units`: a unit the 2025 list does not have (a new
/// department, a commune created by a later resolution), from a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitNew {
    /// Letters, digits and hyphens (`T01-SNV`, `X00123`).
    #[serde(default)]
    pub code: String,
    /// `department`, `centre` or `commune` (the province has one committee).
    #[serde(default)]
    pub level: String,
    #[serde(flatten)]
    pub unit: UnitChange,
}

/// Whether `code` may name a unit: 2 to 30 capital letters, digits and hyphens.
pub fn valid_unit_code(code: &str) -> bool {
    (2..=30).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// `POST /api/admin/units/{code}/merge`: the unit it goes into, and the
/// day it ends (`YYYY-MM-DD`, today or earlier).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitMerge {
    #[serde(default)]
    pub into: String,
    #[serde(default)]
    pub from: String,
}

/// The code of a commune's People's Committee: `X` and the commune's 2025
/// code (`X00004` for Phường Ba Đình).
pub fn commune_unit(commune: &str) -> String {
    format!("X{commune}")
}
