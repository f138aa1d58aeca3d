//! The rulebook's rows on the backend under test: seeded once, read back exactly.

use crate::common;

use kabinet::server::db;
use kabinet::server::store::rulebook::{Rulebook, load, seed_shipped};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shipped_rulebook_reads_back_exactly() {
    let (url, _dir) = common::fresh_database().await;
    let db = db::connect(&url, None)
        .await
        .expect("connects and migrates");
    seed_shipped(&db).await.expect("seeds");
    let loaded = load(&db).await.expect("loads");
    let mut shipped = Rulebook::shipped();
    shipped.products.sort_by_key(|p| p.code);
    assert_eq!(loaded.products, shipped.products);
    let mut a = loaded.law.rows().to_vec();
    let mut b = shipped.law.rows().to_vec();
    a.sort_by_key(|r| (r.param, r.from));
    b.sort_by_key(|r| (r.param, r.from));
    assert_eq!(a, b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_again_keeps_what_the_lender_changed() {
    let (url, _dir) = common::fresh_database().await;
    let db = db::connect(&url, None).await.expect("connects");
    seed_shipped(&db).await.expect("seeds");
    sqlx::query("UPDATE product SET daily_rate = $1 WHERE code = $2")
        .bind("0.7")
        .bind("repeat")
        .execute(&db)
        .await
        .expect("update");
    seed_shipped(&db).await.expect("seeds again");
    let loaded = load(&db).await.expect("loads");
    let repeat = loaded
        .products
        .iter()
        .find(|p| p.code.code() == "repeat")
        .expect("repeat");
    assert_eq!(repeat.daily_rate.to_string(), "0.7");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_run_twice_without_harm() {
    let (url, _dir) = common::fresh_database().await;
    db::connect(&url, None).await.expect("first start");
    db::connect(&url, None).await.expect("second start");
}
