//! The face graph: faces are nodes, two faces are linked when their descriptor
//! distance is below the cutoff. Two questions are answered on it:
//!
//! - Missed matches ([`missed_matches`]): faces not linked to any face of a person (or
//!   cluster) but reachable from it through 2..=N links. A chain of close faces often
//!   bridges pose, age or lighting changes that a single distance does not.
//! - Wrong merges ([`wrong_merges`]): a person or cluster whose faces form two dense
//!   groups joined by few links ("this group may be two people"). Found as the sweep
//!   cut of lowest conductance along the spectral (Fiedler) order of the group's
//!   subgraph: conductance = links across the cut / the smaller side's link ends. Two
//!   cliques joined by one link give a conductance near 0; a single tight group gives
//!   about 0.5.
//!
//! Output is deterministic: faces are ordered by `face_id`, ties are broken by ids.
//! Building the full graph compares all pairs through the clustering's exact neighbour
//! index (O(n^2) in blocked dot products); the suggestions use [`FaceGraph::build_sparse`]
//! (nearest links only, the index approximate above 20,000 faces).

use std::collections::{BTreeMap, VecDeque};

use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{is_match, GraphFace};
use crate::cluster::{IndexKind, NeighbourIndex};
use crate::error::{Error, Result};
use crate::face::distance;

/// Faces and their links below `cutoff`.
#[derive(Debug, Clone)]
pub struct FaceGraph {
    /// The faces, sorted by `face_id`; node `i` of `graph` is `faces[i]`.
    pub faces: Vec<GraphFace>,
    pub cutoff: f32,
    /// Node weight: index into `faces`; edge weight: distance.
    pub graph: UnGraph<usize, f32>,
    /// Neighbours of each node sorted by node index (deterministic iteration).
    adj: Vec<Vec<(usize, f32)>>,
}

impl FaceGraph {
    /// Links every pair of faces with `distance < cutoff`. Duplicate face ids are an
    /// error (the graph would be ambiguous).
    pub fn build(faces: &[GraphFace], cutoff: f32) -> Result<Self> {
        Self::build_with(faces, cutoff, None)
    }

    /// Like [`FaceGraph::build`], but each face keeps links to at most its `cap`
    /// nearest faces (a link is kept when either end keeps it), found through the
    /// clustering's neighbour index (approximate above 20,000 faces). A person seen
    /// thousands of times is a near-clique of millions of links; the nearest ones carry
    /// the same structure (paths, dense groups and the weak cuts between them) at a
    /// fraction of the cost. For the suggestions; exports keep every link.
    pub fn build_sparse(faces: &[GraphFace], cutoff: f32, cap: usize) -> Result<Self> {
        Self::build_with(faces, cutoff, Some(cap.max(1)))
    }

    fn build_with(faces: &[GraphFace], cutoff: f32, cap: Option<usize>) -> Result<Self> {
        if !(cutoff.is_finite() && cutoff > 0.0) {
            return Err(Error::Invalid(format!(
                "cutoff {cutoff} must be a positive number"
            )));
        }
        let mut faces = faces.to_vec();
        faces.sort_by_key(|f| f.face_id);
        if let Some(w) = faces.windows(2).find(|w| w[0].face_id == w[1].face_id) {
            return Err(Error::Invalid(format!(
                "face {} appears twice",
                w[0].face_id
            )));
        }
        let n = faces.len();
        // Candidates from the neighbour index (blocked dot products: much faster than
        // pair by pair), with a margin for its rounding; every candidate's distance is
        // then computed exactly, so the rule is `distance < cutoff` to the last bit.
        let descriptors: Vec<crate::face::Descriptor> = faces.iter().map(|f| f.descriptor).collect();
        let kind = if cap.is_some() { IndexKind::Auto } else { IndexKind::Exact };
        let index = NeighbourIndex::build(&descriptors, kind);
        let candidates = index.radius_graph(cutoff + 1e-3, cap.unwrap_or(usize::MAX));
        let mut pairs: Vec<(usize, usize)> = candidates
            .iter()
            .enumerate()
            .flat_map(|(i, list)| list.iter().map(move |&(j, _)| (i.min(j as usize), i.max(j as usize))))
            .filter(|(i, j)| i != j)
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        let edges: Vec<(usize, usize, f32)> = pairs
            .into_par_iter()
            .filter_map(|(i, j)| {
                let d = distance(&faces[i].descriptor, &faces[j].descriptor);
                (d.is_finite() && is_match(d, cutoff)).then_some((i, j, d))
            })
            .collect();
        let mut graph = UnGraph::with_capacity(n, edges.len());
        for i in 0..n {
            graph.add_node(i);
        }
        let mut adj = vec![Vec::new(); n];
        for &(i, j, d) in &edges {
            graph.add_edge(NodeIndex::new(i), NodeIndex::new(j), d);
            adj[i].push((j, d));
            adj[j].push((i, d));
        }
        for a in &mut adj {
            a.sort_by_key(|&(j, _)| j);
        }
        Ok(FaceGraph {
            faces,
            cutoff,
            graph,
            adj,
        })
    }

    pub fn node_count(&self) -> usize {
        self.faces.len()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Edges as (face_id, face_id, distance), smaller id first, sorted.
    pub fn edges(&self) -> Vec<(i64, i64, f32)> {
        let mut out = Vec::with_capacity(self.edge_count());
        for (i, nb) in self.adj.iter().enumerate() {
            for &(j, d) in nb {
                if i < j {
                    out.push((self.faces[i].face_id, self.faces[j].face_id, d));
                }
            }
        }
        out
    }

    /// Groups by person or by cluster: key -> member node indices (ascending).
    pub fn groups(&self, by: GroupBy) -> BTreeMap<GroupKey, Vec<usize>> {
        let mut out: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
        for (i, f) in self.faces.iter().enumerate() {
            if let Some(k) = key_of(f, by) {
                out.entry(k).or_default().push(i);
            }
        }
        out
    }
}

/// What a "group" is: the faces of one person, or of one cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    Person,
    Cluster,
}

/// One person or one cluster.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupKey {
    Person(String),
    Cluster(u32),
}

fn key_of(f: &GraphFace, by: GroupBy) -> Option<GroupKey> {
    match by {
        GroupBy::Person => f.person.clone().map(GroupKey::Person),
        GroupBy::Cluster => f.cluster.map(GroupKey::Cluster),
    }
}

/// One step of a path: the face reached and the distance of the link into it
/// (0 for the first face, which belongs to the group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathStep {
    pub face_id: i64,
    pub link_distance: f32,
}

/// "Is this also P?": a face reachable from group P only through other faces.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MissedMatch {
    pub group: GroupKey,
    pub face_id: i64,
    pub photo_id: i64,
    /// The group the face is in now, if any (same kind as `group`).
    pub current_group: Option<GroupKey>,
    /// Links on the shortest path from the group (>= 2).
    pub hops: usize,
    /// Number of distinct shortest paths from any face of the group.
    pub shortest_paths: u64,
    /// The largest link distance on the best path (the path within `max_hops` whose
    /// largest link is smallest): the weakest link the suggestion rests on.
    pub bottleneck: f32,
    /// That best path, from a face of the group to this face.
    pub path: Vec<PathStep>,
    /// Mean direct distance from this face to the group's faces.
    pub mean_distance: f32,
}

/// Options of [`missed_matches`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct MissedOptions {
    /// Longest path searched, in links (at least 2).
    pub max_hops: usize,
    /// Also suggest faces already in another group of the same kind (another person or
    /// cluster). Without it, only faces with no person (or no cluster) are suggested.
    pub include_assigned: bool,
}

impl Default for MissedOptions {
    fn default() -> Self {
        MissedOptions {
            max_hops: 3,
            include_assigned: true,
        }
    }
}

/// Missed matches of every group, ranked within the whole list by bottleneck
/// (ascending), then number of shortest paths (descending), hops (ascending), face id
/// and group.
pub fn missed_matches(g: &FaceGraph, by: GroupBy, opts: MissedOptions) -> Result<Vec<MissedMatch>> {
    if opts.max_hops < 2 {
        return Err(Error::Invalid("max_hops must be at least 2".into()));
    }
    let mut out = Vec::new();
    for (key, members) in g.groups(by) {
        out.extend(missed_for_group(g, by, &key, &members, opts));
    }
    out.sort_by(|a, b| {
        a.bottleneck
            .total_cmp(&b.bottleneck)
            .then(b.shortest_paths.cmp(&a.shortest_paths))
            .then(a.hops.cmp(&b.hops))
            .then(a.face_id.cmp(&b.face_id))
            .then(a.group.cmp(&b.group))
    });
    Ok(out)
}

/// Missed matches of one group given by its member node indices.
fn missed_for_group(
    g: &FaceGraph,
    by: GroupBy,
    key: &GroupKey,
    members: &[usize],
    opts: MissedOptions,
) -> Vec<MissedMatch> {
    let n = g.node_count();
    let h_max = opts.max_hops;
    let mut in_group = vec![false; n];
    for &m in members {
        in_group[m] = true;
    }
    // Shortest-path counts by multi-source BFS.
    let mut hops = vec![usize::MAX; n];
    let mut count = vec![0u64; n];
    let mut queue = VecDeque::new();
    for &m in members {
        hops[m] = 0;
        count[m] = 1;
        queue.push_back(m);
    }
    // Nodes within reach, so the path search below touches only the neighbourhood.
    let mut reached: Vec<usize> = members.to_vec();
    while let Some(u) = queue.pop_front() {
        if hops[u] >= h_max {
            continue;
        }
        for &(v, _) in &g.adj[u] {
            if hops[v] == usize::MAX {
                hops[v] = hops[u] + 1;
                queue.push_back(v);
                reached.push(v);
            }
            if hops[v] == hops[u] + 1 {
                count[v] = count[v].saturating_add(count[u]);
            }
        }
    }
    reached.sort_unstable(); // index order: ties resolve the same way every run
                             // Minimax (bottleneck) paths with at most h links: best[h][v], parent[h][v]
                             // (CARRY: the value comes from level h-1 unchanged).
    const CARRY: usize = usize::MAX;
    let mut best = vec![vec![f32::INFINITY; n]; h_max + 1];
    let mut parent = vec![vec![CARRY; n]; h_max + 1];
    for &m in members {
        best[0][m] = 0.0;
    }
    for h in 1..=h_max {
        let (lo, hi) = best.split_at_mut(h);
        let (prev, cur) = (&lo[h - 1], &mut hi[0]);
        cur.copy_from_slice(prev);
        for &u in &reached {
            let pu = prev[u];
            if !pu.is_finite() {
                continue;
            }
            for &(v, w) in &g.adj[u] {
                let cand = pu.max(w);
                if cand < cur[v] {
                    cur[v] = cand;
                    parent[h][v] = u;
                }
            }
        }
    }
    let mut out = Vec::new();
    for &v in &reached {
        if in_group[v] || hops[v] < 2 {
            continue; // in the group, unreachable, or directly linked
        }
        let current_group = key_of(&g.faces[v], by);
        if current_group.is_some() && !opts.include_assigned {
            continue;
        }
        // Walk the parents back to a face of the group.
        let mut path = vec![v];
        let (mut h, mut cur) = (h_max, v);
        while h > 0 && !in_group[cur] {
            match parent[h][cur] {
                CARRY => h -= 1,
                p => {
                    path.push(p);
                    cur = p;
                    h -= 1;
                }
            }
        }
        path.reverse();
        let steps = path
            .iter()
            .enumerate()
            .map(|(k, &i)| PathStep {
                face_id: g.faces[i].face_id,
                link_distance: if k == 0 {
                    0.0
                } else {
                    distance(&g.faces[path[k - 1]].descriptor, &g.faces[i].descriptor)
                },
            })
            .collect();
        let mean_distance = members
            .iter()
            .map(|&m| distance(&g.faces[m].descriptor, &g.faces[v].descriptor))
            .sum::<f32>()
            / members.len() as f32;
        out.push(MissedMatch {
            group: key.clone(),
            face_id: g.faces[v].face_id,
            photo_id: g.faces[v].photo_id,
            current_group,
            hops: hops[v],
            shortest_paths: count[v],
            bottleneck: best[h_max][v],
            path: steps,
            mean_distance,
        });
    }
    out
}

/// "This group may be two people": the proposed split of one group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SplitProposal {
    pub group: GroupKey,
    /// The larger side (face ids, ascending).
    pub part_a: Vec<i64>,
    /// The other side.
    pub part_b: Vec<i64>,
    /// Faces of the group with no link to any other face of the group (left out of
    /// the split: outliers, not a second person).
    pub unlinked: Vec<i64>,
    /// Links across the split (face in A, face in B, distance): the bridges.
    pub cut_links: Vec<(i64, i64, f32)>,
    /// Links across / link ends on the smaller side (0 = disconnected, ~0.5 = no
    /// structure).
    pub conductance: f64,
    /// 1 - conductance: higher means more likely two people.
    pub score: f64,
    /// Mean distance inside A, inside B, and between A and B.
    pub mean_distance_a: f32,
    pub mean_distance_b: f32,
    pub mean_distance_between: f32,
}

/// Options of [`wrong_merges`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct SplitOptions {
    /// Smallest side worth proposing.
    pub min_part: usize,
    /// Propose only cuts with at most this conductance.
    pub max_conductance: f64,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            min_part: 2,
            max_conductance: 0.2,
        }
    }
}

/// Split proposals for every group, most convincing (lowest conductance) first.
pub fn wrong_merges(g: &FaceGraph, by: GroupBy, opts: SplitOptions) -> Vec<SplitProposal> {
    let mut out: Vec<SplitProposal> = g
        .groups(by)
        .into_iter()
        .filter_map(|(key, members)| propose_split(g, key, &members, opts))
        .collect();
    out.sort_by(|a, b| {
        a.conductance
            .total_cmp(&b.conductance)
            .then(a.group.cmp(&b.group))
    });
    out
}

/// The lowest-conductance sweep cut of a group's subgraph, if it is low enough.
fn propose_split(
    g: &FaceGraph,
    key: GroupKey,
    members: &[usize],
    opts: SplitOptions,
) -> Option<SplitProposal> {
    let min_part = opts.min_part.max(1);
    // Local indices of the group's subgraph.
    let local: std::collections::HashMap<usize, usize> =
        members.iter().enumerate().map(|(k, &m)| (m, k)).collect();
    let sub: Vec<Vec<usize>> = members
        .iter()
        .map(|&m| {
            g.adj[m]
                .iter()
                .filter_map(|&(j, _)| local.get(&j).copied())
                .collect()
        })
        .collect();
    let linked: Vec<usize> = (0..members.len()).filter(|&k| !sub[k].is_empty()).collect();
    let unlinked: Vec<i64> = (0..members.len())
        .filter(|&k| sub[k].is_empty())
        .map(|k| g.faces[members[k]].face_id)
        .collect();
    if linked.len() < 2 * min_part {
        return None;
    }
    let n = members.len();
    let deg: Vec<f64> = sub.iter().map(|s| s.len() as f64).collect();
    let vol_total: f64 = deg.iter().sum();

    // Power iteration on (I + D^-1/2 A D^-1/2) / 2 with the trivial eigenvector
    // sqrt(deg) projected out converges to the Fiedler direction. A fixed,
    // non-symmetric start keeps the result deterministic.
    let u1: Vec<f64> = deg.iter().map(|d| (d / vol_total).sqrt()).collect();
    let mut x: Vec<f64> = (0..n)
        .map(|k| {
            if deg[k] > 0.0 {
                ((k as f64) * 1.618_034 + 0.5).sin()
            } else {
                0.0
            }
        })
        .collect();
    let project = |x: &mut Vec<f64>| {
        let dot: f64 = x.iter().zip(&u1).map(|(a, b)| a * b).sum();
        for (xi, ui) in x.iter_mut().zip(&u1) {
            *xi -= dot * ui;
        }
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            for xi in x.iter_mut() {
                *xi /= norm;
            }
        }
    };
    project(&mut x);
    // Up to 300 steps; stop early once the direction no longer moves (deterministic
    // either way). A group with a clear weak cut converges in a few dozen steps.
    let inv_sqrt: Vec<f64> = deg.iter().map(|d| if *d > 0.0 { 1.0 / d.sqrt() } else { 0.0 }).collect();
    for _ in 0..300 {
        let mut y = vec![0.0; n];
        for k in 0..n {
            if deg[k] == 0.0 {
                continue;
            }
            let s: f64 = sub[k].iter().map(|&j| x[j] * inv_sqrt[j]).sum();
            y[k] = 0.5 * (x[k] + s * inv_sqrt[k]);
        }
        project(&mut y);
        let moved: f64 = y.iter().zip(&x).map(|(a, b)| (a - b) * (a - b)).sum::<f64>();
        x = y;
        if moved < 1e-18 {
            break;
        }
    }
    let mut order: Vec<usize> = linked.clone();
    let f = |k: usize| x[k] / deg[k].sqrt();
    order.sort_by(|&a, &b| {
        f(a).total_cmp(&f(b)).then(
            g.faces[members[a]]
                .face_id
                .cmp(&g.faces[members[b]].face_id),
        )
    });

    // Sweep: prefixes of the order, cut and volume updated incrementally.
    let mut in_s = vec![false; n];
    let (mut cut, mut vol) = (0.0f64, 0.0f64);
    let mut best: Option<(f64, usize)> = None;
    for (pos, &k) in order.iter().enumerate() {
        let inside = sub[k].iter().filter(|&&j| in_s[j]).count() as f64;
        cut += deg[k] - 2.0 * inside;
        vol += deg[k];
        in_s[k] = true;
        let size = pos + 1;
        if size < min_part || linked.len() - size < min_part {
            continue;
        }
        let phi = cut / vol.min(vol_total - vol);
        if best.is_none_or(|(b, _)| phi < b - 1e-12) {
            best = Some((phi, size));
        }
    }
    let (phi, size) = best?;
    if phi > opts.max_conductance {
        return None;
    }
    let side_s: Vec<usize> = order[..size].to_vec();
    let side_t: Vec<usize> = order[size..].to_vec();
    let ids = |side: &[usize]| {
        let mut v: Vec<i64> = side.iter().map(|&k| g.faces[members[k]].face_id).collect();
        v.sort_unstable();
        v
    };
    let (mut a, mut b) = (side_s, side_t);
    let (ia, ib) = (ids(&a), ids(&b));
    let (part_a, part_b) = if ia.len() > ib.len() || (ia.len() == ib.len() && ia[0] < ib[0]) {
        (ia, ib)
    } else {
        std::mem::swap(&mut a, &mut b);
        (ib, ia)
    };
    let mut in_a = vec![false; n];
    for &k in &a {
        in_a[k] = true;
    }
    let mut cut_links = Vec::new();
    for &k in &a {
        for &j in &sub[k] {
            if !in_a[j] {
                let (fa, fb) = (&g.faces[members[k]], &g.faces[members[j]]);
                cut_links.push((
                    fa.face_id,
                    fb.face_id,
                    distance(&fa.descriptor, &fb.descriptor),
                ));
            }
        }
    }
    cut_links.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    let mean = |p: &[usize], q: &[usize], same: bool| {
        let (mut s, mut c) = (0.0f64, 0u64);
        for (ii, &i) in p.iter().enumerate() {
            let rest = if same { &p[ii + 1..] } else { q };
            for &j in rest {
                s += distance(
                    &g.faces[members[i]].descriptor,
                    &g.faces[members[j]].descriptor,
                ) as f64;
                c += 1;
            }
        }
        if c == 0 {
            0.0
        } else {
            (s / c as f64) as f32
        }
    };
    Some(SplitProposal {
        group: key,
        mean_distance_a: mean(&a, &[], true),
        mean_distance_b: mean(&b, &[], true),
        mean_distance_between: mean(&a, &b, false),
        part_a,
        part_b,
        unlinked,
        cut_links,
        conductance: phi,
        score: 1.0 - phi,
    })
}

/// Everything `kindred graph suggest` shows for one grouping.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GraphSuggestions {
    pub cutoff: f32,
    pub by: GroupBy,
    pub faces: usize,
    pub links: usize,
    pub missed_matches: Vec<MissedMatch>,
    pub splits: Vec<SplitProposal>,
}

/// Builds the graph and runs both finders.
pub fn run_graph_suggest(
    faces: &[GraphFace],
    cutoff: f32,
    by: GroupBy,
    missed: MissedOptions,
    split: SplitOptions,
) -> Result<GraphSuggestions> {
    let g = FaceGraph::build(faces, cutoff)?;
    Ok(GraphSuggestions {
        cutoff,
        by,
        faces: g.node_count(),
        links: g.edge_count(),
        missed_matches: missed_matches(&g, by, missed)?,
        splits: wrong_merges(&g, by, split),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face::Descriptor;

    fn face(id: i64, x: f32, y: f32, person: Option<&str>) -> GraphFace {
        let mut d: Descriptor = [0.0; 128];
        d[0] = x;
        d[1] = y;
        GraphFace {
            face_id: id,
            photo_id: id * 10,
            person: person.map(str::to_string),
            cluster: None,
            descriptor: d,
        }
    }

    #[test]
    fn build_links_below_cutoff_only() {
        let g = FaceGraph::build(
            &[
                face(2, 0.0, 0.0, None),
                face(1, 0.5, 0.0, None),
                face(3, 0.7, 0.0, None),
            ],
            0.6,
        )
        .unwrap();
        let e = g.edges();
        assert_eq!(
            e.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(),
            vec![(1, 2), (1, 3)]
        );
        assert!((e[1].2 - 0.2).abs() < 1e-6);
        assert!(
            FaceGraph::build(&[face(1, 0.0, 0.0, None), face(1, 0.0, 0.0, None)], 0.6).is_err()
        );
    }

    #[test]
    fn the_sparse_graph_keeps_each_face_s_nearest_links() {
        let faces: Vec<GraphFace> = (0..6).map(|i| face(i + 1, 0.1 * i as f32, 0.0, None)).collect();
        let full = FaceGraph::build(&faces, 0.35).unwrap();
        // 0.1 apart in a row: links of 0.1, 0.2 and 0.3.
        assert_eq!(full.edge_count(), 5 + 4 + 3);
        assert_eq!(FaceGraph::build_sparse(&faces, 0.35, 64).unwrap().edges(), full.edges());
        // One link each (a link stays when either end keeps it): 0.1 links only, and
        // every face keeps one (ties between its two 0.1 neighbours go either way).
        let one = FaceGraph::build_sparse(&faces, 0.35, 1).unwrap();
        assert!(one.edges().iter().all(|e| (e.2 - 0.1).abs() < 1e-6), "{:?}", one.edges());
        assert!((3..=5).contains(&one.edge_count()));
        for id in 1..=6 {
            assert!(one.edges().iter().any(|e| e.0 == id || e.1 == id), "face {id} kept no link");
        }
    }

    #[test]
    fn chain_gives_path_and_bottleneck() {
        // P = {1}; 2 linked to 1; 3 linked to 2; 4 linked to 3.
        let faces = [
            face(1, 0.0, 0.0, Some("p")),
            face(2, 0.5, 0.0, None),
            face(3, 1.0, 0.0, None),
            face(4, 1.4, 0.0, None),
        ];
        let g = FaceGraph::build(&faces, 0.55).unwrap();
        let m = missed_matches(
            &g,
            GroupBy::Person,
            MissedOptions {
                max_hops: 3,
                include_assigned: true,
            },
        )
        .unwrap();
        let ids: Vec<i64> = m.iter().map(|x| x.face_id).collect();
        assert_eq!(ids, vec![3, 4]); // 2 is a direct link, not missed
        assert_eq!(m[0].hops, 2);
        let path: Vec<i64> = m[1].path.iter().map(|s| s.face_id).collect();
        assert_eq!(path, vec![1, 2, 3, 4]);
        assert!((m[1].bottleneck - 0.5).abs() < 1e-6);
        let m2 = missed_matches(
            &g,
            GroupBy::Person,
            MissedOptions {
                max_hops: 2,
                include_assigned: true,
            },
        )
        .unwrap();
        assert_eq!(m2.len(), 1);
    }
}
