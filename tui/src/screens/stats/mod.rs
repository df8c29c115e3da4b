//! The Stats screen: a year's (or all time's) reading in charts, and the yearly goal.

mod draw;

use chrono::{Datelike, NaiveDate};
use estante_backend::storage::Stats;

use super::Load;
use crate::app::Context;
use crate::app::action::Action;
use crate::app::msg::Request;
use crate::app::outbox::Outbox;
use crate::app::overlay::{InputPrompt, InputPurpose, Overlay};
use crate::client::ClientError;

#[derive(Debug)]
pub struct StatsState {
    /// The year shown; `None` is all time.
    pub year: Option<i32>,
    pub stats: Option<Stats>,
    pub load: Load,
    /// Set when a change elsewhere may have made the numbers old.
    pub stale: bool,
    pub this_year: i32,
}

impl StatsState {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            year: Some(today.year()),
            stats: None,
            load: Load::Idle,
            stale: false,
            this_year: today.year(),
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
                out.error(format!(
                    "Failed to load the statistics: {error}. Press r to retry."
                ));
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
            Action::SetGoal => {
                let year = self.year.unwrap_or(self.this_year);
                let current = context
                    .goals
                    .get(&year.to_string())
                    .map(|g| g.to_string())
                    .unwrap_or_default();
                out.overlay(Overlay::Input(InputPrompt::new(
                    format!("Books to read in {year} (0 removes the goal)"),
                    &current,
                    InputPurpose::Goal { year },
                )));
            }
            _ => return false,
        }
        true
    }
}
