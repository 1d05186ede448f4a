//! Graph clustering by Chinese whispers (Biemann 2006; the method dlib and
//! face_recognition's examples use for faces): faces are nodes, an edge joins two faces
//! closer than `cutoff`, every node starts in its own group and repeatedly takes the
//! group that weighs most among its neighbours. The number of people is not needed, and
//! a face with no edge stays alone, which the minimum group size turns into noise.
//!
//! Deterministic: the visiting order of each pass is a shuffle from a fixed seed, ties go
//! to the smaller label, and passes stop when nothing changes (or after `max_passes`).

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::neighbours::{IndexKind, NeighbourIndex};
use super::{check_input, finish, Clustering, Method, Params};
use crate::error::Result;
use crate::face::Descriptor;

/// Chinese-whispers parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphParams {
    /// Edge when distance < cutoff. Default 0.5, by measurement (weighted, 5,000 synthetic
    /// faces, seeds 1-3): BCubed F1 0.977-0.985 at 0.5, 0.989-0.995 at 0.55, and at 0.6 a
    /// stranger lands inside a group (seeds 2, 3); on the dev faces 0.5 gives BCubed
    /// precision 1.0 / recall 0.91, 0.55 gives 1.0 / 1.0. 0.5 is kept because a split
    /// person is one merge for the user while a false merge is silent, and over thousands
    /// of real people single-pair precision falls from 0.91 at 0.5 to 0.71 at 0.55
    /// (published face_recognition study), a risk our small real set cannot show.
    pub cutoff: f32,
    /// Weigh edges by closeness, `1 - d / cutoff` (plus a small floor), instead of 1.
    /// Default on, for precision: at cutoff 0.5 on synthetic faces BCubed precision is
    /// equal or higher (seed 3: 0.994 vs 0.978) with F1 within 0.01; on the dev faces it
    /// splits one person in two (BCubed recall 0.91 vs 0.97, precision 1.0 both).
    pub weighted: bool,
    /// Most neighbours per face (nearest first) kept as edges.
    pub max_neighbours: usize,
    pub max_passes: usize,
    pub seed: u64,
    /// Minimum group size; `None` = adaptive to library size.
    pub min_group_size: Option<usize>,
    pub index: IndexKind,
    /// Join linked groups (sharing no photo) whose centroids are closer than this:
    /// fragments of one person (see `fragments.rs`). `None`: keep the groups as
    /// Chinese whispers left them. Default 0.35, by measurement (`cargo run --release
    /// --example fragments_eval -- N 1,2,3`, cutoff 0.5): BCubed F1 with / without, 5,000
    /// synthetic faces 0.9771/0.9765, 0.9869/0.9852, 0.9852/0.9852; 20,000 faces
    /// 0.9796/0.9781, 0.9799/0.9784, 0.9777/0.9774, precision unchanged in all six; at
    /// 0.40 look-alikes start to be joined (BCubed precision 0.9909 -> 0.9831, seed 1,
    /// 5,000 faces). On the dev photos it joins the two groups Leonard was split into
    /// (centroids 0.32 apart; the closest two different people are 0.57 apart).
    #[serde(default)]
    pub merge_fragments: Option<f32>,
}

/// Default of [`GraphParams::merge_fragments`].
pub const MERGE_FRAGMENTS: f32 = 0.35;

impl Default for GraphParams {
    fn default() -> Self {
        GraphParams {
            cutoff: 0.5,
            weighted: true,
            max_neighbours: 64,
            max_passes: 50,
            seed: 0x5eed,
            min_group_size: None,
            index: IndexKind::Auto,
            merge_fragments: Some(MERGE_FRAGMENTS),
        }
    }
}

/// Chinese whispers over neighbour lists (`neighbours[i]` excludes i; edges are used in
/// both directions). Returns a label per node (every node has one).
pub fn whispers(
    neighbours: &[Vec<(u32, f32)>],
    cutoff: f32,
    weighted: bool,
    max_passes: usize,
    seed: u64,
) -> Vec<u32> {
    let n = neighbours.len();
    // symmetric adjacency: a capped list may hold j -> i without i -> j
    let mut adj: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    for (i, list) in neighbours.iter().enumerate() {
        for &(j, d) in list {
            let w = if weighted {
                (1.0 - d / cutoff).max(0.0) + 0.05
            } else {
                1.0
            };
            adj[i].push((j, w));
            adj[j as usize].push((i as u32, w));
        }
    }
    for a in adj.iter_mut() {
        a.sort_unstable_by_key(|x| x.0);
        a.dedup_by_key(|x| x.0);
    }
    let mut labels: Vec<u32> = (0..n as u32).collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut score: HashMap<u32, f32> = HashMap::new();
    for _ in 0..max_passes {
        order.shuffle(&mut rng);
        let mut changed = 0usize;
        for &i in &order {
            if adj[i].is_empty() {
                continue;
            }
            score.clear();
            for &(j, w) in &adj[i] {
                *score.entry(labels[j as usize]).or_default() += w;
            }
            let best = score
                .iter()
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(l, _)| *l)
                .expect("non-empty adjacency");
            if best != labels[i] {
                labels[i] = best;
                changed += 1;
            }
        }
        if changed == 0 {
            break;
        }
    }
    labels
}

/// Run Chinese whispers and the shared post-steps.
pub fn chinese_whispers(
    descriptors: &[Descriptor],
    photo: &[i64],
    p: &GraphParams,
) -> Result<Clustering> {
    check_input(descriptors, photo)?;
    if p.cutoff.is_nan() || p.cutoff <= 0.0 {
        return Err(crate::Error::Invalid(
            "graph clustering needs cutoff > 0".into(),
        ));
    }
    let index = NeighbourIndex::build(descriptors, p.index);
    let graph = index.radius_graph(p.cutoff, p.max_neighbours.max(1));
    let mut raw = whispers(&graph, p.cutoff, p.weighted, p.max_passes, p.seed);
    if let Some(t) = p.merge_fragments {
        super::fragments::merge_fragments(descriptors, photo, &graph, &mut raw, t);
    }
    let mut labels: Vec<Option<u32>> = raw.into_iter().map(Some).collect();
    let (moved, min) = finish(descriptors, photo, &mut labels, p.min_group_size, p.cutoff);
    Ok(Clustering {
        labels,
        method: Method::Graph,
        params: Params::Graph(p.clone()),
        centroid_distance: None,
        outlier: None,
        moved_by_photo_rule: moved,
        min_group_size: min,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_and_an_isolated_node() {
        // 0-1-2 clique, 3-4-5 clique, one weak bridge 2-3, node 6 alone
        let e = |v: &[(u32, f32)]| v.to_vec();
        let nb = vec![
            e(&[(1, 0.1), (2, 0.1)]),
            e(&[(2, 0.1)]),
            e(&[(3, 0.45)]),
            e(&[(4, 0.1), (5, 0.1)]),
            e(&[(5, 0.1)]),
            e(&[]),
            e(&[]),
        ];
        let l = whispers(&nb, 0.5, true, 50, 1);
        assert_eq!(l[0], l[1]);
        assert_eq!(l[1], l[2]);
        assert_eq!(l[3], l[4]);
        assert_eq!(l[4], l[5]);
        assert_ne!(l[0], l[3]);
        assert_eq!(l[6], 6);
        assert_eq!(whispers(&nb, 0.5, true, 50, 1), l, "deterministic");
    }
}
