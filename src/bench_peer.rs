//! `kindred bench peer`: Kindred and face_recognition on the same folder in one run.
//!
//! Each side runs as its own process tree, one after the other: `kindred scan` into a
//! new library, `kindred faces` on every file, and face_recognition through
//! `scripts/bench_face_recognition.py` (dlib HOG, one process per core). For each:
//! wall time, CPU time (user + system of the whole tree, from `getrusage` of the
//! waited-for children) and peak memory (the largest sum of the resident sizes of the
//! tree's processes, sampled every 50 ms, so a pool of Python workers counts as one).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cpu_time::children_usage;
use crate::{Error, Result};

/// What one measured command used.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub what: String,
    pub wall_s: f64,
    pub cpu_s: f64,
    pub peak_rss_mb: f64,
    /// The command's exit code (the peer's script and `kindred faces` give 2 when a file
    /// could not be read; the figures still count).
    pub exit_code: Option<i32>,
}

/// Runs `cmd` (output discarded) and measures it.
pub fn measure(what: &str, mut cmd: Command) -> Result<Measured> {
    let cpu_before = children_usage().map(|u| u.cpu_s).unwrap_or(0.0);
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::Invalid(format!("{what}: could not start: {e}")))?;
    let mut peak = 0u64;
    let status = loop {
        peak = peak.max(tree_rss_bytes(child.id()));
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(Error::Invalid(format!("{what}: {e}"))),
        }
    };
    let wall_s = start.elapsed().as_secs_f64();
    let cpu_s = children_usage().map(|u| u.cpu_s).unwrap_or(0.0) - cpu_before;
    Ok(Measured { what: what.to_string(), wall_s, cpu_s, peak_rss_mb: peak as f64 / 1e6, exit_code: status.code() })
}

/// Resident bytes of `pid` and all its descendants (Linux `/proc`; 0 elsewhere).
fn tree_rss_bytes(pid: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    // (pid, parent, rss) of every process.
    let procs: Vec<(u32, u32, u64)> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| {
            let status = std::fs::read_to_string(format!("/proc/{p}/status")).ok()?;
            let field = |name: &str| -> Option<u64> {
                status.lines().find(|l| l.starts_with(name))?.split_whitespace().nth(1)?.parse().ok()
            };
            Some((p, field("PPid:")? as u32, field("VmRSS:").unwrap_or(0) * 1024))
        })
        .collect();
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    procs.iter().filter(|p| tree.contains(&p.0)).map(|p| p.2).sum()
}

/// Figures of `kindred bench peer`.
#[derive(Debug, Clone, Serialize)]
pub struct PeerReport {
    pub photos: usize,
    pub runs: Vec<Measured>,
}

/// Runs `kindred scan` (into a new library in `work`), `kindred faces` and the peer
/// script on the image files of `dir`. `kindred` is this program's executable.
pub fn bench_peer(kindred: &Path, dir: &Path, python: &Path, script: &Path, work: &Path) -> Result<PeerReport> {
    let files = crate::bench::image_files(dir);
    if !script.is_file() {
        return Err(Error::Invalid(format!("{} not found (give --script)", script.display())));
    }
    if !python.is_file() {
        return Err(Error::Invalid(format!("{} not found (give --python: a Python with face_recognition)", python.display())));
    }
    std::fs::create_dir_all(work).map_err(|source| Error::Io { path: work.to_path_buf(), source })?;
    let db: PathBuf = work.join("bench-peer.db");
    let _ = std::fs::remove_file(&db);
    let mut scan = Command::new(kindred);
    scan.arg("scan").arg(dir).arg("--db").arg(&db);
    let mut faces = Command::new(kindred);
    faces.arg("faces").args(&files);
    let mut peer = Command::new(python);
    peer.arg(script).arg(dir);
    let runs = vec![
        measure("kindred scan (new library)", scan)?,
        measure("kindred faces", faces)?,
        measure("face_recognition (HOG)", peer)?,
    ];
    let _ = std::fs::remove_file(&db);
    Ok(PeerReport { photos: files.len(), runs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_process_is_measured() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg("sleep 0.3; exit 3");
        let m = measure("sh", cmd).unwrap();
        assert_eq!(m.exit_code, Some(3));
        assert!(m.wall_s >= 0.3, "{m:?}");
        assert!(m.peak_rss_mb > 0.5, "{m:?}");
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let err = measure("nothing", Command::new("/nonexistent/program")).unwrap_err();
        assert_eq!(err.code(), "invalid");
    }
}
