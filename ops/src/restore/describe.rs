//! The human description and SSM parameters of a restore plan.

use std::collections::BTreeMap;

use super::preflight::{Point, Target};
use super::{
    DATABASE_DOCUMENT, Mechanism, PreflightCheck, RECOVERY_POINT_RUNBOOK, RestorePlan,
    RestoreRequest, VOLUME_DOCUMENT,
};
use crate::error::OpsError;

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
            format!(
                "Systems Manager Run Command sends the {DATABASE_DOCUMENT} document to {label}."
            ),
            format!("The instance runs `estante-server restore --from {backup_key}`."),
            "The instance's current estante database is replaced by that backup.".to_string(),
            format!("Type {} to confirm.", target.id),
        ],
        checks: Vec::new(),
    }
}

pub(super) fn volume_plan(
    request: &RestoreRequest,
    snapshot_id: &str,
    target: &Target,
) -> RestorePlan {
    let label = instance_label(target);
    let zone = target
        .availability_zone
        .as_deref()
        .unwrap_or("an unknown zone");
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
            format!("Systems Manager Run Command sends the {VOLUME_DOCUMENT} document to {label}."),
            format!("The instance creates a gp3 volume from {snapshot_id} in {zone}."),
            "It stops estante-server, swaps the new volume in for its data volume \
             (/var/lib/estante) and starts the server again."
                .to_string(),
            "The old data volume is detached and kept, tagged with the new volume's id."
                .to_string(),
            format!("Type {} to confirm.", target.id),
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
    let zone = target
        .availability_zone
        .as_deref()
        .unwrap_or("an unknown zone");
    let role = match role {
        Ok(role) => role,
        Err(err) => {
            checks.push(PreflightCheck::fail("restore role", err.to_string()));
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
            description: vec![
                "The recovery point could not be checked; see the failed checks.".to_string(),
            ],
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
                format!("a new RDS DB instance named {name} in {zone}"),
                name,
            )
        }
        "EC2" => (
            "a new EC2 instance from the recovery point, in the subnet its metadata names"
                .to_string(),
            target.id.clone(),
        ),
        _ => (
            format!("a new EBS volume in {zone}, the zone of {label}"),
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
            format!(
                "Systems Manager Automation runs the {RECOVERY_POINT_RUNBOOK} runbook, which calls \
                 AWS Backup StartRestoreJob for {} recovery point {} (vault {}, created {}).",
                point.resource_type,
                point.arn,
                point.vault,
                point.created.as_deref().unwrap_or("at an unknown time")
            ),
            format!("AWS Backup assumes {role} and creates {creates}."),
            "No existing volume, instance or database is changed, stopped or attached to."
                .to_string(),
            format!("Type {confirmation} to confirm."),
        ],
        checks: Vec::new(),
    }
}
