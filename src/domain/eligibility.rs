//! Who may borrow, and when the money may go out (PRODUCT.md §4.1 limits and §4.6): pure
//! functions that return every reason for a refusal, so the borrower is told all of them at once.

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

use super::law::{LegalTable, Param};
use super::money::Money;

pub const MIN_AGE: u32 = 18;
pub const MAX_AGE: u32 = 75;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applicant {
    pub birth_date: NaiveDate,
    pub citizen_of_russia: bool,
    /// A self-ban on loans registered with the credit bureaus.
    pub self_ban: bool,
}

/// The applicant's loans, here and (through the bureaus) elsewhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// ПСК in % a year of each loan still open.
    pub open_loans_psk: Vec<Decimal>,
    /// Loans of up to 30 days taken in the year before the application.
    pub short_loans_in_year: u32,
    /// When a loan with ПСК above 100 % was last repaid in full.
    pub last_expensive_repaid_on: Option<NaiveDate>,
}

/// The loan applied for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Application {
    pub on: NaiveDate,
    pub term_days: u32,
    pub psk_percent: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Reason {
    #[error("borrowers are {MIN_AGE} to {MAX_AGE} years old")]
    Age,
    #[error("loans are for citizens of Russia")]
    NotCitizen,
    #[error("a self-ban on loans is registered")]
    SelfBan,
    #[error("another loan is still open")]
    OpenLoan,
    #[error("at most {limit} loans of up to 30 days a year")]
    ShortLoansPerYear { limit: u32 },
    #[error("at most {limit} open loans with ПСК above {above} %")]
    ExpensiveLoansOpen { above: Decimal, limit: u32 },
    #[error("a new loan is possible from {from}")]
    PauseAfterRepayment { from: NaiveDate },
}

/// Full years between `birth` and `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

fn count(law: &LegalTable, param: Param, on: NaiveDate) -> Option<u32> {
    law.value(param, on).and_then(|v| u32::try_from(v).ok())
}

/// Every reason the application cannot be accepted; empty when it can.
pub fn refusals(
    law: &LegalTable,
    who: &Applicant,
    history: &History,
    loan: Application,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let on = loan.on;
    if !(MIN_AGE..=MAX_AGE).contains(&age_on(who.birth_date, on)) {
        reasons.push(Reason::Age);
    }
    if !who.citizen_of_russia {
        reasons.push(Reason::NotCitizen);
    }
    if who.self_ban {
        reasons.push(Reason::SelfBan);
    }
    // The lender's own rule: one open loan at a time.
    if !history.open_loans_psk.is_empty() {
        reasons.push(Reason::OpenLoan);
    }
    let short = law
        .value(Param::ShortLoanMaxDays, on)
        .is_some_and(|max| Decimal::from(loan.term_days) <= max);
    if let Some(limit) = count(law, Param::ShortLoansPerYear, on).filter(|_| short)
        && history.short_loans_in_year >= limit
    {
        reasons.push(Reason::ShortLoansPerYear { limit });
    }
    for (param, above) in [
        (Param::OpenLoansAbove200, dec!(200)),
        (Param::OpenLoansAbove100, dec!(100)),
    ] {
        let Some(limit) = count(law, param, on) else {
            continue;
        };
        let open = history
            .open_loans_psk
            .iter()
            .filter(|psk| **psk > above)
            .count();
        if loan.psk_percent > above && open >= limit as usize {
            reasons.push(Reason::ExpensiveLoansOpen { above, limit });
        }
    }
    if let (Some(days), Some(repaid)) = (
        law.value(Param::PauseAfterExpensiveDays, on),
        history.last_expensive_repaid_on,
    ) {
        let from = repaid + Days::new(u64::try_from(days).unwrap_or(0));
        if loan.psk_percent > dec!(100) && on < from {
            reasons.push(Reason::PauseAfterRepayment { from });
        }
    }
    reasons
}

/// Hours a signed loan of `amount` must wait before payout (the cooling-off period).
pub fn cooling_off_hours(law: &LegalTable, signed_on: NaiveDate, amount: Money) -> u32 {
    let amount = amount.as_decimal();
    let value = |p| law.value(p, signed_on);
    let hours = |p| count(law, p, signed_on).unwrap_or(0);
    match (
        value(Param::CoolingOffMidFrom),
        value(Param::CoolingOffHighAbove),
    ) {
        (_, Some(high)) if amount > high => hours(Param::CoolingOffHighHours),
        (Some(mid), _) if amount >= mid => hours(Param::CoolingOffMidHours),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn adult() -> Applicant {
        Applicant {
            birth_date: date("1990-05-20"),
            citizen_of_russia: true,
            self_ban: false,
        }
    }

    fn loan(on: &str) -> Application {
        Application {
            on: date(on),
            term_days: 30,
            psk_percent: dec!(292),
        }
    }

    #[test]
    fn an_adult_citizen_without_loans_may_borrow() {
        assert_eq!(
            refusals(
                &LegalTable::shipped(),
                &adult(),
                &History::default(),
                loan("2026-12-01")
            ),
            []
        );
    }

    #[test]
    fn a_17_year_old_is_refused_until_the_18th_birthday() {
        let law = LegalTable::shipped();
        let who = Applicant {
            birth_date: date("2008-12-02"),
            ..adult()
        };
        assert_eq!(
            refusals(&law, &who, &History::default(), loan("2026-12-01")),
            [Reason::Age]
        );
        assert_eq!(
            refusals(&law, &who, &History::default(), loan("2026-12-02")),
            []
        );
    }

    #[test]
    fn a_76_year_old_is_refused_and_a_75_year_old_is_not() {
        let law = LegalTable::shipped();
        let who = Applicant {
            birth_date: date("1951-06-01"),
            ..adult()
        };
        assert_eq!(
            refusals(&law, &who, &History::default(), loan("2027-05-31")),
            []
        );
        assert_eq!(
            refusals(&law, &who, &History::default(), loan("2027-06-01")),
            [Reason::Age]
        );
    }

    #[test]
    fn every_reason_is_given_at_once() {
        let who = Applicant {
            self_ban: true,
            citizen_of_russia: false,
            ..adult()
        };
        let history = History {
            open_loans_psk: vec![dec!(250), dec!(250)],
            ..History::default()
        };
        let reasons = refusals(&LegalTable::shipped(), &who, &history, loan("2026-12-01"));
        assert_eq!(
            reasons,
            [
                Reason::NotCitizen,
                Reason::SelfBan,
                Reason::OpenLoan,
                Reason::ExpensiveLoansOpen {
                    above: dec!(200),
                    limit: 2
                }
            ]
        );
    }

    #[test]
    fn the_tenth_short_loan_in_a_year_is_refused() {
        let history = History {
            short_loans_in_year: 9,
            ..History::default()
        };
        assert_eq!(
            refusals(
                &LegalTable::shipped(),
                &adult(),
                &history,
                loan("2026-12-01")
            ),
            [Reason::ShortLoansPerYear { limit: 9 }]
        );
    }

    #[test]
    fn the_pause_after_an_expensive_loan_starts_in_2027() {
        let law = LegalTable::shipped();
        let history = History {
            last_expensive_repaid_on: Some(date("2027-02-01")),
            ..History::default()
        };
        assert_eq!(
            refusals(&law, &adult(), &history, loan("2027-02-03")),
            [Reason::PauseAfterRepayment {
                from: date("2027-02-04")
            }]
        );
        assert_eq!(refusals(&law, &adult(), &history, loan("2027-02-04")), []);
        let before = History {
            last_expensive_repaid_on: Some(date("2026-12-01")),
            ..History::default()
        };
        assert_eq!(refusals(&law, &adult(), &before, loan("2026-12-02")), []);
    }

    #[test]
    fn big_loans_wait_4_or_48_hours_before_payout() {
        let law = LegalTable::shipped();
        let on = date("2026-12-01");
        assert_eq!(cooling_off_hours(&law, on, Money::from_roubles(49_999)), 0);
        assert_eq!(cooling_off_hours(&law, on, Money::from_roubles(50_000)), 4);
        assert_eq!(cooling_off_hours(&law, on, Money::from_roubles(200_000)), 4);
        assert_eq!(
            cooling_off_hours(&law, on, Money::from_roubles(200_001)),
            48
        );
        assert_eq!(
            cooling_off_hours(&law, date("2025-08-31"), Money::from_roubles(100_000)),
            0
        );
    }
}
