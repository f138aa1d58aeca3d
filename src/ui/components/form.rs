//! Form pieces for the account screens: a labelled input that checks itself with the shared
//! domain rules when it loses focus and shows the server's message for its field, and the
//! message of an answer that belongs to no field.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::lang::Lang;
use crate::domain::local_path::LocalPath;
use crate::i18n::use_lang;
use crate::wire::error::AppError;

/// A check from `src/domain`: the message in `lang` when `text` breaks a rule.
pub type Check = fn(&str, Lang) -> Option<String>;

/// The last answer of an action, as the fields read it (`answer(action)`).
pub type Answer<T> = Signal<Option<Result<T, AppError>>>;

/// The server's message for field `name` in the last answer, if it refused that field.
pub fn field_problem<T>(answer: Answer<T>, name: &'static str) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        answer.with(|a| match a {
            Some(Err(e)) => e.field(name).map(str::to_owned),
            _ => None,
        })
    })
}

/// The message of a refusal that names no field the form shows (wrong password, too many
/// attempts, server busy), for the top of the form.
pub fn form_problem<T>(answer: Answer<T>, shown: &'static [&'static str]) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        answer.with(|a| match a {
            Some(Err(AppError::Validation { fields })) => fields
                .iter()
                .find(|f| !shown.contains(&f.field.as_str()))
                .map(|f| f.message.clone()),
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        })
    })
}

#[component]
pub fn Input(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] value: Option<RwSignal<String>>,
    #[prop(optional)] check: Option<Check>,
    #[prop(into)] problem: Signal<Option<String>>,
    #[prop(default = true)] required: bool,
    /// The browser's own check of the field, when the form sets it (a wizard's "Continue").
    #[prop(optional)]
    checked: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let lang = use_lang();
    let value = value.unwrap_or_else(|| RwSignal::new(String::new()));
    let local = checked.unwrap_or_else(|| RwSignal::new(None::<String>));
    let id = format!("f-{name}");
    let problem_id = format!("{id}-problem");
    let hint_id = format!("{id}-hint");
    let shown = move || local.get().or_else(|| problem.get());
    // A password can be shown as typed (a button that works once the page runs in the browser).
    let revealed = RwSignal::new(false);
    let hydrated = hydrated();
    let input_type = move || match kind == "password" && revealed.get() {
        true => "text",
        false => kind,
    };
    let on_blur = move |_| {
        if let Some(check) = check {
            let text = value.get_untracked();
            local.set(if text.trim().is_empty() {
                None
            } else {
                check(&text, lang)
            });
        }
    };
    view! {
        <div class="field" class:invalid=move || shown().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                required=required
                aria-invalid=move || if shown().is_some() { "true" } else { "false" }
                aria-describedby=format!("{problem_id} {}", if hint.is_some() { hint_id.as_str() } else { "" })
                bind:value=value
                on:input=move |_| local.set(None)
                on:blur=on_blur
            />
            {(kind == "password").then(|| {
                let t = crate::i18n::use_texts();
                view! {
                    <button type="button" class="link-button reveal" hidden=move || !hydrated.get()
                        aria-pressed=move || revealed.get().to_string()
                        on:click=move |_| revealed.update(|r| *r = !*r)>
                        {move || if revealed.get() { t.hide_password } else { t.show_password }}
                    </button>
                }
            })}
            <p class="problem" id=problem_id aria-live="polite">{shown}</p>
        </div>
    }
}

/// The SMS code of a form that confirms with one: the 6-digit field with the server's message
/// for it, and under it the form's other refusals (wrong code aside: expired, too many tries).
#[component]
pub fn CodeField<T>(
    label: &'static str,
    answer: Answer<T>,
    #[prop(optional)] value: Option<RwSignal<String>>,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    view! {
        <Input label name="code" inputmode="numeric" autocomplete="one-time-code"
            value=value.unwrap_or_else(|| RwSignal::new(String::new()))
            problem=field_problem(answer, "code")/>
        <FormProblem problem=form_problem(answer, &["code"])/>
    }
}

/// Once the page shows a refusal, moves the focus (and the view) to the first field marked
/// invalid, so the borrower is not left below the errors with nothing said.
pub fn focus_first_invalid() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        use leptos::wasm_bindgen::JsCast;
        let first = document()
            .query_selector(".field.invalid input, .field.invalid select, .consent.invalid input")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(field) = first {
            let _ = field.focus();
        }
    });
}

/// "Копировать" beside a value (account number, BIK, purpose): puts it on the clipboard and
/// says so. Shown once the page runs in the browser, where the clipboard can be reached.
#[component]
pub fn CopyButton(text: String) -> impl IntoView {
    let t = crate::i18n::use_texts();
    let hydrated = hydrated();
    let copied = RwSignal::new(false);
    let text = StoredValue::new(text);
    view! {
        <button type="button" class="link-button copy" hidden=move || !hydrated.get()
            on:click=move |_| {
                copy_to_clipboard(&text.get_value());
                copied.set(true);
            }>
            {move || if copied.get() { t.copied } else { t.copy }}
        </button>
    }
}

/// `navigator.clipboard.writeText(text)`, looked up at run time (web-sys keeps the Clipboard
/// API behind an unstable flag).
fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{JsCast, JsValue};
        let navigator: JsValue = window().navigator().into();
        let Ok(clipboard) = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        else {
            return;
        };
        let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(write) = write {
            let _ = write.call1(&clipboard, &JsValue::from_str(text));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// Focuses the first invalid field each time `answer` comes back refused at a field.
pub fn focus_on_refusal<T>(answer: Answer<T>)
where
    T: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(&*answer.read(), Some(Err(AppError::Validation { .. }))) {
            focus_first_invalid();
        }
    });
}

/// The message at the top of a form, read out when it appears.
#[component]
pub fn FormProblem(#[prop(into)] problem: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="problem form-problem" role="alert">{move || problem.get()}</p>
    }
}

/// Sends the browser to `path` with a full page load (the session cookie has just changed).
/// What a page says when its data could not be read: an ended session goes to the login page,
/// which comes back here; anything else is told in place.
#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorized { .. } => {
            let here = leptos_router::hooks::use_location();
            // The router's `search` comes without its `?`.
            let search = here.search.get_untracked();
            let path = match search.trim_start_matches('?') {
                "" => here.pathname.get_untracked(),
                query => format!("{}?{query}", here.pathname.get_untracked()),
            };
            let back = LocalPath::parse(&path).unwrap_or_else(LocalPath::cabinet);
            view! { <leptos_router::components::Redirect path=back.login_then_back()/> }.into_any()
        }
        other => view! { <p class="problem" role="alert">{other.to_string()}</p> }.into_any(),
    }
}

/// The login page, coming back to the page the browser shows now.
fn login_then_here() -> String {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        let here = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Some(path) = LocalPath::parse(&here) {
            return path.login_then_back();
        }
    }
    LocalPath::cabinet().login_then_back()
}

pub fn go(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        if let Err(e) = window().location().set_href(path) {
            leptos::logging::error!("navigation failed: {e:?}");
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Checks with the shared domain rules, for `Input`'s `check`.
pub mod checks {
    use crate::domain::email::Email;
    use crate::domain::lang::Lang;
    use crate::domain::password::Password;
    use crate::domain::person::Name;
    use crate::domain::phone::Phone;

    pub fn name(text: &str, lang: Lang) -> Option<String> {
        Name::parse(text).err().map(|p| p.message(lang))
    }

    pub fn phone(text: &str, lang: Lang) -> Option<String> {
        Phone::parse(text).err().map(|p| p.message(lang))
    }

    pub fn email(text: &str, lang: Lang) -> Option<String> {
        Email::parse(text).err().map(|p| p.message(lang))
    }

    /// Length only; that it is not the phone, the repeat and the common list are checked on
    /// submit.
    pub fn password(text: &str, lang: Lang) -> Option<String> {
        Password::parse(text, text, None)
            .err()
            .map(|p| p.message(lang))
    }

    pub fn date(text: &str, lang: Lang) -> Option<String> {
        crate::domain::questionnaire::date(text)
            .err()
            .map(|p| p.message(lang))
    }

    pub fn snils(text: &str, lang: Lang) -> Option<String> {
        crate::domain::documents::Snils::parse(text)
            .err()
            .map(|p| p.message(lang))
    }

    pub fn bik(text: &str, lang: Lang) -> Option<String> {
        crate::domain::bank_account::Bik::parse(text)
            .err()
            .map(|p| p.message(lang))
    }

    pub fn inn(text: &str, lang: Lang) -> Option<String> {
        crate::domain::documents::Inn::parse(text)
            .err()
            .map(|p| p.message(lang))
    }

    pub fn division_code(text: &str, lang: Lang) -> Option<String> {
        crate::domain::documents::DivisionCode::parse(text)
            .err()
            .map(|p| p.message(lang))
    }

    pub fn amount(text: &str, lang: Lang) -> Option<String> {
        crate::domain::money::Money::parse(text)
            .is_none()
            .then(|| crate::domain::problem::Problem::NotAnAmount.message(lang))
    }
}

/// "Sandbox" and where its messages are, on pages that send an SMS or an email while the
/// messages port is the sandbox (PRODUCT.md §6: a sandbox is never silent).
#[component]
pub fn SandboxNote() -> impl IntoView {
    let t = crate::i18n::account::use_account_texts();
    let sandbox =
        SharedValue::new(|| use_context::<crate::wire::Site>().map(|site| site.messages_sandbox))
            .into_inner();
    view! {
        {sandbox.unwrap_or(false).then(|| view! {
            <p class="sandbox"><span class="badge">"sandbox"</span>" "{t.sandbox_note}</p>
        })}
    }
}

/// `"true"` once the page runs in the browser (hydrated), for `data-ready` on a page's root:
/// the forms only work from then on, and browser tests wait for it.
pub fn ready() -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    let hydrated = hydrated();
    move || hydrated.get().then_some("true")
}

/// True once the page runs in the browser: false while the server renders it, while it
/// hydrates, and for good without JavaScript.
pub fn hydrated() -> ReadSignal<bool> {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    hydrated.read_only()
}

/// Loads with `fetch` once the page runs in the browser, and again whenever `version` changes;
/// an ended session goes to the login page.
pub fn load<T, F, Fut>(version: RwSignal<u32>, fetch: F) -> RwSignal<Option<Result<T, AppError>>>
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + 'static,
{
    let value = RwSignal::new(None);
    Effect::new(move |_| {
        version.track();
        spawn_local(async move {
            let answer = fetch().await;
            if matches!(answer, Err(AppError::Unauthorized { .. })) {
                go(&login_then_here());
            }
            value.set(Some(answer));
        });
    });
    value
}
