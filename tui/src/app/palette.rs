//! The `:` command palette: a line of text with completion of command names and of
//! their arguments (statuses, shelves, tags, sort columns).

use crossterm::event::{KeyCode, KeyEvent};
use estante_backend::model::ReadingStatus;
use estante_backend::storage::SortOrder;

use super::Tab;
use crate::screens::library::Column;
use crate::settings::GoalUnit;
use crate::widgets::editor::TextEditor;
use crate::{msgid, t};

/// A command of the palette, with its argument and help.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub argument: &'static str,
    pub help: &'static str,
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "library",
        argument: "",
        help: msgid!("palette-library"),
    },
    CommandSpec {
        name: "book",
        argument: "",
        help: msgid!("palette-book"),
    },
    CommandSpec {
        name: "add",
        argument: "",
        help: msgid!("palette-add"),
    },
    CommandSpec {
        name: "shelves",
        argument: "",
        help: msgid!("palette-shelves"),
    },
    CommandSpec {
        name: "stats",
        argument: "",
        help: msgid!("palette-stats"),
    },
    CommandSpec {
        name: "import",
        argument: msgid!("palette-arg-path"),
        help: msgid!("palette-import"),
    },
    CommandSpec {
        name: "export",
        argument: msgid!("palette-arg-path"),
        help: msgid!("palette-export"),
    },
    CommandSpec {
        name: "ops",
        argument: "",
        help: msgid!("palette-ops"),
    },
    CommandSpec {
        name: "profile",
        argument: msgid!("palette-arg-name"),
        help: msgid!("palette-profile"),
    },
    CommandSpec {
        name: "region",
        argument: msgid!("palette-arg-name"),
        help: msgid!("palette-region"),
    },
    CommandSpec {
        name: "filter",
        argument: msgid!("palette-arg-text"),
        help: msgid!("palette-filter"),
    },
    CommandSpec {
        name: "search",
        argument: msgid!("palette-arg-text"),
        help: msgid!("palette-search"),
    },
    CommandSpec {
        name: "status",
        argument: msgid!("palette-arg-status-all"),
        help: msgid!("palette-status"),
    },
    CommandSpec {
        name: "shelf",
        argument: msgid!("palette-arg-name-all"),
        help: msgid!("palette-shelf"),
    },
    CommandSpec {
        name: "tag",
        argument: msgid!("palette-arg-name-all"),
        help: msgid!("palette-tag"),
    },
    CommandSpec {
        name: "sort",
        argument: msgid!("palette-arg-column-asc-desc"),
        help: msgid!("palette-sort"),
    },
    CommandSpec {
        name: "clear",
        argument: "",
        help: msgid!("palette-clear"),
    },
    CommandSpec {
        name: "reload",
        argument: "",
        help: msgid!("palette-reload"),
    },
    CommandSpec {
        name: "year",
        argument: msgid!("palette-arg-year-all"),
        help: msgid!("palette-year"),
    },
    CommandSpec {
        name: "goal",
        argument: msgid!("palette-arg-goal"),
        help: msgid!("palette-goal"),
    },
    CommandSpec {
        name: "help",
        argument: "",
        help: msgid!("palette-help"),
    },
    CommandSpec {
        name: "quit",
        argument: "",
        help: msgid!("palette-quit"),
    },
];

/// A parsed palette command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    GoTo(Tab),
    Import(String),
    Export(String),
    Filter(String),
    Search(Option<String>),
    Status(Option<ReadingStatus>),
    Shelf(Option<String>),
    Tag(Option<String>),
    Sort(Column, SortOrder),
    Clear,
    Reload,
    Year(Option<i32>),
    /// Sets one part of the shown year's goal; zero removes that part.
    Goal(GoalUnit, u32),
    /// Switches the Ops tab's AWS profile; `None` returns to the standard chain.
    Profile(Option<String>),
    /// Switches the Ops tab's AWS region; `None` returns to the standard chain.
    Region(Option<String>),
    Help,
    Quit,
}

#[derive(Debug, Default)]
pub struct Palette {
    pub editor: TextEditor,
    pub selected: usize,
    pub error: Option<String>,
}

/// What the palette wants after a key.
#[derive(Debug, PartialEq)]
pub enum PaletteOutcome {
    Open,
    Close,
    Run(Command),
}

impl Palette {
    pub fn new() -> Self {
        Self {
            editor: TextEditor::single_line(""),
            selected: 0,
            error: None,
        }
    }

    /// Completions for the text typed so far, given the known shelves and tags.
    pub fn candidates(&self, shelves: &[String], tags: &[String]) -> Vec<String> {
        candidates(&self.editor.text(), shelves, tags)
    }

    pub fn handle_key(
        &mut self,
        key: KeyEvent,
        shelves: &[String],
        tags: &[String],
    ) -> PaletteOutcome {
        let candidates = self.candidates(shelves, tags);
        match key.code {
            KeyCode::Esc => return PaletteOutcome::Close,
            KeyCode::Down => {
                self.selected = (self.selected + 1).min(candidates.len().saturating_sub(1))
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Tab => {
                if let Some(choice) = candidates.get(self.selected) {
                    self.editor = TextEditor::single_line(choice);
                    self.selected = 0;
                }
            }
            KeyCode::Enter => {
                let text = self.editor.text();
                let text = match (parse(&text), candidates.get(self.selected)) {
                    (Err(_), Some(choice)) if !choice.ends_with(' ') => choice.clone(),
                    _ => text,
                };
                match parse(&text) {
                    Ok(command) => return PaletteOutcome::Run(command),
                    Err(error) => self.error = Some(error),
                }
            }
            _ => {
                self.editor.handle_key(key);
                self.selected = 0;
                self.error = None;
            }
        }
        PaletteOutcome::Open
    }
}

fn spec(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|spec| spec.name == name)
}

/// Completes the command name, or the argument once a known command and a space
/// are typed. Each candidate is the whole new line; a trailing space means more is
/// expected.
pub fn candidates(text: &str, shelves: &[String], tags: &[String]) -> Vec<String> {
    let Some((name, argument)) = text.split_once(' ') else {
        return COMMANDS
            .iter()
            .filter(|spec| spec.name.starts_with(text.trim()))
            .map(|spec| {
                if spec.argument.is_empty() {
                    spec.name.to_string()
                } else {
                    format!("{} ", spec.name)
                }
            })
            .collect();
    };
    let options: Vec<String> = match name {
        "status" => std::iter::once("all")
            .chain(ReadingStatus::ALL.iter().map(|s| s.as_str()))
            .map(str::to_string)
            .collect(),
        "shelf" => std::iter::once("all".to_string())
            .chain(shelves.iter().cloned())
            .collect(),
        "tag" => std::iter::once("all".to_string())
            .chain(tags.iter().cloned())
            .collect(),
        "sort" => Column::ALL.iter().map(|c| c.name().to_string()).collect(),
        "year" => vec!["all".to_string()],
        _ => Vec::new(),
    };
    let typed = argument.to_lowercase();
    options
        .into_iter()
        .filter(|option| option.to_lowercase().starts_with(&typed))
        .map(|option| format!("{name} {option}"))
        .collect()
}

/// Parses a palette line into a command, or returns what is wrong with it.
pub fn parse(text: &str) -> Result<Command, String> {
    let text = text.trim();
    let (name, argument) = text.split_once(' ').unwrap_or((text, ""));
    let argument = argument.trim();
    let Some(spec) = spec(name) else {
        return Err(t!("palette-unknown-command", name = format!("{name:?}")));
    };
    if !spec.argument.is_empty() && argument.is_empty() && !matches!(name, "search" | "filter") {
        return Err(t!(
            "palette-needs-argument",
            name = name,
            argument = crate::i18n::message(spec.argument, None)
        ));
    }
    let all_or = |value: &str| (value != "all").then(|| value.to_string());
    let default_or = |value: &str| (value != "default").then(|| value.to_string());
    Ok(match name {
        "library" => Command::GoTo(Tab::Library),
        "book" => Command::GoTo(Tab::Book),
        "add" => Command::GoTo(Tab::Add),
        "shelves" => Command::GoTo(Tab::Labels),
        "stats" => Command::GoTo(Tab::Stats),
        "ops" => Command::GoTo(Tab::Ops),
        "import" => Command::Import(argument.to_string()),
        "export" => Command::Export(argument.to_string()),
        "filter" => Command::Filter(argument.to_string()),
        "search" => Command::Search((!argument.is_empty()).then(|| argument.to_string())),
        "status" => Command::Status(match argument {
            "all" => None,
            other => Some(
                crate::status::parse(other)
                    .map_err(|error| t!("palette-bad-status", error = error.to_string()))?,
            ),
        }),
        "shelf" => Command::Shelf(all_or(argument)),
        "tag" => Command::Tag(all_or(argument)),
        "sort" => {
            let mut words = argument.split_whitespace();
            let column = words.next().unwrap_or_default();
            let column = Column::parse(column)
                .ok_or_else(|| t!("palette-bad-column", column = format!("{column:?}")))?;
            let order = match words.next() {
                None | Some("asc") => SortOrder::Asc,
                Some("desc") => SortOrder::Desc,
                Some(other) => {
                    return Err(t!("palette-bad-order", order = format!("{other:?}")));
                }
            };
            Command::Sort(column, order)
        }
        "clear" => Command::Clear,
        "reload" => Command::Reload,
        "year" => Command::Year(match argument {
            "all" => None,
            other => Some(
                other
                    .parse()
                    .map_err(|_| t!("palette-bad-year", year = format!("{other:?}")))?,
            ),
        }),
        "goal" => {
            let (unit, amount) = crate::screens::stats::parse_goal(argument)?;
            Command::Goal(unit, amount)
        }
        "profile" => Command::Profile(default_or(argument)),
        "region" => Command::Region(default_or(argument)),
        "help" => Command::Help,
        _ => Command::Quit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_command_names() {
        assert_eq!(candidates("sh", &[], &[]), vec!["shelves", "shelf "]);
    }

    #[test]
    fn completes_arguments() {
        let shelves = vec!["favorites".to_string(), "fantasy".to_string()];
        assert_eq!(
            candidates("shelf fa", &shelves, &[]),
            vec!["shelf favorites", "shelf fantasy"]
        );
        assert_eq!(
            candidates("status re", &[], &[]),
            vec!["status reading", "status read"]
        );
    }

    #[test]
    fn parses_aws_switches() {
        assert_eq!(
            parse("region eu-west-1"),
            Ok(Command::Region(Some("eu-west-1".to_string())))
        );
        assert_eq!(
            parse("profile estante-ops"),
            Ok(Command::Profile(Some("estante-ops".to_string())))
        );
        assert_eq!(parse("profile default"), Ok(Command::Profile(None)));
        assert!(parse("region").is_err());
    }

    #[test]
    fn parses_commands() {
        assert_eq!(
            parse("status read"),
            Ok(Command::Status(Some(ReadingStatus::Read)))
        );
        assert_eq!(
            parse("sort rating desc"),
            Ok(Command::Sort(Column::Rating, SortOrder::Desc))
        );
        assert_eq!(parse("shelf all"), Ok(Command::Shelf(None)));
        assert!(parse("status nope").is_err());
        assert!(parse("frobnicate").is_err());
        assert!(parse("goal").is_err());
        assert_eq!(parse("goal 30"), Ok(Command::Goal(GoalUnit::Books, 30)));
        assert_eq!(
            parse("goal 9000 pages"),
            Ok(Command::Goal(GoalUnit::Pages, 9000))
        );
        assert!(parse("goal 9000 chapters").is_err());
    }
}
