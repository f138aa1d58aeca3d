//! An application's documents on the way to its signature: the selfie, the add-ons ticked, the
//! debt-load acknowledgement, the terms prepared and signed with their evidence.

use crate::domain::addons::Chosen;
use crate::domain::application::Step;
use crate::domain::money::Money;
use crate::server::db::Db;

pub async fn save_selfie(
    db: &Db,
    application_id: &str,
    sealed: &str,
    sha256: &str,
    (bytes, width, height): (usize, u32, u32),
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO application_selfie (application_id, sealed, sha256, bytes, width, height,
                                         created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (application_id) DO UPDATE SET sealed = $2, sha256 = $3, bytes = $4,
             width = $5, height = $6, created_at = $7",
    )
    .bind(application_id)
    .bind(sealed)
    .bind(sha256)
    .bind(i64::try_from(bytes)?)
    .bind(i64::from(width))
    .bind(i64::from(height))
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The sealed selfie of an application, if one was taken.
pub async fn selfie(db: &Db, application_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT sealed FROM application_selfie WHERE application_id = $1")
        .bind(application_id)
        .fetch_optional(db)
        .await
}

/// Records the add-ons ticked (possibly none) and moves the draft to the terms.
pub async fn set_add_ons(
    db: &Db,
    application_id: &str,
    chosen: &Chosen,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE application SET add_ons = $1, add_ons_at = $2, updated_at = $2,
             step = CASE WHEN step = $3 THEN $4 ELSE step END
         WHERE id = $5 AND status = 'draft'",
    )
    .bind(chosen.to_codes())
    .bind(now)
    .bind(Step::AddOns.code())
    .bind(Step::AddOns.next().code())
    .bind(application_id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn acknowledge_debt_load(db: &Db, application_id: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE application SET debt_load_ack_at = $1 WHERE id = $2 AND status = 'draft'")
        .bind(now)
        .bind(application_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A document prepared for signing.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub id: String,
    pub sha256: String,
    pub amount: Money,
}

pub async fn prepare_document(
    db: &Db,
    application_id: &str,
    (html, pdf): (&str, &[u8]),
    sha256: &str,
    amount: Money,
    now: i64,
) -> anyhow::Result<String> {
    let id = format!("{:032x}", rand::random::<u128>());
    let mut tx = crate::server::db::begin_write(db).await?;
    // Only the newest document shown can be signed: the ones shown before are dropped.
    sqlx::query("DELETE FROM signed_document WHERE application_id = $1 AND signed_at IS NULL")
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO signed_document (id, application_id, kind, html, pdf, sha256, amount_kopecks,
                                      created_at)
         VALUES ($1, $2, 'individual_terms', $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(application_id)
    .bind(html)
    .bind(crate::server::secrets::to_hex(pdf))
    .bind(sha256)
    .bind(amount.kopecks())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The document prepared for the application and not signed (there is at most one).
pub async fn latest_prepared(db: &Db, application_id: &str) -> anyhow::Result<Option<Prepared>> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT id, sha256, amount_kopecks FROM signed_document
         WHERE application_id = $1 AND signed_at IS NULL",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, sha256, kopecks)| Prepared {
        id,
        sha256,
        amount: Money::from_kopecks(kopecks),
    }))
}

/// The evidence of a simple electronic signature.
#[derive(Clone, Debug)]
pub struct Evidence<'a> {
    pub phone: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
    pub at: i64,
}

/// Signs the document and submits the application, together; false if either was done before.
pub async fn sign(
    db: &Db,
    application_id: &str,
    document_id: &str,
    evidence: &Evidence<'_>,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let signed = sqlx::query(
        "UPDATE signed_document SET signed_at = $1, phone = $2, ip = $3, user_agent = $4
         WHERE id = $5 AND application_id = $6 AND signed_at IS NULL",
    )
    .bind(evidence.at)
    .bind(evidence.phone)
    .bind(evidence.ip)
    .bind(evidence.user_agent)
    .bind(document_id)
    .bind(application_id)
    .execute(&mut *tx)
    .await?;
    let submitted = sqlx::query(
        "UPDATE application SET status = 'submitted', step = $1, updated_at = $2, client_ip = $3,
             device = $4
         WHERE id = $5 AND status = 'draft'",
    )
    .bind(Step::Decision.code())
    .bind(evidence.at)
    .bind(evidence.ip)
    .bind(evidence.user_agent)
    .bind(application_id)
    .execute(&mut *tx)
    .await?;
    if signed.rows_affected() != 1 || submitted.rows_affected() != 1 {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// A signed document as its borrower downloads it.
#[derive(Clone, Debug)]
pub struct SignedTerms {
    pub html: String,
    pub pdf: Vec<u8>,
    pub sha256: String,
}

/// The SHA-256 of the terms the borrower signed for an application.
pub async fn signed_sha256(db: &Db, application_id: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT sha256 FROM signed_document
         WHERE application_id = $1 AND signed_at IS NOT NULL ORDER BY signed_at DESC LIMIT 1",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await
}

/// The signed terms of an application.
pub async fn signed_terms(db: &Db, application_id: &str) -> anyhow::Result<Option<SignedTerms>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT html, pdf, sha256 FROM signed_document
         WHERE application_id = $1 AND signed_at IS NOT NULL ORDER BY signed_at DESC LIMIT 1",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    row.map(|(html, pdf, sha256)| {
        Ok(SignedTerms {
            html,
            pdf: crate::server::secrets::from_hex(&pdf)
                .ok_or_else(|| anyhow::anyhow!("a stored PDF is not hex"))?,
            sha256,
        })
    })
    .transpose()
}
