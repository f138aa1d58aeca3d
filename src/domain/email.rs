//! An email address (PRODUCT.md §5): one address, at most 254 characters, a domain with a dot.
//! The domain is case-folded; the local part is kept as typed (some servers care).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::problem::Problem;

pub const MAX_LEN: usize = 254;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::Required);
        }
        if text.chars().count() > MAX_LEN {
            return Err(Problem::TooLong { max: MAX_LEN });
        }
        let (local, domain) = text.rsplit_once('@').ok_or(Problem::NotAnEmail)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let domain = domain.to_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.chars().count() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| {
                tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
            });
        if !(local_ok && domain_ok) {
            return Err(Problem::NotAnEmail);
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::text_conversions!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_case_folded_and_the_local_part_kept() {
        assert_eq!(
            Email::parse(" Ivan.Petrov@Mail.RU ").map(String::from),
            Ok("Ivan.Petrov@mail.ru".into())
        );
        assert_eq!(
            Email::parse("anna@почта.рф").map(String::from),
            Ok("anna@почта.рф".into())
        );
    }

    #[test]
    fn anything_but_one_address_with_a_dotted_domain_is_refused() {
        for bad in [
            "ivan",
            "ivan@",
            "@mail.ru",
            "ivan@localhost",
            "ivan@mail.r",
            "a@b@c.ru",
            "ivan petrov@mail.ru",
            "ivan@mail..ru",
            ".ivan@mail.ru",
            "ivan@-mail.ru",
            "ivan@mail.ru, anna@mail.ru",
        ] {
            assert_eq!(Email::parse(bad), Err(Problem::NotAnEmail), "{bad}");
        }
        assert_eq!(Email::parse(""), Err(Problem::Required));
    }

    #[test]
    fn an_address_over_254_characters_is_refused() {
        let long = format!("{}@{}.ru", "a".repeat(60), "b".repeat(200));
        assert_eq!(Email::parse(&long), Err(Problem::TooLong { max: 254 }));
    }
}
