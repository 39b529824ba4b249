//! The fast scoring path of the tagger ([`Tagger::tag`]: per-word and load-time score parts)
//! against the reference path ([`Tagger::tag_reference`]: every feature of every token looked
//! up): the emission scores of both passes and the tags must be identical, on the seed article,
//! its all-caps version and texts with sentence-boundary edge cases.

use std::ops::Range;
use std::path::PathBuf;

use news_core::text::{split_sentences, tokenize};
use news_entities_tagger::MODEL;
use news_entities_tagger::tagger::{Fold, Scratch, Tagger};

fn seed() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/seed.txt"),
    )
    .expect("seed text")
}

/// Tags `text` both ways, as one document, with sentences cut at `max` tokens; panics on any
/// difference.
fn same(tagger: &Tagger, text: &str, max: usize) {
    let tokens = tokenize(text);
    let strs: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for s in split_sentences(text, &tokens) {
        let mut a = s.tokens.start;
        while a < s.tokens.end {
            let b = (a + max).min(s.tokens.end);
            ranges.push(a..b);
            a = b;
        }
    }
    let (mut fast, mut slow) = (Scratch::default(), Scratch::default());
    let (mut tf, mut ts) = (Vec::new(), Vec::new());
    // Twice with the same scratch: reused buffers must not leak state between documents.
    for _ in 0..2 {
        tagger.tag(&strs, &ranges, &mut fast, &mut tf);
        tagger.tag_reference(&strs, &ranges, &mut slow, &mut ts);
        let (f1, f2) = fast.scores();
        let (s1, s2) = slow.scores();
        assert_eq!(f1.len(), strs.len() * news_entities_tagger::tags::NT);
        for (i, tok) in strs.iter().enumerate() {
            let nt = news_entities_tagger::tags::NT;
            assert_eq!(f1[i * nt..(i + 1) * nt], s1[i * nt..(i + 1) * nt], "pass 1, token {i} {tok:?}");
            assert_eq!(f2[i * nt..(i + 1) * nt], s2[i * nt..(i + 1) * nt], "pass 2, token {i} {tok:?}");
        }
        assert_eq!(tagger.first_pass(&fast), tagger.first_pass(&slow));
        assert_eq!(tf, ts);
    }
}

#[test]
fn fast_path_equals_reference() {
    let tagger = Tagger::from_bytes(MODEL).expect("model");
    fast_path_equals_reference_with(&tagger);
}

/// The same with the web fold for every document, and with the fold chosen per document.
#[test]
fn fast_path_equals_reference_web_fold() {
    let mut tagger = Tagger::from_bytes(MODEL).expect("model");
    assert!(tagger.has_web_fold(), "the shipped model holds a web fold");
    tagger.fold = Fold::Web;
    fast_path_equals_reference_with(&tagger);
    // One scratch, documents alternating between the folds: each fold's word cache is its own.
    tagger.fold = Fold::Auto;
    let web = "lol i think u should go to mcdonalds , my friend did n't like it !!\n\ni live in \
               san rafael ca and i love it . you should try the burger king there ?";
    let news = seed();
    let strs = |t: &str| tokenize(t).iter().map(|k| k.text(t).to_owned()).collect::<Vec<_>>();
    let (ws, ns) = (strs(web), strs(&news));
    let one = |v: &[String]| std::iter::once(0..v.len()).collect::<Vec<_>>();
    let w: Vec<&str> = ws.iter().map(String::as_str).collect();
    let n: Vec<&str> = ns.iter().map(String::as_str).collect();
    assert!(tagger.uses_web_fold(&w, &one(&ws)), "web text gets the web fold");
    assert!(!tagger.uses_web_fold(&n, &one(&ns)), "the seed article gets the news fold");
    let mut shared = Scratch::default();
    for text in [web, news.as_str(), web, news.as_str()] {
        let warm = tag_with(&tagger, text, &mut shared);
        let cold = tag_with(&tagger, text, &mut Scratch::default());
        assert_eq!(warm, cold);
    }
}

fn fast_path_equals_reference_with(tagger: &Tagger) {
    let seed = seed();
    let texts = [
        seed.clone(),
        seed.to_uppercase(),
        seed.to_lowercase(),
        // Sentence edges: one-token sentences, quotes and dashes before the first word, a
        // sentence of punctuation only, all-caps headline then normal text, repeated words at
        // sentence starts and inside sentences, gazetteer names at the edges.
        "Paris.\n\nParis!\n\n“Paris,” he said. — Paris is in France. FRANCE WINS IN PARIS\n\n\
         ... !!! ?\n\nNew York. New York City is in the United States. The United States \
         and New York. York. In York, John Smith met JOHN SMITH and john smith.\n\n\
         A. B. C. U.S. officials said: U.S. The the THE. Washington"
            .to_owned(),
        "Владимир Путин прибыл в Пекин. 习近平在北京会见了普京。 Emmanuel Macron traf Xi Jinping in \
         den Pyrenäen. iPhone eBay McDonald's O'Brien 18-year-old 1996-08-30 3.5% $5 @user #tag"
            .to_owned(),
        String::new(),
        "x".to_owned(),
    ];
    // Sentence ranges that do not fit (skipped), overlap or leave tokens out.
    let text = texts[3].as_str();
    let tokens = tokenize(text);
    let strs: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let ranges = [0..4, 2..9, 9..9, 12..20, 15..16, 30..strs.len(), 5..strs.len() + 3];
    let (mut fast, mut slow) = (Scratch::default(), Scratch::default());
    let (mut tf, mut ts) = (Vec::new(), Vec::new());
    tagger.tag(&strs, &ranges, &mut fast, &mut tf);
    tagger.tag_reference(&strs, &ranges, &mut slow, &mut ts);
    assert_eq!(fast.scores(), slow.scores());
    assert_eq!(tf, ts);
    for t in &texts {
        same(tagger, t, 160);
        // Short sentence cuts put the edges everywhere.
        same(tagger, t, 3);
        same(tagger, t, 1);
    }
}

/// Tags `text` as one document with sentences as split, with `s`; returns the tags and scores.
fn tag_with(tagger: &Tagger, text: &str, s: &mut Scratch) -> (Vec<u8>, Vec<i32>, Vec<i32>) {
    let tokens = tokenize(text);
    let strs: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let ranges: Vec<Range<usize>> = split_sentences(text, &tokens).into_iter().map(|s| s.tokens).collect();
    let mut tags = Vec::new();
    tagger.tag(&strs, &ranges, s, &mut tags);
    let (a, b) = s.scores();
    (tags, a.to_vec(), b.to_vec())
}

/// One scratch tags many documents in a row (its word cache carries over, fills past its
/// capacity and starts afresh): every document gets exactly the scores and tags of a fresh
/// scratch.
#[test]
fn word_cache_carries_no_state_between_documents() {
    let tagger = Tagger::from_bytes(MODEL).expect("model");
    let seed = seed();
    // Documents that share words with different casing and sentence positions, then enough
    // distinct words to overflow the cache twice.
    let mut docs = vec![
        seed.clone(),
        seed.to_uppercase(),
        "Paris said. paris PARIS Paris. The Paris talks, said Paris Hilton in Paris.".to_owned(),
        seed.clone(),
    ];
    let capacity = news_entities_tagger::score::WordCache::CAPACITY;
    for d in 0..(2 * capacity / 500 + 2) {
        let words: Vec<String> = (0..600).map(|i| format!("Zq{}x{i}", d * 600 + i)).collect();
        docs.push(format!("{} met Smith in Paris. {}.", words[..300].join(" "), words[300..].join(" ")));
        if d % 5 == 0 {
            docs.push(seed.clone());
        }
    }
    let mut shared = Scratch::default();
    let mut most = 0;
    for (k, doc) in docs.iter().enumerate() {
        let warm = tag_with(&tagger, doc, &mut shared);
        most = most.max(shared_cache_len(&shared));
        let cold = tag_with(&tagger, doc, &mut Scratch::default());
        assert_eq!(warm, cold, "document {k}");
    }
    assert!(most > capacity, "the documents should fill the cache past its capacity ({most})");
    assert!(shared_cache_len(&shared) <= capacity + 700, "the cache started afresh");
}

fn shared_cache_len(s: &Scratch) -> usize {
    s.word_cache_len()
}
