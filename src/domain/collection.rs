//! When kabinet may write to a borrower about overdue debt (PRODUCT.md J13; the collection law,
//! 230-ФЗ art. 7): only 8:00–22:00 on working days and 9:00–20:00 on weekends and public
//! holidays, and at most 2 messages a day, 4 a week and 16 a month. Kabinet also leaves at least
//! 4 hours between two of them, so the two a day are not sent back to back. Times are the
//! borrower's local clock. Pure rules: the job that sends is `server::services::reminders`.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, Timelike, Weekday};

/// Messages about overdue debt allowed in a calendar day, in the 7 days ending today, and in the
/// month ending today.
pub const PER_DAY: usize = 2;
pub const PER_WEEK: usize = 4;
pub const PER_MONTH: usize = 16;
/// Kabinet's own spacing between two messages about overdue debt.
pub const MIN_GAP_HOURS: i64 = 4;

/// Russia's fixed public holidays (Labour Code art. 112), as (month, day). Days moved by the
/// government's yearly decree are not known here; on them kabinet keeps working-day hours.
const HOLIDAYS: [(u32, u32); 14] = [
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 5),
    (1, 6),
    (1, 7),
    (1, 8),
    (2, 23),
    (3, 8),
    (5, 1),
    (5, 9),
    (6, 12),
    (11, 4),
];

/// A weekend or a public holiday.
pub fn is_day_off(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
        || HOLIDAYS.contains(&(day.month(), day.day()))
}

/// Whether `at` (local time) is within the hours a debtor may be written to.
pub fn within_hours(at: NaiveDateTime) -> bool {
    let (from, to) = if is_day_off(at.date()) {
        (9, 20)
    } else {
        (8, 22)
    };
    (from..to).contains(&at.hour())
}

/// Why a message about overdue debt must wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Outside the allowed hours.
    Hours,
    /// Sent less than `MIN_GAP_HOURS` ago.
    TooSoon,
    Day,
    Week,
    Month,
}

/// Whether one more message about overdue debt may go at `now`, after those `sent` before
/// (local times, any order).
pub fn may_send(sent: &[NaiveDateTime], now: NaiveDateTime) -> Result<(), Hold> {
    if !within_hours(now) {
        return Err(Hold::Hours);
    }
    let today = now.date();
    let since = |day: Option<NaiveDate>| {
        let day = day.unwrap_or(NaiveDate::MIN);
        sent.iter()
            .filter(|t| t.date() >= day && **t <= now)
            .count()
    };
    if sent
        .iter()
        .any(|t| *t <= now && (now - *t).num_hours() < MIN_GAP_HOURS)
    {
        return Err(Hold::TooSoon);
    }
    if since(Some(today)) >= PER_DAY {
        return Err(Hold::Day);
    }
    if since(today.checked_sub_days(Days::new(6))) >= PER_WEEK {
        return Err(Hold::Week);
    }
    let month_ago = today
        .checked_sub_months(Months::new(1))
        .and_then(|d| d.checked_add_days(Days::new(1)));
    if since(month_ago) >= PER_MONTH {
        return Err(Hold::Month);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(date: &str, hour: u32) -> NaiveDateTime {
        date.parse::<NaiveDate>()
            .expect("date")
            .and_hms_opt(hour, 0, 0)
            .expect("time")
    }

    #[test]
    fn hours_are_narrower_on_weekends_and_holidays() {
        // 2026-11-25 is a Wednesday, 2026-11-28 a Saturday, 2026-11-04 a holiday (a Wednesday).
        assert!(!within_hours(at("2026-11-25", 7)));
        assert!(within_hours(at("2026-11-25", 8)));
        assert!(within_hours(at("2026-11-25", 21)));
        assert!(!within_hours(at("2026-11-25", 22)));
        for day in ["2026-11-28", "2026-11-04", "2027-01-05"] {
            assert!(!within_hours(at(day, 8)), "{day}");
            assert!(within_hours(at(day, 9)), "{day}");
            assert!(within_hours(at(day, 19)), "{day}");
            assert!(!within_hours(at(day, 20)), "{day}");
        }
    }

    #[test]
    fn two_a_day_four_hours_apart_then_four_a_week() {
        let day = |d: u32, h: u32| at(&format!("2026-11-{d:02}"), h);
        assert_eq!(may_send(&[], day(25, 8)), Ok(()));
        assert_eq!(may_send(&[day(25, 8)], day(25, 11)), Err(Hold::TooSoon));
        assert_eq!(may_send(&[day(25, 8)], day(25, 12)), Ok(()));
        let two = [day(25, 8), day(25, 12)];
        assert_eq!(may_send(&two, day(25, 18)), Err(Hold::Day));
        let four = [day(25, 8), day(25, 12), day(26, 8), day(26, 12)];
        assert_eq!(may_send(&four, day(27, 12)), Err(Hold::Week));
        // The week is the 7 days ending today: on the 2nd the 25th has left it.
        assert_eq!(may_send(&four, day(30, 12)), Err(Hold::Week));
        assert_eq!(may_send(&four, at("2026-12-02", 12)), Ok(()));
    }

    /// Every hour of 90 days, sending whenever allowed.
    fn greedy(start: NaiveDate, skip: &[bool]) -> Vec<NaiveDateTime> {
        let mut sent = vec![];
        let mut now = start.and_hms_opt(0, 0, 0).expect("midnight");
        for i in 0..90 * 24 {
            if !skip[i % skip.len()] && may_send(&sent, now).is_ok() {
                sent.push(now);
            }
            now += chrono::Duration::hours(1);
        }
        sent
    }

    proptest! {
        #[test]
        fn no_window_ever_holds_more_than_the_law_allows(
            offset in 0u64..730,
            skip in proptest::collection::vec(any::<bool>(), 1..50),
        ) {
            let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + Days::new(offset);
            let sent = greedy(start, &skip);
            for t in &sent {
                prop_assert!(within_hours(*t));
                let day = t.date();
                let in_days = |n: u64| sent.iter()
                    .filter(|s| s.date() <= day && s.date() > day - Days::new(n))
                    .count();
                prop_assert!(in_days(1) <= PER_DAY);
                prop_assert!(in_days(7) <= PER_WEEK);
                let month = sent.iter()
                    .filter(|s| s.date() <= day && s.date() > day - Months::new(1))
                    .count();
                prop_assert!(month <= PER_MONTH);
            }
            for pair in sent.windows(2) {
                prop_assert!((pair[1] - pair[0]).num_hours() >= MIN_GAP_HOURS);
            }
        }
    }
}
