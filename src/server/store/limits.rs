//! The rate limits' counters: hits per bucket (a limit and a key) and fixed window.

use crate::server::db::Db;

/// Counts one hit in the bucket's window; answers the window's hits, this one included.
pub async fn count_hit(db: &Db, bucket: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit.hits + 1
         RETURNING hits",
    )
    .bind(bucket)
    .bind(window_start)
    .fetch_one(db)
    .await
}

/// Takes back one hit (a request the limit refused).
pub async fn unhit(db: &Db, bucket: &str, window_start: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE rate_limit SET hits = hits - 1
         WHERE bucket = $1 AND window_start = $2 AND hits > 0",
    )
    .bind(bucket)
    .bind(window_start)
    .execute(db)
    .await?;
    Ok(())
}

/// The hits a bucket had in the window starting at `window_start` (0 when none).
pub async fn hits(db: &Db, bucket: &str, window_start: i64) -> Result<i64, sqlx::Error> {
    let hits: Option<i64> =
        sqlx::query_scalar("SELECT hits FROM rate_limit WHERE bucket = $1 AND window_start = $2")
            .bind(bucket)
            .bind(window_start)
            .fetch_optional(db)
            .await?;
    Ok(hits.unwrap_or(0))
}

/// Forgets the windows that started before `before`.
pub async fn sweep(db: &Db, before: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_limit WHERE window_start < $1")
        .bind(before)
        .execute(db)
        .await?;
    Ok(())
}
