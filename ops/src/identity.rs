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
            .get_or_try_init(|| self.read_identity())
            .await?;
        Ok(identity.clone())
    }

    /// Asks STS again, past the cache of [`Fleet::whoami`]. The checks before a
    /// restore use it: credentials that expired after the pane connected must fail
    /// them, not pass on the identity read at connect time.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn current_identity(&self) -> Result<CallerIdentity, OpsError> {
        self.read_identity().await
    }

    async fn read_identity(&self) -> Result<CallerIdentity, OpsError> {
        let output = self
            .call(
                "sts:GetCallerIdentity",
                self.clients.sts.get_caller_identity().send(),
            )
            .await?;
        Ok(CallerIdentity {
            account: output.account.unwrap_or_default(),
            arn: output.arn.unwrap_or_default(),
            user_id: output.user_id.unwrap_or_default(),
        })
    }
}
