//! Where the model files live and how ONNX Runtime is started.
//!
//! ONNX Runtime is loaded dynamically (`ort`'s `load-dynamic`) from the shared library
//! that `models/build.sh` unpacks from the `onnxruntime` wheel; nothing is downloaded
//! at run time. The environment is created once per process; sessions are created per
//! worker thread because `Session::run` takes `&mut self`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;

use crate::{Error, Result};

/// File names inside the models directory.
pub const ORT_LIBRARY: &str = "libonnxruntime.so.1.32.0";
pub const PNET: &str = "pnet.onnx";
pub const RNET: &str = "rnet.onnx";
pub const ONET: &str = "onet.onnx";
pub const RESNET: &str = "dlib_face_recognition_resnet_model_v1.onnx";
pub const SHAPE_PREDICTOR_5: &str = "shape_predictor_5_face_landmarks.dat";

/// The directory holding the model files.
///
/// Order: `$KINDRED_MODELS`, then `models/` next to the executable and its ancestors
/// (covers `target/debug/kindred` in a checkout and installed layouts), then the
/// crate's own `models/` (tests, `cargo run`).
pub fn models_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KINDRED_MODELS") {
        return PathBuf::from(dir);
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            let candidate = dir.join("models");
            if candidate.join(RESNET).is_file() {
                return candidate;
            }
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// Path of a model file, with a clear error when it is missing.
pub fn model_path(dir: &Path, name: &str) -> Result<PathBuf> {
    let path = dir.join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(Error::Model {
            name: name.to_string(),
            reason: format!("{} not found; run `bash models/build.sh` first", path.display()),
        })
    }
}

static ENVIRONMENT: OnceLock<Environment> = OnceLock::new();
static INIT_LOCK: Mutex<()> = Mutex::new(());

/// The process-wide ONNX Runtime environment, loading the library from `dir` on first use.
pub fn environment(dir: &Path) -> Result<&'static Environment> {
    if let Some(env) = ENVIRONMENT.get() {
        return Ok(env);
    }
    let _guard = INIT_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(env) = ENVIRONMENT.get() {
        return Ok(env);
    }
    let lib = model_path(dir, ORT_LIBRARY)?;
    let builder = ort::init_from(&lib).map_err(|e| Error::Model {
        name: ORT_LIBRARY.to_string(),
        reason: e.to_string(),
    })?;
    let env = builder.with_name("kindred").with_telemetry(false).build()?;
    Ok(ENVIRONMENT.get_or_init(|| env))
}

/// A session for one worker thread. `intra_threads` is the number of threads ONNX
/// Runtime may use inside one `run` (1 when the caller parallelises across workers).
///
/// Memory: every model here sees input shapes that change from run to run (P-net a
/// new size for every pyramid level of every photo, R-net, O-net and the ResNet a
/// batch of however many crops there are), so ONNX Runtime's memory arena (which
/// keeps the largest blocks any run ever needed) and its memory patterns (planned per
/// input shape) only hold memory; without them each run allocates and frees its own
/// tensors. Measured with `kindred bench faces` on 2 workers (12 MP and 0.3-3 MP
/// photos): peak memory 987 MB with both, 771 MB with them off for P-net only, 546 MB
/// off everywhere, for about the same CPU time.
pub fn session(dir: &Path, model: &str, intra_threads: usize) -> Result<Session> {
    let env = environment(dir)?;
    let path = model_path(dir, model)?;
    let map = |e: ort::Error<ort::session::builder::SessionBuilder>| Error::Model {
        name: model.to_string(),
        reason: e.to_string(),
    };
    // Intra-op threads that spin while waiting burn a core another worker could use.
    let session = Session::builder(env)?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(map)?
        .with_intra_threads(intra_threads.max(1))
        .map_err(map)?
        .with_intra_op_spinning(false)
        .map_err(map)?
        .with_memory_pattern(false)
        .map_err(map)?
        .with_execution_providers([ort::ep::CPU::default().with_arena_allocator(false).build()])
        .map_err(map)?
        .commit_from_file(&path)
        .map_err(|e| Error::Model { name: model.to_string(), reason: e.to_string() })?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onnx_runtime_loads_a_model() {
        let s = session(&models_dir(), PNET, 1).expect("pnet loads");
        assert_eq!(s.inputs().len(), 1);
    }

    #[test]
    fn missing_model_is_a_typed_error() {
        let err = model_path(Path::new("/nonexistent"), RESNET).unwrap_err();
        assert_eq!(err.code(), "model");
    }
}
