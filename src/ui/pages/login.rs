//! `/login` (PRODUCT.md J3): phone, then password, "Войти"; links to sign-up and to the reset.
//! A plain form: it works before (and without) WebAssembly.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::LogIn;
use crate::i18n::account::use_account_texts;
use crate::ui::components::form::{
    Answer, FormProblem, Input, checks, field_problem, form_problem, ready,
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let a = use_account_texts();
    let action = ServerAction::<LogIn>::new();
    // Success moves on to /cabinet by the server's redirect (with or without JavaScript); a
    // refusal comes back here, in the action's value or, without JavaScript, in the address.
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    // The page that sent the borrower here (`?next=`), checked again by the server.
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    view! {
        <section class="account narrow" data-ready=ready()>
            <h1>{a.login_title}</h1>
            <ActionForm action=action>
                <input type="hidden" name="next" value=next/>
                <Input label=a.phone name="phone" kind="tel" autocomplete="username"
                    check=checks::phone problem=field_problem(answer, "phone")/>
                <Input label=a.password name="password" kind="password"
                    autocomplete="current-password" problem=field_problem(answer, "password")/>
                <FormProblem problem=form_problem(answer, &["phone", "password"])/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {a.log_in}
                </button>
            </ActionForm>
            <p><a href="/forgot">{a.forgot}</a></p>
            <p>{a.no_account}" "<a href="/signup">{a.register}</a></p>
        </section>
    }
}
