//! Who may call what: every route of the published contract × seven callers, against objects owned by someone else too, checked against one table.
//!
//! The routes come from `/api/openapi.json`, which lists every route the
//! server has (a route exists only by being declared with its contract), so
//! a new route without a row here fails this test, and so does a row for a
//! route that is gone.

mod common;

use common::person::{fixture, online_procedure_of, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// What a caller gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// Let through: the handler answered (a success, or a 400/409/422 about the input).
    G,
    /// 401: not signed in.
    U,
    /// 403: signed in, but this role may not.
    F,
    /// 404: the object is not the caller's to see (it does not exist for them).
    N,
}
use Gate::{F, G, N, U};

/// The callers, in the order of the table's columns.
const CALLERS: [&str; 7] = [
    "anonymous",
    "owner (citizen)",
    "another citizen",
    "business",
    "officer of the agency",
    "officer of another agency",
    "administrator",
];

/// `(method, path, [anonymous, owner, another citizen, business, officer
/// of the agency, officer of another agency, administrator])`. Objects in
/// paths are the owner's: a citizen's draft, dossier and document, filed
/// with the commune agency the first officer works for.
const TABLE: &[(&str, &str, [Gate; 7])] = &[
    ("GET", "/health", [G, G, G, G, G, G, G]),
    ("GET", "/procedures", [G, G, G, G, G, G, G]),
    ("GET", "/procedures/{code}", [G, G, G, G, G, G, G]),
    (
        "PUT",
        "/admin/procedures/{code}/service-level",
        [U, F, F, F, F, F, G],
    ),
    (
        "PUT",
        "/admin/procedures/{code}/required-loa",
        [U, F, F, F, F, F, G],
    ),
    ("GET", "/auth/login", [G, G, G, G, G, G, G]),
    ("GET", "/auth/callback", [G, G, G, G, G, G, G]),
    ("POST", "/auth/logout", [U, G, G, G, G, G, G]),
    ("GET", "/session", [G, G, G, G, G, G, G]),
    ("POST", "/session/refresh", [U, G, G, G, G, G, G]),
    ("GET", "/me/profile", [U, G, G, G, G, G, G]),
    ("PUT", "/me/profile", [U, G, G, G, G, G, G]),
    ("GET", "/places/provinces", [G, G, G, G, G, G, G]),
    ("GET", "/pages/{page}", [G, G, G, G, G, G, G]),
    ("GET", "/units", [G, G, G, G, G, G, G]),
    ("GET", "/units/{code}", [G, G, G, G, G, G, G]),
    ("GET", "/procedures/{code}/units", [G, G, G, G, G, G, G]),
    (
        "PUT",
        "/admin/procedures/{code}/units",
        [U, F, F, F, F, F, G],
    ),
    (
        "GET",
        "/places/provinces/{code}/communes",
        [G, G, G, G, G, G, G],
    ),
    ("GET", "/forms/{code}", [G, G, G, G, G, G, G]),
    ("GET", "/forms/{code}/{version}", [G, G, G, G, G, G, G]),
    ("GET", "/documents/limits", [G, G, G, G, G, G, G]),
    ("GET", "/lookup", [G, G, G, G, G, G, G]),
    ("GET", "/me/drafts", [U, G, G, G, G, G, F]),
    ("POST", "/me/drafts", [U, G, G, G, F, F, F]),
    ("GET", "/me/drafts/{id}", [U, G, N, N, N, N, F]),
    ("PUT", "/me/drafts/{id}", [U, G, N, N, N, N, F]),
    ("DELETE", "/me/drafts/{id}", [U, G, N, N, N, N, F]),
    ("GET", "/me/dossiers", [U, G, G, G, G, G, G]),
    ("POST", "/me/dossiers", [U, G, G, G, G, G, F]),
    ("GET", "/me/dossiers/{code}", [U, G, N, N, N, N, N]),
    ("GET", "/me/dossiers/{code}/qr.svg", [U, G, N, N, N, N, N]),
    ("GET", "/me/dossiers/{code}/access", [U, G, N, N, N, N, N]),
    ("POST", "/me/dossiers/{code}/steps", [U, G, N, N, F, F, F]),
    ("PUT", "/me/dossiers/{code}/rating", [U, G, N, N, F, F, F]),
    (
        "PUT",
        "/me/dossiers/{code}/form-rating",
        [U, G, N, N, F, F, F],
    ),
    ("GET", "/me/documents", [U, G, G, G, G, G, F]),
    ("POST", "/me/documents", [U, G, G, G, G, G, F]),
    ("DELETE", "/me/documents/{id}", [U, G, N, N, N, N, F]),
    ("GET", "/me/documents/{id}/content", [U, G, N, N, N, N, N]),
    ("GET", "/me/notifications", [U, G, G, G, G, G, G]),
    ("GET", "/me/feedback", [U, G, G, G, F, F, F]),
    ("POST", "/me/feedback", [U, G, G, G, F, F, F]),
    ("GET", "/me/feedback/{code}", [U, N, N, N, F, F, F]),
    ("POST", "/me/feedback/{code}/steps", [U, N, N, N, F, F, F]),
    ("GET", "/officer/feedback", [U, F, F, F, G, G, F]),
    ("GET", "/officer/feedback/{code}", [U, F, F, F, N, N, F]),
    (
        "GET",
        "/officer/feedback/{code}/attachments/{id}",
        [U, F, F, F, N, N, F],
    ),
    (
        "POST",
        "/officer/feedback/{code}/steps",
        [U, F, F, F, N, N, F],
    ),
    (
        "POST",
        "/officer/feedback/{code}/preview",
        [U, F, F, F, N, N, F],
    ),
    (
        "POST",
        "/officer/feedback/{code}/publish",
        [U, F, F, F, N, N, F],
    ),
    ("GET", "/feedback", [G, G, G, G, G, G, G]),
    ("GET", "/statistics", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/figures.csv", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/months", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/online", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/online.csv", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/months.csv", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/rankings", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/rankings.csv", [G, G, G, G, G, G, G]),
    // Without a figure and a unit: a 400 naming them, to anyone.
    ("GET", "/statistics/dossiers", [G, G, G, G, G, G, G]),
    ("GET", "/statistics/dossiers.csv", [G, G, G, G, G, G, G]),
    ("GET", "/feedback/{code}", [N, N, N, N, N, N, N]),
    ("GET", "/officer/feedback-templates", [U, F, F, F, G, G, F]),
    ("GET", "/officer/feedback-rules", [U, F, F, F, G, G, F]),
    ("GET", "/officer/statistics", [U, F, F, F, G, G, F]),
    ("POST", "/officer/feedback-templates", [U, F, F, F, G, G, G]),
    (
        "DELETE",
        "/officer/feedback-templates/{id}",
        [U, F, F, F, N, N, N],
    ),
    (
        "PUT",
        "/officer/units/{code}/feedback-approval",
        [U, F, F, F, N, N, G],
    ),
    ("POST", "/me/notifications/read", [U, G, G, G, G, G, G]),
    ("GET", "/officer/dossiers", [U, F, F, F, G, G, F]),
    ("GET", "/officer/dossiers/{code}", [U, F, F, F, G, N, F]),
    (
        "POST",
        "/officer/dossiers/{code}/steps",
        [U, F, F, F, G, N, F],
    ),
    (
        "GET",
        "/officer/dossiers/{code}/result",
        [U, F, F, F, G, N, F],
    ),
    (
        "PUT",
        "/officer/dossiers/{code}/result",
        [U, F, F, F, G, N, F],
    ),
    (
        "GET",
        "/officer/dossiers/{code}/documents/{id}",
        [U, F, F, F, G, N, F],
    ),
    (
        "POST",
        "/officer/dossiers/{code}/handover",
        [U, F, F, F, G, N, F],
    ),
    ("GET", "/officer/load", [U, F, F, F, G, G, F]),
    (
        "GET",
        "/officer/dossiers/{code}/qr.svg",
        [U, F, F, F, G, N, F],
    ),
    // Only receiving officers take dossiers in; the other agency's officer
    // is a specialist (their list of procedures is empty).
    ("GET", "/officer/intake/procedures", [U, F, F, F, G, G, F]),
    ("POST", "/officer/intake/person", [U, F, F, F, G, F, F]),
    ("POST", "/officer/intake", [U, F, F, F, G, F, F]),
    ("GET", "/officer/ratings", [U, F, F, F, G, G, F]),
    ("GET", "/admin/audit", [U, F, F, F, F, F, G]),
    ("GET", "/admin/grants", [U, F, F, F, F, F, G]),
    ("POST", "/admin/units", [U, F, F, F, F, F, G]),
    ("PUT", "/admin/units/{code}", [U, F, F, F, F, F, G]),
    ("POST", "/admin/units/{code}/merge", [U, F, F, F, F, F, G]),
    ("PUT", "/admin/grants", [U, F, F, F, F, F, G]),
];

fn gate_of(status: StatusCode) -> Option<Gate> {
    match status.as_u16() {
        401 => Some(U),
        403 => Some(F),
        404 => Some(N),
        s if s < 500 => Some(G),
        _ => None,
    }
}

/// The body a route is called with: enough to pass decoding where that is
/// cheap, so "let through" means the handler itself ran.
fn body_for(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("PUT", "/admin/procedures/{code}/service-level") => {
            Some(json!({ "service_level": "full" }))
        }
        ("PUT", "/admin/procedures/{code}/required-loa") => Some(json!({ "required_loa": 1 })),
        ("PUT", "/admin/procedures/{code}/units") => Some(json!({ "units": [] })),
        ("PUT", "/me/profile") => Some(json!({})),
        ("POST", "/me/drafts") => Some(json!({ "procedure": "1.001193" })),
        ("POST", "/officer/intake/person") => Some(json!({ "personal_id": "12345" })),
        ("POST", "/officer/intake") => {
            Some(json!({ "personal_id": "12345", "procedure": "1.001193", "channel": "counter" }))
        }
        ("PUT", "/me/drafts/{id}") => Some(json!({ "answers": {} })),
        ("POST", "/me/dossiers") => Some(json!({ "draft": "none", "idempotency_key": "short" })),
        ("POST", "/me/feedback/{code}/steps") => Some(json!({ "step": "close" })),
        ("POST", "/officer/feedback/{code}/steps") => Some(json!({ "step": "accept" })),
        ("PUT", "/officer/units/{code}/feedback-approval") => Some(json!({ "required": false })),
        ("POST", _) if path.ends_with("/steps") => Some(json!({ "action": "withdraw" })),
        ("PUT", _) if path.ends_with("/rating") => Some(json!({ "overall": 9 })),
        ("PUT", _) if path.ends_with("/form-rating") => Some(json!({ "score": 9 })),
        _ if method != "GET" && method != "DELETE" => Some(json!({})),
        _ => None,
    }
}

#[test]
fn every_route_admits_exactly_the_callers_its_row_says() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.login_rate_per_minute = 100_000).await;
        // The routes the server has, from its own contract.
        let doc = contract(&s).await;
        let routes: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(p, ops)| {
                ops.as_object()
                    .unwrap()
                    .keys()
                    .map(move |m| (m.to_uppercase(), p.clone()))
            })
            .collect();
        let rows: BTreeSet<(String, String)> = TABLE
            .iter()
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        let unlisted: Vec<_> = routes.difference(&rows).collect();
        let gone: Vec<_> = rows.difference(&routes).collect();
        assert!(unlisted.is_empty(), "routes without a row in the access table: {unlisted:?}");
        assert!(gone.is_empty(), "rows for routes that do not exist: {gone:?}");

        // The owner's objects: a draft, a document, and a dossier filed with
        // the commune agency, in processing, with a staged result and a
        // document attached.
        let accounts = ["citizen-l2", "citizen-l1", "business", "officer-commune", "officer-province", "admin"];
        let mut people = vec![];
        for a in accounts {
            people.push(Person::new(&s, a).await);
        }
        let owner = &people[0];
        let officer = &people[3];
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let dossier = owner.submit(&procedure, "access-table-key-0001").await;
        let code = dossier["code"].as_str().unwrap().to_owned();
        let (_, draft) = owner.send("POST", "/api/me/drafts", Some(json!({ "procedure": "1.001193" }))).await;
        // The version the draft was started with: the birth form as shipped.
        let birth_form_version = draft["form_version"].to_string();
        let draft = draft["id"].as_str().unwrap().to_owned();
        let (_, doc) = owner.upload(fixture("can-cuoc.png"), "image/png", "can-cuoc.png").await;
        let document = doc["id"].as_str().unwrap().to_owned();
        sqlx::query("INSERT INTO dossier_documents (dossier_id, field, document_id, component) SELECT id, 'x', $1, 'x' FROM dossiers WHERE code = $2")
            .bind(&document)
            .bind(&code)
            .execute(&s.state.db.pool)
            .await
            .unwrap();
        let steps = format!("/api/officer/dossiers/{code}/steps");
        for action in ["accept", "start_processing"] {
            let (st, b) = officer.send("POST", &steps, Some(json!({ "action": action }))).await;
            assert_eq!(st, StatusCode::OK, "{action}: {b}");
        }
        let (st, b) = officer
            .send_file("PUT", &format!("/api/officer/dossiers/{code}/result?name=kq.pdf"), fixture("to-khai.pdf"), "application/pdf")
            .await;
        assert_eq!(st, StatusCode::OK, "{b}");

        let fill = |path: &str| {
            path.replace("/provinces/{code}", "/provinces/01")
                .replace("/units/{code}", "/units/X00004")
                .replace("{code}", if path.starts_with("/procedures") || path.starts_with("/admin/procedures") || path.starts_with("/forms") { "1.001193" } else { &code })
                .replace("{version}", &birth_form_version)
                .replace("{page}", "quyen-rieng-tu")
                .replace("{id}", if path.starts_with("/me/drafts") { &draft } else { &document })
        };
        // Reads first, then writes, deletions last; within a row the owner
        // goes last, so nobody else's call sees a deleted object.
        let mut order: Vec<&(&str, &str, [Gate; 7])> = TABLE.iter().collect();
        order.sort_by_key(|(m, _, _)| match *m {
            "GET" => 0,
            "DELETE" => 2,
            _ => 1,
        });
        let mut wrong = vec![];
        for (method, path, expect) in order {
            let url = fill(path);
            for column in [0, 2, 3, 4, 5, 6, 1] {
                let (status, body) = match column {
                    0 => {
                        let mut r = common::signin::client().request(method.parse().unwrap(), format!("{}/api{url}", s.base));
                        if let Some(b) = body_for(method, path) {
                            r = r.json(&b);
                        }
                        let res = r.send().await.unwrap();
                        let st = res.status();
                        (st, res.text().await.unwrap())
                    }
                    c => {
                        // Signing out gets a session of its own.
                        let fresh;
                        let p = if *path == "/auth/logout" {
                            fresh = Person::new(&s, accounts[c - 1]).await;
                            &fresh
                        } else {
                            &people[c - 1]
                        };
                        let res = if method == &"POST" && path.ends_with("/documents") || method == &"PUT" && path.ends_with("/result") {
                            p.send_file(method, &format!("/api{url}"), fixture("can-cuoc.png"), "image/png").await
                        } else {
                            p.send(method, &format!("/api{url}"), body_for(method, path)).await
                        };
                        (res.0, res.1.to_string())
                    }
                };
                let got = gate_of(status);
                if got != Some(expect[column]) {
                    wrong.push(format!(
                        "{method} {path} as {}: expected {:?}, got {status} {}",
                        CALLERS[column],
                        expect[column],
                        body.chars().take(120).collect::<String>()
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{} cells differ from the table:\n{}", wrong.len(), wrong.join("\n"));
    });
}

/// The server's published contract.
async fn contract(s: &common::Served) -> Value {
    reqwest::get(format!("{}/api/openapi.json", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Whether `path` (no query) is an instance of the contract's `template`.
fn instance_of(path: &str, template: &str) -> bool {
    let (p, t): (Vec<&str>, Vec<&str>) = (path.split('/').collect(), template.split('/').collect());
    p.len() == t.len()
        && p.iter()
            .zip(&t)
            .all(|(a, b)| a == b || (b.starts_with('{') && b.ends_with('}') && !a.is_empty()))
}

#[test]
fn every_address_the_browser_builds_is_a_route_of_the_contract() {
    use app::paths as p;
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let doc = contract(&s).await;
        let templates: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        let code = "000.00.H29-261202-0001";
        let built = [
            p::HEALTH.to_owned(),
            p::PROCEDURES.to_owned(),
            p::SESSION.to_owned(),
            p::SESSION_REFRESH.to_owned(),
            p::LOGOUT.to_owned(),
            p::PROFILE.to_owned(),
            p::MY_DRAFTS.to_owned(),
            p::MY_DOSSIERS.to_owned(),
            p::MY_DOCUMENTS.to_owned(),
            p::MY_NOTIFICATIONS.to_owned(),
            p::NOTIFICATIONS_READ.to_owned(),
            p::UPLOAD_LIMITS.to_owned(),
            p::PROVINCES.to_owned(),
            p::service_page("tro-giup", "en"),
            p::LOOKUP.to_owned(),
            p::OFFICER_DOSSIERS.to_owned(),
            p::OFFICER_RATINGS.to_owned(),
            p::AUDIT.to_owned(),
            p::login("%2Fca-nhan"),
            p::procedure("1.001193"),
            p::form("1.001193"),
            p::form_version("1.001193", 1),
            p::communes("01"),
            p::my_draft("d1"),
            p::my_dossier(code),
            p::my_dossier_part(code, "steps"),
            p::my_dossier_part(code, "rating"),
            p::my_dossier_part(code, "form-rating"),
            p::my_dossier_part(code, "qr.svg"),
            p::my_document("doc1"),
            p::my_document_content("doc1"),
            p::officer_dossier(code),
            p::officer_steps(code),
            p::officer_result(code, "kq.pdf"),
            p::officer_document(code, "doc1"),
        ];
        for path in built {
            let bare = path.split('?').next().unwrap();
            let rel = bare.strip_prefix("/api").expect("an API address");
            assert!(
                templates.iter().any(|t| instance_of(rel, t)),
                "{path} is no route of /api/openapi.json"
            );
        }
    });
}
