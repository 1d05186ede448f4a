//! The Rust shape predictor and face chip against Python dlib on the same pixels.
//!
//! Reference data: tests/fixtures/landmarks/reference.json, made by
//! tests/fixtures/landmarks/make_fixtures.py (dlib 20.0.1). The photos are not in the
//! repository: face_recognition's test images (`$KINDRED_TEST_IMAGES`, default
//! `$KINDRED_MODELS/cache/test_images`) and the devfaces set (`$KINDRED_DEVFACES`, default
//! `../shared/data/devfaces/images` beside the repository). Tests
//! skip with a message when the model or the photos are missing.

use std::path::{Path, PathBuf};

use kindred::align::face_chip;
use kindred::geometry::{Landmarks5, Point};
use kindred::shape_predictor::{DlibRect, ShapePredictor};
use serde::Deserialize;
use sha2::{Digest, Sha256};

#[derive(Deserialize)]
struct Reference {
    images: Vec<ImageRef>,
    chips: Vec<ChipRef>,
}

#[derive(Deserialize)]
struct ImageRef {
    root: String,
    file: String,
    rgb_sha256: String,
    faces: Vec<FaceRef>,
}

#[derive(Deserialize)]
struct FaceRef {
    rect: [i64; 4],
    points: [[i64; 2]; 5],
}

#[derive(Deserialize)]
struct ChipRef {
    root: String,
    file: String,
    upscale: u32,
    points: [[i64; 2]; 5],
    rgb_sha256: String,
    chip_sha256: String,
    channel_sums: [u64; 3],
    grid_stride: u32,
    grid: Vec<u8>,
}

fn reference() -> Reference {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/landmarks/reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn root_dir(root: &str) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<PathBuf> = match root {
        "test_images" => {
            let mut v: Vec<PathBuf> = std::env::var_os("KINDRED_TEST_IMAGES")
                .map(PathBuf::from)
                .into_iter()
                .collect();
            v.push(kindred::runtime::models_dir().join("cache/test_images"));
            v
        }
        _ => {
            let mut v: Vec<PathBuf> = std::env::var_os("KINDRED_DEVFACES")
                .map(PathBuf::from)
                .into_iter()
                .collect();
            v.push(manifest.join("../shared/data/devfaces/images"));
            v
        }
    };
    candidates.into_iter().find(|d| d.is_dir())
}

fn load(root: &str, file: &str) -> Option<image::RgbImage> {
    let path = root_dir(root)?.join(file);
    Some(image::open(&path).ok()?.to_rgb8())
}

fn predictor() -> Option<ShapePredictor> {
    let path = kindred::runtime::models_dir().join("shape_predictor_5_face_landmarks.dat");
    if !path.is_file() {
        eprintln!("SKIP: {} not found (set KINDRED_MODELS)", path.display());
        return None;
    }
    Some(ShapePredictor::load(&path).expect("model loads"))
}

fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn to_points(p: &[[i64; 2]; 5]) -> Landmarks5 {
    p.map(|[x, y]| Point::new(x as f32, y as f32))
}

#[test]
fn landmarks_match_python_dlib() {
    let Some(sp) = predictor() else { return };
    assert_eq!(sp.cascade_depth(), 15);
    let reference = reference();
    let (mut faces, mut exact, mut decoded_differently, mut max_err) = (0, 0, 0, 0.0f32);
    // Photos the image crate decodes to other pixels than PIL (JPEG IDCT/upsampling
    // differences): the points can only be close there, not identical.
    let (mut other_faces, mut other_err_sum, mut other_max) = (0, 0.0f32, 0.0f32);
    let mut skipped = 0;
    for im in &reference.images {
        let Some(img) = load(&im.root, &im.file) else {
            skipped += 1;
            continue;
        };
        let same_pixels = sha_hex(img.as_raw()) == im.rgb_sha256;
        decoded_differently += !same_pixels as usize;
        for f in &im.faces {
            let [l, t, r, b] = f.rect;
            let rect = DlibRect {
                left: l,
                top: t,
                right: r,
                bottom: b,
            }
            .to_rect();
            let got = sp.predict(&img, rect);
            let want = to_points(&f.points);
            let err = got
                .iter()
                .zip(&want)
                .map(|(g, w)| (g.x - w.x).abs().max((g.y - w.y).abs()))
                .fold(0.0, f32::max);
            if !same_pixels {
                other_faces += 1;
                other_err_sum += err;
                other_max = other_max.max(err);
                continue;
            }
            faces += 1;
            if err == 0.0 {
                exact += 1;
            } else {
                eprintln!(
                    "{} rect {:?}: got {:?} want {:?}",
                    im.file, f.rect, got, want
                );
            }
            max_err = max_err.max(err);
        }
    }
    eprintln!("same pixels as PIL: {exact}/{faces} faces exact, max error {max_err} px; {skipped} photos missing");
    eprintln!(
        "{decoded_differently} photos decoded differently: {other_faces} faces, mean max-coordinate error {:.3} px, worst {other_max} px",
        other_err_sum / other_faces.max(1) as f32
    );
    if other_faces > 0 {
        // The regression trees compare single pixels, so grey-level differences flip some
        // splits: a few pixels of movement, not more.
        assert!(other_err_sum / (other_faces as f32) < 1.5 && other_max <= 8.0);
    }
    if faces == 0 {
        eprintln!("SKIP: no reference photos found");
        return;
    }
    assert!(faces >= 20, "too few faces compared ({faces})");
    // dlib's points are whole pixels; a float difference could at worst move a rounding
    // across a half pixel, and nearly never does.
    assert!(max_err <= 1.0, "max error {max_err}");
    assert!(exact as f64 >= 0.98 * faces as f64, "{exact}/{faces} exact");
}

#[test]
fn chips_match_python_dlib() {
    let reference = reference();
    let (mut chips, mut identical) = (0, 0);
    for c in &reference.chips {
        let Some(img) = load(&c.root, &c.file) else {
            continue;
        };
        let same_pixels = sha_hex(img.as_raw()) == c.rgb_sha256;
        let img = if c.upscale > 1 {
            let s = c.upscale;
            image::RgbImage::from_fn(img.width() * s, img.height() * s, |x, y| {
                *img.get_pixel(x / s, y / s)
            })
        } else {
            img
        };
        let chip = face_chip(&img, &to_points(&c.points));
        assert_eq!((chip.width(), chip.height()), (150, 150));
        let byte_identical = sha_hex(chip.as_raw()) == c.chip_sha256;
        if same_pixels {
            chips += 1;
            identical += byte_identical as usize;
        }
        let mut sums = [0u64; 3];
        for p in chip.pixels() {
            for (sum, v) in sums.iter_mut().zip(p.0) {
                *sum += v as u64;
            }
        }
        let (mut n, mut equal, mut abs) = (0usize, 0usize, 0u64);
        let stride = c.grid_stride;
        let mut i = 0;
        for y in (0..150).step_by(stride as usize) {
            for x in (0..150).step_by(stride as usize) {
                for k in 0..3 {
                    let (g, w) = (chip.get_pixel(x, y).0[k], c.grid[i]);
                    n += 1;
                    equal += (g == w) as usize;
                    abs += (g as i64 - w as i64).unsigned_abs();
                    i += 1;
                }
            }
        }
        let mean_sum_diff: f64 = (0..3)
            .map(|k| (sums[k] as f64 - c.channel_sums[k] as f64).abs())
            .sum::<f64>()
            / (3.0 * 22500.0);
        eprintln!(
            "{} x{} ({}): {equal}/{n} sampled values equal, mean abs diff {:.4}, mean channel diff {mean_sum_diff:.4}, byte-identical {byte_identical}",
            c.file,
            c.upscale,
            if same_pixels { "same pixels as PIL" } else { "decoded differently from PIL" },
            abs as f64 / n as f64
        );
        assert!((abs as f64 / n as f64) < 1.0);
        assert!(mean_sum_diff < 1.0);
        // Same input pixels: nearly all chip pixels equal (a sample landing within
        // rounding noise of a pixel boundary may truncate differently). A JPEG decoded by
        // another decoder differs by a grey level here and there.
        let min_equal = if same_pixels { 0.995 } else { 0.97 };
        assert!(equal as f64 >= min_equal * n as f64, "{equal}/{n}");
    }
    eprintln!("{identical}/{chips} chips from identically decoded photos byte-identical to dlib's");
    if chips == 0 {
        eprintln!("SKIP: no reference photos found");
        return;
    }
    assert!(
        reference.chips.iter().any(|c| c.upscale > 1),
        "the pyramid path must be covered"
    );
    assert_eq!(
        identical, chips,
        "chips from the same pixels should be byte-identical"
    );
}

#[derive(Deserialize)]
struct BoxPairs {
    mean_iou_fitted: f64,
    pairs: Vec<BoxPair>,
}

#[derive(Deserialize)]
struct BoxPair {
    mtcnn_box: [f32; 4],
    mtcnn_points: [[f32; 2]; 5],
    hog_box: [f32; 4],
    fitted_box: [f32; 4],
}

/// `dlib_rect_from_mtcnn` gives the boxes tests/fixtures/landmarks/fit_box.py fitted, and
/// those overlap dlib's HOG boxes far better than MTCNN's own boxes.
#[test]
fn mtcnn_boxes_map_onto_hog_boxes() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/landmarks/mtcnn_boxes.json");
    let data: BoxPairs = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(data.pairs.len() >= 20);
    let rect = |b: [f32; 4]| kindred::geometry::Rect::new(b[0], b[1], b[2], b[3]);
    let (mut iou_raw, mut iou_fit) = (0.0, 0.0);
    for p in &data.pairs {
        let points = p.mtcnn_points.map(|[x, y]| Point::new(x, y));
        let got = kindred::shape_predictor::dlib_rect_from_mtcnn(&rect(p.mtcnn_box), &points);
        let want = rect(p.fitted_box);
        for (g, w) in [got.left, got.top, got.right, got.bottom].iter().zip([
            want.left,
            want.top,
            want.right,
            want.bottom,
        ]) {
            assert!((g - w).abs() < 0.01 * want.width(), "{got:?} vs {want:?}");
        }
        iou_raw += rect(p.mtcnn_box).iou(&rect(p.hog_box)) as f64;
        iou_fit += got.iou(&rect(p.hog_box)) as f64;
    }
    let n = data.pairs.len() as f64;
    eprintln!(
        "mean IoU with HOG box: MTCNN {:.3}, mapped {:.3}",
        iou_raw / n,
        iou_fit / n
    );
    assert!(iou_fit / n > iou_raw / n + 0.05);
    assert!((iou_fit / n - data.mean_iou_fitted).abs() < 0.1);
}
