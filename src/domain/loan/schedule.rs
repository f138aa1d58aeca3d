//! The payment schedule: what each remaining payment will be if each is paid on its date, and
//! the ПСК of the schedule as signed (353-FZ art. 6; interest, fees and services included).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::contract::Contract;
use super::engine::{Books, EngineError};
use super::event::Event;
use crate::domain::money::Money;
use crate::domain::psk::{Flow, psk_percent};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledPayment {
    pub on: NaiveDate,
    pub principal: Money,
    /// Interest, penalty and fees due with this payment.
    pub charges: Money,
    pub total: Money,
}

/// The payments still ahead after `from`, given what has happened so far.
pub fn schedule(
    contract: &Contract,
    events: &[Event],
    from: NaiveDate,
) -> Result<Vec<ScheduledPayment>, EngineError> {
    let mut books = Books::open(contract);
    books.run(events, from.max(contract.paid_out_on))?;
    let mut payments = Vec::new();
    while let Some(period_end) = books.period_end.filter(|_| books.repaid_on.is_none()) {
        let mut day = books.day;
        while day < period_end {
            books.close(day);
            day = day + Days::new(1);
            books.accrue(day);
        }
        let principal = books.overdue_principal + books.current_principal;
        let charges = books.overdue_interest + books.current_interest + books.penalty + books.fees;
        let total = principal + charges;
        if !total.is_zero() {
            books.apply(&Event::payment(period_end, total))?;
            payments.push(ScheduledPayment {
                on: period_end,
                principal,
                charges,
                total,
            });
        }
        books.close(period_end);
    }
    Ok(payments)
}

/// ПСК in % a year of the contract as signed, with the add-ons bought with it.
pub fn psk(contract: &Contract, addons: &[Event]) -> Result<Option<Decimal>, EngineError> {
    Ok(psk_of(
        contract,
        &schedule(contract, addons, contract.paid_out_on)?,
    ))
}

/// ПСК in % a year of `payments`, the contract's whole schedule from its payout.
pub fn psk_of(contract: &Contract, payments: &[ScheduledPayment]) -> Option<Decimal> {
    let start = contract.paid_out_on;
    let flows: Vec<Flow> = std::iter::once(Flow {
        day: 0,
        amount: -contract.principal.as_decimal(),
    })
    .chain(payments.iter().map(|p| Flow {
        day: u32::try_from((p.on - start).num_days()).unwrap_or(0),
        amount: p.total.as_decimal(),
    }))
    .collect();
    psk_percent(&flows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::loan::contract::Repayment;
    use crate::domain::loan::tests::{date, signed_on_1_december};
    use rust_decimal_macros::dec;

    #[test]
    fn a_single_payment_loan_has_one_payment_and_292_percent() {
        let c = signed_on_1_december(Repayment::Single, 10_000, 30, dec!(0.8));
        let s = schedule(&c, &[], c.paid_out_on).expect("schedule");
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].on, s[0].principal, s[0].charges),
            (
                date("2026-12-31"),
                Money::from_roubles(10_000),
                Money::from_roubles(2_400)
            )
        );
        assert_eq!(psk(&c, &[]).expect("psk"), Some(dec!(292.000)));
    }

    #[test]
    fn an_installment_loan_repays_all_principal_in_equal_payments() {
        let c = signed_on_1_december(
            Repayment::Installments {
                count: 12,
                every_days: 14,
            },
            60_000,
            168,
            dec!(0.4),
        );
        let s = schedule(&c, &[], c.paid_out_on).expect("schedule");
        assert_eq!(s.len(), 12);
        assert_eq!(
            s.iter().map(|p| p.principal).sum::<Money>(),
            Money::from_roubles(60_000)
        );
        let first = s[0].total;
        assert!(
            s[..11]
                .iter()
                .all(|p| (p.total - first).as_decimal().abs() <= dec!(0.20)),
            "{s:?}"
        );
        let psk = psk(&c, &[]).expect("psk").expect("a loan");
        // The IRR is the contract rate: 5.6 % a period × 365/14 = 146 %, give or take rounding.
        assert!((psk - dec!(146)).abs() <= dec!(0.005), "{psk}");
    }

    #[test]
    fn an_add_on_raises_the_psk() {
        let c = signed_on_1_december(Repayment::Single, 10_000, 30, dec!(0.5));
        let addon = [Event::AddonPurchased {
            on: c.paid_out_on,
            addon: 1,
            price: Money::from_roubles(300),
        }];
        let with = psk(&c, &addon).expect("psk").expect("a loan");
        assert_eq!(psk(&c, &[]).expect("psk"), Some(dec!(182.500)));
        assert_eq!(with, dec!(219.000));
    }
}
