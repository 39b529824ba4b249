//! Robustness: odd and large inputs never panic, every span is valid, and the work grows
//! linearly with the text (a text made of N copies of the seed yields about N times its
//! mentions; nothing is timed).

use std::path::PathBuf;

use news_core::{Analyzer, Article, Document, Entity};
use news_entities::Entities;
use news_plugin::sdk::NoConfig;

fn analyze(a: &Entities, text: &str) -> Vec<Entity> {
    let entities = a.analyze(&Document::new(Article::from_text(text))).expect("analyze");
    for e in &entities {
        assert!(!e.mentions.is_empty());
        for m in &e.mentions {
            m.validate(text).expect("valid span");
        }
    }
    entities
}

fn seed() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seed.txt"))
        .expect("seed text")
}

fn mentions(e: &[Entity]) -> usize {
    e.iter().map(|e| e.mentions.len()).sum()
}

#[test]
fn empty_and_blank_texts_give_nothing() {
    let a = Entities::create(NoConfig {}).expect("create");
    assert!(analyze(&a, "").is_empty());
    assert!(analyze(&a, " \n\n\t ").is_empty());
}

#[test]
fn text_without_letters() {
    let a = Entities::create(NoConfig {}).expect("create");
    let text = "123 456,78 — 9/11 … !!! ??? (1) [2] {3} $5 %6 ^&* 2023-10-18 ‘’“” 💥🙂 ---\n\n42".repeat(200);
    let e = analyze(&a, &text);
    assert!(mentions(&e) < 10, "{e:?}");
}

#[test]
fn all_caps_text() {
    let a = Entities::create(NoConfig {}).expect("create");
    let text = seed().to_uppercase();
    let e = analyze(&a, &text);
    // No document casing to lean on: fewer names are found, but countries still are.
    assert!(e.iter().any(|e| e.name == "China" && e.mentions.len() > 5), "{e:?}");
}

#[test]
fn non_english_text() {
    let a = Entities::create(NoConfig {}).expect("create");
    let text = "Владимир Путин прибыл в Пекин, где его встретил Си Цзиньпин.\n\n\
                习近平在北京会见了普京。\n\nالتقى الرئيس الروسي فلاديمير بوتين بالرئيس الصيني شي جين بينغ في بكين.\n\n\
                Der französische Präsident Emmanuel Macron traf Xi Jinping in den Pyrenäen.\n\n\
                Ελλάδα, Αθήνα. 日本語のテキスト。 हिन्दी पाठ। Ş̷͎̓t̸r̶a̷n̴g̵e̷ c̶o̸m̷b̶i̸n̷i̶n̸g̶.";
    analyze(&a, text);
}

#[test]
fn ten_megabytes_scale_linearly() {
    let a = Entities::create(NoConfig {}).expect("create");
    let one = seed();
    let base = mentions(&analyze(&a, &one));
    let copies = (10 << 20) / (one.len() + 2) + 1;
    let mut big = String::with_capacity(copies * (one.len() + 2));
    for _ in 0..copies {
        big.push_str(&one);
        big.push_str("\n\n");
    }
    assert!(big.len() >= 10 << 20);
    let n = mentions(&analyze(&a, &big));
    let expected = base * copies;
    assert!(
        n * 10 >= expected * 9 && n * 10 <= expected * 11,
        "{n} mentions in {copies} copies, {base} in one"
    );
    // One sentence of 10 MB: no line breaks, no sentence ends.
    let long = "Putin and Xi met in Beijing and ".repeat((10 << 20) / 32 + 1);
    let e = analyze(&a, &long);
    assert!(mentions(&e) > 0);
}
