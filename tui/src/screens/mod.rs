//! The screens, one module each, with state, update and drawing kept apart.

pub mod add;
pub mod book;
pub mod form;
pub mod labels;
pub mod library;
pub mod ops;
pub mod stats;
pub mod transfer;

/// Where a screen's data is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Load {
    #[default]
    Idle,
    Loading,
    Loaded,
    Failed(String),
}

impl Load {
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }
}
