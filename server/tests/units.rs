//! The province's units (issue 11): created from the 2025 list on first start, listed, and each with the procedures it serves; on SQLite and PostgreSQL.

mod common;

use common::{both, TestApp};
use serde_json::Value;

fn codes(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u["code"].as_str().unwrap())
        .collect()
}

both!(
    the_provinces_units_come_from_the_2025_list,
    |app: &TestApp| async move {
        let all = app.get("/api/units").await;
        assert_eq!(all.status, 200, "{}", all.body);
        let list = codes(&all.body);
        // Hà Nội (PROVINCE_CODE=01): its People's Committee first, then
        // the service centre, the departments the catalogue names, and
        // the 126 communes and wards of 2025.
        assert_eq!(list[0], "T01");
        assert_eq!(
            all.body[0]["name"]["vi"],
            "Ủy ban nhân dân Thành phố Hà Nội"
        );
        assert_eq!(all.body[0]["name"]["en"], "Hà Nội City People's Committee");
        assert_eq!(list[1], "T01-TTPVHCC");
        assert!(
            list.contains(&"T01-STP"),
            "Sở Tư pháp is named by the catalogue"
        );
        let communes = app.get("/api/units?level=commune").await;
        assert_eq!(communes.body.as_array().unwrap().len(), 126);
        let ba_dinh = communes
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == "X00004")
            .expect("Phường Ba Đình's People's Committee");
        assert_eq!(ba_dinh["name"]["vi"], "Ủy ban nhân dân Phường Ba Đình");
        assert_eq!(ba_dinh["name"]["en"], "People's Committee of Ba Đình Ward");
        assert_eq!(ba_dinh["parent"], "T01");
        // No unit of another province.
        assert!(!list.iter().any(|c| c.starts_with("T79")));
        // A level that does not exist is refused, naming the parameter.
        let bad = app.get("/api/units?level=district").await;
        assert_eq!(bad.status, 400, "{}", bad.body);
        assert!(bad.body["fields"]["level"].is_array());
    }
);

both!(
    each_unit_lists_what_it_receives_and_decides,
    |app: &TestApp| async move {
        let served = |v: &Value| -> Vec<(String, bool, bool)> {
            v["procedures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["code"].as_str().unwrap().to_owned(),
                        p["receives"].as_bool().unwrap(),
                        p["processes"].as_bool().unwrap(),
                    )
                })
                .collect()
        };
        // A commune procedure is received and decided by every commune.
        let ba_dinh = app.get("/api/units/X00004").await;
        assert_eq!(ba_dinh.status, 200, "{}", ba_dinh.body);
        assert_eq!(ba_dinh.body["valid_from"], "2025-07-01");
        let commune = served(&ba_dinh.body);
        assert!(
            commune.contains(&("1.001193".into(), true, true)),
            "birth registration"
        );
        assert!(
            !commune.iter().any(|(c, _, _)| c == "2.001193"),
            "no provincial procedure here"
        );
        // A department's procedure is decided by it and taken in at the centre.
        let justice = served(&app.get("/api/units/T01-STP").await.body);
        let centre = served(&app.get("/api/units/T01-TTPVHCC").await.body);
        let (code, _, processes) = justice
            .first()
            .expect("the department serves procedures")
            .clone();
        assert!(processes);
        assert!(
            centre.contains(&(code.clone(), true, false)),
            "{code} is received at the centre"
        );
        assert!(!commune.iter().any(|(c, _, _)| *c == code));
        // An unknown unit is a 404.
        assert_eq!(app.get("/api/units/X99999").await.status, 404);
    }
);

both!(
    a_procedure_says_which_units_take_it_in,
    |app: &TestApp| async move {
        let birth = app.get("/api/procedures/1.001193/units").await;
        assert_eq!(birth.status, 200, "{}", birth.body);
        let units = birth.body.as_array().unwrap();
        assert_eq!(units.len(), 126, "every commune and ward of Hà Nội");
        assert!(units.iter().all(|u| u["level"] == "commune"));
        // A department's procedure is taken in at the service centre only.
        let justice = app.get("/api/units/T01-STP").await;
        let code = justice.body["procedures"][0]["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let there = app.get(&format!("/api/procedures/{code}/units")).await;
        assert_eq!(codes(&there.body), vec!["T01-TTPVHCC"]);
        assert_eq!(app.get("/api/procedures/9.999999/units").await.status, 404);
    }
);
