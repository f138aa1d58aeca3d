//! The frame of every page: header with the brand and language switch, footer with the legal line.
//! Links only; no state.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::location::Url;

use crate::domain::lang::Lang;
use crate::i18n::{use_lang, use_texts};

#[component]
pub fn Header() -> impl IntoView {
    let t = use_texts();
    let other = match use_lang() {
        Lang::Ru => Lang::En,
        Lang::En => Lang::Ru,
    };
    let location = use_location();
    let switch_href = move || {
        let search = location.search.get();
        let here = match search.as_str() {
            "" => location.pathname.get(),
            q => format!("{}?{}", location.pathname.get(), q.trim_start_matches('?')),
        };
        format!("/lang/{}?back={}", other.code(), Url::escape(&here))
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="logo" aria-hidden="true">"k"</span>
                <span class="name">{t.site_name}</span>
                <span class="tagline">{t.tagline}</span>
            </a>
            <a class="cabinet-link" href="/cabinet">{crate::i18n::account::use_account_texts().nav_cabinet}</a>
            <a class="lang" href=switch_href rel="external nofollow" hreflang=other.code() lang=other.code()>
                {t.switch_language}
            </a>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let t = use_texts();
    view! {
        <footer class="site-footer">
            <p>{t.footer_legal}</p>
            <nav aria-label=t.documents>
                <a href="/documents">{t.documents}</a>
                " · "<a href="/documents/complaints">{t.complaints_link}</a>
                " · "<a href="/pay">{t.quick_link}</a>
            </nav>
        </footer>
    }
}
