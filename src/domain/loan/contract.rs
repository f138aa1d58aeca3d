//! A signed loan contract: the terms and the legal values in force on its signing date, frozen.
//! Everything the engine computes later depends on this snapshot and the events, never on today's law.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::law::{LegalTable, NotInForce, Param, QuoteLaw};
use crate::domain::money::Money;

/// How the loan is repaid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Repayment {
    /// Principal and interest in one payment on the due date.
    Single,
    /// `count` equal (annuity) payments, one every `every_days` days.
    Installments { count: u32, every_days: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub principal: Money,
    pub signed_on: NaiveDate,
    pub paid_out_on: NaiveDate,
    pub term_days: u32,
    pub repayment: Repayment,
    /// % a day after any promo period.
    pub daily_rate: Decimal,
    /// % a day up to the original due date (the first-loan promo), if any.
    pub promo_daily_rate: Option<Decimal>,
    /// Interest, penalties, fees and paid services together never exceed this.
    pub cap: Money,
    /// Penalty on overdue principal, % a year while interest accrues.
    pub penalty_yearly: Decimal,
    /// Penalty on overdue principal, % a day when interest does not accrue.
    pub penalty_daily_without_interest: Decimal,
    /// Calendar days after buying an add-on during which the borrower may refuse it.
    pub addon_refusal_days: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    #[error(transparent)]
    NotInForce(#[from] NotInForce),
    #[error("the daily rate {rate} % exceeds the legal maximum {max} %")]
    RateAboveMaximum { rate: Decimal, max: Decimal },
    #[error("a loan needs a positive principal and term")]
    Empty,
    #[error("installments must divide the term into equal periods")]
    UnevenInstallments,
    #[error("ПСК {psk} % exceeds the ceiling {ceiling} %")]
    PskAboveCeiling { psk: Decimal, ceiling: Decimal },
    #[error(transparent)]
    Schedule(#[from] super::engine::EngineError),
}

/// A contract priced for a quote, with its schedule and ПСК.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priced {
    pub contract: Contract,
    pub payments: Vec<super::schedule::ScheduledPayment>,
    pub psk: Decimal,
}

/// The terms a borrower agreed to, before the law's snapshot is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terms {
    pub principal: Money,
    pub term_days: u32,
    pub repayment: Repayment,
    pub daily_rate: Decimal,
    pub promo_daily_rate: Option<Decimal>,
}

impl Contract {
    /// The contract as a quote prices it: the rate limit and cap of `law`, paid out on
    /// `paid_out_on`. Penalties and refusal windows play no part in a schedule paid on time.
    pub fn priced(
        law: &QuoteLaw,
        terms: Terms,
        paid_out_on: NaiveDate,
    ) -> Result<Contract, ContractError> {
        Contract::priced_with_schedule(law, terms, paid_out_on).map(|priced| priced.contract)
    }

    /// `priced`, with the schedule and ПСК it was checked by (so a quote computes them once).
    pub fn priced_with_schedule(
        law: &QuoteLaw,
        terms: Terms,
        paid_out_on: NaiveDate,
    ) -> Result<Priced, ContractError> {
        let Terms {
            principal,
            term_days,
            repayment,
            daily_rate,
            promo_daily_rate,
        } = terms;
        if !principal.as_decimal().is_sign_positive() || principal.is_zero() || term_days == 0 {
            return Err(ContractError::Empty);
        }
        if let Repayment::Installments { count, every_days } = repayment
            && (count == 0 || every_days == 0 || count * every_days != term_days)
        {
            return Err(ContractError::UnevenInstallments);
        }
        for rate in std::iter::once(daily_rate).chain(promo_daily_rate) {
            if rate > law.max_daily_rate || rate.is_sign_negative() {
                return Err(ContractError::RateAboveMaximum {
                    rate,
                    max: law.max_daily_rate,
                });
            }
        }
        let contract = Contract {
            principal,
            signed_on: law.on,
            paid_out_on,
            term_days,
            repayment,
            daily_rate,
            promo_daily_rate,
            cap: law.charge_cap(principal, term_days),
            penalty_yearly: Decimal::ZERO,
            penalty_daily_without_interest: Decimal::ZERO,
            addon_refusal_days: 0,
        };
        let payments = super::schedule::schedule(&contract, &[], paid_out_on)?;
        let psk = super::schedule::psk_of(&contract, &payments).unwrap_or(Decimal::MAX);
        if psk > law.psk_ceiling {
            return Err(ContractError::PskAboveCeiling {
                psk,
                ceiling: law.psk_ceiling,
            });
        }
        Ok(Priced {
            contract,
            payments,
            psk,
        })
    }

    /// Signs `terms` on `signed_on` under the law then in force; paid out on `paid_out_on`.
    pub fn sign(
        law: &LegalTable,
        terms: Terms,
        signed_on: NaiveDate,
        paid_out_on: NaiveDate,
    ) -> Result<Contract, ContractError> {
        let require = |param| {
            law.value(param, signed_on).ok_or(NotInForce {
                param,
                on: signed_on,
            })
        };
        Ok(Contract {
            penalty_yearly: require(Param::PenaltyYearly)?,
            penalty_daily_without_interest: require(Param::PenaltyDailyWithoutInterest)?,
            // Before the refusal window became law there was none.
            addon_refusal_days: law
                .value(Param::AddonRefusalDays, signed_on)
                .and_then(|d| u32::try_from(d).ok())
                .unwrap_or(0),
            ..Contract::priced(&law.for_quote(signed_on)?, terms, paid_out_on)?
        })
    }

    /// The due date of the contract as signed (before any prolongation).
    pub fn original_due_date(&self) -> NaiveDate {
        self.paid_out_on + Days::new(self.term_days.into())
    }

    /// The daily rate charged for `day`: the promo rate up to the original due date.
    pub fn rate_on(&self, day: NaiveDate) -> Decimal {
        match self.promo_daily_rate {
            Some(promo) if day <= self.original_due_date() => promo,
            _ => self.daily_rate,
        }
    }
}
