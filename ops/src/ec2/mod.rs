//! EC2 reads: instances with their health, volumes, snapshots and AMIs.

pub mod instances;
pub mod storage;

/// Builds an EC2 filter with one name and one value.
pub(crate) fn filter(
    name: impl Into<String>,
    value: impl Into<String>,
) -> aws_sdk_ec2::types::Filter {
    aws_sdk_ec2::types::Filter::builder()
        .name(name)
        .values(value)
        .build()
}

/// Returns the value of the `Name` tag, which the EC2 console shows as the name.
pub(crate) fn name_tag(tags: &[aws_sdk_ec2::types::Tag]) -> Option<String> {
    tags.iter()
        .find(|tag| tag.key() == Some("Name"))
        .and_then(|tag| tag.value())
        .map(str::to_string)
}
