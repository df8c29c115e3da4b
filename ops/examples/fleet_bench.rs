//! Times the three listings of a fleet overview, instances, alarms and snapshots,
//! through the estante-ops API against an emulator, the three concurrently as one
//! view would load them and then each alone.
//!
//! Usage: fleet_bench ENDPOINT_URL [REGION]
//!
//! The endpoint must be on 127.0.0.1 or localhost: this is for a local moto server,
//! reached with the fake keys `testing`. Output is one `key=value` line per figure,
//! times in milliseconds, for `scripts/bench fleet` to read.

use std::time::Instant;

use estante_ops::ec2::instances::InstanceFilter;
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
    let on_page = |_: &[estante_ops::ec2::instances::Instance]| {
        first_page.get_or_insert_with(|| millis(started));
    };
    let (timed_instances, timed_alarms, timed_snapshots) = tokio::join!(
        finished_at(started, fleet.instances_by_page(&filter, on_page)),
        finished_at(started, fleet.alarms()),
        finished_at(started, fleet.snapshots()),
    );
    let (instances, instances_done) = timed_instances;
    let (alarms, alarms_done) = timed_alarms;
    let (snapshots, snapshots_done) = timed_snapshots;
    let concurrent = millis(started);
    let (instances, alarms, snapshots) = (instances?, alarms?, snapshots?);
    // A listing is partial when a joined call fails, as moto's SSM does with HTTP 500.
    // The rows are still there, so the reason is printed and the run goes on.
    for (name, partial) in [
        ("instances", &instances.partial),
        ("alarms", &alarms.partial),
        ("snapshots", &snapshots.snapshots.partial),
    ] {
        if let Some(reason) = partial {
            println!("{name}_partial={reason}");
        }
    }
    println!("instances={}", instances.items.len());
    println!("alarms={}", alarms.items.len());
    println!("snapshots={}", snapshots.snapshots.items.len());
    println!("concurrent_ms={concurrent:.0}");
    println!(
        "concurrent_instances_first_page_ms={:.0}",
        first_page.unwrap_or(instances_done)
    );
    println!("concurrent_instances_done_ms={instances_done:.0}");
    println!("concurrent_alarms_done_ms={alarms_done:.0}");
    println!("concurrent_snapshots_done_ms={snapshots_done:.0}");

    let started = Instant::now();
    fleet.instances(&filter).await?;
    println!("instances_ms={:.0}", millis(started));
    let started = Instant::now();
    fleet.alarms().await?;
    println!("alarms_ms={:.0}", millis(started));
    let started = Instant::now();
    fleet.snapshots().await?;
    println!("snapshots_ms={:.0}", millis(started));
    Ok(())
}
