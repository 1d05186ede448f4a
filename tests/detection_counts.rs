//! Detection recall guard: the faces and boxes MTCNN finds on the development photos,
//! face_recognition's test photos and large photos made from them (12-megapixel
//! composites, upscaled group photos, the same composite at 3 and 1 megapixels) must
//! not change when detection is made faster.
//!
//! The expected figures are in `tests/fixtures/detection_counts.json`, recorded from
//! the detector as it was before the speed work (commit 1b36c7d: full pyramid from a
//! 20 px face, every level resized from the analysed image) with
//! `KINDRED_RECORD_DETECTION_COUNTS=1 cargo test --release --test detection_counts`.
//! Per photo: every confident face (score >= the pipeline's 0.95) recorded then must be
//! found again (same count, each recorded box matched by a box with IoU >= 0.6), and
//! the count of all boxes MTCNN returns (O-net score > 0.7) is printed beside the
//! recorded one.

mod support;

use std::path::{Path, PathBuf};

use image::imageops::{self, FilterType};
use image::RgbImage;
use kindred::detect::{DetectOptions, Detection, Mtcnn};
use kindred::geometry::Rect;
use kindred::pipeline::DEFAULT_MIN_SCORE;
use kindred::runtime;
use serde_json::{json, Value};

const FIXTURE: &str = "tests/fixtures/detection_counts.json";

fn models() -> Option<PathBuf> {
    let dir = runtime::models_dir();
    if dir.join(runtime::PNET).is_file() && dir.join(runtime::ORT_LIBRARY).is_file() {
        Some(dir)
    } else {
        eprintln!("SKIP: MTCNN models not found in {} (set KINDRED_MODELS)", dir.display());
        None
    }
}

/// The photos, by name: every file of devfaces and of face_recognition's test photos,
/// then the large ones made from them.
fn photos(dev: &Path, ti: &Path, work: &Path) -> Vec<(String, RgbImage)> {
    let mut out = Vec::new();
    for (set, dir) in [("devfaces", dev), ("test_images", ti)] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let img = image::open(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display())).to_rgb8();
            out.push((format!("{set}/{}", f.file_name().unwrap().to_string_lossy()), img));
        }
    }
    // 12-megapixel composites, as `kindred bench make-photos` makes them.
    let mut sources: Vec<PathBuf> = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"].iter().map(|f| ti.join(f)).collect();
    sources.extend(["bbt1.jpg", "bbt2.jpg", "bbt3.jpg", "bbt4.jpg", "bbt5.jpg"].iter().map(|f| dev.join(f)));
    let written = kindred::bench::make_test_photos(&sources, work, 4).expect("composites");
    for (i, path) in written.iter().enumerate() {
        let img = image::open(path).unwrap().to_rgb8();
        if i == 0 {
            out.push(("composite_0000_3mp".into(), imageops::resize(&img, 2000, 1500, FilterType::Lanczos3)));
            out.push(("composite_0000_1mp".into(), imageops::resize(&img, 1200, 900, FilterType::Lanczos3)));
        }
        out.push((format!("composite_{i:04}"), img));
    }
    // Group photos blown up to phone-camera size: many faces, all large.
    for (name, w, h) in [("bbt1", 4000, 2250), ("bbt3", 4000, 2580)] {
        let img = image::open(dev.join(format!("{name}.jpg"))).unwrap().to_rgb8();
        out.push((format!("{name}_12mp"), imageops::resize(&img, w, h, FilterType::CatmullRom)));
    }
    out
}

fn confident(dets: &[Detection]) -> Vec<&Detection> {
    dets.iter().filter(|d| d.score >= DEFAULT_MIN_SCORE).collect()
}

fn rect(v: &Value) -> Rect {
    let f = |i: usize| v[i].as_f64().unwrap() as f32;
    Rect::new(f(0), f(1), f(2), f(3))
}

#[test]
fn faces_found_before_are_found_again() {
    let Some(models) = models() else { return };
    let (Some(dev), Some(ti)) = (support::devfaces_dir(), support::test_images_dir()) else { return };
    let work = tempfile::tempdir().unwrap();
    let mut mtcnn = Mtcnn::new(&models, 1).expect("MTCNN loads");
    let opts = DetectOptions::default();
    let found: Vec<(String, Vec<Detection>)> = photos(&dev, &ti, work.path())
        .into_iter()
        .map(|(name, img)| {
            let dets = mtcnn.detect(&img, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, dets)
        })
        .collect();

    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    if std::env::var_os("KINDRED_RECORD_DETECTION_COUNTS").is_some() {
        let photos: Vec<Value> = found
            .iter()
            .map(|(name, dets)| {
                let faces: Vec<Value> = confident(dets)
                    .iter()
                    .map(|d| json!([d.bbox.left, d.bbox.top, d.bbox.right, d.bbox.bottom, d.score]))
                    .collect();
                json!({ "photo": name, "boxes": dets.len(), "faces": faces })
            })
            .collect();
        let text = serde_json::to_string_pretty(&json!({ "photos": photos })).unwrap();
        std::fs::write(&fixture, text + "\n").unwrap();
        eprintln!("recorded {} photos into {}", found.len(), fixture.display());
        return;
    }

    let expected: Value = serde_json::from_str(&std::fs::read_to_string(&fixture).expect("fixture")).unwrap();
    let expected = expected["photos"].as_array().unwrap();
    assert_eq!(expected.len(), found.len(), "the photo set changed");
    let (mut faces_then, mut faces_now, mut boxes_then, mut boxes_now) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for (want, (name, dets)) in expected.iter().zip(&found) {
        assert_eq!(want["photo"].as_str().unwrap(), name);
        let now = confident(dets);
        let then = want["faces"].as_array().unwrap();
        faces_then += then.len();
        faces_now += now.len();
        boxes_then += want["boxes"].as_u64().unwrap() as usize;
        boxes_now += dets.len();
        if now.len() != then.len() {
            problems.push(format!("{name}: {} confident faces, recorded {}", now.len(), then.len()));
        }
        for f in then {
            let r = rect(f);
            let best = now.iter().map(|d| d.bbox.iou(&r)).fold(0.0, f32::max);
            if best < 0.6 {
                problems.push(format!("{name}: recorded face {f} not found again (best IoU {best:.2})"));
            }
        }
    }
    println!(
        "{} photos: {faces_now} confident faces (recorded {faces_then}), {boxes_now} boxes (recorded {boxes_then})",
        found.len()
    );
    assert!(faces_then >= 100, "too few faces in the set to mean anything: {faces_then}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
