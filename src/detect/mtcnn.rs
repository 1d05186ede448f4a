//! The three MTCNN stages run through ONNX Runtime.
//!
//! P-net proposes boxes over the pyramid, R-net (24x24 crops) rejects and refines
//! them, O-net (48x48 crops) scores them finally and places the five points. Crops
//! are batched ([`BATCH`] per run) because one run per crop costs far more in
//! runtime overhead than the small networks cost to evaluate.

use std::path::Path;

use ort::session::Session;
use ort::value::{Tensor, TensorRef};

use super::boxes::{nms, nms_indices, Candidate, Overlap};
use super::crop::crop_resized;
use super::prepare::Analysed;
use super::pyramid::{append_transposed, level_tensor, scales, widen, worth_running};
use crate::area_resize::{Image, Image8, CHANNELS};
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

/// Heat-map cells per side of one P-net tile: P-net runs every pyramid level in tiles
/// of at most 60 x 60 cells (130 x 130 input pixels, 10 of them shared with the
/// neighbouring tile). A tile's activations fit in a core's 1-2 MB second-level cache,
/// and there the network runs two to three times faster per pixel than on a whole
/// level, whose activations do not (measured with ONNX Runtime 1.32, one thread,
/// `pnet.onnx` as built: 45 ms per useful megapixel in 128 px tiles, 63 ms in 320 px
/// tiles, 100 ms on a 277x720 strip). It also bounds ONNX Runtime's buffers: the first
/// level of a 12 MP photo (960x720 of its 1600 px analysis) held 71 MB in one run
/// (valgrind massif), per worker.
const PNET_TILE_CELLS: usize = 60;

/// Heat-map cells P-net gives along an axis `len` input pixels long: a 3x3 convolution,
/// a 2x2 max-pool with stride 2 padded at the far end (SAME_UPPER), then two 3x3
/// convolutions, none of them padded otherwise.
fn pnet_cells(len: usize) -> usize {
    len.saturating_sub(2).div_ceil(2).saturating_sub(4)
}

/// Spans of an axis `len` input pixels long for P-net tiles, as (first heat-map cell,
/// end cell, first input pixel, end input pixel), each of at most `max_cells` cells.
/// Cell `c` sees input pixels `2c .. 2c + 12`, so cells `c0..c1` need input pixels
/// `2 c0 .. 2 c1 + 10`: an even start keeps the pooling pairs of the whole level, an
/// even number of convolved pixels keeps the span's pooling unpadded, and the last span
/// ends where the level ends, padded as the whole level is. The spans' heat maps, side
/// by side, are the level's; tiles are the spans of the two axes crossed.
fn pnet_spans(len: usize, max_cells: usize) -> Vec<(usize, usize, usize, usize)> {
    let cells = pnet_cells(len);
    let per = max_cells.max(1);
    let mut spans = Vec::new();
    let mut c0 = 0;
    while c0 < cells {
        let c1 = (c0 + per).min(cells);
        let x1 = if c1 == cells { len } else { 2 * c1 + 10 };
        spans.push((c0, c1, 2 * c0, x1));
        c0 = c1;
    }
    spans
}

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
    /// Heat-map cells per side of a P-net tile ([`PNET_TILE_CELLS`]).
    pnet_tile_cells: usize,
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
        Ok(Mtcnn { pnet, rnet, onet, stats: DetectStats::default(), pnet_tile_cells: PNET_TILE_CELLS })
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

    /// Changes the heat-map cells per side of a P-net tile (at least 1); for tests and
    /// measurements: the heat maps do not depend on it.
    pub fn set_pnet_tile_cells(&mut self, cells: usize) {
        self.pnet_tile_cells = cells.max(1);
    }

    /// Time and candidate counts summed over every `detect` call so far.
    pub fn stats(&self) -> &DetectStats {
        &self.stats
    }

    /// Stage 1: P-net over the pyramid.
    /// `smallest`: smallest face worth finding, in analysed pixels.
    fn propose(&mut self, img: &Image8, opts: &DetectOptions, smallest: f64) -> Result<Vec<Candidate>> {
        let threshold = opts.thresholds[0];
        let mut all = Vec::new();
        let factor = widen(opts.scale_factor);
        let levels = scales(img.width, img.height, widen(opts.min_face), factor);
        for scale in worth_running(levels, factor, smallest) {
            let t = Stamp::now();
            let (shape, data) = level_tensor(img, scale);
            let (width, height) = (shape[1] as usize, shape[2] as usize);
            self.stats.pnet_pixels += (width * height) as u64;
            let t2 = Stamp::now();
            self.stats.pyramid += t.until(&t2);
            let mut level = Vec::new();
            let mut tile = Vec::new();
            let rows_spans = pnet_spans(height, self.pnet_tile_cells);
            for (c0, c1, x0, x1) in pnet_spans(width, self.pnet_tile_cells) {
                for &(r0, r1, y0, y1) in &rows_spans {
                    // x is the outer axis: whole columns are contiguous, a tile's part of
                    // each column is copied.
                    let input: &[f32] = if y0 == 0 && y1 == height {
                        &data[x0 * height * CHANNELS..x1 * height * CHANNELS]
                    } else {
                        tile.clear();
                        for x in x0..x1 {
                            tile.extend_from_slice(&data[(x * height + y0) * CHANNELS..(x * height + y1) * CHANNELS]);
                        }
                        &tile
                    };
                    let shape = [1, x1 - x0, y1 - y0, CHANNELS];
                    self.pnet_tile(input, shape, (c0, c1), (r0, r1), scale, threshold, &mut level)?;
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

    /// Runs P-net on one tile (`input`, of `shape`) whose heat map covers cells
    /// `cols.0..cols.1` x `rows.0..rows.1` of a level at `scale`, and adds the cells
    /// scoring at least `threshold` to `level` as candidates in analysed pixels.
    #[allow(clippy::too_many_arguments)]
    fn pnet_tile(
        &mut self,
        input: &[f32],
        shape: [usize; 4],
        cols: (usize, usize),
        rows: (usize, usize),
        scale: f64,
        threshold: f32,
        level: &mut Vec<Candidate>,
    ) -> Result<()> {
        let out = self.pnet.run(ort::inputs![TensorRef::from_array_view((shape, input))?])?;
        let (pdims, prob) = output(&out, "softmax")?;
        let (_, reg) = output(&out, "conv2d_4")?;
        // Heat map [1, columns, rows, 2] (x-major like the input).
        let dim = |i: usize| pdims.get(i).copied().unwrap_or(0);
        let (n_cols, n_rows) = (dim(1), dim(2));
        if n_cols != cols.1 - cols.0
            || n_rows != rows.1 - rows.0
            || prob.len() < n_cols * n_rows * 2
            || reg.len() < n_cols * n_rows * 4
        {
            return Err(Error::Inference("P-net output has an unexpected size".into()));
        }
        for col in 0..n_cols {
            for row in 0..n_rows {
                let i = col * n_rows + row;
                let score = prob[i * 2 + 1];
                if score < threshold {
                    continue;
                }
                let (x, y) = ((cols.0 + col) as f64 * STRIDE, (rows.0 + row) as f64 * STRIDE);
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
        Ok(())
    }

    /// Runs R-net or O-net on crops of `boxes`, in batches. Returns, per box that
    /// could be cropped, its index and the output rows (`outputs` order; each output
    /// must have at least the given number of values per crop).
    fn run_crops(
        session: &mut Session,
        img: &Image8,
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
        img: &Image8,
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
        img: &Image8,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_heat_map_once_with_the_inputs_it_needs() {
        for (len, max) in [(960, 60), (720, 60), (12, 1), (13, 3), (40, 2), (101, 7), (500, 10_000)] {
            let spans = pnet_spans(len, max);
            let cells = pnet_cells(len);
            assert_eq!(spans.first().map(|s| s.0), Some(0), "{len}");
            assert_eq!(spans.last().map(|s| (s.1, s.3)), Some((cells, len)), "{len}");
            for pair in spans.windows(2) {
                assert_eq!(pair[0].1, pair[1].0, "spans meet");
            }
            for &(c0, c1, x0, x1) in &spans {
                assert!(c1 > c0 && c1 - c0 <= max && x0 == 2 * c0);
                // the span's own heat map has exactly its cells
                assert_eq!(pnet_cells(x1 - x0), c1 - c0, "{len} span {c0}..{c1}");
                if x1 < len {
                    assert_eq!(x1, 2 * c1 + 10);
                }
            }
        }
        assert_eq!(pnet_spans(500, 10_000).len(), 1, "a small level is one run");
        assert_eq!(pnet_spans(960, 60).len(), 8);
        assert!(pnet_spans(10, 60).is_empty(), "no window fits");
    }
}
