//! A loan application's steps (PRODUCT.md J2 steps 5–10), in the order the wizard takes them.
//! The server keeps the first step not yet done, so any device resumes there.

use serde::{Deserialize, Serialize};

super::coded! {
    /// Where an application is: filled in, signed and being decided, decided, or refused by the
    /// borrower, or paid out.
    pub enum ApplicationStatus {
        Draft = "draft",
        /// Signed; the decision is being made.
        Submitted = "submitted",
        Approved = "approved",
        /// Sent to an underwriter.
        Review = "review",
        Declined = "declined",
        /// The borrower refused the loan during its cooling-off period.
        Refused = "refused",
        PaidOut = "paid_out",
    }
}

impl ApplicationStatus {
    /// Declined or refused: nothing more will happen to it, and a new one may start.
    pub fn closed(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Declined | ApplicationStatus::Refused
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Questionnaire,
    Payout,
    Identity,
    AddOns,
    Terms,
    Decision,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Questionnaire,
        Step::Payout,
        Step::Identity,
        Step::AddOns,
        Step::Terms,
        Step::Decision,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Questionnaire => "questionnaire",
            Step::Payout => "payout",
            Step::Identity => "identity",
            Step::AddOns => "add_ons",
            Step::Terms => "terms",
            Step::Decision => "decision",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The step after this one (the decision is the last).
    pub fn next(self) -> Step {
        Step::ALL
            .into_iter()
            .find(|s| *s > self)
            .unwrap_or(Step::Decision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_in_order_and_read_back_from_their_codes() {
        assert_eq!(Step::Questionnaire.next(), Step::Payout);
        assert_eq!(Step::Terms.next(), Step::Decision);
        assert_eq!(Step::Decision.next(), Step::Decision);
        for step in Step::ALL {
            assert_eq!(Step::from_code(step.code()), Some(step));
        }
        assert_eq!(Step::from_code("payday"), None);
    }
}
