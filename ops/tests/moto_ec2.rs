//! EC2 reads against a moto server. Each test uses its own region, and tags its
//! instances with a unique value so reruns against one server stay apart.

mod common;

use aws_sdk_ec2::types::{
    InstanceMarketOptionsRequest, InstanceType, MarketType, ResourceType, Tag, TagSpecification,
};
use common::{moto_config, moto_fleet, moto_sdk_config, unique};
use estante_ops::Fleet;
use estante_ops::ec2::instances::{InstanceFilter, Lifecycle, TagFilter};
use estante_ops::ec2::storage::VolumeAttachments;

/// Image id for RunInstances; moto accepts any id when default AMIs are off.
const AMI: &str = "ami-12c6146b";

fn tags(pairs: &[(&str, &str)]) -> TagSpecification {
    let mut spec = TagSpecification::builder().resource_type(ResourceType::Instance);
    for (key, value) in pairs {
        spec = spec.tags(Tag::builder().key(*key).value(*value).build());
    }
    spec.build()
}

async fn run(
    ec2: &aws_sdk_ec2::Client,
    count: i32,
    tag_pairs: &[(&str, &str)],
    spot: bool,
) -> Vec<String> {
    let mut request = ec2
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(count)
        .max_count(count)
        .tag_specifications(tags(tag_pairs));
    if spot {
        request = request.instance_market_options(
            InstanceMarketOptionsRequest::builder()
                .market_type(MarketType::Spot)
                .build(),
        );
    }
    let output = request.send().await.expect("RunInstances on moto");
    output
        .instances()
        .iter()
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect()
}

fn tag_filter(key: &str, value: &str) -> InstanceFilter {
    InstanceFilter {
        tags: vec![TagFilter {
            key: key.to_string(),
            value: value.to_string(),
        }],
        states: Vec::new(),
    }
}

#[tokio::test]
async fn instances_tags_spot_and_state() {
    let region = "eu-west-1";
    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config(region).await);
    let run_id = unique("tags");
    let web = run(
        &ec2,
        2,
        &[("run", &run_id), ("Name", "web"), ("app", "estante")],
        false,
    )
    .await;
    let spot = run(&ec2, 1, &[("run", &run_id), ("Name", "worker")], true).await;
    run(&ec2, 1, &[("run", "someone-else")], false).await;

    let fleet = moto_fleet(region).await;
    let listing = fleet.instances(&tag_filter("run", &run_id)).await.unwrap();

    assert_eq!(listing.items.len(), 3);
    let worker = listing.items.iter().find(|i| i.id == spot[0]).unwrap();
    assert_eq!(worker.lifecycle, Lifecycle::Spot);
    assert_eq!(worker.name.as_deref(), Some("worker"));
    let first_web = listing.items.iter().find(|i| i.id == web[0]).unwrap();
    assert_eq!(first_web.lifecycle, Lifecycle::OnDemand);
    assert_eq!(first_web.state, "running");
    assert_eq!(first_web.instance_type, "t3.micro");
    assert_eq!(
        first_web.tags.get("app").map(String::as_str),
        Some("estante")
    );
    assert!(
        first_web
            .availability_zone
            .as_deref()
            .unwrap()
            .starts_with(region)
    );
    assert!(first_web.private_ip.is_some());
    assert!(first_web.launch_time.is_some());
    let checks = first_web.status_checks.as_ref().unwrap();
    assert_eq!(checks.system, "ok");
    assert_eq!(checks.instance, "ok");
    // The test command's moto reports only instances with an instance profile as
    // SSM-managed, and these have none, so the join is complete and empty.
    assert!(first_web.ssm.is_none());
    assert_eq!(listing.partial, None);

    // Two tags must both match: the worker carries the run's tag but not the app's.
    let mut both = tag_filter("run", &run_id);
    both.tags.push(TagFilter {
        key: "app".to_string(),
        value: "estante".to_string(),
    });
    let tagged = fleet.instances(&both).await.unwrap();
    let mut ids: Vec<&str> = tagged.items.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    let mut expected: Vec<&str> = web.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);

    ec2.stop_instances()
        .instance_ids(&web[1])
        .send()
        .await
        .unwrap();
    let stopped = fleet
        .instances(&InstanceFilter {
            states: vec!["stopped".to_string()],
            ..tag_filter("run", &run_id)
        })
        .await
        .unwrap();
    let ids: Vec<&str> = stopped.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, vec![web[1].as_str()]);
}

#[tokio::test]
async fn instances_paginate_past_a_thousand() {
    let region = "us-west-2";
    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config(region).await);
    let run_id = unique("many");
    // moto counts MaxResults in reservations, so 12 reservations of 100
    // instances with 5 per page make 3 pages.
    let mut launched = Vec::new();
    for _ in 0..12 {
        launched.extend(run(&ec2, 100, &[("run", &run_id)], false).await);
    }

    let config = estante_ops::OpsConfig {
        page_size: Some(5),
        ..moto_config(region)
    };
    let fleet = Fleet::connect(&config).await.unwrap();
    let listing = fleet.instances(&tag_filter("run", &run_id)).await.unwrap();

    assert_eq!(listing.items.len(), 1200);
    let mut ids: Vec<&str> = listing.items.iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1200);
    launched.sort_unstable();
    assert_eq!(ids, launched.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(listing.items.iter().all(|i| i.status_checks.is_some()));
}

/// The first page is small, so its rows can be drawn early. The later pages hold the
/// rest, and the pages together are the final listing.
#[tokio::test]
async fn instances_arrive_page_by_page() {
    let region = "ap-southeast-2";
    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config(region).await);
    let run_id = unique("pages");
    // moto counts MaxResults in reservations: 12 reservations of 10 instances make a
    // first page of 5 reservations and a second page of the other 7.
    for _ in 0..12 {
        run(&ec2, 10, &[("run", &run_id)], false).await;
    }
    let fleet = Fleet::connect(&moto_config(region)).await.unwrap();

    let mut pages: Vec<Vec<String>> = Vec::new();
    let listing = fleet
        .instances_by_page(&tag_filter("run", &run_id), |rows| {
            pages.push(rows.iter().map(|row| row.id.clone()).collect());
        })
        .await
        .unwrap();

    let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
    assert_eq!(sizes, vec![50, 70]);
    let arrived: Vec<String> = pages.concat();
    let listed: Vec<String> = listing.items.iter().map(|row| row.id.clone()).collect();
    assert_eq!(arrived, listed);
    assert_eq!(listing.partial, None);
    assert!(listing.items.iter().all(|row| row.status_checks.is_some()));
}

#[tokio::test]
async fn volumes_snapshots_and_images() {
    let region = "eu-central-1";
    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config(region).await);
    let run_id = unique("storage");
    let ids = run(&ec2, 2, &[("run", &run_id)], false).await;
    let (backed_up, never_backed_up) = (&ids[0], &ids[1]);

    let instance = ec2
        .describe_instances()
        .instance_ids(backed_up)
        .send()
        .await
        .unwrap();
    let zone = instance.reservations()[0].instances()[0]
        .placement()
        .unwrap()
        .availability_zone()
        .unwrap()
        .to_string();
    let data = ec2
        .create_volume()
        .availability_zone(&zone)
        .size(20)
        .volume_type(aws_sdk_ec2::types::VolumeType::Io2)
        .iops(3000)
        .send()
        .await
        .unwrap();
    let data_id = data.volume_id().unwrap();
    ec2.attach_volume()
        .volume_id(data_id)
        .instance_id(backed_up)
        .device("/dev/sdf")
        .send()
        .await
        .unwrap();
    let snapshot = ec2
        .create_snapshot()
        .volume_id(data_id)
        .description(&run_id)
        .send()
        .await
        .unwrap();
    let image = ec2
        .create_image()
        .instance_id(backed_up)
        .name(&run_id)
        .send()
        .await
        .unwrap();

    let fleet = moto_fleet(region).await;
    let volumes = fleet.volumes(Some(backed_up)).await.unwrap();
    assert_eq!(volumes.items.len(), 2, "root and data volume: {volumes:?}");
    let data_row = volumes.items.iter().find(|v| v.id == data_id).unwrap();
    assert_eq!(data_row.volume_type, "io2");
    assert_eq!(data_row.size_gib, 20);
    assert_eq!(data_row.iops, Some(3000));
    assert_eq!(data_row.device.as_deref(), Some("/dev/sdf"));
    assert_eq!(data_row.instance_id.as_deref(), Some(backed_up.as_str()));

    let report = fleet.snapshots().await.unwrap();
    let row = report
        .snapshots
        .items
        .iter()
        .find(|s| Some(s.id.as_str()) == snapshot.snapshot_id())
        .unwrap();
    assert_eq!(row.instance_id.as_deref(), Some(backed_up.as_str()));
    assert_eq!(row.age_hours, Some(0));
    assert_eq!(report.max_age_hours, 24);
    let stale: Vec<&str> = report
        .stale_instances
        .iter()
        .map(|s| s.instance_id.as_str())
        .collect();
    assert!(stale.contains(&never_backed_up.as_str()));
    assert!(!stale.contains(&backed_up.as_str()));

    // With a maximum age of zero, even the fresh snapshot is stale.
    let strict = Fleet::connect(&estante_ops::OpsConfig {
        snapshot_max_age: std::time::Duration::ZERO,
        ..moto_config(region)
    })
    .await
    .unwrap();
    let strict_report = strict.snapshots().await.unwrap();
    let flagged = strict_report
        .stale_instances
        .iter()
        .find(|s| s.instance_id == *backed_up)
        .unwrap();
    assert_eq!(
        flagged.newest_snapshot_id.as_deref(),
        snapshot.snapshot_id()
    );

    let images = fleet.images().await.unwrap();
    let ami = images
        .items
        .iter()
        .find(|i| Some(i.id.as_str()) == image.image_id())
        .unwrap();
    assert_eq!(ami.name.as_deref(), Some(run_id.as_str()));
}

/// Launches two instances tagged `run=run_id`, attaches a data volume to the first
/// and snapshots it. Returns the two instance ids, the volume and the snapshot.
async fn seed_snapshot(
    ec2: &aws_sdk_ec2::Client,
    run_id: &str,
) -> (String, String, String, String) {
    let ids = run(ec2, 2, &[("run", run_id)], false).await;
    let described = ec2
        .describe_instances()
        .instance_ids(&ids[0])
        .send()
        .await
        .expect("DescribeInstances on moto");
    let zone = described.reservations()[0].instances()[0]
        .placement()
        .and_then(|placement| placement.availability_zone())
        .expect("moto places every instance in a zone")
        .to_string();
    let volume = ec2
        .create_volume()
        .availability_zone(&zone)
        .size(10)
        .send()
        .await
        .expect("CreateVolume on moto");
    let volume_id = volume.volume_id().expect("a volume id").to_string();
    ec2.attach_volume()
        .volume_id(&volume_id)
        .instance_id(&ids[0])
        .device("/dev/sdf")
        .send()
        .await
        .expect("AttachVolume on moto");
    let snapshot = ec2
        .create_snapshot()
        .volume_id(&volume_id)
        .description(run_id)
        .send()
        .await
        .expect("CreateSnapshot on moto");
    let snapshot_id = snapshot.snapshot_id().expect("a snapshot id").to_string();
    (ids[0].clone(), ids[1].clone(), volume_id, snapshot_id)
}

/// The snapshot report built from the instance pages' block device mappings finds
/// the unsnapshotted instance and each snapshot's instance without a volume
/// listing, and agrees with the report built from the volumes.
#[tokio::test]
async fn snapshot_report_from_instance_pages() {
    let region = "ap-south-1";
    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config(region).await);
    let run_id = unique("report");
    let (backed_up, never_backed_up, volume_id, snapshot_id) = seed_snapshot(&ec2, &run_id).await;
    let fleet = moto_fleet(region).await;

    let instances = fleet
        .instance_pages(&tag_filter("run", &run_id), |_| {})
        .await
        .unwrap();
    assert_eq!(instances.items.len(), 2);
    assert_eq!(instances.partial, None);
    let row = instances.items.iter().find(|i| i.id == backed_up).unwrap();
    let data = row.volumes.iter().find(|v| v.volume_id == volume_id);
    assert_eq!(
        data.and_then(|v| v.device.as_deref()),
        Some("/dev/sdf"),
        "{:?}",
        row.volumes
    );
    // The root volume of each instance is mapped too.
    assert!(instances.items.iter().all(|i| !i.volumes.is_empty()));

    let snapshots = fleet.snapshot_listing().await.unwrap();
    let listed = snapshots
        .items
        .iter()
        .find(|s| s.id == snapshot_id)
        .unwrap();
    assert_eq!(listed.instance_id, None);
    assert_eq!(listed.volume_id.as_deref(), Some(volume_id.as_str()));

    let attachments = VolumeAttachments::from_instances(&instances);
    let report = fleet.snapshot_report(snapshots, &attachments);
    let row = report
        .snapshots
        .items
        .iter()
        .find(|s| s.id == snapshot_id)
        .unwrap();
    assert_eq!(row.instance_id.as_deref(), Some(backed_up.as_str()));
    assert_eq!(report.snapshots.partial, None);
    let stale: Vec<&str> = report
        .stale_instances
        .iter()
        .map(|s| s.instance_id.as_str())
        .collect();
    assert_eq!(stale, vec![never_backed_up.as_str()]);

    // The report from a listing of every volume flags the same two instances.
    let from_volumes = fleet.snapshots().await.unwrap();
    let flagged = |id: &str| {
        from_volumes
            .stale_instances
            .iter()
            .any(|s| s.instance_id == id)
    };
    assert!(flagged(&never_backed_up));
    assert!(!flagged(&backed_up));
}

/// The instance pages come without status checks or SSM state, and the health read
/// afterwards fills them in.
#[tokio::test]
async fn instance_health_joins_after_pages() {
    let region = "ap-south-1";
    let ec2 = aws_sdk_ec2::Client::new(&moto_sdk_config(region).await);
    let run_id = unique("health");
    let launched = run(&ec2, 3, &[("run", &run_id)], false).await;
    let fleet = moto_fleet(region).await;

    let mut listing = fleet
        .instance_pages(&tag_filter("run", &run_id), |_| {})
        .await
        .unwrap();
    assert_eq!(listing.items.len(), launched.len());
    assert!(listing.items.iter().all(|i| i.status_checks.is_none()));

    let health = fleet.instance_health().await;
    assert_eq!(health.partial, None);
    health.apply_to(&mut listing);

    assert_eq!(listing.partial, None);
    for instance in &listing.items {
        let checks = instance.status_checks.as_ref();
        assert_eq!(
            checks.map(|c| c.system.as_str()),
            Some("ok"),
            "{}",
            instance.id
        );
        assert_eq!(
            checks.map(|c| c.instance.as_str()),
            Some("ok"),
            "{}",
            instance.id
        );
    }
}
