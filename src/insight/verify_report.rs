//! Verification report on a labelled set: accuracy, precision, recall and F1 over all
//! pairs at one cutoff, with the wrong pairs listed (false positives: different people
//! called the same; false negatives: one person called different), worst first, and a
//! standalone HTML page that shows them as picture pairs.

use base64::Engine;
use quick_xml::escape::escape;
use serde::{Deserialize, Serialize};

use super::calibrate::Confusion;
use super::{is_match, LabelledFace};
use crate::error::{Error, Result};
use crate::face::distance;

/// One wrongly decided pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WrongPair {
    pub face_a: i64,
    pub identity_a: String,
    pub face_b: i64,
    pub identity_b: String,
    pub distance: f32,
}

/// The verification result at one cutoff.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerificationReport {
    pub cutoff: f32,
    pub n_faces: usize,
    pub counts: Confusion,
    pub accuracy: Option<f64>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    /// Closest different-identity pairs below the cutoff (at most `max_pairs`).
    pub false_positives: Vec<WrongPair>,
    /// Farthest same-identity pairs at or above the cutoff (at most `max_pairs`).
    pub false_negatives: Vec<WrongPair>,
}

/// Evaluates all pairs of `faces` at `cutoff`, keeping the `max_pairs` worst errors of
/// each kind (ties broken by face ids).
pub fn run_verification(
    faces: &[LabelledFace],
    cutoff: f32,
    max_pairs: usize,
) -> Result<VerificationReport> {
    if !(cutoff.is_finite() && cutoff > 0.0) {
        return Err(Error::Invalid(format!(
            "cutoff {cutoff} must be a positive number"
        )));
    }
    let mut counts = Confusion::default();
    let (mut fps, mut fns) = (Vec::new(), Vec::new());
    for (i, a) in faces.iter().enumerate() {
        for b in &faces[i + 1..] {
            let d = distance(&a.descriptor, &b.descriptor);
            if !d.is_finite() {
                continue;
            }
            let same = a.identity == b.identity;
            let called_same = is_match(d, cutoff);
            let (x, y) = if a.face_id <= b.face_id {
                (a, b)
            } else {
                (b, a)
            };
            let pair = || WrongPair {
                face_a: x.face_id,
                identity_a: x.identity.clone(),
                face_b: y.face_id,
                identity_b: y.identity.clone(),
                distance: d,
            };
            match (same, called_same) {
                (true, true) => counts.tp += 1,
                (false, false) => counts.tn += 1,
                (false, true) => {
                    counts.fp += 1;
                    fps.push(pair());
                }
                (true, false) => {
                    counts.fn_ += 1;
                    fns.push(pair());
                }
            }
        }
    }
    let key = |p: &WrongPair| (p.face_a, p.face_b);
    fps.sort_by(|p, q| p.distance.total_cmp(&q.distance).then(key(p).cmp(&key(q))));
    fns.sort_by(|p, q| q.distance.total_cmp(&p.distance).then(key(p).cmp(&key(q))));
    fps.truncate(max_pairs);
    fns.truncate(max_pairs);
    Ok(VerificationReport {
        cutoff,
        n_faces: faces.len(),
        accuracy: counts.accuracy(),
        precision: counts.precision(),
        recall: counts.recall(),
        f1: counts.f1(),
        counts,
        false_positives: fps,
        false_negatives: fns,
    })
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

/// The report as one standalone HTML file. `crop` returns a face's crop as JPEG bytes
/// (or `None`, shown as a placeholder); crops are embedded as `data:` URIs so the file
/// needs nothing else. All text is escaped.
pub fn render_html(r: &VerificationReport, crop: &dyn Fn(i64) -> Option<Vec<u8>>) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Kindred verification report</title>\n<style>\nbody{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}\n.pair{display:inline-block;margin:6px;padding:6px;border:1px solid #ccc;text-align:center;font-size:12px}\n.pair img,.pair .none{width:112px;height:112px;object-fit:cover;display:inline-block;background:#eee;margin:2px}\n</style></head><body>\n<h1>Verification report</h1>\n",
    );
    let k = r.counts;
    s.push_str(&format!(
        "<p>{} faces, cutoff {:.3} (pairs with distance below the cutoff are called the same person).</p>\n",
        r.n_faces, r.cutoff
    ));
    s.push_str("<table><tr><th>accuracy</th><th>precision</th><th>recall</th><th>F1</th><th>TP</th><th>FP</th><th>TN</th><th>FN</th></tr>\n");
    s.push_str(&format!(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>\n",
        fmt_opt(r.accuracy),
        fmt_opt(r.precision),
        fmt_opt(r.recall),
        fmt_opt(r.f1),
        k.tp,
        k.fp,
        k.tn,
        k.fn_
    ));
    let img = |id: i64| match crop(id) {
        Some(bytes) => format!(
            "<img alt=\"face {id}\" src=\"data:image/jpeg;base64,{}\">",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ),
        None => format!("<span class=\"none\" title=\"no crop for face {id}\"></span>"),
    };
    for (title, explain, pairs, total) in [
        (
            "False positives",
            "different people called the same (closest first)",
            &r.false_positives,
            k.fp,
        ),
        (
            "False negatives",
            "the same person called different (farthest first)",
            &r.false_negatives,
            k.fn_,
        ),
    ] {
        s.push_str(&format!(
            "<h2>{title} ({total})</h2>\n<p>{explain}; {} shown.</p>\n<div>\n",
            pairs.len()
        ));
        for p in pairs {
            s.push_str(&format!(
                "<div class=\"pair\">{}{}<br>{} #{} &#8212; {} #{}<br>distance {:.3}</div>\n",
                img(p.face_a),
                img(p.face_b),
                escape(p.identity_a.as_str()),
                p.face_a,
                escape(p.identity_b.as_str()),
                p.face_b,
                p.distance
            ));
        }
        s.push_str("</div>\n");
    }
    s.push_str("</body></html>\n");
    s
}
