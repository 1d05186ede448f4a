//! CPU time, for the `bench` commands and the per-stage detection figures: on a
//! machine shared with other jobs the wall clock says little, the CPU seconds a
//! piece of work needed say more.

use std::time::{Duration, Instant};

/// A point in the calling thread's CPU time, to time a stage of work done on that
/// thread; wall time where the platform has no thread clock. Work done by other
/// threads on its behalf (ONNX Runtime's intra-op threads) is not counted.
#[derive(Debug, Clone, Copy)]
pub struct CpuStamp {
    cpu: Option<Duration>,
    wall: Instant,
}

impl CpuStamp {
    pub fn now() -> CpuStamp {
        CpuStamp { cpu: thread_cpu(), wall: Instant::now() }
    }

    /// Time from `self` to `later` (both taken on the same thread).
    pub fn until(&self, later: &CpuStamp) -> Duration {
        match (self.cpu, later.cpu) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => later.wall.saturating_duration_since(self.wall),
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.until(&CpuStamp::now())
    }
}

/// CPU time the calling thread has used so far (`CLOCK_THREAD_CPUTIME_ID`); `None`
/// where the platform has no such clock.
pub fn thread_cpu() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `ts` is a valid, writable timespec.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return Some(Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32));
        }
    }
    None
}

/// What `getrusage` reports for this process or for its waited-for children.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    /// User + system CPU seconds.
    pub cpu_s: f64,
    /// Largest resident set size in bytes (for children: of the largest single
    /// child, not of all of them together).
    pub max_rss_bytes: u64,
}

/// Usage of every thread of this process so far.
pub fn process_usage() -> Option<Usage> {
    #[cfg(unix)]
    {
        rusage(libc::RUSAGE_SELF)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Usage of the children this process has waited for (and of their own waited-for
/// descendants).
pub fn children_usage() -> Option<Usage> {
    #[cfg(unix)]
    {
        rusage(libc::RUSAGE_CHILDREN)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// User + system CPU seconds of this process so far.
pub fn process_cpu_seconds() -> Option<f64> {
    process_usage().map(|u| u.cpu_s)
}

#[cfg(unix)]
fn rusage(who: libc::c_int) -> Option<Usage> {
    // SAFETY: an all-zero rusage is a valid value, and getrusage only writes into it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is a valid, writable rusage.
    if unsafe { libc::getrusage(who, &mut ru) } != 0 {
        return None;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    // Linux reports ru_maxrss in KiB, macOS in bytes.
    let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
    Some(Usage {
        cpu_s: secs(ru.ru_utime) + secs(ru.ru_stime),
        max_rss_bytes: (ru.ru_maxrss.max(0) as u64) * unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spins until the thread's CPU clock has advanced by `amount` (or 10 s of wall
    /// time have passed, on a machine too busy to give this thread any CPU).
    fn burn(amount: Duration) -> Duration {
        let start_cpu = thread_cpu().expect("thread CPU clock");
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while thread_cpu().unwrap() - start_cpu < amount && start.elapsed().as_secs() < 10 {
            for _ in 0..10_000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            }
        }
        std::hint::black_box(x);
        thread_cpu().unwrap() - start_cpu
    }

    #[test]
    fn thread_and_process_cpu_time_grow_while_working() {
        if !cfg!(unix) {
            return;
        }
        let before = process_usage().expect("getrusage");
        let used = burn(Duration::from_millis(50));
        assert!(used >= Duration::from_millis(50), "{used:?}");
        let after = process_usage().unwrap();
        assert!(after.cpu_s >= before.cpu_s + 0.04, "{before:?} -> {after:?}");
        assert!(after.max_rss_bytes > 1 << 20);
    }

    #[test]
    fn a_sleeping_thread_uses_no_cpu() {
        if !cfg!(unix) {
            return;
        }
        let start = thread_cpu().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert!(thread_cpu().unwrap() - start < Duration::from_millis(50));
    }
}
