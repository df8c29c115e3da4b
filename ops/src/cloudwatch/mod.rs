//! CloudWatch reads: alarms, alarm history and instance metrics.

use serde::Serialize;

pub mod alarms;
pub mod metrics;

/// A CloudWatch metric dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

impl Dimension {
    pub(crate) fn from_sdk(dimension: &aws_sdk_cloudwatch::types::Dimension) -> Option<Self> {
        Some(Self {
            name: dimension.name()?.to_string(),
            value: dimension.value()?.to_string(),
        })
    }

    pub(crate) fn to_sdk(&self) -> aws_sdk_cloudwatch::types::Dimension {
        aws_sdk_cloudwatch::types::Dimension::builder()
            .name(&self.name)
            .value(&self.value)
            .build()
    }
}
