//! The logged-in screens: `/cabinet` (the paid-out loan's dashboard, `dashboard.rs`; before it,
//! the application or the borrower's calculator) and `/profile` (contacts, email confirmation, phone change, sessions, logout everywhere).
//! `/cabinet` is rendered on the server with its data (its responses are `no-store`, never kept
//! by a cache); `/profile` still loads after hydration. Without a live session both go to `/login`.

use leptos::prelude::*;

use crate::api::account::{
    LogOut, LogOutEverywhere, PhoneChangeConfirm, PhoneChangeStart, ResendEmailLink, RevokeSession,
    get_profile,
};
use crate::api::loans::get_cabinet_page;
use crate::domain::loan::stage::LoanStage;
use crate::i18n::account::use_account_texts;
use crate::ui::components::calculator::{Calculator, Start};
use crate::ui::components::form::{
    Answer, CodeField, ErrorNote, FormProblem, Input, SandboxNote, checks, field_problem,
    form_problem, go, ready,
};
use crate::ui::pages::apply_steps::TermsLinks;
use crate::ui::pages::dashboard::{Dashboard, PaymentReturn, Refresh};
use crate::wire::account::ProfileView;
use crate::wire::application::ApplicationView;
use crate::wire::error::AppError;
use crate::wire::loans::CabinetPage as CabinetPageView;
use crate::wire::quote::CalculatorTerms;

#[component]
fn LogOutButton() -> impl IntoView {
    let a = use_account_texts();
    let action = ServerAction::<LogOut>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    Effect::new(move |_| {
        if answer.read().is_some() {
            go("/login");
        }
    });
    view! {
        <ActionForm action=action attr:class="inline">
            <button type="submit" class="secondary">{a.log_out}</button>
        </ActionForm>
    }
}

/// The borrower's loan before payout, or the way to one: the application in progress, or the
/// borrower's own calculator.
#[component]
fn CurrentLoan(
    application: Option<ApplicationView>,
    calculator: Option<CalculatorTerms>,
) -> impl IntoView {
    let a = use_account_texts();
    let lang = crate::i18n::use_lang();
    match application {
        Some(app)
            if app
                .loan
                .as_ref()
                .is_some_and(|l| l.status == LoanStage::Active) =>
        {
            let amount = app
                .loan
                .as_ref()
                .map(|l| l.amount.display(lang))
                .unwrap_or_default();
            view! {
                <p class="loan" data-loan="active">{a.loan_active.replace("{amount}", &amount)}</p>
                <TermsLinks application=app.id.clone() label=a.signed_terms/>
            }
            .into_any()
        }
        Some(app) if !app.status.closed() => view! {
            <p>{a.loan_in_progress}</p>
            <a class="button primary" href="/apply">{a.my_application}</a>
        }
        .into_any(),
        _ => view! {
            <p>{a.cabinet_no_loan}</p>
            <MyCalculator terms=calculator/>
        }
        .into_any(),
    }
}

/// The calculator with the borrower's own products: their limit and rates by loyalty tier. Its
/// "get the money" starts the application at once (they have an account).
#[component]
fn MyCalculator(terms: Option<CalculatorTerms>) -> impl IntoView {
    let a = use_account_texts();
    let start = terms
        .and_then(|terms| Start::from_query(&terms, None, None, None).map(|start| (terms, start)));
    match start {
        Some((terms, start)) => view! { <Calculator terms start get_money="/apply"/> }.into_any(),
        None => view! { <a class="button primary" href="/">{a.get_loan}</a> }.into_any(),
    }
}

/// `/cabinet`: rendered whole on the server from one resource (`data`, created by the route
/// before the page's code loads), and read again after each payment. A visitor without a live
/// session is sent to `/login` (by the server before any HTML, or by the router later).
#[component]
pub fn CabinetPage(data: CabinetData) -> impl IntoView {
    let a = use_account_texts();
    let CabinetData { page, refresh } = data;
    view! {
        <section class="account" data-ready=ready()>
            <h1>{a.cabinet_title}</h1>
            <PaymentReturn refresh/>
            <Transition fallback=move || view! { <p aria-busy="true">{a.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(CabinetPageView { me, cabinet, application, calculator }) => view! {
                            <p class="greeting">{a.hello}", "{me.first_name}" · "{me.phone}</p>
                            // A loan repaid: the next one first (the dashboard keeps its books).
                            {cabinet.loan.as_ref().filter(|l| l.status.paid_out()).and(calculator.clone()).map(|terms| view! {
                                <section class="new-loan" id="new-loan" aria-labelledby="new-loan-title">
                                    <h2 id="new-loan-title">{a.new_loan_title}</h2>
                                    <MyCalculator terms=Some(terms)/>
                                </section>
                            })}
                            <Dashboard cabinet refresh fallback=ViewFn::from(move || view! {
                                <CurrentLoan application=application.clone() calculator=calculator.clone()/>
                            })/>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <nav class="cabinet-nav">
                <a href="/profile">{a.profile}</a>
                <LogOutButton/>
            </nav>
        </section>
    }
}

/// What `/cabinet` reads, created when the route is entered: the page's one resource, and what
/// a payment's confirmation changes (its notice, and the version that reloads the resource).
#[derive(Clone, Copy)]
pub struct CabinetData {
    page: Resource<Result<CabinetPageView, AppError>>,
    refresh: Refresh,
}

impl Default for CabinetData {
    fn default() -> Self {
        let refresh = Refresh {
            version: RwSignal::new(0),
            notice: RwSignal::new(None),
        };
        let page = Resource::new(move || refresh.version.get(), |_| get_cabinet_page());
        CabinetData { page, refresh }
    }
}

#[component]
pub fn ProfilePage(data: ProfileData) -> impl IntoView {
    let a = use_account_texts();
    let ProfileData { profile, version } = data;
    view! {
        <section class="account" data-ready=ready()>
            <h1>{a.profile_title}</h1>
            <SandboxNote/>
            <Transition fallback=move || view! { <p aria-busy="true">{a.loading}</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => view! { <ProfileView profile=p version/> }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <PhoneChange version/>
            <nav class="cabinet-nav">
                <a href="/cabinet">{a.cabinet_title}</a>
                <LogOutButton/>
            </nav>
        </section>
    }
}

/// What `/profile` reads, created when the route is entered: the account with its sessions, and
/// the version that reloads it after a change (a session ended, the phone changed).
#[derive(Clone, Copy)]
pub struct ProfileData {
    profile: Resource<Result<ProfileView, AppError>>,
    version: RwSignal<u32>,
}

impl Default for ProfileData {
    fn default() -> Self {
        let version = RwSignal::new(0u32);
        let profile = Resource::new(move || version.get(), |_| get_profile());
        ProfileData { profile, version }
    }
}

#[component]
fn ProfileView(profile: ProfileView, version: RwSignal<u32>) -> impl IntoView {
    let a = use_account_texts();
    let resend = ServerAction::<ResendEmailLink>::new();
    let resent: Answer<_> = Signal::derive(move || resend.value().get());
    let revoke = ServerAction::<RevokeSession>::new();
    let everywhere = ServerAction::<LogOutEverywhere>::new();
    let everywhere_done: Answer<_> = Signal::derive(move || everywhere.value().get());
    Effect::new(move |_| {
        if revoke.value().read().is_some() {
            version.update(|v| *v += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(&*everywhere_done.read(), Some(Ok(()))) {
            go("/login");
        }
    });
    let sessions = profile
        .sessions
        .into_iter()
        .map(|s| {
            view! {
                <li class="session">
                    <span class="device">{s.device}</span>
                    {s.current.then(|| view! { " "<span class="badge">{a.this_device}</span> })}
                    <span class="meta">{s.ip}" · "{a.last_seen}" "{s.last_seen}</span>
                    {(!s.current).then(|| view! {
                        <ActionForm action=revoke attr:class="inline">
                            <input type="hidden" name="handle" value=s.handle/>
                            <button type="submit" class="secondary">{a.end_session}</button>
                        </ActionForm>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <dl class="contacts">
            <div class="row"><dt>{a.surname}", "{a.first_name}</dt>
                <dd>{profile.surname}" "{profile.first_name}</dd></div>
            <div class="row"><dt>{a.phone}</dt><dd id="profile-phone">{profile.phone}</dd></div>
            <div class="row"><dt>{a.email}</dt><dd>{profile.email}</dd></div>
        </dl>
        {if profile.email_confirmed {
            view! { <p class="done">{a.email_is_confirmed}</p> }.into_any()
        } else {
            view! {
                <div class="notice">
                    <p>{a.email_unconfirmed}</p>
                    <ActionForm action=resend attr:class="inline">
                        <button type="submit" class="secondary">{a.email_resend}</button>
                    </ActionForm>
                    <p role="status">{move || match &*resent.read() {
                        Some(Ok(())) => Some(a.email_resent.to_owned()),
                        Some(Err(e)) => Some(e.to_string()),
                        None => None,
                    }}</p>
                </div>
            }.into_any()
        }}
        <h2>{a.sessions_title}</h2>
        <ul class="sessions">{sessions}</ul>
        <ActionForm action=everywhere>
            <button type="submit" class="secondary">{a.log_out_everywhere}</button>
        </ActionForm>
    }
}

#[component]
fn PhoneChange(version: RwSignal<u32>) -> impl IntoView {
    let a = use_account_texts();
    let start = ServerAction::<PhoneChangeStart>::new();
    let confirm = ServerAction::<PhoneChangeConfirm>::new();
    let started: Answer<_> = Signal::derive(move || start.value().get());
    let confirmed: Answer<_> = Signal::derive(move || confirm.value().get());
    let new_phone = RwSignal::new(String::new());
    let code_sent = move || matches!(&*started.read(), Some(Ok(_)));
    let done = move || matches!(&*confirmed.read(), Some(Ok(())));
    Effect::new(move |_| {
        if done() {
            version.update(|v| *v += 1);
        }
    });
    view! {
        <h2>{a.phone_change_title}</h2>
        <ActionForm action=start attr:hidden=code_sent>
            <Input label=a.current_password name="password" kind="password"
                autocomplete="current-password" problem=field_problem(started, "password")/>
            <Input label=a.new_phone name="new_phone" kind="tel" autocomplete="tel" value=new_phone
                check=checks::phone problem=field_problem(started, "new_phone")/>
            <FormProblem problem=form_problem(started, &["password", "new_phone"])/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>
                {a.send_code}
            </button>
        </ActionForm>
        <ActionForm action=confirm attr:hidden=move || !code_sent() || done()>
            <p>{a.code_sent_to}" "<strong>{move || match &*started.read() {
                Some(Ok(sent)) => sent.phone.clone(),
                _ => String::new(),
            }}</strong></p>
            <input type="hidden" name="new_phone" prop:value=move || new_phone.get()/>
            <CodeField label=a.code answer=confirmed/>
            <Input label=a.old_phone_code name="old_code" inputmode="numeric"
                autocomplete="one-time-code" problem=field_problem(confirmed, "old_code")/>
            <button type="submit" class="primary" disabled=move || confirm.pending().get()>
                {a.confirm}
            </button>
        </ActionForm>
        <p class="done" role="status" hidden=move || !done()>{a.phone_changed}</p>
    }
}
