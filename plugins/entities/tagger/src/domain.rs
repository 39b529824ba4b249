//! The document's domain: edited news-like text, or web text (forums, reviews, e-mail, blogs),
//! chosen per document from cheap surface statistics by a small logistic regression trained on
//! the training corpora's documents (CoNLL-2003 news against UNER English-EWT web text). The
//! tagger uses it to pick the weight fold of the domain ([`crate::tagger::Tagger::tag`]).
//!
//! The statistics are shares (of sentences or tokens) and the log length, on the tokenization
//! at hand: they read the same on the files' tokens and on the plugin's own.

use std::ops::Range;

/// Number of document statistics.
pub const NDF: usize = 15;

/// Names of the statistics (for reports).
pub const NAMES: [&str; NDF] = [
    "lowercase sentence starts",
    "sentences without capitals",
    "first/second person outside quotes",
    "contractions",
    "lowercase i",
    "tokens with digits",
    "all-caps words",
    "! and ?",
    "e-mail/web markers",
    "log tokens",
    "sentence length",
    "capitalised mid-sentence",
    "reporting verbs",
    "emphasis and smileys",
    "quoted sentences",
];

fn is_contraction(l: &str) -> bool {
    let l = l.trim_start_matches(['\'', '’']);
    matches!(l, "m" | "ve" | "ll" | "re" | "d" | "nt" | "t")
        || l.ends_with("n't")
        || l.ends_with("n’t")
        || l.ends_with("'m")
        || l.ends_with("’m")
        || l.ends_with("'ve")
        || l.ends_with("'ll")
        || l.ends_with("'re")
        || matches!(l, "dont" | "cant" | "didnt" | "doesnt" | "im" | "ive" | "thats" | "isnt" | "wont")
}

/// The statistics of one document: `tokens`, split into `sentences`.
#[must_use]
pub fn features(tokens: &[&str], sentences: &[Range<usize>]) -> [f32; NDF] {
    let mut f = [0f32; NDF];
    let (mut n_sent, mut n_tok, mut n_alpha, mut n_mid) = (0f32, 0f32, 0f32, 0f32);
    let mut lower = String::new();
    for r in sentences {
        let Some(toks) = tokens.get(r.clone()) else { continue };
        if toks.is_empty() {
            continue;
        }
        n_sent += 1.0;
        // A sentence with a quotation mark or a reporting verb: its first person is a quote's.
        let quoted = toks.iter().any(|t| {
            matches!(*t, "\"" | "“" | "”" | "``" | "''" | "«" | "»")
                || ["said", "says", "told"].iter().any(|v| t.eq_ignore_ascii_case(v))
        });
        if quoted {
            f[14] += 1.0;
        }
        let mut first_alpha = true;
        let mut any_upper = false;
        let mut any_alpha = false;
        for (k, t) in toks.iter().enumerate() {
            n_tok += 1.0;
            let first = t.chars().next().unwrap_or(' ');
            let alpha = first.is_alphabetic();
            lower.clear();
            if t.is_ascii() {
                // The same as the Unicode mapping below for ASCII, without its per-char cost.
                lower.push_str(t);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(t.chars().flat_map(char::to_lowercase));
            }
            if t.chars().any(|c| c.is_ascii_digit()) {
                f[5] += 1.0;
            }
            if *t == "!" || *t == "?" || t.starts_with("!!") || t.starts_with("??") {
                f[7] += 1.0;
            }
            if t.contains('@')
                || lower.starts_with("http")
                || lower.starts_with("www.")
                || lower.ends_with(".com")
            {
                f[8] += 1.0;
            }
            if matches!(*t, ":)" | ":(" | ":-)" | ";)" | ":D" | "..." | "!!!" | "lol" | "LOL") {
                f[13] += 1.0;
            }
            if is_contraction(&lower) {
                f[3] += 1.0;
            }
            if !alpha {
                continue;
            }
            n_alpha += 1.0;
            any_alpha = true;
            if t.chars().any(char::is_uppercase) {
                any_upper = true;
            }
            if first_alpha {
                first_alpha = false;
                if first.is_lowercase() {
                    f[0] += 1.0;
                }
            } else if k > 0 {
                n_mid += 1.0;
                if first.is_uppercase() && t.chars().skip(1).any(char::is_lowercase) {
                    f[11] += 1.0;
                }
            }
            if !quoted
                && matches!(
                    lower.as_str(),
                    "i" | "me" | "my" | "mine" | "myself" | "you" | "your" | "yours" | "u" | "i'm"
                )
            {
                f[2] += 1.0;
            }
            if *t == "i" {
                f[4] += 1.0;
            }
            if t.chars().count() >= 2
                && !t.chars().any(char::is_lowercase)
                && t.chars().all(char::is_alphabetic)
            {
                f[6] += 1.0;
            }
            if matches!(lower.as_str(), "said" | "says" | "told" | "according") {
                f[12] += 1.0;
            }
        }
        if any_alpha && !any_upper {
            f[1] += 1.0;
        }
    }
    let (s, t, a) = (n_sent.max(1.0), n_tok.max(1.0), n_alpha.max(1.0));
    f[0] /= s;
    f[1] /= s;
    f[14] /= s;
    for i in [2, 4, 6, 12] {
        f[i] /= a;
    }
    for i in [3, 5, 7, 8, 13] {
        f[i] /= t;
    }
    f[11] /= n_mid.max(1.0);
    f[9] = (1.0 + n_tok).ln() / 10.0;
    f[10] = (n_tok / s / 50.0).min(2.0);
    f
}

/// A logistic regression over the statistics: the probability that a document is web text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Classifier {
    pub mean: [f32; NDF],
    pub scale: [f32; NDF],
    pub w: [f32; NDF],
    pub bias: f32,
    /// Web text when the probability is at least this.
    pub threshold: f32,
}

impl Classifier {
    /// Probability that a document with statistics `f` is web text.
    #[must_use]
    pub fn prob(&self, f: &[f32; NDF]) -> f32 {
        let mut z = self.bias;
        for (((w, x), m), s) in self.w.iter().zip(f).zip(&self.mean).zip(&self.scale) {
            z += w * (x - m) * s;
        }
        1.0 / (1.0 + (-z).exp())
    }

    /// Whether the document is web text.
    #[must_use]
    pub fn is_web(&self, tokens: &[&str], sentences: &[Range<usize>]) -> bool {
        self.prob(&features(tokens, sentences)) >= self.threshold
    }

    /// Trains on `(statistics, is web)` examples: standardized inputs, L2-regularized
    /// logistic loss, full-batch gradient descent (deterministic), classes weighted equally.
    #[must_use]
    pub fn train(examples: &[([f32; NDF], bool)], l2: f32, threshold: f32) -> Classifier {
        let n = examples.len().max(1) as f32;
        let mut mean = [0f32; NDF];
        for (x, _) in examples {
            for i in 0..NDF {
                mean[i] += x[i] / n;
            }
        }
        let mut var = [0f32; NDF];
        for (x, _) in examples {
            for i in 0..NDF {
                var[i] += (x[i] - mean[i]).powi(2) / n;
            }
        }
        let scale = var.map(|v| if v > 1e-12 { 1.0 / v.sqrt() } else { 0.0 });
        let pos = examples.iter().filter(|e| e.1).count().max(1) as f32;
        let neg = (examples.len() as f32 - pos).max(1.0);
        let mut c = Classifier { mean, scale, w: [0.0; NDF], bias: 0.0, threshold };
        let lr = 0.5f32;
        for _ in 0..2000 {
            let mut gw = [0f32; NDF];
            let mut gb = 0f32;
            for (x, y) in examples {
                let p = c.prob(x);
                let (t, wt) = if *y { (1.0, 0.5 / pos) } else { (0.0, 0.5 / neg) };
                let g = (p - t) * wt;
                gb += g;
                for (((gw, x), m), s) in gw.iter_mut().zip(x).zip(&mean).zip(&scale) {
                    *gw += g * (x - m) * s;
                }
            }
            for (w, g) in c.w.iter_mut().zip(gw) {
                *w -= lr * (g + l2 * *w);
            }
            c.bias -= lr * gb;
        }
        c
    }

    /// Serialized: mean, scale, weights, bias, threshold as `f32`.
    pub fn write(&self, out: &mut Vec<u8>) {
        for v in self.mean.iter().chain(&self.scale).chain(&self.w).chain([&self.bias, &self.threshold]) {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Reads [`Self::write`]'s output from `b` (exactly `Self::BYTES` bytes).
    #[must_use]
    pub fn read(b: &[u8]) -> Option<Classifier> {
        if b.len() != Self::BYTES {
            return None;
        }
        let v: Vec<f32> = b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let arr = |k: usize| {
            let mut a = [0f32; NDF];
            a.copy_from_slice(&v[k * NDF..(k + 1) * NDF]);
            a
        };
        Some(Classifier {
            mean: arr(0),
            scale: arr(1),
            w: arr(2),
            bias: v[3 * NDF],
            threshold: v[3 * NDF + 1],
        })
    }

    /// Size of the serialized form.
    pub const BYTES: usize = (3 * NDF + 2) * 4;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_and_round_trip() {
        let web: Vec<&str> = "i do n't know , my friend lol".split(' ').collect();
        let news: Vec<&str> = "Germany 's Foreign Minister said on Monday that 12 talks".split(' ').collect();
        let (sw, sn) = (
            std::iter::once(0..web.len()).collect::<Vec<_>>(),
            std::iter::once(0..news.len()).collect::<Vec<_>>(),
        );
        let fw = features(&web, &sw);
        let fnw = features(&news, &sn);
        assert!(fw[0] > 0.5 && fw[1] > 0.5 && fw[2] > 0.0 && fw[3] > 0.0 && fw[4] > 0.0);
        assert!(fnw[0] < 0.5 && fnw[5] > 0.0 && fnw[11] > 0.0);
        let ex = vec![(fw, true), (fnw, false)];
        let c = Classifier::train(&ex, 0.01, 0.5);
        assert!(c.is_web(&web, &sw));
        assert!(!c.is_web(&news, &sn));
        let mut b = Vec::new();
        c.write(&mut b);
        assert_eq!(Classifier::read(&b), Some(c));
        assert!(features(&[], &[]).iter().all(|x| x.is_finite()));
    }
}
