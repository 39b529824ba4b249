//! Geoparsing metrics, a port of `shared/eval/tools/geo_eval.py` (same matching, same figures):
//! recognition P/R/F1 with exact and overlapping spans (one-to-one, greedy by largest overlap),
//! resolution over recognised gold toponyms with coordinates (acc@161 km, mean/median error, AUC),
//! end-to-end acc@161 km over all gold toponyms with coordinates, and focus-country top-1.
//! Offsets here are Unicode code points, as in the gold files; [`predictions`] converts.

use std::collections::{HashMap, HashSet};

use news_core::GeographyAnnotation;

pub const MAX_KM: f64 = 20039.0;
const R_KM: f64 = 6371.0088;

/// A toponym span in code points, with its point when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Toponym {
    pub start: usize,
    pub end: usize,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// GeoWebNews type, for `exclude_types`.
    pub kind: Option<String>,
}

/// One article: gold, predictions, and the focus signals.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    pub gold: Vec<Toponym>,
    /// `None`: no prediction for this article.
    pub pred: Option<Vec<Toponym>>,
    /// Gold `countries` (ISO2 → count), when the corpus has them.
    pub countries: HashMap<String, u64>,
    pub focus: Vec<String>,
}

/// The figures of `geo_eval.py`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub articles: usize,
    pub gold: usize,
    pub predicted: usize,
    pub exact: (usize, f64, f64, f64),
    pub overlap: (usize, f64, f64, f64),
    pub resolved: usize,
    pub gold_with_coords: usize,
    pub acc161: f64,
    pub mean_km: f64,
    pub median_km: f64,
    pub auc: f64,
    pub acc161_all_gold: f64,
    pub focus_n: usize,
    pub focus_top1: f64,
}

pub fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R_KM * a.sqrt().min(1.0).asin()
}

fn overlap(a: &Toponym, b: &Toponym) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn match_overlap(gold: &[Toponym], pred: &[Toponym]) -> HashMap<usize, usize> {
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let o = overlap(g, p);
            if o > 0 {
                let d = g.start.abs_diff(p.start) + g.end.abs_diff(p.end);
                pairs.push((std::cmp::Reverse(o), d, gi, pi));
            }
        }
    }
    pairs.sort();
    let (mut ug, mut up, mut m) = (HashSet::new(), HashSet::new(), HashMap::new());
    for (_, _, gi, pi) in pairs {
        if !ug.contains(&gi) && !up.contains(&pi) {
            ug.insert(gi);
            up.insert(pi);
            m.insert(gi, pi);
        }
    }
    m
}

fn prf(tp: usize, np: usize, ng: usize) -> (usize, f64, f64, f64) {
    let p = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
    let r = if ng > 0 { tp as f64 / ng as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (tp, p, r, f)
}

fn auc(errors: &[f64]) -> f64 {
    if errors.len() < 2 {
        return f64::NAN;
    }
    let mut ys: Vec<f64> = errors.iter().map(|e| e.ln_1p()).collect();
    ys.sort_by(f64::total_cmp);
    let area: f64 = ys.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    area / (MAX_KM.ln() * (ys.len() - 1) as f64)
}

/// Scores articles; `exclude` drops gold of these types and predictions overlapping only them.
pub fn evaluate(articles: &[Scored], exclude: &[&str]) -> Metrics {
    let mut m = Metrics { articles: articles.len(), ..Metrics::default() };
    let (mut tp_e, mut tp_o) = (0, 0);
    let mut errors = Vec::new();
    let mut focus_ok = 0;
    for a in articles {
        let is_ex = |t: &Toponym| t.kind.as_deref().is_some_and(|k| exclude.contains(&k));
        let excluded: Vec<&Toponym> = a.gold.iter().filter(|t| is_ex(t)).collect();
        let gold: Vec<Toponym> = a.gold.iter().filter(|t| !is_ex(t)).cloned().collect();
        let mut pred = Vec::new();
        let mut seen = HashSet::new();
        for p in a.pred.iter().flatten() {
            if !seen.insert((p.start, p.end)) {
                continue;
            }
            if excluded.iter().any(|x| overlap(p, x) > 0) && !gold.iter().any(|g| overlap(p, g) > 0) {
                continue;
            }
            pred.push(p.clone());
        }
        if !a.countries.is_empty() && a.pred.is_some() {
            let top = a.countries.values().copied().max().unwrap_or(0);
            m.focus_n += 1;
            if a.focus.first().is_some_and(|c| a.countries.get(c) == Some(&top)) {
                focus_ok += 1;
            }
        }
        m.gold += gold.len();
        m.predicted += pred.len();
        let mut by_span = HashMap::new();
        for (pi, p) in pred.iter().enumerate() {
            by_span.entry((p.start, p.end)).or_insert(pi);
        }
        tp_e += gold.iter().filter(|g| by_span.contains_key(&(g.start, g.end))).count();
        let mo = match_overlap(&gold, &pred);
        tp_o += mo.len();
        for (gi, g) in gold.iter().enumerate() {
            let (Some(glat), Some(glon)) = (g.lat, g.lon) else { continue };
            m.gold_with_coords += 1;
            if let Some(&pi) = mo.get(&gi) {
                errors.push(match (pred[pi].lat, pred[pi].lon) {
                    (Some(plat), Some(plon)) => haversine(glat, glon, plat, plon),
                    _ => MAX_KM,
                });
            }
        }
    }
    m.exact = prf(tp_e, m.predicted, m.gold);
    m.overlap = prf(tp_o, m.predicted, m.gold);
    m.resolved = errors.len();
    let within = errors.iter().filter(|&&e| e <= 161.0).count();
    if !errors.is_empty() {
        m.acc161 = within as f64 / errors.len() as f64;
        m.mean_km = errors.iter().sum::<f64>() / errors.len() as f64;
        let mut s = errors.clone();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        m.median_km = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 };
    } else {
        m.mean_km = f64::NAN;
        m.median_km = f64::NAN;
    }
    m.auc = auc(&errors);
    if m.gold_with_coords > 0 {
        m.acc161_all_gold = within as f64 / m.gold_with_coords as f64;
    }
    if m.focus_n > 0 {
        m.focus_top1 = f64::from(focus_ok) / m.focus_n as f64;
    }
    m
}

/// The predicted toponyms of an annotation (place mentions and demonyms), in code points.
pub fn predictions(text: &str, ann: &GeographyAnnotation) -> Vec<Toponym> {
    let mut out = Vec::new();
    for p in &ann.places {
        for s in p.mentions.iter().chain(&p.demonyms) {
            let (Some(before), Some(inside)) = (text.get(..s.start), text.get(s.start..s.end)) else {
                continue;
            };
            let start = before.chars().count();
            out.push(Toponym {
                start,
                end: start + inside.chars().count(),
                lat: Some(p.lat),
                lon: Some(p.lon),
                kind: None,
            });
        }
    }
    out.sort_by_key(|t| (t.start, t.end));
    out
}

impl Metrics {
    /// The report, in `geo_eval.py`'s layout.
    pub fn report(&self) -> String {
        let mut s = format!(
            "articles {}, gold toponyms {}, predicted {}\n\
             recognition exact   P {:.3} R {:.3} F1 {:.3}\n\
             recognition overlap P {:.3} R {:.3} F1 {:.3}\n\
             resolution (overlap-matched, n={} of {} gold with coords): acc@161km {:.3}  mean {:.0} km  \
             median {:.1} km  AUC {:.3}\n\
             end-to-end acc@161km over all gold with coords: {:.3}",
            self.articles,
            self.gold,
            self.predicted,
            self.exact.1,
            self.exact.2,
            self.exact.3,
            self.overlap.1,
            self.overlap.2,
            self.overlap.3,
            self.resolved,
            self.gold_with_coords,
            self.acc161,
            self.mean_km,
            self.median_km,
            self.auc,
            self.acc161_all_gold
        );
        if self.focus_n > 0 {
            s.push_str(&format!(
                "\nfocus country top-1 accuracy: {:.3} (n={})",
                self.focus_top1, self.focus_n
            ));
        }
        s
    }
}
