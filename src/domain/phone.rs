//! A Russian mobile phone number, the borrower's login (PRODUCT.md §5).
//! Any usual spelling is accepted and normalised; the only constructor is `parse`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// Ten digits after +7, starting with 9: stored as "+79XXXXXXXXX".
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts "8 (912) 345-67-89", "+7 912 345 67 89", "79123456789", "9123456789"…
    pub fn parse(text: &str) -> Result<Phone, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()\u{a0}".contains(c))
        {
            return Err(Problem::NotAPhone);
        }
        if text.chars().skip(1).any(|c| c == '+') {
            return Err(Problem::NotAPhone);
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let national = match digits.len() {
            11 if digits.starts_with('7')
                || (digits.starts_with('8') && !text.starts_with('+')) =>
            {
                &digits[1..]
            }
            10 if !text.starts_with('+') => &digits[..],
            _ => return Err(Problem::NotAPhone),
        };
        if !national.starts_with('9') {
            return Err(Problem::NotAMobilePhone);
        }
        Ok(Phone(format!("+7{national}")))
    }

    /// "+79123456789": how it is stored and sent to the SMS provider.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// "+7 912 345-67-89": how it is shown.
    pub fn display(&self) -> String {
        let d = &self.0[2..];
        format!("+7 {} {}-{}-{}", &d[0..3], &d[3..6], &d[6..8], &d[8..10])
    }

    /// "+7 912 ***-**-89": enough for its owner to recognise it, nothing more.
    pub fn masked(&self) -> String {
        let d = &self.0[2..];
        format!("+7 {} ***-**-{}", &d[0..3], &d[8..10])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

super::text_conversions!(Phone);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_usual_spelling_gives_the_same_number() {
        for text in [
            "+7 912 345-67-89",
            "8 (912) 345-67-89",
            "89123456789",
            "+79123456789",
            "79123456789",
            "9123456789",
            " +7(912)3456789 ",
        ] {
            assert_eq!(
                Phone::parse(text).map(|p| p.as_e164().to_owned()),
                Ok("+79123456789".into()),
                "{text}"
            );
        }
    }

    #[test]
    fn landlines_foreign_and_broken_numbers_are_refused() {
        assert_eq!(
            Phone::parse("+7 495 123-45-67"),
            Err(Problem::NotAMobilePhone)
        );
        assert_eq!(Phone::parse("+8 912 345-67-89"), Err(Problem::NotAPhone));
        assert_eq!(Phone::parse("+380 91 234 5678"), Err(Problem::NotAPhone));
        assert_eq!(Phone::parse("912345678"), Err(Problem::NotAPhone));
        assert_eq!(Phone::parse("8912345678a"), Err(Problem::NotAPhone));
        assert_eq!(Phone::parse("+7 912 345+67-89"), Err(Problem::NotAPhone));
        assert_eq!(Phone::parse(""), Err(Problem::Required));
    }

    #[test]
    fn a_number_is_shown_grouped_and_masked() {
        let p = Phone::parse("89123456789").expect("valid");
        assert_eq!(p.display(), "+7 912 345-67-89");
        assert_eq!(p.masked(), "+7 912 ***-**-89");
    }

    proptest! {
        #[test]
        fn a_normalised_number_parses_to_itself(n in 9_000_000_000u64..10_000_000_000) {
            let p = Phone::parse(&n.to_string()).expect("a mobile number");
            prop_assert_eq!(Phone::parse(p.as_e164()), Ok(p.clone()));
            prop_assert_eq!(Phone::parse(&p.display()), Ok(p));
        }
    }
}
