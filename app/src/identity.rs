//! Who a person is to the portal: identity from the national account, roles, the session and the profile.

use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Stable codes for identity field errors.
pub mod reasons {
    pub const REQUIRED: &str = "required";
    pub const NOT_12_DIGITS: &str = "not_12_digits";
    pub const UNKNOWN_PROVINCE: &str = "unknown_province";
    pub const BAD_CENTURY_GENDER: &str = "bad_century_gender";
    pub const INVALID_EMAIL: &str = "invalid_email";
    pub const INVALID_PHONE: &str = "invalid_phone";
    pub const TOO_LONG: &str = "too_long";
    pub const UNKNOWN_VALUE: &str = "unknown_value";
    /// An administrator taking away their own administrator role.
    pub const OWN_GRANT: &str = "own_grant";
}

/// Province codes that begin a personal ID: the 63 codes in use before the
/// 2025 merger, which IDs issued earlier keep for life (Decree 137/2015 annex).
pub const ID_PROVINCE_CODES: [&str; 63] = [
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
];

/// A 12-digit personal identification number (số định danh cá nhân):
/// 3 digits of province, 1 of century and sex, 2 of year of birth, 6 random.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

impl PersonalId {
    /// Checks length, digits, the province prefix and the century/sex digit.
    pub fn parse(s: &str) -> Result<PersonalId, &'static str> {
        let s = s.trim();
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(reasons::NOT_12_DIGITS);
        }
        if !ID_PROVINCE_CODES.contains(&&s[..3]) {
            return Err(reasons::UNKNOWN_PROVINCE);
        }
        // 0/1: born in the 20th century, 2/3: the 21st (even: male, odd:
        // female). 4-9 stand for centuries from 2100 on: nobody alive.
        if s.as_bytes()[3] > b'3' {
            return Err(reasons::BAD_CENTURY_GENDER);
        }
        Ok(PersonalId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The year of birth the ID encodes.
    pub fn birth_year(&self) -> u32 {
        let c = u32::from(self.0.as_bytes()[3] - b'0');
        let yy: u32 = self.0[4..6].parse().unwrap_or(0);
        1900 + (c / 2) * 100 + yy
    }

    /// The last four digits, the most a page or a log may show.
    pub fn masked(&self) -> String {
        format!("********{}", &self.0[8..])
    }
}

impl TryFrom<String> for PersonalId {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PersonalId::parse(&s)
    }
}

impl From<PersonalId> for String {
    fn from(p: PersonalId) -> String {
        p.0
    }
}

/// What the portal lets a signed-in person do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Individual,
    Organisation,
    Officer,
    Administrator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Individual => "individual",
            Role::Organisation => "organisation",
            Role::Officer => "officer",
            Role::Administrator => "administrator",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::Individual,
            Role::Organisation,
            Role::Officer,
            Role::Administrator,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// Account type from the national account (`LoaiTaiKhoan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    Citizen,
    Organisation,
}

/// The signed-in person as the browser sees them (GET /api/session).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user: Option<SessionUser>,
    /// Sent back in `x-csrf-token` on every state-changing request.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub csrf: String,
    /// Seconds until the session ends for inactivity.
    #[serde(default)]
    pub idle_seconds_left: i64,
    /// How long the portal waits for activity before ending a session
    /// (the browser warns in the last part of it).
    #[serde(default)]
    pub idle_seconds: i64,
    /// Seconds until the session ends whatever happens.
    #[serde(default)]
    pub absolute_seconds_left: i64,
    /// Notifications not yet read: the header's badge.
    #[serde(default)]
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionUser {
    pub name: String,
    pub role: Role,
    /// Identity level proved at the national account (1 or 2).
    pub loa: u8,
    /// Agencies an officer works for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<i64>,
}

/// "My profile": what the national account says (read-only) and what the person adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub full_name: String,
    pub personal_id: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    pub account_type: AccountType,
    pub loa: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_code: Option<String>,
    #[serde(flatten)]
    pub contact: ProfileUpdate,
}

/// The part of the profile a person may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileUpdate {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// "vi" or "en"
    #[serde(default = "default_lang")]
    pub preferred_lang: String,
    #[serde(default)]
    pub notify_email: bool,
    #[serde(default)]
    pub notify_sms: bool,
    /// Where the person lives: the 2025 province and commune codes (both
    /// or neither); their commune is then chosen by default.
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub commune: String,
}

fn default_lang() -> String {
    "vi".into()
}

/// A plausible e-mail address: one `@`, a dot in the domain, no spaces.
pub fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && s.len() <= 254
}

/// A Vietnamese phone number: 10 digits starting with 0 and a mobile or
/// landline prefix (03, 05, 07, 08, 09, 02), or the same as +84 without the 0.
/// Returns it in the 0xxxxxxxxx form.
pub fn normalize_phone(s: &str) -> Option<String> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("84").filter(|r| r.len() == 9) {
        format!("0{rest}")
    } else {
        digits
    };
    let ok = national.len() == 10
        && national.bytes().all(|b| b.is_ascii_digit())
        && matches!(&national[..2], "02" | "03" | "05" | "07" | "08" | "09");
    ok.then_some(national)
}

impl ProfileUpdate {
    /// Validates and normalises; the browser and the server call the same code.
    pub fn validate(mut self) -> Result<ProfileUpdate, FieldErrors> {
        let mut e = FieldErrors::default();
        self.email = self.email.trim().to_owned();
        self.phone = self.phone.trim().to_owned();
        if !self.email.is_empty() && !valid_email(&self.email) {
            e.add("email", reasons::INVALID_EMAIL);
        }
        if !self.phone.is_empty() {
            match normalize_phone(&self.phone) {
                Some(p) => self.phone = p,
                None => e.add("phone", reasons::INVALID_PHONE),
            }
        }
        if !matches!(self.preferred_lang.as_str(), "vi" | "en") {
            e.add("preferred_lang", reasons::UNKNOWN_VALUE);
        }
        if self.notify_email && self.email.is_empty() {
            e.add("email", reasons::REQUIRED);
        }
        if self.notify_sms && self.phone.is_empty() {
            e.add("phone", reasons::REQUIRED);
        }
        self.province = self.province.trim().to_owned();
        self.commune = self.commune.trim().to_owned();
        // Whether the commune lies in the province is the server's to say
        // (it has the list); here, both or neither.
        if !self.province.is_empty() && self.commune.is_empty() {
            e.add("commune", reasons::REQUIRED);
        }
        if self.province.is_empty() && !self.commune.is_empty() {
            e.add("province", reasons::REQUIRED);
        }
        e.into_result(self)
    }
}

/// The answer to `POST /api/auth/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogoutAnswer {
    /// Where the browser should go next: the provider's logout, or home.
    pub redirect: String,
}

/// A return address after login: only a path on this site, never another
/// origin (`//evil.example`, `https://...`, `/\evil`), so login cannot be
/// used to send people elsewhere. No control characters either (`/%01x`,
/// `/%7F`): they cannot go into a `Location` header.
pub fn safe_return_to(s: &str) -> Option<&str> {
    let ok = s.starts_with('/')
        && !s.starts_with("//")
        && !s.starts_with("/\\")
        && !s.contains('\\')
        && !s.chars().any(|c| c.is_control() || is_bidi_control(c))
        && !s.contains("://")
        && s.len() <= 512;
    ok.then_some(s)
}

/// Characters that reorder how text is shown (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C): harmless to store, but they make `exe.pdf`
/// read as `fdp.exe`, so names and links drop them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personal_id_has_12_digits_and_a_known_province() {
        assert!(PersonalId::parse("001203012345").is_ok());
        assert_eq!(
            PersonalId::parse("00120301234"),
            Err(reasons::NOT_12_DIGITS)
        );
        assert_eq!(
            PersonalId::parse("00120301234a"),
            Err(reasons::NOT_12_DIGITS)
        );
        assert_eq!(
            PersonalId::parse("003203012345"),
            Err(reasons::UNKNOWN_PROVINCE)
        );
        assert_eq!(
            PersonalId::parse("001503012345"),
            Err(reasons::BAD_CENTURY_GENDER)
        );
        assert_eq!(
            PersonalId::parse("001203012345").unwrap().birth_year(),
            2003
        );
        assert_eq!(
            PersonalId::parse("079185012345").unwrap().birth_year(),
            1985
        );
        assert_eq!(
            PersonalId::parse("001203012345").unwrap().masked(),
            "********2345"
        );
    }

    #[test]
    fn phones_are_normalised_to_the_national_form() {
        assert_eq!(
            normalize_phone("0912 345 678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("+84912345678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("84912345678").as_deref(),
            Some("0912345678")
        );
        assert_eq!(normalize_phone("0112345678"), None);
        assert_eq!(normalize_phone("091234567"), None);
    }

    #[test]
    fn emails_are_checked() {
        assert!(valid_email("an.nguyen@example.vn"));
        assert!(!valid_email("an nguyen@example.vn"));
        assert!(!valid_email("an@localhost"));
        assert!(!valid_email("@example.vn"));
    }

    #[test]
    fn a_profile_update_names_each_bad_field() {
        let e = ProfileUpdate {
            email: "x".into(),
            phone: "12".into(),
            preferred_lang: "fr".into(),
            notify_email: false,
            notify_sms: false,
            province: "01".into(),
            commune: " ".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            e.0.keys().cloned().collect::<Vec<_>>(),
            vec!["commune", "email", "phone", "preferred_lang"]
        );
        let e = ProfileUpdate {
            notify_email: true,
            preferred_lang: "vi".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.0["email"], vec![reasons::REQUIRED]);
        let ok = ProfileUpdate {
            phone: "+84 912 345 678".into(),
            preferred_lang: "en".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.phone, "0912345678");
    }

    #[test]
    fn only_same_origin_paths_are_return_addresses() {
        assert_eq!(
            safe_return_to("/thu-tuc/1.001193"),
            Some("/thu-tuc/1.001193")
        );
        assert_eq!(
            safe_return_to("/tim-kiem?q=a&b=c"),
            Some("/tim-kiem?q=a&b=c")
        );
        for bad in [
            "//evil.example/x",
            "https://evil.example",
            "/\\evil.example",
            "evil",
            "",
            "/x\r\nSet-Cookie: a",
            "/redirect?to=https://evil",
            "/\u{1}x",
            "/\u{7f}",
            "/a\u{0}b",
            "/\u{202e}gpj.exe",
        ] {
            assert_eq!(safe_return_to(bad), None, "{bad:?}");
        }
    }
}
