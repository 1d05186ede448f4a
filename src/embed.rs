//! Face descriptors: dlib's ResNet (converted to ONNX by `models/convert_resnet.py`) run
//! through ONNX Runtime on aligned 150x150 face chips.
//!
//! The chips must be made the way dlib's `get_face_chip` makes them (see `align`); this
//! module only normalises them exactly as dlib's `input_rgb_image_sized` does and runs
//! the network. Output descriptors are the raw network output (not normalised), so they
//! are comparable with dlib's and face_recognition's descriptors.

use std::path::Path;

use image::RgbImage;
use ort::session::Session;
use ort::value::TensorRef;

use crate::face::{Descriptor, DESCRIPTOR_LEN};
use crate::runtime::{self, RESNET};
use crate::{Error, Result};

/// Side of the square chip the network takes, in pixels.
pub const CHIP_SIZE: u32 = 150;

/// Per-channel means (R, G, B) that dlib subtracts before dividing by 256; the values
/// stored in `dlib_face_recognition_resnet_model_v1.dat` (as f32, as dlib keeps them).
pub const CHANNEL_MEANS: [f32; 3] = [122.782, 117.001, 104.298];

/// Largest number of chips sent to ONNX Runtime in one `run`.
///
/// Measured with `cargo test --test embed_reference -- --ignored --nocapture speed` (the
/// work is inside ONNX Runtime, so the cargo profile does not matter) on the 2-core
/// development machine while other jobs kept the load average at 2 to 5; best of four
/// runs, ms per face:
///
/// | batch | 1 intra-op thread | 2 intra-op threads |
/// |------:|------------------:|-------------------:|
/// |     1 |               4.8 |                9.6 |
/// |     4 |               4.1 |                7.7 |
/// |     8 |               4.2 |                7.6 |
/// |    16 |               4.1 |                6.4 |
///
/// Batching saves about 15 % over single chips; beyond 4-8 the gain is within the noise
/// while memory grows with the batch (0.27 MB of input per chip plus its activations),
/// so 8. On a busy machine a second intra-op thread costs more than it gives: prefer one
/// thread per `Embedder` and parallelise across workers.
pub const BATCH: usize = 8;

const PIXELS: usize = (CHIP_SIZE * CHIP_SIZE) as usize;
const INPUT_NAME: &str = "input";
const OUTPUT_NAME: &str = "descriptor";

/// One ONNX Runtime session of the face-descriptor network. `embed` takes `&mut self`
/// (as ONNX Runtime's `run` does): workers borrow one at a time from a small pool
/// ([`crate::pipeline::SharedModels`]).
pub struct Embedder {
    session: Session,
    /// Chips per `run` (`BATCH` unless changed with `set_max_batch`).
    max_batch: usize,
    /// Reused NCHW input buffer, `max_batch` chips at most.
    input: Vec<f32>,
}

impl Embedder {
    /// Loads `dlib_face_recognition_resnet_model_v1.onnx` from `models_dir`.
    /// `intra_threads` is the number of threads ONNX Runtime uses inside one run.
    pub fn new(models_dir: &Path, intra_threads: usize) -> Result<Embedder> {
        let session = runtime::session(models_dir, RESNET, intra_threads)?;
        check_signature(&session)?;
        Ok(Embedder {
            session,
            max_batch: BATCH,
            input: Vec::with_capacity(BATCH * 3 * PIXELS),
        })
    }

    /// Changes the number of chips per ONNX Runtime run (at least 1); for measurements
    /// and memory-constrained callers. Results do not depend on it.
    pub fn set_max_batch(&mut self, max_batch: usize) {
        self.max_batch = max_batch.max(1);
    }

    /// The network's output for 150x150 RGB face chips, in the order given: the same
    /// numbers as dlib's (tests/embed_reference.rs). Stored descriptors come from
    /// [`Embedder::describe`].
    pub fn embed(&mut self, chips: &[RgbImage]) -> Result<Vec<Descriptor>> {
        if let Some((i, chip)) = chips
            .iter()
            .enumerate()
            .find(|(_, c)| c.dimensions() != (CHIP_SIZE, CHIP_SIZE))
        {
            return Err(Error::Invalid(format!(
                "face chip {i} is {}x{}, the descriptor network needs {CHIP_SIZE}x{CHIP_SIZE}",
                chip.width(),
                chip.height()
            )));
        }
        let mut out = Vec::with_capacity(chips.len());
        for batch in chips.chunks(self.max_batch) {
            self.run_batch(batch, &mut out)?;
        }
        Ok(out)
    }

    /// The descriptors Kindred stores: for each chip, the mean of the network's output
    /// on the chip and on its mirror image. A face and its mirror are the same person,
    /// and averaging the two cancels part of what pose and lighting add to one view.
    ///
    /// Measured on lfw-dev (2,613 central faces, every pair): the share of same-person
    /// pairs found at a false-match rate of 1e-4 rises from 0.666 to 0.716 (1e-5: 0.355
    /// to 0.420; ROC AUC 0.99803 to 0.99824). All distances shrink a little (median
    /// same-person 0.443 to 0.421, different 0.820 to 0.808), which the grouping's
    /// cutoffs account for. It doubles the descriptor network's work, a few ms per face
    /// next to detection's hundreds per photo.
    pub fn describe(&mut self, chips: &[RgbImage]) -> Result<Vec<Descriptor>> {
        // Chips and mirrors go through the network together (fewer, fuller batches).
        let both: Vec<RgbImage> = chips
            .iter()
            .cloned()
            .chain(chips.iter().map(image::imageops::flip_horizontal))
            .collect();
        let mut out = self.embed(&both)?;
        let mirrored = out.split_off(chips.len());
        for (d, m) in out.iter_mut().zip(mirrored) {
            for (v, w) in d.iter_mut().zip(m) {
                *v = (*v + w) / 2.0;
            }
        }
        Ok(out)
    }

    fn run_batch(&mut self, chips: &[RgbImage], out: &mut Vec<Descriptor>) -> Result<()> {
        self.input.clear();
        self.input.resize(chips.len() * 3 * PIXELS, 0.0);
        for (chip, planes) in chips.iter().zip(self.input.chunks_exact_mut(3 * PIXELS)) {
            normalise_into(chip, planes);
        }
        let shape = [chips.len(), 3, CHIP_SIZE as usize, CHIP_SIZE as usize];
        let tensor = TensorRef::from_array_view((shape, self.input.as_slice()))?;
        let outputs = self.session.run(ort::inputs![INPUT_NAME => tensor])?;
        let (out_shape, values) = outputs[OUTPUT_NAME].try_extract_tensor::<f32>()?;
        if out_shape.len() != 2
            || out_shape[0] != chips.len() as i64
            || out_shape[1] != DESCRIPTOR_LEN as i64
        {
            return Err(Error::Inference(format!(
                "descriptor network returned shape {out_shape:?} for {} chips",
                chips.len()
            )));
        }
        for row in values.chunks_exact(DESCRIPTOR_LEN) {
            let mut d = [0.0f32; DESCRIPTOR_LEN];
            d.copy_from_slice(row);
            out.push(d);
        }
        Ok(())
    }
}

/// Writes one chip as three planes (R, G, B) of `(pixel - mean) / 256`, as dlib's
/// `input_rgb_image_sized::to_tensor` does (dividing by a power of two is exact, so f32
/// arithmetic gives dlib's values bit for bit).
fn normalise_into(chip: &RgbImage, planes: &mut [f32]) {
    let (r, rest) = planes.split_at_mut(PIXELS);
    let (g, b) = rest.split_at_mut(PIXELS);
    for (i, px) in chip.pixels().enumerate() {
        r[i] = (px[0] as f32 - CHANNEL_MEANS[0]) / 256.0;
        g[i] = (px[1] as f32 - CHANNEL_MEANS[1]) / 256.0;
        b[i] = (px[2] as f32 - CHANNEL_MEANS[2]) / 256.0;
    }
}

/// Fails early, with the model named, if the file is not the converted dlib network.
fn check_signature(session: &Session) -> Result<()> {
    let ok = session.inputs().len() == 1
        && session.inputs()[0].name() == INPUT_NAME
        && session.outputs().len() == 1
        && session.outputs()[0].name() == OUTPUT_NAME
        && session.outputs()[0]
            .dtype()
            .tensor_shape()
            .map(|s| s.last() == Some(&(DESCRIPTOR_LEN as i64)))
            == Some(true);
    if ok {
        Ok(())
    } else {
        Err(Error::Model {
            name: RESNET.to_string(),
            reason: format!(
                "expected one input `{INPUT_NAME}` and one output `{OUTPUT_NAME}` of width \
                 {DESCRIPTOR_LEN}; rebuild it with `bash models/build.sh`"
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::face::distance;
    use crate::runtime::{model_path, models_dir};

    /// The embedder, or `None` (with a message) when the model files are not built.
    fn embedder() -> Option<Embedder> {
        let dir = models_dir();
        if model_path(&dir, RESNET).is_err() || model_path(&dir, runtime::ORT_LIBRARY).is_err() {
            eprintln!(
                "SKIP: {} has no {RESNET}; run `bash models/build.sh`",
                dir.display()
            );
            return None;
        }
        Some(Embedder::new(&dir, 1).expect("descriptor model loads"))
    }

    /// A deterministic, face-free but textured chip.
    fn pattern_chip(seed: u32) -> RgbImage {
        RgbImage::from_fn(CHIP_SIZE, CHIP_SIZE, |x, y| {
            let v = x
                .wrapping_mul(31)
                .wrapping_add(y.wrapping_mul(17))
                .wrapping_add(seed * 101);
            image::Rgb([
                (v % 251) as u8,
                ((v / 3) % 241) as u8,
                ((x * y + seed) % 239) as u8,
            ])
        })
    }

    #[test]
    fn normalisation_matches_dlib_formula() {
        let mut chip = RgbImage::new(CHIP_SIZE, CHIP_SIZE);
        chip.put_pixel(0, 0, image::Rgb([255, 0, 128]));
        chip.put_pixel(149, 149, image::Rgb([1, 2, 3]));
        let mut planes = vec![0.0; 3 * PIXELS];
        normalise_into(&chip, &mut planes);
        assert_eq!(planes[0], (255.0 - 122.782f32) / 256.0);
        assert_eq!(planes[PIXELS], (0.0 - 117.001f32) / 256.0);
        assert_eq!(planes[2 * PIXELS], (128.0 - 104.298f32) / 256.0);
        assert_eq!(planes[PIXELS - 1], (1.0 - 122.782f32) / 256.0);
        assert_eq!(planes[3 * PIXELS - 1], (3.0 - 104.298f32) / 256.0);
    }

    #[test]
    fn described_chip_and_its_mirror_are_one_face() {
        let Some(mut e) = embedder() else { return };
        let chip = pattern_chip(3);
        let mirror = image::imageops::flip_horizontal(&chip);
        let d = e.describe(&[chip.clone(), mirror.clone(), pattern_chip(4)]).unwrap();
        assert_eq!(d.len(), 3);
        assert!(crate::face::distance(&d[0], &d[1]) < 1e-4, "a chip and its mirror differ");
        assert!(crate::face::distance(&d[0], &d[2]) > 1e-3, "different chips gave one descriptor");
        // the mean of the network's two outputs
        let raw = e.embed(&[chip, mirror]).unwrap();
        for k in 0..DESCRIPTOR_LEN {
            assert!((d[0][k] - (raw[0][k] + raw[1][k]) / 2.0).abs() < 1e-5);
        }
    }

    #[test]
    fn wrong_chip_size_is_rejected() {
        let Some(mut e) = embedder() else { return };
        let err = e.embed(&[RgbImage::new(150, 149)]).unwrap_err();
        assert_eq!(err.code(), "invalid");
    }

    #[test]
    fn empty_input_gives_no_descriptors() {
        let Some(mut e) = embedder() else { return };
        assert!(e.embed(&[]).unwrap().is_empty());
    }

    /// Batching (several runs, a partial last batch) must not change any descriptor.
    #[test]
    fn batched_equals_one_by_one() {
        let Some(mut e) = embedder() else { return };
        let chips: Vec<RgbImage> = (0..BATCH as u32 + 3).map(pattern_chip).collect();
        let together = e.embed(&chips).unwrap();
        assert_eq!(together.len(), chips.len());
        for (chip, d) in chips.iter().zip(&together) {
            let alone = e.embed(std::slice::from_ref(chip)).unwrap();
            assert!(distance(&alone[0], d) < 1e-5, "batch changes the result");
        }
        // Different inputs give different descriptors (the output is not a constant).
        assert!(distance(&together[0], &together[1]) > 1e-3);
    }

    #[test]
    fn missing_model_dir_is_a_model_error() {
        match Embedder::new(Path::new("/nonexistent/models"), 1) {
            Err(e) => assert_eq!(e.code(), "model"),
            Ok(_) => panic!("loading from a missing directory must fail"),
        }
    }
}
