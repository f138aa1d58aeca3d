//! Where a repayment is in its life: opened, confirmed, at the gateway, credited or failed.
//! Each payment moves forward only (the store's updates say from which status).

super::coded! {
    /// A payment's status, as stored and as the forms follow it.
    pub enum PaymentStatus {
        /// A bound card's payment, waiting for its SMS code.
        AwaitingCode = "awaiting_code",
        /// A hosted page's payment, waiting for the gateway's word.
        AtGateway = "at_gateway",
        /// A bound card's payment whose code came: being charged.
        Confirmed = "confirmed",
        /// Charged and credited to the loan.
        Done = "done",
        /// Refused by the bank (a hosted page's may still be charged later).
        Failed = "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_code_and_serde_writes_the_code() {
        for status in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(status.code()), Some(*status));
            let json = serde_json::to_string(status).expect("json");
            assert_eq!(json, format!("\"{}\"", status.code()));
        }
        assert_eq!(PaymentStatus::parse("paid"), None);
    }
}
