//! Every text kabinet says, in Russian (the default) and English: the screens' tables (here and
//! in account, apply, money), the field problems (problems), the SMS and emails (notices), the
//! errors (errors), counted words with Russian plural rules (plural), and the model texts of the
//! lender's published documents (disclosures). Nothing else holds
//! words a borrower reads; a table missing a text for a language does not compile.

pub mod account;
pub mod apply;
pub mod disclosures;
mod en;
pub mod errors;
pub mod money;
pub mod notices;
pub mod plural;
mod problems;
mod ru;

use leptos::prelude::*;

use crate::domain::lang::Lang;
use crate::domain::product::ProductCode;

/// The words of the screens; one constant per language.
pub struct Texts {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub switch_language: &'static str,
    pub hero_title: &'static str,
    pub hero_lead: &'static str,
    pub calculator_title: &'static str,
    pub product_legend: &'static str,
    pub product_first: &'static str,
    pub product_repeat: &'static str,
    pub product_installment: &'static str,
    pub amount_label: &'static str,
    pub term_label: &'static str,
    pub days_unit: &'static str,
    pub recompute: &'static str,
    pub get_money: &'static str,
    pub quote_title: &'static str,
    pub you_get: &'static str,
    pub interest: &'static str,
    pub total: &'static str,
    pub due_date: &'static str,
    pub daily_rate: &'static str,
    pub psk: &'static str,
    pub psk_rub: &'static str,
    pub cap: &'static str,
    pub installment_payment: &'static str,
    pub payments_count: &'static str,
    pub cap_note: &'static str,
    pub promo_note: &'static str,
    pub rate_after_due: &'static str,
    pub quote_unavailable: &'static str,
    /// A field of the calculator holds what cannot be lent: no quote until it is corrected.
    pub quote_needs_fix: &'static str,
    pub loading: &'static str,
    pub facts_title: &'static str,
    /// The landing page's link to quick payment without login.
    pub quick_link: &'static str,
    pub facts: [&'static str; 4],
    pub footer_legal: &'static str,
    pub signup_title: &'static str,
    pub signup_soon: &'static str,
    pub back_to_calculator: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub home: &'static str,
    pub documents: &'static str,
    pub documents_lead: &'static str,
    /// A model text kabinet ships, not yet the lender's own.
    pub model_note: &'static str,
    /// "Редакция {version} от {date}".
    pub edition: &'static str,
    pub all_documents: &'static str,
    pub complaints_link: &'static str,
    pub show_password: &'static str,
    pub hide_password: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// The picture chosen for upload, before it is sent.
    pub preview_alt: &'static str,
}

impl Texts {
    pub fn product(&self, code: ProductCode) -> &'static str {
        match code {
            ProductCode::First => self.product_first,
            ProductCode::Repeat => self.product_repeat,
            ProductCode::Installment => self.product_installment,
        }
    }
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Ru => &ru::TEXTS,
        Lang::En => &en::TEXTS,
    }
}

/// The language of the page being rendered (provided by the app shell).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

pub fn use_texts() -> &'static Texts {
    texts(use_lang())
}
