//! The geography plugin's machinery as a plain library: the compact gazetteer
//! ([`gazetteer`], compiled in from `plugins/geography/data/gazetteer.tsv`), recognition and
//! resolution ([`geoparse`]), and the scorer of the geoparsing dev sets ([`eval`]). The plugin
//! crate `news-geography` wraps [`Geoparser`] in an `Analyzer`; `news-lab` links this crate
//! directly (evaluation, bench, and the gazetteer builder).

pub mod eval;
pub mod gazetteer;
pub mod geoparse;

use std::sync::OnceLock;

pub use crate::gazetteer::{FormatError, Gazetteer};
pub use crate::geoparse::Geoparser;

/// The gazetteer file, compiled in.
pub const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");

static GAZETTEER: OnceLock<Result<Gazetteer, FormatError>> = OnceLock::new();

/// The compiled-in gazetteer, parsed once per process on first use.
pub fn gazetteer() -> Result<&'static Gazetteer, &'static FormatError> {
    GAZETTEER.get_or_init(|| Gazetteer::parse(GAZETTEER_TSV)).as_ref()
}
