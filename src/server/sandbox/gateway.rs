//! The payment gateway's sandbox (PRODUCT.md §6): `SandboxGateway`, the port's implementation,
//! and its hosted card page at `/sandbox/pay`, which plays the bank's part. The card number is
//! typed on this page and handled only here: the sandbox keeps the masked number, makes a token,
//! and reports the outcome to kabinet as a signed event, through the same check as a real
//! gateway's (`services::cards::accept_event`). Its hosted page is `pay_page`.

use sqlx::Row;

use crate::server::db::Db;
use crate::server::ports::gateway::{Destination, PaymentGateway, PayoutReceipt};
use crate::server::ports::{PortError, PortFuture};
use crate::server::store::now_unix;

/// The sandbox side of the port: opens a payment session and names its page.
pub struct SandboxGateway {
    db: Db,
}

impl SandboxGateway {
    pub fn new(db: Db) -> Self {
        SandboxGateway { db }
    }
}

impl SandboxGateway {
    /// Opens a session of the hosted page, for a binding or (`payment`: its id, amount and
    /// whether to save the card) a payment; answers the page's address.
    async fn open_session(
        &self,
        binding_id: &str,
        return_to: &str,
        payment: Option<(&str, i64, bool)>,
    ) -> Result<String, PortError> {
        let session = format!("{:032x}", rand::random::<u128>());
        sqlx::query(
            "INSERT INTO sandbox_pay_session (id, binding_id, return_to, status, created_at,
                                              payment_id, amount_kopecks, save_card)
             VALUES ($1, $2, $3, 'open', $4, $5, $6, $7)",
        )
        .bind(&session)
        .bind(binding_id)
        .bind(return_to)
        .bind(now_unix())
        .bind(payment.map(|p| p.0))
        .bind(payment.map(|p| p.1))
        .bind(payment.map_or(0, |p| i64::from(p.2)))
        .execute(&self.db)
        .await
        .map_err(|e| PortError::Unreachable(e.to_string()))?;
        Ok(format!("/sandbox/pay?session={session}"))
    }
}

impl PaymentGateway for SandboxGateway {
    fn start_binding<'a>(
        &'a self,
        binding_id: &'a str,
        return_to: &'a str,
    ) -> PortFuture<'a, String> {
        Box::pin(self.open_session(binding_id, return_to, None))
    }

    fn start_payment<'a>(
        &'a self,
        payment_id: &'a str,
        amount_kopecks: i64,
        return_to: &'a str,
        save_card: bool,
    ) -> PortFuture<'a, String> {
        Box::pin(self.open_session("", return_to, Some((payment_id, amount_kopecks, save_card))))
    }

    fn find_charge<'a>(
        &'a self,
        idempotency_key: &'a str,
    ) -> PortFuture<'a, Option<PayoutReceipt>> {
        Box::pin(async move {
            let row = sqlx::query("SELECT id FROM sandbox_charge WHERE idempotency_key = $1")
                .bind(idempotency_key)
                .fetch_optional(&self.db)
                .await
                .map_err(|e| PortError::Unreachable(e.to_string()))?;
            row.map(|r| {
                r.try_get("id")
                    .map(|reference| PayoutReceipt { reference })
                    .map_err(|e| PortError::Unreachable(e.to_string()))
            })
            .transpose()
        })
    }

    fn payout<'a>(
        &'a self,
        idempotency_key: &'a str,
        destination: &'a Destination,
        amount_kopecks: i64,
    ) -> PortFuture<'a, PayoutReceipt> {
        Box::pin(async move {
            let party = destination.code();
            let insert = sqlx::query(
                "INSERT INTO sandbox_payout (idempotency_key, destination, amount_kopecks, reference,
                                             created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING",
            )
            .bind(idempotency_key)
            .bind(&party)
            .bind(amount_kopecks)
            .bind(format!("sbx-{:016x}", rand::random::<u64>()))
            .bind(now_unix());
            let select =
                "SELECT destination AS party, amount_kopecks, reference FROM sandbox_payout
                          WHERE idempotency_key = $1";
            once_per_key(
                &self.db,
                insert,
                select,
                idempotency_key,
                (&party, amount_kopecks),
            )
            .await
        })
    }

    fn charge<'a>(
        &'a self,
        idempotency_key: &'a str,
        card_token: &'a str,
        amount_kopecks: i64,
    ) -> PortFuture<'a, PayoutReceipt> {
        Box::pin(async move {
            let insert = sqlx::query(
                "INSERT INTO sandbox_charge (id, card_token, amount_kopecks, purpose, charged_at,
                                             idempotency_key)
                 VALUES ($1, $2, $3, 'repayment', $4, $5)
                 ON CONFLICT (idempotency_key) DO NOTHING",
            )
            .bind(format!("sbx-c-{:016x}", rand::random::<u64>()))
            .bind(card_token)
            .bind(amount_kopecks)
            .bind(now_unix())
            .bind(idempotency_key);
            let select = "SELECT card_token AS party, amount_kopecks, id AS reference
                          FROM sandbox_charge WHERE idempotency_key = $1";
            once_per_key(
                &self.db,
                insert,
                select,
                idempotency_key,
                (card_token, amount_kopecks),
            )
            .await
        })
    }

    fn refund<'a>(
        &'a self,
        idempotency_key: &'a str,
        charge_reference: &'a str,
        amount_kopecks: i64,
    ) -> PortFuture<'a, PayoutReceipt> {
        Box::pin(async move {
            let unreachable = |e: sqlx::Error| PortError::Unreachable(e.to_string());
            let mut tx = crate::server::db::begin_write(&self.db)
                .await
                .map_err(unreachable)?;
            let done = sqlx::query(
                "SELECT charge_id, amount_kopecks, reference FROM sandbox_refund
                 WHERE idempotency_key = $1",
            )
            .bind(idempotency_key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(unreachable)?;
            if let Some(done) = done {
                let same = done
                    .try_get::<String, _>("charge_id")
                    .map_err(unreachable)?
                    == charge_reference
                    && done
                        .try_get::<i64, _>("amount_kopecks")
                        .map_err(unreachable)?
                        == amount_kopecks;
                if !same {
                    return Err(PortError::Refused(
                        "this idempotency key was used for another refund".into(),
                    ));
                }
                return Ok(PayoutReceipt {
                    reference: done.try_get("reference").map_err(unreachable)?,
                });
            }
            // Never more than was charged, counting the refunds made before.
            let charged: Option<i64> = sqlx::query(
                "SELECT CAST(amount_kopecks - COALESCE((SELECT SUM(amount_kopecks) FROM sandbox_refund
                                                        WHERE charge_id = $1), 0) AS BIGINT)
                        AS left_over
                 FROM sandbox_charge WHERE id = $1",
            )
            .bind(charge_reference)
            .fetch_optional(&mut *tx)
            .await
            .map_err(unreachable)?
            .map(|r| r.try_get::<i64, _>("left_over"))
            .transpose()
            .map_err(unreachable)?;
            match charged {
                None => return Err(PortError::Refused("no such charge".into())),
                Some(left) if amount_kopecks <= 0 || amount_kopecks > left => {
                    return Err(PortError::Refused("more than is left of the charge".into()));
                }
                Some(_) => {}
            }
            let reference = format!("sbx-r-{:016x}", rand::random::<u64>());
            sqlx::query(
                "INSERT INTO sandbox_refund (idempotency_key, charge_id, amount_kopecks, reference,
                                             created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(idempotency_key)
            .bind(charge_reference)
            .bind(amount_kopecks)
            .bind(&reference)
            .bind(now_unix())
            .execute(&mut *tx)
            .await
            .map_err(unreachable)?;
            sqlx::query("UPDATE sandbox_charge SET refunded_at = $1 WHERE id = $2")
                .bind(now_unix())
                .bind(charge_reference)
                .execute(&mut *tx)
                .await
                .map_err(unreachable)?;
            tx.commit().await.map_err(unreachable)?;
            Ok(PayoutReceipt { reference })
        })
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}

/// The bank's own record of a money movement, one per idempotency key: `insert` adds it unless
/// the key is known; `select` reads back the key's `party`, `amount_kopecks` and `reference`. A
/// repeated key answers the first movement's reference and moves no more money; the same key
/// with another party or amount is refused.
async fn once_per_key<'q>(
    db: &Db,
    insert: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    select: &str,
    key: &str,
    (party, amount): (&str, i64),
) -> Result<PayoutReceipt, PortError> {
    let unreachable = |e: sqlx::Error| PortError::Unreachable(e.to_string());
    if amount <= 0 {
        return Err(PortError::Refused("the amount must be positive".into()));
    }
    insert.execute(db).await.map_err(unreachable)?;
    let row = sqlx::query(select)
        .bind(key)
        .fetch_one(db)
        .await
        .map_err(unreachable)?;
    let first: (String, i64) = (
        row.try_get("party").map_err(unreachable)?,
        row.try_get("amount_kopecks").map_err(unreachable)?,
    );
    if first != (party.to_owned(), amount) {
        return Err(PortError::Refused(
            "this idempotency key was used for another movement of money".into(),
        ));
    }
    Ok(PayoutReceipt {
        reference: row.try_get("reference").map_err(unreachable)?,
    })
}

/// The check charge a card passes to be bound, and its refund at once.
pub const VERIFICATION_CHARGE_KOPECKS: i64 = 1_000;

pub(super) async fn verification_charge(db: &Db, token: &str) -> Result<(), PortError> {
    let id = format!("{:032x}", rand::random::<u128>());
    sqlx::query(
        "INSERT INTO sandbox_charge (id, card_token, amount_kopecks, purpose, charged_at)
         VALUES ($1, $2, $3, 'verification', $4)",
    )
    .bind(&id)
    .bind(token)
    .bind(VERIFICATION_CHARGE_KOPECKS)
    .bind(now_unix())
    .execute(db)
    .await
    .map_err(|e| PortError::Unreachable(e.to_string()))?;
    SandboxGateway::new(db.clone())
        .refund(
            &format!("verification:{id}"),
            &id,
            VERIFICATION_CHARGE_KOPECKS,
        )
        .await
        .map(|_| ())
}
