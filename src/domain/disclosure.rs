//! The lender's published documents (the «Документы» page): what a microfinance lender must
//! disclose — its rules and general terms, its registry entry and SRO membership, how it takes
//! complaints — and the text of each consent a borrower gives at sign-up. Each is kept in
//! versions dated from when they apply; the newest version in force is the one shown.

crate::domain::coded! {
    /// Which document.
    pub enum DisclosureCode {
        /// Правила предоставления микрозаймов.
        Rules = "rules",
        /// Общие условия договора потребительского займа.
        GeneralTerms = "general-terms",
        /// Сведения о внесении в государственный реестр микрофинансовых организаций.
        Registry = "registry",
        /// Членство в саморегулируемой организации.
        Sro = "sro",
        /// Порядок рассмотрения обращений получателей финансовых услуг.
        Complaints = "complaints",
        /// Согласие на обработку персональных данных.
        PersonalData = "personal-data",
        /// Согласие на запрос в бюро кредитных историй.
        CreditBureau = "credit-bureau",
        /// Соглашение об использовании простой электронной подписи.
        ElectronicSignature = "electronic-signature",
        /// Согласие на рекламные сообщения.
        Marketing = "marketing",
    }
}

impl DisclosureCode {
    /// The consents a borrower gives at sign-up, by the form's field name.
    pub fn of_consent(field: &str) -> Option<DisclosureCode> {
        match field {
            "consent_personal_data" => Some(DisclosureCode::PersonalData),
            "consent_credit_bureau" => Some(DisclosureCode::CreditBureau),
            "consent_electronic_signature" => Some(DisclosureCode::ElectronicSignature),
            "consent_marketing" => Some(DisclosureCode::Marketing),
            _ => None,
        }
    }

    /// Where the document is read.
    pub fn path(self) -> String {
        format!("/documents/{}", self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_consent_of_the_sign_up_form_has_its_document() {
        for field in [
            "consent_personal_data",
            "consent_credit_bureau",
            "consent_electronic_signature",
            "consent_marketing",
        ] {
            let code = DisclosureCode::of_consent(field).expect(field);
            assert_eq!(DisclosureCode::parse(code.code()), Some(code));
        }
        assert_eq!(DisclosureCode::of_consent("password"), None);
    }
}
