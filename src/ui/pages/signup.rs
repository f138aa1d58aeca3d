//! `/signup`: sign-up (PRODUCT.md J2 steps 2–4), reached from "Получить деньги" with the loan
//! the borrower chose, or from the login page without one. Contacts, then password and consents,
//! then the SMS code; each field is checked with the shared domain rules as it is left, and the
//! server checks everything again. Without JavaScript the first two steps are one form and the
//! code step is a page of its own (`?step=code`); then the application or the cabinet.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::{SignUpConfirm, SignUpContacts, SignUpStart, get_sign_up_draft};
use crate::domain::disclosure::DisclosureCode;
use crate::domain::money::Money;
use crate::domain::quote::Quote;
use crate::domain::signup::SignUpStep;
use crate::i18n::account::use_account_texts;
use crate::i18n::{use_lang, use_texts};
use crate::ui::components::form::{
    Answer, CodeField, FormProblem, Input, SandboxNote, checks, field_problem, focus_first_invalid,
    focus_on_refusal, form_problem, hydrated, ready,
};
use crate::ui::format;
use crate::wire::account::SignUpDraft;
use crate::wire::error::AppError;

const CONTACT_FIELDS: &[&str] = &["surname", "first_name", "patronymic", "phone", "email"];
const SIGNUP_FIELDS: &[&str] = &[
    "surname",
    "first_name",
    "patronymic",
    "phone",
    "email",
    "password",
    "consent_personal_data",
    "consent_credit_bureau",
    "consent_electronic_signature",
];

/// Where this browser's sign-up stopped (a reload, Back, a second visit), read in the route's
/// `data` before the page's code loads: a resource made in a lazy page's body could leave its
/// server render waiting forever (leptos-rs/leptos#4851; `tests/it/pages.rs` caught it here).
pub struct SignupData {
    draft: Resource<Result<Option<SignUpDraft>, AppError>>,
}

impl Default for SignupData {
    fn default() -> Self {
        SignupData {
            draft: Resource::new(|| (), |_| get_sign_up_draft()),
        }
    }
}

#[component]
pub fn SignupPage(data: SignupData) -> impl IntoView {
    let SignupData { draft } = data;
    let t = use_texts();
    let lang = use_lang();
    let query = use_query_map();
    let field = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let (product, amount, term) = (field("product"), field("amount"), field("term"));
    let back = format!(
        "/?product={}&amount={}&term={}",
        if product == "repeat" || product == "installment" {
            product.as_str()
        } else {
            "first"
        },
        Money::parse(&amount)
            .map(format::roubles_input)
            .unwrap_or_default(),
        term.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>(),
    );
    // With a loan chosen, the application goes on after sign-up; without one, the cabinet.
    let next = if product.is_empty() {
        "/cabinet".to_owned()
    } else {
        back.replacen("/?", "/apply?", 1)
    };
    // A borrower who is logged in already goes on to the application (or the cabinet); a dead
    // session's cookie is forgotten there, so this never sends anyone round in a circle.
    #[cfg(feature = "ssr")]
    if crate::api::ssr::has_session_cookie() {
        leptos_axum::redirect(&next);
    }
    // The chosen loan, priced on the server; none when sign-up came without one (from the login
    // page), which is no problem to show.
    let chosen: Option<Result<Quote, AppError>> = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        return (!product.is_empty())
            .then(|| crate::api::quote::price_for_page(&product, &amount, &term));
        #[cfg(not(feature = "ssr"))]
        None
    })
    .into_inner();
    let summary = match chosen {
        Some(Ok(q)) => view! {
            <dl class="chosen">
                <div class="row"><dt>{t.you_get}</dt><dd>{q.amount.display(lang)}</dd></div>
                <div class="row"><dt>{t.total}</dt><dd>{q.total.display(lang)}</dd></div>
                <div class="row"><dt>{t.due_date}</dt><dd>{format::date(lang, q.due_date)}</dd></div>
                <div class="row"><dt>{t.psk}</dt><dd>{format::percent(lang, q.psk_percent, 3)}</dd></div>
            </dl>
        }
        .into_any(),
        Some(Err(e)) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <section class="signup" data-ready=ready()>
            <h1>{t.signup_title}</h1>
            {summary}
            {(!product.is_empty()).then(|| view! {
                <a class="button secondary" href=back>{t.back_to_calculator}</a>
            })}
            <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        let draft = draft.await.ok().flatten();
                        view! { <SignUpWizard next=next draft/> }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn SignUpWizard(next: String, draft: Option<SignUpDraft>) -> impl IntoView {
    let a = use_account_texts();
    let lang = use_lang();
    // Without JavaScript the first form's answer is this page again, at its code step; a
    // reload goes on where this browser's sign-up stopped.
    let at_code = use_query_map().read_untracked().get("step").as_deref() == Some("code");
    let resumed = draft.as_ref().map_or(SignUpStep::Contacts, |d| d.step);
    let step = RwSignal::new(if at_code { SignUpStep::Code } else { resumed });
    // Before the page runs in the browser (or without JavaScript) the contacts and the password
    // are one form; once it runs, a step at a time.
    let hydrated = hydrated();
    let shown = move |this: SignUpStep| hydrated.get() && step.get() != this;
    let save_contacts = ServerAction::<SignUpContacts>::new();
    let start = ServerAction::<SignUpStart>::new();
    let confirm = ServerAction::<SignUpConfirm>::new();
    let saved: Answer<_> = Signal::derive(move || save_contacts.value().get());
    let started: Answer<_> = Signal::derive(move || start.value().get());
    let confirmed: Answer<_> = Signal::derive(move || confirm.value().get());
    let typed = draft
        .as_ref()
        .map(|d| d.contacts.clone())
        .unwrap_or_default();
    let code_sent_to = draft.and_then(|d| d.code_sent_to);
    let (surname, first_name, patronymic, phone, email) = (
        RwSignal::new(typed.surname),
        RwSignal::new(typed.first_name),
        RwSignal::new(typed.patronymic),
        RwSignal::new(typed.phone),
        RwSignal::new(typed.email),
    );
    let code = RwSignal::new(String::new());
    // The browser's checks of the contacts, shown at their fields when "Continue" is pressed.
    let checked: [RwSignal<Option<String>>; 5] = std::array::from_fn(|_| RwSignal::new(None));
    focus_on_refusal(started);
    focus_on_refusal(saved);
    // A contact the server refused, at its field (from the contacts step or the whole form).
    let refused = move |name: &'static str| {
        let (at_save, at_start) = (field_problem(saved, name), field_problem(started, name));
        Signal::derive(move || at_save.get().or_else(|| at_start.get()))
    };
    // The server's answer moves the wizard: on to the password once the contacts are kept, on
    // to the code, or back to a refused contact.
    Effect::new(move |_| {
        if matches!(&*saved.read(), Some(Ok(()))) {
            step.set(SignUpStep::Password);
        }
    });
    Effect::new(move |_| match &*started.read() {
        Some(Ok(_)) => step.set(SignUpStep::Code),
        Some(Err(e)) if CONTACT_FIELDS.iter().any(|f| e.field(f).is_some()) => {
            step.set(SignUpStep::Contacts)
        }
        _ => {}
    });
    let go_on = move |_| {
        let problems = [
            checks::name(&surname.get_untracked(), lang),
            checks::name(&first_name.get_untracked(), lang),
            match patronymic.get_untracked().trim() {
                "" => None,
                text => checks::name(text, lang),
            },
            checks::phone(&phone.get_untracked(), lang),
            checks::email(&email.get_untracked(), lang),
        ];
        let fine = problems.iter().all(Option::is_none);
        for (field, problem) in checked.iter().zip(problems) {
            field.set(problem);
        }
        if fine {
            // Kept on the server for this browser: a reload comes back to the password.
            save_contacts.dispatch(SignUpContacts {
                surname: surname.get_untracked(),
                first_name: first_name.get_untracked(),
                patronymic: patronymic.get_untracked(),
                phone: phone.get_untracked(),
                email: email.get_untracked(),
            });
        } else {
            focus_first_invalid();
        }
    };
    let sent_to = move || match &*started.read() {
        Some(Ok(sent)) => sent.phone.clone(),
        _ => code_sent_to.clone().unwrap_or_default(),
    };
    let consent = move |name: &'static str, label: &'static str, required: bool| {
        let problem = field_problem(started, name);
        view! {
            <div class="consent" class:invalid=move || problem.get().is_some()>
                <label>
                    <input type="checkbox" name=name required=required/>
                    " "{label}
                </label>
                {DisclosureCode::of_consent(name).map(|code| view! {
                    " "<a href=code.path() target="_blank" rel="noopener">{a.consent_text}</a>
                })}
                <p class="problem" aria-live="polite">{move || problem.get()}</p>
            </div>
        }
    };
    view! {
        <SandboxNote/>
        // The fields are checked here and by the server, each message at its field: the
        // browser's own bubbles would point at fields of a step that is hidden.
        <ActionForm action=start attr:class="wizard" attr:novalidate=true
            attr:hidden=move || step.get() == SignUpStep::Code>
            <fieldset class="step" hidden=move || shown(SignUpStep::Contacts)>
                <legend>"1/3 · "{a.contacts_title}</legend>
                <Input label=a.surname name="surname" autocomplete="family-name" value=surname
                    check=checks::name checked=checked[0]
                    problem=refused("surname")/>
                <Input label=a.first_name name="first_name" autocomplete="given-name" value=first_name
                    check=checks::name checked=checked[1]
                    problem=refused("first_name")/>
                <Input label=a.patronymic name="patronymic" autocomplete="additional-name" value=patronymic
                    hint=a.patronymic_hint required=false check=checks::name
                    checked=checked[2]
                    problem=refused("patronymic")/>
                <Input label=a.phone name="phone" kind="tel" autocomplete="tel" value=phone
                    hint=a.phone_hint check=checks::phone checked=checked[3]
                    problem=refused("phone")/>
                <Input label=a.email name="email" kind="email" autocomplete="email" value=email
                    check=checks::email checked=checked[4]
                    problem=refused("email")/>
                <FormProblem problem=form_problem(saved, CONTACT_FIELDS)/>
                <button type="button" class="primary" on:click=go_on hidden=move || !hydrated.get()
                    disabled=move || save_contacts.pending().get()>
                    {a.continue_}
                </button>
            </fieldset>
            <fieldset class="step" hidden=move || shown(SignUpStep::Password)>
                <legend>"2/3 · "{a.password_title}</legend>
                <Input label=a.password name="password" kind="password" autocomplete="new-password"
                    hint=a.password_hint check=checks::password problem=field_problem(started, "password")/>
                <Input label=a.password_repeat name="password_repeat" kind="password"
                    autocomplete="new-password" problem=field_problem(started, "password_repeat")/>
                <fieldset class="consents">
                    <legend>{a.consents_legend}</legend>
                    {consent("consent_personal_data", a.consent_personal_data, true)}
                    {consent("consent_credit_bureau", a.consent_credit_bureau, true)}
                    {consent("consent_electronic_signature", a.consent_electronic_signature, true)}
                    {consent("consent_marketing", a.consent_marketing, false)}
                </fieldset>
                <FormProblem problem=form_problem(started, SIGNUP_FIELDS)/>
                <div class="actions">
                    <button type="button" class="secondary" hidden=move || !hydrated.get()
                        on:click=move |_| step.set(SignUpStep::Contacts)>
                        {a.back}
                    </button>
                    <button type="submit" class="primary" disabled=move || start.pending().get()>
                        {a.send_code}
                    </button>
                </div>
            </fieldset>
        </ActionForm>
        <ActionForm action=confirm attr:class="wizard" attr:hidden=move || step.get() != SignUpStep::Code>
            <fieldset class="step">
                <legend>"3/3 · "{a.code_title}</legend>
                <p>{a.code_sent_to}" "<strong>{sent_to}</strong></p>
                <input type="hidden" name="next" value=next/>
                <CodeField label=a.code answer=confirmed value=code/>
                <button type="submit" class="primary" disabled=move || confirm.pending().get()>
                    {a.confirm}
                </button>
            </fieldset>
        </ActionForm>
    }
}
