//! The sandbox gateway's hosted card page at `/sandbox/pay`, which plays the bank's part: the
//! card number is typed here and handled only here; the outcome reaches kabinet as a signed
//! event through the same check as a real gateway's. Test cards:
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
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::Deserialize;
use sqlx::Row;

use super::gateway::{SandboxGateway, verification_charge};
use crate::domain::card::{CardNumber, expiry};
use crate::domain::lang::Lang;
use crate::server::db::Db;
use crate::server::ports::PortError;
use crate::server::ports::gateway::{
    self, BindingOutcome, ChargeEvent, ChargeOutcome, GatewayEvent, PaymentGateway, SavedCard,
};
use crate::server::services::cards::{EVENT_KEY, accept_event};
use crate::server::state::AppState;
use crate::server::store::now_unix;
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

/// The page around a form, with the sandbox's badge and the test cards.
fn page(body: AnyView) -> Response {
    super::page(
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
