//! The default grouping: average-linkage agglomerative clustering that does not chain.
//!
//! Chinese whispers and DBSCAN join two faces when one link between them is short
//! enough, so at library scale one look-alike pair welds two people together, and a run
//! of look-alikes (people whose descriptors crowd together, as dlib's do for some
//! populations) becomes one group of five men. Here a group grows only when the faces
//! being joined are close *on average*, and a few more rules keep groups honest:
//!
//! 1. **Average linkage with a size-aware cutoff.** Two groups of `a` and `b` faces join
//!    when the mean distance over their `a * b` pairs is below
//!    `group_cutoff - (group_cutoff - pair_cutoff) / sqrt(a * b)`: a lone pair needs a
//!    strong link (`pair_cutoff`), a face joining a group of twenty may sit a little
//!    farther, since twenty distances say more than one. The closest pair (by how far
//!    it is below its cutoff) joins first.
//! 2. **Crowded neighbourhoods count for less.** A face's local density is its distance
//!    to its `density_rank`-th nearest face. Where faces crowd closer than in a typical
//!    library (`density_reference`), distances are stretched by up to
//!    `max_density_factor`; they are never shrunk, so sparse libraries and small ones
//!    keep plain distances. The cap bounds what a person with thousands of faces (whose
//!    nearest faces are all their own) can lose.
//! 3. **Centroids must agree.** Two groups of two or more join only when their centroids
//!    are closer than `merge_centroid`, and a face joins a group only when it is closer
//!    than `join_centroid` to the group's centroid (both in the density-stretched scale).
//! 4. **A group stays tight.** The mean distance over all pairs inside the joined group
//!    must stay below `max_group_spread`: a blob of mutually half-similar strangers never
//!    becomes a group, however it is assembled.
//! 5. **One face per photo.** Groups holding faces of one photo never join. A join a
//!    rule refused stays refused for the groups those two become.
//!
//! Groups of two are people too when their link is strong (a cousin seen twice): the
//! minimum group size is 2 unless the user sets one.
//!
//! Scale: candidates are the groups linked by the `neighbours` nearest faces of each
//! face (the neighbour index), mean distances are exact sums kept per pair of linked
//! groups and added when groups join (Lance-Williams); a pair first met when both
//! groups are large is estimated from their centroids and spreads.
//!
//! Defaults chosen on real faces (`kindred eval`, see README "Grouping"), lfw-dev (1,000
//! people, 700 seen once) and devfaces, and kept round: the same values serve both.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::neighbours::{IndexKind, NeighbourIndex};
use super::{check_input, finish, Clustering, Method, Params};
use crate::error::{Error, Result};
use crate::face::{distance, Descriptor};

/// Average-linkage parameters (see the module docs for what each rule does).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkageParams {
    /// Cutoff of the mean distance for two single faces.
    pub pair_cutoff: f32,
    /// Cutoff of the mean distance approached as groups grow.
    pub group_cutoff: f32,
    /// Largest centroid distance at which two groups (2+ faces each) join.
    pub merge_centroid: f32,
    /// Largest distance of a face to a group's centroid at which it joins the group.
    pub join_centroid: f32,
    /// Largest mean distance over the pairs inside a group.
    pub max_group_spread: f32,
    /// Rank of the neighbour whose distance measures local density.
    pub density_rank: usize,
    /// Density (distance to the `density_rank`-th face) of a typical library; denser
    /// neighbourhoods are stretched.
    pub density_reference: f32,
    /// Most a distance is stretched in a dense neighbourhood.
    pub max_density_factor: f32,
    /// Nearest faces per face considered as candidates.
    pub neighbours: usize,
    pub index: IndexKind,
    /// Minimum group size; `None` = 2.
    pub min_group_size: Option<usize>,
}

impl Default for LinkageParams {
    fn default() -> Self {
        // Chosen on the unflipped descriptors (0.47, 0.62, 0.42, 0.47, 0.5, 0.63), then
        // scaled by 0.96 for flip-averaged ones, whose distances are shorter (at a
        // false-match rate of 1e-4 the cutoff moves from 0.474 to 0.461) and rounded:
        // see README "Grouping" for the figures.
        LinkageParams {
            pair_cutoff: 0.45,
            group_cutoff: 0.6,
            merge_centroid: 0.405,
            join_centroid: 0.45,
            max_group_spread: 0.48,
            density_rank: 50,
            density_reference: 0.605,
            max_density_factor: 1.2,
            neighbours: 64,
            index: IndexKind::Auto,
            min_group_size: None,
        }
    }
}

/// Neighbours farther than this are never candidates (and a face with fewer than
/// `density_rank` faces within it lives in a sparse place: no stretching).
const NEIGHBOUR_RADIUS: f32 = 0.8;

/// Pairs of groups with at most this many face pairs get exact sums when first met;
/// larger ones are estimated from centroids and spreads.
const EXACT_PAIRS: usize = 64;

/// Most linked groups a group keeps after a join (see `State::join`).
const MAX_LINKED_GROUPS: usize = 128;

struct Group {
    members: Vec<u32>,
    photos: HashSet<i64>,
    sum: Vec<f64>,
    sq_norms: f64,
    /// `sum / n` and the mean squared distance of the members to it, kept up to date.
    centroid: Vec<f32>,
    variance: f64,
    /// Sum of the members' density distances.
    rho: f64,
    /// Sum of the members' centroid scales (see `scale`).
    scale: f64,
    /// Sum and count of the (stretched) distances inside the group.
    intra: f64,
    intra_pairs: f64,
    version: u32,
}

impl Group {
    fn n(&self) -> f64 {
        self.members.len() as f64
    }

    fn centroid_distance(&self, other: &Group) -> f64 {
        self.centroid.iter().zip(&other.centroid).map(|(a, b)| (a - b) * (a - b)).sum::<f32>().sqrt() as f64
    }

    /// Recomputes `centroid` and `variance` from the sums.
    fn refresh(&mut self) {
        let n = self.n();
        self.centroid = self.sum.iter().map(|s| (s / n) as f32).collect();
        let mean_sq: f64 = self.sum.iter().map(|s| (s / n).powi(2)).sum();
        self.variance = (self.sq_norms / n - mean_sq).max(0.0);
    }
}

#[derive(Clone, Copy)]
struct Link {
    /// Sum of the stretched distances over all face pairs of the two groups.
    sum: f64,
    forbidden: bool,
}

/// A candidate join, smallest margin first.
struct Candidate {
    margin: f64,
    a: u32,
    b: u32,
    va: u32,
    vb: u32,
}

impl PartialEq for Candidate {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Candidate {
    /// Reversed, so that `BinaryHeap` pops the smallest margin (ties: smaller ids).
    fn cmp(&self, o: &Self) -> Ordering {
        o.margin.total_cmp(&self.margin).then(o.a.cmp(&self.a)).then(o.b.cmp(&self.b))
    }
}

fn key(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

struct State<'a> {
    p: &'a LinkageParams,
    descriptors: &'a [Descriptor],
    rho: Vec<f32>,
    groups: Vec<Option<Group>>,
    links: HashMap<(u32, u32), Link>,
    nbrs: Vec<Vec<u32>>,
    heap: BinaryHeap<Candidate>,
}

impl State<'_> {
    fn stretch(&self, rho_mean: f64) -> f64 {
        (self.p.density_reference as f64 / rho_mean).clamp(1.0, self.p.max_density_factor as f64)
    }

    fn face_distance(&self, i: u32, j: u32) -> f64 {
        let (i, j) = (i as usize, j as usize);
        let d = distance(&self.descriptors[i], &self.descriptors[j]) as f64;
        d * self.stretch((self.rho[i] as f64 + self.rho[j] as f64) / 2.0)
    }

    fn cutoff(&self, na: f64, nb: f64) -> f64 {
        let (t1, tb) = (self.p.pair_cutoff as f64, self.p.group_cutoff as f64);
        tb - (tb - t1) / (na * nb).sqrt()
    }

    fn group(&self, g: u32) -> &Group {
        self.groups[g as usize].as_ref().expect("live group")
    }

    /// The link between two live groups, computed when the pair was never met.
    fn link(&self, a: u32, b: u32) -> Link {
        if let Some(l) = self.links.get(&key(a, b)) {
            return *l;
        }
        let (ga, gb) = (self.group(a), self.group(b));
        let (small, large) = if ga.photos.len() <= gb.photos.len() { (ga, gb) } else { (gb, ga) };
        let forbidden = small.photos.iter().any(|p| large.photos.contains(p));
        let sum = if ga.members.len() * gb.members.len() <= EXACT_PAIRS {
            ga.members
                .iter()
                .flat_map(|&i| gb.members.iter().map(move |&j| (i, j)))
                .map(|(i, j)| self.face_distance(i, j))
                .sum()
        } else {
            // mean squared distance = centroid distance^2 + both spreads
            let cd = ga.centroid_distance(gb);
            let rms = (cd * cd + ga.variance + gb.variance).sqrt();
            let rho_mean = (ga.rho / ga.n() + gb.rho / gb.n()) / 2.0;
            ga.n() * gb.n() * rms * self.stretch(rho_mean)
        };
        Link { sum, forbidden }
    }

    fn push(&mut self, a: u32, b: u32, link: Link) {
        if link.forbidden {
            return;
        }
        let (ga, gb) = (self.group(a), self.group(b));
        let (na, nb) = (ga.n(), gb.n());
        let margin = link.sum / (na * nb) - self.cutoff(na, nb);
        if margin < 0.0 {
            let (a, b) = key(a, b);
            let (va, vb) = (self.group(a).version, self.group(b).version);
            self.heap.push(Candidate { margin, a, b, va, vb });
        }
    }

    /// Whether rules 3 and 4 let `a` and `b` (linked by `link`) join.
    fn may_join(&self, a: u32, b: u32, link: &Link) -> bool {
        let (ga, gb) = (self.group(a), self.group(b));
        let (small, large) = (ga.members.len().min(gb.members.len()), ga.members.len().max(gb.members.len()));
        let limit = if small >= 2 {
            Some(self.p.merge_centroid)
        } else if large >= 2 {
            Some(self.p.join_centroid)
        } else {
            None
        };
        if let Some(limit) = limit {
            let scale = (ga.scale / ga.n() + gb.scale / gb.n()) / 2.0;
            if ga.centroid_distance(gb) / scale >= limit as f64 {
                return false;
            }
        }
        let spread = (ga.intra + gb.intra + link.sum) / (ga.intra_pairs + gb.intra_pairs + ga.n() * gb.n());
        spread < self.p.max_group_spread as f64
    }

    /// Joins `b` into `a`.
    fn join(&mut self, a: u32, b: u32, link: Link) {
        let mut others: Vec<u32> = self.nbrs[a as usize]
            .iter()
            .chain(&self.nbrs[b as usize])
            .copied()
            .filter(|&c| c != a && c != b && self.groups[c as usize].is_some())
            .collect();
        others.sort_unstable();
        others.dedup();
        let merged: Vec<(u32, Link)> = others
            .iter()
            .map(|&c| {
                let (la, lb) = (self.link(a, c), self.link(b, c));
                (c, Link { sum: la.sum + lb.sum, forbidden: la.forbidden || lb.forbidden })
            })
            .collect();
        for &c in &others {
            self.links.remove(&key(b, c));
        }
        self.links.remove(&key(a, b));
        let gb = self.groups[b as usize].take().expect("live group");
        let ga = self.groups[a as usize].as_mut().expect("live group");
        let cross = ga.n() * gb.n();
        ga.intra += gb.intra + link.sum;
        ga.intra_pairs += gb.intra_pairs + cross;
        if ga.members.len() < gb.members.len() {
            let mut m = gb.members;
            m.extend_from_slice(&ga.members);
            ga.members = m;
        } else {
            ga.members.extend_from_slice(&gb.members);
        }
        if ga.photos.len() < gb.photos.len() {
            let mut p = gb.photos;
            p.extend(ga.photos.drain());
            ga.photos = p;
        } else {
            ga.photos.extend(gb.photos);
        }
        for (s, v) in ga.sum.iter_mut().zip(&gb.sum) {
            *s += v;
        }
        ga.sq_norms += gb.sq_norms;
        ga.rho += gb.rho;
        ga.scale += gb.scale;
        ga.version += 1;
        ga.refresh();
        self.nbrs[b as usize] = Vec::new();
        let size_a = self.group(a).n();
        let far = self.p.group_cutoff as f64;
        // A pair whose mean distance reaches the group cutoff can never join, and
        // joining either side to a third group only averages it with that group's link
        // (recomputed when met again): forget it. Of the rest, a group keeps its
        // MAX_LINKED_GROUPS closest (by margin below the cutoff), so that a large group
        // does not carry, and update at every join, every group it ever touched.
        let mut merged: Vec<(f64, u32, Link)> = merged
            .into_iter()
            .map(|(c, l)| {
                let nc = self.group(c).n();
                (l.sum / (size_a * nc) - self.cutoff(size_a, nc), c, l)
            })
            .collect();
        merged.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let mut kept = Vec::with_capacity(merged.len().min(MAX_LINKED_GROUPS));
        for (rank, (_, c, l)) in merged.into_iter().enumerate() {
            if rank >= MAX_LINKED_GROUPS || l.sum / (size_a * self.group(c).n()) >= far {
                self.links.remove(&key(a, c));
                continue;
            }
            // Lists may hold dead or repeated ids; they are cleaned when a group joins.
            self.nbrs[c as usize].push(a);
            self.links.insert(key(a, c), l);
            self.push(a, c, l);
            kept.push(c);
        }
        self.nbrs[a as usize] = kept;
    }
}

/// Average-linkage clustering with the rules of the module docs, then the shared
/// post-steps.
pub fn average_linkage(descriptors: &[Descriptor], photo: &[i64], p: &LinkageParams) -> Result<Clustering> {
    check_input(descriptors, photo)?;
    let positive = [p.pair_cutoff, p.group_cutoff, p.merge_centroid, p.join_centroid, p.max_group_spread, p.density_reference];
    if positive.iter().any(|v| !(v.is_finite() && *v > 0.0)) || !(p.max_density_factor >= 1.0) {
        return Err(Error::Invalid("average linkage needs positive cutoffs and a density factor >= 1".into()));
    }
    let n = descriptors.len();
    let labels: Vec<Option<u32>> = if n < 2 {
        vec![None; n]
    } else {
        let index = NeighbourIndex::build(descriptors, p.index);
        let rank = p.density_rank.clamp(1, n - 1);
        let graph = index.radius_graph(NEIGHBOUR_RADIUS, p.neighbours.max(rank));
        let rho: Vec<f32> = graph
            .iter()
            .map(|l| if l.len() >= rank { l[rank - 1].1 } else { NEIGHBOUR_RADIUS })
            .collect();
        let max_f = p.max_density_factor as f64;
        let groups = (0..n)
            .map(|i| {
                let d = &descriptors[i];
                Some(Group {
                    members: vec![i as u32],
                    photos: HashSet::from([photo[i]]),
                    sum: d.iter().map(|&x| x as f64).collect(),
                    sq_norms: d.iter().map(|&x| (x as f64).powi(2)).sum(),
                    centroid: d.to_vec(),
                    variance: 0.0,
                    rho: rho[i] as f64,
                    scale: (rho[i] as f64 / p.density_reference as f64).clamp(1.0 / max_f, 1.0),
                    intra: 0.0,
                    intra_pairs: 0.0,
                    version: 0,
                })
            })
            .collect();
        let mut st = State {
            p,
            descriptors,
            rho,
            groups,
            links: HashMap::new(),
            nbrs: vec![Vec::new(); n],
            heap: BinaryHeap::new(),
        };
        for (i, list) in graph.iter().enumerate() {
            let i = i as u32;
            for &(j, _) in list.iter().take(p.neighbours) {
                if st.links.contains_key(&key(i, j)) {
                    continue;
                }
                let l = Link { sum: st.face_distance(i, j), forbidden: photo[i as usize] == photo[j as usize] };
                if l.sum >= p.group_cutoff as f64 {
                    continue; // never a candidate; recomputed exactly if ever needed
                }
                st.links.insert(key(i, j), l);
                st.nbrs[i as usize].push(j);
                st.nbrs[j as usize].push(i);
            }
        }
        let initial: Vec<((u32, u32), Link)> = st.links.iter().map(|(k, l)| (*k, *l)).collect();
        for ((a, b), l) in initial {
            st.push(a, b, l);
        }
        while let Some(c) = st.heap.pop() {
            let live = |g: u32, v: u32| st.groups[g as usize].as_ref().is_some_and(|x| x.version == v);
            if !live(c.a, c.va) || !live(c.b, c.vb) {
                continue;
            }
            let Some(link) = st.links.get(&(c.a, c.b)).copied() else { continue };
            if link.forbidden {
                continue;
            }
            if !st.may_join(c.a, c.b, &link) {
                st.links.insert((c.a, c.b), Link { forbidden: true, ..link });
                continue;
            }
            st.join(c.a, c.b, link);
        }
        let mut labels = vec![None; n];
        for (g, group) in st.groups.iter().enumerate() {
            if let Some(group) = group {
                if group.members.len() >= 2 {
                    for &m in &group.members {
                        labels[m as usize] = Some(g as u32);
                    }
                }
            }
        }
        labels
    };
    let mut labels = labels;
    let min = Some(p.min_group_size.unwrap_or(2));
    let (moved, min) = finish(descriptors, photo, &mut labels, min, p.pair_cutoff);
    Ok(Clustering {
        labels,
        method: Method::Linkage,
        params: Params::Linkage(p.clone()),
        centroid_distance: None,
        outlier: None,
        moved_by_photo_rule: moved,
        min_group_size: min,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face::DESCRIPTOR_LEN;

    /// A descriptor at `x` on axis 0 with a small offset `j` on axis `k`.
    fn at(x: f32, k: usize, j: f32) -> Descriptor {
        let mut d = [0.0; DESCRIPTOR_LEN];
        d[0] = x;
        d[k] = j;
        d
    }

    fn same_group(l: &[Option<u32>], a: usize, b: usize) -> bool {
        l[a].is_some() && l[a] == l[b]
    }

    #[test]
    fn two_people_and_a_stranger() {
        // person A near 0, person B near 1, a stranger at 0.5 between them
        let mut d = Vec::new();
        for k in 1..6 {
            d.push(at(0.0, k, 0.15));
        }
        for k in 6..11 {
            d.push(at(1.0, k, 0.15));
        }
        d.push(at(0.5, 11, 0.1));
        let photo: Vec<i64> = (0..d.len() as i64).collect();
        let c = average_linkage(&d, &photo, &LinkageParams::default()).unwrap();
        assert!((1..5).all(|i| same_group(&c.labels, 0, i)));
        assert!((6..10).all(|i| same_group(&c.labels, 5, i)));
        assert!(!same_group(&c.labels, 0, 5));
        assert_eq!(c.labels[10], None, "the stranger stays alone");
    }

    #[test]
    fn a_chain_of_look_alikes_is_not_one_group() {
        // faces 0.4 apart along a line: each next face is close, the ends are far
        let d: Vec<Descriptor> = (0..8).map(|i| at(0.4 * i as f32, 1, 0.0)).collect();
        let photo: Vec<i64> = (0..8).collect();
        let c = average_linkage(&d, &photo, &LinkageParams::default()).unwrap();
        let mut sizes: HashMap<u32, usize> = HashMap::new();
        for l in c.labels.iter().flatten() {
            *sizes.entry(*l).or_default() += 1;
        }
        assert!(sizes.values().all(|&s| s <= 2), "{:?}", c.labels);
    }

    #[test]
    fn faces_of_one_photo_never_join() {
        let d = vec![at(0.0, 1, 0.1), at(0.0, 2, 0.1), at(0.0, 3, 0.1)];
        let c = average_linkage(&d, &[7, 7, 8], &LinkageParams::default()).unwrap();
        assert!(!same_group(&c.labels, 0, 1));
        assert!(same_group(&c.labels, 0, 2) || same_group(&c.labels, 1, 2));
    }

    #[test]
    fn a_strong_pair_is_a_group() {
        let d = vec![at(0.0, 1, 0.1), at(0.0, 2, 0.1), at(3.0, 3, 0.0)];
        let c = average_linkage(&d, &[1, 2, 3], &LinkageParams::default()).unwrap();
        assert!(same_group(&c.labels, 0, 1));
        assert_eq!(c.labels[2], None);
        assert_eq!(c.min_group_size, 2);
    }

    #[test]
    fn two_large_groups_stay_apart() {
        // two groups of 80 faces each, far apart
        let mut d = Vec::new();
        for i in 0..160 {
            let base = if i < 80 { 0.0 } else { 2.0 };
            d.push(at(base, 1 + i % 100, 0.12));
        }
        let photo: Vec<i64> = (0..160).collect();
        let c = average_linkage(&d, &photo, &LinkageParams::default()).unwrap();
        assert!(same_group(&c.labels, 0, 79));
        assert!(same_group(&c.labels, 80, 159));
        assert!(!same_group(&c.labels, 0, 80));
    }
}
