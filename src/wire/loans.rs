//! What the cabinet's money screens and their endpoints exchange: the dashboard, payments,
//! prolongation, transfer details.
//! Plain data both targets compile; no behaviour beyond (de)serialisation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::loan::schedule::ScheduledPayment;
use crate::domain::loan::state::NextPayment;
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;

/// The cabinet's first screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinetView {
    pub loan: Option<DashboardLoan>,
    /// The borrower's bound cards, to pay from.
    pub cards: Vec<CardChoice>,
    /// A fresh key for the next payment form: the same form sent twice is one payment.
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardChoice {
    pub id: String,
    /// "•••• 1111, 12/29"
    pub label: String,
}

crate::domain::coded! {
    /// Where the dashboard's loan is: its stored stage, with overdue told apart from active.
    pub enum DashboardStatus {
        CoolingOff = "cooling_off",
        /// Being paid out.
        Approved = "approved",
        Active = "active",
        Overdue = "overdue",
        Repaid = "repaid",
        Refused = "refused",
    }
}

impl DashboardStatus {
    /// The money went out: the dashboard (debt, schedule, history) is what the cabinet shows.
    pub fn paid_out(self) -> bool {
        matches!(
            self,
            DashboardStatus::Active | DashboardStatus::Overdue | DashboardStatus::Repaid
        )
    }
}

crate::domain::coded! {
    /// A line of the loan's history.
    pub enum HistoryKind {
        Payout = "payout",
        Payment = "payment",
        Prolongation = "prolongation",
    }
}

/// The borrower's newest loan as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardLoan {
    pub id: String,
    /// The contract's number (its application's id): documents are filed under it.
    pub application_id: String,
    pub status: DashboardStatus,
    pub overdue_days: u32,
    /// When the cooling-off ends (unix seconds).
    pub payout_after: i64,
    /// The principal lent.
    pub amount: Money,
    /// Everything owed today, and its parts.
    pub debt: Money,
    pub principal: Money,
    pub interest: Money,
    pub penalty: Money,
    pub fees: Money,
    /// The cap on interest, penalties and services, and how much of it is left.
    pub cap: Money,
    pub cap_room: Money,
    pub due_date: Option<NaiveDate>,
    pub next_payment: Option<NextPayment>,
    /// What the forms offer to pay now: the next payment, never more than the debt today.
    pub pay_next: Money,
    /// Days from the lender's today to the next payment (0: today).
    pub days_left: Option<i64>,
    pub installments: bool,
    pub schedule: Vec<ScheduledPayment>,
    pub history: Vec<HistoryItem>,
    /// The 30-day prolongation allowed today, or why it is not.
    pub prolongation: Option<ProlongationOption>,
    pub prolongation_refused: Option<String>,
    pub prolongations: u32,
    /// Overpayment kept for the borrower.
    pub balance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub on: NaiveDate,
    pub kind: HistoryKind,
    pub amount: Money,
    /// The payment, for its receipt (and agreement, for a prolongation).
    pub payment_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProlongationOption {
    pub days: u32,
    pub price: Money,
    pub new_due_date: NaiveDate,
}

/// A prolongation as offered, with the agreement to read before the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProlongationQuoteView {
    pub days: u32,
    pub price: Money,
    pub new_due_date: NaiveDate,
    pub agreement_html: String,
}

/// A payment as its form follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: String,
    pub key: String,
    pub amount: Money,
    pub status: PaymentStatus,
    pub credited_on: Option<NaiveDate>,
}

/// What a bank transfer needs, and the QR code's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferView {
    pub sum: Money,
    pub purpose: String,
    pub payload: String,
    pub name: String,
    pub account: String,
    pub bik: String,
    pub bank_name: String,
    pub correspondent_account: String,
    pub inn: String,
}

/// A payment started on the gateway's page, and where to send the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedStart {
    pub payment: PaymentView,
    pub url: String,
}

/// Everything `/cabinet` shows, read in one request so the server renders it whole: who is
/// logged in, the newest loan's dashboard, and, before a paid-out loan, the application in
/// progress or the borrower's own calculator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinetPage {
    pub me: crate::wire::account::Me,
    pub cabinet: CabinetView,
    pub application: Option<crate::wire::application::ApplicationView>,
    pub calculator: Option<crate::wire::quote::CalculatorTerms>,
}
