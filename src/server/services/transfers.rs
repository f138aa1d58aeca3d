//! Repayment by bank transfer (PRODUCT.md J5): the lender's requisites, the loan's payment
//! purpose, and the payment QR code of ГОСТ Р 56042-2014 that bank apps scan:
//! `ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|CorrespAcc=…|Sum=<kopecks>|Purpose=…|PayeeINN=…`
//! (`ST0001` and `2`: UTF-8). The purpose names the contract only — no personal data.

use crate::domain::money::Money;
use crate::server::config::Requisites;
use crate::server::error::ServiceError;
use crate::server::state::AppState;

/// What the borrower needs to pay by transfer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub sum: Money,
    pub purpose: String,
    /// The QR code's text.
    pub payload: String,
}

/// The QR code's text. `|` cannot occur in a value: it separates the fields.
pub fn payload(requisites: &Requisites, name: &str, sum: Money, purpose: &str) -> String {
    let clean = |v: &str| v.replace('|', " ");
    format!(
        "ST00012|Name={}|PersonalAcc={}|BankName={}|BIC={}|CorrespAcc={}|Sum={}|Purpose={}|PayeeINN={}",
        clean(name),
        requisites.account,
        clean(&requisites.bank_name),
        requisites.bik,
        requisites.correspondent_account,
        sum.kopecks(),
        clean(purpose),
        requisites.inn,
    )
}

/// The QR code as a PNG (medium error correction, 8 pixels a module, a quiet zone).
pub fn qr_png(payload: &str) -> anyhow::Result<Vec<u8>> {
    let code = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M)?;
    let picture = code
        .render::<image::Luma<u8>>()
        .module_dimensions(8, 8)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

/// The transfer for the borrower's loan: the amount due next (everything when overdue).
pub async fn transfer(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
) -> Result<Transfer, ServiceError> {
    let (loan, _, now) = super::repayments::payable(state, account_id, loan_id).await?;
    let sum = now.next_payment.map_or(now.debt, |p| p.amount);
    let purpose = format!(
        "Погашение займа по договору № {} от {}. НДС не облагается",
        loan.application_id,
        loan.contract.signed_on.format("%d.%m.%Y")
    );
    Ok(Transfer {
        payload: payload(
            &state.config.requisites,
            &state.config.lender_name,
            sum,
            &purpose,
        ),
        sum,
        purpose,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requisites() -> Requisites {
        Requisites {
            account: "40701810900000000001".into(),
            bik: "044525225".into(),
            bank_name: "ПАО Сбербанк".into(),
            correspondent_account: "30101810400000000225".into(),
            inn: "7700000000".into(),
        }
    }

    #[test]
    fn the_payload_has_the_gost_fields_in_order_and_the_sum_in_kopecks() {
        let text = payload(
            &requisites(),
            "ООО МКК «Кабинет»",
            Money::from_kopecks(1_240_050),
            "Погашение займа по договору № 7",
        );
        assert_eq!(
            text,
            "ST00012|Name=ООО МКК «Кабинет»|PersonalAcc=40701810900000000001|BankName=ПАО Сбербанк\
             |BIC=044525225|CorrespAcc=30101810400000000225|Sum=1240050\
             |Purpose=Погашение займа по договору № 7|PayeeINN=7700000000"
        );
    }

    #[test]
    fn a_bar_in_a_value_cannot_add_a_field() {
        let text = payload(
            &requisites(),
            "A|Sum=1",
            Money::from_kopecks(100),
            "x|BIC=1",
        );
        assert_eq!(text.matches("|Sum=").count(), 1);
        assert_eq!(text.matches("|BIC=").count(), 1);
    }

    #[test]
    fn the_qr_code_is_a_png() {
        let png = qr_png("ST00012|Name=x").expect("png");
        assert!(png.starts_with(b"\x89PNG"));
    }
}
