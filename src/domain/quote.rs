//! The loan quote of the calculator (PRODUCT.md J1): interest, total, due date, ПСК and the cap.
//! The browser computes it for instant feedback; the server computes it again, and only the
//! server's quote goes into a contract.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::law::QuoteLaw;
use super::loan::contract::{Contract, ContractError, Priced};
use super::loan::schedule::ScheduledPayment;
use super::money::Money;
use super::problem::{FieldProblem, Problem};
use super::product::{Product, ProductCode};

/// What a borrower asks for, already parsed against a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRequest {
    pub product: ProductCode,
    pub amount: Money,
    pub term_days: u32,
    pub date: NaiveDate,
}

impl LoanRequest {
    /// Parses the calculator's fields against the product they name. Every field is checked,
    /// and every problem is reported with the form's name for its field.
    pub fn parse<'p>(
        products: &'p [Product],
        product: &str,
        amount: &str,
        term_days: &str,
        date: NaiveDate,
    ) -> Result<(LoanRequest, &'p Product), Vec<FieldProblem>> {
        let code =
            ProductCode::parse(product).map_err(|p| vec![FieldProblem::new("product", p)])?;
        let product = products
            .iter()
            .find(|p| p.code == code)
            .ok_or_else(|| vec![FieldProblem::new("product", Problem::UnknownProduct)])?;
        let amount = product
            .amount(amount)
            .map_err(|p| FieldProblem::new("amount", p));
        let term = product
            .term(term_days)
            .map_err(|p| FieldProblem::new("term_days", p));
        match (amount, term) {
            (Ok(amount), Ok(term_days)) => Ok((
                LoanRequest {
                    product: code,
                    amount,
                    term_days,
                    date,
                },
                product,
            )),
            (amount, term) => Err(amount.err().into_iter().chain(term.err()).collect()),
        }
    }
}

impl LoanRequest {
    /// The loan nearest to the one asked for that `products` (a borrower's, by their tier) lend:
    /// the product named if it is theirs, else their first; the amount and term brought inside
    /// its range and onto its steps (its defaults where unreadable). How a link made for anyone
    /// (the landing page offers every product) becomes a loan this borrower can apply for. The
    /// flag tells whether anything was changed. `None` only when `products` is empty.
    pub fn fit<'p>(
        products: &'p [Product],
        product: &str,
        amount: &str,
        term_days: &str,
        date: NaiveDate,
    ) -> Option<(LoanRequest, &'p Product, bool)> {
        let named = ProductCode::parse(product).ok();
        let chosen = products
            .iter()
            .find(|p| Some(p.code) == named)
            .or(products.first())?;
        let wanted_amount = Money::parse(amount);
        let wanted_term = term_days.trim().parse::<u32>().ok();
        let amount = chosen.nearest_amount(wanted_amount.unwrap_or(chosen.default_amount));
        let term = chosen.nearest_term(wanted_term.unwrap_or(chosen.default_term_days));
        let changed = named != Some(chosen.code)
            || wanted_amount != Some(amount)
            || wanted_term != Some(term);
        let request = LoanRequest {
            product: chosen.code,
            amount,
            term_days: term,
            date,
        };
        Some((request, chosen, changed))
    }
}

/// A priced loan: what the borrower receives, pays and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub product: ProductCode,
    pub amount: Money,
    pub term_days: u32,
    /// % a day charged when the loan is repaid on time.
    pub daily_rate: Decimal,
    /// % a day after the due date, when it differs (the first-loan promo ends at the due date).
    pub rate_after_due: Option<Decimal>,
    pub interest: Money,
    pub total: Money,
    /// The last payment's date.
    pub due_date: NaiveDate,
    /// % a year, three decimals.
    pub psk_percent: Decimal,
    pub psk_rub: Money,
    /// The most interest, penalties, fees and services can ever add up to.
    pub cap_rub: Money,
    /// Every payment, each made on its date (one for a single-payment loan).
    pub payments: Vec<ScheduledPayment>,
}

/// Why a product cannot be quoted at all: the lender's configuration breaks the law.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unlawful {
    #[error(transparent)]
    Contract(#[from] ContractError),
}

/// Prices a loan repaid on schedule: the contract it would be, its payments and its ПСК.
pub fn quote(product: &Product, law: &QuoteLaw, request: LoanRequest) -> Result<Quote, Unlawful> {
    let LoanRequest {
        amount,
        term_days,
        date,
        ..
    } = request;
    let Priced {
        contract,
        payments,
        psk,
    } = Contract::priced_with_schedule(law, product.terms(amount, term_days), date)?;
    let total: Money = payments.iter().map(|p| p.total).sum();
    let daily_rate = contract.rate_on(date);
    Ok(Quote {
        product: request.product,
        amount,
        term_days,
        daily_rate,
        rate_after_due: (daily_rate != product.daily_rate).then_some(product.daily_rate),
        interest: total - amount,
        total,
        due_date: payments
            .last()
            .map_or(contract.original_due_date(), |p| p.on),
        psk_percent: psk,
        psk_rub: total - amount,
        cap_rub: contract.cap,
        payments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::law::LegalTable;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    fn price(product: &str, amount: &str, term: &str, on: &str) -> Quote {
        let products = Product::shipped();
        let (request, product) =
            LoanRequest::parse(&products, product, amount, term, date(on)).expect("valid request");
        let law = LegalTable::shipped()
            .for_quote(request.date)
            .expect("law in force");
        quote(product, &law, request).expect("a lawful product")
    }

    #[test]
    fn a_loan_asked_for_is_fitted_to_the_products_the_borrower_may_take() {
        let shipped = Product::shipped();
        let first_only: Vec<Product> = shipped
            .iter()
            .filter(|p| p.code == ProductCode::First)
            .cloned()
            .collect();
        let on = date("2026-12-01");
        let fit = |products: &[Product], product: &str, amount: &str, term: &str| {
            let (request, _, changed) =
                LoanRequest::fit(products, product, amount, term, on).expect("a product");
            (request.product, request.amount, request.term_days, changed)
        };
        // A newcomer who picked the repeat loan's 100 000 ₽ gets the first loan's ceiling.
        assert_eq!(
            fit(&first_only, "repeat", "100000", "30"),
            (ProductCode::First, Money::from_roubles(30_000), 30, true)
        );
        // What the product lends is kept as it is.
        assert_eq!(
            fit(&shipped, "first", "5000", "14"),
            (ProductCode::First, Money::from_roubles(5_000), 14, false)
        );
        // Off the step, below the range, unreadable: the nearest the product lends.
        assert_eq!(
            fit(&shipped, "first", "1750", "3"),
            (ProductCode::First, Money::from_roubles(1_500), 7, true)
        );
        assert_eq!(
            fit(&shipped, "installment", "много", "60"),
            (
                ProductCode::Installment,
                Money::from_roubles(50_000),
                56,
                true
            )
        );
        assert!(LoanRequest::fit(&[], "first", "5000", "14", on).is_none());
    }

    proptest! {
        /// Whatever is asked for, the fitted loan is one its product accepts.
        #[test]
        fn a_fitted_loan_is_always_one_the_product_accepts(
            product in "(first|repeat|installment|x)",
            amount in "[0-9]{0,7}",
            term in "[0-9]{0,4}",
        ) {
            let products = Product::shipped();
            let (request, chosen, _) =
                LoanRequest::fit(&products, &product, &amount, &term, date("2026-12-01"))
                    .expect("a product");
            prop_assert_eq!(chosen.check_amount(request.amount), Ok(request.amount));
            prop_assert_eq!(chosen.check_term(request.term_days), Ok(request.term_days));
        }
    }

    #[test]
    fn a_repeat_loan_of_10000_for_30_days_costs_2400_and_292_percent() {
        let q = price("repeat", "10000", "30", "2026-12-01");
        assert_eq!(q.interest, Money::from_roubles(2_400));
        assert_eq!(q.total, Money::from_roubles(12_400));
        assert_eq!(q.due_date, date("2026-12-31"));
        assert_eq!(q.psk_percent, dec!(292.000));
        assert_eq!(q.psk_rub, Money::from_roubles(2_400));
        assert_eq!(q.daily_rate, dec!(0.8));
        assert_eq!(q.rate_after_due, None);
    }

    #[test]
    fn a_first_loan_repaid_on_time_costs_nothing() {
        let q = price("first", "10000", "30", "2026-12-01");
        assert_eq!(q.interest, Money::ZERO);
        assert_eq!(q.total, Money::from_roubles(10_000));
        assert_eq!(q.psk_percent, dec!(0.000));
        assert_eq!(q.rate_after_due, Some(dec!(0.8)));
    }

    #[test]
    fn the_cap_is_130_percent_before_april_2026_and_100_percent_after() {
        assert_eq!(
            price("repeat", "20000", "30", "2026-03-31").cap_rub,
            Money::from_roubles(26_000)
        );
        assert_eq!(
            price("repeat", "20000", "30", "2026-04-01").cap_rub,
            Money::from_roubles(20_000)
        );
    }

    #[test]
    fn a_small_short_loan_is_capped_at_15_percent() {
        let q = price("repeat", "10000", "15", "2026-12-01");
        assert_eq!(q.cap_rub, Money::from_roubles(1_500));
        assert_eq!(q.interest, Money::from_roubles(1_200));
        assert_eq!(
            price("repeat", "10500", "15", "2026-12-01").cap_rub,
            Money::from_roubles(10_500)
        );
    }

    #[test]
    fn an_installment_loan_is_quoted_with_its_payments_every_14_days() {
        let q = price("installment", "50000", "84", "2026-12-01");
        assert_eq!(q.payments.len(), 6);
        assert_eq!(q.payments[0].on, date("2026-12-15"));
        assert_eq!(q.due_date, date("2027-02-23"));
        assert_eq!(
            q.payments.iter().map(|p| p.principal).sum::<Money>(),
            Money::from_roubles(50_000)
        );
        assert_eq!(q.total, q.amount + q.interest);
        assert!(
            (q.psk_percent - dec!(146)).abs() < dec!(0.01),
            "{}",
            q.psk_percent
        );
    }

    #[test]
    fn a_loan_over_new_year_is_due_the_next_year() {
        assert_eq!(
            price("repeat", "5000", "7", "2026-12-28").due_date,
            date("2027-01-04")
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let products = Product::shipped();
        let err = LoanRequest::parse(&products, "first", "999999", "3", date("2026-12-01"))
            .expect_err("both fields are out of range");
        let fields: Vec<&str> = err.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["amount", "term_days"]);
        let err = LoanRequest::parse(&products, "vip", "1000", "7", date("2026-12-01"))
            .expect_err("unknown product");
        assert_eq!(
            err,
            vec![FieldProblem::new("product", Problem::UnknownProduct)]
        );
    }

    #[test]
    fn a_product_above_the_legal_rate_is_refused() {
        let mut product = Product::shipped().remove(1);
        product.daily_rate = dec!(0.9);
        let law = LegalTable::shipped()
            .for_quote(date("2026-12-01"))
            .expect("law");
        let request = LoanRequest {
            product: product.code,
            amount: Money::from_roubles(10_000),
            term_days: 30,
            date: date("2026-12-01"),
        };
        assert!(matches!(
            quote(&product, &law, request),
            Err(Unlawful::Contract(ContractError::RateAboveMaximum { .. }))
        ));
    }

    proptest! {
        #[test]
        fn every_quote_of_a_shipped_product_is_lawful_and_adds_up(
            which in 0usize..3,
            steps in 0u32..200,
            term in 7u32..=30,
            day in 0u64..2000,
        ) {
            let products = Product::shipped();
            let product = &products[which];
            let term = product.snap_term(term);
            let amount = product.snap_amount(
                product.amount_min + Money::from_roubles(i64::from(steps) * 500));
            let on = date("2023-07-01") + chrono::Days::new(day);
            let law = LegalTable::shipped().for_quote(on).expect("law");
            let request = LoanRequest { product: product.code, amount, term_days: term, date: on };
            let q = quote(product, &law, request).expect("shipped products are lawful");
            prop_assert_eq!(q.total, q.amount + q.interest);
            prop_assert!(q.interest <= q.cap_rub);
            prop_assert!(!q.interest.is_negative());
            prop_assert!(q.psk_percent <= law.psk_ceiling);
            prop_assert_eq!(q.psk_rub, q.interest);
        }
    }
}
