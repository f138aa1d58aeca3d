//! Repayments and the loan's events after payout. A payment is one row per payer's key; it is
//! credited once (`credit`: the payment marked done, the loan's new events and the ledger lines,
//! in one transaction, only while it was still confirmed and not credited).

use chrono::NaiveDate;

use super::ledger::insert_lines;
use crate::domain::ledger::Line;
use crate::domain::loan::event::{EarlyChoice, Event};
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;
use crate::server::db::Db;

/// What a payment is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Repay,
    /// The price of a prolongation by `days`, with its supplementary agreement.
    Prolong {
        days: u32,
    },
}

impl Purpose {
    pub fn code(self) -> String {
        match self {
            Purpose::Repay => "repay".into(),
            Purpose::Prolong { days } => format!("prolong:{days}"),
        }
    }

    pub fn parse(code: &str) -> Option<Purpose> {
        match code.split_once(':') {
            None if code == "repay" => Some(Purpose::Repay),
            Some(("prolong", days)) => days.parse().ok().map(|days| Purpose::Prolong { days }),
            _ => None,
        }
    }
}

fn early_code(early: EarlyChoice) -> &'static str {
    match early {
        EarlyChoice::SmallerInstallment => "smaller_installment",
        EarlyChoice::ShorterTerm => "shorter_term",
    }
}

/// A payment as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentRow {
    pub id: String,
    pub client_key: String,
    pub loan_id: String,
    pub amount: Money,
    /// `card` (a bound card, by SMS code) or `hosted` (the gateway's page).
    pub method: String,
    pub card_id: Option<String>,
    /// The account that pays, or `quick` (a payment without login).
    pub payer: String,
    pub purpose: Purpose,
    pub early: EarlyChoice,
    /// awaiting_code (a bound card's, for its code), at_gateway (a hosted page's, for the
    /// gateway's word), confirmed (a bound card's, being charged), done (credited), failed
    pub status: PaymentStatus,
    pub gateway_ref: Option<String>,
    pub credited_on: Option<NaiveDate>,
    pub agreement_sha: Option<String>,
}

const COLUMNS: &str =
    "id, payer, client_key, loan_id, amount_kopecks, method, card_id, purpose, early,
    status, gateway_ref, credited_on, agreement_sha";

/// A payment's row as stored (kopecks, codes, text dates).
#[derive(sqlx::FromRow)]
struct Record {
    id: String,
    payer: String,
    client_key: String,
    loan_id: String,
    amount_kopecks: i64,
    method: String,
    card_id: Option<String>,
    purpose: String,
    early: String,
    status: String,
    gateway_ref: Option<String>,
    credited_on: Option<String>,
    agreement_sha: Option<String>,
}

impl TryFrom<Record> for PaymentRow {
    type Error = anyhow::Error;

    fn try_from(r: Record) -> anyhow::Result<PaymentRow> {
        Ok(PaymentRow {
            purpose: Purpose::parse(&r.purpose)
                .ok_or_else(|| anyhow::anyhow!("unknown payment purpose {:?}", r.purpose))?,
            early: if r.early == "shorter_term" {
                EarlyChoice::ShorterTerm
            } else {
                EarlyChoice::SmallerInstallment
            },
            status: PaymentStatus::parse(&r.status)
                .ok_or_else(|| anyhow::anyhow!("unknown payment status {:?}", r.status))?,
            credited_on: r.credited_on.map(|d| d.parse()).transpose()?,
            amount: Money::from_kopecks(r.amount_kopecks),
            id: r.id,
            payer: r.payer,
            client_key: r.client_key,
            loan_id: r.loan_id,
            method: r.method,
            card_id: r.card_id,
            gateway_ref: r.gateway_ref,
            agreement_sha: r.agreement_sha,
        })
    }
}

/// A payment to open.
pub struct NewPayment<'a> {
    pub payer: &'a str,
    pub client_key: &'a str,
    pub loan_id: &'a str,
    pub amount: Money,
    pub method: &'a str,
    pub card_id: Option<&'a str>,
    pub purpose: Purpose,
    pub early: EarlyChoice,
    /// The supplementary agreement of a prolongation: HTML, PDF and the HTML's SHA-256.
    pub agreement: Option<(&'a str, &'a [u8], &'a str)>,
    /// `awaiting_code` for a bound card; `at_gateway` for the hosted page (its own checks).
    pub status: PaymentStatus,
}

/// Opens the payment unless the payer opened one with this key before; answers the payment
/// stored under the key either way (the caller compares it with what was asked), and whether
/// this call opened it.
pub async fn open(db: &Db, new: &NewPayment<'_>, now: i64) -> anyhow::Result<(PaymentRow, bool)> {
    let id = format!("{:032x}", rand::random::<u128>());
    let html = new.agreement.map(|a| a.0);
    let pdf = new.agreement.map(|a| crate::server::secrets::to_hex(a.1));
    let sha = new.agreement.map(|a| a.2);
    let inserted: Option<Record> = sqlx::query_as(&format!(
        "INSERT INTO payment (id, payer, client_key, loan_id, amount_kopecks, method, card_id,
                              purpose, early, status, agreement_html, agreement_pdf,
                              agreement_sha, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (payer, client_key) DO NOTHING
         RETURNING {COLUMNS}",
    ))
    .bind(&id)
    .bind(new.payer)
    .bind(new.client_key)
    .bind(new.loan_id)
    .bind(new.amount.kopecks())
    .bind(new.method)
    .bind(new.card_id)
    .bind(new.purpose.code())
    .bind(early_code(new.early))
    .bind(new.status.code())
    .bind(html)
    .bind(pdf)
    .bind(sha)
    .bind(now)
    .fetch_optional(db)
    .await?;
    if let Some(row) = inserted {
        return Ok((row.try_into()?, true));
    }
    let payment = by_key(db, new.payer, new.client_key)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the payment under this key is gone"))?;
    Ok((payment, false))
}

pub async fn by_key(db: &Db, payer: &str, key: &str) -> anyhow::Result<Option<PaymentRow>> {
    let row: Option<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment WHERE payer = $1 AND client_key = $2"
    ))
    .bind(payer)
    .bind(key)
    .fetch_optional(db)
    .await?;
    row.map(PaymentRow::try_from).transpose()
}

pub async fn by_id(db: &Db, id: &str) -> anyhow::Result<Option<PaymentRow>> {
    let row: Option<Record> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM payment WHERE id = $1"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    row.map(PaymentRow::try_from).transpose()
}

/// The loan's payments, newest first.
pub async fn of_loan(db: &Db, loan_id: &str) -> anyhow::Result<Vec<PaymentRow>> {
    let rows: Vec<Record> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment WHERE loan_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(loan_id)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(PaymentRow::try_from).collect()
}

/// The code was right: the payment may be charged. False when it had moved on before.
pub async fn confirm(db: &Db, id: &str, ip: &str, agent: &str) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE payment SET status = 'confirmed', signed_ip = $1, signed_agent = $2
         WHERE id = $3 AND status = 'awaiting_code'",
    )
    .bind(ip)
    .bind(agent)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The gateway refused the charge: nothing was taken, nothing is credited.
pub async fn fail(db: &Db, id: &str, reason: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE payment SET status = 'failed', failure = $1, finished_at = $2
         WHERE id = $3 AND status IN ('confirmed', 'at_gateway')",
    )
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Payments in flight: confirmed and not yet credited (a crash or a silent gateway left them),
/// and hosted-page payments of the last day not credited (no word from the gateway yet, or a
/// page refused while another page may have been charged).
pub async fn in_flight(db: &Db, now: i64) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM payment
         WHERE status = 'confirmed'
            OR (method = 'hosted' AND status IN ('at_gateway', 'failed') AND created_at > $1)
         ORDER BY created_at",
    )
    .bind(now - 24 * 3600)
    .fetch_all(db)
    .await?)
}

/// The loan's events after payout, in order, read through `ex` (the pool or a transaction).
pub(super) async fn events_with<'e, E>(ex: E, loan_id: &str) -> anyhow::Result<Vec<Event>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT event FROM loan_event WHERE loan_id = $1 ORDER BY seq")
            .bind(loan_id)
            .fetch_all(ex)
            .await?;
    rows.iter()
        .map(|event| Ok(serde_json::from_str(event)?))
        .collect()
}

/// The loan's events after payout, in order.
pub async fn events(db: &Db, loan_id: &str) -> anyhow::Result<Vec<Event>> {
    events_with(db, loan_id).await
}

/// Prolongations on or after `since` of every loan of the borrower whose loan `loan_id` is
/// (the yearly limit counts them all), read through `ex`.
async fn prolongations_with<'e, E>(ex: E, loan_id: &str, since: NaiveDate) -> anyhow::Result<u32>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM loan_event JOIN loan ON loan.id = loan_event.loan_id
         WHERE loan.account_id = (SELECT account_id FROM loan WHERE id = $1)
           AND loan_event.kind = 'prolongation' AND loan_event.on_date >= $2",
    )
    .bind(loan_id)
    .bind(since.to_string())
    .fetch_one(ex)
    .await?;
    Ok(u32::try_from(n)?)
}

/// Prolongations on or after `since` of the borrower's loans, `loan_id`'s among them.
pub async fn prolongations_since(db: &Db, loan_id: &str, since: NaiveDate) -> anyhow::Result<u32> {
    prolongations_with(db, loan_id, since).await
}

/// The loan as a payment finds it under the loan's lock.
pub struct Before<'a> {
    pub events: &'a [Event],
    /// The borrower's prolongations in the year (see `credit`'s `since`).
    pub prolongations: u32,
}

/// What crediting a payment does to its loan, decided from the events before it.
pub struct Plan {
    pub events: Vec<Event>,
    pub lines: Vec<Line>,
    pub repaid: bool,
    /// What this payment brought above the debt, to return to the charge it came from.
    pub refund: Option<Money>,
}

/// Credits a charged payment once (the caller knows it was charged: confirmed and charged by
/// us, or a hosted-page payment the gateway reports charged — even after another of its pages
/// failed): the payment done, the loan's events and the ledger lines, in
/// one transaction. `plan` sees the loan's events, and the borrower's prolongations since
/// `since` (counted only when asked: a prolongation's price), as they are when the transaction
/// commits (the loan's version is checked and bumped, and the count read under its lock), so
/// two payments racing on one loan plan one after the other. Returns false (and changes nothing) when the payment was credited or failed
/// before.
pub async fn credit(
    db: &Db,
    payment: &PaymentRow,
    gateway_ref: Option<&str>,
    (on, since): (NaiveDate, Option<NaiveDate>),
    now: i64,
    mut plan: impl FnMut(&Before) -> anyhow::Result<Plan>,
) -> anyhow::Result<bool> {
    // The loan's events are read and replayed outside the write lock; the transaction then
    // takes the loan only at the version they were read at (each operation on a loan bumps it),
    // so a credit never plans from events another operation has since added: it reads again.
    // A prolongation's price plans under the lock, after counting the year's prolongations.
    let (mut tx, before, planned) = loop {
        let version: i64 = sqlx::query_scalar("SELECT version FROM loan WHERE id = $1")
            .bind(&payment.loan_id)
            .fetch_one(db)
            .await?;
        // Read after the version: a newer event comes with a newer version, and is retried.
        let before = events_with(db, &payment.loan_id).await?;
        let planned = match since {
            None => Some(plan(&Before {
                events: &before,
                prolongations: 0,
            })?),
            Some(_) => None,
        };
        let mut tx = crate::server::db::begin_write(db).await?;
        let taken =
            sqlx::query("UPDATE loan SET version = version + 1 WHERE id = $1 AND version = $2")
                .bind(&payment.loan_id)
                .bind(version)
                .execute(&mut *tx)
                .await?;
        if taken.rows_affected() == 1 {
            break (tx, before, planned);
        }
        tx.rollback().await?;
    };
    let done = sqlx::query(
        "UPDATE payment SET status = 'done', gateway_ref = $1, finished_at = $2, credited_on = $3
         WHERE id = $4 AND status IN ('confirmed', 'at_gateway', 'failed')",
    )
    .bind(gateway_ref)
    .bind(now)
    .bind(on.to_string())
    .bind(&payment.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        // Credited or failed before: nothing changes (the version bump is rolled back).
        return Ok(false);
    }
    let plan = match (planned, since) {
        (Some(plan), _) => plan,
        (None, since) => {
            let prolongations = match since {
                Some(since) => prolongations_with(&mut *tx, &payment.loan_id, since).await?,
                None => 0,
            };
            plan(&Before {
                events: &before,
                prolongations,
            })?
        }
    };
    for (i, event) in plan.events.iter().enumerate() {
        let seq = i64::try_from(before.len() + i)?;
        super::loans::insert_event(&mut tx, (&payment.loan_id, seq), event, &payment.id, now)
            .await?;
    }
    insert_lines(
        &mut tx,
        &format!("payment:{}", payment.id),
        &payment.loan_id,
        &plan.lines,
        now,
    )
    .await?;
    if let (Some(amount), Some(charge)) = (plan.refund, gateway_ref) {
        let ids = (payment.id.as_str(), payment.loan_id.as_str());
        super::overpayments::insert_refund(&mut tx, ids, amount, charge, now).await?;
    }
    if plan.repaid {
        sqlx::query("UPDATE loan SET status = 'repaid', repaid_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&payment.loan_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// The agreement of a prolongation as signed: its HTML and PDF.
pub async fn agreement(db: &Db, payment_id: &str) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT agreement_html, agreement_pdf FROM payment WHERE id = $1")
            .bind(payment_id)
            .fetch_optional(db)
            .await?;
    let Some((html, pdf)) = row else {
        return Ok(None);
    };
    Ok(html.zip(pdf).map(|(html, pdf)| {
        (
            html,
            crate::server::secrets::from_hex(&pdf).unwrap_or_default(),
        )
    }))
}
