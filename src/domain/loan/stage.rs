//! Where a loan is in its life as kabinet keeps it: approved and cooling off, being paid out,
//! active (overdue is computed from its events, not stored), repaid, or refused before payout.

crate::domain::coded! {
    /// A loan's stored stage.
    pub enum LoanStage {
        /// Approved; the law's cooling-off period runs before the payout.
        CoolingOff = "cooling_off",
        /// Due its payout (cooling-off over, or none), being paid out.
        Approved = "approved",
        /// Paid out; the borrower owes it (overdue or not).
        Active = "active",
        /// Owes nothing any more.
        Repaid = "repaid",
        /// Refused by the borrower during the cooling-off period; no money moved.
        Refused = "refused",
    }
}

impl LoanStage {
    /// Whether the money went out: the cabinet shows the loan's dashboard.
    pub fn paid_out(self) -> bool {
        matches!(self, LoanStage::Active | LoanStage::Repaid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_reads_back_from_its_code() {
        for stage in LoanStage::ALL {
            assert_eq!(LoanStage::parse(stage.code()), Some(*stage));
        }
        assert_eq!(LoanStage::parse("overdue"), None);
    }
}
