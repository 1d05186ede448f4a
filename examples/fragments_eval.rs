// Measures the fragment join of graph clustering (GraphParams::merge_fragments) on
// synthetic faces: BCubed precision/recall/F1 and strangers put in groups, per seed and
// threshold. `cargo run --release --example fragments_eval -- 5000 1,2,3`
use kindred::cluster::metrics::evaluate;
use kindred::cluster::synthetic::{generate, SyntheticParams};
use kindred::cluster::{cluster, GraphParams, Params};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5000);
    let seeds: Vec<u64> = args.get(2).map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect()).unwrap_or(vec![1, 2, 3]);
    let cutoffs: Vec<f32> = args.get(3).map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect()).unwrap_or(vec![0.5]);
    for &cutoff in &cutoffs {
        for &seed in &seeds {
            let g = generate(&SyntheticParams::new(n, seed));
            for t in [None, Some(0.3), Some(0.35), Some(0.4), Some(0.45), Some(0.5)] {
                let p = Params::Graph(GraphParams { cutoff, merge_fragments: t, ..GraphParams::default() });
                let c = cluster(&g.descriptors, &g.photo, &p).unwrap();
                let q = evaluate(&g.truth, &c.labels).unwrap();
                println!(
                    "n {n} cutoff {cutoff:.2} seed {seed} join {:<5} BCubed P {:.4} R {:.4} F1 {:.4} pairwise F1 {:.4} clusters {} noise {} strangers-in-groups {}",
                    t.map_or("off".to_string(), |v| format!("{v:.2}")),
                    q.bcubed_precision, q.bcubed_recall, q.bcubed_f1, q.pairwise_f1, q.clusters, q.noise, q.singletons_in_groups
                );
            }
        }
    }
}
