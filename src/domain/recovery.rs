//! Who asks to reset a password (PRODUCT.md J3): a phone (then an SMS code) or an email (then a
//! link). Shared by the form in the browser and the server.

use super::email::Email;
use super::phone::Phone;
use super::problem::Problem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResetBy {
    Phone(Phone),
    Email(Email),
}

impl ResetBy {
    /// An address with `@` is taken for an email, anything else for a phone.
    pub fn parse(text: &str) -> Result<ResetBy, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        if text.contains('@') {
            Email::parse(text).map(ResetBy::Email)
        } else {
            Phone::parse(text)
                .map(ResetBy::Phone)
                .map_err(|_| Problem::NotAPhoneOrEmail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_in_any_usual_spelling_or_an_email_is_understood() {
        assert!(matches!(
            ResetBy::parse("8 (912) 345-67-89"),
            Ok(ResetBy::Phone(p)) if p.as_e164() == "+79123456789"
        ));
        assert!(matches!(
            ResetBy::parse(" Ivan@Mail.RU "),
            Ok(ResetBy::Email(e)) if e.as_str() == "Ivan@mail.ru"
        ));
        assert_eq!(ResetBy::parse(""), Err(Problem::Required));
        assert_eq!(ResetBy::parse("ivan"), Err(Problem::NotAPhoneOrEmail));
        assert_eq!(ResetBy::parse("ivan@"), Err(Problem::NotAnEmail));
    }
}
