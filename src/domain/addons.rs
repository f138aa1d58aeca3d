//! Optional add-on services (PRODUCT.md J2 step 8, J12): each has its price in roubles and its
//! own unticked consent. A ticked add-on is bought on the payout day and repaid with the loan,
//! so it counts toward the cap and the ПСК; it may be refused within the legal window.

use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::loan::event::Event;
use super::money::Money;
use super::problem::Problem;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddOn {
    /// Accident insurance for the loan's term.
    Insurance,
    /// Reports and alerts from the credit bureaus on the borrower's history.
    CreditReport,
}

impl AddOn {
    pub const ALL: [AddOn; 2] = [AddOn::Insurance, AddOn::CreditReport];

    pub fn code(self) -> &'static str {
        match self {
            AddOn::Insurance => "insurance",
            AddOn::CreditReport => "credit_report",
        }
    }

    /// The number the loan engine's events carry.
    pub fn number(self) -> u32 {
        match self {
            AddOn::Insurance => 1,
            AddOn::CreditReport => 2,
        }
    }

    pub fn from_code(code: &str) -> Option<AddOn> {
        AddOn::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn price(self) -> Money {
        match self {
            AddOn::Insurance => Money::from_roubles(590),
            AddOn::CreditReport => Money::from_roubles(290),
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AddOn::Insurance, Lang::Ru) => "Страхование от несчастного случая на срок займа",
            (AddOn::Insurance, Lang::En) => "Accident insurance for the loan's term",
            (AddOn::CreditReport, Lang::Ru) => "Кредитный отчёт и оповещения о запросах в бюро",
            (AddOn::CreditReport, Lang::En) => "Credit report and alerts on bureau queries",
        }
    }
}

/// The add-ons a borrower ticked, each once, in the catalogue's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chosen(Vec<AddOn>);

impl Chosen {
    /// Reads the ticked codes; an unknown code is refused rather than ignored.
    pub fn parse<S: AsRef<str>>(codes: &[S]) -> Result<Chosen, Problem> {
        let mut chosen = Vec::new();
        for code in codes
            .iter()
            .map(|c| c.as_ref().trim())
            .filter(|c| !c.is_empty())
        {
            chosen.push(AddOn::from_code(code).ok_or(Problem::ChooseOne)?);
        }
        Ok(Chosen(
            AddOn::ALL
                .into_iter()
                .filter(|a| chosen.contains(a))
                .collect(),
        ))
    }

    /// Stored as the codes joined by commas.
    pub fn to_codes(&self) -> String {
        self.0
            .iter()
            .map(|a| a.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_codes(text: &str) -> Chosen {
        Chosen(text.split(',').filter_map(AddOn::from_code).collect())
    }

    pub fn items(&self) -> &[AddOn] {
        &self.0
    }

    pub fn total(&self) -> Money {
        self.0.iter().map(|a| a.price()).sum()
    }

    /// The purchases as the loan engine records them, on the payout day.
    pub fn events(&self, on: chrono::NaiveDate) -> Vec<Event> {
        self.0
            .iter()
            .map(|a| Event::AddonPurchased {
                on,
                addon: a.number(),
                price: a.price(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_add_ons_are_read_once_in_order_and_unknown_ones_refused() {
        let chosen = Chosen::parse(&["credit_report", "insurance", "insurance"]).expect("known");
        assert_eq!(chosen.items(), &[AddOn::Insurance, AddOn::CreditReport]);
        assert_eq!(chosen.total(), Money::from_roubles(880));
        assert_eq!(Chosen::from_codes(&chosen.to_codes()), chosen);
        assert_eq!(Chosen::parse(&["casino"]), Err(Problem::ChooseOne));
        assert_eq!(Chosen::parse::<&str>(&[]), Ok(Chosen::default()));
        assert_eq!(Chosen::from_codes(""), Chosen::default());
    }
}
