//! Folding text into the words the full-text index stores and searches.
//!
//! Both databases index text that this module has already folded: lowercase,
//! without diacritics, with letters such as ł and æ spelled as l and ae, and with
//! every run of characters that are not letters or digits turned into one space. SQLite's FTS5 and PostgreSQL's `simple` configuration then
//! split on spaces alone, so the two return the same books for the same query.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `text` to space-separated lowercase words without diacritics. Letters that
/// Unicode does not decompose into a base letter and a mark are spelled with the
/// Latin letters that library catalogues file them under (see [`spell`]), so that
/// `stanislaw` finds Stanisław and `Łem` sorts among the L names.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            for lower in c.to_lowercase() {
                spell(&mut folded, lower);
            }
        } else {
            pending_space = true;
        }
    }
    folded
}

/// The lower-case letters that [`fold`] spells with other letters. A search document
/// written before the spelling still contains them.
pub const SPELLED: [char; 12] = ['ł', 'ø', 'đ', 'ð', 'ħ', 'ı', 'ŧ', 'ŋ', 'æ', 'œ', 'ß', 'þ'];

/// Appends `c`, a lower-case letter or digit, spelled as catalogues file it.
fn spell(folded: &mut String, c: char) {
    match c {
        'ł' => folded.push('l'),
        'ø' => folded.push('o'),
        'đ' | 'ð' => folded.push('d'),
        'ħ' => folded.push('h'),
        'ı' => folded.push('i'),
        'ŧ' => folded.push('t'),
        'ŋ' => folded.push('n'),
        'æ' => folded.push_str("ae"),
        'œ' => folded.push_str("oe"),
        'ß' => folded.push_str("ss"),
        'þ' => folded.push_str("th"),
        other => folded.push(other),
    }
}

/// Folds ASCII text as [`fold`] does. NFKD leaves ASCII unchanged and no ASCII
/// character is a combining mark, so only case and punctuation remain. An import
/// folds every title, name and search document, and most of them are ASCII.
fn fold_ascii(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    folded
}

/// Splits a search box's text into folded words. A search takes at most
/// [`MAX_WORDS`] of them, which the caller checks.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// Bounds the work one query can ask of the full-text index. A longer query is
/// rejected rather than cut, because every word must match.
pub const MAX_WORDS: usize = 16;

/// Folds a title or name into a key that sorts the same way in both databases.
pub fn sort_key(text: &str) -> String {
    let folded = fold(text);
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = folded.strip_prefix(article) {
            return rest.to_string();
        }
    }
    folded
}

/// Folds an author's name into a key that sorts by surname, as library catalogues
/// do: `Ursula K. Le Guin` sorts as `le guin ursula k`.
///
/// A name that already contains a comma is taken as surname first, unless all that
/// follows its last comma is a suffix, as in `Martin Luther King, Jr.`. Otherwise the
/// last word is the surname, after any suffixes such as `Jr.` or `III`. A particle
/// written with a capital just before it (`Le`, `Van`, `De`) belongs to the
/// surname, and one in lowercase (`de`, `van`) stays with the given names, so
/// `Machado de Assis` sorts as `assis machado de`. Names that follow other
/// conventions, such as family name first without a comma, sort by their last word.
pub fn author_sort_key(name: &str) -> String {
    let (name, comma_suffix) = match name.rsplit_once(',') {
        Some((rest, tail)) if is_name_suffix(tail.trim()) => (rest, Some(tail.trim())),
        _ => (name, None),
    };
    if name.contains(',') {
        return fold(&format!("{name} {}", comma_suffix.unwrap_or_default()));
    }
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let mut suffixes: Vec<&str> = comma_suffix.into_iter().collect();
    while words.len() > 1 && is_name_suffix(words[words.len() - 1]) {
        suffixes.insert(0, words.pop().unwrap_or_default());
    }
    if words.len() < 2 {
        return fold(&format!("{} {}", words.join(" "), suffixes.join(" ")));
    }

    let mut surname_start = words.len() - 1;
    while surname_start > 1 && is_capitalized_particle(words[surname_start - 1]) {
        surname_start -= 1;
    }
    let reordered: Vec<&str> = words[surname_start..]
        .iter()
        .chain(&words[..surname_start])
        .chain(&suffixes)
        .copied()
        .collect();
    fold(&reordered.join(" "))
}

/// Builds the key a list sorted by author orders a book by: the first author's
/// [`author_sort_key`], then the title's [`sort_key`], so one author's books
/// follow each other by title. U+0001 between the two sorts before every character
/// a folded key contains, so a shorter name still sorts before a longer one that
/// starts with it.
pub fn author_title_key(author: &str, title: &str) -> String {
    format!("{}\u{1}{}", author_sort_key(author), sort_key(title))
}

/// Reports whether a word is a suffix that follows a name: generational (`Jr.`,
/// `Filho`), a roman numeral in capitals (`III`), or a degree (`PhD`, `M.D.`).
pub fn is_name_suffix(word: &str) -> bool {
    let bare: String = word.chars().filter(|c| *c != '.').collect();
    let roman = bare.len() >= 2 && bare.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'));
    roman
        || matches!(
            bare.to_lowercase().as_str(),
            "jr" | "sr"
                | "júnior"
                | "junior"
                | "neto"
                | "filho"
                | "sobrinho"
                | "phd"
                | "md"
                | "esq"
        )
}

/// Reports whether a word is a surname particle that starts with a capital letter.
fn is_capitalized_particle(word: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "da", "do", "dos", "das", "di", "del", "della", "du", "des", "le", "la", "van",
        "von", "der", "den", "ter", "ten", "mac", "st.", "saint", "el",
    ];
    word.chars().next().is_some_and(char::is_uppercase)
        && PARTICLES.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_title_key_orders_names_then_titles() {
        let mut keys = [
            author_title_key("Ursula K. Le Guin", "The Lathe of Heaven"),
            author_title_key("Ursula K. Le Guin", "A Wizard of Earthsea"),
            author_title_key("Ursula Kate Le Guin", "Aardvark"),
            author_title_key("Ursula Le Guinn", "Always Coming Home"),
            author_title_key("Nam Le", "The Boat"),
        ];
        keys.sort();
        let order: Vec<&str> = keys
            .iter()
            .map(|key| key.split('\u{1}').nth(1).unwrap())
            .collect();
        assert_eq!(
            order,
            [
                "lathe of heaven",
                "wizard of earthsea",
                "aardvark",
                "always coming home",
                "boat"
            ]
        );
    }

    #[test]
    fn sort_keys_spell_letters_without_decomposition() {
        for (name, key) in [
            ("Stanisław Lem", "lem stanislaw"),
            ("Karl Ove Knausgård", "knausgard karl ove"),
            ("Søren Kierkegaard", "kierkegaard soren"),
            ("Đorđe Balašević", "balasevic dorde"),
            ("Halldór Laxness", "laxness halldor"),
            ("Þórbergur Þórðarson", "thordarson thorbergur"),
            ("Orhan Pamuk", "pamuk orhan"),
        ] {
            assert_eq!(author_sort_key(name), key, "{name}");
        }
        assert_eq!(sort_key("Æsop's Fables"), "aesop s fables");
        assert_eq!(sort_key("Die Straße"), "die strasse");
        assert_eq!(sort_key("Œuvres"), "oeuvres");
        // Search folds the same way, so `lodz` finds Łódź.
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(query_words("Stanisław ÆRØ"), ["stanislaw", "aero"]);
    }

    #[test]
    fn author_sort_key_puts_surname_first() {
        for (name, key) in [
            ("Ursula K. Le Guin", "le guin ursula k"),
            ("Machado de Assis", "assis machado de"),
            ("Ludwig van Beethoven", "beethoven ludwig van"),
            ("Daphne Du Maurier", "du maurier daphne"),
            ("José Saramago", "saramago jose"),
            ("Martin Luther King Jr.", "king martin luther jr"),
            ("Le Guin, Ursula K.", "le guin ursula k"),
            ("Homer", "homer"),
            ("  ", ""),
            ("De Assis", "assis de"),
            ("Martin Luther King, Jr.", "king martin luther jr"),
            ("King, Martin Luther, Jr.", "king martin luther jr"),
            ("John Doe, M.D.", "doe john m d"),
            ("Jane Doe PhD", "doe jane phd"),
            ("Robert Smith III", "smith robert iii"),
            ("Henry VIII", "henry viii"),
            ("Omar El Akkad", "el akkad omar"),
            ("J. K.", "k j"),
        ] {
            assert_eq!(author_sort_key(name), key, "{name}");
        }
    }

    #[test]
    fn fold_ascii_matches_unicode_path() {
        for text in [
            "",
            "  ",
            "The Hobbit, or There and Back Again",
            "  O'Brien,  Flann ",
            "Catch-22 (Vintage #3)!",
            "ALL CAPS\tand\nbreaks",
            "!?",
        ] {
            // A combining accent at the end forces the general path and folds away.
            let unicode = fold(&format!("{text}\u{0301}"));
            assert_eq!(fold_ascii(text), unicode, "{text:?}");
        }
    }

    #[test]
    fn fold_drops_diacritics_and_punctuation() {
        assert_eq!(fold("Café — Crème brûlée!"), "cafe creme brulee");
        assert_eq!(fold("  O'Brien, Flann "), "o brien flann");
        assert_eq!(fold("三体"), "三体");
        assert_eq!(fold("(The Expanse, #3)"), "the expanse 3");
    }

    #[test]
    fn query_words_keeps_every_word() {
        // The list checks the count against MAX_WORDS, so a long search is rejected
        // with its count rather than cut.
        let many = "a ".repeat(40);
        assert_eq!(query_words(&many).len(), 40);
        assert!(query_words("  ,,, ").is_empty());
    }

    #[test]
    fn sort_key_skips_leading_article() {
        assert_eq!(sort_key("The Hobbit"), "hobbit");
        assert_eq!(sort_key("Anathem"), "anathem");
        assert_eq!(sort_key("Ánima"), "anima");
    }
}
