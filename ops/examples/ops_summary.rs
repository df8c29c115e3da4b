//! Prints a summary of a fleet through the estante-ops API, for trying the
//! library before the `estante ops` subcommands exist.
//!
//! cargo run -p estante-ops --example ops_summary -- REGION [ENDPOINT_URL]
//!
//! Credentials come from the standard AWS chain; against moto, export
//! AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing first.

use estante_ops::ec2::instances::InstanceFilter;
use estante_ops::{Fleet, OpsConfig};

#[tokio::main]
async fn main() -> Result<(), estante_ops::OpsError> {
    let mut args = std::env::args().skip(1);
    let config = OpsConfig {
        region: args.next(),
        endpoint_url: args.next(),
        ..OpsConfig::default()
    };
    let fleet = Fleet::connect(&config).await?;
    let identity = fleet.whoami().await?;
    println!("{} in {}", identity.arn, fleet.region());

    let instances = fleet.instances(&InstanceFilter::default()).await?;
    for instance in &instances.items {
        println!(
            "{} {:<16} {:<8} {:<10} {:?}",
            instance.id,
            instance.name.as_deref().unwrap_or("-"),
            instance.state,
            instance.instance_type,
            instance.lifecycle
        );
    }
    if let Some(reason) = &instances.partial {
        println!("instances incomplete: {reason}");
    }

    for alarm in fleet.alarms().await?.items {
        println!(
            "{:<18} {} {}",
            alarm.state,
            alarm.name,
            alarm.instance_id.unwrap_or_default()
        );
    }
    let report = fleet.snapshots().await?;
    for stale in &report.stale_instances {
        println!(
            "stale snapshots (> {} h): {} newest {:?}",
            report.max_age_hours, stale.instance_id, stale.newest_snapshot_time
        );
    }
    Ok(())
}
