//! One-time codes on the backend under test (PRODUCT.md §7): every rule a code obeys.

use crate::common;

use kabinet::server::auth::codes::{CodeError, Purpose, issue, verify};
use kabinet::server::db::{self, Db};

const KEY: &[u8] = b"a test key that is long enough to be a key";
const PHONE: &str = "+79123456789";
const T0: i64 = 1_800_000_000;

async fn database() -> (Db, Option<tempfile::TempDir>) {
    let (url, dir) = common::fresh_database().await;
    (db::connect(&url, None).await.expect("database"), dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_right_code_works_once() {
    let (db, _dir) = database().await;
    let sent = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0)
        .await
        .expect("issued");
    assert_eq!(sent.code.len(), 6);
    assert!(sent.code.chars().all(|c| c.is_ascii_digit()));
    verify(&db, KEY, Purpose::SignUp, PHONE, "", &sent.code, T0 + 10)
        .await
        .expect("right code");
    let again = verify(&db, KEY, Purpose::SignUp, PHONE, "", &sent.code, T0 + 11).await;
    assert!(matches!(again, Err(CodeError::NotFound)), "{again:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sixth_try_fails_even_with_the_right_code() {
    let (db, _dir) = database().await;
    let sent = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0)
        .await
        .expect("issued");
    let wrong = if sent.code == "000000" {
        "111111"
    } else {
        "000000"
    };
    for left in (0..5).rev() {
        let r = verify(&db, KEY, Purpose::SignUp, PHONE, "", wrong, T0 + 1).await;
        assert!(
            matches!(r, Err(CodeError::Wrong { attempts_left }) if attempts_left == left),
            "{r:?}"
        );
    }
    let r = verify(&db, KEY, Purpose::SignUp, PHONE, "", &sent.code, T0 + 2).await;
    assert!(matches!(r, Err(CodeError::Exhausted)), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_code_fails() {
    let (db, _dir) = database().await;
    let sent = issue(&db, KEY, Purpose::PasswordReset, PHONE, "", T0)
        .await
        .expect("issued");
    let r = verify(
        &db,
        KEY,
        Purpose::PasswordReset,
        PHONE,
        "",
        &sent.code,
        T0 + 300,
    )
    .await;
    assert!(matches!(r, Err(CodeError::Expired)), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_for_one_purpose_fails_for_another() {
    let (db, _dir) = database().await;
    let sent = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0)
        .await
        .expect("issued");
    let r = verify(
        &db,
        KEY,
        Purpose::PasswordReset,
        PHONE,
        "",
        &sent.code,
        T0 + 1,
    )
    .await;
    assert!(matches!(r, Err(CodeError::NotFound)), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signature_code_for_another_amount_fails() {
    let (db, _dir) = database().await;
    let binding = "terms:3f2a…;amount:12400.00";
    let sent = issue(&db, KEY, Purpose::SignDocument, PHONE, binding, T0)
        .await
        .expect("issued");
    let other = "terms:3f2a…;amount:12500.00";
    let r = verify(
        &db,
        KEY,
        Purpose::SignDocument,
        PHONE,
        other,
        &sent.code,
        T0 + 1,
    )
    .await;
    assert!(matches!(r, Err(CodeError::Wrong { .. })), "{r:?}");
    verify(
        &db,
        KEY,
        Purpose::SignDocument,
        PHONE,
        binding,
        &sent.code,
        T0 + 2,
    )
    .await
    .expect("right binding");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_code_waits_60_seconds_and_an_hour_allows_five() {
    let (db, _dir) = database().await;
    issue(&db, KEY, Purpose::SignUp, PHONE, "", T0)
        .await
        .expect("first");
    let r = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0 + 59).await;
    assert!(
        matches!(r, Err(CodeError::TooSoon { retry_after: 1 })),
        "{r:?}"
    );
    // A code for another payment is not a resend: it goes at once, and counts in the hour.
    issue(&db, KEY, Purpose::Payment, PHONE, "payment-1", T0 + 1)
        .await
        .expect("payment 1");
    issue(&db, KEY, Purpose::Payment, PHONE, "payment-2", T0 + 2)
        .await
        .expect("payment 2");
    let r = issue(&db, KEY, Purpose::Payment, PHONE, "payment-2", T0 + 3).await;
    assert!(matches!(r, Err(CodeError::TooSoon { .. })), "{r:?}");
    sqlx::query("DELETE FROM one_time_code WHERE purpose = 'payment'")
        .execute(&db)
        .await
        .expect("forget the payments' codes");
    for i in 1..5 {
        issue(&db, KEY, Purpose::SignUp, PHONE, "", T0 + 60 * i)
            .await
            .expect("within the hour");
    }
    let r = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0 + 300).await;
    assert!(
        matches!(r, Err(CodeError::TooMany { retry_after: 3300 })),
        "{r:?}"
    );
    issue(&db, KEY, Purpose::SignUp, PHONE, "", T0 + 3601)
        .await
        .expect("an hour later");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_keyed_hash_of_the_code_is_stored() {
    let (db, _dir) = database().await;
    let sent = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0)
        .await
        .expect("issued");
    let stored: String = sqlx::query_scalar("SELECT code_hmac FROM one_time_code")
        .fetch_one(&db)
        .await
        .expect("row");
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(&sent.code));
    let other_key = verify(
        &db,
        b"another key",
        Purpose::SignUp,
        PHONE,
        "",
        &sent.code,
        T0 + 1,
    )
    .await;
    assert!(
        matches!(other_key, Err(CodeError::Wrong { .. })),
        "{other_key:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn codes_issued_at_the_same_moment_for_many_phones_all_go_out() {
    let (db, _dir) = database().await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let db = db.clone();
        tasks.spawn(async move {
            let phone = format!("+7912345{i:04}");
            issue(&db, KEY, Purpose::SignUp, &phone, "", T0).await
        });
    }
    while let Some(issued) = tasks.join_next().await {
        let issued = issued.expect("task");
        assert!(issued.is_ok(), "{issued:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_purpose_has_its_own_hour_and_the_day_has_a_ceiling_for_all() {
    let (db, _dir) = database().await;
    // Five sign-up codes (a borrower who reloaded the page) leave payments' codes untouched.
    for i in 0..5 {
        issue(&db, KEY, Purpose::SignUp, PHONE, "", T0 + 60 * i)
            .await
            .expect("sign-up codes");
    }
    let r = issue(&db, KEY, Purpose::SignUp, PHONE, "", T0 + 300).await;
    assert!(matches!(r, Err(CodeError::TooMany { .. })), "{r:?}");
    issue(&db, KEY, Purpose::SignDocument, PHONE, "terms", T0 + 301)
        .await
        .expect("the signature's code");
    for i in 0..5 {
        issue(
            &db,
            KEY,
            Purpose::Payment,
            PHONE,
            &format!("payment-{i}"),
            T0 + 302 + i,
        )
        .await
        .expect("payments' codes");
    }
    // Twenty codes a day in all: the day's ceiling then holds every purpose until the oldest
    // of the twenty is a day old.
    let mut at = T0 + 4_000;
    let mut sent = 11;
    while sent < 20 {
        for purpose in [Purpose::Payment, Purpose::SignDocument] {
            if sent < 20 {
                issue(&db, KEY, purpose, PHONE, &format!("more-{sent}"), at)
                    .await
                    .expect("within the day");
                sent += 1;
                at += 61;
            }
        }
    }
    let r = issue(&db, KEY, Purpose::ConfirmCard, PHONE, "card", at).await;
    assert!(
        matches!(r, Err(CodeError::TooMany { retry_after }) if retry_after == T0 + 86_400 - at),
        "{r:?}"
    );
    issue(&db, KEY, Purpose::ConfirmCard, PHONE, "card", T0 + 86_401)
        .await
        .expect("a day later");
}

/// Issue 16, item 3: twenty requests for a code to one phone at the same moment issue one code
/// (the others wait 60 s). Before the phone's row serialized issuing, PostgreSQL under READ
/// COMMITTED let several read "no code yet" and each insert one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_asked_for_one_phone_at_the_same_moment_are_issued_one_at_a_time() {
    let (db, _dir) = database().await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let db = db.clone();
        tasks.spawn(async move { issue(&db, KEY, Purpose::SignUp, PHONE, "", T0).await });
    }
    let (mut issued, mut waiting) = (0, 0);
    while let Some(answer) = tasks.join_next().await {
        match answer.expect("task") {
            Ok(_) => issued += 1,
            Err(CodeError::TooSoon { .. }) => waiting += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((issued, waiting), (1, 19));
}

/// Issue 16, item 3: ten wrong codes for one phone within a day lock its codes for a day, the
/// right code included, and no new code is issued meanwhile; a day later all is open again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_wrong_codes_in_a_day_lock_the_phones_codes_for_a_day() {
    let (db, _dir) = database().await;
    let mut right = String::new();
    for round in 0..2 {
        let at = T0 + round * 3600;
        right = issue(&db, KEY, Purpose::PasswordReset, PHONE, "", at)
            .await
            .expect("issued")
            .code;
        let wrong = if right == "000000" {
            "111111"
        } else {
            "000000"
        };
        for attempt in 0..5 {
            let answer = verify(&db, KEY, Purpose::PasswordReset, PHONE, "", wrong, at + 1).await;
            if round == 1 && attempt == 4 {
                assert!(
                    matches!(answer, Err(CodeError::Locked { just_now: true, .. })),
                    "{answer:?}"
                );
            } else {
                assert!(matches!(answer, Err(CodeError::Wrong { .. })), "{answer:?}");
            }
        }
    }
    let at = T0 + 3600 + 2;
    let refused = verify(&db, KEY, Purpose::PasswordReset, PHONE, "", &right, at).await;
    assert!(
        matches!(
            refused,
            Err(CodeError::Locked {
                just_now: false,
                ..
            })
        ),
        "{refused:?}"
    );
    let no_new = issue(&db, KEY, Purpose::SignDocument, PHONE, "doc", at).await;
    assert!(
        matches!(no_new, Err(CodeError::Locked { .. })),
        "{no_new:?}"
    );
    // Another phone is not touched; a day later this one is open again.
    issue(&db, KEY, Purpose::SignUp, "+79990001122", "", at)
        .await
        .expect("another phone");
    let later = at + 24 * 3600;
    let fresh = issue(&db, KEY, Purpose::SignDocument, PHONE, "doc", later)
        .await
        .expect("issued a day later");
    verify(
        &db,
        KEY,
        Purpose::SignDocument,
        PHONE,
        "doc",
        &fresh.code,
        later + 1,
    )
    .await
    .expect("the right code works again");
}
