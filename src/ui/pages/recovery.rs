//! Getting back in (PRODUCT.md J3): `/forgot` (a phone gets an SMS code, an email a link),
//! `/reset/email?token=…` (the link's page: a new password), and `/email/confirm?token=…`
//! (the sign-up email's link). None of them says whether a phone or email is registered.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::{ConfirmEmail, ResetByCode, ResetByLink, ResetLinkCode, ResetStart};
use crate::i18n::account::use_account_texts;
use crate::ui::components::form::{
    Answer, FormProblem, Input, SandboxNote, checks, field_problem, form_problem, ready,
};
use crate::wire::account::ResetSent;

const PASSWORD_FIELDS: &[&str] = &["password", "password_repeat", "code"];

#[component]
pub fn ForgotPage() -> impl IntoView {
    let a = use_account_texts();
    let start = ServerAction::<ResetStart>::new();
    let finish = ServerAction::<ResetByCode>::new();
    let started: Answer<_> = Signal::derive(move || start.value().get());
    let finished: Answer<_> = Signal::derive(move || finish.value().get());
    let login = RwSignal::new(String::new());
    let sent = move || match &*started.read() {
        Some(Ok(by)) => Some(*by),
        _ => None,
    };
    view! {
        <section class="account narrow" data-ready=ready()>
            <h1>{a.forgot_title}</h1>
            <SandboxNote/>
            <div hidden=move || sent().is_some()>
                <p>{a.forgot_lead}</p>
                <ActionForm action=start>
                    <Input label=a.phone_or_email name="login" autocomplete="username" value=login
                        problem=field_problem(started, "login")/>
                    <FormProblem problem=form_problem(started, &["login"])/>
                    <button type="submit" class="primary" disabled=move || start.pending().get()>
                        {a.reset_send}
                    </button>
                </ActionForm>
            </div>
            <p class="done" role="status" hidden=move || sent() != Some(ResetSent::Email)>
                {a.reset_email_sent}
            </p>
            <div hidden=move || sent() != Some(ResetSent::Sms) || matches!(&*finished.read(), Some(Ok(())))>
                <p>{a.reset_code_lead}</p>
                <ActionForm action=finish>
                    <input type="hidden" name="phone" prop:value=move || login.get()/>
                    <Input label=a.code name="code" inputmode="numeric" autocomplete="one-time-code"
                        problem=field_problem(finished, "code")/>
                    <Input label=a.new_password name="password" kind="password" autocomplete="new-password"
                        check=checks::password problem=field_problem(finished, "password")/>
                    <Input label=a.password_repeat name="password_repeat" kind="password"
                        autocomplete="new-password" problem=field_problem(finished, "password_repeat")/>
                    <FormProblem problem=form_problem(finished, PASSWORD_FIELDS)/>
                    <button type="submit" class="primary" disabled=move || finish.pending().get()>
                        {a.set_password}
                    </button>
                </ActionForm>
            </div>
            <PasswordSet done=Signal::derive(move || matches!(&*finished.read(), Some(Ok(()))))/>
        </section>
    }
}

#[component]
fn PasswordSet(done: Signal<bool>) -> impl IntoView {
    let a = use_account_texts();
    view! {
        <div class="done" role="status" hidden=move || !done.get()>
            <p>{a.password_set}</p>
            <a class="button primary" href="/login">{a.to_login}</a>
        </div>
    }
}

fn token() -> String {
    use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default()
}

#[component]
pub fn ResetByEmailPage() -> impl IntoView {
    let a = use_account_texts();
    let action = ServerAction::<ResetByLink>::new();
    let ask = ServerAction::<ResetLinkCode>::new();
    let asked: Answer<_> = Signal::derive(move || ask.value().get());
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    let done = Signal::derive(move || matches!(&*answer.read(), Some(Ok(()))));
    let dead = Signal::derive(move || {
        answer.with(|v| matches!(v, Some(Err(e)) if e.field("token").is_some()))
    });
    view! {
        <section class="account narrow" data-ready=ready()>
            <h1>{a.reset_link_title}</h1>
            // The email alone does not reset the password: a code goes to the account's phone.
            <ActionForm action=ask attr:hidden=move || done.get() || dead.get()>
                <input type="hidden" name="token" value=token()/>
                <p>{a.reset_link_code_lead}</p>
                <p class="done" role="status" hidden=move || !matches!(&*asked.read(), Some(Ok(_)))>
                    {move || match &*asked.read() {
                        Some(Ok(sent)) => format!("{} {}", a.code_sent_to, sent.phone),
                        _ => String::new(),
                    }}
                </p>
                <FormProblem problem=form_problem(asked, &["token"])/>
                <button type="submit" class="secondary" disabled=move || ask.pending().get()>
                    {a.send_code}
                </button>
            </ActionForm>
            <ActionForm action=action attr:hidden=move || done.get() || dead.get()>
                <input type="hidden" name="token" value=token()/>
                <Input label=a.code name="code" inputmode="numeric" autocomplete="one-time-code"
                    problem=field_problem(answer, "code")/>
                <Input label=a.new_password name="password" kind="password" autocomplete="new-password"
                    check=checks::password problem=field_problem(answer, "password")/>
                <Input label=a.password_repeat name="password_repeat" kind="password"
                    autocomplete="new-password" problem=field_problem(answer, "password_repeat")/>
                <FormProblem problem=form_problem(answer, &["password", "password_repeat", "token", "code"])/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {a.set_password}
                </button>
            </ActionForm>
            <div class="problem" role="alert" hidden=move || !dead.get()>
                <p>{a.link_dead}</p>
                <a href="/forgot">{a.forgot_title}</a>
            </div>
            <PasswordSet done/>
        </section>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let a = use_account_texts();
    let action = ServerAction::<ConfirmEmail>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    let done = move || matches!(&*answer.read(), Some(Ok(())));
    view! {
        <section class="account narrow" data-ready=ready()>
            <h1>{a.email_confirm_title}</h1>
            <ActionForm action=action attr:hidden=done>
                <input type="hidden" name="token" value=token()/>
                <FormProblem problem=form_problem(answer, &[])/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {a.email_confirm_button}
                </button>
            </ActionForm>
            <p class="done" role="status" hidden=move || !done()>{a.email_confirmed}</p>
            <p hidden=move || !done()><a class="button primary" href="/cabinet">{a.to_cabinet}</a></p>
        </section>
    }
}
