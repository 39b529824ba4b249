//! The sentiment scorer: tone of an article, of each sentence, and toward each entity.
//!
//! - [`vader`]: a faithful port of VADER (vaderSentiment 3.3.2, MIT) — the base and a feature.
//! - [`features`], [`model`]: the news models, two 3-class log-linear classifiers over hashed
//!   word, bigram, position-to-target, VADER and cue features; trained by [`train`] on NewsMTSC
//!   train (MIT), shipped as `model/sentiment.model`.
//! - [`tone`]: sentence tone for news (a polarity and an intensity model over VADER's scores, a
//!   few sentence cues and learned word and prefix weights, fitted by ridge regression on the
//!   VADER rated sets and NewsMTSC train sentences), in the same model file.
//! - [`metrics`], [`data`]: the evaluator's metrics and the JSONL sets.
//!
//! Scores and labels (see the README):
//! - sentence: the [`tone`] model of the sentence (news-core's splitter), in [-1, 1];
//! - document: mean over sentences of the sentence scores; label by [`label_of`]
//!   (±[`DOC_THRESHOLD`]);
//! - entity: the target model's class probabilities averaged over the entity's mentions (each in
//!   its sentence); score `p(positive) − p(negative)`; label the most probable class in a text
//!   of a few sentences, the [`DocRule`] in an article (see [`Scorer::entity_sentiment`]).
//!
//! [`Mode::Vader`] gives the faithful VADER figures instead (compound per sentence).

pub mod data;
pub mod features;
pub mod hash;
pub mod metrics;
pub mod model;
pub mod tone;
pub mod train;
pub mod vader;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use news_core::text::TokenKind;
use news_core::{
    AnalyzeError, Analyzer, Document, Entity, EntitySentiment, SentenceSentiment, SentimentAnnotation,
    ToneScore, annotations::keys,
};
use news_plugin::sdk::NoConfig;

use crate::features::{Feat, Prepared};
use crate::model::Models;
use crate::vader::Vader;

/// The shipped model, embedded in the plugin.
pub static MODEL: &str = include_str!("../../model/sentiment.model");

/// Scores within ±this are "neutral" for sentences and documents (the news score is
/// `p(pos) − p(neg)`; VADER's convention is 0.05 on its compound).
pub const SENTENCE_THRESHOLD: f64 = 0.05;
/// Document scores within ±this are "neutral".
pub const DOC_THRESHOLD: f64 = 0.05;
/// The entity rule of a whole article (see [`Scorer::entity_sentiment`]). No threshold: the
/// label is the most probable class, as for a sentence; only the mentions differ. (An earlier
/// rule with thresholds chosen on PerSenT dev is not used: no weight or threshold is fitted on a
/// dev set; see the README.)
#[derive(Debug, Clone, Copy)]
pub struct DocRule;

impl DocRule {
    /// Weight of the entity's mentions in the title (all of them together: one more mention).
    pub const TITLE_WEIGHT: f64 = 1.0;
    /// Whether the entity's pronoun mentions ([`Prepared::pronoun_mentions`]) count too.
    pub const PRONOUNS: bool = true;
    /// Texts of at least this many sentences are articles.
    pub const MIN_SENTENCES: usize = 4;
}

/// An article's title, prepared for the entities' mentions in it ([`Scorer::prepare_title`]).
#[derive(Debug, Default)]
pub struct Title {
    pub text: String,
    pub work: Work,
}

/// The entity's mentions in a title: word-bounded, ASCII-case-insensitive occurrences of the
/// surface forms of its `mentions` in `text` and of their last words (of 3 characters or more).
pub fn title_mentions(title: &str, text: &str, mentions: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut needles: Vec<&str> = Vec::new();
    for m in mentions {
        let Some(form) = text.get(m.clone()).map(str::trim) else { continue };
        let last = form.rsplit(char::is_whitespace).next().unwrap_or(form);
        for n in [form, last] {
            if n.chars().count() >= 3 && !needles.iter().any(|x| x.eq_ignore_ascii_case(n)) {
                needles.push(n);
            }
        }
    }
    let lower = title.to_ascii_lowercase();
    let mut out: Vec<Range<usize>> = Vec::new();
    for n in needles {
        let n = n.to_ascii_lowercase();
        for (i, _) in lower.match_indices(n.as_str()) {
            let e = i + n.len();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if word(title[..i].chars().next_back()) || word(title[e..].chars().next()) {
                continue;
            }
            if !out.iter().any(|m| m.start < e && i < m.end) {
                out.push(i..e);
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// "negative" / "neutral" / "positive" for a score and a threshold.
pub fn label_of(score: f64, thr: f64) -> &'static str {
    metrics::CLASSES[metrics::score_to_class(score, thr)]
}

/// Which scorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Faithful VADER: compound per sentence, mean over the mentions' sentences per entity.
    Vader,
    /// The news models (the plugin's default).
    News,
}

/// The shipped models, parsed once per process.
pub fn shipped() -> Result<Arc<Models>, AnalyzeError> {
    static M: OnceLock<Result<Arc<Models>, String>> = OnceLock::new();
    M.get_or_init(|| Models::from_text(MODEL).map(Arc::new).map_err(|e| format!("sentiment model: {e}")))
        .clone()
        .map_err(AnalyzeError::Failed)
}

/// The shipped VADER analyzer with the shipped tone word weights merged in (see
/// [`Vader::with_news`]), built once per process.
fn shipped_vader(models: &Models) -> Arc<Vader> {
    static V: OnceLock<Arc<Vader>> = OnceLock::new();
    V.get_or_init(|| Arc::new(merged_vader(models))).clone()
}

/// VADER with `models`' tone word weights merged in.
fn merged_vader(models: &Models) -> Vader {
    models.tone.merged(Vader::shipped())
}

/// A scorer: VADER plus the news models.
#[derive(Debug, Clone)]
pub struct Scorer {
    /// VADER (faithful: the merged tone word weights change no VADER result).
    pub vader: Arc<Vader>,
    pub models: Arc<Models>,
    pub mode: Mode,
}

/// Per-call buffers.
#[derive(Debug, Default)]
pub struct Work {
    pub prep: Prepared,
    feats: Vec<Feat>,
    masked: String,
    vscratch: vader::Scratch,
    vwords: Vec<vader::Word>,
}

impl Scorer {
    /// The shipped scorer in `mode`.
    pub fn new(mode: Mode) -> Result<Scorer, AnalyzeError> {
        let models = shipped()?;
        Ok(Scorer { vader: shipped_vader(&models), models, mode })
    }

    /// A scorer with the given models.
    pub fn with_models(models: Models, mode: Mode) -> Scorer {
        Scorer { vader: Arc::new(merged_vader(&models)), models: Arc::new(models), mode }
    }

    /// Tokenizes, splits and VADER-scores `text` into `work`.
    pub fn prepare(&self, text: &str, work: &mut Work) {
        work.prep.prepare(&self.vader, &self.models.tone, text);
    }

    /// Score of prepared sentence `si` in [-1, 1]: the tone model (news mode) or VADER's compound.
    pub fn sentence_score(&self, work: &mut Work, si: usize) -> f64 {
        work.prep.vader.get(si).map_or(0.0, |v| match self.mode {
            Mode::News => self.models.tone.score(&v.tone),
            Mode::Vader => v.polarity.compound,
        })
    }

    /// Score of a whole prepared text: the mean over sentences of [`sentence_score`](Self::sentence_score)
    /// (news mode: the tone model over whole sentences — leaving quoted words out, tried first,
    /// measured lower on NYT dev, 0.509 vs 0.520 with an earlier tone model); in VADER mode the compound of each sentence
    /// with its quoted words left out. 0 when it has no sentence.
    pub fn text_score(&self, text: &str, work: &mut Work) -> f64 {
        let n = work.prep.sentences.len();
        if n == 0 {
            return 0.0;
        }
        let mut total = 0.0;
        if self.mode == Mode::News {
            for si in 0..n {
                total += self.sentence_score(work, si);
            }
            return total / n as f64;
        }
        let mut depth = 0i32;
        for si in 0..n {
            let r = work.prep.sentences[si].tokens.clone();
            let quoted = depth > 0
                || work.prep.tokens[r.clone()]
                    .iter()
                    .any(|t| matches!(t.kind, TokenKind::OpenQuote | TokenKind::CloseQuote));
            if !quoted || self.mode == Mode::News {
                total += self.sentence_score(work, si);
                continue;
            }
            work.masked.clear();
            for t in &work.prep.tokens[r] {
                match t.kind {
                    TokenKind::OpenQuote => depth += 1,
                    TokenKind::CloseQuote => depth = (depth - 1).max(0),
                    _ if depth == 0 => {
                        work.masked.push_str(t.text(text));
                        work.masked.push(' ');
                    }
                    _ => {}
                }
            }
            total += match self.mode {
                Mode::News => {
                    let f = self.models.tone.text_features(
                        &self.vader,
                        &work.masked,
                        &mut work.vwords,
                        &mut work.vscratch,
                    );
                    self.models.tone.score(&f)
                }
                Mode::Vader => self.vader.polarity_scores_with(&work.masked, &mut work.vscratch).compound,
            };
        }
        total / n as f64
    }

    /// Class probabilities toward the target mentioned at `mentions` (byte spans into `text`,
    /// which must be the prepared text): the mean over mentions of the target model's output.
    /// `None` when no mention falls in a sentence.
    pub fn target_probs(&self, text: &str, work: &mut Work, mentions: &[Range<usize>]) -> Option<[f64; 3]> {
        self.summed_probs(text, work, mentions).map(|(sum, n)| sum.map(|x| x / n))
    }

    /// The sum over `mentions` of the target model's class probabilities (see
    /// [`target_probs`](Self::target_probs)) and the number of mentions in a sentence.
    fn summed_probs(
        &self,
        text: &str,
        work: &mut Work,
        mentions: &[Range<usize>],
    ) -> Option<([f64; 3], f64)> {
        let mut sum = [0.0f64; 3];
        let mut n = 0usize;
        for m in mentions {
            let Some(si) = work.prep.sentence_of(m.start) else { continue };
            let p = match self.mode {
                Mode::Vader => {
                    let c = work.prep.vader[si].polarity.compound;
                    let k = metrics::score_to_class(c, 0.05);
                    let mut p = [0.0; 3];
                    p[k] = 1.0;
                    p
                }
                Mode::News => {
                    work.prep.ensure_hashes(text);
                    work.prep.target_features(text, si, m.clone(), &mut work.feats);
                    self.models.target.probs(&work.feats)
                }
            };
            for c in 0..3 {
                sum[c] += p[c];
            }
            n += 1;
        }
        (n > 0).then_some((sum, n as f64))
    }

    /// Prepares an article's title for [`entity_sentiment`](Self::entity_sentiment).
    pub fn prepare_title(&self, title: &str) -> Title {
        let mut t = Title { text: title.to_owned(), work: Work::default() };
        self.prepare(&t.text, &mut t.work);
        t
    }

    /// Score in [-1, 1] and class (index into [`metrics::CLASSES`]) of the sentiment toward the
    /// entity mentioned at `mentions` (byte spans into the prepared `text`).
    ///
    /// News mode, a text of fewer than [`DocRule::MIN_SENTENCES`] sentences (NewsMTSC's task,
    /// the sentiment toward a target in a sentence): the target model's class
    /// probabilities averaged over the mentions, score `p(pos) − p(neg)`, the most probable class;
    /// without a mention in a sentence, the document tone and its label (±[`DOC_THRESHOLD`]).
    ///
    /// News mode, a longer text (an article: the author's stance toward the entity, PerSenT's
    /// task), the [`DocRule`]: the same, over the entity's mentions, its pronoun mentions
    /// ([`Prepared::pronoun_mentions`]: "he", "she" … in the sentences that follow a mention)
    /// and its mentions in the `title` (if any; together weighted [`DocRule::TITLE_WEIGHT`]).
    ///
    /// VADER mode: the mean over the mentions' sentences of VADER's class, ±0.05; neutral without
    /// a mention.
    pub fn entity_sentiment(
        &self,
        text: &str,
        work: &mut Work,
        mentions: &[Range<usize>],
        title: Option<&mut Title>,
    ) -> (f64, usize) {
        if self.mode == Mode::News && work.prep.sentences.len() >= DocRule::MIN_SENTENCES {
            return self.document_entity(text, work, mentions, title);
        }
        let p = self.target_probs(text, work, mentions);
        match (self.mode, p) {
            (Mode::Vader, Some(p)) => (p[2] - p[0], metrics::score_to_class(p[2] - p[0], SENTENCE_THRESHOLD)),
            (Mode::Vader, None) => (0.0, 1),
            (Mode::News, Some(p)) => (p[2] - p[0], train::argmax(p)),
            (Mode::News, None) => {
                let s = self.text_score(text, work);
                (s, metrics::score_to_class(s, DOC_THRESHOLD))
            }
        }
    }

    /// The [`DocRule`] (see [`entity_sentiment`](Self::entity_sentiment)).
    fn document_entity(
        &self,
        text: &str,
        work: &mut Work,
        mentions: &[Range<usize>],
        title: Option<&mut Title>,
    ) -> (f64, usize) {
        let mut all = mentions.to_vec();
        if DocRule::PRONOUNS {
            work.prep.ensure_hashes(text);
            work.prep.pronoun_mentions(mentions, &mut all);
        }
        let mut p = self.summed_probs(text, work, &all);
        if let (Some(t), Some((sum, n))) = (title, p.as_mut()) {
            let tm = title_mentions(&t.text, text, mentions);
            if let Some(tp) = self.target_probs(&t.text, &mut t.work, &tm) {
                for c in 0..3 {
                    sum[c] += DocRule::TITLE_WEIGHT * tp[c];
                }
                *n += DocRule::TITLE_WEIGHT;
            }
        }
        match p {
            Some((sum, n)) => {
                let p = sum.map(|x| x / n);
                (p[2] - p[0], train::argmax(p))
            }
            None => {
                let s = self.text_score(text, work);
                (s, metrics::score_to_class(s, DOC_THRESHOLD))
            }
        }
    }

    /// The full annotation of `text` (with the article's `title`, if known) with `entities`.
    pub fn annotate(&self, text: &str, title: Option<&str>, entities: &[Entity]) -> SentimentAnnotation {
        let mut work = Work::default();
        self.prepare(text, &mut work);
        let mut title = title.filter(|t| !t.trim().is_empty()).map(|t| self.prepare_title(t));
        let n = work.prep.sentences.len();
        let mut sentences = Vec::with_capacity(n);
        for si in 0..n {
            let score = self.sentence_score(&mut work, si);
            let s = &work.prep.sentences[si];
            let (start, end) = (s.start as usize, s.end as usize);
            if news_core::checked_slice(text, start, end).is_ok() {
                sentences.push(SentenceSentiment { start, end, score: round4(score) });
            }
        }
        let doc = self.text_score(text, &mut work);
        let mut out_entities = Vec::with_capacity(entities.len());
        let mut ranges = Vec::new();
        for e in entities {
            ranges.clear();
            ranges.extend(
                e.mentions.iter().filter(|m| m.start < m.end && m.end <= text.len()).map(|m| m.start..m.end),
            );
            let (score, class) = self.entity_sentiment(text, &mut work, &ranges, title.as_mut());
            let label = metrics::CLASSES[class];
            out_entities.push(EntitySentiment {
                name: e.name.clone(),
                score: round4(score),
                label: label.to_owned(),
            });
        }
        SentimentAnnotation {
            document: ToneScore { score: round4(doc), label: label_of(doc, DOC_THRESHOLD).to_owned() },
            sentences,
            entities: out_entities,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_in_the_title() {
        let text = "Russian President Vladimir Putin visited Beijing. Putin met Xi.";
        let a = text.find("Vladimir Putin").expect("name");
        let b = text.rfind("Putin").expect("last name");
        let ms = [a..a + 14, b..b + 5];
        let title = "PUTIN in Beijing: Putinism and putin's plans";
        let got: Vec<&str> = title_mentions(title, text, &ms).iter().map(|r| &title[r.clone()]).collect();
        assert_eq!(got, ["PUTIN", "putin"]);
        assert!(title_mentions("Xi in Beijing", text, &ms).is_empty());
    }
}

fn round4(x: f64) -> f64 {
    if x.is_finite() { (x * 1e4).round() / 1e4 } else { 0.0 }
}

/// The sentiment analyzer (the plugin's `Analyzer`).
#[derive(Debug, Clone)]
pub struct Sentiment {
    scorer: Scorer,
}

impl Sentiment {
    /// The scorer behind the analyzer.
    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }
}

impl Analyzer for Sentiment {
    const NAME: &'static str = keys::SENTIMENT;
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const DESCRIPTION: &'static str =
        "document, sentence and entity tone: VADER rules plus news models trained on NewsMTSC";
    const REQUIRES: &'static [&'static str] = &[keys::ENTITIES];
    const PROVIDES: &'static [&'static str] = &[keys::SENTIMENT];
    type Config = NoConfig;
    type Output = SentimentAnnotation;

    fn create(_config: NoConfig) -> Result<Self, AnalyzeError> {
        Ok(Sentiment { scorer: Scorer::new(Mode::News)? })
    }

    fn analyze(&self, doc: &Document) -> Result<SentimentAnnotation, AnalyzeError> {
        let entities = doc.entities()?;
        Ok(self.scorer.annotate(&doc.article.text, doc.article.title.as_deref(), &entities))
    }
}
