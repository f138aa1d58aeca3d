//! The ledger: an operation's lines, written inside its transaction, summing to zero.

use crate::domain::ledger::Line;
use crate::domain::money::Money;

/// Writes an operation's ledger lines (which must sum to zero) inside its transaction.
pub async fn insert_lines(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    operation: &str,
    loan_id: &str,
    lines: &[Line],
    now: i64,
) -> anyhow::Result<()> {
    let sum: Money = lines.iter().map(|l| l.amount).sum();
    anyhow::ensure!(
        sum.is_zero(),
        "ledger lines of {operation} sum to {sum}, not zero"
    );
    if lines.is_empty() {
        return Ok(());
    }
    // One statement for all the lines (one round trip inside the transaction).
    let values: Vec<String> = (0..lines.len())
        .map(|i| {
            let p = |k: usize| format!("${}", i * 7 + k);
            format!(
                "({}, {}, {}, {}, {}, {}, {})",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5),
                p(6),
                p(7)
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO ledger_entry (operation_id, line, loan_id, account, amount_kopecks, memo,
                                   created_at)
         VALUES {}",
        values.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (line, entry) in lines.iter().enumerate() {
        query = query
            .bind(operation)
            .bind(i64::try_from(line)?)
            .bind(loan_id)
            .bind(entry.account.code())
            .bind(entry.amount.kopecks())
            .bind(entry.memo)
            .bind(now);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// The lines of one operation (`payment:<id>`, `payout:<loan>`): account code, amount in
/// kopecks (debit positive), and when it was written (unix seconds).
pub async fn operation(
    db: &crate::server::db::Db,
    operation: &str,
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT account, amount_kopecks, created_at FROM ledger_entry
         WHERE operation_id = $1 ORDER BY line",
    )
    .bind(operation)
    .fetch_all(db)
    .await
}
