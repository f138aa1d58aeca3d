//! Identity documents as the questionnaire takes them (PRODUCT.md §5): SNILS with its check
//! number, INN of a person with its two check digits, and the passport (series, number, issue
//! date after the 14th birthday and not in the future, division code NNN-NNN). Spaces and
//! dashes people type are allowed and dropped.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::problem::Problem;
use super::text_conversions;

/// The digits of `text` when everything else in it is a space or a dash.
fn digits(text: &str) -> Option<Vec<u32>> {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
        .map(|c| c.to_digit(10))
        .collect()
}

fn joined(digits: &[u32]) -> String {
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

/// СНИЛС: 11 digits, the last two a check number of the first nine.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Snils(String);

/// The check number of SNILS's first nine digits (Pension Fund rules): each digit times its
/// position counted from the right, summed; below 100 it is the sum, 100 and 101 give 0, above
/// 101 the remainder by 101 (again 0 for 100).
pub fn snils_check(first_nine: &[u32]) -> u32 {
    let sum: u32 = first_nine
        .iter()
        .enumerate()
        .map(|(i, d)| d * (9 - i as u32))
        .sum();
    match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => match sum % 101 {
            100 => 0,
            r => r,
        },
    }
}

impl Snils {
    pub fn parse(text: &str) -> Result<Snils, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        let d = digits(text)
            .filter(|d| d.len() == 11)
            .ok_or(Problem::NotASnils)?;
        let check = d[9] * 10 + d[10];
        if snils_check(&d[..9]) != check {
            return Err(Problem::SnilsCheck);
        }
        Ok(Snils(joined(&d)))
    }

    /// "123-456-789 64"
    pub fn display(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{} {}", &s[0..3], &s[3..6], &s[6..9], &s[9..11])
    }
}

/// A person's ИНН: 12 digits, the last two check digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Inn(String);

const INN_WEIGHTS_11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN_WEIGHTS_12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn inn_digit(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11 % 10
}

/// The two check digits of a person's INN from its first ten.
pub fn inn_check(first_ten: &[u32]) -> (u32, u32) {
    let eleventh = inn_digit(first_ten, &INN_WEIGHTS_11);
    let mut eleven = first_ten.to_vec();
    eleven.push(eleventh);
    (eleventh, inn_digit(&eleven, &INN_WEIGHTS_12))
}

impl Inn {
    pub fn parse(text: &str) -> Result<Inn, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        let d = digits(text)
            .filter(|d| d.len() == 12)
            .ok_or(Problem::NotAnInn)?;
        if inn_check(&d[..10]) != (d[10], d[11]) {
            return Err(Problem::InnCheck);
        }
        Ok(Inn(joined(&d)))
    }
}

/// Series (4 digits) and number (6 digits) of a Russian passport.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PassportNumber {
    series: String,
    number: String,
}

impl PassportNumber {
    pub fn parse(series: &str, number: &str) -> Result<PassportNumber, (&'static str, Problem)> {
        let series_digits = digits(series)
            .filter(|d| d.len() == 4)
            .ok_or(("passport_series", Problem::NotAPassportSeries))?;
        let number_digits = digits(number)
            .filter(|d| d.len() == 6)
            .ok_or(("passport_number", Problem::NotAPassportNumber))?;
        Ok(PassportNumber {
            series: joined(&series_digits),
            number: joined(&number_digits),
        })
    }

    /// (series, number) as digits.
    pub fn parts(&self) -> (&str, &str) {
        (&self.series, &self.number)
    }

    /// "4510 123456": how bureaus key their answers.
    pub fn as_key(&self) -> String {
        format!("{} {}", self.series, self.number)
    }
}

/// "Код подразделения": NNN-NNN.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(String);

impl DivisionCode {
    pub fn parse(text: &str) -> Result<DivisionCode, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        let d = digits(text)
            .filter(|d| d.len() == 6)
            .ok_or(Problem::NotADivisionCode)?;
        let d = joined(&d);
        Ok(DivisionCode(format!("{}-{}", &d[..3], &d[3..])))
    }
}

/// The 14th birthday of someone born on `birth` (29 February: 1 March when the year has none).
pub fn fourteenth_birthday(birth: NaiveDate) -> NaiveDate {
    let year = birth.year() + 14;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(birth)
}

/// A passport is issued from the 14th birthday on, and never after `today`.
pub fn check_issue_date(
    issued: NaiveDate,
    birth: NaiveDate,
    today: NaiveDate,
) -> Result<(), Problem> {
    if issued > today {
        return Err(Problem::IssuedInFuture);
    }
    if issued < fourteenth_birthday(birth) {
        return Err(Problem::IssuedBefore14);
    }
    Ok(())
}

// Personal data never prints: logs and panics show only that there was one.
macro_rules! secret_debug {
    ($type:ident) => {
        impl fmt::Debug for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($type), "(…)"))
            }
        }
    };
}
secret_debug!(Snils);
secret_debug!(Inn);
secret_debug!(PassportNumber);

text_conversions!(Snils);
text_conversions!(Inn);
text_conversions!(DivisionCode);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_real_shaped_snils_passes_and_a_wrong_check_number_is_named() {
        // 112-233-445 95: 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95
        assert_eq!(
            Snils::parse("112-233-445 95").map(|s| s.display()),
            Ok("112-233-445 95".into())
        );
        assert_eq!(
            Snils::parse("11223344595").map(|s| s.0),
            Ok("11223344595".into())
        );
        assert_eq!(Snils::parse("112-233-445 96"), Err(Problem::SnilsCheck));
        assert_eq!(Snils::parse("112-233-445"), Err(Problem::NotASnils));
        assert_eq!(Snils::parse("112-233-44a 95"), Err(Problem::NotASnils));
        assert_eq!(Snils::parse(" "), Err(Problem::Required));
    }

    #[test]
    fn snils_sums_of_100_and_above_follow_the_rule() {
        assert_eq!(snils_check(&[0, 0, 0, 0, 0, 0, 0, 5, 0]), 10); // 5·2
        assert_eq!(snils_check(&[9, 2, 0, 0, 0, 0, 0, 0, 3]), 0); // 81 + 16 + 3 = 100
        assert_eq!(snils_check(&[9, 2, 0, 0, 0, 0, 0, 0, 4]), 0); // 101
        assert_eq!(snils_check(&[9, 2, 0, 0, 0, 0, 0, 0, 5]), 1); // 102 mod 101
        assert_eq!(snils_check(&[9, 9, 0, 8, 0, 0, 0, 0, 0]), 0); // 201 mod 101 = 100 → 0
        assert_eq!(snils_check(&[9; 9]), 1); // 405 mod 101
    }

    #[test]
    fn a_person_inn_with_right_check_digits_passes() {
        // 500100732259 is a published sample of a person's INN.
        assert!(Inn::parse("500100732259").is_ok());
        assert_eq!(Inn::parse("500100732258"), Err(Problem::InnCheck));
        assert_eq!(Inn::parse("5001007322"), Err(Problem::NotAnInn));
    }

    #[test]
    fn a_passport_is_four_and_six_digits_and_a_division_code_three_and_three() {
        assert_eq!(
            PassportNumber::parse("45 10", "123456").map(|p| p.as_key()),
            Ok("4510 123456".into())
        );
        assert_eq!(
            PassportNumber::parse("451", "123456").err().map(|e| e.0),
            Some("passport_series")
        );
        assert_eq!(
            PassportNumber::parse("4510", "12345").err().map(|e| e.0),
            Some("passport_number")
        );
        assert_eq!(
            DivisionCode::parse("770001").map(String::from),
            Ok("770-001".into())
        );
        assert_eq!(
            DivisionCode::parse("770-01"),
            Err(Problem::NotADivisionCode)
        );
    }

    #[test]
    fn a_passport_issued_before_the_14th_birthday_or_in_the_future_is_refused() {
        let birth = date(2000, 5, 20);
        let today = date(2026, 11, 24);
        assert_eq!(
            check_issue_date(date(2014, 5, 19), birth, today),
            Err(Problem::IssuedBefore14)
        );
        assert_eq!(check_issue_date(date(2014, 5, 20), birth, today), Ok(()));
        assert_eq!(
            check_issue_date(date(2026, 11, 25), birth, today),
            Err(Problem::IssuedInFuture)
        );
        assert_eq!(fourteenth_birthday(date(2008, 2, 29)), date(2022, 3, 1));
    }

    #[test]
    fn personal_data_does_not_print() {
        let snils = Snils::parse("112-233-445 95").expect("valid");
        assert_eq!(format!("{snils:?}"), "Snils(…)");
    }

    proptest! {
        #[test]
        fn any_nine_digits_with_their_check_number_make_a_snils(first in proptest::collection::vec(0u32..10, 9)) {
            let check = snils_check(&first);
            let text = format!("{}{:02}", joined(&first), check);
            prop_assert!(Snils::parse(&text).is_ok());
            let wrong = format!("{}{:02}", joined(&first), (check + 1) % 100);
            prop_assert_eq!(Snils::parse(&wrong), Err(Problem::SnilsCheck));
        }

        #[test]
        fn any_ten_digits_with_their_check_digits_make_an_inn(first in proptest::collection::vec(0u32..10, 10)) {
            let (a, b) = inn_check(&first);
            let text = format!("{}{a}{b}", joined(&first));
            prop_assert!(Inn::parse(&text).is_ok());
            let wrong = format!("{}{a}{}", joined(&first), (b + 1) % 10);
            prop_assert_eq!(Inn::parse(&wrong), Err(Problem::InnCheck));
        }
    }
}
