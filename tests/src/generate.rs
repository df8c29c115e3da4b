//! A seeded generator of Goodreads library exports, for benchmarks and load tests.
//!
//! The same seed and size always give the same bytes: the random numbers come from
//! SplitMix64, written out here so that no dependency upgrade can change the data.

const FIRST_NAMES: &[&str] = &[
    "Ana",
    "João",
    "Maria",
    "Chimamanda",
    "Haruki",
    "Olga",
    "Kazuo",
    "Zadie",
    "Jorge",
    "Clarice",
    "Fyodor",
    "Elena",
    "Ngũgĩ",
    "Wisława",
    "Italo",
    "Yōko",
    "Mohsin",
    "Toni",
    "Gabriel",
    "Svetlana",
    "Orhan",
    "Han",
    "Jhumpa",
    "Roberto",
    "Annie",
    "José",
    "Ursula",
];
const LAST_NAMES: &[&str] = &[
    "Silva",
    "Saramago",
    "Lispector",
    "Adichie",
    "Murakami",
    "Tokarczuk",
    "Ishiguro",
    "Smith",
    "Borges",
    "Dostoevsky",
    "Ferrante",
    "wa Thiong'o",
    "Szymborska",
    "Calvino",
    "Ogawa",
    "Hamid",
    "Morrison",
    "García Márquez",
    "Alexievich",
    "Pamuk",
    "Kang",
    "Lahiri",
    "Bolaño",
    "Ernaux",
    "Le Guin",
    "Eliot",
    "Mann",
];
const WORDS: &[&str] = &[
    "Night",
    "River",
    "Garden",
    "Memory",
    "Stone",
    "House",
    "Silence",
    "Light",
    "Winter",
    "Island",
    "Letters",
    "Hunger",
    "City",
    "Saudade",
    "Mirror",
    "Salt",
    "Ashes",
    "Harbour",
    "Orchard",
    "Atlas",
    "Lantern",
    "Crossing",
    "Tide",
    "Glass",
    "Echo",
    "Orbit",
    "Ember",
    "Wolves",
    "Cartographer",
    "Daughter",
    "Empire",
    "Clockwork",
    "Meridian",
    "Paper",
];
const SHELVES: &[&str] = &[
    "favorites",
    "book-club",
    "non-fiction",
    "sci-fi",
    "classics",
    "poetry",
    "to-buy",
    "owned",
    "kindle",
    "library",
    "translated",
    "essays",
];
const PUBLISHERS: &[&str] = &[
    "Penguin",
    "Companhia das Letras",
    "Vintage",
    "Faber & Faber",
    "Gallimard",
    "Tor",
];
const BINDINGS: &[&str] = &[
    "Paperback",
    "Hardcover",
    "Kindle Edition",
    "Mass Market Paperback",
];

/// Header of the 24-column Goodreads export.
pub const HEADER: &str = "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,\
My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,\
Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,\
Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies";

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Returns a valid ISBN-13 with the 978 prefix made from `seed`.
fn isbn13(seed: u64) -> String {
    let body = format!("978{:09}", seed % 1_000_000_000);
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Writes a Goodreads export of `rows` books. About 15% of rows have no ISBN, a fifth
/// carry a series suffix, and statuses, ratings and dates spread like a real library.
pub fn goodreads_csv(rows: usize, seed: u64) -> String {
    let mut rng = SplitMix64(seed);
    let mut out = String::with_capacity(rows * 220);
    out.push_str(HEADER);
    out.push('\n');
    for n in 0..rows {
        let words = 1 + rng.below(4);
        let title_words: Vec<&str> = (0..words).map(|_| rng.pick(WORDS)).collect();
        let mut title = format!("The {} {}", title_words.join(" of "), n);
        if rng.chance(20) {
            title = format!("{title} ({} Cycle, #{})", rng.pick(WORDS), 1 + rng.below(9));
        }
        let (first, last) = (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
        let author = format!("{first} {last}");
        let additional = if rng.chance(15) {
            format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
        } else {
            String::new()
        };
        let (isbn10, isbn13_field) = if rng.chance(15) {
            ("=\"\"".to_string(), "=\"\"".to_string())
        } else {
            let thirteen = isbn13(n as u64 * 7919 + 1);
            let ten = estante_backend::isbn::isbn13_to_10(&thirteen).unwrap_or_default();
            (format!("=\"{ten}\""), format!("=\"{thirteen}\""))
        };
        let shelf = match rng.below(100) {
            0..=59 => "to-read",
            60..=94 => "read",
            95..=97 => "currently-reading",
            _ => "did-not-finish",
        };
        let rating = if shelf == "read" { rng.below(6) } else { 0 };
        let year = 1990 + rng.below(35);
        let added = format!("{year}/{:02}/{:02}", 1 + rng.below(12), 1 + rng.below(28));
        let read = if shelf == "read" && rng.chance(80) {
            format!(
                "{}/{:02}/{:02}",
                year.max(2005),
                1 + rng.below(12),
                1 + rng.below(28)
            )
        } else {
            String::new()
        };
        let shelves: Vec<&str> = (0..rng.below(3)).map(|_| rng.pick(SHELVES)).collect();
        let mut shelves_text = shelves.join(", ");
        if shelf == "did-not-finish" {
            shelves_text = if shelves_text.is_empty() {
                shelf.to_string()
            } else {
                format!("{shelves_text}, {shelf}")
            };
        }
        let review = if rating > 0 && rng.chance(20) {
            format!(
                "Loved the {}.<br/>Would read again.",
                rng.pick(WORDS).to_lowercase()
            )
        } else {
            String::new()
        };
        let fields = [
            (10_000_000 + n).to_string(),
            title,
            author,
            format!("{last}, {first}"),
            additional,
            isbn10,
            isbn13_field,
            rating.to_string(),
            format!("{}.{:02}", 3 + rng.below(2), rng.below(100)),
            rng.pick(PUBLISHERS).to_string(),
            rng.pick(BINDINGS).to_string(),
            (80 + rng.below(900)).to_string(),
            year.to_string(),
            (1800 + rng.below(220)).to_string(),
            read,
            added,
            shelves_text,
            String::new(),
            shelf.to_string(),
            review,
            String::new(),
            String::new(),
            if shelf == "read" { "1" } else { "0" }.to_string(),
            rng.below(2).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(goodreads_csv(50, 7), goodreads_csv(50, 7));
        assert_ne!(goodreads_csv(50, 7), goodreads_csv(50, 8));
    }

    #[test]
    fn generated_isbns_are_valid() {
        for seed in 0..100 {
            let isbn = isbn13(seed * 7919);
            assert!(
                estante_backend::isbn::validate_isbn13(&isbn).is_ok(),
                "{isbn}"
            );
        }
    }

    #[test]
    fn parses_as_goodreads() {
        let csv = goodreads_csv(400, 1);
        let parsed = estante_backend::import::parse(csv.as_bytes(), None).unwrap();
        assert_eq!(parsed.rows.len(), 400, "{:?}", parsed.rejected);
        let without_isbn = parsed
            .rows
            .iter()
            .filter(|r| r.record.book.isbn13.is_none())
            .count();
        assert!(
            (30..=90).contains(&without_isbn),
            "{without_isbn} of 400 without ISBN"
        );
    }
}
