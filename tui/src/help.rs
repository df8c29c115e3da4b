//! The command line's help and usage errors in the interface language.
//!
//! clap writes its help from the doc comments of [`Cli`], in English, with English
//! headings, and its own English error messages. [`command`] rebuilds that help
//! from the message catalogues: every command's description, every argument's help
//! and value name, the headings and the usage line. [`parse`] turns clap's usage
//! errors into catalogue messages too. The ids follow the command path, so
//! `estante books list --sort` has its help under `cli-arg-books-list-sort`, and the
//! catalogue test walks the same tree through [`message_ids`].

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use std::path::PathBuf;

use crate::cli::Cli;
use crate::i18n::Language;
use crate::paths::Paths;
use crate::settings::Settings;

/// Picks the interface language for the command line itself, before its arguments
/// are parsed: the `language` setting in config.toml of the folder that `--config-dir`
/// or `ESTANTE_CONFIG_DIR` names, else of the XDG config folder, then the locale
/// variables. A settings file that does not load is ignored here; the command
/// reports it later, once it has a language.
pub fn startup_language() -> Language {
    let mut args = std::env::args_os().skip(1);
    let mut config_dir = std::env::var_os("ESTANTE_CONFIG_DIR").map(PathBuf::from);
    while let Some(arg) = args.next() {
        let arg = arg.to_string_lossy().into_owned();
        if arg == "--" {
            break;
        } else if arg == "--config-dir" {
            config_dir = args.next().map(PathBuf::from);
        } else if let Some(dir) = arg.strip_prefix("--config-dir=") {
            config_dir = Some(PathBuf::from(dir));
        }
    }
    let setting = Paths::resolve(None, config_dir)
        .ok()
        .and_then(|paths| Settings::load(&paths.config_file()).ok())
        .and_then(|settings| settings.language);
    Language::from_environment(setting.as_deref())
}

/// Returns the clap command of [`Cli`] with every text taken from the catalogue of
/// the current language.
pub fn command() -> Command {
    let mut command = Cli::command();
    // Building adds the help and version flags and the `help` subcommand, and copies
    // the global options into every subcommand, so each copy gets its text below.
    command.build();
    localize(command, &[])
}

/// Renders the manual page of [`command`] in the language in force. clap_mangen
/// writes the section headings (NAME, SYNOPSIS and the rest) in English whatever the
/// command's texts are, so each `.SH` line it writes is replaced with the catalogue's
/// heading. A heading with a space goes in quotes, or roff would read two arguments.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command()).render(&mut page)?;
    let page = String::from_utf8(page).map_err(std::io::Error::other)?;

    let headings = [
        ("NAME", crate::t!("man-name")),
        ("SYNOPSIS", crate::t!("man-synopsis")),
        ("DESCRIPTION", crate::t!("man-description")),
        ("OPTIONS", crate::t!("man-options")),
        ("SUBCOMMANDS", crate::t!("man-subcommands")),
        ("EXTRA", crate::t!("man-extra")),
        ("VERSION", crate::t!("man-version")),
        ("AUTHORS", crate::t!("man-authors")),
    ];
    let mut localized = String::with_capacity(page.len());
    for line in page.split_inclusive('\n') {
        let Some(english) = line.strip_prefix(".SH ").map(str::trim_end) else {
            localized.push_str(line);
            continue;
        };
        let heading = match headings.iter().find(|(name, _)| *name == english) {
            Some((_, heading)) if heading.contains(' ') => format!("\"{heading}\""),
            Some((_, heading)) => heading.clone(),
            // The command's own headings, such as the commands heading, come from the
            // catalogue already; they are upper-cased as the others are.
            None => english.to_uppercase(),
        };
        localized.push_str(&format!(".SH {heading}\n"));
    }
    Ok(localized.into_bytes())
}

/// Parses the process arguments with the localized command. Help and version go to
/// standard output. A usage error goes to standard error as a catalogue message with
/// the usage line, and the process exits with status 2, as clap's own errors do.
pub fn parse() -> Cli {
    let mut command = command();
    let matches = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(matches) => matches,
        Err(error) => exit_with(&mut command, error),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => exit_with(&mut command, error),
    }
}

fn exit_with(command: &mut Command, error: clap::Error) -> ! {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) || !error.use_stderr()
    {
        error.exit();
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // The help of the command that lacks its subcommand, already localized.
        let _ = error.print();
        std::process::exit(2);
    }
    // The usage of the subcommand the error is in, which clap keeps with the error.
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => usage.to_string(),
        _ => usage_for_args(command),
    };
    let usage = match usage.split_once(": ") {
        Some((_, rest)) => format!("{}: {rest}", crate::t!("cli-heading-usage")),
        None => usage,
    };
    // A closed standard error, as when `2>&1 | head -1` has read its line, must not
    // turn a usage error into a panic's exit status.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("{}\n", error_message(&error, &usage)).as_bytes(),
    );
    std::process::exit(2);
}

/// Words a usage error from the catalogue: what was wrong, any suggestion, the
/// usage line of the command and where to read more.
pub fn error_message(error: &clap::Error, usage: &str) -> String {
    let text = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(value)) => value.clone(),
        Some(ContextValue::Strings(values)) => values.join(", "),
        Some(ContextValue::StyledStr(value)) => value.to_string(),
        Some(ContextValue::StyledStrs(values)) => values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(value)) => value.to_string(),
        Some(ContextValue::Bool(value)) => value.to_string(),
        _ => String::new(),
    };
    let argument = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let problem = match error.kind() {
        ErrorKind::UnknownArgument => crate::t!("cli-error-unknown-argument", argument = argument),
        ErrorKind::InvalidSubcommand => crate::t!(
            "cli-error-unknown-command",
            command = text(ContextKind::InvalidSubcommand)
        ),
        // clap reports an empty string given to an option that needs text as an
        // invalid value with no valid values to list.
        ErrorKind::InvalidValue if value.is_empty() => {
            crate::t!("cli-error-empty-value", argument = argument)
        }
        ErrorKind::InvalidValue => crate::t!(
            "cli-error-invalid-value",
            value = value,
            argument = argument,
            valid = text(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => crate::t!(
            "cli-error-value-validation",
            value = value,
            argument = argument,
            reason = validation_reason(error)
        ),
        ErrorKind::MissingRequiredArgument => {
            crate::t!("cli-error-missing-argument", arguments = argument)
        }
        ErrorKind::MissingSubcommand => crate::t!("cli-error-missing-command"),
        ErrorKind::ArgumentConflict => crate::t!(
            "cli-error-conflict",
            argument = argument,
            other = text(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            crate::t!("cli-error-value-count", argument = argument)
        }
        ErrorKind::NoEquals => crate::t!("cli-error-no-equals", argument = argument),
        _ => crate::t!("cli-error-other", argument = argument),
    };

    let mut message = crate::t!("cli-usage-error", problem = problem);
    let suggestion = match (
        error.get(ContextKind::SuggestedArg),
        error.get(ContextKind::SuggestedSubcommand),
    ) {
        (Some(_), _) => Some(text(ContextKind::SuggestedArg)),
        (None, Some(_)) => Some(text(ContextKind::SuggestedSubcommand)),
        (None, None) => None,
    };
    if let Some(suggestion) = suggestion {
        message.push_str("\n\n  ");
        message.push_str(&crate::t!("cli-error-suggestion", suggestion = suggestion));
    }
    message.push_str("\n\n");
    message.push_str(usage);
    message.push_str("\n\n");
    message.push_str(&crate::t!("cli-error-more"));
    message
}

/// Explains why a value parser rejected a value. The standard number parsers give
/// English text, so those get catalogue messages. The app's own parsers already
/// return text in the interface language.
fn validation_reason(error: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(error) else {
        return crate::t!("cli-error-not-accepted");
    };
    if let Some(error) = source.downcast_ref::<std::num::ParseIntError>() {
        // Twenty digits are a whole number, only too large for the argument.
        match error.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                crate::t!("cli-error-too-large")
            }
            _ => crate::t!("cli-error-not-integer"),
        }
    } else if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        crate::t!("cli-error-not-number")
    } else {
        source.to_string()
    }
}

/// Renders the usage line of the deepest subcommand that the arguments name, for errors
/// that clap reports without one.
fn usage_for_args(command: &mut Command) -> String {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .take_while(|arg| arg != "--")
        .collect();
    usage_at(command, &args)
}

fn usage_at(command: &mut Command, args: &[String]) -> String {
    for (index, arg) in args.iter().enumerate() {
        if let Some(sub) = command.find_subcommand_mut(arg) {
            return usage_at(sub, &args[index + 1..]);
        }
    }
    command.render_usage().to_string()
}

/// Lists every message id that [`command`] may look up, for the catalogue test: an
/// argument's own id and its shared one.
pub fn message_ids() -> Vec<String> {
    let mut ids = Vec::new();
    walk(&mut |path, command| {
        ids.push(about_id(path));
        if command.get_long_about().is_some() {
            ids.push(format!("{}.long", about_id(path)));
        }
        for arg in visible_args(command) {
            ids.extend(arg_ids(path, arg));
            ids.extend(value_names(arg).iter().map(|name| value_id(name)));
        }
    });
    ids.sort();
    ids.dedup();
    ids
}

/// Lists the commands and arguments whose help `language` has no message for.
pub fn missing_messages(language: Language) -> Vec<String> {
    let mut missing = Vec::new();
    let has = |id: &str| crate::i18n::has_message(language, id);
    walk(&mut |path, command| {
        let about = about_id(path);
        if !has(&about) {
            missing.push(about.clone());
        }
        if command.get_long_about().is_some() && !has(&format!("{about}.long")) {
            missing.push(format!("{about}.long"));
        }
        for arg in visible_args(command) {
            let ids = arg_ids(path, arg);
            if !ids.iter().any(|id| has(id)) {
                missing.push(ids.join(" or "));
            }
            for name in value_names(arg) {
                if !has(&value_id(&name)) {
                    missing.push(value_id(&name));
                }
            }
        }
    });
    missing
}

/// Calls `visit` with the path and the built command of [`Cli`] and of each of its
/// subcommands.
fn walk(visit: &mut dyn FnMut(&[&str], &Command)) {
    fn visit_all(command: &Command, path: &[&str], visit: &mut dyn FnMut(&[&str], &Command)) {
        visit(path, command);
        for sub in command.get_subcommands() {
            let mut sub_path = path.to_vec();
            sub_path.push(sub.get_name());
            visit_all(sub, &sub_path, visit);
        }
    }
    let mut command = Cli::command();
    command.build();
    visit_all(&command, &[], visit);
}

fn visible_args(command: &Command) -> impl Iterator<Item = &Arg> {
    command.get_arguments().filter(|arg| !arg.is_hide_set())
}

/// Returns the id of a command's description. clap's `help` subcommands repeat the tree under them
/// (`estante help books list`), and those entries share the real command's text.
fn about_id(path: &[&str]) -> String {
    if path.last() == Some(&"help") {
        return "cli-about-help".to_string();
    }
    let path: Vec<&str> = path
        .iter()
        .copied()
        .filter(|part| *part != "help")
        .collect();
    if path.is_empty() {
        "cli-about".to_string()
    } else {
        format!("cli-about-{}", path.join("-"))
    }
}

/// Returns an argument's help ids, the first one winning: its own under the command's path,
/// and the one shared by every argument of that name, such as `--output`.
fn arg_ids(path: &[&str], arg: &Arg) -> [String; 2] {
    let id = arg.get_id().as_str();
    [
        format!("cli-arg-{}-{id}", path.join("-")),
        format!("cli-arg-{id}"),
    ]
}

/// Formats the first of `ids` that the current language has, so a missing
/// translation falls back as [`crate::i18n::message`] does.
fn first_message(ids: &[String]) -> String {
    let language = crate::i18n::current();
    let id = ids
        .iter()
        .find(|id| crate::i18n::has_message(language, id))
        .unwrap_or(&ids[ids.len() - 1]);
    crate::i18n::message(id, None)
}

fn value_id(name: &str) -> String {
    format!("cli-value-{}", name.to_lowercase())
}

/// Returns the placeholders of an argument's values, as clap shows them: the value names
/// when set, else the id in capitals.
fn value_names(arg: &Arg) -> Vec<String> {
    if !arg.get_action().takes_values() {
        return Vec::new();
    }
    match arg.get_value_names() {
        Some(names) => names.iter().map(ToString::to_string).collect(),
        None => vec![arg.get_id().as_str().to_uppercase()],
    }
}

fn localize(mut command: Command, path: &[&str]) -> Command {
    command = command.about(crate::i18n::message(&about_id(path), None));
    if command.get_long_about().is_some() {
        let long = format!("{}.long", about_id(path));
        command = command.long_about(crate::i18n::message(&long, None));
    }

    let args: Vec<Arg> = command.get_arguments().cloned().collect();
    for arg in args.iter().filter(|arg| !arg.is_hide_set()) {
        let help = first_message(&arg_ids(path, arg));
        let at_root = path.is_empty();
        command = command.mut_arg(arg.get_id().clone(), |arg| localize_arg(arg, help, at_root));
    }

    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in &names {
        let mut sub_path = path.to_vec();
        sub_path.push(name);
        command = command.mut_subcommand(name, |sub| localize(sub, &sub_path));
    }

    command = command
        .subcommand_help_heading(crate::t!("cli-heading-commands"))
        .subcommand_value_name(crate::t!("cli-value-command"))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            crate::t!("cli-heading-usage")
        ));
    let usage = command.render_usage().to_string();
    let usage = usage
        .split_once(": ")
        .map_or(usage.as_str(), |(_, rest)| rest)
        .replace("[OPTIONS]", &crate::t!("cli-usage-options"));
    command.override_usage(usage)
}

/// Replaces an argument's help with the catalogue's, and shows its default, its
/// possible values and its environment variable in the interface language instead
/// of clap's English brackets. An environment variable's value is never shown.
fn localize_arg(mut arg: Arg, mut help: String, at_root: bool) -> Arg {
    let takes_values = arg.get_action().takes_values();

    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|value| value.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help.push(' ');
        help.push_str(&crate::t!("cli-default", value = defaults.join(", ")));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if takes_values && !possible.is_empty() && !arg.is_hide_possible_values_set() {
        help.push(' ');
        help.push_str(&crate::t!(
            "cli-possible-values",
            values = possible.join(", ")
        ));
    }
    if let Some(name) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        help.push(' ');
        help.push_str(&crate::t!(
            "cli-env",
            name = name.to_string_lossy().into_owned()
        ));
    }

    let names: Vec<String> = value_names(&arg)
        .iter()
        .map(|name| crate::i18n::message(&value_id(name), None))
        .collect();
    if !names.is_empty() {
        arg = arg.value_names(names);
    }
    let heading = match arg.get_help_heading() {
        Some(heading) => heading.to_string(),
        // Global options come last in a subcommand's help, apart from its own.
        None if arg.is_global_set() && !at_root => crate::t!("cli-heading-global-options"),
        None if arg.is_positional() => crate::t!("cli-heading-arguments"),
        None => crate::t!("cli-heading-options"),
    };
    // Under a heading of their own, arguments are listed by display order and then by
    // name, so positional ones would come out in alphabetical order, not in the
    // order the usage line gives.
    if let Some(index) = arg.get_index() {
        arg = arg.display_order(index);
    }
    let arg = arg
        .help(help)
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
        .help_heading(heading);
    if matches!(arg.get_action(), ArgAction::Help | ArgAction::HelpShort) {
        // Without long help anywhere, `-h` and `--help` print the same text.
        return arg.action(ArgAction::Help);
    }
    arg
}
