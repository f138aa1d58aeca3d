//! The shell (the HTML document around every page), the routes, and the page layout.
//! The shell runs only on the server: it sets the language and the page's Content-Security-Policy.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, SsrMode, lazy_route, path};

use crate::domain::lang::Lang;
use crate::i18n::use_texts;
use crate::ui::components::layout::{Footer, Header};
use crate::ui::pages::apply::{ApplyData, ApplyPage};
use crate::ui::pages::cabinet::{CabinetData, CabinetPage, ProfileData, ProfilePage};
use crate::ui::pages::documents::{DisclosureData, DisclosurePage, DocumentsData, DocumentsPage};
use crate::ui::pages::quick::QuickPayPage;
use crate::ui::pages::recovery::{ConfirmEmailPage, ForgotPage, ResetByEmailPage};
use crate::ui::pages::{
    landing::LandingPage,
    login::LoginPage,
    not_found::NotFoundPage,
    signup::{SignupData, SignupPage},
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = page_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let policy =
            crate::server::http::security::page_policy(leptos::nonce::use_nonce().as_deref());
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                <leptos_meta::HashedStylesheet options id="leptos"/>
                <MetaTags/>
                <script src="/sw-register.js" defer></script>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language of this page: the request's cookie on the server, `<html lang>` in the browser.
fn page_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::api::ssr::lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(page_lang());
    let t = use_texts();
    view! {
        <Title text=format!("{} — {}", t.site_name, t.tagline)/>
        <Meta name="description" content=t.hero_lead/>
        <Meta name="theme-color" content="#0b5cab"/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Link rel="icon" href="/icons/icon-192.png" type_="image/png"/>
        <Link rel="apple-touch-icon" href="/icons/icon-192.png"/>
        <Router>
            <Header/>
            <main id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=LandingPage/>
                    <Route path=path!("/signup") view={Lazy::<SignupRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()}/>
                    <Route path=path!("/forgot") view={Lazy::<ForgotRoute>::new()}/>
                    <Route path=path!("/reset/email") view={Lazy::<ResetByEmailRoute>::new()}/>
                    <Route path=path!("/email/confirm") view={Lazy::<ConfirmEmailRoute>::new()}/>
                    <Route path=path!("/cabinet") view={Lazy::<CabinetRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/apply") view={Lazy::<ApplyRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/pay") view={Lazy::<QuickPayRoute>::new()}/>
                    <Route path=path!("/documents") view={Lazy::<DocumentsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/documents/:code") view={Lazy::<DisclosureRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}

/// A page whose code the browser loads only when it is visited (`cargo leptos build --split`
/// makes a separate wasm chunk of it): everything but the landing page, so that the calculator
/// loads alone (PRODUCT.md §7 bundle budget).
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(LoginRoute, LoginPage);
lazy_page!(ForgotRoute, ForgotPage);
lazy_page!(ResetByEmailRoute, ResetByEmailPage);
lazy_page!(ConfirmEmailRoute, ConfirmEmailPage);
/// A logged-in page that creates its resource in `data`, before the page's code loads (Leptos'
/// advice for lazy routes), and renders only once it is read (`SsrMode::Async`): whole on the
/// server, where an ended session can still be sent to `/login` with a redirect.
macro_rules! lazy_page_with_data {
    ($route:ident, $page:ident, $data:ident) => {
        struct $route($data);

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route($data::default())
            }

            fn view(this: Self) -> AnyView {
                view! { <$page data=this.0/> }.into_any()
            }
        }
    };
}

lazy_page_with_data!(SignupRoute, SignupPage, SignupData);
lazy_page_with_data!(CabinetRoute, CabinetPage, CabinetData);
lazy_page_with_data!(ProfileRoute, ProfilePage, ProfileData);
lazy_page_with_data!(ApplyRoute, ApplyPage, ApplyData);
lazy_page!(QuickPayRoute, QuickPayPage);
lazy_page_with_data!(DocumentsRoute, DocumentsPage, DocumentsData);
lazy_page_with_data!(DisclosureRoute, DisclosurePage, DisclosureData);
