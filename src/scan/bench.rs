//! `kindred bench scan`: throughput and storage cost of a scan, printed as figures.
//!
//! A benchmark library is made of distinct copies of real photos: each copy gets a few
//! unique bytes appended after the image data (decoders ignore them), so every copy is
//! a new content that is really analysed rather than recognised as a copy.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::photo::sniff_format;
use super::{scan_folders, AnalyzerFactory, ScanOptions};
use crate::error::{Error, Result};
use crate::store::Store;

/// Figures of one benchmark run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchReport {
    pub photos: u64,
    pub faces: u64,
    pub seconds: f64,
    pub photos_per_s: f64,
    pub faces_per_s: f64,
    /// Database size after a checkpoint (crops included).
    pub db_bytes: u64,
    pub db_bytes_per_1000_faces: Option<f64>,
    /// Peak resident memory of this process (VmHWM), where the OS reports it.
    pub peak_rss_kib: Option<u64>,
    /// Second scan of the same, unchanged library.
    pub rescan_seconds: f64,
    pub rescan_unchanged: u64,
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "photos               {}", self.photos)?;
        writeln!(f, "faces                {}", self.faces)?;
        writeln!(f, "scan time            {:.2} s", self.seconds)?;
        writeln!(f, "photos/s             {:.1}", self.photos_per_s)?;
        writeln!(f, "faces/s              {:.1}", self.faces_per_s)?;
        writeln!(f, "database bytes       {}", self.db_bytes)?;
        match self.db_bytes_per_1000_faces {
            Some(b) => writeln!(f, "db bytes/1000 faces  {b:.0}")?,
            None => writeln!(f, "db bytes/1000 faces  n/a (no faces)")?,
        }
        match self.peak_rss_kib {
            Some(k) => writeln!(f, "peak memory (VmHWM)  {:.1} MiB", k as f64 / 1024.0)?,
            None => writeln!(f, "peak memory (VmHWM)  n/a on this OS")?,
        }
        write!(
            f,
            "unchanged re-scan    {:.3} s for {} files",
            self.rescan_seconds, self.rescan_unchanged
        )
    }
}

/// Fills `dst` with `n` distinct photos made from the photos found (by content) directly
/// in `src`. Returns how many were written.
pub fn make_bench_library(src: &Path, dst: &Path, n: usize) -> Result<usize> {
    let io = |p: &Path, e| Error::Io {
        path: p.to_path_buf(),
        source: e,
    };
    let mut sources: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(src)
        .map_err(|e| io(src, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for p in entries {
        let bytes = std::fs::read(&p).map_err(|e| io(&p, e))?;
        if sniff_format(&bytes).is_some() {
            sources.push((p, bytes));
        }
    }
    if sources.is_empty() {
        return Err(Error::Invalid(format!("no photos in {}", src.display())));
    }
    for i in 0..n {
        let (p, bytes) = &sources[i % sources.len()];
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("img");
        let sub = dst.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&sub).map_err(|e| io(&sub, e))?;
        let out = sub.join(format!("{i:06}.{ext}"));
        let mut data = bytes.clone();
        data.extend_from_slice(format!("kindred-bench-{i:010}").as_bytes());
        std::fs::write(&out, data).map_err(|e| io(&out, e))?;
    }
    Ok(n)
}

/// Scans `roots` into a fresh database at `db_path` (which must not exist), then scans
/// again unchanged, and returns the figures.
pub fn bench_scan(
    roots: &[PathBuf],
    db_path: &Path,
    factory: &AnalyzerFactory,
    options: &ScanOptions,
) -> Result<BenchReport> {
    if db_path.exists() {
        return Err(Error::Invalid(format!(
            "{} exists: the benchmark needs a fresh database",
            db_path.display()
        )));
    }
    let cancel = AtomicBool::new(false);
    let mut store = Store::open(db_path)?;
    let start = Instant::now();
    let summary = scan_folders(&mut store, roots, factory, options, &mut |_| {}, &cancel)?;
    let seconds = start.elapsed().as_secs_f64();
    store.checkpoint()?;
    let db_bytes = std::fs::metadata(db_path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    let again = scan_folders(&mut store, roots, factory, options, &mut |_| {}, &cancel)?;
    let rescan_seconds = start.elapsed().as_secs_f64();
    let photos = summary.files_recorded;
    let faces = summary.faces;
    Ok(BenchReport {
        photos,
        faces,
        seconds,
        photos_per_s: photos as f64 / seconds.max(1e-9),
        faces_per_s: faces as f64 / seconds.max(1e-9),
        db_bytes,
        db_bytes_per_1000_faces: (faces > 0).then(|| db_bytes as f64 * 1000.0 / faces as f64),
        peak_rss_kib: crate::memory::peak_rss_bytes().map(|b| b / 1024),
        rescan_seconds,
        rescan_unchanged: again.unchanged,
    })
}
