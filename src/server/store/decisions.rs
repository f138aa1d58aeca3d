//! The decision on a signed application and what it reads: applications left undecided, the
//! velocity of applications, the borrower's record here; an approval writes the loan.

use crate::domain::addons::Chosen;
use crate::domain::application::ApplicationStatus;
use crate::domain::loan::contract::Contract;
use crate::server::db::Db;

/// A signed application still waiting for its decision.
#[derive(Clone, Debug)]
pub struct Undecided {
    pub application_id: String,
    pub account_id: String,
    pub ip: String,
    pub device: String,
}

pub async fn undecided(db: &Db) -> anyhow::Result<Vec<Undecided>> {
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, account_id, client_ip, device FROM application WHERE status = 'submitted'
         ORDER BY updated_at",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(application_id, account_id, ip, device)| Undecided {
            application_id,
            account_id,
            ip: ip.unwrap_or_default(),
            device: device.unwrap_or_default(),
        })
        .collect())
}

/// Applications submitted in the last `seconds` from this address, and from this device.
pub async fn recent_applications(
    db: &Db,
    ip: &str,
    device: &str,
    since: i64,
) -> anyhow::Result<(u32, u32)> {
    let count = |column: &'static str, value: String| async move {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) AS n FROM application WHERE {column} = $1 AND updated_at >= $2
             AND status <> 'draft'"
        ))
        .bind(value)
        .bind(since)
        .fetch_one(db)
        .await?;
        anyhow::Ok(u32::try_from(n).unwrap_or(u32::MAX))
    };
    Ok((
        count("client_ip", ip.to_owned()).await?,
        count("device", device.to_owned()).await?,
    ))
}

/// The borrower's record here, for their loyalty tier: loans repaid. (Overdue days come with
/// repayments; until then none is recorded.)
pub async fn record(db: &Db, account_id: &str) -> anyhow::Result<crate::domain::loyalty::Record> {
    let repaid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM loan WHERE account_id = $1 AND status = 'repaid'",
    )
    .bind(account_id)
    .fetch_one(db)
    .await?;
    Ok(crate::domain::loyalty::Record {
        repaid: u32::try_from(repaid).unwrap_or(u32::MAX),
        worst_overdue_days: 0,
    })
}

/// The ПСК of each loan the borrower has open here (cooling off, approved or active).
pub async fn open_loans(db: &Db, account_id: &str) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT psk_percent FROM loan WHERE account_id = $1
         AND status IN ('cooling_off', 'approved', 'active')",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?)
}

/// A new loan's row, written with the decision that approved it.
pub struct NewLoan<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub application_id: &'a str,
    pub contract: &'a Contract,
    pub add_ons: &'a Chosen,
    /// One of the two: the card or the card account the money goes to.
    pub card_id: Option<&'a str>,
    pub payout_account_id: Option<&'a str>,
    pub psk_percent: rust_decimal::Decimal,
    pub payout_after: i64,
}

/// Records the decision (and, when approved, the loan) once; false if it was decided before.
pub async fn decide(
    db: &Db,
    application_id: &str,
    status: ApplicationStatus,
    decision_json: &str,
    loan: Option<NewLoan<'_>>,
    now: i64,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let decided = sqlx::query(
        "UPDATE application SET status = $1, decision = $2, decided_at = $3, updated_at = $3
         WHERE id = $4 AND status = 'submitted'",
    )
    .bind(status.code())
    .bind(decision_json)
    .bind(now)
    .bind(application_id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(loan) = loan {
        let status = if loan.payout_after > now {
            "cooling_off"
        } else {
            "approved"
        };
        sqlx::query(
            "INSERT INTO loan (id, account_id, application_id, contract, add_ons, card_id,
                               payout_account_id, psk_percent, status, payout_after, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(loan.id)
        .bind(loan.account_id)
        .bind(loan.application_id)
        .bind(serde_json::to_string(loan.contract)?)
        .bind(loan.add_ons.to_codes())
        .bind(loan.card_id)
        .bind(loan.payout_account_id)
        .bind(loan.psk_percent.to_string())
        .bind(status)
        .bind(loan.payout_after)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
