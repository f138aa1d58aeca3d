//! Short documents of a loan's life after payout — the supplementary agreement of a
//! prolongation and the receipt of a payment — as HTML and as a PDF with the same text (the
//! individual terms' PDF writer, DejaVu Sans). A paper is a title, paragraphs and a table of
//! label–value rows; the same inputs always give the same HTML, so its SHA-256 can be signed.

use super::pdf::{MARGIN, PAGE_W, Pdf};
use super::terms::escape;
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::server::store::loans::LoanRow;
use crate::server::store::payments::{PaymentRow, Purpose};

pub struct Paper {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub rows: Vec<(String, String)>,
    /// A closing line (the signature's note).
    pub note: String,
}

impl Paper {
    pub fn html(&self) -> String {
        let paragraphs: String = self
            .paragraphs
            .iter()
            .map(|p| format!("<p>{}</p>\n", escape(p)))
            .collect();
        let rows: String = self
            .rows
            .iter()
            .map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>\n", escape(k), escape(v)))
            .collect();
        format!(
            r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>
body {{ font: 11pt/1.4 serif; max-width: 48em; margin: 1em auto; padding: 0 1em; overflow-wrap: anywhere; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}
td, th {{ border: 1px solid #000; padding: .3em .5em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }}
</style></head><body>
<h1>{title}</h1>
{paragraphs}<table>
{rows}</table>
<p>{note}</p>
</body></html>
"#,
            title = escape(&self.title),
            note = escape(&self.note),
        )
    }

    pub fn pdf(&self) -> anyhow::Result<Vec<u8>> {
        let mut pdf = Pdf::new()?;
        let full = PAGE_W - 2.0 * MARGIN;
        pdf.paragraph(&self.title, 13.0, true, full);
        for p in &self.paragraphs {
            pdf.paragraph(p, 10.0, false, full);
        }
        for (k, v) in &self.rows {
            pdf.paragraph(&format!("{k}: {v}"), 10.0, false, full);
        }
        pdf.paragraph(&self.note, 10.0, false, full);
        pdf.finish()
    }
}

/// What a payment covered of the debt, from its ledger lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Covered {
    pub principal: Money,
    pub interest: Money,
    pub penalty: Money,
    pub services: Money,
    /// Kept for the borrower, refundable.
    pub overpayment: Money,
}

/// The receipt of a credited payment: who paid (the borrower), from which card, when, how
/// much, and what of the debt it covered.
pub fn receipt(
    lender: &str,
    payment: &PaymentRow,
    loan: &LoanRow,
    (borrower, card, at): (&str, Option<&str>, Option<&str>),
    covered: &Covered,
) -> Option<Paper> {
    let on = payment.credited_on?;
    let what = match payment.purpose {
        Purpose::Repay => "Погашение займа",
        Purpose::Prolong { .. } => "Проценты при продлении займа",
    };
    let parts: Vec<String> = [
        ("основной долг", covered.principal),
        ("проценты", covered.interest),
        ("неустойка", covered.penalty),
        ("услуги", covered.services),
        ("переплата (вернём по запросу)", covered.overpayment),
    ]
    .into_iter()
    .filter(|(_, m)| !m.is_zero())
    .map(|(name, m)| format!("{name} {}", m.display(Lang::Ru)))
    .collect();
    let method = match (payment.method.as_str(), card) {
        ("card", Some(card)) => format!("привязанная карта {card}"),
        ("card", None) => "привязанная карта".into(),
        (_, Some(card)) => format!("карта {card} на странице платёжного шлюза"),
        _ => "карта на странице платёжного шлюза".into(),
    };
    Some(Paper {
        title: format!("Квитанция об оплате № {}", payment.id),
        paragraphs: vec![format!(
            "{lender} получил платёж по договору займа № {}.",
            loan.application_id
        )],
        rows: vec![
            ("Заёмщик".into(), borrower.to_owned()),
            (
                "Дата и время".into(),
                at.map_or_else(|| on.format("%d.%m.%Y").to_string(), str::to_owned),
            ),
            ("Сумма".into(), payment.amount.display(Lang::Ru)),
            ("Назначение".into(), what.into()),
            (
                "Зачтено в счёт".into(),
                if parts.is_empty() {
                    "—".into()
                } else {
                    parts.join("; ")
                },
            ),
            ("Способ".into(), method),
            (
                "Номер операции в платёжном шлюзе".into(),
                payment.gateway_ref.clone().unwrap_or_else(|| "—".into()),
            ),
        ],
        note: "Квитанция сформирована автоматически.".into(),
    })
}
