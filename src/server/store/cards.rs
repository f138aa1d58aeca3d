//! Card bindings, cards (token, masked number, holder, bank — never the number) and the gateway
//! events already accepted.

use chrono::NaiveDate;

use crate::domain::application::Step;
use crate::domain::card::{BindingFailure, CardSummary};
use crate::server::db::Db;

pub async fn new_binding(db: &Db, id: &str, account_id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO card_binding (id, account_id, status, created_at, updated_at)
         VALUES ($1, $2, 'pending', $3, $3)",
    )
    .bind(id)
    .bind(account_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A binding as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindingState {
    Pending,
    Bound(CardSummary),
    Failed(BindingFailure),
}

/// The account a binding belongs to.
pub async fn binding_owner(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT account_id FROM card_binding WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// A card as stored: its id or token (whichever the query asks for, as `card_key`), and what
/// it shows.
#[derive(sqlx::FromRow)]
struct CardRecord {
    card_key: String,
    masked: String,
    holder: String,
    bank: String,
    expires: String,
}

impl CardRecord {
    fn split(self) -> anyhow::Result<(String, CardSummary)> {
        let card = CardSummary {
            masked: self.masked,
            holder: self.holder,
            bank: self.bank,
            expires: NaiveDate::parse_from_str(&self.expires, "%Y-%m-%d")?,
        };
        Ok((self.card_key, card))
    }
}

/// A binding with its card, if bound.
#[derive(sqlx::FromRow)]
struct BindingRecord {
    status: String,
    failure: Option<String>,
    card_key: Option<String>,
    masked: Option<String>,
    holder: Option<String>,
    bank: Option<String>,
    expires: Option<String>,
}

/// The binding `id` of `account_id`; `None` for another borrower's or an unknown one.
pub async fn binding(db: &Db, account_id: &str, id: &str) -> anyhow::Result<Option<BindingState>> {
    let Some(row): Option<BindingRecord> = sqlx::query_as(
        "SELECT b.status, b.failure, c.id AS card_key, c.masked, c.holder, c.bank, c.expires
         FROM card_binding b LEFT JOIN card c ON c.id = b.card_id
         WHERE b.id = $1 AND b.account_id = $2",
    )
    .bind(id)
    .bind(account_id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(match row.status.as_str() {
        "bound" => {
            let card = match (row.card_key, row.masked, row.holder, row.bank, row.expires) {
                (Some(card_key), Some(masked), Some(holder), Some(bank), Some(expires)) => {
                    CardRecord {
                        card_key,
                        masked,
                        holder,
                        bank,
                        expires,
                    }
                }
                _ => anyhow::bail!("a bound binding without its card"),
            };
            BindingState::Bound(card.split()?.1)
        }
        "failed" => BindingState::Failed(
            row.failure
                .as_deref()
                .and_then(BindingFailure::from_code)
                .unwrap_or(BindingFailure::Declined),
        ),
        _ => BindingState::Pending,
    }))
}

/// The borrower's cards with their ids, newest first.
pub async fn cards(db: &Db, account_id: &str) -> anyhow::Result<Vec<(String, CardSummary)>> {
    let rows: Vec<CardRecord> = sqlx::query_as(
        "SELECT id AS card_key, masked, holder, bank, expires FROM card
         WHERE account_id = $1 AND removed_at IS NULL ORDER BY created_at DESC",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(CardRecord::split).collect()
}

/// Makes the borrower's card `card_id` the payout card of their draft (a card account chosen
/// before is set aside) and moves it past the payout step.
pub async fn choose(db: &Db, account_id: &str, card_id: &str, now: i64) -> anyhow::Result<()> {
    Ok(choose_in(db, account_id, card_id, now).await?)
}

async fn choose_in<'e, E>(
    ex: E,
    account_id: &str,
    card_id: &str,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE application
         SET card_id = $1, payout_account_id = NULL, updated_at = $2,
             step = CASE WHEN step = $3 THEN $4 ELSE step END
         WHERE account_id = $5 AND status = 'draft'",
    )
    .bind(card_id)
    .bind(now)
    .bind(Step::Payout.code())
    .bind(Step::Payout.next().code())
    .bind(account_id)
    .execute(ex)
    .await?;
    Ok(())
}

/// A card the gateway bound, as kabinet stores it.
pub struct NewCard<'a> {
    pub token: &'a str,
    pub summary: &'a CardSummary,
}

/// Applies one gateway event in one transaction: records the event (false, and nothing else
/// changes, when it was applied before), finishes the pending binding, stores the card, and
/// moves the borrower's application past the payout step.
pub async fn finish_binding(
    db: &Db,
    event_id: &str,
    binding_id: &str,
    result: Result<NewCard<'_>, BindingFailure>,
    now: i64,
) -> anyhow::Result<bool> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let first = sqlx::query(
        "INSERT INTO gateway_event (event_id, received_at) VALUES ($1, $2)
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if first.rows_affected() == 0 {
        return Ok(false);
    }
    let account_id: Option<String> = sqlx::query_scalar(
        "SELECT account_id FROM card_binding WHERE id = $1 AND status = 'pending'",
    )
    .bind(binding_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(account_id) = account_id else {
        // Finished already (another event for it) or unknown: the event is recorded, no more.
        tx.commit().await?;
        return Ok(true);
    };
    match result {
        Ok(card) => {
            let card_id = format!("{:032x}", rand::random::<u128>());
            insert(&mut *tx, &card_id, &account_id, &card, now).await?;
            sqlx::query(
                "UPDATE card_binding SET status = 'bound', card_id = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(&card_id)
            .bind(now)
            .bind(binding_id)
            .execute(&mut *tx)
            .await?;
            // The newest card bound is the payout card of the application being filled in.
            choose_in(&mut *tx, &account_id, &card_id, now).await?;
        }
        Err(failure) => {
            sqlx::query(
                "UPDATE card_binding SET status = 'failed', failure = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(failure.code())
            .bind(now)
            .bind(binding_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Saves a card the borrower paid with on the gateway's page and asked to keep; once per token
/// (a replayed event saves nothing more).
pub async fn save(db: &Db, account_id: &str, card: &NewCard<'_>, now: i64) -> anyhow::Result<()> {
    let id = format!("{:032x}", rand::random::<u128>());
    insert(db, &id, account_id, card, now).await
}

/// Stores `card` as `id` of the borrower's, through `ex`; nothing when its token is stored.
async fn insert<'e, E>(
    ex: E,
    id: &str,
    account_id: &str,
    card: &NewCard<'_>,
    now: i64,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO card (id, account_id, token, masked, holder, bank, expires, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (token) DO NOTHING",
    )
    .bind(id)
    .bind(account_id)
    .bind(card.token)
    .bind(&card.summary.masked)
    .bind(&card.summary.holder)
    .bind(&card.summary.bank)
    .bind(card.summary.expires.to_string())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// One of the borrower's cards, with its token (for a payout), if theirs and not removed.
pub async fn card(
    db: &Db,
    account_id: &str,
    card_id: &str,
) -> anyhow::Result<Option<(String, CardSummary)>> {
    let row: Option<CardRecord> = sqlx::query_as(
        "SELECT token AS card_key, masked, holder, bank, expires FROM card
         WHERE id = $1 AND account_id = $2 AND removed_at IS NULL",
    )
    .bind(card_id)
    .bind(account_id)
    .fetch_optional(db)
    .await?;
    row.map(CardRecord::split).transpose()
}
