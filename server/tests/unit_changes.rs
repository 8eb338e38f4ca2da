//! Administrators rename a unit from a date and merge one into another (issue 11): open dossiers, counters and grants move, history keeps the old name; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{online_procedure_of, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

const BA_DINH: &str = "Ủy ban nhân dân Phường Ba Đình";
const NGOC_HA: &str = "Ủy ban nhân dân Phường Ngọc Hà";

fn today(s: &common::Served) -> String {
    server::clock::vn_date(s.state.clock.now_secs()).to_string()
}

#[test]
fn a_unit_is_renamed_from_a_date_and_merged_into_another_with_its_open_dossiers() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let admin = Person::new(&s, "admin").await;
        let an = Person::new(&s, "citizen-l2").await;
        let counter = Person::new(&s, "officer-commune").await;
        let hanh = Person::new(&s, "officer-commune-2").await;
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let code = an.submit(&procedure, "merge-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let officer_path = format!("/api/officer/dossiers/{code}");
        let (st, _) = counter
            .send("POST", &format!("{officer_path}/steps"), Some(json!({ "action": "accept" })))
            .await;
        assert_eq!(st, StatusCode::OK);
        let today = today(&s);
        let renamed = json!({ "name_vi": "Ủy ban nhân dân Phường Ba Đình (mới)", "name_en": "Ba Đình Ward People's Committee (new)", "address": "1 Hoàng Hoa Thám", "phone": "024 3823 0000", "email": "ubnd@badinh.hanoi.gov.vn", "hours": "Thứ Hai – Thứ Sáu, 8:00 – 17:00", "from": today });

        // Each bad change is refused at its field; only administrators may.
        let with = |extra: Value| {
            let mut b = renamed.clone();
            b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            b
        };
        for (body, field, reason) in [
            (with(json!({ "name_vi": " " })), "name_vi", "required"),
            (with(json!({ "email": "không phải thư" })), "email", "invalid_email"),
            (with(json!({ "from": "2099-01-01" })), "from", "future_date"),
            (with(json!({ "from": "2025-06-30" })), "from", "out_of_range"),
            (with(json!({ "from": "hôm nay" })), "from", "invalid_date"),
        ] {
            let (st, e) = admin.send("PUT", "/api/admin/units/X00004", Some(body.clone())).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{body} {e}");
        }
        assert_eq!(counter.send("PUT", "/api/admin/units/X00004", Some(renamed.clone())).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.send("PUT", "/api/admin/units/X99999", Some(renamed.clone())).await.0, StatusCode::NOT_FOUND);

        // Renamed: the open dossier takes the new name, its history keeps the old.
        let (st, d) = admin.send("PUT", "/api/admin/units/X00004", Some(renamed.clone())).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["name"]["vi"], "Ủy ban nhân dân Phường Ba Đình (mới)");
        assert_eq!(d["hours"], "Thứ Hai – Thứ Sáu, 8:00 – 17:00");
        let (_, mine) = an.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert_eq!(mine["agency"], "Ủy ban nhân dân Phường Ba Đình (mới)");
        assert_eq!(mine["events"][1]["unit"], BA_DINH);

        // Merged into Ngọc Hà: not into itself or a unit that does not exist.
        for into in ["X00004", "X99999"] {
            let (st, e) = admin
                .send("POST", "/api/admin/units/X00004/merge", Some(json!({ "into": into, "from": today })))
                .await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
            assert_eq!(e["fields"]["into"], json!(["unknown_value"]));
        }
        let (st, d) = admin
            .send("POST", "/api/admin/units/X00004/merge", Some(json!({ "into": "X00008", "from": today })))
            .await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["code"], "X00008");
        let (_, all) = admin.send("GET", "/api/units", None).await;
        assert!(!all.to_string().contains("\"X00004\""), "a merged unit is no longer offered");
        let (_, old) = admin.send("GET", "/api/units/X00004", None).await;
        assert_eq!((old["valid_to"].as_str(), old["merged_into"].as_str()), (Some(today.as_str()), Some("X00008")));

        // The open dossier went with it, and its applicant was told.
        let (_, mine) = an.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert_eq!(mine["agency"], NGOC_HA);
        let last = mine["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "transfer");
        assert!(last["note"].as_str().unwrap().contains("sáp nhập vào Ủy ban nhân dân Phường Ngọc Hà"), "{last}");
        let (_, notes) = an.send("GET", "/api/me/notifications", None).await;
        assert_eq!(notes[0]["action"], "transfer");
        // Ngọc Hà's officer has it; Ba Đình's officers came along with their grants.
        assert_eq!(hanh.send("GET", &officer_path, None).await.0, StatusCode::OK);
        assert_eq!(counter.send("GET", &officer_path, None).await.0, StatusCode::OK);
        let (_, grants) = admin.send("GET", "/api/admin/grants", None).await;
        let cuong = grants.as_array().unwrap().iter().find(|g| g["full_name"] == "Lê Văn Cường").unwrap().clone();
        assert_eq!(cuong["units"], json!([{ "unit": "X00008", "role": "receiving" }]));
        // A merged unit is no longer one to file with, or to merge again.
        let (st, _) = admin
            .send("POST", "/api/admin/units/X00004/merge", Some(json!({ "into": "X00008", "from": today })))
            .await;
        assert_eq!(st, StatusCode::NOT_FOUND);
    });
}

#[test]
fn an_administrator_adds_a_unit_the_list_does_not_have() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let admin = Person::new(&s, "admin").await;
        let counter = Person::new(&s, "officer-commune").await;
        let today = today(&s);
        let new = json!({ "code": "T01-BQLKCN", "level": "department", "name_vi": "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội", "name_en": "Hà Nội Industrial and Export Processing Zones Authority", "address": "18B Lê Thánh Tông", "phone": "", "email": "", "hours": "", "from": today });
        let with = |extra: Value| {
            let mut b = new.clone();
            b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            b
        };
        // Each problem at its field; nothing is added.
        for (body, field, reason) in [
            (with(json!({ "code": "" })), "code", "required"),
            (with(json!({ "code": "sở nội vụ" })), "code", "unknown_value"),
            (with(json!({ "code": "x00004" })), "code", "already_exists"),
            (with(json!({ "level": "province" })), "level", "unknown_value"),
            (with(json!({ "level": "district" })), "level", "unknown_value"),
            (with(json!({ "name_en": " " })), "name_en", "required"),
            (with(json!({ "from": "2025-06-30" })), "from", "out_of_range"),
            (with(json!({ "from": "2099-01-01" })), "from", "future_date"),
        ] {
            let (st, e) = admin.send("POST", "/api/admin/units", Some(body.clone())).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{body} {e}");
        }
        assert_eq!(counter.send("POST", "/api/admin/units", Some(new.clone())).await.0, StatusCode::FORBIDDEN);
        let (_, before) = admin.send("GET", "/api/units", None).await;
        assert!(!before.to_string().contains("T01-BQLKCN"));

        let (st, d) = admin.send("POST", "/api/admin/units", Some(with(json!({ "code": "t01-bqlkcn" })))).await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
        assert_eq!(d["code"], "T01-BQLKCN");
        assert_eq!(d["parent"], "T01");
        assert_eq!(d["address"], "18B Lê Thánh Tông");
        let (_, listed) = admin.send("GET", "/api/units/T01-BQLKCN", None).await;
        assert_eq!(listed["name"]["vi"], "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội");
        // A second time is refused: the code is taken.
        let (st, e) = admin.send("POST", "/api/admin/units", Some(new.clone())).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["code"], json!(["already_exists"]));
        // A new ward serves what every ward serves.
        let (st, ward) = admin.send("POST", "/api/admin/units", Some(json!({ "code": "X99001", "level": "commune", "name_vi": "Ủy ban nhân dân Phường Mới", "name_en": "People's Committee of Mới Ward", "from": today }))).await;
        assert_eq!(st, StatusCode::CREATED, "{ward}");
        assert!(ward["procedures"].as_array().unwrap().len() > 100, "{ward}");
        let audit: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log WHERE action = 'create_unit'")
            .fetch_all(&s.state.db.pool)
            .await
            .unwrap();
        assert_eq!(audit.len(), 2);
    });
}

/// A unit's rule assigns what its counter accepts: to its specialist with
/// the fewest open dossiers, with an event the applicant reads.
#[test]
fn a_units_rule_assigns_each_accepted_dossier_to_a_specialist() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let admin = Person::new(&s, "admin").await;
        let an = Person::new(&s, "citizen-l2").await;
        let counter = Person::new(&s, "officer-commune").await;
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let file = |key: &'static str| {
            let (an, procedure) = (&an, procedure.clone());
            async move { an.submit(&procedure, key).await["code"].as_str().unwrap().to_owned() }
        };
        // Without the rule the counter officer holds what they accept.
        let first = file("rule-0123456789abcdef-1").await;
        let (_, d) = counter.send("POST", &format!("/api/officer/dossiers/{first}/steps"), Some(json!({ "action": "accept" }))).await;
        assert_eq!(d["handler"], format!("Lê Văn Cường — {BA_DINH}"), "{d}");
        let today = today(&s);
        let (st, e) = admin
            .send("PUT", "/api/admin/units/X00004", Some(json!({ "name_vi": BA_DINH, "name_en": "People's Committee of Ba Đình Ward", "from": today, "auto_assign": true })))
            .await;
        assert_eq!(st, StatusCode::OK, "{e}");
        assert_eq!(e["auto_assign"], true);
        // With it, the unit's one specialist holds it at once.
        let second = file("rule-0123456789abcdef-2").await;
        let (st, d) = counter.send("POST", &format!("/api/officer/dossiers/{second}/steps"), Some(json!({ "action": "accept" }))).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["handler"], format!("Vũ Minh Khoa — {BA_DINH}"), "{d}");
        let last = d["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "assign", "{last}");
        assert!(last["note"].as_str().unwrap().contains("quy tắc"), "{last}");
        let khoa = Person::new(&s, "specialist-commune").await;
        let (_, mine) = khoa.send("GET", "/api/officer/dossiers?queue=mine", None).await;
        assert!(mine["items"].to_string().contains(&second), "{mine}");
    });
}
