//! The message catalogues: both parse, hold the same messages with the same
//! attributes and variables, and contain every message id that the sources use.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use estante::i18n::Language;
use fluent_syntax::ast;

/// What one message declares: its attributes and the variables it references.
#[derive(Debug, Default, PartialEq)]
struct Shape {
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

fn catalogue_path(language: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("i18n")
        .join(language)
        .join("estante.ftl")
}

/// Parses a catalogue and returns each message and term by id. Panics with every
/// parse error, each with its position, so a broken catalogue fails the test.
fn parse_catalogue(language: &str) -> BTreeMap<String, Shape> {
    let path = catalogue_path(language);
    let source = std::fs::read_to_string(&path).unwrap();
    let resource = match fluent_syntax::parser::parse(source.as_str()) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{} does not parse: {errors:#?}", path.display()),
    };
    let mut shapes = BTreeMap::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(message) => (
                message.id.name.to_string(),
                message.value.as_ref(),
                &message.attributes,
            ),
            ast::Entry::Term(term) => (
                format!("-{}", term.id.name),
                Some(&term.value),
                &term.attributes,
            ),
            ast::Entry::Junk { content } => {
                panic!("{} has junk: {content}", path.display())
            }
            _ => continue,
        };
        let mut shape = Shape::default();
        if let Some(pattern) = value {
            collect_variables(pattern, &mut shape.variables);
        }
        for attribute in attributes {
            shape.attributes.insert(attribute.id.name.to_string());
            collect_variables(&attribute.value, &mut shape.variables);
        }
        let previous = shapes.insert(id.clone(), shape);
        assert!(
            previous.is_none(),
            "{}: {id} is defined twice",
            path.display()
        );
    }
    shapes
}

fn collect_variables(pattern: &ast::Pattern<&str>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_expression(expression, variables);
        }
    }
}

fn collect_expression(expression: &ast::Expression<&str>, variables: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, variables);
            for variant in variants {
                collect_variables(&variant.value, variables);
            }
        }
        ast::Expression::Inline(inline) => collect_inline(inline, variables),
    }
}

fn collect_inline(inline: &ast::InlineExpression<&str>, variables: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => {
            collect_expression(expression, variables);
        }
        _ => {}
    }
}

/// Finds the message ids in the sources: the literal first argument of every `t!`
/// and `msgid!` call, with or without a path such as `crate::`.
fn ids_in_sources() -> BTreeMap<String, String> {
    let mut ids = ops_sentence_ids();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for id in ids_in_text(&text) {
                    ids.entry(id).or_insert_with(|| path.display().to_string());
                }
            }
        }
    }
    ids
}

/// Lists the ids of the ops library's sentences, which the app words as `restore-ID`:
/// the literal first argument of every `sentence!` and `Sentence::new` in the
/// library's code.
fn ops_sentence_ids() -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../ops/src")];
    let mut files = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let calls = ["sentence!(", "Sentence::new("]
            .into_iter()
            .flat_map(|call| {
                text.match_indices(call)
                    .map(move |(start, _)| start + call.len())
            });
        for start in calls {
            let rest = text[start..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            if let Some(end) = literal.find('"') {
                ids.entry(format!("restore-{}", &literal[..end]))
                    .or_insert_with(|| path.display().to_string());
            }
        }
    }
    assert!(
        ids.len() > 30,
        "the scan found only {} sentence ids",
        ids.len()
    );
    ids
}

fn ids_in_text(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for macro_name in ["t!(", "msgid!("] {
        for (start, _) in text.match_indices(macro_name) {
            // `format!(` also ends in `t!(`: the macro name must start a word.
            let before = text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = text[start + macro_name.len()..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            if let Some(end) = literal.find('"') {
                ids.push(literal[..end].to_string());
            }
        }
    }
    ids
}

#[test]
fn catalogues_parse() {
    for language in ["en", "pt-BR"] {
        let shapes = parse_catalogue(language);
        assert!(
            shapes.len() > 300,
            "{language}: only {} messages",
            shapes.len()
        );
    }
}

#[test]
fn catalogues_have_the_same_ids() {
    let english = parse_catalogue("en");
    let portuguese = parse_catalogue("pt-BR");
    let only_english: Vec<&String> = english
        .keys()
        .filter(|id| !portuguese.contains_key(*id))
        .collect();
    let only_portuguese: Vec<&String> = portuguese
        .keys()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(
        only_english.is_empty(),
        "missing in pt-BR: {only_english:?}"
    );
    assert!(
        only_portuguese.is_empty(),
        "missing in en: {only_portuguese:?}"
    );
}

#[test]
fn catalogues_have_the_same_attributes_and_variables() {
    let english = parse_catalogue("en");
    let portuguese = parse_catalogue("pt-BR");
    for (id, shape) in &english {
        let Some(other) = portuguese.get(id) else {
            continue;
        };
        assert_eq!(shape.attributes, other.attributes, "attributes of {id}");
        assert_eq!(shape.variables, other.variables, "variables of {id}");
    }
}

#[test]
fn every_id_used_is_in_both_catalogues() {
    let used = ids_in_sources();
    assert!(used.len() > 300, "the scan found only {} ids", used.len());
    for language in ["en", "pt-BR"] {
        let shapes = parse_catalogue(language);
        let missing: Vec<String> = used
            .iter()
            .filter(|(id, _)| !shapes.contains_key(id.split('.').next().unwrap_or(id)))
            .map(|(id, file)| format!("{id} (in {file})"))
            .collect();
        assert!(missing.is_empty(), "missing in {language}: {missing:#?}");
    }
}

#[test]
fn scan_finds_macro_calls() {
    let text = "let a = t!(\"one\"); crate::t!(\n    \"two\",\n x = 1); format!(\"no\"); \
                msgid!(\"three\"); print!(\"no\");";
    assert_eq!(ids_in_text(text), vec!["one", "two", "three"]);
}

#[test]
fn command_line_help_is_in_both_catalogues() {
    for language in [Language::English, Language::BrazilianPortuguese] {
        let missing = estante::help::missing_messages(language);
        assert!(
            missing.is_empty(),
            "{}: no help for {missing:#?}",
            language.tag()
        );
    }
}

#[test]
fn unused_messages_are_reported() {
    // Every message is used somewhere: by a literal id in the sources, or by an id
    // the command-line help computes from the command tree.
    let mut used = ids_in_sources();
    for id in estante::help::message_ids() {
        used.entry(id)
            .or_insert_with(|| "the command tree".to_string());
    }
    let unused: Vec<String> = parse_catalogue("en")
        .into_keys()
        .filter(|id| !used.contains_key(id))
        .collect();
    assert!(unused.is_empty(), "messages no source uses: {unused:?}");
}
