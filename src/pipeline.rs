//! The face pipeline for one photo: decode -> detect (MTCNN) -> 5-point landmarks
//! (dlib's regression trees on an adjusted box) -> 150x150 chip -> 128-D descriptor.
//!
//! One [`FacePipeline`] owns its detector's ONNX Runtime sessions and is used by one
//! thread; run several (one per core) to use the machine, as [`crate::scan`] and the
//! benches do. The landmark model and the descriptor network are loaded once per
//! process and shared by the workers ([`SharedModels`]).

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use image::RgbImage;

use crate::align::face_chip;
use crate::cpu_time::CpuStamp;
use crate::detect::{DetectOptions, Mtcnn};
use crate::embed::Embedder;
use crate::face::Face;
use crate::photo::{load_photo_bytes, read_photo_file, DecodeOptions, Photo, Turn};
use crate::runtime;
use crate::shape_predictor::{dlib_rect_from_mtcnn, ShapePredictor};
use crate::Result;

/// Settings of the whole pipeline.
#[derive(Debug, Clone)]
pub struct PipelineOptions {
    pub decode: DecodeOptions,
    pub detect: DetectOptions,
    /// Detections scoring below this are dropped before landmarks and descriptors.
    /// MTCNN's own O-net threshold (0.7) lets through blurred background patches
    /// (obama.jpg: a 0.94 blob behind the shoulder); every real face in the test and
    /// development photos, including partial, turned and blurry ones, scores >= 0.97.
    pub min_score: f32,
}

/// Default for [`PipelineOptions::min_score`].
pub const DEFAULT_MIN_SCORE: f32 = 0.95;

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions { decode: DecodeOptions::default(), detect: DetectOptions::default(), min_score: DEFAULT_MIN_SCORE }
    }
}

/// Time spent in each stage, summed over the photos a pipeline has seen: CPU time of
/// the pipeline's thread (see [`CpuStamp`]), so that figures hold on a busy machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    pub decode: Duration,
    pub detect: Duration,
    pub align: Duration,
    pub embed: Duration,
    /// Extra time of photos tried turned ([`crate::turned_photos`]), beyond the stages
    /// of the analysis that was kept.
    pub turns: Duration,
    /// Photos tried turned, and photos kept turned.
    pub photos_tried_turned: u32,
    pub photos_turned: u32,
}

impl StageTimes {
    pub fn add(&mut self, other: &StageTimes) {
        self.decode += other.decode;
        self.detect += other.detect;
        self.align += other.align;
        self.embed += other.embed;
        self.turns += other.turns;
        self.photos_tried_turned += other.photos_tried_turned;
        self.photos_turned += other.photos_turned;
    }
}

/// A face found in a photo together with its aligned chip (for crops and checks).
pub struct FoundFace {
    pub face: Face,
    pub chip: RgbImage,
}

/// Faces of one photo.
pub struct PhotoFaces {
    /// The photo as analysed: turned by `turn` (pixels, width and height) when it was
    /// found turned.
    pub photo: Photo,
    pub turn: Turn,
    pub faces: Vec<FoundFace>,
    pub times: StageTimes,
}

/// The models the workers of one process share: the landmark predictor (read-only)
/// and the sessions of the descriptor network.
///
/// The descriptor network is the largest model (22 MB of weights, which ONNX Runtime
/// holds twice: as loaded and repacked for its convolutions); a session per worker
/// costs 46 MB more per worker (measured as resident memory after loading one and two
/// sessions). Describing is about a seventh of a scan worker's time, so by default the
/// workers take turns with one session. Re-describing stored faces is almost all
/// describing: it allows one session per worker ([`SharedModels::allow_sessions`]).
#[derive(Clone)]
pub struct SharedModels {
    predictor: Arc<ShapePredictor>,
    describers: Arc<DescriberPool>,
}

/// Sessions of the descriptor network, lent out one call at a time; more are made
/// (up to `limit`) only while every one is busy.
struct DescriberPool {
    models_dir: std::path::PathBuf,
    intra_threads: usize,
    state: Mutex<PoolState>,
    returned: Condvar,
}

struct PoolState {
    free: Vec<Embedder>,
    made: usize,
    limit: usize,
}

impl SharedModels {
    /// Loads the landmark predictor and the descriptor network from `models_dir`.
    /// `intra_threads`: ONNX Runtime threads inside one descriptor run.
    /// The two load side by side (parsing the landmark model and preparing the
    /// network's session each take tens of milliseconds, before any photo starts).
    pub fn load(models_dir: &Path, intra_threads: usize) -> Result<SharedModels> {
        let (predictor, embedder) = std::thread::scope(|s| {
            let predictor = s.spawn(|| -> Result<ShapePredictor> {
                ShapePredictor::load(&runtime::model_path(models_dir, runtime::SHAPE_PREDICTOR_5)?)
            });
            let embedder = Embedder::new(models_dir, intra_threads);
            let predictor = predictor.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            (predictor, embedder)
        });
        Ok(SharedModels {
            predictor: Arc::new(predictor?),
            describers: Arc::new(DescriberPool {
                models_dir: models_dir.to_path_buf(),
                intra_threads,
                state: Mutex::new(PoolState { free: vec![embedder?], made: 1, limit: 1 }),
                returned: Condvar::new(),
            }),
        })
    }

    /// Lets up to `sessions` descriptor-network sessions exist, so that as many workers
    /// describe at once (each further session is made when first needed). Never lowers
    /// the limit.
    pub fn allow_sessions(&self, sessions: usize) {
        let mut st = self.describers.lock();
        st.limit = st.limit.max(sessions);
    }

    /// Sessions made so far.
    pub fn sessions(&self) -> usize {
        self.describers.lock().made
    }

    /// The stored descriptors of `chips` ([`Embedder::describe`]), with a session of
    /// the pool.
    fn describe(&self, chips: &[RgbImage]) -> Result<Vec<crate::face::Descriptor>> {
        self.with_session(|e| e.describe(chips))
    }

    /// Runs `f` with a session of the descriptor network: a free one, a new one while
    /// fewer than the limit exist, or the first one another worker gives back.
    fn with_session<R>(&self, f: impl FnOnce(&mut Embedder) -> Result<R>) -> Result<R> {
        let pool = &self.describers;
        let mut embedder = {
            let mut st = pool.lock();
            loop {
                if let Some(e) = st.free.pop() {
                    break e;
                }
                if st.made < st.limit {
                    st.made += 1;
                    drop(st);
                    // Made without the lock: others keep borrowing meanwhile.
                    match Embedder::new(&pool.models_dir, pool.intra_threads) {
                        Ok(e) => break e,
                        Err(err) => {
                            pool.lock().made -= 1;
                            pool.returned.notify_one();
                            return Err(err);
                        }
                    }
                }
                st = pool.returned.wait(st).unwrap_or_else(|p| p.into_inner());
            }
        };
        // A panic inside `f` (an analyser crash the scan catches) drops this session:
        // the pool makes another when needed.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut embedder)));
        match &result {
            Ok(_) => pool.lock().free.push(embedder),
            Err(_) => pool.lock().made -= 1,
        }
        pool.returned.notify_one();
        result.unwrap_or_else(|p| std::panic::resume_unwind(p))
    }
}

impl DescriberPool {
    /// The pool's state; a worker that panicked while holding the lock leaves it usable
    /// (the state is only counts and idle sessions).
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Detection, landmarks, alignment and description for one worker thread.
pub struct FacePipeline {
    mtcnn: Mtcnn,
    shared: SharedModels,
    options: PipelineOptions,
}

impl FacePipeline {
    /// Loads the models from `models_dir`. `intra_threads` is the number of threads
    /// ONNX Runtime may use inside one run (1 when there is one pipeline per core).
    pub fn new(models_dir: &Path, intra_threads: usize, options: PipelineOptions) -> Result<Self> {
        let shared = SharedModels::load(models_dir, intra_threads)?;
        Self::with_shared(models_dir, intra_threads, options, shared)
    }

    /// Like [`FacePipeline::new`] but with the landmark predictor and descriptor network
    /// of other pipelines (one worker of several).
    pub fn with_shared(
        models_dir: &Path,
        intra_threads: usize,
        options: PipelineOptions,
        shared: SharedModels,
    ) -> Result<Self> {
        Ok(FacePipeline {
            mtcnn: Mtcnn::new(models_dir, intra_threads)?,
            shared,
            options,
        })
    }

    /// Detection time per stage and candidate counts, summed over this pipeline's photos.
    pub fn detect_stats(&self) -> &crate::detect::DetectStats {
        self.mtcnn.stats()
    }

    /// Reads (through the guarded [`read_photo_file`]) and analyses one photo file.
    pub fn analyze_file(&mut self, path: &Path) -> Result<PhotoFaces> {
        let bytes = read_photo_file(path, self.options.decode.max_file_bytes)?;
        self.analyze_bytes(path, &bytes)
    }

    /// Decodes `bytes` (the content of `path`) and finds its faces, turning the photo
    /// when it was turned without EXIF orientation ([`crate::turned_photos`]).
    pub fn analyze_bytes(&mut self, path: &Path, bytes: &[u8]) -> Result<PhotoFaces> {
        let t0 = CpuStamp::now();
        let mut photo = load_photo_bytes(bytes, path, &self.options.decode)?;
        let decode = t0.elapsed();
        let (turn, faces, mut times) = crate::turned_photos::find_faces(self, &mut photo)?;
        times.decode = decode;
        Ok(PhotoFaces { photo, turn, faces, times })
    }

    /// Finds and describes every face of an upright RGB image.
    pub fn faces_in_image(&mut self, img: &RgbImage) -> Result<(Vec<FoundFace>, StageTimes)> {
        let mut times = StageTimes::default();
        let t = CpuStamp::now();
        let mut detections = self.mtcnn.detect(img, &self.options.detect)?;
        detections.retain(|d| d.score >= self.options.min_score);
        times.detect = t.elapsed();

        let t = CpuStamp::now();
        let mut chips = Vec::with_capacity(detections.len());
        let mut marks = Vec::with_capacity(detections.len());
        for d in &detections {
            let rect = dlib_rect_from_mtcnn(&d.bbox, &d.points);
            let landmarks = self.shared.predictor.predict(img, rect);
            chips.push(face_chip(img, &landmarks));
            marks.push(landmarks);
        }
        times.align = t.elapsed();

        let t = CpuStamp::now();
        let descriptors = self.shared.describe(&chips)?;
        times.embed = t.elapsed();

        let faces = detections
            .into_iter()
            .zip(marks)
            .zip(descriptors)
            .zip(chips)
            .map(|(((d, landmarks), descriptor), chip)| FoundFace {
                face: Face { bbox: d.bbox, landmarks, score: d.score, descriptor: descriptor.to_vec() },
                chip,
            })
            .collect();
        Ok((faces, times))
    }

    /// Describes a face the user boxed by hand (a face the detector missed): the
    /// landmark predictor runs on the given box directly. The face's score is 0 (no
    /// detector vouched for it).
    pub fn describe_region(&mut self, img: &RgbImage, rect: crate::geometry::Rect) -> Result<FoundFace> {
        let landmarks = self.shared.predictor.predict(img, rect);
        let chip = face_chip(img, &landmarks);
        let descriptor = self.shared.describe(std::slice::from_ref(&chip))?.remove(0);
        Ok(FoundFace {
            face: Face { bbox: rect, landmarks, score: 0.0, descriptor: descriptor.to_vec() },
            chip,
        })
    }

    /// Describes the face inside a box the user drew. A hand-drawn box is looser than
    /// the detector's and the landmark model was trained on the detector's boxes, so
    /// the detector is asked first, on the drawn area with a margin and with every
    /// threshold relaxed: a face it finds overlapping the box (the one overlapping
    /// most) is described exactly like a detected face, with its own box and score.
    /// Only when it finds none does [`FacePipeline::describe_region`] use the drawn box.
    pub fn describe_drawn(&mut self, img: &RgbImage, rect: crate::geometry::Rect) -> Result<FoundFace> {
        use crate::geometry::{Point, Rect};
        let margin = 0.25 * rect.width().max(rect.height());
        let (w, h) = (img.width() as f32, img.height() as f32);
        let left = (rect.left - margin).floor().clamp(0.0, w - 1.0);
        let top = (rect.top - margin).floor().clamp(0.0, h - 1.0);
        let right = (rect.right + margin).ceil().clamp(left + 1.0, w);
        let bottom = (rect.bottom + margin).ceil().clamp(top + 1.0, h);
        let area = image::imageops::crop_imm(img, left as u32, top as u32, (right - left) as u32, (bottom - top) as u32).to_image();
        let options = DetectOptions {
            min_face: (0.5 * rect.width().min(rect.height())).clamp(12.0, 20.0),
            thresholds: [0.5, 0.5, 0.5],
            max_side: 0,
            // The user says a face is there: look for it at every size.
            min_face_in_photo: 0.0,
            min_face_fraction: 0.0,
            ..self.options.detect.clone()
        };
        let shift = |p: Point| Point::new(p.x + left, p.y + top);
        let best = self
            .mtcnn
            .detect(&area, &options)?
            .into_iter()
            .map(|d| {
                let bbox = Rect::new(d.bbox.left + left, d.bbox.top + top, d.bbox.right + left, d.bbox.bottom + top);
                (bbox.iou(&rect), bbox, d)
            })
            .filter(|(iou, _, _)| *iou >= 0.25)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, bbox, d)) = best else {
            return self.describe_region(img, rect);
        };
        let points = d.points.map(shift);
        let landmarks = self.shared.predictor.predict(img, dlib_rect_from_mtcnn(&bbox, &points));
        let chip = face_chip(img, &landmarks);
        let descriptor = self.shared.describe(std::slice::from_ref(&chip))?.remove(0);
        Ok(FoundFace { face: Face { bbox, landmarks, score: d.score, descriptor: descriptor.to_vec() }, chip })
    }
}

/// The scanner's view of the pipeline: one per scan worker.
impl crate::scan::PhotoAnalyzer for FacePipeline {
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> Result<crate::scan::AnalyzedPhoto> {
        let r = self.analyze_bytes(path, bytes)?;
        let faces = r
            .faces
            .into_iter()
            .map(|f| crate::scan::AnalyzedFace {
                crop_jpeg: crate::crop::face_crop_jpeg(&r.photo.image, &f.face.bbox),
                face: f.face,
            })
            .collect();
        let m = r.photo.meta;
        Ok(crate::scan::AnalyzedPhoto {
            width: m.width,
            height: m.height,
            orientation: m.orientation,
            turn: r.turn,
            taken_at: m.taken_at,
            camera: m.camera,
            faces,
        })
    }

    fn describe_side_by_side(&mut self, workers: usize) {
        self.shared.allow_sessions(workers);
    }

    fn redescribe(
        &mut self,
        path: &Path,
        bytes: &[u8],
        turn: Turn,
        landmarks: &[crate::geometry::Landmarks5],
    ) -> Result<Vec<crate::face::Descriptor>> {
        let photo = crate::photo::load_photo_in_frame(bytes, path, &self.options.decode, turn)?;
        let chips: Vec<RgbImage> = landmarks.iter().map(|l| face_chip(&photo.image, l)).collect();
        self.shared.describe(&chips)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// Four threads describing at once: at most `limit` sessions are ever made, no
    /// more are in use at a time, and every call finishes.
    fn borrow_from_four_threads(shared: &SharedModels) -> usize {
        let busy = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..3 {
                        shared
                            .with_session(|_| {
                                let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                                most.fetch_max(now, Ordering::SeqCst);
                                std::thread::sleep(Duration::from_millis(15));
                                busy.fetch_sub(1, Ordering::SeqCst);
                                Ok(())
                            })
                            .unwrap();
                    }
                });
            }
        });
        most.load(Ordering::SeqCst)
    }

    #[test]
    fn describer_sessions_stay_within_their_limit() {
        let shared = SharedModels::load(&runtime::models_dir(), 1).expect("models load");
        assert_eq!(borrow_from_four_threads(&shared), 1, "one session by default: turns");
        assert_eq!(shared.sessions(), 1);
        shared.allow_sessions(2);
        assert!(borrow_from_four_threads(&shared) <= 2);
        assert_eq!(shared.sessions(), 2);
        shared.allow_sessions(1);
        assert_eq!(shared.sessions(), 2, "the limit is never lowered");
    }

    #[test]
    fn a_panic_while_describing_gives_up_that_session_only() {
        let shared = SharedModels::load(&runtime::models_dir(), 1).expect("models load");
        let crash = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            shared.with_session(|_| -> Result<()> { panic!("analyser crash") })
        }));
        assert!(crash.is_err());
        assert_eq!(shared.sessions(), 0);
        // The next call makes a new session instead of waiting for the lost one.
        shared.with_session(|_| Ok(())).unwrap();
        assert_eq!(shared.sessions(), 1);
    }
}
