//! Numbers and dates written for the language in force.
//!
//! English keeps the forms the app has always shown: `1,742`, `4.25` and ISO dates
//! (`2026-12-05`). Brazilian Portuguese groups thousands with a dot and uses a decimal
//! comma (`1.234,5`), and writes dates day first (`05/12/2026`).

use chrono::NaiveDate;
use fluent_bundle::FluentValue;

use super::{Language, current};

/// Returns the separators of one language: thousands, then decimal.
fn separators(language: Language) -> (char, char) {
    match language {
        Language::English => (',', '.'),
        Language::BrazilianPortuguese => ('.', ','),
    }
}

/// Formats a whole number with thousands separators, such as `1,742` or `1.742`.
pub fn integer(value: i64) -> String {
    integer_in(current(), value)
}

/// Reads a whole number as a person of the language in force types it: plain
/// digits, or grouped in threes with the language's thousands separator (`1.234`
/// in Portuguese, `1,234` in English). A separator anywhere else makes it no number,
/// so `1.5` is never read as 15.
pub fn parse_integer(text: &str) -> Option<i64> {
    parse_integer_in(current(), text)
}

pub fn parse_integer_in(language: Language, text: &str) -> Option<i64> {
    integer_digits_in(language, text)?.parse().ok()
}

/// Returns the digits of a whole number written as [`parse_integer_in`] reads it,
/// with its sign and without separators, whatever its size. Returns `None` for text
/// that is not a whole number.
fn integer_digits_in(language: Language, text: &str) -> Option<String> {
    let (group, _) = separators(language);
    let text = text.trim();
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let groups: Vec<&str> = unsigned.split(group).collect();
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let grouped = match groups.as_slice() {
        [_] => true,
        [first, rest @ ..] => {
            first.len() <= 3 && !first.starts_with('0') && rest.iter().all(|part| part.len() == 3)
        }
        [] => false,
    };
    if !grouped || !groups.iter().all(|part| digits(part)) {
        return None;
    }
    Some(text.replace(group, ""))
}

/// Words why [`parse_integer`] rejected a number that has a range of its own, such
/// as a page count. A whole number too large for any integer is reported as outside
/// `min..=max`, because the field does not take the largest integer either.
pub fn integer_range_error(text: &str, min: i64, max: i64) -> String {
    if integer_digits_in(current(), text).is_some() {
        crate::t!(
            "number-out-of-range",
            text = format!("{:?}", text.trim()),
            min = integer(min),
            max = integer(max)
        )
    } else {
        crate::t!("not-a-whole-number", text = format!("{text:?}"))
    }
}

/// Says why [`parse_integer`] refused `text`: a whole number too large to keep is
/// called that, so that twenty digits are not called "not a whole number".
pub fn integer_error(text: &str) -> String {
    if integer_digits_in(current(), text).is_some() {
        crate::t!(
            "number-too-large",
            text = format!("{:?}", text.trim()),
            max = integer(i64::MAX)
        )
    } else {
        crate::t!("not-a-whole-number", text = format!("{text:?}"))
    }
}

pub fn integer_in(language: Language, value: i64) -> String {
    let (group, _) = separators(language);
    estante_backend::i18n::group_thousands(value, group)
}

/// Formats `value` with exactly `places` decimals, such as `3.5` or `3,5` for one.
pub fn decimal(value: f64, places: usize) -> String {
    decimal_in(current(), value, places)
}

pub fn decimal_in(language: Language, value: f64, places: usize) -> String {
    localize(language, &format!("{value:.places$}"))
}

/// Formats `value` with as few decimals as represent it, such as `4.25` or `4,25`.
pub fn shortest(value: f64) -> String {
    shortest_in(current(), value)
}

pub fn shortest_in(language: Language, value: f64) -> String {
    localize(language, &value.to_string())
}

/// Rewrites a number printed by Rust (`-1234.5`) with the language's separators.
fn localize(language: Language, plain: &str) -> String {
    let (negative, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let Ok(whole) = whole.parse::<i64>() else {
        // inf and NaN have no digits to group.
        return plain.to_string();
    };
    let mut out = integer_in(language, whole);
    if negative && !out.starts_with('-') {
        out.insert(0, '-');
    }
    if let Some(fraction) = fraction {
        out.push(separators(language).1);
        out.push_str(fraction);
    }
    out
}

/// Formats a date: `2026-12-05` in English, `05/12/2026` in Portuguese.
pub fn date(date: NaiveDate) -> String {
    date_in(current(), date)
}

pub fn date_in(language: Language, date: NaiveDate) -> String {
    match language {
        Language::English => date.format("%Y-%m-%d").to_string(),
        Language::BrazilianPortuguese => date.format("%d/%m/%Y").to_string(),
    }
}

/// Formats a date and time to the minute: `2026-12-05 14:30` in English,
/// `05/12/2026 14:30` in Portuguese.
pub fn date_time(value: chrono::NaiveDateTime) -> String {
    match current() {
        Language::English => value.format("%Y-%m-%d %H:%M").to_string(),
        Language::BrazilianPortuguese => value.format("%d/%m/%Y %H:%M").to_string(),
    }
}

/// Formats a day of the year and a time, for narrow columns: `12-05 14:30` in
/// English, `05/12 14:30` in Portuguese.
pub fn month_day_time(value: chrono::NaiveDateTime) -> String {
    match current() {
        Language::English => value.format("%m-%d %H:%M").to_string(),
        Language::BrazilianPortuguese => value.format("%d/%m %H:%M").to_string(),
    }
}

/// Formats an ISO date that may lack its day or month (`2026`, `2026-12`,
/// `2026-12-05`, as the backend's partial dates print): unchanged in English, day
/// first in Portuguese (`2026`, `12/2026`, `05/12/2026`). Text of any other shape is
/// returned unchanged.
pub fn iso_date(text: &str) -> String {
    iso_date_in(current(), text)
}

pub fn iso_date_in(language: Language, text: &str) -> String {
    if language == Language::English {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |part: &str, length: usize| {
        part.len() == length && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    match parts.as_slice() {
        [year] if digits(year, 4) => (*year).to_string(),
        [year, month] if digits(year, 4) && digits(month, 2) => format!("{month}/{year}"),
        [year, month, day] if digits(year, 4) && digits(month, 2) && digits(day, 2) => {
            format!("{day}/{month}/{year}")
        }
        _ => text.to_string(),
    }
}

/// Formats a backend partial date for the language in force, as [`iso_date`] does.
pub fn partial_date(date: &estante_backend::dates::PartialDate) -> String {
    iso_date(&date.to_string())
}

/// Rewrites a typed date written day first (`05/12/2026` or `12/2026`) as ISO
/// (`2026-12-05`, `2026-12`), so the backend's date parser accepts it. Other text is
/// returned trimmed and otherwise unchanged, for that parser to judge.
// NOTE: this runs in English too, where the hints ask for ISO dates. A US-style
// month-first `12/05/2026` typed there is read as 12 May, not December 5.
pub fn typed_date_to_iso(text: &str) -> String {
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').map(str::trim).collect();
    let number = |part: &str, max_length: usize| {
        !part.is_empty() && part.len() <= max_length && part.bytes().all(|b| b.is_ascii_digit())
    };
    match parts.as_slice() {
        [month, year] if number(month, 2) && year.len() == 4 && number(year, 4) => {
            format!("{year}-{month:0>2}")
        }
        [day, month, year]
            if number(day, 2) && number(month, 2) && year.len() == 4 && number(year, 4) =>
        {
            format!("{year}-{month:0>2}-{day:0>2}")
        }
        _ => text.to_string(),
    }
}

fn fluent_number(language: Language, value: &FluentValue) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let places = number.options.minimum_fraction_digits;
    Some(match places {
        Some(places) => decimal_in(language, number.value, places),
        None if number.value.fract() == 0.0 && number.value.abs() < 1e15 => {
            integer_in(language, number.value as i64)
        }
        None => shortest_in(language, number.value),
    })
}

/// Formats numbers for the English bundle, so numbers in messages get separators.
pub(super) fn fluent_english<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Language::English, value)
}

pub(super) fn fluent_portuguese<M>(value: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Language::BrazilianPortuguese, value)
}

#[cfg(test)]
mod tests {
    #[test]
    fn integers_as_typed() {
        use super::{Language, parse_integer_in};
        let pt = Language::BrazilianPortuguese;
        assert_eq!(parse_integer_in(pt, "1.234"), Some(1234));
        assert_eq!(parse_integer_in(pt, " 12.345.678 "), Some(12_345_678));
        assert_eq!(parse_integer_in(pt, "-1.234"), Some(-1234));
        assert_eq!(parse_integer_in(pt, "300"), Some(300));
        assert_eq!(parse_integer_in(pt, "1.5"), None);
        assert_eq!(parse_integer_in(pt, "01.234"), None);
        assert_eq!(parse_integer_in(pt, "1,234"), None);
        assert_eq!(parse_integer_in(pt, "1234.567"), None);
        assert_eq!(parse_integer_in(Language::English, "1,234"), Some(1234));
        assert_eq!(parse_integer_in(Language::English, "1.234"), None);
        assert_eq!(parse_integer_in(Language::English, ""), None);
        assert_eq!(parse_integer_in(Language::English, "-"), None);
    }

    /// A number too large to keep was called "not a whole number".
    #[test]
    fn integer_errors_tell_size_from_shape() {
        use super::integer_error;
        assert_eq!(
            integer_error("99999999999999999999"),
            "\"99999999999999999999\" is too large; the largest number is \
             9,223,372,036,854,775,807"
        );
        assert_eq!(integer_error("12x"), "\"12x\" is not a whole number");
    }

    use super::*;

    const EN: Language = Language::English;
    const PT: Language = Language::BrazilianPortuguese;

    #[test]
    fn integers_group_thousands() {
        assert_eq!(integer_in(EN, 0), "0");
        assert_eq!(integer_in(EN, 1742), "1,742");
        assert_eq!(integer_in(EN, 100_000), "100,000");
        assert_eq!(integer_in(PT, 1234), "1.234");
        assert_eq!(integer_in(PT, 999), "999");
        assert_eq!(integer_in(PT, -1_234_567), "-1.234.567");
    }

    #[test]
    fn decimals_use_the_language_separator() {
        assert_eq!(decimal_in(EN, 1234.5, 1), "1,234.5");
        assert_eq!(decimal_in(PT, 1234.5, 1), "1.234,5");
        assert_eq!(decimal_in(PT, 3.25, 2), "3,25");
        assert_eq!(decimal_in(PT, -0.5, 1), "-0,5");
        assert_eq!(shortest_in(EN, 4.25), "4.25");
        assert_eq!(shortest_in(PT, 4.25), "4,25");
        assert_eq!(shortest_in(PT, 4.0), "4");
    }

    #[test]
    fn dates_by_language() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(date_in(EN, day), "2026-12-05");
        assert_eq!(date_in(PT, day), "05/12/2026");
    }

    #[test]
    fn partial_dates_by_language() {
        assert_eq!(iso_date_in(EN, "2026-12-05"), "2026-12-05");
        assert_eq!(iso_date_in(PT, "2026-12-05"), "05/12/2026");
        assert_eq!(iso_date_in(PT, "2026-12"), "12/2026");
        assert_eq!(iso_date_in(PT, "2026"), "2026");
        assert_eq!(iso_date_in(PT, "soon"), "soon");
    }

    #[test]
    fn typed_day_first_dates_become_iso() {
        assert_eq!(typed_date_to_iso("05/12/2026"), "2026-12-05");
        assert_eq!(typed_date_to_iso("5/1/2026"), "2026-01-05");
        assert_eq!(typed_date_to_iso("12/2026"), "2026-12");
        assert_eq!(typed_date_to_iso(" 2026-12 "), "2026-12");
        assert_eq!(typed_date_to_iso("1/2/26"), "1/2/26");
    }
}
