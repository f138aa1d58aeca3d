//! A new password (PRODUCT.md §5): 8–128 characters of any kind, not the phone number.
//! The check against the list of common passwords is the server's (the list is too big to ship
//! to browsers); a `Password` never prints its text.

use std::fmt;

use super::phone::Phone;
use super::problem::Problem;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks a password typed twice, against the phone it will log in with.
    pub fn parse(text: &str, repeated: &str, phone: Option<&Phone>) -> Result<Password, Problem> {
        if text.is_empty() {
            return Err(Problem::Required);
        }
        let length = text.chars().count();
        if !(MIN_LEN..=MAX_LEN).contains(&length) {
            return Err(Problem::PasswordLength {
                min: MIN_LEN,
                max: MAX_LEN,
            });
        }
        if let Some(phone) = phone
            && Phone::parse(text).is_ok_and(|typed| &typed == phone)
        {
            return Err(Problem::PasswordIsPhone);
        }
        if text != repeated {
            return Err(Problem::PasswordsDiffer);
        }
        Ok(Password(text.to_owned()))
    }

    /// The text, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone() -> Phone {
        Phone::parse("+79123456789").expect("valid")
    }

    #[test]
    fn any_characters_from_8_to_128_are_a_password() {
        assert!(Password::parse("пароль 1!", "пароль 1!", Some(&phone())).is_ok());
        assert_eq!(
            Password::parse("short7!", "short7!", None),
            Err(Problem::PasswordLength { min: 8, max: 128 })
        );
        let long = "я".repeat(129);
        assert_eq!(
            Password::parse(&long, &long, None),
            Err(Problem::PasswordLength { min: 8, max: 128 })
        );
        let longest = "я".repeat(128);
        assert!(Password::parse(&longest, &longest, None).is_ok());
    }

    #[test]
    fn the_phone_number_in_any_spelling_is_not_a_password() {
        for typed in ["89123456789", "+7 912 345-67-89", "9123456789"] {
            assert_eq!(
                Password::parse(typed, typed, Some(&phone())),
                Err(Problem::PasswordIsPhone),
                "{typed}"
            );
        }
    }

    #[test]
    fn the_two_typings_must_agree_and_the_text_never_prints() {
        assert_eq!(
            Password::parse("correct horse", "correct hors", None),
            Err(Problem::PasswordsDiffer)
        );
        let p = Password::parse("correct horse", "correct horse", None).expect("valid");
        assert_eq!(format!("{p:?}"), "Password(…)");
    }
}
