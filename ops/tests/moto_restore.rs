//! The restore preflight against a moto server: the checks that read the fleet
//! before anything changes. Each test uses its own region.

#![allow(clippy::unwrap_used)]

mod common;

use aws_sdk_ec2::types::InstanceType;
use common::{moto_fleet, moto_sdk_config};
use estante_ops::restore::{RestorePlan, RestoreRequest};

/// Image id for RunInstances; moto accepts any id when default AMIs are off.
const AMI: &str = "ami-12c6146b";

/// Starts an instance and returns its id, its zone and its root volume.
async fn instance(ec2: &aws_sdk_ec2::Client) -> (String, String, String) {
    let started = ec2
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .expect("RunInstances on moto");
    let instance = &started.instances()[0];
    let id = instance.instance_id().unwrap().to_string();
    let zone = instance.placement().unwrap().availability_zone().unwrap();
    let root = ec2
        .describe_volumes()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("attachment.instance-id")
                .values(&id)
                .build(),
        )
        .send()
        .await
        .unwrap()
        .volumes()[0]
        .volume_id()
        .unwrap()
        .to_string();
    (id, zone.to_string(), root)
}

/// Creates a volume of `size` GiB in `zone` and returns its id.
async fn detached_volume(ec2: &aws_sdk_ec2::Client, zone: &str, size: i32) -> String {
    let volume = ec2
        .create_volume()
        .availability_zone(zone)
        .size(size)
        .send()
        .await
        .unwrap();
    volume.volume_id().unwrap().to_string()
}

/// Creates a volume, attaches it to `instance` at `device`, and returns its id.
async fn attach(ec2: &aws_sdk_ec2::Client, instance: &str, zone: &str, device: &str) -> String {
    let id = detached_volume(ec2, zone, 20).await;
    ec2.attach_volume()
        .volume_id(&id)
        .instance_id(instance)
        .device(device)
        .send()
        .await
        .unwrap();
    id
}

async fn snapshot(ec2: &aws_sdk_ec2::Client, volume: &str) -> String {
    let snapshot = ec2
        .create_snapshot()
        .volume_id(volume)
        .send()
        .await
        .unwrap();
    snapshot.snapshot_id().unwrap().to_string()
}

fn tag(key: &str, value: &str) -> aws_sdk_ec2::types::Tag {
    aws_sdk_ec2::types::Tag::builder()
        .key(key)
        .value(value)
        .build()
}

fn data_volume_check(plan: &RestorePlan) -> (bool, String) {
    let check = plan
        .checks
        .iter()
        .find(|check| check.name.id == "check-data-volume")
        .unwrap_or_else(|| panic!("no data volume check in {:?}", plan.checks));
    (check.passed, check.detail.text.clone())
}

/// A volume restore stops the server and swaps the disk at /dev/sdf. The preflight
/// fails an instance without that disk, and a snapshot of a disk that is in use
/// elsewhere: another instance's data volume, or a root volume.
#[tokio::test]
async fn volume_restore_checks_data_volume() {
    let region = "ap-northeast-3";
    let config = moto_sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let (db, zone, db_root) = instance(&ec2).await;
    let db_data = attach(&ec2, &db, &zone, "/dev/sdf").await;
    let (web, web_zone, _) = instance(&ec2).await;
    let web_data = attach(&ec2, &web, &web_zone, "/dev/sdf").await;
    let (bare, _, _) = instance(&ec2).await;
    let of_data = snapshot(&ec2, &db_data).await;
    let of_root = snapshot(&ec2, &db_root).await;
    let of_web = snapshot(&ec2, &web_data).await;

    // A volume that was detached, as the old data volume is after a restore, which
    // tags it as the document does.
    let earlier = attach(&ec2, &db, &zone, "/dev/sdg").await;
    let of_earlier = snapshot(&ec2, &earlier).await;
    let tags = async |volume: &str, pairs: &[(&str, &str)]| {
        let mut request = ec2.create_tags().resources(volume);
        for (key, value) in pairs {
            request = request.tags(tag(key, value));
        }
        request.send().await.unwrap();
    };
    tags(
        &earlier,
        &[
            ("estante:replaced-by", &db_data),
            ("estante:instance", &db),
            ("estante:backup", "none"),
        ],
    )
    .await;
    // Detached data volumes: one that a restore of the web instance left, one that an
    // older restore of db left without the instance tag, and one that no restore left.
    let of_detached = async |pairs: &[(&str, &str)]| {
        let volume = detached_volume(&ec2, &zone, 20).await;
        tags(&volume, pairs).await;
        snapshot(&ec2, &volume).await
    };
    let of_webs_old = of_detached(&[
        ("estante:replaced-by", &web_data),
        ("estante:instance", &web),
        ("estante:backup", "none"),
    ])
    .await;
    let of_older = of_detached(&[
        ("estante:replaced-by", &db_data),
        ("estante:backup", "none"),
    ])
    .await;
    let of_unattributed = of_detached(&[("estante:backup", "daily")]).await;
    // A volume that was never attached, and one that no longer exists.
    let foreign = detached_volume(&ec2, &zone, 8).await;
    let of_foreign = snapshot(&ec2, &foreign).await;
    let deleted = detached_volume(&ec2, &zone, 20).await;
    let of_deleted = snapshot(&ec2, &deleted).await;
    ec2.delete_volume()
        .volume_id(&deleted)
        .send()
        .await
        .unwrap();
    // moto fails with a 500 when the instance is left out, although AWS does not
    // need it.
    ec2.detach_volume()
        .volume_id(&earlier)
        .instance_id(&db)
        .device("/dev/sdg")
        .send()
        .await
        .unwrap();

    let fleet = moto_fleet(region).await;
    let plan = |snapshot: &str, instance: &str| {
        fleet.plan_restore(RestoreRequest::Snapshot {
            snapshot_id: snapshot.to_string(),
            instance_id: instance.to_string(),
            restore_role_arn: None,
        })
    };

    let (passed, detail) = data_volume_check(&plan(&of_data, &db).await.unwrap());
    assert!(passed, "{detail}");
    assert!(detail.contains(&db_data), "{detail}");

    let (passed, detail) = data_volume_check(&plan(&of_earlier, &db).await.unwrap());
    assert!(passed, "{detail}");
    assert!(detail.contains("that a restore detached"), "{detail}");
    let (passed, detail) = data_volume_check(&plan(&of_older, &db).await.unwrap());
    assert!(passed, "{detail}");

    let (passed, detail) = data_volume_check(&plan(&of_webs_old, &db).await.unwrap());
    assert!(!passed, "{detail}");
    assert!(
        detail.contains(&format!("data volume of {web}")),
        "{detail}"
    );
    let (passed, detail) = data_volume_check(&plan(&of_unattributed, &db).await.unwrap());
    assert!(!passed, "{detail}");
    assert!(detail.contains("not of"), "{detail}");

    // The plan names the volume it replaces, so a plan made again after the volume
    // was swapped describes another restore, and the start refuses it.
    let before = plan(&of_data, &db).await.unwrap();
    let description = |plan: &RestorePlan| {
        plan.description
            .iter()
            .map(|line| line.text.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        description(&before).contains(&db_data),
        "{}",
        description(&before)
    );

    let (passed, detail) = data_volume_check(&plan(&of_foreign, &db).await.unwrap());
    assert!(!passed, "{detail}");
    assert!(
        detail.contains(&foreign) && detail.contains("never an estante data volume"),
        "{detail}"
    );

    let (passed, detail) = data_volume_check(&plan(&of_deleted, &db).await.unwrap());
    assert!(passed, "{detail}");
    assert!(detail.contains("no longer exists"), "{detail}");

    for (snapshot, attached) in [(&of_root, &db), (&of_web, &web)] {
        let (passed, detail) = data_volume_check(&plan(snapshot, &db).await.unwrap());
        assert!(!passed, "{detail}");
        assert!(
            detail.contains(attached.as_str()) && detail.contains("pick a snapshot"),
            "{detail}"
        );
    }

    let (passed, detail) = data_volume_check(&plan(&of_data, &bare).await.unwrap());
    assert!(!passed, "{detail}");
    assert!(detail.contains("has no volume at /dev/sdf"), "{detail}");

    ec2.detach_volume()
        .volume_id(&db_data)
        .instance_id(&db)
        .device("/dev/sdf")
        .send()
        .await
        .unwrap();
    let swapped_in = attach(&ec2, &db, &zone, "/dev/sdf").await;
    let after = plan(&of_data, &db).await.unwrap();
    assert!(
        description(&after).contains(&swapped_in),
        "{}",
        description(&after)
    );
    assert_ne!(before.description, after.description);
}

/// Systems Manager lists only running instances, so a stopped target read as "no
/// SSM agent registered". The check now reports that the instance is stopped and
/// what to do.
#[tokio::test]
async fn stopped_target_is_named_stopped() {
    let region = "ap-southeast-3";
    let config = moto_sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let (running, _, _) = instance(&ec2).await;
    let (stopped, _, _) = instance(&ec2).await;
    ec2.stop_instances()
        .instance_ids(&stopped)
        .send()
        .await
        .unwrap();

    let fleet = moto_fleet(region).await;
    for (instance, detail_id) in [
        (&running, "check-ssm-unmanaged"),
        (&stopped, "check-ssm-not-running"),
    ] {
        let plan = fleet
            .plan_restore(RestoreRequest::Database {
                instance_id: instance.clone(),
                backup_key: "backups/2026-12-05.estante".to_string(),
            })
            .await
            .unwrap();
        let agent = plan
            .checks
            .iter()
            .find(|check| check.name.id == "check-ssm-online")
            .unwrap();
        assert!(!agent.passed);
        assert_eq!(agent.detail.id, detail_id, "{}", agent.detail.text);
    }
}

/// A terminated instance cannot run a restore, and the advice to start it was
/// wrong. A snapshot that does not exist fails its own check, and the checks that
/// would read it are left out instead of passing. With no restore command on an
/// instance, the running-restore check passes.
#[tokio::test]
async fn gone_instances_and_missing_snapshots_fail_alone() {
    let region = "sa-east-1";
    let config = moto_sdk_config(region).await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let (live, zone, _) = instance(&ec2).await;
    let data = attach(&ec2, &live, &zone, "/dev/sdf").await;
    let of_data = snapshot(&ec2, &data).await;
    let (gone, _, _) = instance(&ec2).await;
    ec2.terminate_instances()
        .instance_ids(&gone)
        .send()
        .await
        .unwrap();
    let fleet = moto_fleet(region).await;
    let plan = |snapshot: &str, instance: &str| {
        fleet.plan_restore(RestoreRequest::Snapshot {
            snapshot_id: snapshot.to_string(),
            instance_id: instance.to_string(),
            restore_role_arn: None,
        })
    };
    let check = |plan: &RestorePlan, id: &str| {
        plan.checks
            .iter()
            .find(|check| check.name.id == id)
            .cloned()
    };

    let onto_gone = plan(&of_data, &gone).await.unwrap();
    let exists = check(&onto_gone, "check-instance-exists").unwrap();
    assert!(!exists.passed, "{}", exists.detail);
    assert!(
        exists.detail.text.contains("cannot run a restore"),
        "{}",
        exists.detail
    );
    let agent = check(&onto_gone, "check-ssm-online").unwrap();
    assert!(!agent.detail.text.contains("start it"), "{}", agent.detail);

    let missing = plan("snap-0123456789abcdef0", &live).await.unwrap();
    let failed: Vec<&str> = missing
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.id)
        .collect();
    assert!(failed.contains(&"check-snapshot-completed"), "{failed:?}");
    assert!(check(&missing, "check-data-volume").is_none());
    assert!(check(&missing, "check-dry-run").is_none());

    let running = check(&missing, "check-no-restore-running").unwrap();
    assert!(running.passed, "{}", running.detail);
    assert!(running.detail.text.contains(&live), "{}", running.detail);
}
