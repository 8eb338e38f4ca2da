//! Satisfaction ratings: the 5-level scale, the criteria, and their validation.

use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

pub mod reasons {
    pub use crate::forms::reasons::{OUT_OF_RANGE, REQUIRED, TOO_LONG};
    /// Ratings open when the result is ready (status 9 or 10).
    pub const NOT_YET: &str = "not_yet";
    /// The time to change a rating has passed.
    pub const CLOSED: &str = "closed";
}

/// The scale in use, best first (DOMAIN.md): 5 = Rất hài lòng … 1 = Rất không hài lòng.
pub const LEVELS: [u8; 5] = [5, 4, 3, 2, 1];

pub fn level_name(level: u8, english: bool) -> &'static str {
    let (vi, en) = match level {
        5 => ("Rất hài lòng", "Very satisfied"),
        4 => ("Hài lòng", "Satisfied"),
        3 => ("Bình thường", "Neutral"),
        2 => ("Không hài lòng", "Dissatisfied"),
        _ => ("Rất không hài lòng", "Very dissatisfied"),
    };
    if english {
        en
    } else {
        vi
    }
}

/// The criteria seen in provincial systems, besides the overall rating.
pub const CRITERIA: [&str; 5] = [
    "convenience",
    "punctuality",
    "attitude",
    "contacts",
    "clarity",
];

pub const MAX_COMMENT: usize = 2000;

/// A rating of the service on one dossier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub overall: u8,
    #[serde(default)]
    pub convenience: Option<u8>,
    #[serde(default)]
    pub punctuality: Option<u8>,
    #[serde(default)]
    pub attitude: Option<u8>,
    /// How few contacts (visits, calls) were needed.
    #[serde(default)]
    pub contacts: Option<u8>,
    /// How clear and public the procedure was.
    #[serde(default)]
    pub clarity: Option<u8>,
    #[serde(default)]
    pub comment: String,
}

impl Rating {
    pub fn criterion(&self, name: &str) -> Option<u8> {
        match name {
            "convenience" => self.convenience,
            "punctuality" => self.punctuality,
            "attitude" => self.attitude,
            "contacts" => self.contacts,
            "clarity" => self.clarity,
            _ => None,
        }
    }

    pub fn set_criterion(&mut self, name: &str, v: Option<u8>) {
        match name {
            "convenience" => self.convenience = v,
            "punctuality" => self.punctuality = v,
            "attitude" => self.attitude = v,
            "contacts" => self.contacts = v,
            "clarity" => self.clarity = v,
            _ => {}
        }
    }

    /// The overall level is required; each criterion, when given, is on the scale.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.overall == 0 {
            e.add("overall", reasons::REQUIRED);
        } else if !(1..=5).contains(&self.overall) {
            e.add("overall", reasons::OUT_OF_RANGE);
        }
        for c in CRITERIA {
            if self.criterion(c).is_some_and(|v| !(1..=5).contains(&v)) {
                e.add(c, reasons::OUT_OF_RANGE);
            }
        }
        if self.comment.chars().count() > MAX_COMMENT {
            e.add("comment", reasons::TOO_LONG);
        }
        e.into_result(())
    }

    /// Rated "dissatisfied" or worse: counts against the agency (Decision 766/QĐ-TTg).
    pub fn is_dissatisfied(&self) -> bool {
        self.overall <= 2
    }
}

/// The one-question rating of the online form, right after submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormRating {
    pub score: u8,
}

/// An agency's own ratings, for its officers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencySummary {
    pub agency: String,
    pub count: u32,
    /// How many rated each level, from 5 (best) down to 1.
    pub by_level: [u32; 5],
    /// Average of the overall level (0 when nobody has rated).
    pub average: f64,
    /// Rated dossiers not rated dissatisfied, in percent.
    pub satisfied_percent: f64,
    /// (criterion, average, how many rated it)
    pub criteria: Vec<(String, f64, u32)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overall_is_required_and_everything_on_the_scale() {
        let e = Rating::default().validate().unwrap_err();
        assert_eq!(e.0["overall"], vec![reasons::REQUIRED]);
        let r = Rating {
            overall: 6,
            attitude: Some(0),
            comment: "x".repeat(MAX_COMMENT + 1),
            ..Rating::default()
        };
        let e = r.validate().unwrap_err();
        assert_eq!(
            e.0.keys().collect::<Vec<_>>(),
            vec!["attitude", "comment", "overall"]
        );
        let ok = Rating {
            overall: 4,
            punctuality: Some(5),
            comment: "Cán bộ hướng dẫn tận tình".into(),
            ..Rating::default()
        };
        assert!(ok.validate().is_ok());
        assert!(!ok.is_dissatisfied());
        assert!(Rating { overall: 2, ..ok }.is_dissatisfied());
    }
}
