//! One signed-in person making API requests over the socket, and the fixtures and answers the dossier tests share.

use super::signin::{client, signed_in};
use super::Served;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Requests as one signed-in person.
pub struct Person<'a> {
    pub s: &'a Served,
    pub cookie: String,
    pub csrf: String,
}

impl<'a> Person<'a> {
    pub async fn new(s: &'a Served, account: &str) -> Person<'a> {
        let (cookie, csrf) = signed_in(s, account).await;
        Person { s, cookie, csrf }
    }
    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.s.base);
        let c = client();
        let mut req = c
            .request(method.parse().unwrap(), url)
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

pub fn filled(mut answers: Value) -> Value {
    let a = answers.as_object_mut().unwrap();
    a.insert("applicant_phone".into(), json!("0912 345 678"));
    a.insert("applicant_address.province".into(), json!("01"));
    a.insert("applicant_address.commune".into(), json!("00004"));
    a.insert(
        "applicant_address.street".into(),
        json!("Số 1 Hoàng Hoa Thám"),
    );
    a.insert("declaration".into(), json!("yes"));
    // Generic forms with several cases ask which one applies.
    a.insert("case".into(), json!("c0"));
    answers
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../end2end/fixtures")
            .join(name),
    )
    .unwrap()
}

impl Person<'_> {
    /// Sends a file as the request body, as the browser does.
    pub async fn send_file(
        &self,
        method: &str,
        path: &str,
        bytes: Vec<u8>,
        claimed: &str,
    ) -> (StatusCode, Value) {
        let res = client()
            .request(method.parse().unwrap(), format!("{}{path}", self.s.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("content-type", claimed)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Uploads into the person's document store.
    pub async fn upload(&self, bytes: Vec<u8>, claimed: &str, name: &str) -> (StatusCode, Value) {
        let path =
            format!("/api/me/documents?name={name}&kind=Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh");
        self.send_file("POST", &path, bytes, claimed).await
    }
}

/// A procedure of `agency`, offered fully online, with no written form
/// (so the generic form and [`filled`] answer it).
pub async fn online_procedure_of(s: &Served, agency: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT p.code FROM procedures p JOIN agencies a ON a.id = p.agency_id WHERE a.name = $1 AND p.service_level = 'full' AND p.code NOT IN ('1.001193', '1.000894', '1.000656', '1.004873', '2.000635', '3.000333', '1.001612', '1.001022', '1.004837', '1.004859') ORDER BY p.code LIMIT 1")
        .bind(agency)
        .fetch_one(&s.state.db.pool)
        .await
        .expect("an online procedure of the agency")
        .try_get("code")
        .unwrap()
}

impl Person<'_> {
    /// Starts, fills and submits `procedure`'s generic form; the dossier.
    pub async fn submit(&self, procedure: &str, key: &str) -> Value {
        let (_, draft) = self
            .send(
                "POST",
                "/api/me/drafts",
                Some(json!({ "procedure": procedure })),
            )
            .await;
        let id = draft["id"].as_str().expect("a draft").to_owned();
        let (st, saved) = self
            .send(
                "PUT",
                &format!("/api/me/drafts/{id}"),
                Some(json!({ "answers": filled(draft["answers"].clone()) })),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{saved}");
        let (st, dossier) = self
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": id, "idempotency_key": key })),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{dossier}");
        dossier
    }
}
