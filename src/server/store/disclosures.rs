//! The lender's published documents, in dated versions (`disclosure`).

use crate::domain::disclosure::DisclosureCode;
use crate::i18n::disclosures::model;
use crate::server::db::Db;

use super::now_unix;

/// A version of a document as stored.
#[derive(Debug, sqlx::FromRow)]
pub struct DisclosureRow {
    pub code: String,
    pub version: i64,
    pub title: String,
    pub body: String,
    pub effective_from: String,
    pub model: i64,
}

/// Writes the model text of each document that has no version yet; keeps every one there.
pub async fn seed_models(db: &Db) -> anyhow::Result<()> {
    let now = now_unix();
    let mut tx = crate::server::db::begin_write(db).await?;
    for code in DisclosureCode::ALL {
        let (title, body) = model(*code);
        sqlx::query(
            "INSERT INTO disclosure (code, version, title, body, effective_from, model, created_at)
             SELECT $1, 1, $2, $3, '2000-01-01', 1, $4
             WHERE NOT EXISTS (SELECT 1 FROM disclosure WHERE code = $1)
             ON CONFLICT (code, version) DO NOTHING",
        )
        .bind(code.code())
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The version of each document in force on `today` (ISO date), in no particular order.
pub async fn in_force(db: &Db, today: &str) -> Result<Vec<DisclosureRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.code, d.version, d.title, d.body, d.effective_from, d.model FROM disclosure d
         WHERE d.effective_from <= $1
           AND d.version = (SELECT MAX(n.version) FROM disclosure n
                            WHERE n.code = d.code AND n.effective_from <= $1)",
    )
    .bind(today)
    .fetch_all(db)
    .await
}
