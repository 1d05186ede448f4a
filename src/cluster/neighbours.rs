//! Neighbour search over descriptors: who is within a distance of a face, and the k
//! nearest faces to a query. Clustering (DBSCAN, graph) needs the radius neighbours of
//! every face; search needs k nearest.
//!
//! Three back ends, measured against each other (figures at `AUTO_IVF_FROM`):
//! - `Exact`: blocked matrix products (ndarray `dot`, one block of query rows per rayon
//!   task, squared distance = |q|^2 + |x|^2 - 2 q.x). Exact and deterministic, but
//!   all-pairs is O(n^2): fine at 10k faces, far too slow at 100k.
//! - `Hnsw`: the `instant-distance` HNSW graph. Queries are fast but building the graph
//!   is slow (13 s for 10k faces, 163 s for 100k on the shared 2 cores): not used by
//!   default, kept selectable for comparison.
//! - `Ivf`: an inverted file: a coarse k-means (about sqrt(n) cells, Lloyd iterations
//!   done with matrix products) splits the faces into cells, and each cell's faces are
//!   compared exactly, by blocked products, with the faces of the `IVF_PROBES` cells
//!   nearest to it. Faces of one person sit in one cell or in neighbouring cells, so the
//!   few neighbours a face can lose lie at a cell border and rarely matter for grouping
//!   (a test bounds the loss). Deterministic (seeded).

use instant_distance::{Builder, Hnsw, Point, PointId, Search};
use ndarray::{Array2, ArrayView1, Axis};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::face::{distance, Descriptor, DESCRIPTOR_LEN};

/// Neighbour lists of every face: (face index, distance), nearest first.
pub type Neighbours = Vec<Vec<(u32, f32)>>;

/// Which back end to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IndexKind {
    Exact,
    Hnsw,
    Ivf,
    /// Exact below `AUTO_IVF_FROM` faces, IVF from there on.
    Auto,
}

/// Library size from which `Auto` picks IVF over exact search. Measured (release, the
/// 2 shared cores, all-pairs radius graph at 0.5, synthetic faces): 10k faces: exact
/// 0.83 s, IVF 0.26 s (99.9% of the exact edges), HNSW 12.9 s build + 3.4 s queries;
/// 100k faces: IVF 0.6 s build + 7.3 s queries, 172 MiB peak, 97% of the exact edges;
/// exact 85.6 s; HNSW 163 s build + 86 s queries. Below 20k exact costs under about 3 s,
/// so it stays exact (and exactly reproducible) there.
pub const AUTO_IVF_FROM: usize = 20_000;

/// HNSW search breadth, also the most results one HNSW query returns.
pub const HNSW_EF: usize = 100;

/// HNSW build breadth: build time grows with it; recall is checked in the tests.
pub const HNSW_EF_CONSTRUCTION: usize = 40;

/// Cells compared with each IVF cell (itself included).
pub const IVF_PROBES: usize = 8;

// Query rows per exact block: 128 rows x 100k faces x 4 bytes = 51 MB per rayon task.
const BLOCK: usize = 128;
const IVF_ITERATIONS: usize = 10;
const IVF_SEED: u64 = 0x1f1f;

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

struct IvfPart {
    centres: Array2<f32>,
    /// Faces of each cell.
    cells: Vec<Vec<u32>>,
    /// For each cell, the `IVF_PROBES` nearest cells (itself first).
    probes: Vec<Vec<u32>>,
    cell_of: Vec<u32>,
}

enum Backend {
    Exact,
    Hnsw(HnswPart),
    Ivf(IvfPart),
}

/// An index over a fixed set of descriptors (face indices are positions in that slice).
pub struct NeighbourIndex {
    data: Array2<f32>,
    sq_norms: Vec<f32>,
    backend: Backend,
}

fn sq_norms(a: &Array2<f32>) -> Vec<f32> {
    a.rows().into_iter().map(|r| r.dot(&r)).collect()
}

/// Index of the nearest row of `centres` for every row of `x` (by matrix products).
fn nearest_rows(x: &Array2<f32>, centres: &Array2<f32>, c_norms: &[f32]) -> Vec<u32> {
    let ct = centres.t();
    (0..x.nrows().div_ceil(BLOCK))
        .into_par_iter()
        .flat_map_iter(|b| {
            let lo = b * BLOCK;
            let hi = (lo + BLOCK).min(x.nrows());
            let g = x.slice(ndarray::s![lo..hi, ..]).dot(&ct);
            (0..hi - lo)
                .map(|r| {
                    // argmin |c|^2 - 2 x.c  (|x|^2 is the same for every centre)
                    g.row(r)
                        .iter()
                        .zip(c_norms)
                        .enumerate()
                        .map(|(j, (&dot, &cn))| (j as u32, cn - 2.0 * dot))
                        .min_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|x| x.0)
                        .unwrap_or(0)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn build_ivf(data: &Array2<f32>) -> IvfPart {
    let n = data.nrows();
    let n_cells = ((n as f64).sqrt().round() as usize).clamp(1, n);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(IVF_SEED);
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut rng);
    // train on a sample of about 40 faces per cell
    let sample: Vec<usize> = order.iter().copied().take((40 * n_cells).min(n)).collect();
    let train = data.select(Axis(0), &sample);
    let mut centres = data.select(Axis(0), &order[..n_cells]);
    for _ in 0..IVF_ITERATIONS {
        let c_norms = sq_norms(&centres);
        let assign = nearest_rows(&train, &centres, &c_norms);
        let mut sum = Array2::<f32>::zeros(centres.raw_dim());
        let mut count = vec![0usize; n_cells];
        for (row, &a) in train.rows().into_iter().zip(&assign) {
            let mut s = sum.row_mut(a as usize);
            s += &row;
            count[a as usize] += 1;
        }
        for (c, &k) in count.iter().enumerate() {
            if k > 0 {
                let mean = sum.row(c).mapv(|v| v / k as f32);
                centres.row_mut(c).assign(&mean);
            }
        }
    }
    let c_norms = sq_norms(&centres);
    let cell_of = nearest_rows(data, &centres, &c_norms);
    let mut cells = vec![Vec::new(); n_cells];
    for (i, &c) in cell_of.iter().enumerate() {
        cells[c as usize].push(i as u32);
    }
    let probes = (0..n_cells)
        .map(|c| {
            let mut d: Vec<(u32, f32)> = (0..n_cells)
                .map(|o| {
                    let diff = &centres.row(c) - &centres.row(o);
                    (o as u32, diff.dot(&diff))
                })
                .collect();
            d.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            d.into_iter().take(IVF_PROBES).map(|x| x.0).collect()
        })
        .collect();
    IvfPart {
        centres,
        cells,
        probes,
        cell_of,
    }
}

impl NeighbourIndex {
    /// Build the index; `Auto` resolves by library size.
    pub fn build(descriptors: &[Descriptor], kind: IndexKind) -> Self {
        let n = descriptors.len();
        let mut data = Array2::<f32>::zeros((n, DESCRIPTOR_LEN));
        for (mut row, d) in data.rows_mut().into_iter().zip(descriptors) {
            row.assign(&ArrayView1::from(&d[..]));
        }
        let sq_norms = sq_norms(&data);
        let kind = match kind {
            IndexKind::Auto if n >= AUTO_IVF_FROM => IndexKind::Ivf,
            IndexKind::Auto => IndexKind::Exact,
            k => k,
        };
        let backend = match kind {
            _ if n == 0 => Backend::Exact,
            IndexKind::Hnsw => {
                let points: Vec<P> = descriptors.iter().map(|d| P(*d)).collect();
                let (graph, ids): (Hnsw<P>, Vec<PointId>) = Builder::default()
                    .ef_search(HNSW_EF)
                    .ef_construction(HNSW_EF_CONSTRUCTION)
                    .seed(0x6b696e)
                    .build_hnsw(points);
                let mut face_of = vec![0u32; n];
                for (face, pid) in ids.iter().enumerate() {
                    face_of[pid.into_inner() as usize] = face as u32;
                }
                Backend::Hnsw(HnswPart { graph, face_of })
            }
            IndexKind::Ivf => Backend::Ivf(build_ivf(&data)),
            _ => Backend::Exact,
        };
        NeighbourIndex {
            data,
            sq_norms,
            backend,
        }
    }

    pub fn len(&self) -> usize {
        self.data.nrows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// IVF only: (cells, largest cell, largest candidate set of a cell).
    pub fn ivf_shape(&self) -> Option<(usize, usize, usize)> {
        match &self.backend {
            Backend::Ivf(v) => Some((
                v.cells.len(),
                v.cells.iter().map(|c| c.len()).max().unwrap_or(0),
                v.probes
                    .iter()
                    .map(|p| p.iter().map(|&c| v.cells[c as usize].len()).sum::<usize>())
                    .max()
                    .unwrap_or(0),
            )),
            _ => None,
        }
    }

    /// The back end in use (`Exact`, `Hnsw` or `Ivf`).
    pub fn kind(&self) -> IndexKind {
        match self.backend {
            Backend::Exact => IndexKind::Exact,
            Backend::Hnsw(_) => IndexKind::Hnsw,
            Backend::Ivf(_) => IndexKind::Ivf,
        }
    }

    fn descriptor(&self, i: usize) -> Descriptor {
        let mut d = [0f32; DESCRIPTOR_LEN];
        for (x, y) in d.iter_mut().zip(self.data.row(i)) {
            *x = *y;
        }
        d
    }

    /// Exact distances from `query` to `candidates`, the `k` nearest, nearest first.
    fn scan(
        &self,
        query: &Descriptor,
        candidates: impl Iterator<Item = usize>,
        k: usize,
    ) -> Vec<(usize, f32)> {
        let mut all: Vec<(usize, f32)> = candidates
            .map(|i| {
                let d: f32 = self
                    .data
                    .row(i)
                    .iter()
                    .zip(query)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum();
                (i, d.sqrt())
            })
            .collect();
        let k = k.min(all.len());
        if k == 0 {
            return Vec::new();
        }
        all.select_nth_unstable_by(k - 1, |a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
        all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        all
    }

    /// The `k` faces nearest to `query`, nearest first, as (face index, distance).
    /// With HNSW at most `HNSW_EF` are returned; with IVF only faces of the
    /// `IVF_PROBES` cells nearest to the query are considered.
    pub fn knn(&self, query: &Descriptor, k: usize) -> Vec<(usize, f32)> {
        match &self.backend {
            Backend::Exact => self.scan(query, 0..self.len(), k),
            Backend::Hnsw(h) => {
                let mut search = Search::default();
                h.graph
                    .search(&P(*query), &mut search)
                    .take(k)
                    .map(|item| {
                        (
                            h.face_of[item.pid.into_inner() as usize] as usize,
                            item.distance,
                        )
                    })
                    .collect()
            }
            Backend::Ivf(v) => {
                let q = ArrayView1::from(&query[..]);
                let mut cells: Vec<(usize, f32)> = v
                    .centres
                    .rows()
                    .into_iter()
                    .enumerate()
                    .map(|(c, row)| {
                        let diff = &row - &q;
                        (c, diff.dot(&diff))
                    })
                    .collect();
                cells.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                let cand = cells
                    .iter()
                    .take(IVF_PROBES)
                    .flat_map(|&(c, _)| v.cells[c].iter().map(|&i| i as usize));
                self.scan(query, cand, k)
            }
        }
    }

    /// Faces other than `i` at distance < `r` from face `i`, nearest first.
    /// Returns an empty list for an index out of range.
    pub fn radius(&self, i: usize, r: f32) -> Vec<(usize, f32)> {
        if i >= self.len() {
            return Vec::new();
        }
        let q = self.descriptor(i);
        let found = match &self.backend {
            Backend::Exact => self.scan(&q, 0..self.len(), self.len()),
            Backend::Hnsw(_) => self.knn(&q, HNSW_EF),
            Backend::Ivf(v) => {
                let cell = v.cell_of[i] as usize;
                let cand = v.probes[cell]
                    .iter()
                    .flat_map(|&c| v.cells[c as usize].iter().map(|&j| j as usize));
                self.scan(&q, cand, self.len())
            }
        };
        found
            .into_iter()
            .filter(|&(j, d)| j != i && d < r)
            .collect()
    }

    /// Rows `queries` against rows `candidates` (whose descriptors are the rows of `c`) by one matrix product: for each query the
    /// candidates other than itself at distance < r, nearest first, at most `cap`.
    fn block_radius(
        &self,
        queries: &[usize],
        candidates: &[usize],
        c: &Array2<f32>,
        r: f32,
        cap: usize,
    ) -> Neighbours {
        let q = self.data.select(Axis(0), queries);
        let g = q.dot(&c.t());
        let r2 = r * r;
        queries
            .iter()
            .enumerate()
            .map(|(qi, &i)| {
                let ni = self.sq_norms[i];
                let mut out: Vec<(u32, f32)> = g
                    .row(qi)
                    .iter()
                    .zip(candidates)
                    .filter_map(|(&dot, &j)| {
                        let d2 = (ni + self.sq_norms[j] - 2.0 * dot).max(0.0);
                        (j != i && d2 < r2).then(|| (j as u32, d2.sqrt()))
                    })
                    .collect();
                let by_distance =
                    |a: &(u32, f32), b: &(u32, f32)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
                if cap > 0 && out.len() > cap {
                    out.select_nth_unstable_by(cap - 1, by_distance);
                }
                out.truncate(cap);
                out.sort_by(by_distance);
                // a face in a big group has thousands of faces in range: give the memory back
                out.shrink_to_fit();
                out
            })
            .collect()
    }

    /// For every face, the other faces at distance < `r`, nearest first, at most `cap` each.
    /// This is the one all-pairs step of DBSCAN and graph clustering; it runs on all
    /// rayon threads.
    pub fn radius_graph(&self, r: f32, cap: usize) -> Neighbours {
        let n = self.len();
        match &self.backend {
            Backend::Hnsw(h) => (0..n)
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
                .collect(),
            Backend::Exact => {
                let all: Vec<usize> = (0..n).collect();
                (0..n.div_ceil(BLOCK))
                    .into_par_iter()
                    .flat_map_iter(|b| {
                        let lo = b * BLOCK;
                        let hi = (lo + BLOCK).min(n);
                        self.block_radius(&all[lo..hi], &all, &self.data, r, cap)
                    })
                    .collect()
            }
            Backend::Ivf(v) => {
                let per_cell: Vec<(usize, Neighbours)> = (0..v.cells.len())
                    .into_par_iter()
                    .map(|c| {
                        let queries: Vec<usize> = v.cells[c].iter().map(|&i| i as usize).collect();
                        let cand: Vec<usize> = v.probes[c]
                            .iter()
                            .flat_map(|&o| v.cells[o as usize].iter().map(|&i| i as usize))
                            .collect();
                        let cand_rows = self.data.select(Axis(0), &cand);
                        let mut out = Vec::with_capacity(queries.len());
                        for chunk in queries.chunks(BLOCK) {
                            out.extend(self.block_radius(chunk, &cand, &cand_rows, r, cap));
                        }
                        (c, out)
                    })
                    .collect();
                let mut graph = vec![Vec::new(); n];
                for (c, lists) in per_cell {
                    for (&i, list) in v.cells[c].iter().zip(lists) {
                        graph[i as usize] = list;
                    }
                }
                graph
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::synthetic::{generate, SyntheticParams};

    #[test]
    fn exact_matches_brute_force_and_approximate_ones_recall() {
        let g = generate(&SyntheticParams::new(1500, 3));
        let exact = NeighbourIndex::build(&g.descriptors, IndexKind::Exact);
        let graph = exact.radius_graph(0.5, usize::MAX);
        let approx: Vec<(IndexKind, Neighbours)> = [IndexKind::Hnsw, IndexKind::Ivf]
            .into_iter()
            .map(|k| {
                (
                    k,
                    NeighbourIndex::build(&g.descriptors, k).radius_graph(0.5, usize::MAX),
                )
            })
            .collect();
        let mut found = [0usize; 2];
        let mut total = 0usize;
        for i in (0..g.descriptors.len()).step_by(37) {
            let brute: Vec<usize> = (0..g.descriptors.len())
                .filter(|&j| j != i && distance(&g.descriptors[i], &g.descriptors[j]) < 0.5)
                .collect();
            let mine: Vec<usize> = graph[i].iter().map(|x| x.0 as usize).collect();
            // float rounding of the dot-product form may move a pair sitting on the edge
            assert!(
                mine.len().abs_diff(brute.len()) <= 1,
                "face {i}: {} vs {}",
                mine.len(),
                brute.len()
            );
            let r: Vec<usize> = exact.radius(i, 0.5).into_iter().map(|x| x.0).collect();
            assert!(r.len().abs_diff(brute.len()) <= 1);
            total += brute.len().min(HNSW_EF);
            for (a, (_, ag)) in approx.iter().enumerate() {
                let h: Vec<u32> = ag[i].iter().map(|x| x.0).collect();
                found[a] += brute.iter().filter(|j| h.contains(&(**j as u32))).count();
            }
        }
        for (a, (k, _)) in approx.iter().enumerate() {
            assert!(
                found[a] as f64 >= 0.95 * total as f64,
                "{k:?} recall {}/{total}",
                found[a]
            );
        }
        let nn = exact.knn(&g.descriptors[5], 3);
        assert_eq!(nn[0].0, 5);
        assert!(nn[0].1 < 1e-3 && nn[1].1 <= nn[2].1);
        for k in [IndexKind::Hnsw, IndexKind::Ivf] {
            let idx = NeighbourIndex::build(&g.descriptors, k);
            assert_eq!(idx.kind(), k);
            assert_eq!(idx.knn(&g.descriptors[5], 1)[0].0, 5);
            assert!(idx.radius(5, 0.5).iter().all(|&(j, d)| j != 5 && d < 0.5));
        }
    }
}
