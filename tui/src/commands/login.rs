//! `estante login`: exchanging a password for a token and storing it.

use std::io::IsTerminal;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, LoginArgs};
use crate::client::Client;
use crate::paths::Paths;
use crate::settings::save_login;
use crate::t;

pub async fn run(cli: &Cli, args: &LoginArgs, paths: &Paths) -> Result<()> {
    let Some(server) = cli.server.as_deref().map(crate::connect::server_base) else {
        bail!(t!("login-needs-server"));
    };
    let password = read_password(&args.user)?;
    let response = Client::login(server, &args.user, &password, &args.label)
        .await
        .with_context(|| {
            t!(
                "login-failed",
                server = server,
                user = format!("{:?}", args.user)
            )
        })?;
    let file = paths.config_file();
    save_login(&file, server, &response.token)?;
    tracing::info!(server, user = %response.user.name, "logged in");
    eprintln!(
        "{}",
        t!(
            "login-done",
            server = server,
            user = response.user.name.as_str(),
            path = file.display().to_string()
        )
    );
    Ok(())
}

/// Reads the password without echo from the terminal, or as the first line of
/// standard input when that is a pipe (for scripts).
fn read_password(user: &str) -> Result<String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(t!("login-password-prompt", user = user))
            .with_context(|| t!("login-password-terminal-failed"))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .with_context(|| t!("login-password-stdin-failed"))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.is_empty() {
        bail!(t!("login-password-empty"));
    }
    Ok(password)
}
