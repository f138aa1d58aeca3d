//! `/apply`: the loan application wizard (PRODUCT.md J2 steps 1 and 5–10). Reached from sign-up
//! with the calculator's loan (`?product=…&amount=…&term=…`, which starts or re-prices the
//! application) or from the cabinet (which resumes it). The server keeps the step; this page
//! shows it: the questionnaire, the card, then the steps of `apply_steps`. Rendered on the
//! server with the application; the questionnaire works as a plain form without JavaScript.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::application::{
    ChoosePayoutAccount, ConfirmCard, ConfirmCardStart, SaveQuestionnaire, StartCardBinding,
    begin_application, get_application, get_card_binding, get_cards,
};
use crate::domain::application::Step;
use crate::domain::questionnaire::{Employment, FIELD_NAMES, Family, QuestionnaireFields};
use crate::i18n::apply::use_apply_texts;
use crate::i18n::{use_lang, use_texts};
use crate::ui::components::form::{
    Answer, CodeField, ErrorNote, FormProblem, Input, checks, field_problem, focus_on_refusal,
    form_problem, go, load, ready,
};
use crate::ui::pages::apply_steps::{AddOnsStep, DecisionStep, IdentityStep, TermsStep};
use crate::wire::application::{ApplicationView, BindingView};
use crate::wire::error::AppError;

/// The application as it stands, read with the page on the server (started, or re-priced, when
/// the calculator's loan comes in the address) in the route's `data` (see
/// `ui::pages::signup::SignupData` for why); the browser hydrates it without asking again, and
/// the steps keep the page's `application` current from there.
pub struct ApplyData {
    loaded: Resource<Result<Option<ApplicationView>, AppError>>,
}

impl Default for ApplyData {
    fn default() -> Self {
        let query = use_query_map();
        let field = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
        let (product, amount, term) = (field("product"), field("amount"), field("term"));
        let loaded = Resource::new(
            || (),
            move |_| {
                let (product, amount, term) = (product.clone(), amount.clone(), term.clone());
                async move {
                    if product.is_empty() {
                        get_application().await
                    } else {
                        begin_application(product, amount, term).await.map(Some)
                    }
                }
            },
        );
        ApplyData { loaded }
    }
}

#[component]
pub fn ApplyPage(data: ApplyData) -> impl IntoView {
    let t = use_apply_texts();
    let ApplyData { loaded } = data;
    let application = RwSignal::new(None::<Result<Option<ApplicationView>, AppError>>);
    let editing = RwSignal::new(false);
    let save = ServerAction::<SaveQuestionnaire>::new();
    Effect::new(move |_| {
        if let Some(Ok(view)) = save.value().get() {
            application.set(Some(Ok(Some(view))));
            editing.set(false);
        }
    });
    view! {
        <section class="account apply" data-ready=ready()>
            <h1>{t.title}</h1>
            <Suspense fallback=move || view! { <p aria-busy="true">{use_texts().loading}</p> }>
                {move || Suspend::new(async move {
                    application.set(Some(loaded.await));
                    move || match application.get() {
                        None => ().into_any(),
                        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
                        Some(Ok(None)) => view! {
                            <p>{t.no_application}</p>
                            <a class="button primary" href="/cabinet">{t.to_calculator}</a>
                        }.into_any(),
                        Some(Ok(Some(app))) => view! { <Wizard app editing save application/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The step's place in the wizard, from 1.
fn step_number(step: Step) -> usize {
    Step::ALL.iter().position(|s| *s == step).unwrap_or(0) + 1
}

#[component]
fn Wizard(
    app: ApplicationView,
    editing: RwSignal<bool>,
    save: ServerAction<SaveQuestionnaire>,
    application: RwSignal<Option<Result<Option<ApplicationView>, AppError>>>,
) -> impl IntoView {
    let t = use_apply_texts();
    let lang = use_lang();
    let steps = Step::ALL
        .into_iter()
        .map(|step| {
            let state = if step < app.step {
                "done"
            } else if step == app.step {
                "current"
            } else {
                "ahead"
            };
            view! {
                <li class=state aria-current=(step == app.step).then_some("step")>{t.step(step)}</li>
            }
        })
        .collect_view();
    let summary = format!(
        "{} · {} · {} {}",
        use_texts().product(app.product),
        app.amount.display(lang),
        app.term_days,
        use_texts().days_unit
    );
    let fields = app.questionnaire.clone().unwrap_or_default();
    let step = app.step;
    view! {
        <p class="chosen-loan"><strong>{t.your_loan}": "</strong>{summary}</p>
        {app.adjusted.then(|| view! { <p class="note" role="status" id="loan-adjusted">{t.loan_adjusted}</p> })}
        <p class="step-count" id="step-count">
            {t.step_of.replace("{n}", &(step_number(app.step)).to_string()).replace("{total}", &Step::ALL.len().to_string())}
            " · "<strong>{t.step(app.step)}</strong>
        </p>
        <ol class="steps">{steps}</ol>
        {move || if step > Step::Questionnaire && !editing.get() {
            let app = app.clone();
            view! {
                {(step < Step::Decision).then(|| view! {
                    <p class="done" role="status">{t.saved}</p>
                    <button type="button" class="secondary" on:click=move |_| editing.set(true)>{t.edit}</button>
                })}
                {match step {
                    Step::Payout => view! { <PayoutStep application/> }.into_any(),
                    Step::Identity => view! { <IdentityStep biometric=app.biometric/> }.into_any(),
                    Step::AddOns => view! { <AddOnsStep app application/> }.into_any(),
                    Step::Terms => view! { <TermsStep application/> }.into_any(),
                    Step::Decision => view! { <DecisionStep app application/> }.into_any(),
                    Step::Questionnaire => ().into_any(),
                }}
            }.into_any()
        } else {
            view! { <QuestionnaireForm fields=fields.clone() save/> }.into_any()
        }}
    }
}

/// The payout step: link a card on the gateway's page; back here, wait for the bank's answer.
#[component]
fn PayoutStep(
    application: RwSignal<Option<Result<Option<ApplicationView>, AppError>>>,
) -> impl IntoView {
    let t = use_apply_texts();
    let binding_id = use_query_map()
        .read_untracked()
        .get("binding")
        .unwrap_or_default();
    let status = RwSignal::new(None::<Result<BindingView, AppError>>);
    let bind = ServerAction::<StartCardBinding>::new();
    Effect::new(move |_| {
        if let Some(Ok(url)) = bind.value().get() {
            go(&url);
        }
    });
    // Asks the server until the gateway has answered (a late answer is polled for a minute).
    fn poll(
        id: String,
        status: RwSignal<Option<Result<BindingView, AppError>>>,
        application: RwSignal<Option<Result<Option<ApplicationView>, AppError>>>,
        left: u32,
    ) {
        spawn_local(async move {
            let answer = get_card_binding(id.clone()).await;
            let pending = matches!(answer, Ok(BindingView::Pending));
            if matches!(answer, Ok(BindingView::Bound { .. })) {
                application.set(Some(get_application().await));
            }
            status.set(Some(answer));
            if pending && left > 0 {
                set_timeout(
                    move || poll(id, status, application, left - 1),
                    std::time::Duration::from_secs(1),
                );
            }
        });
    }
    Effect::new(move |_| {
        if !binding_id.is_empty() {
            poll(binding_id.clone(), status, application, 60);
        }
    });
    let bind_problem = Signal::derive(move || match bind.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    view! {
        <h2>{t.payout_title}</h2>
        <SavedCards application/>
        <p class="hint">{t.payout_lead}</p>
        {move || match status.get() {
            Some(Ok(BindingView::Pending)) => view! { <p role="status" aria-busy="true">{t.binding_waiting}</p> }.into_any(),
            Some(Ok(BindingView::Failed { message })) => view! { <p class="problem" role="alert">{message}</p> }.into_any(),
            Some(Ok(BindingView::Bound { card })) => view! {
                <p class="done" role="status">{t.card_bound}" "{card.short()}</p>
            }.into_any(),
            Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
            None => ().into_any(),
        }}
        <ActionForm action=bind>
            <FormProblem problem=bind_problem/>
            <button type="submit" class="primary" disabled=move || bind.pending().get()>
                {move || if status.get().is_some() { t.bind_other } else { t.bind_card }}
            </button>
        </ActionForm>
        <AccountForm application/>
    }
}

/// Cards bound before (a repeat loan, PRODUCT.md J8): one is taken with an SMS code.
#[component]
fn SavedCards(
    application: RwSignal<Option<Result<Option<ApplicationView>, AppError>>>,
) -> impl IntoView {
    let t = use_apply_texts();
    let cards = load(RwSignal::new(0), get_cards);
    let start = ServerAction::<ConfirmCardStart>::new();
    let confirm = ServerAction::<ConfirmCard>::new();
    let chosen = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(view)) = confirm.value().get() {
            application.set(Some(Ok(Some(view))));
        }
    });
    let sent: Answer<_> = Signal::derive(move || start.value().get());
    let confirmed: Answer<_> = Signal::derive(move || confirm.value().get());
    move || {
        let list = match &*cards.read() {
            Some(Ok(list)) if !list.is_empty() => list.clone(),
            _ => return ().into_any(),
        };
        let items = list
            .into_iter()
            .map(|c| {
                let id = c.id.clone();
                view! {
                    <li>
                        <ActionForm action=start attr:class="inline">
                            <input type="hidden" name="card_id" value=c.id.clone()/>
                            <span>{c.card.short()}" · "{c.card.bank.clone()}" "</span>
                            <button type="submit" class="secondary"
                                on:click=move |_| chosen.set(id.clone())>{t.use_card}</button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="saved-cards">
                <h3>{t.saved_cards}</h3>
                <ul class="cards">{items}</ul>
                <FormProblem problem=form_problem(sent, &[])/>
                {move || matches!(sent.get(), Some(Ok(()))).then(|| view! {
                    <ActionForm action=confirm>
                        <p class="done" role="status">{t.card_code_sent}</p>
                        <input type="hidden" name="card_id" prop:value=move || chosen.get()/>
                        <CodeField label=t.code_label answer=confirmed/>
                        <button type="submit" class="primary">{t.confirm_card}</button>
                    </ActionForm>
                })}
            </section>
        }
        .into_any()
    }
}

/// The other payout method: a card account by number and BIK, checked by the control key.
#[component]
fn AccountForm(
    application: RwSignal<Option<Result<Option<ApplicationView>, AppError>>>,
) -> impl IntoView {
    let t = use_apply_texts();
    let choose = ServerAction::<ChoosePayoutAccount>::new();
    Effect::new(move |_| {
        if let Some(Ok(view)) = choose.value().get() {
            application.set(Some(Ok(Some(view))));
        }
    });
    let answer: Answer<_> = Signal::derive(move || choose.value().get());
    view! {
        <details class="account-payout">
            <summary>{t.account_title}</summary>
            <p class="hint">{t.account_lead}</p>
            <ActionForm action=choose>
                <Input label=t.account_number name="account_number" inputmode="numeric"
                    problem=field_problem(answer, "account_number")/>
                <Input label=t.bik name="bik" inputmode="numeric" check=checks::bik
                    problem=field_problem(answer, "bik")/>
                <FormProblem problem=form_problem(answer, &["account_number", "bik"])/>
                <button type="submit" class="secondary" disabled=move || choose.pending().get()>
                    {t.account_submit}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn QuestionnaireForm(
    fields: QuestionnaireFields,
    save: ServerAction<SaveQuestionnaire>,
) -> impl IntoView {
    let t = use_apply_texts();
    let answer: Answer<_> = Signal::derive(move || save.value().get());
    focus_on_refusal(answer);
    let value = |text: &str| RwSignal::new(text.to_owned());
    let employment = RwSignal::new(fields.employment.clone());
    let residence_same =
        RwSignal::new(fields.residence_same.is_some() || fields.birth_date.is_empty());
    let has_employer =
        move || Employment::from_code(&employment.get()).is_some_and(Employment::has_employer);
    let employment_problem = field_problem(answer, "employment");
    let family_problem = field_problem(answer, "family");
    let family = fields.family.clone();
    let employment_options = Employment::ALL
        .into_iter()
        .map(|e| {
            let selected = fields.employment == e.code();
            view! { <option value=e.code() selected=selected>{t.employment_name(e)}</option> }
        })
        .collect_view();
    let family_options = Family::ALL
        .into_iter()
        .map(|f| view! { <option value=f.code() selected=family == f.code()>{t.family_name(f)}</option> })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="questionnaire">
            <h2>{t.questionnaire_title}</h2>
            <p class="hint">{t.encrypted_note}</p>
            <fieldset class="step">
                <legend>{t.about_you}</legend>
                <Input label=t.birth_date name="birth_date" kind="date" autocomplete="bday"
                    value=value(&fields.birth_date) check=checks::date problem=field_problem(answer, "birth_date")/>
                <Input label=t.birth_place name="birth_place" value=value(&fields.birth_place)
                    problem=field_problem(answer, "birth_place")/>
            </fieldset>
            <fieldset class="step">
                <legend>{t.passport}</legend>
                <div class="pair">
                    <Input label=t.passport_series name="passport_series" inputmode="numeric"
                        value=value(&fields.passport_series) problem=field_problem(answer, "passport_series")/>
                    <Input label=t.passport_number name="passport_number" inputmode="numeric"
                        value=value(&fields.passport_number) problem=field_problem(answer, "passport_number")/>
                </div>
                <Input label=t.passport_issued_on name="passport_issued_on" kind="date"
                    value=value(&fields.passport_issued_on) check=checks::date
                    problem=field_problem(answer, "passport_issued_on")/>
                <Input label=t.passport_issuer name="passport_issuer" value=value(&fields.passport_issuer)
                    problem=field_problem(answer, "passport_issuer")/>
                <Input label=t.division_code name="division_code" inputmode="numeric"
                    value=value(&fields.division_code) check=checks::division_code
                    problem=field_problem(answer, "division_code")/>
                <Input label=t.snils name="snils" inputmode="numeric" value=value(&fields.snils)
                    check=checks::snils problem=field_problem(answer, "snils")/>
                <Input label=t.inn name="inn" inputmode="numeric" hint=t.inn_hint required=false
                    value=value(&fields.inn) check=checks::inn problem=field_problem(answer, "inn")/>
            </fieldset>
            <fieldset class="step">
                <legend>{t.addresses}</legend>
                <Input label=t.registration_address name="registration_address" autocomplete="street-address"
                    value=value(&fields.registration_address) problem=field_problem(answer, "registration_address")/>
                <label class="check">
                    <input type="checkbox" name="residence_same" prop:checked=move || residence_same.get()
                        on:change=move |ev| residence_same.set(event_target_checked(&ev))/>
                    " "{t.residence_same}
                </label>
                <div hidden=move || residence_same.get()>
                    <Input label=t.residence_address name="residence_address" required=false
                        value=value(&fields.residence_address) problem=field_problem(answer, "residence_address")/>
                </div>
            </fieldset>
            <fieldset class="step">
                <legend>{t.work}</legend>
                <div class="field" class:invalid=move || employment_problem.get().is_some()>
                    <label for="f-employment">{t.employment}</label>
                    <select id="f-employment" name="employment" required
                        on:change=move |ev| employment.set(event_target_value(&ev))>
                        <option value="" selected=fields.employment.is_empty()>{t.choose}</option>
                        {employment_options}
                    </select>
                    <p class="problem" aria-live="polite">{move || employment_problem.get()}</p>
                </div>
                <div hidden=move || !has_employer()>
                    <Input label=t.employer name="employer" autocomplete="organization" required=false
                        value=value(&fields.employer) problem=field_problem(answer, "employer")/>
                    <Input label=t.position name="position" autocomplete="organization-title" required=false
                        value=value(&fields.position) problem=field_problem(answer, "position")/>
                </div>
                <Input label=t.monthly_income name="monthly_income" inputmode="decimal"
                    value=value(&fields.monthly_income) check=checks::amount
                    problem=field_problem(answer, "monthly_income")/>
            </fieldset>
            <fieldset class="step">
                <legend>{t.family_legend}</legend>
                <div class="field" class:invalid=move || family_problem.get().is_some()>
                    <label for="f-family">{t.family}</label>
                    <select id="f-family" name="family" required>
                        <option value="" selected=fields.family.is_empty()>{t.choose}</option>
                        {family_options}
                    </select>
                    <p class="problem" aria-live="polite">{move || family_problem.get()}</p>
                </div>
                <Input label=t.dependents name="dependents" inputmode="numeric" required=false
                    value=value(&fields.dependents) problem=field_problem(answer, "dependents")/>
                <Input label=t.monthly_obligations name="monthly_obligations" inputmode="decimal"
                    hint=t.obligations_hint value=value(&fields.monthly_obligations) check=checks::amount
                    problem=field_problem(answer, "monthly_obligations")/>
            </fieldset>
            <FormProblem problem=form_problem(answer, FIELD_NAMES)/>
            <button type="submit" class="primary" disabled=move || save.pending().get()>
                {t.save_and_continue}
            </button>
        </ActionForm>
    }
}
