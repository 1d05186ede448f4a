//! Clustering on synthetic libraries with known identities: every method recovers the
//! people, strangers end as noise, no group holds two faces of one photo, and the elbow
//! finds the true k on well-separated data.
//!
//! The `#[ignore]`d tests are the measurements behind the defaults and the scale figures;
//! run them in release, e.g.
//! `cargo test --release --test cluster -- --ignored --nocapture measure_quality`.

use std::collections::HashMap;

use kindred::cluster::constraints::one_per_photo_holds;
use kindred::cluster::elbow::elbow;
use kindred::cluster::metrics::evaluate;
use kindred::cluster::synthetic::{generate, Synthetic, SyntheticParams};
use kindred::cluster::{
    bench, cluster, plot, DbscanParams, GraphParams, IndexKind, KMeansParams, Method,
    NeighbourIndex, Params,
};
use kindred::face::{Descriptor, DESCRIPTOR_LEN};

fn library(n: usize, seed: u64) -> Synthetic {
    generate(&SyntheticParams::new(n, seed))
}

fn check(g: &Synthetic, params: &Params, min_f1: f64) {
    let c = cluster(&g.descriptors, &g.photo, params).expect("clustering runs");
    let q = evaluate(&g.truth, &c.labels).unwrap();
    println!("{:?}: {q:?}", params.method());
    assert!(
        q.pairwise_f1 >= min_f1,
        "{:?} pairwise F1 {:.3}",
        params.method(),
        q.pairwise_f1
    );
    assert!(
        q.bcubed_f1 >= min_f1,
        "{:?} BCubed F1 {:.3}",
        params.method(),
        q.bcubed_f1
    );
    assert_eq!(
        q.singletons_in_groups, 0,
        "a one-off stranger was put inside a group"
    );
    assert!(one_per_photo_holds(&g.photo, &c.labels));
    // every stranger is noise
    for (t, l) in g.truth.iter().zip(&c.labels) {
        if t.is_none() {
            assert!(l.is_none());
        }
    }
}

#[test]
fn graph_recovers_identities_and_keeps_strangers_out() {
    for seed in [1, 2] {
        check(
            &library(2000, seed),
            &Params::Graph(GraphParams::default()),
            0.95,
        );
    }
}

#[test]
fn dbscan_recovers_identities_and_keeps_strangers_out() {
    for seed in [1, 2] {
        // DBSCAN chains look-alikes together (pairwise precision about 0.97), so its bar is lower
        check(
            &library(2000, seed),
            &Params::Dbscan(DbscanParams::default()),
            0.85,
        );
    }
}

#[test]
fn kmeans_with_true_k_recovers_identities_outliers_are_not_members() {
    // k-means wants groups of similar size: with Zipf sizes it splits the big people
    // (measured pairwise recall 0.3-0.4), so this test uses equal sizes.
    let g = generate(&SyntheticParams {
        zipf_exponent: 0.0,
        ..SyntheticParams::new(2000, 3)
    });
    let p = Params::KMeans(KMeansParams::new(g.identities));
    check(&g, &p, 0.75); // measured 0.77 pairwise, 0.85 BCubed: k-means merges some pairs of people
    let c = cluster(&g.descriptors, &g.photo, &p).unwrap();
    let (dist, out) = (c.centroid_distance.unwrap(), c.outlier.unwrap());
    for i in 0..g.descriptors.len() {
        if dist[i] > 0.5 {
            assert!(out[i]);
        }
        if out[i] {
            assert!(c.labels[i].is_none(), "an outlier is never a member");
        }
    }
    // strangers are far from any centroid: most are flagged outright
    let strangers: Vec<usize> = (0..g.truth.len())
        .filter(|&i| g.truth[i].is_none())
        .collect();
    let flagged = strangers.iter().filter(|&&i| out[i]).count();
    assert!(
        flagged * 10 >= strangers.len() * 9,
        "{flagged}/{} strangers flagged",
        strangers.len()
    );
}

#[test]
fn approximate_indexes_give_nearly_the_same_clustering() {
    let g = library(3000, 4);
    let exact = Params::Graph(GraphParams {
        index: IndexKind::Exact,
        ..GraphParams::default()
    });
    let hnsw = Params::Graph(GraphParams {
        index: IndexKind::Hnsw,
        ..GraphParams::default()
    });
    let a = cluster(&g.descriptors, &g.photo, &exact).unwrap();
    let b = cluster(&g.descriptors, &g.photo, &hnsw).unwrap();
    let agree = evaluate(&a.labels, &b.labels).unwrap();
    assert!(agree.bcubed_f1 > 0.97, "exact vs hnsw {agree:?}");
    let ivf = Params::Graph(GraphParams {
        index: IndexKind::Ivf,
        ..GraphParams::default()
    });
    let c = cluster(&g.descriptors, &g.photo, &ivf).unwrap();
    let agree = evaluate(&a.labels, &c.labels).unwrap();
    assert!(agree.bcubed_f1 > 0.97, "exact vs ivf {agree:?}");
}

#[test]
fn two_faces_of_one_photo_never_share_a_group() {
    // Force clashes: put pairs of faces of the same person into one photo.
    let mut g = library(1500, 5);
    let mut first: HashMap<u32, usize> = HashMap::new();
    let mut forced = 0;
    for i in 0..g.truth.len() {
        if let Some(t) = g.truth[i] {
            match first.get(&t) {
                Some(&j) if forced < 60 => {
                    g.photo[i] = g.photo[j];
                    first.remove(&t);
                    forced += 1;
                }
                _ => {
                    first.insert(t, i);
                }
            }
        }
    }
    assert!(forced >= 30);
    for method in Method::ALL {
        let p = Params::defaults_for(method, g.identities);
        let c = cluster(&g.descriptors, &g.photo, &p).unwrap();
        assert!(one_per_photo_holds(&g.photo, &c.labels), "{method:?}");
        // Average linkage never joins groups sharing a photo, so it has nothing for the
        // post-step to move; the others resolve clashes after the fact.
        if method != Method::Linkage {
            assert!(
                c.moved_by_photo_rule > 0,
                "{method:?}: clashes must have been resolved"
            );
        }
    }
}

#[test]
fn min_group_size_sends_small_groups_to_noise() {
    let g = library(2000, 6);
    let p = Params::Graph(GraphParams {
        min_group_size: Some(40),
        ..GraphParams::default()
    });
    let c = cluster(&g.descriptors, &g.photo, &p).unwrap();
    let mut size: HashMap<u32, usize> = HashMap::new();
    for l in c.labels.iter().flatten() {
        *size.entry(*l).or_default() += 1;
    }
    assert!(!size.is_empty() && size.values().all(|&s| s >= 40));
    assert_eq!(c.min_group_size, 40);
    let d = cluster(&g.descriptors, &g.photo, &Params::Graph(GraphParams::default())).unwrap();
    assert_eq!(
        d.min_group_size, 4,
        "graph, adaptive: 2000 faces -> ceil(log10) = 4"
    );
    assert!(d.cluster_count() > c.cluster_count());
    // The default (average linkage) keeps pairs: a cousin seen twice is a person.
    let l = cluster(&g.descriptors, &g.photo, &Params::default()).unwrap();
    assert_eq!(l.min_group_size, 2);
}

/// `k` people far apart (centres 1.5 apart on separate axes), 30 faces each, no strangers.
fn separated(k: usize) -> Vec<Descriptor> {
    let mut out = Vec::new();
    let mut state = 12345u64;
    let mut noise = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f32 / (1u64 << 31) as f32 - 0.5) * 0.05
    };
    for p in 0..k {
        for _ in 0..30 {
            let mut d = [0f32; DESCRIPTOR_LEN];
            for (j, x) in d.iter_mut().enumerate() {
                *x = noise() + if j == p { 1.5 } else { 0.0 };
            }
            out.push(d);
        }
    }
    out
}

#[test]
fn elbow_knee_is_the_true_k_on_separated_data() {
    let d = separated(6);
    let e = elbow(&d, 2, 14, 3, 7).unwrap();
    assert_eq!(e.points.len(), 13);
    assert!(e
        .points
        .windows(2)
        .all(|w| w[1].inertia <= w[0].inertia * 1.05));
    assert_eq!(e.knee, Some(6), "{:?}", e.points);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("elbow.svg");
    plot::write_elbow_svg(&e, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("knee k=6"));
    assert!(elbow(&d, 5, 2, 1, 0).is_err());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let g = library(50, 8);
    assert!(cluster(&g.descriptors, &g.photo[..10], &Params::default()).is_err());
    let mut bad = g.descriptors.clone();
    bad[3][7] = f32::NAN;
    assert!(cluster(&bad, &g.photo, &Params::default()).is_err());
    assert!(cluster(
        &g.descriptors,
        &g.photo,
        &Params::KMeans(KMeansParams::new(0))
    )
    .is_err());
    assert!(cluster(
        &g.descriptors,
        &g.photo,
        &Params::KMeans(KMeansParams::new(51))
    )
    .is_err());
    let empty = cluster(&[], &[], &Params::default()).unwrap();
    assert!(empty.labels.is_empty());
    let one = cluster(
        &g.descriptors[..1],
        &g.photo[..1],
        &Params::Dbscan(DbscanParams::default()),
    )
    .unwrap();
    assert_eq!(one.labels, vec![None]);
}

// ---------------------------------------------------------------- measurements

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `KINDRED_BENCH_FACES=100000 KINDRED_BENCH_METHOD=graph` (one method per process, so
/// that peak memory is that method's).
#[test]
#[ignore]
fn measure_bench() {
    let n = env_usize("KINDRED_BENCH_FACES", 10_000);
    let m: Method = std::env::var("KINDRED_BENCH_METHOD")
        .unwrap_or("graph".into())
        .parse()
        .unwrap();
    let r = bench::bench_cluster(n, m).unwrap();
    println!("BENCH {}", serde_json::to_string(&r).unwrap());
}

/// All-pairs radius graph, exact vs HNSW: `KINDRED_BENCH_FACES`, `KINDRED_INDEX=exact|hnsw|ivf`.
#[test]
#[ignore]
fn measure_index() {
    let n = env_usize("KINDRED_BENCH_FACES", 10_000);
    let kind = match std::env::var("KINDRED_INDEX").as_deref() {
        Ok("hnsw") => IndexKind::Hnsw,
        Ok("ivf") => IndexKind::Ivf,
        _ => IndexKind::Exact,
    };
    let g = library(n, 1);
    let t = std::time::Instant::now();
    let idx = NeighbourIndex::build(&g.descriptors, kind);
    let build = t.elapsed().as_secs_f64();
    println!(
        "ivf shape (cells, largest cell, largest candidates): {:?}",
        idx.ivf_shape()
    );
    let t = std::time::Instant::now();
    let graph = idx.radius_graph(0.5, 64);
    let query = t.elapsed().as_secs_f64();
    let edges: usize = graph.iter().map(|v| v.len()).sum();
    println!(
        "INDEX {kind:?} n={n} build={build:.2}s radius_graph={query:.2}s edges={edges} peak={:?}MiB",
        kindred::memory::peak_rss_bytes().map(|b| b as f64 / (1024.0 * 1024.0))
    );
}

fn print_row(name: &str, r: &bench::MethodReport) {
    let q = &r.quality;
    println!(
        "{name:<34} pair P/R/F1 {:.3}/{:.3}/{:.3}  BCubed P/R/F1 {:.3}/{:.3}/{:.3}  clusters {:>4} noise {:>5} strangers-in-groups {} ({:.2}s)",
        q.pairwise_precision,
        q.pairwise_recall,
        q.pairwise_f1,
        q.bcubed_precision,
        q.bcubed_recall,
        q.bcubed_f1,
        q.clusters,
        q.noise,
        q.singletons_in_groups,
        r.seconds
    );
}

fn sweep(
    descs: &[Descriptor],
    photo: &[i64],
    truth: &[Option<u32>],
    k: usize,
    only: Option<&[bool]>,
) {
    let score = |p: Params| {
        let mut r = bench::run_scored(descs, photo, truth, p).unwrap();
        if let Some(mask) = only {
            // score only the labelled faces (cluster with all)
            let c = cluster(descs, photo, &r.params).unwrap();
            let t: Vec<_> = truth
                .iter()
                .zip(mask)
                .filter(|x| *x.1)
                .map(|x| *x.0)
                .collect();
            let l: Vec<_> = c
                .labels
                .iter()
                .zip(mask)
                .filter(|x| *x.1)
                .map(|x| *x.0)
                .collect();
            r.quality = evaluate(&t, &l).unwrap();
        }
        r
    };
    for cut in [0.5f32, 0.55, 0.6] {
        let p = Params::KMeans(KMeansParams {
            outlier_cutoff: cut,
            ..KMeansParams::new(k)
        });
        print_row(&format!("kmeans k={k} cutoff={cut}"), &score(p));
    }
    for eps in [0.4f32, 0.45, 0.5, 0.55, 0.6] {
        for ms in [2usize, 3, 4] {
            let p = Params::Dbscan(DbscanParams {
                eps,
                min_samples: ms,
                ..DbscanParams::default()
            });
            print_row(&format!("dbscan eps={eps} min_samples={ms}"), &score(p));
        }
    }
    for cut in [0.4f32, 0.45, 0.5, 0.55, 0.6] {
        for weighted in [false, true] {
            let p = Params::Graph(GraphParams {
                cutoff: cut,
                weighted,
                ..GraphParams::default()
            });
            print_row(
                &format!("graph cutoff={cut} weighted={weighted}"),
                &score(p),
            );
        }
    }
}

/// Parameter sweep on synthetic libraries: `KINDRED_BENCH_FACES` (default 5000), seeds 1-3.
#[test]
#[ignore]
fn measure_quality() {
    let n = env_usize("KINDRED_BENCH_FACES", 5000);
    for seed in 1..=3 {
        let g = library(n, seed);
        println!("== synthetic n={n} seed={seed} identities={}", g.identities);
        sweep(&g.descriptors, &g.photo, &g.truth, g.identities, None);
    }
}

/// Sweep on real descriptors from face_recognition: `KINDRED_REAL_DESCRIPTORS=file.tsv`
/// (file, identity or empty, 128 numbers). Faces with an empty identity are clustered
/// but not scored; an identity seen once is a stranger.
#[test]
#[ignore]
fn measure_real() {
    let Ok(path) = std::env::var("KINDRED_REAL_DESCRIPTORS") else {
        println!("KINDRED_REAL_DESCRIPTORS not set: skipped");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let (mut descs, mut files, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        let mut f = line.split('\t');
        let (file, id, nums) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let mut d = [0f32; DESCRIPTOR_LEN];
        for (x, v) in d.iter_mut().zip(nums.split(' ')) {
            *x = v.parse().unwrap();
        }
        descs.push(d);
        files.push(file.to_string());
        ids.push(id.to_string());
    }
    let mut photo_of: HashMap<String, i64> = HashMap::new();
    let photo: Vec<i64> = files
        .iter()
        .map(|f| {
            let n = photo_of.len() as i64;
            *photo_of.entry(f.clone()).or_insert(n)
        })
        .collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in ids.iter().filter(|i| !i.is_empty()) {
        *count.entry(id).or_default() += 1;
    }
    let mut names: Vec<&str> = count.keys().copied().collect();
    names.sort();
    let truth: Vec<Option<u32>> = ids
        .iter()
        .map(|i| {
            (count.get(i.as_str()).copied().unwrap_or(0) >= 2)
                .then(|| names.iter().position(|n| n == i).unwrap() as u32)
        })
        .collect();
    let mask: Vec<bool> = ids.iter().map(|i| !i.is_empty()).collect();
    let k = names.iter().filter(|n| count[*n] >= 2).count();
    println!(
        "== real: {} faces, {} labelled, {k} recurring identities",
        descs.len(),
        mask.iter().filter(|m| **m).count()
    );
    sweep(&descs, &photo, &truth, k, Some(&mask));
    let e = elbow(&descs, 2, 20, 3, 1).unwrap();
    println!(
        "elbow knee {:?}: {:?}",
        e.knee,
        e.points
            .iter()
            .map(|p| (p.k, p.inertia))
            .collect::<Vec<_>>()
    );
}
