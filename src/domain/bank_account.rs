//! A card account as the other payout method (PRODUCT.md J2 step 6): the account number and the
//! bank's BIK, checked by the control key of the Bank of Russia's rules (the account's 20 digits
//! preceded by the last three digits of the BIK, weighted 7, 1, 3 in turn: the last digits of
//! the products add up to a multiple of 10). Money sent there arrives in 2–3 working days.

use serde::{Deserialize, Serialize};

use super::problem::Problem;

/// A Russian bank's identification code: 9 digits beginning with 04.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bik(String);

/// An account number: 20 digits whose control key matches its bank's BIK.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub bik: Bik,
    pub number: String,
}

fn digits(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    cleaned
        .chars()
        .all(|c| c.is_ascii_digit())
        .then_some(cleaned)
}

impl Bik {
    pub fn parse(text: &str) -> Result<Bik, Problem> {
        if text.trim().is_empty() {
            return Err(Problem::Required);
        }
        digits(text)
            .filter(|d| d.len() == 9 && d.starts_with("04"))
            .map(Bik)
            .ok_or(Problem::NotABik)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three digits the control key starts from: the bank's number, or for an account at a
    /// Bank of Russia settlement centre (BIK ending in 000–002), "0" and the centre's two digits.
    fn key_prefix(&self) -> String {
        let tail = &self.0[6..];
        if matches!(tail, "000" | "001" | "002") {
            format!("0{}", &self.0[4..6])
        } else {
            tail.to_owned()
        }
    }
}

/// Whether the control key of `account` (20 digits) fits `bik`.
pub fn control_key_fits(bik: &Bik, account: &str) -> bool {
    const WEIGHTS: [u32; 3] = [7, 1, 3];
    let key = bik.key_prefix() + account;
    key.chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| d * WEIGHTS[i % 3] % 10)
        .sum::<u32>()
        .is_multiple_of(10)
}

impl BankAccount {
    /// Checks the BIK, then the account number against it.
    pub fn parse(number: &str, bik: &str) -> Result<BankAccount, Vec<(&'static str, Problem)>> {
        let bik = Bik::parse(bik).map_err(|p| vec![("bik", p)])?;
        if number.trim().is_empty() {
            return Err(vec![("account_number", Problem::Required)]);
        }
        let number = digits(number)
            .filter(|d| d.len() == 20)
            .ok_or_else(|| vec![("account_number", Problem::NotAnAccountNumber)])?;
        if !control_key_fits(&bik, &number) {
            return Err(vec![("account_number", Problem::AccountKeyMismatch)]);
        }
        Ok(BankAccount { bik, number })
    }

    /// "счёт …5982": the last four digits, as statements show them.
    pub fn masked(&self) -> String {
        format!("…{}", &self.number[16..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_fits_its_banks_control_key() {
        let account = BankAccount::parse("40817 810 9 3816 0925982", "044525225").expect("valid");
        assert_eq!(account.number, "40817810938160925982");
        assert_eq!(account.masked(), "…5982");
        // One digit changed: the key no longer fits.
        assert_eq!(
            BankAccount::parse("40817810938160925983", "044525225"),
            Err(vec![("account_number", Problem::AccountKeyMismatch)])
        );
        // The right number at another bank does not fit either.
        assert_eq!(
            BankAccount::parse("40817810938160925982", "044525974"),
            Err(vec![("account_number", Problem::AccountKeyMismatch)])
        );
        assert!(BankAccount::parse("40817810000000012345", "044525974").is_ok());
    }

    #[test]
    fn malformed_numbers_and_biks_are_refused_at_their_field() {
        assert_eq!(Bik::parse(""), Err(Problem::Required));
        assert_eq!(Bik::parse("123456789"), Err(Problem::NotABik));
        assert_eq!(Bik::parse("04452522"), Err(Problem::NotABik));
        assert_eq!(
            BankAccount::parse("4081781093816092598", "044525225"),
            Err(vec![("account_number", Problem::NotAnAccountNumber)])
        );
        assert_eq!(
            BankAccount::parse("", "044525225"),
            Err(vec![("account_number", Problem::Required)])
        );
    }
}
