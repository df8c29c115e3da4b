//! Text repairs shared by the importers: byte order marks, mixed encodings, text
//! encoded twice as UTF-8, and HTML reviews.

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Removes a UTF-8 byte order mark, which Excel and some exporters put at the start.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Converts a UTF-16 file (recognised by its byte order mark) to UTF-8 and removes a
/// UTF-8 byte order mark. Other bytes are returned unchanged, for per-field decoding.
pub fn to_utf8_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    let encoding = if bytes.starts_with(b"\xFF\xFE") {
        UTF_16LE
    } else if bytes.starts_with(b"\xFE\xFF") {
        UTF_16BE
    } else {
        return Cow::Borrowed(strip_bom(bytes));
    };
    let (text, _) = encoding.decode_with_bom_removal(bytes);
    Cow::Owned(text.into_owned().into_bytes())
}

/// Decodes one field: UTF-8 when the bytes are valid UTF-8, Windows-1252 otherwise.
///
/// Returns the text and whether the Windows-1252 fallback was used. LibraryThing
/// exports mix the two, field by field, so a whole-file decision would garble one of
/// them.
pub fn decode_field(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            (text, true)
        }
    }
}

/// A whole file decoded line by line, for formats that are parsed as one string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    /// Numbers (1-based) of the lines that were read as Windows-1252.
    pub windows_1252_lines: Vec<usize>,
}

/// Decodes a file whose lines are each UTF-8 or Windows-1252, deciding per line.
pub fn decode_lines(bytes: &[u8]) -> DecodedText {
    let bytes = to_utf8_bytes(bytes);
    let mut text = String::with_capacity(bytes.len());
    let mut windows_1252_lines = Vec::new();
    for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let (decoded, fallback) = decode_field(line);
        text.push_str(&decoded);
        if fallback {
            windows_1252_lines.push(index + 1);
        }
    }
    DecodedText {
        text,
        windows_1252_lines,
    }
}

/// Repairs text that was encoded as UTF-8 twice, such as `CafÃ©` for `Café`.
///
/// The text is encoded back to Windows-1252 bytes and those bytes are decoded as
/// UTF-8. The repair is taken only when every character maps to a Windows-1252 byte
/// and the bytes are valid UTF-8, so genuine text such as `Ã` alone or `naïve` stays
/// as it is. Text garbled more than once is repaired up to three times.
pub fn repair_double_encoding(text: &str) -> Option<String> {
    let mut current = Cow::Borrowed(text);
    for _ in 0..3 {
        match undo_one_encoding(&current) {
            Some(repaired) => current = Cow::Owned(repaired),
            None => break,
        }
    }
    match current {
        Cow::Owned(repaired) => Some(repaired),
        Cow::Borrowed(_) => None,
    }
}

fn undo_one_encoding(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    if unmappable {
        return None;
    }
    let repaired = std::str::from_utf8(&bytes).ok()?;
    (repaired != text).then(|| repaired.to_string())
}

/// A review converted from Goodreads HTML to plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewText {
    pub text: String,
    /// Set when any part of the review was inside `<spoiler>` tags.
    pub spoiler: bool,
}

/// Converts an HTML review to plain text.
///
/// `<br>` becomes a newline. A blank line separates a paragraph, quotation or list
/// from the text around it, and each list item and heading takes a line.
/// `<spoiler>` sets the spoiler flag and keeps its text. `<script>` and `<style>`
/// are left out with their contents. Other tags are removed and
/// entities decoded afterwards, so an escaped `&lt;b&gt;` stays visible as `<b>`. A
/// `<` that does not start a tag is kept.
pub fn html_to_text(html: &str) -> ReviewText {
    let html = html.replace("\r\n", "\n");
    let mut stripped = String::with_capacity(html.len());
    let mut spoiler = false;
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        stripped.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(tag) = tag_at(after) else {
            stripped.push('<');
            rest = after;
            continue;
        };
        match tag.name.as_str() {
            "br" => stripped.push('\n'),
            // A blank line separates a block from the text around it. One that opened
            // right after text, as in `end<blockquote>Quote`, once read as `endQuote`.
            "p" | "blockquote" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                end_line(&mut stripped, 2)
            }
            "li" if tag.closing => end_line(&mut stripped, 1),
            "spoiler" => spoiler = true,
            // A browser shows nothing of a script or a style sheet, so neither is
            // part of the review as its reader saw it.
            "script" | "style" if !tag.closing => {
                let inside = &after[tag.length..];
                let end = format!("</{}", tag.name);
                rest = match inside.to_ascii_lowercase().find(&end) {
                    Some(position) => {
                        let closing = &inside[position + 1..];
                        tag_at(closing).map_or("", |close| &closing[close.length..])
                    }
                    None => "",
                };
                continue;
            }
            _ => {}
        }
        rest = &after[tag.length..];
    }
    stripped.push_str(rest);

    let decoded = html_escape::decode_html_entities(&stripped);
    ReviewText {
        text: decoded.trim().to_string(),
        spoiler,
    }
}

/// Ends `text` with at least `newlines` line breaks, unless it is empty.
fn end_line(text: &mut String, newlines: usize) {
    if text.is_empty() {
        return;
    }
    let present = text.len() - text.trim_end_matches('\n').len();
    for _ in present..newlines {
        text.push('\n');
    }
}

/// Converts a plain-text review to HTML as Goodreads exports it. The text is escaped,
/// newlines become `<br/>`, and a flagged review is wrapped in `<spoiler>`.
/// [`html_to_text`] reads the result back to the same text.
pub fn text_to_html(text: &str, spoiler: bool) -> String {
    let escaped = html_escape::encode_text(text).replace('\n', "<br/>");
    if spoiler {
        format!("<spoiler>{escaped}</spoiler>")
    } else {
        escaped
    }
}

struct Tag {
    name: String,
    closing: bool,
    /// Bytes from after the `<` to after the `>`.
    length: usize,
}

/// Reads the tag that starts just after a `<`, if the text there looks like one.
fn tag_at(text: &str) -> Option<Tag> {
    let closing = text.starts_with('/');
    let body = if closing { &text[1..] } else { text };
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = text.find('>')?;
    let name: String = body
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(Tag {
        name,
        closing,
        length: end + 1,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn bom_removed() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBFTitle"), b"Title");
        assert_eq!(strip_bom(b"Title"), b"Title");
    }

    #[test]
    fn utf16_converted() {
        let mut with_bom = b"\xFF\xFE".to_vec();
        for unit in "Título".encode_utf16() {
            with_bom.extend(unit.to_le_bytes());
        }
        assert_eq!(to_utf8_bytes(&with_bom).as_ref(), "Título".as_bytes());
    }

    #[test]
    fn double_encoding_repaired() {
        assert_eq!(repair_double_encoding("CafÃ©").as_deref(), Some("Café"));
        assert_eq!(
            repair_double_encoding("Itâ€™s Ã\u{a0} la carte").as_deref(),
            Some("It’s à la carte")
        );
        assert_eq!(
            repair_double_encoding("rÃƒÂ©gional").as_deref(),
            Some("régional")
        );
    }

    #[test]
    fn genuine_text_left_alone() {
        for text in [
            "Ã",
            "Ãrvore Ã",
            "Café",
            "naïve",
            "Crème brûlée",
            "ASCII",
            "Łódź",
            "東京",
        ] {
            assert_eq!(repair_double_encoding(text), None, "{text}");
        }
    }

    #[test]
    fn field_falls_back_to_windows_1252() {
        let (text, fallback) = decode_field(b"Caf\xE9");
        assert_eq!(text, "Café");
        assert!(fallback);

        let (text, fallback) = decode_field("Café".as_bytes());
        assert_eq!(text, "Café");
        assert!(!fallback);
    }

    #[test]
    fn lines_decoded_separately() {
        let bytes = b"Caf\xC3\xA9\nNa\xEFve\n\x93quoted\x94\n";
        let decoded = decode_lines(bytes);
        assert_eq!(decoded.text, "Café\nNaïve\n\u{201c}quoted\u{201d}\n");
        assert_eq!(decoded.windows_1252_lines, vec![2, 3]);
    }

    #[test]
    fn html_breaks_and_spoiler() {
        let review =
            html_to_text("Great.<br/><br>Twist: <spoiler>the butler</spoiler> &amp; more<br />");
        assert_eq!(review.text, "Great.\n\nTwist: the butler & more");
        assert!(review.spoiler);
    }

    #[test]
    fn html_other_tags_stripped() {
        let review =
            html_to_text("<p>One <i>two</i></p><blockquote>Quote</blockquote>x < y &lt;b&gt;");
        assert_eq!(review.text, "One two\n\nQuote\n\nx < y <b>");
        assert!(!review.spoiler);
    }

    /// Blocks that open right after text once ran into it: `pacing<blockquote>It`
    /// read as `pacingIt`.
    #[test]
    fn html_blocks_stand_apart() {
        let review = html_to_text(
            "The pacing<blockquote>It was</blockquote>after<p>Next</p><ul><li>one</li>\
             <li>two</li></ul>end",
        );
        assert_eq!(
            review.text,
            "The pacing\n\nIt was\n\nafter\n\nNext\n\none\ntwo\n\nend"
        );
    }

    #[test]
    fn review_html_round_trip() {
        for (text, spoiler) in [
            ("Line one\nLine two & <three>", false),
            ("Secret ending", true),
            ("a <spoiler> literal", false),
        ] {
            let html = text_to_html(text, spoiler);
            let back = html_to_text(&html);
            assert_eq!(back.text, text);
            assert_eq!(back.spoiler, spoiler);
        }
        assert_eq!(text_to_html("a\nb", false), "a<br/>b");
    }

    /// A review with a `<script>` kept the script's code as text, which no reader
    /// of the page ever saw.
    #[test]
    fn script_and_style_left_out() {
        let review = html_to_text(
            "Loved it.<SCRIPT type=\"x\">alert('hi')</script><style>p{}</STYLE> The end.",
        );
        assert_eq!(review.text, "Loved it. The end.");
        assert_eq!(html_to_text("cut <script>never closed").text, "cut");
    }
}
