//! Counted words in each language: Russian has three forms (1 день, 2 дня, 5 дней; 21 день,
//! 11 дней), English two. Every text that says a count takes its word from here.

use crate::domain::lang::Lang;

/// A word's forms: Russian one / few / many, English one / other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    pub ru: [&'static str; 3],
    pub en: [&'static str; 2],
}

pub const DAYS: Counted = Counted {
    ru: ["день", "дня", "дней"],
    en: ["day", "days"],
};

pub const SECONDS: Counted = Counted {
    ru: ["секунду", "секунды", "секунд"],
    en: ["second", "seconds"],
};

pub const MINUTES: Counted = Counted {
    ru: ["минуту", "минуты", "минут"],
    en: ["minute", "minutes"],
};

pub const HOURS: Counted = Counted {
    ru: ["час", "часа", "часов"],
    en: ["hour", "hours"],
};

pub const ATTEMPTS: Counted = Counted {
    ru: ["попытка", "попытки", "попыток"],
    en: ["attempt", "attempts"],
};

pub const PAYMENTS: Counted = Counted {
    ru: ["платёж", "платежа", "платежей"],
    en: ["payment", "payments"],
};

impl Counted {
    /// The word for `n` in `lang`: "дней" for 5, "day" for 1.
    pub fn word(self, lang: Lang, n: u64) -> &'static str {
        match lang {
            Lang::Ru => self.ru[russian_form(n)],
            Lang::En => self.en[usize::from(n != 1)],
        }
    }

    /// `n` and its word: "5 дней", "1 day".
    pub fn count(self, lang: Lang, n: u64) -> String {
        format!("{n} {}", self.word(lang, n))
    }
}

/// Russian's form for `n`: 0 for 1, 21, 101…; 1 for 2–4, 22–24…; 2 for the rest (11–14 too).
fn russian_form(n: u64) -> usize {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => 0,
        (2..=4, r) if !(12..=14).contains(&r) => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn russian_days_take_their_three_forms() {
        let said = |n| DAYS.count(Lang::Ru, n);
        assert_eq!(said(1), "1 день");
        assert_eq!(said(2), "2 дня");
        assert_eq!(said(5), "5 дней");
        assert_eq!(said(11), "11 дней");
        assert_eq!(said(14), "14 дней");
        assert_eq!(said(21), "21 день");
        assert_eq!(said(22), "22 дня");
        assert_eq!(said(111), "111 дней");
        assert_eq!(said(0), "0 дней");
    }

    #[test]
    fn english_has_one_and_other() {
        assert_eq!(DAYS.count(Lang::En, 1), "1 day");
        assert_eq!(DAYS.count(Lang::En, 21), "21 days");
    }

    proptest! {
        #[test]
        fn the_russian_form_depends_only_on_the_last_two_digits(n in 0u64..1_000_000) {
            prop_assert_eq!(russian_form(n), russian_form(n % 100));
        }
    }
}
