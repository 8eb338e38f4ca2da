//! Login with the national account through the built-in stand-in, sessions, CSRF, roles and the profile, over a real socket.

mod common;

use common::signin::{choose_account, client, location, login, session, signed_in, urlencode};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[test]
fn a_citizen_logs_in_and_lands_back_where_they_started() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let l = login(&s, "citizen-l2", "/thu-tuc/1.001193").await;
        assert_eq!(l.landed, "/thu-tuc/1.001193");
        let cookie = l.cookie.expect("a session cookie");
        let info = session(&s, &cookie).await;
        assert_eq!(info["user"]["name"], "Nguyễn Văn An");
        assert_eq!(info["user"]["role"], "individual");
        assert_eq!(info["user"]["loa"], 2);
        assert!(info["csrf"].as_str().unwrap().len() > 20);
        assert!(info["idle_seconds_left"].as_i64().unwrap() > 1700);
        // Anonymous: no user.
        let anon: Value = client()
            .get(format!("{}/api/session", s.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(anon["user"].is_null());
    });
}

#[test]
fn the_session_cookie_is_http_only_and_same_site() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let set = login(&s, "citizen-l1", "/")
            .await
            .set_cookie
            .expect("a session cookie");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
            "{set}"
        );
        assert!(!set.contains("Secure"), "not over plain http");
    });
}

#[test]
fn a_replayed_state_is_refused() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let l = login(&s, "citizen-l2", "/").await;
        assert!(l.cookie.is_some());
        let again = client()
            .get(&l.callback)
            .header("cookie", &l.binding)
            .send()
            .await
            .unwrap();
        assert!(again.headers().get("set-cookie").is_none());
        assert_eq!(location(&again), "/dang-nhap/loi?ly-do=expired");
        let forged = client()
            .get(format!("{}/api/auth/callback?code=x&state=made-up", s.base))
            .header("cookie", &l.binding)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&forged), "/dang-nhap/loi?ly-do=other_browser");
    });
}

#[test]
fn a_foreign_return_address_is_refused() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        for bad in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
            let r = client()
                .get(format!(
                    "{}/api/auth/login?return_to={}",
                    s.base,
                    urlencode(bad)
                ))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
            let body: Value = r.json().await.unwrap();
            assert!(body["fields"]["return_to"].is_array());
        }
    });
}

#[test]
fn an_identity_with_an_invalid_personal_id_is_not_stored() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let l = login(&s, "broken-id", "/").await;
        assert!(l.cookie.is_none());
        assert_eq!(l.landed, "/dang-nhap/loi?ly-do=bad_personal_id");
        let n: i64 = sqlx::Row::try_get(
            &sqlx::query("SELECT COUNT(*) AS n FROM users WHERE subject = 'demo-broken'")
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap(),
            "n",
        )
        .unwrap();
        assert_eq!(n, 0);
    });
}

#[test]
fn the_stand_in_refuses_a_token_request_without_the_pkce_verifier() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.oidc_client_secret = Some("s3cret".into())).await;
        let c = client();
        let (authorize, callback, _) = choose_account(&s, &c, "citizen-l2", "/").await;
        let callback = reqwest::Url::parse(&callback).unwrap();
        let code = callback
            .query_pairs()
            .find(|(k, _)| k == "code")
            .unwrap()
            .1
            .to_string();
        let token = |verifier: Option<&str>| {
            let mut form = vec![
                ("grant_type", "authorization_code".to_owned()),
                ("code", code.clone()),
                ("redirect_uri", format!("{}/api/auth/callback", s.base)),
            ];
            if let Some(v) = verifier {
                form.push(("code_verifier", v.to_owned()));
            }
            c.post(format!("{}/sso/token", s.base))
                .basic_auth("dvc-portal", Some("s3cret"))
                .form(&form)
                .send()
        };
        let r = token(None).await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_grant");
        // The code was spent by the failed attempt: it cannot be tried again.
        let r = token(Some("anything")).await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_grant");
        // And an authorize request without PKCE is refused outright.
        let no_pkce =
            authorize.replace("code_challenge_method=S256", "code_challenge_method=plain");
        assert_eq!(
            c.get(&no_pkce).send().await.unwrap().status(),
            StatusCode::BAD_REQUEST
        );
    });
}

#[test]
fn logout_needs_the_csrf_token_and_ends_the_session_at_the_provider_too() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let (cookie, csrf) = signed_in(&s, "citizen-l2").await;
        let c = client();
        let no_token = c
            .post(format!("{}/api/auth/logout", s.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
        assert_eq!(no_token.json::<Value>().await.unwrap()["code"], "csrf");
        let wrong = c
            .post(format!("{}/api/auth/logout", s.base))
            .header("cookie", &cookie)
            .header("x-csrf-token", "guess")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
        let out = c
            .post(format!("{}/api/auth/logout", s.base))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::OK);
        assert!(out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        let redirect = out.json::<Value>().await.unwrap()["redirect"]
            .as_str()
            .unwrap()
            .to_owned();
        // The ID token (personal ID, birth date) never goes into a URL:
        // the provider is told the client instead.
        assert!(
            redirect.starts_with(&format!("{}/sso/logout?", s.base)),
            "{redirect}"
        );
        assert!(!redirect.contains("id_token_hint"), "{redirect}");
        assert!(redirect.contains("client_id=dvc-portal"), "{redirect}");
        // The old cookie no longer opens anything.
        let r = c
            .get(format!("{}/api/me/profile", s.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        // The provider sends the browser back home.
        let back = c.get(&redirect).send().await.unwrap();
        assert_eq!(location(&back), format!("{}/", s.base));
    });
}

#[test]
fn a_session_ends_after_the_idle_timeout_however_often_it_is_read() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.session_idle_secs = 1800).await;
        let cookie = login(&s, "citizen-l2", "/").await.cookie.unwrap();
        assert!(!session(&s, &cookie).await["user"].is_null());
        // A page that keeps asking who is signed in does not keep the
        // session alive: reading is not activity.
        for _ in 0..3 {
            s.state.clock.advance(500);
            assert!(!session(&s, &cookie).await["user"].is_null());
        }
        s.state.clock.advance(301);
        assert!(
            session(&s, &cookie).await["user"].is_null(),
            "idle for 1801 s"
        );
    });
}

#[test]
fn doing_something_restarts_the_idle_clock_written_at_most_once_a_minute() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.session_idle_secs = 1800).await;
        let cookie = login(&s, "citizen-l2", "/").await.cookie.unwrap();
        let last_seen = || async {
            use sqlx::Row;
            sqlx::query("SELECT last_seen_at FROM sessions")
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap()
                .try_get::<i64, _>("last_seen_at")
                .unwrap()
        };
        let profile = || async {
            client()
                .get(format!("{}/api/me/profile", s.base))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap()
                .status()
        };
        let start = last_seen().await;
        s.state.clock.advance(30);
        assert_eq!(profile().await, StatusCode::OK);
        assert_eq!(
            last_seen().await,
            start,
            "a request within the minute writes nothing"
        );
        s.state.clock.advance(1000);
        assert_eq!(profile().await, StatusCode::OK);
        // (The real clock runs on too, by the seconds this test takes.)
        let seen = last_seen().await;
        assert!(
            (start + 1030..start + 1060).contains(&seen),
            "activity is recorded"
        );
        // 1,700 s after that activity (2,730 s after sign-in) the session lives.
        s.state.clock.advance(1700);
        assert!(!session(&s, &cookie).await["user"].is_null());
        s.state.clock.advance(101);
        assert_eq!(profile().await, StatusCode::UNAUTHORIZED);
    });
}

#[test]
fn rotating_the_signing_key_logs_nobody_out() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let before = login(&s, "citizen-l2", "/").await.cookie.unwrap();
        server::identity::session::rotate(&s.state.db)
            .await
            .unwrap();
        *s.state.identity.keys.write().await = server::identity::session::Keys::load(&s.state.db)
            .await
            .unwrap();
        assert!(
            !session(&s, &before).await["user"].is_null(),
            "an old cookie still works"
        );
        let after = login(&s, "citizen-l1", "/").await.cookie.unwrap();
        assert!(!session(&s, &after).await["user"].is_null());
        let kid = |c: &str| {
            jsonwebtoken::decode_header(c.split_once('=').unwrap().1)
                .unwrap()
                .kid
                .unwrap()
        };
        assert_ne!(kid(&before), kid(&after), "new cookies use the new key");
    });
}

#[test]
fn roles_come_from_the_portal_grants_and_the_account_type() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let officer = session(&s, &login(&s, "officer-commune", "/").await.cookie.unwrap()).await;
        assert_eq!(officer["user"]["role"], "officer");
        assert_eq!(officer["user"]["agencies"].as_array().unwrap().len(), 1);
        let business = session(&s, &login(&s, "business", "/").await.cookie.unwrap()).await;
        assert_eq!(business["user"]["role"], "organisation");
        let admin = session(&s, &login(&s, "admin", "/").await.cookie.unwrap()).await;
        assert_eq!(admin["user"]["role"], "administrator");
    });
}

#[test]
fn the_profile_shows_the_national_data_and_validates_what_the_person_adds() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let c = client();
        assert_eq!(c.get(format!("{}/api/me/profile", s.base)).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
        let (cookie, csrf) = signed_in(&s, "citizen-l2").await;
        let p: Value = c.get(format!("{}/api/me/profile", s.base)).header("cookie", &cookie).send().await.unwrap().json().await.unwrap();
        assert_eq!(p["personal_id"], "001085012345");
        assert_eq!(p["birth_date"], "1985-03-12");
        let put = |body: Value| c.put(format!("{}/api/me/profile", s.base)).header("cookie", &cookie).header("x-csrf-token", &csrf).json(&body).send();
        let bad = put(json!({ "email": "not-an-email", "phone": "123", "preferred_lang": "vi" })).await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = bad.json().await.unwrap();
        assert_eq!(body["fields"]["email"][0], "invalid_email");
        assert_eq!(body["fields"]["phone"][0], "invalid_phone");
        let ok = put(json!({ "email": "an@example.vn", "phone": "+84 912 345 678", "preferred_lang": "en", "notify_email": true })).await.unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        let p: Value = c.get(format!("{}/api/me/profile", s.base)).header("cookie", &cookie).send().await.unwrap().json().await.unwrap();
        assert_eq!(p["phone"], "0912345678");
        assert_eq!(p["preferred_lang"], "en");
        assert_eq!(p["full_name"], "Nguyễn Văn An", "national data is not editable");
        let sneaky = put(json!({ "full_name": "Someone Else", "preferred_lang": "vi" })).await.unwrap();
        assert_eq!(sneaky.status(), StatusCode::OK);
        let p: Value = c.get(format!("{}/api/me/profile", s.base)).header("cookie", &cookie).send().await.unwrap().json().await.unwrap();
        assert_eq!(p["full_name"], "Nguyễn Văn An");
        // Where the person lives: a commune of the province named, or the
        // field says why; what was kept stays.
        let wrong = put(json!({ "preferred_lang": "vi", "province": "79", "commune": "00004" })).await.unwrap();
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong.json::<Value>().await.unwrap()["fields"]["commune"][0], "unknown_commune");
        let half = put(json!({ "preferred_lang": "vi", "province": "01" })).await.unwrap();
        assert_eq!(half.json::<Value>().await.unwrap()["fields"]["commune"][0], "required");
        let p: Value = c.get(format!("{}/api/me/profile", s.base)).header("cookie", &cookie).send().await.unwrap().json().await.unwrap();
        assert_eq!((p["province"].clone(), p["commune"].clone()), (json!(""), json!("")));
        let home = put(json!({ "preferred_lang": "vi", "province": "01", "commune": "00004" })).await.unwrap();
        assert_eq!(home.status(), StatusCode::OK);
        let p: Value = home.json().await.unwrap();
        assert_eq!((p["province"].clone(), p["commune"].clone()), (json!("01"), json!("00004")));
        // Without the CSRF token nothing changes.
        let r = c.put(format!("{}/api/me/profile", s.base)).header("cookie", &cookie).json(&json!({ "preferred_lang": "vi" })).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    });
}

#[test]
fn every_endpoint_refuses_callers_without_a_session_as_it_should() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let c = client();
        for (method, path) in [
            ("GET", "/api/me/profile"),
            ("PUT", "/api/me/profile"),
            ("POST", "/api/auth/logout"),
            ("POST", "/api/session/refresh"),
        ] {
            let r = c
                .request(method.parse().unwrap(), format!("{}{path}", s.base))
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        }
        // Public endpoints stay public.
        for path in [
            "/api/health",
            "/api/procedures",
            "/api/procedures/1.001193",
            "/api/session",
        ] {
            assert_eq!(
                c.get(format!("{}{path}", s.base))
                    .send()
                    .await
                    .unwrap()
                    .status(),
                StatusCode::OK,
                "{path}"
            );
        }
    });
}

#[test]
fn starting_logins_is_rate_limited_per_address() {
    RT.block_on(async {
        let s = serve_fresh(|c| c.login_rate_per_minute = 3).await;
        let c = client();
        for _ in 0..3 {
            let r = c
                .get(format!("{}/api/auth/login", s.base))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_redirection());
        }
        let r = c
            .get(format!("{}/api/auth/login", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "rate_limited");
        // Other endpoints are not affected.
        assert_eq!(
            c.get(format!("{}/api/session", s.base))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    });
}

#[test]
fn only_an_administrator_may_correct_a_service_level() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let c = client();
        let url = format!("{}/api/admin/procedures/1.001193/service-level", s.base);
        let body = json!({ "service_level": "partial" });
        assert_eq!(
            c.put(&url).json(&body).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        for account in ["citizen-l2", "business", "officer-province"] {
            let (cookie, csrf) = signed_in(&s, account).await;
            let r = c
                .put(&url)
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{account}");
            assert_eq!(r.json::<Value>().await.unwrap()["code"], "forbidden");
        }
        let (cookie, csrf) = signed_in(&s, "admin").await;
        let bad = c
            .put(&url)
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({ "service_level": "max" }))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            bad.json::<Value>().await.unwrap()["fields"]["service_level"][0],
            "unknown_value"
        );
        let ok = c
            .put(&url)
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(
            ok.json::<Value>().await.unwrap()["service_level_source"],
            "admin"
        );
        let found: Value = c
            .get(format!(
                "{}/api/procedures?q=1.001193&service_level=partial",
                s.base
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(found["total"], 1, "search follows the correction at once");
        let missing = c
            .put(format!(
                "{}/api/admin/procedures/9.999999/service-level",
                s.base
            ))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    });
}
