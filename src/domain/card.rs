//! Bank cards as the payment gateway's hosted page takes them, and what kabinet may keep of
//! them (PRODUCT.md J2 step 6, §6): the number is checked (16–19 digits, Luhn) and masked on the
//! gateway's side; kabinet keeps a token, the masked number, the holder and the bank. The payout
//! card must belong to the borrower: its embossed Latin name is matched against the borrower's
//! Cyrillic name in `holder`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// A card number: digits only, never printed whole.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

/// Whether `digits` pass the Luhn check.
pub fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl CardNumber {
    pub fn parse(text: &str) -> Result<CardNumber, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        let digits: Option<Vec<u32>> = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_digit(10))
            .collect();
        let digits = digits
            .filter(|d| (16..=19).contains(&d.len()))
            .ok_or(Problem::NotACardNumber)?;
        if !luhn(&digits) {
            return Err(Problem::CardNumberCheck);
        }
        Ok(CardNumber(
            digits.iter().map(|d| char::from(b'0' + *d as u8)).collect(),
        ))
    }

    /// "411111******1111": the first six and the last four, as card receipts show it.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        format!("{}{}{}", &self.0[..6], "*".repeat(n - 10), &self.0[n - 4..])
    }

    /// The digits, for the gateway's own checks only.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({})", self.masked())
    }
}

/// The last day a card works, from "MM/YY" (or "MM/YYYY"); refused when already past `today`.
pub fn expiry(text: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::Required);
    }
    let (month, year) = text.split_once('/').ok_or(Problem::NotAnExpiry)?;
    let month: u32 = month.trim().parse().map_err(|_| Problem::NotAnExpiry)?;
    let year: i32 = match year.trim() {
        y if y.len() == 2 => 2000 + y.parse::<i32>().map_err(|_| Problem::NotAnExpiry)?,
        y if y.len() == 4 => y.parse().map_err(|_| Problem::NotAnExpiry)?,
        _ => return Err(Problem::NotAnExpiry),
    };
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    let last_day = first_of_next
        .and_then(|d| d.pred_opt())
        .ok_or(Problem::NotAnExpiry)?;
    if last_day < today {
        return Err(Problem::CardExpired);
    }
    Ok(last_day)
}

/// Why a card was not bound, as the borrower is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BindingFailure {
    Declined,
    InsufficientFunds,
    NotAuthenticated,
    /// The card is someone else's: its holder is not the borrower.
    HolderMismatch,
}

impl BindingFailure {
    pub fn code(self) -> &'static str {
        match self {
            BindingFailure::Declined => "declined",
            BindingFailure::InsufficientFunds => "insufficient_funds",
            BindingFailure::NotAuthenticated => "not_authenticated",
            BindingFailure::HolderMismatch => "holder_mismatch",
        }
    }

    pub fn from_code(code: &str) -> Option<BindingFailure> {
        [
            BindingFailure::Declined,
            BindingFailure::InsufficientFunds,
            BindingFailure::NotAuthenticated,
            BindingFailure::HolderMismatch,
        ]
        .into_iter()
        .find(|f| f.code() == code)
    }

    pub fn message(self, lang: super::lang::Lang) -> &'static str {
        match self {
            BindingFailure::Declined => lang.pick(
                "Банк отклонил проверку карты. Попробуйте другую карту.",
                "The bank declined the card check. Try another card.",
            ),
            BindingFailure::InsufficientFunds => lang.pick(
                "На карте не хватило средств для проверочного списания 10 ₽ (его сразу возвращают).",
                "The card lacked the funds for the 10 ₽ check charge (refunded at once).",
            ),
            BindingFailure::NotAuthenticated => lang.pick(
                "Подтверждение 3-D Secure не пройдено. Попробуйте ещё раз.",
                "3-D Secure was not passed. Try again.",
            ),
            BindingFailure::HolderMismatch => lang.pick(
                "Карта оформлена не на вас: деньги можно получить только на свою карту.",
                "The card is not in your name: money can only go to your own card.",
            ),
        }
    }
}

/// What kabinet keeps of a bound card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSummary {
    pub masked: String,
    pub holder: String,
    pub bank: String,
    pub expires: NaiveDate,
}

impl CardSummary {
    /// "•••• 1111"
    pub fn short(&self) -> String {
        format!(
            "•••• {}",
            &self.masked[self.masked.len().saturating_sub(4)..]
        )
    }

    pub fn expires_label(&self) -> String {
        format!(
            "{:02}/{:02}",
            self.expires.month(),
            self.expires.year() % 100
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_test_card_number_passes_and_is_masked() {
        let card = CardNumber::parse("4111 1111 1111 1111").expect("valid");
        assert_eq!(card.masked(), "411111******1111");
        assert_eq!(format!("{card:?}"), "CardNumber(411111******1111)");
        assert_eq!(
            CardNumber::parse("4111 1111 1111 1112"),
            Err(Problem::CardNumberCheck)
        );
        assert_eq!(
            CardNumber::parse("4111 1111 1111"),
            Err(Problem::NotACardNumber)
        );
        assert_eq!(
            CardNumber::parse("4111-1111-1111-111x"),
            Err(Problem::NotACardNumber)
        );
        // 19 digits (some Мир cards)
        assert!(CardNumber::parse("2200 0000 0000 0000 004").is_ok());
    }

    #[test]
    fn an_expiry_is_the_last_day_of_its_month() {
        let today = day(2026, 11, 24);
        assert_eq!(expiry("11/26", today), Ok(day(2026, 11, 30)));
        assert_eq!(expiry("12/2030", today), Ok(day(2030, 12, 31)));
        assert_eq!(expiry("10/26", today), Err(Problem::CardExpired));
        assert_eq!(expiry("13/26", today), Err(Problem::NotAnExpiry));
        assert_eq!(expiry("1126", today), Err(Problem::NotAnExpiry));
    }

    proptest! {
        #[test]
        fn any_number_completed_by_its_luhn_digit_passes(body in proptest::collection::vec(0u32..10, 15)) {
            let check = (0..10).find(|c| {
                let mut all = body.clone();
                all.push(*c);
                luhn(&all)
            });
            prop_assert!(check.is_some());
            let mut all = body.clone();
            all.push(check.unwrap_or(0));
            let text: String = all.iter().map(|d| char::from(b'0' + *d as u8)).collect();
            prop_assert!(CardNumber::parse(&text).is_ok());
            let wrong = (all[15] + 1) % 10;
            all[15] = wrong;
            let text: String = all.iter().map(|d| char::from(b'0' + *d as u8)).collect();
            prop_assert_eq!(CardNumber::parse(&text), Err(Problem::CardNumberCheck));
        }
    }
}
