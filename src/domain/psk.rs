//! The full cost of credit (ПСК) by the formula of 353-FZ art. 6 (PRODUCT.md §4.5).
//! Pure arithmetic on a schedule of payments; it never rounds money, only the final percentage.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// One payment of the schedule, `day` days after the payout. The payout itself is a flow on day 0
/// with a negative amount (money the borrower receives); repayments are positive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    pub day: u32,
    pub amount: Decimal,
}

const DAYS_IN_YEAR: u32 = 365;

/// ПСК in % a year, three decimals, rounded half away from zero.
/// `None` when the schedule is not a loan (no payout, no repayment, or repayments before day 1).
pub fn psk_percent(flows: &[Flow]) -> Option<Decimal> {
    let raw = match flows {
        // A single payment reduces to (S/P − 1) × 365/T × 100, exactly, in decimals.
        [payout, repayment]
            if payout.day == 0 && payout.amount < Decimal::ZERO && repayment.day > 0 =>
        {
            let principal = -payout.amount;
            (repayment.amount / principal - Decimal::ONE)
                * Decimal::from(DAYS_IN_YEAR)
                * Decimal::ONE_HUNDRED
                / Decimal::from(repayment.day)
        }
        _ => general(flows)?,
    };
    let mut psk = raw.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero);
    psk.rescale(3);
    Some(psk)
}

/// The base period: the most frequent gap between consecutive payments, the shortest on a tie.
fn base_period(flows: &[Flow]) -> Option<u32> {
    let mut days: Vec<u32> = flows.iter().map(|f| f.day).collect();
    days.sort_unstable();
    days.dedup();
    let gaps: Vec<u32> = days.windows(2).map(|w| w[1] - w[0]).collect();
    let mut best: Option<(usize, u32)> = None;
    for &gap in &gaps {
        let count = gaps.iter().filter(|&&g| g == gap).count();
        best = match best {
            Some((c, g)) if c > count || (c == count && g <= gap) => Some((c, g)),
            _ => Some((count, gap)),
        };
    }
    best.map(|(_, gap)| gap)
}

/// Solves Σ ДПk / ((1 + ek·i)(1 + i)^qk) = 0 for i by bisection, then ПСК = i × ЧБП × 100.
fn general(flows: &[Flow]) -> Option<Decimal> {
    let bp = base_period(flows)?;
    let terms: Vec<(f64, i32, f64)> = flows
        .iter()
        .map(|f| {
            let q = i32::try_from(f.day / bp).unwrap_or(i32::MAX);
            let e = f64::from(f.day % bp) / f64::from(bp);
            (f.amount.to_f64().unwrap_or(0.0), q, e)
        })
        .collect();
    let npv = |i: f64| -> f64 {
        terms
            .iter()
            .map(|&(amount, q, e)| amount / ((1.0 + e * i) * (1.0 + i).powi(q)))
            .sum()
    };
    if npv(0.0) < 0.0 {
        return None; // the borrower repays less than they received: not a loan kabinet issues
    }
    let mut hi = 1.0;
    while npv(hi) > 0.0 {
        hi *= 2.0;
        if hi > 1e12 {
            return None;
        }
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if npv(mid) > 0.0 { lo = mid } else { hi = mid }
    }
    let per_year = f64::from(DAYS_IN_YEAR) / f64::from(bp);
    Decimal::from_f64(lo * per_year * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn flow(day: u32, amount: Decimal) -> Flow {
        Flow { day, amount }
    }

    #[test]
    fn ten_thousand_for_30_days_at_0_8_percent_a_day_costs_292_percent_a_year() {
        let flows = [flow(0, dec!(-10000)), flow(30, dec!(12400))];
        assert_eq!(psk_percent(&flows), Some(dec!(292.000)));
    }

    #[test]
    fn an_interest_free_loan_costs_nothing() {
        let flows = [flow(0, dec!(-10000)), flow(30, dec!(10000))];
        assert_eq!(psk_percent(&flows), Some(dec!(0.000)));
    }

    #[test]
    fn the_general_solver_agrees_with_the_single_payment_formula() {
        for (p, s, t) in [(10000, 12400, 30), (5000, 5280, 7), (30000, 33600, 15)] {
            let flows = [flow(0, Decimal::from(-p)), flow(t, Decimal::from(s))];
            let exact = psk_percent(&flows).expect("a loan");
            let solved = general(&flows).expect("a loan");
            assert!((exact - solved).abs() < dec!(0.0005), "{exact} vs {solved}");
        }
    }

    #[test]
    fn equal_payments_every_14_days_use_a_14_day_base_period() {
        // 30,000 ₽ repaid in 4 payments of 8,460 ₽ every 14 days: i ≈ 0.05 a period, × 365/14 = 130.310 %.
        let mut flows = vec![flow(0, dec!(-30000))];
        flows.extend((1..=4).map(|k| flow(14 * k, dec!(8460))));
        assert_eq!(base_period(&flows), Some(14));
        let psk = psk_percent(&flows).expect("a loan");
        assert_eq!(psk, dec!(130.310));
    }

    #[test]
    fn a_schedule_without_a_repayment_is_not_a_loan() {
        assert_eq!(psk_percent(&[flow(0, dec!(-1000))]), None);
        assert_eq!(psk_percent(&[]), None);
    }
}
