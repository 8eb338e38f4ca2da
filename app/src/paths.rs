//! Addresses of the JSON API and the workspace's page routes, written once for the browser and the server's tests.
//!
//! The browser builds every API address with these functions, and the
//! server's access test checks each one against the published contract,
//! so a route renamed on one side fails a test instead of a citizen.

/// Health probe for operators and load balancers.
pub const HEALTH: &str = "/api/health";
/// Catalogue search and listing.
pub const PROCEDURES: &str = "/api/procedures";
/// The signed-in person, or nobody.
pub const SESSION: &str = "/api/session";
/// Keeps the session going (the expiry warning's "stay signed in").
pub const SESSION_REFRESH: &str = "/api/session/refresh";
pub const LOGOUT: &str = "/api/auth/logout";
pub const PROFILE: &str = "/api/me/profile";
pub const MY_DRAFTS: &str = "/api/me/drafts";
pub const MY_DOSSIERS: &str = "/api/me/dossiers";
pub const MY_DOCUMENTS: &str = "/api/me/documents";
pub const MY_NOTIFICATIONS: &str = "/api/me/notifications";
pub const NOTIFICATIONS_READ: &str = "/api/me/notifications/read";
pub const UPLOAD_LIMITS: &str = "/api/documents/limits";
pub const PROVINCES: &str = "/api/places/provinces";
/// The public dossier lookup.
pub const LOOKUP: &str = "/api/lookup";
pub const OFFICER_DOSSIERS: &str = "/api/officer/dossiers";
pub const OFFICER_RATINGS: &str = "/api/officer/ratings";
pub const AUDIT: &str = "/api/admin/audit";
/// Officers' and administrators' grants, for administrators.
pub const GRANTS: &str = "/api/admin/grants";
/// The units in force, for the directory and the transfer picker.
pub const UNITS: &str = "/api/units";
/// A leader's view of their unit's open dossiers by officer.
pub const OFFICER_LOAD: &str = "/api/officer/load";
/// A counter officer's intake: the person, then the e-form filled for them.
pub const INTAKE: &str = "/api/officer/intake";
pub const INTAKE_PERSON: &str = "/api/officer/intake/person";
pub const INTAKE_PROCEDURES: &str = "/api/officer/intake/procedures";

/// The pages every public service has, by their address on the portal
/// (`/tro-giup`) and the name of their Markdown file.
pub const SERVICE_PAGES: [&str; 4] = ["tro-giup", "quyen-rieng-tu", "tiep-can", "dieu-khoan"];

/// One of [`SERVICE_PAGES`] in the page's language (`vi` or `en`).
pub fn service_page(slug: &str, lang: &str) -> String {
    format!("/api/pages/{}?lang={}", segment(slug), segment(lang))
}

/// One path segment: what is not unreserved (RFC 3986) is percent-encoded,
/// so a code or an id can never add a segment or a query.
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sign-in, coming back to `return_to` (already percent-encoded).
pub fn login(return_to_encoded: &str) -> String {
    format!("/api/auth/login?return_to={return_to_encoded}")
}

pub fn procedure(code: &str) -> String {
    format!("{PROCEDURES}/{}", segment(code))
}

/// The units that take a procedure's dossiers in.
pub fn procedure_units(code: &str) -> String {
    format!("{PROCEDURES}/{}/units", segment(code))
}

/// The newest e-form of a procedure.
pub fn form(code: &str) -> String {
    format!("/api/forms/{}", segment(code))
}

/// One version of a procedure's e-form (what a dossier was filled with).
pub fn form_version(code: &str, version: u32) -> String {
    format!("{}/{version}", form(code))
}

pub fn communes(province: &str) -> String {
    format!("{PROVINCES}/{}/communes", segment(province))
}

pub fn my_draft(id: &str) -> String {
    format!("{MY_DRAFTS}/{}", segment(id))
}

pub fn my_dossier(code: &str) -> String {
    format!("{MY_DOSSIERS}/{}", segment(code))
}

/// What a dossier's applicant does: `steps`, `rating`, `form-rating`, `qr.svg`.
pub fn my_dossier_part(code: &str, part: &str) -> String {
    format!("{}/{part}", my_dossier(code))
}

pub fn my_document(id: &str) -> String {
    format!("{MY_DOCUMENTS}/{}", segment(id))
}

pub fn my_document_content(id: &str) -> String {
    format!("{}/content", my_document(id))
}

pub fn officer_dossier(code: &str) -> String {
    format!("{OFFICER_DOSSIERS}/{}", segment(code))
}

pub fn officer_steps(code: &str) -> String {
    format!("{}/steps", officer_dossier(code))
}

/// Who opened one of the person's dossiers.
pub fn my_dossier_access(code: &str) -> String {
    my_dossier_part(code, "access")
}

/// One unit of the directory.
pub fn unit(code: &str) -> String {
    format!("{UNITS}/{}", segment(code))
}

/// What a person sent as feedback, and where they send it.
pub const MY_FEEDBACK: &str = "/api/me/feedback";
/// What was routed to an officer's units.
pub const OFFICER_FEEDBACK: &str = "/api/officer/feedback";

/// The officer's units and their feedback rules.
pub const FEEDBACK_RULES: &str = "/api/officer/feedback-rules";
/// The answer templates of the officer's units.
pub const FEEDBACK_TEMPLATES: &str = "/api/officer/feedback-templates";
/// Whether a unit's answers need a leader's approval.
pub fn feedback_approval(unit: &str) -> String {
    format!("/api/officer/units/{}/feedback-approval", segment(unit))
}
/// The public statistics of a period.
pub const STATISTICS: &str = "/api/statistics";
/// What was published: the public list and search.
pub const PUBLIC_FEEDBACK: &str = "/api/feedback";
/// One published question and answer.
pub fn public_feedback(code: &str) -> String {
    format!("{PUBLIC_FEEDBACK}/{}", segment(code))
}
/// The redacted copy an officer would publish (`publish` false) or
/// publishes.
pub fn feedback_publication(code: &str, publish: bool) -> String {
    let step = if publish { "publish" } else { "preview" };
    format!("{OFFICER_FEEDBACK}/{}/{step}", segment(code))
}

/// A document attached to a feedback, as the unit's officers open it.
pub fn feedback_attachment(code: &str, id: &str) -> String {
    format!(
        "{OFFICER_FEEDBACK}/{}/attachments/{}",
        segment(code),
        segment(id)
    )
}

/// A feedback's steps, for its sender or for the unit's officers.
pub fn feedback_steps(officer: bool, code: &str) -> String {
    let base = if officer {
        OFFICER_FEEDBACK
    } else {
        MY_FEEDBACK
    };
    format!("{base}/{}/steps", segment(code))
}

/// A unit an administrator adds.
pub const ADMIN_UNITS: &str = "/api/admin/units";

/// An administrator's change to a unit, and its merger into another.
pub fn admin_unit(code: &str) -> String {
    format!("/api/admin/units/{}", segment(code))
}

pub fn admin_unit_merge(code: &str) -> String {
    format!("{}/merge", admin_unit(code))
}

/// The receipt's QR code, for the officer who prints it at the counter.
pub fn officer_qr(code: &str) -> String {
    format!("{}/qr.svg", officer_dossier(code))
}

pub fn officer_handover(code: &str) -> String {
    format!("{}/handover", officer_dossier(code))
}

/// The result file an officer stages (`name` already percent-encoded).
pub fn officer_result(code: &str, name_encoded: &str) -> String {
    format!("{}/result?name={name_encoded}", officer_dossier(code))
}

pub fn officer_document(code: &str, id: &str) -> String {
    format!("{}/documents/{}", officer_dossier(code), segment(id))
}

/// Page routes of the workspace: the server answers them with the
/// workspace app (`/ws/index.html`), a separate, larger build, so the
/// public catalogue stays small. The public dossier lookup is here too:
/// it is reached from a receipt, by people who are filing dossiers; so is
/// the directory of units, from a procedure's "where to file".
pub const WORKSPACE: [&str; 8] = [
    "/ca-nhan",
    "/nop-ho-so",
    "/can-bo",
    "/tra-cuu-ho-so",
    "/dang-nhap",
    // The directory of units: reached from a procedure's "where to file".
    "/co-quan",
    // Published feedback and its answers: reached from a procedure's page.
    "/phan-anh-kien-nghi",
    // The public statistics: reached from the directory of units.
    "/thong-ke",
];

/// Whether a page route belongs to the signed-in workspace.
pub fn in_workspace(path: &str) -> bool {
    WORKSPACE.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_cannot_leave_its_place() {
        assert_eq!(segment("000.00.H29-261202-0001"), "000.00.H29-261202-0001");
        assert_eq!(segment("../x?y#z"), "..%2Fx%3Fy%23z");
        assert_eq!(my_dossier("a/b"), "/api/me/dossiers/a%2Fb");
        assert_eq!(segment("Đ"), "%C4%90");
    }
}
