//! A loan as the services read it: its row with the contract frozen at approval, the borrower's
//! newest loan, and a refusal during the cooling-off period.

use crate::domain::addons::Chosen;
use crate::domain::loan::contract::Contract;
use crate::domain::loan::event::Event;
use crate::domain::loan::stage::LoanStage;
use crate::domain::payout::Destination;
use crate::server::db::Db;

/// A loan as the payout needs it.
#[derive(Clone, Debug)]
pub struct LoanRow {
    pub id: String,
    pub account_id: String,
    pub application_id: String,
    pub contract: Contract,
    pub add_ons: Chosen,
    pub destination: Destination,
    /// The destination as the borrower knows it: the masked card or the account's last digits.
    pub shown_as: String,
    pub psk_percent: rust_decimal::Decimal,
    pub status: LoanStage,
    pub payout_after: i64,
}

const LOAN_COLUMNS: &str = "loan.id, loan.account_id, loan.application_id, loan.contract,
    loan.add_ons, card.token, card.masked, payout_account.bik, payout_account.number,
    loan.psk_percent, loan.status, loan.payout_after";

const LOAN_FROM: &str = "loan LEFT JOIN card ON card.id = loan.card_id
    LEFT JOIN payout_account ON payout_account.id = loan.payout_account_id";

/// A loan's row as stored, with its payout destination joined in.
#[derive(sqlx::FromRow)]
struct Record {
    id: String,
    account_id: String,
    application_id: String,
    contract: String,
    add_ons: String,
    token: Option<String>,
    masked: Option<String>,
    bik: Option<String>,
    number: Option<String>,
    psk_percent: String,
    status: String,
    payout_after: i64,
}

impl TryFrom<Record> for LoanRow {
    type Error = anyhow::Error;

    fn try_from(r: Record) -> anyhow::Result<LoanRow> {
        let (destination, shown_as) = match (r.token, r.masked, r.bik, r.number) {
            (Some(token), Some(masked), _, _) => (Destination::Card { token }, masked),
            (_, _, Some(bik), Some(number)) => {
                let shown = format!("…{}", &number[number.len().saturating_sub(4)..]);
                (Destination::Account { bik, number }, shown)
            }
            _ => anyhow::bail!("a loan without a payout destination"),
        };
        Ok(LoanRow {
            contract: serde_json::from_str(&r.contract)?,
            add_ons: Chosen::from_codes(&r.add_ons),
            destination,
            shown_as,
            psk_percent: r.psk_percent.parse()?,
            status: LoanStage::parse(&r.status)
                .ok_or_else(|| anyhow::anyhow!("unknown loan stage {:?}", r.status))?,
            id: r.id,
            account_id: r.account_id,
            application_id: r.application_id,
            payout_after: r.payout_after,
        })
    }
}

pub async fn loan(db: &Db, id: &str) -> anyhow::Result<Option<LoanRow>> {
    let row: Option<Record> = sqlx::query_as(&format!(
        "SELECT {LOAN_COLUMNS} FROM {LOAN_FROM} WHERE loan.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(LoanRow::try_from).transpose()
}

/// The borrower's newest loan, if any.
pub async fn latest_loan(db: &Db, account_id: &str) -> anyhow::Result<Option<LoanRow>> {
    let row: Option<Record> = sqlx::query_as(&format!(
        "SELECT {LOAN_COLUMNS} FROM {LOAN_FROM}
         WHERE loan.account_id = $1 ORDER BY loan.created_at DESC, loan.id LIMIT 1"
    ))
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    row.map(LoanRow::try_from).transpose()
}

/// The borrower refuses a loan still in its cooling-off period; false when it is too late.
pub async fn refuse(db: &Db, account_id: &str, loan_id: &str, now: i64) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let refused = sqlx::query(
        "UPDATE loan SET status = 'refused' WHERE id = $1 AND account_id = $2
         AND status = 'cooling_off'
         AND NOT EXISTS (SELECT 1 FROM payout WHERE payout.loan_id = loan.id)",
    )
    .bind(loan_id)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    if refused.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE application SET status = 'refused', updated_at = $1
         WHERE id = (SELECT application_id FROM loan WHERE id = $2)",
    )
    .bind(now)
    .bind(loan_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Appends `event` to the loan's events at `seq`, with the payment it came from (inside the
/// transaction that took the loan).
pub(super) async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    (loan_id, seq): (&str, i64),
    event: &Event,
    payment_id: &str,
    now: i64,
) -> anyhow::Result<()> {
    let kind = match event {
        Event::Prolongation { .. } => "prolongation",
        Event::Refund { .. } => "refund",
        _ => "payment",
    };
    sqlx::query(
        "INSERT INTO loan_event (loan_id, seq, kind, on_date, event, payment_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(loan_id)
    .bind(seq)
    .bind(kind)
    .bind(event.on().to_string())
    .bind(serde_json::to_string(event)?)
    .bind(payment_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
