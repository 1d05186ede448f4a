//! Bridge from the core's face pipeline (`kindred::pipeline::FacePipeline`) to the
//! scanner's `PhotoAnalyzer` trait, plus a face crop for the UI.
//!
//! This belongs in the core: the CLI has the same gap (`pipeline_analyzer` in
//! src/bin/kindred.rs is a TODO). Until the core provides it, the app needs these few
//! lines to scan with the real models; replace them with the core's version once it
//! exists.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::scan::{AnalyzedFace, AnalyzedPhoto, PhotoAnalyzer};
use kindred::shape_predictor::ShapePredictor;

struct PipelineAnalyzer(FacePipeline);

impl PhotoAnalyzer for PipelineAnalyzer {
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> kindred::Result<AnalyzedPhoto> {
        let found = self.0.analyze_bytes(path, bytes)?;
        let img = &found.photo.image;
        let faces = found
            .faces
            .into_iter()
            .map(|f| AnalyzedFace {
                crop_jpeg: kindred::crop::face_crop_jpeg(img, &f.face.bbox),
                face: f.face,
            })
            .collect();
        let meta = &found.photo.meta;
        Ok(AnalyzedPhoto {
            width: meta.width,
            height: meta.height,
            orientation: meta.orientation,
            taken_at: meta.taken_at.clone(),
            camera: meta.camera.clone(),
            faces,
        })
    }
}

/// Makes one pipeline per scan worker (one ONNX thread each: the workers already use
/// every core); the landmark model is loaded once and shared.
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
        Ok(Box::new(PipelineAnalyzer(p)))
    })
}
