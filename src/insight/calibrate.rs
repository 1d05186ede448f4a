//! Threshold calibration from labelled faces.
//!
//! Every pair of labelled faces is a trial: same identity or not, and their descriptor
//! distance. From all pairs we report, at the cutoffs 0.30, 0.35, ..., 0.70, the
//! confusion counts with precision, recall, accuracy and F1; the exact ROC AUC; the
//! largest cutoff whose precision still reaches a target (largest, because among the
//! cutoffs that are precise enough it is the one that finds the most matches); a text
//! table, an SVG plot; and a fitted [`ConfidenceModel`] that turns a distance into
//! P(same person).
//!
//! Memory: only the distances are kept (4 bytes a pair, split by class), so 5,000
//! labelled faces (12.5 M pairs) need about 50 MB.

use serde::{Deserialize, Serialize};

use super::{is_match, LabelledFace};
use crate::error::{Error, Result};
use crate::face::distance;

/// The cutoffs of the calibration table: 0.30 to 0.70 in steps of 0.05 (built from
/// integers so that 0.70 is really included).
pub fn cutoff_grid() -> Vec<f32> {
    (30..=70).step_by(5).map(|c| c as f32 / 100.0).collect()
}

/// Distances of all labelled pairs, split by class and sorted ascending.
#[derive(Debug, Clone, Default)]
pub struct PairDistances {
    /// Pairs of the same identity.
    pub same: Vec<f32>,
    /// Pairs of different identities.
    pub different: Vec<f32>,
}

impl PairDistances {
    /// All unordered pairs of `faces`. Non-finite distances (a corrupt descriptor) are
    /// dropped rather than poisoning the sort.
    pub fn from_faces(faces: &[LabelledFace]) -> Self {
        let mut out = PairDistances::default();
        for (i, a) in faces.iter().enumerate() {
            for b in &faces[i + 1..] {
                let d = distance(&a.descriptor, &b.descriptor);
                if !d.is_finite() {
                    continue;
                }
                if a.identity == b.identity {
                    out.same.push(d);
                } else {
                    out.different.push(d);
                }
            }
        }
        out.same.sort_by(f32::total_cmp);
        out.different.sort_by(f32::total_cmp);
        out
    }

    /// Confusion counts when pairs with `distance < cutoff` are called "same".
    pub fn confusion(&self, cutoff: f32) -> Confusion {
        let tp = self.same.partition_point(|&d| is_match(d, cutoff)) as u64;
        let fp = self.different.partition_point(|&d| is_match(d, cutoff)) as u64;
        Confusion {
            tp,
            fp,
            tn: self.different.len() as u64 - fp,
            fn_: self.same.len() as u64 - tp,
        }
    }
}

/// Confusion counts of a same/different decision over pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Confusion {
    pub tp: u64,
    pub fp: u64,
    pub tn: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl Confusion {
    /// TP / (TP + FP); `None` when nothing was called "same".
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
    /// TP / (TP + FN); `None` when there are no same-identity pairs.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// (TP + TN) / all; `None` when there are no pairs.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.tp + self.tn, self.tp + self.fp + self.tn + self.fn_)
    }
    /// Harmonic mean of precision and recall, computed as 2TP / (2TP + FP + FN);
    /// `None` when it is 0/0.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

/// One row of the calibration table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CutoffRow {
    pub cutoff: f32,
    pub counts: Confusion,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub accuracy: Option<f64>,
    pub f1: Option<f64>,
}

impl CutoffRow {
    pub fn at(pairs: &PairDistances, cutoff: f32) -> Self {
        let counts = pairs.confusion(cutoff);
        CutoffRow {
            cutoff,
            counts,
            precision: counts.precision(),
            recall: counts.recall(),
            accuracy: counts.accuracy(),
            f1: counts.f1(),
        }
    }
}

/// Exact ROC AUC of "smaller distance means same person": the probability that a
/// random same-identity pair is closer than a random different-identity pair, ties
/// counted as one half (the Mann-Whitney statistic). `None` without both classes.
pub fn roc_auc(pairs: &PairDistances) -> Option<f64> {
    let (s, d) = (&pairs.same, &pairs.different);
    if s.is_empty() || d.is_empty() {
        return None;
    }
    // Both lists are sorted: for each different-pair distance, count the same-pair
    // distances strictly below it and equal to it with two moving cursors.
    let (mut below, mut upto) = (0usize, 0usize);
    let mut wins = 0.0f64;
    for &x in d {
        while below < s.len() && s[below] < x {
            below += 1;
        }
        upto = upto.max(below);
        while upto < s.len() && s[upto] <= x {
            upto += 1;
        }
        wins += below as f64 + 0.5 * (upto - below) as f64;
    }
    Some(wins / (s.len() as f64 * d.len() as f64))
}

/// A cutoff found for a target precision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetCutoff {
    pub target_precision: f64,
    /// The cutoff to use with the `distance < cutoff` rule.
    pub cutoff: f32,
    pub precision: f64,
    pub recall: f64,
}

/// The LARGEST cutoff at which precision is still >= `target`, searched over every
/// distinct pair distance (not only the grid). Precision is not monotone in the cutoff,
/// so this is the last point of the precision curve at or above the target; it gives
/// the highest recall among the cutoffs that meet the target. The returned cutoff
/// lies midway between the last distance it accepts and the next distinct distance
/// (or 0.005 above the largest distance). `None` if no cutoff accepting at least one
/// pair reaches the target.
pub fn largest_cutoff_for_precision(pairs: &PairDistances, target: f64) -> Option<TargetCutoff> {
    let (s, d) = (&pairs.same, &pairs.different);
    let (mut i, mut j) = (0usize, 0usize);
    let mut best: Option<(f32, usize, usize)> = None; // (last accepted distance, tp, fp)
    while i < s.len() || j < d.len() {
        let v = match (s.get(i), d.get(j)) {
            (Some(&a), Some(&b)) => a.min(b),
            (Some(&a), None) => a,
            (None, Some(&b)) => b,
            (None, None) => break,
        };
        while i < s.len() && s[i] <= v {
            i += 1;
        }
        while j < d.len() && d[j] <= v {
            j += 1;
        }
        if i > 0 && i as f64 / (i + j) as f64 >= target {
            best = Some((v, i, j));
        }
    }
    let (v, tp, fp) = best?;
    let next = s
        .iter()
        .chain(d.iter())
        .copied()
        .filter(|&x| x > v)
        .fold(f32::INFINITY, f32::min);
    let cutoff = if next.is_finite() {
        (v + next) / 2.0
    } else {
        v + 0.005
    };
    Some(TargetCutoff {
        target_precision: target,
        cutoff,
        precision: tp as f64 / (tp + fp) as f64,
        recall: tp as f64 / s.len() as f64,
    })
}

/// P(same person | distance) as a logistic curve:
/// `p = 1 / (1 + exp(-(alpha + beta * (distance - 0.6))))`.
///
/// The probability is for a balanced question ("are these two the same person?" with
/// no prior preference), not for a random pair of a library, where different-person
/// pairs outnumber same-person pairs by orders of magnitude: the fit weights both
/// classes equally. `beta` is negative (larger distance, less likely the same).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ConfidenceModel {
    pub alpha: f64,
    pub beta: f64,
    /// Where the curve came from: `"lfw-default"` or `"fitted"`.
    pub source: ConfidenceSource,
    /// Pairs behind a fitted curve (0 for the default).
    pub n_pairs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfidenceSource {
    LfwDefault,
    Fitted,
}

/// Centre of the logistic's distance axis (keeps alpha and beta weakly correlated).
const CENTRE: f64 = 0.6;

/// The published LFW precision/recall of this descriptor over all 81.9 M pairs
/// (cutoff, precision, recall), from the shared notes (notes/face-models.md).
const LFW_TABLE: [(f64, f64, f64); 5] = [
    (0.40, 1.00, 0.29),
    (0.45, 0.98, 0.59),
    (0.50, 0.91, 0.84),
    (0.55, 0.71, 0.96),
    (0.60, 0.34, 0.99),
];
/// Same-identity pairs per different-identity pair in that LFW run. The source does not
/// give it; LFW has about 240 k same-person pairs (George W Bush alone: 530 images,
/// 140 k pairs) among 81.9 M, so ~0.0029. A factor-2 error moves the curve's midpoint
/// by about 0.015.
const LFW_SAME_PER_DIFFERENT: f64 = 240e3 / (81.875e6 - 240e3);

impl ConfidenceModel {
    /// The curve used when no labels exist, derived from the LFW table: recall is the
    /// cumulative share of same-person pairs below the cutoff, and
    /// recall * (1 - precision) / precision * same-per-different the share of
    /// different-person pairs; between two table cutoffs the ratio of their increments
    /// is the likelihood ratio, whose logarithm is the balanced logit. A least-squares
    /// line through the four logits gives alpha ~ 1.0, beta ~ -47 (P = 0.5 at ~0.62).
    pub fn lfw_default() -> Self {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        let cum_diff = |p: f64, r: f64| r * (1.0 - p) / p * LFW_SAME_PER_DIFFERENT;
        for w in LFW_TABLE.windows(2) {
            let (c0, p0, r0) = w[0];
            let (c1, p1, r1) = w[1];
            let ds = r1 - r0;
            let dd = cum_diff(p1, r1) - cum_diff(p0, r0);
            xs.push((c0 + c1) / 2.0 - CENTRE);
            ys.push((ds / dd).ln());
        }
        let n = xs.len() as f64;
        let mx = xs.iter().sum::<f64>() / n;
        let my = ys.iter().sum::<f64>() / n;
        let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
        let beta = sxy / sxx;
        ConfidenceModel {
            alpha: my - beta * mx,
            beta,
            source: ConfidenceSource::LfwDefault,
            n_pairs: 0,
        }
    }

    /// P(same person) for a distance.
    pub fn p_same(&self, distance: f32) -> f64 {
        let z = self.alpha + self.beta * (distance as f64 - CENTRE);
        1.0 / (1.0 + (-z).exp())
    }

    /// The distance where P(same) = 0.5.
    pub fn midpoint(&self) -> f64 {
        CENTRE - self.alpha / self.beta
    }

    /// Fits the curve to labelled pairs: logistic regression with both classes weighted
    /// equally (each class totals half the pairs' weight), and a Gaussian prior centred
    /// on [`Self::lfw_default`] (sd 1.5 on alpha, 15 on beta), so a small or perfectly
    /// separable labelled set gives a finite, sensible curve and a large one dominates
    /// the prior. Distances are binned at 0.0025 first (the fit is then independent of
    /// the number of pairs). Returns the default when a class is missing.
    pub fn fit(pairs: &PairDistances) -> Self {
        let prior = Self::lfw_default();
        let (ns, nd) = (pairs.same.len(), pairs.different.len());
        if ns == 0 || nd == 0 {
            return prior;
        }
        let total = (ns + nd) as f64;
        let (ws, wd) = (total / (2.0 * ns as f64), total / (2.0 * nd as f64));
        // (centred distance, weight, label) per occupied bin.
        let mut bins: Vec<(f64, f64, f64)> = Vec::new();
        for (list, w, y) in [(&pairs.same, ws, 1.0), (&pairs.different, wd, 0.0)] {
            let mut k = 0;
            while k < list.len() {
                let b = (list[k] / 0.0025).floor();
                let start = k;
                while k < list.len() && (list[k] / 0.0025).floor() == b {
                    k += 1;
                }
                let x = (b as f64 + 0.5) * 0.0025 - CENTRE;
                bins.push((x, w * (k - start) as f64, y));
            }
        }
        let (sa, sb) = (1.5f64, 15.0f64);
        let softplus = |z: f64| z.max(0.0) + (-z.abs()).exp().ln_1p();
        let objective = |a: f64, b: f64| {
            let mut v =
                0.5 * ((a - prior.alpha) / sa).powi(2) + 0.5 * ((b - prior.beta) / sb).powi(2);
            for &(x, w, y) in &bins {
                let z = a + b * x;
                v += w * if y > 0.5 { softplus(-z) } else { softplus(z) };
            }
            v
        };
        let (mut a, mut b) = (prior.alpha, prior.beta);
        for _ in 0..100 {
            // Gradient and Hessian of the negative log posterior.
            let (mut ga, mut gb) = ((a - prior.alpha) / (sa * sa), (b - prior.beta) / (sb * sb));
            let (mut haa, mut hab, mut hbb) = (1.0 / (sa * sa), 0.0, 1.0 / (sb * sb));
            for &(x, w, y) in &bins {
                let p = 1.0 / (1.0 + (-(a + b * x)).exp());
                let r = w * (p - y);
                ga += r;
                gb += r * x;
                let v = w * p * (1.0 - p);
                haa += v;
                hab += v * x;
                hbb += v * x * x;
            }
            let det = haa * hbb - hab * hab;
            if !(det.is_finite() && det > 0.0) {
                break;
            }
            let da = (hbb * ga - hab * gb) / det;
            let db = (haa * gb - hab * ga) / det;
            // Plain Newton overshoots on (nearly) separable data: halve the step
            // until the objective decreases.
            let now = objective(a, b);
            let mut t = 1.0;
            while t > 1e-8 && objective(a - t * da, b - t * db) > now {
                t *= 0.5;
            }
            a -= t * da;
            b -= t * db;
            if (t * da).abs() < 1e-9 && (t * db).abs() < 1e-7 {
                break;
            }
        }
        if !(a.is_finite() && b.is_finite()) {
            return prior;
        }
        ConfidenceModel {
            alpha: a,
            beta: b,
            source: ConfidenceSource::Fitted,
            n_pairs: (ns + nd) as u64,
        }
    }
}

impl Default for ConfidenceModel {
    fn default() -> Self {
        Self::lfw_default()
    }
}

/// Everything `kindred calibrate` reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Calibration {
    pub n_faces: usize,
    pub n_identities: usize,
    pub n_same_pairs: usize,
    pub n_different_pairs: usize,
    pub rows: Vec<CutoffRow>,
    pub auc: Option<f64>,
    /// Largest cutoff reaching the target precision, over all distances.
    pub target: Option<TargetCutoff>,
    /// Largest grid cutoff whose precision reaches the target.
    pub target_grid_cutoff: Option<f32>,
    pub confidence: ConfidenceModel,
}

/// Runs the whole calibration on labelled faces.
pub fn run_calibration(faces: &[LabelledFace], target_precision: f64) -> Result<Calibration> {
    if !(0.0..=1.0).contains(&target_precision) {
        return Err(Error::Invalid(format!(
            "target precision {target_precision} is not in [0, 1]"
        )));
    }
    if faces.len() < 2 {
        return Err(Error::Invalid(
            "calibration needs at least two labelled faces".into(),
        ));
    }
    let pairs = PairDistances::from_faces(faces);
    let rows: Vec<CutoffRow> = cutoff_grid()
        .into_iter()
        .map(|c| CutoffRow::at(&pairs, c))
        .collect();
    let target_grid_cutoff = rows
        .iter()
        .filter(|r| r.precision.is_some_and(|p| p >= target_precision))
        .map(|r| r.cutoff)
        .next_back();
    let mut ids: Vec<&str> = faces.iter().map(|f| f.identity.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(Calibration {
        n_faces: faces.len(),
        n_identities: ids.len(),
        n_same_pairs: pairs.same.len(),
        n_different_pairs: pairs.different.len(),
        auc: roc_auc(&pairs),
        target: largest_cutoff_for_precision(&pairs, target_precision),
        target_grid_cutoff,
        confidence: ConfidenceModel::fit(&pairs),
        rows,
    })
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

/// A fixed-width text table of the calibration, with a summary below it.
pub fn table_text(c: &Calibration) -> String {
    let mut s = format!(
        "{} faces, {} identities, {} same-identity pairs, {} different-identity pairs\n",
        c.n_faces, c.n_identities, c.n_same_pairs, c.n_different_pairs
    );
    s.push_str("cutoff      TP      FP      TN      FN  precision  recall  accuracy     F1\n");
    for r in &c.rows {
        let k = r.counts;
        s.push_str(&format!(
            "{:>6.2} {:>7} {:>7} {:>7} {:>7} {:>10} {:>7} {:>9} {:>6}\n",
            r.cutoff,
            k.tp,
            k.fp,
            k.tn,
            k.fn_,
            fmt_opt(r.precision),
            fmt_opt(r.recall),
            fmt_opt(r.accuracy),
            fmt_opt(r.f1)
        ));
    }
    s.push_str(&format!("ROC AUC: {}\n", fmt_opt(c.auc)));
    match &c.target {
        Some(t) => s.push_str(&format!(
            "largest cutoff with precision >= {:.3}: {:.4} (precision {:.3}, recall {:.3})\n",
            t.target_precision, t.cutoff, t.precision, t.recall
        )),
        None => s.push_str("no cutoff reaches the target precision\n"),
    }
    s.push_str(&format!(
        "confidence: P(same) = 0.5 at distance {:.3} ({:?}, alpha {:.3}, beta {:.2})\n",
        c.confidence.midpoint(),
        c.confidence.source,
        c.confidence.alpha,
        c.confidence.beta
    ));
    s
}

/// A standalone SVG line plot of precision and recall against the cutoff.
/// Points where a value is undefined are skipped.
pub fn plot_svg(c: &Calibration) -> String {
    let (w, h) = (480.0f64, 320.0f64);
    let (l, r, t, b) = (50.0, 20.0, 20.0, 45.0);
    let (x0, x1) = (0.30f64, 0.70f64);
    let px = |x: f64| l + (x - x0) / (x1 - x0) * (w - l - r);
    let py = |y: f64| t + (1.0 - y) * (h - t - b);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n"
    );
    for i in 0..=4 {
        let y = i as f64 / 4.0;
        s.push_str(&format!(
            "<line x1=\"{l}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{y:.2}</text>\n",
            w - r,
            py(y),
            py(y),
            l - 4.0,
            py(y) + 4.0
        ));
    }
    for row in &c.rows {
        let x = px(row.cutoff as f64);
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:.2}</text>\n",
            h - b,
            h - b + 4.0,
            h - b + 16.0,
            row.cutoff
        ));
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">distance cutoff</text>\n",
        (l + w - r) / 2.0,
        h - 8.0
    ));
    type Getter = fn(&CutoffRow) -> Option<f64>;
    let series: [(&str, &str, Getter); 2] = [
        ("precision", "#1f77b4", |r| r.precision),
        ("recall", "#d62728", |r| r.recall),
    ];
    for (k, (name, colour, get)) in series.iter().enumerate() {
        let pts: Vec<String> = c
            .rows
            .iter()
            .filter_map(|row| {
                get(row).map(|v| format!("{:.1},{:.1}", px(row.cutoff as f64), py(v)))
            })
            .collect();
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>\n",
            pts.join(" ")
        ));
        let ly = t + 12.0 + 14.0 * k as f64;
        s.push_str(&format!(
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{ly:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\">{name}</text>\n",
            w - r - 90.0,
            w - r - 70.0,
            w - r - 65.0,
            ly + 4.0
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(same: &[f32], different: &[f32]) -> PairDistances {
        let mut p = PairDistances {
            same: same.to_vec(),
            different: different.to_vec(),
        };
        p.same.sort_by(f32::total_cmp);
        p.different.sort_by(f32::total_cmp);
        p
    }

    #[test]
    fn grid_has_nine_cutoffs_ending_at_070() {
        let g = cutoff_grid();
        assert_eq!(g.len(), 9);
        assert_eq!(g[0], 0.30);
        assert_eq!(*g.last().unwrap(), 0.70);
    }

    #[test]
    fn auc_perfect_inverse_and_ties() {
        assert_eq!(roc_auc(&pd(&[0.1, 0.2], &[0.5, 0.6])), Some(1.0));
        assert_eq!(roc_auc(&pd(&[0.5, 0.6], &[0.1, 0.2])), Some(0.0));
        assert_eq!(roc_auc(&pd(&[0.3, 0.3], &[0.3])), Some(0.5));
        // same {0.1, 0.4}, different {0.2, 0.4}: wins = (1) + (1 + 0.5) = 2.5 of 4.
        assert_eq!(roc_auc(&pd(&[0.1, 0.4], &[0.2, 0.4])), Some(0.625));
        assert_eq!(roc_auc(&pd(&[0.1], &[])), None);
    }

    #[test]
    fn largest_cutoff_for_precision_uses_all_distances() {
        // same 0.2 0.3 0.5, different 0.4 0.6: precision 1 up to 0.3, 2/3 at 0.4, 3/4 at 0.5.
        let p = pd(&[0.2, 0.3, 0.5], &[0.4, 0.6]);
        let t = largest_cutoff_for_precision(&p, 1.0).unwrap();
        assert!((t.cutoff - 0.35).abs() < 1e-6);
        assert!((t.recall - 2.0 / 3.0).abs() < 1e-9);
        let t = largest_cutoff_for_precision(&p, 0.75).unwrap();
        assert!((t.cutoff - 0.55).abs() < 1e-6, "{t:?}");
        assert!(largest_cutoff_for_precision(&pd(&[0.5], &[0.1]), 0.9).is_none());
    }

    #[test]
    fn lfw_default_is_near_dlib_threshold() {
        let m = ConfidenceModel::lfw_default();
        assert!(m.beta < -20.0 && m.beta > -100.0, "{m:?}");
        assert!((m.midpoint() - 0.6).abs() < 0.05, "{}", m.midpoint());
        assert!(m.p_same(0.4) > 0.99 && m.p_same(0.8) < 0.01);
    }

    #[test]
    fn fit_follows_data_and_stays_finite_when_separable() {
        // Perfectly separable at 0.45: the prior keeps the slope finite, and the
        // midpoint moves from ~0.62 towards the gap.
        let same: Vec<f32> = (0..200).map(|i| 0.30 + 0.1 * i as f32 / 200.0).collect();
        let diff: Vec<f32> = (0..2000).map(|i| 0.50 + 0.3 * i as f32 / 2000.0).collect();
        let m = ConfidenceModel::fit(&pd(&same, &diff));
        assert_eq!(m.source, ConfidenceSource::Fitted);
        assert!(m.beta.is_finite() && m.beta < 0.0);
        assert!(
            m.midpoint() > 0.40 && m.midpoint() < 0.50,
            "{m:?} {}",
            m.midpoint()
        );
    }
}
