//! Public statistics (issue 13): the figures of a period counted from the dossiers' kept records, filtered by unit, field and procedure, with every bad parameter named; over a real socket on SQLite (and PostgreSQL with TEST_BACKEND=postgres).

mod common;

use common::person::{online_procedure_of, Person};
use common::{serve_fresh, RT};
use reqwest::StatusCode;
use serde_json::{json, Value};

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
