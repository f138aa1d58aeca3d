//! `kabinet rotate-key` (issue 16, item 12): re-seals every sealed value under the current
//! master key. Run it with the new key in `KABINET_SECRET_KEY` and the old one in
//! `KABINET_PREVIOUS_SECRET_KEYS`; once it reports nothing left, the old key can be dropped.
//! Values of the first format are re-sealed in the current one (a questionnaire then bound to
//! its version too). Safe to run while kabinet serves, and again: a row already current is
//! left, and a row changed meanwhile is not overwritten.

use crate::server::db::Db;
use crate::server::store::sealed;
use crate::server::vault::Vault;

/// What a rotation did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rotated {
    pub questionnaires: usize,
    pub selfies: usize,
    /// Rows already sealed under the current key.
    pub current: usize,
}

pub async fn rotate(db: &Db, vault: &Vault) -> anyhow::Result<Rotated> {
    let mut done = Rotated::default();
    for row in sealed::questionnaires(db).await? {
        if vault.is_current(&row.sealed) {
            done.current += 1;
            continue;
        }
        let plain = super::applications::open_questionnaire(
            vault,
            &row.account_id,
            row.version,
            &row.sealed,
        )
        .map_err(|e| {
            anyhow::anyhow!(
                "questionnaire {} of {}: {e}; is its key among KABINET_PREVIOUS_SECRET_KEYS?",
                row.version,
                row.account_id
            )
        })?;
        let context = super::applications::context(&row.account_id, row.version);
        if sealed::reseal_questionnaire(db, &row, &vault.seal(&context, &plain)).await? {
            done.questionnaires += 1;
        }
    }
    for (application_id, was) in sealed::selfies(db).await? {
        if vault.is_current(&was) {
            done.current += 1;
            continue;
        }
        let context = super::signing::selfie_context(&application_id);
        let plain = vault
            .open(&context, &was)
            .map_err(|e| anyhow::anyhow!("the selfie of application {application_id}: {e}"))?;
        if sealed::reseal_selfie(db, &application_id, &was, &vault.seal(&context, &plain)).await? {
            done.selfies += 1;
        }
    }
    Ok(done)
}
