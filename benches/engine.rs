//! The loan engine's speed (`make bench`): a quote with ПСК, and the state of a 182-day
//! installment loan (13 payments every 14 days) with 50 events evaluated on day 180.

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use kabinet::domain::law::LegalTable;
use kabinet::domain::loan::contract::{Contract, Repayment, Terms};
use kabinet::domain::loan::event::Event;
use kabinet::domain::loan::state::state_on;
use kabinet::domain::money::Money;
use kabinet::domain::product::Product;
use kabinet::domain::quote::{LoanRequest, quote};
use rust_decimal_macros::dec;
use std::hint::black_box;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn quote_with_psk(c: &mut Criterion) {
    let products = Product::shipped();
    let law = LegalTable::shipped()
        .for_quote(day("2026-12-01"))
        .expect("law");
    c.bench_function("quote with ПСК", |b| {
        b.iter(|| {
            let (request, product) = LoanRequest::parse(
                &products,
                "repeat",
                black_box("10000"),
                "30",
                day("2026-12-01"),
            )
            .expect("valid");
            quote(product, &law, request).expect("lawful")
        })
    });
}

fn installment_state(c: &mut Criterion) {
    let terms = Terms {
        principal: Money::from_roubles(100_000),
        term_days: 182,
        repayment: Repayment::Installments {
            count: 13,
            every_days: 14,
        },
        daily_rate: dec!(0.4),
        promo_daily_rate: None,
    };
    let start = day("2026-12-01");
    let contract = Contract::sign(&LegalTable::shipped(), terms, start, start).expect("lawful");
    let events: Vec<Event> = (0..50u64)
        .map(|i| {
            Event::payment(
                start + Days::new(1 + i * 180 / 50),
                Money::from_roubles(2_300),
            )
        })
        .collect();
    let on = start + Days::new(180);
    c.bench_function(
        "state of a 182-day installment loan, 50 events, day 180",
        |b| b.iter(|| state_on(&contract, black_box(&events), on).expect("valid")),
    );
}

criterion_group!(benches, quote_with_psk, installment_state);
criterion_main!(benches);
