//! `estante login`: exchanging a password for a token and storing it.

use std::io::IsTerminal;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, LoginArgs};
use crate::client::Client;
use crate::connect::Target;
use crate::paths::Paths;
use crate::settings::{Settings, forget_login, save_login};
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

/// Revokes the token in use on its server, then removes it from config.toml when it
/// came from there. A token the server no longer has counts as revoked, so a
/// second logout, or one after the token was revoked elsewhere, still clears the
/// file.
pub async fn logout(cli: &Cli, paths: &Paths, settings: &Settings) -> Result<()> {
    let target = crate::connect::target(cli.server.as_deref(), cli.token.as_deref(), settings)?;
    let Target::Remote { server, token } = target else {
        bail!(t!("logout-embedded"));
    };
    let client = Client::new(&server, &token)?;
    match client.logout().await {
        Ok(()) => {}
        Err(error) if error.status() == Some(401) => {}
        Err(error) => {
            return Err(error).with_context(|| t!("logout-failed", server = server.as_str()));
        }
    }
    let file = paths.config_file();
    let stored = settings.token.as_deref() == Some(token.as_str());
    if stored {
        forget_login(&file)?;
    }
    tracing::info!(server = %server, "logged out");
    eprintln!(
        "{}",
        if stored {
            t!(
                "logout-done",
                server = server.as_str(),
                path = file.display().to_string()
            )
        } else {
            t!("logout-done-given", server = server.as_str())
        }
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
