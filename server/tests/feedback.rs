//! Feedback and petitions (issue 12), first slice: a person sends a report or a proposal about their dossier, a procedure, a unit or in general; it is routed to the responsible unit with a national code and a due day in working days; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{online_procedure_of, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn body(extra: Value) -> Value {
    let mut b = json!({ "kind": "report", "title": "Hồ sơ quá hạn", "content": "Hồ sơ của tôi đã quá ngày hẹn mà chưa có kết quả.", "publish": true });
    b.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    b
}

#[test]
fn feedback_is_routed_to_the_responsible_unit_with_a_code_and_a_due_day() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let officer = Person::new(&s, "officer-commune").await;
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let dossier = an.submit(&procedure, "feedback-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();

        // Each problem at its field; nothing is kept.
        for (extra, field, reason) in [
            (json!({ "kind": "complaint" }), "kind", "unknown_value"),
            (json!({ "title": " " }), "title", "required"),
            (json!({ "content": "x".repeat(5001) }), "content", "too_long"),
            (json!({ "content": "nul \u{0} here" }), "content", "unknown_value"),
            (json!({ "dossier": "H29-000000-0000" }), "dossier", "unknown_value"),
            (json!({ "procedure": "9.999999" }), "procedure", "unknown_value"),
            (json!({ "unit": "X99999" }), "unit", "unknown_value"),
            (json!({ "attachments": ["not-mine"] }), "attachments", "unknown_document"),
        ] {
            let b = body(json!({ "idempotency_key": "bad-0123456789abcdef" }));
            let mut b = b.as_object().unwrap().clone();
            b.extend(extra.as_object().unwrap().clone());
            let (st, e) = an.send("POST", "/api/me/feedback", Some(Value::Object(b))).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{extra} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{extra} {e}");
        }
        let (_, none) = an.send("GET", "/api/me/feedback", None).await;
        assert_eq!(none, json!([]));
        // Officers answer feedback; they do not send it from the workspace.
        let (st, _) = officer.send("POST", "/api/me/feedback", Some(body(json!({ "idempotency_key": "officer-0123456789abcdef" })))).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        // Another person's dossier is no route to anywhere.
        let (st, e) = binh.send("POST", "/api/me/feedback", Some(body(json!({ "dossier": dossier, "idempotency_key": "binh-0123456789abcdef" })))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["dossier"], json!(["unknown_value"]));

        // About the dossier: its handling unit, a national code, a due day.
        let (st, f) = an.send("POST", "/api/me/feedback", Some(body(json!({ "dossier": dossier.to_lowercase(), "idempotency_key": "about-dossier-0123456789" })))).await;
        assert_eq!(st, StatusCode::CREATED, "{f}");
        let code = f["code"].as_str().unwrap().to_owned();
        let today = server::clock::vn_date(s.state.clock.now_secs());
        let prefix = format!("PAKN.{:04}{:02}{:02}.", today.year(), today.month(), today.day());
        assert!(code.starts_with(&prefix) && code.len() == prefix.len() + 4, "{code}");
        assert_eq!(f["unit"], "Ủy ban nhân dân Phường Ba Đình");
        assert_eq!(f["state"], "received");
        assert_eq!(f["dossier"], dossier.as_str());
        // Ten working days from receipt, by the portal's calendar.
        let local = app::calendar::LocalDateTime::from_unix_seconds(s.state.clock.now_secs());
        let due = app::calendar::due_date(local, 10, s.state.dossier_settings.cutoff);
        assert_eq!(f["due_date"], due.to_string());
        // The same key again is the same feedback.
        let (st, again) = an.send("POST", "/api/me/feedback", Some(body(json!({ "dossier": dossier, "idempotency_key": "about-dossier-0123456789" })))).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(again["code"], code.as_str());

        // A proposal about a procedure, from Phường Ngọc Hà: that ward's
        // unit, and twenty working days.
        let (st, p) = an.send("POST", "/api/me/feedback", Some(body(json!({ "kind": "proposal", "procedure": procedure, "commune": "00008", "idempotency_key": "proposal-0123456789abcdef" })))).await;
        assert_eq!(st, StatusCode::CREATED, "{p}");
        assert_eq!(p["unit"], "Ủy ban nhân dân Phường Ngọc Hà");
        assert_eq!(p["due_date"], app::calendar::due_date(local, 20, s.state.dossier_settings.cutoff).to_string());
        assert_ne!(p["code"], code.as_str(), "codes are numbered in order");
        // About a procedure with no commune said, or in general: the
        // province's coordinating office, which re-routes.
        for extra in [json!({ "procedure": procedure }), json!({})] {
            let key = format!("general-{}-0123456789abcdef", extra.as_object().unwrap().len());
            let mut b = body(json!({ "idempotency_key": key })).as_object().unwrap().clone();
            b.extend(extra.as_object().unwrap().clone());
            let (st, g) = an.send("POST", "/api/me/feedback", Some(Value::Object(b))).await;
            assert_eq!(st, StatusCode::CREATED, "{g}");
            assert_eq!(g["unit"], "Ủy ban nhân dân Thành phố Hà Nội", "{extra}");
        }
        // About a unit, by its code.
        let (st, u) = an.send("POST", "/api/me/feedback", Some(body(json!({ "unit": "T01-STP", "idempotency_key": "unit-0123456789abcdef" })))).await;
        assert_eq!(st, StatusCode::CREATED, "{u}");
        assert_eq!(u["unit"], "Sở Tư pháp Thành phố Hà Nội");

        // The sender reads theirs, newest first; nobody else can.
        let (_, mine) = an.send("GET", "/api/me/feedback", None).await;
        assert_eq!(mine.as_array().unwrap().len(), 5);
        assert_eq!(mine[4]["code"], code.as_str());
        let (st, one) = an.send("GET", &format!("/api/me/feedback/{}", code.to_lowercase()), None).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(one["title"], "Hồ sơ quá hạn");
        assert_eq!(binh.send("GET", &format!("/api/me/feedback/{code}"), None).await.0, StatusCode::NOT_FOUND);
        let (_, hers) = binh.send("GET", "/api/me/feedback", None).await;
        assert_eq!(hers, json!([]));
    });
}

#[test]
fn sending_is_limited_per_person_per_day() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.processing.feedback_per_day = 2).await;
        let an = Person::new(&s, "citizen-l2").await;
        for n in 0..2 {
            let (st, f) = an
                .send(
                    "POST",
                    "/api/me/feedback",
                    Some(body(
                        json!({ "idempotency_key": format!("limit-{n}-0123456789abcdef") }),
                    )),
                )
                .await;
            assert_eq!(st, StatusCode::CREATED, "{f}");
        }
        let (st, _) = an
            .send(
                "POST",
                "/api/me/feedback",
                Some(body(
                    json!({ "idempotency_key": "limit-2-0123456789abcdef" }),
                )),
            )
            .await;
        assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
        // A retry of one already sent is still answered.
        let (st, _) = an
            .send(
                "POST",
                "/api/me/feedback",
                Some(body(
                    json!({ "idempotency_key": "limit-0-0123456789abcdef" }),
                )),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
    });
}
