//! The caller's identity, shown in the ops pane header and written to the
//! restore audit log.

use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::operations::Tier;

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[("sts:GetCallerIdentity", Tier::Read)];

/// Result of STS GetCallerIdentity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallerIdentity {
    pub account: String,
    /// ARN of the user or assumed role, such as
    /// `arn:aws:sts::123456789012:assumed-role/Ops/alice`.
    pub arn: String,
    pub user_id: String,
}

impl Fleet {
    /// Returns the identity that the credentials belong to. The first success is cached for the
    /// life of this `Fleet`, and failures are not, so a retry after
    /// `aws sso login` works.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn whoami(&self) -> Result<CallerIdentity, OpsError> {
        let identity = self
            .identity_cell()
            .get_or_try_init(|| async {
                let output = self
                    .call(
                        "sts:GetCallerIdentity",
                        self.clients.sts.get_caller_identity().send(),
                    )
                    .await?;
                Ok::<_, OpsError>(CallerIdentity {
                    account: output.account.unwrap_or_default(),
                    arn: output.arn.unwrap_or_default(),
                    user_id: output.user_id.unwrap_or_default(),
                })
            })
            .await?;
        Ok(identity.clone())
    }
}
