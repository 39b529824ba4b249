//! The `sentiment` plugin: tone of the article, of each sentence, and toward each entity.
//!
//! The analyzer lives in `news-sentiment-scorer` (this directory's `scorer/`: the VADER port,
//! the news models, their trainer and metrics); this crate only makes it a plugin library.
//! Requires `entities`. Output: `SentimentAnnotation`. See `README.md` (model card).

pub use news_sentiment_scorer::*;

news_plugin::export_plugin!(news_sentiment_scorer::Sentiment);
