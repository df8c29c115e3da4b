//! Errors of this crate, with AWS failures classified so the ops pane can show
//! what to do next.

use std::error::Error as StdError;
use std::fmt;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::operations::{self, Tier};
use crate::restore::{Sentence, sentence};

/// What kind of failure an AWS call met, which decides the advice shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ErrorKind {
    /// The service throttled the call and the SDK's standard retries gave up.
    Throttled,
    /// Credentials are missing, expired or rejected as invalid.
    ExpiredCredentials,
    /// The caller lacks the IAM action for the operation.
    AccessDenied,
    /// The named resource does not exist.
    NotFound,
    /// The request never got a well-formed answer: DNS, connection, TLS, timeout
    /// or a response the SDK could not parse.
    Endpoint,
    /// Any other service or client error.
    Other,
}

/// A failed AWS call with the service's own error code and message.
#[derive(Debug, Clone)]
pub struct AwsError {
    pub kind: ErrorKind,
    /// Error code from the service, such as `UnauthorizedOperation`, or the SDK
    /// failure class (`DispatchFailure`, `TimeoutError`, ...) when there is none.
    pub code: String,
    pub message: String,
    /// IAM action of the call, such as `ec2:DescribeInstances`.
    pub operation: &'static str,
    pub region: String,
    /// Profile named in the advice for credential errors.
    pub profile: String,
    /// The message as a sentence with an id when this library wrote it (a failed
    /// connection, or an HTTP status without an error code), so an interface can
    /// word it in its own language. `None` when the message is AWS's own.
    pub sentence: Option<Box<Sentence>>,
}

impl AwsError {
    /// Reports whether the credentials failed because the named profile is in no
    /// AWS config or credentials file, or gives no keys there.
    pub fn is_undefined_profile(&self) -> bool {
        self.sentence.as_ref().is_some_and(|sentence| {
            matches!(
                sentence.id,
                "aws-profile-undefined" | "aws-profile-no-credentials"
            )
        })
    }

    /// Returns the advice for this kind of failure, if there is one.
    pub fn hint(&self) -> Option<String> {
        match self.kind {
            ErrorKind::ExpiredCredentials if self.is_undefined_profile() => Some(
                "check the profile's name and its keys: `aws configure list-profiles` lists \
                 the defined ones"
                    .to_string(),
            ),
            ErrorKind::ExpiredCredentials => Some(format!(
                "check the credentials of profile {0}: run `aws sso login --profile {0}` if \
                 it uses SSO, or refresh its keys or its credential_process, then retry",
                self.profile
            )),
            ErrorKind::AccessDenied => {
                let policy = match operations::tier_of(self.operation) {
                    Some(Tier::Restore) => "deploy/iam/ops-restore.json",
                    _ => "deploy/iam/ops-read.json",
                };
                Some(format!(
                    "the caller is missing the IAM action {} (granted by {policy})",
                    self.operation
                ))
            }
            ErrorKind::Throttled => Some(
                "the SDK's standard retries with back-off gave up; wait a minute and refresh"
                    .to_string(),
            ),
            ErrorKind::Endpoint => Some(
                "check the network, --endpoint-url and AWS_ENDPOINT_URL* variables".to_string(),
            ),
            ErrorKind::NotFound | ErrorKind::Other => None,
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({}, {})",
            self.code, self.message, self.operation, self.region
        )?;
        if let Some(hint) = self.hint() {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl StdError for AwsError {}

impl From<AwsError> for OpsError {
    fn from(error: AwsError) -> Self {
        Self::Aws(Box::new(error))
    }
}

/// Errors returned by every fallible function of this crate.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// Boxed, so every `Result` of this crate stays small.
    #[error(transparent)]
    Aws(Box<AwsError>),
    /// The reason is a sentence, so an interface can word it in its own language.
    #[error("invalid ops configuration: {0}")]
    InvalidConfig(Box<Sentence>),
    /// The reason is a sentence, as for [`OpsError::InvalidConfig`].
    #[error("invalid request: {0}")]
    InvalidInput(Box<Sentence>),
    #[error(
        "restores are disabled in this configuration: enable them (restores_enabled) to start one"
    )]
    RestoresDisabled,
    #[error("confirmation {typed:?} does not match {expected:?}: type it exactly to restore")]
    ConfirmationMismatch { expected: String, typed: String },
    #[error("restore preflight failed: {0}")]
    PreflightFailed(String),
    /// The checks, run again just before the start, failed or described another
    /// restore than the one confirmed. Nothing was sent.
    #[error(
        "nothing was sent: the fleet changed after the plan was made ({0}); plan the \
         restore again"
    )]
    PlanChanged(String),
    #[error("unexpected AWS response: {0}")]
    UnexpectedResponse(String),
    #[error("timed out after {seconds} s waiting for {waiting_for}")]
    /// `waiting_for` is a sentence, as for [`OpsError::InvalidConfig`].
    TimedOut {
        waiting_for: Box<Sentence>,
        seconds: u64,
    },
    #[error("audit log {path}: {source}")]
    AuditLog {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl OpsError {
    /// Returns the AWS failure class, or `None` for errors raised by this crate.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            OpsError::Aws(err) => Some(err.kind),
            _ => None,
        }
    }
}

/// Call context that every AWS error records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallContext<'a> {
    pub operation: &'static str,
    pub region: &'a str,
    pub profile: &'a str,
    /// Endpoint URL that the clients were configured with, for messages about
    /// failed connections. `None` means the SDK's default endpoint for the region.
    pub endpoint: Option<&'a str>,
}

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "SlowDown",
];

const CREDENTIAL_CODES: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "AuthFailure",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
];

const ACCESS_DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
];

/// Codes meaning "no such resource" that do not end in `NotFound` or
/// `DoesNotExist`. SSM returns `InvalidCommandId` for an unknown command id.
const NOT_FOUND_CODES: &[&str] = &["InvalidCommandId", "ResourceNotFound"];

/// Classifies a service error code.
pub(crate) fn kind_of_code(code: &str) -> ErrorKind {
    if THROTTLING_CODES.contains(&code) {
        ErrorKind::Throttled
    } else if CREDENTIAL_CODES.contains(&code) {
        ErrorKind::ExpiredCredentials
    } else if ACCESS_DENIED_CODES.contains(&code) {
        ErrorKind::AccessDenied
    } else if NOT_FOUND_CODES.contains(&code)
        || code.ends_with("NotFound")
        || code.ends_with("NotFoundException")
        || code.ends_with("DoesNotExist")
        || code.ends_with(".NotFound")
    {
        ErrorKind::NotFound
    } else {
        ErrorKind::Other
    }
}

/// Converts an SDK error into an [`AwsError`] that keeps the service code and
/// message.
pub(crate) fn classify<E>(err: SdkError<E, HttpResponse>, context: CallContext<'_>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let (kind, code, message, sentence) = if let Some(credentials) = credentials_error(&err) {
        let sentence = match credentials {
            // A profile that no file defines is a typing slip, not a login to renew.
            other
                if DisplayErrorContext(other)
                    .to_string()
                    .contains("was not defined") =>
            {
                sentence!(
                    "aws-profile-undefined",
                    "profile {profile} is not defined in the AWS config or credentials file",
                    profile = context.profile
                )
            }
            // With a profile named, the environment's keys are not read, so "no keys
            // in the environment" would mislead.
            // A named profile that no file contains loads nothing and gives no cause; one
            // whose SSO session expired gives that as the cause.
            CredentialsError::CredentialsNotLoaded(_)
                if context.profile != "default" && StdError::source(credentials).is_none() =>
            {
                sentence!(
                    "aws-profile-no-credentials",
                    "profile {profile} gave no credentials: no AWS config or credentials \
                     file defines it with keys",
                    profile = context.profile
                )
            }
            CredentialsError::CredentialsNotLoaded(_) => sentence!(
                "aws-no-credentials",
                "no AWS credentials were found: no keys in the environment, and no profile \
                 that provides them"
            ),
            other => sentence!(
                "aws-credentials-failed",
                "the credentials could not be loaded: {cause}",
                cause = innermost_text(other)
            ),
        };
        (
            ErrorKind::ExpiredCredentials,
            "CredentialsError".to_string(),
            sentence.text.clone(),
            Some(Box::new(sentence)),
        )
    } else {
        match &err {
            SdkError::ServiceError(service) => match service.err().code() {
                Some(code) => {
                    let message = service
                        .err()
                        .message()
                        .map(str::to_string)
                        .unwrap_or_else(|| DisplayErrorContext(service.err()).to_string());
                    (kind_of_code(code), code.to_string(), message, None)
                }
                // No parseable error body, as from a proxy or an emulator that
                // lacks the operation: the HTTP status is all there is.
                None => {
                    let status = service.raw().status().as_u16();
                    let kind = match status {
                        403 => ErrorKind::AccessDenied,
                        404 => ErrorKind::NotFound,
                        429 => ErrorKind::Throttled,
                        _ => ErrorKind::Other,
                    };
                    // AWS answers an unknown resource with an error code, so a bare
                    // 404 means the endpoint has no such operation at all.
                    let sentence = if status == 404 {
                        sentence!(
                            "aws-http-no-operation",
                            "{endpoint} answered HTTP 404 without an AWS error: it does not \
                             offer this operation, as an emulator that lacks it would",
                            endpoint = endpoint_name(context)
                        )
                    } else {
                        sentence!(
                            "aws-http-status",
                            "the service returned HTTP {status} without an error code it \
                             could parse",
                            status = status
                        )
                    };
                    (
                        kind,
                        format!("HTTP{status}"),
                        sentence.text.clone(),
                        Some(Box::new(sentence)),
                    )
                }
            },
            SdkError::DispatchFailure(dispatch) => {
                let timed_out = dispatch
                    .as_connector_error()
                    .is_some_and(|connector| connector.is_timeout());
                let cause = connection_cause(&err, timed_out);
                let endpoint = endpoint_name(context);
                let sentence = match cause.as_str() {
                    "connection refused" => sentence!(
                        "aws-connection-refused",
                        "could not connect to {endpoint}: connection refused",
                        endpoint = endpoint
                    ),
                    "connection timed out" => sentence!(
                        "aws-connection-timed-out",
                        "could not connect to {endpoint}: connection timed out",
                        endpoint = endpoint
                    ),
                    "connection reset" => sentence!(
                        "aws-connection-reset",
                        "could not connect to {endpoint}: connection reset",
                        endpoint = endpoint
                    ),
                    _ => sentence!(
                        "aws-connection-failed",
                        "could not connect to {endpoint}: {cause}",
                        endpoint = endpoint,
                        cause = cause
                    ),
                };
                let message = sentence.text.clone();
                (
                    ErrorKind::Endpoint,
                    "DispatchFailure".to_string(),
                    message,
                    Some(Box::new(sentence)),
                )
            }
            SdkError::TimeoutError(_) => {
                let sentence = sentence!(
                    "aws-request-timed-out",
                    "the request to {endpoint} timed out",
                    endpoint = endpoint_name(context)
                );
                let message = sentence.text.clone();
                (
                    ErrorKind::Endpoint,
                    "TimeoutError".to_string(),
                    message,
                    Some(Box::new(sentence)),
                )
            }
            SdkError::ResponseError(_) => {
                let sentence = sentence!(
                    "aws-response-unreadable",
                    "the response from {endpoint} could not be read: {cause}",
                    endpoint = endpoint_name(context),
                    cause = innermost_message(&err)
                );
                let message = sentence.text.clone();
                (
                    ErrorKind::Endpoint,
                    "ResponseError".to_string(),
                    message,
                    Some(Box::new(sentence)),
                )
            }
            _ => (
                ErrorKind::Other,
                "ConstructionFailure".to_string(),
                DisplayErrorContext(&err).to_string(),
                None,
            ),
        }
    };
    AwsError {
        kind,
        code,
        message,
        operation: context.operation,
        region: context.region.to_string(),
        profile: context.profile.to_string(),
        sentence,
    }
}

/// Names the endpoint a failed call went to, for connection messages.
///
/// A service's own variable, such as `AWS_ENDPOINT_URL_SSM`, wins over the shared
/// endpoint in the SDK's clients, so it wins here too. The message named the shared
/// endpoint, which worked, instead of the one that refused the connection. The service is the
/// operation's prefix (`ssm:DescribeInstanceInformation`), which is the variable's
/// suffix for every service this crate calls.
fn endpoint_name(context: CallContext<'_>) -> String {
    let service = context
        .operation
        .split_once(':')
        .map(|(service, _)| service.to_ascii_uppercase());
    let own = service
        .and_then(|service| std::env::var(format!("AWS_ENDPOINT_URL_{service}")).ok())
        .filter(|url| !url.trim().is_empty());
    match (own, context.endpoint) {
        (Some(url), _) => url,
        (None, Some(url)) => url.to_string(),
        (None, None) => format!("the AWS endpoint in {}", context.region),
    }
}

/// Words why a request could not be sent: connection refused, timed out, DNS
/// lookup failed, or else the innermost error's own text.
///
/// The SDK's own text for a dispatch failure ends with the `Debug` form of the whole
/// error chain (connector, hyper and I/O errors). So this reads only the standard I/O
/// error kinds and hyper-util's "dns error" from the chain.
fn connection_cause(err: &(dyn StdError + 'static), timed_out: bool) -> String {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(error) = current {
        if error.to_string().starts_with("dns error") {
            return format!("DNS lookup failed ({})", innermost_message(error));
        }
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
                std::io::ErrorKind::TimedOut => "connection timed out".to_string(),
                std::io::ErrorKind::ConnectionReset => "connection reset".to_string(),
                _ => io.to_string(),
            };
        }
        current = error.source();
    }
    if timed_out {
        "connection timed out".to_string()
    } else {
        innermost_message(err)
    }
}

/// Returns the `Display` text of the last error in the source chain, which names
/// the root cause without the wrappers' text.
fn innermost_message(err: &(dyn StdError + 'static)) -> String {
    let mut innermost = err;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    innermost.to_string()
}

/// Returns the credential provider's error when it failed before the request was
/// sent, as it does when an SSO session has expired or a `credential_process` fails.
fn credentials_error<'e>(err: &'e (dyn StdError + 'static)) -> Option<&'e CredentialsError> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(credentials) = e.downcast_ref::<CredentialsError>() {
            return Some(credentials);
        }
        current = e.source();
    }
    None
}

/// Returns the text of the innermost cause, such as "external process exited with
/// code 1", trimmed. The SDK's own display of the chain adds the debug form of every layer.
fn innermost_text(err: &(dyn StdError + 'static)) -> String {
    let mut innermost = err;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    innermost
        .to_string()
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_classified() {
        let cases = [
            ("ThrottlingException", ErrorKind::Throttled),
            ("RequestLimitExceeded", ErrorKind::Throttled),
            ("ExpiredToken", ErrorKind::ExpiredCredentials),
            ("AuthFailure", ErrorKind::ExpiredCredentials),
            ("UnauthorizedOperation", ErrorKind::AccessDenied),
            ("AccessDeniedException", ErrorKind::AccessDenied),
            ("InvalidInstanceID.NotFound", ErrorKind::NotFound),
            ("ResourceNotFoundException", ErrorKind::NotFound),
            ("InvocationDoesNotExist", ErrorKind::NotFound),
            ("InvalidCommandId", ErrorKind::NotFound),
            ("InvalidParameterValue", ErrorKind::Other),
        ];
        for (code, kind) in cases {
            assert_eq!(kind_of_code(code), kind, "{code}");
        }
    }

    #[test]
    fn display_is_code_message_operation_region() {
        let err = AwsError {
            kind: ErrorKind::NotFound,
            code: "InvalidInstanceID.NotFound".to_string(),
            message: "The instance ID 'i-1' does not exist".to_string(),
            operation: "ec2:DescribeInstances",
            region: "eu-west-1".to_string(),
            profile: "default".to_string(),
            sentence: None,
        };
        assert_eq!(
            err.to_string(),
            "InvalidInstanceID.NotFound: The instance ID 'i-1' does not exist \
             (ec2:DescribeInstances, eu-west-1)"
        );
    }

    /// An error with a fixed text and an optional source, standing in for the
    /// connector's wrappers, whose types cannot be built outside their crates.
    #[derive(Debug)]
    struct Wrapper {
        text: &'static str,
        source: Option<Box<dyn StdError + Send + Sync>>,
    }

    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.text)
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.source.as_deref().map(|source| source as _)
        }
    }

    fn chain(inner: &'static str, cause: std::io::Error) -> Wrapper {
        Wrapper {
            text: "client error (Connect)",
            source: Some(Box::new(Wrapper {
                text: inner,
                source: Some(Box::new(cause)),
            })),
        }
    }

    #[test]
    fn connection_causes_worded() {
        use std::io::{Error, ErrorKind as IoKind};
        let cases = [
            (
                chain("tcp connect error", Error::from(IoKind::ConnectionRefused)),
                "connection refused",
            ),
            (
                chain("tcp connect error", Error::from(IoKind::TimedOut)),
                "connection timed out",
            ),
            (
                chain(
                    "dns error",
                    Error::other("failed to lookup address information"),
                ),
                "DNS lookup failed (failed to lookup address information)",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(connection_cause(&error, false), expected);
        }
        let bare = Wrapper {
            text: "connector timed out",
            source: None,
        };
        assert_eq!(connection_cause(&bare, true), "connection timed out");
        assert_eq!(connection_cause(&bare, false), "connector timed out");
    }

    #[test]
    fn endpoint_named_or_region() {
        let mut context = CallContext {
            operation: "ec2:DescribeInstances",
            region: "eu-west-1",
            profile: "default",
            endpoint: Some("http://127.0.0.1:4566"),
        };
        assert_eq!(endpoint_name(context), "http://127.0.0.1:4566");
        context.endpoint = None;
        assert_eq!(endpoint_name(context), "the AWS endpoint in eu-west-1");
    }
}
