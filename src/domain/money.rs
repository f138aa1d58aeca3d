//! Roubles with kopecks as exact decimals, shared by the browser and the server.
//! Never a float: every amount shown or charged is whole kopecks, rounded half away from zero.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lang::Lang;

/// An amount of roubles, always a whole number of kopecks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Rounds any decimal number of roubles to whole kopecks, half away from zero.
    pub fn from_decimal(roubles: Decimal) -> Self {
        let mut d = roubles.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Money(d)
    }

    pub fn from_roubles(roubles: i64) -> Self {
        Self::from_decimal(Decimal::from(roubles))
    }

    pub fn from_kopecks(kopecks: i64) -> Self {
        Self::from_decimal(Decimal::new(kopecks, 2))
    }

    /// Parses roubles as typed by a person or sent in a form: "10000", "10 000,50", "10000.5".
    /// Refuses fractions of a kopeck rather than rounding what somebody typed.
    pub fn parse(text: &str) -> Option<Self> {
        let cleaned: String = text
            .trim()
            .trim_end_matches('₽')
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_'))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let digits = cleaned.strip_prefix('-').unwrap_or(&cleaned);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let value: Decimal = cleaned.parse().ok()?;
        (value.normalize().scale() <= 2).then(|| Self::from_decimal(value))
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// Whole kopecks, for storage. Amounts above ±92 quadrillion roubles are not money.
    pub fn kopecks(self) -> i64 {
        let k = self.0 * Decimal::ONE_HUNDRED;
        i64::try_from(k).unwrap_or(if k.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `self × percent / 100`, rounded to kopecks: interest, caps, fees.
    pub fn percent(self, percent: Decimal) -> Money {
        Money::from_decimal(self.0 * percent / Decimal::ONE_HUNDRED)
    }

    /// Zero when `self` is below `other`, the difference otherwise.
    pub fn saturating_sub(self, other: Money) -> Money {
        if other >= self {
            Money::ZERO
        } else {
            self - other
        }
    }

    /// "12 400,00 ₽" in Russian, "12,400.00 ₽" in English.
    pub fn display(self, lang: Lang) -> String {
        let (group, point) = match lang {
            Lang::Ru => ('\u{a0}', ','),
            Lang::En => (',', '.'),
        };
        let text = format!("{:.2}", self.0.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(digit);
        }
        let sign = if self.is_negative() { "−" } else { "" };
        format!("{sign}{grouped}{point}{fraction}\u{a0}₽")
    }
}

impl fmt::Display for Money {
    /// The machine form, "12400.00": what the API sends and the store reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Money::parse(&text).ok_or_else(|| serde::de::Error::custom("not an amount of roubles"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_a_kopeck_rounds_away_from_zero() {
        assert_eq!(Money::from_decimal(dec!(0.005)).to_string(), "0.01");
        assert_eq!(Money::from_decimal(dec!(-0.005)).to_string(), "-0.01");
        assert_eq!(Money::from_decimal(dec!(0.0049)).to_string(), "0.00");
        assert_eq!(Money::from_decimal(dec!(2.675)).to_string(), "2.68");
    }

    #[test]
    fn typed_amounts_are_understood_in_the_usual_spellings() {
        assert_eq!(Money::parse("10000"), Some(Money::from_roubles(10_000)));
        assert_eq!(
            Money::parse(" 10 000,50 ₽"),
            Some(Money::from_kopecks(1_000_050))
        );
        assert_eq!(
            Money::parse("10000.5"),
            Some(Money::from_kopecks(1_000_050))
        );
        assert_eq!(
            Money::parse("10000.505"),
            None,
            "a fraction of a kopeck is refused"
        );
        assert_eq!(Money::parse("ten"), None);
        assert_eq!(Money::parse(""), None);
        assert_eq!(Money::parse("1e5"), None);
    }

    #[test]
    fn amounts_are_shown_the_way_each_language_writes_them() {
        let m = Money::from_kopecks(1_240_050);
        assert_eq!(m.display(Lang::Ru), "12\u{a0}400,50\u{a0}₽");
        assert_eq!(m.display(Lang::En), "12,400.50\u{a0}₽");
        assert_eq!(Money::from_roubles(999).display(Lang::Ru), "999,00\u{a0}₽");
        assert_eq!(
            Money::from_roubles(1_000_000).display(Lang::En),
            "1,000,000.00\u{a0}₽"
        );
    }

    #[test]
    fn money_travels_as_a_decimal_string() {
        let json = serde_json::to_string(&Money::from_roubles(12_400)).expect("serialises");
        assert_eq!(json, "\"12400.00\"");
        let back: Money = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, Money::from_roubles(12_400));
    }

    proptest! {
        #[test]
        fn kopecks_round_trip(k in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(Money::from_kopecks(k).kopecks(), k);
            prop_assert_eq!(Money::parse(&Money::from_kopecks(k).to_string()), Some(Money::from_kopecks(k)));
        }

        #[test]
        fn a_percentage_is_never_more_than_half_a_kopeck_off(k in 0i64..10_000_000_000, p in 0u32..100_000) {
            let percent = Decimal::new(p.into(), 3);
            let exact = Decimal::new(k, 2) * percent / Decimal::ONE_HUNDRED;
            let rounded = Money::from_kopecks(k).percent(percent).as_decimal();
            prop_assert!((rounded - exact).abs() <= dec!(0.005));
        }
    }
}
