//! The human description and SSM parameters of a restore plan.

use std::collections::BTreeMap;

use super::preflight::{Point, Target};
use super::{
    DATABASE_DOCUMENT, Mechanism, PreflightCheck, RECOVERY_POINT_RUNBOOK, RestorePlan,
    RestoreRequest, Sentence, VOLUME_DOCUMENT, sentence,
};
use crate::error::OpsError;

fn type_to_confirm(confirmation: &str) -> Sentence {
    sentence!(
        "plan-type-to-confirm",
        "Type {confirmation} to confirm.",
        confirmation = confirmation
    )
}

fn instance_label(target: &Target) -> String {
    match &target.name {
        Some(name) => format!("{} ({name})", target.id),
        None => target.id.clone(),
    }
}

pub(super) fn database_plan(
    request: &RestoreRequest,
    backup_key: &str,
    target: &Target,
) -> RestorePlan {
    let label = instance_label(target);
    RestorePlan {
        request: request.clone(),
        mechanism: Mechanism::RunCommand,
        document: DATABASE_DOCUMENT.to_string(),
        parameters: BTreeMap::from([("BackupKey".to_string(), vec![backup_key.to_string()])]),
        instance_id: target.id.clone(),
        availability_zone: target.availability_zone.clone(),
        recovery_point_arn: None,
        confirmation: target.id.clone(),
        description: vec![
            sentence!(
                "plan-run-command",
                "Systems Manager Run Command sends the {document} document to {instance}.",
                document = DATABASE_DOCUMENT,
                instance = label
            ),
            sentence!(
                "plan-database-command",
                "The instance runs `estante-server restore --from {key}`.",
                key = backup_key
            ),
            sentence!(
                "plan-database-replaced",
                "The instance's current estante database is replaced by that backup."
            ),
            type_to_confirm(&target.id),
        ],
        checks: Vec::new(),
    }
}

pub(super) fn volume_plan(
    request: &RestoreRequest,
    snapshot_id: &str,
    target: &Target,
    replaced: Option<&str>,
) -> RestorePlan {
    let label = instance_label(target);
    // An unknown zone reads as "unknown", which the catalogue words per language.
    let zone = target.availability_zone.as_deref().unwrap_or("unknown");
    RestorePlan {
        request: request.clone(),
        mechanism: Mechanism::RunCommand,
        document: VOLUME_DOCUMENT.to_string(),
        parameters: BTreeMap::from([("SnapshotId".to_string(), vec![snapshot_id.to_string()])]),
        instance_id: target.id.clone(),
        availability_zone: target.availability_zone.clone(),
        recovery_point_arn: None,
        confirmation: target.id.clone(),
        description: vec![
            sentence!(
                "plan-run-command",
                "Systems Manager Run Command sends the {document} document to {instance}.",
                document = VOLUME_DOCUMENT,
                instance = label
            ),
            sentence!(
                "plan-volume-create",
                "The instance creates a gp3 volume from {snapshot} in {zone}.",
                snapshot = snapshot_id,
                zone = zone
            ),
            sentence!(
                "plan-volume-swap",
                "It stops estante-server, swaps the new volume in for its data volume \
                 (/var/lib/estante) and starts the server again."
            ),
            sentence!(
                "plan-volume-kept",
                "The old data volume, {volume}, is detached and kept, tagged with the \
                 instance and the new volume's id.",
                volume = replaced.unwrap_or("unknown")
            ),
            type_to_confirm(&target.id),
        ],
        checks: Vec::new(),
    }
}

pub(super) fn recovery_point_plan(
    request: &RestoreRequest,
    point: Option<Point>,
    role: Result<String, OpsError>,
    target: &Target,
    checks: &mut Vec<PreflightCheck>,
) -> RestorePlan {
    let label = instance_label(target);
    let zone = target.availability_zone.as_deref().unwrap_or("unknown");
    let role = match role {
        Ok(role) => role,
        Err(err) => {
            checks.push(PreflightCheck::fail(
                sentence!("check-restore-role", "restore role"),
                super::preflight::call_failed(&err),
            ));
            String::new()
        }
    };
    let Some(point) = point else {
        return RestorePlan {
            request: request.clone(),
            mechanism: Mechanism::Automation,
            document: RECOVERY_POINT_RUNBOOK.to_string(),
            parameters: BTreeMap::new(),
            instance_id: target.id.clone(),
            availability_zone: target.availability_zone.clone(),
            recovery_point_arn: None,
            confirmation: target.id.clone(),
            description: vec![sentence!(
                "plan-point-unchecked",
                "The recovery point could not be checked; see the failed checks."
            )],
            checks: Vec::new(),
        };
    };
    let (creates, confirmation) = match point.resource_type.as_str() {
        "RDS" => {
            let name = point
                .metadata
                .get("DBInstanceIdentifier")
                .cloned()
                .unwrap_or_else(|| target.id.clone());
            (
                sentence!(
                    "plan-creates-database",
                    "AWS Backup assumes {role} and creates a new RDS DB instance named \
                     {name} in {zone}.",
                    role = role,
                    name = name,
                    zone = zone
                ),
                name,
            )
        }
        "EC2" => (
            sentence!(
                "plan-creates-instance",
                "AWS Backup assumes {role} and creates a new EC2 instance from the recovery \
                 point, in the subnet its metadata names.",
                role = role
            ),
            target.id.clone(),
        ),
        _ => (
            sentence!(
                "plan-creates-volume",
                "AWS Backup assumes {role} and creates a new EBS volume in {zone}, the zone \
                 of {instance}.",
                role = role,
                zone = zone,
                instance = label
            ),
            target.id.clone(),
        ),
    };
    let metadata = serde_json::to_string(&point.metadata.iter().collect::<BTreeMap<_, _>>())
        .unwrap_or_default();
    let parameters = BTreeMap::from([
        ("RecoveryPointArn".to_string(), vec![point.arn.clone()]),
        ("IamRoleArn".to_string(), vec![role.clone()]),
        (
            "ResourceType".to_string(),
            vec![point.resource_type.clone()],
        ),
        ("Metadata".to_string(), vec![metadata]),
    ]);
    RestorePlan {
        request: request.clone(),
        mechanism: Mechanism::Automation,
        document: RECOVERY_POINT_RUNBOOK.to_string(),
        parameters,
        instance_id: target.id.clone(),
        availability_zone: target.availability_zone.clone(),
        recovery_point_arn: Some(point.arn.clone()),
        confirmation: confirmation.clone(),
        description: vec![
            sentence!(
                "plan-automation",
                "Systems Manager Automation runs the {runbook} runbook, which calls AWS Backup \
                 StartRestoreJob for {kind} recovery point {arn} (vault {vault}, created \
                 {created}).",
                runbook = RECOVERY_POINT_RUNBOOK,
                kind = point.resource_type,
                arn = point.arn,
                vault = point.vault,
                created = point.created.as_deref().unwrap_or("unknown")
            ),
            creates,
            sentence!(
                "plan-nothing-changed",
                "No existing volume, instance or database is changed, stopped or attached to."
            ),
            type_to_confirm(&confirmation),
        ],
        checks: Vec::new(),
    }
}
