//! What can be wrong with a value a person typed, and how to say so in their language.
//! A problem names the field it belongs to; it never carries the rejected value itself.

use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::money::Money;

/// Why one field was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    NotAnAmount,
    NotAWholeNumber,
    NotADate,
    /// No legal parameters are in force on that date.
    DateNotCovered,
    UnknownProduct,
    AmountOutOfRange {
        min: Money,
        max: Money,
    },
    AmountOffStep {
        step: Money,
    },
    TermOutOfRange {
        min: u32,
        max: u32,
    },
    TermOffStep {
        step: u32,
    },
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Required, Lang::Ru) => "Заполните это поле".into(),
            (Problem::Required, Lang::En) => "This field is required".into(),
            (Problem::NotAnAmount, Lang::Ru) => "Введите сумму в рублях, например 10000".into(),
            (Problem::NotAnAmount, Lang::En) => "Enter an amount in roubles, e.g. 10000".into(),
            (Problem::NotAWholeNumber, Lang::Ru) => "Введите целое число".into(),
            (Problem::NotAWholeNumber, Lang::En) => "Enter a whole number".into(),
            (Problem::NotADate, Lang::Ru) => "Введите дату в формате ГГГГ-ММ-ДД".into(),
            (Problem::NotADate, Lang::En) => "Enter a date as YYYY-MM-DD".into(),
            (Problem::DateNotCovered, Lang::Ru) => "На эту дату нет действующих условий".into(),
            (Problem::DateNotCovered, Lang::En) => "No terms are in force on that date".into(),
            (Problem::UnknownProduct, Lang::Ru) => "Выберите вид займа".into(),
            (Problem::UnknownProduct, Lang::En) => "Choose a kind of loan".into(),
            (Problem::AmountOutOfRange { min, max }, _) => match lang {
                Lang::Ru => format!("Сумма — от {} до {}", min.display(lang), max.display(lang)),
                Lang::En => format!(
                    "The amount is {} to {}",
                    min.display(lang),
                    max.display(lang)
                ),
            },
            (Problem::AmountOffStep { step }, _) => match lang {
                Lang::Ru => format!("Сумма должна быть кратна {}", step.display(lang)),
                Lang::En => format!("The amount must be a multiple of {}", step.display(lang)),
            },
            (Problem::TermOutOfRange { min, max }, Lang::Ru) => {
                format!("Срок — от {min} до {max} дней")
            }
            (Problem::TermOutOfRange { min, max }, Lang::En) => {
                format!("The term is {min} to {max} days")
            }
            (Problem::TermOffStep { step }, Lang::Ru) => {
                format!("Срок должен быть кратен {step} дням")
            }
            (Problem::TermOffStep { step }, Lang::En) => {
                format!("The term must be a multiple of {step} days")
            }
        }
    }
}

/// A problem with the field it belongs to, as the form names that field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: &str, problem: Problem) -> Self {
        FieldProblem {
            field: field.to_owned(),
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_problem_names_the_range_in_russian() {
        let p = Problem::AmountOutOfRange {
            min: Money::from_roubles(1_000),
            max: Money::from_roubles(30_000),
        };
        assert_eq!(
            p.message(Lang::Ru),
            "Сумма — от 1\u{a0}000,00\u{a0}₽ до 30\u{a0}000,00\u{a0}₽"
        );
        assert!(p.message(Lang::En).starts_with("The amount is"));
    }
}
