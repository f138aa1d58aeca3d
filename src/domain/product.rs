//! Loan products (PRODUCT.md §4.2) as data the administrator edits: ranges, steps and daily rates.
//! A product parses the amount and term a borrower asks for; it never decides what the law allows.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::loan::contract::{Repayment, Terms};
use super::money::Money;
use super::problem::Problem;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProductCode {
    /// The first loan: 0 % a day if repaid by the due date.
    First,
    /// Every loan after the first.
    Repeat,
    /// A bigger loan repaid in equal payments every 14 days.
    Installment,
}

impl ProductCode {
    pub const ALL: [ProductCode; 3] = [
        ProductCode::First,
        ProductCode::Repeat,
        ProductCode::Installment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProductCode::First => "first",
            ProductCode::Repeat => "repeat",
            ProductCode::Installment => "installment",
        }
    }

    pub fn parse(text: &str) -> Result<ProductCode, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        ProductCode::ALL
            .into_iter()
            .find(|p| p.code() == text)
            .ok_or(Problem::UnknownProduct)
    }
}

/// A single-payment loan product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub code: ProductCode,
    pub amount_min: Money,
    pub amount_max: Money,
    pub amount_step: Money,
    pub term_min_days: u32,
    pub term_max_days: u32,
    /// Terms go up in steps of this many days (14 for installments: whole payment periods).
    pub term_step_days: u32,
    /// Days between payments of an installment loan; `None` for a single payment.
    pub payment_every_days: Option<u32>,
    /// % a day, stored as a daily rate and never derived from an annual one.
    pub daily_rate: Decimal,
    /// % a day up to the due date when the loan is repaid by it (the first-loan promo).
    pub promo_daily_rate: Option<Decimal>,
    pub default_amount: Money,
    pub default_term_days: u32,
}

impl Product {
    /// The defaults kabinet ships with; the administrator edits them later.
    pub fn shipped() -> Vec<Product> {
        vec![
            Product {
                code: ProductCode::First,
                amount_min: Money::from_roubles(1_000),
                amount_max: Money::from_roubles(30_000),
                amount_step: Money::from_roubles(500),
                term_min_days: 7,
                term_max_days: 30,
                term_step_days: 1,
                payment_every_days: None,
                daily_rate: dec!(0.8),
                promo_daily_rate: Some(Decimal::ZERO),
                default_amount: Money::from_roubles(10_000),
                default_term_days: 30,
            },
            Product {
                code: ProductCode::Repeat,
                amount_min: Money::from_roubles(1_000),
                amount_max: Money::from_roubles(100_000),
                amount_step: Money::from_roubles(500),
                term_min_days: 7,
                term_max_days: 30,
                term_step_days: 1,
                payment_every_days: None,
                daily_rate: dec!(0.8),
                promo_daily_rate: None,
                default_amount: Money::from_roubles(10_000),
                default_term_days: 30,
            },
            Product {
                code: ProductCode::Installment,
                amount_min: Money::from_roubles(30_000),
                amount_max: Money::from_roubles(100_000),
                amount_step: Money::from_roubles(1_000),
                term_min_days: 56,
                term_max_days: 168,
                term_step_days: 14,
                payment_every_days: Some(14),
                daily_rate: dec!(0.4),
                promo_daily_rate: None,
                default_amount: Money::from_roubles(50_000),
                default_term_days: 84,
            },
        ]
    }

    /// The amount this product lends nearest to `wanted`: inside the range, down to the step.
    pub fn nearest_amount(&self, wanted: Money) -> Money {
        let clamped = wanted.clamp(self.amount_min, self.amount_max);
        if self.amount_step.is_zero() {
            return clamped;
        }
        let steps =
            ((clamped - self.amount_min).as_decimal() / self.amount_step.as_decimal()).floor();
        Money::from_decimal(self.amount_min.as_decimal() + steps * self.amount_step.as_decimal())
    }

    /// The term this product lends for nearest to `wanted` days: inside the range, on the step.
    pub fn nearest_term(&self, wanted: u32) -> u32 {
        let clamped = wanted.clamp(self.term_min_days, self.term_max_days);
        let step = self.term_step_days.max(1);
        self.term_min_days + (clamped - self.term_min_days) / step * step
    }

    /// Parses an amount a borrower asked for: roubles, inside the range, on the step.
    pub fn amount(&self, text: &str) -> Result<Money, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        let amount = Money::parse(text).ok_or(Problem::NotAnAmount)?;
        self.check_amount(amount)
    }

    pub fn check_amount(&self, amount: Money) -> Result<Money, Problem> {
        if amount < self.amount_min || amount > self.amount_max {
            return Err(Problem::AmountOutOfRange {
                min: self.amount_min,
                max: self.amount_max,
            });
        }
        let off_step = (amount - self.amount_min).as_decimal() % self.amount_step.as_decimal();
        if !self.amount_step.is_zero() && !off_step.is_zero() {
            return Err(Problem::AmountOffStep {
                step: self.amount_step,
            });
        }
        Ok(amount)
    }

    /// Parses a term in days a borrower asked for.
    pub fn term(&self, text: &str) -> Result<u32, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        let days: u32 = text.parse().map_err(|_| Problem::NotAWholeNumber)?;
        self.check_term(days)
    }

    pub fn check_term(&self, days: u32) -> Result<u32, Problem> {
        if days < self.term_min_days || days > self.term_max_days {
            return Err(Problem::TermOutOfRange {
                min: self.term_min_days,
                max: self.term_max_days,
            });
        }
        if self.term_step_days > 1
            && !(days - self.term_min_days).is_multiple_of(self.term_step_days)
        {
            return Err(Problem::TermOffStep {
                step: self.term_step_days,
            });
        }
        Ok(days)
    }

    /// The nearest term on the product's step inside its range.
    pub fn snap_term(&self, wanted: u32) -> u32 {
        let step = self.term_step_days.max(1);
        let clamped = wanted.clamp(self.term_min_days, self.term_max_days);
        let steps = (clamped - self.term_min_days + step / 2) / step;
        (self.term_min_days + steps * step).min(self.term_max_days)
    }

    /// The contract terms of a loan of `amount` over `term_days` of this product.
    pub fn terms(&self, amount: Money, term_days: u32) -> Terms {
        Terms {
            principal: amount,
            term_days,
            repayment: match self.payment_every_days {
                Some(every_days) if every_days > 0 => Repayment::Installments {
                    count: term_days / every_days,
                    every_days,
                },
                _ => Repayment::Single,
            },
            daily_rate: self.daily_rate,
            promo_daily_rate: self.promo_daily_rate,
        }
    }

    /// The nearest amount on the product's step inside its range: what a slider lands on.
    pub fn snap_amount(&self, wanted: Money) -> Money {
        let step = self.amount_step.as_decimal();
        let clamped = wanted.max(self.amount_min).min(self.amount_max);
        if step.is_zero() {
            return clamped;
        }
        let steps = ((clamped - self.amount_min).as_decimal() / step).round();
        Money::from_decimal(self.amount_min.as_decimal() + steps * step).min(self.amount_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first() -> Product {
        Product::shipped().remove(0)
    }

    #[test]
    fn the_first_loan_takes_1000_to_30000_roubles_in_steps_of_500() {
        let p = first();
        assert_eq!(p.amount("1000"), Ok(Money::from_roubles(1_000)));
        assert_eq!(p.amount("30 000"), Ok(Money::from_roubles(30_000)));
        assert_eq!(p.amount("1500"), Ok(Money::from_roubles(1_500)));
        assert_eq!(
            p.amount("1750"),
            Err(Problem::AmountOffStep {
                step: Money::from_roubles(500)
            })
        );
        assert!(matches!(
            p.amount("999"),
            Err(Problem::AmountOutOfRange { .. })
        ));
        assert!(matches!(
            p.amount("30500"),
            Err(Problem::AmountOutOfRange { .. })
        ));
        assert_eq!(p.amount("много"), Err(Problem::NotAnAmount));
        assert_eq!(p.amount("  "), Err(Problem::Required));
    }

    #[test]
    fn the_term_is_7_to_30_whole_days() {
        let p = first();
        assert_eq!(p.term("7"), Ok(7));
        assert_eq!(p.term("30"), Ok(30));
        assert_eq!(
            p.term("6"),
            Err(Problem::TermOutOfRange { min: 7, max: 30 })
        );
        assert_eq!(
            p.term("31"),
            Err(Problem::TermOutOfRange { min: 7, max: 30 })
        );
        assert_eq!(p.term("10.5"), Err(Problem::NotAWholeNumber));
        assert_eq!(p.term("-1"), Err(Problem::NotAWholeNumber));
    }

    #[test]
    fn a_slider_position_lands_on_the_nearest_step_inside_the_range() {
        let p = first();
        assert_eq!(
            p.snap_amount(Money::from_roubles(1_740)),
            Money::from_roubles(1_500)
        );
        assert_eq!(
            p.snap_amount(Money::from_roubles(1_760)),
            Money::from_roubles(2_000)
        );
        assert_eq!(
            p.snap_amount(Money::from_roubles(50)),
            Money::from_roubles(1_000)
        );
        assert_eq!(
            p.snap_amount(Money::from_roubles(99_999)),
            Money::from_roubles(30_000)
        );
    }

    #[test]
    fn installment_terms_are_whole_14_day_periods() {
        let p = Product::shipped().remove(2);
        assert_eq!(p.term("56"), Ok(56));
        assert_eq!(p.term("168"), Ok(168));
        assert_eq!(p.term("60"), Err(Problem::TermOffStep { step: 14 }));
        assert_eq!(p.snap_term(60), 56);
        assert_eq!(p.snap_term(63), 70);
        assert_eq!(
            p.terms(Money::from_roubles(50_000), 84).repayment,
            Repayment::Installments {
                count: 6,
                every_days: 14
            }
        );
    }

    #[test]
    fn product_codes_are_parsed_strictly() {
        assert_eq!(ProductCode::parse("first"), Ok(ProductCode::First));
        assert_eq!(ProductCode::parse("repeat"), Ok(ProductCode::Repeat));
        assert_eq!(ProductCode::parse("gold"), Err(Problem::UnknownProduct));
        assert_eq!(ProductCode::parse(""), Err(Problem::Required));
    }
}
