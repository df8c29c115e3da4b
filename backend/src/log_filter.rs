//! The log filter both binaries build from their environment variable.

use tracing_subscriber::EnvFilter;

/// Targets of the AWS SDK that log credentials and signed requests, access key id
/// included, at trace level.
const AWS_TARGETS: [&str; 3] = ["aws_smithy_runtime", "aws_config", "aws_sigv4"];

/// Builds a filter from `setting` (the `RUST_LOG` syntax), or `default` when it is
/// unset or invalid.
///
/// The AWS SDK's runtime, signer and configuration loader stay at `info` unless
/// `setting` names an `aws` target itself, so that turning up the program's own
/// logging does not write credentials to its log.
pub fn log_filter(setting: Option<&str>, default: &str) -> EnvFilter {
    let setting = setting.filter(|text| EnvFilter::try_new(text).is_ok());
    let mut filter = EnvFilter::new(setting.unwrap_or(default));
    if !setting.is_some_and(|text| text.contains("aws")) {
        for target in AWS_TARGETS {
            if let Ok(directive) = format!("{target}=info").parse() {
                filter = filter.add_directive(directive);
            }
        }
    }
    filter
}

#[cfg(test)]
mod tests {
    use super::log_filter;

    #[test]
    fn aws_targets_stay_at_info() {
        let trace = log_filter(Some("trace"), "info").to_string();
        assert!(trace.contains("aws_sigv4=info"), "{trace}");
        assert!(trace.contains("trace"), "{trace}");

        let requested = log_filter(Some("aws_sigv4=trace"), "info").to_string();
        assert!(!requested.contains("aws_sigv4=info"), "{requested}");

        let invalid = log_filter(Some("=="), "warn").to_string();
        assert!(invalid.contains("warn"), "{invalid}");
    }
}
