//! `kindred faces` runs one pipeline per core and still prints the faces in the order
//! of its arguments, the same faces one pipeline finds going through the files one
//! after another; a bad file is reported and the others are still analysed.

mod support;

use std::path::PathBuf;
use std::process::Command;

use kindred::parallel_photos::{analyze_in_order, WorkerPlan};
use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::runtime;
use serde_json::Value;

fn models() -> Option<PathBuf> {
    let dir = runtime::models_dir();
    if dir.join(runtime::RESNET).is_file() && dir.join(runtime::ORT_LIBRARY).is_file() {
        Some(dir)
    } else {
        eprintln!("SKIP: models not found in {} (set KINDRED_MODELS)", dir.display());
        None
    }
}

/// Group photos and single faces, with a file that is not a photo in the middle.
fn files(dev: &std::path::Path, junk: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["bbt4.jpg", "amy1.png", "bbt1.jpg", "bbt3.jpg"].iter().map(|f| dev.join(f)).collect();
    files.push(junk.to_path_buf());
    files.extend(["white.png", "bbt5.jpg", "raj2.png", "bbt2.jpg"].iter().map(|f| dev.join(f)));
    files
}

/// The face boxes one pipeline finds in a file.
fn boxes(p: &mut FacePipeline, file: &std::path::Path) -> kindred::Result<Vec<[f32; 4]>> {
    p.analyze_file(file).map(|r| r.faces.iter().map(|x| [x.face.bbox.left, x.face.bbox.top, x.face.bbox.right, x.face.bbox.bottom]).collect())
}

/// Face boxes per file from one pipeline, file after file.
fn one_by_one(models: &std::path::Path, files: &[PathBuf]) -> Vec<Option<Vec<[f32; 4]>>> {
    let mut p = FacePipeline::new(models, 1, PipelineOptions::default()).unwrap();
    files.iter().map(|f| boxes(&mut p, f).ok()).collect()
}

/// The models, the photo list (with a file that is not a photo, kept in the returned
/// folder) and what one pipeline finds going through it; `None` (skipped) without the
/// models or the development photos.
fn photos_and_expected() -> Option<(PathBuf, tempfile::TempDir, Vec<PathBuf>, Vec<Option<Vec<[f32; 4]>>>)> {
    let models = models()?;
    let dev = support::devfaces_dir()?;
    let work = tempfile::tempdir().unwrap();
    let junk = work.path().join("notes.jpg");
    std::fs::write(&junk, b"not a photo").unwrap();
    let files = files(&dev, &junk);
    let expected = one_by_one(&models, &files);
    Some((models, work, files, expected))
}

#[test]
fn workers_hand_results_back_in_file_order() {
    let Some((models, _work, files, expected)) = photos_and_expected() else { return };
    let mut seen = Vec::new();
    let make = |intra| FacePipeline::new(&models, intra, PipelineOptions::default());
    analyze_in_order(&files, WorkerPlan { workers: 3, intra_threads: 1 }, make, boxes, |i, r| {
        seen.push((i, r.ok()));
        Ok(())
    })
    .unwrap();
    let order: Vec<usize> = seen.iter().map(|(i, _)| *i).collect();
    assert_eq!(order, (0..files.len()).collect::<Vec<_>>());
    for ((i, got), want) in seen.into_iter().zip(&expected) {
        assert_eq!(&got, want, "{}", files[i].display());
    }
    assert!(expected[4].is_none(), "the junk file fails");
    assert!(expected.iter().flatten().map(Vec::len).sum::<usize>() >= 20);
}

#[test]
fn an_error_from_the_consumer_stops_the_workers() {
    let Some(models) = models() else { return };
    let Some(dev) = support::devfaces_dir() else { return };
    let files: Vec<PathBuf> = (1..=5).map(|i| dev.join(format!("amy{i}.png"))).collect();
    let mut calls = 0;
    let make = |intra| FacePipeline::new(&models, intra, PipelineOptions::default());
    let err = analyze_in_order(&files, WorkerPlan { workers: 2, intra_threads: 1 }, make, |_, _| Ok(()), |_, _: kindred::Result<()>| {
        calls += 1;
        Err(kindred::Error::Invalid("stop".into()))
    })
    .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(calls, 1);
}

#[test]
fn cli_prints_faces_in_argument_order() {
    let Some((models, _work, files, expected)) = photos_and_expected() else { return };

    let out = Command::new(env!("CARGO_BIN_EXE_kindred")).arg("faces").args(&files).env("KINDRED_MODELS", &models).output().unwrap();
    // A file that could not be analysed: exit code 2, one line on stderr, the rest printed.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().filter(|l| l.starts_with("skipped")).count(), 1, "{stderr}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let want: Vec<String> = files
        .iter()
        .zip(&expected)
        .flat_map(|(f, faces)| std::iter::repeat_n(f.to_string_lossy().into_owned(), faces.as_ref().map_or(0, Vec::len)))
        .collect();
    let got: Vec<String> = lines.iter().map(|l| l["file"].as_str().unwrap().to_string()).collect();
    assert_eq!(got, want);
    // Same boxes as one pipeline going file by file.
    let flat: Vec<[f32; 4]> = expected.iter().flatten().flatten().copied().collect();
    for (l, b) in lines.iter().zip(&flat) {
        let got = ["left", "top", "right", "bottom"].map(|k| l["box"][k].as_f64().unwrap() as f32);
        assert_eq!(&got, b);
    }
}
