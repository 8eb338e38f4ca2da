//! Drafts and submission over a real socket: prefill, locked identity, owner-only access, validation naming each field, and idempotent submit.

mod common;

use common::person::{filled, fixture, Person};
use common::signin::client;
use common::{serve_fresh, Served, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// `GET /api/forms/{code}`, as anybody may.
async fn public_form(s: &Served, code: &str) -> Value {
    client()
        .get(format!("{}/api/forms/{code}", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A procedure offered online with no written form: it gets the generic one.
async fn generic_procedure(s: &Served) -> String {
    let r: Value = client()
        .get(format!(
            "{}/api/procedures?q=dang%20ky%20thay%20doi&service_level=full&per_page=20",
            s.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let written = [
        "1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "3.000333", "1.001612",
        "1.001022", "1.004837", "1.004859",
    ];
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .find(|c| !written.contains(&c.as_str()))
        .expect("an online procedure")
}

#[test]
fn a_draft_is_prefilled_kept_private_and_submitted_once() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let code = generic_procedure(&s).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;

        // The form itself is public.
        let form = public_form(&s, &code).await;
        assert_eq!(form["procedure"], code.as_str());
        assert_eq!(form["version"], app::forms::GENERIC_VERSION);
        // No declaration asks for a phone number: it is offered, not demanded.
        let phone = form["sections"][0]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "applicant_phone")
            .expect("the phone field");
        assert_eq!(phone["required"], false);

        // Starting: what the state knows is filled in.
        let (st, draft) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{draft}");
        let id = draft["id"].as_str().unwrap().to_owned();
        assert_eq!(draft["answers"]["applicant_name"], "Nguyễn Văn An");
        assert_eq!(draft["answers"]["applicant_id"], "001085012345");
        assert!(draft["expires_on"].as_str().unwrap().len() == 10);
        // Starting the same procedure again resumes the draft.
        let (st, again) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(again["id"], id.as_str());

        // Saving keeps what was typed, even when not yet valid, and puts the
        // locked identity back whatever the browser sent.
        let mut answers = draft["answers"].clone();
        answers["applicant_name"] = json!("Người Khác");
        answers["applicant_phone"] = json!("12345");
        let (st, saved) = an
            .send(
                "PUT",
                &format!("/api/me/drafts/{id}"),
                Some(json!({ "answers": answers, "section": "documents" })),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{saved}");
        assert_eq!(saved["answers"]["applicant_name"], "Nguyễn Văn An");
        assert_eq!(saved["answers"]["applicant_phone"], "12345");
        assert_eq!(saved["section"], "documents");
        assert_eq!(saved["revision"], 2);

        // Another person's draft does not exist for them.
        assert_eq!(
            binh.send("GET", &format!("/api/me/drafts/{id}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            binh.send(
                "PUT",
                &format!("/api/me/drafts/{id}"),
                Some(json!({ "answers": {} }))
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(binh.send("GET", "/api/me/drafts", None).await.1, json!([]));
        let (_, mine) = an.send("GET", "/api/me/drafts", None).await;
        assert_eq!(mine.as_array().unwrap().len(), 1);

        // Submitting an incomplete form: 422 naming each field.
        let key = "k-0123456789abcdef-1";
        let (st, err) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": key })),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        let fields = err["fields"].as_object().unwrap();
        assert_eq!(fields["applicant_phone"], json!(["invalid_phone"]));
        assert_eq!(fields["applicant_address.province"], json!(["required"]));
        assert_eq!(fields["declaration"], json!(["required"]));
        assert!(!fields.contains_key("applicant_name"));

        // Filled in: a dossier with a code in the national format and a date.
        an.send(
            "PUT",
            &format!("/api/me/drafts/{id}"),
            Some(json!({ "answers": filled(saved["answers"].clone()) })),
        )
        .await;
        let (st, dossier) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": key })),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{dossier}");
        let dcode = dossier["code"].as_str().unwrap().to_owned();
        let parts: Vec<&str> = dcode.split('-').collect();
        assert_eq!(parts[0], "000.00.01.H29");
        assert!(
            parts[1].len() == 6
                && parts[2].len() == 4
                && parts[2].bytes().all(|b| b.is_ascii_digit()),
            "{dcode}"
        );
        assert_eq!(dossier["status"], "submitted");
        assert_eq!(dossier["applicant"], "Nguyễn Văn An");
        assert_eq!(dossier["events"].as_array().unwrap().len(), 1);
        let today = app::calendar::LocalDateTime::from_unix_seconds(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64,
        )
        .date
        .to_string();
        assert!(
            dossier["due_date"].as_str().unwrap() > today.as_str(),
            "{dossier}"
        );
        assert!(dossier["tracking_url"].as_str().unwrap().ends_with(&dcode));

        // A retry with the same key: the same dossier, not a second one.
        let (st, again) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": key })),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(again["code"], dcode.as_str());
        let (_, list) = an.send("GET", "/api/me/dossiers", None).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        // The draft became the dossier.
        assert_eq!(
            an.send("GET", &format!("/api/me/drafts/{id}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        // Nobody else sees it.
        assert_eq!(
            binh.send("GET", &format!("/api/me/dossiers/{dcode}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            an.send("GET", &format!("/api/me/dossiers/{dcode}"), None)
                .await
                .1["code"],
            dcode.as_str()
        );
        // The receipt's QR code, for the owner only.
        let qr = client()
            .get(format!("{}/api/me/dossiers/{dcode}/qr.svg", s.base))
            .header("cookie", &an.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(qr.headers()["content-type"], "image/svg+xml");
        assert!(qr.text().await.unwrap().contains("<svg"));
        assert_eq!(
            binh.send("GET", &format!("/api/me/dossiers/{dcode}/qr.svg"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    });
}

#[test]
fn a_double_tap_makes_one_dossier() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let code = generic_procedure(&s).await;
        let an = Person::new(&s, "citizen-l2").await;
        let (_, draft) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        let id = draft["id"].as_str().unwrap();
        an.send(
            "PUT",
            &format!("/api/me/drafts/{id}"),
            Some(json!({ "answers": filled(draft["answers"].clone()) })),
        )
        .await;
        let body = json!({ "draft": id, "idempotency_key": "tap-tap-0123456789abcdef" });
        let (a, b) = tokio::join!(
            an.send("POST", "/api/me/dossiers", Some(body.clone())),
            an.send("POST", "/api/me/dossiers", Some(body.clone()))
        );
        assert!(a.0.is_success() && b.0.is_success(), "{a:?} {b:?}");
        assert_eq!(a.1["code"], b.1["code"]);
        let (_, list) = an.send("GET", "/api/me/dossiers", None).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
    });
}

#[test]
fn only_applicants_file_and_bad_input_is_named() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let code = generic_procedure(&s).await;
        let anon = client()
            .get(format!("{}/api/me/drafts", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
        let officer = Person::new(&s, "officer-commune").await;
        assert_eq!(
            officer
                .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let business = Person::new(&s, "business").await;
        let (st, _) = business
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        assert_eq!(st, StatusCode::CREATED);

        let an = Person::new(&s, "citizen-l2").await;
        // A procedure that is not online, or does not exist.
        let (st, err) = an
            .send(
                "POST",
                "/api/me/drafts",
                Some(json!({ "procedure": "9.999999" })),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err["fields"]["procedure"], json!(["unknown_value"]));
        // Wrong shapes never reach the database, and say which field.
        let (st, err) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedur": code })))
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{err}");
        let (_, draft) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        let id = draft["id"].as_str().unwrap();
        let huge = "x".repeat(5000);
        let (st, err) = an
            .send(
                "PUT",
                &format!("/api/me/drafts/{id}"),
                Some(json!({ "answers": { "request": huge } })),
            )
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        assert_eq!(err["fields"]["request"], json!(["too_long"]));
        let (st, _) = an
            .send(
                "PUT",
                &format!("/api/me/drafts/{id}"),
                Some(json!({ "answers": { "<script>": "x" } })),
            )
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        // What was saved before is still there.
        let (_, kept) = an.send("GET", &format!("/api/me/drafts/{id}"), None).await;
        assert_eq!(kept["answers"]["applicant_name"], "Nguyễn Văn An");
        let (st, _) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": "short" })),
            )
            .await;
        assert_eq!(st, StatusCode::BAD_REQUEST);
        // A commune that is not in the province is named.
        let mut a = filled(kept["answers"].clone());
        a["applicant_address.commune"] = json!("01273");
        an.send(
            "PUT",
            &format!("/api/me/drafts/{id}"),
            Some(json!({ "answers": a })),
        )
        .await;
        let (st, err) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": "commune-0123456789abcdef" })),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            err["fields"]["applicant_address.commune"],
            json!(["unknown_commune"])
        );
    });
}

#[test]
fn places_list_the_2025_units() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let get = |p: String| async move { client().get(p).send().await.unwrap() };
        let provinces: Vec<Value> = get(format!("{}/api/places/provinces", s.base))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(provinces.len(), 34);
        let communes: Vec<Value> = get(format!("{}/api/places/provinces/01/communes", s.base))
            .await
            .json()
            .await
            .unwrap();
        assert!(communes
            .iter()
            .any(|c| c["name"] == "Phường Ba Đình" && c["code"] == "00004"));
        assert_eq!(
            get(format!("{}/api/places/provinces/99/communes", s.base))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    });
}

#[test]
fn the_document_store_accepts_by_content_keeps_once_and_stays_private() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let limits: Value = client()
            .get(format!("{}/api/documents/limits", s.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            limits["types"],
            json!(["image/jpeg", "image/png", "application/pdf"])
        );

        let jpeg = fixture("giay-chung-sinh.jpg");
        let (st, doc) = an
            .upload(jpeg.clone(), "image/jpeg", "giay-chung-sinh.jpg")
            .await;
        assert_eq!(st, StatusCode::CREATED, "{doc}");
        assert_eq!(doc["media_type"], "image/jpeg");
        assert_eq!(doc["size"], jpeg.len());
        assert_eq!(doc["kind"], "Giấy chứng sinh");
        let id = doc["id"].as_str().unwrap().to_owned();
        // The same file again: the same document, stored once.
        let (st, again) = an.upload(jpeg.clone(), "image/jpeg", "anh-khac.jpg").await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(again["id"], id.as_str());
        // Under the name given this time, not the earlier one; its kind stays.
        assert_eq!(again["file_name"], "anh-khac.jpg");
        assert_eq!(again["kind"], "Giấy chứng sinh");
        // A motion photo (a video after the photo's end) is a photo; what
        // follows its end is not kept, so it is the same photo as before.
        let mut motion = jpeg.clone();
        motion.extend_from_slice(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom");
        let (st, still) = an.upload(motion, "image/jpeg", "anh-dong.jpg").await;
        assert_eq!(st, StatusCode::OK, "{still}");
        assert_eq!(still["id"], id.as_str());
        assert_eq!(still["size"], jpeg.len());
        let stored = walk(&s.state.upload_dir);
        assert_eq!(stored, 1, "one file on disk");
        // Another person uploading the same bytes gets their own document, same blob.
        let (st, theirs) = binh.upload(jpeg.clone(), "image/jpeg", "x.jpg").await;
        assert_eq!(st, StatusCode::CREATED);
        assert_ne!(theirs["id"], id.as_str());
        assert_eq!(walk(&s.state.upload_dir), 1);
        for (bytes, claimed) in [
            (fixture("can-cuoc.png"), "image/png"),
            (fixture("to-khai.pdf"), "application/pdf"),
        ] {
            let (st, d) = an.upload(bytes, claimed, "f").await;
            assert_eq!(st, StatusCode::CREATED, "{claimed}: {d}");
            assert_eq!(d["media_type"], claimed);
        }

        // Refused, each with its reason, and nothing stored.
        let before = an
            .send("GET", "/api/me/documents", None)
            .await
            .1
            .as_array()
            .unwrap()
            .len();
        let cases: Vec<(Vec<u8>, &str, StatusCode, &str)> = vec![
            (
                b"just text".to_vec(),
                "image/jpeg",
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_accepted_type",
            ),
            (
                b"MZ\x90\x00 an exe".to_vec(),
                "application/pdf",
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_accepted_type",
            ),
            (
                jpeg.clone(),
                "application/pdf",
                StatusCode::UNPROCESSABLE_ENTITY,
                "type_mismatch",
            ),
            (
                jpeg[..jpeg.len() / 2].to_vec(),
                "image/jpeg",
                StatusCode::UNPROCESSABLE_ENTITY,
                "malformed",
            ),
            (
                b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF".to_vec(),
                "application/pdf",
                StatusCode::UNPROCESSABLE_ENTITY,
                "malformed",
            ),
            (vec![], "image/png", StatusCode::BAD_REQUEST, "empty"),
            (
                vec![0xFF; 300 * 1024],
                "image/jpeg",
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
            ),
        ];
        for (bytes, claimed, status, reason) in cases {
            let (st, err) = an.upload(bytes, claimed, "bad").await;
            assert_eq!(st, status, "{reason}: {err}");
            assert_eq!(err["fields"]["file"], json!([reason]), "{err}");
        }
        let after = an
            .send("GET", "/api/me/documents", None)
            .await
            .1
            .as_array()
            .unwrap()
            .len();
        assert_eq!(before, after);

        // Preview is the owner's only, and never runs as a page.
        let res = client()
            .get(format!("{}/api/me/documents/{id}/content", s.base))
            .header("cookie", &an.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert!(res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox"));
        assert_eq!(res.bytes().await.unwrap().to_vec(), jpeg);
        let res = client()
            .get(format!("{}/api/me/documents/{id}/content", s.base))
            .header("cookie", &binh.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            binh.send("DELETE", &format!("/api/me/documents/{id}"), None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    });
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn a_document_from_the_store_goes_into_a_dossier_and_is_then_kept() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let binh = Person::new(&s, "citizen-l1").await;
        let code = generic_procedure(&s).await;
        let (_, doc) = an
            .upload(fixture("to-khai.pdf"), "application/pdf", "to-khai.pdf")
            .await;
        let doc_id = doc["id"].as_str().unwrap().to_owned();
        let (_, theirs) = binh
            .upload(fixture("can-cuoc.png"), "image/png", "cc.png")
            .await;
        let (_, draft) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        let id = draft["id"].as_str().unwrap();
        let form = public_form(&s, &code).await;
        let slot = form["sections"][1]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["type"] == "document"
                    && (f["show_if"].is_null() || f["show_if"]["in"] == json!(["c0"]))
            })
            .and_then(|f| f["id"].as_str())
            .expect("a document slot")
            .to_owned();
        // Someone else's document cannot be attached.
        let mut a = filled(draft["answers"].clone());
        a[&slot] = json!(theirs["id"]);
        an.send(
            "PUT",
            &format!("/api/me/drafts/{id}"),
            Some(json!({ "answers": a })),
        )
        .await;
        let (st, err) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": "docs-0123456789abcdef-a" })),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err["fields"][&slot], json!(["unknown_document"]));
        // One's own: received, listed on the dossier, and the store says where it went.
        a[&slot] = json!(doc_id);
        an.send(
            "PUT",
            &format!("/api/me/drafts/{id}"),
            Some(json!({ "answers": a })),
        )
        .await;
        let (st, dossier) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": "docs-0123456789abcdef-b" })),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{dossier}");
        assert_eq!(dossier["documents"][0]["file_name"], "to-khai.pdf");
        let (_, docs) = an.send("GET", "/api/me/documents", None).await;
        assert_eq!(docs[0]["used_in"], json!([dossier["code"]]));
        // So it cannot be deleted.
        let (st, err) = an
            .send("DELETE", &format!("/api/me/documents/{doc_id}"), None)
            .await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert_eq!(err["fields"]["file"], json!(["in_use"]));
        // The same bytes uploaded again under a new name rename the store's
        // document; the dossier keeps the name it was filed with.
        let (st, renamed) = an
            .upload(fixture("to-khai.pdf"), "application/pdf", "to-khai-moi.pdf")
            .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(renamed["id"], doc_id.as_str());
        assert_eq!(renamed["file_name"], "to-khai-moi.pdf");
        let code = dossier["code"].as_str().unwrap();
        let (_, filed) = an
            .send("GET", &format!("/api/me/dossiers/{code}"), None)
            .await;
        assert_eq!(filed["documents"][0]["file_name"], "to-khai.pdf");
    });
}

#[test]
fn the_written_forms_are_served_and_prefilled() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let form = public_form(&s, "1.001193").await;
        assert_eq!(form["title"]["vi"], "Tờ khai đăng ký khai sinh");
        // The birth declaration does not ask how the result is received.
        assert!(
            !form["sections"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|s| s["fields"].as_array().unwrap())
                .any(|f| f["id"] == "delivery"),
            "{form}"
        );
        assert!(form["sections"].as_array().unwrap().len() >= 3);
        assert!(
            form["source"].as_str().unwrap().contains("04/2024"),
            "{}",
            form["source"]
        );
        let an = Person::new(&s, "citizen-l2").await;
        let (st, draft) = an
            .send(
                "POST",
                "/api/me/drafts",
                Some(json!({ "procedure": "1.001193" })),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED);
        let values: Vec<&str> = draft["answers"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(
            values.contains(&"Nguyễn Văn An") && values.contains(&"001085012345"),
            "{draft}"
        );
        // A procedure that is not offered online has no e-form.
        let offline: Value = client()
            .get(format!(
                "{}/api/procedures?service_level=none&per_page=1",
                s.base
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let code = offline["items"][0]["code"].as_str().unwrap();
        assert_eq!(
            client()
                .get(format!("{}/api/forms/{code}", s.base))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::NOT_FOUND
        );
    });
}

#[test]
fn the_operator_can_require_the_phone_in_every_form() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.require_phone = true).await;
        let code = generic_procedure(&s).await;
        // Served as required, written form and generic alike, so the
        // browser asks for it before the server does.
        for procedure in ["1.001193", code.as_str()] {
            let form = public_form(&s, &procedure).await;
            let phone = form["sections"][0]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["prefill"] == "phone")
                .unwrap_or_else(|| panic!("{procedure}: no phone field"));
            assert_eq!(phone["required"], true, "{procedure}");
        }
        // And checked as required: an empty phone is named, nothing else changes.
        let an = Person::new(&s, "citizen-l2").await;
        let (_, draft) = an
            .send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
            .await;
        let id = draft["id"].as_str().unwrap().to_owned();
        let mut answers = filled(draft["answers"].clone());
        answers["applicant_phone"] = json!("");
        let (st, _) = an
            .send(
                "PUT",
                &format!("/api/me/drafts/{id}"),
                Some(json!({ "answers": answers })),
            )
            .await;
        assert_eq!(st, StatusCode::OK);
        let (st, err) = an
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": "phone-0123456789abcdef" })),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(
            err["fields"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["applicant_phone"]
        );
        assert_eq!(err["fields"]["applicant_phone"], json!(["required"]));
    });
}
