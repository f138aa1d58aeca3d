//! The questionnaire of a loan application (PRODUCT.md J2 step 5, rules of §5): date and place
//! of birth, passport, SNILS, INN (optional), addresses, employment and income, family,
//! obligations. One parse for the browser and the server; every refused field is named.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::documents::{DivisionCode, Inn, PassportNumber, Snils, check_issue_date};
use super::eligibility::{MAX_AGE, MIN_AGE, age_on};
use super::money::Money;
use super::problem::{FieldProblem, Problem};

/// Free text of a form (a place, an issuer, an address, an employer): trimmed, runs of spaces
/// made one, at most `max` characters, no control characters.
pub fn text(value: &str, max: usize) -> Result<String, Problem> {
    let text = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(Problem::Required);
    }
    if text.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    if text.chars().any(char::is_control) {
        return Err(Problem::NotText);
    }
    Ok(text)
}

/// A date as a date field sends it (2026-11-24) or as people type it (24.11.2026).
pub fn date(value: &str) -> Result<NaiveDate, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .map_err(|_| Problem::NotADate)
}

/// At most 10 million ₽ a month, never negative.
fn monthly_amount(value: &str) -> Result<Money, Problem> {
    if value.trim().is_empty() {
        return Err(Problem::Required);
    }
    let max = Money::from_roubles(10_000_000);
    match Money::parse(value) {
        Some(m) if m <= max => Ok(m),
        Some(_) => Err(Problem::AmountOutOfRange {
            min: Money::default(),
            max,
        }),
        None => Err(Problem::NotAnAmount),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Employed,
    SelfEmployed,
    Entrepreneur,
    Pensioner,
    Student,
    NotWorking,
}

impl Employment {
    pub const ALL: [Employment; 6] = [
        Employment::Employed,
        Employment::SelfEmployed,
        Employment::Entrepreneur,
        Employment::Pensioner,
        Employment::Student,
        Employment::NotWorking,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Employment::Employed => "employed",
            Employment::SelfEmployed => "self_employed",
            Employment::Entrepreneur => "entrepreneur",
            Employment::Pensioner => "pensioner",
            Employment::Student => "student",
            Employment::NotWorking => "not_working",
        }
    }

    pub fn from_code(code: &str) -> Option<Employment> {
        Employment::ALL.into_iter().find(|e| e.code() == code)
    }

    /// Whether the employer and position are asked for.
    pub fn has_employer(self) -> bool {
        matches!(self, Employment::Employed)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Single,
    Married,
    CivilUnion,
    Divorced,
    Widowed,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Single,
        Family::Married,
        Family::CivilUnion,
        Family::Divorced,
        Family::Widowed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Family::Single => "single",
            Family::Married => "married",
            Family::CivilUnion => "civil_union",
            Family::Divorced => "divorced",
            Family::Widowed => "widowed",
        }
    }

    pub fn from_code(code: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.code() == code)
    }
}

pub const MAX_DEPENDENTS: u32 = 10;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub birth_date: NaiveDate,
    pub birth_place: String,
    pub passport: PassportNumber,
    pub passport_issued_on: NaiveDate,
    pub passport_issuer: String,
    pub division_code: DivisionCode,
    pub snils: Snils,
    pub inn: Option<Inn>,
    pub registration_address: String,
    /// `None`: the borrower lives at the registration address.
    pub residence_address: Option<String>,
    pub employment: Employment,
    pub employer: Option<String>,
    pub position: Option<String>,
    pub monthly_income: Money,
    pub family: Family,
    pub dependents: u32,
    pub monthly_obligations: Money,
}

/// Every field of the questionnaire: a form's message for a refusal that names none of them.
pub const FIELD_NAMES: &[&str] = &[
    "birth_date",
    "birth_place",
    "passport_series",
    "passport_number",
    "passport_issued_on",
    "passport_issuer",
    "division_code",
    "snils",
    "inn",
    "registration_address",
    "residence_address",
    "employment",
    "employer",
    "position",
    "monthly_income",
    "family",
    "dependents",
    "monthly_obligations",
];

/// The form's fields as typed; names are the form's and the messages' field names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionnaireFields {
    pub birth_date: String,
    pub birth_place: String,
    pub passport_series: String,
    pub passport_number: String,
    pub passport_issued_on: String,
    pub passport_issuer: String,
    pub division_code: String,
    pub snils: String,
    pub inn: String,
    pub registration_address: String,
    /// Ticked: the residence address is the registration address.
    pub residence_same: Option<String>,
    pub residence_address: String,
    pub employment: String,
    pub employer: String,
    pub position: String,
    pub monthly_income: String,
    pub family: String,
    pub dependents: String,
    pub monthly_obligations: String,
}

struct Problems(Vec<FieldProblem>);

impl Problems {
    fn take<T>(&mut self, name: &str, parsed: Result<T, Problem>) -> Option<T> {
        parsed
            .map_err(|problem| self.0.push(FieldProblem::new(name, problem)))
            .ok()
    }
}

impl Questionnaire {
    /// Checks every field against the rules on `today` (the application's date).
    pub fn parse(
        f: &QuestionnaireFields,
        today: NaiveDate,
    ) -> Result<Questionnaire, Vec<FieldProblem>> {
        let mut p = Problems(Vec::new());
        let birth_date = p.take(
            "birth_date",
            date(&f.birth_date).and_then(|birth| {
                let age = if birth > today {
                    0
                } else {
                    age_on(birth, today)
                };
                if (MIN_AGE..=MAX_AGE).contains(&age) {
                    Ok(birth)
                } else {
                    Err(Problem::AgeOutOfRange {
                        min: MIN_AGE,
                        max: MAX_AGE,
                    })
                }
            }),
        );
        let birth_place = p.take("birth_place", text(&f.birth_place, 200));
        let passport = match PassportNumber::parse(&f.passport_series, &f.passport_number) {
            Ok(passport) => Some(passport),
            Err((field, problem)) => p.take::<PassportNumber>(field, Err(problem)),
        };
        let issued = p.take(
            "passport_issued_on",
            date(&f.passport_issued_on).and_then(|issued| match birth_date {
                Some(birth) => check_issue_date(issued, birth, today).map(|()| issued),
                None if issued > today => Err(Problem::IssuedInFuture),
                None => Ok(issued),
            }),
        );
        let issuer = p.take("passport_issuer", text(&f.passport_issuer, 200));
        let division_code = p.take("division_code", DivisionCode::parse(&f.division_code));
        let snils = p.take("snils", Snils::parse(&f.snils));
        let inn = match f.inn.trim() {
            "" => Some(None),
            typed => p.take("inn", Inn::parse(typed)).map(Some),
        };
        let registration = p.take("registration_address", text(&f.registration_address, 300));
        let residence = if f.residence_same.is_some() {
            Some(None)
        } else {
            p.take("residence_address", text(&f.residence_address, 300))
                .map(Some)
        };
        let employment = p.take(
            "employment",
            Employment::from_code(&f.employment).ok_or(Problem::ChooseOne),
        );
        let (employer, position) = match employment {
            Some(e) if e.has_employer() => (
                p.take("employer", text(&f.employer, 200)).map(Some),
                p.take("position", text(&f.position, 100)).map(Some),
            ),
            _ => (Some(None), Some(None)),
        };
        let income = p.take("monthly_income", monthly_amount(&f.monthly_income));
        let family = p.take(
            "family",
            Family::from_code(&f.family).ok_or(Problem::ChooseOne),
        );
        let dependents = p.take(
            "dependents",
            match f.dependents.trim() {
                "" => Ok(0),
                typed => match typed.parse::<u32>() {
                    Ok(n) if n <= MAX_DEPENDENTS => Ok(n),
                    Ok(_) => Err(Problem::NumberOutOfRange {
                        min: 0,
                        max: MAX_DEPENDENTS,
                    }),
                    Err(_) => Err(Problem::NotAWholeNumber),
                },
            },
        );
        let obligations = p.take(
            "monthly_obligations",
            monthly_amount(&f.monthly_obligations),
        );
        match (
            birth_date,
            birth_place,
            passport,
            issued,
            issuer,
            division_code,
            snils,
            inn,
            registration,
            residence,
            employment,
            employer,
            position,
            income,
            family,
            dependents,
            obligations,
        ) {
            (
                Some(birth_date),
                Some(birth_place),
                Some(passport),
                Some(passport_issued_on),
                Some(passport_issuer),
                Some(division_code),
                Some(snils),
                Some(inn),
                Some(registration_address),
                Some(residence_address),
                Some(employment),
                Some(employer),
                Some(position),
                Some(monthly_income),
                Some(family),
                Some(dependents),
                Some(monthly_obligations),
            ) if p.0.is_empty() => Ok(Questionnaire {
                birth_date,
                birth_place,
                passport,
                passport_issued_on,
                passport_issuer,
                division_code,
                snils,
                inn,
                registration_address,
                residence_address,
                employment,
                employer,
                position,
                monthly_income,
                family,
                dependents,
                monthly_obligations,
            }),
            _ => Err(p.0),
        }
    }

    /// The fields that would parse back into this questionnaire (to show it again, pre-filled).
    pub fn fields(&self) -> QuestionnaireFields {
        let (series, number) = self.passport.parts();
        QuestionnaireFields {
            birth_date: self.birth_date.to_string(),
            birth_place: self.birth_place.clone(),
            passport_series: series.to_owned(),
            passport_number: number.to_owned(),
            passport_issued_on: self.passport_issued_on.to_string(),
            passport_issuer: self.passport_issuer.clone(),
            division_code: self.division_code.clone().into(),
            snils: self.snils.display(),
            inn: self.inn.clone().map(String::from).unwrap_or_default(),
            registration_address: self.registration_address.clone(),
            residence_same: self.residence_address.is_none().then(|| "on".into()),
            residence_address: self.residence_address.clone().unwrap_or_default(),
            employment: self.employment.code().into(),
            employer: self.employer.clone().unwrap_or_default(),
            position: self.position.clone().unwrap_or_default(),
            monthly_income: self.monthly_income.kopecks().div_euclid(100).to_string(),
            family: self.family.code().into(),
            dependents: self.dependents.to_string(),
            monthly_obligations: self
                .monthly_obligations
                .kopecks()
                .div_euclid(100)
                .to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn an_empty_form_is_refused_only_by_fields_the_form_has() {
        let problems = Questionnaire::parse(&QuestionnaireFields::default(), day(2026, 12, 7))
            .expect_err("empty");
        assert!(!problems.is_empty());
        for p in problems {
            assert!(FIELD_NAMES.contains(&p.field.as_str()), "{}", p.field);
        }
    }

    pub fn filled() -> QuestionnaireFields {
        QuestionnaireFields {
            birth_date: "1990-05-20".into(),
            birth_place: "г. Пермь".into(),
            passport_series: "57 10".into(),
            passport_number: "123456".into(),
            passport_issued_on: "20.06.2010".into(),
            passport_issuer: "ОУФМС России по Пермскому краю".into(),
            division_code: "590-001".into(),
            snils: "112-233-445 95".into(),
            inn: "".into(),
            registration_address: "г. Пермь, ул. Ленина, д. 1, кв. 2".into(),
            residence_same: Some("on".into()),
            residence_address: "".into(),
            employment: "employed".into(),
            employer: "ООО «Ромашка»".into(),
            position: "бухгалтер".into(),
            monthly_income: "55000".into(),
            family: "married".into(),
            dependents: "1".into(),
            monthly_obligations: "5000".into(),
        }
    }

    fn fields_of(problems: Vec<FieldProblem>) -> Vec<(String, Problem)> {
        problems.into_iter().map(|p| (p.field, p.problem)).collect()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 24);

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn a_complete_questionnaire_parses_and_shows_again_as_typed() {
        let q = Questionnaire::parse(&filled(), today()).expect("valid");
        assert_eq!(q.passport.as_key(), "5710 123456");
        assert_eq!(q.residence_address, None);
        assert_eq!(q.monthly_income, Money::from_roubles(55_000));
        assert_eq!(Questionnaire::parse(&q.fields(), today()), Ok(q));
    }

    #[test]
    fn a_17_year_old_is_refused_at_the_birth_date() {
        let mut f = filled();
        f.birth_date = "2009-11-25".into(); // 18 tomorrow
        f.passport_issued_on = "2024-01-10".into();
        assert_eq!(
            fields_of(Questionnaire::parse(&f, today()).expect_err("too young")),
            [(
                "birth_date".into(),
                Problem::AgeOutOfRange { min: 18, max: 75 }
            )]
        );
        f.birth_date = "2008-11-24".into(); // 18 today
        assert!(Questionnaire::parse(&f, today()).is_ok());
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let mut f = filled();
        f.passport_issued_on = "2003-01-01".into(); // at 12
        f.snils = "112-233-445 96".into();
        f.inn = "500100732258".into();
        f.division_code = "59-001".into();
        f.employment = "astronaut".into();
        f.residence_same = None;
        let problems = fields_of(Questionnaire::parse(&f, today()).expect_err("invalid"));
        assert_eq!(
            problems,
            [
                ("passport_issued_on".into(), Problem::IssuedBefore14),
                ("division_code".into(), Problem::NotADivisionCode),
                ("snils".into(), Problem::SnilsCheck),
                ("inn".into(), Problem::InnCheck),
                ("residence_address".into(), Problem::Required),
                ("employment".into(), Problem::ChooseOne),
            ]
        );
    }

    #[test]
    fn the_employer_is_asked_only_of_the_employed() {
        let mut f = filled();
        f.employment = "pensioner".into();
        f.employer = String::new();
        f.position = String::new();
        let q = Questionnaire::parse(&f, today()).expect("valid");
        assert_eq!((q.employer, q.position), (None, None));
        f.employment = "employed".into();
        let problems = fields_of(Questionnaire::parse(&f, today()).expect_err("no employer"));
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn dates_are_read_as_a_date_field_or_a_person_writes_them() {
        assert_eq!(date("2026-11-24"), Ok(today()));
        assert_eq!(date("24.11.2026"), Ok(today()));
        assert_eq!(date("24/11/2026"), Err(Problem::NotADate));
        assert_eq!(text("  г.  Пермь ", 10), Ok("г. Пермь".into()));
        assert_eq!(text("a\u{7}b", 10), Err(Problem::NotText));
    }
}
