//! From the selfie to the money (PRODUCT.md J2 steps 7–10, §7 reliability) through the real
//! router: the selfie re-encoded and sealed, bad uploads refused, add-ons priced in, the terms
//! signed by a code bound to their hash and amount, the decision, and exactly one payout with a
//! balanced ledger however the payout is raced or crashed.

use crate::common;

use common::borrower::{PHONE, age_codes, at_identity, count, get_as, last_sms, post};
use common::journey::{
    FIRST, LARGE, at_terms, await_sms, ledger_sum, png, sign, step, upload, wait_for_loan,
};
use common::{TestApp, assert_status, spawn};
use http::StatusCode;
use kabinet::domain::lang::Lang;
use kabinet::server::jobs::reconcile;
use kabinet::server::services::payouts::{self, Outcome};
use kabinet::server::store::{loans, signatures};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_selfie_is_re_encoded_without_metadata_and_sealed() {
    let app = spawn().await;
    let cookie = at_identity(&app, FIRST, &[]).await;
    assert_eq!(step(&app, &cookie).await["step"], "identity");
    let taken = upload(&app, &cookie, "IMG_0001.HEIC.png", &png()).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    assert_eq!(taken.header("location"), "/apply");
    assert_eq!(step(&app, &cookie).await["step"], "add_ons");

    let (id, sealed, width): (String, String, i64) =
        sqlx::query_as("SELECT application_id, sealed, width FROM application_selfie")
            .fetch_one(&app.state.db)
            .await
            .expect("one selfie");
    assert_eq!(width, 64);
    assert!(sealed.starts_with("v2:"));
    let jpeg = app
        .state
        .vault
        .open(&format!("selfie:{id}"), &sealed)
        .expect("opens in its own context");
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF], "stored as a JPEG");
    assert!(!jpeg.windows(4).any(|w| w == b"Exif"));
    assert!(!jpeg.windows(3).any(|w| w == b"GPS"));
    assert!(app.state.vault.open("selfie:another", &sealed).is_err());
}

/// A PNG whose header says 30,000 × 30,000 over a one-pixel picture: a few dozen bytes that
/// would decode into gigabytes.
fn png_bomb() -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(1, 1)
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("png");
    let mut bytes = bytes.into_inner();
    bytes[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let crc = crc32fast::hash(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_bomb_is_refused_and_uploads_are_counted_per_account() {
    let app = spawn().await;
    let cookie = at_identity(&app, FIRST, &[]).await;
    let bomb = upload(&app, &cookie, "bomb.png", &png_bomb()).await;
    assert_eq!(bomb.header("location"), "/apply?selfie=too_large");
    assert_eq!(step(&app, &cookie).await["step"], "identity");
    // The bomb was the first of ten an hour; nine retakes are taken, the eleventh waits.
    for _ in 0..9 {
        let taken = upload(&app, &cookie, "selfie.png", &png()).await;
        assert_eq!(taken.header("location"), "/apply");
    }
    let refused = upload(&app, &cookie, "selfie.png", &png()).await;
    assert!(
        refused
            .header("location")
            .starts_with("/apply?selfie=wait&in="),
        "{}",
        refused.header("location")
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM application_selfie").await,
        1,
        "retakes replace the one selfie"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_non_image_uploads_are_refused_and_change_nothing() {
    let app = spawn().await;
    let cookie = at_identity(&app, FIRST, &[]).await;
    let mut big = vec![0xFF, 0xD8, 0xFF, 0xE0];
    big.resize(10 * 1024 * 1024 + 1, 0);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("big.jpg", big, "/apply?selfie=too_big"),
        (
            "scan.jpg",
            b"%PDF-1.7 a passport scan".to_vec(),
            "/apply?selfie=not_image",
        ),
        (
            "broken.jpg",
            b"\xFF\xD8\xFF\xE0 not really a jpeg".to_vec(),
            "/apply?selfie=not_image",
        ),
        ("empty.jpg", Vec::new(), "/apply?selfie=missing"),
    ];
    for (name, bytes, location) in cases {
        let refused = upload(&app, &cookie, name, &bytes).await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER, "{name}");
        assert_eq!(refused.header("location"), location, "{name}");
    }
    // Far above the cap: refused while it streams in.
    let mut huge = vec![0xFF, 0xD8, 0xFF, 0xE0];
    huge.resize(12 * 1024 * 1024, 7);
    assert_eq!(
        upload(&app, &cookie, "huge.jpg", &huge)
            .await
            .header("location"),
        "/apply?selfie=too_big"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM application_selfie").await,
        0
    );
    assert_eq!(step(&app, &cookie).await["step"], "identity");
    // Not logged in: to the login page, nothing stored.
    let anonymous = upload(&app, "", "selfie.png", &png()).await;
    assert_eq!(anonymous.header("location"), "/login");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM application_selfie").await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_cannot_be_skipped() {
    let app = spawn().await;
    let cookie = common::borrower::started(&app).await;
    assert_eq!(
        upload(&app, &cookie, "selfie.png", &png())
            .await
            .header("location"),
        "/apply?selfie=step"
    );
    let add_ons = post(
        &app,
        "/api/application/add_ons",
        "insurance=on",
        Some(&cookie),
    )
    .await;
    assert_status(&add_ons, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(add_ons.body.contains("Сначала завершите предыдущие шаги"));
    let code = post(&app, "/api/application/sign/start", "", Some(&cookie)).await;
    assert_status(&code, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM signed_document").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_ons_are_priced_into_the_terms_and_the_signed_document_keeps_its_evidence() {
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "").await;
    let plain = get_as(&app, "/api/application/terms", &cookie).await.json();
    // Back to the add-ons: the insurance adds its price to the total and the ПСК.
    let chosen = post(
        &app,
        "/api/application/add_ons",
        "insurance=on",
        Some(&cookie),
    )
    .await;
    assert_eq!(chosen.json()["add_ons"], serde_json::json!(["insurance"]));
    let terms = get_as(&app, "/api/application/terms", &cookie).await.json();
    let total = |t: &serde_json::Value| {
        t["total"]
            .as_str()
            .expect("total")
            .parse::<f64>()
            .expect("number")
    };
    assert_eq!(total(&terms) - total(&plain), 590.0);
    assert_ne!(terms["psk_percent"], plain["psk_percent"]);
    let html = terms["html"].as_str().expect("html");
    let (frame, cap, table) = (
        html.find("id=\"psk\"").expect("ПСК frame"),
        html.find("id=\"cap\"").expect("cap clause"),
        html.find("id=\"terms\"").expect("table of terms"),
    );
    assert!(
        frame < cap && cap < table,
        "ПСК frame, then the cap, then the table"
    );
    assert!(html.contains("Страхование от несчастного случая"));
    assert!(html.contains("590,00"), "the add-on's price");

    let signed = sign(&app, &cookie).await;
    assert_status(&signed, StatusCode::OK);
    let (sha, stored_html, phone, amount): (String, String, String, i64) = sqlx::query_as(
        "SELECT sha256, html, phone, amount_kopecks FROM signed_document WHERE signed_at IS NOT NULL",
    )
    .fetch_one(&app.state.db)
    .await
    .expect("one signed document");
    assert_eq!(sha, kabinet::server::documents::terms::sha256(&stored_html));
    assert_eq!(sha, terms["sha256"].as_str().expect("hash"));
    assert_eq!((phone.as_str(), amount), (PHONE, 500_000));

    // The borrower can open the signed document, exactly as signed; nobody else can.
    let id = step(&app, &cookie).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let own = get_as(&app, &format!("/documents/terms/{id}"), &cookie).await;
    assert_status(&own, StatusCode::OK);
    assert_eq!(own.body, stored_html);
    assert_eq!(own.header("cache-control"), "no-store");
    let pdf = get_as(&app, &format!("/documents/terms/{id}/pdf"), &cookie).await;
    assert_status(&pdf, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with("%PDF-"), "a PDF");
    let other = common::borrower::other_borrower(&app).await;
    for path in ["", "/pdf"] {
        let theirs = get_as(&app, &format!("/documents/terms/{id}{path}"), &other).await;
        assert_status(&theirs, StatusCode::NOT_FOUND);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_sent_for_one_amount_does_not_sign_another() {
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "").await;
    assert_status(
        &post(&app, "/api/application/sign/start", "", Some(&cookie)).await,
        StatusCode::OK,
    );
    let sms = last_sms(&app, PHONE).await;
    assert!(sms.contains("000,00"), "the SMS names the amount: {sms}");
    let code = common::borrower::code_in(&sms);
    // The borrower changes the amount in another tab.
    post(
        &app,
        "/api/application/start",
        "product=first&amount=6000&term_days=14",
        Some(&cookie),
    )
    .await;
    let refused = post(
        &app,
        "/api/application/sign",
        &format!("code={code}"),
        Some(&cookie),
    )
    .await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Условия изменились"),
        "{}",
        refused.body
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM signed_document WHERE signed_at IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM loan").await, 0);
    // A wrong code for the right document is a wrong code.
    age_codes(&app).await;
    post(&app, "/api/application/sign/start", "", Some(&cookie)).await;
    let wrong = post(&app, "/api/application/sign", "code=000000", Some(&cookie)).await;
    assert!(wrong.body.contains("Неверный код"), "{}", wrong.body);
    age_codes(&app).await;
    assert_status(&sign(&app, &cookie).await, StatusCode::OK);
    assert_eq!(
        count(
            &app,
            "SELECT amount_kopecks FROM signed_document WHERE signed_at IS NOT NULL"
        )
        .await,
        600_000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_high_debt_load_needs_its_warning_acknowledged() {
    let app = spawn().await;
    let cookie = at_terms(&app, LARGE, &[], "").await;
    let terms = get_as(&app, "/api/application/terms", &cookie).await.json();
    assert_eq!(terms["debt_load_warning"], true, "{terms}");
    let refused = post(&app, "/api/application/sign/start", "", Some(&cookie)).await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("долговой нагрузке"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM signed_document").await, 0);
    assert_status(&sign(&app, &cookie).await, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_loan_is_paid_out_once_with_a_balanced_ledger() {
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "insurance=on&credit_report=on").await;
    let signed = sign(&app, &cookie).await;
    assert_status(&signed, StatusCode::OK);
    // Approved; the payout runs beside the answer and may already be done.
    let status = signed.json()["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        ["approved", "paid_out"].contains(&status.as_str()),
        "{status}"
    );
    assert_eq!(signed.json()["decision"]["outcome"], "approve");
    let view = wait_for_loan(&app, &cookie, "active").await;
    assert_eq!(view["status"], "paid_out");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payout WHERE status = 'done'").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 1);
    assert_eq!(
        count(&app, "SELECT amount_kopecks FROM sandbox_payout").await,
        500_000
    );
    assert_eq!(ledger_sum(&app).await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(amount_kopecks) AS BIGINT) FROM ledger_entry WHERE account = 'borrower:services'"
        )
        .await,
        88_000
    );
    // The SMS and the bureau report follow the payout's commit.
    await_sms(&app, "отправлены на карту 411111******1111").await;
    for _ in 0..100 {
        if count(&app, "SELECT COUNT(*) FROM bureau_sandbox_report").await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM bureau_sandbox_report").await,
        1
    );
    // Reconciliation afterwards finds nothing to do.
    assert_eq!(reconcile::run(&app.state).await.expect("reconcile"), 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 1);
}

/// A signed 50,000 ₽ loan waiting out its cooling-off; returns the cookie and the loan id.
async fn cooling_off(app: &TestApp) -> (String, String) {
    let cookie = at_terms(app, LARGE, &[], "").await;
    let signed = sign(app, &cookie).await;
    assert_status(&signed, StatusCode::OK);
    let loan = &signed.json()["loan"];
    assert_eq!(loan["status"], "cooling_off", "{}", signed.body);
    assert!(last_sms(app, PHONE).await.contains("через 4 ч"));
    (cookie, loan["id"].as_str().expect("id").to_owned())
}

async fn end_cooling_off(app: &TestApp, loan_id: &str) {
    sqlx::query("UPDATE loan SET payout_after = 0 WHERE id = $1")
        .bind(loan_id)
        .execute(&app.state.db)
        .await
        .expect("time passes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_payouts_pay_once() {
    let app = spawn().await;
    let (_, loan_id) = cooling_off(&app).await;
    assert_eq!(
        payouts::pay_out(&app.state, &loan_id, Lang::Ru)
            .await
            .expect("not due"),
        Outcome::NotDue
    );
    end_cooling_off(&app, &loan_id).await;
    let other = app.beside().await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        let state = if i % 2 == 0 {
            app.state.clone()
        } else {
            other.state.clone()
        };
        let id = loan_id.clone();
        tasks.spawn(async move { payouts::pay_out(&state, &id, Lang::Ru).await });
    }
    let mut paid = 0;
    while let Some(result) = tasks.join_next().await {
        match result.expect("task") {
            Ok(Outcome::PaidOut) => paid += 1,
            Ok(_) => {}
            // A retryable failure (a busy database) leaves the payout for reconciliation.
            Err(e) => eprintln!("one attempt failed: {e:?}"),
        }
    }
    reconcile::run(&app.state).await.expect("reconcile");
    assert!(paid <= 1, "{paid} calls paid out");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payout WHERE status = 'done'").await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM ledger_entry WHERE account = 'borrower:principal'"
        )
        .await,
        1
    );
    assert_eq!(ledger_sum(&app).await, 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM loan WHERE status = 'active'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_the_gateway_and_the_commit_is_reconciled_once() {
    let app = spawn().await;
    let (_, loan_id) = cooling_off(&app).await;
    end_cooling_off(&app, &loan_id).await;
    // The steps before the crash: the payout opened and the gateway paid; no commit.
    let loan = loans::loan(&app.state.db, &loan_id)
        .await
        .expect("db")
        .expect("loan");
    let key = kabinet::server::store::payouts::open_payout(&app.state.db, &loan, 1)
        .await
        .expect("db")
        .expect("due");
    app.state
        .gateway
        .payout(&key, &loan.destination, loan.contract.principal.kopecks())
        .await
        .expect("paid");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM ledger_entry").await, 0);
    // A restarted instance reconciles: the gateway's payout is recorded, not repeated.
    let restarted = app.beside().await;
    assert_eq!(
        reconcile::run(&restarted.state).await.expect("reconcile"),
        1
    );
    assert_eq!(reconcile::run(&restarted.state).await.expect("again"), 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payout WHERE status = 'done'").await,
        1
    );
    assert_eq!(ledger_sum(&app).await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(amount_kopecks) AS BIGINT) FROM ledger_entry WHERE account = 'gateway:settlement'"
        )
        .await,
        -5_000_000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loan_refused_during_cooling_off_is_never_paid() {
    let app = spawn().await;
    let (cookie, loan_id) = cooling_off(&app).await;
    let stranger = post(
        &app,
        "/api/loans/refuse",
        &format!("loan_id={loan_id}"),
        None,
    )
    .await;
    assert_status(&stranger, StatusCode::UNAUTHORIZED);
    let refused = post(
        &app,
        "/api/loans/refuse",
        &format!("loan_id={loan_id}"),
        Some(&cookie),
    )
    .await;
    assert_status(&refused, StatusCode::OK);
    end_cooling_off(&app, &loan_id).await;
    assert_eq!(reconcile::run(&app.state).await.expect("reconcile"), 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 0);
    assert_eq!(step(&app, &cookie).await["loan"]["status"], "refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_out_loan_cannot_be_refused() {
    let app = spawn().await;
    let (cookie, loan_id) = cooling_off(&app).await;
    end_cooling_off(&app, &loan_id).await;
    reconcile::run(&app.state).await.expect("reconcile");
    let refused = post(
        &app,
        "/api/loans/refuse",
        &format!("loan_id={loan_id}"),
        Some(&cookie),
    )
    .await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Деньги уже отправлены"));
    let unknown = post(&app, "/api/loans/refuse", "loan_id=nope", Some(&cookie)).await;
    assert_status(&unknown, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bureau_delinquencies_and_open_loans_decline_with_a_date_to_retry() {
    for ending in ["123477", "123421"] {
        let app = spawn().await;
        let cookie = at_terms(&app, FIRST, &[("passport_number", ending)], "").await;
        let signed = sign(&app, &cookie).await;
        assert_status(&signed, StatusCode::OK);
        let view = signed.json();
        assert_eq!(view["status"], "declined", "{ending}: {view}");
        assert!(view["decision"]["retry_on"].is_string());
        assert!(
            last_sms(&app, PHONE)
                .await
                .contains("Подать новую заявку можно с")
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM loan").await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_account_is_checked_by_its_control_key_and_paid_by_transfer() {
    let app = spawn().await;
    let cookie = common::borrower::started(&app).await;
    let saved = post(
        &app,
        "/api/application/questionnaire",
        &common::borrower::questionnaire(&[]),
        Some(&cookie),
    )
    .await;
    assert_status(&saved, StatusCode::OK);
    let choose = |form: &'static str| post(&app, "/api/application/account", form, Some(&cookie));
    let bad_bik = choose("account_number=40817810938160925982&bik=123").await;
    assert_status(&bad_bik, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_bik.json()["fields"][0]["field"], "bik");
    let bad_key = choose("account_number=40817810938160925983&bik=044525225").await;
    assert!(
        bad_key.body.contains("не подходит к этому БИК"),
        "{}",
        bad_key.body
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payout_account").await, 0);
    assert_eq!(step(&app, &cookie).await["step"], "payout");
    let chosen = choose("account_number=40817+810+9+38160925982&bik=044525225").await;
    assert_status(&chosen, StatusCode::OK);
    assert_eq!(chosen.json()["step"], "identity");

    upload(&app, &cookie, "selfie.png", &png()).await;
    post(&app, "/api/application/add_ons", "", Some(&cookie)).await;
    let terms = get_as(&app, "/api/application/terms", &cookie).await.json();
    assert!(
        terms["html"]
            .as_str()
            .expect("html")
            .contains("счёт 40817810938160925982 в банке с БИК 044525225")
    );
    assert_status(&sign(&app, &cookie).await, StatusCode::OK);
    wait_for_loan(&app, &cookie, "active").await;
    let destination: String = sqlx::query_scalar("SELECT destination FROM sandbox_payout")
        .fetch_one(&app.state.db)
        .await
        .expect("one payout");
    assert_eq!(destination, "account:044525225:40817810938160925982");
    await_sms(&app, "за 2–3 рабочих дня").await;
    assert_eq!(ledger_sum(&app).await, 0);
}

/// Starts an identification and answers the sandbox's consent page; returns where kabinet's
/// return address sends the browser.
async fn identify(app: &TestApp, cookie: &str, citizen: &str, answer: &str) -> String {
    let started = post(app, "/api/application/identify", "", Some(cookie)).await;
    assert_status(&started, StatusCode::OK);
    let page = started.json().as_str().expect("a URL").to_owned();
    let shown = app.get(&page).await;
    assert!(
        shown
            .body
            .contains("Песочница биометрической идентификации"),
        "{}",
        shown.body
    );
    let session = page.rsplit('=').next().expect("session");
    let consent = app
        .post_form(
            "/sandbox/identity",
            &format!("session={session}&citizen={citizen}&answer={answer}"),
        )
        .await;
    assert_eq!(consent.status, StatusCode::SEE_OTHER);
    let back = consent.header("location").to_owned();
    assert!(back.starts_with("/apply/identity?request="), "{back}");
    get_as(app, &back, cookie)
        .await
        .header("location")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mfk_identifies_borrowers_biometrically_and_only_the_borrower_passes() {
    let app = common::spawn_with(&[("KABINET_LENDER_KIND", "mfk")]).await;
    let cookie = at_identity(&app, FIRST, &[]).await;
    assert_eq!(step(&app, &cookie).await["biometric"], true);
    // No selfie for an МФК.
    assert_eq!(
        upload(&app, &cookie, "selfie.png", &png())
            .await
            .header("location"),
        "/apply?selfie=biometric"
    );
    // Someone else (Петров Пётр), then a refusal: the application stays where it was.
    assert_eq!(
        identify(&app, &cookie, "2", "allow").await,
        "/apply?identity=mismatch"
    );
    assert_eq!(
        identify(&app, &cookie, "0", "deny").await,
        "/apply?identity=denied"
    );
    assert_eq!(step(&app, &cookie).await["step"], "identity");
    // The borrower: Иванов Иван, born 1990-05-20 as the questionnaire says.
    assert_eq!(identify(&app, &cookie, "0", "allow").await, "/apply");
    assert_eq!(step(&app, &cookie).await["step"], "add_ons");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM identity_request WHERE status = 'verified'"
        )
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mkk_takes_a_selfie_and_has_no_biometric_step() {
    let app = spawn().await;
    let cookie = at_identity(&app, FIRST, &[]).await;
    assert_eq!(step(&app, &cookie).await["biometric"], false);
    let refused = post(&app, "/api/application/identify", "", Some(&cookie)).await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM identity_request").await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_application_takes_a_card_bound_before_with_an_sms_code() {
    let app = spawn().await;
    // A first application, declined (three delinquencies), leaves a bound card behind.
    let cookie = at_terms(&app, FIRST, &[("passport_number", "123477")], "").await;
    assert_eq!(sign(&app, &cookie).await.json()["status"], "declined");
    let again = post(
        &app,
        "/api/application/start",
        "product=first&amount=7000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&again, StatusCode::OK);
    assert_eq!(again.json()["step"], "questionnaire");
    assert_eq!(
        again.json()["questionnaire"]["passport_number"],
        "123477",
        "pre-filled to confirm"
    );
    let cards = get_as(&app, "/api/cards", &cookie).await.json();
    let card_id = cards[0]["id"].as_str().expect("a card").to_owned();
    assert_eq!(cards[0]["card"]["masked"], "411111******1111");
    // Not before the questionnaire is confirmed.
    let early = post(
        &app,
        "/api/cards/confirm/start",
        &format!("card_id={card_id}"),
        Some(&cookie),
    )
    .await;
    assert_status(&early, StatusCode::UNPROCESSABLE_ENTITY);
    post(
        &app,
        "/api/application/questionnaire",
        &common::borrower::questionnaire(&[]),
        Some(&cookie),
    )
    .await;
    age_codes(&app).await;
    let unknown = post(
        &app,
        "/api/cards/confirm/start",
        "card_id=not-mine",
        Some(&cookie),
    )
    .await;
    assert_status(&unknown, StatusCode::NOT_FOUND);
    let sent = post(
        &app,
        "/api/cards/confirm/start",
        &format!("card_id={card_id}"),
        Some(&cookie),
    )
    .await;
    assert_status(&sent, StatusCode::OK);
    let sms = last_sms(&app, PHONE).await;
    assert!(sms.contains("411111******1111"), "{sms}");
    let wrong = post(
        &app,
        "/api/cards/confirm",
        &format!("card_id={card_id}&code=000000"),
        Some(&cookie),
    )
    .await;
    assert_status(&wrong, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(step(&app, &cookie).await["step"], "payout");
    let code = common::borrower::code_in(&sms);
    let taken = post(
        &app,
        "/api/cards/confirm",
        &format!("card_id={card_id}&code={code}"),
        Some(&cookie),
    )
    .await;
    assert_status(&taken, StatusCode::OK);
    assert_eq!(taken.json()["step"], "identity");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM card").await,
        1,
        "no second binding"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signature_left_undecided_by_a_crash_is_decided_and_paid_out_on_restart() {
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "").await;
    // The signature is recorded, then the server stops before deciding.
    signed_undecided(&app, &cookie).await;
    assert_eq!(step(&app, &cookie).await["status"], "submitted");
    let restarted = app.beside().await;
    reconcile::run(&restarted.state).await.expect("reconcile");
    assert_eq!(
        wait_for_loan(&app, &cookie, "active").await["status"],
        "paid_out"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 1);
    assert_eq!(ledger_sum(&app).await, 0);
}

/// Asks for the signing code and records the signature as the code would, without deciding
/// (the server stopped in between); the application's id.
async fn signed_undecided(app: &TestApp, cookie: &str) -> String {
    let sent = post(app, "/api/application/sign/start", "", Some(cookie)).await;
    assert_status(&sent, StatusCode::OK);
    let id = step(app, cookie).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let prepared = signatures::latest_prepared(&app.state.db, &id)
        .await
        .expect("db")
        .expect("prepared");
    let evidence = signatures::Evidence {
        phone: PHONE,
        ip: "203.0.113.9",
        user_agent: "test",
        at: 1,
    };
    assert!(
        signatures::sign(&app.state.db, &id, &prepared.id, &evidence)
            .await
            .expect("db")
    );
    id
}

/// Issue 16, item 7: the product is repriced between the signature and a later decision (the
/// reconciler's); the loan the signed terms describe is not what would be issued, so no loan is
/// issued and a person reviews the application.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_decision_never_issues_terms_other_than_those_signed() {
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "").await;
    let id = signed_undecided(&app, &cookie).await;
    sqlx::query("UPDATE product SET daily_rate = '0.005' WHERE code = 'first'")
        .execute(&app.state.db)
        .await
        .expect("repriced");
    let restarted = app.beside().await;
    reconcile::run(&restarted.state).await.expect("reconcile");
    assert_eq!(step(&app, &cookie).await["status"], "review");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM loan").await, 0);
    let decision: String = sqlx::query_scalar("SELECT decision FROM application WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.state.db)
        .await
        .expect("decided");
    assert!(decision.contains("terms_changed"), "{decision}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_borrower_who_repaid_a_loan_takes_repeat_loans_up_to_their_limit() {
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "").await;
    // A newcomer's calculator has the first loan, not the repeat one, and the server agrees.
    let mine = get_as(&app, "/api/calculator/mine", &cookie).await.json();
    let codes = |terms: &serde_json::Value| {
        terms["products"]
            .as_array()
            .expect("products")
            .iter()
            .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&mine), ["first", "installment"]);
    let refused = post(
        &app,
        "/api/application/start",
        "product=repeat&amount=5000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_status(&sign(&app, &cookie).await, StatusCode::OK);
    wait_for_loan(&app, &cookie, "active").await;
    // Repaid (the repayment itself belongs to the cabinet's money flows).
    sqlx::query("UPDATE loan SET status = 'repaid'")
        .execute(&app.state.db)
        .await
        .expect("repaid");
    let mine = get_as(&app, "/api/calculator/mine", &cookie).await.json();
    assert_eq!(codes(&mine), ["repeat", "installment"]);
    assert_eq!(
        mine["products"][0]["amount_max"], "30000.00",
        "the first tier's limit"
    );
    let first = post(
        &app,
        "/api/application/start",
        "product=first&amount=5000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&first, StatusCode::UNPROCESSABLE_ENTITY);
    let above = post(
        &app,
        "/api/application/start",
        "product=repeat&amount=35000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&above, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(above.body.contains("30"), "{}", above.body);
    let repeat = post(
        &app,
        "/api/application/start",
        "product=repeat&amount=30000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&repeat, StatusCode::OK);
    assert_eq!(repeat.json()["product"], "repeat");
    assert_eq!(
        repeat.json()["questionnaire"]["passport_number"],
        "123456",
        "pre-filled to confirm"
    );
}
