//! Progress of a scan as reported to the caller: counts, current file, rate and ETA.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One progress report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Progress {
    /// Files finished (committed to the database) in this scan.
    pub done: u64,
    /// Files this scan has to look at (new or changed); unchanged files are not counted.
    pub total: u64,
    /// The file most recently finished.
    pub current: Option<PathBuf>,
    /// Faces stored so far in this scan.
    pub faces: u64,
    /// Files per second since the processing started.
    pub rate: f64,
    /// Estimated time left, once a rate is known.
    pub eta: Option<Duration>,
}

/// Turns counts into [`Progress`] reports.
pub(crate) struct Meter {
    start: Instant,
    total: u64,
}

impl Meter {
    pub fn new(total: u64) -> Meter {
        Meter {
            start: Instant::now(),
            total,
        }
    }

    pub fn report(&self, done: u64, faces: u64, current: Option<PathBuf>) -> Progress {
        let secs = self.start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let eta = (rate > 0.0 && done > 0)
            .then(|| Duration::from_secs_f64(self.total.saturating_sub(done) as f64 / rate));
        Progress {
            done,
            total: self.total,
            current,
            faces,
            rate,
            eta,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eta_is_unknown_before_the_first_file_and_zero_at_the_end() {
        let m = Meter::new(10);
        assert!(m.report(0, 0, None).eta.is_none());
        std::thread::sleep(Duration::from_millis(5));
        let p = m.report(10, 3, None);
        assert_eq!(p.eta, Some(Duration::ZERO));
        assert!(p.rate > 0.0);
    }
}
