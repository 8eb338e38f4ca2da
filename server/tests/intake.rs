//! Dossiers taken in at the counter and from the post (issue 11): the receiving officer finds or records the person, fills the same e-form with scans and paper-only components, and the dossier is the person's once they sign in; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{filled, fixture, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Đinh Thị Hoa of the demo accounts: she has never signed in.
const HOA: &str = "001195007777";

/// The document slots shown with the first case of a generic form.
fn document_slots(form: &Value) -> Vec<String> {
    form["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap().iter())
        .filter(|f| f["type"] == "document")
        .filter(|f| f["show_if"].is_null() || f["show_if"]["in"] == json!(["c0"]))
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A commune procedure offered online whose form asks for at least two
/// documents, so one can be scanned and another taken on paper.
async fn procedure_with_documents(s: &common::Served, who: &Person<'_>) -> String {
    use sqlx::Row;
    let rows = sqlx::query("SELECT p.code FROM procedures p JOIN agencies a ON a.id = p.agency_id WHERE a.name = 'Ủy ban nhân dân cấp xã' AND p.service_level = 'full' ORDER BY p.code LIMIT 200")
        .fetch_all(&s.state.db.pool)
        .await
        .unwrap();
    for r in rows {
        let code: String = r.try_get("code").unwrap();
        let (_, form) = who.send("GET", &format!("/api/forms/{code}"), None).await;
        if form["source"]
            .as_str()
            .is_some_and(|x| x.starts_with("generic"))
            && document_slots(&form).len() >= 2
        {
            return code;
        }
    }
    panic!("no commune procedure with two documents");
}

#[test]
fn a_walk_in_dossier_is_the_persons_once_they_sign_in() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let counter = Person::new(&s, "officer-commune").await;
        let procedure = procedure_with_documents(&s, &counter).await;

        // Only a receiving officer takes dossiers in.
        let specialist = Person::new(&s, "specialist-commune").await;
        let (st, _) = specialist.send("POST", "/api/officer/intake/person", Some(json!({ "personal_id": HOA }))).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let an = Person::new(&s, "citizen-l2").await;
        assert_eq!(an.send("POST", "/api/officer/intake/person", Some(json!({ "personal_id": HOA }))).await.0, StatusCode::FORBIDDEN);

        // The procedures the counter's unit takes in are listed for it.
        let (st, list) = counter.send("GET", "/api/officer/intake/procedures", None).await;
        assert_eq!(st, StatusCode::OK);
        assert!(list.as_array().unwrap().iter().any(|p| p["code"] == procedure.as_str()), "{procedure}");

        // A personal ID that is not one, and a person the portal does not
        // know, are named at the field; the details typed are checked.
        for (body, field, reason) in [
            (json!({ "personal_id": "12345" }), "personal_id", "not_12_digits"),
            (json!({ "personal_id": "001995007777" }), "personal_id", "bad_century_gender"),
            (json!({ "personal_id": HOA }), "personal_id", "unknown_person"),
            (json!({ "personal_id": HOA, "full_name": "Đinh Thị Hoa", "birth_date": "23/08/1996" }), "birth_date", "birth_year_mismatch"),
            (json!({ "personal_id": HOA, "full_name": "Đinh Thị Hoa", "birth_date": "31/02/1995" }), "birth_date", "invalid_date"),
            (json!({ "personal_id": HOA, "full_name": " ", "birth_date": "23/08/1995" }), "full_name", "required"),
        ] {
            let (st, e) = counter.send("POST", "/api/officer/intake/person", Some(body.clone())).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{body} {e}");
        }
        // Someone who has signed in is found by their ID alone.
        let (st, found) = counter.send("POST", "/api/officer/intake/person", Some(json!({ "personal_id": "001085012345" }))).await;
        assert_eq!(st, StatusCode::OK, "{found}");
        assert_eq!(found["full_name"], "Nguyễn Văn An");
        assert_eq!(found["has_account"], true);

        // Starting the form: the channel and the procedure are checked too.
        let hoa = json!({ "personal_id": HOA, "full_name": "Đinh Thị Hoa", "birth_date": "23/08/1995" });
        let start = |extra: Value| {
            let mut b = hoa.clone();
            b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            b
        };
        for (body, field, reason) in [
            (start(json!({ "procedure": procedure, "channel": "online" })), "channel", "unknown_value"),
            (start(json!({ "procedure": procedure, "channel": "post" })), "postal_in", "required"),
            (start(json!({ "procedure": procedure, "channel": "post", "postal_in": "số?" })), "postal_in", "invalid_tracking"),
            (start(json!({ "procedure": "9.999999", "channel": "counter" })), "procedure", "unknown_value"),
        ] {
            let (st, e) = counter.send("POST", "/api/officer/intake", Some(body.clone())).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{body} {e}");
        }
        let (st, draft) = counter.send("POST", "/api/officer/intake", Some(start(json!({ "procedure": procedure, "channel": "counter" })))).await;
        assert_eq!(st, StatusCode::CREATED, "{draft}");
        assert_eq!(draft["intake"]["applicant"], "Đinh Thị Hoa");
        assert_eq!(draft["intake"]["masked_id"], "********7777", "the full ID is not sent back");
        assert_eq!(draft["intake"]["channel"], "counter");
        // Starting again resumes the same form.
        let (st, again) = counter.send("POST", "/api/officer/intake", Some(start(json!({ "procedure": procedure, "channel": "counter" })))).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(again["id"], draft["id"]);
        let id = draft["id"].as_str().unwrap().to_owned();

        // The form: one component scanned, the others taken on paper only.
        let (_, form) = counter.send("GET", &format!("/api/forms/{procedure}"), None).await;
        let slots = document_slots(&form);
        assert!(!slots.is_empty(), "the generic form asks for the components");
        let (st, scan) = counter.upload(fixture("to-khai.pdf"), "application/pdf", "to-khai.pdf").await;
        assert!(st.is_success(), "{scan}");
        let mut answers = filled(draft["answers"].clone());
        for (n, slot) in slots.iter().enumerate() {
            let v = if n == 0 { scan["id"].clone() } else { json!("paper") };
            answers.as_object_mut().unwrap().insert(slot.clone(), v);
        }
        let (st, saved) = counter.send("PUT", &format!("/api/me/drafts/{id}"), Some(json!({ "answers": answers }))).await;
        assert_eq!(st, StatusCode::OK, "{saved}");
        let (st, d) = counter.send("POST", "/api/me/dossiers", Some(json!({ "draft": id, "idempotency_key": "intake-0123456789abcdef" }))).await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
        let code = d["code"].as_str().unwrap().to_owned();
        assert_eq!(d["channel"], "counter");
        assert_eq!(d["applicant"], "Đinh Thị Hoa");
        assert_eq!(d["documents"].as_array().unwrap().len(), 1);
        assert_eq!(d["paper"].as_array().unwrap().len(), slots.len() - 1, "{d}");
        assert_eq!(d["events"][0]["action"], "submitted");
        // A retry answers with the same dossier.
        let (st, same) = counter.send("POST", "/api/me/dossiers", Some(json!({ "draft": id, "idempotency_key": "intake-0123456789abcdef" }))).await;
        assert_eq!(st, StatusCode::OK, "{same}");
        assert_eq!(same["code"], code.as_str());
        // The receipt's QR code prints at the counter.
        let (st, _) = counter.send("GET", &format!("/api/officer/dossiers/{code}/qr.svg"), None).await;
        assert_eq!(st, StatusCode::OK);
        // The officer keeps no copy of the person's papers.
        let (_, mine) = counter.send("GET", "/api/me/documents", None).await;
        assert!(!mine.as_array().map(|l| l.iter().any(|x| x["id"] == scan["id"])).unwrap_or(false), "{mine}");
        // The intake is in the audit log, without the person's ID.
        let audit: Vec<(String, String)> = sqlx::query_as("SELECT action, detail FROM audit_log WHERE dossier_code = $1")
            .bind(&code)
            .fetch_all(&s.state.db.pool)
            .await
            .unwrap();
        assert!(audit.contains(&("intake".to_owned(), "counter".to_owned())), "{audit:?}");
        assert!(!audit.iter().any(|(_, d)| d.contains(HOA)));

        // Hoa signs in for the first time: the dossier and the scan are hers.
        let hoa = Person::new(&s, "citizen-walk-in").await;
        let (st, list) = hoa.send("GET", "/api/me/dossiers", None).await;
        assert_eq!(st, StatusCode::OK);
        assert!(list.as_array().unwrap().iter().any(|x| x["code"] == code.as_str()), "{list}");
        let (_, hers) = hoa.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert_eq!(hers["channel"], "counter");
        assert_eq!(hers["paper"], d["paper"]);
        let (_, store) = hoa.send("GET", "/api/me/documents", None).await;
        assert!(store.as_array().unwrap().iter().any(|x| x["file_name"] == "to-khai.pdf"), "{store}");
        let (_, notes) = hoa.send("GET", "/api/me/notifications", None).await;
        assert!(notes.to_string().contains(&code), "she is told of it: {notes}");
        // Her profile is the national one now; a counter finds her account.
        let (_, found) = counter.send("POST", "/api/officer/intake/person", Some(json!({ "personal_id": HOA }))).await;
        assert_eq!(found["has_account"], true, "{found}");
    });
}

#[test]
fn a_dossier_by_post_keeps_its_tracking_number_and_stays_with_the_officers_unit() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let hanh = Person::new(&s, "officer-commune-2").await;
        // An has signed in before: the counter finds him by his ID alone.
        let an = Person::new(&s, "citizen-l2").await;
        let procedure = procedure_with_documents(&s, &hanh).await;
        let (st, draft) = hanh
            .send("POST", "/api/officer/intake", Some(json!({ "personal_id": "001085012345", "procedure": procedure, "channel": "post", "postal_in": "ea123456789vn" })))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{draft}");
        assert_eq!(draft["intake"]["postal_in"], "EA123456789VN");
        let id = draft["id"].as_str().unwrap().to_owned();
        let (_, form) = hanh.send("GET", &format!("/api/forms/{procedure}"), None).await;
        let mut answers = filled(draft["answers"].clone());
        for slot in document_slots(&form) {
            answers.as_object_mut().unwrap().insert(slot, json!("paper"));
        }
        hanh.send("PUT", &format!("/api/me/drafts/{id}"), Some(json!({ "answers": answers }))).await;
        // The address declared is in Ba Đình: not a unit Hạnh takes in for.
        let submit = |unit: Option<&str>| json!({ "draft": id, "idempotency_key": "post-0123456789abcdef", "unit": unit });
        let (st, e) = hanh.send("POST", "/api/me/dossiers", Some(submit(None))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["fields"]["unit"], json!(["not_receiving"]));
        // Paper only is an officer's answer: a citizen cannot give it.
        let (_, own) = an.send("POST", "/api/me/drafts", Some(json!({ "procedure": procedure }))).await;
        let own_id = own["id"].as_str().unwrap().to_owned();
        let (_, own_form) = an.send("GET", &format!("/api/forms/{procedure}"), None).await;
        let mut own_answers = filled(own["answers"].clone());
        let first = document_slots(&own_form)[0].clone();
        own_answers.as_object_mut().unwrap().insert(first.clone(), json!("paper"));
        an.send("PUT", &format!("/api/me/drafts/{own_id}"), Some(json!({ "answers": own_answers }))).await;
        let (st, e) = an.send("POST", "/api/me/dossiers", Some(json!({ "draft": own_id, "idempotency_key": "own-0123456789abcdef0" }))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["fields"][first.as_str()], json!(["unknown_document"]));
        // An's own drafts do not include what an officer fills for him.
        let (_, drafts) = an.send("GET", "/api/me/drafts", None).await;
        assert!(!drafts.as_array().unwrap().iter().any(|d| d["id"] == id.as_str()));

        // Filed at Hạnh's own unit, it is An's at once, with the number.
        let (st, d) = hanh.send("POST", "/api/me/dossiers", Some(submit(Some("X00008")))).await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
        assert_eq!(d["channel"], "post");
        assert_eq!(d["postal_in"], "EA123456789VN");
        assert!(d["documents"].as_array().unwrap().is_empty());
        let code = d["code"].as_str().unwrap();
        let (st, his) = an.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert_eq!(st, StatusCode::OK, "{his}");
        assert_eq!(his["postal_in"], "EA123456789VN");
        assert_eq!(his["agency"], "Ủy ban nhân dân Phường Ngọc Hà");
        // The other commune's counter does not see it.
        let cuong = Person::new(&s, "officer-commune").await;
        assert_eq!(cuong.send("GET", &format!("/api/officer/dossiers/{code}"), None).await.0, StatusCode::NOT_FOUND);
    });
}

/// The README's walkthrough: a department's procedure taken in at the
/// service centre's counter, handled by the department's specialist,
/// signed by its leader, and handed back at the counter.
#[test]
fn a_centre_counter_dossier_goes_through_the_department_to_its_result() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let mai = Person::new(&s, "officer-centre").await;
        let dung = Person::new(&s, "officer-province").await;
        let nam = Person::new(&s, "leader-province").await;
        let procedure = common::person::online_procedure_of(&s, "Sở Tư pháp").await;
        let (st, draft) = mai
            .send("POST", "/api/officer/intake", Some(json!({ "personal_id": "001085012345", "procedure": procedure, "channel": "counter" })))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{draft}");
        let id = draft["id"].as_str().unwrap().to_owned();
        let (_, form) = mai.send("GET", &format!("/api/forms/{procedure}"), None).await;
        let mut answers = filled(draft["answers"].clone());
        for slot in document_slots(&form) {
            answers.as_object_mut().unwrap().insert(slot, json!("paper"));
        }
        mai.send("PUT", &format!("/api/me/drafts/{id}"), Some(json!({ "answers": answers }))).await;
        let (st, d) = mai.send("POST", "/api/me/dossiers", Some(json!({ "draft": id, "idempotency_key": "centre-0123456789abcdef" }))).await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
        assert_eq!(d["agency"], "Sở Tư pháp Thành phố Hà Nội");
        let code = d["code"].as_str().unwrap().to_owned();
        let path = format!("/api/officer/dossiers/{code}");
        // Taken in at the counter; the department's specialist starts it
        // and passes it to the leader, who signs the result.
        let (st, e) = mai.send("POST", &format!("{path}/steps"), Some(json!({ "action": "accept" }))).await;
        assert_eq!(st, StatusCode::OK, "{e}");
        let (st, e) = mai.send("POST", &format!("{path}/steps"), Some(json!({ "action": "start_processing" }))).await;
        assert_eq!(st, StatusCode::CONFLICT, "the counter only takes in and hands back: {e}");
        let (st, e) = dung.send("POST", &format!("{path}/steps"), Some(json!({ "action": "start_processing" }))).await;
        assert_eq!(st, StatusCode::OK, "{e}");
        let leader = e["colleagues"].as_array().unwrap().iter().find(|c| c["name"] == "Trịnh Văn Nam").cloned().expect("the department's leader");
        assert_eq!(leader["role"], "leader");
        let (st, e) = dung.send("POST", &format!("{path}/handover"), Some(json!({ "to_officer": leader["id"], "note": "Trình ký" }))).await;
        assert_eq!(st, StatusCode::OK, "{e}");
        let (st, e) = nam.send_file("PUT", &format!("{path}/result?name=phieu.pdf"), fixture("to-khai.pdf"), "application/pdf").await;
        assert!(st.is_success(), "{e}");
        let (st, e) = nam.send("POST", &format!("{path}/steps"), Some(json!({ "action": "finish" }))).await;
        assert_eq!(st, StatusCode::OK, "{e}");
        let (st, e) = mai.send("POST", &format!("{path}/steps"), Some(json!({ "action": "return_result" }))).await;
        assert_eq!(st, StatusCode::OK, "{e}");
        // The applicant reads the whole path, and has the result.
        let (_, his) = an.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert_eq!(his["status"], "returned", "{his}");
        assert_eq!(his["channel"], "counter");
        let timeline = his["events"].to_string();
        assert!(timeline.contains("Trịnh Văn Nam") || timeline.contains("leader"), "{timeline}");
        assert!(his["result"].is_object(), "{his}");
    });
}
