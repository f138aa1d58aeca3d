//! Where a loan's money is paid out: a bound card or a card account.
//! Plain data; the gateway port takes it, the store keeps its code.

/// Where a payout goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A bound card, by the gateway's token.
    Card { token: String },
    /// A card account by number and BIK (a bank transfer: 2–3 working days).
    Account { bik: String, number: String },
}

impl Destination {
    /// One string naming the destination, as a payout record keeps it.
    pub fn code(&self) -> String {
        match self {
            Destination::Card { token } => format!("card:{token}"),
            Destination::Account { bik, number } => format!("account:{bik}:{number}"),
        }
    }
}
