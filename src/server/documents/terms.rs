//! The individual terms (индивидуальные условия, PRODUCT.md J2 step 9) as one self-contained
//! HTML document and as a PDF with the same text: the ПСК frame at the top right of the first
//! page, the cap clause before the table of terms, the table in the order of the Bank of
//! Russia's form, the schedule and the add-ons with their prices. The text is a pure function of
//! its inputs, so the same loan always gives the same HTML and the same SHA-256, which the
//! signing code is bound to; the PDF carries that hash.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::pdf::{MARGIN, PAGE_W, Pdf};
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

/// The document's text, before it is laid out as HTML or PDF.
struct Content {
    title: String,
    psk: [String; 3],
    intro: String,
    cap: String,
    terms: Vec<[String; 3]>,
    schedule_head: [&'static str; 4],
    schedule: Vec<[String; 4]>,
    add_ons: Vec<[String; 2]>,
    add_ons_note: String,
    signature_note: &'static str,
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn rub(m: Money) -> String {
    m.display(Lang::Ru)
}

/// A decimal as Russian documents write it: "0,4", "158,707".
fn num(d: Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

/// A ПСК as the law writes it and the calculator shows it: three decimals, "292,000".
fn percent3(d: Decimal) -> String {
    format!("{:.3}", d.round_dp(3)).replace('.', ",")
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn row<const N: usize>(cells: &[String; N]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!("<td>{}</td>", escape(c)))
        .collect();
    format!("<tr>{cells}</tr>")
}

impl TermsDocument<'_> {
    pub fn total(&self) -> Money {
        self.schedule.iter().map(|p| p.total).sum()
    }

    fn content(&self) -> Content {
        let c = self.contract;
        let total = self.total();
        let due = self.schedule.last().map_or(c.original_due_date(), |p| p.on);
        let rate = match c.promo_daily_rate {
            Some(promo) => format!(
                "{} % в день по {} включительно; {} % в день после этой даты",
                num(promo),
                date(c.original_due_date()),
                num(c.daily_rate)
            ),
            None => format!("{} % в день", num(c.daily_rate)),
        };
        let payments = match c.repayment {
            Repayment::Single => format!("Один платёж {} — {}", rub(total), date(due)),
            Repayment::Installments { count, every_days } => format!(
                "Платежей: {count}, каждые {every_days} дней, по графику ниже; всего {}",
                rub(total)
            ),
        };
        let term = |n: &str, name: &str, text: String| [n.to_owned(), name.to_owned(), text];
        Content {
            title: format!(
                "Индивидуальные условия договора потребительского займа № {}",
                self.number
            ),
            psk: [
                "Полная стоимость займа".into(),
                format!("{} % годовых", percent3(self.psk_percent)),
                rub(total - c.principal),
            ],
            intro: format!(
                "{}. Кредитор: {}. Заёмщик: {}.",
                date(self.date),
                self.lender,
                self.borrower
            ),
            cap: format!(
                "После того как сумма начисленных процентов, неустойки (штрафов, пеней), иных мер \
                 ответственности, а также платежей за услуги, оказываемые кредитором заёмщику за \
                 отдельную плату, достигнет {} (предельный размер по договору), их начисление \
                 прекращается. Кредитор не вправе начислять их сверх этого размера.",
                rub(c.cap)
            ),
            // Every row of the Bank of Russia's form of individual terms, in its order; a row
            // that does not apply to this loan says so rather than being left out.
            terms: vec![
                term(
                    "1",
                    "Сумма займа или лимит кредитования и порядок его изменения",
                    format!(
                        "{}; лимит кредитования не устанавливается",
                        rub(c.principal)
                    ),
                ),
                term(
                    "2",
                    "Срок действия договора, срок возврата займа",
                    format!(
                        "Договор действует до полного исполнения обязательств; заём \
                         возвращается {} (срок займа {} дн.)",
                        date(due),
                        c.term_days
                    ),
                ),
                term(
                    "3",
                    "Валюта, в которой предоставляется заём",
                    "Российский рубль".into(),
                ),
                term(
                    "4",
                    "Процентная ставка (процентные ставки) в процентах годовых",
                    rate,
                ),
                term(
                    "5",
                    "Порядок определения курса иностранной валюты при переводе денежных \
                     средств кредитором третьему лицу, указанному заёмщиком",
                    "Не применяется: заём предоставляется и возвращается в рублях".into(),
                ),
                term(
                    "6",
                    "Количество, размер и периодичность (сроки) платежей заёмщика по договору \
                     или порядок определения этих платежей",
                    payments,
                ),
                term(
                    "7",
                    "Порядок изменения количества, размера и периодичности (сроков) платежей \
                     заёмщика при частичном досрочном возврате займа",
                    match c.repayment {
                        Repayment::Single => "Частичный досрочный возврат уменьшает основной \
                            долг; проценты начисляются на остаток за фактический срок \
                            пользования займом"
                            .into(),
                        Repayment::Installments { .. } => "По выбору заёмщика уменьшается \
                            размер оставшихся платежей или срок займа; новый график \
                            публикуется в личном кабинете"
                            .into(),
                    },
                ),
                term(
                    "8",
                    "Способы исполнения заёмщиком денежных обязательств по договору",
                    "Картой в личном кабинете или на странице платёжного шлюза; банковским \
                     переводом по реквизитам кредитора"
                        .into(),
                ),
                term(
                    "8.1",
                    "Бесплатный способ исполнения заёмщиком обязательств по договору",
                    "Банковский перевод по реквизитам кредитора (кредитор не взимает плату)".into(),
                ),
                term(
                    "9",
                    "Обязанность заёмщика заключить иные договоры",
                    "Не применяется".into(),
                ),
                term(
                    "10",
                    "Обязанность заёмщика по предоставлению обеспечения исполнения \
                     обязательств по договору и требования к такому обеспечению",
                    "Не применяется".into(),
                ),
                term(
                    "11",
                    "Цели использования заёмщиком потребительского займа",
                    "Не установлены".into(),
                ),
                term(
                    "12",
                    "Ответственность заёмщика за ненадлежащее исполнение условий договора, \
                     размер неустойки (штрафа, пени) или порядок их определения",
                    format!(
                        "Неустойка {} % годовых на просроченную сумму основного долга, пока \
                         начисляются проценты, и {} % в день, когда не начисляются",
                        num(c.penalty_yearly),
                        num(c.penalty_daily_without_interest)
                    ),
                ),
                term(
                    "13",
                    "Условие об уступке кредитором третьим лицам прав (требований) по договору",
                    "Кредитор вправе уступить права (требования) по договору третьим лицам, \
                     если это не запрещено законом; заёмщик может запретить уступку, сообщив \
                     об этом до подписания договора"
                        .into(),
                ),
                term(
                    "14",
                    "Согласие заёмщика с общими условиями договора",
                    format!(
                        "Заёмщик ознакомлен с общими условиями договора потребительского займа \
                         {} (опубликованы на странице /documents/general-terms) и согласен с ними",
                        self.lender
                    ),
                ),
                term(
                    "15",
                    "Услуги, оказываемые кредитором заёмщику за отдельную плату и необходимые \
                     для заключения договора, их цена или порядок её определения, а также \
                     согласие заёмщика на оказание таких услуг",
                    if self.add_ons.items().is_empty() {
                        "Не применяется".to_owned()
                    } else {
                        format!(
                            "Выбраны заёмщиком по его согласию, не обязательны для получения \
                             займа: {} (перечень ниже)",
                            rub(self.add_ons.total())
                        )
                    },
                ),
                term(
                    "16",
                    "Способ обмена информацией между кредитором и заёмщиком",
                    "Через личный кабинет, по SMS и электронной почте, указанным заёмщиком".into(),
                ),
                term(
                    "17",
                    "Способ получения займа",
                    format!("Перевод на {}", self.payout_to),
                ),
            ],
            schedule_head: ["Дата", "Основной долг", "Проценты и услуги", "Всего"],
            schedule: self
                .schedule
                .iter()
                .map(|p| [date(p.on), rub(p.principal), rub(p.charges), rub(p.total)])
                .collect(),
            add_ons: self
                .add_ons
                .items()
                .iter()
                .map(|a| [a.name(Lang::Ru).to_owned(), rub(a.price())])
                .collect(),
            add_ons_note: if self.add_ons.items().is_empty() {
                "Услуги за отдельную плату не выбраны.".into()
            } else {
                format!(
                    "Заёмщик вправе отказаться от услуги в течение {} календарных дней.",
                    c.addon_refusal_days
                )
            },
            // True before and after signing: the signature itself is on record, not in the text
            // it signs.
            signature_note: "Документ подписывается простой электронной подписью заёмщика: \
                             кодом из SMS, привязанным к хешу этого документа и сумме займа.",
        }
    }

    /// The document as signed.
    pub fn html(&self) -> String {
        let c = self.content();
        let terms: String = c.terms.iter().map(row).collect();
        let schedule: String = c.schedule.iter().map(row).collect();
        let head: String = c
            .schedule_head
            .iter()
            .map(|h| format!("<th>{h}</th>"))
            .collect();
        let add_ons = if c.add_ons.is_empty() {
            String::new()
        } else {
            let rows: String = c.add_ons.iter().map(row).collect();
            format!("<table><tr><th>Услуга</th><th>Цена</th></tr>{rows}</table>")
        };
        format!(
            r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>
body {{ font: 11pt/1.4 serif; max-width: 48em; margin: 1em auto; padding: 0 1em; overflow-wrap: anywhere; }}
.psk {{ float: right; border: 2px solid #000; padding: .5em 1em; margin: 0 0 1em 1em; text-align: center; }}
.psk strong {{ display: block; font-size: 14pt; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}
td, th {{ border: 1px solid #000; padding: .3em .5em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }}
</style></head><body>
<div class="psk" id="psk">{psk0}<strong>{psk1}</strong><strong>{psk2}</strong></div>
<h1>{title}</h1>
<p>{intro}</p>
<p id="cap">{cap}</p>
<table id="terms">
<tr><th>№</th><th>Условие</th><th>Содержание</th></tr>
{terms}
</table>
<h2>График платежей</h2>
<table id="schedule"><tr>{head}</tr>{schedule}</table>
<h2>Услуги за отдельную плату</h2>
{add_ons}<p>{add_ons_note}</p>
<p>{signature_note}</p>
</body></html>
"#,
            title = escape(&c.title),
            psk0 = escape(&c.psk[0]),
            psk1 = escape(&c.psk[1]),
            psk2 = escape(&c.psk[2]),
            intro = escape(&c.intro),
            cap = escape(&c.cap),
            add_ons_note = escape(&c.add_ons_note),
            signature_note = c.signature_note,
        )
    }

    /// The same text as a PDF (A4, DejaVu Sans), ending with the HTML's SHA-256.
    pub fn pdf(&self, html_sha256: &str) -> anyhow::Result<Vec<u8>> {
        let c = self.content();
        let mut pdf = Pdf::new()?;
        // The ПСК frame, top right of the first page.
        let (frame_w, frame_h) = (170.0, 58.0);
        let frame_x = PAGE_W - MARGIN - frame_w;
        pdf.frame(frame_x, MARGIN, frame_w, frame_h);
        for (i, line) in c.psk.iter().enumerate() {
            let size = if i == 0 { 9.0 } else { 12.0 };
            pdf.text_at(
                frame_x + 10.0,
                MARGIN + 16.0 + 17.0 * i as f32,
                size,
                line,
                i > 0,
            );
        }
        pdf.paragraph(&c.title, 13.0, true, PAGE_W - 2.0 * MARGIN - frame_w - 15.0);
        pdf.y = pdf.y.max(MARGIN + frame_h + 12.0);
        let full = PAGE_W - 2.0 * MARGIN;
        pdf.paragraph(&c.intro, 10.0, false, full);
        pdf.paragraph(&c.cap, 10.0, false, full);
        for [n, name, text] in &c.terms {
            pdf.paragraph(&format!("{n}. {name}: {text}"), 10.0, false, full);
        }
        pdf.paragraph("График платежей", 11.0, true, full);
        pdf.paragraph(&c.schedule_head.join(" · "), 9.0, true, full);
        for payment in &c.schedule {
            pdf.paragraph(&payment.join(" · "), 10.0, false, full);
        }
        pdf.paragraph("Услуги за отдельную плату", 11.0, true, full);
        for [name, price] in &c.add_ons {
            pdf.paragraph(&format!("{name} — {price}"), 10.0, false, full);
        }
        pdf.paragraph(&c.add_ons_note, 10.0, false, full);
        pdf.paragraph(c.signature_note, 10.0, false, full);
        pdf.paragraph(
            &format!("SHA-256 подписанного документа (HTML): {html_sha256}"),
            8.0,
            false,
            full,
        );
        pdf.finish()
    }
}

/// The document's SHA-256, in hex: what the signing code is bound to.
pub fn sha256(html: &str) -> String {
    sha256_bytes(html.as_bytes())
}

pub fn sha256_bytes(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}
