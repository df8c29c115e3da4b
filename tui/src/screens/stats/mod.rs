//! The Stats screen: a year's (or all time's) reading in charts, and the yearly goal.

mod draw;

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use estante_backend::reports::Report;
use estante_backend::storage::Stats;

use super::Load;
use crate::app::Context;
use crate::app::action::Action;
use crate::app::msg::Request;
use crate::app::outbox::Outbox;
use crate::app::overlay::{InputPrompt, InputPurpose, Overlay};
use crate::client::ClientError;
use crate::settings::{GoalUnit, YearGoal};
use crate::t;

/// Counts `n` of `unit` for the goal line: `1 book`, `1,200 pages` (`1.200 páginas`
/// in Portuguese).
pub fn amount(unit: GoalUnit, n: i64) -> String {
    match unit {
        GoalUnit::Books => t!("goal-amount-books", count = n),
        GoalUnit::Pages => t!("goal-amount-pages", count = n),
    }
}

/// Describes progress toward a yearly goal of `goal` books or pages with `done`
/// finished, as of `today`. The schedule spreads the goal evenly over the year's
/// days, so on July 2nd of a 365-day year half the goal is due. For a past year the
/// text states whether the goal was reached, and a future year has no schedule yet.
///
/// Pages count when their book is finished, as in the statistics: a book in
/// progress adds nothing until its reading ends.
pub fn goal_pace(unit: GoalUnit, goal: u32, done: i64, year: i32, today: NaiveDate) -> String {
    let goal = i64::from(goal);
    if year < today.year() {
        return if done >= goal {
            t!("pace-goal-reached")
        } else {
            t!("pace-missed-by", amount = amount(unit, goal - done))
        };
    }
    if year > today.year() {
        return t!("pace-not-started");
    }
    if done >= goal {
        return t!("pace-goal-reached");
    }
    let days = if NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.ordinal() == 366) {
        366.0
    } else {
        365.0
    };
    let due = (goal as f64 * f64::from(today.ordinal()) / days).floor() as i64;
    match done - due {
        0 => t!("pace-on-schedule"),
        ahead if ahead > 0 => t!("pace-ahead", amount = amount(unit, ahead)),
        behind => t!("pace-behind", amount = amount(unit, -behind)),
    }
}

/// Parses a goal as typed in the prompt or the palette: `40`, `40 books` or
/// `9000 pages` (`9,000` and `9_000` too). A bare number counts books.
pub fn parse_goal(text: &str) -> Result<(GoalUnit, u32), String> {
    let text = text.trim();
    let (number, unit) = match text.split_once(char::is_whitespace) {
        Some((number, unit)) => (number, unit.trim()),
        None => (text, "books"),
    };
    let unit = match unit.to_lowercase().as_str() {
        "book" | "books" | "livro" | "livros" => GoalUnit::Books,
        "page" | "pages" | "página" | "páginas" | "pagina" | "paginas" => GoalUnit::Pages,
        _ => return Err(t!("goal-bad-unit", unit = format!("{unit:?}"))),
    };
    // Thousands separators are skipped: `,` and `_`, and the `.` that Portuguese
    // groups with (in English a `.` stays, so `9.5` is rejected, not read as 95).
    let portuguese = crate::i18n::current() == crate::i18n::Language::BrazilianPortuguese;
    let digits: String = number
        .chars()
        .filter(|c| !(matches!(c, ',' | '_') || (portuguese && *c == '.')))
        .collect();
    if digits.parse::<i64>().is_ok_and(|amount| amount < 0) {
        return Err(t!("goal-negative", number = number));
    }
    let amount = digits.parse().map_err(|_| {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            t!(
                "goal-too-large",
                number = format!("{number:?}"),
                max = crate::i18n::format::integer(i64::from(u32::MAX))
            )
        } else {
            t!("goal-bad-number", number = format!("{number:?}"))
        }
    })?;
    Ok((unit, amount))
}

/// Describes the year's goal against what was read, one line for books and one for
/// pages, such as `Page goal: 4,321 of 9,000 pages (48%)`. Empty with no goal.
pub fn goal_lines(goal: YearGoal, books: i64, pages: i64) -> Vec<String> {
    let parts = [
        (t!("goal-line-books"), GoalUnit::Books, books),
        (t!("goal-line-pages"), GoalUnit::Pages, pages),
    ];
    parts
        .into_iter()
        .filter_map(|(label, unit, done)| {
            let target = goal.get(unit)?;
            let percent = (done as f64 * 100.0 / f64::from(target)).floor();
            Some(t!(
                "goal-line",
                label = label,
                done = done,
                target = amount(unit, i64::from(target)),
                percent = crate::i18n::format::decimal(percent, 0)
            ))
        })
        .collect()
}

/// Adds the year's goal to the Markdown year in review that the server made, as
/// list items after its second list item (at the end when there is none). The
/// server words the report in the app's language and always starts its list with
/// the books finished and the pages read, each ending in its number, so this reads
/// them by position, not by wording. The goal lives in this app's settings, so the
/// server cannot add it.
pub fn markdown_with_goal(markdown: &str, goal: YearGoal) -> String {
    if goal.is_empty() {
        return markdown.to_string();
    }
    let items: Vec<&str> = markdown
        .lines()
        .filter(|line| line.starts_with("- "))
        .take(2)
        .collect();
    let number = |index: usize| {
        items
            .get(index)
            .and_then(|line| line.rsplit(": ").next())
            // Portuguese groups thousands with a dot ("4.515"); counts have no decimals.
            .map(|value| {
                value
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|digits| digits.parse::<i64>().ok())
    };
    let books = number(0).unwrap_or(0);
    let pages = number(1).unwrap_or(0);
    let lines: String = goal_lines(goal, books, pages)
        .into_iter()
        .map(|line| format!("- {line}\n"))
        .collect();

    let mut out = String::with_capacity(markdown.len() + lines.len());
    let mut seen = 0;
    let mut added = false;
    for line in markdown.split_inclusive('\n') {
        out.push_str(line);
        if line.starts_with("- ") {
            seen += 1;
        }
        if !added && seen == 2 {
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&lines);
            added = true;
        }
    }
    if !added {
        let _ = write!(out, "\n## {}\n\n", t!("goal-heading"));
        out.push_str(&lines);
    }
    out
}

#[derive(Debug)]
pub struct StatsState {
    /// The year shown; `None` is all time.
    pub year: Option<i32>,
    pub stats: Option<Stats>,
    pub load: Load,
    /// Set when a change elsewhere may have made the numbers old.
    pub stale: bool,
    pub this_year: i32,
    /// The year in review, when shown: its year and its report once loaded.
    pub review: Option<Review>,
}

/// The year in review of one year.
#[derive(Debug)]
pub struct Review {
    pub year: i32,
    pub report: Option<Box<Report>>,
    /// The reason the report could not be made.
    pub error: Option<String>,
}

impl StatsState {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            year: Some(today.year()),
            stats: None,
            load: Load::Idle,
            stale: false,
            this_year: today.year(),
            review: None,
        }
    }

    /// Loads the year in review of the shown year, or hides it when shown.
    fn toggle_review(&mut self, out: &mut Outbox) {
        if self.review.take().is_some() {
            return;
        }
        let year = self.year.unwrap_or(self.this_year);
        self.review = Some(Review {
            year,
            report: None,
            error: None,
        });
        out.request(Request::LoadReview { year });
    }

    pub fn on_review_loaded(
        &mut self,
        year: i32,
        result: Result<Box<Report>, ClientError>,
        out: &mut Outbox,
    ) {
        let Some(review) = self.review.as_mut().filter(|review| review.year == year) else {
            return;
        };
        match result {
            Ok(report) => review.report = Some(report),
            Err(error) => {
                out.error(t!("review-failed", error = error.to_string()));
                review.error = Some(error.to_string());
            }
        }
    }

    pub fn reload(&mut self, out: &mut Outbox) {
        self.load = Load::Loading;
        self.stale = false;
        out.request(Request::LoadStats { year: self.year });
    }

    /// Loads the numbers each time the tab opens, unless a load is on its way.
    /// Another client or a command-line import may have changed the library since
    /// the last load, and this app's own writes only mark the numbers stale.
    pub fn ensure_loaded(&mut self, out: &mut Outbox) {
        if self.load != Load::Loading || self.stale {
            self.reload(out);
        }
    }

    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    pub fn show_year(&mut self, year: Option<i32>, out: &mut Outbox) {
        self.year = year;
        self.reload(out);
        if self.review.take().is_some() {
            self.toggle_review(out);
        }
    }

    pub fn on_loaded(
        &mut self,
        year: Option<i32>,
        result: Result<Stats, ClientError>,
        out: &mut Outbox,
    ) {
        if year != self.year {
            return;
        }
        match result {
            Ok(stats) => {
                self.stats = Some(stats);
                self.load = Load::Loaded;
            }
            Err(error) => {
                self.load = Load::Failed(error.to_string());
                out.error(t!("stats-load-failed-status", error = error.to_string()));
            }
        }
    }

    pub fn on_action(&mut self, action: Action, context: &Context, out: &mut Outbox) -> bool {
        match action {
            Action::Left => self.show_year(Some(self.year.unwrap_or(self.this_year) - 1), out),
            Action::Right => {
                let next = self
                    .year
                    .map_or(self.this_year, |year| (year + 1).min(self.this_year));
                self.show_year(Some(next), out);
            }
            Action::ThisYear => self.show_year(Some(self.this_year), out),
            Action::AllTime => self.show_year(None, out),
            Action::Reload => self.reload(out),
            Action::ToggleReview => self.toggle_review(out),
            // Esc closes the year in review before it may leave the tab.
            Action::Back if self.review.is_some() => self.review = None,
            Action::ExportReview => {
                let year = self.year.unwrap_or(self.this_year);
                // The report goes to the working folder under its full path, so the
                // message shows where it is. The runner picks a free name there
                // instead of overwriting an older report.
                let name = format!("estante-report-{year}.md");
                let path = std::path::absolute(&name).unwrap_or_else(|_| name.into());
                let folder = path
                    .parent()
                    .filter(|folder| !folder.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new("."));
                out.info(t!("review-writing", path = folder.display().to_string()));
                out.request(Request::ExportReview {
                    year,
                    path,
                    goal: context.goal(year),
                });
            }
            Action::SetGoal => {
                let year = self.year.unwrap_or(self.this_year);
                let goal = context.goal(year);
                // Prefill the books, or the pages when only pages are set.
                let current = match (goal.books, goal.pages) {
                    (Some(books), _) => books.to_string(),
                    (None, Some(pages)) => t!("goal-prefill-pages", pages = pages.to_string()),
                    (None, None) => String::new(),
                };
                out.overlay(Overlay::Input(InputPrompt::new(
                    t!("goal-prompt", year = year.to_string()),
                    &current,
                    InputPurpose::Goal { year },
                )));
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{GoalUnit, YearGoal, goal_pace, markdown_with_goal, parse_goal};
    use chrono::NaiveDate;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn books(goal: u32, done: i64, year: i32, today: NaiveDate) -> String {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        goal_pace(GoalUnit::Books, goal, done, year, today)
    }

    fn pages(goal: u32, done: i64, year: i32, today: NaiveDate) -> String {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        goal_pace(GoalUnit::Pages, goal, done, year, today)
    }

    #[test]
    fn pace_in_portuguese() {
        crate::i18n::set_thread_language(crate::i18n::Language::BrazilianPortuguese);
        let today = day("2025-07-02");
        let pace = |goal, done| goal_pace(GoalUnit::Books, goal, done, 2025, today);
        assert_eq!(pace(40, 20), "no ritmo");
        assert_eq!(pace(40, 23), "3 livros à frente do ritmo");
        assert_eq!(pace(40, 19), "1 livro atrás do ritmo");
        let pages = goal_pace(GoalUnit::Pages, 30, 28, 2024, today);
        assert_eq!(pages, "faltaram 2 páginas");
    }

    #[test]
    fn goal_parses_portuguese_units() {
        crate::i18n::set_thread_language(crate::i18n::Language::BrazilianPortuguese);
        assert_eq!(parse_goal("9.000 páginas"), Ok((GoalUnit::Pages, 9000)));
        assert_eq!(parse_goal("40 livros"), Ok((GoalUnit::Books, 40)));
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        assert!(parse_goal("9.5").is_err());
    }

    #[test]
    fn pace_spreads_goal_over_year() {
        // On July 2nd, 2025 (day 183 of 365), 20 of a 40-book goal are due.
        let today = day("2025-07-02");
        assert_eq!(books(40, 20, 2025, today), "on schedule");
        assert_eq!(books(40, 23, 2025, today), "3 books ahead of schedule");
        assert_eq!(books(40, 19, 2025, today), "1 book behind schedule");
        assert_eq!(books(40, 40, 2025, today), "goal reached");
        assert_eq!(books(12, 0, 2025, day("2025-01-01")), "on schedule");
    }

    #[test]
    fn pace_of_other_years() {
        let today = day("2025-03-01");
        assert_eq!(books(30, 31, 2024, today), "goal reached");
        assert_eq!(books(30, 28, 2024, today), "missed by 2 books");
        assert_eq!(books(30, 0, 2026, today), "the year has not started");
    }

    #[test]
    fn pace_counts_leap_days() {
        // July 1st, 2024 is day 183 of 366, so 40 * 183 / 366 = 20 books are due.
        assert_eq!(books(40, 20, 2024, day("2024-07-01")), "on schedule");
    }

    #[test]
    fn page_pace_spreads_goal_over_year() {
        // Day 183 of 365: 9000 * 183 / 365 = 4512.3, so 4,512 pages are due.
        let today = day("2025-07-02");
        assert_eq!(pages(9000, 4512, 2025, today), "on schedule");
        assert_eq!(
            pages(9000, 5712, 2025, today),
            "1,200 pages ahead of schedule"
        );
        assert_eq!(pages(9000, 4511, 2025, today), "1 page behind schedule");
        assert_eq!(pages(9000, 0, 2025, today), "4,512 pages behind schedule");
        assert_eq!(pages(9000, 9000, 2025, today), "goal reached");
        // On December 31st the whole goal is due.
        assert_eq!(
            pages(9000, 8000, 2025, day("2025-12-31")),
            "1,000 pages behind schedule"
        );
    }

    #[test]
    fn page_pace_of_other_years() {
        let today = day("2025-03-01");
        assert_eq!(pages(10_000, 12_345, 2024, today), "goal reached");
        assert_eq!(pages(10_000, 8_766, 2024, today), "missed by 1,234 pages");
        assert_eq!(pages(10_000, 0, 2026, today), "the year has not started");
        // February 29th, 2024 is day 60 of 366: 36600 * 60 / 366 = 6000 pages due.
        assert_eq!(
            pages(36_600, 6_100, 2024, day("2024-02-29")),
            "100 pages ahead of schedule"
        );
    }

    #[test]
    fn markdown_gets_goal_after_pages() {
        let markdown =
            "# 2025\n\n- Books finished: 14\n- Pages read: 4321\n- Average rating: 4 stars\n";
        let goal = YearGoal {
            books: None,
            pages: Some(9000),
        };
        let out = markdown_with_goal(markdown, goal);
        assert_eq!(
            out,
            "# 2025\n\n- Books finished: 14\n- Pages read: 4321\n\
             - Page goal: 4,321 of 9,000 pages (48%)\n- Average rating: 4 stars\n"
        );
        let both = YearGoal {
            books: Some(40),
            pages: Some(4000),
        };
        let out = markdown_with_goal(markdown, both);
        assert!(
            out.contains(
                "- Book goal: 14 of 40 books (35%)\n- Page goal: 4,321 of 4,000 pages (108%)\n"
            ),
            "{out}"
        );
        assert_eq!(markdown_with_goal(markdown, YearGoal::default()), markdown);
    }

    #[test]
    fn markdown_in_portuguese_gets_goal_after_pages() {
        let markdown = "# Relatório de leitura de 2025\n\n- Livros terminados: 14\n\
                        - Páginas lidas: 4.321\n- Avaliação média: nenhum livro avaliado\n";
        let goal = YearGoal {
            books: Some(40),
            pages: Some(9000),
        };

        let out = crate::i18n::with_language(crate::i18n::Language::BrazilianPortuguese, || {
            markdown_with_goal(markdown, goal)
        });

        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[3], "- Páginas lidas: 4.321", "{out}");
        assert!(lines[4].contains("14"), "{out}");
        assert!(lines[4].contains("40"), "{out}");
        assert!(lines[4].contains("35%"), "{out}");
        assert!(
            lines[5].contains("4.321") && lines[5].contains("48%"),
            "{out}"
        );
        assert_eq!(
            lines[6], "- Avaliação média: nenhum livro avaliado",
            "{out}"
        );
    }

    #[test]
    fn markdown_without_pages_line_gets_goal_section() {
        let out = markdown_with_goal(
            "# 2025\n",
            YearGoal {
                books: None,
                pages: Some(500),
            },
        );
        assert_eq!(
            out,
            "# 2025\n\n## Goal\n\n- Page goal: 0 of 500 pages (0%)\n"
        );
    }

    #[test]
    fn goals_parse_with_units() {
        assert_eq!(parse_goal("40"), Ok((GoalUnit::Books, 40)));
        assert_eq!(parse_goal(" 12 books "), Ok((GoalUnit::Books, 12)));
        assert_eq!(parse_goal("1 book"), Ok((GoalUnit::Books, 1)));
        assert_eq!(parse_goal("9000 pages"), Ok((GoalUnit::Pages, 9000)));
        assert_eq!(parse_goal("9,000 Pages"), Ok((GoalUnit::Pages, 9000)));
        assert_eq!(parse_goal("0 pages"), Ok((GoalUnit::Pages, 0)));
        assert!(parse_goal("").is_err());
        assert!(parse_goal("many pages").is_err());
        assert_eq!(
            parse_goal("-5 pages"),
            Err("a goal cannot be negative (-5); 0 removes it".to_string())
        );
        assert!(parse_goal("9000 words").is_err());
    }

    /// Twenty digits were called "not a whole number".
    #[test]
    fn goal_too_large_says_so() {
        assert_eq!(
            parse_goal("99999999999999999999 pages"),
            Err(
                "\"99999999999999999999\" is more than a goal can be; type at most \
                 4,294,967,295 (0 removes it)"
                    .to_string()
            )
        );
        assert_eq!(parse_goal("4,294,967,295"), Ok((GoalUnit::Books, u32::MAX)));
    }
}
