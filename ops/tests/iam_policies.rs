//! The IAM policies in deploy/iam/ and the SSM documents in deploy/ssm/ must
//! match the operations the code declares, so neither can drift.

use std::collections::BTreeSet;
use std::path::PathBuf;

use estante_ops::operations::{self, Tier};
use estante_ops::restore::{
    DATABASE_DOCUMENT, RECOVERY_POINT_RUNBOOK, RUNBOOK_OPERATIONS, VOLUME_DOCUMENT,
};

/// Returns the crate's folder as cargo gives it when it runs the test. The path
/// compiled in by `env!` stays that of the checkout the binary was built in, which a
/// second checkout sharing the target folder reuses without a rebuild.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

fn deploy_file(relative: &str) -> String {
    let path = manifest_dir().join("../deploy").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Collects every allowed action of a policy document.
fn policy_actions(relative: &str) -> BTreeSet<String> {
    let policy: serde_json::Value = serde_json::from_str(&deploy_file(relative))
        .unwrap_or_else(|err| panic!("{relative} is not valid JSON: {err}"));
    let mut actions = BTreeSet::new();
    let statements = policy["Statement"].as_array();
    for statement in statements.expect("policy has a Statement list") {
        assert_eq!(statement["Effect"], "Allow", "{relative}: {statement}");
        match &statement["Action"] {
            serde_json::Value::String(action) => {
                actions.insert(action.clone());
            }
            serde_json::Value::Array(list) => {
                actions.extend(
                    list.iter()
                        .map(|a| a.as_str().expect("action is a string").to_string()),
                );
            }
            other => panic!("{relative}: unexpected Action {other}"),
        }
    }
    actions
}

fn declared(tier: Tier) -> BTreeSet<String> {
    operations::all()
        .into_iter()
        .filter(|(_, t)| *t == tier)
        .map(|(name, _)| name.to_string())
        .collect()
}

#[test]
fn declared_operations_are_unique() {
    let all = operations::all();
    let unique: BTreeSet<&str> = all.iter().map(|(name, _)| *name).collect();
    assert_eq!(unique.len(), all.len());
}

#[test]
fn read_policy_matches_read_tier() {
    assert_eq!(policy_actions("iam/ops-read.json"), declared(Tier::Read));
}

#[test]
fn restore_policy_matches_restore_tier() {
    let mut expected = declared(Tier::Restore);
    expected.extend(RUNBOOK_OPERATIONS.iter().map(|a| a.to_string()));
    assert_eq!(policy_actions("iam/ops-restore.json"), expected);
}

#[test]
fn runbook_calls_are_declared() {
    let runbook = deploy_file(&format!("ssm/{RECOVERY_POINT_RUNBOOK}.yaml"));
    let mut service = None;
    let mut calls = BTreeSet::new();
    for line in runbook.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("Service: ") {
            service = Some(name.trim().to_string());
        } else if let Some(api) = line.strip_prefix("Api: ") {
            let service = service.clone().expect("Service: precedes Api:");
            calls.insert(format!("{service}:{}", api.trim()));
        }
    }
    assert!(!calls.is_empty());
    for call in &calls {
        assert!(
            RUNBOOK_OPERATIONS.contains(&call.as_str()),
            "{call} is not declared"
        );
    }
}

#[test]
fn database_document_runs_restore() {
    let document = deploy_file(&format!("ssm/{DATABASE_DOCUMENT}.yaml"));
    // The database in use has users, and the restore refuses one without --force.
    assert!(document.contains("estante-server restore --force --from '{{ BackupKey }}'"));
    assert!(document.contains("allowedPattern"));
}

/// The restore tier may send every Run Command document a restore uses, and each
/// ships in deploy/ssm/: a document left out of the policy is denied on AWS, which
/// no emulator checks.
#[test]
fn restore_policy_names_each_document() {
    let policy = deploy_file("iam/ops-restore.json");
    for document in [DATABASE_DOCUMENT, VOLUME_DOCUMENT] {
        assert!(
            policy.contains(&format!("arn:aws:ssm:*:*:document/{document}\"")),
            "ops-restore.json does not allow ssm:SendCommand on {document}"
        );
        assert!(deploy_file(&format!("ssm/{document}.yaml")).contains("allowedPattern"));
    }
}

/// Collects `"service:Action"` string literals from the crate's sources.
fn action_literals() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut folders = vec![manifest_dir().join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read source folder") {
            let path = entry.expect("read source entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read source file");
            for literal in text.split('"').skip(1).step_by(2) {
                let Some((service, action)) = literal.split_once(':') else {
                    continue;
                };
                let is_service = ["ec2", "ssm", "cloudwatch", "backup", "sts"].contains(&service);
                let is_action = action.starts_with(|c: char| c.is_ascii_uppercase())
                    && action.chars().all(|c| c.is_ascii_alphanumeric());
                if is_service && is_action {
                    found.push((literal.to_string(), path.display().to_string()));
                }
            }
        }
    }
    found
}

#[test]
fn every_action_in_sources_is_declared() {
    let declared: BTreeSet<&str> = operations::all().into_iter().map(|(n, _)| n).collect();
    let literals = action_literals();
    for (action, file) in &literals {
        let known =
            declared.contains(action.as_str()) || RUNBOOK_OPERATIONS.contains(&action.as_str());
        assert!(known, "{action} in {file} is not declared");
    }
    // Each declared action appears at least twice: in its OPERATIONS list and at
    // the call site.
    for action in &declared {
        let uses = literals.iter().filter(|(a, _)| a == action).count();
        assert!(uses >= 2, "{action} is declared but never called");
    }
}
