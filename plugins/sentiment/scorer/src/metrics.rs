//! The metrics of `shared/eval/tools/sentiment_eval.py`, computed the same way: Pearson r of
//! predicted vs human scores (rated sets), and 3-class accuracy / macro-F1 / F1pn (targeted sets,
//! and rated sets with gold class = sign outside ±`gold_thr`, predicted class = sign outside
//! ±`pred_thr`).

/// The three classes, in the evaluator's order.
pub const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

/// Class index (0 negative, 1 neutral, 2 positive) of a score with a symmetric threshold.
pub fn score_to_class(x: f64, thr: f64) -> usize {
    if x > thr {
        2
    } else if x < -thr {
        0
    } else {
        1
    }
}

/// Class index of a polarity label, with the evaluator's aliases; `None` when unknown.
pub fn label_to_class(label: &str) -> Option<usize> {
    match label.trim().to_lowercase().as_str() {
        "negative" | "neg" | "-1" | "-1.0" | "2.0" => Some(0),
        "neutral" | "neu" | "neutr" | "0" | "0.0" | "4.0" => Some(1),
        "positive" | "pos" | "1" | "1.0" | "+1" | "6.0" => Some(2),
        _ => None,
    }
}

/// Pearson's r (NaN for fewer than 2 points or a constant series), as the evaluator computes it.
pub fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return f64::NAN;
    }
    let mx = xs[..n].iter().sum::<f64>() / n as f64;
    let my = ys[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return f64::NAN;
    }
    sxy / (sxx * syy).sqrt()
}

/// 3-class scores from gold and predicted class indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Classification {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub f1_pn: f64,
    /// Per class: precision, recall, F1, support.
    pub per_class: [(f64, f64, f64, usize); 3],
    /// `confusion[gold][pred]`.
    pub confusion: [[usize; 3]; 3],
}

/// Accuracy, macro-F1 and F1pn over {negative, neutral, positive}.
pub fn classification(gold: &[usize], pred: &[usize]) -> Classification {
    let mut conf = [[0usize; 3]; 3];
    for (&g, &p) in gold.iter().zip(pred) {
        conf[g.min(2)][p.min(2)] += 1;
    }
    let mut per = [(0.0, 0.0, 0.0, 0usize); 3];
    for c in 0..3 {
        let tp = conf[c][c];
        let fp: usize = (0..3).filter(|&g| g != c).map(|g| conf[g][c]).sum();
        let fn_: usize = (0..3).filter(|&p| p != c).map(|p| conf[c][p]).sum();
        let prec = if tp + fp > 0 { tp as f64 / (tp + fp) as f64 } else { 0.0 };
        let rec = if tp + fn_ > 0 { tp as f64 / (tp + fn_) as f64 } else { 0.0 };
        let f1 = if prec + rec > 0.0 { 2.0 * prec * rec / (prec + rec) } else { 0.0 };
        per[c] = (prec, rec, f1, tp + fn_);
    }
    let n = gold.len().min(pred.len());
    let correct = (0..3).map(|c| conf[c][c]).sum::<usize>();
    Classification {
        n,
        accuracy: if n > 0 { correct as f64 / n as f64 } else { f64::NAN },
        macro_f1: (per[0].2 + per[1].2 + per[2].2) / 3.0,
        f1_pn: (per[0].2 + per[2].2) / 2.0,
        per_class: per,
        confusion: conf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_basics() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!(pearson(&[1.0], &[1.0]).is_nan());
        assert!(pearson(&[1.0, 1.0], &[1.0, 2.0]).is_nan());
    }

    #[test]
    fn macro_f1_of_a_known_confusion() {
        let gold = [0, 0, 1, 1, 2, 2];
        let pred = [0, 1, 1, 1, 2, 0];
        let c = classification(&gold, &pred);
        assert!((c.accuracy - 4.0 / 6.0).abs() < 1e-12);
        // neg P=1/2 R=1/2 F=1/2; neu P=2/3 R=1 F=0.8; pos P=1 R=1/2 F=2/3
        assert!((c.macro_f1 - (0.5 + 0.8 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert_eq!(label_to_class("POS"), Some(2));
        assert_eq!(label_to_class("x"), None);
    }
}
