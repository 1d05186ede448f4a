//! Joining the fragments of one person. Chinese whispers can leave one person in two
//! groups when the links between two halves of their faces are thinner than the links
//! inside each half (different years, glasses or beard, lighting): both groups are dense,
//! linked to each other, and their centroids almost coincide. Different people's
//! groups can be linked too (a look-alike pair of faces), but their centroids stay
//! apart: the centroid averages the scatter of single faces away, so it sits near the
//! person's "true" descriptor.
//!
//! Rule: two groups (of 2 faces or more) that share at least one link and no photo are
//! joined when their centroids are closer than `max_centroid_distance`, closest pair
//! first, the centroid recomputed after each join. On the development faces the one
//! person split in two had centroids 0.32 apart while the closest two different people
//! were 0.57 apart (and 0.26-0.33 is the mean distance of a face to its own group's
//! centroid); see `GraphParams::merge_fragments` for the measured default. Small
//! fragments have noisy centroids: on the 40 single-face dev photos Leonard's 3 + 2
//! split is 0.40 apart and stays split at the default.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::face::{distance, Descriptor, DESCRIPTOR_LEN};

struct Group {
    sum: Vec<f64>,
    n: usize,
    photos: HashSet<i64>,
}

impl Group {
    fn centroid(&self) -> Descriptor {
        std::array::from_fn(|i| (self.sum[i] / self.n as f64) as f32)
    }
}

/// Joins fragment groups of `labels` (in place; a joined group takes the smaller
/// label). `edges[i]` are the graph's neighbours of face i. Returns how many joins were
/// made.
pub(crate) fn merge_fragments(
    descriptors: &[Descriptor],
    photo: &[i64],
    edges: &[Vec<(u32, f32)>],
    labels: &mut [u32],
    max_centroid_distance: f32,
) -> usize {
    let mut groups: BTreeMap<u32, Group> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        let g = groups.entry(l).or_insert_with(|| Group { sum: vec![0.0; DESCRIPTOR_LEN], n: 0, photos: HashSet::new() });
        for (s, v) in g.sum.iter_mut().zip(descriptors[i].iter()) {
            *s += *v as f64;
        }
        g.n += 1;
        g.photos.insert(photo[i]);
    }
    groups.retain(|_, g| g.n >= 2);
    // Pairs of groups with a link between them: the only candidates.
    let mut linked: HashSet<(u32, u32)> = HashSet::new();
    for (i, list) in edges.iter().enumerate() {
        for &(j, _) in list {
            let (a, b) = (labels[i], labels[j as usize]);
            if a != b && groups.contains_key(&a) && groups.contains_key(&b) {
                linked.insert((a.min(b), a.max(b)));
            }
        }
    }
    // Union-find over labels, joining the closest pair that still qualifies each time.
    let mut parent: HashMap<u32, u32> = groups.keys().map(|&l| (l, l)).collect();
    fn root(parent: &HashMap<u32, u32>, mut l: u32) -> u32 {
        while parent[&l] != l {
            l = parent[&l];
        }
        l
    }
    let mut joins = 0;
    loop {
        let mut best: Option<(f32, u32, u32)> = None;
        let mut seen = HashSet::new();
        for &(a, b) in &linked {
            let (ra, rb) = (root(&parent, a), root(&parent, b));
            if ra == rb || !seen.insert((ra.min(rb), ra.max(rb))) {
                continue;
            }
            let (ga, gb) = (&groups[&ra], &groups[&rb]);
            if !ga.photos.is_disjoint(&gb.photos) {
                continue;
            }
            let d = distance(&ga.centroid(), &gb.centroid());
            if d < max_centroid_distance && best.is_none_or(|(bd, ..)| d < bd) {
                best = Some((d, ra.min(rb), ra.max(rb)));
            }
        }
        let Some((_, keep, gone)) = best else { break };
        let g = groups.remove(&gone).expect("root group");
        let k = groups.get_mut(&keep).expect("root group");
        for (s, v) in k.sum.iter_mut().zip(&g.sum) {
            *s += v;
        }
        k.n += g.n;
        k.photos.extend(g.photos);
        parent.insert(gone, keep);
        joins += 1;
    }
    if joins > 0 {
        for l in labels.iter_mut() {
            if parent.contains_key(l) {
                *l = root(&parent, *l);
            }
        }
    }
    joins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f32, k: usize, j: f32) -> Descriptor {
        let mut d = [0.0; DESCRIPTOR_LEN];
        d[0] = x;
        d[k] = j;
        d
    }

    #[test]
    fn joins_linked_groups_with_close_centroids_only() {
        // Group 0 and group 1: one person (centroids 0.1 apart), one link between them.
        // Group 2: someone else, linked to group 1 by a look-alike face but far off.
        let d = vec![at(0.0, 1, 0.2), at(0.0, 2, 0.2), at(0.1, 3, 0.2), at(0.1, 4, 0.2), at(0.9, 5, 0.2), at(0.9, 6, 0.2)];
        let photo = vec![1, 2, 3, 4, 5, 6];
        let mut labels = vec![0, 0, 1, 1, 2, 2];
        let mut edges = vec![Vec::new(); 6];
        edges[1].push((2, 0.3));
        edges[3].push((4, 0.45));
        assert_eq!(merge_fragments(&d, &photo, &edges, &mut labels, 0.4), 1);
        assert_eq!(labels, vec![0, 0, 0, 0, 2, 2]);
    }

    #[test]
    fn never_joins_groups_sharing_a_photo_or_without_a_link() {
        let d = vec![at(0.0, 1, 0.2), at(0.0, 2, 0.2), at(0.1, 3, 0.2), at(0.1, 4, 0.2)];
        let mut edges = vec![Vec::new(); 4];
        edges[1].push((2, 0.3));
        // Faces 0 and 2 are in one photo: two people side by side.
        let mut labels = vec![0, 0, 1, 1];
        assert_eq!(merge_fragments(&d, &[1, 2, 1, 4], &edges, &mut labels, 0.4), 0);
        assert_eq!(labels, vec![0, 0, 1, 1]);
        // No link at all: not a candidate, however close.
        let mut labels = vec![0, 0, 1, 1];
        assert_eq!(merge_fragments(&d, &[1, 2, 3, 4], &vec![Vec::new(); 4], &mut labels, 0.4), 0);
        // A single face is not a group to join (min group size decides its fate).
        let mut labels = vec![0, 0, 0, 1];
        let mut e = vec![Vec::new(); 4];
        e[2].push((3, 0.1));
        assert_eq!(merge_fragments(&d, &[1, 2, 3, 4], &e, &mut labels, 0.4), 0);
    }
}
