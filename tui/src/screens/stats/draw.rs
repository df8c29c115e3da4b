//! Stats: drawing the summary, the goal and the charts.

use estante_backend::storage::{NamedCount, Stats};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph, Wrap};

use super::{Review, StatsState};
use crate::app::Context;
use crate::app::theme::Theme;
use crate::screens::Load;
use crate::settings::{GoalUnit, YearGoal};
use crate::widgets::text::{thousands, truncate};
use estante_backend::reports::{BookRef, Report};

const MONTHS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

impl StatsState {
    pub fn draw(&self, frame: &mut Frame, area: Rect, context: &Context) {
        let theme = &context.theme;
        let period = self
            .year
            .map_or("all time".to_string(), |year| year.to_string());
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
            Span::styled(format!("Stats · {period}"), theme.title()),
            Span::styled(
                "  ←/→ year · a all time · y this year · g goal · v review",
                theme.dim(),
            ),
        ]);
        frame.render_widget(Paragraph::new(title_line), title);

        let Some(stats) = &self.stats else {
            let (text, style) = match &self.load {
                Load::Failed(error) => (
                    format!("Failed to load the statistics: {error}\nPress r to retry."),
                    theme.error(),
                ),
                _ => ("Loading the statistics…".to_string(), theme.dim()),
            };
            frame.render_widget(
                Paragraph::new(text).style(style).wrap(Wrap { trim: false }),
                summary.union(charts),
            );
            return;
        };
        frame.render_widget(Paragraph::new(summary_line(stats)), summary);
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
                "Books by status",
                &status_labels(&stats.status_counts),
                theme,
            );
            draw_counts(frame, top_right, "Top shelves", &stats.top_shelves, theme);
        } else {
            month_chart(
                frame,
                top_left,
                "Books per month",
                &stats.books_per_month,
                theme,
            );
            month_chart(
                frame,
                top_right,
                "Pages per month",
                &stats.pages_per_month,
                theme,
            );
        }
        rating_chart(frame, bottom_left, stats, theme);
        draw_counts(
            frame,
            bottom_right,
            "Top authors",
            &stats.top_authors,
            theme,
        );
    }

    fn draw_goal(&self, frame: &mut Frame, area: Rect, stats: &Stats, context: &Context) {
        let theme = &context.theme;
        let Some(year) = self.year else {
            frame.render_widget(
                Paragraph::new("Goals are per year; press ← or y to pick one.").style(theme.dim()),
                area,
            );
            return;
        };
        let goal = context.goal(year);
        if goal.is_empty() {
            frame.render_widget(
                Paragraph::new(format!("No goal for {year}; press g to set one."))
                    .style(theme.dim()),
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
            let ratio = (done as f64 / f64::from(target)).clamp(0.0, 1.0);
            let label = format!(
                "Goal {} of {} ({:.0}%) · {}",
                thousands(done),
                super::amount(unit, i64::from(target)),
                ratio * 100.0,
                super::goal_pace(unit, target, done, year, context.today)
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
        None => format!("{label}: none"),
    }
}

fn review_lines(report: &Report, goal: YearGoal) -> Vec<String> {
    let mut lines = vec![format!(
        "{} books finished · {} pages",
        thousands(report.books_finished as i64),
        thousands(report.pages_read)
    )];
    if let Some(average) = report.average_rating {
        lines[0].push_str(&format!(
            " · average {average:.2}★ ({} rated)",
            report.rated_books
        ));
    }
    lines.extend(super::goal_lines(
        goal,
        report.books_finished as i64,
        report.pages_read,
    ));

    lines.push(book_line("First", &report.first, |b| b.finished.clone()));
    lines.push(book_line("Last", &report.last, |b| b.finished.clone()));
    let pages = |b: &BookRef| format!("{} pages", thousands(b.pages.unwrap_or(0)));
    lines.push(book_line("Longest", &report.longest, pages));
    lines.push(book_line("Shortest", &report.shortest, pages));

    let authors: Vec<String> = report
        .top_authors
        .iter()
        .map(|a| format!("{} ({})", a.name, a.books))
        .collect();
    lines.push(format!(
        "Most read: {}",
        if authors.is_empty() {
            "none".to_string()
        } else {
            authors.join(", ")
        }
    ));

    let ratings: Vec<String> = report
        .ratings
        .iter()
        .map(|r| format!("{}★ {}", r.stars, r.books))
        .collect();
    if !ratings.is_empty() {
        lines.push(format!("Ratings: {}", ratings.join(" · ")));
    }

    let months: Vec<String> = report
        .months
        .iter()
        .map(|m| {
            let index = m.month.get(5..7).and_then(|n| n.parse::<usize>().ok());
            let name = index
                .and_then(|i| MONTH_NAMES.get(i.wrapping_sub(1)))
                .copied()
                .unwrap_or("?");
            format!("{name} {}", m.books)
        })
        .collect();
    lines.push(format!("Per month: {}", months.join(" · ")));
    lines
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn draw_review(frame: &mut Frame, area: Rect, review: &Review, goal: YearGoal, theme: &Theme) {
    let block = Block::bordered().title(format!(
        "Year in review · {} · e exports estante-report-{}.md",
        review.year, review.year
    ));
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
        (None, Some(error)) => Paragraph::new(format!("{error}\nPress v twice to retry."))
            .style(theme.error())
            .wrap(Wrap { trim: false }),
        (None, None) => Paragraph::new("Making the report…").style(theme.dim()),
    };
    frame.render_widget(paragraph, inner);
}

fn summary_line(stats: &Stats) -> String {
    let mut parts = vec![
        format!("{} books", thousands(stats.books_read)),
        format!("{} pages", thousands(stats.pages_read)),
    ];
    if let Some(average) = stats.average_rating {
        parts.push(format!("average {average:.2}★"));
    }
    if stats.missing_pages > 0 {
        parts.push(format!("{} without page count", stats.missing_pages));
    }
    if stats.missing_dates > 0 {
        parts.push(format!("{} read without a date", stats.missing_dates));
    }
    parts.join(" · ")
}

fn month_chart(frame: &mut Frame, area: Rect, title: &str, values: &[i64], theme: &Theme) {
    let bars: Vec<Bar> = values
        .iter()
        .zip(MONTHS)
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
        .block(Block::bordered().title("Ratings").border_style(theme.dim()))
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
        vec![Line::styled("none", theme.dim())]
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
        v if v >= 1000 => format!("{:.1}k", v as f64 / 1000.0),
        v => v.to_string(),
    }
}

/// Replaces the API status names of the status counts with the labels shown
/// everywhere else, keeping a name the app does not know as it is.
fn status_labels(counts: &[NamedCount]) -> Vec<NamedCount> {
    counts
        .iter()
        .map(|count| NamedCount {
            name: crate::status::parse(&count.name).map_or_else(
                |_| count.name.clone(),
                |status| crate::status::label(status).to_string(),
            ),
            count: count.count,
        })
        .collect()
}
