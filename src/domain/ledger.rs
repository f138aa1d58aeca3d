//! The lender's books: the chart of accounts and the lines each operation writes (debit positive,
//! credit negative; the lines of one operation sum to zero). Pure: the store writes them.

use crate::domain::addons::Chosen;
use crate::domain::loan::allocation::Allocation;
use crate::domain::money::Money;

super::coded! {
    /// An account of the chart, stored by its code.
    pub enum Account {
        /// What the borrower owes of the principal.
        Principal = "borrower:principal",
        /// What the borrower owes for add-on services.
        Services = "borrower:services",
        /// Overpayment kept for the borrower, refundable (owed to them).
        Balance = "borrower:balance",
        /// Money through the payment gateway, to be settled with the acquiring bank.
        Gateway = "gateway:settlement",
        /// Interest received (income when received).
        InterestIncome = "income:interest",
        /// Penalties received.
        PenaltyIncome = "income:penalty",
        /// The lender's income from add-on services.
        ServiceIncome = "income:services",
    }
}

/// One ledger line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub account: Account,
    pub amount: Money,
    pub memo: &'static str,
}

impl Line {
    fn debit(account: Account, amount: Money, memo: &'static str) -> Line {
        Line {
            account,
            amount,
            memo,
        }
    }

    fn credit(account: Account, amount: Money, memo: &'static str) -> Line {
        Line::debit(account, Money::ZERO - amount, memo)
    }
}

/// The lines that explain a payout: the principal sent to the borrower, the add-ons owed.
pub fn payout_lines(principal: Money, add_ons: &Chosen) -> Vec<Line> {
    const SENT: &str = "principal paid out to the borrower's card";
    let mut lines = vec![
        Line::debit(Account::Principal, principal, SENT),
        Line::credit(Account::Gateway, principal, SENT),
    ];
    for add_on in add_ons.items() {
        lines.push(Line::debit(
            Account::Services,
            add_on.price(),
            add_on.code(),
        ));
        lines.push(Line::credit(
            Account::ServiceIncome,
            add_on.price(),
            add_on.code(),
        ));
    }
    lines
}

/// The lines of one payment's allocation: the money received against what it paid.
pub fn payment_lines(a: &Allocation) -> Vec<Line> {
    let mut lines = vec![Line::debit(
        Account::Gateway,
        a.amount,
        "payment received from the borrower",
    )];
    for line in [
        Line::credit(Account::Principal, a.principal(), "principal repaid"),
        Line::credit(Account::InterestIncome, a.interest(), "interest paid"),
        Line::credit(Account::PenaltyIncome, a.penalty, "penalty paid"),
        Line::credit(Account::Services, a.fees, "services paid"),
        Line::credit(
            Account::Balance,
            a.overpayment,
            "overpayment kept for the borrower",
        ),
    ] {
        if !line.amount.is_zero() {
            lines.push(line);
        }
    }
    lines
}

/// The lines of an overpayment returned to the borrower through the gateway.
pub fn refund_lines(amount: Money) -> Vec<Line> {
    vec![
        Line::debit(
            Account::Balance,
            amount,
            "overpayment returned to the borrower",
        ),
        Line::credit(Account::Gateway, amount, "refund through the gateway"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_account_reads_back_from_its_code() {
        for account in Account::ALL {
            assert_eq!(Account::parse(account.code()), Some(*account));
        }
        assert_eq!(Account::parse("income:other"), None);
    }

    #[test]
    fn a_payout_with_add_ons_balances() {
        let add_ons = Chosen::parse(&["insurance", "credit_report"]).expect("add-ons");
        let lines = payout_lines(Money::from_kopecks(1_000_000), &add_ons);
        let sum = lines.iter().fold(Money::ZERO, |s, l| s + l.amount);
        assert!(sum.is_zero());
        assert_eq!(lines.len(), 6);
        let services: Vec<_> = lines
            .iter()
            .filter(|l| l.account == Account::Services)
            .collect();
        assert_eq!(services.len(), 2);
        assert_eq!(services[0].amount + services[1].amount, add_ons.total());
    }
}
