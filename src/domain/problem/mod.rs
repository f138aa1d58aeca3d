//! What can be wrong with a value a person typed, and how to say so in their language.
//! A problem names the field it belongs to; it never carries the rejected value itself.

use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::money::Money;

/// Why one field was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    NotAnAmount,
    NotAWholeNumber,
    NotADate,
    /// No legal parameters are in force on that date.
    DateNotCovered,
    UnknownProduct,
    AmountOutOfRange {
        min: Money,
        max: Money,
    },
    AmountOffStep {
        step: Money,
    },
    TermOutOfRange {
        min: u32,
        max: u32,
    },
    TermOffStep {
        step: u32,
    },
    TooLong {
        max: usize,
    },
    NotAPhone,
    NotAMobilePhone,
    NotAnEmail,
    NotAName,
    LatinInName,
    PasswordLength {
        min: usize,
        max: usize,
    },
    PasswordIsPhone,
    PasswordsDiffer,
    CommonPassword,
    ConsentRequired,
    CodeWrong {
        attempts_left: i64,
    },
    CodeExpired,
    CodeUsedUp,
    SignUpExpired,
    /// The password re-entered to confirm a change is not the account's.
    WrongPassword,
    /// The new phone already logs in to another account.
    PhoneTaken,
    /// The new phone is the one the account already has.
    SamePhone,
    /// An email link that is unknown, used or expired.
    LinkExpired,
    /// Neither a phone nor an email.
    NotAPhoneOrEmail,
    NotASnils,
    SnilsCheck,
    NotAnInn,
    InnCheck,
    NotAPassportSeries,
    NotAPassportNumber,
    NotADivisionCode,
    IssuedBefore14,
    IssuedInFuture,
    AgeOutOfRange {
        min: u32,
        max: u32,
    },
    NotText,
    ChooseOne,
    NumberOutOfRange {
        min: u32,
        max: u32,
    },
    /// The credit bureaus hold a self-ban on loans for this passport.
    SelfBan,
    NotACardNumber,
    CardNumberCheck,
    NotAnExpiry,
    CardExpired,
    /// An upload larger than the cap, in megabytes.
    FileTooBig {
        max_mb: u32,
    },
    /// An upload that is not a JPEG, PNG or WebP picture (by its content, whatever its name).
    NotAnImage,
    /// A picture with more pixels than the server decodes (a camera's photo is far below).
    PictureTooLarge {
        max_megapixels: u32,
    },
    /// A step asked for before the steps it needs are done.
    StepNotReached,
    /// ПДН above 50 %: the warning must be acknowledged before signing.
    DebtLoadNotAcknowledged,
    /// The document changed since the code was sent (another amount, another add-on).
    DocumentChanged,
    /// The loan can no longer be refused: the money has gone out.
    AlreadyPaidOut,
    NotABik,
    NotAnAccountNumber,
    /// The account number's control key does not fit the BIK.
    AccountKeyMismatch,
    /// This lender identifies borrowers biometrically: no selfie.
    BiometricRequired,
    /// The identity provider identified someone else.
    IdentityMismatch,
    /// The identification was refused or not completed.
    IdentityDenied,
    /// A payment above everything owed today.
    AboveDebt {
        debt: Money,
    },
    /// The payment's key was used for a payment with other details (another amount or card).
    KeyReused,
    /// The card declined the charge (or had too little money).
    CardDeclined,
    /// Other payments already in flight cover the debt: this one was not charged.
    DebtCovered,
    /// Prolongation: the due date has passed.
    ProlongAfterDue,
    /// Prolongation: not before the day after payout.
    ProlongTooEarly,
    /// Prolongation: the yearly limit is reached.
    ProlongLimit {
        limit: u32,
    },
    /// Prolongation: installment loans are not prolonged.
    ProlongNotSingle,
    /// The loan is repaid: nothing is owed.
    LoanRepaid,
    /// Quick payment: no loan with this phone and surname (said the same for any reason).
    NoLoanFound,
    /// Quick payment: the amount due changed since it was shown (a day passed, a payment came).
    DueChanged,
}

/// In Russian, the default language (what serde and logs show).
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Ru))
    }
}

/// A problem with the field it belongs to, as the form names that field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: &str, problem: Problem) -> Self {
        FieldProblem {
            field: field.to_owned(),
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_problem_names_the_range_in_russian() {
        let p = Problem::AmountOutOfRange {
            min: Money::from_roubles(1_000),
            max: Money::from_roubles(30_000),
        };
        assert_eq!(
            p.message(Lang::Ru),
            "Сумма — от 1\u{a0}000,00\u{a0}₽ до 30\u{a0}000,00\u{a0}₽"
        );
        assert!(p.message(Lang::En).starts_with("The amount is"));
    }
}
