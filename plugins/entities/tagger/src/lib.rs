//! The `entities` plugin: people, organisations, places and other names (PER, ORG, LOC, MISC),
//! found by a trained two-pass sequence tagger and merged per article.
//!
//! - [`tagger`]: averaged-perceptron BILOU tagger with Viterbi decoding ([`decode`]); features
//!   ([`features`]) of the word, its shape and affixes, a ±2 window, gazetteer matches
//!   ([`gazetteer`]), word classes ([`classes`]) and, in a second pass, how the same word was
//!   tagged elsewhere in the document.
//! - [`score`]: the tagger's fast scoring path (per-word and load-time score parts).
//! - [`model`]: the model file (embedded from `model/entities.model`; see `MODEL_CARD.md`).
//! - [`train`]: training (`cargo xtask train entities`); [`conll`]: CoNLL files and exact-span
//!   scoring (`cargo xtask eval entities`).
//! - [`merge`]: mentions to entities ("Putin", "Vladimir Putin" → one "Vladimir Putin").
//!
//! Output: `Vec<Entity>` as in the JSON contract, entities in order of first mention.

pub mod classes;
pub mod conll;
pub mod decode;
pub mod domain;
pub mod features;
pub mod gazetteer;
pub mod hash;
pub mod merge;
pub mod model;
pub mod score;
pub mod tagger;
pub mod tags;
pub mod train;

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use news_core::text::{split_sentences, tokenize};
use news_core::{AnalyzeError, Analyzer, Document, Entity, annotations::keys};
use news_plugin::sdk::NoConfig;

use crate::tagger::{Scratch, Tagger};

/// The shipped model, embedded in the plugin.
pub static MODEL: &[u8] = include_bytes!("../../model/entities.model");

/// Longest run of tokens tagged as one sentence; longer sentences are cut (bounded buffers).
const MAX_SENTENCE: usize = 160;
/// Longest run of tokens sharing document features; longer texts are tagged in parts.
const MAX_DOCUMENT: usize = 50_000;

/// Tokens of the longest document whose buffers a kept scratch holds on to (a long article);
/// a longer one's are given back after it.
const KEPT_TOKENS: usize = 8_192;

/// A tagged mention: byte span, token span (into the article's tokens) and type (0..4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub tokens: Range<usize>,
    pub ty: usize,
}

/// The shipped tagger, loaded once per process.
pub fn shipped() -> Result<Arc<Tagger>, AnalyzeError> {
    static T: OnceLock<Result<Arc<Tagger>, String>> = OnceLock::new();
    T.get_or_init(|| {
        let t = Tagger::from_bytes(MODEL).map(Arc::new).map_err(|e| format!("entities model: {e}"));
        release_pages(MODEL);
        t
    })
    .clone()
    .map_err(AnalyzeError::Failed)
}

/// Tells the kernel that the pages of the embedded model (10 MB of the plugin library, read
/// once to build the tagger's tables) are not needed any more, so that they stop counting in
/// the process's resident memory. They are read-only pages mapped from the library file: read
/// again, they come back from the file unchanged. Only whole pages inside `bytes` are given
/// back; a failure changes nothing.
#[cfg(target_os = "linux")]
fn release_pages(bytes: &'static [u8]) {
    // SAFETY: sysconf only reads a system setting.
    let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(0);
    if page == 0 || !page.is_power_of_two() {
        return;
    }
    let (a, b) = (bytes.as_ptr() as usize, bytes.as_ptr() as usize + bytes.len());
    let (start, end) = ((a + page - 1) & !(page - 1), b & !(page - 1));
    if end > start {
        // SAFETY: the range is whole pages inside a `'static` read-only byte array of the
        // library image (never written, no relocations inside it); MADV_DONTNEED on such a
        // file mapping only drops the resident copies, and a later read faults the same bytes
        // back in from the file. The result is ignored: on failure the pages stay resident.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn release_pages(_bytes: &'static [u8]) {}

/// The entities analyzer.
pub struct Entities {
    tagger: Arc<Tagger>,
    /// Tagging buffers and word caches, one per thread that is tagging at the moment: taken
    /// for a document and given back, so that buffers and the [`score::WordCache`] carry over
    /// from one article to the next.
    scratch: Mutex<Vec<Scratch>>,
}

impl Entities {
    /// An analyzer with a given tagger (e.g. a model under evaluation).
    #[must_use]
    pub fn with_tagger(tagger: Arc<Tagger>) -> Entities {
        Entities { tagger, scratch: Mutex::new(Vec::new()) }
    }

    fn take_scratch(&self) -> Scratch {
        self.scratch.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default()
    }

    fn give_back(&self, mut s: Scratch) {
        s.shrink(KEPT_TOKENS);
        self.scratch.lock().unwrap_or_else(PoisonError::into_inner).push(s);
    }

    /// Tokenizes `text`, tags it and returns the mentions in text order.
    #[must_use]
    pub fn mentions(&self, text: &str) -> (Vec<news_core::text::Token>, Vec<Mention>) {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let strs: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(sentences.len());
        for s in &sentences {
            let mut a = s.tokens.start;
            while a < s.tokens.end {
                let b = (a + MAX_SENTENCE).min(s.tokens.end);
                ranges.push(a..b);
                a = b;
            }
        }
        let mut scratch = self.take_scratch();
        let (mut tags, mut spans) = (Vec::new(), Vec::new());
        let mut mentions = Vec::new();
        let mut first = 0;
        while first < ranges.len() {
            // One document part: whole sentences, at most MAX_DOCUMENT tokens (or one sentence).
            let base = ranges[first].start;
            let mut last = first + 1;
            while last < ranges.len() && ranges[last].end - base <= MAX_DOCUMENT {
                last += 1;
            }
            let end = ranges[last - 1].end;
            let local: Vec<Range<usize>> =
                ranges[first..last].iter().map(|r| r.start - base..r.end - base).collect();
            self.tagger.tag(&strs[base..end], &local, &mut scratch, &mut tags);
            for r in &local {
                tags::spans_bilou(&tags[r.clone()], &mut spans);
                for sp in &spans {
                    let (a, b) = (base + r.start + sp.start, base + r.start + sp.end);
                    let (Some(ta), Some(tb)) = (tokens.get(a), tokens.get(b - 1)) else { continue };
                    mentions.push(Mention {
                        start: ta.start as usize,
                        end: tb.end as usize,
                        tokens: a..b,
                        ty: sp.ty,
                    });
                }
            }
            first = last;
        }
        self.give_back(scratch);
        (tokens, mentions)
    }
}

impl Analyzer for Entities {
    const NAME: &'static str = keys::ENTITIES;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "named entities (PER, ORG, LOC, MISC), trained two-pass tagger, merged per article";
    const REQUIRES: &'static [&'static str] = &[];
    const PROVIDES: &'static [&'static str] = &[keys::ENTITIES];
    type Config = NoConfig;
    type Output = Vec<Entity>;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Entities::with_tagger(shipped()?))
    }

    fn analyze(&self, doc: &Document) -> Result<Vec<Entity>, AnalyzeError> {
        let text = doc.article.text.as_str();
        let (tokens, mut mentions) = self.mentions(text);
        merge::refine(text, &tokens, &mut mentions);
        Ok(merge::merge(text, &tokens, &mentions))
    }
}
