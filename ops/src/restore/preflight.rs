//! The restore preflight: every check that can run before anything changes.

use std::collections::HashMap;

use super::describe::{database_plan, recovery_point_plan, volume_plan};
use super::{PreflightCheck, RestorePlan, RestoreRequest, Sentence, sentence};
use crate::error::{AwsError, ErrorKind, OpsError};
use crate::fleet::Fleet;
use crate::operations::{self, Tier};

/// Instance facts the plan needs.
pub(super) struct Target {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) availability_zone: Option<String>,
}

/// Recovery point facts the plan needs.
pub(super) struct Point {
    pub(super) vault: String,
    pub(super) arn: String,
    pub(super) resource_type: String,
    pub(super) created: Option<String>,
    pub(super) metadata: HashMap<String, String>,
}

impl PreflightCheck {
    pub(super) fn pass(name: Sentence, detail: Sentence) -> Self {
        Self {
            name,
            passed: true,
            detail,
        }
    }

    pub(super) fn fail(name: Sentence, detail: Sentence) -> Self {
        Self {
            name,
            passed: false,
            detail,
        }
    }
}

/// An error that a preflight check reports, and the AWS error inside it, if any.
pub(crate) trait CheckFailure: std::fmt::Display {
    fn aws(&self) -> Option<&AwsError> {
        None
    }

    /// Returns the error as a sentence, when this library wrote it as one.
    fn sentence(&self) -> Option<Sentence> {
        None
    }
}

impl CheckFailure for AwsError {
    fn aws(&self) -> Option<&AwsError> {
        Some(self)
    }
}

impl CheckFailure for OpsError {
    fn aws(&self) -> Option<&AwsError> {
        match self {
            OpsError::Aws(aws) => Some(aws.as_ref()),
            _ => None,
        }
    }

    fn sentence(&self) -> Option<Sentence> {
        match self {
            OpsError::InvalidInput(reason) => Some(
                sentence!(
                    "check-invalid-input",
                    "invalid request: {reason}",
                    reason = reason.text
                )
                .with_part("reason", (**reason).clone()),
            ),
            _ => None,
        }
    }
}

impl CheckFailure for aws_sdk_ssm::error::BuildError {}

/// Builds the detail of a check that an AWS call failed. An AWS error keeps its
/// code, message, action and region as values and names its kind, so an interface
/// can give the advice of [`AwsError::hint`] in its own language. `text` is the
/// English error with that advice.
pub(crate) fn call_failed(error: &impl CheckFailure) -> Sentence {
    let Some(aws) = error.aws() else {
        return error
            .sentence()
            .unwrap_or_else(|| sentence!("check-call-failed", "{error}", error = error));
    };
    let kind = match aws.kind {
        ErrorKind::Throttled => "throttled",
        ErrorKind::ExpiredCredentials => "credentials",
        ErrorKind::AccessDenied => "access-denied",
        ErrorKind::NotFound => "not-found",
        ErrorKind::Endpoint => "endpoint",
        ErrorKind::Other => "other",
    };
    let policy = match operations::tier_of(aws.operation) {
        Some(Tier::Restore) => "deploy/iam/ops-restore.json",
        _ => "deploy/iam/ops-read.json",
    };
    let failed = Sentence::new(
        "check-aws-failed",
        [
            ("code", aws.code.clone()),
            ("message", aws.message.clone()),
            ("kind", kind.to_string()),
            ("action", aws.operation.to_string()),
            ("region", aws.region.clone()),
            ("policy", policy.to_string()),
            ("profile", aws.profile.clone()),
        ],
        aws.to_string(),
    );
    match &aws.sentence {
        Some(message) => failed.with_part("message", (**message).clone()),
        None => failed,
    }
}

impl Fleet {
    /// Runs the preflight for `request` and describes what the restore will do.
    ///
    /// Failed checks are recorded in the plan rather than returned as errors, so
    /// the pane can show all of them; [`RestorePlan::confirm`] rejects a plan with
    /// a failed check. Errors are returned only for invalid input.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn plan_restore(&self, request: RestoreRequest) -> Result<RestorePlan, OpsError> {
        fn enabled() -> Sentence {
            sentence!("check-restores-enabled", "restores enabled")
        }
        let instance_id = request.instance_id();
        if !is_aws_id(instance_id, "i-") {
            return Err(OpsError::InvalidInput(Box::new(sentence!(
                "input-instance-id",
                "instance id {instance} is invalid: expected i- and 8 or 17 lowercase hex \
                 digits, such as i-0123456789abcdef0",
                instance = format!("{instance_id:?}")
            ))));
        }
        let mut checks = vec![if self.restores_enabled() {
            PreflightCheck::pass(
                enabled(),
                sentence!(
                    "check-restores-allowed",
                    "this configuration allows restores"
                ),
            )
        } else {
            PreflightCheck::fail(
                enabled(),
                sentence!(
                    "check-restores-disabled",
                    "restores are disabled in this configuration (restores_enabled is false)"
                ),
            )
        }];
        checks.push(self.check_caller().await);
        let target = self.check_target(request.instance_id(), &mut checks).await;
        checks.push(self.check_no_restore_running(request.instance_id()).await);

        let mut plan = match &request {
            RestoreRequest::Database { backup_key, .. } => {
                validate_backup_key(backup_key)?;
                database_plan(&request, backup_key, &target)
            }
            RestoreRequest::RecoveryPoint {
                vault,
                recovery_point_arn,
                restore_role_arn,
                ..
            } => {
                let point = self
                    .check_recovery_point(vault, recovery_point_arn, &target, &mut checks)
                    .await;
                let role = self.restore_role(restore_role_arn.as_deref()).await;
                recovery_point_plan(&request, point, role, &target, &mut checks)
            }
            RestoreRequest::Snapshot {
                snapshot_id,
                restore_role_arn,
                ..
            } => match self.made_by_backup(snapshot_id, &mut checks).await? {
                // The snapshot's own check failed, and the checks that read it would
                // only repeat that, or pass on a snapshot that is not there.
                None => volume_plan(&request, snapshot_id, &target, None),
                Some(false) => {
                    let mut replaced = None;
                    checks.push(
                        self.check_data_volume(snapshot_id, &target.id, &mut replaced)
                            .await,
                    );
                    checks.push(self.dry_run_create_volume(snapshot_id, &target).await);
                    volume_plan(&request, snapshot_id, &target, replaced.as_deref())
                }
                Some(true) => {
                    let point = match self.find_snapshot_point(snapshot_id, &mut checks).await {
                        Some((vault, arn)) => {
                            self.check_recovery_point(&vault, &arn, &target, &mut checks)
                                .await
                        }
                        None => None,
                    };
                    let role = self.restore_role(restore_role_arn.as_deref()).await;
                    recovery_point_plan(&request, point, role, &target, &mut checks)
                }
            },
        };
        checks.append(&mut plan.checks);
        plan.checks = checks;
        Ok(plan)
    }

    /// Reports whether AWS Backup made the snapshot, from the tag it puts on its
    /// snapshots, after checking that the snapshot exists and is complete. A snapshot
    /// that is missing or cannot be read fails the check, and gives `None`.
    async fn made_by_backup(
        &self,
        snapshot_id: &str,
        checks: &mut Vec<PreflightCheck>,
    ) -> Result<Option<bool>, OpsError> {
        fn name() -> Sentence {
            sentence!("check-snapshot-completed", "snapshot completed")
        }
        if !is_aws_id(snapshot_id, "snap-") {
            return Err(OpsError::InvalidInput(Box::new(sentence!(
                "input-snapshot-id",
                "snapshot id {snapshot} is invalid: expected snap- and 8 or 17 lowercase \
                 hex digits, such as snap-0123456789abcdef0",
                snapshot = format!("{snapshot_id:?}")
            ))));
        }
        let snapshot = match self.describe_snapshot(snapshot_id).await {
            Ok(snapshot) => snapshot,
            Err(err) => {
                checks.push(PreflightCheck::fail(name(), call_failed(&err)));
                return Ok(None);
            }
        };
        let Some(snapshot) = snapshot else {
            checks.push(PreflightCheck::fail(
                name(),
                sentence!(
                    "check-snapshot-not-found",
                    "{snapshot} was not found in {region}",
                    snapshot = snapshot_id,
                    region = self.region()
                ),
            ));
            return Ok(None);
        };
        let by_backup = snapshot
            .tags()
            .iter()
            .any(|tag| tag.key() == Some("aws:backup:source-resource"));
        if !by_backup {
            let state = snapshot.state().map(|s| s.as_str()).unwrap_or("unknown");
            checks.push(if state == "completed" {
                PreflightCheck::pass(
                    name(),
                    sentence!(
                        "check-snapshot-is-completed",
                        "{snapshot} is completed",
                        snapshot = snapshot_id
                    ),
                )
            } else {
                PreflightCheck::fail(
                    name(),
                    sentence!(
                        "check-snapshot-not-completed",
                        "{snapshot} is {state}, not completed",
                        snapshot = snapshot_id,
                        state = state
                    ),
                )
            });
        }
        Ok(Some(by_backup))
    }

    /// Checks that no estante restore command is still pending or running on the
    /// instance. A second restore would swap the volume or the database under the
    /// first, and the pane would follow only the second.
    async fn check_no_restore_running(&self, instance_id: &str) -> PreflightCheck {
        fn name() -> Sentence {
            sentence!("check-no-restore-running", "no restore running")
        }
        // TODO: a recovery point restore runs as an Automation execution, which this
        // check does not read; only the Run Command documents are covered.
        let listing = match self.commands(Some(instance_id)).await {
            Ok(listing) => listing,
            Err(err) => return PreflightCheck::fail(name(), call_failed(&err)),
        };
        if let Some(reason) = listing.partial {
            return PreflightCheck::fail(name(), reason);
        }
        let running = listing.items.iter().find(|command| {
            let restore = matches!(
                command.document_name.as_deref(),
                Some(super::DATABASE_DOCUMENT | super::VOLUME_DOCUMENT)
            );
            // A command sent by tag names no instances. One that names only others is
            // not this instance's, whatever the filter returned.
            let targets_instance = command.instance_ids.is_empty()
                || command.instance_ids.iter().any(|id| id == instance_id);
            restore
                && targets_instance
                && !crate::ssm::commands::is_terminal_invocation_status(&command.status)
        });
        match running {
            Some(found) => PreflightCheck::fail(
                name(),
                sentence!(
                    "check-restore-running",
                    "{command} ({document}) is {status} on {instance}; wait for it to \
                     end (estante ops commands --instance {instance})",
                    command = found.id.as_str(),
                    document = found.document_name.as_deref().unwrap_or_default(),
                    status = found.status.as_str(),
                    instance = instance_id
                ),
            ),
            None => PreflightCheck::pass(
                name(),
                sentence!(
                    "check-no-restore-found",
                    "no estante restore command is pending or in progress on {instance}",
                    instance = instance_id
                ),
            ),
        }
    }

    /// Checks that STS names the caller. The audit log records who started each
    /// restore, and the Run Command comment carries the name, so a restore by an
    /// unknown caller would leave a record of no one.
    async fn check_caller(&self) -> PreflightCheck {
        fn name() -> Sentence {
            sentence!("check-caller", "caller known")
        }
        match self.current_identity().await {
            Ok(identity) => PreflightCheck::pass(
                name(),
                sentence!("check-caller-arn", "{arn}", arn = identity.arn),
            ),
            Err(err) => PreflightCheck::fail(name(), call_failed(&err)),
        }
    }

    /// Checks that the instance has a data volume for the restore to replace, and that
    /// the snapshot was not taken of another volume that is still in use elsewhere,
    /// such as another instance's data volume or any root volume. The document
    /// stops the server before it swaps volumes, so without a data volume it would
    /// stop and not start again, and a wrong snapshot would put another disk's files
    /// in place of the library.
    ///
    /// `replaced` gets the id of the data volume the restore would replace, which the
    /// plan names, so that a plan made again at the start differs when the volume
    /// was swapped in between.
    async fn check_data_volume(
        &self,
        snapshot_id: &str,
        instance_id: &str,
        replaced: &mut Option<String>,
    ) -> PreflightCheck {
        fn name() -> Sentence {
            sentence!("check-data-volume", "snapshot of the data volume")
        }
        let volumes = |filters: Vec<aws_sdk_ec2::types::Filter>, ids: Vec<String>| {
            self.call(
                "ec2:DescribeVolumes",
                self.clients
                    .ec2
                    .describe_volumes()
                    .set_filters((!filters.is_empty()).then_some(filters))
                    .set_volume_ids((!ids.is_empty()).then_some(ids))
                    .send(),
            )
        };
        let data = volumes(
            vec![
                crate::ec2::filter("attachment.instance-id", instance_id),
                crate::ec2::filter("attachment.device", DATA_DEVICE),
            ],
            Vec::new(),
        )
        .await;
        let data = match data {
            Ok(output) => output.volumes().first().cloned(),
            Err(err) => return PreflightCheck::fail(name(), call_failed(&err)),
        };
        let Some(data) = data else {
            return PreflightCheck::fail(
                name(),
                sentence!(
                    "check-data-volume-missing",
                    "{instance} has no volume at {device}, the estante data volume that \
                     the restore replaces; restore onto the instance that holds the library",
                    instance = instance_id,
                    device = DATA_DEVICE
                ),
            );
        };
        let data_id = data.volume_id().unwrap_or_default().to_string();
        *replaced = Some(data_id.clone());

        let source = match self.describe_snapshot(snapshot_id).await {
            Ok(snapshot) => snapshot.and_then(|snapshot| snapshot.volume_id),
            Err(err) => return PreflightCheck::fail(name(), call_failed(&err)),
        };
        let Some(source) = source.filter(|id| id != "vol-ffffffff") else {
            return PreflightCheck::pass(
                name(),
                sentence!(
                    "check-data-volume-copied",
                    "{snapshot} names no source volume, as a copied snapshot does; it \
                     replaces {volume}",
                    snapshot = snapshot_id,
                    volume = data_id
                ),
            );
        };
        if source == data_id {
            return PreflightCheck::pass(
                name(),
                sentence!(
                    "check-data-volume-same",
                    "{snapshot} was taken of {volume}, the data volume of {instance}",
                    snapshot = snapshot_id,
                    volume = data_id,
                    instance = instance_id
                ),
            );
        }

        // Another volume: wrong while it is attached anywhere but at the data device
        // of this instance, and possibly an earlier data volume of this instance
        // once it is detached, as a previous restore leaves it.
        let source_volume = match volumes(Vec::new(), vec![source.clone()]).await {
            Ok(output) => output.volumes().first().cloned(),
            Err(err) if err.code.contains("NotFound") => None,
            Err(err) => return PreflightCheck::fail(name(), call_failed(&err)),
        };
        let Some(source_volume) = source_volume else {
            return PreflightCheck::pass(
                name(),
                sentence!(
                    "check-data-volume-deleted",
                    "{snapshot} was taken of {source}, which no longer exists, so whose \
                     volume it was cannot be checked; it replaces {volume}, which is kept",
                    snapshot = snapshot_id,
                    source = source,
                    volume = data_id
                ),
            );
        };
        let attachment = source_volume.attachments().first().map(|a| {
            (
                a.instance_id().unwrap_or_default().to_string(),
                a.device().unwrap_or_default().to_string(),
            )
        });
        // Every estante data volume carries the backup tag: the launch template sets
        // it, the restore sets it on the new volume, and it marks the old one `none`.
        // A detached volume without it was never a data volume.
        let was_data = source_volume
            .tags()
            .iter()
            .any(|tag| tag.key() == Some(DATA_VOLUME_TAG));
        match attachment {
            None if !was_data => PreflightCheck::fail(
                name(),
                sentence!(
                    "check-data-volume-foreign",
                    "{snapshot} was taken of {source}, which is detached and has no \
                     {tag} tag, so it was never an estante data volume; pick a snapshot \
                     of {volume}, the data volume of {target}",
                    snapshot = snapshot_id,
                    source = source,
                    tag = DATA_VOLUME_TAG,
                    volume = data_id,
                    target = instance_id
                ),
            ),
            Some((instance, device)) => PreflightCheck::fail(
                name(),
                sentence!(
                    "check-data-volume-other",
                    "{snapshot} was taken of {source}, which is attached to {instance} at \
                     {device}, not of {volume}, the data volume of {target}; pick a \
                     snapshot of the data volume",
                    snapshot = snapshot_id,
                    source = source,
                    instance = instance,
                    device = device,
                    volume = data_id,
                    target = instance_id
                ),
            ),
            None => {
                // A restore tags the volume it detaches with the instance it served
                // and the volume that replaced it. Either names this instance's data
                // volume, or the snapshot is of another instance's library.
                let tag = |key: &str| {
                    source_volume
                        .tags()
                        .iter()
                        .find(|tag| tag.key() == Some(key))
                        .and_then(|tag| tag.value())
                        .map(str::to_string)
                };
                let served = tag(INSTANCE_TAG);
                let ours = match &served {
                    Some(instance) => instance == instance_id,
                    None => tag(REPLACED_BY_TAG).as_deref() == Some(data_id.as_str()),
                };
                if ours {
                    PreflightCheck::pass(
                        name(),
                        sentence!(
                            "check-data-volume-earlier",
                            "{snapshot} was taken of {source}, an earlier data volume of \
                             {target} that a restore detached; it replaces {volume}",
                            snapshot = snapshot_id,
                            source = source,
                            target = instance_id,
                            volume = data_id
                        ),
                    )
                } else {
                    PreflightCheck::fail(
                        name(),
                        sentence!(
                            "check-data-volume-not-ours",
                            "{snapshot} was taken of {source}, a detached data volume of \
                             {owner}, not of {target}; pick a snapshot of {volume}, the data \
                             volume of {target}, or of one that a restore of {target} detached",
                            snapshot = snapshot_id,
                            source = source,
                            owner = served.as_deref().unwrap_or("unknown"),
                            target = instance_id,
                            volume = data_id
                        ),
                    )
                }
            }
        }
    }

    /// Describes one snapshot; `None` when EC2 does not know it.
    pub(super) async fn describe_snapshot(
        &self,
        snapshot_id: &str,
    ) -> Result<Option<aws_sdk_ec2::types::Snapshot>, AwsError> {
        let described = self
            .call(
                "ec2:DescribeSnapshots",
                self.clients
                    .ec2
                    .describe_snapshots()
                    .snapshot_ids(snapshot_id)
                    .send(),
            )
            .await;
        match described {
            Ok(output) => Ok(output.snapshots().first().cloned()),
            Err(err) if err.code.contains("NotFound") => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Checks that the instance exists and that SSM manages it and reports its
    /// agent as Online.
    async fn check_target(&self, instance_id: &str, checks: &mut Vec<PreflightCheck>) -> Target {
        fn exists() -> Sentence {
            sentence!("check-instance-exists", "instance exists")
        }
        let mut target = Target {
            id: instance_id.to_string(),
            name: None,
            availability_zone: None,
        };
        let mut stopped_state = None;
        let mut terminated = false;
        let found = self
            .call(
                "ec2:DescribeInstances",
                self.clients
                    .ec2
                    .describe_instances()
                    .instance_ids(instance_id)
                    .send(),
            )
            .await;
        match found {
            Ok(output) => {
                let instance = output
                    .reservations()
                    .iter()
                    .flat_map(|r| r.instances())
                    .find(|i| i.instance_id() == Some(instance_id));
                match instance {
                    Some(instance) => {
                        target.name = crate::ec2::name_tag(instance.tags());
                        target.availability_zone = instance
                            .placement()
                            .and_then(|p| p.availability_zone())
                            .map(str::to_string);
                        let state = instance.state().and_then(|s| s.name());
                        stopped_state = state
                            .map(|s| s.as_str().to_string())
                            .filter(|s| s != "running");
                        let terminating = matches!(
                            state.map(|s| s.as_str()),
                            Some("terminated" | "shutting-down")
                        );
                        if terminating {
                            checks.push(PreflightCheck::fail(
                                exists(),
                                sentence!(
                                    "check-instance-gone",
                                    "{instance} is {state} and cannot run a restore; restore \
                                     onto the instance that holds the library now",
                                    instance = instance_id,
                                    state = state.map(|s| s.as_str()).unwrap_or("unknown")
                                ),
                            ));
                            terminated = true;
                        } else {
                            // Unknown state or zone read as "unknown": the catalogue
                            // words that value in each language.
                            checks.push(PreflightCheck::pass(
                                exists(),
                                sentence!(
                                    "check-instance-found",
                                    "{instance} is {state} in {zone}",
                                    instance = instance_id,
                                    state = state.map(|s| s.as_str()).unwrap_or("unknown"),
                                    zone = target.availability_zone.as_deref().unwrap_or("unknown")
                                ),
                            ));
                        }
                    }
                    None => checks.push(PreflightCheck::fail(
                        exists(),
                        sentence!(
                            "check-instance-not-returned",
                            "{instance} was not returned by DescribeInstances",
                            instance = instance_id
                        ),
                    )),
                }
            }
            Err(err) => checks.push(PreflightCheck::fail(exists(), call_failed(&err))),
        }
        let mut agent = self.check_ssm_online(instance_id).await;
        // Systems Manager drops an instance that is not running from its list, which
        // reads as "no agent registered" although the agent is there. A terminated
        // instance cannot be started, and its own check reports that instead.
        if let (false, Some(state), false) = (agent.passed, stopped_state, terminated) {
            agent.detail = sentence!(
                "check-ssm-not-running",
                "{instance} is {state}, and Run Command reaches running instances only; \
                 start it, wait for its agent to come online, and plan the restore again",
                instance = instance_id,
                state = state
            );
        }
        checks.push(agent);
        target
    }

    async fn check_ssm_online(&self, instance_id: &str) -> PreflightCheck {
        fn name() -> Sentence {
            sentence!("check-ssm-online", "SSM agent online")
        }
        let filter = match aws_sdk_ssm::types::InstanceInformationStringFilter::builder()
            .key("InstanceIds")
            .values(instance_id)
            .build()
        {
            Ok(filter) => filter,
            Err(err) => return PreflightCheck::fail(name(), call_failed(&err)),
        };
        let found = self
            .call(
                "ssm:DescribeInstanceInformation",
                self.clients
                    .ssm
                    .describe_instance_information()
                    .filters(filter)
                    .send(),
            )
            .await;
        let info = match found {
            Ok(output) => output
                .instance_information_list()
                .iter()
                .find(|i| i.instance_id() == Some(instance_id))
                .cloned(),
            Err(err) => return PreflightCheck::fail(name(), call_failed(&err)),
        };
        match info {
            None => PreflightCheck::fail(
                name(),
                sentence!(
                    "check-ssm-unmanaged",
                    "{instance} is not managed by Systems Manager (no SSM agent registered)",
                    instance = instance_id
                ),
            ),
            Some(info) => {
                let ping = info.ping_status().map(|p| p.as_str()).unwrap_or("unknown");
                let detail = sentence!(
                    "check-ssm-ping",
                    "agent {version} reports {ping}",
                    version = info.agent_version().unwrap_or("unknown"),
                    ping = ping
                );
                if ping == "Online" {
                    PreflightCheck::pass(name(), detail)
                } else {
                    PreflightCheck::fail(name(), detail)
                }
            }
        }
    }
}

/// Reports whether `id` is an EC2 id with `prefix`: 8 or 17 lowercase hex digits
/// after it, the pattern that the Run Command documents allow for snapshots. An id
/// the documents would reject fails here, before anything is sent.
fn is_aws_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|digits| {
        matches!(digits.len(), 8 | 17)
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// The device at which the estante data volume is attached, as the volume restore
/// document and the launch template name it.
const DATA_DEVICE: &str = "/dev/sdf";

/// Tag that every estante data volume carries, from the launch template or from a
/// restore.
const DATA_VOLUME_TAG: &str = "estante:backup";

/// Tag a restore puts on the data volume it detaches: the instance it served.
const INSTANCE_TAG: &str = "estante:instance";

/// Tag a restore puts on the data volume it detaches: the volume that replaced it.
const REPLACED_BY_TAG: &str = "estante:replaced-by";

/// Rejects backup keys that the Run Command document's allowedPattern would
/// reject, so the error comes before anything is sent.
fn validate_backup_key(key: &str) -> Result<(), OpsError> {
    let valid = !key.is_empty()
        && key.len() <= 512
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/:+=@-".contains(c));
    if valid {
        Ok(())
    } else {
        Err(OpsError::InvalidInput(Box::new(sentence!(
            "input-backup-key",
            "backup key {key} is invalid: use 1 to 512 letters, digits or ._/:+=@-",
            key = format!("{key:?}")
        ))))
    }
}

#[cfg(test)]
mod id_tests {
    use super::is_aws_id;

    #[test]
    fn ids_follow_the_documents_pattern() {
        for good in ["snap-0123abcd", "snap-0123456789abcdef0"] {
            assert!(is_aws_id(good, "snap-"), "{good}");
        }
        for bad in [
            "snap-",
            "snap-0123ABCD",
            "snap-0123456789abcdef0123456789abcd",
            "snap-0123456",
            "snap-0123abcg",
            "vol-0123abcd",
            " snap-0123abcd",
        ] {
            assert!(!is_aws_id(bad, "snap-"), "{bad}");
        }
        assert!(is_aws_id("i-0123456789abcdef0", "i-"));
        assert!(!is_aws_id("", "i-"));
    }
}

#[cfg(test)]
mod call_failed_tests {
    use super::*;

    fn aws(kind: ErrorKind) -> AwsError {
        AwsError {
            kind,
            code: "DispatchFailure".to_string(),
            message: "connection refused".to_string(),
            operation: "ssm:SendCommand",
            region: "eu-west-1".to_string(),
            profile: "estante".to_string(),
            sentence: None,
        }
    }

    #[test]
    fn aws_errors_keep_kind_and_values() {
        let sentence = call_failed(&aws(ErrorKind::Endpoint));

        assert_eq!(sentence.id, "check-aws-failed");
        assert_eq!(sentence.args["kind"], "endpoint");
        assert_eq!(sentence.args["code"], "DispatchFailure");
        assert_eq!(sentence.args["message"], "connection refused");
        assert_eq!(sentence.args["region"], "eu-west-1");
        assert!(sentence.parts.is_empty());
        assert_eq!(sentence.args["policy"], "deploy/iam/ops-restore.json");
        assert!(
            sentence.text.contains("check the network"),
            "{}",
            sentence.text
        );

        let wrapped = call_failed(&OpsError::from(aws(ErrorKind::AccessDenied)));
        assert_eq!(wrapped.args["kind"], "access-denied");
        assert_eq!(wrapped.args["action"], "ssm:SendCommand");
    }

    #[test]
    fn a_worded_message_travels_as_a_part() {
        let mut error = aws(ErrorKind::Endpoint);
        error.sentence = Some(Box::new(sentence!(
            "aws-connection-refused",
            "could not connect to {endpoint}: connection refused",
            endpoint = "http://127.0.0.1:9"
        )));

        let sentence = call_failed(&error);

        let part = &sentence.parts["message"];
        assert_eq!(part.id, "aws-connection-refused");
        assert_eq!(part.args["endpoint"], "http://127.0.0.1:9");
        assert_eq!(sentence.args["message"], part.text);
    }

    #[test]
    fn input_errors_keep_their_sentence() {
        let error = OpsError::InvalidInput(Box::new(sentence!(
            "input-snapshot-id",
            "snapshot id {snapshot} is invalid: expected snap- and hex digits",
            snapshot = "bad id"
        )));

        let sentence = call_failed(&error);

        assert_eq!(sentence.id, "check-invalid-input");
        assert_eq!(
            sentence.text,
            "invalid request: snapshot id bad id is invalid: expected snap- and hex digits"
        );
        assert_eq!(sentence.parts["reason"].id, "input-snapshot-id");

        let error = OpsError::RestoresDisabled;
        assert_eq!(call_failed(&error).id, "check-call-failed");
    }
}
