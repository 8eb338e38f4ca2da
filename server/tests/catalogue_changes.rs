//! Changes to the catalogue reach search: an administrator's correction of a service level; page views reach the database in batches.

mod common;

use app::procedures::ServiceLevel;
use common::{fresh_postgres, fresh_sqlite, TestApp, RT};
use server::procedures::store;

async fn a_corrected_service_level_is_kept_and_reaches_search(app: TestApp) {
    let before = app.get("/api/procedures/1.001193").await;
    assert_eq!(before.body["service_level"], "full");
    let full_before = app
        .get("/api/procedures?q=1.001193&service_level=full")
        .await;
    assert_eq!(full_before.body["total"], 1);

    assert!(
        store::set_service_level(&app.state.db, "1.001193", ServiceLevel::Partial)
            .await
            .unwrap()
    );
    assert!(
        !store::set_service_level(&app.state.db, "9.999999", ServiceLevel::Partial)
            .await
            .unwrap()
    );
    assert!(
        app.state.refresh_catalogue().await.unwrap(),
        "the change is noticed"
    );
    assert!(
        !app.state.refresh_catalogue().await.unwrap(),
        "and only once"
    );

    let after = app.get("/api/procedures/1.001193").await;
    assert_eq!(after.body["service_level"], "partial");
    assert_eq!(after.body["service_level_source"], "admin");
    assert_eq!(
        app.get("/api/procedures?q=1.001193&service_level=full")
            .await
            .body["total"],
        0
    );
    assert_eq!(
        app.get("/api/procedures?q=1.001193&service_level=partial")
            .await
            .body["total"],
        1
    );

    // Starting again over the same database keeps the correction.
    assert_eq!(
        store::import_if_empty(
            &app.state.db,
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"))
        )
        .await
        .unwrap(),
        0
    );
    assert_eq!(
        app.get("/api/procedures/1.001193").await.body["service_level"],
        "partial"
    );
}

#[test]
fn a_corrected_service_level_is_kept_and_reaches_search_sqlite() {
    RT.block_on(async {
        a_corrected_service_level_is_kept_and_reaches_search(fresh_sqlite().await).await
    });
}

#[test]
fn a_corrected_service_level_is_kept_and_reaches_search_postgres() {
    RT.block_on(async {
        match fresh_postgres().await {
            Some(app) => a_corrected_service_level_is_kept_and_reaches_search(app).await,
            None => assert!(
                std::env::var("REQUIRE_POSTGRES").is_err(),
                "REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not"
            ),
        }
    });
}

async fn page_views_are_counted_and_written_in_one_batch(app: TestApp) {
    use sqlx::Row;
    let views = |code: &'static str| {
        let pool = app.state.db.pool.clone();
        async move {
            sqlx::query("SELECT views FROM procedures WHERE code = $1")
                .bind(code)
                .fetch_one(&pool)
                .await
                .unwrap()
                .try_get::<i64, _>("views")
                .unwrap()
        }
    };
    let before = views("1.000656").await;
    for accept in ["br", "br", "gzip"] {
        let r = app
            .get_with("/api/procedures/1.000656", &[("accept-encoding", accept)])
            .await;
        assert_eq!(r.status, 200);
    }
    // Nothing is written while the page is read …
    assert_eq!(views("1.000656").await, before);
    // … and every view, kept answer or not, is written by the flush.
    assert_eq!(
        server::procedures::views::flush(&app.state.db, &app.state.views)
            .await
            .unwrap(),
        1
    );
    assert_eq!(views("1.000656").await, before + 3);
    assert_eq!(
        server::procedures::views::flush(&app.state.db, &app.state.views)
            .await
            .unwrap(),
        0
    );
}

#[test]
fn page_views_are_counted_and_written_in_one_batch_sqlite() {
    RT.block_on(async {
        page_views_are_counted_and_written_in_one_batch(fresh_sqlite().await).await
    })
}

#[test]
fn page_views_are_counted_and_written_in_one_batch_postgres() {
    RT.block_on(async {
        match fresh_postgres().await {
            Some(app) => page_views_are_counted_and_written_in_one_batch(app).await,
            None => assert!(std::env::var("REQUIRE_POSTGRES").is_err()),
        }
    })
}
