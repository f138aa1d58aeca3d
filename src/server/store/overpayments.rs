//! Paying more than the debt (issue 16, item 6): a card payment's reservation against the debt
//! under the loan's lock, and the refunds of whatever still came in above it.

use chrono::NaiveDate;

use super::ledger::insert_lines;
use super::loans::insert_event;
use super::payments::events_with;
use crate::domain::ledger::Line;
use crate::domain::loan::event::Event;
use crate::domain::money::Money;
use crate::server::db::Db;

/// Whether a payment may be charged.
#[derive(Debug, PartialEq, Eq)]
pub enum Reservation {
    /// Reserved now, or before (a retry after a crash): charge it.
    Reserved,
    /// The debt less the payments already reserved is below this one: it failed, uncharged.
    Covered,
    /// No longer confirmed (credited or failed meanwhile): nothing to do.
    Gone,
}

/// Reserves the confirmed payment `id` of `loan_id` for `amount` against the debt: under the
/// loan's lock (its version bumped, so credits and other reservations wait or retry), the debt
/// `debt` computes from the loan's events, less the other payments reserved and not yet
/// credited, must cover it; else the payment fails with the reason `covered`, uncharged.
pub async fn reserve(
    db: &Db,
    (id, loan_id, amount): (&str, &str, Money),
    now: i64,
    debt: impl FnOnce(&[Event]) -> anyhow::Result<Money>,
) -> anyhow::Result<Reservation> {
    let mut tx = crate::server::db::begin_write(db).await?;
    sqlx::query("UPDATE loan SET version = version + 1 WHERE id = $1")
        .bind(loan_id)
        .execute(&mut *tx)
        .await?;
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, reserved_at FROM payment WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    match row {
        Some((status, _)) if status != "confirmed" => return Ok(Reservation::Gone),
        None => return Ok(Reservation::Gone),
        Some((_, Some(_))) => return Ok(Reservation::Reserved),
        Some((_, None)) => {}
    }
    let events = events_with(&mut *tx, loan_id).await?;
    let others: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_kopecks), 0) AS BIGINT) FROM payment
         WHERE loan_id = $1 AND id <> $2 AND status = 'confirmed' AND reserved_at IS NOT NULL",
    )
    .bind(loan_id)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let room = debt(&events)? - Money::from_kopecks(others);
    if amount > room {
        sqlx::query(
            "UPDATE payment SET status = 'failed', failure = 'covered', finished_at = $1
             WHERE id = $2 AND status = 'confirmed'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(Reservation::Covered);
    }
    sqlx::query("UPDATE payment SET reserved_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Reservation::Reserved)
}

/// A refund to send or sent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RefundRow {
    pub payment_id: String,
    pub loan_id: String,
    pub amount_kopecks: i64,
    pub charge_ref: String,
    pub status: String,
}

/// Writes the refund of `amount` of `payment_id` (inside the credit's transaction).
pub async fn insert_refund(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    (payment_id, loan_id): (&str, &str),
    amount: Money,
    charge_ref: &str,
    now: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO refund (payment_id, loan_id, amount_kopecks, charge_ref, status, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5)",
    )
    .bind(payment_id)
    .bind(loan_id)
    .bind(amount.kopecks())
    .bind(charge_ref)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const COLUMNS: &str = "payment_id, loan_id, amount_kopecks, charge_ref, status";

/// The refunds not yet sent, oldest first.
pub async fn pending(db: &Db) -> sqlx::Result<Vec<RefundRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refund WHERE status = 'pending' ORDER BY created_at"
    ))
    .fetch_all(db)
    .await
}

/// The refund of a payment, if any.
pub async fn of_payment(db: &Db, payment_id: &str) -> sqlx::Result<Option<RefundRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM refund WHERE payment_id = $1"
    ))
    .bind(payment_id)
    .fetch_optional(db)
    .await
}

/// Records a refund the gateway made, once: the refund done, the loan's event and the ledger
/// lines in one transaction. False when it was recorded before.
pub async fn done(
    db: &Db,
    refund: &RefundRow,
    (gateway_ref, on): (&str, NaiveDate),
    lines: &[Line],
    now: i64,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    sqlx::query("UPDATE loan SET version = version + 1 WHERE id = $1")
        .bind(&refund.loan_id)
        .execute(&mut *tx)
        .await?;
    let marked = sqlx::query(
        "UPDATE refund SET status = 'done', gateway_ref = $1, finished_at = $2
         WHERE payment_id = $3 AND status = 'pending'",
    )
    .bind(gateway_ref)
    .bind(now)
    .bind(&refund.payment_id)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() != 1 {
        return Ok(false);
    }
    let seq: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM loan_event WHERE loan_id = $1")
            .bind(&refund.loan_id)
            .fetch_one(&mut *tx)
            .await?;
    let event = Event::Refund {
        on,
        amount: Money::from_kopecks(refund.amount_kopecks),
    };
    let at = (refund.loan_id.as_str(), seq);
    insert_event(&mut tx, at, &event, &refund.payment_id, now).await?;
    insert_lines(
        &mut tx,
        &format!("refund:{}", refund.payment_id),
        &refund.loan_id,
        lines,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A refund the gateway refused: left for the staff, never sent again.
pub async fn failed(db: &Db, payment_id: &str, reason: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE refund SET status = 'failed', failure = $1, finished_at = $2
         WHERE payment_id = $3 AND status = 'pending'",
    )
    .bind(reason)
    .bind(now)
    .bind(payment_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the payment `id` failed because the debt was covered by others before its charge.
pub async fn was_covered(db: &Db, id: &str) -> sqlx::Result<bool> {
    let failure: Option<Option<String>> =
        sqlx::query_scalar("SELECT failure FROM payment WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(failure.flatten().as_deref() == Some("covered"))
}
