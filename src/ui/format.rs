//! How numbers and dates look on screen in each language.
//! Display only: nothing parsed back from these strings.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::lang::Lang;

/// DD.MM.YYYY in Russian, YYYY-MM-DD in English.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    d.format(lang.pick("%d.%m.%Y", "%Y-%m-%d")).to_string()
}

/// A percentage with `decimals` places and the language's decimal mark: "292,000 %".
pub fn percent(lang: Lang, value: Decimal, decimals: u32) -> String {
    let text = format!("{:.*}", decimals as usize, value);
    let text = if lang == Lang::Ru {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text}\u{a0}%")
}

/// Whole roubles as typed in an input: "10000".
pub fn roubles_input(m: crate::domain::money::Money) -> String {
    m.as_decimal().trunc().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn russian_dates_read_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(date(Lang::Ru, d), "31.12.2026");
        assert_eq!(date(Lang::En, d), "2026-12-31");
    }

    #[test]
    fn russian_percentages_use_a_decimal_comma() {
        assert_eq!(percent(Lang::Ru, dec!(292), 3), "292,000\u{a0}%");
        assert_eq!(percent(Lang::En, dec!(0.8), 1), "0.8\u{a0}%");
    }
}
