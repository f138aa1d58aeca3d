//! The texts of the SMS and emails kabinet sends about accounts, in the borrower's language
//! (Russian by default). A code or a link goes in the message and nowhere else.

use super::plural::{DAYS, HOURS};
use crate::domain::lang::Lang;

pub fn sign_up_code(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Ru => format!("kabinet: код {code} для регистрации. Никому его не сообщайте."),
        Lang::En => format!("kabinet: your sign-up code is {code}. Never share it."),
    }
}

pub fn already_registered(lang: Lang) -> String {
    lang.pick(
        "kabinet: с вашим номером пытались зарегистрироваться. Если это вы — войдите или \
         восстановите пароль. Если нет — ничего не делайте.",
        "kabinet: someone tried to sign up with your number. If it was you, log in or reset \
         your password. If not, do nothing.",
    )
    .into()
}

pub fn reset_code(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: код {code} для смены пароля. Никому его не сообщайте, даже сотрудникам."
        ),
        Lang::En => format!("kabinet: {code} is your password reset code. Never share it."),
    }
}

pub fn password_changed(lang: Lang) -> String {
    lang.pick(
        "kabinet: пароль изменён, все сеансы завершены. Если это не вы — позвоните нам.",
        "kabinet: your password was changed and every session ended. If it was not you, call us.",
    )
    .into()
}

pub fn phone_change_code(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Ru => {
            format!("kabinet: код {code} для привязки этого номера. Никому его не сообщайте.")
        }
        Lang::En => format!("kabinet: {code} is your code to link this number. Never share it."),
    }
}

pub fn phone_change_old_code(lang: Lang, code: &str, new_phone_masked: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: код {code} — смена номера кабинета на {new_phone_masked}. Если это не вы, \
             никому не сообщайте код и смените пароль."
        ),
        Lang::En => format!(
            "kabinet: code {code} moves your cabinet to {new_phone_masked}. If it is not you, \
             tell no one the code and change your password."
        ),
    }
}

pub fn phone_changed(lang: Lang, new_phone_masked: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: номер для входа изменён на {new_phone_masked}. Если это не вы — позвоните нам."
        ),
        Lang::En => format!(
            "kabinet: your login number was changed to {new_phone_masked}. If it was not you, call us."
        ),
    }
}

/// Subject and body of the email that confirms the address.
pub fn confirm_email(lang: Lang, name: &str, link: &str) -> (String, String) {
    match lang {
        Lang::Ru => (
            "kabinet: подтвердите адрес почты".into(),
            format!(
                "{name}, здравствуйте!\n\nПодтвердите адрес почты по ссылке (она действует 24 часа):\n{link}\n\nЕсли вы не регистрировались в kabinet, ничего не делайте."
            ),
        ),
        Lang::En => (
            "kabinet: confirm your email".into(),
            format!(
                "Hello {name},\n\nConfirm your email with this link (valid for 24 hours):\n{link}\n\nIf you did not sign up to kabinet, do nothing."
            ),
        ),
    }
}

/// Subject and body of the email with a password reset link.
pub fn reset_email(lang: Lang, name: &str, link: &str) -> (String, String) {
    match lang {
        Lang::Ru => (
            "kabinet: смена пароля".into(),
            format!(
                "{name}, здравствуйте!\n\nЧтобы задать новый пароль, откройте ссылку (она действует 1 час):\n{link}\n\nЕсли вы не просили сменить пароль, ничего не делайте: пароль останется прежним."
            ),
        ),
        Lang::En => (
            "kabinet: reset your password".into(),
            format!(
                "Hello {name},\n\nTo set a new password, open this link (valid for 1 hour):\n{link}\n\nIf you did not ask for this, do nothing: your password stays as it is."
            ),
        ),
    }
}

/// The signing code names the amount it signs for, so a borrower sees what they agree to.
pub fn sign_code(lang: Lang, code: &str, amount: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: код {code} — подпись индивидуальных условий займа на {amount}. Никому его не сообщайте."
        ),
        Lang::En => {
            format!("kabinet: {code} signs the terms of a loan of {amount}. Never share it.")
        }
    }
}

pub fn approved(lang: Lang, amount: &str, wait_hours: u32) -> String {
    match (lang, wait_hours) {
        (Lang::Ru, 0) => format!("kabinet: заём на {amount} одобрен, деньги отправлены на карту."),
        (Lang::Ru, h) => format!(
            "kabinet: заём на {amount} одобрен. По закону деньги придут через {}; до этого вы можете отказаться от займа в кабинете.",
            HOURS.count(lang, h.into())
        ),
        (Lang::En, 0) => {
            format!("kabinet: your loan of {amount} is approved; the money is on its way.")
        }
        (Lang::En, h) => format!(
            "kabinet: your loan of {amount} is approved. By law the money goes out in {}; until then you can refuse the loan in your cabinet.",
            HOURS.count(lang, h.into())
        ),
    }
}

pub fn in_review(lang: Lang) -> String {
    lang.pick(
        "kabinet: заявку проверяет специалист. Мы напишем, как только примем решение.",
        "kabinet: a specialist is reviewing your application; we will text you the decision.",
    )
    .into()
}

pub fn declined(lang: Lang, retry_on: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: к сожалению, сейчас мы не можем выдать заём. Подать новую заявку можно с {retry_on}."
        ),
        Lang::En => {
            format!("kabinet: we cannot lend to you now. You can apply again from {retry_on}.")
        }
    }
}

pub fn paid_out(lang: Lang, amount: &str, card: &str) -> String {
    match lang {
        Lang::Ru => format!("kabinet: {amount} отправлены на карту {card}."),
        Lang::En => format!("kabinet: {amount} has been sent to card {card}."),
    }
}

pub fn sent_to_account(lang: Lang, amount: &str, account: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: {amount} отправлены на счёт {account}; деньги придут за 2–3 рабочих дня."
        ),
        Lang::En => format!(
            "kabinet: {amount} has been sent to account {account}; it arrives in 2–3 working days."
        ),
    }
}

pub fn confirm_card(lang: Lang, code: &str, card: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: код {code} — получить новый заём на карту {card}. Никому его не сообщайте."
        ),
        Lang::En => {
            format!("kabinet: {code} confirms card {card} for your new loan. Never share it.")
        }
    }
}

pub fn payment_code(lang: Lang, code: &str, amount: &str, card: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: код {code} — оплата {amount} по займу с карты {card}. Никому его не сообщайте."
        ),
        Lang::En => {
            format!("kabinet: {code} confirms paying {amount} from card {card}. Never share it.")
        }
    }
}

pub fn prolongation_code(lang: Lang, code: &str, price: &str, due: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: код {code} — подпись допсоглашения о продлении займа до {due}, оплата {price}. Никому его не сообщайте."
        ),
        Lang::En => format!(
            "kabinet: {code} signs the agreement prolonging your loan to {due}, paying {price}. Never share it."
        ),
    }
}

pub fn payment_received(lang: Lang, amount: &str, debt: &str) -> String {
    match lang {
        Lang::Ru => format!("kabinet: платёж {amount} получен. Долг по займу: {debt}."),
        Lang::En => format!("kabinet: payment of {amount} received. Left to pay: {debt}."),
    }
}

pub fn loan_repaid(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Ru => format!("kabinet: платёж {amount} получен, заём погашен полностью. Спасибо!"),
        Lang::En => {
            format!("kabinet: payment of {amount} received; your loan is fully repaid. Thank you!")
        }
    }
}

pub fn codes_locked(lang: Lang) -> String {
    match lang {
        Lang::Ru => {
            "kabinet: на ваш номер ввели много неверных кодов, коды заблокированы на сутки. \
                     Если это были не вы, позвоните нам."
                .into()
        }
        Lang::En => "kabinet: many wrong codes were typed for your number; codes are locked for a \
                     day. If it was not you, call us."
            .into(),
    }
}

pub fn refunded(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: вы заплатили больше долга — {amount} возвращаем на карту, с которой пришёл платёж."
        ),
        Lang::En => format!(
            "kabinet: you paid more than the debt; {amount} is on its way back to the card it came from."
        ),
    }
}

pub fn prolonged(lang: Lang, due: &str) -> String {
    match lang {
        Lang::Ru => {
            format!("kabinet: заём продлён, новый срок возврата — {due}. Допсоглашение в кабинете.")
        }
        Lang::En => {
            format!("kabinet: your loan is prolonged to {due}. The agreement is in your cabinet.")
        }
    }
}

/// The reminder `days` (3 or 1) before a payment of `amount` due on `due`.
pub fn due_soon(lang: Lang, days: i64, amount: &str, due: &str) -> String {
    match (lang, days) {
        (Lang::Ru, 1) => format!(
            "kabinet: завтра, {due}, срок платежа {amount}. Оплатить можно в кабинете картой или переводом."
        ),
        (Lang::Ru, _) => format!(
            "kabinet: через {}, {due}, срок платежа {amount}. Оплатить можно в кабинете.",
            DAYS.count(lang, days.unsigned_abs())
        ),
        (Lang::En, 1) => format!("kabinet: your payment of {amount} is due tomorrow, {due}."),
        (Lang::En, _) => format!(
            "kabinet: your payment of {amount} is due in {}, {due}.",
            DAYS.count(lang, days.unsigned_abs())
        ),
    }
}

/// The notice of overdue debt: how much and for how many days; where to pay or prolong.
pub fn overdue(lang: Lang, debt: &str, days: u32) -> String {
    match lang {
        Lang::Ru => format!(
            "kabinet: платёж просрочен на {}, долг {debt}. Оплатите в кабинете, чтобы \
             не росли пени; если трудно платить — напишите нам в чат.",
            DAYS.count(lang, days.into())
        ),
        Lang::En => format!(
            "kabinet: your payment is {} overdue; you owe {debt}. Pay in your cabinet \
             to stop penalties; if paying is hard, write to us in the chat.",
            DAYS.count(lang, days.into())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_and_overdue_notices_say_their_counts_in_the_right_form() {
        assert!(due_soon(Lang::Ru, 3, "1 000 ₽", "10.12.2026").contains("через 3 дня,"));
        assert!(due_soon(Lang::Ru, 1, "1 000 ₽", "10.12.2026").contains("завтра"));
        assert!(overdue(Lang::Ru, "1 000 ₽", 1).contains("просрочен на 1 день,"));
        assert!(overdue(Lang::Ru, "1 000 ₽", 5).contains("просрочен на 5 дней,"));
        assert!(overdue(Lang::Ru, "1 000 ₽", 22).contains("просрочен на 22 дня,"));
        assert!(overdue(Lang::En, "1 000 ₽", 1).contains("is 1 day overdue"));
        assert!(approved(Lang::Ru, "5 000 ₽", 4).contains("через 4 часа;"));
        assert!(approved(Lang::Ru, "5 000 ₽", 24).contains("через 24 часа;"));
    }
}
