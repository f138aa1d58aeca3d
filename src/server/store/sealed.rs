//! Every sealed value kabinet stores (questionnaires and selfies), read and written back whole
//! for `kabinet rotate-key`.

use crate::server::db::Db;

/// A questionnaire row: whose, which version, and its sealed answers.
#[derive(Debug, sqlx::FromRow)]
pub struct SealedQuestionnaire {
    pub account_id: String,
    pub version: i64,
    pub sealed: String,
}

pub async fn questionnaires(db: &Db) -> sqlx::Result<Vec<SealedQuestionnaire>> {
    sqlx::query_as(
        "SELECT account_id, version, sealed FROM questionnaire ORDER BY account_id, version",
    )
    .fetch_all(db)
    .await
}

/// Writes `sealed` over the row, if it still holds `was` (a row changed meanwhile is left).
pub async fn reseal_questionnaire(
    db: &Db,
    row: &SealedQuestionnaire,
    sealed: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE questionnaire SET sealed = $1 WHERE account_id = $2 AND version = $3 AND sealed = $4",
    )
    .bind(sealed)
    .bind(&row.account_id)
    .bind(row.version)
    .bind(&row.sealed)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The selfies: the application each belongs to, and its sealed picture.
pub async fn selfies(db: &Db) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT application_id, sealed FROM application_selfie ORDER BY application_id")
        .fetch_all(db)
        .await
}

pub async fn reseal_selfie(
    db: &Db,
    application_id: &str,
    was: &str,
    sealed: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE application_selfie SET sealed = $1 WHERE application_id = $2 AND sealed = $3",
    )
    .bind(sealed)
    .bind(application_id)
    .bind(was)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
