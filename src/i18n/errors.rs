//! What the borrower reads when a request is refused as a whole (not at one field): wrong
//! credentials, an ended session, a rate limit, a busy server, an internal fault.

use crate::domain::lang::Lang;

pub fn bad_credentials(lang: Lang) -> &'static str {
    lang.pick("Неверный телефон или пароль", "Wrong phone or password")
}

pub fn session_ended(lang: Lang) -> &'static str {
    lang.pick(
        "Сеанс завершён — войдите снова",
        "Your session has ended; please log in again",
    )
}

pub fn not_found(lang: Lang) -> &'static str {
    lang.pick("Не найдено", "Not found")
}

pub fn busy(lang: Lang) -> &'static str {
    lang.pick(
        "Сервер занят, попробуйте через минуту",
        "The server is busy; try again in a minute",
    )
}

pub fn too_many(lang: Lang, retry_after: i64) -> String {
    match lang {
        Lang::Ru => format!("Слишком много попыток. Повторите через {retry_after} с"),
        Lang::En => format!("Too many attempts. Try again in {retry_after} s"),
    }
}

/// Something failed on our side; `reference` ties the borrower's report to the log.
pub fn internal(lang: Lang, reference: &str) -> String {
    let text = lang.pick(
        "Что-то пошло не так. Попробуйте ещё раз; код ошибки ",
        "Something went wrong. Please try again; error code ",
    );
    format!("{text}{reference}")
}
