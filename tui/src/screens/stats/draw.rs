//! Stats: drawing the summary, the goal and the charts.

use estante_backend::storage::{NamedCount, Stats};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph, Wrap};

use super::{Review, StatsState};
use crate::app::Context;
use crate::app::theme::Theme;
use crate::i18n::format;
use crate::screens::Load;
use crate::settings::{GoalUnit, YearGoal};
use crate::t;
use crate::widgets::text::{thousands, truncate};
use estante_backend::reports::{BookRef, Report};

/// Splits a catalogue message of twelve space-separated month names.
fn month_names(message: String) -> Vec<String> {
    message.split_whitespace().map(str::to_string).collect()
}

impl StatsState {
    pub fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        let theme = &context.theme;
        let period = self
            .year
            .map_or_else(|| t!("stats-all-time"), |year| year.to_string());
        let goal_rows = match self.year.map(|year| context.goal(year)) {
            Some(YearGoal {
                books: Some(_),
                pages: Some(_),
            }) => 2,
            _ => 1,
        };
        let [title, summary, goal, charts] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(goal_rows),
            Constraint::Fill(1),
        ])
        .areas(area);
        let title_line = Line::from(vec![
            Span::styled(t!("stats-title", period = period), theme.title()),
            Span::styled(format!("  {}", t!("stats-keys")), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(title_line), title);

        let Some(stats) = &self.stats else {
            let (text, style) = match &self.load {
                Load::Failed(error) => (
                    t!("stats-load-failed", error = error.as_str()),
                    theme.error(),
                ),
                _ => (t!("stats-loading"), theme.dim()),
            };
            frame.render_widget(
                Paragraph::new(text).style(style).wrap(Wrap { trim: false }),
                summary.union(charts),
            );
            return;
        };
        let line = truncate(&summary_line(stats), usize::from(summary.width));
        frame.render_widget(Paragraph::new(line), summary);
        self.draw_goal(frame, goal, stats, context);
        if let Some(review) = &self.review {
            let goal = context.goal(review.year);
            draw_review(frame, charts, review, goal, theme);
            return;
        }

        let [top, bottom] =
            Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(charts);
        let [top_left, top_right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(top);
        let [bottom_left, bottom_right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(bottom);
        if stats.books_per_month.is_empty() {
            draw_counts(
                frame,
                top_left,
                &t!("stats-books-by-status"),
                &status_labels(&stats.status_counts),
                theme,
            );
            draw_counts(
                frame,
                top_right,
                &t!("stats-top-shelves"),
                &stats.top_shelves,
                theme,
            );
        } else {
            month_chart(
                frame,
                top_left,
                &t!("stats-books-per-month"),
                &stats.books_per_month,
                theme,
            );
            month_chart(
                frame,
                top_right,
                &t!("stats-pages-per-month"),
                &stats.pages_per_month,
                theme,
            );
        }
        rating_chart(frame, bottom_left, stats, theme);
        draw_counts(
            frame,
            bottom_right,
            &t!("stats-top-authors"),
            &stats.top_authors,
            theme,
        );
    }

    fn draw_goal(&self, frame: &mut Frame, area: Rect, stats: &Stats, context: &Context) {
        let theme = &context.theme;
        let Some(year) = self.year else {
            frame.render_widget(Paragraph::new(t!("goal-per-year")).style(theme.dim()), area);
            return;
        };
        let goal = context.goal(year);
        if goal.is_empty() {
            frame.render_widget(
                Paragraph::new(t!("goal-none", year = year.to_string())).style(theme.dim()),
                area,
            );
            return;
        }
        let parts = [
            (GoalUnit::Books, stats.books_read),
            (GoalUnit::Pages, stats.pages_read),
        ];
        let rows = parts
            .into_iter()
            .filter_map(|(unit, done)| goal.get(unit).map(|target| (unit, target, done)));
        for ((unit, target, done), row) in rows.zip(area.rows()) {
            // The bar stops at full, but the label shows the whole percentage past
            // the goal, as the year in review does.
            let reached = done as f64 / f64::from(target);
            let ratio = reached.clamp(0.0, 1.0);
            let label = t!(
                "goal-gauge",
                done = done,
                target = super::amount(unit, i64::from(target)),
                percent = format::decimal((reached * 100.0).floor().max(0.0), 0),
                pace = super::goal_pace(unit, target, done, year, context.today)
            );
            let gauge = Gauge::default()
                .ratio(ratio)
                .label(label)
                .gauge_style(theme.ok());
            frame.render_widget(gauge, row);
        }
    }
}

/// Describes a book of the review: its title and, after it, `detail`.
fn book_line(label: &str, book: &Option<BookRef>, detail: impl Fn(&BookRef) -> String) -> String {
    match book {
        Some(book) => format!("{label}: {} ({})", book.title, detail(book)),
        None => format!("{label}: {}", t!("none")),
    }
}

fn review_lines(report: &Report, goal: YearGoal) -> Vec<String> {
    let mut lines = vec![t!(
        "review-finished",
        books = report.books_finished,
        pages = report.pages_read
    )];
    if let Some(average) = report.average_rating {
        lines[0].push_str(&format!(
            " · {}",
            t!(
                "review-average",
                average = format::decimal(average, 2),
                rated = report.rated_books
            )
        ));
    }
    lines.extend(super::goal_lines(
        goal,
        report.books_finished as i64,
        report.pages_read,
    ));

    let finished = |b: &BookRef| format::iso_date(&b.finished);
    lines.push(book_line(&t!("review-first"), &report.first, finished));
    lines.push(book_line(&t!("review-last"), &report.last, finished));
    let pages = |b: &BookRef| t!("book-pages", pages = b.pages.unwrap_or(0));
    lines.push(book_line(&t!("review-longest"), &report.longest, pages));
    lines.push(book_line(&t!("review-shortest"), &report.shortest, pages));

    let authors: Vec<String> = report
        .top_authors
        .iter()
        .map(|a| format!("{} ({})", a.name, thousands(a.books as i64)))
        .collect();
    let authors = if authors.is_empty() {
        t!("none")
    } else {
        authors.join(", ")
    };
    lines.push(t!("review-most-read", authors = authors));

    let ratings: Vec<String> = report
        .ratings
        .iter()
        .map(|r| {
            format!(
                "{}★ {}",
                format::shortest(r.stars),
                thousands(r.books as i64)
            )
        })
        .collect();
    if !ratings.is_empty() {
        lines.push(t!("review-ratings", ratings = ratings.join(" · ")));
    }

    let month_names = month_names(t!("month-abbreviations"));
    let months: Vec<String> = report
        .months
        .iter()
        .map(|m| {
            let index = m.month.get(5..7).and_then(|n| n.parse::<usize>().ok());
            let name = index
                .and_then(|i| month_names.get(i.wrapping_sub(1)))
                .map_or("?", String::as_str);
            format!("{name} {}", thousands(m.books as i64))
        })
        .collect();
    lines.push(t!("review-per-month", months = months.join(" · ")));
    lines
}

fn draw_review(frame: &mut Frame, area: Rect, review: &Review, goal: YearGoal, theme: &Theme) {
    let block = Block::bordered().title(t!("review-title", year = review.year.to_string()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let paragraph = match (&review.report, &review.error) {
        (Some(report), _) => {
            let lines: Vec<Line> = review_lines(report, goal)
                .into_iter()
                .map(Line::from)
                .collect();
            Paragraph::new(lines).wrap(Wrap { trim: false })
        }
        (None, Some(error)) => Paragraph::new(format!("{error}\n{}", t!("review-retry")))
            .style(theme.error())
            .wrap(Wrap { trim: false }),
        (None, None) => Paragraph::new(t!("review-making")).style(theme.dim()),
    };
    frame.render_widget(paragraph, inner);
}

fn summary_line(stats: &Stats) -> String {
    let mut parts = vec![
        t!("library-count", count = stats.books_read),
        t!("book-pages", pages = stats.pages_read),
    ];
    if let Some(average) = stats.average_rating {
        parts.push(t!("stats-average", average = format::decimal(average, 2)));
    }
    if stats.missing_pages > 0 {
        parts.push(t!("stats-missing-pages", count = stats.missing_pages));
    }
    // Books read without a finish date belong to no year, so a year's line states
    // that they are left out rather than counting them as read in it.
    if stats.missing_dates > 0 {
        parts.push(match stats.year {
            Some(_) => t!("stats-missing-dates-year", count = stats.missing_dates),
            None => t!("stats-missing-dates", count = stats.missing_dates),
        });
    }
    parts.join(" · ")
}

fn month_chart(frame: &mut Frame, area: Rect, title: &str, values: &[i64], theme: &Theme) {
    let bars: Vec<Bar> = values
        .iter()
        .zip(month_names(t!("month-initials")))
        .map(|(value, month)| {
            Bar::default()
                .value((*value).max(0) as u64)
                .label(Line::from(month))
                .text_value(if *value > 0 {
                    compact(*value)
                } else {
                    String::new()
                })
        })
        .collect();
    let bar_width = ((area.width.saturating_sub(2)) / 12)
        .saturating_sub(1)
        .clamp(1, 4);
    let chart = BarChart::default()
        .block(
            Block::bordered()
                .title(title.to_string())
                .border_style(theme.dim()),
        )
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(theme.accent());
    frame.render_widget(chart, area);
}

/// Ratings grouped by half star (a quarter rounds up), so ten bars fit 40 columns.
fn rating_chart(frame: &mut Frame, area: Rect, stats: &Stats, theme: &Theme) {
    let mut buckets = [0_u64; 10];
    for count in &stats.rating_distribution {
        let index = ((count.stars * 2.0).ceil() as usize).clamp(1, 10) - 1;
        buckets[index] += count.count.max(0) as u64;
    }
    let labels = ["½", "1", "1½", "2", "2½", "3", "3½", "4", "4½", "5"];
    let bars: Vec<Bar> = buckets
        .iter()
        .zip(labels)
        .map(|(value, label)| Bar::default().value(*value).label(Line::from(label)))
        .collect();
    let bar_width = ((area.width.saturating_sub(2)) / 10)
        .saturating_sub(1)
        .clamp(1, 3);
    let chart = BarChart::default()
        .block(
            Block::bordered()
                .title(t!("stats-ratings"))
                .border_style(theme.dim()),
        )
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(theme.accent());
    frame.render_widget(chart, area);
}

fn draw_counts(frame: &mut Frame, area: Rect, title: &str, counts: &[NamedCount], theme: &Theme) {
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = if counts.is_empty() {
        vec![Line::styled(t!("none"), theme.dim())]
    } else {
        counts
            .iter()
            .take(usize::from(inner.height))
            .map(|count| {
                let number = format!("{:>5} ", thousands(count.count));
                Line::from(vec![
                    Span::styled(number, theme.accent()),
                    Span::raw(truncate(&count.name, width.saturating_sub(6))),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Formats a short number for a bar: `950`, `1.2k`, `15k`.
fn compact(value: i64) -> String {
    match value {
        v if v >= 10_000 => format!("{}k", v / 1000),
        v if v >= 1000 => format!("{}k", format::decimal(v as f64 / 1000.0, 1)),

        v => v.to_string(),
    }
}

/// Replaces the API status names of the status counts with the labels shown
/// everywhere else, keeping a name the app does not know as it is.
fn status_labels(counts: &[NamedCount]) -> Vec<NamedCount> {
    counts
        .iter()
        .map(|count| NamedCount {
            name: crate::status::parse(&count.name)
                .map_or_else(|_| count.name.clone(), crate::status::label),
            count: count.count,
        })
        .collect()
}
