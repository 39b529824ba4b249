//! Tokenizer and sentence-splitter checks over the project's seed article
//! (`tests/data/seed.txt`, one paragraph per line), plus whole-text invariants.

use news_core::text::{
    Sentence, Token, TokenKind, is_separator, sentences, split_sentences, tokenize, tokenize_into,
};

const SEED: &str = include_str!("data/seed.txt");

use TokenKind::{CloseQuote, Number, OpenQuote, Possessive, Punct, Word};

/// The tokens lying inside the first occurrence of `needle` in `text`.
fn tokens_in<'a>(text: &'a str, tokens: &[Token], needle: &str) -> Vec<(&'a str, TokenKind)> {
    let Some(at) = text.find(needle) else {
        panic!("{needle:?} not in text");
    };
    let range = at..at + needle.len();
    tokens
        .iter()
        .filter(|t| range.contains(&t.range().start) && t.range().end <= range.end)
        .map(|t| (t.text(text), t.kind))
        .collect()
}

fn texts<'a>(text: &'a str, tokens: &[Token], needle: &str) -> Vec<&'a str> {
    tokens_in(text, tokens, needle).into_iter().map(|t| t.0).collect()
}

fn assert_invariants(text: &str, tokens: &[Token], sentences: &[Sentence]) {
    let mut pos = 0usize;
    for t in tokens {
        let r = t.range();
        assert!(r.start >= pos && r.start < r.end, "order/empty: {t:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let gap = text.get(pos..r.start).unwrap_or("\u{FFFD}");
        assert!(gap.chars().all(is_separator), "gap {gap:?} before {t:?}");
        assert!(!t.text(text).chars().any(char::is_whitespace), "{t:?}");
        pos = r.end;
    }
    assert!(text.get(pos..).is_some_and(|s| s.chars().all(is_separator)));
    let joined: String = tokens.iter().map(|t| t.text(text)).collect();
    let stripped: String = text.chars().filter(|&c| !is_separator(c)).collect();
    assert_eq!(joined, stripped);

    let mut next = 0;
    for s in sentences {
        assert_eq!(s.tokens.start, next);
        assert!(s.tokens.end > s.tokens.start);
        assert_eq!(Some(s.start), tokens.get(s.tokens.start).map(|t| t.start));
        assert_eq!(Some(s.end), tokens.get(s.tokens.end - 1).map(|t| t.end));
        assert!(!s.text(text).starts_with(char::is_whitespace));
        assert!(!s.text(text).ends_with(char::is_whitespace));
        next = s.tokens.end;
    }
    assert_eq!(next, tokens.len());
}

#[test]
fn seed_file_is_the_shared_seed() {
    assert_eq!(SEED.lines().count(), 32);
    assert!(SEED.starts_with("China is set to roll out the red carpet"));
    assert!(SEED.ends_with("seeking “regime change” in Russia."));
}

#[test]
fn seed_invariants() {
    let tokens = tokenize(SEED);
    assert_invariants(SEED, &tokens, &split_sentences(SEED, &tokens));
    // Re-tokenizing the space-joined tokens gives the same tokens.
    let joined = tokens.iter().map(|t| t.text(SEED)).collect::<Vec<_>>().join(" ");
    let again = tokenize(&joined);
    assert_eq!(
        again.iter().map(|t| t.text(&joined)).collect::<Vec<_>>(),
        tokens.iter().map(|t| t.text(SEED)).collect::<Vec<_>>()
    );
}

#[test]
fn seed_possessives_and_quotes() {
    let t = tokenize(SEED);
    assert_eq!(
        tokens_in(SEED, &t, "Putin’s two-day mission"),
        [("Putin", Word), ("’s", Possessive), ("two-day", Word), ("mission", Word)]
    );
    assert_eq!(
        tokens_in(SEED, &t, "the couple’s “boundless” partnership"),
        [
            ("the", Word),
            ("couple", Word),
            ("’s", Possessive),
            ("“", OpenQuote),
            ("boundless", Word),
            ("”", CloseQuote),
            ("partnership", Word)
        ]
    );
    assert_eq!(
        tokens_in(SEED, &t, "the countries’ partnership"),
        [("the", Word), ("countries", Word), ("’", Possessive), ("partnership", Word)]
    );
    assert_eq!(
        tokens_in(SEED, &t, "‘responsibly managing’ differences"),
        [
            ("‘", OpenQuote),
            ("responsibly", Word),
            ("managing", Word),
            ("’", CloseQuote),
            ("differences", Word)
        ]
    );
    assert_eq!(
        tokens_in(SEED, &t, "over the United States.”"),
        [("over", Word), ("the", Word), ("United", Word), ("States", Word), (".", Punct), ("”", CloseQuote)]
    );
    assert_eq!(texts(SEED, &t, "“I’m sure Putin"), ["“", "I", "’m", "sure", "Putin"]);
    assert_eq!(
        texts(SEED, &t, "do,” a Russian official said."),
        ["do", ",", "”", "a", "Russian", "official", "said", "."]
    );
}

#[test]
fn seed_abbreviations_numbers_compounds() {
    let t = tokenize(SEED);
    assert_eq!(
        tokens_in(SEED, &t, "Beijing, China, Oct. 18, 2023. Putin will visit"),
        [
            ("Beijing", Word),
            (",", Punct),
            ("China", Word),
            (",", Punct),
            ("Oct.", Word),
            ("18", Number),
            (",", Punct),
            ("2023", Number),
            (".", Punct),
            ("Putin", Word),
            ("will", Word),
            ("visit", Word)
        ]
    );
    assert_eq!(
        texts(SEED, &t, "Singapore’s S. Rajaratnam School"),
        ["Singapore", "’s", "S.", "Rajaratnam", "School"]
    );
    assert_eq!(texts(SEED, &t, "a US-led order"), ["a", "US-led", "order"]);
    assert_eq!(texts(SEED, &t, "a Singapore-based defense"), ["a", "Singapore-based", "defense"]);
    assert_eq!(texts(SEED, &t, "of dual-use technology"), ["of", "dual-use", "technology"]);
    assert_eq!(texts(SEED, &t, "its long-term struggle"), ["its", "long-term", "struggle"]);
    assert_eq!(texts(SEED, &t, "Ursula von der Leyen,"), ["Ursula", "von", "der", "Leyen", ","]);
    assert_eq!(
        tokens_in(SEED, &t, "Beijing – by itself – is"),
        [("Beijing", Word), ("–", Punct), ("by", Word), ("itself", Word), ("–", Punct), ("is", Word)]
    );
    assert_eq!(texts(SEED, &t, "Macron (CL) and"), ["Macron", "(", "CL", ")", "and"]);
    assert_eq!(
        texts(SEED, &t, "Pyrenees , France, May 7, 2024"),
        ["Pyrenees", ",", "France", ",", "May", "7", ",", "2024"]
    );
    assert_eq!(texts(SEED, &t, "US efforts. to contain"), ["US", "efforts", ".", "to", "contain"]);
}

#[test]
fn seed_sentences_per_paragraph() {
    let mut counts = Vec::new();
    for para in SEED.lines() {
        counts.push(sentences(para).len());
    }
    let mut expected = vec![1; 32];
    expected[5] = 2;
    assert_eq!(counts, expected);
    // The whole text splits the same way (single "\n" paragraph breaks).
    assert_eq!(sentences(SEED).len(), 33);
    // And with "\n\n" paragraph breaks.
    assert_eq!(sentences(&SEED.replace('\n', "\n\n")).len(), 33);
}

#[test]
fn seed_sentence_boundaries() {
    let ss = sentences(SEED);
    let texts: Vec<&str> = ss.iter().map(|s| s.text(SEED)).collect();
    assert!(texts[0].ends_with("supremacy over the United States.”"));
    assert!(texts[0].starts_with("China is set"));
    assert!(texts[5].ends_with("Belt and Road Forum in Beijing, China, Oct. 18, 2023."));
    assert_eq!(
        texts[6],
        "Putin will visit Beijing on Thursday, which will mark the beginning of his new presidential term."
    );
    assert!(
        texts.iter().any(|s| s.ends_with("S. Rajaratnam School of International Studies.")
            && s.starts_with("Other analysts"))
    );
    assert!(
        texts.iter().any(
            |s| s.ends_with("US efforts. to contain China.") && s.starts_with("Pressure from Washington")
        )
    );
    assert!(
        texts.iter().any(|s| s.starts_with("He said: “Today,") && s.ends_with("continue to strengthen.”"))
    );
    assert!(texts.iter().any(|s| s.starts_with("French President") && s.ends_with("May 7, 2024")));
    assert!(texts.iter().any(|s| s.ends_with("the war. in Ukraine.")));
    assert_eq!(texts.last().copied(), SEED.lines().last());
}

#[test]
fn synthetic_hard_cases() {
    let s = "U.S. Secretary of State Antony Blinken arrived. He lives in the U.S. The next day he left.";
    let got: Vec<&str> = sentences(s).iter().map(|x| x.text(s)).collect();
    assert_eq!(
        got,
        ["U.S. Secretary of State Antony Blinken arrived.", "He lives in the U.S.", "The next day he left."]
    );
    let t = tokenize("I don't know");
    assert_eq!(t.iter().map(|x| x.text("I don't know")).collect::<Vec<_>>(), ["I", "do", "n't", "know"]);
}

#[test]
fn large_and_hostile_inputs() {
    let big = SEED.repeat(200);
    let mut buf = Vec::new();
    tokenize_into(&big, &mut buf);
    assert_eq!(split_sentences(&big, &buf).len(), 33 * 200);
    let hostile = [
        String::new(),
        " \t\r\n\u{A0}\u{2009}\u{200B}".to_owned(),
        "\u{0}\u{1}\u{2}\u{3}\u{1B}[0m\u{7F}\u{FFFD}\u{FFFF}".to_owned(),
        "\"".repeat(100_000),
        "’".to_owned(),
        "'s".to_owned(),
        "\u{301}\u{308}".to_owned(),
        "a. ".repeat(350_000),
        (0u32..0x3000).filter_map(char::from_u32).collect::<String>(),
    ];
    for s in &hostile {
        let tokens = tokenize(s);
        assert_invariants(s, &tokens, &split_sentences(s, &tokens));
    }
}
