//! Procedure records of the national catalogue (thủ tục hành chính) and the rules that classify them.

use serde::{Deserialize, Serialize};

/// Who a procedure is for (Decree 42/2022 Art. 12: findable by subject).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Individual,
    Organisation,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 2] = [SubjectKind::Individual, SubjectKind::Organisation];
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Individual => "individual",
            SubjectKind::Organisation => "organisation",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Online service level (Decree 42/2022 Art. 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    /// Toàn trình: the whole procedure, result included, is done online.
    Full,
    /// Một phần: submitted online, but some step needs a visit or paper.
    Partial,
    /// Not offered online: information only.
    None,
}

impl ServiceLevel {
    pub const ALL: [ServiceLevel; 3] = [
        ServiceLevel::Full,
        ServiceLevel::Partial,
        ServiceLevel::None,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceLevel::Full => "full",
            ServiceLevel::Partial => "partial",
            ServiceLevel::None => "none",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Whether a dossier can be submitted online.
    pub fn is_online(self) -> bool {
        self != ServiceLevel::None
    }
}

/// Level of government that carries out a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GovLevel {
    /// Cấp bộ: a ministry or central agency.
    Ministry,
    /// Cấp tỉnh.
    Province,
    /// Cấp xã (communes, wards and special zones since 2025-07-01).
    Commune,
    /// Cơ quan khác.
    Other,
}

impl GovLevel {
    pub const ALL: [GovLevel; 4] = [
        GovLevel::Ministry,
        GovLevel::Province,
        GovLevel::Commune,
        GovLevel::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            GovLevel::Ministry => "ministry",
            GovLevel::Province => "province",
            GovLevel::Commune => "commune",
            GovLevel::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Reads the catalogue's Vietnamese label ("Cấp bộ", "Cấp tỉnh", "Cấp xã", "Cơ quan khác").
    pub fn from_catalogue(label: &str) -> Option<Self> {
        match crate::text::fold(label).as_str() {
            "cap bo" => Some(GovLevel::Ministry),
            "cap tinh" => Some(GovLevel::Province),
            "cap xa" | "cap huyen" => Some(GovLevel::Commune),
            "co quan khac" => Some(GovLevel::Other),
            _ => None,
        }
    }
}

/// How a dossier reaches the agency (national channel codes 1-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    InPerson,
    Online,
    Post,
}

impl ChannelKind {
    /// Reads the catalogue's label ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính").
    pub fn from_catalogue(label: &str) -> Option<Self> {
        let f = crate::text::fold(label);
        if f.contains("truc tuyen") {
            Some(ChannelKind::Online)
        } else if f.contains("buu chinh") {
            Some(ChannelKind::Post)
        } else if f.contains("truc tiep") {
            Some(ChannelKind::InPerson)
        } else {
            None
        }
    }
}

/// One way of submitting, with its own time limit and fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Channel {
    pub kind: ChannelKind,
    /// Time limit as published ("5 Ngày làm việc"); empty when the catalogue gives none.
    pub time_limit: String,
    /// The time limit as the portal counts it, when the text can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    pub fee: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fee_note: String,
}

/// The unit of a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    WorkingDays,
    /// Calendar days ("15 Ngày").
    Days,
    Hours,
}

/// A published time limit read as an amount and a unit. The catalogue often
/// prints a bare number ("1"); the portal counts that in working days (the
/// general rule of Decree 61/2018), so that is the unit it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Limit {
    /// 0 working days is "within the day".
    pub amount: u32,
    pub unit: LimitUnit,
}

impl Limit {
    /// Reads "05 Ngày làm việc", "15 Ngày", "12 Giờ", "Trong ngày", "1".
    pub fn parse(text: &str) -> Option<Limit> {
        let folded = crate::text::fold(text);
        let amount: Option<u32> = folded
            .split(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())
            .and_then(|s| s.parse().ok());
        let unit = if folded.contains("gio") {
            LimitUnit::Hours
        } else if folded.contains("ngay") && !folded.contains("lam viec") && amount.is_some() {
            LimitUnit::Days
        } else {
            LimitUnit::WorkingDays
        };
        match amount {
            Some(amount) => Some(Limit { amount, unit }),
            None if folded.contains("trong ngay") => Some(Limit {
                amount: 0,
                unit: LimitUnit::WorkingDays,
            }),
            None => None,
        }
    }

    /// Days the clock counts, and whether they are calendar days. Hours
    /// count as whole working days (8 hours a day).
    pub fn days(&self) -> (u32, bool) {
        match self.unit {
            LimitUnit::WorkingDays => (self.amount, false),
            LimitUnit::Days => (self.amount, true),
            LimitUnit::Hours => (self.amount.div_ceil(8), false),
        }
    }
}

/// One document of a dossier (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierDocument {
    pub name: String,
    #[serde(default)]
    pub forms: Vec<String>,
    pub originals: u32,
    pub copies: u32,
}

/// The documents needed in one sub-case ("Trường hợp ...").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierCase {
    pub case: String,
    pub documents: Vec<DossierDocument>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A result the procedure issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultDoc {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
}

/// An agency as a record of its own, not free text repeated on every procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyRef {
    pub id: i64,
    pub name: String,
    pub level: GovLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province_code: Option<String>,
}

/// A field (lĩnh vực) with its URL slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldRef {
    pub slug: String,
    pub name: String,
}

/// What a search result shows of a procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub field: FieldRef,
    pub levels: Vec<GovLevel>,
    pub subject_kinds: Vec<SubjectKind>,
    pub service_level: ServiceLevel,
    pub agency: AgencyRef,
    /// The shortest published time limit over the channels, as text.
    pub time_limit: String,
    /// The fee of the first channel, as text.
    pub fee: String,
    /// The identity level (1 or 2) an applicant's account needs.
    #[serde(default = "one")]
    pub required_loa: u8,
}

fn one() -> u8 {
    1
}

/// Why a signed-in person may not file a procedure (field `procedure`).
pub mod refusals {
    /// The procedure is for organisations only; the person files as an individual.
    pub const ORGANISATIONS_ONLY: &str = "organisations_only";
    /// The procedure is for individuals only; the account is an organisation's.
    pub const INDIVIDUALS_ONLY: &str = "individuals_only";
    /// The procedure needs an identity account of level 2.
    pub const NEEDS_LOA2: &str = "needs_loa2";
}

impl ProcedureSummary {
    /// Whether an applicant of `kind` with an account of level `loa` may
    /// file this procedure; the reason when not. A procedure whose subjects
    /// the catalogue does not say is open to both kinds.
    pub fn may_apply(&self, kind: SubjectKind, loa: u8) -> Result<(), &'static str> {
        if !self.subject_kinds.is_empty() && !self.subject_kinds.contains(&kind) {
            return Err(match kind {
                SubjectKind::Individual => refusals::ORGANISATIONS_ONLY,
                SubjectKind::Organisation => refusals::INDIVIDUALS_ONLY,
            });
        }
        if loa < self.required_loa {
            return Err(refusals::NEEDS_LOA2);
        }
        Ok(())
    }
}

/// Everything a person needs before starting (Decree 63/2010 Art. 8 fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcedureDetail {
    #[serde(flatten)]
    pub summary: ProcedureSummary,
    pub subjects: Vec<String>,
    pub procedure_type: String,
    pub decision_no: String,
    pub issuing_body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_authority: Option<AgencyRef>,
    pub receiving_address: String,
    pub channels: Vec<Channel>,
    pub dossier: Vec<DossierCase>,
    pub steps: String,
    pub requirements: String,
    pub legal_basis: String,
    pub results: Vec<ResultDoc>,
    /// False for catalogue rows published without their full record.
    pub has_detail: bool,
    pub national_url: String,
    /// "rule" when seeded by [`classify_service_level`], "admin" when corrected.
    pub service_level_source: String,
}

/// Phrases in the steps or conditions that mean a person must come in or
/// show paper, which stops a procedure from being full-process online
/// (Circular 01/2023/TT-VPCP: no paper and no visit).
pub const IN_PERSON_MARKERS: [&str; 6] = [
    "co mat",
    "xuat trinh ban chinh",
    "nop ban chinh",
    "truc tiep den",
    "den tru so",
    "kiem tra thuc te",
];

/// Seeds the service level from the catalogue:
/// - no online channel: [`ServiceLevel::None`];
/// - an online channel and nothing in the steps or conditions that requires
///   the person's presence or paper originals ([`IN_PERSON_MARKERS`]):
///   [`ServiceLevel::Full`];
/// - otherwise [`ServiceLevel::Partial`].
///
/// An administrator can correct the stored value; re-importing never
/// overwrites a corrected one.
pub fn classify_service_level(
    channels: &[ChannelKind],
    steps: &str,
    requirements: &str,
) -> ServiceLevel {
    if !channels.contains(&ChannelKind::Online) {
        return ServiceLevel::None;
    }
    let text = crate::text::fold(&format!("{steps} {requirements}"));
    if IN_PERSON_MARKERS.iter().any(|m| text.contains(m)) {
        ServiceLevel::Partial
    } else {
        ServiceLevel::Full
    }
}

/// Which kinds of applicant the catalogue's subject labels cover.
/// People: citizens, foreigners, overseas Vietnamese, public servants, party
/// members. Organisations: enterprises, cooperatives, organisations.
pub fn subject_kinds(subjects: &[String]) -> Vec<SubjectKind> {
    let mut kinds = Vec::new();
    for s in subjects {
        let f = crate::text::fold(s);
        let org = ["doanh nghiep", "to chuc", "hop tac xa"]
            .iter()
            .any(|m| f.contains(m));
        let person = !org
            && [
                "cong dan",
                "nguoi",
                "can bo",
                "cong chuc",
                "vien chuc",
                "dang vien",
                "ca nhan",
                "ho gia dinh",
            ]
            .iter()
            .any(|m| f.contains(m));
        let kind = if org {
            Some(SubjectKind::Organisation)
        } else if person {
            Some(SubjectKind::Individual)
        } else {
            None
        };
        if let Some(k) = kind {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
    }
    kinds.sort();
    kinds
}

/// Is this a catalogue code such as `1.001193` or a provincial variant `1.000948.H38`?
pub fn looks_like_code(s: &str) -> bool {
    let mut parts = s.trim().split('.');
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
        return false;
    };
    let rest_ok = parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    !a.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.len() == 6
        && b.chars().all(|c| c.is_ascii_digit())
        && rest_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChannelKind::*;

    #[test]
    fn a_bare_number_is_read_as_working_days_and_every_unit_is_kept() {
        let l = |amount, unit| Some(Limit { amount, unit });
        assert_eq!(Limit::parse("1"), l(1, LimitUnit::WorkingDays));
        assert_eq!(
            Limit::parse("05 Ngày làm việc"),
            l(5, LimitUnit::WorkingDays)
        );
        assert_eq!(Limit::parse("15 Ngày"), l(15, LimitUnit::Days));
        assert_eq!(Limit::parse("4 Giờ"), l(4, LimitUnit::Hours));
        assert_eq!(Limit::parse("Trong ngày"), l(0, LimitUnit::WorkingDays));
        assert_eq!(Limit::parse("Theo quy định"), None);
    }

    #[test]
    fn without_an_online_channel_a_procedure_is_not_online() {
        assert_eq!(
            classify_service_level(&[InPerson, Post], "", ""),
            ServiceLevel::None
        );
    }

    #[test]
    fn online_with_no_visit_needed_is_full_process() {
        assert_eq!(
            classify_service_level(&[Online, InPerson], "Bước 1: nộp hồ sơ", ""),
            ServiceLevel::Full
        );
    }

    #[test]
    fn online_but_requiring_presence_or_originals_is_partial() {
        assert_eq!(
            classify_service_level(&[Online], "Người yêu cầu phải có mặt khi trả kết quả", ""),
            ServiceLevel::Partial
        );
        assert_eq!(
            classify_service_level(&[Online], "", "Xuất trình bản chính giấy tờ tùy thân"),
            ServiceLevel::Partial
        );
    }

    #[test]
    fn channel_labels_are_read() {
        assert_eq!(ChannelKind::from_catalogue("Trực tuyến"), Some(Online));
        assert_eq!(ChannelKind::from_catalogue("Dịch vụ bưu chính"), Some(Post));
        assert_eq!(ChannelKind::from_catalogue("Trực tiếp"), Some(InPerson));
        assert_eq!(ChannelKind::from_catalogue("Fax"), None);
    }

    #[test]
    fn subjects_are_sorted_into_people_and_organisations() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            subject_kinds(&s(&["Công dân Việt Nam"])),
            vec![SubjectKind::Individual]
        );
        assert_eq!(
            subject_kinds(&s(&["Doanh nghiệp", "Hợp tác xã"])),
            vec![SubjectKind::Organisation]
        );
        assert_eq!(
            subject_kinds(&s(&["Người nước ngoài", "Tổ chức nước ngoài"])),
            vec![SubjectKind::Individual, SubjectKind::Organisation]
        );
        assert!(subject_kinds(&s(&[""])).is_empty());
    }

    #[test]
    fn levels_are_read_from_catalogue_labels() {
        assert_eq!(GovLevel::from_catalogue("Cấp xã"), Some(GovLevel::Commune));
        assert_eq!(
            GovLevel::from_catalogue("Cấp tỉnh"),
            Some(GovLevel::Province)
        );
        assert_eq!(GovLevel::from_catalogue("Cấp bộ"), Some(GovLevel::Ministry));
        assert_eq!(
            GovLevel::from_catalogue("Cơ quan khác"),
            Some(GovLevel::Other)
        );
    }

    #[test]
    fn codes_are_recognised() {
        assert!(looks_like_code("1.001193"));
        assert!(looks_like_code("1.000948.H38"));
        assert!(!looks_like_code("1.00"));
        assert!(!looks_like_code("dang ky"));
    }
}
