//! Systems Manager Run Command history and per-instance output.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::OpsError;
use crate::fleet::Fleet;
use crate::listing::{Listing, collect_pages, from_pages};
use crate::operations::Tier;
use crate::time::opt_utc;

pub(crate) const OPERATIONS: &[(&str, Tier)] = &[
    ("ssm:ListCommands", Tier::Read),
    ("ssm:ListCommandInvocations", Tier::Read),
    ("ssm:GetCommandInvocation", Tier::Read),
];

/// One Run Command request, across all its target instances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Command {
    pub id: String,
    pub document_name: Option<String>,
    pub comment: Option<String>,
    pub requested: Option<DateTime<Utc>>,
    /// `Pending`, `InProgress`, `Success`, `Cancelled`, `Failed`, `TimedOut` or
    /// `Cancelling`.
    pub status: String,
    pub status_details: Option<String>,
    pub instance_ids: Vec<String>,
    pub target_count: i32,
    pub completed_count: i32,
    pub error_count: i32,
}

/// A command's run on one instance, with each plugin's output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommandInvocation {
    pub command_id: String,
    pub instance_id: String,
    pub instance_name: Option<String>,
    pub document_name: Option<String>,
    pub requested: Option<DateTime<Utc>>,
    /// `Pending`, `InProgress`, `Delayed`, `Success`, `Cancelled`, `TimedOut`,
    /// `Failed` or `Cancelling`.
    pub status: String,
    pub status_details: Option<String>,
    pub plugins: Vec<PluginOutput>,
}

/// Output of one step (plugin) of a command document on one instance. SSM
/// truncates `output` to the first 2,500 characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PluginOutput {
    pub name: String,
    pub status: String,
    pub response_code: i32,
    pub output: Option<String>,
}

/// GetCommandInvocation result: the status and output of a command on one
/// instance. SSM truncates stdout to 24,000 and stderr to 8,000 characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvocationOutput {
    pub command_id: String,
    pub instance_id: String,
    pub status: String,
    pub status_details: Option<String>,
    /// Exit code of the script; -1 while it has not finished.
    pub response_code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Reports whether a Run Command invocation status is final.
pub fn is_terminal_invocation_status(status: &str) -> bool {
    matches!(status, "Success" | "Cancelled" | "TimedOut" | "Failed")
}

impl Fleet {
    /// Lists Run Command requests, newest first, only those that targeted
    /// `instance_id` when it is given. SSM keeps 30 days of history.
    #[tracing::instrument(skip_all, fields(region = %self.region()))]
    pub async fn commands(&self, instance_id: Option<&str>) -> Result<Listing<Command>, OpsError> {
        // ListCommands accepts 1 to 50 rows per page.
        let request = self
            .clients
            .ssm
            .list_commands()
            .set_instance_id(instance_id.map(str::to_string))
            .set_max_results(self.page_size().map(|n| n.clamp(1, 50)));
        let operation = "ssm:ListCommands";
        let pages = collect_pages!(self, operation, request.into_paginator());
        let mut listing = from_pages(self, operation, pages, |page| {
            page.commands
                .unwrap_or_default()
                .into_iter()
                .map(|command| Command {
                    id: command.command_id().unwrap_or_default().to_string(),
                    document_name: command.document_name().map(str::to_string),
                    comment: command.comment().map(str::to_string),
                    requested: opt_utc(command.requested_date_time()),
                    status: command
                        .status()
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    status_details: command.status_details().map(str::to_string),
                    instance_ids: command.instance_ids().to_vec(),
                    target_count: command.target_count(),
                    completed_count: command.completed_count(),
                    error_count: command.error_count(),
                })
                .collect()
        })?;
        listing
            .items
            .sort_by_key(|command| std::cmp::Reverse(command.requested));
        Ok(listing)
    }

    /// Lists the per-instance runs of `command_id` with each plugin's output.
    #[tracing::instrument(skip_all, fields(region = %self.region(), command_id))]
    pub async fn command_invocations(
        &self,
        command_id: &str,
    ) -> Result<Listing<CommandInvocation>, OpsError> {
        let request = self
            .clients
            .ssm
            .list_command_invocations()
            .command_id(command_id)
            .details(true)
            .set_max_results(self.page_size().map(|n| n.clamp(1, 50)));
        let operation = "ssm:ListCommandInvocations";
        let pages = collect_pages!(self, operation, request.into_paginator());
        from_pages(self, operation, pages, |page| {
            page.command_invocations
                .unwrap_or_default()
                .into_iter()
                .map(invocation_row)
                .collect()
        })
    }

    /// Reads the status and output of `command_id` on `instance_id`.
    ///
    /// Right after SendCommand this fails with `InvocationDoesNotExist`
    /// ([`crate::ErrorKind::NotFound`]) until SSM has registered the invocation.
    #[tracing::instrument(skip_all, fields(region = %self.region(), command_id, instance_id))]
    pub async fn command_output(
        &self,
        command_id: &str,
        instance_id: &str,
    ) -> Result<InvocationOutput, OpsError> {
        let output = self
            .call(
                "ssm:GetCommandInvocation",
                self.clients
                    .ssm
                    .get_command_invocation()
                    .command_id(command_id)
                    .instance_id(instance_id)
                    .send(),
            )
            .await?;
        Ok(InvocationOutput {
            command_id: command_id.to_string(),
            instance_id: instance_id.to_string(),
            status: output
                .status()
                .map(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            status_details: output.status_details().map(str::to_string),
            response_code: output.response_code(),
            stdout: output
                .standard_output_content()
                .unwrap_or_default()
                .to_string(),
            stderr: output
                .standard_error_content()
                .unwrap_or_default()
                .to_string(),
        })
    }
}

fn invocation_row(invocation: aws_sdk_ssm::types::CommandInvocation) -> CommandInvocation {
    CommandInvocation {
        command_id: invocation.command_id().unwrap_or_default().to_string(),
        instance_id: invocation.instance_id().unwrap_or_default().to_string(),
        instance_name: invocation
            .instance_name()
            .filter(|n| !n.is_empty())
            .map(str::to_string),
        document_name: invocation.document_name().map(str::to_string),
        requested: opt_utc(invocation.requested_date_time()),
        status: invocation
            .status()
            .map(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        status_details: invocation.status_details().map(str::to_string),
        plugins: invocation
            .command_plugins()
            .iter()
            .map(|plugin| PluginOutput {
                name: plugin.name().unwrap_or_default().to_string(),
                status: plugin
                    .status()
                    .map(|s| s.as_str())
                    .unwrap_or_default()
                    .to_string(),
                response_code: plugin.response_code(),
                output: plugin.output().map(str::to_string),
            })
            .collect(),
    }
}
