//! Rate limits per IP and per account (PRODUCT.md §7), counted in the database so that every
//! instance of the server shares them: a fixed window per limit and key, one upsert per hit.

use sqlx::Row;

use crate::server::db::Db;

/// At most `hits` in `window` seconds for one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub hits: i64,
    pub window: i64,
}

/// Login attempts from one address, and against one phone.
pub const LOGIN_PER_IP: Limit = Limit {
    name: "login_ip",
    hits: 30,
    window: 15 * 60,
};
pub const LOGIN_PER_PHONE: Limit = Limit {
    name: "login_phone",
    hits: 10,
    window: 15 * 60,
};
/// Sign-ups, password resets and phone changes started from one address.
pub const START_PER_IP: Limit = Limit {
    name: "start_ip",
    hits: 20,
    window: 60 * 60,
};
/// Code and link checks from one address (each code also allows only 5 attempts).
pub const CHECK_PER_IP: Limit = Limit {
    name: "check_ip",
    hits: 40,
    window: 15 * 60,
};

/// Over the limit; the window ends in `retry_after` seconds.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    #[error("rate limited; retry in {retry_after} s")]
    Limited { retry_after: i64 },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Counts one hit of `limit` for `key` and refuses it when the window is already full.
pub async fn hit(db: &Db, limit: Limit, key: &str, now: i64) -> Result<(), LimitError> {
    let window_start = now - now.rem_euclid(limit.window);
    let bucket = format!("{}:{key}", limit.name);
    let hits: i64 = sqlx::query(
        "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit.hits + 1
         RETURNING hits",
    )
    .bind(&bucket)
    .bind(window_start)
    .fetch_one(db)
    .await?
    .try_get("hits")?;
    // Old windows are swept now and then, by whichever request comes along.
    if hits == 1 && rand::random::<u8>() < 8 {
        sqlx::query("DELETE FROM rate_limit WHERE window_start < $1")
            .bind(now - 86_400)
            .execute(db)
            .await?;
    }
    if hits > limit.hits {
        return Err(LimitError::Limited {
            retry_after: (window_start + limit.window - now).max(1),
        });
    }
    Ok(())
}
