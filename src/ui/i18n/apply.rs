//! The words of the loan application wizard (`/apply`) in Russian and English.

use super::use_lang;
use crate::domain::application::Step;
use crate::domain::lang::Lang;
use crate::domain::questionnaire::{Employment, Family};

pub struct ApplyTexts {
    pub title: &'static str,
    pub steps: [&'static str; 6],
    pub your_loan: &'static str,
    pub no_application: &'static str,
    pub to_calculator: &'static str,
    pub questionnaire_title: &'static str,
    pub about_you: &'static str,
    pub birth_date: &'static str,
    pub birth_place: &'static str,
    pub passport: &'static str,
    pub passport_series: &'static str,
    pub passport_number: &'static str,
    pub passport_issued_on: &'static str,
    pub passport_issuer: &'static str,
    pub division_code: &'static str,
    pub snils: &'static str,
    pub inn: &'static str,
    pub inn_hint: &'static str,
    pub addresses: &'static str,
    pub registration_address: &'static str,
    pub residence_same: &'static str,
    pub residence_address: &'static str,
    pub work: &'static str,
    pub employment: &'static str,
    pub employer: &'static str,
    pub position: &'static str,
    pub monthly_income: &'static str,
    pub family_legend: &'static str,
    pub family: &'static str,
    pub dependents: &'static str,
    pub monthly_obligations: &'static str,
    pub obligations_hint: &'static str,
    pub choose: &'static str,
    pub save_and_continue: &'static str,
    pub saved: &'static str,
    pub edit: &'static str,
    pub next_soon: &'static str,
    pub encrypted_note: &'static str,
    pub payout_title: &'static str,
    pub payout_lead: &'static str,
    pub bind_card: &'static str,
    pub bind_other: &'static str,
    pub binding_waiting: &'static str,
    pub card_bound: &'static str,
    pub identity_soon: &'static str,
    pub employment_names: [&'static str; 6],
    pub family_names: [&'static str; 5],
}

pub const RU: ApplyTexts = ApplyTexts {
    title: "Заявка на заём",
    steps: [
        "Анкета",
        "Карта",
        "Селфи с паспортом",
        "Услуги",
        "Условия",
        "Решение",
    ],
    your_loan: "Ваш заём",
    no_application: "Вы ещё не выбрали заём.",
    to_calculator: "К калькулятору",
    questionnaire_title: "Анкета",
    about_you: "О вас",
    birth_date: "Дата рождения",
    birth_place: "Место рождения",
    passport: "Паспорт",
    passport_series: "Серия",
    passport_number: "Номер",
    passport_issued_on: "Дата выдачи",
    passport_issuer: "Кем выдан",
    division_code: "Код подразделения",
    snils: "СНИЛС",
    inn: "ИНН",
    inn_hint: "Необязательно; 12 цифр",
    addresses: "Адреса",
    registration_address: "Адрес регистрации",
    residence_same: "Живу по адресу регистрации",
    residence_address: "Адрес проживания",
    work: "Работа и доход",
    employment: "Занятость",
    employer: "Работодатель",
    position: "Должность",
    monthly_income: "Доход в месяц, ₽",
    family_legend: "Семья и расходы",
    family: "Семейное положение",
    dependents: "Иждивенцев",
    monthly_obligations: "Платежи по кредитам в месяц, ₽",
    obligations_hint: "0, если кредитов нет",
    choose: "Выберите…",
    save_and_continue: "Сохранить и продолжить",
    saved: "Анкета сохранена.",
    edit: "Изменить анкету",
    next_soon: "Следующий шаг — привязка карты для получения денег — откроется в ближайшем выпуске.",
    encrypted_note: "Паспорт, СНИЛС и ИНН хранятся в зашифрованном виде.",
    payout_title: "Карта для получения денег",
    payout_lead: "Номер карты вводится на странице платёжного шлюза и к нам не попадает. Для проверки спишем и сразу вернём 10 ₽. Карта должна быть оформлена на вас.",
    bind_card: "Привязать карту",
    bind_other: "Привязать другую карту",
    binding_waiting: "Ждём ответа банка…",
    card_bound: "Карта привязана:",
    identity_soon: "Следующий шаг — селфи с паспортом — откроется в ближайшем выпуске.",
    employment_names: [
        "Работаю по найму",
        "Самозанятый",
        "Индивидуальный предприниматель",
        "Пенсионер",
        "Студент",
        "Не работаю",
    ],
    family_names: [
        "Не женат / не замужем",
        "Женат / замужем",
        "Гражданский брак",
        "Разведён / разведена",
        "Вдовец / вдова",
    ],
};

pub const EN: ApplyTexts = ApplyTexts {
    title: "Loan application",
    steps: [
        "Questionnaire",
        "Card",
        "Selfie with passport",
        "Services",
        "Terms",
        "Decision",
    ],
    your_loan: "Your loan",
    no_application: "You have not chosen a loan yet.",
    to_calculator: "To the calculator",
    questionnaire_title: "Questionnaire",
    about_you: "About you",
    birth_date: "Date of birth",
    birth_place: "Place of birth",
    passport: "Passport",
    passport_series: "Series",
    passport_number: "Number",
    passport_issued_on: "Date of issue",
    passport_issuer: "Issued by",
    division_code: "Division code",
    snils: "SNILS",
    inn: "INN",
    inn_hint: "Optional; 12 digits",
    addresses: "Addresses",
    registration_address: "Registration address",
    residence_same: "I live at my registration address",
    residence_address: "Residence address",
    work: "Work and income",
    employment: "Employment",
    employer: "Employer",
    position: "Position",
    monthly_income: "Monthly income, ₽",
    family_legend: "Family and expenses",
    family: "Family status",
    dependents: "Dependents",
    monthly_obligations: "Monthly loan payments, ₽",
    obligations_hint: "0 if you have no loans",
    choose: "Choose…",
    save_and_continue: "Save and continue",
    saved: "Questionnaire saved.",
    edit: "Edit the questionnaire",
    next_soon: "The next step, linking a card to receive the money, opens in the next release.",
    encrypted_note: "Your passport, SNILS and INN are stored encrypted.",
    payout_title: "Card to receive the money",
    payout_lead: "You type the card number on the payment gateway's page; it never reaches us. To check the card we charge 10 ₽ and refund it at once. The card must be in your name.",
    bind_card: "Link a card",
    bind_other: "Link another card",
    binding_waiting: "Waiting for the bank…",
    card_bound: "Card linked:",
    identity_soon: "The next step, a selfie with your passport, opens in the next release.",
    employment_names: [
        "Employed",
        "Self-employed",
        "Sole proprietor",
        "Pensioner",
        "Student",
        "Not working",
    ],
    family_names: ["Single", "Married", "Civil union", "Divorced", "Widowed"],
};

impl ApplyTexts {
    pub fn step(&self, step: Step) -> &'static str {
        let index = Step::ALL.iter().position(|s| *s == step).unwrap_or(0);
        self.steps[index]
    }

    pub fn employment_name(&self, e: Employment) -> &'static str {
        let index = Employment::ALL.iter().position(|x| *x == e).unwrap_or(0);
        self.employment_names[index]
    }

    pub fn family_name(&self, f: Family) -> &'static str {
        let index = Family::ALL.iter().position(|x| *x == f).unwrap_or(0);
        self.family_names[index]
    }
}

pub fn use_apply_texts() -> &'static ApplyTexts {
    match use_lang() {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
