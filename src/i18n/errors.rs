//! What the borrower reads when a request is refused as a whole (not at one field): wrong
//! credentials, an ended session, a rate limit, a busy server, an internal fault.

use crate::domain::lang::Lang;
use crate::i18n::plural::{HOURS, MINUTES, SECONDS};

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

/// Why a request has to wait, for the words of its refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// A new code for the same thing, asked for again too soon.
    Resend,
    /// Many codes went to this phone already (an hour's for one purpose, or a day's).
    Codes,
    Logins,
    /// Quick payment's look-ups that found no loan.
    Lookups,
    /// Many requests from one address.
    Requests,
    /// Many pictures sent by one borrower.
    Uploads,
    /// Many wrong codes for this phone today: its codes are locked for a day.
    CodesLocked,
}

/// A wait as a person says it, rounded up: "45 секунд", "12 минут", "2 часа".
pub fn wait(lang: Lang, seconds: i64) -> String {
    let seconds = seconds.max(1).unsigned_abs();
    match seconds {
        0..60 => SECONDS.count(lang, seconds),
        60..5400 => MINUTES.count(lang, seconds.div_ceil(60)),
        _ => HOURS.count(lang, seconds.div_ceil(3600)),
    }
}

pub fn too_many(lang: Lang, why: Wait, retry_after: i64) -> String {
    let wait = wait(lang, retry_after);
    match (lang, why) {
        (Lang::Ru, Wait::Resend) => format!("Новый код можно запросить через {wait}."),
        (Lang::En, Wait::Resend) => format!("You can ask for a new code in {wait}."),
        (Lang::Ru, Wait::Codes) => {
            format!("На этот номер уже отправлено много кодов. Новый можно запросить через {wait}.")
        }
        (Lang::En, Wait::Codes) => format!(
            "Many codes have been sent to this number already. You can ask for a new one in {wait}."
        ),
        (Lang::Ru, Wait::Logins) => {
            format!("Слишком много попыток входа. Попробуйте снова через {wait}.")
        }
        (Lang::En, Wait::Logins) => format!("Too many login attempts. Try again in {wait}."),
        (Lang::Ru, Wait::Lookups) => {
            format!("Слишком много поисков без результата. Попробуйте снова через {wait}.")
        }
        (Lang::En, Wait::Lookups) => {
            format!("Too many searches that found nothing. Try again in {wait}.")
        }
        (Lang::Ru, Wait::Requests) => {
            format!("Слишком много запросов с вашего адреса. Попробуйте снова через {wait}.")
        }
        (Lang::En, Wait::Requests) => {
            format!("Too many requests from your address. Try again in {wait}.")
        }
        (Lang::Ru, Wait::Uploads) => {
            format!("Слишком много загруженных фото. Попробуйте снова через {wait}.")
        }
        (Lang::En, Wait::Uploads) => format!("Too many photos sent. Try again in {wait}."),
        (Lang::Ru, Wait::CodesLocked) => format!(
            "Слишком много неверных кодов: коды на этот номер заблокированы. Попробуйте через {wait} \
             или позвоните нам."
        ),
        (Lang::En, Wait::CodesLocked) => format!(
            "Too many wrong codes: codes to this number are locked. Try again in {wait} or call us."
        ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_in_seconds_minutes_or_hours_rounded_up() {
        assert_eq!(wait(Lang::Ru, 45), "45 секунд");
        assert_eq!(wait(Lang::Ru, 61), "2 минуты");
        assert_eq!(wait(Lang::Ru, 2924), "49 минут");
        assert_eq!(wait(Lang::Ru, 60 * 21), "21 минуту");
        assert_eq!(wait(Lang::Ru, 3 * 3600), "3 часа");
        assert_eq!(wait(Lang::En, 1), "1 second");
        assert_eq!(
            too_many(Lang::Ru, Wait::Codes, 386),
            "На этот номер уже отправлено много кодов. Новый можно запросить через 7 минут."
        );
    }
}
