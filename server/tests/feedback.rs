//! Feedback and petitions (issue 12), first slice: a person sends a report or a proposal about their dossier, a procedure, a unit or in general; it is routed to the responsible unit with a national code and a due day in working days; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{fixture, online_procedure_of, Person};
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

async fn step(p: &Person<'_>, path: &str, body: Value) -> (StatusCode, Value) {
    p.send("POST", path, Some(body)).await
}

/// The whole handling: only the unit it was routed to sees it; a refusal
/// needs a reason; information is asked once; the answer closes or, once
/// and within seven days, reopens it; every step is kept.
#[test]
fn the_unit_answers_and_the_sender_reopens_once_then_closes() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let cuong = Person::new(&s, "officer-commune").await;
        let hanh = Person::new(&s, "officer-commune-2").await;
        // Here the ward's officers answer on their own (the demo has its
        // leader approve answers: that is the next test).
        let admin = Person::new(&s, "admin").await;
        let (st, _) = admin.send("PUT", "/api/officer/units/X00004/feedback-approval", Some(json!({ "required": false }))).await;
        assert_eq!(st, StatusCode::NO_CONTENT);
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let dossier = an.submit(&procedure, "handling-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let (_, f) = an.send("POST", "/api/me/feedback", Some(body(json!({ "dossier": dossier, "idempotency_key": "handled-0123456789abcdef" })))).await;
        let code = f["code"].as_str().unwrap().to_owned();
        let (officer_path, mine) = (format!("/api/officer/feedback/{code}"), format!("/api/me/feedback/{code}/steps"));
        let steps = format!("{officer_path}/steps");

        // Another unit's officer neither sees nor answers it.
        assert_eq!(hanh.send("GET", &officer_path, None).await.0, StatusCode::NOT_FOUND);
        assert_eq!(step(&hanh, &steps, json!({ "step": "accept" })).await.0, StatusCode::NOT_FOUND);
        let (_, theirs) = hanh.send("GET", "/api/officer/feedback", None).await;
        assert_eq!(theirs, json!([]));
        // The unit's officer finds it in the open queue, with the sender.
        let (_, queue) = cuong.send("GET", "/api/officer/feedback", None).await;
        assert_eq!(queue[0]["code"], code.as_str());
        assert_eq!(queue[0]["sender"], "Nguyễn Văn An");
        assert_eq!(queue[0]["steps"], json!(["accept", "refuse", "request_info"]));
        let (st, _) = cuong.send("GET", "/api/officer/feedback?queue=later", None).await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        // A sender's step is not the unit's, nor the other way round.
        assert_eq!(step(&cuong, &steps, json!({ "step": "close" })).await.0, StatusCode::FORBIDDEN);
        assert_eq!(step(&an, &mine, json!({ "step": "answer", "note": "x" })).await.0, StatusCode::FORBIDDEN);

        // A refusal needs its reason and a word to the sender; a duplicate
        // names a feedback that exists.
        let (st, e) = step(&cuong, &steps, json!({ "step": "refuse" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["reason"], json!(["required"]));
        assert_eq!(e["fields"]["note"], json!(["required"]));
        let (st, e) = step(&cuong, &steps, json!({ "step": "refuse", "reason": "duplicate", "duplicate_of": "PAKN.20200101.0001", "note": "Trùng" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["duplicate_of"], json!(["unknown_value"]));

        // Accepted; more information asked once.
        assert_eq!(step(&cuong, &steps, json!({ "step": "accept" })).await.0, StatusCode::OK);
        let (st, f) = step(&cuong, &steps, json!({ "step": "request_info", "note": "Cho biết ngày hẹn ghi trên giấy tiếp nhận." })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(f["state"], "info_requested");
        let (st, e) = step(&an, &mine, json!({ "step": "give_info" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["note"], json!(["required"]));
        let (st, f) = step(&an, &mine, json!({ "step": "give_info", "note": "Ngày hẹn là 10/12." })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(f["state"], "in_progress");
        let (st, _) = step(&cuong, &steps, json!({ "step": "request_info", "note": "Lần nữa" })).await;
        assert_eq!(st, StatusCode::CONFLICT, "information is asked once");
        // Not answered yet: nothing to close.
        assert_eq!(step(&an, &mine, json!({ "step": "close" })).await.0, StatusCode::CONFLICT);

        // The answer; the sender says it did not resolve it, once.
        let (st, e) = step(&cuong, &steps, json!({ "step": "answer", "note": " " })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["note"], json!(["required"]));
        let (_, f) = step(&cuong, &steps, json!({ "step": "answer", "note": "Hồ sơ đã được xử lý, mời ông nhận kết quả." })).await;
        assert_eq!(f["state"], "answered");
        let (_, seen) = an.send("GET", &format!("/api/me/feedback/{code}"), None).await;
        assert_eq!(seen["answer"], "Hồ sơ đã được xử lý, mời ông nhận kết quả.");
        assert_eq!(seen["steps"], json!(["rate", "reopen", "close"]));
        let (st, f) = step(&an, &mine, json!({ "step": "reopen", "note": "Chưa nhận được kết quả." })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(f["state"], "in_progress");
        assert_eq!(f["reopened"], true);
        let (_, reopened) = cuong.send("GET", "/api/officer/feedback?queue=reopened", None).await;
        assert_eq!(reopened[0]["code"], code.as_str());
        step(&cuong, &steps, json!({ "step": "answer", "note": "Đã gửi kết quả qua bưu chính." })).await;
        assert_eq!(step(&an, &mine, json!({ "step": "reopen", "note": "Vẫn chưa" })).await.0, StatusCode::CONFLICT);
        let (st, f) = step(&an, &mine, json!({ "step": "close" })).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(f["state"], "closed");
        let actions: Vec<&str> = f["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["received", "accept", "request_info", "give_info", "answer", "reopen", "answer", "close"]);
        assert_eq!(f["events"][1]["unit"], "Ủy ban nhân dân Phường Ba Đình");

        // A second one refused as its duplicate, linked.
        let (_, g) = an.send("POST", "/api/me/feedback", Some(body(json!({ "dossier": dossier, "idempotency_key": "again-0123456789abcdef" })))).await;
        let again = format!("/api/officer/feedback/{}/steps", g["code"].as_str().unwrap());
        let (st, g) = step(&cuong, &again, json!({ "step": "refuse", "reason": "duplicate", "duplicate_of": code.to_lowercase(), "note": "Trùng với phản ánh trước." })).await;
        assert_eq!(st, StatusCode::OK, "{g}");
        assert_eq!(g["state"], "refused");
        assert_eq!(g["refusal"], "duplicate");
        assert_eq!(g["duplicate_of"], code.as_str());

        // A reopening comes within seven days of the answer, or not at all.
        let (_, h) = an.send("POST", "/api/me/feedback", Some(body(json!({ "unit": "X00004", "idempotency_key": "late-0123456789abcdef" })))).await;
        let late = h["code"].as_str().unwrap().to_owned();
        let late_steps = format!("/api/officer/feedback/{late}/steps");
        step(&cuong, &late_steps, json!({ "step": "accept" })).await;
        step(&cuong, &late_steps, json!({ "step": "answer", "note": "Đã xem xét." })).await;
        s.state.clock.advance(8 * 86_400);
        // Eight days on, the earlier session has ended: signed in anew.
        let an = Person::new(&s, "citizen-l2").await;
        let (st, e) = step(&an, &format!("/api/me/feedback/{late}/steps"), json!({ "step": "reopen", "note": "Chưa ổn" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["step"], json!(["too_late"]));
    });
}

/// Where the unit requires it a leader approves the answer; the sender is
/// told of each step (in the portal and by email), rates the answer; the
/// officer previews and publishes it redacted; the public finds it by words
/// without diacritics and reads no personal data; the coordinating office
/// re-routes general feedback with a reason kept in the history.
#[test]
fn a_leader_approves_the_answer_it_is_published_redacted_and_rated() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let (st, _) = an.send("PUT", "/api/me/profile", Some(json!({ "email": "an@example.vn", "notify_email": true }))).await;
        assert!(st.is_success(), "{st}");
        let khoa = Person::new(&s, "specialist-commune").await;
        let lan = Person::new(&s, "leader-commune").await;
        let quynh = Person::new(&s, "officer-coordinating").await;
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let dossier = an.submit(&procedure, "approval-0123456789abcdef").await["code"].as_str().unwrap().to_owned();
        let content = "Hồ sơ của tôi quá hạn. Cán bộ Vũ Minh Khoa hẹn ba lần. Gọi tôi: 0912 345 678, CCCD 001085012345, nhà số 12 đường Lê Lợi.";
        let (_, doc) = an.upload(fixture("can-cuoc.png"), "image/png", "can-cuoc.png").await;
        let doc = doc["id"].as_str().unwrap().to_owned();
        let (_, f) = an.send("POST", "/api/me/feedback", Some(body(json!({ "dossier": dossier, "content": content, "attachments": [doc], "idempotency_key": "approve-0123456789abcdef" })))).await;
        let code = f["code"].as_str().unwrap().to_owned();
        assert_eq!(f["attachments"][0]["file_name"], "can-cuoc.png", "{f}");
        // The unit's officers open what was attached; the look is audited.
        let attached = format!("/api/officer/feedback/{code}/attachments/{doc}");
        let res = reqwest::Client::new().get(format!("{}{attached}", s.base)).header("cookie", &khoa.cookie).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/png");
        let looks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback_view_document'").fetch_one(&s.state.db.pool).await.unwrap();
        assert_eq!(looks, 1);
        let steps = format!("/api/officer/feedback/{code}/steps");
        let mine = format!("/api/me/feedback/{code}/steps");

        // Rating before an answer is refused.
        assert_eq!(step(&an, &mine, json!({ "step": "rate", "satisfied": true })).await.0, StatusCode::CONFLICT);
        // The specialist may not answer alone: they propose.
        step(&khoa, &steps, json!({ "step": "accept" })).await;
        let (_, f) = khoa.send("GET", &format!("/api/officer/feedback/{code}"), None).await;
        assert!(f["steps"].as_array().unwrap().contains(&json!("propose")), "{f}");
        assert_eq!(step(&khoa, &steps, json!({ "step": "answer", "note": "x" })).await.0, StatusCode::CONFLICT);
        let answer = "Phường đã xử lý xong hồ sơ; cán bộ Khoa đã được nhắc nhở. Mời ông Nguyễn Văn An nhận kết quả.";
        let (st, f) = step(&khoa, &steps, json!({ "step": "propose", "note": answer })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(f["state"], "awaiting_approval");
        // The sender sees it in progress, and not the draft.
        let (_, seen) = an.send("GET", &format!("/api/me/feedback/{code}"), None).await;
        assert_eq!(seen["state"], "in_progress");
        assert!(seen.get("draft_answer").is_none(), "{seen}");
        assert_eq!(step(&khoa, &steps, json!({ "step": "approve" })).await.0, StatusCode::CONFLICT);
        let (st, f) = step(&lan, &steps, json!({ "step": "approve" })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(f["state"], "answered");
        assert_eq!(f["answer"], answer);

        // Told in the portal and by email, in their language.
        let (_, notes) = an.send("GET", "/api/me/notifications", None).await;
        assert_eq!(notes[0]["dossier"], code.as_str());
        assert_eq!(notes[0]["feedback"], "answered");
        let mail: Vec<(String, String)> = sqlx::query_as("SELECT subject, body FROM mail_outbox WHERE to_addr = 'an@example.vn' ORDER BY id")
            .fetch_all(&s.state.db.pool).await.unwrap();
        let last = mail.last().unwrap();
        assert!(last.0.contains(&code) && last.0.contains("Đã trả lời"), "{last:?}");
        assert!(last.1.contains(answer), "{last:?}");
        assert!(!mail.iter().any(|(_, b)| b.contains("Trình") || b.contains("propose")), "the draft is the unit's own business");

        // Rated: not satisfied needs a reason; once per answer.
        let (st, e) = step(&an, &mine, json!({ "step": "rate", "satisfied": false })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["note"], json!(["required"]));
        let (st, f) = step(&an, &mine, json!({ "step": "rate", "satisfied": true, "note": "Đã nhận kết quả." })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(f["satisfied"], true);
        assert_eq!(step(&an, &mine, json!({ "step": "rate", "satisfied": false, "note": "x" })).await.0, StatusCode::CONFLICT);

        // Nothing is public before it is published.
        assert_eq!(an.send("GET", &format!("/api/feedback/{code}"), None).await.0, StatusCode::NOT_FOUND);
        // The preview masks the sender's and officers' names, the phone,
        // the ID and the address; more can be masked by hand.
        let preview = format!("/api/officer/feedback/{code}/preview");
        assert_eq!(khoa.send("POST", &format!("/api/officer/feedback/{code}/publish"), Some(json!({}))).await.0, StatusCode::CONFLICT, "a leader publishes where a leader approves");
        let (st, p) = lan.send("POST", &preview, Some(json!({ "mask": ["ba lần"] }))).await;
        assert_eq!(st, StatusCode::OK, "{p}");
        let text = format!("{} {} {}", p["title"], p["content"], p["answer"]);
        for personal in ["Khoa", "Nguyễn Văn An", "0912", "001085012345", "Lê Lợi", "ba lần"] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
        assert!(p["content"].as_str().unwrap().contains("[số điện thoại]"), "{p}");
        let (st, published) = lan.send("POST", &format!("/api/officer/feedback/{code}/publish"), Some(json!({ "mask": ["ba lần"] }))).await;
        assert_eq!(st, StatusCode::OK, "{published}");
        assert_eq!(published["content"], p["content"]);
        assert_eq!(lan.send("POST", &format!("/api/officer/feedback/{code}/publish"), Some(json!({}))).await.0, StatusCode::CONFLICT);

        // The public finds it by words without diacritics, by unit and kind.
        let anon = reqwest::Client::new();
        let get = |q: String| {
            let anon = anon.clone();
            let url = format!("{}/api/feedback{q}", s.base);
            async move { anon.get(url).send().await.unwrap().json::<Value>().await.unwrap() }
        };
        let found = get("?q=qua%20han".into()).await;
        assert_eq!(found["total"], 1, "{found}");
        assert_eq!(found["items"][0]["code"], code.as_str());
        assert!(!found.to_string().contains("Nguyễn Văn An") && !found.to_string().contains("0912"));
        assert_eq!(get("?unit=X00004&kind=report".into()).await["total"], 1);
        assert_eq!(get("?unit=X00008".into()).await["total"], 0);
        assert_eq!(get("?q=giay%20phep%20lai%20xe".into()).await["total"], 0);
        let (st, _) = an.send("GET", "/api/feedback?kind=complaint", None).await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        let (_, one) = an.send("GET", &format!("/api/feedback/{code}"), None).await;
        assert_eq!(one["unit"], "Ủy ban nhân dân Phường Ba Đình");
        assert!(one.get("sender").is_none());
        // Another commune's officer can neither see, preview, publish nor
        // re-route it: for them it does not exist.
        let hanh = Person::new(&s, "officer-commune-2").await;
        assert_eq!(hanh.send("GET", &format!("/api/officer/feedback/{code}/attachments/{doc}"), None).await.0, StatusCode::NOT_FOUND);
        for path in [format!("/api/officer/feedback/{code}/preview"), format!("/api/officer/feedback/{code}/publish")] {
            assert_eq!(hanh.send("POST", &path, Some(json!({}))).await.0, StatusCode::NOT_FOUND, "{path}");
        }
        assert_eq!(step(&hanh, &steps, json!({ "step": "reroute", "unit": "X00008", "note": "x" })).await.0, StatusCode::NOT_FOUND);
        // The rules each officer sees: the leader may switch the approval.
        let (_, rules) = lan.send("GET", "/api/officer/feedback-rules", None).await;
        let ward = rules.as_array().unwrap().iter().find(|r| r["unit_code"] == "X00004").cloned().unwrap();
        assert_eq!((ward["approval"].clone(), ward["may_manage"].clone()), (json!(true), json!(true)), "{rules}");
        let (_, rules) = khoa.send("GET", "/api/officer/feedback-rules", None).await;
        assert_eq!(rules[0]["may_manage"], false, "{rules}");
        let (_, rules) = hanh.send("GET", "/api/officer/feedback-rules", None).await;
        assert!(!rules.to_string().contains("X00004"), "{rules}");
        // An answer the sender did not agree to publish cannot be.
        let (_, g) = an.send("POST", "/api/me/feedback", Some(body(json!({ "unit": "X00004", "publish": false, "idempotency_key": "private-0123456789abcdef" })))).await;
        let private = g["code"].as_str().unwrap().to_owned();
        let psteps = format!("/api/officer/feedback/{private}/steps");
        step(&lan, &psteps, json!({ "step": "accept" })).await;
        step(&lan, &psteps, json!({ "step": "answer", "note": "Đã xem xét." })).await;
        let (st, e) = lan.send("POST", &format!("/api/officer/feedback/{private}/publish"), Some(json!({}))).await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert_eq!(e["fields"]["publish"], json!(["not_agreed"]));

        // General feedback reaches the coordinating office, which passes it
        // on with a reason; the ward's officers then have it.
        let (_, g) = an.send("POST", "/api/me/feedback", Some(body(json!({ "idempotency_key": "general-route-0123456789" })))).await;
        let general = g["code"].as_str().unwrap().to_owned();
        let gsteps = format!("/api/officer/feedback/{general}/steps");
        assert_eq!(step(&lan, &gsteps, json!({ "step": "reroute", "unit": "X00004", "note": "x" })).await.0, StatusCode::NOT_FOUND);
        let (st, e) = step(&quynh, &gsteps, json!({ "step": "reroute", "unit": "X00004" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["note"], json!(["required"]));
        let (st, e) = step(&quynh, &gsteps, json!({ "step": "reroute", "unit": "T01", "note": "x" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["unit"], json!(["same_unit"]));
        let (st, f) = step(&quynh, &gsteps, json!({ "step": "reroute", "unit": "X00004", "note": "Thuộc thẩm quyền của phường." })).await;
        assert_eq!(st, StatusCode::OK, "{f}");
        assert_eq!(quynh.send("GET", &format!("/api/officer/feedback/{general}"), None).await.0, StatusCode::NOT_FOUND);
        let (st, f) = lan.send("GET", &format!("/api/officer/feedback/{general}"), None).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(f["unit"], "Ủy ban nhân dân Phường Ba Đình");
        let ev = &f["events"][1];
        assert_eq!(ev["action"], "reroute");
        assert_eq!(ev["unit"], "Ủy ban nhân dân Thành phố Hà Nội");
        assert_eq!(ev["to_unit"], "Ủy ban nhân dân Phường Ba Đình");
        assert_eq!(ev["note"], "Thuộc thẩm quyền của phường.");
    });
}

/// The due day counts working days by the holiday table: feedback sent the
/// morning before the Lunar New Year of 2027 (4-10 February off) is due ten
/// working days later for a report, twenty for a proposal, none of them in
/// the holiday.
#[test]
fn the_due_day_skips_the_lunar_new_year() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        // Wednesday 3 February 2027, 09:00 in Vietnam.
        let target = 1_801_620_000 - s.state.clock.now_secs();
        s.state.clock.advance(target);
        let an = Person::new(&s, "citizen-l2").await;
        for (kind, key, due) in [
            ("report", "tet-report-0123456789abcd", "2027-02-24"),
            ("proposal", "tet-proposal-0123456789ab", "2027-03-10"),
        ] {
            let (st, f) = an
                .send(
                    "POST",
                    "/api/me/feedback",
                    Some(body(
                        json!({ "kind": kind, "unit": "X00004", "idempotency_key": key }),
                    )),
                )
                .await;
            assert_eq!(st, StatusCode::CREATED, "{f}");
            assert_eq!(f["due_date"], due, "{kind}: {f}");
            assert!(
                f["code"].as_str().unwrap().starts_with("PAKN.20270203."),
                "{f}"
            );
        }
    });
}

/// While the sender is asked for more information the answer's clock is
/// paused by default: the working days they held it are added to the due
/// day; `FEEDBACK_INFO_CLOCK=continue` lets it run on.
#[test]
fn the_clock_pauses_while_the_sender_is_asked_for_information() {
    RT.block_on(async {
        for (clock, due) in [
            (app::lifecycle::SupplementClock::Pause, "2027-03-17"),
            (app::lifecycle::SupplementClock::Continue, "2027-03-15"),
        ] {
            let s = serve_fresh(move |c| c.processing.feedback_info_clock = clock).await;
            // Monday 1 March 2027, 09:00 in Vietnam: due ten working days later.
            let target = 1_803_866_400 - s.state.clock.now_secs();
            s.state.clock.advance(target);
            let an = Person::new(&s, "citizen-l2").await;
            let cuong = Person::new(&s, "officer-commune").await;
            let (_, f) = an
                .send(
                    "POST",
                    "/api/me/feedback",
                    Some(body(
                        json!({ "unit": "X00004", "idempotency_key": "info-clock-0123456789abc" }),
                    )),
                )
                .await;
            assert_eq!(f["due_date"], "2027-03-15", "{f}");
            let code = f["code"].as_str().unwrap().to_owned();
            let (st, f) = step(
                &cuong,
                &format!("/api/officer/feedback/{code}/steps"),
                json!({ "step": "request_info", "note": "Cho biết số hồ sơ." }),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{f}");
            // The sender answers on Wednesday: two working days held.
            s.state.clock.advance(2 * 86_400);
            // Signed in again: two days outlast a session.
            let an = Person::new(&s, "citizen-l2").await;
            let (st, f) = step(
                &an,
                &format!("/api/me/feedback/{code}/steps"),
                json!({ "step": "give_info", "note": "Hồ sơ H29." }),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{f}");
            assert_eq!(f["due_date"], due, "{clock:?}: {f}");
        }
    });
}
