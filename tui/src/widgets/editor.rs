//! A small text editor for one line (filters, form fields) or many (reviews).
//!
//! The cursor is a (line, character) position; drawing converts characters to
//! terminal columns with `unicode-width`, so accented and wide text edits correctly.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default)]
pub struct TextEditor {
    lines: Vec<String>,
    row: usize,
    /// Cursor position within the line, in characters.
    column: usize,
    multiline: bool,
    /// Set while a prefilled value is shown selected: the first typed character or
    /// deletion replaces the whole text, and a movement key keeps it for editing.
    selected: bool,
    /// First line shown, kept by drawing so the cursor stays in view.
    scroll: Cell<usize>,
}

/// Whether the editor used a key; an unused key is the owner's to handle (Enter in
/// a one-line editor, Esc, Tab).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    Moved,
    Ignored,
}

impl TextEditor {
    pub fn single_line(text: &str) -> Self {
        let mut editor = Self {
            lines: vec![text.replace('\n', " ")],
            ..Self::default()
        };
        editor.end();
        editor
    }

    /// Builds a one-line editor whose text is selected, as a prompt shows a current
    /// value: typing replaces it instead of adding to it.
    pub fn single_line_selected(text: &str) -> Self {
        let mut editor = Self::single_line(text);
        editor.selected = !text.is_empty();
        editor
    }

    pub fn multi_line(text: &str) -> Self {
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        Self {
            lines,
            multiline: true,
            ..Self::default()
        }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    pub fn set_text(&mut self, text: &str) {
        *self = if self.multiline {
            Self::multi_line(text)
        } else {
            Self::single_line(text)
        };
    }

    fn line(&self) -> &str {
        &self.lines[self.row]
    }

    fn byte_at(&self, column: usize) -> usize {
        self.line()
            .char_indices()
            .nth(column)
            .map_or(self.line().len(), |(index, _)| index)
    }

    fn line_chars(&self) -> usize {
        self.line().chars().count()
    }

    fn end(&mut self) {
        self.column = self.line_chars();
    }

    fn insert(&mut self, character: char) {
        let at = self.byte_at(self.column);
        self.lines[self.row].insert(at, character);
        self.column += 1;
    }

    fn newline(&mut self) {
        let at = self.byte_at(self.column);
        let rest = self.lines[self.row].split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.column = 0;
    }

    fn backspace(&mut self) -> Edit {
        if self.column > 0 {
            self.column -= 1;
            let at = self.byte_at(self.column);
            self.lines[self.row].remove(at);
            Edit::Changed
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.end();
            self.lines[self.row].push_str(&line);
            Edit::Changed
        } else {
            Edit::Moved
        }
    }

    fn delete(&mut self) -> Edit {
        if self.column < self.line_chars() {
            let at = self.byte_at(self.column);
            self.lines[self.row].remove(at);
            Edit::Changed
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            self.lines[self.row].push_str(&next);
            Edit::Changed
        } else {
            Edit::Moved
        }
    }

    /// Deletes the word before the cursor, as Ctrl-W does in a shell.
    fn delete_word(&mut self) -> Edit {
        let chars: Vec<char> = self.line().chars().collect();
        let mut start = self.column;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.column));
        self.lines[self.row].replace_range(from..to, "");
        self.column = start;
        Edit::Changed
    }

    fn vertical(&mut self, rows: isize) -> Edit {
        let target = (self.row as isize + rows).clamp(0, self.lines.len() as isize - 1);
        self.row = target as usize;
        self.column = self.column.min(self.line_chars());
        Edit::Moved
    }

    /// Applies a key. Enter adds a line only in a multi-line editor.
    pub fn handle_key(&mut self, key: KeyEvent) -> Edit {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);

        if std::mem::take(&mut self.selected) {
            match key.code {
                KeyCode::Char(_) if !control => self.set_text(""),
                KeyCode::Backspace | KeyCode::Delete => {
                    self.set_text("");
                    return Edit::Changed;
                }
                _ => {}
            }
        }

        match key.code {
            KeyCode::Char('a') if control => {
                self.column = 0;
                Edit::Moved
            }
            KeyCode::Char('e') if control => {
                self.end();
                Edit::Moved
            }
            KeyCode::Char('u') if control => {
                let at = self.byte_at(self.column);
                self.lines[self.row].replace_range(..at, "");
                self.column = 0;
                Edit::Changed
            }
            KeyCode::Char('w') if control => self.delete_word(),
            KeyCode::Char(_) if control => Edit::Ignored,
            KeyCode::Char(character) => {
                self.insert(character);
                Edit::Changed
            }
            KeyCode::Enter if self.multiline => {
                self.newline();
                Edit::Changed
            }
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if self.column > 0 => {
                self.column -= 1;
                Edit::Moved
            }
            KeyCode::Right if self.column < self.line_chars() => {
                self.column += 1;
                Edit::Moved
            }
            KeyCode::Home => {
                self.column = 0;
                Edit::Moved
            }
            KeyCode::End => {
                self.end();
                Edit::Moved
            }
            KeyCode::Up if self.multiline => self.vertical(-1),
            KeyCode::Down if self.multiline => self.vertical(1),
            KeyCode::PageUp if self.multiline => self.vertical(-10),
            KeyCode::PageDown if self.multiline => self.vertical(10),
            KeyCode::Left | KeyCode::Right => Edit::Moved,
            _ => Edit::Ignored,
        }
    }

    /// Pastes text at the cursor. Each line break (`\n`, `\r\n` or a lone `\r`)
    /// starts a new line in a multi-line editor and becomes one space in a one-line
    /// editor. All three forms occur because terminals often send a pasted line
    /// break as `\r`, the Enter key's code, and Windows text carries `\r\n`.
    pub fn paste(&mut self, text: &str) {
        if std::mem::take(&mut self.selected) {
            self.set_text("");
        }
        let mut characters = text.chars().peekable();
        while let Some(character) = characters.next() {
            match character {
                '\r' | '\n' => {
                    if character == '\r' && characters.peek() == Some(&'\n') {
                        characters.next();
                    }
                    if self.multiline {
                        self.newline();
                    } else {
                        self.insert(' ');
                    }
                }
                other => self.insert(other),
            }
        }
    }

    /// Draws the text in `area`, scrolled so the cursor shows, and places the terminal
    /// cursor when `focused`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        if area.height == 0 || area.width == 0 {
            return;
        }
        if self.multiline {
            self.draw_wrapped(frame, area, style, focused);
            return;
        }
        let height = usize::from(area.height);
        let mut scroll = self.scroll.get();
        if self.row < scroll {
            scroll = self.row;
        } else if self.row >= scroll + height {
            scroll = self.row + 1 - height;
        }
        self.scroll.set(scroll);

        let before: String = self.line().chars().take(self.column).collect();
        let cursor_x = before.width();
        let width = usize::from(area.width).saturating_sub(1);
        let skip = cursor_x.saturating_sub(width);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .skip(scroll)
            .take(height)
            .map(|line| {
                let text = skip_columns(line, skip);
                if self.selected {
                    Line::styled(text, Style::new().add_modifier(Modifier::REVERSED))
                } else {
                    Line::from(text)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).style(style), area);
        if focused {
            let x = area.x + (cursor_x - skip) as u16;
            let y = area.y + (self.row - scroll) as u16;
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

impl TextEditor {
    /// Draws a multi-line text with each line broken into rows of the area's width,
    /// so a paragraph typed without line breaks stays in view. The cursor still
    /// moves by the text's own lines.
    fn draw_wrapped(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        // One column stays free for the cursor after a full row.
        let width = usize::from(area.width).saturating_sub(1).max(1);
        let height = usize::from(area.height);
        let mut rows: Vec<String> = Vec::new();
        let mut cursor = (0, 0);
        for (index, line) in self.lines.iter().enumerate() {
            let pieces = wrap_chars(line, width);
            if index == self.row {
                let mut consumed = 0;
                for (offset, piece) in pieces.iter().enumerate() {
                    let count = piece.chars().count();
                    let last = offset + 1 == pieces.len();
                    if self.column < consumed + count || last {
                        let before: String = piece.chars().take(self.column - consumed).collect();
                        cursor = (rows.len() + offset, before.width());
                        break;
                    }
                    consumed += count;
                }
            }
            rows.extend(pieces);
        }

        // After a space at a row's end the cursor would stand past the area.
        cursor.1 = cursor.1.min(width);
        let mut scroll = self.scroll.get();
        if cursor.0 < scroll {
            scroll = cursor.0;
        } else if cursor.0 >= scroll + height {
            scroll = cursor.0 + 1 - height;
        }
        self.scroll.set(scroll);

        let modifier = if self.selected {
            Modifier::REVERSED
        } else {
            Modifier::empty()
        };
        let lines: Vec<Line> = rows
            .into_iter()
            .skip(scroll)
            .take(height)
            .map(|row| Line::styled(row, Style::new().add_modifier(modifier)))
            .collect();
        frame.render_widget(Paragraph::new(lines).style(style), area);
        if focused {
            let x = area.x + cursor.1 as u16;
            let y = area.y + (cursor.0 - scroll) as u16;
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

/// Breaks `line` into pieces of at most `width` terminal columns, after the last
/// space that fits or inside a word longer than a row. A space may stand one
/// column past `width`, at a piece's end, so the pieces keep every character in
/// order. An empty line is one empty piece.
fn wrap_chars(line: &str, width: usize) -> Vec<String> {
    let columns = |text: &str| text.width();
    let mut pieces = vec![String::new()];
    for character in line.chars() {
        let piece = pieces.last_mut().expect("pieces start with one");
        let fits = columns(piece) + unicode_width::UnicodeWidthChar::width(character).unwrap_or(0)
            <= width;
        if fits || character == ' ' || piece.is_empty() {
            piece.push(character);
            continue;
        }
        // Carry the word being typed to the next row when a space came before it.
        let next = match piece.rfind(' ') {
            Some(space) if space + 1 < piece.len() => piece.split_off(space + 1),
            _ => String::new(),
        };
        pieces.push(next);
        if let Some(piece) = pieces.last_mut() {
            piece.push(character);
        }
    }
    pieces
}

/// Drops the first `columns` terminal columns of `text`, for horizontal scrolling.
fn skip_columns(text: &str, columns: usize) -> String {
    let mut used = 0;
    text.chars()
        .skip_while(|character| {
            let skip = used < columns;
            used += unicode_width::UnicodeWidthChar::width(*character).unwrap_or(0);
            skip
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_text(editor: &mut TextEditor, text: &str) {
        for character in text.chars() {
            editor.handle_key(key(KeyCode::Char(character)));
        }
    }

    #[test]
    fn long_review_lines_wrap_in_view() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;

        let mut editor = TextEditor::multi_line("");
        type_text(&mut editor, "abcdefghij klmnopqrst uvwxyz");
        let mut terminal = Terminal::new(TestBackend::new(11, 4)).unwrap();
        terminal
            .draw(|frame| editor.draw(frame, frame.area(), Style::new(), true))
            .unwrap();

        let buffer = terminal.backend().buffer().clone();
        let row = |y: u16| -> String {
            (0..11)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        };
        assert_eq!(row(0), "abcdefghij ");
        assert_eq!(row(1), "klmnopqrst ");
        assert_eq!(row(2), "uvwxyz     ");
        // The cursor follows the last typed character onto the third row.
        terminal.backend_mut().assert_cursor_position((6, 2));
    }

    #[test]
    fn wrap_chars_breaks_after_spaces() {
        assert_eq!(wrap_chars("三体三体", 4), ["三体", "三体"]);
        assert_eq!(wrap_chars("", 4), [""]);
        assert_eq!(wrap_chars("abcde", 5), ["abcde"]);
        assert_eq!(wrap_chars("ab cdef", 5), ["ab ", "cdef"]);
        assert_eq!(wrap_chars("abcdefgh", 5), ["abcde", "fgh"]);
        let text = "one two  three";
        assert_eq!(wrap_chars(text, 6).concat(), text, "no character is lost");
    }

    #[test]
    fn selected_text_is_replaced_by_typing() {
        let mut editor = TextEditor::single_line_selected("30");
        type_text(&mut editor, "45");
        assert_eq!(editor.text(), "45");

        let mut editor = TextEditor::single_line_selected("30");
        editor.handle_key(key(KeyCode::Backspace));
        assert_eq!(editor.text(), "");

        let mut editor = TextEditor::single_line_selected("30");
        editor.paste("12");
        assert_eq!(editor.text(), "12");
    }

    #[test]
    fn selected_text_kept_after_a_movement() {
        let mut editor = TextEditor::single_line_selected("30");
        editor.handle_key(key(KeyCode::Left));
        type_text(&mut editor, "5");
        assert_eq!(editor.text(), "350");
    }

    #[test]
    fn single_line_ignores_enter() {
        let mut editor = TextEditor::single_line("");
        type_text(&mut editor, "ção");
        assert_eq!(editor.handle_key(key(KeyCode::Enter)), Edit::Ignored);
        editor.handle_key(key(KeyCode::Backspace));
        assert_eq!(editor.text(), "ç\u{e3}".chars().take(2).collect::<String>());
    }

    #[test]
    fn multi_line_splits_and_joins() {
        let mut editor = TextEditor::multi_line("");
        type_text(&mut editor, "ab");
        editor.handle_key(key(KeyCode::Left));
        editor.handle_key(key(KeyCode::Enter));
        assert_eq!(editor.text(), "a\nb");
        editor.handle_key(key(KeyCode::Backspace));
        assert_eq!(editor.text(), "ab");
    }

    #[test]
    fn paste_keeps_line_breaks_in_multi_line() {
        for (pasted, expected) in [
            ("one\ntwo\n\nthree", "one\ntwo\n\nthree"),
            ("one\r\ntwo\r\n\r\nthree", "one\ntwo\n\nthree"),
            ("one\rtwo\r\rthree", "one\ntwo\n\nthree"),
        ] {
            let mut editor = TextEditor::multi_line("");
            editor.paste(pasted);
            assert_eq!(editor.text(), expected, "pasted {pasted:?}");
            assert_eq!(editor.line_count(), 4, "pasted {pasted:?}");
        }
    }

    #[test]
    fn paste_inside_line_splits_it() {
        let mut editor = TextEditor::multi_line("ad");
        editor.handle_key(key(KeyCode::Right));
        editor.paste("b\r\nc");
        assert_eq!(editor.text(), "ab\ncd");
        type_text(&mut editor, "!");
        assert_eq!(editor.text(), "ab\nc!d", "the cursor ends after the paste");
    }

    #[test]
    fn paste_joins_lines_in_single_line() {
        for pasted in ["left\nhand", "left\r\nhand", "left\rhand"] {
            let mut editor = TextEditor::single_line("");
            editor.paste(pasted);
            assert_eq!(editor.text(), "left hand", "pasted {pasted:?}");
        }
    }

    #[test]
    fn control_w_deletes_word() {
        let mut editor = TextEditor::single_line("the left hand");
        editor.handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(editor.text(), "the left ");
    }
}
