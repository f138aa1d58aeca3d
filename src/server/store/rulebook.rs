//! The rulebook's rows: dated legal parameters and products.
//! Shipped defaults are written once, and never over a value the lender has changed.

use anyhow::{Context, anyhow};

use crate::domain::law::{DatedValue, LegalTable, Param};
use crate::domain::money::Money;
use crate::domain::product::{Product, ProductCode};
use crate::server::db::Db;

use super::now_unix;

/// Everything a quote is priced by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rulebook {
    pub law: LegalTable,
    pub products: Vec<Product>,
}

impl Rulebook {
    pub fn shipped() -> Self {
        Rulebook {
            law: LegalTable::shipped(),
            products: Product::shipped(),
        }
    }
}

/// Writes the shipped rows that are missing; keeps every row already there.
pub async fn seed_shipped(db: &Db) -> anyhow::Result<()> {
    let shipped = Rulebook::shipped();
    let now = now_unix();
    let mut tx = crate::server::db::begin_write(db).await?;
    for row in shipped.law.rows() {
        sqlx::query(
            "INSERT INTO legal_parameter (code, effective_from, value, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (code, effective_from) DO NOTHING",
        )
        .bind(row.param.code())
        .bind(row.from.to_string())
        .bind(row.value.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for p in &shipped.products {
        sqlx::query(
            "INSERT INTO product (code, amount_min_kop, amount_max_kop, amount_step_kop,
                 term_min_days, term_max_days, daily_rate, promo_daily_rate,
                 default_amount_kop, default_term_days, updated_at,
                 term_step_days, payment_every_days)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(p.code.code())
        .bind(p.amount_min.kopecks())
        .bind(p.amount_max.kopecks())
        .bind(p.amount_step.kopecks())
        .bind(i64::from(p.term_min_days))
        .bind(i64::from(p.term_max_days))
        .bind(p.daily_rate.to_string())
        .bind(p.promo_daily_rate.map(|r| r.to_string()))
        .bind(p.default_amount.kopecks())
        .bind(i64::from(p.default_term_days))
        .bind(now)
        .bind(i64::from(p.term_step_days))
        .bind(p.payment_every_days.map(i64::from))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A `legal_parameter` row as stored.
#[derive(sqlx::FromRow)]
struct LawRow {
    code: String,
    effective_from: String,
    value: String,
}

/// A `product` row as stored.
#[derive(sqlx::FromRow)]
struct ProductRow {
    code: String,
    amount_min_kop: i64,
    amount_max_kop: i64,
    amount_step_kop: i64,
    term_min_days: i64,
    term_max_days: i64,
    term_step_days: i64,
    payment_every_days: Option<i64>,
    daily_rate: String,
    promo_daily_rate: Option<String>,
    default_amount_kop: i64,
    default_term_days: i64,
}

pub async fn load(db: &Db) -> anyhow::Result<Rulebook> {
    let law_rows: Vec<LawRow> = sqlx::query_as(
        "SELECT code, effective_from, value FROM legal_parameter ORDER BY code, effective_from",
    )
    .fetch_all(db)
    .await?;
    let mut law = Vec::with_capacity(law_rows.len());
    for row in law_rows {
        // A parameter this version does not know yet is left for the version that does.
        let Some(param) = Param::from_code(&row.code) else {
            continue;
        };
        law.push(DatedValue {
            param,
            from: parse("effective_from", &row.effective_from)?,
            value: parse("value", &row.value)?,
        });
    }
    let product_rows: Vec<ProductRow> = sqlx::query_as(
        "SELECT code, amount_min_kop, amount_max_kop, amount_step_kop, term_min_days,
                term_max_days, daily_rate, promo_daily_rate, default_amount_kop, default_term_days,
                term_step_days, payment_every_days
         FROM product ORDER BY code",
    )
    .fetch_all(db)
    .await?;
    let mut products = Vec::with_capacity(product_rows.len());
    for row in product_rows {
        let Ok(code) = ProductCode::parse(&row.code) else {
            continue;
        };
        products.push(Product {
            code,
            amount_min: Money::from_kopecks(row.amount_min_kop),
            amount_max: Money::from_kopecks(row.amount_max_kop),
            amount_step: Money::from_kopecks(row.amount_step_kop),
            term_min_days: days("term_min_days", row.term_min_days)?,
            term_max_days: days("term_max_days", row.term_max_days)?,
            term_step_days: days("term_step_days", row.term_step_days)?,
            payment_every_days: row
                .payment_every_days
                .map(|d| days("payment_every_days", d))
                .transpose()?,
            daily_rate: parse("daily_rate", &row.daily_rate)?,
            promo_daily_rate: row
                .promo_daily_rate
                .map(|p| parse("promo_daily_rate", &p))
                .transpose()?,
            default_amount: Money::from_kopecks(row.default_amount_kop),
            default_term_days: days("default_term_days", row.default_term_days)?,
        });
    }
    products.sort_by_key(|p| p.code);
    Ok(Rulebook {
        law: LegalTable::new(law),
        products,
    })
}

/// A text column read as what it stores (a date, a decimal).
fn parse<T: std::str::FromStr>(column: &str, text: &str) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse()
        .with_context(|| format!("{column} is not readable: {text:?}"))
}

fn days(column: &str, n: i64) -> anyhow::Result<u32> {
    u32::try_from(n).map_err(|_| anyhow!("{column} is out of range: {n}"))
}
