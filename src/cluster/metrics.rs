//! Quality of a clustering against known identities: pairwise and BCubed precision,
//! recall and F1, plus counts (clusters, noise) and the stranger rule of the product.
//!
//! Conventions (both for truth and prediction): `None` is a singleton. A predicted `None`
//! is a noise face, which groups with nothing; a true `None` is a face whose person is
//! known to appear once (a stranger). So noise faces add no predicted pairs and count as
//! their own cluster of size 1 in BCubed. With no predicted pairs pairwise precision is
//! 1.0 (nothing wrong was claimed); with no true pairs pairwise recall is 1.0.

use std::collections::HashMap;

use serde::Serialize;

/// Scores of one clustering against the truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quality {
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    /// Predicted groups (labels that are `Some`).
    pub clusters: usize,
    /// Faces predicted as noise / unknown.
    pub noise: usize,
    /// Faces whose person appears once (true singleton) but that were put inside a
    /// predicted group of two or more: the product rule says this must be 0.
    pub singletons_in_groups: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn pairs(n: usize) -> u64 {
    (n as u64) * (n as u64).saturating_sub(1) / 2
}

/// Group key of a face: (has a label, label or face index).
type Key = (bool, u64);

/// Turn `None` into unique singleton keys so that every face has a group key.
fn keys(labels: &[Option<u32>]) -> Vec<Key> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| match l {
            Some(x) => (true, *x as u64),
            None => (false, i as u64),
        })
        .collect()
}

/// Score `pred` against `truth` (same length; see module docs for `None`).
/// Returns `None` if the lengths differ or both are empty.
pub fn evaluate(truth: &[Option<u32>], pred: &[Option<u32>]) -> Option<Quality> {
    if truth.len() != pred.len() || truth.is_empty() {
        return None;
    }
    let n = truth.len();
    let t = keys(truth);
    let p = keys(pred);
    let mut class_size: HashMap<Key, usize> = HashMap::new();
    let mut cluster_size: HashMap<Key, usize> = HashMap::new();
    let mut joint: HashMap<(Key, Key), usize> = HashMap::new();
    for i in 0..n {
        *class_size.entry(t[i]).or_default() += 1;
        *cluster_size.entry(p[i]).or_default() += 1;
        *joint.entry((t[i], p[i])).or_default() += 1;
    }
    let tp: u64 = joint.values().map(|&c| pairs(c)).sum();
    let pred_pairs: u64 = cluster_size.values().map(|&c| pairs(c)).sum();
    let true_pairs: u64 = class_size.values().map(|&c| pairs(c)).sum();
    let pp = if pred_pairs == 0 {
        1.0
    } else {
        tp as f64 / pred_pairs as f64
    };
    let pr = if true_pairs == 0 {
        1.0
    } else {
        tp as f64 / true_pairs as f64
    };

    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let both = joint[&(t[i], p[i])] as f64;
        bp += both / cluster_size[&p[i]] as f64;
        br += both / class_size[&t[i]] as f64;
    }
    bp /= n as f64;
    br /= n as f64;

    let clusters = cluster_size.keys().filter(|k| k.0).count();
    let noise = pred.iter().filter(|l| l.is_none()).count();
    let singletons_in_groups = (0..n)
        .filter(|&i| class_size[&t[i]] == 1 && cluster_size[&p[i]] >= 2)
        .count();
    Some(Quality {
        pairwise_precision: pp,
        pairwise_recall: pr,
        pairwise_f1: f1(pp, pr),
        bcubed_precision: bp,
        bcubed_recall: br,
        bcubed_f1: f1(bp, br),
        clusters,
        noise,
        singletons_in_groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect() {
        let t = [Some(1), Some(1), Some(2), None];
        let q = evaluate(&t, &[Some(7), Some(7), Some(3), None]).unwrap();
        assert!(close(q.pairwise_f1, 1.0) && close(q.bcubed_f1, 1.0));
        assert_eq!((q.clusters, q.noise, q.singletons_in_groups), (2, 1, 0));
    }

    #[test]
    fn hand_computed() {
        // truth: A A A B B ; pred: x x y y y
        let a = Some(0);
        let b = Some(1);
        let t = [a, a, a, b, b];
        let p = [Some(0), Some(0), Some(1), Some(1), Some(1)];
        let q = evaluate(&t, &p).unwrap();
        // predicted pairs: 1 + 3 = 4, true positives: (0,1) and (3,4) = 2, true pairs 3 + 1 = 4
        assert!(close(q.pairwise_precision, 0.5));
        assert!(close(q.pairwise_recall, 0.5));
        // BCubed precision per face: 1, 1, 1/3, 2/3, 2/3 -> 11/3 / 5
        assert!(close(q.bcubed_precision, 11.0 / 15.0));
        // BCubed recall per face: 2/3, 2/3, 1/3, 1, 1 -> 11/3 / 5
        assert!(close(q.bcubed_recall, 11.0 / 15.0));
    }

    #[test]
    fn noise_is_singleton_and_strangers_counted() {
        let t = [Some(0), Some(0), None, None];
        // everything noise: precision 1 by convention, recall 0 pairwise
        let q = evaluate(&t, &[None; 4]).unwrap();
        assert!(close(q.pairwise_precision, 1.0) && close(q.pairwise_recall, 0.0));
        assert!(close(q.bcubed_precision, 1.0));
        assert!(close(q.bcubed_recall, 0.75)); // 1/2, 1/2, 1, 1
                                               // a stranger pulled into the group
        let q = evaluate(&t, &[Some(0), Some(0), Some(0), None]).unwrap();
        assert_eq!(q.singletons_in_groups, 1);
        assert!(close(q.pairwise_precision, 1.0 / 3.0));
        assert!(evaluate(&t, &[None]).is_none());
    }
}
