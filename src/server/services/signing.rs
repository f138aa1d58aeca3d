//! The application's last steps before the decision (PRODUCT.md J2 steps 7–9): the selfie with
//! the passport, the add-ons, and the individual terms signed with an SMS code bound to the
//! document's SHA-256 and the amount. The terms are rendered from the loan as it stands now, so
//! a code sent for one amount (or one set of add-ons) does not sign another.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Ctx;
use super::applications;
use super::plumbing::{self, sms};
use crate::domain::addons::Chosen;
use crate::domain::application::Step;
use crate::domain::loan::contract::Contract;
use crate::domain::loan::schedule::{self, ScheduledPayment};
use crate::domain::money::Money;
use crate::domain::problem::Problem;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::scoring::{self, PDN_WARNING_PERCENT};
use crate::i18n::notices;
use crate::server::auth::codes::Purpose;
use crate::server::auth::limits;
use crate::server::documents::terms::{self, TermsDocument};
use crate::server::error::ServiceError;
use crate::server::pool::PoolError;
use crate::server::state::AppState;
use crate::server::store::applications::{self as drafts, Draft};
use crate::server::store::{accounts, cards};
use crate::server::store::{payouts, signatures};

/// The draft, if the borrower has reached `step`; else the message for the step asked.
async fn draft_at(
    state: &AppState,
    account_id: &str,
    step: Step,
    field: &str,
) -> Result<Draft, ServiceError> {
    let draft = drafts::draft(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if draft.step < step {
        return Err(ServiceError::invalid(field, Problem::StepNotReached));
    }
    Ok(draft)
}

/// What an application's selfie is sealed for.
pub fn selfie_context(application_id: &str) -> String {
    format!("selfie:{application_id}")
}

/// Takes the selfie: checks size and kind by content, re-encodes it without metadata, seals it
/// and keeps it with the application, which moves on to the add-ons.
pub async fn save_selfie(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    bytes: Vec<u8>,
) -> Result<(), ServiceError> {
    let draft = draft_at(state, account_id, Step::Identity, "selfie").await?;
    if state.config.biometric_identification {
        return Err(ServiceError::invalid("selfie", Problem::BiometricRequired));
    }
    crate::domain::upload::check_selfie(&bytes).map_err(|p| ServiceError::invalid("selfie", p))?;
    plumbing::limit(state, ctx, limits::SELFIE_PER_ACCOUNT, account_id).await?;
    // Decoded on the bounded picture pool: a flood of uploads waits briefly or hears "busy".
    let picture = state
        .pictures
        .run(move || crate::server::images::reencode(&bytes))
        .await
        .map_err(|e| match e {
            PoolError::Busy => ServiceError::Busy,
            PoolError::Failed(cause) => ServiceError::Internal(anyhow::anyhow!(cause)),
        })?
        .map_err(|p| ServiceError::invalid("selfie", p))?;
    let sealed = state.vault.seal(&selfie_context(&draft.id), &picture.jpeg);
    let sha = terms::sha256_bytes(&picture.jpeg);
    signatures::save_selfie(
        &state.db,
        &draft.id,
        &sealed,
        &sha,
        (picture.jpeg.len(), picture.width, picture.height),
        ctx.now,
    )
    .await?;
    drafts::reach(&state.db, &draft.id, Step::Identity.next(), ctx.now).await?;
    Ok(())
}

/// Records the add-ons ticked (each with its own consent: only ticked ones come) and moves on.
pub async fn save_add_ons(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    codes: &[String],
) -> Result<(), ServiceError> {
    let draft = draft_at(state, account_id, Step::AddOns, "add_ons").await?;
    let chosen = Chosen::parse(codes).map_err(|p| ServiceError::invalid("add_ons", p))?;
    signatures::set_add_ons(&state.db, &draft.id, &chosen, ctx.now).await?;
    Ok(())
}

/// The loan as it would be signed today, with the add-ons and the borrower's debt load.
#[derive(Clone, Debug)]
pub struct Offer {
    pub draft: Draft,
    pub contract: Contract,
    pub schedule: Vec<ScheduledPayment>,
    pub psk_percent: Decimal,
    pub total: Money,
    /// ПДН in %, `None` without an income.
    pub debt_load: Option<Decimal>,
    pub html: String,
    pub sha256: String,
    /// What the document names besides the loan.
    borrower: String,
    payout_to: String,
    date: NaiveDate,
}

impl Offer {
    fn document<'a>(&'a self, lender: &'a str) -> TermsDocument<'a> {
        TermsDocument {
            lender,
            number: &self.draft.id,
            date: self.date,
            borrower: &self.borrower,
            contract: &self.contract,
            schedule: &self.schedule,
            psk_percent: self.psk_percent,
            add_ons: &self.draft.add_ons,
            payout_to: &self.payout_to,
        }
    }

    /// The same document as a PDF, with the HTML's hash.
    pub fn pdf(&self, lender: &str) -> Result<Vec<u8>, ServiceError> {
        Ok(self.document(lender).pdf(&self.sha256)?)
    }

    pub fn debt_load_warning(&self) -> bool {
        self.debt_load.is_none_or(|p| p > PDN_WARNING_PERCENT)
    }
}

/// The new loan's payments brought to a month: a loan of up to a month is paid within it.
pub fn monthly_payment(total: Money, term_days: u32) -> Money {
    let months = term_days.div_ceil(30).max(1);
    Money::from_decimal(total.as_decimal() / Decimal::from(months))
}

fn engine_error(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(anyhow::anyhow!("the loan cannot be priced: {e}"))
}

/// Prices the draft on `today` and renders its individual terms.
pub async fn offer(
    state: &AppState,
    draft: Draft,
    questionnaire: &Questionnaire,
    today: NaiveDate,
) -> Result<Offer, ServiceError> {
    let account_id = drafts::owner(&state.db, &draft.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let products = super::pricing::products_for(state, &account_id).await?;
    let product = products
        .iter()
        .find(|p| p.code == draft.product)
        .ok_or_else(|| ServiceError::invalid("terms", Problem::UnknownProduct))?;
    let contract = Contract::sign(
        &state.rulebook.law,
        product.terms(draft.amount, draft.term_days),
        today,
        today,
    )
    .map_err(engine_error)?;
    let events = draft.add_ons.events(today);
    let payments = schedule::schedule(&contract, &events, today).map_err(engine_error)?;
    let psk_percent = schedule::psk(&contract, &events)
        .map_err(engine_error)?
        .unwrap_or(Decimal::ZERO);
    let total: Money = payments.iter().map(|p| p.total).sum();
    let profile = accounts::profile(&state.db, &account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let payout_to = match (&draft.card_id, &draft.payout_account_id) {
        (Some(id), _) => cards::card(&state.db, &account_id, id)
            .await?
            .map(|(_, card)| format!("карту {}", card.masked)),
        (None, Some(id)) => payouts::payout_account(&state.db, &account_id, id)
            .await?
            .map(|a| format!("счёт {} в банке с БИК {}", a.number, a.bik.as_str())),
        (None, None) => None,
    }
    .ok_or_else(|| ServiceError::invalid("card", Problem::StepNotReached))?;
    let borrower = profile.full_name();
    let mut offer = Offer {
        borrower,
        payout_to,
        date: today,
        debt_load: scoring::debt_load(
            questionnaire.monthly_income,
            questionnaire.monthly_obligations,
            monthly_payment(total, contract.term_days),
        ),
        sha256: String::new(),
        html: String::new(),
        contract,
        schedule: payments,
        psk_percent,
        total,
        draft,
    };
    offer.html = offer.document(&state.config.lender_name).html();
    offer.sha256 = terms::sha256(&offer.html);
    Ok(offer)
}

/// The offer of the borrower's draft at the terms step.
pub async fn current_offer(state: &AppState, account_id: &str) -> Result<Offer, ServiceError> {
    let draft = draft_at(state, account_id, Step::Terms, "terms").await?;
    let questionnaire = applications::questionnaire(state, account_id, "the individual terms")
        .await?
        .ok_or_else(|| ServiceError::invalid("terms", Problem::StepNotReached))?;
    offer(state, draft, &questionnaire, state.config.today()).await
}

/// The code's binding: the document's hash and the amount, so that neither can change under it.
fn binding(offer: &Offer) -> String {
    format!("{}:{}", offer.sha256, offer.contract.principal.kopecks())
}

/// Sends the signing code for the terms as they stand; a debt load above 50 % must have been
/// acknowledged first.
pub async fn send_code(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    debt_load_acknowledged: bool,
) -> Result<(), ServiceError> {
    let offer = current_offer(state, account_id).await?;
    if offer.debt_load_warning() && !debt_load_acknowledged {
        return Err(ServiceError::invalid(
            "debt_load_ack",
            Problem::DebtLoadNotAcknowledged,
        ));
    }
    if debt_load_acknowledged {
        signatures::acknowledge_debt_load(&state.db, &offer.draft.id, ctx.now).await?;
    }
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let purpose = Purpose::SignDocument;
    let issued =
        plumbing::issue_code(state, ctx, purpose, &profile.phone, &binding(&offer)).await?;
    signatures::prepare_document(
        &state.db,
        &offer.draft.id,
        (&offer.html, &offer.pdf(&state.config.lender_name)?),
        &offer.sha256,
        offer.contract.principal,
        ctx.now,
    )
    .await?;
    let amount = offer.contract.principal.display(ctx.lang);
    sms(
        state,
        &profile.phone,
        notices::sign_code(ctx.lang, &issued.code, &amount),
    )
    .await
}

/// Signs the terms with `code`: it must have been sent for this very document and amount. The
/// signature's evidence is kept with the document; answers the signed application's id, which
/// the caller sends to the decision (`decisions::decide`).
pub async fn sign(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    code: &str,
) -> Result<String, ServiceError> {
    if code.trim().is_empty() {
        return Err(ServiceError::invalid("code", Problem::Required));
    }
    let offer = current_offer(state, account_id).await?;
    let prepared = signatures::latest_prepared(&state.db, &offer.draft.id)
        .await?
        .ok_or_else(|| ServiceError::invalid("code", Problem::CodeUsedUp))?;
    if prepared.sha256 != offer.sha256 || prepared.amount != offer.contract.principal {
        return Err(ServiceError::invalid("code", Problem::DocumentChanged));
    }
    if offer.debt_load_warning() && !offer.draft.debt_load_acknowledged {
        return Err(ServiceError::invalid(
            "debt_load_ack",
            Problem::DebtLoadNotAcknowledged,
        ));
    }
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    super::plumbing::check_code(
        state,
        ctx,
        Purpose::SignDocument,
        &profile.phone,
        &binding(&offer),
        code,
    )
    .await?;
    let evidence = signatures::Evidence {
        phone: &profile.phone,
        ip: &ctx.client.ip,
        user_agent: &ctx.client.user_agent,
        at: ctx.now,
    };
    if !signatures::sign(&state.db, &offer.draft.id, &prepared.id, &evidence).await? {
        return Err(ServiceError::invalid("code", Problem::CodeUsedUp));
    }
    let event = crate::server::store::audit::Event::TermsSigned;
    plumbing::audit(state, ctx, event, Some(account_id), Some(&offer.sha256)).await?;
    Ok(offer.draft.id)
}

/// The signed terms of the borrower's application `id` (HTML and PDF), for the borrower to keep.
pub async fn signed_terms(
    state: &AppState,
    account_id: &str,
    application_id: &str,
) -> Result<signatures::SignedTerms, ServiceError> {
    if drafts::owner(&state.db, application_id).await?.as_deref() != Some(account_id) {
        return Err(ServiceError::NotFound);
    }
    signatures::signed_terms(&state.db, application_id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Chooses a card account (number and BIK) as the payout method instead of a card.
pub async fn choose_account(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    number: &str,
    bik: &str,
) -> Result<(), ServiceError> {
    let draft = draft_at(state, account_id, Step::Payout, "account_number").await?;
    let bank_account =
        crate::domain::bank_account::BankAccount::parse(number, bik).map_err(|problems| {
            ServiceError::Invalid(
                problems
                    .into_iter()
                    .map(|(field, p)| crate::domain::problem::FieldProblem::new(field, p))
                    .collect(),
            )
        })?;
    payouts::choose_account(&state.db, account_id, &draft.id, &bank_account, ctx.now).await?;
    let event = crate::server::store::audit::Event::PayoutDestinationChanged;
    plumbing::audit(state, ctx, event, Some(account_id), Some("bank account")).await
}
