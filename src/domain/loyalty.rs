//! Loyalty tiers (PRODUCT.md §4.2, §4.6): a borrower who has repaid loans here takes repeat
//! loans, with a bigger limit and a lower rate as their history grows; a first-time borrower
//! takes the first-loan product. The calculator, the pricing and the contract all read the
//! products through `for_borrower`, so a borrower is never quoted what they may not take.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::money::Money;
use super::product::{Product, ProductCode};

/// Above this many days overdue on any loan here, a borrower stays in the first tier.
pub const OVERDUE_KEEPS_FIRST_TIER_DAYS: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub level: u8,
    /// The most a repeat loan may be.
    pub limit: Money,
    /// % a day.
    pub daily_rate: Decimal,
}

/// What the lender's own books say of a borrower.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub repaid: u32,
    pub worst_overdue_days: u32,
}

/// The borrower's tier: none before a loan is repaid here.
pub fn tier(record: Record) -> Option<Tier> {
    let level = match record.repaid {
        0 => return None,
        _ if record.worst_overdue_days > OVERDUE_KEEPS_FIRST_TIER_DAYS => 1,
        1..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    let (limit, daily_rate) = match level {
        1 => (30_000, dec!(0.8)),
        2 => (50_000, dec!(0.7)),
        _ => (100_000, dec!(0.6)),
    };
    Some(Tier {
        level,
        limit: Money::from_roubles(limit),
        daily_rate,
    })
}

/// The products this borrower may take, priced for their tier: the first-loan product before a
/// loan is repaid here, the repeat product (up to the tier's limit, at its rate) after.
pub fn for_borrower(products: &[Product], record: Record) -> Vec<Product> {
    let tier = tier(record);
    products
        .iter()
        .filter_map(|p| match (p.code, tier) {
            (ProductCode::First, None) => Some(p.clone()),
            (ProductCode::First, Some(_)) | (ProductCode::Repeat, None) => None,
            (ProductCode::Repeat, Some(tier)) => {
                let amount_max = p.amount_max.min(tier.limit);
                Some(Product {
                    amount_max,
                    default_amount: p.default_amount.min(amount_max),
                    daily_rate: tier.daily_rate.min(p.daily_rate),
                    ..p.clone()
                })
            }
            _ => Some(p.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(repaid: u32, worst_overdue_days: u32) -> Record {
        Record {
            repaid,
            worst_overdue_days,
        }
    }

    #[test]
    fn tiers_grow_with_loans_repaid_and_stop_at_long_overdue() {
        assert_eq!(tier(record(0, 0)), None);
        assert_eq!(
            tier(record(1, 0)).map(|t| t.limit),
            Some(Money::from_roubles(30_000))
        );
        assert_eq!(tier(record(3, 5)).map(|t| t.daily_rate), Some(dec!(0.7)));
        assert_eq!(
            tier(record(6, 0)).map(|t| t.limit),
            Some(Money::from_roubles(100_000))
        );
        assert_eq!(tier(record(9, 31)).map(|t| t.level), Some(1));
    }

    #[test]
    fn a_newcomer_sees_the_first_loan_and_a_repeat_borrower_their_limit() {
        let shipped = Product::shipped();
        let codes = |list: &[Product]| list.iter().map(|p| p.code).collect::<Vec<_>>();
        let newcomer = for_borrower(&shipped, record(0, 0));
        assert_eq!(
            codes(&newcomer),
            vec![ProductCode::First, ProductCode::Installment]
        );
        let repeat = for_borrower(&shipped, record(3, 0));
        assert_eq!(
            codes(&repeat),
            vec![ProductCode::Repeat, ProductCode::Installment]
        );
        assert_eq!(repeat[0].amount_max, Money::from_roubles(50_000));
        assert_eq!(repeat[0].daily_rate, dec!(0.7));
        assert!(repeat[0].default_amount <= repeat[0].amount_max);
    }
}
