//! Chooses the server: a remote one from the flags or `config.toml`, or the embedded
//! one otherwise.

use crate::client::Client;
use crate::embedded::EmbeddedServer;
use crate::paths::Paths;
use crate::settings::Settings;

/// A client and, when the server runs in this process, the server itself, which
/// must be stopped with [`Connection::close`] before the process exits.
#[derive(Debug)]
pub struct Connection {
    pub client: Client,
    pub embedded: Option<EmbeddedServer>,
}

/// The server to connect to, after flags and the configuration file are combined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Remote { server: String, token: String },
    Embedded,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{}", missing_token_message(.server))]
    MissingToken { server: String },
    #[error("{}", crate::t!("connect-bad-server", server = format!("{:?}", .server)))]
    BadServer { server: String },
    #[error(transparent)]
    Embedded(#[from] crate::embedded::EmbeddedError),
    #[error(transparent)]
    Client(#[from] crate::client::ClientError),
}

fn missing_token_message(server: &str) -> String {
    crate::t!("connect-missing-token", server = server)
}

/// Returns the server's base URL without trailing slashes or a trailing `/api/v1`,
/// which the client adds to every path. The API's own URL is what a reader copies
/// from the OpenAPI document or a proxy's configuration, and with it kept, every
/// request went to `/api/v1/api/v1/...` and failed as "route not found".
pub fn server_base(server: &str) -> &str {
    let trimmed = server.trim_end_matches('/');
    trimmed
        .strip_suffix("/api/v1")
        .map_or(trimmed, |base| base.trim_end_matches('/'))
}

/// Combines the flags with the file: `--server` and `--token` (or their environment
/// variables) win over `server` and `token` in `config.toml`. A token stored for the
/// configured server is not sent to a different `--server`. A server that is not an
/// http or https URL is refused here, with the value, before any request.
pub fn target(
    server_flag: Option<&str>,
    token_flag: Option<&str>,
    settings: &Settings,
) -> Result<Target, ConnectError> {
    let server = server_flag.or(settings.server.as_deref());
    let Some(server) = server.map(server_base) else {
        return Ok(Target::Embedded);
    };
    let is_http = reqwest::Url::parse(server)
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some());
    if !is_http {
        return Err(ConnectError::BadServer {
            server: server.to_string(),
        });
    }
    let same_server = settings.server.as_deref().map(server_base) == Some(server);
    let token = token_flag.or(settings.token.as_deref().filter(|_| same_server));
    match token {
        Some(token) => Ok(Target::Remote {
            server: server.to_string(),
            token: token.to_string(),
        }),
        None => Err(ConnectError::MissingToken {
            server: server.to_string(),
        }),
    }
}

/// Returns the covers service the embedded server fetches from:
/// `ESTANTE_COVER_SOURCE`, else `cover_source` in config.toml, else none.
pub fn cover_source(settings: &Settings) -> Option<String> {
    std::env::var("ESTANTE_COVER_SOURCE")
        .ok()
        .filter(|url| !url.is_empty())
        .or_else(|| settings.cover_source.clone())
}

/// Connects to `target`, starting the embedded server when that is the target,
/// with `cover_source` as its covers service.
pub async fn connect(
    target: Target,
    paths: &Paths,
    cover_source: Option<&str>,
) -> Result<Connection, ConnectError> {
    match target {
        Target::Remote { server, token } => Ok(Connection {
            client: Client::new(&server, &token)?,
            embedded: None,
        }),
        Target::Embedded => {
            let server = EmbeddedServer::start_with_cover_source(paths, cover_source).await?;
            let client = Client::new(&server.base_url, &server.token)?;
            Ok(Connection {
                client,
                embedded: Some(server),
            })
        }
    }
}

impl Connection {
    /// Stops the embedded server, if any, after its requests finish.
    pub async fn close(self) {
        if let Some(server) = self.embedded {
            server.stop().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(server: Option<&str>, token: Option<&str>) -> Settings {
        Settings {
            server: server.map(str::to_string),
            token: token.map(str::to_string),
            ..Settings::default()
        }
    }

    #[test]
    fn nothing_configured_is_embedded() {
        assert_eq!(
            target(None, None, &Settings::default()).unwrap(),
            Target::Embedded
        );
    }

    #[test]
    fn file_server_uses_file_token() {
        let found = target(None, None, &settings(Some("http://a"), Some("t1"))).unwrap();
        assert_eq!(
            found,
            Target::Remote {
                server: "http://a".into(),
                token: "t1".into()
            }
        );
    }

    #[test]
    fn flags_win_over_file() {
        let found = target(
            Some("http://a"),
            Some("t2"),
            &settings(Some("http://a"), Some("t1")),
        );
        assert_eq!(
            found.unwrap(),
            Target::Remote {
                server: "http://a".into(),
                token: "t2".into()
            }
        );
    }

    #[test]
    fn api_url_names_the_server() {
        for url in [
            "http://a/api/v1",
            "http://a/api/v1/",
            "http://a/",
            "http://a",
        ] {
            let found = target(Some(url), None, &settings(Some("http://a"), Some("t1")));
            assert_eq!(
                found.unwrap(),
                Target::Remote {
                    server: "http://a".into(),
                    token: "t1".into()
                },
                "{url}"
            );
        }
        assert_eq!(server_base("https://a/estante/api/v1"), "https://a/estante");
        assert_eq!(server_base("https://a/api/v10"), "https://a/api/v10");
    }

    #[test]
    fn file_token_not_sent_to_other_server() {
        let found = target(
            Some("http://b"),
            None,
            &settings(Some("http://a"), Some("t1")),
        );
        assert!(matches!(found, Err(ConnectError::MissingToken { .. })));
    }
}
