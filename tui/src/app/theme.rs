//! Colours and emphasis, with a monochrome form for NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

/// The styles the screens use. With colour off (the `NO_COLOR` convention, see
/// no-color.org) every style keeps only bold, reverse or underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Self { color: !no_color }
    }

    fn paint(&self, color: Color, fallback: Style) -> Style {
        if self.color {
            fallback.fg(color)
        } else {
            fallback
        }
    }

    pub fn title(&self) -> Style {
        self.paint(Color::Cyan, Style::new().add_modifier(Modifier::BOLD))
    }

    pub fn accent(&self) -> Style {
        self.paint(Color::Yellow, Style::new())
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn error(&self) -> Style {
        self.paint(Color::Red, Style::new().add_modifier(Modifier::BOLD))
    }

    pub fn ok(&self) -> Style {
        self.paint(Color::Green, Style::new())
    }

    pub fn active_tab(&self) -> Style {
        self.paint(
            Color::Yellow,
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }
}
