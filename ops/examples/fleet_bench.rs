//! Times what the Ops tab does when it connects, through the estante-ops API
//! against an emulator. The instance pages, the alarms and the snapshots are listed
//! concurrently, and the snapshot report is built from the snapshots and the
//! instances' block device mappings. The status checks and SSM state follow once
//! the instance pages are in, as in the tab. Each call is then timed alone, with
//! the volume listing that the Snapshots & volumes view makes when it is opened.
//!
//! Usage: fleet_bench ENDPOINT_URL [REGION]
//!
//! The endpoint must be on 127.0.0.1 or localhost: this is for a local moto server,
//! reached with the fake keys `testing`. Output is one `key=value` line per figure,
//! times in milliseconds, for `scripts/bench fleet` to read.

use std::time::{Duration, Instant};

use estante_ops::ec2::instances::{Instance, InstanceFilter};
use estante_ops::ec2::storage::VolumeAttachments;
use estante_ops::{Credentials, Fleet, OpsConfig};

fn millis(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// Awaits `future` and returns its output with the milliseconds since `started`.
async fn finished_at<T>(started: Instant, future: impl Future<Output = T>) -> (T, f64) {
    let output = future.await;
    (output, millis(started))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let endpoint = args
        .next()
        .ok_or("missing ENDPOINT_URL; see the usage at the top of fleet_bench.rs")?;
    let host = endpoint
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split([':', '/']).next())
        .unwrap_or_default();
    if host != "127.0.0.1" && host != "localhost" {
        return Err(format!("{endpoint} is not on 127.0.0.1 or localhost").into());
    }
    let config = OpsConfig {
        region: Some(args.next().unwrap_or_else(|| "eu-west-1".to_string())),
        endpoint_url: Some(endpoint),
        credentials: Some(Credentials::new(
            "testing",
            "testing",
            None,
            None,
            "fleet-bench",
        )),
        // moto returns thousands of rows in one page, which can take longer than the
        // 20 s default on a loaded machine. 60 s is botocore 1.43's default read
        // timeout, so both clients give moto the same time per request.
        attempt_timeout: Duration::from_secs(60),
        ..OpsConfig::default()
    };
    let fleet = Fleet::connect(&config).await?;
    // One call first so that connection set-up is not charged to the listings.
    fleet.whoami().await?;

    let started = Instant::now();
    let filter = InstanceFilter::default();
    // The Ops tab draws instance rows page by page, so the first page is when rows
    // first appear. Alarms and snapshots are drawn once their listing is complete.
    let mut first_page: Option<f64> = None;
    let on_page = |_: &[Instance]| {
        first_page.get_or_insert_with(|| millis(started));
    };
    // As in the tab, the status checks and SSM state are read after the last page.
    let instances_then_health = async {
        let pages = fleet.instance_pages(&filter, on_page).await;
        let pages_done = millis(started);
        let health = match &pages {
            Ok(_) => Some(fleet.instance_health().await),
            Err(_) => None,
        };
        (pages, pages_done, health, millis(started))
    };
    let (timed_instances, timed_alarms, timed_snapshots) = tokio::join!(
        instances_then_health,
        finished_at(started, fleet.alarms()),
        finished_at(started, fleet.snapshot_listing()),
    );
    let everything = millis(started);
    let (instances, instances_done, health, health_done) = timed_instances;
    let (alarms, alarms_done) = timed_alarms;
    let (snapshots, snapshots_done) = timed_snapshots;
    let (mut instances, alarms, snapshots) = (instances?, alarms?, snapshots?);

    // The tab builds the report as soon as both listings are in, while the health
    // calls run, so its time is the later listing plus the build.
    let building = Instant::now();
    let attachments = VolumeAttachments::from_instances(&instances);
    let report = fleet.snapshot_report(snapshots, &attachments);
    let report_done = instances_done.max(snapshots_done) + millis(building);
    let listings_done = report_done.max(alarms_done);
    if let Some(health) = &health {
        health.apply_to(&mut instances);
    }

    // A listing is partial when a call fails, as moto's SSM may with HTTP 500. The
    // rows are still there, so the reason is printed and the run goes on.
    for (name, partial) in [
        ("instances", &instances.partial),
        ("alarms", &alarms.partial),
        ("snapshots", &report.snapshots.partial),
    ] {
        if let Some(reason) = partial {
            println!("{name}_partial={reason}");
        }
    }
    println!("instances={}", instances.items.len());
    println!("alarms={}", alarms.items.len());
    println!("snapshots={}", report.snapshots.items.len());
    let with_instance = report
        .snapshots
        .items
        .iter()
        .filter(|s| s.instance_id.is_some())
        .count();
    println!("snapshots_with_instance={with_instance}");
    println!("stale_instances={}", report.stale_instances.len());
    println!("concurrent_ms={listings_done:.0}");
    println!(
        "concurrent_instances_first_page_ms={:.0}",
        first_page.unwrap_or(instances_done)
    );
    println!("concurrent_instances_done_ms={instances_done:.0}");
    println!("concurrent_alarms_done_ms={alarms_done:.0}");
    println!("concurrent_snapshots_done_ms={snapshots_done:.0}");
    println!("concurrent_report_done_ms={report_done:.0}");
    println!("concurrent_health_done_ms={health_done:.0}");
    println!("concurrent_everything_ms={everything:.0}");

    let started = Instant::now();
    let instances = fleet.instance_pages(&filter, |_| {}).await?;
    println!("instances_ms={:.0}", millis(started));
    let started = Instant::now();
    fleet.instance_health().await;
    println!("health_ms={:.0}", millis(started));
    let started = Instant::now();
    fleet.alarms().await?;
    println!("alarms_ms={:.0}", millis(started));
    let started = Instant::now();
    let snapshots = fleet.snapshot_listing().await?;
    fleet.snapshot_report(snapshots, &VolumeAttachments::from_instances(&instances));
    println!("snapshots_ms={:.0}", millis(started));
    // The volume listing is not part of connecting, so its failure is printed and the
    // run goes on.
    let started = Instant::now();
    match fleet.volumes(None).await {
        Ok(volumes) => println!("volumes={}", volumes.items.len()),
        Err(err) => println!("volumes_failed={err}"),
    }
    println!("volumes_ms={:.0}", millis(started));
    Ok(())
}
