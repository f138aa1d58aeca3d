//! Every field problem said in each language, shared by the browser (checking as the borrower
//! types) and the server (refusing what it is sent).

use crate::domain::lang::Lang;
use crate::domain::problem::Problem;

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Problem::Required, Lang::Ru) => "Заполните это поле".into(),
            (Problem::Required, Lang::En) => "This field is required".into(),
            (Problem::NotAnAmount, Lang::Ru) => "Введите сумму в рублях, например 10000".into(),
            (Problem::NotAnAmount, Lang::En) => "Enter an amount in roubles, e.g. 10000".into(),
            (Problem::NotAWholeNumber, Lang::Ru) => "Введите целое число".into(),
            (Problem::NotAWholeNumber, Lang::En) => "Enter a whole number".into(),
            (Problem::NotADate, Lang::Ru) => "Введите дату в формате ГГГГ-ММ-ДД".into(),
            (Problem::NotADate, Lang::En) => "Enter a date as YYYY-MM-DD".into(),
            (Problem::DateNotCovered, Lang::Ru) => "На эту дату нет действующих условий".into(),
            (Problem::DateNotCovered, Lang::En) => "No terms are in force on that date".into(),
            (Problem::UnknownProduct, Lang::Ru) => "Выберите вид займа".into(),
            (Problem::UnknownProduct, Lang::En) => "Choose a kind of loan".into(),
            (Problem::AmountOutOfRange { min, max }, _) => match lang {
                Lang::Ru => format!("Сумма — от {} до {}", min.display(lang), max.display(lang)),
                Lang::En => format!(
                    "The amount is {} to {}",
                    min.display(lang),
                    max.display(lang)
                ),
            },
            (Problem::AmountOffStep { step }, _) => match lang {
                Lang::Ru => format!("Сумма должна быть кратна {}", step.display(lang)),
                Lang::En => format!("The amount must be a multiple of {}", step.display(lang)),
            },
            (Problem::TermOutOfRange { min, max }, Lang::Ru) => {
                format!("Срок — от {min} до {max} дней")
            }
            (Problem::TermOutOfRange { min, max }, Lang::En) => {
                format!("The term is {min} to {max} days")
            }
            (Problem::TooLong { max }, Lang::Ru) => format!("Не больше {max} символов"),
            (Problem::TooLong { max }, Lang::En) => format!("At most {max} characters"),
            (Problem::NotAPhone, Lang::Ru) => {
                "Введите номер мобильного телефона, например +7 912 345-67-89".into()
            }
            (Problem::NotAPhone, Lang::En) => "Enter a mobile number, e.g. +7 912 345-67-89".into(),
            (Problem::NotAMobilePhone, Lang::Ru) => {
                "Нужен номер мобильного телефона: он начинается с +7 9".into()
            }
            (Problem::NotAMobilePhone, Lang::En) => {
                "A mobile number is needed: it starts with +7 9".into()
            }
            (Problem::NotAnEmail, Lang::Ru) => "Введите адрес почты, например ivan@mail.ru".into(),
            (Problem::NotAnEmail, Lang::En) => "Enter an email address, e.g. ivan@mail.ru".into(),
            (Problem::NotAName, Lang::Ru) => {
                "Только русские буквы, дефис, пробел и апостроф".into()
            }
            (Problem::NotAName, Lang::En) => {
                "Cyrillic letters, hyphen, space and apostrophe only".into()
            }
            (Problem::LatinInName, Lang::Ru) => "Напишите русскими буквами, как в паспорте".into(),
            (Problem::LatinInName, Lang::En) => "Write it in Cyrillic, as in the passport".into(),
            (Problem::PasswordLength { min, max }, Lang::Ru) => {
                format!("Пароль — от {min} до {max} символов")
            }
            (Problem::PasswordLength { min, max }, Lang::En) => {
                format!("The password is {min} to {max} characters")
            }
            (Problem::PasswordIsPhone, Lang::Ru) => "Номер телефона не может быть паролем".into(),
            (Problem::PasswordIsPhone, Lang::En) => {
                "The phone number cannot be the password".into()
            }
            (Problem::PasswordsDiffer, Lang::Ru) => "Пароли не совпадают".into(),
            (Problem::PasswordsDiffer, Lang::En) => "The passwords differ".into(),
            (Problem::CodeWrong { attempts_left }, Lang::Ru) => {
                format!("Неверный код. Осталось попыток: {attempts_left}")
            }
            (Problem::CodeWrong { attempts_left }, Lang::En) => {
                format!("Wrong code. Attempts left: {attempts_left}")
            }
            (Problem::CodeExpired, Lang::Ru) => "Срок действия кода истёк — запросите новый".into(),
            (Problem::CodeExpired, Lang::En) => "The code has expired; ask for a new one".into(),
            (Problem::CodeUsedUp, Lang::Ru) => "Код больше не действует — запросите новый".into(),
            (Problem::CodeUsedUp, Lang::En) => "The code no longer works; ask for a new one".into(),
            (Problem::SignUpExpired, Lang::Ru) => {
                "Регистрация устарела — заполните форму ещё раз".into()
            }
            (Problem::SignUpExpired, Lang::En) => {
                "The sign-up has expired; fill in the form again".into()
            }
            (Problem::ConsentRequired, Lang::Ru) => {
                "Без этого согласия заём оформить нельзя".into()
            }
            (Problem::ConsentRequired, Lang::En) => {
                "A loan cannot be arranged without this consent".into()
            }
            (Problem::CommonPassword, Lang::Ru) => {
                "Этот пароль слишком распространён — придумайте другой".into()
            }
            (Problem::CommonPassword, Lang::En) => {
                "This password is too common; choose another".into()
            }
            (Problem::WrongPassword, Lang::Ru) => "Неверный пароль".into(),
            (Problem::WrongPassword, Lang::En) => "Wrong password".into(),
            (Problem::PhoneTaken, Lang::Ru) => "Этот номер уже привязан к другому аккаунту".into(),
            (Problem::PhoneTaken, Lang::En) => "This number belongs to another account".into(),
            (Problem::SamePhone, Lang::Ru) => "Это ваш нынешний номер".into(),
            (Problem::SamePhone, Lang::En) => "This is your current number".into(),
            (Problem::LinkExpired, Lang::Ru) => {
                "Ссылка устарела или уже использована — запросите новую".into()
            }
            (Problem::LinkExpired, Lang::En) => {
                "The link has expired or was used; ask for a new one".into()
            }
            (Problem::NotAPhoneOrEmail, Lang::Ru) => {
                "Введите номер телефона или адрес почты".into()
            }
            (Problem::NotAPhoneOrEmail, Lang::En) => "Enter a phone number or an email".into(),
            (Problem::NotASnils, Lang::Ru) => "СНИЛС — 11 цифр, например 112-233-445 95".into(),
            (Problem::NotASnils, Lang::En) => "SNILS is 11 digits, e.g. 112-233-445 95".into(),
            (Problem::SnilsCheck, Lang::Ru) => {
                "В номере СНИЛС ошибка: не сходится контрольное число".into()
            }
            (Problem::SnilsCheck, Lang::En) => {
                "This SNILS has a typo: its check number does not match".into()
            }
            (Problem::NotAnInn, Lang::Ru) => "ИНН физического лица — 12 цифр".into(),
            (Problem::NotAnInn, Lang::En) => "A person's INN is 12 digits".into(),
            (Problem::InnCheck, Lang::Ru) => "В ИНН ошибка: не сходятся контрольные цифры".into(),
            (Problem::InnCheck, Lang::En) => {
                "This INN has a typo: its check digits do not match".into()
            }
            (Problem::NotAPassportSeries, Lang::Ru) => "Серия паспорта — 4 цифры".into(),
            (Problem::NotAPassportSeries, Lang::En) => "The passport series is 4 digits".into(),
            (Problem::NotAPassportNumber, Lang::Ru) => "Номер паспорта — 6 цифр".into(),
            (Problem::NotAPassportNumber, Lang::En) => "The passport number is 6 digits".into(),
            (Problem::NotADivisionCode, Lang::Ru) => {
                "Код подразделения — 6 цифр, например 590-001".into()
            }
            (Problem::NotADivisionCode, Lang::En) => {
                "The division code is 6 digits, e.g. 590-001".into()
            }
            (Problem::IssuedBefore14, Lang::Ru) => {
                "Паспорт выдают с 14 лет — проверьте даты выдачи и рождения".into()
            }
            (Problem::IssuedBefore14, Lang::En) => {
                "A passport is issued from the age of 14; check the issue and birth dates".into()
            }
            (Problem::IssuedInFuture, Lang::Ru) => "Дата выдачи не может быть в будущем".into(),
            (Problem::IssuedInFuture, Lang::En) => "The issue date cannot be in the future".into(),
            (Problem::AgeOutOfRange { min, max }, Lang::Ru) => {
                format!("Заём выдаётся с {min} до {max} лет")
            }
            (Problem::AgeOutOfRange { min, max }, Lang::En) => {
                format!("Loans are for people aged {min} to {max}")
            }
            (Problem::NotText, Lang::Ru) => "Уберите служебные символы".into(),
            (Problem::NotText, Lang::En) => "Remove the control characters".into(),
            (Problem::ChooseOne, Lang::Ru) => "Выберите один из вариантов".into(),
            (Problem::ChooseOne, Lang::En) => "Choose one of the options".into(),
            (Problem::NumberOutOfRange { min, max }, Lang::Ru) => {
                format!("Введите число от {min} до {max}")
            }
            (Problem::NumberOutOfRange { min, max }, Lang::En) => {
                format!("Enter a number from {min} to {max}")
            }
            (Problem::SelfBan, Lang::Ru) => {
                "По данным бюро кредитных историй на этот паспорт установлен самозапрет на займы. \
                 Заём оформить нельзя, пока самозапрет не снят (через Госуслуги)."
                    .into()
            }
            (Problem::SelfBan, Lang::En) => {
                "The credit bureaus hold a self-ban on loans for this passport. A loan cannot be \
                 arranged until the ban is lifted (through Gosuslugi)."
                    .into()
            }
            (Problem::NotACardNumber, Lang::Ru) => "Номер карты — от 16 до 19 цифр".into(),
            (Problem::NotACardNumber, Lang::En) => "A card number is 16 to 19 digits".into(),
            (Problem::CardNumberCheck, Lang::Ru) => {
                "В номере карты ошибка — проверьте цифры".into()
            }
            (Problem::CardNumberCheck, Lang::En) => {
                "The card number has a typo; check the digits".into()
            }
            (Problem::NotAnExpiry, Lang::Ru) => {
                "Срок действия — месяц и год, например 08/29".into()
            }
            (Problem::NotAnExpiry, Lang::En) => {
                "The expiry is a month and a year, e.g. 08/29".into()
            }
            (Problem::CardExpired, Lang::Ru) => "Срок действия карты истёк".into(),
            (Problem::CardExpired, Lang::En) => "The card has expired".into(),
            (Problem::FileTooBig { max_mb }, Lang::Ru) => {
                format!("Файл больше {max_mb} МБ — выберите фото поменьше")
            }
            (Problem::FileTooBig { max_mb }, Lang::En) => {
                format!("The file is larger than {max_mb} MB; choose a smaller photo")
            }
            (Problem::NotAnImage, Lang::Ru) => {
                "Нужна фотография в формате JPEG, PNG или WebP".into()
            }
            (Problem::NotAnImage, Lang::En) => "We need a JPEG, PNG or WebP photo".into(),
            (Problem::PictureTooLarge { max_megapixels }, Lang::Ru) => format!(
                "Снимок слишком большой: не больше {max_megapixels} мегапикселей — \
                 сфотографируйте заново или уменьшите фото"
            ),
            (Problem::PictureTooLarge { max_megapixels }, Lang::En) => format!(
                "The picture is too large: at most {max_megapixels} megapixels; \
                 take it again or make it smaller"
            ),
            (Problem::StepNotReached, Lang::Ru) => {
                "Сначала завершите предыдущие шаги заявки".into()
            }
            (Problem::StepNotReached, Lang::En) => {
                "Finish the application's earlier steps first".into()
            }
            (Problem::DebtLoadNotAcknowledged, Lang::Ru) => {
                "Подтвердите, что видели предупреждение о долговой нагрузке".into()
            }
            (Problem::DebtLoadNotAcknowledged, Lang::En) => {
                "Confirm that you have read the debt-load warning".into()
            }
            (Problem::BiometricRequired, Lang::Ru) => {
                "Личность подтверждается биометрией — нажмите «Пройти идентификацию»".into()
            }
            (Problem::BiometricRequired, Lang::En) => {
                "Identity is confirmed biometrically: press “Get identified”".into()
            }
            (Problem::IdentityMismatch, Lang::Ru) => {
                "Система идентификации подтвердила другого человека: данные не совпадают с анкетой"
                    .into()
            }
            (Problem::IdentityMismatch, Lang::En) => {
                "The identity system confirmed someone else: the data differ from the questionnaire"
                    .into()
            }
            (Problem::IdentityDenied, Lang::Ru) => {
                "Идентификация не пройдена — попробуйте ещё раз".into()
            }
            (Problem::IdentityDenied, Lang::En) => {
                "Identification was not completed; try again".into()
            }
            (Problem::NotABik, Lang::Ru) => "БИК — 9 цифр, начинается с 04".into(),
            (Problem::NotABik, Lang::En) => "A BIK is 9 digits starting with 04".into(),
            (Problem::NotAnAccountNumber, Lang::Ru) => "Номер счёта — 20 цифр".into(),
            (Problem::NotAnAccountNumber, Lang::En) => "An account number is 20 digits".into(),
            (Problem::AccountKeyMismatch, Lang::Ru) => {
                "Номер счёта не подходит к этому БИК — проверьте оба номера".into()
            }
            (Problem::AccountKeyMismatch, Lang::En) => {
                "The account number does not fit this BIK; check both".into()
            }
            (Problem::AboveDebt { debt }, Lang::Ru) => {
                format!("Больше долга: сегодня вы должны {}", debt.display(Lang::Ru))
            }
            (Problem::AboveDebt { debt }, Lang::En) => {
                format!(
                    "More than the debt: today you owe {}",
                    debt.display(Lang::En)
                )
            }
            (Problem::KeyReused, Lang::Ru) => {
                "Этот платёж уже начат с другой суммой или картой — обновите страницу".into()
            }
            (Problem::KeyReused, Lang::En) => {
                "This payment was started with another amount or card; reload the page".into()
            }
            (Problem::CardDeclined, Lang::Ru) => {
                "Банк отклонил списание — проверьте баланс карты или выберите другую".into()
            }
            (Problem::CardDeclined, Lang::En) => {
                "The bank declined the charge; check the card's balance or choose another".into()
            }
            (Problem::DebtCovered, Lang::Ru) => {
                "Долг уже оплачивается другим платежом — с карты ничего не списано".into()
            }
            (Problem::DebtCovered, Lang::En) => {
                "Another payment already covers the debt; nothing was taken from the card".into()
            }
            (Problem::ProlongAfterDue, Lang::Ru) => {
                "Срок возврата прошёл — продлить заём уже нельзя, его можно погасить".into()
            }
            (Problem::ProlongAfterDue, Lang::En) => {
                "The due date has passed; the loan can no longer be prolonged, only repaid".into()
            }
            (Problem::ProlongTooEarly, Lang::Ru) => {
                "Продлить заём можно со дня, следующего за выдачей".into()
            }
            (Problem::ProlongTooEarly, Lang::En) => {
                "A loan can be prolonged from the day after it was paid out".into()
            }
            (Problem::ProlongLimit { limit }, Lang::Ru) => {
                format!("Продлевать займы можно не более {limit} раз в год — этот лимит исчерпан")
            }
            (Problem::ProlongLimit { limit }, Lang::En) => {
                format!(
                    "Loans can be prolonged at most {limit} times a year; that limit is reached"
                )
            }
            (Problem::ProlongNotSingle, Lang::Ru) => {
                "Заём с платежами по графику не продлевается".into()
            }
            (Problem::ProlongNotSingle, Lang::En) => {
                "An installment loan cannot be prolonged".into()
            }
            (Problem::LoanRepaid, Lang::Ru) => "Заём погашен — платить больше нечего".into(),
            (Problem::LoanRepaid, Lang::En) => "The loan is repaid; nothing is owed".into(),
            (Problem::DueChanged, Lang::Ru) => {
                "Сумма к оплате изменилась — проверьте её ещё раз".into()
            }
            (Problem::DueChanged, Lang::En) => "The amount due has changed; check it again".into(),
            (Problem::NoLoanFound, Lang::Ru) => {
                "Не нашли займа к оплате по этому телефону и фамилии".into()
            }
            (Problem::NoLoanFound, Lang::En) => {
                "No loan to pay was found for this phone and surname".into()
            }
            (Problem::AlreadyPaidOut, Lang::Ru) => {
                "Деньги уже отправлены — от займа можно отказаться, вернув его досрочно".into()
            }
            (Problem::AlreadyPaidOut, Lang::En) => {
                "The money has been sent; to refuse the loan, repay it early".into()
            }
            (Problem::DocumentChanged, Lang::Ru) => {
                "Условия изменились после отправки кода — запросите новый код".into()
            }
            (Problem::DocumentChanged, Lang::En) => {
                "The terms changed after the code was sent; ask for a new code".into()
            }
            (Problem::TermOffStep { step }, Lang::Ru) => {
                format!("Срок должен быть кратен {step} дням")
            }
            (Problem::TermOffStep { step }, Lang::En) => {
                format!("The term must be a multiple of {step} days")
            }
        }
    }
}
