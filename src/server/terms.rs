//! The individual terms (индивидуальные условия, PRODUCT.md J2 step 9) as one self-contained
//! HTML document: the ПСК frame at the top right of the first page, the cap clause before the
//! table of terms, the table in the order of the Bank of Russia's form, the schedule and the
//! add-ons with their prices. The text is a pure function of its inputs, so the same loan always
//! gives the same bytes and the same SHA-256, which the signing code is bound to.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::domain::addons::Chosen;
use crate::domain::lang::Lang;
use crate::domain::loan::contract::{Contract, Repayment};
use crate::domain::loan::schedule::ScheduledPayment;
use crate::domain::money::Money;
use crate::server::secrets::to_hex;

/// Everything the document says.
pub struct TermsDocument<'a> {
    pub lender: &'a str,
    /// The application's id: the contract's number.
    pub number: &'a str,
    pub date: NaiveDate,
    pub borrower: &'a str,
    pub contract: &'a Contract,
    pub schedule: &'a [ScheduledPayment],
    pub psk_percent: Decimal,
    pub add_ons: &'a Chosen,
    /// Where the money goes: "карту 411111******1111" or "счёт … в банке с БИК …".
    pub payout_to: &'a str,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn rub(m: Money) -> String {
    m.display(Lang::Ru)
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

impl TermsDocument<'_> {
    pub fn total(&self) -> Money {
        self.schedule.iter().map(|p| p.total).sum()
    }

    /// The document as signed.
    pub fn html(&self) -> String {
        let c = self.contract;
        let total = self.total();
        let charges = total - c.principal;
        let due = self.schedule.last().map_or(c.original_due_date(), |p| p.on);
        let rate = match c.promo_daily_rate {
            Some(promo) => format!(
                "{promo} % в день по {} включительно; {} % в день после этой даты",
                date(c.original_due_date()),
                c.daily_rate
            ),
            None => format!("{} % в день", c.daily_rate),
        };
        let payments = match c.repayment {
            Repayment::Single => format!("Один платёж {} — {}", rub(total), date(due)),
            Repayment::Installments { count, every_days } => format!(
                "{count} платежей каждые {every_days} дней по графику ниже, всего {}",
                rub(total)
            ),
        };
        let schedule: String = self
            .schedule
            .iter()
            .map(|p| {
                format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    date(p.on),
                    rub(p.principal),
                    rub(p.charges),
                    rub(p.total)
                )
            })
            .collect();
        let add_ons = if self.add_ons.items().is_empty() {
            "<p>Услуги за отдельную плату не выбраны.</p>".to_owned()
        } else {
            let rows: String = self
                .add_ons
                .items()
                .iter()
                .map(|a| {
                    format!(
                        "<tr><td>{}</td><td>{}</td></tr>",
                        escape(a.name(Lang::Ru)),
                        rub(a.price())
                    )
                })
                .collect();
            format!(
                "<table><tr><th>Услуга</th><th>Цена</th></tr>{rows}</table>\
                 <p>Заёмщик вправе отказаться от услуги в течение {} календарных дней.</p>",
                c.addon_refusal_days
            )
        };
        format!(
            r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Индивидуальные условия № {number}</title>
<style>
body {{ font: 11pt/1.4 serif; max-width: 48em; margin: 2em auto; }}
.psk {{ float: right; border: 2px solid #000; padding: .5em 1em; margin: 0 0 1em 1em; text-align: center; }}
.psk strong {{ display: block; font-size: 14pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}
td, th {{ border: 1px solid #000; padding: .3em .5em; vertical-align: top; text-align: left; }}
</style></head><body>
<div class="psk" id="psk">Полная стоимость займа<strong>{psk} % годовых</strong><strong>{charges}</strong></div>
<h1>Индивидуальные условия договора потребительского займа № {number}</h1>
<p>{date}. Кредитор: {lender}. Заёмщик: {borrower}.</p>
<p id="cap">После того как сумма начисленных процентов, неустойки (штрафов, пеней), иных мер
ответственности, а также платежей за услуги, оказываемые кредитором заёмщику за отдельную плату,
достигнет {cap} (предельный размер по договору), их начисление прекращается. Кредитор не вправе
начислять их сверх этого размера.</p>
<table id="terms">
<tr><th>№</th><th>Условие</th><th>Содержание</th></tr>
<tr><td>1</td><td>Сумма займа</td><td>{principal}</td></tr>
<tr><td>2</td><td>Срок действия договора, срок возврата займа</td><td>До полного исполнения обязательств; заём возвращается {due_date} ({term} дн.)</td></tr>
<tr><td>4</td><td>Процентная ставка</td><td>{rate}</td></tr>
<tr><td>6</td><td>Количество, размер и периодичность платежей</td><td>{payments}</td></tr>
<tr><td>8</td><td>Способы исполнения обязательств</td><td>Картой в личном кабинете, банковским переводом по реквизитам кредитора</td></tr>
<tr><td>12</td><td>Ответственность заёмщика</td><td>Неустойка {penalty} % годовых на просроченную сумму основного долга, пока начисляются проценты, и {penalty_daily} % в день, когда не начисляются</td></tr>
<tr><td>15</td><td>Услуги за отдельную плату</td><td>{add_ons_total}</td></tr>
<tr><td>17</td><td>Способ получения займа</td><td>Перевод на {payout_to}</td></tr>
</table>
<h2>График платежей</h2>
<table id="schedule"><tr><th>Дата</th><th>Основной долг</th><th>Проценты и услуги</th><th>Всего</th></tr>{schedule}</table>
<h2>Услуги за отдельную плату</h2>
{add_ons}
<p>Подписано простой электронной подписью: кодом из SMS, привязанным к хешу этого документа и сумме займа.</p>
</body></html>
"#,
            number = escape(self.number),
            psk = self.psk_percent.round_dp(3),
            charges = rub(charges),
            date = date(self.date),
            lender = escape(self.lender),
            borrower = escape(self.borrower),
            cap = rub(c.cap),
            principal = rub(c.principal),
            due_date = date(due),
            term = c.term_days,
            penalty = c.penalty_yearly,
            penalty_daily = c.penalty_daily_without_interest,
            add_ons_total = if self.add_ons.items().is_empty() {
                "Нет".to_owned()
            } else {
                rub(self.add_ons.total())
            },
            payout_to = escape(self.payout_to),
        )
    }
}

/// The document's SHA-256, in hex: what the signing code is bound to.
pub fn sha256(html: &str) -> String {
    sha256_bytes(html.as_bytes())
}

pub fn sha256_bytes(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}
