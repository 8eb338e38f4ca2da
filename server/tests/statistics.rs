//! Public statistics (issue 13): the figures of a period counted from the dossiers' kept records, filtered by unit, field and procedure, with every bad parameter named; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use app::calendar::Date;
use app::statistics::{DossierCounts, Period};
use common::person::{online_procedure_of, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::statistics::demo::{self, Plan};
use server::statistics::rollups::{self, Fact};

#[test]
fn the_figures_of_a_period_count_each_dossier_once_by_what_happened_to_it() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let an = Person::new(&s, "citizen-l2").await;
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let mut codes = vec![];
        for i in 0..3 {
            codes.push(an.submit(&procedure, &format!("stats-{i}-0123456789abcdef")).await["code"].as_str().unwrap().to_owned());
        }
        let pool = &s.state.db.pool;
        // All three received on Monday 2 March 2026 at 10:00, due the 16th:
        // the first ready on the 5th (on time), the second withdrawn on the
        // 4th, the third still open (overdue at the end of March); the
        // third came in at the counter.
        for (code, status, ready, channel) in [(&codes[0], 9, Some(1_772_679_600i64), 2), (&codes[1], 7, None, 2), (&codes[2], 4, None, 1)] {
            sqlx::query("UPDATE dossiers SET received_at = 1772420400, due_date = '2026-03-16', status = $1, ready_at = $2, channel = $3 WHERE code = $4")
                .bind(status)
                .bind(ready)
                .bind(channel)
                .bind(code)
                .execute(pool)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO dossier_events (dossier_id, at, status, action) SELECT id, 1772593200, 7, 'withdraw' FROM dossiers WHERE code = $1")
            .bind(&codes[1])
            .execute(pool)
            .await
            .unwrap();
        let anon = reqwest::Client::new();
        let get = |q: &str| {
            let url = format!("{}/api/statistics{q}", s.base);
            let anon = anon.clone();
            async move {
                let r = anon.get(url).send().await.unwrap();
                (r.status(), r.json::<Value>().await.unwrap())
            }
        };
        let (st, f) = get("?from=2026-03-01&to=2026-03-31").await;
        assert_eq!(st, StatusCode::OK, "{f}");
        let d = &f["dossiers"];
        assert_eq!(d["received"], 3, "{f}");
        assert_eq!(d["by_channel"], json!([1, 2, 0]));
        assert_eq!((d["finished_on_time"].clone(), d["finished_late"].clone()), (json!(1), json!(0)));
        assert_eq!((d["withdrawn"].clone(), d["pending_overdue"].clone(), d["pending_in_time"].clone()), (json!(1), json!(1), json!(0)));
        // On time: one, over one finished and one overdue still open.
        assert_eq!(f["on_time"], json!({ "numerator": 1, "denominator": 2 }));
        assert_eq!(f["online_share"], json!({ "numerator": 2, "denominator": 3 }));
        assert_eq!(f["days_to_result"]["median"], 3);
        // Nothing personal, no dossier code.
        let text = f.to_string();
        assert!(!text.contains("Nguyễn Văn An") && !codes.iter().any(|c| text.contains(c.as_str())), "{text}");
        // Mid-March the third is still within its due day.
        let (_, f) = get("?from=2026-03-01&to=2026-03-10").await;
        assert_eq!((f["dossiers"]["pending_in_time"].clone(), f["dossiers"]["finished_on_time"].clone()), (json!(1), json!(1)));
        // Filters: the ward, another ward, the procedure.
        assert_eq!(get("?from=2026-03-01&to=2026-03-31&unit=X00004").await.1["dossiers"]["received"], 3);
        assert_eq!(get("?from=2026-03-01&to=2026-03-31&unit=X00008").await.1["dossiers"]["received"], 0);
        assert_eq!(get(&format!("?from=2026-03-01&to=2026-03-31&procedure={procedure}")).await.1["dossiers"]["received"], 3);
        // The same as CSV, with the period and the licence first.
        let csv = anon.get(format!("{}/api/statistics/figures.csv?from=2026-03-01&to=2026-03-31&unit=X00004", s.base)).send().await.unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains("2026-03-01 to 2026-03-31; unit: X00004"), "{text}");
        assert!(lines[1].starts_with("# Licence: CC BY 4.0"), "{text}");
        assert_eq!(lines[2], "figure,numerator,denominator,percent");
        assert!(lines.contains(&"on_time,1,2,50.0") && lines.contains(&"withdrawn,1,,"), "{text}");
        // Each bad parameter is named.
        for (q, field, reason) in [
            ("?from=2026-13-01", "from", "invalid_date"),
            ("?from=2026-03-31&to=2026-03-01", "to", "unknown_value"),
            ("?from=2010-01-01&to=2026-03-01", "from", "too_long"),
            ("?unit=X99999", "unit", "unknown_value"),
            ("?procedure=9.999999", "procedure", "unknown_value"),
            ("?field=khong-co", "field", "unknown_value"),
        ] {
            let (st, e) = get(q).await;
            assert_eq!(st, StatusCode::BAD_REQUEST, "{q}: {e}");
            assert_eq!(e["fields"][field], json!([reason]), "{q}: {e}");
        }
    });
}

/// The figures the API gives for a query, next to a straightforward
/// recount of every dossier's record with `DossierCounts::add`.
async fn api_and_recount(s: &common::Served, facts: &[Fact], q: &[(&str, &str)]) -> (Value, Value) {
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| (*v).to_owned())
    };
    let (from, to) = (get("from").unwrap(), get("to").unwrap());
    let period = Period {
        from: Date::parse(&from).unwrap(),
        to: Date::parse(&to).unwrap(),
    };
    let catalogue = s.state.catalogue();
    let mut counts = DossierCounts::default();
    for f in facts.iter().filter(|f| {
        get("unit").is_none_or(|u| u == f.unit)
            && get("procedure").is_none_or(|p| p == f.procedure)
            && get("field").is_none_or(|x| {
                catalogue
                    .get(&f.procedure)
                    .is_some_and(|e| e.summary.field.slug == x)
            })
    }) {
        counts.add(&f.h, period);
    }
    let url = reqwest::Url::parse_with_params(&format!("{}/api/statistics", s.base), q).unwrap();
    let answer: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    let expected = json!({ "dossiers": counts, "days_to_result": counts.days() });
    (
        json!({ "dossiers": answer["dossiers"], "days_to_result": answer["days_to_result"] }),
        expected,
    )
}

/// Every rollup row, in key order, leaving out those that came to nothing.
async fn rollup_rows(s: &common::Served) -> Vec<(String, String, i64, i64, i64, i64)> {
    sqlx::query_as("SELECT unit_code, procedure_code, channel, mark, day, value FROM statistics_days WHERE value <> 0 ORDER BY unit_code, procedure_code, channel, mark, day")
        .fetch_all(&s.state.db.pool)
        .await
        .unwrap()
}

#[test]
fn a_generated_historys_figures_equal_a_recount_and_the_rollups_a_rebuild() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let today = server::clock::vn_date(s.state.clock.now_secs());
        let plan = Plan {
            dossiers: 1_500,
            until: today,
            days: 400,
            seed: 7,
        };
        assert_eq!(demo::generate(&s.state, plan).await.unwrap(), 1_500);
        let facts = rollups::recount(&s.state).await.unwrap();
        assert_eq!(facts.len(), 1_500);
        // The busiest unit and procedure, and the procedure's field.
        let most = |key: fn(&Fact) -> &str| {
            let mut n = std::collections::HashMap::<&str, usize>::new();
            for f in &facts {
                *n.entry(key(f)).or_default() += 1;
            }
            n.into_iter()
                .max_by_key(|(k, c)| (*c, *k))
                .unwrap()
                .0
                .to_owned()
        };
        let unit = most(|f| f.unit.as_str());
        let procedure = most(|f| f.procedure.as_str());
        let field = s
            .state
            .catalogue()
            .get(&procedure)
            .unwrap()
            .summary
            .field
            .slug
            .clone();
        let day =
            |back: i64| Date::from_days_since_epoch(today.days_since_epoch() - back).to_string();
        let (year_ago, quarter_ago, month_ago, yesterday) = (day(365), day(91), day(30), day(1));
        let queries: Vec<Vec<(&str, &str)>> = vec![
            vec![("from", &year_ago), ("to", &yesterday)],
            vec![("from", &quarter_ago), ("to", &month_ago)],
            vec![("from", &yesterday), ("to", &yesterday)],
            vec![("from", &year_ago), ("to", &yesterday), ("unit", &unit)],
            vec![
                ("from", &quarter_ago),
                ("to", &yesterday),
                ("procedure", &procedure),
            ],
            vec![
                ("from", &year_ago),
                ("to", &month_ago),
                ("field", &field),
                ("unit", &unit),
            ],
        ];
        for q in &queries {
            let (api, recount) = api_and_recount(&s, &facts, q).await;
            assert_eq!(api, recount, "{q:?}");
        }
        // Something was counted in every way the figures count.
        let (all, _) = api_and_recount(&s, &facts, &queries[0]).await;
        let d = &all["dossiers"];
        for k in [
            "finished_on_time",
            "finished_late",
            "pending_in_time",
            "refused",
            "withdrawn",
            "supplemented",
        ] {
            assert!(d[k].as_u64().unwrap() > 0, "{k}: {d}");
        }
        for k in ["ratings", "criteria_count"] {
            assert!(
                d[k].as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n.as_u64().unwrap() > 0),
                "{k}: {d}"
            );
        }
        let by_channel: Vec<u64> = d["by_channel"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert!(by_channel.iter().all(|n| *n > 0), "{d}");

        // A real dossier goes in through the API and is withdrawn: the
        // catch-up moves the rollups to exactly what a rebuild gives.
        // (Received after the cut-off or on a day off, it counts from the
        // next working day.)
        let week = Date::from_days_since_epoch(today.days_since_epoch() + 7);
        let q = [("from", today.to_string()), ("to", week.to_string())];
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (before, _) = api_and_recount(&s, &facts, &q).await;
        let an = Person::new(&s, "citizen-l2").await;
        let p = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let code = an.submit(&p, "rollup-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let (st, e) = an
            .send(
                "POST",
                &format!("/api/me/dossiers/{code}/steps"),
                Some(json!({ "action": "withdraw" })),
            )
            .await;
        assert!(st.is_success(), "{st}: {e}");
        s.state.statistics.expire();
        let facts = rollups::recount(&s.state).await.unwrap();
        let (after, recount) = api_and_recount(&s, &facts, &q).await;
        assert_eq!(after, recount);
        let moved = |k: &str| {
            after["dossiers"][k].as_u64().unwrap() - before["dossiers"][k].as_u64().unwrap()
        };
        assert_eq!((moved("received"), moved("withdrawn")), (1, 1));
        let caught_up = rollup_rows(&s).await;
        rollups::rebuild(&s.state).await.unwrap();
        assert_eq!(rollup_rows(&s).await, caught_up);
        // Nothing personal in the figures.
        let text = reqwest::get(format!(
            "{}/api/statistics?from={year_ago}&to={}",
            s.base, today
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
        assert!(
            !text.contains("MH-") && !text.contains("Nguyễn Văn An"),
            "{text}"
        );
    });
}

#[test]
fn units_are_ranked_by_an_indicator_and_each_figure_lists_exactly_its_dossiers() {
    RT.block_on(async {
        let s = serve_fresh(|_| {}).await;
        let today = server::clock::vn_date(s.state.clock.now_secs());
        let plan = Plan {
            dossiers: 1_200,
            until: today,
            days: 200,
            seed: 11,
        };
        demo::generate(&s.state, plan).await.unwrap();
        let from = Date::from_days_since_epoch(today.days_since_epoch() - 120).to_string();
        let to = Date::from_days_since_epoch(today.days_since_epoch() - 1).to_string();
        let anon = reqwest::Client::new();
        let get = |path: String| {
            let anon = anon.clone();
            let url = format!("{}{path}", s.base);
            async move {
                let r = anon.get(url).send().await.unwrap();
                (r.status(), r.text().await.unwrap())
            }
        };
        let json = |t: &str| serde_json::from_str::<Value>(t).unwrap();
        let (st, body) = get(format!(
            "/api/statistics/rankings?from={from}&to={to}&level=commune&by=on_time"
        ))
        .await;
        assert_eq!(st, StatusCode::OK, "{body}");
        let r = json(&body);
        let units = r["units"].as_array().unwrap();
        // Every commune is listed; those with dossiers are ranked, best first.
        assert!(units.iter().all(|u| u["unit"]["level"] == "commune"));
        let rated: Vec<&Value> = units.iter().filter(|u| u["rank"].is_u64()).collect();
        assert!(rated.len() >= 3, "{body}");
        let pct = |u: &Value| {
            let o = &u["figures"]["on_time"];
            o["numerator"].as_f64().unwrap() / o["denominator"].as_f64().unwrap()
        };
        assert!(
            rated.windows(2).all(|w| pct(w[0]) >= pct(w[1]) - 0.0005),
            "{body}"
        );
        assert_eq!(rated[0]["rank"], 1);
        // The communes together: what the level filter counts.
        let (_, communes) = get(format!("/api/statistics?from={from}&to={to}&level=commune")).await;
        let sum: u64 = units
            .iter()
            .map(|u| u["figures"]["dossiers"]["received"].as_u64().unwrap())
            .sum();
        assert_eq!(json(&communes)["dossiers"]["received"], sum);
        // Online services: what is offered, and each procedure's take-up.
        let (st, online) = get(format!("/api/statistics/online?from={from}&to={to}")).await;
        assert_eq!(st, StatusCode::OK, "{online}");
        let online = json(&online);
        assert!(
            online["offered_full"].as_u64().unwrap() > 0
                && online["offered_partial"].as_u64().unwrap() > 0,
            "{online}"
        );
        let first = &online["procedures"][0];
        let (_, one) = get(format!(
            "/api/statistics?from={from}&to={to}&procedure={}",
            first["code"].as_str().unwrap()
        ))
        .await;
        let one = json(&one);
        assert_eq!(first["received"], one["dossiers"]["received"]);
        assert_eq!(first["online_share"], one["online_share"]);
        let (st, csv) = get(format!("/api/statistics/online.csv?from={from}&to={to}")).await;
        assert_eq!(st, StatusCode::OK);
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("# Procedures offered fully online: "),
            "{csv}"
        );
        // A unit's line is its own figures.
        let top = rated[0]["unit"]["code"].as_str().unwrap().to_owned();
        let (_, own) = get(format!("/api/statistics?from={from}&to={to}&unit={top}")).await;
        let own = json(&own);
        assert_eq!(own["dossiers"], rated[0]["figures"]["dossiers"]);
        // Its page says where it stands, and compares with the period before.
        assert_eq!(
            own["rank"],
            json!({ "rank": 1, "of": rated.len(), "level": "commune", "by": "on_time" })
        );
        let before_to =
            Date::from_days_since_epoch(Date::parse(&from).unwrap().days_since_epoch() - 1);
        let before_from = Date::from_days_since_epoch(before_to.days_since_epoch() - 119);
        assert_eq!(
            (
                own["previous"]["from"].as_str().unwrap(),
                own["previous"]["to"].as_str().unwrap()
            ),
            (
                before_from.to_string().as_str(),
                before_to.to_string().as_str()
            )
        );
        let (_, before) = get(format!(
            "/api/statistics?from={before_from}&to={before_to}&unit={top}"
        ))
        .await;
        assert_eq!(own["previous"]["dossiers"], json(&before)["dossiers"]);
        // Month by month, the same dossiers received and finished.
        let (st, months) = get(format!(
            "/api/statistics/months?from={from}&to={to}&unit={top}"
        ))
        .await;
        assert_eq!(st, StatusCode::OK, "{months}");
        let months = json(&months);
        let sum = |k: &str| {
            months["months"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m[k].as_u64().unwrap())
                .sum::<u64>()
        };
        assert_eq!(
            sum("received"),
            own["dossiers"]["received"].as_u64().unwrap()
        );
        assert_eq!(
            sum("finished_late"),
            own["dossiers"]["finished_late"].as_u64().unwrap()
        );
        assert!(
            (4..=6).contains(&months["months"].as_array().unwrap().len()),
            "{months}"
        );
        let (st, csv) = get(format!("/api/statistics/months.csv?from={from}&to={to}")).await;
        assert_eq!(st, StatusCode::OK);
        assert!(
            csv.lines()
                .nth(2)
                .unwrap()
                .starts_with("month,received,finished_on_time"),
            "{csv}"
        );
        // Behind each of its counts, exactly that many dossiers.
        let counts = &rated[0]["figures"]["dossiers"];
        for figure in [
            "received",
            "received_online",
            "finished_on_time",
            "finished_late",
            "pending_in_time",
            "pending_overdue",
            "refused",
            "withdrawn",
            "supplemented",
            "dissatisfied",
        ] {
            let (st, body) = get(format!(
                "/api/statistics/dossiers?figure={figure}&unit={top}&from={from}&to={to}"
            ))
            .await;
            assert_eq!(st, StatusCode::OK, "{figure}: {body}");
            let page = json(&body);
            let expected = if figure == "received_online" {
                counts["by_channel"][1].clone()
            } else {
                counts[figure].clone()
            };
            assert_eq!(page["total"], expected, "{figure}");
            let items = page["items"].as_array().unwrap();
            assert_eq!(
                items.len() as u64,
                page["total"].as_u64().unwrap().min(50),
                "{figure}"
            );
            assert!(items
                .iter()
                .all(|d| d["code"].as_str().unwrap().starts_with("MH-")));
            assert!(!body.contains(demo::DEMO_NAME), "{body}");
        }
        let late = get(format!(
            "/api/statistics/dossiers?figure=finished_late&unit={top}&from={from}&to={to}"
        ))
        .await
        .1;
        for d in json(&late)["items"].as_array().unwrap() {
            assert!(
                d["ready"].as_str().unwrap() > d["due"].as_str().unwrap(),
                "{d}"
            );
        }
        // The same as CSV, streamed: one line per dossier after the header.
        let (st, csv) = get(format!(
            "/api/statistics/dossiers.csv?figure=received&unit={top}&from={from}&to={to}"
        ))
        .await;
        assert_eq!(st, StatusCode::OK);
        assert!(
            csv.lines()
                .nth(1)
                .unwrap()
                .starts_with("# Licence: CC BY 4.0"),
            "{csv}"
        );
        assert_eq!(
            csv.lines().count() as u64,
            3 + counts["received"].as_u64().unwrap()
        );
        assert!(!csv.contains(demo::DEMO_NAME));
        let (st, csv) = get(format!(
            "/api/statistics/rankings.csv?from={from}&to={to}&level=department&by=satisfaction"
        ))
        .await;
        assert_eq!(st, StatusCode::OK);
        assert!(
            csv.lines()
                .nth(2)
                .unwrap()
                .starts_with("rank,unit_code,unit_name,on_time_numerator"),
            "{csv}"
        );
        // The ward's leader sees its figures officer by officer, adding up
        // to the ward's; its receiving officer sees the figures alone.
        let lan = Person::new(&s, "leader-commune").await;
        let (st, mine) = lan
            .send(
                "GET",
                &format!("/api/officer/statistics?from={from}&to={to}"),
                None,
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{mine}");
        let ward = mine
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_code"] == "X00004")
            .unwrap()
            .clone();
        let (_, public) = get(format!("/api/statistics?from={from}&to={to}&unit=X00004")).await;
        assert_eq!(ward["figures"]["dossiers"], json(&public)["dossiers"]);
        let officers = ward["by_officer"].as_array().unwrap();
        let total = |k: &str| {
            officers
                .iter()
                .map(|o| o["counts"][k].as_u64().unwrap())
                .sum::<u64>()
        };
        for k in [
            "received",
            "finished_on_time",
            "finished_late",
            "pending_overdue",
        ] {
            assert_eq!(
                total(k),
                ward["figures"]["dossiers"][k].as_u64().unwrap(),
                "{k}"
            );
        }
        let cuong = Person::new(&s, "officer-commune").await;
        let (_, theirs) = cuong
            .send(
                "GET",
                &format!("/api/officer/statistics?from={from}&to={to}"),
                None,
            )
            .await;
        let ward = theirs
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit_code"] == "X00004")
            .unwrap()
            .clone();
        assert!(ward.get("by_officer").is_none(), "{ward}");

        // Each bad parameter is named.
        for (q, field, reason) in [
            ("rankings?level=province", "level", "unknown_value"),
            ("?level=village", "level", "unknown_value"),
            ("rankings?by=speed", "by", "unknown_value"),
            ("dossiers?unit=X00004", "figure", "required"),
            ("dossiers?figure=received", "unit", "required"),
            (
                "dossiers?figure=everything&unit=X00004",
                "figure",
                "unknown_value",
            ),
            (
                "dossiers?figure=received&unit=X00004&page=0",
                "page",
                "out_of_range",
            ),
            (
                "dossiers.csv?figure=received&unit=X99999",
                "unit",
                "unknown_value",
            ),
        ] {
            let (st, e) = get(format!(
                "/api/statistics{}{q}",
                if q.starts_with('?') { "" } else { "/" }
            ))
            .await;
            assert_eq!(st, StatusCode::BAD_REQUEST, "{q}: {e}");
            assert_eq!(json(&e)["fields"][field], json!([reason]), "{q}: {e}");
        }
    });
}
