//! A loan's one payout (opened once, finished once with its ledger lines), the loans due one,
//! and the card account a borrower gives as the payout method.

use super::ledger::insert_lines;
use super::loans::LoanRow;
use crate::domain::application::Step;
use crate::domain::ledger::Line;
use crate::server::db::Db;

/// Opens the loan's one payout (pending) unless it exists; the loan must be due. Returns the
/// idempotency key, or None when the loan may not be paid out (refused, or cooling off).
pub async fn open_payout(db: &Db, loan: &LoanRow, now: i64) -> anyhow::Result<Option<String>> {
    let key = format!("payout:{}", loan.id);
    let mut tx = crate::server::db::begin_write(db).await?;
    // Moving the loan out of cooling-off and opening the payout are one step, so a refusal
    // racing the payout either wins (no payout) or loses (refuse finds the payout row).
    let ready = sqlx::query(
        "UPDATE loan SET status = 'approved' WHERE id = $1
         AND (status = 'approved' OR (status = 'cooling_off' AND payout_after <= $2))",
    )
    .bind(&loan.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let existing = sqlx::query("SELECT status FROM payout WHERE loan_id = $1")
        .bind(&loan.id)
        .fetch_optional(&mut *tx)
        .await?;
    if existing.is_some() {
        tx.commit().await?;
        return Ok(Some(key));
    }
    if ready.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO payout (loan_id, idempotency_key, amount_kopecks, status, created_at)
         VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (loan_id) DO NOTHING",
    )
    .bind(&loan.id)
    .bind(&key)
    .bind(loan.contract.principal.kopecks())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(key))
}

/// Finishes the payout the gateway made: the payout row, the loan made active, and the ledger
/// lines, in one transaction, once. Returns false when it was finished before.
pub async fn finish_payout(
    db: &Db,
    loan_id: &str,
    gateway_ref: &str,
    lines: &[Line],
    now: i64,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let finished = sqlx::query(
        "UPDATE payout SET status = 'done', gateway_ref = $1, finished_at = $2
         WHERE loan_id = $3 AND status = 'pending'",
    )
    .bind(gateway_ref)
    .bind(now)
    .bind(loan_id)
    .execute(&mut *tx)
    .await?;
    if finished.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE loan SET status = 'active', paid_out_at = $1 WHERE id = $2")
        .bind(now)
        .bind(loan_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE application SET status = 'paid_out', updated_at = $1
         WHERE id = (SELECT application_id FROM loan WHERE id = $2)",
    )
    .bind(now)
    .bind(loan_id)
    .execute(&mut *tx)
    .await?;
    insert_lines(&mut tx, &format!("payout:{loan_id}"), loan_id, lines, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Payouts left pending (a crash between the gateway's answer and the commit, or a gateway
/// that did not answer): the loans to reconcile.
pub async fn pending_payouts(db: &Db) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT loan_id FROM payout WHERE status = 'pending' ORDER BY created_at",
    )
    .fetch_all(db)
    .await?)
}

/// Loans whose payout is due now (cooling-off over, not refused) or was left pending by a crash.
pub async fn due_for_payout(db: &Db, now: i64) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM loan WHERE (status = 'approved')
            OR (status = 'cooling_off' AND payout_after <= $1)
         ORDER BY created_at",
    )
    .bind(now)
    .fetch_all(db)
    .await?)
}

/// Keeps the card account the borrower typed and makes it the payout method of their draft
/// (the card chosen before, if any, is set aside), moving it past the payout step.
pub async fn choose_account(
    db: &Db,
    account_id: &str,
    application_id: &str,
    bank_account: &crate::domain::bank_account::BankAccount,
    now: i64,
) -> anyhow::Result<()> {
    let id = format!("{:032x}", rand::random::<u128>());
    let mut tx = crate::server::db::begin_write(db).await?;
    sqlx::query(
        "INSERT INTO payout_account (id, account_id, bik, number, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(account_id)
    .bind(bank_account.bik.as_str())
    .bind(&bank_account.number)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE application SET payout_account_id = $1, card_id = NULL, updated_at = $2,
             step = CASE WHEN step = $3 THEN $4 ELSE step END
         WHERE id = $5 AND status = 'draft'",
    )
    .bind(&id)
    .bind(now)
    .bind(Step::Payout.code())
    .bind(Step::Payout.next().code())
    .bind(application_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A card account of the borrower's, if theirs.
pub async fn payout_account(
    db: &Db,
    account_id: &str,
    id: &str,
) -> anyhow::Result<Option<crate::domain::bank_account::BankAccount>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT bik, number FROM payout_account WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    row.map(|(bik, number)| {
        crate::domain::bank_account::BankAccount::parse(&number, &bik)
            .map_err(|_| anyhow::anyhow!("a stored card account no longer parses"))
    })
    .transpose()
}
