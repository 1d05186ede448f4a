//! The `kindred` command line: a thin layer over the core crate. One `Command` variant
//! per subcommand; each parses its arguments and calls one core entry point.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use kindred::scan::bench::{bench_scan, make_bench_library};
use kindred::scan::synthetic::SyntheticAnalyzer;
use kindred::scan::{scan_folders, PhotoAnalyzer, Progress, ScanOptions};
use kindred::pipeline::{FacePipeline, PipelineOptions, SharedModels};
use kindred::runtime;
use kindred::store::{export, ExportFormat, Store};
use std::sync::{Mutex, OnceLock};

// Clustering, people, search and eval commands.
#[path = "kindred/people_cli.rs"]
mod people_cli;

/// Set by Ctrl-C: long commands stop cleanly after their current batch.
static CANCEL: AtomicBool = AtomicBool::new(false);

#[derive(Parser)]
#[command(
    name = "kindred",
    version,
    about = "Find the people in a photo library, offline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan folders into the library database (incremental; Ctrl-C stops cleanly).
    Scan {
        /// Folders to scan, recursively.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Database file (default: in the platform's app-data directory).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(long)]
        workers: Option<usize>,
    },
    /// List the files a scan could not analyse, with the reason.
    Skipped {
        #[arg(long)]
        db: Option<PathBuf>,
        /// Print JSON instead of tab-separated lines.
        #[arg(long)]
        json: bool,
    },
    /// Export every face (file, box, encoding, ids) as CSV or JSON.
    Export {
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long)]
        db: Option<PathBuf>,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Find the faces in photos: one JSON line per face (file, box, landmarks, score,
    /// descriptor).
    Faces {
        #[arg(required = true)]
        photos: Vec<PathBuf>,
    },
    /// How well faces match at each distance cutoff, from labelled faces: precision,
    /// recall, accuracy, F1 for cutoffs 0.30..0.70, ROC AUC, and the cutoff reaching a
    /// target precision.
    Calibrate {
        /// CSV with columns file,identity (the largest face of each file is used).
        #[arg(long, required_unless_present = "people", conflicts_with = "people")]
        labels: Option<PathBuf>,
        /// Use the faces confirmed as people in the library instead of a labels CSV.
        #[arg(long)]
        people: bool,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value_t = 0.95)]
        target_precision: f64,
        /// Write the precision/recall plot here (SVG).
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Print JSON instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Compare two photos (closest pair of faces) or two stored faces (`face:ID`):
    /// distance, same/different at the cutoff, and how sure.
    Compare {
        a: String,
        b: String,
        #[arg(long, default_value_t = kindred::insight::DEFAULT_CUTOFF)]
        cutoff: f32,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Verification report on a labelled set: accuracy, precision, recall, F1 at a
    /// cutoff, with the wrong pairs (as pictures in the HTML report).
    Verify {
        /// CSV with columns file,identity.
        #[arg(long, required_unless_present = "people", conflicts_with = "people")]
        labels: Option<PathBuf>,
        /// Use the faces confirmed as people in the library instead of a labels CSV.
        #[arg(long)]
        people: bool,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value_t = kindred::insight::DEFAULT_CUTOFF)]
        cutoff: f32,
        /// Write a standalone HTML report with the face pictures of the wrong pairs.
        #[arg(long)]
        html: Option<PathBuf>,
        /// How many wrong pairs of each kind to list.
        #[arg(long, default_value_t = 50)]
        max_pairs: usize,
    },
    /// Cluster every face and map the clusters to people (facts are kept).
    Cluster {
        /// linkage (the default: average linkage that does not chain), graph (Chinese
        /// whispers), dbscan or kmeans.
        #[arg(long, default_value = "linkage")]
        method: String,
        /// k-means: number of clusters (see `kindred elbow`).
        #[arg(long)]
        k: Option<usize>,
        /// DBSCAN: neighbourhood radius (euclidean).
        #[arg(long)]
        eps: Option<f32>,
        /// DBSCAN: neighbours needed for a core face.
        #[arg(long)]
        min_samples: Option<usize>,
        /// Graph: edge cutoff; linkage: the group cutoff (euclidean).
        #[arg(long)]
        cutoff: Option<f32>,
        /// Smallest group kept (default: 2 for linkage, else adapts to the library size).
        #[arg(long)]
        min_group: Option<usize>,
        /// Faces of lower quality (0-1: cut by the photo's edge, tiny, turned away,
        /// doubtful) take no part in grouping and stay unknown.
        #[arg(long, default_value_t = kindred::face_quality::QUALITY_LINE)]
        quality_line: f32,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// k-means cost for every k in a range, with the suggested knee.
    Elbow {
        #[arg(long, default_value_t = 2)]
        kmin: usize,
        #[arg(long, default_value_t = 20)]
        kmax: usize,
        /// Also write the plot as SVG.
        #[arg(long)]
        svg: Option<PathBuf>,
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Name, merge, split and correct people (every change can be undone).
    People {
        #[command(subcommand)]
        what: people_cli::PeopleCommand,
        #[arg(long, global = true)]
        db: Option<PathBuf>,
        /// Print JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Photos of people (`--person A --with B --without C --only --from --to`) or faces
    /// like the ones in a photo (`--like PHOTO`).
    Search {
        #[arg(long)]
        person: Vec<String>,
        #[arg(long)]
        with: Vec<String>,
        #[arg(long)]
        without: Vec<String>,
        /// Nobody else in the photo: no other person and no face of another group, named
        /// or not (faces in no group, strangers, ignored and poor faces do not count).
        #[arg(long)]
        only: bool,
        /// YYYY, YYYY-MM or YYYY-MM-DD (EXIF date taken).
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Rank stored faces by likeness to the faces in this photo.
        #[arg(long, conflicts_with = "person")]
        like: Option<PathBuf>,
        /// Most faces listed per face of the `--like` photo.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Grouping quality against a labels CSV (columns file,identity): the library's
    /// stored grouping and every method over the whole library.
    Eval {
        #[arg(long)]
        labels: PathBuf,
        /// Which face of a labelled photo is the labelled person: largest or central
        /// (nearest the photo's centre, as in LFW).
        #[arg(long, default_value = "largest")]
        face: String,
        /// Score only the library's stored grouping (what `kindred cluster` made).
        #[arg(long)]
        stored: bool,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The face graph: missed matches through indirect paths, groups that may be two
    /// people, and export for Gephi / Neo4j.
    Graph {
        #[command(subcommand)]
        what: GraphCommand,
    },
    /// Named face regions in XMP sidecars (Metadata Working Group format, read by
    /// digiKam and others). The photos themselves are never written.
    Xmp {
        #[command(subcommand)]
        what: XmpCommand,
    },
    /// Benchmarks that print figures.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Subcommand)]
enum GraphCommand {
    /// Suggestions: faces linked to a person (or cluster) only through 2..N links
    /// ("is this also Dan?"), and groups with a weak cut ("may be two people").
    Suggest {
        #[arg(long)]
        db: Option<PathBuf>,
        /// Link faces closer than this.
        #[arg(long, default_value_t = 0.5)]
        cutoff: f32,
        /// Only this grouping, unfiltered: `person` (named people) or `cluster` (latest
        /// clustering). Without it: missed matches of people and splits of people and
        /// unnamed clusters, leaving out what the user already answered.
        #[arg(long)]
        by: Option<String>,
        /// Most suggestions of each kind (without --by).
        #[arg(long, default_value_t = 200)]
        limit: usize,
        /// Longest indirect path for a missed match.
        #[arg(long, default_value_t = 3)]
        max_hops: usize,
        #[arg(long)]
        json: bool,
    },
    /// Export the face graph as GraphML, or as node and edge CSV files.
    Export {
        #[arg(long, default_value = "graphml")]
        format: String,
        /// Output file; for CSV, `<stem>_nodes.csv` and `<stem>_edges.csv` beside it.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        db: Option<PathBuf>,
        #[arg(long, default_value_t = 0.5)]
        cutoff: f32,
        /// CSV header style: `neo4j` or `gephi`.
        #[arg(long, default_value = "gephi")]
        flavor: String,
    },
}

#[derive(Subcommand)]
enum XmpCommand {
    /// Write every confirmed name as a face region to `<photo>.xmp` sidecars.
    Export {
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Read face regions from sidecars and from XMP inside JPEGs as confirmed names.
    Import {
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Clustering time, peak memory and quality on synthetic descriptors.
    Cluster {
        #[arg(long, value_delimiter = ',', default_value = "10000")]
        faces: Vec<usize>,
        /// kmeans, dbscan or graph (default: all three).
        #[arg(long)]
        method: Option<String>,
    },
    /// Search times on a synthetic library of N faces.
    Search {
        #[arg(long, default_value_t = 100_000)]
        faces: usize,
    },
    /// End-to-end face pipeline throughput over the photos in DIR: photos/s, faces/s,
    /// ms per stage (decode, detect, align, embed) and peak memory.
    Faces {
        dir: PathBuf,
        /// Worker threads, one pipeline each (default: one per core).
        #[arg(long)]
        workers: Option<usize>,
        /// Longer side, in pixels, at which photos are analysed (0: full resolution).
        #[arg(long, default_value_t = kindred::detect::DEFAULT_MAX_SIDE)]
        max_side: u32,
    },
    /// Kindred (`scan` into a new library, `faces`) and face_recognition (dlib HOG,
    /// scripts/bench_face_recognition.py) on the same folder, one after the other:
    /// wall and CPU time, the ratio, peak memory of each process tree.
    Peer {
        dir: PathBuf,
        /// Python with face_recognition (default: the models folder's cache/venv).
        #[arg(long)]
        python: Option<PathBuf>,
        /// The peer script (default: scripts/bench_face_recognition.py of the checkout).
        #[arg(long)]
        script: Option<PathBuf>,
    },
    /// Write N 12-megapixel JPEGs made by compositing the photos in SOURCE_DIR, for
    /// `bench faces` and `bench scan`.
    MakePhotos {
        source_dir: PathBuf,
        out_dir: PathBuf,
        #[arg(long, default_value_t = 40)]
        count: usize,
    },
    /// Scan throughput, database bytes per 1,000 faces and peak memory, on libraries
    /// of distinct copies of the photos in DIR.
    Scan {
        dir: PathBuf,
        /// Library sizes to measure.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
        photos: Vec<usize>,
        /// Measure the storage side only, with the synthetic analyser (real decoding,
        /// faces derived from the bytes) instead of the face pipeline.
        #[arg(long)]
        storage_only: bool,
        #[arg(long)]
        workers: Option<usize>,
        /// Where to build the libraries (default: a temporary folder, removed after).
        #[arg(long)]
        work_dir: Option<PathBuf>,
    },
}

/// The face pipeline, one per scan worker; the landmark model and the descriptor
/// network are loaded once and shared.
fn pipeline_analyzer() -> kindred::Result<Box<dyn PhotoAnalyzer>> {
    Ok(Box::new(new_pipeline(1)?))
}

fn new_pipeline(intra_threads: usize) -> kindred::Result<FacePipeline> {
    static SHARED: Mutex<Option<SharedModels>> = Mutex::new(None);
    let dir = runtime::models_dir();
    // Held while loading, so that workers starting together load the models once.
    let mut guard = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    let shared = match guard.as_ref() {
        Some(s) => s.clone(),
        None => guard.insert(SharedModels::load(&dir, intra_threads)?).clone(),
    };
    drop(guard);
    FacePipeline::with_shared(&dir, intra_threads, PipelineOptions::default(), shared)
}

fn synthetic_analyzer() -> kindred::Result<Box<dyn PhotoAnalyzer>> {
    Ok(Box::new(SyntheticAnalyzer))
}

/// The library file a command opened, to name it in a disk-full error.
static LIBRARY: OnceLock<PathBuf> = OnceLock::new();

fn library_path(db: Option<&Path>) -> anyhow::Result<PathBuf> {
    let path = match db {
        Some(p) => p.to_path_buf(),
        None => Store::default_path()?,
    };
    let _ = LIBRARY.set(path.clone());
    Ok(path)
}

/// Opens the library for a command that changes it.
fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    Ok(Store::open(&library_path(db)?)?)
}

/// Opens the library for a command that only reads it: read-only when its file or
/// folder is not writable.
fn open_to_read(db: Option<&Path>) -> anyhow::Result<Store> {
    Ok(Store::open_to_read(&library_path(db)?)?)
}

fn options(workers: Option<usize>) -> ScanOptions {
    ScanOptions {
        workers: workers.unwrap_or(0),
        ..ScanOptions::default()
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files  {msg}  [{elapsed_precise}, ETA {eta}]",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn show(bar: &ProgressBar, p: &Progress) {
    bar.set_length(p.total);
    bar.set_position(p.done);
    let name = p
        .current
        .as_ref()
        .and_then(|c| c.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    bar.set_message(format!("{} faces, {:.1} files/s  {name}", p.faces, p.rate));
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Scan { dirs, db, workers } => {
            let mut store = open_store(db.as_deref())?;
            let bar = progress_bar();
            let summary = scan_folders(
                &mut store,
                &dirs,
                &pipeline_analyzer,
                &options(workers),
                &mut |p| show(&bar, p),
                &CANCEL,
            )?;
            bar.finish_and_clear();
            // New faces close to known people are assigned (or suggested) right away.
            kindred::people::refresh_guesses(&mut store)?;
            for problem in &summary.walk_problems {
                eprintln!("warning: {problem}");
            }
            if summary.passed_over > 0 {
                eprintln!(
                    "{} entries passed over (FIFOs, devices, link loops, ...): see `kindred skipped`",
                    summary.passed_over
                );
            }
            println!(
                "{} files found, {} unchanged, {} recorded ({} new photos, {} same content, {} skipped), {} faces, {} missing, {} moved",
                summary.files_found,
                summary.unchanged,
                summary.files_recorded,
                summary.photos_analyzed,
                summary.same_content,
                summary.skipped,
                summary.faces,
                summary.missing,
                summary.moved
            );
            let r = summary.redescribed;
            if r.faces + r.left > 0 {
                println!(
                    "{} faces of an older descriptor model described again ({} left: their photo's file is gone or changed)",
                    r.faces, r.left
                );
            }
            if summary.cancelled {
                println!("stopped: run the same scan again to continue");
                return Ok(130);
            }
        }
        Command::Faces { photos } => {
            // One pipeline per core, results printed in the order of the arguments.
            let plan = kindred::parallel_photos::WorkerPlan::for_files(photos.len(), available_cores());
            let mut out = std::io::stdout().lock();
            let mut failed = 0;
            let faces_of = |p: &mut FacePipeline, path: &Path| p.analyze_file(path).map(|r| (r.turn, r.faces));
            kindred::parallel_photos::analyze_in_order(&photos, plan, new_pipeline, faces_of, |i, r| {
                let path = &photos[i];
                match r {
                    Ok((turn, faces)) => {
                        for f in &faces {
                            let line = serde_json::json!({
                                "file": path.to_string_lossy(),
                                "turn": turn.degrees(),
                                "box": { "top": f.face.bbox.top, "right": f.face.bbox.right,
                                         "bottom": f.face.bbox.bottom, "left": f.face.bbox.left },
                                "landmarks": f.face.landmarks.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>(),
                                "score": f.face.score,
                                "descriptor": f.face.descriptor,
                            });
                            writeln!(out, "{line}").map_err(|source| kindred::Error::Io { path: "stdout".into(), source })?;
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("skipped [{}]: {e}", e.code());
                    }
                }
                Ok(())
            })?;
            if failed > 0 {
                return Ok(2);
            }
        }
        Command::Bench { what: BenchCommand::Faces { dir, workers, max_side } } => {
            let files = kindred::bench::image_files(&dir);
            let workers = workers.unwrap_or_else(available_cores);
            let mut options = PipelineOptions::default();
            options.detect.max_side = max_side;
            let report = kindred::bench::bench_faces(&runtime::models_dir(), &files, workers, options)?;
            println!("== bench faces: {} ({} photos, {} workers) ==", dir.display(), files.len(), workers);
            println!("photos/s            {:.2}", report.photos_per_s);
            println!("faces/s             {:.2}", report.faces_per_s);
            println!("photos / faces      {} / {} ({} failed)", report.photos, report.faces, report.failed);
            println!("wall                {:.2} s", report.wall_s);
            println!("CPU ms per photo    decode {:.1}  detect {:.1}  align {:.1}  embed {:.1} (worker thread)",
                report.decode_ms_per_photo, report.detect_ms_per_photo, report.align_ms_per_photo, report.embed_ms_per_photo);
            println!("  detect, CPU ms    prepare {:.1}  pyramid {:.1}  P-net {:.1}  R-net {:.1}  O-net {:.1}",
                report.detect_prepare_ms, report.detect_pyramid_ms, report.detect_pnet_ms, report.detect_rnet_ms, report.detect_onet_ms);
            println!("per photo           {:.2} Mpx through P-net, {:.0} R-net crops, {:.0} O-net crops",
                report.pnet_mpixels_per_photo, report.rnet_crops_per_photo, report.onet_crops_per_photo);
            println!("turned photos       {} tried, {} kept turned, {:.1} ms per photo extra (per worker)",
                report.photos_tried_turned, report.photos_turned, report.turns_ms_per_photo);
            println!("descriptor faces/s  {:.1} (faces / embed time x workers)", report.embed_faces_per_s);
            println!("CPU time            {:.2} s (user + system, all threads)", report.cpu_s);
            println!("peak memory         {:.0} MB", report.peak_rss_mb);
        }
        Command::Bench { what: BenchCommand::Peer { dir, python, script } } => {
            let exe = std::env::current_exe()?;
            let python = python.unwrap_or_else(|| runtime::models_dir().join("cache/venv/bin/python"));
            let script = script.unwrap_or_else(|| {
                let rel = Path::new("scripts/bench_face_recognition.py");
                exe.ancestors()
                    .map(|d| d.join(rel))
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
            });
            let work = std::env::temp_dir().join(format!("kindred-bench-peer-{}", std::process::id()));
            let report = kindred::bench_peer::bench_peer(&exe, &dir, &python, &script, &work);
            let _ = std::fs::remove_dir_all(&work);
            let report = report?;
            println!("== bench peer: {} ({} files, {} cores) ==", dir.display(), report.photos, available_cores());
            println!("{:<28} {:>8} {:>8} {:>10}  exit", "", "wall s", "CPU s", "peak MB");
            for r in &report.runs {
                println!("{:<28} {:>8.2} {:>8.2} {:>10.0}  {}", r.what, r.wall_s, r.cpu_s, r.peak_rss_mb,
                    r.exit_code.map_or("-".to_string(), |c| c.to_string()));
            }
            let peer = &report.runs[2];
            for r in &report.runs[..2] {
                println!("face_recognition / {:<18} wall {:.1}x  CPU {:.1}x  memory {:.2}x", r.what,
                    peer.wall_s / r.wall_s.max(1e-9), peer.cpu_s / r.cpu_s.max(1e-9), r.peak_rss_mb / peer.peak_rss_mb.max(1e-9));
            }
        }
        Command::Bench { what: BenchCommand::MakePhotos { source_dir, out_dir, count } } => {
            let written = kindred::bench::make_test_photos(&kindred::bench::image_files(&source_dir), &out_dir, count)?;
            println!("{} photos written to {}", written.len(), out_dir.display());
        }
        Command::Calibrate { labels, people, db, target_precision, svg, json } => {
            let store = open_to_read(db.as_deref())?;
            let set = label_source(labels, people).load(&store)?;
            warn_unmatched(&set.unmatched);
            let c = kindred::insight::calibrate::run_calibration(&set.faces, target_precision)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&c)?);
            } else {
                print!("{}", kindred::insight::calibrate::table_text(&c));
            }
            if let Some(svg) = svg {
                std::fs::write(&svg, kindred::insight::calibrate::plot_svg(&c))
                    .with_context(|| format!("writing {}", svg.display()))?;
                eprintln!("plot written to {}", svg.display());
            }
        }
        Command::Compare { a, b, cutoff, db } => {
            let mut store = None;
            // Photo arguments are analysed side by side, one pipeline each.
            let photos: Vec<PathBuf> = [&a, &b].into_iter().filter(|x| !x.starts_with("face:")).map(PathBuf::from).collect();
            let mut analysed: Vec<kindred::Result<Vec<kindred::face::Descriptor>>> = Vec::new();
            let plan = kindred::parallel_photos::WorkerPlan::for_files(photos.len(), available_cores());
            let descriptors = |p: &mut FacePipeline, path: &Path| {
                p.analyze_file(path).map(|r| r.faces.iter().filter_map(|f| f.face.descriptor.as_slice().try_into().ok()).collect())
            };
            kindred::parallel_photos::analyze_in_order(&photos, plan, new_pipeline, descriptors, |_, r| {
                analysed.push(r);
                Ok(())
            })?;
            let mut analysed = analysed.into_iter();
            let mut faces_of = |arg: &str| -> anyhow::Result<Vec<kindred::face::Descriptor>> {
                if let Some(id) = arg.strip_prefix("face:") {
                    let id: i64 = id.parse().context("face:ID needs a number")?;
                    if store.is_none() {
                        store = Some(open_to_read(db.as_deref())?);
                    }
                    let d = store.as_ref().expect("opened").face_descriptor(kindred::store::FaceId(id))?;
                    Ok(vec![d])
                } else {
                    Ok(analysed.next().context("photo analysed")??)
                }
            };
            let (fa, fb) = (faces_of(&a)?, faces_of(&b)?);
            // The library's own curve when one is at hand (fitted on its confirmed
            // people), else the published one.
            if store.is_none() && db.is_some() {
                store = Some(open_to_read(db.as_deref())?);
            }
            let model = match &store {
                Some(s) => kindred::insight::labels::library_confidence(s)?,
                None => kindred::insight::calibrate::ConfidenceModel::lfw_default(),
            };
            match kindred::insight::compare::compare_photos(&fa, &fb, cutoff, &model)? {
                None => anyhow::bail!("no face found in {}", if fa.is_empty() { &a } else { &b }),
                Some((i, j, c)) => {
                    println!(
                        "distance {:.4}: {} at cutoff {:.2} (confidence {:.0}%, {}; faces #{i} of A and #{j} of B)",
                        c.distance,
                        if c.same { "same person" } else { "different people" },
                        c.cutoff,
                        c.confidence * 100.0,
                        match model.source {
                            kindred::insight::calibrate::ConfidenceSource::Fitted => "curve fitted on this library's people",
                            kindred::insight::calibrate::ConfidenceSource::LfwDefault => "published LFW curve",
                        }
                    );
                }
            }
        }
        Command::Verify { labels, people, db, cutoff, html, max_pairs } => {
            let store = open_to_read(db.as_deref())?;
            let set = label_source(labels, people).load(&store)?;
            warn_unmatched(&set.unmatched);
            let r = kindred::insight::verify_report::run_verification(&set.faces, cutoff, max_pairs)?;
            println!("{}", serde_json::to_string_pretty(&r)?);
            if let Some(html) = html {
                let page = kindred::insight::verify_report::render_html(&r, &|id| {
                    store.face_crop(kindred::store::FaceId(id)).ok().flatten()
                });
                std::fs::write(&html, page).with_context(|| format!("writing {}", html.display()))?;
                eprintln!("report written to {}", html.display());
            }
        }
        Command::Graph { what: GraphCommand::Suggest { db, cutoff, by, max_hops, limit, json } } => {
            use kindred::insight::face_graph::{run_graph_suggest, GroupBy, MissedOptions, SplitOptions};
            let store = open_to_read(db.as_deref())?;
            let s = match by.as_deref() {
                None => {
                    let l = kindred::insight::library_graph::library_suggestions(&store, cutoff, max_hops, limit)?;
                    (l.cutoff, l.faces, l.links, l.missed_matches, l.splits)
                }
                Some(by) => {
                    let by = match by {
                        "person" => GroupBy::Person,
                        "cluster" => GroupBy::Cluster,
                        other => anyhow::bail!("--by must be person or cluster, not {other}"),
                    };
                    let faces = kindred::insight::library_graph::graph_faces(&store)?;
                    let missed = MissedOptions { max_hops, ..MissedOptions::default() };
                    let g = run_graph_suggest(&faces, cutoff, by, missed, SplitOptions::default())?;
                    (g.cutoff, g.faces, g.links, g.missed_matches, g.splits)
                }
            };
            let (cutoff, faces, links, missed_matches, splits) = s;
            let s = serde_json::json!({
                "cutoff": cutoff, "faces": faces, "links": links,
                "missed_matches": missed_matches, "splits": splits,
            });
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!("{faces} faces, {links} links below {cutoff:.2}");
                println!("missed matches ({}):", missed_matches.len());
                for m in &missed_matches {
                    println!("  {}", serde_json::to_string(m)?);
                }
                println!("groups that may be two people ({}):", splits.len());
                for p in &splits {
                    println!("  {}", serde_json::to_string(p)?);
                }
            }
        }
        Command::Graph { what: GraphCommand::Export { format, out, db, cutoff, flavor } } => {
            use kindred::insight::{face_graph::FaceGraph, graph_export};
            let store = open_to_read(db.as_deref())?;
            let faces = kindred::insight::library_graph::graph_faces(&store)?;
            let g = FaceGraph::build(&faces, cutoff)?;
            let create = |p: &Path| -> anyhow::Result<std::io::BufWriter<std::fs::File>> {
                Ok(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?))
            };
            match format.as_str() {
                "graphml" => graph_export::write_graphml(&g, create(&out)?)?,
                "csv" => {
                    let flavor = match flavor.as_str() {
                        "neo4j" => graph_export::CsvFlavor::Neo4j,
                        "gephi" => graph_export::CsvFlavor::Gephi,
                        other => anyhow::bail!("--flavor must be neo4j or gephi, not {other}"),
                    };
                    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "graph".into());
                    let nodes = out.with_file_name(format!("{stem}_nodes.csv"));
                    let edges = out.with_file_name(format!("{stem}_edges.csv"));
                    graph_export::write_csv(&g, flavor, create(&nodes)?, create(&edges)?)?;
                    eprintln!("wrote {} and {}", nodes.display(), edges.display());
                }
                other => anyhow::bail!("--format must be graphml or csv, not {other}"),
            }
            eprintln!("{} faces, {} links", g.node_count(), g.edge_count());
        }
        Command::Xmp { what: XmpCommand::Export { db } } => {
            let store = open_to_read(db.as_deref())?;
            let s = kindred::insight::xmp_sync::export_regions(&store)?;
            for (file, reason) in &s.refused {
                eprintln!("not written: {file}: {reason}");
            }
            println!("{} regions written to {} sidecars", s.regions, s.sidecars_written.len());
        }
        Command::Xmp { what: XmpCommand::Import { db } } => {
            let mut store = open_store(db.as_deref())?;
            let s = kindred::insight::xmp_sync::import_regions(&mut store)?;
            println!(
                "{} files with regions, {} named regions: {} faces confirmed, {} regions on no detected face",
                s.files_with_regions, s.named_regions, s.confirmed, s.unmatched
            );
        }
        Command::Skipped { db, json } => {
            let store = open_to_read(db.as_deref())?;
            let skipped = store.skipped()?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &skipped)?;
                writeln!(out)?;
            } else {
                // One line per file: tabs and line breaks inside fields become spaces
                // (`--json` keeps them exactly).
                let field = |s: &str| s.trim().replace(['\t', '\n', '\r'], " ");
                for s in &skipped {
                    writeln!(out, "{}\t{}\t{}", field(&s.path), s.code, field(&s.reason))?;
                }
            }
        }
        Command::Export { format, db, output } => {
            let format: ExportFormat = format.parse()?;
            let store = open_to_read(db.as_deref())?;
            let n = match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    export(&store, format, &mut std::io::BufWriter::new(file)).map_err(|e| match e {
                        kindred::Error::Io { source, .. } if source.raw_os_error() == Some(libc::ENOSPC) => {
                            kindred::Error::DiskFull { free_bytes: kindred::store::free_bytes(&path), path }
                        }
                        kindred::Error::Io { source, .. } => kindred::Error::Io { path, source },
                        e => e,
                    })?
                }
                None => export(
                    &store,
                    format,
                    &mut std::io::BufWriter::new(std::io::stdout().lock()),
                )?,
            };
            eprintln!("{n} faces exported");
        }
        Command::Cluster {
            method,
            k,
            eps,
            min_samples,
            cutoff,
            min_group,
            quality_line,
            db,
            json,
        } => {
            let mut store = open_store(db.as_deref())?;
            let params =
                people_cli::cluster_params(&method, k, eps, min_samples, cutoff, min_group)?;
            people_cli::cluster(&mut store, &params, quality_line, json)?;
        }
        Command::Elbow { kmin, kmax, svg, db } => {
            people_cli::elbow(&open_to_read(db.as_deref())?, kmin, kmax, svg.as_deref())?
        }
        Command::People { what, db, json } => {
            let mut store = if what.only_reads() {
                open_to_read(db.as_deref())?
            } else {
                open_store(db.as_deref())?
            };
            people_cli::people(&mut store, what, json)?;
        }
        Command::Search {
            person,
            with,
            without,
            only,
            from,
            to,
            like,
            limit,
            db,
            json,
        } => {
            let store = open_to_read(db.as_deref())?;
            match like {
                Some(photo) => people_cli::search_like(&store, &photo, limit, json)?,
                None => {
                    let query = kindred::search::PeopleQuery {
                        people: person.into_iter().chain(with).collect(),
                        without,
                        only,
                        from,
                        to,
                    };
                    people_cli::search(&store, &query, json)?
                }
            }
        }
        Command::Eval { labels, face, stored, db, json } => {
            people_cli::eval(&open_to_read(db.as_deref())?, &labels, &face, stored, json)?
        }
        Command::Bench {
            what: BenchCommand::Cluster { faces, method },
        } => people_cli::bench_cluster(&faces, method.as_deref())?,
        Command::Bench {
            what: BenchCommand::Search { faces },
        } => people_cli::bench_search(faces)?,
        Command::Bench {
            what:
                BenchCommand::Scan {
                    dir,
                    photos,
                    storage_only,
                    workers,
                    work_dir,
                },
        } => {
            let (work, temporary) = match work_dir {
                Some(w) => (w, false),
                None => (
                    std::env::temp_dir().join(format!("kindred-bench-{}", std::process::id())),
                    true,
                ),
            };
            let factory: &kindred::scan::AnalyzerFactory = if storage_only {
                &synthetic_analyzer
            } else {
                &pipeline_analyzer
            };
            let result = (|| -> anyhow::Result<()> {
                for n in photos {
                    let lib = work.join(format!("library-{n}"));
                    let db = work.join(format!("bench-{n}.sqlite3"));
                    for p in [
                        &db,
                        &db.with_extension("sqlite3-wal"),
                        &db.with_extension("sqlite3-shm"),
                    ] {
                        let _ = std::fs::remove_file(p);
                    }
                    let _ = std::fs::remove_dir_all(&lib);
                    make_bench_library(&dir, &lib, n)?;
                    let report =
                        bench_scan(std::slice::from_ref(&lib), &db, factory, &options(workers))?;
                    println!(
                        "== bench scan: {n} photos ({}) ==",
                        if storage_only {
                            "storage only, synthetic analyser"
                        } else {
                            "face pipeline"
                        }
                    );
                    println!("{report}");
                }
                Ok(())
            })();
            if temporary {
                let _ = std::fs::remove_dir_all(&work);
            }
            result?;
        }
    }
    Ok(0)
}

/// The labelled faces a command was asked to use (clap makes sure one is given).
fn label_source(labels: Option<PathBuf>, _people: bool) -> kindred::insight::labels::LabelSource {
    match labels {
        Some(p) => kindred::insight::labels::LabelSource::Csv(p),
        None => kindred::insight::labels::LabelSource::People,
    }
}

fn warn_unmatched(unmatched: &[String]) {
    if !unmatched.is_empty() {
        eprintln!(
            "warning: {} labelled files have no scanned face: {}",
            unmatched.len(),
            unmatched.iter().take(10).cloned().collect::<Vec<_>>().join(", ")
        );
    }
}

fn available_cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Ends the process quietly when the reader of its output goes away
/// (`kindred people list | head -1`), as Unix tools do: Rust ignores SIGPIPE, so a
/// write to a closed pipe would be an error, and `println!` would panic on it.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of a signal, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() {
    kindred::allocator::tune_for_photos();
    die_quietly_on_closed_pipe();
    let cli = Cli::parse();
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        eprintln!("\nstopping after the current batch (Ctrl-C again to quit now)");
    });
    match run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            // `kindred export | head` is normal use, not an error.
            if let Some(kindred::Error::Io { source, .. }) = e.downcast_ref::<kindred::Error>() {
                if source.kind() == std::io::ErrorKind::BrokenPipe {
                    std::process::exit(0);
                }
            }
            // One line, naming the library when the core could not (disk full).
            match e.downcast::<kindred::Error>() {
                Ok(k) => {
                    let k = match LIBRARY.get() {
                        Some(db) => k.in_library(db),
                        None => k,
                    };
                    eprintln!("error [{}]: {}", k.code(), kindred::error::one_line(&k.to_string()))
                }
                Err(e) => eprintln!("error: {}", kindred::error::one_line(&format!("{e:#}"))),
            }
            std::process::exit(1);
        }
    }
}
