//! Analysing a list of photo files on several worker threads, one
//! [`FacePipeline`] each, with the results handed back in the list's order.
//!
//! `kindred faces`, `kindred compare` and the benches use it: a worker per core is
//! how Kindred uses the machine (one ONNX Runtime thread per pipeline; a second
//! intra-op thread per run gives far less than a second worker, see `embed::BATCH`).
//! When there are fewer files than cores, the spare cores go to ONNX Runtime inside
//! each pipeline instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::pipeline::FacePipeline;
use crate::Result;

/// How the cores are shared between workers and ONNX Runtime threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerPlan {
    /// Pipelines running side by side.
    pub workers: usize,
    /// ONNX Runtime threads inside each pipeline's runs.
    pub intra_threads: usize,
}

impl WorkerPlan {
    /// One worker per core, at most one per file; cores left over become intra-op
    /// threads of the workers.
    pub fn for_files(files: usize, cores: usize) -> WorkerPlan {
        let cores = cores.max(1);
        let workers = files.clamp(1, cores);
        WorkerPlan { workers, intra_threads: (cores / workers).max(1) }
    }
}

/// Runs `work` on every file with `plan.workers` pipelines made by `make` (each
/// called once, on its worker's thread, with `plan.intra_threads`), and calls `each`
/// on this thread with `(index, result)` in the order of `files`.
///
/// A worker keeps going after a failed file (the error goes to `each`). An error
/// returned by `make` or by `each` stops the workers after their current file and
/// is returned.
///
/// Memory: a result waits here until the ones before it are done, so `work` should
/// return what the caller needs (faces, not decoded photos).
pub fn analyze_in_order<T, M, W, E>(files: &[PathBuf], plan: WorkerPlan, make: M, work: W, mut each: E) -> Result<()>
where
    T: Send,
    M: Fn(usize) -> Result<FacePipeline> + Sync,
    W: Fn(&mut FacePipeline, &Path) -> Result<T> + Sync,
    E: FnMut(usize, Result<T>) -> Result<()>,
{
    if files.is_empty() {
        return Ok(());
    }
    let workers = plan.workers.clamp(1, files.len());
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // Bounded so that a slow consumer (a closed pipe, a slow terminal) holds the
    // workers back instead of letting results pile up.
    let (tx, rx) = crossbeam_channel::bounded::<(usize, Result<T>)>(workers * 2);
    let mut outcome = Ok(());
    std::thread::scope(|s| {
        let mut setup_errors = Vec::new();
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, stop, make, work) = (&next, &stop, &make, &work);
            setup_errors.push(s.spawn(move || -> Result<()> {
                let mut pipeline = match make(plan.intra_threads) {
                    Ok(p) => p,
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                };
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let r = work(&mut pipeline, path);
                    if tx.send((i, r)).is_err() {
                        break;
                    }
                }
                Ok(())
            }));
        }
        drop(tx);
        // Results arrive in completion order; hand them on in file order.
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (i, r) in rx.iter() {
            if outcome.is_err() {
                continue;
            }
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&expected) {
                if let Err(e) = each(expected, r) {
                    outcome = Err(e);
                    stop.store(true, Ordering::Relaxed);
                    break;
                }
                expected += 1;
            }
        }
        for h in setup_errors {
            match h.join() {
                Ok(Err(e)) if outcome.is_ok() => outcome = Err(e),
                Ok(_) => {}
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_gives_each_file_a_worker_and_spare_cores_to_onnx() {
        assert_eq!(WorkerPlan::for_files(10, 2), WorkerPlan { workers: 2, intra_threads: 1 });
        assert_eq!(WorkerPlan::for_files(1, 4), WorkerPlan { workers: 1, intra_threads: 4 });
        assert_eq!(WorkerPlan::for_files(2, 4), WorkerPlan { workers: 2, intra_threads: 2 });
        assert_eq!(WorkerPlan::for_files(3, 4), WorkerPlan { workers: 3, intra_threads: 1 });
        assert_eq!(WorkerPlan::for_files(0, 0), WorkerPlan { workers: 1, intra_threads: 1 });
    }
}
