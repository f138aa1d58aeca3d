//! The loan application wizard through the real router (PRODUCT.md J2 steps 1 and 5): started
//! with the calculator's loan, the questionnaire checked field by field and stored sealed, and
//! resumed at the right step from any session.

use crate::common;

use common::borrower::get_as as get;
use common::borrower::{
    PHONE, count, log_in, post, questionnaire, session_cookie, sign_up, started,
};
use common::{assert_status, spawn};
use http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_questionnaire_is_saved_sealed_and_resumed_from_another_session() {
    let app = spawn().await;
    let cookie = started(&app).await;
    let saved = post(
        &app,
        "/api/application/questionnaire",
        &questionnaire(&[]),
        Some(&cookie),
    )
    .await;
    assert_status(&saved, StatusCode::OK);
    assert_eq!(saved.json()["step"], "payout");

    // Nothing readable at rest: no passport number, SNILS or INN in any questionnaire row.
    let sealed: String = sqlx::query_scalar("SELECT sealed FROM questionnaire")
        .fetch_one(&app.state.db)
        .await
        .expect("one row");
    // The row is the vault's version (`v2:`), the key's id and hex, so no text can stand in it but
    // as hex digits;
    // and the bytes they spell hold none of the answers. (Searching the hex text itself for a
    // 4-digit passport series found it by chance in about one run in a hundred.)
    let hex = sealed
        .strip_prefix("v2:")
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, hex)| hex)
        .expect("the vault's version and key id");
    let bytes = kabinet::server::secrets::from_hex(hex).expect("the sealed row is hex");
    for secret in [
        "123456",
        "5710",
        "11223344595",
        "112-233-445",
        "500100732259",
        "Ленина",
    ] {
        let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "{secret} is readable at rest");
    }

    // Another device: log in again, and the wizard resumes at the payout with the answers.
    let other = session_cookie(&log_in(&app, PHONE, "пароль от кабинета").await);
    let resumed = get(&app, "/api/application", &other).await;
    assert_status(&resumed, StatusCode::OK);
    let resumed = resumed.json();
    assert_eq!(resumed["step"], "payout");
    assert_eq!(resumed["product"], "first");
    assert_eq!(resumed["questionnaire"]["snils"], "112-233-445 95");
    assert_eq!(resumed["questionnaire"]["passport_number"], "123456");
    assert_eq!(resumed["questionnaire"]["residence_same"], "on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_answer_gets_its_message_and_nothing_is_stored() {
    let app = spawn().await;
    let cookie = started(&app).await;
    // (what is changed in a good questionnaire, the field refused, its message)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    // Seventeen today, whatever day the test runs: born 17 years and a half ago.
    let today = chrono::Local::now().date_naive();
    let born = (today - chrono::Months::new(17 * 12 + 6)).to_string();
    let issued = (today - chrono::Months::new(3 * 12)).to_string();
    let cases: [Case; 7] = [
        (
            &[("birth_date", &born), ("passport_issued_on", &issued)],
            "birth_date",
            "Заём выдаётся с 18 до 75 лет",
        ),
        (
            &[("snils", "112-233-445 96")],
            "snils",
            "В номере СНИЛС ошибка: не сходится контрольное число",
        ),
        (
            &[("passport_issued_on", "2003-01-01")],
            "passport_issued_on",
            "Паспорт выдают с 14 лет — проверьте даты выдачи и рождения",
        ),
        (
            &[
                ("birth_date", "2010-01-01"),
                ("passport_issued_on", "2025-01-10"),
            ],
            "birth_date",
            "Заём выдаётся с 18 до 75 лет",
        ),
        (
            &[("inn", "500100732258")],
            "inn",
            "В ИНН ошибка: не сходятся контрольные цифры",
        ),
        (
            &[("division_code", "59-001")],
            "division_code",
            "Код подразделения — 6 цифр, например 590-001",
        ),
        (
            // The bureau sandbox holds a self-ban for passport numbers ending in 13.
            &[("passport_number", "123413")],
            "passport_number",
            "По данным бюро кредитных историй на этот паспорт установлен самозапрет на займы. \
             Заём оформить нельзя, пока самозапрет не снят (через Госуслуги).",
        ),
    ];
    for (changes, field, message) in cases {
        let answer = post(
            &app,
            "/api/application/questionnaire",
            &questionnaire(changes),
            Some(&cookie),
        )
        .await;
        assert_status(&answer, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = answer.json()["fields"].clone();
        assert_eq!(fields[0]["field"], field, "{fields}");
        assert_eq!(fields[0]["message"], message);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire").await, 0);
    let resumed = get(&app, "/api/application", &cookie).await;
    assert_eq!(resumed.json()["step"], "questionnaire");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_needs_a_login_and_a_loan_the_calculator_allows() {
    let app = spawn().await;
    let anonymous = app
        .post_form(
            "/api/application/start",
            "product=first&amount=5000&term_days=14",
        )
        .await;
    assert_status(&anonymous, StatusCode::UNAUTHORIZED);
    let cookie = sign_up(&app).await;
    let too_much = post(
        &app,
        "/api/application/start",
        "product=first&amount=500000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&too_much, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_much.json()["fields"][0]["field"], "amount");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application").await, 0);
    // No application yet: nothing to resume, and no questionnaire can be saved.
    assert_eq!(
        get(&app, "/api/application", &cookie).await.json(),
        serde_json::Value::Null
    );
    let early = post(
        &app,
        "/api/application/questionnaire",
        &questionnaire(&[]),
        Some(&cookie),
    )
    .await;
    assert_status(&early, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_again_changes_the_loan_but_keeps_one_application_and_its_step() {
    let app = spawn().await;
    let cookie = started(&app).await;
    post(
        &app,
        "/api/application/questionnaire",
        &questionnaire(&[]),
        Some(&cookie),
    )
    .await;
    let again = post(
        &app,
        "/api/application/start",
        "product=first&amount=7000&term_days=20",
        Some(&cookie),
    )
    .await;
    assert_status(&again, StatusCode::OK);
    assert_eq!(again.json()["amount"], "7000.00");
    assert_eq!(again.json()["step"], "payout");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM application").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loan_reported_twice_to_the_bureau_is_stored_once_without_the_passport_number() {
    use kabinet::domain::documents::PassportNumber;
    use kabinet::domain::money::Money;
    use kabinet::server::ports::bureau::{LoanEvent, LoanReport};
    let app = spawn().await;
    let report = LoanReport {
        loan_id: "loan-1".into(),
        event: LoanEvent::Issued,
        passport: PassportNumber::parse("5710", "123456").expect("valid"),
        amount: Money::from_roubles(5_000),
        psk_percent: rust_decimal::Decimal::new(292, 0),
        on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
    };
    app.state.bureau.report(&report).await.expect("reported");
    app.state
        .bureau
        .report(&report)
        .await
        .expect("reported again");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM bureau_sandbox_report").await,
        1
    );
    let subject: String = sqlx::query_scalar("SELECT subject_hmac FROM bureau_sandbox_report")
        .fetch_one(&app.state.db)
        .await
        .expect("row");
    assert!(!subject.contains("123456") && subject.len() == 64);
    assert!(app.state.bureau.is_sandbox());
}

/// Issue 16, item 12: `kabinet rotate-key` re-seals every questionnaire and selfie under the new
/// master key (the old one given as previous); afterwards the new key alone opens them and the
/// old one none; a second run has nothing to do. A questionnaire is bound to its version: its
/// sealed answers copied over another version do not open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_the_key_reseals_all_personal_data_under_the_new_one() {
    use kabinet::server::services::applications::open_questionnaire;
    use kabinet::server::services::keys::{Rotated, rotate};
    use kabinet::server::vault::{PURPOSE, Vault};
    let app = spawn().await;
    let cookie = common::borrower::at_identity(&app, common::journey::FIRST, &[]).await;
    let taken = common::journey::upload(&app, &cookie, "selfie.png", &common::journey::png()).await;
    assert_eq!(taken.header("location"), "/apply");
    let secrets = |settings: &[(&str, &str)]| {
        kabinet::server::secrets::Secrets::load(&common::test_config(
            app.database_url.clone(),
            settings,
        ))
        .expect("keys")
    };
    let (old_master, new_master) = ("5e".repeat(32), "6f".repeat(32));
    let both = secrets(&[
        ("KABINET_SECRET_KEY", &new_master),
        ("KABINET_PREVIOUS_SECRET_KEYS", &old_master),
    ]);
    let rotating = Vault::with_previous(&both.key(PURPOSE), &both.previous_keys(PURPOSE));
    let done = rotate(&app.state.db, &rotating).await.expect("rotated");
    assert_eq!(
        done,
        Rotated {
            questionnaires: 1,
            selfies: 1,
            current: 0
        }
    );
    let again = rotate(&app.state.db, &rotating).await.expect("again");
    assert_eq!(
        (again.questionnaires, again.selfies, again.current),
        (0, 0, 2)
    );

    let (account_id, sealed): (String, String) =
        sqlx::query_as("SELECT account_id, sealed FROM questionnaire")
            .fetch_one(&app.state.db)
            .await
            .expect("row");
    let new_only = Vault::new(&secrets(&[("KABINET_SECRET_KEY", &new_master)]).key(PURPOSE));
    let old_only = Vault::new(&secrets(&[("KABINET_SECRET_KEY", &old_master)]).key(PURPOSE));
    assert!(open_questionnaire(&new_only, &account_id, 1, &sealed).is_ok());
    assert!(open_questionnaire(&old_only, &account_id, 1, &sealed).is_err());
    assert!(
        open_questionnaire(&new_only, &account_id, 2, &sealed).is_err(),
        "bound to its version"
    );
    let (id, selfie): (String, String) =
        sqlx::query_as("SELECT application_id, sealed FROM application_selfie")
            .fetch_one(&app.state.db)
            .await
            .expect("selfie");
    let context = kabinet::server::services::signing::selfie_context(&id);
    assert!(new_only.open(&context, &selfie).is_ok());
    assert!(old_only.open(&context, &selfie).is_err());
}
