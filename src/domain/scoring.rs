//! Scoring (PRODUCT.md §4.6): a rule set over the questionnaire, the bureaus' answers, the
//! lender's own history and the velocity of applications, with reasons for every outcome —
//! approve with a limit, manual review, or decline with a date to try again. Pure: the service
//! gathers the facts, this decides.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::eligibility::Reason;
use super::money::Money;

/// Debt load (ПДН) above this shows a warning the borrower acknowledges.
pub const PDN_WARNING_PERCENT: Decimal = dec!(50);
/// Above this a person looks at the application.
pub const PDN_REVIEW_PERCENT: Decimal = dec!(80);
/// Bureau-reported delinquencies from which an application is declined.
pub const DELINQUENCIES_DECLINE: u32 = 3;
/// Applications in 24 hours from one device, and from one address, before a person looks.
pub const APPLICATIONS_PER_DEVICE: u32 = 3;
pub const APPLICATIONS_PER_IP: u32 = 10;

/// Everything the rules look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub on: NaiveDate,
    pub requested: Money,
    /// The product's largest amount for this borrower.
    pub product_max: Money,
    pub monthly_income: Money,
    pub monthly_obligations: Money,
    /// The new loan's payments, brought to a month.
    pub new_monthly_payment: Money,
    /// What eligibility refused (age, self-ban, legal limits, open loans…).
    pub refusals: Vec<Reason>,
    pub bureau_delinquencies: u32,
    /// Loans repaid here, and the longest overdue among them, in days.
    pub repaid_here: u32,
    pub worst_overdue_days_here: u32,
    pub applications_from_device_24h: u32,
    pub applications_from_ip_24h: u32,
    /// Whether the contract as it would be issued now is the very document the borrower
    /// signed (its SHA-256): a decision taken later (another day, a repriced product, a changed
    /// questionnaire) never issues other terms than those signed; a person looks at it instead.
    pub terms_as_signed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Concern {
    Eligibility {
        refusal: Reason,
    },
    BureauHistory {
        delinquencies: u32,
    },
    OwnHistory {
        overdue_days: u32,
    },
    NoIncome,
    DebtLoad {
        percent: Decimal,
    },
    Velocity,
    /// The terms as they would be issued now differ from those the borrower signed.
    TermsChanged,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Decision {
    Approve {
        limit: Money,
        /// ПДН above 50 %: the borrower must acknowledge the warning before signing.
        debt_load_warning: bool,
    },
    Review {
        concerns: Vec<Concern>,
    },
    Decline {
        concerns: Vec<Concern>,
        retry_on: NaiveDate,
    },
}

/// ПДН in %: monthly payments on all debts (with the new loan) over monthly income, two
/// decimals; `None` without an income.
pub fn debt_load(income: Money, obligations: Money, new_payment: Money) -> Option<Decimal> {
    if income.is_zero() {
        return None;
    }
    let payments = obligations.as_decimal() + new_payment.as_decimal();
    Some((payments / income.as_decimal() * dec!(100)).round_dp(2))
}

pub fn decide(f: &Facts) -> Decision {
    let mut declined = Vec::new();
    let mut retry_on = f.on + Days::new(30);
    for refusal in &f.refusals {
        if let Reason::PauseAfterRepayment { from } = refusal {
            retry_on = retry_on.max(*from);
        }
        declined.push(Concern::Eligibility {
            refusal: refusal.clone(),
        });
    }
    if f.bureau_delinquencies >= DELINQUENCIES_DECLINE {
        declined.push(Concern::BureauHistory {
            delinquencies: f.bureau_delinquencies,
        });
        retry_on = retry_on.max(f.on + Days::new(90));
    }
    if !declined.is_empty() {
        return Decision::Decline {
            concerns: declined,
            retry_on,
        };
    }
    let load = debt_load(
        f.monthly_income,
        f.monthly_obligations,
        f.new_monthly_payment,
    );
    let mut review = Vec::new();
    match load {
        None => review.push(Concern::NoIncome),
        Some(percent) if percent > PDN_REVIEW_PERCENT => review.push(Concern::DebtLoad { percent }),
        Some(_) => {}
    }
    if f.worst_overdue_days_here > 30 {
        review.push(Concern::OwnHistory {
            overdue_days: f.worst_overdue_days_here,
        });
    }
    if f.applications_from_device_24h > APPLICATIONS_PER_DEVICE
        || f.applications_from_ip_24h > APPLICATIONS_PER_IP
    {
        review.push(Concern::Velocity);
    }
    if !f.terms_as_signed {
        review.push(Concern::TermsChanged);
    }
    if !review.is_empty() {
        return Decision::Review { concerns: review };
    }
    Decision::Approve {
        limit: f.requested.min(f.product_max),
        debt_load_warning: load.is_some_and(|p| p > PDN_WARNING_PERCENT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn good() -> Facts {
        Facts {
            on: day(2026, 11, 24),
            requested: Money::from_roubles(10_000),
            product_max: Money::from_roubles(30_000),
            monthly_income: Money::from_roubles(50_000),
            monthly_obligations: Money::from_roubles(5_000),
            new_monthly_payment: Money::from_roubles(12_400),
            refusals: vec![],
            bureau_delinquencies: 0,
            repaid_here: 0,
            worst_overdue_days_here: 0,
            applications_from_device_24h: 1,
            applications_from_ip_24h: 1,
            terms_as_signed: true,
        }
    }

    #[test]
    fn terms_other_than_those_signed_go_to_a_person() {
        let changed = Facts {
            terms_as_signed: false,
            ..good()
        };
        assert_eq!(
            decide(&changed),
            Decision::Review {
                concerns: vec![Concern::TermsChanged]
            }
        );
    }

    #[test]
    fn a_good_applicant_is_approved_for_what_they_asked() {
        assert_eq!(
            decide(&good()),
            Decision::Approve {
                limit: Money::from_roubles(10_000),
                debt_load_warning: false
            }
        );
    }

    #[test]
    fn debt_load_is_payments_over_income() {
        // (5,000 + 12,400) / 50,000 = 34.8 %
        assert_eq!(
            debt_load(
                Money::from_roubles(50_000),
                Money::from_roubles(5_000),
                Money::from_roubles(12_400)
            ),
            Some(dec!(34.80))
        );
        assert_eq!(
            debt_load(Money::default(), Money::default(), Money::from_roubles(1)),
            None
        );
    }

    #[test]
    fn a_debt_load_above_50_percent_warns_and_above_80_goes_to_a_person() {
        let mut f = good();
        f.monthly_obligations = Money::from_roubles(15_000); // 54.8 %
        assert!(matches!(
            decide(&f),
            Decision::Approve {
                debt_load_warning: true,
                ..
            }
        ));
        f.monthly_obligations = Money::from_roubles(30_000); // 84.8 %
        assert_eq!(
            decide(&f),
            Decision::Review {
                concerns: vec![Concern::DebtLoad {
                    percent: dec!(84.80)
                }]
            }
        );
    }

    #[test]
    fn a_self_ban_declines_with_a_date_to_try_again() {
        let mut f = good();
        f.refusals = vec![Reason::SelfBan];
        assert_eq!(
            decide(&f),
            Decision::Decline {
                concerns: vec![Concern::Eligibility {
                    refusal: Reason::SelfBan
                }],
                retry_on: day(2026, 12, 24)
            }
        );
    }

    #[test]
    fn a_pause_after_repayment_sets_the_retry_date_and_bad_history_90_days() {
        let mut f = good();
        f.refusals = vec![Reason::PauseAfterRepayment {
            from: day(2027, 2, 1),
        }];
        assert!(
            matches!(decide(&f), Decision::Decline { retry_on, .. } if retry_on == day(2027, 2, 1))
        );
        let mut f = good();
        f.bureau_delinquencies = 3;
        assert!(
            matches!(decide(&f), Decision::Decline { retry_on, .. } if retry_on == day(2027, 2, 22))
        );
    }

    #[test]
    fn no_income_many_applications_or_a_long_overdue_here_go_to_a_person() {
        let mut f = good();
        f.monthly_income = Money::default();
        f.applications_from_device_24h = 4;
        f.worst_overdue_days_here = 45;
        assert_eq!(
            decide(&f),
            Decision::Review {
                concerns: vec![
                    Concern::NoIncome,
                    Concern::OwnHistory { overdue_days: 45 },
                    Concern::Velocity
                ]
            }
        );
    }

    #[test]
    fn the_limit_is_never_above_the_products_largest_amount() {
        let mut f = good();
        f.requested = Money::from_roubles(50_000);
        assert!(
            matches!(decide(&f), Decision::Approve { limit, .. } if limit == Money::from_roubles(30_000))
        );
    }
}
