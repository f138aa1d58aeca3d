//! The record of reminders and notices the background job sent (`notice_sent`): one row per
//! (loan, kind, day or hour), inserted to claim the notice, so that jobs running on several
//! instances at once send each notice once.

use crate::server::db::Db;

/// Loans being repaid: the ones a reminder or an overdue notice may be about.
pub async fn active_loans(db: &Db) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM loan WHERE status = 'active' ORDER BY id")
            .fetch_all(db)
            .await?,
    )
}

/// Claims the notice (`loan_id`, `kind`, `slot`) at `now` if `allow` agrees, given when the
/// borrower's earlier `kind` notices were sent (unix seconds, the last 40 days, any of their
/// loans). The read and the claim are one transaction under the loan's lock, so two instances
/// cannot both decide from the same past. True when this call claimed it: send it.
pub async fn claim(
    db: &Db,
    loan_id: &str,
    kind: &str,
    slot: &str,
    now: i64,
    allow: impl FnOnce(&[i64]) -> bool,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    sqlx::query("UPDATE loan SET version = version + 1 WHERE id = $1")
        .bind(loan_id)
        .execute(&mut *tx)
        .await?;
    let sent: Vec<i64> = sqlx::query_scalar(
        "SELECT notice_sent.sent_at FROM notice_sent JOIN loan ON loan.id = notice_sent.loan_id
         WHERE loan.account_id = (SELECT account_id FROM loan WHERE id = $1)
           AND notice_sent.kind = $2 AND notice_sent.sent_at >= $3",
    )
    .bind(loan_id)
    .bind(kind)
    .bind(now - 40 * 24 * 3600)
    .fetch_all(&mut *tx)
    .await?;
    if !allow(&sent) {
        return Ok(false);
    }
    let claimed = sqlx::query(
        "INSERT INTO notice_sent (loan_id, kind, on_date, channel, sent_at)
         VALUES ($1, $2, $3, 'sms', $4) ON CONFLICT DO NOTHING",
    )
    .bind(loan_id)
    .bind(kind)
    .bind(slot)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(claimed.rows_affected() == 1)
}

/// Forgets the claim of a notice that could not be sent, so a later run sends it.
pub async fn release(db: &Db, loan_id: &str, kind: &str, slot: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM notice_sent WHERE loan_id = $1 AND kind = $2 AND on_date = $3")
        .bind(loan_id)
        .bind(kind)
        .bind(slot)
        .execute(db)
        .await?;
    Ok(())
}
