//! The wizard's last steps on `/apply` (PRODUCT.md J2 steps 7–10): the selfie (a plain
//! multipart form, so a phone's camera works without script), the add-ons with the total to
//! repay, the individual terms with the ПДН warning and the SMS signature, and the decision,
//! watched live until the money has gone out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::application::{
    RefuseLoan, SaveAddOns, SendSigningCode, SignTerms, StartIdentification, get_application,
    get_terms,
};
use crate::api::quote::price_loan;
use crate::domain::addons::AddOn;
use crate::domain::application::ApplicationStatus;
use crate::domain::lang::Lang;
use crate::domain::loan::stage::LoanStage;
use crate::domain::money::Money;
use crate::domain::problem::Problem;
use crate::domain::scoring::Decision;
use crate::domain::upload::{SELFIE_MAX_BYTES, SELFIE_MAX_MEGAPIXELS};
use crate::i18n::apply::use_apply_texts;
use crate::i18n::errors::{self, Wait};
use crate::i18n::{use_lang, use_texts};
use crate::ui::components::form::{Answer, CodeField, ErrorNote, FormProblem, form_problem, go};
use crate::wire::application::{ApplicationView, TermsView};
use crate::wire::error::AppError;

type Application = RwSignal<Option<Result<Option<ApplicationView>, AppError>>>;

/// The identity step: the selfie (the server answers with a redirect back here, naming a
/// problem if any), or, for a lender that must identify biometrically, the provider's page.
#[component]
pub fn IdentityStep(biometric: bool) -> impl IntoView {
    let t = use_apply_texts();
    let lang = use_lang();
    let query = use_query_map();
    let problem = query
        .read_untracked()
        .get("selfie")
        .map(|code| match code.as_str() {
            "too_big" => Problem::FileTooBig {
                max_mb: (SELFIE_MAX_BYTES / (1024 * 1024)) as u32,
            }
            .message(lang),
            "too_large" => Problem::PictureTooLarge {
                max_megapixels: SELFIE_MAX_MEGAPIXELS,
            }
            .message(lang),
            "busy" => errors::busy(lang).to_owned(),
            "wait" => {
                let seconds = query
                    .read_untracked()
                    .get("in")
                    .and_then(|s| s.parse::<i64>().ok())
                    .unwrap_or(3600);
                errors::too_many(lang, Wait::Uploads, seconds)
            }
            "missing" => Problem::Required.message(lang),
            "step" => Problem::StepNotReached.message(lang),
            "biometric" => Problem::BiometricRequired.message(lang),
            "failed" => t.selfie_failed.to_owned(),
            _ => Problem::NotAnImage.message(lang),
        });
    if biometric {
        let refused = query
            .read_untracked()
            .get("identity")
            .map(|code| match code.as_str() {
                "mismatch" => Problem::IdentityMismatch.message(lang),
                _ => Problem::IdentityDenied.message(lang),
            });
        return view! { <BiometricStep refused/> }.into_any();
    }
    let invalid = problem.is_some();
    // The chosen picture, shown before it is sent (a local address the browser made for it).
    let preview = RwSignal::new(None::<String>);
    view! {
        <h2>{t.identity_title}</h2>
        <p class="hint">{t.identity_lead}</p>
        <form method="post" action="/apply/selfie" enctype="multipart/form-data" class="selfie">
            <div class="field" class:invalid=invalid>
                <label for="f-selfie">{t.selfie_label}</label>
                <input id="f-selfie" name="selfie" type="file" required
                    accept="image/jpeg,image/png,image/webp" capture="user"
                    aria-describedby="f-selfie-problem" aria-invalid=invalid.then_some("true")
                    on:change=move |ev| preview.set(chosen_picture(&ev))/>
                <p class="problem" id="f-selfie-problem" aria-live="polite">{problem}</p>
                {move || preview.get().map(|src| view! {
                    <img class="preview" src=src alt=use_texts().preview_alt/>
                })}
            </div>
            <button type="submit" class="primary">{t.selfie_send}</button>
        </form>
    }
    .into_any()
}

/// Biometric identification: off to the identity provider's page and back.
#[component]
fn BiometricStep(refused: Option<String>) -> impl IntoView {
    let t = use_apply_texts();
    let start = ServerAction::<StartIdentification>::new();
    Effect::new(move |_| {
        if let Some(Ok(url)) = start.value().get() {
            go(&url);
        }
    });
    let answer: Answer<_> = Signal::derive(move || start.value().get());
    view! {
        <h2>{t.identity_title}</h2>
        <p class="hint">{t.biometric_lead}</p>
        {refused.map(|message| view! { <p class="problem" role="alert">{message}</p> })}
        <ActionForm action=start>
            <FormProblem problem=form_problem(answer, &[])/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>
                {t.identify}
            </button>
        </ActionForm>
    }
}

/// The add-ons, each with its own unticked consent; the total to repay follows the ticks.
#[component]
pub fn AddOnsStep(app: ApplicationView, application: Application) -> impl IntoView {
    let t = use_apply_texts();
    let lang = use_lang();
    let save = ServerAction::<SaveAddOns>::new();
    Effect::new(move |_| {
        if let Some(Ok(view)) = save.value().get() {
            application.set(Some(Ok(Some(view))));
        }
    });
    let base = RwSignal::new(None::<Money>);
    let (product, amount, term) = (
        app.product.code().to_owned(),
        app.amount.as_decimal().to_string(),
        app.term_days.to_string(),
    );
    Effect::new(move |_| {
        let (product, amount, term) = (product.clone(), amount.clone(), term.clone());
        spawn_local(async move {
            if let Ok(quote) = price_loan(product, amount, term, None).await {
                base.set(Some(quote.total));
            }
        });
    });
    let ticks: Vec<(AddOn, RwSignal<bool>)> = AddOn::ALL
        .into_iter()
        .map(|a| (a, RwSignal::new(app.add_ons.iter().any(|c| c == a.code()))))
        .collect();
    let total = {
        let ticks = ticks.clone();
        move || {
            base.get().map(|base| {
                let services: Money = ticks
                    .iter()
                    .filter(|(_, on)| on.get())
                    .map(|(a, _)| a.price())
                    .sum();
                (base + services).display(lang)
            })
        }
    };
    let boxes = ticks
        .into_iter()
        .map(|(add_on, on)| {
            view! {
                <label class="check add-on">
                    <input type="checkbox" name=add_on.code() value="on"
                        prop:checked=move || on.get()
                        on:change=move |ev| on.set(event_target_checked(&ev))/>
                    " "<strong>{add_on.name(lang)}</strong>
                    <span class="hint">" "{t.add_ons_consent}" "{add_on.price().display(lang)}</span>
                </label>
            }
        })
        .collect_view();
    let answer: Answer<_> = Signal::derive(move || save.value().get());
    view! {
        <h2>{t.add_ons_title}</h2>
        <p class="hint">{t.add_ons_lead}</p>
        <ActionForm action=save attr:class="add-ons">
            {boxes}
            <p class="total" aria-live="polite">{t.add_ons_total}" "<strong>{total}</strong></p>
            <FormProblem problem=form_problem(answer, &[])/>
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {t.continue_label}
            </button>
        </ActionForm>
    }
}

fn percent(p: rust_decimal::Decimal, lang: Lang) -> String {
    let text = p.round_dp(2).to_string();
    match lang {
        Lang::Ru => format!("{} %", text.replace('.', ",")),
        Lang::En => format!("{text} %"),
    }
}

/// The individual terms in full, the ПДН warning, and the signature by SMS code.
#[component]
pub fn TermsStep(application: Application) -> impl IntoView {
    let t = use_apply_texts();
    let lang = use_lang();
    let terms = RwSignal::new(None::<Result<TermsView, AppError>>);
    Effect::new(move |_| {
        spawn_local(async move { terms.set(Some(get_terms().await)) });
    });
    let send = ServerAction::<SendSigningCode>::new();
    let sign = ServerAction::<SignTerms>::new();
    Effect::new(move |_| {
        if let Some(Ok(view)) = sign.value().get() {
            application.set(Some(Ok(Some(view))));
        }
    });
    let sent: Answer<_> = Signal::derive(move || send.value().get());
    let signed: Answer<_> = Signal::derive(move || sign.value().get());
    view! {
        <h2>{t.terms_title}</h2>
        <p class="hint">{t.terms_lead}</p>
        {move || match terms.get() {
            None => view! { <p aria-busy="true">{crate::i18n::use_texts().loading}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
            Some(Ok(view)) => {
                let warning = view.debt_load_warning.then(|| {
                    let pdn = view.debt_load.map_or("—".to_owned(), |p| percent(p, lang));
                    view! {
                        <p class="warning" role="alert">{t.debt_load_warning.replace("{pdn}", &pdn)}</p>
                    }
                });
                view! {
                    <article class="document" inner_html=view.html.clone()></article>
                    {warning}
                    <ActionForm action=send attr:class="sign-start">
                        {view.debt_load_warning.then(|| view! {
                            <label class="check">
                                <input type="checkbox" name="debt_load_ack" value="on" required/>
                                " "{t.debt_load_ack}
                            </label>
                        })}
                        <FormProblem problem=form_problem(sent, &[])/>
                        {move || matches!(sent.get(), Some(Ok(()))).then(|| view! {
                            <p class="done" role="status">{t.code_sent}</p>
                        })}
                        <button type="submit" class="secondary" disabled=move || send.pending().get()>
                            {t.get_code}
                        </button>
                    </ActionForm>
                }.into_any()
            }
        }}
        <ActionForm action=sign attr:class="sign">
            <CodeField label=t.code_label answer=signed/>
            <button type="submit" class="primary" disabled=move || sign.pending().get()>
                {t.sign_label}
            </button>
        </ActionForm>
    }
}

/// Moscow time (UTC+3 all year since 2014), as the lender's documents give times.
fn moscow_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix + 3 * 3600, 0)
        .map(|t| t.format("%d.%m.%Y %H:%M МСК").to_string())
        .unwrap_or_default()
}

/// The decision, watched live: the page asks the server every two seconds until the outcome is
/// final, so the borrower sees "approved" and then "paid out" without reloading.
#[component]
pub fn DecisionStep(app: ApplicationView, application: Application) -> impl IntoView {
    let t = use_apply_texts();
    let settled = matches!(
        app.status,
        ApplicationStatus::Declined | ApplicationStatus::Refused | ApplicationStatus::PaidOut
    ) || app
        .loan
        .as_ref()
        .is_some_and(|l| l.status == LoanStage::CoolingOff);
    if !settled {
        set_timeout(
            move || {
                spawn_local(async move {
                    if let Ok(view) = get_application().await {
                        application.set(Some(Ok(view)));
                    }
                })
            },
            std::time::Duration::from_secs(2),
        );
    }
    if app.status == ApplicationStatus::PaidOut {
        set_timeout(move || go("/cabinet"), std::time::Duration::from_secs(3));
    }
    let refuse = ServerAction::<RefuseLoan>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = refuse.value().get() {
            spawn_local(async move {
                if let Ok(view) = get_application().await {
                    application.set(Some(Ok(view)));
                }
            });
        }
    });
    let refused: Answer<_> = Signal::derive(move || refuse.value().get());
    let loan_status = app.loan.as_ref().map(|l| l.status);
    let message = match (app.status, loan_status, &app.decision) {
        (ApplicationStatus::Submitted, _, _) => t.deciding.to_owned(),
        (_, Some(LoanStage::Refused), _) | (ApplicationStatus::Refused, _, _) => {
            t.refused.to_owned()
        }
        (ApplicationStatus::PaidOut, _, _) | (_, Some(LoanStage::Active), _) => t.paid.to_owned(),
        (_, Some(LoanStage::CoolingOff), _) => t.cooling_off.replace(
            "{time}",
            &moscow_time(app.loan.as_ref().map_or(0, |l| l.payout_after)),
        ),
        (ApplicationStatus::Approved, _, _) => t.paying.to_owned(),
        (ApplicationStatus::Review, _, _) => t.review.to_owned(),
        (_, _, Some(Decision::Decline { retry_on, .. })) => t
            .declined
            .replace("{date}", &retry_on.format("%d.%m.%Y").to_string()),
        _ => t.deciding.to_owned(),
    };
    let busy = !settled && app.status != ApplicationStatus::Review;
    let loan_id = app.loan.as_ref().map(|l| l.id.clone()).unwrap_or_default();
    view! {
        <h2>{t.decision_title}</h2>
        <p class="decision" role="status" aria-live="polite" aria-busy=busy.then_some("true")
            data-status=app.status.code() data-loan=loan_status.map(LoanStage::code)>{message}</p>
        {(loan_status == Some(LoanStage::CoolingOff)).then(|| view! {
            <ActionForm action=refuse attr:class="refuse">
                <input type="hidden" name="loan_id" value=loan_id.clone()/>
                <FormProblem problem=form_problem(refused, &[])/>
                <button type="submit" class="secondary">{t.refuse_loan}</button>
            </ActionForm>
        })}
        {(app.status == ApplicationStatus::PaidOut).then(|| view! {
            <p>
                <a class="button primary" href="/cabinet">{t.to_cabinet}</a>" "
                <TermsLinks application=app.id.clone() label=t.open_terms/>
            </p>
        })}
    }
}

/// The signed terms of `application`: the HTML to read, the PDF to keep.
#[component]
pub fn TermsLinks(application: String, label: &'static str) -> impl IntoView {
    view! {
        <a href=format!("/documents/terms/{application}") target="_blank" rel="noopener">{label}</a>
        " · "
        <a href=format!("/documents/terms/{application}/pdf") download="individual-terms.pdf">"PDF"</a>
    }
}

/// A local address (`blob:`) for the picture the file input `ev` came from, to show it.
fn chosen_picture(ev: &leptos::ev::Event) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        let file = input.files()?.get(0)?;
        web_sys::Url::create_object_url_with_blob(&file).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        None
    }
}
