//! The reminders job (PRODUCT.md J13) against a real loan, with the clock injected: reminders 3
//! days and 1 day before the due date, once however many instances run the job; overdue notices
//! only within the law's hours and never past 2 a day or 4 a week.

use crate::common;

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use common::borrower::{PHONE, count};
use common::journey::{FIRST, paid_out};
use common::{TestApp, spawn};
use kabinet::domain::collection::within_hours;
use kabinet::server::jobs::reminders;
use kabinet::server::store::loans;

/// The loan's due date (a single-payment loan, paid out today).
async fn due_date(app: &TestApp, loan: &str) -> NaiveDate {
    let loan = loans::loan(&app.state.db, loan)
        .await
        .expect("read")
        .expect("the loan");
    loan.contract.paid_out_on + Days::new(loan.contract.term_days.into())
}

/// `day` at `hour` on the lender's clock (Moscow), as UTC.
fn at(app: &TestApp, day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local: NaiveDateTime = day.and_hms_opt(hour, 0, 0).expect("time");
    app.state
        .config
        .timezone
        .from_local_datetime(&local)
        .single()
        .expect("an unambiguous time")
        .with_timezone(&Utc)
}

async fn sms_containing(app: &TestApp, text: &str) -> i64 {
    count(
        app,
        &format!(
            "SELECT COUNT(*) FROM outbox_message WHERE recipient = '{PHONE}' AND channel = 'sms'
             AND body LIKE '%{text}%'"
        ),
    )
    .await
}

/// Runs the job at `now` on two instances at once; returns how many notices went in all.
async fn run_on_both(a: &TestApp, b: &TestApp, now: DateTime<Utc>) -> usize {
    let (x, y) = tokio::join!(reminders::run(&a.state, now), reminders::run(&b.state, now));
    x.expect("job ran") + y.expect("job ran")
}

#[tokio::test]
async fn reminders_go_three_days_and_one_day_before_the_due_date_once() {
    let app = spawn().await;
    let other = app.beside().await;
    let (_, loan) = paid_out(&app, FIRST).await;
    let due = due_date(&app, &loan).await;
    let before = |n: u64| due - Days::new(n);

    assert_eq!(run_on_both(&app, &other, at(&app, before(4), 10)).await, 0);
    assert_eq!(run_on_both(&app, &other, at(&app, before(3), 10)).await, 1);
    assert_eq!(run_on_both(&app, &other, at(&app, before(3), 15)).await, 0);
    assert_eq!(sms_containing(&app, "через 3 дня").await, 1);
    assert_eq!(run_on_both(&app, &other, at(&app, before(2), 10)).await, 0);
    // Nobody is woken up: at 7:00 the reminder waits, and goes at 8:00 (or 9:00 on a day off).
    assert_eq!(run_on_both(&app, &other, at(&app, before(1), 7)).await, 0);
    assert_eq!(run_on_both(&app, &other, at(&app, before(1), 10)).await, 1);
    let tomorrow = sms_containing(&app, "завтра").await;
    assert_eq!(tomorrow, 1);
    let text: String = sqlx::query_scalar(
        "SELECT body FROM outbox_message WHERE body LIKE '%завтра%' AND channel = 'sms'",
    )
    .fetch_one(&app.state.db)
    .await
    .expect("reminder");
    assert!(text.contains(&due.format("%d.%m.%Y").to_string()), "{text}");
    assert_eq!(run_on_both(&app, &other, at(&app, due, 10)).await, 0);
}

#[tokio::test]
async fn overdue_notices_stop_at_the_daily_and_weekly_limits_and_outside_the_hours() {
    let app = spawn().await;
    let other = app.beside().await;
    let (_, loan) = paid_out(&app, FIRST).await;
    let first = due_date(&app, &loan).await + Days::new(1);
    let mut per_day = vec![];
    for d in 0..10u64 {
        let day = first + Days::new(d);
        let mut sent_today = 0;
        for hour in 0..24 {
            let now = at(&app, day, hour);
            let sent = run_on_both(&app, &other, now).await;
            let local = day.and_hms_opt(hour, 0, 0).expect("time");
            assert!(
                sent == 0 || within_hours(local),
                "a notice went at {local}, outside the allowed hours"
            );
            assert!(sent <= 1, "{sent} notices at once at {local}");
            sent_today += sent;
        }
        per_day.push(sent_today);
    }
    // 2 a day (4 hours apart) until 4 went in a week; the next 2 when the first day leaves the
    // 7-day window.
    assert_eq!(per_day, vec![2, 2, 0, 0, 0, 0, 0, 2, 2, 0], "{first}");
    assert_eq!(sms_containing(&app, "просрочен").await, 8);
    let hours: Vec<i64> = sqlx::query_scalar(
        "SELECT sent_at FROM notice_sent WHERE kind = 'overdue' ORDER BY sent_at",
    )
    .fetch_all(&app.state.db)
    .await
    .expect("notices");
    let tz = app.state.config.timezone;
    let first_two: Vec<u32> = hours[..2]
        .iter()
        .map(|t| {
            DateTime::from_timestamp(*t, 0)
                .expect("time")
                .with_timezone(&tz)
                .hour()
        })
        .collect();
    let opening = if kabinet::domain::collection::is_day_off(first) {
        9
    } else {
        8
    };
    assert_eq!(first_two, vec![opening, opening + 4]);
}

#[tokio::test]
async fn a_reminder_the_sms_provider_refused_goes_on_the_next_run() {
    let app = spawn().await;
    // A second instance whose SMS provider does not answer (nothing listens on port 9).
    let down = app
        .beside_with(&[("KABINET_SMS_URL", "http://127.0.0.1:9/sms")])
        .await;
    let (_, loan) = paid_out(&app, FIRST).await;
    let three_before = at(&app, due_date(&app, &loan).await - Days::new(3), 10);

    assert_eq!(
        reminders::run(&down.state, three_before)
            .await
            .expect("ran"),
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notice_sent").await, 0);
    assert_eq!(
        reminders::run(&app.state, three_before).await.expect("ran"),
        1
    );
    assert_eq!(sms_containing(&app, "через 3 дня").await, 1);

    // An overdue notice refused the same way is not counted toward the law's limits: the hour
    // it was due in still gets it, and the day still gets two.
    let overdue = due_date(&app, &loan).await + Days::new(1);
    assert_eq!(
        reminders::run(&down.state, at(&app, overdue, 12))
            .await
            .expect("ran"),
        0
    );
    let notices = "SELECT COUNT(*) FROM notice_sent WHERE kind = 'overdue'";
    assert_eq!(count(&app, notices).await, 0);
    for hour in [12, 16] {
        let sent = reminders::run(&app.state, at(&app, overdue, hour)).await;
        assert_eq!(sent.expect("ran"), 1, "at {hour}:00");
    }
    assert_eq!(sms_containing(&app, "просрочен").await, 2);
}
