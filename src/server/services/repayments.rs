//! Repayment, early repayment and prolongation (PRODUCT.md J5–J7, §7 reliability).
//!
//! A payment starts under the payer's own key (the form's): `start` opens one payment row per
//! (payer, key) and texts a code bound to the payment, its amount, its card and — for a
//! prolongation — the supplementary agreement's SHA-256. `confirm` checks the code and `drive`s
//! the payment: the gateway charges at most once per key `payment:<id>`, and `credit` marks the
//! payment done, appends the loan's events and writes the ledger lines in one transaction, only
//! while the payment was still confirmed. So a double click, a retry, a second tab, a race of
//! fifty requests or a crash at any point charges once and credits once; the same key with
//! another amount or card is refused; `reconcile` finishes charges a crash left in flight.

use chrono::{Days, NaiveDate};

use super::Ctx;
use super::accounts::{check_code, code_error, sms};
use super::notices;
use super::payouts::ledger;
use crate::domain::lang::Lang;
use crate::domain::loan::allocation::Allocation;
use crate::domain::loan::event::{EarlyChoice, Event};
use crate::domain::loan::prolongation::{self, ProlongationOffer, Refusal};
use crate::domain::loan::state::{LoanState, Status, state_on};
use crate::domain::money::Money;
use crate::domain::problem::Problem;
use crate::server::auth::codes::{self, Purpose as CodePurpose};
use crate::server::error::ServiceError;
use crate::server::paper::Paper;
use crate::server::ports::PortError;
use crate::server::state::AppState;
use crate::server::store::loans::{self, Line, LoanRow};
use crate::server::store::payments::{self, NewPayment, PaymentRow, Plan, Purpose};
use crate::server::store::{accounts, cards, now_unix};

/// Ledger accounts a repayment credits besides those of the payout.
pub mod accounts_of_repayment {
    /// Interest received (income when received).
    pub const INTEREST_INCOME: &str = "income:interest";
    /// Penalties received.
    pub const PENALTY_INCOME: &str = "income:penalty";
    /// Overpayment kept for the borrower, refundable (owed to them).
    pub const BALANCE: &str = "borrower:balance";
}
use accounts_of_repayment::{BALANCE, INTEREST_INCOME, PENALTY_INCOME};

/// Every event of a loan: the add-ons bought with it, then what happened after payout.
pub fn all_events(loan: &LoanRow, stored: &[Event]) -> Vec<Event> {
    let mut events = loan.add_ons.events(loan.contract.paid_out_on);
    events.extend_from_slice(stored);
    events
}

/// The borrower's own loan; another borrower's (or none) is "not found".
pub async fn own_loan(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
) -> Result<LoanRow, ServiceError> {
    loans::loan(&state.db, loan_id)
        .await?
        .filter(|l| l.account_id == account_id)
        .ok_or(ServiceError::NotFound)
}

/// The loan's events and its state at the end of `on`.
pub async fn loan_state(
    state: &AppState,
    loan: &LoanRow,
    on: NaiveDate,
) -> Result<(Vec<Event>, LoanState), ServiceError> {
    let events = all_events(loan, &payments::events(&state.db, &loan.id).await?);
    let now = state_on(&loan.contract, &events, on).map_err(|e| anyhow::anyhow!(e))?;
    Ok((events, now))
}

/// The ledger lines of one payment's allocation: the money received against what it paid.
pub fn payment_lines(a: &Allocation) -> Vec<Line<'static>> {
    let credit = |account: &str, amount: Money, memo: &'static str| Line {
        account: account.into(),
        amount: Money::ZERO - amount,
        memo,
    };
    let mut lines = vec![Line {
        account: ledger::GATEWAY.into(),
        amount: a.amount,
        memo: "payment received from the borrower",
    }];
    for line in [
        credit(ledger::PRINCIPAL, a.principal(), "principal repaid"),
        credit(INTEREST_INCOME, a.interest(), "interest paid"),
        credit(PENALTY_INCOME, a.penalty, "penalty paid"),
        credit(ledger::SERVICES, a.fees, "services paid"),
        credit(BALANCE, a.overpayment, "overpayment kept for the borrower"),
    ] {
        if !line.amount.is_zero() {
            lines.push(line);
        }
    }
    lines
}

/// What the borrower asks to pay.
pub struct PayRequest<'a> {
    pub loan_id: &'a str,
    pub amount: Money,
    pub card_id: &'a str,
    /// The form's own key: the same key is the same payment.
    pub key: &'a str,
    pub early: EarlyChoice,
}

/// An amount to pay today: more than zero and no more than the debt.
pub(super) fn check_amount(amount: Money, now: &LoanState) -> Result<(), ServiceError> {
    if amount.is_zero() || amount.is_negative() {
        return Err(ServiceError::invalid("amount", Problem::NotAnAmount));
    }
    if amount > now.debt {
        return Err(ServiceError::invalid(
            "amount",
            Problem::AboveDebt { debt: now.debt },
        ));
    }
    Ok(())
}

/// A payer's key: 8–64 letters, digits, `-` or `_` (a UUID fits).
pub(super) fn check_key(key: &str) -> Result<(), ServiceError> {
    let fine = (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fine {
        Ok(())
    } else {
        Err(ServiceError::invalid("key", Problem::Required))
    }
}

fn code_binding(p: &PaymentRow) -> String {
    format!(
        "{}:{}:{}:{}",
        p.id,
        p.amount.kopecks(),
        p.card_id.as_deref().unwrap_or_default(),
        p.agreement_sha.as_deref().unwrap_or_default()
    )
}

/// An active loan of the borrower's, with its events and its state today; a repaid one is
/// refused with its message, any other (another's, refused, not yet paid out) is "not found".
pub(super) async fn payable(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
) -> Result<(LoanRow, Vec<Event>, LoanState), ServiceError> {
    let loan = own_loan(state, account_id, loan_id).await?;
    match loan.status.as_str() {
        "active" => {}
        "repaid" => return Err(ServiceError::invalid("loan_id", Problem::LoanRepaid)),
        _ => return Err(ServiceError::NotFound),
    }
    let (events, now) = loan_state(state, &loan, state.config.today()).await?;
    Ok((loan, events, now))
}

/// Starts a repayment by a bound card: opens the payment under its key and texts the code.
/// The same key again answers the same payment (and sends no second code once confirmed).
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    req: &PayRequest<'_>,
) -> Result<PaymentRow, ServiceError> {
    check_key(req.key)?;
    let (loan, _, now) = payable(state, account_id, req.loan_id).await?;
    check_amount(req.amount, &now)?;
    let (_, card) = cards::card(&state.db, account_id, req.card_id)
        .await?
        .ok_or_else(|| ServiceError::invalid("card_id", Problem::ChooseOne))?;
    let (payment, opened) = payments::open(
        &state.db,
        &NewPayment {
            payer: account_id,
            client_key: req.key,
            loan_id: &loan.id,
            amount: req.amount,
            method: "card",
            card_id: Some(req.card_id),
            purpose: Purpose::Repay,
            early: req.early,
            agreement: None,
            status: "awaiting_code",
        },
        ctx.now,
    )
    .await?;
    let same = payment.loan_id == loan.id
        && payment.amount == req.amount
        && payment.card_id.as_deref() == Some(req.card_id)
        && payment.purpose == Purpose::Repay;
    if !same {
        return Err(ServiceError::invalid("amount", Problem::KeyReused));
    }
    // A second click or tab with the same key finds the code already sent.
    if opened {
        let amount = payment.amount.display(ctx.lang);
        send_code(state, ctx, account_id, &payment, |lang, code| {
            notices::payment_code(lang, code, &amount, &card.short())
        })
        .await?;
    }
    Ok(payment)
}

async fn send_code(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    payment: &PaymentRow,
    text: impl FnOnce(Lang, &str) -> String,
) -> Result<(), ServiceError> {
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let key = state.secrets.key(super::accounts::CODE_KEY);
    let issued = codes::issue(
        &state.db,
        &key,
        CodePurpose::Payment,
        &profile.phone,
        &code_binding(payment),
        ctx.now,
    )
    .await
    .map_err(code_error)?;
    sms(state, &profile.phone, text(ctx.lang, &issued.code)).await
}

/// Confirms the payment `key` with `code` and carries it through. A payment already confirmed
/// (by another tab, a double click) is carried on whatever the code, so every such request ends
/// with the same payment.
pub async fn confirm(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    key: &str,
    code: &str,
) -> Result<PaymentRow, ServiceError> {
    let payment = payments::by_key(&state.db, account_id, key)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if payment.status == "awaiting_code" {
        let profile = accounts::profile(&state.db, account_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let checked = check_code(
            state,
            ctx,
            CodePurpose::Payment,
            &profile.phone,
            &code_binding(&payment),
            code.trim(),
        )
        .await;
        match checked {
            Ok(()) => {
                payments::confirm(
                    &state.db,
                    &payment.id,
                    &ctx.client.ip,
                    &ctx.client.user_agent,
                )
                .await?;
            }
            Err(e) => {
                let now = payments::by_id(&state.db, &payment.id).await?;
                if now.is_none_or(|p| p.status == "awaiting_code") {
                    return Err(e);
                }
            }
        }
    }
    let payment = drive(state, &payment.id, ctx.lang).await?;
    if payment.status == "failed" {
        // Said the same to every request that confirmed it, the first and any repeat.
        return Err(ServiceError::invalid("code", Problem::CardDeclined));
    }
    Ok(payment)
}

/// Carries a confirmed payment through: the charge (once per key) and the credit (once).
/// A gateway that does not answer leaves it confirmed, for `reconcile`.
pub async fn drive(
    state: &AppState,
    payment_id: &str,
    lang: Lang,
) -> Result<PaymentRow, ServiceError> {
    let payment = payments::by_id(&state.db, payment_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    carry(state, payment, lang).await
}

/// `drive` for a payment as just read or just changed; answers it as it ends up.
pub async fn carry(
    state: &AppState,
    payment: PaymentRow,
    lang: Lang,
) -> Result<PaymentRow, ServiceError> {
    if payment.status != "confirmed" {
        return Ok(payment);
    }
    let loan = loans::loan(&state.db, &payment.loan_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut reference = payment.gateway_ref.clone();
    // A hosted-page payment was charged by the gateway already (its reference is stored).
    if payment.method != "hosted" && !payment.amount.is_zero() {
        let card_id = payment.card_id.as_deref().unwrap_or_default();
        let (token, _) = cards::card(&state.db, &loan.account_id, card_id)
            .await?
            .ok_or_else(|| ServiceError::invalid("card_id", Problem::ChooseOne))?;
        let charged = state
            .gateway
            .charge(
                &format!("payment:{}", payment.id),
                &token,
                payment.amount.kopecks(),
            )
            .await;
        match charged {
            Ok(receipt) => reference = Some(receipt.reference),
            Err(PortError::Refused(reason)) => {
                // Nothing was taken: the payment ends failed, and is never charged again.
                payments::fail(&state.db, &payment.id, &reason, now_unix()).await?;
                return payments::by_id(&state.db, &payment.id)
                    .await?
                    .ok_or(ServiceError::NotFound);
            }
            Err(e) => return Err(ServiceError::Internal(e.into())),
        }
    }
    match credit(state, &payment, &loan, reference.as_deref(), lang).await? {
        Some(on) => Ok(PaymentRow {
            status: "done".into(),
            gateway_ref: reference,
            credited_on: Some(on),
            ..payment
        }),
        // Credited (or failed) by another request meanwhile: as it stands now.
        None => payments::by_id(&state.db, &payment.id)
            .await?
            .ok_or(ServiceError::NotFound),
    }
}

/// Credits a charged payment to its loan, once; tells the borrower. Answers the day it counts on
/// when this call credited it.
pub async fn credit(
    state: &AppState,
    payment: &PaymentRow,
    loan: &LoanRow,
    gateway_ref: Option<&str>,
    lang: Lang,
) -> Result<Option<NaiveDate>, ServiceError> {
    let today = state.config.today();
    let law = &state.rulebook.law;
    let mut after: Option<(LoanState, bool)> = None;
    let credited = payments::credit(
        &state.db,
        payment,
        gateway_ref,
        (
            today,
            matches!(payment.purpose, Purpose::Prolong { .. }).then(|| year_before(today)),
        ),
        now_unix(),
        |before| {
            let events = all_events(loan, before.events);
            let pay = Event::Payment {
                on: today,
                amount: payment.amount,
                early: payment.early,
            };
            let new: Vec<Event> = match payment.purpose {
                Purpose::Prolong { days } => {
                    match prolongation::offer(
                        law,
                        &loan.contract,
                        &events,
                        today,
                        days,
                        before.prolongations,
                    ) {
                        Ok(offer) if offer.price == payment.amount => offer.events(),
                        // The offer no longer holds (a day passed): the money is a repayment.
                        _ if payment.amount.is_zero() => vec![],
                        _ => vec![pay],
                    }
                }
                Purpose::Repay => vec![pay],
            };
            let mut all = events;
            all.extend_from_slice(&new);
            let now = state_on(&loan.contract, &all, today).map_err(|e| anyhow::anyhow!(e))?;
            let lines = match new.iter().any(|e| matches!(e, Event::Payment { .. })) {
                true => now
                    .allocations
                    .last()
                    .map(payment_lines)
                    .unwrap_or_default(),
                false => vec![],
            };
            let repaid = matches!(now.status, Status::Repaid { .. });
            let prolonged = new.iter().any(|e| matches!(e, Event::Prolongation { .. }));
            after = Some((now, prolonged));
            Ok(Plan {
                events: new,
                lines,
                repaid,
            })
        },
    )
    .await?;
    if credited && let Some((now, prolonged)) = after {
        tell(state, loan, payment, &now, prolonged, lang).await;
    }
    Ok(credited.then_some(today))
}

/// The SMS after a payment: prolonged, repaid, or received (a prolongation's price that came
/// after its offer lapsed counts as a repayment and is said so). A failure is logged: the money
/// is credited either way.
async fn tell(
    state: &AppState,
    loan: &LoanRow,
    payment: &PaymentRow,
    now: &LoanState,
    prolonged: bool,
    lang: Lang,
) {
    let text = match now.status {
        _ if prolonged => notices::prolonged(lang, &now.due_date.format("%d.%m.%Y").to_string()),
        Status::Repaid { .. } => notices::loan_repaid(lang, &payment.amount.display(lang)),
        _ => {
            notices::payment_received(lang, &payment.amount.display(lang), &now.debt.display(lang))
        }
    };
    let sent = async {
        let profile = accounts::profile(&state.db, &loan.account_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        sms(state, &profile.phone, text).await
    }
    .await;
    if let Err(e) = sent {
        tracing::warn!(error = ?e, payment = %payment.id, "the payment's SMS was not sent");
    }
}

fn year_before(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(chrono::Months::new(12))
        .map_or(day, |d| d + Days::new(1))
}

/// A prolongation as offered: its price, the new due date, and the agreement to sign.
pub struct ProlongationQuote {
    pub offer: ProlongationOffer,
    pub agreement: Paper,
}

fn refusal(r: Refusal) -> ServiceError {
    let problem = match r {
        Refusal::NotSinglePayment => Problem::ProlongNotSingle,
        Refusal::TooEarly => Problem::ProlongTooEarly,
        Refusal::AfterDueDate => Problem::ProlongAfterDue,
        Refusal::Repaid => Problem::LoanRepaid,
        Refusal::YearlyLimit { limit } => Problem::ProlongLimit { limit },
        Refusal::Days => Problem::NumberOutOfRange {
            min: prolongation::DAYS_MIN,
            max: prolongation::DAYS_MAX,
        },
        Refusal::Engine(e) => return ServiceError::Internal(anyhow::anyhow!(e)),
    };
    ServiceError::invalid("days", problem)
}

/// The prolongation of `loan` (with its `events`) by `days` today, and how many prolongations
/// the borrower had in the year before it.
async fn prolongation_offer(
    state: &AppState,
    loan: &LoanRow,
    events: &[Event],
    today: NaiveDate,
    days: u32,
) -> Result<(ProlongationOffer, u32), ServiceError> {
    let before = payments::prolongations_since(&state.db, &loan.id, year_before(today)).await?;
    let offer = prolongation::offer(
        &state.rulebook.law,
        &loan.contract,
        events,
        today,
        days,
        before,
    )
    .map_err(refusal)?;
    Ok((offer, before))
}

/// Prices a prolongation by `days` today and writes its supplementary agreement.
pub async fn quote_prolongation(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
    days: u32,
) -> Result<ProlongationQuote, ServiceError> {
    let (loan, events, now) = payable(state, account_id, loan_id).await?;
    let today = state.config.today();
    let (offer, before) = prolongation_offer(state, &loan, &events, today, days).await?;
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let date = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    let agreement = Paper {
        title: format!(
            "Дополнительное соглашение № {} к договору потребительского займа № {}",
            now.prolongations + 1,
            loan.application_id
        ),
        paragraphs: vec![
            format!(
                "{}. Кредитор: {}. Заёмщик: {} {}.",
                date(today),
                state.config.lender_name,
                profile.surname,
                profile.first_name
            ),
            format!(
                "Стороны договорились продлить срок возврата займа на {} дн.: с {} до {} \
                 включительно. Заёмщик уплачивает проценты, начисленные по {} включительно. \
                 Сумма основного долга не меняется; неуплаченные проценты к ней не прибавляются; \
                 остальные условия договора действуют без изменений.",
                offer.days,
                date(now.due_date),
                date(offer.new_due_date),
                date(today),
            ),
        ],
        rows: vec![
            ("Основной долг".into(), now.principal.display(Lang::Ru)),
            (
                "Проценты к уплате сейчас".into(),
                offer.price.display(Lang::Ru),
            ),
            ("Новый срок возврата".into(), date(offer.new_due_date)),
            (
                "Продлений за 12 месяцев, с этим".into(),
                (before + 1).to_string(),
            ),
        ],
        note: "Соглашение подписывается простой электронной подписью — кодом из SMS, \
               привязанным к хешу этого документа и сумме оплаты."
            .into(),
    };
    Ok(ProlongationQuote { offer, agreement })
}

/// Starts a prolongation: the price paid by a bound card, the agreement signed by the same code.
pub async fn start_prolongation(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    loan_id: &str,
    days: u32,
    card_id: &str,
    key: &str,
) -> Result<(PaymentRow, ProlongationQuote), ServiceError> {
    check_key(key)?;
    let quote = quote_prolongation(state, account_id, loan_id, days).await?;
    let price = quote.offer.price;
    let card = match price.is_zero() {
        true => None,
        false => Some(
            cards::card(&state.db, account_id, card_id)
                .await?
                .ok_or_else(|| ServiceError::invalid("card_id", Problem::ChooseOne))?,
        ),
    };
    let html = quote.agreement.html();
    let pdf = quote.agreement.pdf()?;
    let sha = crate::server::terms::sha256(&html);
    let (payment, opened) = payments::open(
        &state.db,
        &NewPayment {
            payer: account_id,
            client_key: key,
            loan_id,
            amount: price,
            method: "card",
            card_id: card.is_some().then_some(card_id),
            purpose: Purpose::Prolong { days },
            early: EarlyChoice::default(),
            agreement: Some((&html, &pdf, &sha)),
            status: "awaiting_code",
        },
        ctx.now,
    )
    .await?;
    let same = payment.loan_id == loan_id
        && payment.amount == price
        && payment.purpose == (Purpose::Prolong { days })
        && payment.agreement_sha.as_deref() == Some(sha.as_str());
    if !same {
        return Err(ServiceError::invalid("days", Problem::KeyReused));
    }
    if opened {
        let (price, due) = (
            price.display(ctx.lang),
            quote.offer.new_due_date.format("%d.%m.%Y").to_string(),
        );
        send_code(state, ctx, account_id, &payment, |lang, code| {
            notices::prolongation_code(lang, code, &price, &due)
        })
        .await?;
    }
    Ok((payment, quote))
}

/// The borrower's payment `id` (a receipt's, an agreement's); another's is "not found".
pub async fn own_payment(
    state: &AppState,
    account_id: &str,
    id: &str,
) -> Result<(PaymentRow, LoanRow), ServiceError> {
    let payment = payments::by_id(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let loan = own_loan(state, account_id, &payment.loan_id).await?;
    Ok((payment, loan))
}

/// The receipt of a credited payment.
pub fn receipt(lender: &str, payment: &PaymentRow, loan: &LoanRow) -> Option<Paper> {
    let on = payment.credited_on?;
    let what = match payment.purpose {
        Purpose::Repay => "Погашение займа",
        Purpose::Prolong { .. } => "Проценты при продлении займа",
    };
    Some(Paper {
        title: format!("Квитанция об оплате № {}", payment.id),
        paragraphs: vec![format!(
            "{lender} получил платёж по займу № {}.",
            loan.application_id
        )],
        rows: vec![
            ("Дата".into(), on.format("%d.%m.%Y").to_string()),
            ("Сумма".into(), payment.amount.display(Lang::Ru)),
            ("Назначение".into(), what.into()),
            (
                "Способ".into(),
                match payment.method.as_str() {
                    "card" => "привязанная карта".into(),
                    _ => "карта на странице платёжного шлюза".into(),
                },
            ),
            (
                "Номер операции в платёжном шлюзе".into(),
                payment.gateway_ref.clone().unwrap_or_else(|| "—".into()),
            ),
        ],
        note: "Квитанция сформирована автоматически.".into(),
    })
}

/// Finishes charges a crash or a silent gateway left in flight. Safe on several instances at once: the gateway charges once per key and the credit
/// happens once. Returns how many it credited.
pub async fn reconcile(state: &AppState) -> Result<usize, ServiceError> {
    let mut done = 0;
    for id in payments::in_flight(&state.db, now_unix()).await? {
        match super::hosted::settle(state, &id).await {
            Ok(p) if p.status == "done" => done += 1,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, payment = %id, "payment not finished; will retry"),
        }
    }
    Ok(done)
}

/// Everything the cabinet's first screen shows of the borrower's newest loan.
pub struct Dashboard {
    pub loan: LoanRow,
    /// Its state today; `None` before payout (cooling off, approved) or once refused.
    pub now: Option<LoanState>,
    pub schedule: Vec<crate::domain::loan::schedule::ScheduledPayment>,
    pub payments: Vec<PaymentRow>,
    /// The default prolongation (30 days) today, or why it is not allowed.
    pub prolongation: Option<Result<ProlongationOffer, ServiceError>>,
}

pub async fn dashboard(
    state: &AppState,
    account_id: &str,
) -> Result<Option<Dashboard>, ServiceError> {
    let Some(loan) = loans::latest_loan(&state.db, account_id).await? else {
        return Ok(None);
    };
    let today = state.config.today();
    let payments = payments::of_loan(&state.db, &loan.id).await?;
    if !matches!(loan.status.as_str(), "active" | "repaid") {
        return Ok(Some(Dashboard {
            loan,
            now: None,
            schedule: vec![],
            payments,
            prolongation: None,
        }));
    }
    let (events, now) = loan_state(state, &loan, today).await?;
    let schedule = crate::domain::loan::schedule::schedule(&loan.contract, &events, today)
        .map_err(|e| anyhow::anyhow!(e))?;
    let prolongation = match (loan.contract.repayment, now.status) {
        (
            crate::domain::loan::contract::Repayment::Single,
            Status::Active | Status::Overdue { .. },
        ) => Some(
            prolongation_offer(state, &loan, &events, today, prolongation::DAYS_DEFAULT)
                .await
                .map(|(offer, _)| offer),
        ),
        _ => None,
    };
    Ok(Some(Dashboard {
        loan,
        now: Some(now),
        schedule,
        payments,
        prolongation,
    }))
}
