//! Loan applications and the questionnaire rows (sealed; this module never sees plaintext).

use crate::domain::addons::Chosen;
use crate::domain::application::{ApplicationStatus, Step};
use crate::domain::money::Money;
use crate::domain::product::ProductCode;
use crate::server::db::Db;

/// The application a borrower is filling in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    pub product: ProductCode,
    pub amount: Money,
    pub term_days: u32,
    pub step: Step,
    pub status: ApplicationStatus,
    pub add_ons: Chosen,
    /// The payout card: the newest bound while the application was filled in.
    pub card_id: Option<String>,
    /// Or the card account chosen instead.
    pub payout_account_id: Option<String>,
    pub debt_load_acknowledged: bool,
    /// The decision, as stored (JSON of `domain::scoring::Decision`).
    pub decision: Option<String>,
}

const COLUMNS: &str = "id, product, amount_kopecks, term_days, step, status, add_ons, card_id,
    payout_account_id, debt_load_ack_at, decision";

/// An application's row as stored.
#[derive(sqlx::FromRow)]
struct Record {
    id: String,
    product: String,
    amount_kopecks: i64,
    term_days: i64,
    step: String,
    status: String,
    add_ons: String,
    card_id: Option<String>,
    payout_account_id: Option<String>,
    debt_load_ack_at: Option<i64>,
    decision: Option<String>,
}

impl TryFrom<Record> for Draft {
    type Error = anyhow::Error;

    fn try_from(r: Record) -> anyhow::Result<Draft> {
        Ok(Draft {
            product: ProductCode::parse(&r.product)
                .map_err(|_| anyhow::anyhow!("unknown product {:?} in application", r.product))?,
            amount: Money::from_kopecks(r.amount_kopecks),
            term_days: u32::try_from(r.term_days)?,
            step: Step::from_code(&r.step)
                .ok_or_else(|| anyhow::anyhow!("unknown step {:?}", r.step))?,
            status: ApplicationStatus::parse(&r.status)
                .ok_or_else(|| anyhow::anyhow!("unknown application status {:?}", r.status))?,
            add_ons: Chosen::from_codes(&r.add_ons),
            debt_load_acknowledged: r.debt_load_ack_at.is_some(),
            id: r.id,
            card_id: r.card_id,
            payout_account_id: r.payout_account_id,
            decision: r.decision,
        })
    }
}

pub async fn draft(db: &Db, account_id: &str) -> anyhow::Result<Option<Draft>> {
    let row: Option<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM application WHERE account_id = $1 AND status = 'draft'"
    ))
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    row.map(Draft::try_from).transpose()
}

/// The borrower's newest application, whatever its status.
pub async fn latest(db: &Db, account_id: &str) -> anyhow::Result<Option<Draft>> {
    let row: Option<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM application WHERE account_id = $1
         ORDER BY created_at DESC, id LIMIT 1"
    ))
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    row.map(Draft::try_from).transpose()
}

pub async fn by_id(db: &Db, id: &str) -> anyhow::Result<Option<Draft>> {
    let row: Option<Record> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM application WHERE id = $1"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    row.map(Draft::try_from).transpose()
}

/// Starts the borrower's application with this loan, or changes the loan of the one being
/// filled in (its step stays). One draft per borrower however often this races.
pub async fn start(
    db: &Db,
    account_id: &str,
    product: ProductCode,
    amount: Money,
    term_days: u32,
    now: i64,
) -> anyhow::Result<Draft> {
    sqlx::query(
        "INSERT INTO application (id, account_id, product, amount_kopecks, term_days, step, status,
                                  created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7)
         ON CONFLICT (account_id) WHERE status = 'draft'
         DO UPDATE SET product = $3, amount_kopecks = $4, term_days = $5, updated_at = $7",
    )
    .bind(format!("{:032x}", rand::random::<u128>()))
    .bind(account_id)
    .bind(product.code())
    .bind(amount.kopecks())
    .bind(i64::from(term_days))
    .bind(Step::Questionnaire.code())
    .bind(now)
    .execute(db)
    .await?;
    draft(db, account_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the draft just written is missing"))
}

/// Moves the draft on to `step`, never back.
pub async fn reach(db: &Db, id: &str, step: Step, now: i64) -> anyhow::Result<()> {
    let current: String = sqlx::query_scalar("SELECT step FROM application WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await?;
    if Step::from_code(&current).is_some_and(|current| current < step) {
        sqlx::query(
            "UPDATE application SET step = $1, updated_at = $2 WHERE id = $3 AND step = $4",
        )
        .bind(step.code())
        .bind(now)
        .bind(id)
        .bind(current)
        .execute(db)
        .await?;
    }
    Ok(())
}

/// Adds a version of the borrower's questionnaire (already sealed); returns its number.
pub async fn add_questionnaire(
    db: &Db,
    account_id: &str,
    seal: impl FnOnce(i64) -> String,
    now: i64,
) -> anyhow::Result<i64> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM questionnaire WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?;
    // Sealed for its version: a row copied over another version does not open.
    let sealed = seal(version);
    sqlx::query(
        "INSERT INTO questionnaire (account_id, version, sealed, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(account_id)
    .bind(version)
    .bind(sealed)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// The newest questionnaire of the borrower, sealed, with its version.
pub async fn latest_questionnaire(
    db: &Db,
    account_id: &str,
) -> anyhow::Result<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT version, sealed FROM questionnaire WHERE account_id = $1
         ORDER BY version DESC LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await?)
}

/// Whose application `id` is.
pub async fn owner(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT account_id FROM application WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}
