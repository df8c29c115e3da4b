//! The Stats screen: a year's (or all time's) reading in charts, and the yearly goal.

mod draw;

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
use crate::t;

/// Describes progress toward a yearly goal of `goal` books with `read` finished, as
/// of `today`. The schedule spreads the goal evenly over the year's days, so on
/// July 2nd of a 365-day year half the goal is due. For a past year the text states
/// whether the goal was reached, and a future year has no schedule yet.
pub fn goal_pace(goal: u32, read: i64, year: i32, today: NaiveDate) -> String {
    let goal = i64::from(goal);
    if year < today.year() {
        return if read >= goal {
            t!("pace-goal-reached")
        } else {
            t!("pace-missed-by", count = goal - read)
        };
    }
    if year > today.year() {
        return t!("pace-not-started");
    }
    if read >= goal {
        return t!("pace-goal-reached");
    }
    let days = if NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.ordinal() == 366) {
        366.0
    } else {
        365.0
    };
    let due = (goal as f64 * f64::from(today.ordinal()) / days).floor() as i64;
    match read - due {
        0 => t!("pace-on-schedule"),
        ahead if ahead > 0 => t!("pace-ahead", count = ahead),
        behind => t!("pace-behind", count = -behind),
    }
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

    /// Loads the numbers when they were never loaded or are stale.
    pub fn ensure_loaded(&mut self, out: &mut Outbox) {
        if self.load == Load::Idle || self.stale {
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
            Action::ExportReview => {
                let year = self.year.unwrap_or(self.this_year);
                let path = std::path::PathBuf::from(format!("estante-report-{year}.md"));
                out.info(t!("review-writing", path = path.display().to_string()));
                out.request(Request::ExportReview { year, path });
            }
            Action::SetGoal => {
                let year = self.year.unwrap_or(self.this_year);
                let current = context
                    .goals
                    .get(&year.to_string())
                    .map(|g| g.to_string())
                    .unwrap_or_default();
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
    use super::goal_pace;
    use chrono::NaiveDate;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn pace_spreads_goal_over_year() {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        // On July 2nd, 2025 (day 183 of 365), 20 of a 40-book goal are due.
        let today = day("2025-07-02");
        assert_eq!(goal_pace(40, 20, 2025, today), "on schedule");
        assert_eq!(goal_pace(40, 23, 2025, today), "3 books ahead of schedule");
        assert_eq!(goal_pace(40, 19, 2025, today), "1 book behind schedule");
        assert_eq!(goal_pace(40, 40, 2025, today), "goal reached");
        assert_eq!(goal_pace(12, 0, 2025, day("2025-01-01")), "on schedule");
    }

    #[test]
    fn pace_of_other_years() {
        crate::i18n::set_thread_language(crate::i18n::Language::English);
        let today = day("2025-03-01");
        assert_eq!(goal_pace(30, 31, 2024, today), "goal reached");
        assert_eq!(goal_pace(30, 28, 2024, today), "missed by 2 books");
        assert_eq!(goal_pace(30, 0, 2026, today), "the year has not started");
    }

    #[test]
    fn pace_in_portuguese() {
        crate::i18n::set_thread_language(crate::i18n::Language::BrazilianPortuguese);
        let today = day("2025-07-02");
        assert_eq!(goal_pace(40, 20, 2025, today), "no ritmo");
        assert_eq!(goal_pace(40, 23, 2025, today), "3 livros à frente do ritmo");
        assert_eq!(goal_pace(40, 19, 2025, today), "1 livro atrás do ritmo");
        assert_eq!(goal_pace(30, 28, 2024, today), "faltaram 2 livros");
    }

    #[test]
    fn pace_counts_leap_days() {
        crate::i18n::set_thread_language(crate::i18n::Language::English);

        // July 1st, 2024 is day 183 of 366, so 40 * 183 / 366 = 20 books are due.
        assert_eq!(goal_pace(40, 20, 2024, day("2024-07-01")), "on schedule");
    }
}
