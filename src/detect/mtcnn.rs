//! The three MTCNN stages run through ONNX Runtime.
//!
//! P-net proposes boxes over the pyramid, R-net (24x24 crops) rejects and refines
//! them, O-net (48x48 crops) scores them finally and places the five points. Crops
//! are batched ([`BATCH`] per run) because one run per crop costs far more in
//! runtime overhead than the small networks cost to evaluate.

use std::path::Path;

use ort::session::Session;
use ort::value::Tensor;

use super::boxes::{nms, nms_indices, Candidate, Overlap};
use super::crop::crop_resized;
use super::prepare::Analysed;
use super::pyramid::{append_transposed, level_tensor, scales, widen, worth_running};
use super::resize::{Image, CHANNELS};
use super::{DetectOptions, DetectStats, Detection};
use crate::cpu_time::CpuStamp as Stamp;
use crate::geometry::{Point, Rect};
use crate::runtime::{self, ONET, PNET, RNET};
use crate::{Error, Result};

/// Crops per R-net / O-net run.
const BATCH: usize = 128;

/// P-net's window and the stride of its heat map in the pyramid level.
const CELL: f64 = 12.0;
const STRIDE: f64 = 2.0;

/// NMS thresholds of the reference design.
const NMS_PNET_SCALE: f64 = 0.5;
const NMS_PNET_ALL: f64 = 0.7;
const NMS_RNET: f64 = 0.7;
const NMS_ONET: f64 = 0.7;

/// The MTCNN face detector: one ONNX Runtime session per network. `detect` takes
/// `&mut self` (ONNX Runtime's `run` does); use one `Mtcnn` per worker thread.
pub struct Mtcnn {
    pnet: Session,
    rnet: Session,
    onet: Session,
    stats: DetectStats,
}

/// Checks that a model has the tensors the stages read, so that a wrong file fails
/// at start-up with its name instead of later during a run.
fn check_outputs(session: &Session, model: &str, input: &str, outputs: &[&str]) -> Result<()> {
    let has_input = session.inputs().iter().any(|i| i.name() == input);
    let missing: Vec<&str> = outputs
        .iter()
        .copied()
        .filter(|o| !session.outputs().iter().any(|x| x.name() == *o))
        .collect();
    if has_input && missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Model {
            name: model.to_string(),
            reason: format!("expected input {input} and outputs {outputs:?}; missing {missing:?}"),
        })
    }
}

/// Extracts an output tensor as `(dims, data)`.
fn output<'a>(
    out: &'a ort::session::SessionOutputs<'_>,
    name: &str,
) -> Result<(Vec<usize>, &'a [f32])> {
    let value = out
        .get(name)
        .ok_or_else(|| Error::Inference(format!("no output {name}")))?;
    let (shape, data) = value.try_extract_tensor::<f32>()?;
    Ok((shape.iter().map(|&d| d.max(0) as usize).collect(), data))
}

impl Mtcnn {
    /// Loads `pnet.onnx`, `rnet.onnx` and `onet.onnx` from `models_dir`.
    /// `intra_threads`: threads ONNX Runtime may use inside one run.
    pub fn new(models_dir: &Path, intra_threads: usize) -> Result<Mtcnn> {
        let pnet = runtime::session(models_dir, PNET, intra_threads)?;
        let rnet = runtime::session(models_dir, RNET, intra_threads)?;
        let onet = runtime::session(models_dir, ONET, intra_threads)?;
        check_outputs(&pnet, PNET, "input_1", &["conv2d_4", "softmax"])?;
        check_outputs(&rnet, RNET, "input_2", &["dense_2", "softmax_1"])?;
        check_outputs(&onet, ONET, "input_3", &["dense_5", "dense_6", "softmax_2"])?;
        Ok(Mtcnn { pnet, rnet, onet, stats: DetectStats::default() })
    }

    /// Faces in `img`, best score first. Boxes and points are in `img`'s pixels
    /// (continuous coordinates: pixel `(i, j)` covers `[i, i+1) x [j, j+1)`); a box may
    /// reach past the image border when the face is cut by the frame.
    pub fn detect(
        &mut self,
        img: &image::RgbImage,
        opts: &DetectOptions,
    ) -> Result<Vec<Detection>> {
        opts.validate()?;
        if img.width() == 0 || img.height() == 0 {
            return Ok(Vec::new());
        }
        let t = Stamp::now();
        let analysed = Analysed::new(img, opts);
        self.stats.prepare += t.elapsed();
        self.stats.photos += 1;
        let shorter = img.width().min(img.height()) as f32;
        let smallest = opts.min_face_in_photo.max(opts.min_face_fraction * shorter) * analysed.scale();
        let proposals = self.propose(&analysed.image, opts, f64::from(smallest))?;
        let t = Stamp::now();
        self.stats.rnet_crops += proposals.len();
        let refined = self.refine(&analysed.image, proposals, opts)?;
        let t2 = Stamp::now();
        self.stats.rnet += t.until(&t2);
        self.stats.onet_crops += refined.len();
        let finals = self.output(&analysed.image, refined, opts)?;
        self.stats.onet += t2.elapsed();
        Ok(finals
            .into_iter()
            .map(|(c, pts)| {
                // 1-based inclusive x1..=x2 is the continuous interval [x1 - 1, x2).
                let tl = analysed.to_photo((c.x1 - 1.0) as f32, (c.y1 - 1.0) as f32);
                let br = analysed.to_photo(c.x2 as f32, c.y2 as f32);
                Detection {
                    bbox: Rect::new(tl.x, tl.y, br.x, br.y),
                    score: c.score,
                    points: pts.map(|p| analysed.to_photo(p.x, p.y)),
                }
            })
            .collect())
    }

    /// Time and candidate counts summed over every `detect` call so far.
    pub fn stats(&self) -> &DetectStats {
        &self.stats
    }

    /// Stage 1: P-net over the pyramid.
    /// `smallest`: smallest face worth finding, in analysed pixels.
    fn propose(&mut self, img: &Image, opts: &DetectOptions, smallest: f64) -> Result<Vec<Candidate>> {
        let threshold = opts.thresholds[0];
        let mut all = Vec::new();
        let factor = widen(opts.scale_factor);
        let levels = scales(img.width, img.height, widen(opts.min_face), factor);
        for scale in worth_running(levels, factor, smallest) {
            let t = Stamp::now();
            let (shape, data) = level_tensor(img, scale);
            self.stats.pnet_pixels += (shape[1] * shape[2]) as u64;
            let t2 = Stamp::now();
            self.stats.pyramid += t.until(&t2);
            let out = self
                .pnet
                .run(ort::inputs![Tensor::from_array((shape, data))?])?;
            let (pdims, prob) = output(&out, "softmax")?;
            let (_, reg) = output(&out, "conv2d_4")?;
            // Heat map [1, columns, rows, 2] (x-major like the input).
            let dim = |i: usize| pdims.get(i).copied().unwrap_or(0);
            let (cols, rows) = (dim(1), dim(2));
            if prob.len() < cols * rows * 2 || reg.len() < cols * rows * 4 {
                return Err(Error::Inference(
                    "P-net output has an unexpected size".into(),
                ));
            }
            let mut level = Vec::new();
            for col in 0..cols {
                for row in 0..rows {
                    let i = col * rows + row;
                    let score = prob[i * 2 + 1];
                    if score < threshold {
                        continue;
                    }
                    let (x, y) = (col as f64 * STRIDE, row as f64 * STRIDE);
                    level.push(Candidate {
                        x1: ((x + 1.0) / scale).trunc(),
                        y1: ((y + 1.0) / scale).trunc(),
                        x2: ((x + CELL) / scale).trunc(),
                        y2: ((y + CELL) / scale).trunc(),
                        score,
                        reg: [reg[i * 4], reg[i * 4 + 1], reg[i * 4 + 2], reg[i * 4 + 3]],
                    });
                }
            }
            all.extend(nms(level, NMS_PNET_SCALE, Overlap::Union));
            self.stats.pnet += t2.elapsed();
        }
        let mut kept = nms(all, NMS_PNET_ALL, Overlap::Union);
        for c in &mut kept {
            c.regress(c.reg, 0.0);
            c.square();
            c.truncate();
        }
        Ok(kept)
    }

    /// Runs R-net or O-net on crops of `boxes`, in batches. Returns, per box that
    /// could be cropped, its index and the output rows (`outputs` order; each output
    /// must have at least the given number of values per crop).
    fn run_crops(
        session: &mut Session,
        img: &Image,
        boxes: &[Candidate],
        size: usize,
        outputs: &[(&str, usize)],
    ) -> Result<Vec<(usize, Vec<Vec<f32>>)>> {
        let mut results = Vec::with_capacity(boxes.len());
        let croppable: Vec<(usize, Image)> = boxes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| crop_resized(img, c, size).map(|p| (i, p)))
            .collect();
        for chunk in croppable.chunks(BATCH) {
            let mut data = Vec::with_capacity(chunk.len() * size * size * CHANNELS);
            for (_, patch) in chunk {
                append_transposed(patch, &mut data);
            }
            let shape = vec![
                chunk.len() as i64,
                size as i64,
                size as i64,
                CHANNELS as i64,
            ];
            let out = session.run(ort::inputs![Tensor::from_array((shape, data))?])?;
            let mut per_output = Vec::with_capacity(outputs.len());
            for &(name, min_width) in outputs {
                let (dims, values) = output(&out, name)?;
                let width = dims.get(1).copied().unwrap_or(0);
                if width < min_width.max(1) || values.len() < chunk.len() * width {
                    return Err(Error::Inference(format!(
                        "output {name} has an unexpected size"
                    )));
                }
                per_output.push((width, values));
            }
            for (k, (i, _)) in chunk.iter().enumerate() {
                let rows = per_output
                    .iter()
                    .map(|(w, v)| v[k * w..(k + 1) * w].to_vec())
                    .collect();
                results.push((*i, rows));
            }
        }
        Ok(results)
    }

    /// Stage 2: R-net.
    fn refine(
        &mut self,
        img: &Image,
        boxes: Vec<Candidate>,
        opts: &DetectOptions,
    ) -> Result<Vec<Candidate>> {
        let rows = Self::run_crops(
            &mut self.rnet,
            img,
            &boxes,
            24,
            &[("dense_2", 4), ("softmax_1", 2)],
        )?;
        let passed: Vec<Candidate> = rows
            .into_iter()
            .filter(|(_, r)| r[1][1] > opts.thresholds[1])
            .map(|(i, r)| Candidate {
                score: r[1][1],
                reg: [r[0][0], r[0][1], r[0][2], r[0][3]],
                ..boxes[i]
            })
            .collect();
        let mut kept = nms(passed, NMS_RNET, Overlap::Union);
        for c in &mut kept {
            c.regress(c.reg, 1.0);
            c.square();
        }
        Ok(kept)
    }

    /// Stage 3: O-net, the five points, and the final NMS.
    fn output(
        &mut self,
        img: &Image,
        mut boxes: Vec<Candidate>,
        opts: &DetectOptions,
    ) -> Result<Vec<(Candidate, [Point; 5])>> {
        boxes.iter_mut().for_each(Candidate::truncate);
        let rows = Self::run_crops(
            &mut self.onet,
            img,
            &boxes,
            48,
            &[("dense_5", 4), ("dense_6", 10), ("softmax_2", 2)],
        )?;
        let mut passed = Vec::new();
        let mut points = Vec::new();
        for (i, r) in rows {
            let score = r[2][1];
            if score <= opts.thresholds[2] {
                continue;
            }
            let mut c = Candidate { score, ..boxes[i] };
            // Points are fractions of the (truncated, pre-regression) box: x in the
            // first five outputs, y in the last five.
            let w = (c.x2 - c.x1 + 1.0) as f32;
            let h = (c.y2 - c.y1 + 1.0) as f32;
            let (x0, y0) = ((c.x1 - 1.0) as f32, (c.y1 - 1.0) as f32);
            let p = &r[1];
            let pts: [Point; 5] =
                std::array::from_fn(|k| Point::new(x0 + w * p[k], y0 + h * p[k + 5]));
            c.regress([r[0][0], r[0][1], r[0][2], r[0][3]], 1.0);
            passed.push(c);
            points.push(pts);
        }
        let kept = nms_indices(&passed, NMS_ONET, Overlap::Min);
        Ok(kept.into_iter().map(|i| (passed[i], points[i])).collect())
    }
}
