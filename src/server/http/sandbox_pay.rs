//! The payment gateway's sandbox (PRODUCT.md §6): `SandboxGateway`, the port's implementation,
//! and its hosted card page at `/sandbox/pay`, which plays the bank's part. The card number is
//! typed on this page and handled only here: the sandbox keeps the masked number, makes a token,
//! and reports the outcome to kabinet as a signed event, through the same check as a real
//! gateway's (`services::cards::accept_event`). Test cards:
//!
//! | number | outcome |
//! | --- | --- |
//! | 4111 1111 1111 1111 (or any other valid number) | bound (a 10 ₽ check charge, refunded at once) |
//! | 4000 0000 0000 0002 | declined |
//! | 4000 0000 0000 9995 | insufficient funds |
//! | 4000 0000 0000 3220 | a 3-D Secure step: code 123456 passes, any other fails |
//! | 4000 0000 0000 0077 | bound, but the event arrives 3 seconds after the borrower returns |
//!
//! The same page takes a payment by another card (`start_payment`): the card is charged once
//! per payment and a signed `ChargeEvent` reports it (the same test cards apply).

use std::time::Duration;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use serde::Deserialize;
use sqlx::Row;

use crate::domain::card::{CardNumber, expiry};
use crate::domain::lang::Lang;
use crate::server::db::Db;
use crate::server::ports::gateway::{
    self, BindingOutcome, ChargeEvent, ChargeOutcome, Destination, GatewayEvent, PaymentGateway,
    PayoutReceipt, SavedCard,
};
use crate::server::ports::{PortError, PortFuture};
use crate::server::services::cards::{EVENT_KEY, accept_event};
use crate::server::state::AppState;
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

const THREE_DS_CODE: &str = "123456";

/// A payment a session is for: kabinet's payment id, the amount, and whether to save the card.
struct ForPayment {
    id: String,
    amount_kopecks: i64,
    save_card: bool,
}

struct Session {
    binding_id: String,
    payment: Option<ForPayment>,
    return_to: String,
    status: String,
    masked: Option<String>,
    holder: Option<String>,
    expires: Option<String>,
}

async fn session(db: &Db, id: &str) -> Result<Option<Session>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT binding_id, return_to, status, masked, holder, expires, payment_id,
                amount_kopecks, save_card
         FROM sandbox_pay_session WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let payment = match r.try_get::<Option<String>, _>("payment_id")? {
            Some(id) => Some(ForPayment {
                id,
                amount_kopecks: r.try_get::<Option<i64>, _>("amount_kopecks")?.unwrap_or(0),
                save_card: r.try_get::<i64, _>("save_card")? != 0,
            }),
            None => None,
        };
        Ok(Session {
            binding_id: r.try_get("binding_id")?,
            payment,
            return_to: r.try_get("return_to")?,
            status: r.try_get("status")?,
            masked: r.try_get("masked")?,
            holder: r.try_get("holder")?,
            expires: r.try_get("expires")?,
        })
    })
    .transpose()
}

/// A sandbox's own page: `title`, and `body` under the sandbox's badge (escaped by Leptos).
pub fn sandbox_page(title: &str, body: AnyView) -> Response {
    let body = view! { <main>{body}</main> }.to_html();
    Html(format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — kabinet</title><link rel=\"stylesheet\" href=\"/offline.css\"></head>\
         <body>{body}</body></html>"
    ))
    .into_response()
}

/// The page around a form, with the sandbox's badge and the test cards.
fn page(body: AnyView) -> Response {
    sandbox_page(
        "Песочница оплаты",
        view! {
            <p class="sandbox">"Песочница платёжного шлюза: деньги не списываются"</p>
            <h1>"Оплата картой"</h1>
            {body}
            <details>
                <summary>"Тестовые карты"</summary>
                <ul>
                    <li>"4111 1111 1111 1111 — успешно"</li>
                    <li>"4000 0000 0000 0002 — отказ банка"</li>
                    <li>"4000 0000 0000 9995 — недостаточно средств"</li>
                    <li>"4000 0000 0000 3220 — 3-D Secure, код 123456"</li>
                    <li>"4000 0000 0000 0077 — ответ банка с задержкой"</li>
                </ul>
            </details>
        }
        .into_any(),
    )
}

fn gone() -> Response {
    (
        StatusCode::NOT_FOUND,
        page(view! { <p>"Платёжная сессия не найдена или завершена."</p> }.into_any()),
    )
        .into_response()
}

fn card_form(id: &str, s: &Session, problem: Option<String>) -> Response {
    let (what, button) = match &s.payment {
        Some(p) => (
            format!(
                "К оплате: {}.",
                crate::domain::money::Money::from_kopecks(p.amount_kopecks).display(Lang::Ru)
            ),
            "Оплатить",
        ),
        None => (
            "Для проверки карты спишем и сразу вернём 10 ₽.".to_owned(),
            "Привязать карту",
        ),
    };
    page(
        view! {
            <p>{what}</p>
            <form method="post" action="/sandbox/pay">
                <input type="hidden" name="session" value=id.to_owned()/>
                <p><label>"Номер карты "<input name="number" inputmode="numeric" autocomplete="cc-number" required/></label></p>
                <p><label>"Срок действия (ММ/ГГ) "<input name="expiry" autocomplete="cc-exp" required/></label></p>
                <p><label>"Имя на карте "<input name="holder" autocomplete="cc-name" required/></label></p>
                <p><label>"CVC "<input name="cvc" inputmode="numeric" autocomplete="cc-csc" required/></label></p>
                <p class="problem" role="alert">{problem}</p>
                <button type="submit">{button}</button>
            </form>
        }
        .into_any(),
    )
}

#[derive(Deserialize)]
pub struct SessionQuery {
    #[serde(default)]
    session: String,
}

pub async fn show(State(state): State<AppState>, Query(q): Query<SessionQuery>) -> Response {
    match session(&state.db, &q.session).await {
        Ok(Some(s)) if s.status == "open" => card_form(&q.session, &s, None),
        Ok(_) => gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox session unreadable");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct CardForm {
    #[serde(default)]
    session: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    expiry: String,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    cvc: String,
}

/// Signs an event's `body` and hands it to kabinet: now, or `after` a delay (the late-callback
/// card).
async fn report(state: &AppState, body: Vec<u8>, after: Option<Duration>) {
    let signature = gateway::sign(&state.secrets.key(EVENT_KEY), &body);
    let state = state.clone();
    let deliver = async move {
        if let Err(e) = accept_event(&state, &body, &signature, now_unix()).await {
            tracing::error!(error = %e, "the sandbox gateway's event was refused");
        }
    };
    match after {
        None => deliver.await,
        Some(delay) => {
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                deliver.await;
            });
        }
    }
}

/// The event that reports how the card typed on the page did: a binding's (after the check
/// charge and its refund), or a payment's (after charging it, once per payment).
async fn event(db: &Db, s: &Session, outcome: BindingOutcome) -> Result<Vec<u8>, PortError> {
    let event_id = format!("{:032x}", rand::random::<u128>());
    let Some(payment) = &s.payment else {
        if let BindingOutcome::Bound { token, .. } = &outcome {
            verification_charge(db, token).await?;
        }
        let event = GatewayEvent {
            event_id,
            binding_id: s.binding_id.clone(),
            outcome,
        };
        return serde_json::to_vec(&event).map_err(|e| PortError::Unreachable(e.to_string()));
    };
    let outcome = match outcome {
        BindingOutcome::Bound {
            token,
            masked,
            holder,
            bank,
            expires,
        } => {
            let charged = SandboxGateway::new(db.clone())
                .charge(
                    &format!("payment:{}", payment.id),
                    &token,
                    payment.amount_kopecks,
                )
                .await;
            match charged {
                Ok(receipt) => ChargeOutcome::Charged {
                    reference: receipt.reference,
                    card: payment.save_card.then_some(SavedCard {
                        token,
                        masked,
                        holder,
                        bank,
                        expires,
                    }),
                },
                // Paid before with another card (a second page for one payment): refused.
                Err(PortError::Refused(_)) => ChargeOutcome::Declined,
                Err(e) => return Err(e),
            }
        }
        BindingOutcome::Declined => ChargeOutcome::Declined,
        BindingOutcome::InsufficientFunds => ChargeOutcome::InsufficientFunds,
        BindingOutcome::NotAuthenticated => ChargeOutcome::NotAuthenticated,
    };
    let event = ChargeEvent {
        event_id,
        payment_id: payment.id.clone(),
        amount_kopecks: payment.amount_kopecks,
        outcome,
    };
    serde_json::to_vec(&event).map_err(|e| PortError::Unreachable(e.to_string()))
}

async fn finish(
    state: &AppState,
    id: &str,
    s: &Session,
    outcome: BindingOutcome,
    after: Option<Duration>,
) -> Response {
    let closed = sqlx::query(
        "UPDATE sandbox_pay_session SET status = 'done' WHERE id = $1 AND status <> 'done'",
    )
    .bind(id)
    .execute(&state.db)
    .await;
    match closed {
        Ok(done) if done.rows_affected() == 1 => match event(&state.db, s, outcome).await {
            Ok(body) => {
                report(state, body, after).await;
                Redirect::to(&s.return_to).into_response()
            }
            Err(e) => {
                tracing::error!(error = %e, "sandbox charge not recorded");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        },
        Ok(_) => gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox session not closed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The check charge a card passes to be bound, and its refund at once.
pub const VERIFICATION_CHARGE_KOPECKS: i64 = 1_000;

async fn verification_charge(db: &Db, token: &str) -> Result<(), PortError> {
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

fn bound(masked: String, holder: String, expires: NaiveDate) -> BindingOutcome {
    BindingOutcome::Bound {
        token: format!("sandbox-{:032x}", rand::random::<u128>()),
        masked,
        holder,
        bank: "Песочница-Банк".into(),
        expires,
    }
}

pub async fn submit(State(state): State<AppState>, Form(form): Form<CardForm>) -> Response {
    let s = match session(&state.db, &form.session).await {
        Ok(Some(s)) if s.status == "open" => s,
        Ok(_) => return gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox session unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let today = state.config.today();
    let card = CardNumber::parse(&form.number);
    let expires = expiry(&form.expiry, today);
    let holder = form.holder.trim().to_ascii_uppercase();
    let (card, expires) = match (card, expires) {
        (Ok(card), Ok(expires)) if !holder.is_empty() && form.cvc.trim().len() == 3 => {
            (card, expires)
        }
        (Err(p), _) | (_, Err(p)) => {
            return card_form(&form.session, &s, Some(p.message(Lang::Ru)));
        }
        _ => {
            return card_form(
                &form.session,
                &s,
                Some("Заполните имя на карте и CVC (3 цифры)".into()),
            );
        }
    };
    let masked = card.masked();
    match card.digits() {
        "4000000000000002" => {
            finish(&state, &form.session, &s, BindingOutcome::Declined, None).await
        }
        "4000000000009995" => {
            finish(
                &state,
                &form.session,
                &s,
                BindingOutcome::InsufficientFunds,
                None,
            )
            .await
        }
        "4000000000000077" => {
            let outcome = bound(masked, holder, expires);
            finish(
                &state,
                &form.session,
                &s,
                outcome,
                Some(Duration::from_secs(3)),
            )
            .await
        }
        "4000000000003220" => {
            // The bank asks for its code; only the masked number waits for it.
            let saved = sqlx::query(
                "UPDATE sandbox_pay_session SET status = '3ds', masked = $1, holder = $2, expires = $3
                 WHERE id = $4 AND status = 'open'",
            )
            .bind(&masked)
            .bind(&holder)
            .bind(expires.to_string())
            .bind(&form.session)
            .execute(&state.db)
            .await;
            if let Err(e) = saved {
                tracing::error!(error = %e, "sandbox 3-D Secure step not saved");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            page(
                view! {
                    <p>"3-D Secure: введите код из СМС банка (в песочнице — 123456)."</p>
                    <form method="post" action="/sandbox/pay/3ds">
                        <input type="hidden" name="session" value=form.session.clone()/>
                        <p><label>"Код "<input name="code" inputmode="numeric" autocomplete="one-time-code" required/></label></p>
                        <button type="submit">"Подтвердить"</button>
                    </form>
                }
                .into_any(),
            )
        }
        _ => {
            let outcome = bound(masked, holder, expires);
            finish(&state, &form.session, &s, outcome, None).await
        }
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    session: String,
    #[serde(default)]
    code: String,
}

pub async fn three_ds(State(state): State<AppState>, Form(form): Form<CodeForm>) -> Response {
    let s = match session(&state.db, &form.session).await {
        Ok(Some(s)) if s.status == "3ds" => s,
        Ok(_) => return gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox session unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let outcome = match (
        &s.masked,
        &s.holder,
        s.expires
            .as_deref()
            .map(|e| NaiveDate::parse_from_str(e, "%Y-%m-%d")),
    ) {
        (Some(masked), Some(holder), Some(Ok(expires))) if form.code.trim() == THREE_DS_CODE => {
            bound(masked.clone(), holder.clone(), expires)
        }
        _ => BindingOutcome::NotAuthenticated,
    };
    finish(&state, &form.session, &s, outcome, None).await
}
