//! From input to [`Article`](news_core::Article).
//!
//! - [`fetch`]: HTTP(S) with every resource bounded (timeouts, byte caps before and after
//!   decompression, redirects, retries honouring `Retry-After`, per-host limits).
//! - [`charset`]: bytes → text (BOM, header, `<meta>`, then chardetng detection).
//! - [`extract`]: HTML → Article (main text without boilerplate, and metadata).
#![deny(unsafe_code)]

pub mod charset;
pub mod extract;
pub mod fetch;

pub use extract::extract_html;
