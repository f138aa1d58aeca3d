//! What the application wizard and its endpoints exchange: the application, its terms, cards.
//! Plain data both targets compile; no behaviour beyond (de)serialisation.

use serde::{Deserialize, Serialize};

use crate::domain::application::{ApplicationStatus, Step};
use crate::domain::loan::stage::LoanStage;
use crate::domain::money::Money;
use crate::domain::product::ProductCode;
use crate::domain::questionnaire::QuestionnaireFields;
use crate::domain::scoring::Decision;

/// The application as the wizard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: String,
    pub product: ProductCode,
    pub amount: Money,
    pub term_days: u32,
    /// The first step not yet done.
    pub step: Step,
    /// The newest questionnaire, pre-filled as typed.
    pub questionnaire: Option<QuestionnaireFields>,
    pub status: ApplicationStatus,
    /// The add-ons ticked (codes).
    pub add_ons: Vec<String>,
    pub decision: Option<Decision>,
    pub loan: Option<LoanView>,
    /// The lender identifies borrowers biometrically (МФК): no selfie, the provider's page.
    pub biometric: bool,
    /// Started from a link whose loan this borrower may not take as it was (another tier's
    /// product, an amount above their limit): this is the nearest one they may.
    #[serde(default)]
    pub adjusted: bool,
}

/// The loan an approval made, as the decision step shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanView {
    pub id: String,
    pub status: LoanStage,
    /// When the cooling-off period ends (unix seconds).
    pub payout_after: i64,
    pub amount: Money,
}

/// The individual terms as the terms step shows them, before signing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsView {
    /// The whole document, rendered by the server; its SHA-256 is what the code signs.
    pub html: String,
    pub sha256: String,
    pub amount: Money,
    pub total: Money,
    pub psk_percent: rust_decimal::Decimal,
    /// ПДН in %, when there is an income.
    pub debt_load: Option<rust_decimal::Decimal>,
    /// ПДН above 50 % (or unknown): the warning to acknowledge before signing.
    pub debt_load_warning: bool,
}

/// Where a card binding stands, as the payout step shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BindingView {
    /// The gateway has not reported yet.
    Pending,
    Bound {
        card: crate::domain::card::CardSummary,
    },
    Failed {
        message: String,
    },
}

/// A card the borrower bound before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardView {
    pub id: String,
    pub card: crate::domain::card::CardSummary,
}
