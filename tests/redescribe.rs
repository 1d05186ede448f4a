//! Faces stored by an older descriptor model are described again by the next scan, in
//! place: same face ids, boxes and decisions, the current model's descriptors (the same
//! ones a new scan stores), also for a photo found turned; a photo whose file is gone
//! keeps its old faces and says so.

mod support;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use image::ImageFormat;
use kindred::face::{distance, Descriptor, MODEL_ID};
use kindred::people::{mark_faces, FactKind};
use kindred::photo::{load_photo, DecodeOptions, Turn};
use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::scan::{scan_folders, PhotoAnalyzer, Progress, ScanOptions, ScanSummary};
use kindred::store::{decode_descriptor, Store};

/// Scans `folder`; also returns the last progress report.
fn scan_reporting(store: &mut Store, folder: &Path, models: &Path, workers: usize) -> (ScanSummary, Option<Progress>) {
    let mut last = None;
    let summary = scan_folders(
        store,
        &[folder.to_path_buf()],
        &|| Ok(Box::new(FacePipeline::new(models, 1, PipelineOptions::default())?) as Box<dyn PhotoAnalyzer>),
        &ScanOptions { workers, ..ScanOptions::default() },
        &mut |p| last = Some(p.clone()),
        &AtomicBool::new(false),
    )
    .unwrap();
    (summary, last)
}

fn scan(store: &mut Store, folder: &Path, models: &Path, workers: usize) -> ScanSummary {
    scan_reporting(store, folder, models, workers).0
}

/// (face id, model id, descriptor) of every face, by id.
fn faces(store: &Store) -> Vec<(i64, String, Descriptor)> {
    let mut stmt = store.connection().prepare("SELECT id, model_id, descriptor FROM faces ORDER BY id").unwrap();
    let rows = stmt
        .query_map([], |r| {
            let bytes: Vec<u8> = r.get(2)?;
            let d: Descriptor = decode_descriptor(&bytes).unwrap().try_into().unwrap();
            Ok((r.get(0)?, r.get(1)?, d))
        })
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn an_older_models_faces_are_described_again_in_place() {
    described_again_in_place(1);
}

/// The same with two workers describing photos side by side (the store written by one
/// thread as their answers come).
#[test]
fn two_workers_describe_again_in_place() {
    described_again_in_place(2);
}

fn described_again_in_place(workers: usize) {
    let (Some(models), Some(dev)) = (support::models_dir(), support::devfaces_dir()) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let photos = tmp.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    for name in ["amy1.png", "bbt1.jpg", "howard2.png"] {
        std::fs::copy(dev.join(name), photos.join(name)).unwrap();
    }
    // A photo stored a quarter turn off: its faces are kept in the turned frame.
    let raj = load_photo(&dev.join("raj2.png"), &DecodeOptions::default()).unwrap().image;
    Turn::ThreeQuarters.apply(&raj).save_with_format(photos.join("raj_sideways.png"), ImageFormat::Png).unwrap();

    let mut store = Store::open(&tmp.path().join("library.sqlite3")).unwrap();
    let first = scan(&mut store, &photos, &models, workers);
    assert!(first.faces >= 6, "{first:?}");
    assert_eq!(first.redescribed.faces + first.redescribed.left, 0, "nothing to describe again in a new library");
    let fresh = faces(&store);
    assert!(fresh.iter().all(|(_, m, _)| m == MODEL_ID));

    // As a library of the previous model would hold them: other model id, other numbers.
    let old = fresh[0].0;
    mark_faces(&mut store, &[kindred::store::FaceId(old)], FactKind::Stranger).unwrap();
    store
        .connection()
        .execute("UPDATE faces SET model_id = 'dlib_resnet_v1+mtcnn+sp5', descriptor = zeroblob(512)", [])
        .unwrap();
    // howard2's file is gone: its faces cannot be described again.
    let howard_faces: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM faces f JOIN files fi ON fi.photo_id = f.photo_id WHERE fi.path LIKE '%howard2.png'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(howard_faces >= 1);
    std::fs::remove_file(photos.join("howard2.png")).unwrap();
    // Until a scan, re-clustering leaves them out and says how many.
    let run = kindred::library::recluster(&mut store, &kindred::cluster::Params::default()).unwrap();
    assert_eq!((run.faces, run.older_model_faces), (0, fresh.len()), "{run:?}");

    let (again, last) = scan_reporting(&mut store, &photos, &models, workers);
    // The last report: every photo gone through, the faces described again.
    let last = last.expect("progress reported");
    assert_eq!((last.done, last.total, last.faces), (4, 4, again.redescribed.faces), "{last:?}");
    assert_eq!(again.photos_analyzed, 0, "no photo is analysed again: {again:?}");
    assert_eq!(again.redescribed.faces as usize, fresh.len() - howard_faces as usize, "{again:?}");
    assert_eq!(again.redescribed.left, howard_faces as u64, "{again:?}");

    let now = faces(&store);
    assert_eq!(now.iter().map(|f| f.0).collect::<Vec<_>>(), fresh.iter().map(|f| f.0).collect::<Vec<_>>(), "same face ids");
    let mut described = 0;
    for ((id, model, d), (_, _, want)) in now.iter().zip(&fresh) {
        if model == MODEL_ID {
            described += 1;
            let gap = distance(d, want);
            assert!(gap < 1e-3, "face {id}: described again {gap} away from what a new scan stores");
        } else {
            assert!(d.iter().all(|v| *v == 0.0), "face {id} of the gone file kept its old descriptor");
        }
    }
    assert_eq!(described, fresh.len() - howard_faces as usize);
    let kind: String = store
        .connection()
        .query_row("SELECT kind FROM face_facts WHERE face_id = ?1", [old], |r| r.get(0))
        .unwrap();
    assert_eq!(kind, "stranger", "the decision about the face stays");

    // Nothing left to do once the file is back... and a third scan has none either.
    std::fs::copy(dev.join("howard2.png"), photos.join("howard2.png")).unwrap();
    let back = scan(&mut store, &photos, &models, workers);
    assert_eq!((back.redescribed.faces, back.redescribed.left), (howard_faces as u64, 0), "{back:?}");
    assert!(faces(&store).iter().all(|(_, m, _)| m == MODEL_ID));
    let run = kindred::library::recluster(&mut store, &kindred::cluster::Params::default()).unwrap();
    assert_eq!(run.older_model_faces, 0);
    assert_eq!(run.faces + run.held_back, fresh.len() - 1, "every face but the stranger: {run:?}");
}
