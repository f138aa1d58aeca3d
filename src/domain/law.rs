//! The legal parameters of PRODUCT.md §4.1 as dated data: each value has the day it comes into force,
//! and a contract uses the values in force on its signing date. No rule here is hidden in an `if`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

/// One parameter of the law that governs microloans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Param {
    /// Maximum daily interest rate, % a day.
    MaxDailyRate,
    /// Cap on interest, penalties, fees and paid services, % of the principal.
    ChargeCap,
    /// The same cap for small loans, % of the principal.
    SmallLoanChargeCap,
    /// A small loan is at most this many roubles…
    SmallLoanMaxAmount,
    /// …and at most this many days.
    SmallLoanMaxDays,
    /// Ceiling on the full cost of credit, % a year.
    PskCeiling,
    /// Prolongations a year per borrower of loans of up to `ShortLoanMaxDays`.
    ProlongationsPerYear,
    /// Loans of up to `ShortLoanMaxDays` a year per borrower.
    ShortLoansPerYear,
    /// What "a loan of up to 30 days" means, in days.
    ShortLoanMaxDays,
    /// Payouts from this many roubles wait `CoolingOffMidHours`…
    CoolingOffMidFrom,
    CoolingOffMidHours,
    /// …and above this many roubles wait `CoolingOffHighHours`.
    CoolingOffHighAbove,
    CoolingOffHighHours,
    /// Open loans with ПСК above 200 % allowed when applying.
    OpenLoansAbove200,
    /// Open loans with ПСК above 100 % allowed.
    OpenLoansAbove100,
    /// Days to wait after fully repaying a loan with ПСК above 100 %.
    PauseAfterExpensiveDays,
    /// Calendar days to refuse an add-on service.
    AddonRefusalDays,
    /// Penalty on overdue amounts while interest accrues, % a year.
    PenaltyYearly,
    /// Penalty on overdue amounts when interest no longer accrues, % a day.
    PenaltyDailyWithoutInterest,
}

impl Param {
    pub const ALL: [Param; 19] = [
        Param::MaxDailyRate,
        Param::ChargeCap,
        Param::SmallLoanChargeCap,
        Param::SmallLoanMaxAmount,
        Param::SmallLoanMaxDays,
        Param::PskCeiling,
        Param::ProlongationsPerYear,
        Param::ShortLoansPerYear,
        Param::ShortLoanMaxDays,
        Param::CoolingOffMidFrom,
        Param::CoolingOffMidHours,
        Param::CoolingOffHighAbove,
        Param::CoolingOffHighHours,
        Param::OpenLoansAbove200,
        Param::OpenLoansAbove100,
        Param::PauseAfterExpensiveDays,
        Param::AddonRefusalDays,
        Param::PenaltyYearly,
        Param::PenaltyDailyWithoutInterest,
    ];

    /// The name a parameter has in the database and in the back office.
    pub fn code(self) -> &'static str {
        match self {
            Param::MaxDailyRate => "max_daily_rate",
            Param::ChargeCap => "charge_cap",
            Param::SmallLoanChargeCap => "small_loan_charge_cap",
            Param::SmallLoanMaxAmount => "small_loan_max_amount",
            Param::SmallLoanMaxDays => "small_loan_max_days",
            Param::PskCeiling => "psk_ceiling",
            Param::ProlongationsPerYear => "prolongations_per_year",
            Param::ShortLoansPerYear => "short_loans_per_year",
            Param::ShortLoanMaxDays => "short_loan_max_days",
            Param::CoolingOffMidFrom => "cooling_off_mid_from",
            Param::CoolingOffMidHours => "cooling_off_mid_hours",
            Param::CoolingOffHighAbove => "cooling_off_high_above",
            Param::CoolingOffHighHours => "cooling_off_high_hours",
            Param::OpenLoansAbove200 => "open_loans_above_200",
            Param::OpenLoansAbove100 => "open_loans_above_100",
            Param::PauseAfterExpensiveDays => "pause_after_expensive_days",
            Param::AddonRefusalDays => "addon_refusal_days",
            Param::PenaltyYearly => "penalty_yearly",
            Param::PenaltyDailyWithoutInterest => "penalty_daily_without_interest",
        }
    }

    pub fn from_code(code: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A value of a parameter and the day it comes into force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedValue {
    pub param: Param,
    pub from: NaiveDate,
    pub value: Decimal,
}

/// Every dated value the lender knows; later rows override earlier ones from their date on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalTable {
    rows: Vec<DatedValue>,
}

/// The parameters a loan quote needs, as in force on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLaw {
    pub on: NaiveDate,
    pub max_daily_rate: Decimal,
    pub charge_cap: Decimal,
    pub small_loan_charge_cap: Decimal,
    pub small_loan_max_amount: Decimal,
    pub small_loan_max_days: u32,
    pub psk_ceiling: Decimal,
}

impl QuoteLaw {
    /// The cap on interest, penalties, fees and services of a loan of `amount` over `term_days`.
    pub fn charge_cap(
        &self,
        amount: crate::domain::money::Money,
        term_days: u32,
    ) -> crate::domain::money::Money {
        let small = amount.as_decimal() <= self.small_loan_max_amount
            && term_days <= self.small_loan_max_days;
        amount.percent(if small {
            self.small_loan_charge_cap
        } else {
            self.charge_cap
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no value of {} is in force on {on}", param.code())]
pub struct NotInForce {
    pub param: Param,
    pub on: NaiveDate,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl LegalTable {
    pub fn new(rows: Vec<DatedValue>) -> Self {
        LegalTable { rows }
    }

    pub fn rows(&self) -> &[DatedValue] {
        &self.rows
    }

    /// The defaults kabinet ships with (PRODUCT.md §4.1); the lender adds rows later.
    pub fn shipped() -> Self {
        use Param::*;
        let rows = [
            (MaxDailyRate, day(2023, 7, 1), dec!(0.8)),
            (ChargeCap, day(2023, 7, 1), dec!(130)),
            (ChargeCap, day(2026, 4, 1), dec!(100)),
            (SmallLoanChargeCap, day(2023, 7, 1), dec!(15)),
            (SmallLoanMaxAmount, day(2023, 7, 1), dec!(10000)),
            (SmallLoanMaxDays, day(2023, 7, 1), dec!(15)),
            (PskCeiling, day(2023, 7, 1), dec!(292)),
            (ProlongationsPerYear, day(2019, 1, 1), dec!(5)),
            (ShortLoansPerYear, day(2019, 1, 1), dec!(9)),
            (ShortLoanMaxDays, day(2019, 1, 1), dec!(30)),
            (CoolingOffMidFrom, day(2025, 9, 1), dec!(50000)),
            (CoolingOffMidHours, day(2025, 9, 1), dec!(4)),
            (CoolingOffHighAbove, day(2025, 9, 1), dec!(200000)),
            (CoolingOffHighHours, day(2025, 9, 1), dec!(48)),
            (OpenLoansAbove200, day(2026, 10, 1), dec!(2)),
            (OpenLoansAbove100, day(2027, 4, 1), dec!(1)),
            (PauseAfterExpensiveDays, day(2027, 1, 1), dec!(3)),
            (AddonRefusalDays, day(2024, 1, 21), dec!(30)),
            (PenaltyYearly, day(2014, 7, 1), dec!(20)),
            (PenaltyDailyWithoutInterest, day(2014, 7, 1), dec!(0.1)),
        ];
        LegalTable {
            rows: rows
                .into_iter()
                .map(|(param, from, value)| DatedValue { param, from, value })
                .collect(),
        }
    }

    /// The value of `param` in force on `on`: the row with the latest date not after `on`.
    pub fn value(&self, param: Param, on: NaiveDate) -> Option<Decimal> {
        self.rows
            .iter()
            .filter(|r| r.param == param && r.from <= on)
            .max_by_key(|r| r.from)
            .map(|r| r.value)
    }

    fn require(&self, param: Param, on: NaiveDate) -> Result<Decimal, NotInForce> {
        self.value(param, on).ok_or(NotInForce { param, on })
    }

    /// What a quote made on `on` must respect.
    pub fn for_quote(&self, on: NaiveDate) -> Result<QuoteLaw, NotInForce> {
        let days = self.require(Param::SmallLoanMaxDays, on)?;
        Ok(QuoteLaw {
            on,
            max_daily_rate: self.require(Param::MaxDailyRate, on)?,
            charge_cap: self.require(Param::ChargeCap, on)?,
            small_loan_charge_cap: self.require(Param::SmallLoanChargeCap, on)?,
            small_loan_max_amount: self.require(Param::SmallLoanMaxAmount, on)?,
            small_loan_max_days: u32::try_from(days).map_err(|_| NotInForce {
                param: Param::SmallLoanMaxDays,
                on,
            })?,
            psk_ceiling: self.require(Param::PskCeiling, on)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_charge_cap_drops_from_130_to_100_percent_on_1_april_2026() {
        let law = LegalTable::shipped();
        assert_eq!(
            law.value(Param::ChargeCap, day(2026, 3, 31)),
            Some(dec!(130))
        );
        assert_eq!(
            law.value(Param::ChargeCap, day(2026, 4, 1)),
            Some(dec!(100))
        );
        assert_eq!(law.value(Param::ChargeCap, day(2023, 6, 30)), None);
    }

    #[test]
    fn a_limit_is_not_in_force_before_its_date() {
        let law = LegalTable::shipped();
        assert_eq!(law.value(Param::OpenLoansAbove100, day(2027, 3, 31)), None);
        assert_eq!(
            law.value(Param::OpenLoansAbove100, day(2027, 4, 1)),
            Some(dec!(1))
        );
    }

    #[test]
    fn every_parameter_has_a_code_that_leads_back_to_it() {
        for p in Param::ALL {
            assert_eq!(Param::from_code(p.code()), Some(p));
        }
        let shipped = LegalTable::shipped();
        for p in Param::ALL {
            assert!(
                shipped.rows().iter().any(|r| r.param == p),
                "{p:?} is shipped"
            );
        }
    }

    #[test]
    fn a_quote_before_the_law_existed_is_refused() {
        let err = LegalTable::shipped()
            .for_quote(day(2020, 1, 1))
            .expect_err("no law yet");
        assert_eq!(err.on, day(2020, 1, 1));
    }
}
