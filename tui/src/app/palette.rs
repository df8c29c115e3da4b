//! The `:` command palette: a line of text with completion of command names and of
//! their arguments (statuses, shelves, tags, sort columns).

use crossterm::event::{KeyCode, KeyEvent};
use estante_backend::model::ReadingStatus;
use estante_backend::storage::SortOrder;

use super::Tab;
use crate::i18n::fold as key;
use crate::screens::library::Column;
use crate::settings::GoalUnit;
use crate::widgets::editor::TextEditor;
use crate::{msgid, t};

/// A command of the palette, with its argument and help.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// The English name, which every language accepts, as scripts and muscle memory
    /// use it.
    pub name: &'static str,
    /// The message id of the name in the interface language, which completion offers.
    pub word: &'static str,
    pub argument: &'static str,
    pub help: &'static str,
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "library",
        word: msgid!("palette-name-library"),
        argument: "",
        help: msgid!("palette-library"),
    },
    CommandSpec {
        name: "book",
        word: msgid!("palette-name-book"),
        argument: "",
        help: msgid!("palette-book"),
    },
    CommandSpec {
        name: "add",
        word: msgid!("palette-name-add"),
        argument: "",
        help: msgid!("palette-add"),
    },
    CommandSpec {
        name: "shelves",
        word: msgid!("palette-name-shelves"),
        argument: "",
        help: msgid!("palette-shelves"),
    },
    CommandSpec {
        name: "stats",
        word: msgid!("palette-name-stats"),
        argument: "",
        help: msgid!("palette-stats"),
    },
    CommandSpec {
        name: "import",
        word: msgid!("palette-name-import"),
        argument: msgid!("palette-arg-path"),
        help: msgid!("palette-import"),
    },
    CommandSpec {
        name: "export",
        word: msgid!("palette-name-export"),
        argument: msgid!("palette-arg-path"),
        help: msgid!("palette-export"),
    },
    CommandSpec {
        name: "ops",
        word: msgid!("palette-name-ops"),
        argument: "",
        help: msgid!("palette-ops"),
    },
    CommandSpec {
        name: "profile",
        word: msgid!("palette-name-profile"),
        argument: msgid!("palette-arg-name"),
        help: msgid!("palette-profile"),
    },
    CommandSpec {
        name: "region",
        word: msgid!("palette-name-region"),
        argument: msgid!("palette-arg-name"),
        help: msgid!("palette-region"),
    },
    CommandSpec {
        name: "filter",
        word: msgid!("palette-name-filter"),
        argument: msgid!("palette-arg-text"),
        help: msgid!("palette-filter"),
    },
    CommandSpec {
        name: "search",
        word: msgid!("palette-name-search"),
        argument: msgid!("palette-arg-text"),
        help: msgid!("palette-search"),
    },
    CommandSpec {
        name: "status",
        word: msgid!("palette-name-status"),
        argument: msgid!("palette-arg-status-all"),
        help: msgid!("palette-status"),
    },
    CommandSpec {
        name: "shelf",
        word: msgid!("palette-name-shelf"),
        argument: msgid!("palette-arg-name-all"),
        help: msgid!("palette-shelf"),
    },
    CommandSpec {
        name: "tag",
        word: msgid!("palette-name-tag"),
        argument: msgid!("palette-arg-name-all"),
        help: msgid!("palette-tag"),
    },
    CommandSpec {
        name: "sort",
        word: msgid!("palette-name-sort"),
        argument: msgid!("palette-arg-column-asc-desc"),
        help: msgid!("palette-sort"),
    },
    CommandSpec {
        name: "clear",
        word: msgid!("palette-name-clear"),
        argument: "",
        help: msgid!("palette-clear"),
    },
    CommandSpec {
        name: "reload",
        word: msgid!("palette-name-reload"),
        argument: "",
        help: msgid!("palette-reload"),
    },
    CommandSpec {
        name: "year",
        word: msgid!("palette-name-year"),
        argument: msgid!("palette-arg-year-all"),
        help: msgid!("palette-year"),
    },
    CommandSpec {
        name: "goal",
        word: msgid!("palette-name-goal"),
        argument: msgid!("palette-arg-goal"),
        help: msgid!("palette-goal"),
    },
    CommandSpec {
        name: "help",
        word: msgid!("palette-name-help"),
        argument: "",
        help: msgid!("palette-help"),
    },
    CommandSpec {
        name: "quit",
        word: msgid!("palette-name-quit"),
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

/// Returns the name of `spec` in the interface language.
pub fn spoken(spec: &CommandSpec) -> String {
    crate::i18n::message(spec.word, None)
}

/// Reports whether `typed` is the keyword `english` or its translation, message
/// `word_id`, in the interface language.
fn is_word(typed: &str, english: &str, word_id: &str) -> bool {
    let typed = key(typed);
    typed == english || typed == key(&crate::i18n::message(word_id, None))
}

/// Completes the command name, or the argument once a known command and a space
/// are typed, in the interface language. Each candidate is the whole new line; a
/// trailing space means more is expected.
pub fn candidates(text: &str, shelves: &[String], tags: &[String]) -> Vec<String> {
    let Some((name, argument)) = text.split_once(' ') else {
        let typed = key(text.trim());
        return COMMANDS
            .iter()
            .map(|spec| (spec, spoken(spec)))
            .filter(|(_, word)| key(word).starts_with(&typed))
            .map(|(spec, word)| {
                if spec.argument.is_empty() {
                    word
                } else {
                    format!("{word} ")
                }
            })
            .collect();
    };
    let all = || t!("palette-word-all");
    let options: Vec<String> = match spec(name).map(|spec| spec.name) {
        Some("status") => std::iter::once(all())
            .chain(ReadingStatus::ALL.iter().map(|s| crate::status::label(*s)))
            .collect(),
        Some("shelf") => std::iter::once(all())
            .chain(shelves.iter().cloned())
            .collect(),
        Some("tag") => std::iter::once(all()).chain(tags.iter().cloned()).collect(),
        Some("sort") => Column::ALL.iter().map(|c| c.label()).collect(),
        Some("year") => vec![all()],
        Some("profile" | "region") => vec![t!("palette-word-default")],
        _ => Vec::new(),
    };
    let typed = key(argument);
    options
        .into_iter()
        .filter(|option| key(option).starts_with(&typed))
        .map(|option| format!("{name} {option}"))
        .collect()
}

/// Parses a palette line into a command, or returns what is wrong with it. Command
/// names and keywords are taken in English and in the interface language.
pub fn parse(text: &str) -> Result<Command, String> {
    let text = text.trim();
    let (name, argument) = text.split_once(' ').unwrap_or((text, ""));
    let argument = argument.trim();
    let Some(spec) = spec(name) else {
        return Err(t!("palette-unknown-command", name = format!("{name:?}")));
    };
    let name = spec.name;
    if !spec.argument.is_empty() && argument.is_empty() && !matches!(name, "search" | "filter") {
        return Err(t!(
            "palette-needs-argument",
            name = spoken(spec),
            argument = crate::i18n::message(spec.argument, None)
        ));
    }
    let is_all = |value: &str| is_word(value, "all", "palette-word-all");
    let all_or = |value: &str| (!is_all(value)).then(|| value.to_string());
    let default_or = |value: &str| {
        (!is_word(value, "default", "palette-word-default")).then(|| value.to_string())
    };
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
        "status" if is_all(argument) => Command::Status(None),
        "status" => Command::Status(Some(
            crate::status::parse(argument)
                .map_err(|error| t!("palette-bad-status", error = error.to_string()))?,
        )),
        "shelf" => Command::Shelf(all_or(argument)),
        "tag" => Command::Tag(all_or(argument)),
        "sort" => {
            let (column, order) = parse_sort(argument)?;
            Command::Sort(column, order)
        }
        "clear" => Command::Clear,
        "reload" => Command::Reload,
        "year" if is_all(argument) => Command::Year(None),
        "year" => {
            let year = argument
                .parse()
                .ok()
                .filter(|year| (1..=9999).contains(year))
                .ok_or_else(|| t!("palette-bad-year", year = format!("{argument:?}")))?;
            Command::Year(Some(year))
        }
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

/// Parses the argument of `sort`: a column, by its English name or its label in the
/// interface language, then an optional order. A label of several words, such as a
/// translation may have, is matched before the order is looked for.
fn parse_sort(argument: &str) -> Result<(Column, SortOrder), String> {
    let typed = key(argument);
    let found = Column::ALL.iter().find_map(|column| {
        [column.name().to_string(), key(&column.label())]
            .into_iter()
            .find_map(|word| {
                let rest = typed.strip_prefix(&word)?;
                (rest.is_empty() || rest.starts_with(' '))
                    .then(|| (*column, rest.trim().to_string()))
            })
    });
    let Some((column, order)) = found else {
        let first = argument.split_whitespace().next().unwrap_or_default();
        let columns: Vec<String> = Column::ALL.iter().map(|column| column.label()).collect();
        return Err(t!(
            "palette-bad-column",
            column = format!("{first:?}"),
            columns = columns.join(", ")
        ));
    };
    let order = match order.as_str() {
        "" => SortOrder::Asc,
        word if is_word(word, "asc", "palette-word-asc") => SortOrder::Asc,
        word if is_word(word, "desc", "palette-word-desc") => SortOrder::Desc,
        other => {
            return Err(t!(
                "palette-bad-order",
                order = format!("{other:?}"),
                asc = t!("palette-word-asc"),
                desc = t!("palette-word-desc")
            ));
        }
    };
    Ok((column, order))
}

/// Finds a command by its English name or its name in the interface language.
pub fn spec(name: &str) -> Option<&'static CommandSpec> {
    let typed = key(name);
    COMMANDS
        .iter()
        .find(|spec| spec.name == typed || key(&spoken(spec)) == typed)
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
        assert_eq!(parse("year 2024"), Ok(Command::Year(Some(2024))));
        assert!(parse("year 99999").is_err());
        assert!(parse("year 0").is_err());
    }

    #[test]
    fn portuguese_names_and_keywords() {
        use crate::i18n::{Language, with_language};

        with_language(Language::BrazilianPortuguese, || {
            assert_eq!(candidates("ord", &[], &[]), vec!["ordenar "]);
            assert_eq!(candidates("estat", &[], &[]), vec!["estatísticas"]);
            assert_eq!(
                candidates("status ", &[], &[]).first().map(String::as_str),
                Some("status todos")
            );
            assert_eq!(candidates("ordenar no", &[], &[]), vec!["ordenar nota"]);
            assert_eq!(
                parse("ordenar título decresc"),
                Ok(Command::Sort(Column::Title, SortOrder::Desc))
            );
            assert_eq!(
                parse("ordenar NOTA"),
                Ok(Command::Sort(Column::Rating, SortOrder::Asc))
            );
            assert_eq!(parse("estatisticas"), Ok(Command::GoTo(Tab::Stats)));
            assert_eq!(parse("estante todos"), Ok(Command::Shelf(None)));
            assert_eq!(parse("ano todos"), Ok(Command::Year(None)));
            assert_eq!(parse("perfil padrão"), Ok(Command::Profile(None)));
            assert_eq!(
                parse("status quero ler"),
                Ok(Command::Status(Some(ReadingStatus::WantToRead)))
            );
            // The English names keep working in every language.
            assert_eq!(
                parse("sort rating desc"),
                Ok(Command::Sort(Column::Rating, SortOrder::Desc))
            );
            assert_eq!(parse("shelf all"), Ok(Command::Shelf(None)));

            let error = parse("ordenar páginas").unwrap_err();
            assert!(error.contains("título, autores, série"), "{error}");
            let error = parse("ordenar título para-cima").unwrap_err();
            assert!(error.contains("use cresc ou decresc"), "{error}");
        });
    }
}
