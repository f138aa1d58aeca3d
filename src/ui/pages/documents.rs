//! `/documents` (the footer's «Документы»): the lender's published documents, and
//! `/documents/{code}`, one of them — the rules, general terms, registry entry, SRO membership,
//! complaint procedure, and the text of each consent the sign-up form asks for. Rendered on the
//! server; public.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::disclosures::{get_disclosure, get_disclosures};
use crate::i18n::{use_lang, use_texts};
use crate::ui::components::form::ErrorNote;
use crate::ui::format;
use crate::wire::disclosure::DisclosureView;
use crate::wire::error::AppError;

/// The list, read in the route's `data` (see `ui::pages::signup::SignupData` for why).
pub struct DocumentsData {
    documents: Resource<Result<Vec<DisclosureView>, AppError>>,
}

impl Default for DocumentsData {
    fn default() -> Self {
        DocumentsData {
            documents: Resource::new(|| (), |_| get_disclosures()),
        }
    }
}

#[component]
pub fn DocumentsPage(data: DocumentsData) -> impl IntoView {
    let t = use_texts();
    let DocumentsData { documents } = data;
    view! {
        <section class="documents">
            <h1>{t.documents}</h1>
            <p class="lead">{t.documents_lead}</p>
            <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match documents.await {
                        Ok(list) => view! {
                            <ul class="document-list">
                                {list.into_iter().map(|d| view! {
                                    <li><a href=d.code.path()>{d.title}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The document the address names, read in the route's `data`.
pub struct DisclosureData {
    document: Resource<Result<DisclosureView, AppError>>,
}

impl Default for DisclosureData {
    fn default() -> Self {
        let params = use_params_map();
        DisclosureData {
            document: Resource::new(
                move || params.read().get("code").unwrap_or_default(),
                get_disclosure,
            ),
        }
    }
}

#[component]
pub fn DisclosurePage(data: DisclosureData) -> impl IntoView {
    let t = use_texts();
    let DisclosureData { document } = data;
    view! {
        <section class="documents">
            <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match document.await {
                        Ok(d) => view! { <Disclosure d/> }.into_any(),
                        Err(AppError::NotFound { .. }) => view! { <crate::ui::pages::not_found::NotFoundPage/> }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/documents">{t.all_documents}</a></p>
        </section>
    }
}

#[component]
fn Disclosure(d: DisclosureView) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let edition = t
        .edition
        .replace("{version}", &d.version.to_string())
        .replace("{date}", &format::date(lang, d.effective_from));
    view! {
        <article class="disclosure" data-code=d.code.code() lang="ru">
            <h1>{d.title}</h1>
            <p class="meta">{edition}</p>
            {d.model.then(|| view! { <p class="sandbox-note" role="note">{t.model_note}</p> })}
            {d.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        </article>
    }
}
