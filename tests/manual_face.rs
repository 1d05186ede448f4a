//! Faces drawn by hand, through the real models on real photos and a real SQLite
//! library: a detected face is deleted from the database (a face the detector
//! "missed"), then drawn back as a loose box; its descriptor must match the lost one.

mod support;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use kindred::face::distance;
use kindred::geometry::Rect;
use kindred::library::manual::draw_face;
use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::scan::{scan_folders, PhotoAnalyzer, ScanOptions};
use kindred::store::{PhotoId, Store};

fn models() -> Option<PathBuf> {
    let dir = kindred::runtime::models_dir();
    if dir.join(kindred::runtime::RESNET).is_file() {
        Some(dir)
    } else {
        eprintln!("SKIP: model files not built (set KINDRED_MODELS or run models/build.sh)");
        None
    }
}

#[test]
fn a_face_drawn_over_a_missed_face_gets_its_descriptor_back() {
    let (Some(images), Some(models)) = (support::devfaces_dir(), models()) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let photos = tmp.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::copy(images.join("bbt2.jpg"), photos.join("bbt2.jpg")).unwrap();
    let mut store = Store::open(&tmp.path().join("k.sqlite3")).unwrap();
    let factory = || -> kindred::Result<Box<dyn PhotoAnalyzer>> {
        Ok(Box::new(FacePipeline::new(&models, 1, PipelineOptions::default())?))
    };
    scan_folders(&mut store, std::slice::from_ref(&photos), &factory, &ScanOptions { workers: 1, ..ScanOptions::default() }, &mut |_| {}, &AtomicBool::new(false)).unwrap();
    let photo = PhotoId(store.connection().query_row("SELECT id FROM photos", [], |r| r.get(0)).unwrap());
    let faces = store.faces_of_photo(photo).unwrap();
    assert!(faces.len() >= 3, "bbt2 is a group photo: {} faces", faces.len());
    let lost = faces[1].clone();
    store.connection().execute("DELETE FROM faces WHERE id = ?1", [lost.id.0]).unwrap();

    // A box drawn by hand is looser than the detector's: 15% bigger and off-centre.
    let b = lost.face.bbox;
    let (w, h) = (b.width(), b.height());
    let drawn = Rect::new(b.left - 0.2 * w, b.top - 0.1 * h, b.right + 0.1 * w, b.bottom + 0.05 * h);
    let mut pipeline = FacePipeline::new(&models, 1, PipelineOptions::default()).unwrap();
    // Drawing over a face the photo still has is refused.
    let other = faces[0].face.bbox;
    let err = draw_face(&mut store, &mut pipeline, photo, other, None).unwrap_err();
    assert!(err.to_string().contains("already there"), "{err}");
    // A sliver is not a face.
    assert!(draw_face(&mut store, &mut pipeline, photo, Rect::new(5.0, 5.0, 10.0, 60.0), None).is_err());

    let (id, r) = draw_face(&mut store, &mut pipeline, photo, drawn, Some("Leonard")).unwrap();
    assert_eq!(r.changed, 1);
    let new = store.faces_of_photo(photo).unwrap().into_iter().find(|f| f.id == id).unwrap();
    assert!(new.manual);
    let lost_descriptor: kindred::face::Descriptor = lost.face.descriptor.as_slice().try_into().unwrap();
    let d = distance(&store.face_descriptor(id).unwrap(), &lost_descriptor);
    eprintln!("drawn face vs the detected one: distance {d:.4}, iou {:.3}, score {:.3}", new.face.bbox.iou(&b), new.face.score);
    // Same person by a wide margin (the published cutoff is 0.6; other faces of a
    // photo are > 0.6 away).
    assert!(d < 0.15, "descriptor of the drawn face is {d:.3} from the detected one");
    assert!(new.face.bbox.iou(&b) > 0.8, "the detector refined the drawn box");
    assert!(store.face_crop(id).unwrap().is_some_and(|j| j.starts_with(&[0xFF, 0xD8])));
    // Without the detector's help (the fallback when it finds nothing in the box), the
    // landmarks run on the drawn box itself: a worse descriptor, still the same person.
    let img = kindred::photo::load_photo(&photos.join("bbt2.jpg"), &Default::default()).unwrap().image;
    let raw = pipeline.describe_region(&img, drawn).unwrap();
    let d_raw = distance(raw.face.descriptor.as_slice().try_into().unwrap(), &lost_descriptor);
    eprintln!("landmarks on the drawn box alone: distance {d_raw:.4}");
    assert!(d_raw < 0.3, "{d_raw}");

    // The file changed on disk since the scan: refused with a clear reason.
    std::fs::write(photos.join("bbt2.jpg"), b"not the same").unwrap();
    let err = draw_face(&mut store, &mut pipeline, photo, Rect::new(0.0, 0.0, 40.0, 40.0), None).unwrap_err();
    assert!(err.to_string().contains("changed since it was scanned"), "{err}");
}
