//! The command line: global options and the subcommands for scripts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "estante",
    version,
    about = "A personal book library in the terminal",
    long_about = "A personal book library in the terminal. With no subcommand, opens the \
                  app; without --server it runs its own server on 127.0.0.1 with a SQLite \
                  file in the data folder."
)]
pub struct Cli {
    /// Base URL of a remote estante server, such as https://books.example.org. The
    /// embedded server is used when neither this nor `server` in config.toml is set.
    #[arg(long, global = true, env = "ESTANTE_SERVER")]
    pub server: Option<String>,

    /// Bearer token for --server; `estante login` stores one in config.toml.
    #[arg(long, global = true, env = "ESTANTE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// Folder of the embedded server's database (default: the XDG data folder,
    /// ~/.local/share/estante).
    #[arg(long, global = true, env = "ESTANTE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Folder of config.toml and the local token (default: the XDG config folder,
    /// ~/.config/estante).
    #[arg(long, global = true, env = "ESTANTE_CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,

    /// AWS profile for the Ops tab and `estante ops` (default: `profile` under [ops]
    /// in config.toml, then AWS_PROFILE).
    #[arg(long, global = true, help_heading = "AWS",
          value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub profile: Option<String>,
    /// AWS region, such as eu-west-1 (default: `region` under [ops] in config.toml,
    /// then AWS_REGION or the profile's region).
    #[arg(long, global = true, help_heading = "AWS")]
    pub region: Option<String>,
    /// Endpoint for every AWS service, for emulators such as moto (default:
    /// `endpoint_url` under [ops] in config.toml, then AWS_ENDPOINT_URL).
    #[arg(long, global = true, help_heading = "AWS")]
    pub endpoint_url: Option<String>,
    /// Allow restores from the Ops tab and `estante ops restore`; read-only without
    /// it unless `restores_enabled = true` is set under [ops] in config.toml.
    #[arg(long, global = true, help_heading = "AWS")]
    pub enable_restores: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in to a remote server and store its token in config.toml (mode 0600).
    Login(LoginArgs),
    /// Revoke the stored token on its server and remove it from config.toml.
    Logout,
    /// Import a Goodreads, StoryGraph, LibraryThing or estante archive file.
    Import(ImportArgs),
    /// Export the library as a Goodreads CSV or the lossless estante archive.
    Export(ExportArgs),
    /// List, search, show, add, rate and set the status of books.
    #[command(subcommand)]
    Books(BooksCommand),
    /// Reading statistics for a year or for all time.
    Stats(StatsArgs),
    /// Inspect the AWS fleet behind a shared server, and restore it.
    Ops(OpsArgs),
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Output {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The user name on the server.
    #[arg(long)]
    pub user: String,
    /// Name the token is listed under on the server (default: estante).
    #[arg(long, default_value = "estante")]
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormatArg {
    Auto,
    Goodreads,
    Storygraph,
    Librarything,
    Archive,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The export file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = ImportFormatArg::Auto)]
    pub format: ImportFormatArg,
    #[arg(long, value_enum, default_value_t)]
    pub output: Output,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Goodreads,
    Archive,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// File to write, replaced when it exists, or a folder to write a new file in;
    /// standard output when absent or `-`.
    #[arg(short = 'o', long = "out")]
    pub file: Option<PathBuf>,
    /// How to report the result when writing to a file.
    #[arg(long, value_enum, default_value_t)]
    pub output: Output,
}

#[derive(Debug, Subcommand)]
pub enum BooksCommand {
    /// List books, optionally filtered.
    List(ListArgs),
    /// Full-text search over title, authors, series, tags and review.
    Search {
        /// Words that must all match; each matches as a prefix.
        query: String,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one book with its status, rating, review, readings, shelves and tags.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        output: Output,
    },
    /// Add a book by hand.
    Add(AddArgs),
    /// Rate a book in stars, in quarter steps (0.25 to 5); 0 clears the rating.
    Rate {
        id: i64,
        #[arg(allow_negative_numbers = true, value_parser = parse_stars)]
        stars: f64,
        #[arg(long, value_enum, default_value_t)]
        output: Output,
    },
    /// Upload a JPEG or PNG image (at most 2 MiB) as the book's cover, replacing any
    /// earlier one.
    Cover {
        id: i64,
        /// The image file.
        #[arg(long)]
        file: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        output: Output,
    },
    /// Merge another copy of a book into this one, as for a duplicate that an import
    /// flagged, and delete the copy. This book keeps its values and takes those it
    /// lacks; readings, shelves and tags are joined, and both reviews are kept.
    Merge {
        /// The book to keep.
        id: i64,
        /// The copy to merge into it and delete.
        from: i64,
        #[arg(long, value_enum, default_value_t)]
        output: Output,
    },
    /// Delete a book with its readings, shelf and tag links, and cover. It prompts
    /// first on a terminal, and scripts pass --yes.
    Delete {
        id: i64,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
        #[arg(long, value_enum, default_value_t)]
        output: Output,
    },
    /// Set the reading status: want_to_read, reading, read, did_not_finish or paused,
    /// in any case, or an alias such as dnf, to-read or finished.
    Status {
        id: i64,
        status: String,
        #[arg(long, value_enum, default_value_t)]
        output: Output,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only books with this status (want_to_read, reading, read, did_not_finish,
    /// paused, or an alias such as dnf).
    #[arg(long)]
    pub status: Option<String>,
    /// Only books on this shelf.
    #[arg(long)]
    pub shelf: Option<String>,
    /// Only books with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Sort key: title, author, added, rating, read or pages.
    #[arg(long, default_value = "title")]
    pub sort: String,
    /// Sort in descending order.
    #[arg(long)]
    pub desc: bool,
    /// Stop after this many books (default: all).
    #[arg(long, allow_negative_numbers = true, value_parser = parse_limit)]
    pub limit: Option<usize>,
    #[arg(long, value_enum, default_value_t)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub title: String,
    /// An author; repeat for several.
    #[arg(long = "author")]
    pub authors: Vec<String>,
    /// ISBN-10 or ISBN-13.
    #[arg(long)]
    pub isbn: Option<String>,
    #[arg(long, allow_negative_numbers = true, value_parser = parse_pages)]
    pub pages: Option<i64>,
    /// Year of publication.
    #[arg(long, allow_negative_numbers = true)]
    pub year: Option<i64>,
    #[arg(long)]
    pub publisher: Option<String>,
    /// Reading status (default: want_to_read).
    #[arg(long)]
    pub status: Option<String>,
    /// Rating in stars, in quarter steps.
    #[arg(long, allow_negative_numbers = true, value_parser = parse_stars)]
    pub rating: Option<f64>,
    #[arg(long, value_enum, default_value_t)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Calendar year; all time when absent.
    #[arg(long, allow_negative_numbers = true)]
    pub year: Option<i32>,
    #[arg(long, value_enum, default_value_t)]
    pub output: Output,
}

/// `estante ops`. The AWS connection comes from the global `--profile`, `--region`
/// and `--endpoint-url`, else `[ops]` in config.toml, else the standard AWS chain
/// (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, the shared config files, SSO).
#[derive(Debug, Args)]
pub struct OpsArgs {
    #[arg(long, value_enum, default_value_t, global = true)]
    pub output: Output,
    /// Resource to read; without one, the app opens on the Ops tab.
    #[command(subcommand)]
    pub command: Option<OpsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum OpsCommand {
    /// The account and caller ARN of the credentials, from STS.
    Whoami,
    /// EC2 instances with their state, status checks and SSM agent.
    Instances {
        /// Only instances with this tag, as key=value; repeat for several, which
        /// must all match.
        #[arg(long, value_parser = parse_tag)]
        tag: Vec<(String, String)>,
        /// Only instances in this state (pending, running, stopped, ...); repeat for several.
        #[arg(long = "state", value_parser = [
            "pending", "running", "shutting-down", "terminated", "stopping", "stopped",
        ])]
        states: Vec<String>,
    },
    /// CloudWatch alarms, those in ALARM first.
    Alarms,
    /// CloudWatch metrics of one instance.
    Metrics {
        #[arg(value_parser = parse_instance_id)]
        instance_id: String,
        /// Length of the window that ends now, in hours, from 1 to 10920 (CloudWatch
        /// keeps 455 days).
        #[arg(long, default_value_t = 3, allow_negative_numbers = true,
              value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_METRIC_HOURS)))]
        hours: u32,
        /// Length of one data point, in seconds (a multiple of 60).
        #[arg(long, default_value_t = 300, allow_negative_numbers = true)]
        period: i32,
    },
    /// EBS volumes, optionally of one instance.
    Volumes {
        #[arg(value_parser = parse_instance_id)]
        instance: Option<String>,
    },
    /// EBS snapshots and the instances whose newest snapshot is too old.
    Snapshots {
        /// Age after which an instance's newest snapshot counts as stale, such as
        /// 24h, 2d or 90m; a bare number is hours (default: 24h).
        #[arg(long, value_parser = parse_age)]
        max_age: Option<std::time::Duration>,
    },
    /// AWS Backup recovery points (the default), vaults or plans.
    Backups {
        #[command(subcommand)]
        list: Option<BackupsCommand>,
        /// Only this vault's recovery points.
        #[arg(long)]
        vault: Option<String>,
    },
    /// AWS Backup backup jobs, failed ones first, or restore jobs, newest first.
    Jobs {
        /// How far back to look, in hours, from 1 to 876000.
        #[arg(long, default_value_t = 72, allow_negative_numbers = true,
              value_parser = clap::value_parser!(u32).range(1..=(MAX_AGE_DAYS * 24) as i64))]
        hours: u32,
        /// List restore jobs in place of backup jobs.
        #[arg(long)]
        restores: bool,
    },
    /// Systems Manager Run Command commands, optionally of one instance.
    Commands {
        #[arg(long, value_parser = parse_instance_id)]
        instance: Option<String>,
    },
    /// Restore an instance from a snapshot, a recovery point or a database backup.
    Restore(RestoreArgs),
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum BackupsCommand {
    /// Recovery points of every vault, or of --vault.
    Points {
        /// Only this vault's recovery points.
        #[arg(long)]
        vault: Option<String>,
    },
    /// Backup vaults with their recovery point counts.
    Vaults,
    /// Backup plans and when they last ran.
    Plans,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["snapshot", "recovery_point", "backup_key"]))]
pub struct RestoreArgs {
    /// Instance the restore targets.
    #[arg(long)]
    pub instance: String,
    /// EBS snapshot id to restore: as its AWS Backup recovery point when AWS Backup
    /// made it, else by swapping it in for the instance's data volume.
    #[arg(long)]
    pub snapshot: Option<String>,
    /// AWS Backup recovery point ARN to restore; needs --vault.
    #[arg(long, requires = "vault")]
    pub recovery_point: Option<String>,
    /// Backup vault of --recovery-point.
    #[arg(long)]
    pub vault: Option<String>,
    /// Database backup key for `estante-server restore --from` on the instance.
    #[arg(long)]
    pub backup_key: Option<String>,
    /// Role AWS Backup assumes to create the resource (default:
    /// service-role/AWSBackupDefaultServiceRole).
    #[arg(long)]
    pub role_arn: Option<String>,
    /// The confirmation text (the instance id or database name), for scripts; read
    /// from the terminal or standard input when absent.
    #[arg(long)]
    pub confirm: Option<String>,
}

/// Parses `--max-age`: a whole number with `m`, `h` or `d`, or bare hours.
fn parse_age(text: &str) -> Result<std::time::Duration, String> {
    let (number, unit_seconds) = match text.chars().last() {
        Some('m') => (&text[..text.len() - 1], 60),
        Some('h') => (&text[..text.len() - 1], 3600),
        Some('d') => (&text[..text.len() - 1], 86_400),
        _ => (text, 3600),
    };
    let count: u64 = number
        .parse()
        .map_err(|_| crate::t!("cli-error-age", value = text))?;
    count
        .checked_mul(unit_seconds)
        .filter(|seconds| *seconds <= MAX_AGE_DAYS * 86_400)
        .map(std::time::Duration::from_secs)
        .ok_or_else(|| crate::t!("cli-error-age-too-long", value = text, days = MAX_AGE_DAYS))
}

/// The longest `--max-age`: a century, far beyond any snapshot schedule, and short
/// enough that subtracting it from a date cannot overflow.
const MAX_AGE_DAYS: u64 = 36_500;

/// The maximum metrics window: CloudWatch keeps data points for 455 days.
const MAX_METRIC_HOURS: u32 = 455 * 24;

/// Parses a number of stars with a decimal point or a decimal comma, so `4,25` works
/// as the Portuguese help writes it. The range and quarter steps are checked later,
/// by `Rating::from_stars`, whose messages name the allowed values.
fn parse_stars(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let normalized = if trimmed.matches(',').count() == 1 && !trimmed.contains('.') {
        trimmed.replace(',', ".")
    } else {
        trimmed.to_string()
    };
    normalized
        .parse::<f64>()
        .ok()
        .filter(|stars| stars.is_finite())
        .ok_or_else(|| crate::t!("cli-error-stars"))
}

/// Parses a page count as typed in the interface language, such as `1.234` in
/// Portuguese. A number the server would refuse is left to it, which names the
/// field; one too large to parse is reported as outside the range it takes.
fn parse_pages(text: &str) -> Result<i64, String> {
    crate::i18n::format::parse_integer(text).ok_or_else(|| {
        crate::i18n::format::integer_range_error(text, 0, estante_backend::validate::MAX_PAGES)
    })
}

/// Parses `--limit`, a count of books. Negative numbers reach this parser (the
/// argument allows them) so that they get a range message, not "unexpected argument".
fn parse_limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<i128>() {
        // Zero books would print "No books match", which reads as an empty library.
        Ok(count) if count < 1 => Err(crate::t!("cli-error-negative-limit")),
        Ok(count) => usize::try_from(count).map_err(|_| crate::i18n::format::integer_error(text)),
        Err(_) => Err(crate::i18n::format::integer_error(text)),
    }
}

/// Checks the form of an EC2 instance id: `i-` and 8 or 17 lowercase hex digits. A
/// typing slip such as `foo` listed nothing and exited with success, as for an
/// instance that does not exist.
fn parse_instance_id(text: &str) -> Result<String, String> {
    let valid = text.strip_prefix("i-").is_some_and(|digits| {
        matches!(digits.len(), 8 | 17)
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    });
    if valid {
        Ok(text.to_string())
    } else {
        Err(crate::t!(
            "cli-error-instance-id",
            value = format!("{text:?}")
        ))
    }
}

/// Parses `key=value` for `--tag`.
fn parse_tag(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(crate::t!("cli-error-tag", value = text)),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{parse_age, parse_instance_id, parse_limit, parse_pages, parse_stars, parse_tag};

    #[test]
    fn instance_ids_checked_for_form() {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        for id in ["i-0123456789abcdef0", "i-0a1b2c3d"] {
            assert_eq!(parse_instance_id(id), Ok(id.to_string()));
        }
        for id in [
            "foo",
            "i-0123",
            "I-0123456789ABCDEF0",
            "vol-0123456789abcdef0",
        ] {
            let error = parse_instance_id(id).unwrap_err();
            assert!(error.contains(&format!("{id:?}")), "{error}");
        }
    }

    /// Twenty digits of pages were reported as past the largest integer, a limit the
    /// server does not take; the message names the range of pages instead.
    #[test]
    fn pages_too_large_name_their_range() {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        assert_eq!(parse_pages("320"), Ok(320));
        assert_eq!(
            parse_pages("99999999999999999999"),
            Err("\"99999999999999999999\" is not between 0 and 100,000".to_string())
        );
        assert!(parse_pages("many").unwrap_err().contains("many"));
    }

    #[test]
    fn backups_vault_before_or_after_points() {
        use clap::Parser;

        use super::{BackupsCommand, Cli, Command, OpsCommand};

        let vault = |args: &[&str]| {
            let cli = Cli::try_parse_from(args).unwrap();
            let Some(Command::Ops(ops)) = cli.command else {
                panic!("not an ops command: {args:?}");
            };
            match ops.command {
                Some(OpsCommand::Backups { list, vault }) => (list, vault),
                other => panic!("{other:?}"),
            }
        };

        let (_, before) = vault(&["estante", "ops", "backups", "--vault", "daily", "points"]);
        assert_eq!(before.as_deref(), Some("daily"));
        let (after, _) = vault(&["estante", "ops", "backups", "points", "--vault", "daily"]);
        assert_eq!(
            after,
            Some(BackupsCommand::Points {
                vault: Some("daily".to_string())
            })
        );
        let vaults = ["estante", "ops", "backups", "vaults", "--vault", "daily"];
        assert!(Cli::try_parse_from(vaults).is_err());
    }

    #[test]
    fn age_units() {
        assert_eq!(parse_age("0h"), Ok(Duration::ZERO));
        assert_eq!(parse_age("24"), Ok(Duration::from_secs(24 * 3600)));
        assert_eq!(parse_age("90m"), Ok(Duration::from_secs(90 * 60)));
        assert_eq!(parse_age("2d"), Ok(Duration::from_secs(2 * 86_400)));
        assert!(parse_age("2x").is_err());
        assert!(parse_age("h").is_err());
        // Once a panic when the cut-off date was computed.
        for huge in ["100000000d", "99999999999999h", "18446744073709551615m"] {
            let error = parse_age(huge).unwrap_err();
            assert!(error.contains("longest age"), "{huge}: {error}");
        }
        assert_eq!(
            parse_age("36500d"),
            Ok(Duration::from_secs(36_500 * 86_400))
        );
        assert!(parse_age("-1h").is_err());
    }

    #[test]
    fn tag_key_value() {
        assert_eq!(
            parse_tag("app=estante"),
            Ok(("app".to_string(), "estante".to_string()))
        );
        assert_eq!(parse_tag("env="), Ok(("env".to_string(), String::new())));
        assert!(parse_tag("=estante").is_err());
        assert!(parse_tag("app").is_err());
    }

    #[test]
    fn stars_decimal_comma_or_point() {
        assert_eq!(parse_stars("4,25"), Ok(4.25));
        assert_eq!(parse_stars("4.25"), Ok(4.25));
        assert_eq!(parse_stars("0,5"), Ok(0.5));
        assert_eq!(parse_stars("5"), Ok(5.0));
        assert_eq!(parse_stars("-1"), Ok(-1.0));
        assert!(parse_stars("4,2,5").is_err());
        assert!(parse_stars("1.000,5").is_err());
        assert!(parse_stars("four").is_err());
        assert!(parse_stars("NaN").is_err());
        assert!(parse_stars("inf").is_err());
    }

    #[test]
    fn limit_rejects_negatives() {
        assert_eq!(parse_limit("25"), Ok(25));
        for rejected in ["-1", "0"] {
            let error = crate::i18n::with_language(crate::i18n::Language::English, || {
                parse_limit(rejected)
            });
            assert_eq!(
                error,
                Err("must be 1 or more; leave --limit out to list every book".to_string()),
                "{rejected}"
            );
        }
        assert!(parse_limit("ten").is_err());
        let huge = crate::i18n::with_language(crate::i18n::Language::English, || {
            parse_limit("99999999999999999999")
        });
        assert!(huge.is_err_and(|error| error.contains("is too large")));
    }
}
