//! ISBN-10 and ISBN-13 validation, conversion and repair.
//!
//! Exports damage ISBNs in known ways. Goodreads wraps them in a spreadsheet formula
//! (`="0123456789"`, or `=""` when there is none) so that spreadsheets keep them as
//! text. A spreadsheet that opened a file without that guard turns ISBNs into
//! numbers: leading zeros disappear (`123456789X` stays text, `012345678` loses its
//! zero), and 13-digit values are shown in scientific notation (`9.78006E+12`), which
//! has lost digits for good. Lost zeros are restored only when the check digit then
//! passes, because padding an arbitrary number would invent an ISBN.

use std::fmt;

use crate::msg;

/// Both forms of one book's ISBN. A 978-prefixed ISBN-13 always comes with its
/// ISBN-10; a 979 one has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Isbns {
    pub isbn10: Option<String>,
    pub isbn13: Option<String>,
}

/// An ISBN read from an export, with the repair it needed, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedIsbn {
    pub isbns: Isbns,
    /// A sentence describing a repair, such as restored leading zeros.
    pub repair: Option<String>,
}

/// An ISBN that is not valid, with the reason. Its text is in the language of the
/// request that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsbnError {
    pub value: String,
    pub reason: IsbnProblem,
}

impl fmt::Display for IsbnError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&msg!(
            "isbn-invalid",
            "invalid ISBN {value}: {reason}",
            value = format!("{:?}", self.value),
            reason = self.reason
        ))
    }
}

impl std::error::Error for IsbnError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IsbnProblem {
    ScientificNotation,
    InvalidCharacter(char),
    WrongLength(usize),
    TooShort(usize),
    CheckDigit { expected: char },
    WrongPrefix,
}

impl fmt::Display for IsbnProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::ScientificNotation => msg!(
                "isbn-scientific",
                "it is in scientific notation, so a spreadsheet has already dropped its digits"
            ),
            Self::InvalidCharacter(character) => msg!(
                "isbn-character",
                "character {character} is not allowed (use digits, and X only as the last \
                 character of an ISBN-10)",
                character = format!("{character:?}")
            ),
            Self::WrongLength(length) => msg!(
                "isbn-length",
                "it has {length} characters (expected 10 or 13)",
                length = length
            ),
            Self::TooShort(length) => msg!(
                "isbn-too-short",
                "it has {length} characters, and adding back leading zeros does not give a \
                 valid ISBN-10",
                length = length
            ),
            Self::CheckDigit { expected } => msg!(
                "isbn-check-digit",
                "the check digit should be {expected}",
                expected = expected
            ),
            Self::WrongPrefix => msg!("isbn-prefix", "an ISBN-13 must start with 978 or 979"),
        };
        formatter.write_str(&text)
    }
}

/// Shortest digit string that may be an ISBN-10 with lost leading zeros. Registrant
/// groups such as `00` exist, so up to three zeros can go missing.
const MIN_REPAIRABLE_LEN: usize = 7;

impl Isbns {
    /// Builds both forms from a valid ISBN-10 or ISBN-13 in compact form.
    fn from_valid(compact: &str) -> Self {
        if compact.len() == 10 {
            Self {
                isbn10: Some(compact.to_string()),
                isbn13: Some(isbn10_to_13(compact)),
            }
        } else {
            Self {
                isbn10: isbn13_to_10(compact),
                isbn13: Some(compact.to_string()),
            }
        }
    }

    /// Combines the values of an ISBN-10 column and an ISBN-13 column of one row.
    ///
    /// Returns the combined ISBNs and, when the two columns name different books, a
    /// sentence saying so. Both values are then kept as written, because nothing in
    /// the row shows which one is right.
    pub fn combine(
        from_isbn10: Option<Isbns>,
        from_isbn13: Option<Isbns>,
    ) -> (Isbns, Option<String>) {
        match (from_isbn10, from_isbn13) {
            (Some(ten), Some(thirteen)) => {
                let conflict = ten.isbn13 != thirteen.isbn13;
                let message = conflict.then(|| {
                    msg!(
                        "isbn-pair-conflict",
                        "ISBN {ten} and ISBN13 {thirteen} belong to different books; both were \
                         kept",
                        ten = ten.isbn10.as_deref().unwrap_or("?"),
                        thirteen = thirteen.isbn13.as_deref().unwrap_or("?")
                    )
                });
                let combined = Isbns {
                    isbn10: ten.isbn10.or(thirteen.isbn10),
                    isbn13: thirteen.isbn13.or(ten.isbn13),
                };
                (combined, message)
            }
            (Some(only), None) | (None, Some(only)) => (only, None),
            (None, None) => (Isbns::default(), None),
        }
    }
}

/// Parses one ISBN field of an export.
///
/// Accepts ISBN-10 and ISBN-13 with or without hyphens and spaces, an `ISBN` prefix,
/// and the spreadsheet formula form. Returns `Ok(None)` for an empty value (including
/// `=""`) and an error for scientific notation, because its digits are gone.
pub fn parse_isbn(text: &str) -> Result<Option<ParsedIsbn>, IsbnError> {
    let inner = unwrap_formula(text);
    if inner.is_empty() {
        return Ok(None);
    }
    let error = |reason| IsbnError {
        value: text.trim().to_string(),
        reason,
    };
    if is_scientific_notation(inner) {
        return Err(error(IsbnProblem::ScientificNotation));
    }

    let compact = compact(inner).map_err(error)?;
    match compact.len() {
        10 | 13 => {
            check(&compact).map_err(error)?;
            Ok(Some(ParsedIsbn {
                isbns: Isbns::from_valid(&compact),
                repair: None,
            }))
        }
        len if (MIN_REPAIRABLE_LEN..10).contains(&len) => {
            let padded = format!("{compact:0>10}");
            if check(&padded).is_err() {
                return Err(error(IsbnProblem::TooShort(len)));
            }
            let zeros = 10 - len;
            let repair = if zeros == 1 {
                msg!(
                    "isbn-zero-restored",
                    "restored 1 leading zero of ISBN {value}, giving {padded}",
                    value = format!("{:?}", text.trim()),
                    padded = padded
                )
            } else {
                msg!(
                    "isbn-zeros-restored",
                    "restored {zeros} leading zeros of ISBN {value}, giving {padded}",
                    zeros = zeros,
                    value = format!("{:?}", text.trim()),
                    padded = padded
                )
            };
            Ok(Some(ParsedIsbn {
                isbns: Isbns::from_valid(&padded),
                repair: Some(repair),
            }))
        }
        len => Err(error(IsbnProblem::WrongLength(len))),
    }
}

/// Validates an ISBN-10 typed by a person and returns its compact form
/// (`0-19-852663-6` becomes `0198526636`).
pub fn validate_isbn10(text: &str) -> Result<String, IsbnError> {
    validate_length(text, 10)
}

/// Validates an ISBN-13 typed by a person and returns its compact form.
pub fn validate_isbn13(text: &str) -> Result<String, IsbnError> {
    validate_length(text, 13)
}

fn validate_length(text: &str, expected: usize) -> Result<String, IsbnError> {
    let error = |reason| IsbnError {
        value: text.trim().to_string(),
        reason,
    };
    let compact = compact(text.trim()).map_err(error)?;
    if compact.len() != expected {
        return Err(error(IsbnProblem::WrongLength(compact.len())));
    }
    check(&compact).map_err(error)?;
    Ok(compact)
}

/// Converts a valid ISBN-10 to its 978-prefixed ISBN-13.
pub fn isbn10_to_13(isbn10: &str) -> String {
    let body = format!("978{}", &isbn10[..9]);
    let check = isbn13_check_digit(&body);
    format!("{body}{check}")
}

/// Converts a valid ISBN-13 to its ISBN-10. Returns `None` for the 979 prefix, which
/// has no ISBN-10.
pub fn isbn13_to_10(isbn13: &str) -> Option<String> {
    let body = isbn13.strip_prefix("978")?.get(..9)?;
    Some(format!("{body}{}", isbn10_check_digit(body)))
}

/// Returns the value when it has the shape of an Amazon ASIN for a non-ISBN product,
/// such as a Kindle book (`B0` followed by eight letters or digits).
pub fn parse_asin(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    let shaped = upper.len() == 10
        && upper.starts_with("B0")
        && upper.bytes().all(|b| b.is_ascii_alphanumeric());
    shaped.then_some(upper)
}

/// Check digit of an ISBN-10 from its first nine digits: weights 10 down to 2,
/// modulo 11, with X standing for 10.
fn isbn10_check_digit(first9: &str) -> char {
    let sum: u32 = first9
        .bytes()
        .zip((2..=10).rev())
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    match (11 - sum % 11) % 11 {
        10 => 'X',
        value => char::from(b'0' + value as u8),
    }
}

/// Check digit of an ISBN-13 from its first twelve digits: weights 1 and 3
/// alternating, modulo 10.
fn isbn13_check_digit(first12: &str) -> char {
    let sum: u32 = first12
        .bytes()
        .zip([1, 3].into_iter().cycle())
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

/// Checks the prefix and check digit of a compact ISBN of 10 or 13 characters.
fn check(compact: &str) -> Result<(), IsbnProblem> {
    let (body, actual) = compact.split_at(compact.len() - 1);
    let expected = if compact.len() == 10 {
        isbn10_check_digit(body)
    } else {
        if actual == "X" {
            return Err(IsbnProblem::InvalidCharacter('X'));
        }
        if !(body.starts_with("978") || body.starts_with("979")) {
            return Err(IsbnProblem::WrongPrefix);
        }
        isbn13_check_digit(body)
    };
    if actual.starts_with(expected) {
        Ok(())
    } else {
        Err(IsbnProblem::CheckDigit { expected })
    }
}

/// Removes the `="..."` formula guard, surrounding quotes and whitespace.
fn unwrap_formula(text: &str) -> &str {
    let mut inner = text.trim();
    if let Some(rest) = inner.strip_prefix('=') {
        inner = rest.trim();
    }
    if inner.len() >= 2 && inner.starts_with('"') && inner.ends_with('"') {
        inner = &inner[1..inner.len() - 1];
    }
    inner.trim()
}

/// Recognises numbers such as `9.78006E+12` or `9,78006e12`.
fn is_scientific_notation(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',');
    mantissa_ok && !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Drops an `ISBN` label, hyphens and spaces, and upper-cases a final x.
fn compact(text: &str) -> Result<String, IsbnProblem> {
    let mut rest = text;
    // `get` rather than slicing: byte 4 need not be a char boundary (`Café`), and a
    // match means the first four bytes are ASCII, so `rest[4..]` is safe.
    if rest
        .get(..4)
        .is_some_and(|label| label.eq_ignore_ascii_case("isbn"))
    {
        rest = rest[4..].trim_start_matches(['-', ' ']);
        rest = rest
            .strip_prefix("13")
            .or_else(|| rest.strip_prefix("10"))
            .filter(|after| after.starts_with([':', ' ']))
            .unwrap_or(rest);
        rest = rest.trim_start_matches([':', ' ']);
    }

    let mut compact = String::with_capacity(13);
    for c in rest.chars() {
        match c {
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => {}
            c if c.is_whitespace() => {}
            '0'..='9' => compact.push(c),
            'x' | 'X' => compact.push('X'),
            other => return Err(IsbnProblem::InvalidCharacter(other)),
        }
    }
    if let Some(position) = compact.find('X')
        && position != compact.len() - 1
    {
        return Err(IsbnProblem::InvalidCharacter('X'));
    }
    Ok(compact)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn isbns(text: &str) -> Isbns {
        parse_isbn(text).unwrap().unwrap().isbns
    }

    /// Multi-byte characters across byte 4 made the `ISBN` label check slice inside
    /// a character and panic, in imports and in the API's ISBN fields alike.
    #[test]
    fn non_ascii_text_is_invalid() {
        for text in [
            "Caf\u{e9} at the Edge",
            "Caf\u{c3}\u{a9}",
            "ab\u{2018}cd",
            "\u{e9}\u{e9}\u{e9}",
        ] {
            assert!(
                matches!(
                    parse_isbn(text),
                    Err(IsbnError {
                        reason: IsbnProblem::InvalidCharacter(_),
                        ..
                    })
                ),
                "{text:?}"
            );
            assert!(validate_isbn10(text).is_err(), "{text:?}");
            assert!(validate_isbn13(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn isbn10_gains_isbn13() {
        let parsed = isbns("0-19-852663-6");
        assert_eq!(parsed.isbn10.as_deref(), Some("0198526636"));
        assert_eq!(parsed.isbn13.as_deref(), Some("9780198526636"));
    }

    #[test]
    fn isbn13_gains_isbn10() {
        let parsed = isbns("978-0-306-40615-7");
        assert_eq!(parsed.isbn13.as_deref(), Some("9780306406157"));
        assert_eq!(parsed.isbn10.as_deref(), Some("0306406152"));
    }

    #[test]
    fn prefix_979_has_no_isbn10() {
        let parsed = isbns("9791090636071");
        assert_eq!(parsed.isbn13.as_deref(), Some("9791090636071"));
        assert_eq!(parsed.isbn10, None);
    }

    #[test]
    fn check_digit_x_accepted() {
        let parsed = isbns("080442957x");
        assert_eq!(parsed.isbn10.as_deref(), Some("080442957X"));
        assert_eq!(parsed.isbn13.as_deref(), Some("9780804429573"));
    }

    #[test]
    fn formula_forms_unwrapped() {
        assert_eq!(
            isbns("=\"0198526636\"").isbn10.as_deref(),
            Some("0198526636")
        );
        assert_eq!(parse_isbn("=\"\"").unwrap(), None);
        assert_eq!(parse_isbn("").unwrap(), None);
        assert_eq!(parse_isbn("  ").unwrap(), None);
    }

    #[test]
    fn lost_leading_zero_restored() {
        let parsed = parse_isbn("198526636").unwrap().unwrap();
        assert_eq!(parsed.isbns.isbn10.as_deref(), Some("0198526636"));
        let repair = parsed.repair.unwrap();
        assert!(repair.contains("restored 1 leading zero"), "{repair}");
    }

    #[test]
    fn two_lost_zeros_restored() {
        let parsed = parse_isbn("60935464").unwrap().unwrap();
        assert_eq!(parsed.isbns.isbn10.as_deref(), Some("0060935464"));
        assert!(parsed.repair.unwrap().contains("2 leading zeros"));
    }

    #[test]
    fn padding_needs_valid_checksum() {
        let error = parse_isbn("198526637").unwrap_err();
        assert_eq!(error.reason, IsbnProblem::TooShort(9));
    }

    #[test]
    fn scientific_notation_rejected() {
        let error = parse_isbn("9.78006E+12").unwrap_err();
        assert_eq!(error.reason, IsbnProblem::ScientificNotation);
        assert_eq!(error.value, "9.78006E+12");
        assert!(error.to_string().contains("9.78006E+12"));
        assert_eq!(
            parse_isbn("=\"9,78014E+12\"").unwrap_err().reason,
            IsbnProblem::ScientificNotation
        );
    }

    #[test]
    fn wrong_check_digit_named() {
        let error = parse_isbn("9780306406158").unwrap_err();
        assert_eq!(error.reason, IsbnProblem::CheckDigit { expected: '7' });
    }

    #[test]
    fn bad_lengths_and_characters() {
        assert_eq!(
            parse_isbn("97803064061").unwrap_err().reason,
            IsbnProblem::WrongLength(11)
        );
        assert_eq!(
            parse_isbn("0198X26636").unwrap_err().reason,
            IsbnProblem::InvalidCharacter('X')
        );
        assert_eq!(
            parse_isbn("01985266/6").unwrap_err().reason,
            IsbnProblem::InvalidCharacter('/')
        );
        assert_eq!(
            parse_isbn("1234567890123").unwrap_err().reason,
            IsbnProblem::WrongPrefix
        );
    }

    #[test]
    fn isbn_label_ignored() {
        assert_eq!(
            isbns("ISBN-13: 978-0-306-40615-7").isbn13.as_deref(),
            Some("9780306406157")
        );
        assert_eq!(
            isbns("ISBN 0198526636").isbn10.as_deref(),
            Some("0198526636")
        );
    }

    #[test]
    fn validators_demand_their_length() {
        assert_eq!(validate_isbn10("0 19 852663 6").unwrap(), "0198526636");
        assert_eq!(validate_isbn13("978-0306406157").unwrap(), "9780306406157");
        assert_eq!(
            validate_isbn10("9780306406157").unwrap_err().reason,
            IsbnProblem::WrongLength(13)
        );
        assert_eq!(
            validate_isbn13("0198526636").unwrap_err().reason,
            IsbnProblem::WrongLength(10)
        );
        assert!(validate_isbn10("0198526637").is_err());
    }

    #[test]
    fn conversions_are_inverse() {
        assert_eq!(isbn10_to_13("0306406152"), "9780306406157");
        assert_eq!(isbn13_to_10("9780306406157").as_deref(), Some("0306406152"));
        assert_eq!(isbn13_to_10("9791090636071"), None);
    }

    #[test]
    fn asin_shape_recognised() {
        assert_eq!(parse_asin("b00abc1234").as_deref(), Some("B00ABC1234"));
        assert_eq!(parse_asin("0198526636"), None);
        assert_eq!(parse_asin("B00ABC123"), None);
    }

    #[test]
    fn combine_reports_conflict() {
        let ten = isbns("0198526636");
        let thirteen = isbns("9780306406157");
        let (combined, conflict) = Isbns::combine(Some(ten.clone()), Some(thirteen));
        assert_eq!(combined.isbn10.as_deref(), Some("0198526636"));
        assert_eq!(combined.isbn13.as_deref(), Some("9780306406157"));
        assert!(conflict.is_some());

        let (same, none) = Isbns::combine(Some(ten.clone()), Some(isbns("9780198526636")));
        assert_eq!(same, ten);
        assert_eq!(none, None);
    }
}
