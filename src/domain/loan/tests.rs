//! Worked examples checked by hand, and properties that hold for thousands of generated loans.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::contract::{Contract, ContractError, Repayment, Terms};
use super::event::{EarlyChoice, Event};
use super::prolongation::{self, Refusal};
use super::state::{Status, state_on};
use crate::domain::law::LegalTable;
use crate::domain::money::Money;

pub(super) fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn rub(r: i64) -> Money {
    Money::from_roubles(r)
}

fn single(principal: i64, days: u32, rate: Decimal, signed: &str) -> Contract {
    let terms = Terms {
        principal: rub(principal),
        term_days: days,
        repayment: Repayment::Single,
        daily_rate: rate,
        promo_daily_rate: None,
    };
    Contract::sign(&LegalTable::shipped(), terms, date(signed), date(signed)).expect("lawful")
}

#[test]
fn ten_thousand_for_30_days_at_0_8_percent_owes_2400_of_interest_on_the_due_date() {
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let s = state_on(&c, &[], date("2026-12-31")).expect("state");
    assert_eq!(s.interest, rub(2_400));
    assert_eq!(s.debt, rub(12_400));
    assert_eq!(s.status, Status::Active);
    let at_payout = state_on(&c, &[], date("2026-12-01")).expect("state");
    assert_eq!(
        at_payout.next_payment.map(|n| (n.on, n.amount)),
        Some((date("2026-12-31"), rub(12_400)))
    );
}

#[test]
fn the_same_loan_repaid_on_day_10_costs_800_of_interest() {
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let day10 = date("2026-12-11");
    assert_eq!(state_on(&c, &[], day10).expect("state").debt, rub(10_800));
    let s = state_on(
        &c,
        &[Event::payment(day10, rub(10_800))],
        date("2027-01-31"),
    )
    .expect("state");
    assert_eq!(s.status, Status::Repaid { on: day10 });
    assert_eq!(s.interest_accrued, rub(800));
    assert_eq!(s.allocations[0].current_interest, rub(800));
    assert_eq!(s.allocations[0].current_principal, rub(10_000));
    assert_eq!(s.debt, Money::ZERO);
}

#[test]
fn an_unpaid_loan_signed_in_november_2026_stops_at_100_percent_of_principal() {
    let c = single(10_000, 30, dec!(0.8), "2026-11-01");
    let s = state_on(&c, &[], date("2028-01-01")).expect("state");
    assert_eq!(c.cap, rub(10_000));
    assert_eq!(s.interest_accrued + s.penalty_accrued, rub(10_000));
    assert_eq!(s.cap_room, Money::ZERO);
    assert_eq!(s.debt, rub(20_000));
    let later = state_on(&c, &[], date("2029-01-01")).expect("state");
    assert_eq!(later.debt, rub(20_000), "nothing accrues past the cap");
    assert!(matches!(s.status, Status::Overdue { since, .. } if since == date("2026-12-02")));
}

#[test]
fn an_unpaid_loan_signed_in_march_2026_stops_at_130_percent_of_principal() {
    let c = single(10_000, 30, dec!(0.8), "2026-03-01");
    let s = state_on(&c, &[], date("2028-01-01")).expect("state");
    assert_eq!(c.cap, rub(13_000));
    assert_eq!(s.interest_accrued + s.penalty_accrued, rub(13_000));
    assert_eq!(s.debt, rub(23_000));
}

#[test]
fn penalty_is_20_percent_a_year_on_overdue_principal_from_the_first_overdue_day() {
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let s = state_on(&c, &[], date("2027-01-01")).expect("state");
    // One overdue day: 10,000 × 20 % / 365 = 5.479… → 5.48 ₽; interest 31 days × 80 ₽.
    assert_eq!(s.penalty, Money::from_kopecks(548));
    assert_eq!(s.interest, rub(2_480));
    assert_eq!(
        s.status,
        Status::Overdue {
            since: date("2027-01-01"),
            days: 1
        }
    );
}

#[test]
fn a_payment_smaller_than_the_overdue_interest_pays_nothing_else() {
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let on = date("2027-01-10");
    let s = state_on(&c, &[Event::payment(on, rub(100))], on).expect("state");
    let a = s.allocations[0];
    assert_eq!(a.overdue_interest, rub(100));
    assert_eq!(a.parts().iter().copied().sum::<Money>(), rub(100));
    assert_eq!(
        a.overdue_principal + a.penalty + a.current_interest + a.fees,
        Money::ZERO
    );
    assert_eq!(s.principal, rub(10_000));
}

#[test]
fn overdue_interest_then_overdue_principal_then_penalty() {
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let on = date("2027-01-02"); // two overdue days
    let before = state_on(&c, &[], on).expect("state");
    let pay = before.overdue_interest + rub(10_000) + Money::from_kopecks(100);
    let s = state_on(&c, &[Event::payment(on, pay)], on).expect("state");
    let a = s.allocations[0];
    assert_eq!(a.overdue_interest, before.overdue_interest);
    assert_eq!(a.overdue_principal, rub(10_000));
    assert_eq!(a.penalty, Money::from_kopecks(100));
    assert_eq!(s.penalty, before.penalty - Money::from_kopecks(100));
}

#[test]
fn a_first_loan_repaid_on_time_costs_nothing_and_its_promo_ends_at_the_due_date() {
    let terms = Terms {
        principal: rub(10_000),
        term_days: 30,
        repayment: Repayment::Single,
        daily_rate: dec!(0.8),
        promo_daily_rate: Some(Decimal::ZERO),
    };
    let c = Contract::sign(
        &LegalTable::shipped(),
        terms,
        date("2026-12-01"),
        date("2026-12-01"),
    )
    .expect("lawful");
    assert_eq!(
        state_on(&c, &[], date("2026-12-31")).expect("state").debt,
        rub(10_000)
    );
    let late = state_on(&c, &[], date("2027-01-02")).expect("state");
    assert_eq!(
        late.interest,
        rub(160),
        "two days at 0.8 %, nothing re-priced backwards"
    );
}

#[test]
fn a_prolongation_on_the_due_date_costs_the_accrued_interest_and_moves_the_due_date() {
    let law = LegalTable::shipped();
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let due = date("2026-12-31");
    let offer = prolongation::offer(&law, &c, &[], due, 15, 0).expect("allowed");
    assert_eq!(offer.price, rub(2_400));
    assert_eq!(offer.new_due_date, date("2027-01-15"));
    let events = offer.events();
    let s = state_on(&c, &events, date("2027-01-15")).expect("state");
    assert_eq!(s.due_date, date("2027-01-15"));
    assert_eq!(
        s.principal,
        rub(10_000),
        "unpaid interest is never capitalised"
    );
    assert_eq!(s.interest, rub(1_200));
    assert_eq!(s.status, Status::Active);
    assert_eq!(s.prolongations, 1);
}

#[test]
fn a_prolongation_after_the_due_date_or_beyond_the_yearly_limit_is_refused() {
    let law = LegalTable::shipped();
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    assert_eq!(
        prolongation::offer(&law, &c, &[], date("2027-01-01"), 30, 0),
        Err(Refusal::AfterDueDate)
    );
    assert_eq!(
        prolongation::offer(&law, &c, &[], date("2026-12-10"), 30, 5),
        Err(Refusal::YearlyLimit { limit: 5 })
    );
    assert_eq!(
        prolongation::offer(&law, &c, &[], date("2026-12-01"), 30, 0),
        Err(Refusal::TooEarly)
    );
    assert_eq!(
        prolongation::offer(&law, &c, &[], date("2026-12-10"), 31, 0),
        Err(Refusal::Days)
    );
}

/// 30,000 ₽ at 0.4 % a day, repaid in 4 payments every 14 days from 1 Dec 2026.
fn eight_weeks_of_installments() -> Contract {
    signed_on_1_december(
        Repayment::Installments {
            count: 4,
            every_days: 14,
        },
        30_000,
        56,
        dec!(0.4),
    )
}

/// A contract signed and paid out on 1 December 2026 under the shipped law.
pub(super) fn signed_on_1_december(
    repayment: Repayment,
    principal: i64,
    term_days: u32,
    daily_rate: Decimal,
) -> Contract {
    let terms = Terms {
        principal: rub(principal),
        term_days,
        repayment,
        daily_rate,
        promo_daily_rate: None,
    };
    Contract::sign(
        &LegalTable::shipped(),
        terms,
        date("2026-12-01"),
        date("2026-12-01"),
    )
    .expect("lawful")
}

#[test]
fn installments_are_equal_payments_every_14_days() {
    let c = eight_weeks_of_installments();
    let s = state_on(&c, &[], date("2026-12-01")).expect("state");
    let first = s.next_payment.expect("a payment is due");
    assert_eq!(first.on, date("2026-12-15"));
    // Annuity at 5.6 % a period over 4 periods: 30,000 × 0.056 × 1.056⁴ / (1.056⁴ − 1).
    assert_eq!(first.amount, Money::from_kopecks(857_858));
    let paid = state_on(
        &c,
        &[Event::payment(first.on, first.amount)],
        date("2026-12-15"),
    )
    .expect("state");
    assert_eq!(paid.status, Status::Active);
    assert_eq!(paid.next_payment.map(|n| n.on), Some(date("2026-12-29")));
}

#[test]
fn an_early_partial_payment_can_shorten_the_term_or_lower_the_installment() {
    let c = eight_weeks_of_installments();
    let first = date("2026-12-15");
    let due = state_on(&c, &[], first)
        .expect("state")
        .next_payment
        .expect("due")
        .amount;
    let with = |early| {
        let extra = Event::Payment {
            on: first,
            amount: due + rub(10_000),
            early,
        };
        let next_day = first + Days::new(1);
        state_on(&c, &[extra], next_day)
            .expect("state")
            .next_payment
            .expect("next")
    };
    let smaller = with(EarlyChoice::SmallerInstallment);
    let shorter = with(EarlyChoice::ShorterTerm);
    assert!(smaller.amount < due, "{} < {}", smaller.amount, due);
    assert_eq!(shorter.amount, due, "the installment stays");
}

#[test]
fn an_add_on_refused_within_30_days_is_refunded_to_the_balance() {
    let c = single(10_000, 30, dec!(0.8), "2026-12-01");
    let bought = date("2026-12-01");
    let events = [
        Event::AddonPurchased {
            on: bought,
            addon: 1,
            price: rub(500),
        },
        Event::payment(date("2026-12-05"), rub(10_820)),
        Event::AddonRefused {
            on: date("2026-12-20"),
            addon: 1,
        },
    ];
    let s = state_on(&c, &events, date("2026-12-20")).expect("state");
    assert_eq!(s.fees_charged, Money::ZERO);
    assert_eq!(s.balance, rub(500));
    let late = [
        events[0],
        Event::AddonRefused {
            on: date("2027-01-01"),
            addon: 1,
        },
    ];
    assert!(state_on(&c, &late, date("2027-01-01")).is_err());
}

#[test]
fn a_contract_above_the_psk_ceiling_in_force_is_refused_with_its_psk() {
    // The lender records a lower ceiling (the Bank of Russia's average + 1/3) from 1 Nov 2026.
    let mut rows = LegalTable::shipped().rows().to_vec();
    rows.push(crate::domain::law::DatedValue {
        param: crate::domain::law::Param::PskCeiling,
        from: date("2026-11-01"),
        value: dec!(200),
    });
    let law = LegalTable::new(rows);
    let terms = |rate| Terms {
        principal: rub(30_000),
        term_days: 56,
        repayment: Repayment::Installments {
            count: 4,
            every_days: 14,
        },
        daily_rate: rate,
        promo_daily_rate: None,
    };
    let refused = Contract::sign(
        &law,
        terms(dec!(0.8)),
        date("2026-12-01"),
        date("2026-12-01"),
    );
    assert!(
        matches!(refused, Err(ContractError::PskAboveCeiling { psk, ceiling }) if psk > dec!(291) && ceiling == dec!(200)),
        "{refused:?}"
    );
    assert!(
        Contract::sign(
            &law,
            terms(dec!(0.5)),
            date("2026-12-01"),
            date("2026-12-01")
        )
        .is_ok()
    );
    assert!(
        Contract::sign(
            &law,
            terms(dec!(0.8)),
            date("2026-10-31"),
            date("2026-10-31")
        )
        .is_ok()
    );
}

// ---- properties ----

#[derive(Clone, Debug)]
struct Case {
    contract: Contract,
    events: Vec<Event>,
    on: NaiveDate,
}

fn contracts() -> impl Strategy<Value = Contract> {
    (
        2i64..=200,
        prop_oneof![
            (7u32..=30).prop_map(|d| (d, None)),
            (4u32..=12).prop_map(|n| (n * 14, Some(n)))
        ],
        1u32..=8,
        0u64..1_500,
        any::<bool>(),
    )
        .prop_map(|(steps, (term_days, count), tenths, offset, promo)| {
            // Amounts on the products' 500 ₽ step, as products allow; installments a step below
            // the maximum rate, since their rounded annuity would cross the ПСК ceiling.
            let principal = steps * 500;
            let tenths = if count.is_some() {
                tenths.min(7)
            } else {
                tenths
            };
            let signed = date("2023-07-01") + Days::new(offset);
            let terms = Terms {
                principal: rub(principal),
                term_days,
                repayment: match count {
                    Some(count) => Repayment::Installments {
                        count,
                        every_days: 14,
                    },
                    None => Repayment::Single,
                },
                daily_rate: Decimal::new(i64::from(tenths), 1),
                promo_daily_rate: (promo && count.is_none()).then_some(Decimal::ZERO),
            };
            Contract::sign(&LegalTable::shipped(), terms, signed, signed).expect("lawful")
        })
}

fn cases() -> impl Strategy<Value = Case> {
    (
        contracts(),
        prop::collection::vec((0u64..250, 1i64..3_000_000, any::<bool>()), 0..8),
        0u64..400,
    )
        .prop_map(|(contract, payments, on)| {
            let start = contract.paid_out_on;
            let events = payments
                .into_iter()
                .map(|(day, kopecks, shorter)| Event::Payment {
                    on: start + Days::new(day),
                    amount: Money::from_kopecks(kopecks),
                    early: if shorter {
                        EarlyChoice::ShorterTerm
                    } else {
                        EarlyChoice::SmallerInstallment
                    },
                })
                .collect();
            Case {
                on: start + Days::new(on),
                contract,
                events,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn the_books_always_balance(case in cases()) {
        let Case { contract, events, on } = case;
        let s = state_on(&contract, &events, on).expect("valid events");
        for m in [s.principal, s.overdue_principal, s.interest, s.overdue_interest, s.penalty,
                  s.fees, s.debt, s.interest_accrued, s.penalty_accrued, s.cap_room, s.paid, s.balance] {
            prop_assert!(!m.is_negative(), "negative amount in {s:?}");
        }
        prop_assert!(s.interest_accrued + s.penalty_accrued + s.fees_charged <= s.cap);
        let mut principal = Money::ZERO;
        let mut interest = Money::ZERO;
        let mut penalty = Money::ZERO;
        let mut over = Money::ZERO;
        for a in &s.allocations {
            prop_assert_eq!(a.parts().iter().copied().sum::<Money>(), a.amount);
            prop_assert!(a.parts().iter().all(|p| !p.is_negative()));
            principal += a.principal();
            interest += a.interest();
            penalty += a.penalty;
            over += a.overpayment;
        }
        prop_assert_eq!(s.paid, principal + interest + penalty + over);
        prop_assert_eq!(contract.principal - s.principal, principal);
        prop_assert_eq!(s.interest_accrued - s.interest, interest);
        prop_assert_eq!(s.penalty_accrued - s.penalty, penalty);
        prop_assert_eq!(s.balance, over);
    }

    #[test]
    fn paying_the_whole_debt_leaves_nothing_owed(case in cases()) {
        let Case { contract, mut events, on } = case;
        let before = state_on(&contract, &events, on).expect("valid events");
        if !before.debt.is_zero() {
            events.push(Event::payment(on, before.debt));
        }
        let after = state_on(&contract, &events, on).expect("valid events");
        prop_assert_eq!(after.debt, Money::ZERO);
        prop_assert!(matches!(after.status, Status::Repaid { .. }), "{:?}", after.status);
        prop_assert_eq!(after.next_payment, None);
    }

    #[test]
    fn no_contract_is_signed_above_the_legal_daily_rate(hundredths in 0u32..200, offset in 0u64..1_500) {
        let signed = date("2023-07-01") + Days::new(offset);
        let law = LegalTable::shipped();
        let terms = Terms {
            principal: rub(10_000),
            term_days: 30,
            repayment: Repayment::Single,
            daily_rate: Decimal::new(i64::from(hundredths), 2),
            promo_daily_rate: None,
        };
        let max = law.for_quote(signed).expect("law").max_daily_rate;
        match Contract::sign(&law, terms, signed, signed) {
            Ok(c) => prop_assert!(c.daily_rate <= max),
            Err(_) => prop_assert!(Decimal::new(i64::from(hundredths), 2) > max),
        }
    }

    #[test]
    fn prolongations_move_the_due_date_and_never_touch_the_principal(
        steps in 2i64..=60, term in 7u32..=30, day in 1u64..=30, days in 7u32..=30,
    ) {
        let law = LegalTable::shipped();
        let principal = steps * 500;
        let c = single(principal, term, dec!(0.8), "2026-12-01");
        let on = c.paid_out_on + Days::new(day.min(u64::from(term)));
        let offer = prolongation::offer(&law, &c, &[], on, days, 0).expect("allowed");
        let s = state_on(&c, &offer.events(), on).expect("state");
        prop_assert_eq!(s.due_date, offer.new_due_date);
        prop_assert_eq!(s.principal, rub(principal));
        prop_assert_eq!(s.interest, Money::ZERO);
        prop_assert_eq!(s.status, Status::Active);
    }
}

proptest! {
    #[test]
    fn the_calculator_quote_is_what_the_contract_charges_on_the_due_date(
        repeat in any::<bool>(), steps in 0u32..200, term in 7u32..=30, offset in 0u64..1_500,
    ) {
        use crate::domain::product::Product;
        use crate::domain::quote::{LoanRequest, quote};
        let products = Product::shipped();
        let product = &products[usize::from(repeat)];
        let amount = product.snap_amount(product.amount_min + rub(i64::from(steps) * 500));
        let on = date("2023-07-01") + Days::new(offset);
        let law = LegalTable::shipped();
        let request = LoanRequest { product: product.code, amount, term_days: term, date: on };
        let q = quote(product, &law.for_quote(on).expect("law"), request).expect("lawful");
        let terms = Terms {
            principal: amount,
            term_days: term,
            repayment: Repayment::Single,
            daily_rate: product.daily_rate,
            promo_daily_rate: product.promo_daily_rate,
        };
        let contract = Contract::sign(&law, terms, on, on).expect("lawful");
        let s = state_on(&contract, &[], q.due_date).expect("state");
        prop_assert_eq!(s.debt, q.total);
        prop_assert_eq!(contract.cap, q.cap_rub);
        prop_assert_eq!(super::schedule::psk(&contract, &[]).expect("psk"), Some(q.psk_percent));
    }
}
