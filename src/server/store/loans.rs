//! From a signed application to a paid-out loan: the selfie, the add-ons, the documents signed,
//! the decision, the loan, its one payout and its ledger entries. Every money change is one
//! transaction with the ledger lines that explain it, and those lines sum to zero.

use sqlx::Row;

use crate::domain::addons::Chosen;
use crate::domain::application::Step;
use crate::domain::loan::contract::Contract;
use crate::domain::money::Money;
use crate::server::db::Db;
use crate::server::ports::gateway::Destination;

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
    sqlx::query("SELECT sealed FROM application_selfie WHERE application_id = $1")
        .bind(application_id)
        .fetch_optional(db)
        .await?
        .map(|r| r.try_get("sealed"))
        .transpose()
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
    let row = sqlx::query(
        "SELECT id, sha256, amount_kopecks FROM signed_document
         WHERE application_id = $1 AND signed_at IS NULL",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok(Prepared {
            id: r.try_get("id")?,
            sha256: r.try_get("sha256")?,
            amount: Money::from_kopecks(r.try_get("amount_kopecks")?),
        })
    })
    .transpose()
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

/// The signed terms of an application.
pub async fn signed_terms(db: &Db, application_id: &str) -> anyhow::Result<Option<SignedTerms>> {
    let row = sqlx::query(
        "SELECT html, pdf, sha256 FROM signed_document
         WHERE application_id = $1 AND signed_at IS NOT NULL ORDER BY signed_at DESC LIMIT 1",
    )
    .bind(application_id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let pdf: String = r.try_get("pdf")?;
        Ok(SignedTerms {
            html: r.try_get("html")?,
            pdf: crate::server::secrets::from_hex(&pdf)
                .ok_or_else(|| anyhow::anyhow!("a stored PDF is not hex"))?,
            sha256: r.try_get("sha256")?,
        })
    })
    .transpose()
}

/// A signed application still waiting for its decision.
#[derive(Clone, Debug)]
pub struct Undecided {
    pub application_id: String,
    pub account_id: String,
    pub ip: String,
    pub device: String,
}

pub async fn undecided(db: &Db) -> anyhow::Result<Vec<Undecided>> {
    let rows = sqlx::query(
        "SELECT id, account_id, client_ip, device FROM application WHERE status = 'submitted'
         ORDER BY updated_at",
    )
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Undecided {
                application_id: r.try_get("id")?,
                account_id: r.try_get("account_id")?,
                ip: r
                    .try_get::<Option<String>, _>("client_ip")?
                    .unwrap_or_default(),
                device: r
                    .try_get::<Option<String>, _>("device")?
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Applications submitted in the last `seconds` from this address, and from this device.
pub async fn recent_applications(
    db: &Db,
    ip: &str,
    device: &str,
    since: i64,
) -> anyhow::Result<(u32, u32)> {
    let count = |column: &'static str, value: String| async move {
        let n: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM application WHERE {column} = $1 AND updated_at >= $2
             AND status <> 'draft'"
        ))
        .bind(value)
        .bind(since)
        .fetch_one(db)
        .await?
        .try_get("n")?;
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
    let repaid: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM loan WHERE account_id = $1 AND status = 'repaid'")
            .bind(account_id)
            .fetch_one(db)
            .await?
            .try_get("n")?;
    Ok(crate::domain::loyalty::Record {
        repaid: u32::try_from(repaid).unwrap_or(u32::MAX),
        worst_overdue_days: 0,
    })
}

/// The ПСК of each loan the borrower has open here (cooling off, approved or active).
pub async fn open_loans(db: &Db, account_id: &str) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT psk_percent FROM loan WHERE account_id = $1
         AND status IN ('cooling_off', 'approved', 'active')",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("psk_percent"))
        .collect::<Result<_, _>>()?)
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
    status: &str,
    decision_json: &str,
    loan: Option<NewLoan<'_>>,
    now: i64,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let decided = sqlx::query(
        "UPDATE application SET status = $1, decision = $2, decided_at = $3, updated_at = $3
         WHERE id = $4 AND status = 'submitted'",
    )
    .bind(status)
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
    pub status: String,
    pub payout_after: i64,
}

const LOAN_COLUMNS: &str = "loan.id, loan.account_id, loan.application_id, loan.contract,
    loan.add_ons, card.token, card.masked, payout_account.bik, payout_account.number,
    loan.psk_percent, loan.status, loan.payout_after";

const LOAN_FROM: &str = "loan LEFT JOIN card ON card.id = loan.card_id
    LEFT JOIN payout_account ON payout_account.id = loan.payout_account_id";

fn loan_from(r: &sqlx::any::AnyRow) -> anyhow::Result<LoanRow> {
    let contract: String = r.try_get("contract")?;
    let add_ons: String = r.try_get("add_ons")?;
    let token: Option<String> = r.try_get("token")?;
    let masked: Option<String> = r.try_get("masked")?;
    let bik: Option<String> = r.try_get("bik")?;
    let number: Option<String> = r.try_get("number")?;
    let (destination, shown_as) = match (token, masked, bik, number) {
        (Some(token), Some(masked), _, _) => (Destination::Card { token }, masked),
        (_, _, Some(bik), Some(number)) => {
            let shown = format!("…{}", &number[number.len().saturating_sub(4)..]);
            (Destination::Account { bik, number }, shown)
        }
        _ => anyhow::bail!("a loan without a payout destination"),
    };
    Ok(LoanRow {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        application_id: r.try_get("application_id")?,
        contract: serde_json::from_str(&contract)?,
        add_ons: Chosen::from_codes(&add_ons),
        destination,
        shown_as,
        psk_percent: r.try_get::<String, _>("psk_percent")?.parse()?,
        status: r.try_get("status")?,
        payout_after: r.try_get("payout_after")?,
    })
}

pub async fn loan(db: &Db, id: &str) -> anyhow::Result<Option<LoanRow>> {
    let row = sqlx::query(&format!(
        "SELECT {LOAN_COLUMNS} FROM {LOAN_FROM} WHERE loan.id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(loan_from).transpose()
}

/// The borrower's newest loan, if any.
pub async fn latest_loan(db: &Db, account_id: &str) -> anyhow::Result<Option<LoanRow>> {
    let row = sqlx::query(&format!(
        "SELECT {LOAN_COLUMNS} FROM {LOAN_FROM}
         WHERE loan.account_id = $1 ORDER BY loan.created_at DESC, loan.id LIMIT 1"
    ))
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(loan_from).transpose()
}

/// Loans whose payout is due now (cooling-off over, not refused) or was left pending by a crash.
pub async fn due_for_payout(db: &Db, now: i64) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT id FROM loan WHERE (status = 'approved')
            OR (status = 'cooling_off' AND payout_after <= $1)
         ORDER BY created_at",
    )
    .bind(now)
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?)
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

/// One ledger line.
pub struct Line<'a> {
    pub account: String,
    pub amount: Money,
    pub memo: &'a str,
}

/// Finishes the payout the gateway made: the payout row, the loan made active, and the ledger
/// lines, in one transaction, once. Returns false when it was finished before.
pub async fn finish_payout(
    db: &Db,
    loan_id: &str,
    gateway_ref: &str,
    lines: &[Line<'_>],
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

/// Writes an operation's ledger lines (which must sum to zero) inside its transaction.
pub async fn insert_lines(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    operation: &str,
    loan_id: &str,
    lines: &[Line<'_>],
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
            .bind(&entry.account)
            .bind(entry.amount.kopecks())
            .bind(entry.memo)
            .bind(now);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Payouts left pending (a crash between the gateway's answer and the commit, or a gateway
/// that did not answer): the loans to reconcile.
pub async fn pending_payouts(db: &Db) -> anyhow::Result<Vec<String>> {
    super::ids(
        db,
        sqlx::query("SELECT loan_id FROM payout WHERE status = 'pending' ORDER BY created_at"),
    )
    .await
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
    let row =
        sqlx::query("SELECT bik, number FROM payout_account WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    row.map(|r| {
        let bik: String = r.try_get("bik")?;
        let number: String = r.try_get("number")?;
        crate::domain::bank_account::BankAccount::parse(&number, &bik)
            .map_err(|_| anyhow::anyhow!("a stored card account no longer parses"))
    })
    .transpose()
}
