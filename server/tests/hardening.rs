//! What the outside trial found, each as a test: sockets without Nagle, security headers, the one error body for every answer, hostile uploads, sign-in bound to its browser, and the catalogue's rules of who may apply.

mod common;

use common::person::{fixture, Person};
use common::signin::{choose_account, client, location, urlencode};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::documents::samples::{jpeg_with_gps, pdf_with, png_of};

#[test]
fn accepted_connections_do_not_wait_for_delayed_acks() {
    RT.block_on(async {
        let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = tcp.local_addr().unwrap();
        let mut listener = server::listener(tcp);
        let _client = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (io, _) = axum::serve::Listener::accept(&mut listener).await;
        assert!(io.nodelay().unwrap(), "TCP_NODELAY on the accepted socket");
    });
}

/// The envelope: `{code, message}` and nothing that is not JSON.
fn assert_envelope(what: &str, status: StatusCode, body: &Value, want: StatusCode, code: &str) {
    assert_eq!(status, want, "{what}: {body}");
    assert_eq!(body["code"], code, "{what}: {body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {body}"
    );
}

async fn raw(s: &common::Served, method: &str, path: &str) -> (StatusCode, Value) {
    let res = client()
        .request(method.parse().unwrap(), format!("{}{path}", s.base))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[test]
fn every_api_error_is_the_envelope_in_the_persons_language() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let citizen = Person::new(&s, "citizen-l2").await;
        let officer = Person::new(&s, "officer-commune").await;
        // Path and query values the extractors cannot read.
        let (st, b) = citizen.send("GET", "/api/me/drafts/%ff", None).await;
        assert_envelope(
            "bad percent-encoding in a path id",
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        let (st, b) = officer
            .send("GET", "/api/officer/dossiers?queue=x", None)
            .await;
        assert_envelope(
            "unknown queue",
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        assert!(b["fields"]["queue"].is_array(), "{b}");
        let (st, b) = raw(&s, "GET", "/api/forms/1.001193/abc").await;
        assert_envelope(
            "a version that is not a number",
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        let (st, b) = raw(&s, "GET", "/api/procedures?q=a&q=b").await;
        assert_envelope(
            "a repeated parameter",
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        let (st, b) = raw(&s, "GET", "/api/lookup?code=x&code=y&id=1234").await;
        assert_envelope(
            "a repeated lookup parameter",
            st,
            &b,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        // Methods, sizes.
        let (st, b) = raw(&s, "DELETE", "/api/procedures").await;
        assert_envelope(
            "a method the path does not take",
            st,
            &b,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        );
        let (st, b) = raw(
            &s,
            "GET",
            &format!("/api/procedures?q={}", "a".repeat(9000)),
        )
        .await;
        assert_envelope(
            "a long address",
            st,
            &b,
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
        );
        let mut req = client().get(format!("{}/api/health", s.base));
        for i in 0..70 {
            req = req.header(format!("x-h{i}"), "v");
        }
        let res = req.send().await.unwrap();
        let st = res.status();
        let b: Value = res.json().await.unwrap();
        assert_envelope(
            "many headers",
            st,
            &b,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
        );
        let (st, b) = citizen
            .send(
                "PUT",
                "/api/me/profile",
                Some(json!({ "email": "a".repeat(3 * 1024 * 1024) })),
            )
            .await;
        assert_envelope(
            "a body over the limit",
            st,
            &b,
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        );
        // English when asked for.
        let res = client()
            .delete(format!("{}/api/procedures", s.base))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let b: Value = res.json().await.unwrap();
        assert!(b["message"].as_str().unwrap().contains("method"), "{b}");
    });
}

#[test]
fn a_conflict_has_its_own_code_and_a_status_the_code_does_not_know_is_an_error() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let procedure = common::person::online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let dossier = an.submit(&procedure, "conflict-test-key-0001").await;
        let code = dossier["code"].as_str().unwrap().to_owned();
        // A document a dossier uses cannot be deleted: 409 `conflict`.
        let (_, doc) = an.upload(fixture("can-cuoc.png"), "image/png", "can-cuoc.png").await;
        let id = doc["id"].as_str().unwrap();
        sqlx::query("INSERT INTO dossier_documents (dossier_id, field, document_id, component) SELECT id, 'x', $1, 'x' FROM dossiers WHERE code = $2")
            .bind(id)
            .bind(&code)
            .execute(&s.state.db.pool)
            .await
            .unwrap();
        let (st, b) = an.send("DELETE", &format!("/api/me/documents/{id}"), None).await;
        assert_envelope("deleting a document in use", st, &b, StatusCode::CONFLICT, "conflict");
        // A status the program does not know is not shown as "submitted".
        sqlx::query("UPDATE dossiers SET status = 99 WHERE code = $1")
            .bind(&code)
            .execute(&s.state.db.pool)
            .await
            .unwrap();
        let (st, b) = an.send("GET", &format!("/api/me/dossiers/{code}"), None).await;
        assert_envelope("an unknown status", st, &b, StatusCode::INTERNAL_SERVER_ERROR, "internal");
        assert!(b["request_id"].is_string());
    });
}

#[test]
fn a_constraint_violation_is_a_conflict_naming_the_field() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let (_, doc) = an.upload(fixture("can-cuoc.png"), "image/png", "can-cuoc.png").await;
        // The same bytes twice in one store is what the unique key forbids.
        let err = sqlx::query("INSERT INTO documents (id, user_id, sha256, kind, file_name, media_type, size, created_at) SELECT 'copy', user_id, sha256, kind, file_name, media_type, size, created_at FROM documents WHERE id = $1")
            .bind(doc["id"].as_str().unwrap())
            .execute(&s.state.db.pool)
            .await
            .unwrap_err();
        let field = server::error::constraint_violation(&anyhow::Error::from(err));
        assert_eq!(field.as_deref(), Some("sha256"), "the key's last column names the field");
        // And a foreign key: a dossier document pointing nowhere.
        let err = sqlx::query("INSERT INTO dossier_documents (dossier_id, field, document_id, component) VALUES (-1, 'x', 'nothing', 'x')")
            .execute(&s.state.db.pool)
            .await
            .unwrap_err();
        let e = server::error::AppError::from(anyhow::Error::from(err));
        use axum::response::IntoResponse;
        assert_eq!(e.into_response().status(), axum::http::StatusCode::CONFLICT);
    });
}

#[test]
fn every_answer_carries_the_security_headers() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.login_rate_per_minute = 4).await;
        let an = Person::new(&s, "citizen-l2").await;
        let get = |path: &'static str, cookie: Option<String>| {
            let url = format!("{}{path}", s.base);
            async move {
                let mut r = client().get(url);
                if let Some(c) = cookie {
                    r = r.header("cookie", c);
                }
                r.send().await.unwrap()
            }
        };
        for path in [
            "/",
            "/tim-kiem",
            "/ca-nhan",
            "/api/procedures",
            "/api/health",
            "/api/nothing",
        ] {
            let r = get(path, None).await;
            let h = r.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            assert!(
                !csp.contains(" 'unsafe-eval'"),
                "{path}: only wasm-unsafe-eval: {csp}"
            );
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["x-frame-options"], "DENY", "{path}");
            assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        }
        // Personal answers are never stored by a cache.
        for path in [
            "/api/me/profile",
            "/api/me/dossiers",
            "/api/me/documents",
            "/api/session",
        ] {
            let r = get(path, Some(an.cookie.clone())).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        }
        assert_ne!(
            get("/api/procedures", None)
                .await
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store")
        );
        // The stand-in's account chooser cannot be framed and runs no script.
        let c = client();
        let start = c
            .get(format!("{}/api/auth/login", s.base))
            .send()
            .await
            .unwrap();
        let page = c.get(location(&start)).send().await.unwrap();
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        // A refused request says when to come back.
        let mut last = None;
        for _ in 0..4 {
            last = Some(
                c.get(format!("{}/api/auth/login", s.base))
                    .send()
                    .await
                    .unwrap(),
            );
        }
        let last = last.unwrap();
        assert_eq!(last.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = last.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        let b: Value = last.json().await.unwrap();
        assert_eq!(b["code"], "rate_limited");
    });
}

#[test]
fn a_login_finishes_only_in_the_browser_that_started_it() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let attacker = client();
        let (_, callback, binding) = choose_account(&s, &attacker, "citizen-l1", "/").await;
        // The attacker's callback link opened in the victim's browser.
        let victim = client().get(&callback).send().await.unwrap();
        assert_eq!(location(&victim), "/dang-nhap/loi?ly-do=other_browser");
        assert!(
            !victim
                .headers()
                .get_all("set-cookie")
                .iter()
                .any(|v| v.to_str().unwrap().starts_with("dvc_session=")),
            "no session for the victim"
        );
        // The browser that started it still can.
        let own = attacker
            .get(&callback)
            .header("cookie", &binding)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&own), "/");
        let cookies: Vec<String> = own
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert!(
            cookies.iter().any(|c| c.starts_with("dvc_session=")),
            "{cookies:?}"
        );
        assert!(
            cookies
                .iter()
                .any(|c| c.starts_with("dvc_login=;") && c.contains("Max-Age=0")),
            "the binding is cleared: {cookies:?}"
        );
        let b = binding.split('=').nth(1).unwrap();
        assert!(
            !callback.contains(b),
            "the cookie holds a hash of the state, not the state"
        );
    });
}

#[test]
fn a_return_address_with_control_characters_is_refused_and_vietnamese_is_kept() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        for bad in ["/%01x", "/%7F", "/a%00b", "/%E2%80%AEgpj.exe"] {
            let (st, b) = raw(&s, "GET", &format!("/api/auth/login?return_to={bad}")).await;
            assert_envelope(bad, st, &b, StatusCode::BAD_REQUEST, "invalid_parameter");
            assert!(b["fields"]["return_to"].is_array(), "{b}");
        }
        let l = common::signin::login(&s, "citizen-l2", "/tim-kiem?q=sổ đỏ").await;
        assert_eq!(l.landed, format!("/tim-kiem?q={}", urlencode("sổ đỏ")));
    });
}

#[test]
fn hostile_uploads_are_refused_or_made_safe() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.upload_max_bytes = 2 * 1024 * 1024).await;
        let an = Person::new(&s, "citizen-l2").await;
        let (st, b) = an
            .upload(png_of(30_000, 30_000), "image/png", "bomb.png")
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(b["fields"]["file"][0], "too_many_pixels");
        for extra in [
            "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            "/OpenAction << /S /Launch /F (cmd.exe) >>",
            "/Names << /EmbeddedFiles << /Names [] >> >>",
        ] {
            let (st, b) = an
                .upload(pdf_with(extra), "application/pdf", "to-khai.pdf")
                .await;
            assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{extra}: {b}");
            assert_eq!(b["fields"]["file"][0], "active_content", "{extra}");
        }
        let (st, _) = an
            .upload(pdf_with(""), "application/pdf", "to-khai.pdf")
            .await;
        assert_eq!(st, StatusCode::CREATED, "a plain PDF is fine");
        // A photo's location is removed, and the person is told.
        let photo = jpeg_with_gps(&fixture("giay-chung-sinh.jpg"));
        let (st, doc) = an.upload(photo.clone(), "image/jpeg", "anh.jpg").await;
        assert_eq!(st, StatusCode::CREATED, "{doc}");
        assert_eq!(doc["location_removed"], true);
        let res = client()
            .get(format!(
                "{}/api/me/documents/{}/content",
                s.base,
                doc["id"].as_str().unwrap()
            ))
            .header("cookie", &an.cookie)
            .send()
            .await
            .unwrap();
        let kept = res.bytes().await.unwrap();
        assert_eq!(kept.len(), photo.len());
        assert!(
            !kept.windows(8).any(|w| w == [21, 0, 0, 0, 1, 0, 0, 0]),
            "no latitude kept"
        );
        // Bidirectional controls leave the name; the extension is the real one.
        let (st, doc) = an
            .upload(
                fixture("to-khai.pdf"),
                "application/pdf",
                &urlencode("hoa-don\u{202E}fdp.exe"),
            )
            .await;
        assert_eq!(st, StatusCode::CREATED, "{doc}");
        assert_eq!(doc["file_name"], "hoa-donfdp.pdf");
        let res = client()
            .get(format!(
                "{}/api/me/documents/{}/content",
                s.base,
                doc["id"].as_str().unwrap()
            ))
            .header("cookie", &an.cookie)
            .send()
            .await
            .unwrap();
        let disposition = res.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("inline; filename=\"hoa-donfdp.pdf\""),
            "{disposition}"
        );
    });
}

async fn start(p: &Person<'_>, code: String) -> (StatusCode, Value) {
    p.send("POST", "/api/me/drafts", Some(json!({ "procedure": code })))
        .await
}

/// A procedure whose catalogue subjects are only `kind`.
async fn procedure_only_for(s: &common::Served, kind: &str) -> String {
    use sqlx::Row;
    sqlx::query("SELECT code FROM procedures WHERE subject_kinds = $1 AND service_level <> 'none' ORDER BY code LIMIT 1")
        .bind(kind)
        .fetch_one(&s.state.db.pool)
        .await
        .expect("such a procedure in the catalogue")
        .try_get("code")
        .unwrap()
}

#[test]
fn who_may_apply_is_the_procedures_rule_checked_by_the_server() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let business = Person::new(&s, "business").await;
        let person = Person::new(&s, "citizen-l1").await;
        let for_individuals = procedure_only_for(&s, "individual").await;
        let for_organisations = procedure_only_for(&s, "organisation").await;
        let (st, b) = start(&business, for_individuals.clone()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(b["fields"]["procedure"][0], "individuals_only");
        let (st, b) = start(&person, for_organisations.clone()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(b["fields"]["procedure"][0], "organisations_only");
        let (st, _) = start(&business, for_organisations).await;
        assert!(st.is_success(), "{st}");
        // A level-2 requirement, set by an administrator, keeps level-1 accounts out.
        let (st, _) = start(&person, for_individuals.clone()).await;
        assert!(st.is_success(), "before the requirement: {st}");
        let admin = Person::new(&s, "admin").await;
        let path = format!("/api/admin/procedures/{for_individuals}/required-loa");
        let (st, b) = admin
            .send("PUT", &path, Some(json!({ "required_loa": 3 })))
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        let (st, b) = person
            .send("PUT", &path, Some(json!({ "required_loa": 2 })))
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{b}");
        let (st, b) = admin
            .send("PUT", &path, Some(json!({ "required_loa": 2 })))
            .await;
        assert_eq!(st, StatusCode::OK, "{b}");
        assert_eq!(b["required_loa"], 2);
        // The draft the level-1 person already has cannot be submitted either.
        let (_, drafts) = person.send("GET", "/api/me/drafts", None).await;
        let draft = drafts[0]["id"].as_str().unwrap().to_owned();
        let (st, b) = person
            .send(
                "POST",
                "/api/me/dossiers",
                Some(json!({ "draft": draft, "idempotency_key": "loa2-test-key-000001" })),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(b["fields"]["procedure"][0], "needs_loa2");
        let level2 = Person::new(&s, "citizen-l2").await;
        let (st, b) = start(&level2, for_individuals).await;
        assert!(st.is_success(), "{b}");
    });
}

#[test]
fn the_operators_pages_come_from_their_folder_and_their_html_is_text() {
    RT.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("tro-giup.vi.md"),
            "# Trợ giúp của tỉnh\n\nGọi 1900 1234.\n\n<script>alert(1)</script>\n",
        )
        .unwrap();
        let pages = dir.path().to_owned();
        let s = serve_fresh(move |c| c.pages_dir = pages).await;
        let (st, b) = raw(&s, "GET", "/api/pages/tro-giup").await;
        assert_eq!(st, StatusCode::OK, "{b}");
        assert_eq!(b["title"], "Trợ giúp của tỉnh");
        let html = b["html"].as_str().unwrap();
        assert!(html.contains("1900 1234"));
        assert!(!html.contains("<script"), "{html}");
        // No English file: the Vietnamese one, saying so.
        let (_, en) = raw(&s, "GET", "/api/pages/tro-giup?lang=en").await;
        assert_eq!(en["lang"], "vi");
        // A page the operator has not written is not there.
        let (st, b) = raw(&s, "GET", "/api/pages/dieu-khoan").await;
        assert_envelope(
            "a page not written",
            st,
            &b,
            StatusCode::NOT_FOUND,
            "not_found",
        );
        // An edit shows at once.
        std::fs::write(dir.path().join("tro-giup.vi.md"), "# Đã sửa\n").unwrap();
        let (_, b) = raw(&s, "GET", "/api/pages/tro-giup").await;
        assert_eq!(b["title"], "Đã sửa");
    });
}
