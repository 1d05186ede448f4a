//! Neighbour search over descriptors: who is within a distance of a face, and the k
//! nearest faces to a query. Clustering (DBSCAN, graph) needs the radius neighbours of
//! every face; search needs k nearest.
//!
//! Two back ends, chosen by measurement (see `AUTO_HNSW_FROM` and the module report in
//! `bench`): exact search by blocked matrix products (ndarray `dot`, one block of query
//! rows per rayon task, squared distance = |q|^2 + |x|^2 - 2 q.x) and an HNSW graph
//! (`instant-distance`). Exact is exact and deterministic but O(n^2) for all-pairs; HNSW
//! is approximate (a few neighbours can be missed) and returns at most `HNSW_EF` results
//! per query, which is more than any clustering step here needs.

use instant_distance::{Builder, Hnsw, Point, PointId, Search};
use ndarray::{s, Array2, ArrayView1};
use rayon::prelude::*;

use crate::face::{distance, Descriptor, DESCRIPTOR_LEN};

/// Which back end to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IndexKind {
    Exact,
    Hnsw,
    /// Exact below `AUTO_HNSW_FROM` faces, HNSW from there on.
    Auto,
}

/// Library size from which `Auto` picks HNSW. MEASURE-ME
pub const AUTO_HNSW_FROM: usize = 30_000;

/// HNSW search breadth, also the most results one HNSW query returns.
pub const HNSW_EF: usize = 100;

// Query rows per exact block: 128 rows x 100k faces x 4 bytes = 51 MB per rayon task.
const BLOCK: usize = 128;

#[derive(Clone)]
struct P(Descriptor);

impl Point for P {
    fn distance(&self, other: &Self) -> f32 {
        distance(&self.0, &other.0)
    }
}

struct HnswPart {
    graph: Hnsw<P>,
    /// PointId index -> face index.
    face_of: Vec<u32>,
}

/// An index over a fixed set of descriptors (face indices are positions in that slice).
pub struct NeighbourIndex {
    data: Array2<f32>,
    sq_norms: Vec<f32>,
    hnsw: Option<HnswPart>,
}

impl NeighbourIndex {
    /// Build the index; `Auto` resolves by library size.
    pub fn build(descriptors: &[Descriptor], kind: IndexKind) -> Self {
        let n = descriptors.len();
        let mut data = Array2::<f32>::zeros((n, DESCRIPTOR_LEN));
        for (mut row, d) in data.rows_mut().into_iter().zip(descriptors) {
            row.assign(&ArrayView1::from(&d[..]));
        }
        let sq_norms = descriptors
            .iter()
            .map(|d| d.iter().map(|x| x * x).sum())
            .collect();
        let use_hnsw = match kind {
            IndexKind::Exact => false,
            IndexKind::Hnsw => true,
            IndexKind::Auto => n >= AUTO_HNSW_FROM,
        };
        let hnsw = (use_hnsw && n > 0).then(|| {
            let points: Vec<P> = descriptors.iter().map(|d| P(*d)).collect();
            let (graph, ids): (Hnsw<P>, Vec<PointId>) = Builder::default()
                .ef_search(HNSW_EF)
                .ef_construction(HNSW_EF)
                .seed(0x6b696e)
                .build_hnsw(points);
            let mut face_of = vec![0u32; n];
            for (face, pid) in ids.iter().enumerate() {
                face_of[pid.into_inner() as usize] = face as u32;
            }
            HnswPart { graph, face_of }
        });
        NeighbourIndex {
            data,
            sq_norms,
            hnsw,
        }
    }

    pub fn len(&self) -> usize {
        self.data.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The back end in use (`Exact` or `Hnsw`).
    pub fn kind(&self) -> IndexKind {
        if self.hnsw.is_some() {
            IndexKind::Hnsw
        } else {
            IndexKind::Exact
        }
    }

    fn descriptor(&self, i: usize) -> Descriptor {
        let mut d = [0f32; DESCRIPTOR_LEN];
        for (x, y) in d.iter_mut().zip(self.data.row(i)) {
            *x = *y;
        }
        d
    }

    /// The `k` faces nearest to `query`, nearest first, as (face index, distance).
    /// With HNSW at most `HNSW_EF` are returned.
    pub fn knn(&self, query: &Descriptor, k: usize) -> Vec<(usize, f32)> {
        if let Some(h) = &self.hnsw {
            let mut search = Search::default();
            return h
                .graph
                .search(&P(*query), &mut search)
                .take(k)
                .map(|item| {
                    (
                        h.face_of[item.pid.into_inner() as usize] as usize,
                        item.distance,
                    )
                })
                .collect();
        }
        let mut all: Vec<(usize, f32)> = self
            .data
            .rows()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let d: f32 = row.iter().zip(query).map(|(a, b)| (a - b) * (a - b)).sum();
                (i, d.sqrt())
            })
            .collect();
        let k = k.min(all.len());
        if k == 0 {
            return Vec::new();
        }
        all.select_nth_unstable_by(k - 1, |a, b| a.1.total_cmp(&b.1));
        all.truncate(k);
        all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        all
    }

    /// Faces other than `i` at distance < `r` from face `i`, nearest first.
    /// Returns an empty list for an index out of range.
    pub fn radius(&self, i: usize, r: f32) -> Vec<(usize, f32)> {
        if i >= self.len() {
            return Vec::new();
        }
        let q = self.descriptor(i);
        let cap = if self.hnsw.is_some() {
            HNSW_EF
        } else {
            self.len()
        };
        self.knn(&q, cap)
            .into_iter()
            .filter(|&(j, d)| j != i && d < r)
            .collect()
    }

    /// For every face, the other faces at distance < `r`, nearest first, at most `cap` each.
    /// This is the one all-pairs step of DBSCAN and graph clustering; it runs on all
    /// rayon threads.
    pub fn radius_graph(&self, r: f32, cap: usize) -> Vec<Vec<(u32, f32)>> {
        let n = self.len();
        if let Some(h) = &self.hnsw {
            return (0..n)
                .into_par_iter()
                .map_init(Search::default, |search, i| {
                    let q = P(self.descriptor(i));
                    h.graph
                        .search(&q, search)
                        .map(|it| (h.face_of[it.pid.into_inner() as usize], it.distance))
                        .filter(|&(j, d)| j as usize != i && d < r)
                        .take(cap)
                        .collect()
                })
                .collect();
        }
        let r2 = r * r;
        let xt = self.data.t();
        (0..n.div_ceil(BLOCK))
            .into_par_iter()
            .flat_map_iter(|b| {
                let lo = b * BLOCK;
                let hi = (lo + BLOCK).min(n);
                let g = self.data.slice(s![lo..hi, ..]).dot(&xt);
                (lo..hi).map(move |i| {
                    let row = g.row(i - lo);
                    let ni = self.sq_norms[i];
                    let mut out: Vec<(u32, f32)> = row
                        .iter()
                        .zip(&self.sq_norms)
                        .enumerate()
                        .filter_map(|(j, (&dot, &nj))| {
                            let d2 = (ni + nj - 2.0 * dot).max(0.0);
                            (j != i && d2 < r2).then(|| (j as u32, d2.sqrt()))
                        })
                        .collect();
                    out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                    out.truncate(cap);
                    out
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::synthetic::{generate, SyntheticParams};

    #[test]
    fn exact_matches_brute_force_and_hnsw_recalls() {
        let g = generate(&SyntheticParams::new(1500, 3));
        let exact = NeighbourIndex::build(&g.descriptors, IndexKind::Exact);
        let hnsw = NeighbourIndex::build(&g.descriptors, IndexKind::Hnsw);
        let graph = exact.radius_graph(0.5, usize::MAX);
        let hgraph = hnsw.radius_graph(0.5, usize::MAX);
        let (mut found, mut total) = (0usize, 0usize);
        for i in (0..g.descriptors.len()).step_by(37) {
            let brute: Vec<usize> = (0..g.descriptors.len())
                .filter(|&j| j != i && distance(&g.descriptors[i], &g.descriptors[j]) < 0.5)
                .collect();
            let mut mine: Vec<usize> = graph[i].iter().map(|x| x.0 as usize).collect();
            mine.sort();
            // float rounding of the dot-product form may move a pair sitting on the edge
            assert!(
                mine.len().abs_diff(brute.len()) <= 1,
                "face {i}: {} vs {}",
                mine.len(),
                brute.len()
            );
            let r: Vec<usize> = exact.radius(i, 0.5).into_iter().map(|x| x.0).collect();
            assert!(r.len().abs_diff(brute.len()) <= 1);
            let h: Vec<u32> = hgraph[i].iter().map(|x| x.0).collect();
            total += brute.len().min(HNSW_EF);
            found += brute.iter().filter(|j| h.contains(&(**j as u32))).count();
        }
        assert!(
            found as f64 >= 0.95 * total as f64,
            "hnsw recall {found}/{total}"
        );
        let nn = exact.knn(&g.descriptors[5], 3);
        assert_eq!(nn[0].0, 5);
        assert!(nn[0].1 < 1e-3 && nn[1].1 <= nn[2].1);
        assert_eq!(hnsw.knn(&g.descriptors[5], 1)[0].0, 5);
    }
}
