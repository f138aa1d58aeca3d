//! What the account screens and their endpoints exchange: sign-up, login, the profile, resets.
//! Plain data both targets compile; no behaviour beyond (de)serialisation.

use serde::{Deserialize, Serialize};

use crate::domain::signup::SignUpStep;

/// What sign-up's first step answers, the same whether or not the phone has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// "+7 912 ***-**-89"
    pub phone: String,
}

/// The logged-in borrower, as the cabinet's header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub first_name: String,
    pub phone: String,
}

/// One live session, as the profile lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// Names the session for "end it"; not its token.
    pub handle: String,
    pub device: String,
    pub ip: String,
    /// "24.11.2026 19:30", in the lender's time zone.
    pub last_seen: String,
    /// The session this request came through.
    pub current: bool,
}

/// The profile page's account section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub first_name: String,
    pub surname: String,
    /// "+7 912 345-67-89"
    pub phone: String,
    pub email: String,
    pub email_confirmed: bool,
    pub sessions: Vec<SessionView>,
}

/// Where a reset went: an SMS code (the form asks for it next) or an email link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResetSent {
    Sms,
    Email,
}

/// The sign-up form's fields, named as the form sends them; a ticked box sends any value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub phone: String,
    pub email: String,
    pub password: String,
    pub password_repeat: String,
    pub consent_personal_data: Option<String>,
    pub consent_credit_bureau: Option<String>,
    pub consent_electronic_signature: Option<String>,
    pub consent_marketing: Option<String>,
}

/// The contacts of a sign-up as typed (kept for the browser until the account exists).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsTyped {
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub phone: String,
    pub email: String,
}

/// A sign-up this browser started: what it typed and where it stopped, so a reload, Back or
/// another visit goes on from there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpDraft {
    pub contacts: ContactsTyped,
    pub step: SignUpStep,
    /// "+7 912 ***-**-89", once the code was sent.
    pub code_sent_to: Option<String>,
}
