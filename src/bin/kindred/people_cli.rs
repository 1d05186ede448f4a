//! The clustering, people, search and eval subcommands of `kindred`: argument shapes
//! and printing only; every decision is a call into the core crate.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;

use kindred::cluster::{Method, Params};
use kindred::people::{self, FactKind};
use kindred::store::{FaceId, Store};

#[derive(Subcommand)]
pub enum PeopleCommand {
    /// People with their face counts, unnamed clusters and the unknown bucket.
    List,
    /// Faces of a person (confirmed, assigned, suggested) or of a cluster.
    Show {
        /// A person's name, or a cluster number with --cluster.
        target: String,
        #[arg(long)]
        cluster: bool,
    },
    /// Name clusters of the latest run (several clusters: they become one person).
    Name {
        name: String,
        #[arg(long = "cluster", required = true, value_delimiter = ',')]
        clusters: Vec<u32>,
    },
    /// Give a person a new name.
    Rename { old: String, new: String },
    /// Merge people and unnamed clusters into one person (INTO is created if new);
    /// one change, undone as one.
    Merge {
        into: String,
        from: Vec<String>,
        /// Unnamed clusters of the latest run to merge in too.
        #[arg(long = "cluster", value_delimiter = ',')]
        clusters: Vec<u32>,
    },
    /// Make the given faces a new person (NAME, or "Person N").
    Split {
        #[arg(long, required = true, value_delimiter = ',')]
        faces: Vec<i64>,
        #[arg(long)]
        name: Option<String>,
    },
    /// These faces are NAME (created if new).
    Move {
        name: String,
        #[arg(long, required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// These faces are not NAME; never suggested as NAME again.
    Not {
        name: String,
        #[arg(long, required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// These faces are strangers: out of every group.
    Stranger {
        #[arg(required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// Ignore these faces (posters, screens, bad detections).
    Ignore {
        #[arg(required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// Withdraw every decision about these faces.
    Forget {
        #[arg(required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// Accept the machine's guess for these faces.
    Accept {
        #[arg(required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// Reject the machine's guess for these faces (for good).
    Reject {
        #[arg(required = true, value_delimiter = ',')]
        faces: Vec<i64>,
    },
    /// Unknown faces most like NAME, nearest first.
    Review {
        name: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Faces outside every group: `unknown`, `strangers` or `ignored`.
    Bucket { which: String },
    /// Add a face the detector missed: a box in pixels of the upright photo.
    Draw {
        /// Photo id (see `kindred export` or `people show`).
        photo: i64,
        /// left,top,right,bottom
        #[arg(long = "box", required = true, value_delimiter = ',', allow_hyphen_values = true)]
        rect: Vec<f32>,
        /// Confirm the new face as this person.
        #[arg(long)]
        name: Option<String>,
    },
    /// A proposed split was wrong: these two sets of faces are one person.
    Keep {
        #[arg(long, required = true, value_delimiter = ',')]
        a: Vec<i64>,
        #[arg(long, required = true, value_delimiter = ',')]
        b: Vec<i64>,
    },
    /// Undo the latest change.
    Undo,
    /// The latest changes, newest first.
    History {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

impl PeopleCommand {
    /// Whether the subcommand only reads the library (it then works on a read-only one).
    pub fn only_reads(&self) -> bool {
        matches!(
            self,
            PeopleCommand::List
                | PeopleCommand::Show { .. }
                | PeopleCommand::Review { .. }
                | PeopleCommand::Bucket { .. }
                | PeopleCommand::History { .. }
        )
    }
}

fn ids(v: &[i64]) -> Vec<FaceId> {
    v.iter().copied().map(FaceId).collect()
}

fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(())
}

/// Clustering parameters from the command line; unset values keep the method's defaults.
pub fn cluster_params(
    method: &str,
    k: Option<usize>,
    eps: Option<f32>,
    min_samples: Option<usize>,
    cutoff: Option<f32>,
    min_group: Option<usize>,
) -> anyhow::Result<Params> {
    let method: Method = method.parse()?;
    if method == Method::KMeans && k.is_none() {
        anyhow::bail!("k-means needs --k (`kindred elbow` suggests one)");
    }
    let mut params = Params::defaults_for(method, k.unwrap_or(1));
    match &mut params {
        Params::KMeans(p) => p.min_group_size = min_group.or(p.min_group_size),
        Params::Dbscan(p) => {
            p.eps = eps.unwrap_or(p.eps);
            p.min_samples = min_samples.unwrap_or(p.min_samples);
            p.min_group_size = min_group.or(p.min_group_size);
        }
        Params::Graph(p) => {
            p.cutoff = cutoff.unwrap_or(p.cutoff);
            p.min_group_size = min_group.or(p.min_group_size);
        }
        Params::Linkage(p) => {
            p.group_cutoff = cutoff.unwrap_or(p.group_cutoff);
            p.min_group_size = min_group.or(p.min_group_size);
        }
    }
    Ok(params)
}

pub fn cluster(store: &mut Store, params: &Params, quality_line: f32, json: bool) -> anyhow::Result<()> {
    let run = kindred::library::recluster_with(store, params, quality_line)?;
    if json {
        return print_json(&run);
    }
    println!(
        "quality line {:.2}: {} faces below it take no part in grouping (they stay unknown)",
        run.quality_line, run.held_back
    );
    if run.older_model_faces > 0 {
        eprintln!(
            "warning: {} faces of an older descriptor model take no part: `kindred scan` describes them again",
            run.older_model_faces
        );
    }
    println!(
        "{}: {} faces -> {} clusters, {} noise (min group {}, {} moved by the one-per-photo rule) in {:.2} s",
        params.method().name(),
        run.faces,
        run.clusters,
        run.noise,
        run.min_group_size,
        run.moved_by_photo_rule,
        run.seconds
    );
    println!(
        "people: {} faces assigned, {} suggestions",
        run.guesses.assigned, run.guesses.suggested
    );
    Ok(())
}

pub fn elbow(store: &Store, kmin: usize, kmax: usize, svg: Option<&Path>) -> anyhow::Result<()> {
    let faces = kindred::library::load_faces(store)?;
    let e = kindred::cluster::elbow::elbow(&faces.descriptors, kmin, kmax, 3, 42)?;
    println!("k\tcost");
    for p in &e.points {
        let mark = if Some(p.k) == e.knee { "\t<- knee" } else { "" };
        println!("{}\t{:.4}{mark}", p.k, p.inertia);
    }
    match e.knee {
        Some(k) => println!("suggested k: {k}"),
        None => println!("no clear knee in {kmin}..{kmax}"),
    }
    if let Some(path) = svg {
        kindred::cluster::plot::write_elbow_svg(&e, path)?;
        println!("plot written to {}", path.display());
    }
    Ok(())
}

fn print_result(r: &people::ActionResult, json: bool) -> anyhow::Result<()> {
    if json {
        return print_json(r);
    }
    println!("{} faces changed", r.changed);
    for (face, why) in &r.skipped {
        println!("  face {} left alone: {why}", face.0);
    }
    Ok(())
}

pub fn people(store: &mut Store, what: PeopleCommand, json: bool) -> anyhow::Result<()> {
    use PeopleCommand as C;
    let result = match what {
        C::List => {
            let o = people::list_people(store)?;
            if json {
                return print_json(&o);
            }
            println!("person\tconfirmed\tassigned\tsuggested\tphotos");
            for p in &o.people {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    p.name, p.confirmed, p.assigned, p.suggested, p.photos
                );
            }
            println!("\nunnamed cluster\tfaces\tsample faces");
            for c in &o.clusters {
                let sample: Vec<String> = c.sample.iter().map(|f| f.0.to_string()).collect();
                println!("{}\t{}\t{}", c.label, c.size, sample.join(","));
            }
            println!(
                "\nunknown {}, strangers {}, ignored {}",
                o.unknown, o.strangers, o.ignored
            );
            return Ok(());
        }
        C::Show { target, cluster } => {
            let faces = if cluster {
                people::faces_of_cluster(store, target.parse()?)?
            } else {
                people::faces_of_person(store, &target)?
            };
            if json {
                return print_json(&faces);
            }
            println!("face\tphoto\tstatus\tdistance\tconfidence");
            for f in &faces {
                let num = |v: Option<f32>| v.map(|v| format!("{v:.3}")).unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    f.face_id.0,
                    f.photo_id,
                    f.status,
                    num(f.distance),
                    num(f.confidence)
                );
            }
            return Ok(());
        }
        C::Name { name, clusters } => people::name_clusters(store, &clusters, &name)?,
        C::Rename { old, new } => {
            people::rename_person(store, &old, &new)?;
            println!("renamed {old} to {new}");
            return Ok(());
        }
        C::Merge { into, from, clusters } => {
            let from: Vec<&str> = from.iter().map(String::as_str).collect();
            people::merge_groups(store, &into, &clusters, &from)?
        }
        C::Bucket { which } => {
            let bucket = match which.as_str() {
                "unknown" => people::Bucket::Unknown,
                "strangers" => people::Bucket::Strangers,
                "ignored" => people::Bucket::Ignored,
                other => anyhow::bail!("bucket must be unknown, strangers or ignored, not {other}"),
            };
            let faces = people::faces_in_bucket(store, bucket)?;
            if json {
                return print_json(&faces);
            }
            println!("face\tphoto\tstatus");
            for f in &faces {
                println!("{}\t{}\t{}", f.face_id.0, f.photo_id, f.status);
            }
            return Ok(());
        }
        C::Draw { photo, rect, name } => {
            let mut pipeline = kindred::pipeline::FacePipeline::new(&kindred::runtime::models_dir(), 1, Default::default())?;
            let [l, t, r, b] = rect[..] else {
                anyhow::bail!("--box needs four numbers: left,top,right,bottom");
            };
            let r = kindred::geometry::Rect::new(l, t, r, b);
            let (face, result) = kindred::library::manual::draw_face(
                store,
                &mut pipeline,
                kindred::store::PhotoId(photo),
                r,
                name.as_deref(),
            )?;
            if json {
                return print_json(&serde_json::json!({ "face_id": face.0, "result": result }));
            }
            println!("added face {} to photo {photo}", face.0);
            result
        }
        C::Keep { a, b } => {
            let id = people::keep_together(store, &ids(&a), &ids(&b))?;
            println!("kept together ({id})");
            return Ok(());
        }
        C::Split { faces, name } => people::split_faces(store, &ids(&faces), name.as_deref())?,
        C::Move { name, faces } => people::move_faces(store, &ids(&faces), &name)?,
        C::Not { name, faces } => people::reject_faces(store, &ids(&faces), &name)?,
        C::Stranger { faces } => people::mark_faces(store, &ids(&faces), FactKind::Stranger)?,
        C::Ignore { faces } => people::mark_faces(store, &ids(&faces), FactKind::Ignored)?,
        C::Forget { faces } => people::forget_faces(store, &ids(&faces))?,
        C::Accept { faces } => people::accept_suggestions(store, &ids(&faces))?,
        C::Reject { faces } => people::reject_suggestions(store, &ids(&faces))?,
        C::Review { name, limit } => {
            let items = people::review_queue(store, &name, limit)?;
            if json {
                return print_json(&items);
            }
            println!("face\tphoto\tdistance\tguess");
            for i in &items {
                let guess = i
                    .guess
                    .as_ref()
                    .map(|(n, k)| format!("{k} {n}"))
                    .unwrap_or_default();
                println!(
                    "{}\t{}\t{:.3}\t{guess}",
                    i.face_id.0, i.photo_id, i.distance
                );
            }
            return Ok(());
        }
        C::Undo => {
            let r = people::undo(store)?;
            if json {
                return print_json(&r);
            }
            println!("undone: {} ({})", r.action.summary, r.action.kind);
            return Ok(());
        }
        C::History { limit } => {
            let h = people::history::history(store, limit)?;
            if json {
                return print_json(&h);
            }
            for a in &h {
                let undone = if a.undone { " (undone)" } else { "" };
                println!("{}\t{}\t{}{undone}", a.id, a.kind, a.summary);
            }
            return Ok(());
        }
    };
    print_result(&result, json)
}

pub fn search(store: &Store, q: &kindred::search::PeopleQuery, json: bool) -> anyhow::Result<()> {
    let hits = kindred::search::search_people(store, q)?;
    if json {
        return print_json(&hits);
    }
    for h in &hits {
        println!(
            "{}\t{}\t{}",
            h.path.as_deref().unwrap_or("(no present file)"),
            h.taken_at.as_deref().unwrap_or(""),
            h.people.join(", ")
        );
    }
    eprintln!("{} photos", hits.len());
    Ok(())
}

pub fn search_like(store: &Store, photo: &Path, limit: usize, json: bool) -> anyhow::Result<()> {
    // One photo: every core goes to ONNX Runtime inside its runs, and the models load
    // while the index is read.
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let plan = kindred::parallel_photos::WorkerPlan::for_files(1, cores);
    let (index, pipeline) = std::thread::scope(|s| {
        let loading = s.spawn(|| {
            kindred::pipeline::FacePipeline::new(&kindred::runtime::models_dir(), plan.intra_threads, Default::default())
        });
        let index = kindred::search::DescriptorIndex::load(store);
        (index, loading.join())
    });
    let index = index?;
    let mut pipeline = pipeline.map_err(|_| anyhow::anyhow!("loading the models panicked"))??;
    let hits = kindred::search::search_like(store, &index, &mut pipeline, photo, limit)?;
    if json {
        return print_json(&hits);
    }
    println!("query face\tdistance\tface\tperson\tfile");
    for h in &hits {
        println!(
            "{}\t{:.3}\t{}\t{}\t{}",
            h.query_face,
            h.distance,
            h.face_id.0,
            h.person.as_deref().unwrap_or(""),
            h.path.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

pub fn eval(store: &Store, labels: &Path, pick: &str, stored_only: bool, json: bool) -> anyhow::Result<()> {
    let report = kindred::library::evaluate_labels(store, labels, pick.parse()?, stored_only)?;
    if json {
        return print_json(&report);
    }
    println!(
        "{} labelled faces ({} face of each photo), {} labelled files without a face",
        report.labelled_faces,
        pick,
        report.unmatched
    );
    println!("grouping\tfaces\theld back\tpair P\tpair R\tBCubed P\tBCubed R\tBCubed F1\tgroups\tseen once with others\twith another person\ttop-10 purity (min)\ttop-20 mixed\trecall 5+\tbystanders in groups\tseconds");
    for r in &report.rows {
        let q = &r.score.quality;
        let min_purity = r.score.top10_purity.iter().copied().fold(1.0, f64::min);
        println!(
            "{}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{}\t{} of {}\t{}\t{:.3}\t{}\t{:.3} ({} people)\t{}\t{:.1}",
            r.grouping,
            r.faces,
            r.held_back,
            q.pairwise_precision,
            q.pairwise_recall,
            q.bcubed_precision,
            q.bcubed_recall,
            q.bcubed_f1,
            q.clusters,
            r.score.seen_once_with_others,
            r.score.seen_once,
            r.score.seen_once_with_another_person,
            min_purity,
            r.score.top20_mixed,
            r.score.recall_5plus,
            r.score.people_5plus,
            r.score.unlabelled_in_groups,
            r.seconds
        );
    }
    Ok(())
}

pub fn bench_cluster(faces: &[usize], method: Option<&str>) -> anyhow::Result<()> {
    let methods: Vec<Method> = match method {
        Some(m) => vec![m.parse()?],
        None => Method::ALL.to_vec(),
    };
    for &n in faces {
        for &m in &methods {
            let r = kindred::cluster::bench::bench_cluster(n, m)?;
            println!(
                "{} faces, {}: cluster {:.2} s (generate {:.2} s), peak RSS {}, {} clusters, {} noise, BCubed F1 {:.3}, strangers in groups {}",
                r.n_faces,
                m.name(),
                r.cluster_seconds,
                r.generate_seconds,
                r.peak_rss_mib.map(|v| format!("{v:.0} MiB")).unwrap_or_else(|| "n/a".into()),
                r.clusters,
                r.noise,
                r.quality.bcubed_f1,
                r.quality.singletons_in_groups
            );
        }
    }
    Ok(())
}

pub fn bench_search(faces: usize) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("kindred-bench-search-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let r = kindred::search::bench::bench_search(&dir.join("bench.sqlite3"), faces);
    let _ = std::fs::remove_dir_all(&dir);
    let r = r?;
    println!(
        "{} faces: library built in {:.1} s; one-time loads: people index {:.1} ms, descriptor index {:.1} ms",
        r.faces, r.build_seconds, r.load_people_ms, r.load_index_ms
    );
    println!(
        "re-cluster (default method, store, guesses): {:.1} s",
        r.recluster_seconds
    );
    println!(
        "refresh of automatic assignments: {:.0} ms ({} assigned, {} suggested)",
        r.refresh_guesses_ms, r.guesses.assigned, r.guesses.suggested
    );
    for t in &r.timings {
        println!(
            "{:<24} {:>6} results  {:>8.2} ms",
            t.what, t.photos, t.milliseconds
        );
    }
    Ok(())
}
