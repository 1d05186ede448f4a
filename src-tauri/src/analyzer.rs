//! The scan workers' analysers: one core `FacePipeline` per worker (it implements the
//! scanner's `PhotoAnalyzer`), with one ONNX thread each because the workers already
//! use every core, and the read-only landmark model loaded once and shared.

use std::path::PathBuf;
use std::sync::Arc;

use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::scan::PhotoAnalyzer;
use kindred::shape_predictor::ShapePredictor;

/// The factory `kindred::scan::scan_folders` calls once per worker.
pub fn pipeline_factory(
    models: PathBuf,
) -> kindred::Result<impl Fn() -> kindred::Result<Box<dyn PhotoAnalyzer>> + Sync> {
    let predictor = Arc::new(ShapePredictor::load(&kindred::runtime::model_path(
        &models,
        kindred::runtime::SHAPE_PREDICTOR_5,
    )?)?);
    Ok(move || -> kindred::Result<Box<dyn PhotoAnalyzer>> {
        let p = FacePipeline::with_predictor(
            &models,
            1,
            PipelineOptions::default(),
            predictor.clone(),
        )?;
        Ok(Box::new(p))
    })
}
