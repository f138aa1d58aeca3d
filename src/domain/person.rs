//! A person's names as the passport writes them (PRODUCT.md §5): Cyrillic letters, hyphen,
//! space and apostrophe, 1–60 characters, trimmed; a Latin letter anywhere is refused.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::problem::Problem;

pub const MAX_LEN: usize = 60;

/// One name: a surname, a first name or a patronymic.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

impl Name {
    pub fn parse(text: &str) -> Result<Name, Problem> {
        // Runs of spaces become one; the ends are trimmed.
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Problem::Required);
        }
        if name.chars().count() > MAX_LEN {
            return Err(Problem::TooLong { max: MAX_LEN });
        }
        if name.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(Problem::LatinInName);
        }
        let allowed = |c: char| is_cyrillic(c) || matches!(c, '-' | ' ' | '\'' | '’');
        let starts_and_ends_with_letters = name.chars().next().is_some_and(is_cyrillic)
            && name.chars().last().is_some_and(is_cyrillic);
        if !name.chars().all(allowed) || !starts_and_ends_with_letters {
            return Err(Problem::NotAName);
        }
        Ok(Name(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::text_conversions!(Name);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_names_with_hyphens_spaces_and_apostrophes_are_accepted() {
        for ok in [
            "Иванов",
            "Салтыков-Щедрин",
            "Мария Анна",
            "Д'Артаньян",
            "Ёлкин",
            "Оглы",
        ] {
            assert_eq!(Name::parse(ok).map(String::from), Ok(ok.to_owned()), "{ok}");
        }
        assert_eq!(
            Name::parse("  Анна   Мария ").map(String::from),
            Ok("Анна Мария".into())
        );
    }

    #[test]
    fn latin_letters_even_one_that_looks_cyrillic_are_refused() {
        assert_eq!(Name::parse("Ivanov"), Err(Problem::LatinInName));
        // A Latin "o" hidden among Cyrillic letters.
        assert_eq!(Name::parse("Ивaнов"), Err(Problem::LatinInName));
    }

    #[test]
    fn digits_symbols_and_empty_names_are_refused() {
        assert_eq!(Name::parse("Иван2"), Err(Problem::NotAName));
        assert_eq!(Name::parse("-Иван"), Err(Problem::NotAName));
        assert_eq!(Name::parse("Иван!"), Err(Problem::NotAName));
        assert_eq!(Name::parse("   "), Err(Problem::Required));
        assert_eq!(
            Name::parse(&"Я".repeat(61)),
            Err(Problem::TooLong { max: 60 })
        );
        assert!(Name::parse(&"Я".repeat(60)).is_ok());
    }
}
