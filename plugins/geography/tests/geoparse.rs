//! The geography plugin on the seed article (every listed place with its country, the three
//! demonyms, focus CN and RU first), the traps (common words, person names, organisations named
//! after places, "City, State"), and robustness (only place names, 10 MB, no places).

use news_core::{Article, Document, Entity, EntityLabel, GeographyAnnotation, Span};
use news_geography::Geography;

const SEED: &str = include_str!("../../../tests/fixtures/seed.txt");

fn geo() -> Geography {
    Geography::new().expect("the compiled-in gazetteer loads")
}

/// (country, lat, lon, feature) of the place whose mentions or demonyms include `text`.
fn place_of<'a>(ann: &'a GeographyAnnotation, text: &str) -> Option<&'a news_core::Place> {
    ann.places.iter().find(|p| p.mentions.iter().any(|m| m.text == text))
}

fn near(p: &news_core::Place, lat: f64, lon: f64) -> bool {
    news_geoparser::eval::haversine(p.lat, p.lon, lat, lon) <= 161.0
}

#[test]
fn seed_article_places_demonyms_and_focus() {
    let ann = geo().geoparse(SEED, &[]);
    let expect = [
        ("China", Some("CN")),
        ("Russia", Some("RU")),
        ("Ukraine", Some("UA")),
        ("Beijing", Some("CN")),
        ("United States", Some("US")),
        ("US", Some("US")),
        ("America", Some("US")),
        ("Washington", Some("US")),
        ("Moscow", Some("RU")),
        ("Singapore", Some("SG")),
        ("Europe", None),
        ("Taiwan", Some("TW")),
        ("South China Sea", None),
        ("France", Some("FR")),
        ("Paris", Some("FR")),
        ("Pyrenees", Some("FR")),
        ("Tourmalet Pass", Some("FR")),
    ];
    for (text, country) in expect {
        let p = place_of(&ann, text).unwrap_or_else(|| panic!("{text} not found"));
        assert_eq!(p.country.as_deref(), country, "{text}");
    }
    let washington = place_of(&ann, "Washington").expect("Washington");
    assert!(near(washington, 38.895, -77.036), "Washington is Washington, D.C.: {washington:?}");
    assert!(near(place_of(&ann, "Paris").expect("Paris"), 48.853, 2.349), "Paris, France");
    assert!(near(place_of(&ann, "Beijing").expect("Beijing"), 39.907, 116.397));
    assert!(near(place_of(&ann, "Moscow").expect("Moscow"), 55.752, 37.616));
    assert!(near(place_of(&ann, "Singapore").expect("Singapore"), 1.290, 103.850));
    assert!(near(place_of(&ann, "South China Sea").expect("SCS"), 12.0, 113.0));
    for (word, country) in [("Chinese", "CN"), ("Russian", "RU"), ("French", "FR")] {
        let p = ann
            .places
            .iter()
            .find(|p| p.demonyms.iter().any(|m| m.text == word))
            .unwrap_or_else(|| panic!("demonym {word} not found"));
        assert_eq!(p.country.as_deref(), Some(country), "{word}");
        assert!(!p.mentions.iter().any(|m| m.text == word), "{word} is marked as a demonym only");
    }
    let focus: Vec<&str> = ann.focus.iter().map(|f| f.country.as_str()).collect();
    assert_eq!(&focus[..2], ["CN", "RU"], "focus: {:?}", ann.focus);
    assert!(ann.focus.windows(2).all(|w| w[0].score >= w[1].score));
    // Every span is the text it covers.
    for p in &ann.places {
        for s in p.mentions.iter().chain(&p.demonyms) {
            assert_eq!(&SEED[s.start..s.end], s.text);
        }
    }
}

#[test]
fn the_analyzer_reads_entities_from_the_document() {
    use news_core::Analyzer;
    let text = "Jordan scored 30 points in Chicago on Friday.";
    let mut doc = Document::new(Article::from_text(text));
    let jordan = Entity {
        name: "Michael Jordan".into(),
        label: EntityLabel::Person,
        mentions: vec![Span { start: 0, end: 6, text: "Jordan".into() }],
    };
    doc.set_annotation("entities", &vec![jordan]).expect("json");
    let ann = geo().analyze(&doc).expect("analyzes");
    assert!(place_of(&ann, "Jordan").is_none(), "Jordan the person is no place");
    assert_eq!(place_of(&ann, "Chicago").and_then(|p| p.country.as_deref()), Some("US"));
    // Without entities the annotation is required: a missing one is an error, not a panic.
    assert!(geo().analyze(&Document::new(Article::from_text(text))).is_err());
}

#[test]
fn traps_common_words_people_and_organisations() {
    let g = geo();
    let none = |text: &str, word: &str| {
        let ann = g.geoparse(text, &[]);
        assert!(place_of(&ann, word).is_none(), "{word} in {text:?}: {:?}", ann.places);
    };
    none("Reading the report took an hour.", "Reading");
    none("Nice weather helped the crowd.", "Nice");
    none("Split decisions are common in boxing.", "Split");
    none("Paris Hilton arrived late to the party.", "Paris");
    none("Sen. Lincoln voted against the bill.", "Lincoln");
    none("Mobile phones were banned in the hall.", "Mobile");
    none("Shares rose in March and May.", "March");
    let ann = g.geoparse("The festival in Nice drew thousands from across France.", &[]);
    assert_eq!(place_of(&ann, "Nice").and_then(|p| p.country.as_deref()), Some("FR"));
    // "City, State" picks the state's city.
    let ann = g.geoparse("The fair was held in Paris, Texas, last week.", &[]);
    let paris = place_of(&ann, "Paris").expect("Paris");
    assert!(near(paris, 33.66, -95.55), "Paris, Texas: {paris:?}");
    // A French article's Paris is the capital.
    let ann = g.geoparse("Protesters marched in Paris as France braced for strikes.", &[]);
    assert!(near(place_of(&ann, "Paris").expect("Paris"), 48.853, 2.349));
    // Organisations named after a strong place keep the place mention, as the corpora annotate
    // them ("Georgia Bureau of Investigation", "Bank of England" is a decision: not a place).
    let ann = g.geoparse("Agents of the Georgia Bureau of Investigation arrived.", &[]);
    assert!(place_of(&ann, "Georgia").is_some());
    none("The Bank of England raised rates again.", "England");
    // Capitals as metonyms resolve to the city.
    let ann = g.geoparse("Moscow and Beijing signed the deal; Washington objected.", &[]);
    assert!(near(place_of(&ann, "Washington").expect("Washington"), 38.895, -77.036));
    assert!(near(place_of(&ann, "Moscow").expect("Moscow"), 55.752, 37.616));
}

#[test]
fn robust_on_odd_inputs() {
    let g = geo();
    // Only place names.
    let names = "Paris London Berlin Moscow Texas, Ohio; China-Russia U.S. Washington, D.C. \
                 South China Sea Pyrenees Boone County Springfield ";
    let ann = g.geoparse(&names.repeat(50), &[]);
    assert!(!ann.places.is_empty());
    // No places at all.
    assert!(g.geoparse("the cat sat on the mat and said nothing of note.", &[]).places.is_empty());
    assert!(g.geoparse("", &[]).places.is_empty());
    assert!(g.geoparse("   \n\n ,,, — “” 12345 ", &[]).places.is_empty());
    // 10 MB of text, with places, odd characters and no sentence ends.
    let chunk = "Officials in Paris, France met Chinese envoys near Boone County, where \
                 the ÉCOLE — and the 東京 office — said “Nice” was 42 km away\u{200B} ";
    let big = chunk.repeat(10 * 1024 * 1024 / chunk.len() + 1);
    assert!(big.len() >= 10 * 1024 * 1024);
    let ann = g.geoparse(&big, &[]);
    assert!(ann.places.iter().any(|p| p.country.as_deref() == Some("FR")));
    for p in &ann.places {
        for s in p.mentions.iter().chain(&p.demonyms) {
            assert_eq!(&big[s.start..s.end], s.text);
        }
    }
}
