//! API tests through the router, each run on SQLite and on PostgreSQL.
//!
//! The catalogue is imported once per backend per run (it is read-only
//! here), into a fresh SQLite file and a fresh PostgreSQL database named
//! after the run. PostgreSQL comes from `TEST_POSTGRES_URL`, which
//! `scripts/test` sets after starting a throwaway server.

mod common;

use common::{both, Resp, TestApp};
use serde_json::Value;

fn codes(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

fn fold(s: &str) -> String {
    app::text::fold(s)
}

fn facet(v: &Value, name: &str) -> Vec<(String, u64)> {
    v["facets"][name]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_owned(),
                f["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn assert_bad_param(r: &Resp, field: &str) {
    assert_eq!(r.status, 400, "{field}: {}", r.body);
    assert_eq!(r.body["code"], "invalid_parameter");
    assert!(
        r.body["fields"][field].is_array(),
        "field {field} not named in {}",
        r.body
    );
    assert!(!r.body["message"].as_str().unwrap().is_empty());
}

both!(
    search_finds_a_procedure_with_and_without_diacritics,
    |app: &TestApp| async move {
        let with = app
            .get("/api/procedures?q=%C4%91%C4%83ng%20k%C3%BD%20k%E1%BA%BFt%20h%C3%B4n")
            .await;
        let without = app.get("/api/procedures?q=dang+ky+ket+hon").await;
        assert_eq!(with.status, 200);
        assert_eq!(codes(&with.body)[0], "1.000894", "{:?}", names(&with.body));
        assert_eq!(codes(&with.body), codes(&without.body));
        assert_eq!(with.body["total"], without.body["total"]);
    }
);

both!(
    search_treats_ki_and_ky_alike_and_forgives_one_wrong_letter,
    |app: &TestApp| async move {
        let ki = app.get("/api/procedures?q=dang+ki+khai+sinh").await;
        assert_eq!(codes(&ki.body)[0], "1.001193");
        let typo = app.get("/api/procedures?q=dang+ky+khai+sinhh").await;
        assert!(
            codes(&typo.body)[..3].contains(&"1.001193".to_owned()),
            "{:?}",
            names(&typo.body)
        );
        let typo2 = app.get("/api/procedures?q=ket+hom").await;
        assert!(
            codes(&typo2.body)[..5].contains(&"1.000894".to_owned()),
            "{:?}",
            names(&typo2.body)
        );
    }
);

both!(
    search_understands_the_words_people_use,
    |app: &TestApp| async move {
        let so_do = app
            .get("/api/procedures?q=s%E1%BB%95+%C4%91%E1%BB%8F")
            .await;
        assert!(so_do.body["total"].as_u64().unwrap() > 0);
        let top = fold(&names(&so_do.body)[0]);
        assert!(top.contains("giay chung nhan quyen su dung dat"), "{top}");
        assert_eq!(
            so_do.body["expanded"][0][1],
            "giấy chứng nhận quyền sử dụng đất"
        );

        let ho_khau = app.get("/api/procedures?q=ho+khau&per_page=10").await;
        assert!(
            names(&ho_khau.body)
                .iter()
                .any(|n| fold(n).contains("thuong tru")),
            "{:?}",
            names(&ho_khau.body)
        );

        let xay_nha = app
            .get("/api/procedures?q=xin+phep+xay+nha&per_page=5")
            .await;
        assert!(
            names(&xay_nha.body)
                .iter()
                .all(|n| fold(n).contains("giay phep xay dung")),
            "{:?}",
            names(&xay_nha.body)
        );
    }
);

both!(
    a_name_matching_the_query_ranks_above_a_mention_in_the_steps,
    |app: &TestApp| async move {
        let r = app.get("/api/procedures?q=khai+sinh&per_page=50").await;
        let in_name: Vec<bool> = names(&r.body)
            .iter()
            .map(|n| fold(n).contains("khai sinh"))
            .collect();
        assert!(in_name[0]);
        let first_without = in_name
            .iter()
            .position(|x| !x)
            .expect("some results only mention it");
        assert!(
            in_name[first_without..].iter().all(|x| !x),
            "name matches after a mention: {:?}",
            names(&r.body)
        );
    }
);

both!(
    a_catalogue_code_finds_its_procedure,
    |app: &TestApp| async move {
        let r = app.get("/api/procedures?q=1.001193").await;
        assert_eq!(codes(&r.body), vec!["1.001193"]);
    }
);

both!(
    each_filter_keeps_only_matching_procedures,
    |app: &TestApp| async move {
        let r = app
            .get("/api/procedures?subject=organisation&per_page=50")
            .await;
        assert!(r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["subject_kinds"]
                .as_array()
                .unwrap()
                .contains(&"organisation".into())));
        let r = app.get("/api/procedures?field=ho-tich&per_page=50").await;
        assert!(r.body["total"].as_u64().unwrap() > 10);
        assert!(r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["field"]["slug"] == "ho-tich"));
        let r = app
            .get("/api/procedures?service_level=full&per_page=50")
            .await;
        assert!(r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["service_level"] == "full"));
        let r = app.get("/api/procedures?level=commune&per_page=50").await;
        assert!(r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["levels"].as_array().unwrap().contains(&"commune".into())));
        let all = app.get("/api/procedures").await;
        let (agency, count) = facet(&all.body, "agency")[0].clone();
        let agency_id: i64 = agency.parse().unwrap();
        let r = app
            .get(&format!("/api/procedures?agency={agency}&per_page=50"))
            .await;
        assert_eq!(r.body["total"].as_u64().unwrap(), count);
        assert!(r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["agency"]["id"] == agency_id));
    }
);

both!(facet_counts_add_up, |app: &TestApp| async move {
    let r = app.get("/api/procedures?q=dang+ky").await;
    let total = r.body["total"].as_u64().unwrap();
    assert!(total > 0);
    // Single-valued facets partition the results.
    let sum = |name| facet(&r.body, name).iter().map(|(_, c)| c).sum::<u64>();
    assert_eq!(sum("service_level"), total);
    assert_eq!(sum("field"), total);
    // A facet's count is what choosing it gives.
    for (value, count) in facet(&r.body, "field").into_iter().take(3) {
        let f = app
            .get(&format!("/api/procedures?q=dang+ky&field={value}"))
            .await;
        assert_eq!(f.body["total"].as_u64().unwrap(), count, "field {value}");
    }
    // With a filter on, its own facet still lists the alternatives.
    let f = app
        .get("/api/procedures?q=dang+ky&service_level=full")
        .await;
    assert!(facet(&f.body, "service_level").len() >= 2);
    assert_eq!(
        facet(&f.body, "service_level")
            .iter()
            .map(|(_, c)| c)
            .sum::<u64>(),
        total
    );
    assert_eq!(sum("service_level"), total);
});

both!(
    a_facet_limit_keeps_the_biggest_values_only,
    |app: &TestApp| async move {
        let all = app.get("/api/procedures").await;
        let few = app.get("/api/procedures?facet_limit=5").await;
        assert_eq!(facet(&few.body, "field").len(), 5);
        assert_eq!(
            facet(&few.body, "field"),
            facet(&all.body, "field")[..5].to_vec()
        );
        assert!(facet(&few.body, "agency").len() <= 5);
        assert_eq!(
            facet(&few.body, "service_level"),
            facet(&all.body, "service_level"),
            "enum facets are whole"
        );
    }
);

both!(
    pages_do_not_overlap_and_out_of_range_is_refused,
    |app: &TestApp| async move {
        let p1 = app.get("/api/procedures?field=ho-tich&per_page=10").await;
        let p2 = app
            .get("/api/procedures?field=ho-tich&per_page=10&page=2")
            .await;
        assert_eq!(codes(&p1.body).len(), 10);
        assert!(codes(&p1.body).iter().all(|c| !codes(&p2.body).contains(c)));
        let total = p1.body["total"].as_u64().unwrap();
        let pages = p1.body["pages"].as_u64().unwrap();
        assert_eq!(pages, total.div_ceil(10));
        let last = app
            .get(&format!(
                "/api/procedures?field=ho-tich&per_page=10&page={pages}"
            ))
            .await;
        assert_eq!(codes(&last.body).len() as u64, total - (pages - 1) * 10);
        assert_bad_param(
            &app.get(&format!(
                "/api/procedures?field=ho-tich&per_page=10&page={}",
                pages + 1
            ))
            .await,
            "page",
        );
    }
);

both!(
    bad_parameters_are_refused_naming_the_parameter,
    |app: &TestApp| async move {
        assert_bad_param(&app.get("/api/procedures?subject=alien").await, "subject");
        assert_bad_param(&app.get("/api/procedures?level=district").await, "level");
        assert_bad_param(
            &app.get("/api/procedures?service_level=max").await,
            "service_level",
        );
        assert_bad_param(&app.get("/api/procedures?page=0").await, "page");
        assert_bad_param(&app.get("/api/procedures?page=abc").await, "page");
        assert_bad_param(&app.get("/api/procedures?per_page=500").await, "per_page");
        assert_bad_param(
            &app.get("/api/procedures?field=no-such-field").await,
            "field",
        );
        assert_bad_param(&app.get("/api/procedures?agency=99999999").await, "agency");
        assert_bad_param(&app.get("/api/procedures?sort=random").await, "sort");
        assert_bad_param(
            &app.get("/api/procedures?facet_limit=0").await,
            "facet_limit",
        );
        assert_bad_param(
            &app.get(&format!("/api/procedures?q={}", "a".repeat(201)))
                .await,
            "q",
        );
        assert_bad_param(&app.get("/api/procedures?q=a&q=b").await, "q");
        let en = app
            .get_with(
                "/api/procedures?page=0",
                &[("accept-language", "en-US,en;q=0.9")],
            )
            .await;
        assert!(en.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Some of the information"));
        let vi = app.get("/api/procedures?page=0").await;
        assert!(vi.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Thông tin"));
    }
);

both!(
    unknown_api_paths_answer_a_json_404,
    |app: &TestApp| async move {
        let r = app.get("/api/no/such/thing").await;
        assert_eq!(r.status, 404);
        assert_eq!(r.body["code"], "not_found");
        assert!(r.content_type.starts_with("application/json"));
        let r = app.get("/api/procedures/9.999999").await;
        assert_eq!(r.status, 404);
        assert_eq!(r.body["code"], "not_found");
        let r = app.get("/api/procedures/..%2F..%2Fetc").await;
        assert_eq!(r.status, 404);
    }
);

both!(
    a_procedure_record_has_everything_needed_before_starting,
    |app: &TestApp| async move {
        let r = app.get("/api/procedures/1.001193").await;
        assert_eq!(r.status, 200);
        let d = &r.body;
        assert_eq!(d["name"], "Thủ tục đăng ký khai sinh");
        assert_eq!(d["field"]["name"], "Hộ tịch");
        assert_eq!(d["agency"]["name"], "Ủy ban nhân dân cấp xã");
        assert_eq!(d["agency"]["level"], "commune");
        assert!(d["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "online" && c["fee"] == "Miễn phí"));
        let docs = d["dossier"][0]["documents"].as_array().unwrap();
        assert!(
            docs.len() >= 2
                && docs
                    .iter()
                    .all(|x| x["originals"].is_u64() && x["copies"].is_u64())
        );
        assert!(!d["steps"].as_str().unwrap().is_empty());
        assert_eq!(d["results"][0]["name"], "Giấy khai sinh");
        assert!(d["legal_basis"]
            .as_str()
            .unwrap()
            .contains("123/2015/NĐ-CP"));
        assert!(d["national_url"]
            .as_str()
            .unwrap()
            .starts_with("https://dichvucong.gov.vn/"));
        assert_eq!(d["service_level_source"], "rule");
        assert_eq!(d["has_detail"], true);
        // A catalogue row without a published full record still answers.
        let list_only = app.get("/api/procedures/1.000010").await;
        assert_eq!(list_only.status, 200);
        assert_eq!(list_only.body["has_detail"], false);
    }
);

both!(
    the_whole_catalogue_is_imported_with_agencies_as_records,
    |app: &TestApp| async move {
        let r = app.get("/api/health").await;
        assert_eq!(r.body["procedures"], 2849);
        assert_eq!(r.body["database"], app.backend);
        let all = app.get("/api/procedures").await;
        assert_eq!(all.body["total"], 2849);
        let detail = facet(&all.body, "service_level");
        assert_eq!(
            detail.len(),
            3,
            "all three service levels occur: {detail:?}"
        );
        // The same agency on many procedures is one record with one id.
        let a = app.get("/api/procedures/1.000656").await;
        let b = app.get("/api/procedures/1.000894").await;
        assert_eq!(a.body["agency"]["id"], b.body["agency"]["id"]);
    }
);

both!(
    the_web_app_is_served_with_the_right_cache_rules,
    |app: &TestApp| async move {
        let index = app.get("/").await;
        assert_eq!(index.status, 200);
        assert_eq!(index.headers["cache-control"], "no-cache");
        let page = app.get("/thu-tuc/1.001193").await;
        assert_eq!(page.status, 200, "a page route gets the app");
        assert!(page.content_type.starts_with("text/html"));
        assert_eq!(page.body, "<!doctype html><title>app</title>");
        // The signed-in workspace is its own, larger build.
        for route in ["/ca-nhan/thong-tin", "/nop-ho-so/1.001193", "/can-bo"] {
            let ws = app.get(route).await;
            assert_eq!(ws.status, 200, "{route}");
            assert_eq!(
                ws.body, "<!doctype html><title>workspace</title>",
                "{route}"
            );
            assert_eq!(ws.headers["cache-control"], "no-cache");
        }
        assert_eq!(
            app.get("/ca-nhanx").await.body,
            "<!doctype html><title>app</title>",
            "only whole path segments count"
        );
        let wasm = app
            .get_with(
                "/frontend-0123456789abcdef_bg.wasm",
                &[("accept-encoding", "br")],
            )
            .await;
        assert_eq!(wasm.status, 200);
        assert_eq!(
            wasm.headers["content-encoding"], "br",
            "the precompressed file is served"
        );
        assert_eq!(
            wasm.headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let plain = app.get("/frontend-0123456789abcdef_bg.wasm").await;
        assert!(plain.headers.get("content-encoding").is_none());
        assert_eq!(app.get("/sw.js").await.headers["cache-control"], "no-cache");
        let missing = app.get("/frontend-ffffffffffffffff.js").await;
        assert_eq!(
            missing.status, 404,
            "a missing file is not answered with the app"
        );
    }
);

/// The raw answer to `uri` asked with `Accept-Encoding: accept`.
async fn raw(app: &TestApp, uri: &str, accept: &str) -> axum::http::Response<Vec<u8>> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::get(uri)
        .header("accept-encoding", accept)
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    axum::http::Response::from_parts(parts, bytes)
}

fn decoded(res: &axum::http::Response<Vec<u8>>) -> Value {
    use std::io::Read;
    let body = res.body();
    let mut out = vec![];
    match res
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap())
    {
        Some("br") => brotli::Decompressor::new(&body[..], 4096)
            .read_to_end(&mut out)
            .map(drop)
            .unwrap(),
        Some("gzip") => flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .map(drop)
            .unwrap(),
        None => out = body.clone(),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    serde_json::from_slice(&out).unwrap()
}

both!(
    a_catalogue_answer_asked_again_is_the_same_in_every_encoding,
    |app: &TestApp| async move {
        for uri in [
            "/api/procedures?q=dang%20ky%20khai%20sinh",
            "/api/procedures/1.001193",
        ] {
            let plain = raw(app, uri, "identity").await;
            assert_eq!(plain.status(), 200);
            assert!(plain.headers().get("content-encoding").is_none());
            let expected = decoded(&plain);
            let br = raw(app, uri, "gzip, deflate, br").await;
            assert_eq!(br.headers()["content-encoding"], "br", "{uri}");
            assert_eq!(br.headers()["vary"], "accept-encoding");
            assert_eq!(br.headers()["content-type"], "application/json");
            assert!(
                br.body().len() * 3 < plain.body().len(),
                "{uri}: brotli pays"
            );
            let gz = raw(app, uri, "gzip").await;
            assert_eq!(gz.headers()["content-encoding"], "gzip");
            assert_eq!(decoded(&br), expected, "{uri}");
            assert_eq!(decoded(&gz), expected, "{uri}");
            // Asked again, the kept bytes are sent.
            assert_eq!(raw(app, uri, "br").await.body(), br.body(), "{uri}");
        }
        // An error is never kept: the next good question still answers.
        assert_eq!(raw(app, "/api/procedures?page=0", "br").await.status(), 400);
        assert_eq!(
            raw(app, "/api/procedures/9.999999", "br").await.status(),
            404
        );
        assert!(!app.state.catalogue().answers.is_empty());
    }
);

both!(
    the_service_pages_are_the_operators_markdown_in_the_persons_language,
    |app: &TestApp| async move {
        for slug in app::paths::SERVICE_PAGES {
            for lang in ["vi", "en"] {
                let r = app.get(&app::paths::service_page(slug, lang)).await;
                assert_eq!(r.status, 200, "{slug} {lang}");
                assert_eq!(r.body["lang"], lang);
                let title = r.body["title"].as_str().unwrap();
                assert!(!title.is_empty(), "{slug} {lang}");
                let html = r.body["html"].as_str().unwrap();
                assert!(
                    html.contains("<h2>") || html.contains("<ol>"),
                    "{slug} {lang}: {html}"
                );
                assert!(!html.contains("<h1>"), "the page draws its own title");
            }
        }
        let en = app
            .get(&app::paths::service_page("quyen-rieng-tu", "en"))
            .await;
        assert_eq!(en.body["title"], "Privacy notice");
        let vi = app.get("/api/pages/quyen-rieng-tu").await;
        assert_eq!(vi.body["title"], "Thông báo về dữ liệu cá nhân");
        // What the notice promises is what the code does.
        let html = vi.body["html"].as_str().unwrap();
        assert!(html.contains("30 ngày"), "drafts: DRAFT_DAYS");
        assert!(
            html.contains("30 phút") && html.contains("12 giờ"),
            "sessions"
        );
        // Only the four pages exist; a name is never a path.
        assert_eq!(app.get("/api/pages/..%2Fsynonyms").await.status, 404);
        assert_eq!(app.get("/api/pages/README").await.status, 404);
        assert_bad_param(&app.get("/api/pages/tro-giup?lang=fr").await, "lang");
    }
);
