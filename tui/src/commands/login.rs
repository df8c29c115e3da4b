//! `estante login`: exchanging a password for a token and storing it.

use std::io::IsTerminal;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, LoginArgs};
use crate::client::Client;
use crate::paths::Paths;
use crate::settings::save_login;

pub async fn run(cli: &Cli, args: &LoginArgs, paths: &Paths) -> Result<()> {
    let Some(server) = cli.server.as_deref() else {
        bail!("login needs the server: estante login --server URL --user NAME");
    };
    let password = read_password(&args.user)?;
    let response = Client::login(server, &args.user, &password, &args.label)
        .await
        .with_context(|| format!("failed to log in to {server} as {:?}", args.user))?;
    let file = paths.config_file();
    save_login(&file, server, &response.token)?;
    tracing::info!(server, user = %response.user.name, "logged in");
    eprintln!(
        "Logged in to {server} as {}. The token is stored in {}.",
        response.user.name,
        file.display()
    );
    Ok(())
}

/// Reads the password without echo from the terminal, or as the first line of
/// standard input when that is a pipe (for scripts).
fn read_password(user: &str) -> Result<String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {user}: "))
            .context("failed to read the password from the terminal")?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("failed to read the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.is_empty() {
        bail!("the password is empty");
    }
    Ok(password)
}
