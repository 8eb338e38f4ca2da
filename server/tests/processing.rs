//! Officers processing dossiers, the applicant following and answering, ratings, and the public lookup, over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{fixture, online_procedure_of, Person};
use common::signin::client;
use common::{serve_fresh, Served, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

const COMMUNE: &str = "Ủy ban nhân dân cấp xã";
const JUSTICE: &str = "Sở Tư pháp";

/// One dossier at the commune (officer-commune's agency), by Nguyễn Văn An.
async fn commune_dossier(s: &Served, an: &Person<'_>, key: &str) -> String {
    let procedure = online_procedure_of(s, COMMUNE).await;
    an.submit(&procedure, key).await["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn step(p: &Person<'_>, path: &str, body: Value) -> (StatusCode, Value) {
    p.send("POST", path, Some(body)).await
}

fn officer_path(code: &str) -> String {
    format!("/api/officer/dossiers/{code}")
}

fn my_path(code: &str) -> String {
    format!("/api/me/dossiers/{code}")
}

/// Hands `code` over as `who` asks.
async fn handover(code: &str, who: &Person<'_>, body: Value) -> (StatusCode, Value) {
    let path = format!("{}/handover", officer_path(code));
    who.send("POST", &path, Some(body)).await
}

impl Person<'_> {
    async fn put_result(&self, code: &str, bytes: Vec<u8>, claimed: &str) -> (StatusCode, Value) {
        let path = format!("/api/officer/dossiers/{code}/result?name=trich-luc.pdf");
        self.send_file("PUT", &path, bytes, claimed).await
    }
}

/// Another unit's dossier does not exist for an officer, to see or to act on.
async fn assert_out_of_reach(who: &Person<'_>, code: &str) {
    assert_eq!(
        who.send("GET", &officer_path(code), None).await.0,
        StatusCode::NOT_FOUND
    );
    let (st, _) = step(
        who,
        &format!("{}/steps", officer_path(code)),
        json!({ "action": "accept" }),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (st, _) = who
        .put_result(code, fixture("to-khai.pdf"), "application/pdf")
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

/// The codes on an officer's working list.
async fn queue(p: &Person<'_>) -> Vec<String> {
    let (_, q) = p.send("GET", "/api/officer/dossiers", None).await;
    q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Submits `procedure` as `who`, asking for `unit` (the generic form's
/// address is Phường Ba Đình's).
async fn submit_to(
    who: &Person<'_>,
    procedure: &str,
    unit: &str,
    key: &str,
) -> (StatusCode, Value) {
    let (_, draft) = who
        .send(
            "POST",
            "/api/me/drafts",
            Some(json!({ "procedure": procedure })),
        )
        .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let (st, _) = who
        .send(
            "PUT",
            &format!("/api/me/drafts/{id}"),
            Some(json!({ "answers": common::person::filled(draft["answers"].clone()) })),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    who.send(
        "POST",
        "/api/me/dossiers",
        Some(json!({ "draft": id, "idempotency_key": key, "unit": unit })),
    )
    .await
}

#[test]
fn a_communes_officers_see_only_the_dossiers_filed_with_that_commune() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let ba_dinh = Person::new(&s, "officer-commune").await;
        let ngoc_ha = Person::new(&s, "officer-commune-2").await;
        let procedure = online_procedure_of(&s, COMMUNE).await;
        // Filed by default with the commune of the declared address…
        let a = commune_dossier(&s, &an, "unit-a-0123456789abcdef").await;
        // …or with the commune the person picks.
        let (st, b) = submit_to(&binh, &procedure, "X00008", "unit-b-0123456789abcdef").await;
        assert_eq!(st, StatusCode::CREATED, "{b}");
        assert_eq!(b["agency"], "Ủy ban nhân dân Phường Ngọc Hà");
        let b = b["code"].as_str().unwrap().to_owned();
        let (_, mine) = an.send("GET", &my_path(&a), None).await;
        assert_eq!(mine["agency"], "Ủy ban nhân dân Phường Ba Đình");

        assert_eq!(queue(&ba_dinh).await, vec![a.clone()]);
        assert_eq!(queue(&ngoc_ha).await, vec![b.clone()]);
        for (who, code) in [(&ba_dinh, &b), (&ngoc_ha, &a)] {
            assert_out_of_reach(who, code).await;
        }
        // A unit that does not take this procedure in is refused, naming the field.
        let (st, e) = submit_to(&an, &procedure, "T01-STP", "unit-c-0123456789abcdef").await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(e["fields"]["unit"].is_array(), "{e}");
    });
}

#[test]
fn an_administrators_correction_of_a_procedures_units_takes_effect_at_once() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let admin = Person::new(&s, "admin").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let ba_dinh = Person::new(&s, "officer-commune").await;
        let procedure = online_procedure_of(&s, COMMUNE).await;
        let path = format!("/api/admin/procedures/{procedure}/units");
        let receiving = format!("/api/procedures/{procedure}/units");
        let (_, before) = binh.send("GET", &receiving, None).await;
        assert_eq!(before.as_array().unwrap().len(), 126);
        // Only Phường Ba Đình takes it in and decides it, from now on.
        let only = json!({ "units": [{ "unit": "X00004", "receives": true, "processes": true }] });
        let (st, now) = admin.send("PUT", &path, Some(only.clone())).await;
        assert_eq!(st, StatusCode::OK, "{now}");
        assert_eq!(now.as_array().unwrap().len(), 1);
        assert_eq!(binh.send("GET", &receiving, None).await.1, now);
        let (st, e) = submit_to(&binh, &procedure, "X00008", "fix-a-0123456789abcdef").await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert!(e["fields"]["unit"].is_array());
        let (st, d) = submit_to(&binh, &procedure, "X00004", "fix-b-0123456789abcdef").await;
        assert_eq!(st, StatusCode::CREATED, "{d}");
        assert_eq!(queue(&ba_dinh).await, vec![d["code"].as_str().unwrap().to_owned()]);
        // Bad corrections are refused at their field, and nothing changes.
        for (bad, field) in [
            (json!({ "units": [{ "unit": "X99999", "receives": true, "processes": true }] }), "units.0.unit"),
            (json!({ "units": [{ "unit": "T01-STP", "receives": false, "processes": true }] }), "units"),
            (json!({ "units": [{ "unit": "X00004", "receives": true, "processes": true }, { "unit": "X00004", "receives": true, "processes": false }] }), "units.1.unit"),
        ] {
            let (st, e) = admin.send("PUT", &path, Some(bad)).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
            assert!(e["fields"][field].is_array(), "{field}: {e}");
        }
        assert_eq!(binh.send("GET", &receiving, None).await.1, now);
        // Only an administrator may; and the change is in the audit log.
        assert_eq!(ba_dinh.send("PUT", &path, Some(only)).await.0, StatusCode::FORBIDDEN);
        let (_, log) = admin.send("GET", "/api/admin/audit", None).await;
        assert!(log.to_string().contains("set_procedure_units"), "{log}");
        // An empty list puts the rule back.
        let (_, back) = admin.send("PUT", &path, Some(json!({ "units": [] }))).await;
        assert_eq!(back.as_array().unwrap().len(), 126);
    });
}

#[test]
fn officers_see_and_act_only_on_their_own_agencies_dossiers() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let commune = Person::new(&s, "officer-commune").await;
        let province = Person::new(&s, "officer-province").await;
        let a = commune_dossier(&s, &an, "agency-a-0123456789abcdef").await;
        let justice = online_procedure_of(&s, JUSTICE).await;
        let b = an.submit(&justice, "agency-b-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();

        // Each officer's queue holds their agency's dossier only.
        let (st, q) = commune
            .send("GET", "/api/officer/dossiers?queue=new", None)
            .await;
        assert_eq!(st, StatusCode::OK, "{q}");
        let codes: Vec<&str> = q["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, vec![a.as_str()]);
        let (_, q) = province.send("GET", "/api/officer/dossiers", None).await;
        assert_eq!(q["items"][0]["code"], b.as_str());
        assert_eq!(q["items"].as_array().unwrap().len(), 1);

        // Another agency's dossier does not exist for them, to see or to act on.
        for (who, code) in [(&commune, &b), (&province, &a)] {
            assert_out_of_reach(who, code).await;
        }
        // A citizen is no officer, and cannot act on another person's dossier.
        assert_eq!(
            an.send("GET", "/api/officer/dossiers", None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            binh.send("GET", &my_path(&a), None).await.0,
            StatusCode::NOT_FOUND
        );
        let (st, _) = step(
            &binh,
            &format!("{}/steps", my_path(&a)),
            json!({ "action": "withdraw" }),
        )
        .await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        // Nor take an officer's step on their own dossier.
        let (st, e) = step(
            &an,
            &format!("{}/steps", my_path(&a)),
            json!({ "action": "accept" }),
        )
        .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["action"], json!(["not_yours"]));
        // An officer cannot rate, not even a dossier of their agency.
        let (st, _) = commune
            .send(
                "PUT",
                &format!("{}/rating", my_path(&a)),
                Some(json!({ "overall": 5 })),
            )
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN);

        // Search by code or by the applicant's name without tones.
        let (_, q) = commune
            .send("GET", "/api/officer/dossiers?q=nguyen%20van%20an", None)
            .await;
        assert_eq!(q["items"].as_array().unwrap().len(), 1);
        let (_, q) = commune
            .send("GET", "/api/officer/dossiers?q=tran%20thi", None)
            .await;
        assert_eq!(q["items"].as_array().unwrap().len(), 0);
    })
}

#[test]
fn a_dossier_is_accepted_supplemented_processed_and_returned() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let officer = Person::new(&s, "officer-commune").await;
        let code = commune_dossier(&s, &an, "life-0123456789abcdef").await;
        let steps = format!("{}/steps", officer_path(&code));
        let mine = format!("{}/steps", my_path(&code));

        let (_, d) = officer.send("GET", &officer_path(&code), None).await;
        // Addresses read the same everywhere: the server names the places.
        assert_eq!(d["answers"]["applicant_address.commune_name"], "Phường Ba Đình");
        assert_eq!(d["answers"]["applicant_address.province_name"], "Thành phố Hà Nội");
        assert_eq!(d["actions"], json!(["accept", "refuse", "request_supplement", "apologise"]));
        let (st, d) = step(&officer, &steps, json!({ "action": "accept", "note": "Đủ thành phần" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["status"], "accepted");
        // A step that does not follow is refused, naming why.
        let (st, e) = step(&officer, &steps, json!({ "action": "accept" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["action"], json!(["not_allowed_now"]));
        // A supplement request lists what is missing…
        let (st, e) = step(&officer, &steps, json!({ "action": "request_supplement", "items": [" "] })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["items"], json!(["required"]));
        let items = json!(["Bản sao Giấy chứng sinh", "Tờ khai có chữ ký"]);
        let (st, d) = step(&officer, &steps, json!({ "action": "request_supplement", "items": items, "note": "Bổ sung trong 5 ngày" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        let due_before = d["due_date"].clone();

        // …which the applicant sees, with the clock paused.
        let (_, mine_view) = an.send("GET", &my_path(&code), None).await;
        assert_eq!(mine_view["status"], "supplement_requested");
        assert_eq!(mine_view["supplement_items"], items);
        assert_eq!(mine_view["timeliness"]["kind"], "paused");
        assert_eq!(mine_view["actions"], json!(["answer_supplement", "withdraw"]));
        assert_eq!(mine_view["handler"], "Lê Văn Cường — Ủy ban nhân dân Phường Ba Đình");
        // The officer's own note on accepting stays with the agency.
        let accepted = &mine_view["events"][1];
        assert_eq!(accepted["action"], "accept");
        assert_eq!(accepted["note"], "");
        assert_eq!(accepted["actor"], "Lê Văn Cường");

        // The applicant answers with a document from their store; another
        // person's document is refused.
        let (_, doc) = an.upload(fixture("giay-chung-sinh.jpg"), "image/jpeg", "gcs.jpg").await;
        let (_, theirs) = binh.upload(fixture("can-cuoc.png"), "image/png", "cc.png").await;
        let (st, e) = step(&an, &mine, json!({ "action": "answer_supplement", "documents": [theirs["id"]] })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["documents"], json!(["unknown_document"]));
        let (st, d) = step(&an, &mine, json!({ "action": "answer_supplement", "documents": [doc["id"]], "note": "Đã bổ sung" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        // Back to the officer, where it was; answered the same day: no day held.
        assert_eq!(d["status"], "accepted");
        assert_eq!(d["due_date"], due_before);
        assert!(d["documents"].as_array().unwrap().iter().any(|x| x["id"] == doc["id"]));
        // Once only.
        let (_, o) = officer.send("GET", &officer_path(&code), None).await;
        assert!(!o["actions"].as_array().unwrap().contains(&json!("request_supplement")));
        let (st, e) = step(&officer, &steps, json!({ "action": "request_supplement", "items": ["Thêm"] })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["action"], json!(["already_requested"]));
        // The officer opens the document the applicant sent.
        let doc_id = doc["id"].as_str().unwrap();
        let res = client()
            .get(format!("{}{}/documents/{doc_id}", s.base, officer_path(&code)))
            .header("cookie", &officer.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");

        // Processing; an apology moves the date later, never earlier.
        step(&officer, &steps, json!({ "action": "start_processing" })).await;
        let (st, e) = step(&officer, &steps, json!({ "action": "apologise", "note": "Cần xác minh", "new_due_date": "2020-01-01" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["new_due_date"], json!(["not_later"]));
        let later = app::calendar::add_working_days(
            app::calendar::Date::parse(due_before.as_str().unwrap()).unwrap(),
            3,
        )
        .to_string();
        let (st, d) = step(&officer, &steps, json!({ "action": "apologise", "note": "Cần xác minh thêm", "new_due_date": later })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["due_date"], later.as_str());
        assert_eq!(d["original_due_date"], due_before);

        // Finishing needs the result file, judged by content.
        let (st, e) = step(&officer, &steps, json!({ "action": "finish" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["result"], json!(["required"]));
        let (st, _) = officer.put_result(&code, b"not a pdf".to_vec(), "application/pdf").await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        let (st, d) = officer.put_result(&code, fixture("to-khai.pdf"), "application/pdf").await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["result"]["file_name"], "trich-luc.pdf");
        let (st, d) = step(&officer, &steps, json!({ "action": "finish" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["status"], "processed");
        assert_eq!(d["timeliness"]["kind"], "on_time");

        // The result is in the applicant's store, and theirs to download.
        let (_, store) = an.send("GET", "/api/me/documents", None).await;
        let result = store
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["kind"].as_str().unwrap().starts_with("Kết quả"))
            .expect("the result in the store")
            .clone();
        let (_, mine_view) = an.send("GET", &my_path(&code), None).await;
        assert_eq!(mine_view["result"]["id"], result["id"]);
        let res = client()
            .get(format!("{}/api/me/documents/{}/content", s.base, result["id"].as_str().unwrap()))
            .header("cookie", &an.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.bytes().await.unwrap().to_vec(), fixture("to-khai.pdf"));
        assert!(mine_view["can_rate"].as_bool().unwrap());

        let (_, d) = step(&officer, &steps, json!({ "action": "return_result" })).await;
        assert_eq!(d["status"], "returned");
        assert!(d["actions"].as_array().unwrap().is_empty());
        // Too late to withdraw.
        let (st, _) = step(&an, &mine, json!({ "action": "withdraw" })).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

        // Every step is in the timeline, from → to, with the unit.
        let (_, mine_view) = an.send("GET", &my_path(&code), None).await;
        let actions: Vec<&str> = mine_view["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            vec!["submitted", "accept", "request_supplement", "answer_supplement", "start_processing", "apologise", "finish", "return_result"]
        );
        assert_eq!(mine_view["events"][2]["items"], items);
        assert_eq!(mine_view["events"][5]["new_due_date"], later.as_str());
        assert_eq!(mine_view["events"][6]["from"], "processing");
        assert_eq!(mine_view["events"][6]["unit"], "Ủy ban nhân dân Phường Ba Đình");

        // Every step made a notification; the badge counts the unread.
        let (_, n) = an.send("GET", "/api/me/notifications", None).await;
        assert_eq!(n.as_array().unwrap().len(), 8);
        assert_eq!(n[0]["status"], "returned");
        let session: Value = client()
            .get(format!("{}/api/session", s.base))
            .header("cookie", &an.cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(session["unread"], 8);
        an.send("POST", "/api/me/notifications/read", None).await;
        let (_, n) = an.send("GET", "/api/me/notifications", None).await;
        assert!(n.as_array().unwrap().iter().all(|x| x["read"] == true));

        // Administrators read every officer action; citizens and officers cannot.
        let admin = Person::new(&s, "admin").await;
        let (st, log) = admin.send("GET", "/api/admin/audit", None).await;
        assert_eq!(st, StatusCode::OK);
        let logged: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["dossier"] == code.as_str())
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for a in ["accept", "request_supplement", "view_document", "upload_result", "finish", "return_result"] {
            assert!(logged.contains(&a), "{a} not in {logged:?}");
        }
        assert!(!logged.contains(&"answer_supplement"), "applicants' steps are not officer actions");
        assert_eq!(officer.send("GET", "/api/admin/audit", None).await.0, StatusCode::FORBIDDEN);

        // The applicant sees who opened the dossier and its documents: the
        // unit, the role, when; each officer's look at the dossier once in
        // ten minutes, however often they reloaded it.
        let (st, seen) = an.send("GET", &format!("{}/access", my_path(&code)), None).await;
        assert_eq!(st, StatusCode::OK, "{seen}");
        let seen = seen.as_array().unwrap();
        let opened: Vec<&Value> = seen.iter().filter(|e| e.get("document").is_none()).collect();
        assert_eq!(opened.len(), 1, "{seen:?}");
        assert_eq!(opened[0]["unit"], "Ủy ban nhân dân Phường Ba Đình");
        assert_eq!(opened[0]["role"], "receiving");
        assert_eq!(opened[0]["officer"], "Lê Văn Cường");
        assert!(seen.iter().any(|e| e["document"] == "gcs.jpg"), "{seen:?}");
        // Nobody else's to read.
        let (st, _) = binh.send("GET", &format!("{}/access", my_path(&code)), None).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
    })
}

#[test]
fn a_rating_is_given_once_changed_not_duplicated_and_summed_for_the_agency() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let officer = Person::new(&s, "officer-commune").await;
        let code = commune_dossier(&s, &an, "rate-0123456789abcdef").await;
        let rating = format!("{}/rating", my_path(&code));

        // The form itself is rated right after submitting; again changes it.
        let form = format!("{}/form-rating", my_path(&code));
        let (st, d) = an.send("PUT", &form, Some(json!({ "score": 4 }))).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        let (_, d) = an.send("PUT", &form, Some(json!({ "score": 5 }))).await;
        assert_eq!(d["form_rating"], 5);
        let (st, _) = an.send("PUT", &form, Some(json!({ "score": 9 }))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

        // Not before the result is ready.
        let (st, e) = an.send("PUT", &rating, Some(json!({ "overall": 5 }))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["overall"], json!(["not_yet"]));
        let steps = format!("{}/steps", officer_path(&code));
        for a in ["accept", "start_processing"] {
            step(&officer, &steps, json!({ "action": a })).await;
        }
        officer.put_result(&code, fixture("to-khai.pdf"), "application/pdf").await;
        let (_, d) = step(&officer, &steps, json!({ "action": "finish" })).await;
        assert_eq!(d["status"], "processed");

        let (st, e) = an.send("PUT", &rating, Some(json!({ "overall": 0, "attitude": 7 }))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["overall"], json!(["required"]));
        assert_eq!(e["fields"]["attitude"], json!(["out_of_range"]));
        let (st, d) = an
            .send("PUT", &rating, Some(json!({ "overall": 2, "punctuality": 1, "comment": "Chậm" })))
            .await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["rating"]["overall"], 2);
        assert!(d["rating_until"].as_str().unwrap().len() == 10);
        let (_, d) = an
            .send("PUT", &rating, Some(json!({ "overall": 4, "punctuality": 4, "attitude": 5, "comment": "Đã được giải thích" })))
            .await;
        assert_eq!(d["rating"]["overall"], 4);
        assert_eq!(d["rating"]["comment"], "Đã được giải thích");

        let (st, summary) = officer.send("GET", "/api/officer/ratings", None).await;
        assert_eq!(st, StatusCode::OK);
        let ours = summary
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agency"] == COMMUNE)
            .unwrap();
        assert_eq!(ours["count"], 1, "a second rating is an update: {ours}");
        assert_eq!(ours["by_level"], json!([0, 1, 0, 0, 0]));
        assert_eq!(ours["average"], 4.0);
        assert_eq!(ours["satisfied_percent"], 100.0);
        assert_eq!(ours["criteria"][1], json!(["punctuality", 4.0, 1]));
    })
}

#[test]
fn a_rating_can_no_longer_be_changed_after_the_allowed_days() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.processing.rating_days = 0).await;
        let an = Person::new(&s, "citizen-l2").await;
        let officer = Person::new(&s, "officer-commune").await;
        let code = commune_dossier(&s, &an, "closed-0123456789abcdef").await;
        let steps = format!("{}/steps", officer_path(&code));
        for a in ["accept", "start_processing"] {
            step(&officer, &steps, json!({ "action": a })).await;
        }
        officer
            .put_result(&code, fixture("to-khai.pdf"), "application/pdf")
            .await;
        step(&officer, &steps, json!({ "action": "finish" })).await;
        let rating = format!("{}/rating", my_path(&code));
        let (st, _) = an.send("PUT", &rating, Some(json!({ "overall": 5 }))).await;
        assert_eq!(st, StatusCode::OK);
        let (st, e) = an.send("PUT", &rating, Some(json!({ "overall": 1 }))).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e["fields"]["overall"], json!(["closed"]));
        let (_, d) = an.send("GET", &my_path(&code), None).await;
        assert_eq!(d["rating"]["overall"], 5);
        assert_eq!(d["can_rate"], false);
    })
}

#[test]
fn the_public_lookup_shows_no_personal_data_reveals_nothing_on_a_wrong_factor_and_is_limited() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.processing.lookup_rate_per_minute = 3).await;
        let an = Person::new(&s, "citizen-l2").await;
        let code = commune_dossier(&s, &an, "lookup-0123456789abcdef").await;
        let get = |q: String| {
            let url = format!("{}/api/lookup?{q}", s.base);
            async move {
                let r = client().get(url).send().await.unwrap();
                let st = r.status();
                (st, r.text().await.unwrap())
            }
        };
        // Nguyễn Văn An's ID ends in 2345; the code typed in small letters is found.
        let (st, right) = get(format!("code={}&id=2345", code.to_lowercase())).await;
        assert_eq!(st, StatusCode::OK, "{right}");
        let v: Value = serde_json::from_str(&right).unwrap();
        assert_eq!(v["status"], "submitted");
        assert_eq!(v["code"], code.as_str());
        assert!(!right.contains("Nguyễn") && !right.contains("001085012345"));
        assert!(v.get("answers").is_none() && v.get("applicant").is_none());
        // A wrong factor and an unknown code answer exactly alike.
        let (st1, wrong) = get(format!("code={code}&id=9999")).await;
        let (st2, unknown) = get("code=000.00.01.H29-990101-0001&id=2345".into()).await;
        assert_eq!((st1, st2), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
        let strip = |t: &str| {
            let mut v: Value = serde_json::from_str(t).unwrap();
            v.as_object_mut().unwrap().remove("request_id");
            v
        };
        assert_eq!(strip(&wrong), strip(&unknown));
        // Guessing at speed is cut off.
        let (st, _) = get(format!("code={code}&id=1111")).await;
        assert_eq!(st, StatusCode::TOO_MANY_REQUESTS);
    })
}

#[test]
fn the_operator_may_show_officers_by_role_only() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.processing.show_officer_names = false).await;
        let an = Person::new(&s, "citizen-l2").await;
        let officer = Person::new(&s, "officer-commune").await;
        let code = commune_dossier(&s, &an, "roles-0123456789abcdef").await;
        let steps = format!("{}/steps", officer_path(&code));
        step(&officer, &steps, json!({ "action": "accept" })).await;
        step(&officer, &steps, json!({ "action": "start_processing" })).await;
        let (_, mine) = an.send("GET", &my_path(&code), None).await;
        assert_eq!(mine["events"][1]["actor"], "Cán bộ tiếp nhận");
        assert_eq!(mine["events"][2]["actor"], "Cán bộ xử lý");
        // Who holds it now is named by their role in the unit: the
        // counter officer went on to process it himself.
        assert_eq!(
            mine["handler"],
            "Cán bộ tiếp nhận — Ủy ban nhân dân Phường Ba Đình"
        );
        assert!(!mine.to_string().contains("Lê Văn Cường"));
        // The agency itself still sees who did what.
        let (_, theirs) = officer.send("GET", &officer_path(&code), None).await;
        assert_eq!(theirs["events"][1]["actor"], "Lê Văn Cường");
    })
}

/// A copy of dossier `of` with another code, status, receipt and due day,
/// as the queues would meet it after weeks of work.
async fn copy_dossier(s: &Served, of: &str, code: &str, status: i64, received_at: i64, due: &str) {
    sqlx::query("INSERT INTO dossiers (code, user_id, procedure_code, procedure_name, agency_id, agency_name, form_version, answers, applicant_name, status, channel, delivery, received_at, due_date, original_due_date, idempotency_key, search_text) SELECT $1, user_id, procedure_code, procedure_name, agency_id, agency_name, form_version, answers, applicant_name, $2, channel, delivery, $3, $4, $4, $1, $5 FROM dossiers WHERE code = $6")
        .bind(code)
        .bind(status)
        .bind(received_at)
        .bind(due)
        .bind(server::dossiers::queues::search_text(code, "Nguyễn Văn An"))
        .bind(of)
        .execute(&s.state.db.pool)
        .await
        .unwrap();
}

async fn queue_of(p: &Person<'_>, query: &str) -> app::dossiers::Queue {
    let (st, q) = p
        .send("GET", &format!("/api/officer/dossiers?{query}"), None)
        .await;
    assert_eq!(st, StatusCode::OK, "{q}");
    serde_json::from_value(q).unwrap()
}

fn codes(q: &app::dossiers::Queue) -> Vec<String> {
    q.items.iter().map(|d| d.code.clone()).collect()
}

#[test]
fn the_queues_are_counted_filtered_and_paged_by_the_rules() {
    use app::calendar::{add_working_days, LocalDateTime};
    use app::dossiers::QueueName;
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let commune = Person::new(&s, "officer-commune").await;
        let first = commune_dossier(&s, &an, "queues-0123456789abcdef").await;
        let now = s.state.clock.now_secs();
        let today = LocalDateTime::from_unix_seconds(now).date;
        let day = |n: u32| add_working_days(today, n).to_string();
        let yesterday = today.add_days(-1).to_string();
        let old = now - 400 * 86_400;
        // (code, status, received, due): one of each case the queues tell apart.
        let cases = [
            ("Q-ACCEPTED-SOON", 2, now, day(2)),
            ("Q-PROCESSING-TODAY", 4, now, today.to_string()),
            ("Q-PROCESSING-LATER", 4, now, day(3)),
            ("Q-ACCEPTED-OVERDUE", 2, old, yesterday.clone()),
            // A supplement request stops the clock: neither soon nor overdue.
            ("Q-SUPPLEMENT-PAUSED", 5, now, yesterday.clone()),
            ("Q-PAYMENT", 6, now, day(1)),
            ("Q-READY", 9, old, yesterday.clone()),
            ("Q-REFUSED-RECENT", 3, now, day(1)),
            // Closed more than a year ago: off the working lists.
            ("Q-RETURNED-OLD", 10, old, yesterday.clone()),
        ];
        // The first is new and far from due, whatever its procedure's limit.
        sqlx::query("UPDATE dossiers SET due_date = $1 WHERE code = $2")
            .bind(day(30))
            .bind(&first)
            .execute(&s.state.db.pool)
            .await
            .unwrap();
        for (code, status, at, due) in &cases {
            copy_dossier(&s, &first, code, *status, *at, due).await;
        }
        // Two are held by the officer looking, one by a colleague.
        let me: i64 = sqlx::query_scalar("SELECT id FROM users WHERE full_name = 'Lê Văn Cường'")
            .fetch_one(&s.state.db.pool)
            .await
            .unwrap();
        for (code, holder) in [
            ("Q-PROCESSING-TODAY", me),
            ("Q-READY", me),
            ("Q-PAYMENT", me + 1000),
        ] {
            sqlx::query(
                "UPDATE dossiers SET handler_user_id = $1, handler_name = 'x' WHERE code = $2",
            )
            .bind(holder)
            .bind(code)
            .execute(&s.state.db.pool)
            .await
            .unwrap();
        }
        let all = queue_of(&commune, "queue=all").await;
        assert_eq!(all.items.len(), cases.len(), "{:?}", codes(&all));
        assert!(!codes(&all).contains(&"Q-RETURNED-OLD".to_owned()));
        // Oldest due first.
        let dues: Vec<&str> = all.items.iter().map(|d| d.due_date.as_str()).collect();
        let mut sorted = dues.clone();
        sorted.sort();
        assert_eq!(dues, sorted);
        // What the database selects is what the rule in `app` says, queue
        // by queue, and each tab's count is the length of its list.
        for name in QueueName::ALL {
            let q = queue_of(&commune, &format!("queue={}", name.slug())).await;
            let expected: Vec<String> = all
                .items
                .iter()
                .filter(|d| name.holds(d, me))
                .map(|d| d.code.clone())
                .collect();
            assert_eq!(codes(&q), expected, "{name:?}");
            let count = q.counts.iter().find(|(n, _)| *n == name).unwrap().1;
            assert_eq!(count, expected.len(), "{name:?}");
        }
        let count = |name| all.counts.iter().find(|(n, _)| *n == name).unwrap().1;
        assert_eq!(
            count(QueueName::DueSoon),
            3,
            "today, in 1 and in 2 working days, not in 3"
        );
        assert_eq!(count(QueueName::Overdue), 1);
        assert_eq!(count(QueueName::Waiting), 2);
        assert_eq!(count(QueueName::Ready), 1);
        assert_eq!(count(QueueName::New), 1);
        assert_eq!(count(QueueName::Mine), 2);
        // New, accepted or in progress, and held by nobody.
        assert_eq!(count(QueueName::Unassigned), 4);

        // The search folds tones and case on both sides, and matches codes.
        for q in ["q=NGUY%E1%BB%84N%20v%C4%83n", "q=nguyen%20van", "q=q-ready"] {
            let found = queue_of(&commune, q).await;
            assert!(!found.items.is_empty(), "{q}");
        }
        assert_eq!(codes(&queue_of(&commune, "q=q-ready").await), ["Q-READY"]);
        let none = queue_of(&commune, "q=tr%E1%BA%A7n%20th%E1%BB%8B").await;
        assert!(none.items.is_empty() && none.counts.iter().all(|(_, n)| *n == 0));
        // A wildcard typed by the officer is not one.
        assert!(queue_of(&commune, "q=%25").await.items.len() == all.items.len());
        assert!(queue_of(&commune, "q=_").await.items.len() == all.items.len());

        // Paging: 60 more in progress make two pages of that queue.
        for i in 0..60 {
            copy_dossier(&s, &first, &format!("Q-MANY-{i:02}"), 4, now, &day(20)).await;
        }
        let one = queue_of(&commune, "queue=in_progress").await;
        let two = queue_of(&commune, "queue=in_progress&page=2").await;
        let total = one
            .counts
            .iter()
            .find(|(n, _)| *n == QueueName::InProgress)
            .unwrap()
            .1;
        assert_eq!(total, 64);
        assert_eq!(one.items.len(), one.per_page as usize);
        assert_eq!((one.page, two.page), (1, 2));
        assert_eq!(one.items.len() + two.items.len(), total);
        assert!(codes(&two).iter().all(|c| !codes(&one).contains(c)));
        let (st, e) = commune
            .send("GET", "/api/officer/dossiers?page=0", None)
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        assert_eq!(e["fields"]["page"], serde_json::json!(["out_of_range"]));
    })
}

#[test]
fn a_dossier_changes_hands_inside_its_unit_and_goes_to_another_unit_with_a_reason() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let counter = Person::new(&s, "officer-commune").await;
        let khoa = Person::new(&s, "specialist-commune").await;
        let lan = Person::new(&s, "leader-commune").await;
        let ngoc_ha = Person::new(&s, "officer-commune-2").await;
        let code = commune_dossier(&s, &an, "hands-0123456789abcdef").await;
        let path = officer_path(&code);
        // Nobody holds a new dossier: it waits in the unit's unassigned queue.
        let unassigned = queue_of(&khoa, "queue=unassigned").await;
        assert_eq!(codes(&unassigned), [code.clone()]);

        let (st, _) = step(&counter, &format!("{path}/steps"), json!({ "action": "accept" })).await;
        assert_eq!(st, StatusCode::OK);
        let (_, d) = counter.send("GET", &path, None).await;
        assert_eq!(d["handler"], "Lê Văn Cường — Ủy ban nhân dân Phường Ba Đình");
        let names: Vec<&str> = d["colleagues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        // The unit's officers by name, not the one who holds it already.
        assert_eq!(names, ["Bùi Thị Lan", "Vũ Minh Khoa"]);
        assert_eq!(d["can_transfer"], true);
        let id_of = |name: &str| {
            d["colleagues"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (khoa_id, lan_id) = (id_of("Vũ Minh Khoa"), id_of("Bùi Thị Lan"));

        // Bad hand-overs are refused at their field, and nothing moves.
        for (body, field, reason) in [
            (json!({ "to_officer": 999_999 }), "to_officer", "unknown_value"),
            (json!({}), "to_officer", "required"),
            (json!({ "to_officer": khoa_id, "to_unit": "X00008" }), "to_officer", "required"),
            (json!({ "to_unit": "X00008" }), "note", "required"),
            (json!({ "to_unit": "X99999", "note": "Sai nơi" }), "to_unit", "unknown_value"),
            (json!({ "to_unit": "X00004", "note": "Sai nơi" }), "to_unit", "unknown_value"),
            (json!({ "to_officer": khoa_id, "note": "x".repeat(2001) }), "note", "too_long"),
        ] {
            let (st, e) = handover(&code, &counter, body.clone()).await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body} {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{body} {e}");
        }
        // Another commune's officer cannot reach it at all.
        assert_eq!(
            handover(&code, &ngoc_ha, json!({ "to_officer": khoa_id })).await.0,
            StatusCode::NOT_FOUND
        );

        // The counter assigns it to the specialist…
        let (st, d) = handover(&code, &counter, json!({ "to_officer": khoa_id, "note": "Xử lý giúp" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["handler"], "Vũ Minh Khoa — Ủy ban nhân dân Phường Ba Đình");
        let last = d["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "assign");
        assert_eq!(last["actor"], "Lê Văn Cường");
        assert_eq!(last["to"]["name"], "Vũ Minh Khoa");
        assert_eq!(last["to"]["role"], "specialist");
        assert_eq!(last["status"], last["from"], "a hand-over changes no status");
        assert_eq!(
            handover(&code, &counter, json!({ "to_officer": khoa_id })).await.1["fields"]["to_officer"],
            json!(["already_holds"])
        );
        assert_eq!(codes(&queue_of(&khoa, "queue=mine").await), [code.clone()]);
        assert!(codes(&queue_of(&counter, "queue=mine").await).is_empty());
        assert!(codes(&queue_of(&khoa, "queue=unassigned").await).is_empty());

        // …who starts and passes it to the leader to sign.
        let (st, _) = step(&khoa, &format!("{path}/steps"), json!({ "action": "start_processing" })).await;
        assert_eq!(st, StatusCode::OK);
        let (st, d) = handover(&code, &khoa, json!({ "to_officer": lan_id, "note": "Trình ký" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["handler"], "Bùi Thị Lan — Ủy ban nhân dân Phường Ba Đình");

        // The leader sees the unit's load by officer; a specialist has no such view.
        let (st, load) = lan.send("GET", "/api/officer/load", None).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(load.as_array().unwrap().len(), 1, "{load}");
        assert_eq!(load[0]["code"], "X00004");
        assert_eq!(load[0]["unassigned"], 0);
        let held = |name: &str| {
            load[0]["officers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == name)
                .unwrap()["open"]
                .clone()
        };
        assert_eq!(held("Bùi Thị Lan"), 1);
        assert_eq!(held("Vũ Minh Khoa"), 0);
        assert_eq!(khoa.send("GET", "/api/officer/load", None).await.1, json!([]));

        // The leader finds it belongs to Ngọc Hà and transfers it, with the reason.
        let (st, d) = handover(&code, &lan, json!({ "to_unit": "X00008", "note": "Nơi cư trú thuộc Phường Ngọc Hà" })).await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["agency"], "Ủy ban nhân dân Phường Ngọc Hà");
        assert_eq!(d["handler"], "Ủy ban nhân dân Phường Ngọc Hà");
        assert_eq!(d["actions"], json!([]), "no longer hers to act on");
        let (st, e) = step(&lan, &format!("{path}/steps"), json!({ "action": "finish" })).await;
        assert_eq!(st, StatusCode::CONFLICT, "{e}");
        assert_eq!(e["fields"]["action"], json!(["not_yours"]));
        assert_eq!(
            codes(&queue_of(&ngoc_ha, "queue=unassigned").await),
            [code.clone()]
        );
        // The Ba Đình counter that took it in still follows it, without
        // disposing of Ngọc Hà's staff.
        assert_eq!(counter.send("GET", &path, None).await.0, StatusCode::OK);
        assert_eq!(
            handover(&code, &counter, json!({ "to_officer": khoa_id })).await.0,
            StatusCode::FORBIDDEN
        );

        // The applicant reads each hand-over, and is told of the transfer.
        let (_, mine) = an.send("GET", &my_path(&code), None).await;
        assert_eq!(mine["agency"], "Ủy ban nhân dân Phường Ngọc Hà");
        let moves: Vec<(&str, &str)> = mine["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["to"].is_object())
            .map(|e| (e["action"].as_str().unwrap(), e["to"]["unit"].as_str().unwrap()))
            .collect();
        assert_eq!(
            moves,
            [
                ("assign", "Ủy ban nhân dân Phường Ba Đình"),
                ("assign", "Ủy ban nhân dân Phường Ba Đình"),
                ("transfer", "Ủy ban nhân dân Phường Ngọc Hà"),
            ]
        );
        let (_, notes) = an.send("GET", "/api/me/notifications", None).await;
        assert_eq!(notes[0]["action"], "transfer", "{notes}");
        // Every hand-over is in the audit log, with the unit it was made in.
        let rows: Vec<(String, String, String)> = sqlx::query_as("SELECT action, unit_code, role FROM audit_log WHERE dossier_code = $1 AND action IN ('assign', 'transfer') ORDER BY id")
            .bind(&code)
            .fetch_all(&s.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                ("assign".into(), "X00004".into(), "receiving".into()),
                ("assign".into(), "X00004".into(), "specialist".into()),
                ("transfer".into(), "X00004".into(), "leader".into()),
            ]
        );
    });
}

#[test]
fn a_result_returned_by_post_carries_its_postal_item_number_to_the_applicant() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let officer = Person::new(&s, "officer-commune").await;
        let code = commune_dossier(&s, &an, "post-0123456789abcdef").await;
        // The person asked for the result by post.
        sqlx::query("UPDATE dossiers SET delivery = 'post' WHERE code = $1")
            .bind(&code)
            .execute(&s.state.db.pool)
            .await
            .unwrap();
        let steps = format!("{}/steps", officer_path(&code));
        for a in ["accept", "start_processing"] {
            assert_eq!(
                step(&officer, &steps, json!({ "action": a })).await.0,
                StatusCode::OK
            );
        }
        let (st, _) = officer
            .put_result(&code, fixture("to-khai.pdf"), "application/pdf")
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(
            step(&officer, &steps, json!({ "action": "finish" }))
                .await
                .0,
            StatusCode::OK
        );
        for (tracking, reason) in [("", "required"), ("EA 123", "invalid_tracking")] {
            let (st, e) = step(
                &officer,
                &steps,
                json!({ "action": "return_result", "tracking": tracking }),
            )
            .await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
            assert_eq!(e["fields"]["tracking"], json!([reason]));
        }
        let (st, d) = step(
            &officer,
            &steps,
            json!({ "action": "return_result", "tracking": "EA123456789VN" }),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{d}");
        assert_eq!(d["status"], "returned");
        let (_, mine) = an.send("GET", &my_path(&code), None).await;
        assert_eq!(mine["return_tracking"], "EA123456789VN");
        assert_eq!(mine["channel"], "online");
        let last = mine["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            (last["action"].as_str(), last["tracking"].as_str()),
            (Some("return_result"), Some("EA123456789VN"))
        );
    });
}

/// The applicant's dossier says how long the same procedure usually takes
/// at the same unit, from its finished dossiers, once there are ten: the
/// median and the day by which nine in ten had their result, in working
/// days from receipt.
#[test]
fn the_dossier_page_says_how_long_such_dossiers_usually_take() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let mine = commune_dossier(&s, &an, "typical-mine-0123456789ab").await;
        // Ten dossiers received on Monday 2 March 2026 at 10:00, ready after
        // 1, 2, 2, 3, 3, 3, 4, 5, 6 and 10 working days.
        let ready = [1772506800, 1772593200, 1772593200, 1772679600, 1772679600, 1772679600, 1772766000, 1773025200, 1773111600, 1773630000];
        let mut codes = vec![];
        for (i, at) in ready.iter().enumerate() {
            let code = commune_dossier(&s, &an, &format!("typical-past-{i:02}-0123456789")).await;
            codes.push((code, *at));
        }
        let typical = |v: Value| v.get("typical").cloned();
        for (n, (code, at)) in codes.iter().enumerate() {
            sqlx::query("UPDATE dossiers SET received_at = 1772420400, ready_at = $1, status = 9 WHERE code = $2")
                .bind(at)
                .bind(code)
                .execute(&s.state.db.pool)
                .await
                .unwrap();
            let (_, d) = an.send("GET", &format!("/api/me/dossiers/{mine}"), None).await;
            if n < 9 {
                // Fewer than ten would mislead: nothing is said.
                assert_eq!(typical(d), None, "after {}", n + 1);
            } else {
                let t = typical(d).unwrap();
                assert_eq!((t["median"].clone(), t["p90"].clone(), t["count"].clone()), (json!(3), json!(6), json!(10)), "{t}");
            }
        }
    });
}
