//! The sign-up form (PRODUCT.md J2 steps 2–3): contacts, password typed twice, four consents.
//! Parsed whole, so the borrower sees every problem at once, each at its field.

use serde::{Deserialize, Serialize};

use super::email::Email;
use super::password::Password;
use super::person::Name;
use super::phone::Phone;
use super::problem::{FieldProblem, Problem};

/// The versions of the documents a consent is given to; a new version asks again.
pub const CONSENT_VERSION: &str = "2026-11";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Consent {
    /// Processing of personal data (required).
    PersonalData,
    /// Queries to the credit bureaus (required).
    CreditBureau,
    /// The simple electronic signature agreement (required).
    ElectronicSignature,
    /// Marketing messages (optional, never a condition).
    Marketing,
}

impl Consent {
    pub fn code(self) -> &'static str {
        match self {
            Consent::PersonalData => "personal_data",
            Consent::CreditBureau => "credit_bureau",
            Consent::ElectronicSignature => "electronic_signature",
            Consent::Marketing => "marketing",
        }
    }

    pub fn required(self) -> bool {
        self != Consent::Marketing
    }
}

crate::domain::coded! {
    /// How far a browser's sign-up has got: the step a reload goes on at.
    pub enum SignUpStep {
        Contacts = "contacts",
        Password = "password",
        /// The SMS code was sent.
        Code = "code",
    }
}

/// The name details kept with a sign-up until its phone is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contacts {
    pub surname: Name,
    pub first_name: Name,
    pub patronymic: Option<Name>,
    pub phone: Phone,
    pub email: Email,
    pub consents: Vec<Consent>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignUp {
    pub contacts: Contacts,
    pub password: Password,
}

/// The form's fields as sent; a ticked checkbox sends any value, an unticked one nothing.
#[derive(Clone, Debug, Default)]
pub struct SignUpFields<'a> {
    pub surname: &'a str,
    pub first_name: &'a str,
    pub patronymic: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub password_repeat: &'a str,
    pub ticked: &'a [Consent],
}

/// The parsed value, or `None` with its problem recorded under `name`.
fn field<T>(problems: &mut Vec<FieldProblem>, name: &str, parsed: Result<T, Problem>) -> Option<T> {
    parsed
        .map_err(|problem| problems.push(FieldProblem::new(name, problem)))
        .ok()
}

impl SignUp {
    pub fn parse(f: &SignUpFields) -> Result<SignUp, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let surname = field(p, "surname", Name::parse(f.surname));
        let first_name = field(p, "first_name", Name::parse(f.first_name));
        let patronymic = match f.patronymic.trim() {
            "" => Some(None),
            text => field(p, "patronymic", Name::parse(text)).map(Some),
        };
        let phone = field(p, "phone", Phone::parse(f.phone));
        let email = field(p, "email", Email::parse(f.email));
        let password = field(
            p,
            "password",
            Password::parse(f.password, f.password_repeat, phone.as_ref()),
        );
        for consent in [
            Consent::PersonalData,
            Consent::CreditBureau,
            Consent::ElectronicSignature,
        ] {
            if !f.ticked.contains(&consent) {
                p.push(FieldProblem::new(consent.code(), Problem::ConsentRequired));
            }
        }
        match (surname, first_name, patronymic, phone, email, password) {
            (
                Some(surname),
                Some(first_name),
                Some(patronymic),
                Some(phone),
                Some(email),
                Some(password),
            ) if problems.is_empty() => {
                let consents = f.ticked.to_vec();
                Ok(SignUp {
                    contacts: Contacts {
                        surname,
                        first_name,
                        patronymic,
                        phone,
                        email,
                        consents,
                    },
                    password,
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: [Consent; 3] = [
        Consent::PersonalData,
        Consent::CreditBureau,
        Consent::ElectronicSignature,
    ];

    fn fields() -> SignUpFields<'static> {
        SignUpFields {
            surname: "Иванов",
            first_name: "Иван",
            patronymic: "",
            phone: "8 912 345-67-89",
            email: "ivan@mail.ru",
            password: "длинный пароль",
            password_repeat: "длинный пароль",
            ticked: &REQUIRED,
        }
    }

    #[test]
    fn a_complete_form_is_a_sign_up() {
        let s = SignUp::parse(&fields()).expect("valid");
        assert_eq!(s.contacts.phone.as_e164(), "+79123456789");
        assert_eq!(s.contacts.patronymic, None);
        assert!(
            !s.contacts.consents.contains(&Consent::Marketing),
            "marketing stays unticked"
        );
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let f = SignUpFields {
            surname: "Ivanov",
            phone: "123",
            email: "x",
            ticked: &[],
            ..fields()
        };
        let problems = SignUp::parse(&f).expect_err("invalid");
        let named: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            named,
            [
                "surname",
                "phone",
                "email",
                "personal_data",
                "credit_bureau",
                "electronic_signature"
            ]
        );
    }

    #[test]
    fn marketing_is_never_required() {
        let all = [
            Consent::PersonalData,
            Consent::CreditBureau,
            Consent::ElectronicSignature,
            Consent::Marketing,
        ];
        let f = SignUpFields {
            ticked: &all,
            ..fields()
        };
        assert!(
            SignUp::parse(&f)
                .expect("valid")
                .contacts
                .consents
                .contains(&Consent::Marketing)
        );
        assert!(SignUp::parse(&fields()).is_ok());
    }
}
