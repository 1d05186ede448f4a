//! The Rust embedder against dlib itself: on the face chips dlib made
//! (tests/fixtures/chips/, from tests/fixtures/make_reference.py) the ONNX network must
//! reproduce dlib's descriptors of exactly those chips.
//!
//! Skips, with a message, when the model files are not built (`bash models/build.sh`).
//! The ignored test `speed_by_batch_size` prints ms/face per batch size and thread count:
//! `cargo test --release --test embed_reference -- --ignored --nocapture`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use image::RgbImage;
use kindred::embed::{Embedder, BATCH};
use kindred::face::{distance, Descriptor, DESCRIPTOR_LEN};
use kindred::runtime::{model_path, models_dir, ORT_LIBRARY, RESNET};

struct Reference {
    name: String,
    chip: RgbImage,
    dlib: Vec<f64>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every face of reference.json that has a saved chip, with dlib's chip descriptor.
fn references() -> Vec<Reference> {
    let text = std::fs::read_to_string(fixtures().join("reference.json")).expect("reference.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("reference.json parses");
    let mut out = Vec::new();
    for image in json["images"].as_array().expect("images") {
        for face in image["faces"].as_array().expect("faces") {
            let Some(chip) = face["chip"].as_str() else {
                continue;
            };
            let path = fixtures().join(chip);
            let chip_img = image::open(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .to_rgb8();
            let dlib: Vec<f64> = face["chip_descriptor"]
                .as_array()
                .expect("chip_descriptor")
                .iter()
                .map(|v| v.as_f64().expect("number"))
                .collect();
            assert_eq!(dlib.len(), DESCRIPTOR_LEN);
            out.push(Reference {
                name: chip.to_string(),
                chip: chip_img,
                dlib,
            });
        }
    }
    out
}

fn embedder(threads: usize) -> Option<Embedder> {
    let dir = models_dir();
    if model_path(&dir, RESNET).is_err() || model_path(&dir, ORT_LIBRARY).is_err() {
        eprintln!(
            "SKIP: {} lacks {RESNET} or {ORT_LIBRARY}; run `bash models/build.sh` \
             or set KINDRED_MODELS",
            dir.display()
        );
        return None;
    }
    Some(Embedder::new(&dir, threads).expect("descriptor model loads"))
}

#[test]
fn onnx_reproduces_dlib_on_dlib_chips() {
    let refs = references();
    assert!(
        refs.len() >= 7,
        "expected the 7 face_recognition chips, found {}",
        refs.len()
    );
    let Some(mut embedder) = embedder(1) else {
        return;
    };
    let chips: Vec<RgbImage> = refs.iter().map(|r| r.chip.clone()).collect();
    let got = embedder.embed(&chips).expect("embed");
    assert_eq!(got.len(), refs.len());

    let mut worst = 0.0f64;
    for (r, d) in refs.iter().zip(&got) {
        // The fixture is rounded to 6 decimals, so up to 5e-7 of the gap is rounding.
        let diff = r
            .dlib
            .iter()
            .zip(d)
            .map(|(a, b)| (a - *b as f64).abs())
            .fold(0.0, f64::max);
        println!("{:32} max |rust - dlib| = {diff:.2e}", r.name);
        worst = worst.max(diff);
    }
    println!("max |rust - dlib| over {} chips: {worst:.2e}", refs.len());
    assert!(worst < 1e-4, "descriptor differs from dlib by {worst:.2e}");
}

/// The descriptors do their job on the reference faces: Obama's photos are one person
/// (distance < 0.6), Biden is someone else.
#[test]
fn same_person_close_other_person_far() {
    let refs = references();
    let Some(mut embedder) = embedder(1) else {
        return;
    };
    let by_name = |n: &str| -> RgbImage {
        refs.iter()
            .find(|r| r.name == format!("chips/{n}_0.png"))
            .expect(n)
            .chip
            .clone()
    };
    let names = ["obama", "obama2", "obama3", "biden"];
    let chips: Vec<RgbImage> = names.iter().map(|n| by_name(n)).collect();
    let d: Vec<Descriptor> = embedder.embed(&chips).expect("embed");
    for i in 0..3 {
        for j in i + 1..3 {
            let dist = distance(&d[i], &d[j]);
            assert!(dist < 0.6, "{} vs {}: {dist}", names[i], names[j]);
        }
        let dist = distance(&d[i], &d[3]);
        assert!(dist > 0.6, "{} vs biden: {dist}", names[i]);
    }
}

/// Not a check: prints ms/face at several batch sizes, for choosing `BATCH`.
#[test]
#[ignore]
fn speed_by_batch_size() {
    let refs = references();
    let chips: Vec<RgbImage> = refs
        .iter()
        .cycle()
        .take(48)
        .map(|r| r.chip.clone())
        .collect();
    for threads in [1, 2] {
        let Some(mut embedder) = embedder(threads) else {
            return;
        };
        embedder.embed(&chips[..BATCH]).expect("warm-up");
        for batch in [1, 4, 8, 16] {
            embedder.set_max_batch(batch);
            embedder.embed(&chips[..batch]).expect("warm-up");
            let start = Instant::now();
            let rounds = 2;
            for _ in 0..rounds {
                embedder.embed(&chips).expect("embed");
            }
            let ms = start.elapsed().as_secs_f64() * 1000.0 / (rounds * chips.len()) as f64;
            println!("threads {threads} batch {batch:2}: {ms:.2} ms/face");
        }
    }
}
