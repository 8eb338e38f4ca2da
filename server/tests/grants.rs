//! Administrators grant officers to units with a role (issue 11): by personal ID, at once for who has signed in, checked field by field; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{online_procedure_of, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn put(admin: &Person<'_>, body: Value) -> (StatusCode, Value) {
    admin.send("PUT", "/api/admin/grants", Some(body)).await
}

fn reference_of(list: &Value, name: &str) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|g| g["full_name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {list}"))["reference"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn an_administrator_grants_changes_and_takes_away_officers_units() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let admin = Person::new(&s, "admin").await;
        let an = Person::new(&s, "citizen-l2").await;
        let hanh = Person::new(&s, "officer-commune-2").await;
        let (st, list) = admin.send("GET", "/api/admin/grants", None).await;
        assert_eq!(st, StatusCode::OK, "{list}");
        // Personal IDs masked to their last four digits, never whole.
        let text = list.to_string();
        assert!(text.contains("********4444") && !text.contains("001182004444"), "{text}");
        assert_eq!(
            an.send("GET", "/api/admin/grants", None).await.0,
            StatusCode::FORBIDDEN
        );

        // Each bad grant is refused at its field, and nothing changes.
        let me = reference_of(&list, "Hoàng Quốc Em");
        let new = |extra: Value| {
            let mut b = json!({ "personal_id": "001090007777", "full_name": "Ngô Văn Tâm", "role": "officer", "units": [{ "unit": "X00008", "role": "specialist" }] });
            b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            b
        };
        for (body, field, reason) in [
            (new(json!({ "personal_id": "123" })), "personal_id", "not_12_digits"),
            (new(json!({ "full_name": "" })), "full_name", "required"),
            (new(json!({ "full_name": "x".repeat(101) })), "full_name", "too_long"),
            (new(json!({ "role": "individual" })), "role", "unknown_value"),
            (new(json!({ "units": [] })), "units", "too_few"),
            (new(json!({ "units": [{ "unit": "X99999", "role": "leader" }] })), "units.0.unit", "unknown_value"),
            (new(json!({ "units": [{ "unit": "X00008", "role": "leader" }, { "unit": "X00008", "role": "leader" }] })), "units.1.unit", "too_many"),
            (json!({ "reference": "nope", "role": "officer", "units": [{ "unit": "X00008", "role": "leader" }] }), "reference", "unknown_value"),
            (json!({ "reference": me, "role": null, "units": [] }), "role", "own_grant"),
        ] {
            let (st, e) = put(&admin, body.clone()).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{body} {e}");
        }
        let (_, unchanged) = admin.send("GET", "/api/admin/grants", None).await;
        assert_eq!(unchanged, list);

        // Someone who has never signed in: listed under the name typed.
        let (st, now) = put(&admin, new(json!({}))).await;
        assert_eq!(st, StatusCode::OK, "{now}");
        let tam = now
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["full_name"] == "Ngô Văn Tâm")
            .unwrap()
            .clone();
        assert_eq!(tam["signed_in"], false);
        assert_eq!(tam["units"], json!([{ "unit": "X00008", "role": "specialist" }]));

        // An officer who has signed in is moved to Ba Đình at once: its
        // dossiers are hers on her next request, Ngọc Hà's no longer.
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let code = an.submit(&procedure, "grant-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/api/officer/dossiers/{code}");
        assert_eq!(hanh.send("GET", &path, None).await.0, StatusCode::NOT_FOUND);
        let hanh_ref = reference_of(&now, "Đỗ Thị Hạnh");
        let (st, _) = put(&admin, json!({ "reference": hanh_ref, "role": "officer", "units": [{ "unit": "X00004", "role": "leader" }] })).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(hanh.send("GET", &path, None).await.0, StatusCode::OK);
        let (_, load) = hanh.send("GET", "/api/officer/load", None).await;
        assert_eq!(load[0]["code"], "X00004", "a leader of Ba Đình now: {load}");

        // Taken away: she is a citizen again, at once.
        let (st, after) = put(&admin, json!({ "reference": hanh_ref, "role": null, "units": [] })).await;
        assert_eq!(st, StatusCode::OK);
        assert!(!after.to_string().contains("Đỗ Thị Hạnh"));
        assert_eq!(
            hanh.send("GET", "/api/officer/dossiers", None).await.0,
            StatusCode::FORBIDDEN
        );
        // Every change is in the audit log, without the whole personal ID.
        let (_, log) = admin.send("GET", "/api/admin/audit", None).await;
        let grants: Vec<&Value> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "grant")
            .collect();
        assert_eq!(grants.len(), 3, "{log}");
        assert!(!log.to_string().contains("001182004444"));
        assert!(grants[0]["detail"].as_str().unwrap().contains("********4444: Thu hồi quyền"));
    });
}

/// An officer who leaves a unit leaves nothing waiting on them: the open
/// dossiers they held go back to the unit, unassigned, and the applicant
/// reads why.
#[test]
fn taking_a_unit_away_releases_the_dossiers_the_officer_held_there() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let admin = Person::new(&s, "admin").await;
        let an = Person::new(&s, "citizen-l2").await;
        let counter = Person::new(&s, "officer-commune").await;
        let khoa = Person::new(&s, "specialist-commune").await;
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let code = an.submit(&procedure, "release-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/api/officer/dossiers/{code}");
        counter.send("POST", &format!("{path}/steps"), Some(json!({ "action": "accept" }))).await;
        let (_, d) = khoa.send("POST", &format!("{path}/steps"), Some(json!({ "action": "start_processing" }))).await;
        assert_eq!(d["handler"], "Vũ Minh Khoa — Ủy ban nhân dân Phường Ba Đình", "{d}");
        // Khoa moves to Phường Ngọc Hà.
        let (_, list) = admin.send("GET", "/api/admin/grants", None).await;
        let reference = reference_of(&list, "Vũ Minh Khoa");
        let (st, e) = put(&admin, json!({ "reference": reference, "full_name": "", "role": "officer", "units": [{ "unit": "X00008", "role": "specialist" }] })).await;
        assert_eq!(st, StatusCode::OK, "{e}");
        // The dossier is held by nobody, back with Phường Ba Đình…
        let (st, d) = counter.send("GET", &path, None).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(d["handler"], "Ủy ban nhân dân Phường Ba Đình", "{d}");
        let last = d["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "assign", "{last}");
        assert!(last["note"].as_str().unwrap().contains("chờ phân công lại"), "{last}");
        // …which Khoa no longer sees, and the applicant reads why.
        assert_eq!(khoa.send("GET", &path, None).await.0, StatusCode::NOT_FOUND);
        let (_, his) = an.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert!(his["events"].to_string().contains("chờ phân công lại"), "{his}");
    });
}
