//! `kindred bench faces`: end-to-end throughput of the face pipeline over a folder,
//! with time per stage and peak memory, one pipeline per worker thread.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::detect::DetectStats;
use crate::pipeline::{FacePipeline, PipelineOptions, SharedModels, StageTimes};
use crate::{cpu_time, memory, Result};

/// Figures printed by `kindred bench faces`.
#[derive(Debug, Clone, Serialize)]
pub struct FacesBenchReport {
    pub photos: usize,
    pub failed: usize,
    pub faces: usize,
    pub workers: usize,
    pub wall_s: f64,
    pub photos_per_s: f64,
    pub faces_per_s: f64,
    /// Stage times summed over all workers, in ms per photo.
    pub decode_ms_per_photo: f64,
    pub detect_ms_per_photo: f64,
    pub align_ms_per_photo: f64,
    pub embed_ms_per_photo: f64,
    /// Extra time of photos tried turned (no good face as they are), in ms per photo
    /// of the whole run, and how many photos were tried turned and kept turned.
    pub turns_ms_per_photo: f64,
    pub photos_tried_turned: u32,
    pub photos_turned: u32,
    /// Descriptor throughput: faces per second of embed time per worker x workers.
    pub embed_faces_per_s: f64,
    pub peak_rss_mb: f64,
    /// CPU time of the process (all threads, user + system) during the run.
    pub cpu_s: f64,
    /// Detection broken down, ms per photo summed over workers: bounding the photo,
    /// pyramid resizing, P-net, R-net, O-net.
    pub detect_prepare_ms: f64,
    pub detect_pyramid_ms: f64,
    pub detect_pnet_ms: f64,
    pub detect_rnet_ms: f64,
    pub detect_onet_ms: f64,
    /// Pyramid megapixels P-net scanned, R-net and O-net crops, per photo.
    pub pnet_mpixels_per_photo: f64,
    pub rnet_crops_per_photo: f64,
    pub onet_crops_per_photo: f64,
}

/// The image files directly in or under `dir`, sorted.
pub fn image_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Runs the whole pipeline over `files` with `workers` threads.
pub fn bench_faces(models_dir: &Path, files: &[PathBuf], workers: usize, options: PipelineOptions) -> Result<FacesBenchReport> {
    let workers = workers.max(1);
    let shared = SharedModels::load(models_dir, 1)?;
    // Load every worker's sessions before the clock starts.
    let mut pipelines = Vec::with_capacity(workers);
    for _ in 0..workers {
        pipelines.push(FacePipeline::with_shared(models_dir, 1, options.clone(), shared.clone())?);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let start = Instant::now();
    let cpu_start = cpu_time::process_cpu_seconds();
    let results: Vec<(usize, usize, usize, StageTimes, DetectStats)> = std::thread::scope(|s| {
        let handles: Vec<_> = pipelines
            .into_iter()
            .map(|mut p| {
                let next = &next;
                s.spawn(move || {
                    let (mut photos, mut failed, mut faces) = (0, 0, 0);
                    let mut times = StageTimes::default();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        match p.analyze_file(path) {
                            Ok(r) => {
                                photos += 1;
                                faces += r.faces.len();
                                times.add(&r.times);
                            }
                            Err(_) => failed += 1,
                        }
                    }
                    (photos, failed, faces, times, *p.detect_stats())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("bench worker")).collect()
    });
    let wall = start.elapsed().as_secs_f64();
    let cpu_s = match (cpu_start, cpu_time::process_cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => 0.0,
    };
    let photos: usize = results.iter().map(|r| r.0).sum();
    let failed: usize = results.iter().map(|r| r.1).sum();
    let faces: usize = results.iter().map(|r| r.2).sum();
    let mut times = StageTimes::default();
    let mut detect = DetectStats::default();
    for r in &results {
        times.add(&r.3);
        detect.add(&r.4);
    }
    let count = |n: f64| if photos == 0 { 0.0 } else { n / photos as f64 };
    let per_photo = |d: Duration| if photos == 0 { 0.0 } else { d.as_secs_f64() * 1000.0 / photos as f64 };
    let embed_s = times.embed.as_secs_f64();
    Ok(FacesBenchReport {
        photos,
        failed,
        faces,
        workers,
        wall_s: wall,
        photos_per_s: photos as f64 / wall,
        faces_per_s: faces as f64 / wall,
        decode_ms_per_photo: per_photo(times.decode),
        detect_ms_per_photo: per_photo(times.detect),
        align_ms_per_photo: per_photo(times.align),
        embed_ms_per_photo: per_photo(times.embed),
        turns_ms_per_photo: per_photo(times.turns),
        photos_tried_turned: times.photos_tried_turned,
        photos_turned: times.photos_turned,
        embed_faces_per_s: if embed_s > 0.0 { faces as f64 / embed_s * workers as f64 } else { 0.0 },
        peak_rss_mb: memory::peak_rss_bytes().unwrap_or(0) as f64 / 1e6,
        cpu_s,
        detect_prepare_ms: per_photo(detect.prepare),
        detect_pyramid_ms: per_photo(detect.pyramid),
        detect_pnet_ms: per_photo(detect.pnet),
        detect_rnet_ms: per_photo(detect.rnet),
        detect_onet_ms: per_photo(detect.onet),
        pnet_mpixels_per_photo: count(detect.pnet_pixels as f64 / 1e6),
        rnet_crops_per_photo: count(detect.rnet_crops as f64),
        onet_crops_per_photo: count(detect.onet_crops as f64),
    })
}

/// Writes `count` 12-megapixel (4000x3000) JPEG test photos into `out` by tiling the
/// given source photos at several scales over a neutral background: realistic
/// holiday-photo sizes with several faces each, made from real faces.
pub fn make_test_photos(sources: &[PathBuf], out: &Path, count: usize) -> Result<Vec<PathBuf>> {
    use image::imageops;
    let images: Vec<image::RgbImage> = sources
        .iter()
        .filter_map(|p| image::open(p).ok().map(|i| i.to_rgb8()))
        .collect();
    if images.is_empty() {
        return Err(crate::Error::Invalid("no readable source photos".into()));
    }
    std::fs::create_dir_all(out).map_err(|source| crate::Error::Io { path: out.to_path_buf(), source })?;
    let mut written = Vec::new();
    for n in 0..count {
        let mut canvas = image::RgbImage::from_pixel(4000, 3000, image::Rgb([96, 110, 120]));
        // Three sources per photo, each scaled to a height of 900..1500 px.
        for slot in 0..3 {
            let src = &images[(n * 3 + slot) % images.len()];
            let target_h = 900 + ((n * 7 + slot * 13) % 7) as u32 * 100;
            let scale = target_h as f32 / src.height() as f32;
            let w = ((src.width() as f32 * scale) as u32).min(1300);
            let resized = imageops::resize(src, w, target_h, imageops::FilterType::Triangle);
            let x = 50 + slot as i64 * 1320;
            let y = 200 + ((n + slot) % 3) as i64 * 300;
            imageops::overlay(&mut canvas, &resized, x, y);
        }
        let path = out.join(format!("composite_{n:04}.jpg"));
        canvas
            .save_with_format(&path, image::ImageFormat::Jpeg)
            .map_err(|e| crate::Error::Invalid(format!("{}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}
