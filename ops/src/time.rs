//! Conversion from the SDK's timestamps to chrono.

use aws_sdk_ec2::primitives::DateTime as AwsDateTime;
use chrono::{DateTime, Utc};

/// Converts an SDK timestamp, returning `None` when it is outside chrono's range.
pub(crate) fn to_utc(time: &AwsDateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(time.secs(), time.subsec_nanos())
}

pub(crate) fn opt_utc(time: Option<&AwsDateTime>) -> Option<DateTime<Utc>> {
    time.and_then(to_utc)
}

/// Converts a chrono time to the SDK's timestamp type.
pub(crate) fn to_aws(time: DateTime<Utc>) -> AwsDateTime {
    AwsDateTime::from_secs(time.timestamp())
}
