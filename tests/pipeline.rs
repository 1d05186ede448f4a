//! The whole face pipeline (decode, MTCNN, dlib landmarks, chip, ResNet) against
//! face_recognition + dlib: face counts, same/different person, descriptors close to
//! the reference fixtures, and EXIF orientation.

mod support;

use std::path::{Path, PathBuf};

use kindred::face::distance;
use kindred::pipeline::{FacePipeline, PipelineOptions};
use serde_json::Value;

/// ../shared/data/devfaces/images beside the checkout (CI), else $KINDRED_SHARED.
fn devfaces() -> Option<PathBuf> {
    support::devfaces_dir()
}

fn pipeline(models: &Path) -> FacePipeline {
    FacePipeline::new(models, 2, PipelineOptions::default()).expect("pipeline loads")
}

fn reference() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn image_dir(set: &str, test_images: &Path, devfaces: Option<&Path>) -> Option<PathBuf> {
    match set {
        "face_recognition" => Some(test_images.to_path_buf()),
        _ => devfaces.map(Path::to_path_buf),
    }
}

#[test]
fn every_single_face_photo_gives_one_face() {
    let (Some(models), Some(test_images)) = (support::models_dir(), support::test_images_dir()) else { return };
    let mut p = pipeline(&models);
    let mut files: Vec<PathBuf> = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"]
        .iter()
        .map(|f| test_images.join(f))
        .collect();
    if let Some(dev) = devfaces() {
        let labels = std::fs::read_to_string(dev.join("../labels.csv")).unwrap();
        for line in labels.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            if cols[2] == "single" {
                files.push(dev.join(cols[0]));
            }
        }
    }
    let mut wrong = Vec::new();
    for f in &files {
        let n = p.analyze_file(f).unwrap().faces.len();
        if n != 1 {
            wrong.push(format!("{}: {n} faces", f.display()));
        }
    }
    assert!(wrong.is_empty(), "photos without exactly one face: {wrong:?}");
    assert!(files.len() >= 4);
}

#[test]
fn a_blank_photo_has_no_face() {
    let (Some(models), Some(dev)) = (support::models_dir(), devfaces()) else { return };
    let r = pipeline(&models).analyze_file(&dev.join("white.png")).unwrap();
    assert!(r.faces.is_empty());
}

#[test]
fn same_person_below_cutoff_and_different_above() {
    let (Some(models), Some(dir)) = (support::models_dir(), support::test_images_dir()) else { return };
    let mut p = pipeline(&models);
    let mut one = |name: &str| {
        let r = p.analyze_file(&dir.join(name)).unwrap();
        assert_eq!(r.faces.len(), 1, "{name}");
        let v: [f32; 128] = r.faces[0].face.descriptor.as_slice().try_into().unwrap();
        v
    };
    let obama = one("obama.jpg");
    let obama2 = one("obama2.jpg");
    let obama3 = one("obama3.jpg");
    let biden = one("biden.jpg");
    for (name, d) in [("obama2", distance(&obama, &obama2)), ("obama3", distance(&obama, &obama3))] {
        assert!(d < 0.6, "obama vs {name}: {d}");
    }
    let d = distance(&obama, &biden);
    assert!(d > 0.6, "obama vs biden: {d}");
}

/// Every reference face (face_recognition's HOG box) is matched to the pipeline's face
/// with the nearest centre; the network's output on the pipeline's chip must stay within
/// 0.08 of face_recognition's descriptor on average (detection, landmarks and alignment
/// match dlib's). The stored descriptor is flip-averaged (`Embedder::describe`), so it
/// is farther from face_recognition's: it must stay within 0.15 on average.
#[test]
fn descriptors_match_face_recognition_reference() {
    let (Some(models), Some(test_images)) = (support::models_dir(), support::test_images_dir()) else { return };
    let dev = devfaces();
    let mut p = pipeline(&models);
    let mut network = kindred::embed::Embedder::new(&models, 1).unwrap();
    let reference = reference();
    let (mut sum, mut n, mut missing) = (0.0f64, 0usize, Vec::new());
    let mut stored_sum = 0.0f64;
    let mut worst = (0.0f32, String::new());
    for img in reference["images"].as_array().unwrap() {
        let set = img["set"].as_str().unwrap();
        let file = img["file"].as_str().unwrap();
        let Some(dir) = image_dir(set, &test_images, dev.as_deref()) else { continue };
        let found = p.analyze_file(&dir.join(file)).unwrap();
        for rf in img["faces"].as_array().unwrap() {
            let loc: Vec<f32> = rf["location"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
            let (top, right, bottom, left) = (loc[0], loc[1], loc[2], loc[3]);
            let (cx, cy, size) = ((left + right) / 2.0, (top + bottom) / 2.0, right - left);
            let want: Vec<f32> = rf["descriptor"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect();
            let want: [f32; 128] = want.try_into().unwrap();
            let best = found
                .faces
                .iter()
                .map(|f| {
                    let c = f.face.bbox.center();
                    (((c.x - cx).powi(2) + (c.y - cy).powi(2)).sqrt(), f)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((off, f)) if off < size * 0.5 => {
                    let stored: [f32; 128] = f.face.descriptor.as_slice().try_into().unwrap();
                    stored_sum += distance(&stored, &want) as f64;
                    let got = network.embed(std::slice::from_ref(&f.chip)).unwrap()[0];
                    let d = distance(&got, &want);
                    if d > worst.0 {
                        worst = (d, file.to_string());
                    }
                    sum += d as f64;
                    n += 1;
                }
                _ => missing.push(file.to_string()),
            }
        }
    }
    let mean = sum / n.max(1) as f64;
    let stored_mean = stored_sum / n.max(1) as f64;
    eprintln!(
        "reference faces matched: {n}, missed: {missing:?}, mean distance {mean:.4} (stored, flip-averaged: {stored_mean:.4}), worst {worst:?}"
    );
    assert!(n >= 7, "too few faces compared: {n}");
    assert!(mean <= 0.08, "mean descriptor distance to face_recognition {mean:.4} > 0.08");
    assert!(stored_mean <= 0.15, "stored descriptors {stored_mean:.4} from face_recognition's on average");
    // A face the reference finds and we miss is allowed only in crowded group shots.
    assert!(missing.len() * 10 <= n, "missed reference faces: {missing:?}");
}

/// A photo stored sideways with EXIF orientation 6 or 8 gives the same face as the
/// upright photo: same descriptor (within JPEG re-encoding noise) and the same box in
/// upright coordinates.
#[test]
fn exif_orientation_gives_the_same_face() {
    let (Some(models), Some(bytes)) = (support::models_dir(), support::test_photo("obama.jpg")) else { return };
    let mut p = pipeline(&models);
    let upright_img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    let encode = |img: &image::RgbImage| {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95).encode_image(img).unwrap();
        out
    };
    let upright = p.analyze_bytes(Path::new("upright.jpg"), &encode(&upright_img)).unwrap();
    assert_eq!(upright.faces.len(), 1);
    let want: [f32; 128] = upright.faces[0].face.descriptor.as_slice().try_into().unwrap();
    // Orientation 6: the stored pixels are the upright image turned 90° counter-clockwise
    // (viewers rotate clockwise to show it). Orientation 8 the other way.
    for (orientation, stored) in [
        (6u16, image::imageops::rotate270(&upright_img)),
        (8u16, image::imageops::rotate90(&upright_img)),
    ] {
        let app1 = support::exif_app1(&support::ExifFields { orientation: Some(orientation), ..Default::default() });
        let jpeg = support::with_app1(&encode(&stored), &app1);
        let r = p.analyze_bytes(Path::new("sideways.jpg"), &jpeg).unwrap();
        assert_eq!((r.photo.meta.width, r.photo.meta.height), (upright_img.width(), upright_img.height()));
        assert_eq!(r.faces.len(), 1, "orientation {orientation}");
        let got: [f32; 128] = r.faces[0].face.descriptor.as_slice().try_into().unwrap();
        let d = distance(&got, &want);
        assert!(d < 0.1, "orientation {orientation}: descriptor moved by {d}");
        let (a, b) = (r.faces[0].face.bbox, upright.faces[0].face.bbox);
        assert!(a.iou(&b) > 0.8, "orientation {orientation}: box {a:?} vs upright {b:?}");
    }
}
