//! The province's concrete units: created from the 2025 administrative list on first start, mapped from the catalogue's agency roles, listed in the public directory (`directory`, the HTTP side).
//!
//! The catalogue names agencies as roles ("Ủy ban nhân dân cấp xã", "Sở Tư
//! pháp"), not places. A portal serves one province (`PROVINCE_CODE`): on
//! first start it creates that province's units, and a procedure whose
//! agency is a role is served by the units that play it. An
//! administrator's correction (`procedure_units`) replaces the rule for a
//! procedure.

use crate::db::Db;
use crate::error::AppError;
use crate::places::Places;
use crate::procedures::catalogue::Catalogue;
use app::forms::Text;
use app::units::{ServedProcedure, UnitLevel, UnitSummary};
use sqlx::Row;

mod directory;
pub use directory::{detail_of, router};

/// The day the 2025 units (two-level local government) came into force.
pub const UNITS_2025: &str = "2025-07-01";

/// A department (sở) of a provincial People's Committee since the 2025
/// reorganisation: its Vietnamese name, English name and code suffix.
pub struct Department {
    pub vi: &'static str,
    pub en: &'static str,
    pub slug: &'static str,
}

/// The provincial departments a catalogue agency may name; only those the
/// catalogue names are created.
pub const DEPARTMENTS: [Department; 12] = [
    Department {
        vi: "Sở Nội vụ",
        en: "Department of Home Affairs",
        slug: "SNV",
    },
    Department {
        vi: "Sở Tư pháp",
        en: "Department of Justice",
        slug: "STP",
    },
    Department {
        vi: "Sở Tài chính",
        en: "Department of Finance",
        slug: "STC",
    },
    Department {
        vi: "Sở Công Thương",
        en: "Department of Industry and Trade",
        slug: "SCT",
    },
    Department {
        vi: "Sở Nông nghiệp và Môi trường",
        en: "Department of Agriculture and Environment",
        slug: "SNNMT",
    },
    Department {
        vi: "Sở Xây dựng",
        en: "Department of Construction",
        slug: "SXD",
    },
    Department {
        vi: "Sở Khoa học và Công nghệ",
        en: "Department of Science and Technology",
        slug: "SKHCN",
    },
    Department {
        vi: "Sở Giáo dục và Đào tạo",
        en: "Department of Education and Training",
        slug: "SGDDT",
    },
    Department {
        vi: "Sở Y tế",
        en: "Department of Health",
        slug: "SYT",
    },
    Department {
        vi: "Sở Văn hóa, Thể thao và Du lịch",
        en: "Department of Culture, Sports and Tourism",
        slug: "SVHTTDL",
    },
    Department {
        vi: "Sở Dân tộc và Tôn giáo",
        en: "Department of Ethnic and Religious Affairs",
        slug: "SDTTG",
    },
    Department {
        vi: "Sở Ngoại vụ",
        en: "Department of Foreign Affairs",
        slug: "SNGV",
    },
];

/// Which of the province's units a catalogue agency stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Every commune's People's Committee (or its chair).
    Communes,
    /// The provincial People's Committee (or its chair); received at the service centre.
    Province,
    /// One department; received at the service centre.
    Department(usize),
    /// A body outside the province's own units (tax, customs, police,
    /// ministries): the portal lists the procedure but no unit of it.
    Elsewhere,
}

/// The role of a catalogue agency, from its name.
pub fn role_of(agency: &str) -> Role {
    let f = app::text::fold(agency);
    let committee = f.contains("uy ban nhan dan") || f.contains("ubnd");
    if committee && f.contains("cap xa") {
        return Role::Communes;
    }
    if committee && f.contains("cap tinh") {
        return Role::Province;
    }
    DEPARTMENTS
        .iter()
        .position(|d| f.contains(&app::text::fold(d.vi)))
        .map_or(Role::Elsewhere, Role::Department)
}

/// The province's own codes: `T01`, its centre `T01-TTPVHCC`, a
/// department `T01-STP`; a commune's People's Committee `X00004`.
pub fn province_unit(province: &str) -> String {
    format!("T{province}")
}
pub fn centre_unit(province: &str) -> String {
    format!("T{province}-TTPVHCC")
}
pub fn department_unit(province: &str, d: &Department) -> String {
    format!("T{province}-{}", d.slug)
}
pub use app::units::commune_unit;

/// "Phường Ba Đình" → "Ba Đình Ward"; "Thành phố Hà Nội" → "Hà Nội City".
fn english_place(name: &str) -> String {
    for (vi, en) in [
        ("Phường ", "Ward"),
        ("Xã ", "Commune"),
        ("Đặc khu ", "Special Zone"),
        ("Thành phố ", "City"),
        ("Tỉnh ", "Province"),
    ] {
        if let Some(rest) = name.strip_prefix(vi) {
            return format!("{rest} {en}");
        }
    }
    name.to_owned()
}

/// The units of `province` as the 2025 list and the catalogue give them.
pub fn units_of(
    province: &str,
    places: &Places,
    catalogue: &Catalogue,
) -> Vec<(UnitSummary, Option<String>)> {
    let Some(p) = places.provinces.iter().find(|u| u.code == province) else {
        return vec![];
    };
    let place_en = english_place(&p.name);
    let top = province_unit(province);
    let mut units = vec![
        (
            UnitSummary {
                code: top.clone(),
                name: Text::new(
                    &format!("Ủy ban nhân dân {}", p.name),
                    &format!("{place_en} People's Committee"),
                ),
                level: UnitLevel::Province,
                parent: None,
            },
            None,
        ),
        (
            UnitSummary {
                code: centre_unit(province),
                name: Text::new(
                    &format!("Trung tâm Phục vụ hành chính công {}", p.name),
                    &format!("{place_en} Public Administration Service Centre"),
                ),
                level: UnitLevel::Centre,
                parent: Some(top.clone()),
            },
            None,
        ),
    ];
    let mut named = [false; DEPARTMENTS.len()];
    for e in catalogue.entries() {
        if let Role::Department(i) = role_of(&e.summary.agency.name) {
            named[i] = true;
        }
    }
    for (d, _) in DEPARTMENTS.iter().zip(named).filter(|(_, n)| *n) {
        units.push((
            UnitSummary {
                code: department_unit(province, d),
                name: Text::new(
                    &format!("{} {}", d.vi, p.name),
                    &format!("{place_en} {}", d.en),
                ),
                level: UnitLevel::Department,
                parent: Some(top.clone()),
            },
            None,
        ));
    }
    for c in places.communes(province).unwrap_or_default() {
        units.push((
            UnitSummary {
                code: commune_unit(&c.code),
                name: Text::new(
                    &format!("Ủy ban nhân dân {}", c.name),
                    &format!("People's Committee of {}", english_place(&c.name)),
                ),
                level: UnitLevel::Commune,
                parent: Some(top.clone()),
            },
            Some(c.code.clone()),
        ));
    }
    units
}

/// Creates the province's units not yet in the database; a unit already
/// there (renamed, merged, given an address) is left as it is. Returns
/// how many were created.
pub async fn seed(
    db: &Db,
    province: &str,
    places: &Places,
    catalogue: &Catalogue,
) -> anyhow::Result<usize> {
    let units = units_of(province, places, catalogue);
    anyhow::ensure!(
        !units.is_empty(),
        "PROVINCE_CODE {province} is not one of the 34 provinces of 2025"
    );
    let mut tx = db.pool.begin().await?;
    let mut created = 0;
    for (u, commune) in units {
        let done = sqlx::query(
            "INSERT INTO units (code, name_vi, name_en, level, parent_code, commune_code, valid_from) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO NOTHING",
        )
        .bind(&u.code)
        .bind(&u.name.vi)
        .bind(&u.name.en)
        .bind(u.level.as_str())
        .bind(u.parent)
        .bind(commune)
        .bind(UNITS_2025)
        .execute(&mut *tx)
        .await?;
        created += done.rows_affected() as usize;
    }
    tx.commit().await?;
    Ok(created)
}

/// Whether `unit` plays `role` for a procedure, and how (receives, processes).
fn plays(unit: &UnitSummary, role: Role, province: &str) -> Option<(bool, bool)> {
    match (role, unit.level) {
        (Role::Communes, UnitLevel::Commune) => Some((true, true)),
        // The province's own procedures are taken in at the service centre
        // (Decree 118/2025: regardless of residence within the province).
        (Role::Province | Role::Department(_), UnitLevel::Centre) => Some((true, false)),
        (Role::Province, UnitLevel::Province) => Some((false, true)),
        (Role::Department(i), UnitLevel::Department) => {
            (unit.code == department_unit(province, &DEPARTMENTS[i])).then_some((false, true))
        }
        _ => None,
    }
}

/// The province of a unit code of the portal's own (`T01…`, or a commune's).
fn province_of(unit: &UnitSummary) -> String {
    let top = unit.parent.as_deref().unwrap_or(&unit.code);
    top.trim_start_matches('T').chars().take(2).collect()
}

fn summary(r: &sqlx::any::AnyRow) -> Result<UnitSummary, sqlx::Error> {
    let level: String = r.try_get("level")?;
    Ok(UnitSummary {
        code: r.try_get("code")?,
        name: Text::new(
            &r.try_get::<String, _>("name_vi")?,
            &r.try_get::<String, _>("name_en")?,
        ),
        level: UnitLevel::parse(&level).unwrap_or(UnitLevel::Commune),
        parent: r.try_get("parent_code")?,
    })
}

/// The procedures a unit serves: by the rule of its agency's role, unless
/// an administrator set the units of that procedure.
pub async fn served(
    db: &Db,
    catalogue: &Catalogue,
    unit: &UnitSummary,
) -> anyhow::Result<Vec<ServedProcedure>> {
    let rows =
        sqlx::query("SELECT procedure_code, unit_code, receives, processes FROM procedure_units")
            .fetch_all(&db.pool)
            .await?;
    let mut corrected = std::collections::HashMap::<String, Option<(bool, bool)>>::new();
    for r in &rows {
        let code: String = r.try_get("procedure_code")?;
        let slot = corrected.entry(code).or_insert(None);
        if r.try_get::<String, _>("unit_code")? == unit.code {
            *slot = Some((
                r.try_get::<i64, _>("receives")? != 0,
                r.try_get::<i64, _>("processes")? != 0,
            ));
        }
    }
    let province = province_of(unit);
    Ok(catalogue
        .entries()
        .iter()
        .filter_map(|e| {
            let how = match corrected.get(&e.summary.code) {
                Some(set) => *set,
                None => plays(unit, role_of(&e.summary.agency.name), &province),
            }?;
            Some(ServedProcedure {
                code: e.summary.code.clone(),
                name: e.summary.name.clone(),
                receives: how.0,
                processes: how.1,
            })
        })
        .collect())
}

/// The units in force.
pub async fn in_force(db: &Db) -> anyhow::Result<Vec<UnitSummary>> {
    let rows = sqlx::query(
        "SELECT code, name_vi, name_en, level, parent_code FROM units WHERE valid_to IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(summary).collect::<Result<Vec<_>, _>>()?)
}

/// One unit if it is in force: its Vietnamese name and the day it came
/// into force.
pub async fn one_in_force(db: &Db, code: &str) -> anyhow::Result<Option<(String, String)>> {
    sqlx::query("SELECT name_vi, valid_from FROM units WHERE code = $1 AND valid_to IS NULL")
        .bind(code)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| -> anyhow::Result<(String, String)> {
            Ok((r.try_get("name_vi")?, r.try_get("valid_from")?))
        })
        .transpose()
}

/// Where a procedure's dossiers go: each unit that may take one in, with
/// the unit that decides it. Empty for a procedure no unit of the
/// province serves.
pub async fn routes_of(
    db: &Db,
    catalogue: &Catalogue,
    procedure: &str,
) -> anyhow::Result<Vec<(UnitSummary, UnitSummary)>> {
    let units = in_force(db).await?;
    let rows = sqlx::query(
        "SELECT unit_code, receives, processes FROM procedure_units WHERE procedure_code = $1 ORDER BY unit_code",
    )
    .bind(procedure)
    .fetch_all(&db.pool)
    .await?;
    let find = |code: &str| units.iter().find(|u| u.code == code).cloned();
    if !rows.is_empty() {
        // An administrator's correction: its receivers, each with itself
        // when it decides too, else with the first unit that decides.
        let mut receivers = vec![];
        let mut deciders = vec![];
        for r in &rows {
            let Some(u) = find(&r.try_get::<String, _>("unit_code")?) else {
                continue;
            };
            let (receives, decides) = (
                r.try_get::<i64, _>("receives")? != 0,
                r.try_get::<i64, _>("processes")? != 0,
            );
            if receives {
                receivers.push((u.clone(), decides));
            }
            if decides {
                deciders.push(u);
            }
        }
        return Ok(receivers
            .into_iter()
            .filter_map(|(r, decides)| {
                let d = if decides {
                    Some(r.clone())
                } else {
                    deciders.first().cloned()
                };
                d.map(|d| (r, d))
            })
            .collect());
    }
    let Some(entry) = catalogue.get(procedure) else {
        return Ok(vec![]);
    };
    let role = role_of(&entry.summary.agency.name);
    let province = units
        .iter()
        .find(|u| u.level == UnitLevel::Province)
        .map(|u| u.code.trim_start_matches('T').to_owned())
        .unwrap_or_default();
    let receivers = units
        .iter()
        .filter(|u| plays(u, role, &province).is_some_and(|(r, _)| r));
    let decider = units
        .iter()
        .find(|u| plays(u, role, &province).is_some_and(|(_, d)| d));
    Ok(receivers
        .filter_map(|r| {
            let decides = plays(r, role, &province).is_some_and(|(_, d)| d);
            let d = if decides {
                Some(r.clone())
            } else {
                decider.cloned()
            };
            d.map(|d| (r.clone(), d))
        })
        .collect())
}

/// The route a dossier takes: the unit asked for, which must take the
/// procedure in; else the only one; else the People's Committee of the
/// commune the person declared as their residence or address. `None` for
/// a procedure no unit serves (the dossier stays with its agency); a 422
/// naming `unit` when several take it in and nothing says which.
pub fn choose_route(
    routes: &[(UnitSummary, UnitSummary)],
    asked: Option<&str>,
    answers: &app::forms::Answers,
) -> Result<Option<(UnitSummary, UnitSummary)>, AppError> {
    if let Some(code) = asked.map(str::trim).filter(|c| !c.is_empty()) {
        return routes
            .iter()
            .find(|(r, _)| r.code == code)
            .cloned()
            .map(Some)
            .ok_or_else(|| AppError::unprocessable("unit", app::forms::reasons::NOT_OFFERED));
    }
    if let [only] = routes {
        return Ok(Some(only.clone()));
    }
    let declared = ["residence.commune", "applicant_address.commune"]
        .iter()
        .filter_map(|k| answers.get(*k))
        .map(|c| commune_unit(c));
    for unit in declared {
        if let Some(route) = routes.iter().find(|(r, _)| r.code == unit) {
            return Ok(Some(route.clone()));
        }
    }
    if routes.is_empty() {
        return Ok(None);
    }
    Err(AppError::unprocessable(
        "unit",
        app::forms::reasons::REQUIRED,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_agencies_are_roles_of_the_provinces_units() {
        assert_eq!(role_of("Ủy ban nhân dân cấp xã"), Role::Communes);
        assert_eq!(role_of("UBND cấp  xã"), Role::Communes);
        assert_eq!(role_of("Chủ tịch UBND cấp xã"), Role::Communes);
        assert_eq!(role_of("Chủ tịch ủy ban nhân dân cấp tỉnh"), Role::Province);
        let justice = DEPARTMENTS.iter().position(|d| d.slug == "STP").unwrap();
        for name in ["Sở Tư Pháp", "Sở Tư pháp Thành phố Hà Nội", "Sở Tư pháp"] {
            assert_eq!(role_of(name), Role::Department(justice), "{name}");
        }
        let farming = DEPARTMENTS.iter().position(|d| d.slug == "SNNMT").unwrap();
        assert_eq!(
            role_of("Sở Nông nghiệp và Môi trường - tỉnh An Giang"),
            Role::Department(farming)
        );
        for elsewhere in [
            "Thuế tỉnh, thành phố",
            "Chi cục Hải quan khu vực",
            "Công an cấp Xã",
            "Bộ Tư pháp",
        ] {
            assert_eq!(role_of(elsewhere), Role::Elsewhere, "{elsewhere}");
        }
    }

    #[test]
    fn a_dossier_goes_where_asked_or_to_the_declared_commune_or_nowhere_silently() {
        let unit = |code: &str| UnitSummary {
            code: code.into(),
            name: Text::new(code, code),
            level: UnitLevel::Commune,
            parent: Some("T01".into()),
        };
        let routes = vec![
            (unit("X00004"), unit("X00004")),
            (unit("X00008"), unit("X00008")),
        ];
        let answers = |pairs: &[(&str, &str)]| -> app::forms::Answers {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let code = |r: Result<Option<(UnitSummary, UnitSummary)>, AppError>| {
            r.ok().flatten().map(|(r, _)| r.code)
        };
        let none = answers(&[]);
        assert_eq!(
            code(choose_route(&routes, Some("X00008"), &none)).as_deref(),
            Some("X00008")
        );
        let home = answers(&[
            ("residence.commune", "00008"),
            ("applicant_address.commune", "00004"),
        ]);
        assert_eq!(
            code(choose_route(&routes, None, &home)).as_deref(),
            Some("X00008"),
            "the residence first"
        );
        assert_eq!(
            code(choose_route(&routes[..1], None, &none)).as_deref(),
            Some("X00004"),
            "the only one"
        );
        assert!(matches!(
            choose_route(&routes, Some("T01-STP"), &none),
            Err(AppError::Unprocessable(_))
        ));
        assert!(
            matches!(
                choose_route(&routes, None, &none),
                Err(AppError::Unprocessable(_))
            ),
            "several, none said"
        );
        assert!(
            matches!(choose_route(&[], None, &none), Ok(None)),
            "no unit serves it"
        );
    }

    #[test]
    fn places_are_named_in_english_by_their_kind() {
        assert_eq!(english_place("Phường Ba Đình"), "Ba Đình Ward");
        assert_eq!(english_place("Xã Sóc Sơn"), "Sóc Sơn Commune");
        assert_eq!(english_place("Đặc khu Côn Đảo"), "Côn Đảo Special Zone");
        assert_eq!(english_place("Thành phố Hà Nội"), "Hà Nội City");
        assert_eq!(english_place("Tỉnh An Giang"), "An Giang Province");
    }
}
