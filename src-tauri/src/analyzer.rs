//! The scan workers' analysers: one core `FacePipeline` per worker (it implements the
//! scanner's `PhotoAnalyzer`), with one ONNX thread each because the workers already
//! use every core, and the landmark model and descriptor network loaded once and shared.

use std::path::PathBuf;

use kindred::pipeline::{FacePipeline, PipelineOptions, SharedModels};
use kindred::scan::PhotoAnalyzer;

/// The factory `kindred::scan::scan_folders` calls once per worker.
pub fn pipeline_factory(
    models: PathBuf,
) -> kindred::Result<impl Fn() -> kindred::Result<Box<dyn PhotoAnalyzer>> + Sync> {
    let shared = SharedModels::load(&models, 1)?;
    Ok(move || -> kindred::Result<Box<dyn PhotoAnalyzer>> {
        let p = FacePipeline::with_shared(&models, 1, PipelineOptions::default(), shared.clone())?;
        Ok(Box::new(p))
    })
}
