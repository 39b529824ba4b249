//! From input to [`Article`](news_core::Article).
//!
//! Today: [`extract`] turns an HTML page into an article with a simple, honest extractor (the
//! paragraphs of the main container, `<title>`/OpenGraph/JSON-LD metadata). The fetcher issue
//! replaces it with the real extractor and adds HTTP fetching and charset detection here.
#![deny(unsafe_code)]

pub mod extract;

pub use extract::extract_html;
