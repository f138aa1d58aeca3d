//! The reminders job (PRODUCT.md J13): 3 days and 1 day before a payment is due, and notices
//! of overdue debt within the collection law's limits (`domain::collection`: hours, 2 a day,
//! 4 a week, 16 a month). Each notice goes by SMS, and by email when the borrower confirmed one;
//! the law's limits count the notices. Times are the lender's time zone, which kabinet takes
//! as the borrower's (kabinet does not know where a borrower lives).
//!
//! Safe on several instances at once: a notice is claimed by inserting its row in
//! `notice_sent` (one per loan, kind and due date — or hour, for overdue), and only the instance
//! whose insert went in sends it; a notice whose SMS the provider refused is released for a
//! later run. Payment received and prolongation signed are sent when the
//! payment is credited (`repayments::credit`).

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::collection;
use crate::domain::lang::Lang;
use crate::domain::loan::state::Status;
use crate::i18n::notices;
use crate::server::error::ServiceError;
use crate::server::ports::messages::Channel;
use crate::server::services::plumbing::{send, sms};
use crate::server::services::repayments::loan_state;
use crate::server::state::AppState;
use crate::server::store::{accounts, loans, notices as sent};

/// Sends the notices due at `now`; returns how many went.
pub async fn run(state: &AppState, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let local = now.with_timezone(&state.config.timezone).naive_local();
    // Reminders keep the same hours as the law asks of overdue notices: nobody is woken up.
    if !collection::within_hours(local) {
        return Ok(0);
    }
    let mut sent = 0;
    for id in sent::active_loans(&state.db).await? {
        match remind(state, &id, local, now.timestamp()).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = ?e, loan = %id, "reminder not sent; will retry"),
        }
    }
    Ok(sent)
}

/// The notice loan `id` is due at `local` time, claimed and sent; false when none is due.
async fn remind(
    state: &AppState,
    id: &str,
    local: NaiveDateTime,
    now: i64,
) -> Result<bool, ServiceError> {
    let Some(loan) = loans::loan(&state.db, id).await? else {
        return Ok(false);
    };
    let today = local.date();
    let (_, st) = loan_state(state, &loan, today).await?;
    let lang = Lang::default();
    let date = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let (kind, slot, text) = match st.status {
        Status::Active => {
            let Some(next) = st.next_payment else {
                return Ok(false);
            };
            let days = (next.on - today).num_days();
            let kind = match days {
                3 => "due_in_3",
                1 => "due_in_1",
                _ => return Ok(false),
            };
            let text = notices::due_soon(lang, days, &next.amount.display(lang), &date(next.on));
            // Keyed by the payment's date: a prolongation's new date gets its own reminders.
            (kind, next.on.to_string(), text)
        }
        Status::Overdue { days, .. } => (
            "overdue",
            local.format("%Y-%m-%dT%H").to_string(),
            notices::overdue(lang, &st.debt.display(lang), days),
        ),
        Status::Repaid { .. } => return Ok(false),
    };
    let tz = state.config.timezone;
    let claimed = sent::claim(&state.db, id, kind, &slot, now, |before| {
        if kind != "overdue" {
            return true;
        }
        let before: Vec<NaiveDateTime> = before
            .iter()
            .filter_map(|t| DateTime::from_timestamp(*t, 0))
            .map(|t| t.with_timezone(&tz).naive_local())
            .collect();
        collection::may_send(&before, local).is_ok()
    })
    .await?;
    if !claimed {
        return Ok(false);
    }
    let profile = accounts::profile(&state.db, &loan.account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // A notice the SMS provider did not take was not sent: released, it goes on a later run
    // (and never counts toward the law's limits).
    if let Err(e) = sms(state, &profile.phone, text.clone()).await {
        sent::release(&state.db, id, kind, &slot).await?;
        return Err(e);
    }
    if profile.email_confirmed {
        let subject = lang.pick("Ваш заём в kabinet", "Your kabinet loan");
        send(
            state,
            Channel::Email,
            &profile.email,
            Some(subject.into()),
            text,
        )
        .await?;
    }
    Ok(true)
}
