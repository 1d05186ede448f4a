//! The one long-running job (a scan) at a time, and its cancel flag.
//!
//! The core's long functions take an `&AtomicBool` and return `Error::Cancelled` when it
//! is set; this module owns that flag so a second command (`cancel_job`) can set it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::error::{IpcError, IpcResult};

/// Slot for the running job's cancel flag (empty when idle). Cheap to clone: clones
/// share the slot.
#[derive(Default, Clone)]
pub struct JobSlot {
    current: Arc<Mutex<Option<Arc<AtomicBool>>>>,
}

/// Held while a job runs (it can move into a worker thread); frees the slot when
/// dropped, whatever way the job ends.
pub struct JobGuard {
    slot: JobSlot,
    pub cancel: Arc<AtomicBool>,
}

impl JobSlot {
    /// Claims the slot, or fails with `busy` when another job runs.
    pub fn start(&self) -> IpcResult<JobGuard> {
        let mut cur = self
            .current
            .lock()
            .map_err(|_| IpcError::new("internal", "job lock poisoned"))?;
        if cur.is_some() {
            return Err(IpcError::new("busy", "another scan is already running"));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *cur = Some(cancel.clone());
        Ok(JobGuard {
            slot: self.clone(),
            cancel,
        })
    }

    /// Asks the running job to stop; returns whether there was one.
    pub fn cancel(&self) -> bool {
        match self.current.lock() {
            Ok(cur) => match cur.as_ref() {
                Some(flag) => {
                    flag.store(true, Ordering::Relaxed);
                    true
                }
                None => false,
            },
            Err(_) => false,
        }
    }

    pub fn is_running(&self) -> bool {
        self.current.lock().map(|c| c.is_some()).unwrap_or(false)
    }
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        if let Ok(mut cur) = self.slot.current.lock() {
            *cur = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_at_a_time_and_cancel_reaches_it() {
        let slot = JobSlot::default();
        assert!(!slot.cancel(), "nothing to cancel when idle");
        let job = slot.start().unwrap();
        assert!(slot.is_running());
        assert_eq!(slot.start().err().unwrap().code, "busy");
        assert!(slot.cancel());
        assert!(job.cancel.load(Ordering::Relaxed));
        drop(job);
        assert!(!slot.is_running());
        let again = slot.start().unwrap();
        assert!(
            !again.cancel.load(Ordering::Relaxed),
            "a new job starts uncancelled"
        );
    }
}
