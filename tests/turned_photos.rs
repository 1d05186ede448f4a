//! Photos turned by 90, 180 or 270 degrees with no EXIF orientation (the development
//! photos, turned and written as PNG, which carries no EXIF): the pipeline finds their
//! faces by trying the other turns, reports the turn that makes them upright, and gives
//! boxes, landmarks and descriptors in the upright frame, the same as for the upright
//! photo. A scan stores the turn, the turned size and those boxes; the app is served the
//! photo turned, in the frame of the boxes.

mod support;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use image::{ImageFormat, RgbImage};
use kindred::face::distance;
use kindred::photo::{load_photo, shown_photo, DecodeOptions, Turn};
use kindred::pipeline::{FacePipeline, FoundFace, PipelineOptions};
use kindred::scan::{scan_folders, PhotoAnalyzer, ScanOptions};
use kindred::store::Store;
use kindred::turned_photos::TURNED_SCORE;

fn pipeline(models: &Path) -> FacePipeline {
    FacePipeline::new(models, 2, PipelineOptions::default()).expect("pipeline loads")
}

fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// `img` turned clockwise by `degrees`, as a camera without an orientation sensor (or a
/// scanner) would have stored it.
fn stored_turned(img: &RgbImage, degrees: u16) -> RgbImage {
    Turn::from_degrees(degrees).unwrap().apply(img)
}

/// The turn that takes a photo stored turned by `degrees` back upright.
fn undoing(degrees: u16) -> Turn {
    Turn::from_degrees((360 - degrees) % 360).unwrap()
}

fn assert_same_faces(name: &str, got: &[FoundFace], want: &[FoundFace]) {
    assert_eq!(got.len(), want.len(), "{name}: face count");
    for w in want {
        // Faces in the same order are not guaranteed; match each by its box.
        let g = got
            .iter()
            .max_by(|a, b| a.face.bbox.iou(&w.face.bbox).total_cmp(&b.face.bbox.iou(&w.face.bbox)))
            .unwrap();
        let iou = g.face.bbox.iou(&w.face.bbox);
        assert!(iou > 0.99, "{name}: box {:?} against upright {:?}", g.face.bbox, w.face.bbox);
        for (p, q) in g.face.landmarks.iter().zip(w.face.landmarks.iter()) {
            assert!((p.x - q.x).abs() < 0.5 && (p.y - q.y).abs() < 0.5, "{name}: landmark {p:?} against upright {q:?}");
        }
        let d = distance(
            g.face.descriptor.as_slice().try_into().unwrap(),
            w.face.descriptor.as_slice().try_into().unwrap(),
        );
        assert!(d < 0.01, "{name}: descriptor {d} from the upright photo's");
    }
}

#[test]
fn turned_dev_photos_give_their_faces_in_the_upright_frame() {
    let (Some(models), Some(dev)) = (support::models_dir(), support::devfaces_dir()) else { return };
    let mut p = pipeline(&models);
    // Four single-face photos and a group photo of five faces.
    for name in ["amy2.png", "howard2.png", "penny2.png", "sheldon2.png", "bbt1.jpg"] {
        let photo = load_photo(&dev.join(name), &DecodeOptions::default()).unwrap();
        let upright = p.analyze_bytes(Path::new(name), &png(&photo.image)).unwrap();
        assert_eq!(upright.turn, Turn::None, "{name} upright");
        assert_eq!(upright.times.photos_tried_turned, 0, "{name}: a photo with good faces is analysed once");
        let best = upright.faces.iter().map(|f| f.face.score).fold(0.0, f32::max);
        assert!(best >= TURNED_SCORE, "{name}: upright face scores {best}, too low to be found turned");

        for degrees in [90, 180, 270] {
            let label = format!("{name} turned {degrees}");
            let bytes = png(&stored_turned(&photo.image, degrees));
            let found = p.analyze_bytes(Path::new(name), &bytes).unwrap();
            assert_eq!(found.turn, undoing(degrees), "{label}");
            assert_eq!(found.times.photos_turned, 1, "{label}");
            assert_eq!(found.photo.image.dimensions(), photo.image.dimensions(), "{label}");
            assert_eq!((found.photo.meta.width, found.photo.meta.height), photo.image.dimensions(), "{label}");
            assert_same_faces(&label, &found.faces, &upright.faces);
        }
    }
}

#[test]
fn a_photo_without_a_face_is_tried_turned_and_stays_as_it_is() {
    let (Some(models), Some(dev)) = (support::models_dir(), support::devfaces_dir()) else { return };
    let mut p = pipeline(&models);
    let found = p.analyze_file(&dev.join("white.png")).unwrap();
    assert_eq!((found.turn, found.faces.len()), (Turn::None, 0));
    assert_eq!((found.times.photos_tried_turned, found.times.photos_turned), (1, 0));
    assert!(found.times.turns > std::time::Duration::ZERO);
}

/// The pipeline as the scanner's analyser.
struct Analyzer(FacePipeline);

impl PhotoAnalyzer for Analyzer {
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> kindred::Result<kindred::scan::AnalyzedPhoto> {
        self.0.analyze(path, bytes)
    }
}

#[test]
fn a_scan_stores_the_turn_and_the_app_shows_the_photo_turned() {
    let (Some(models), Some(dev)) = (support::models_dir(), support::devfaces_dir()) else { return };
    let upright = load_photo(&dev.join("raj2.png"), &DecodeOptions::default()).unwrap().image;
    let reference = pipeline(&models).faces_in_image(&upright).unwrap().0;
    assert_eq!(reference.len(), 1);

    let tmp = tempfile::tempdir().unwrap();
    let photos = tmp.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    // Stored a quarter turn anticlockwise: a quarter turn clockwise makes it upright.
    std::fs::write(photos.join("raj_sideways.png"), png(&stored_turned(&upright, 270))).unwrap();
    std::fs::write(photos.join("raj.png"), png(&upright)).unwrap();
    let db = tmp.path().join("library.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let summary = scan_folders(
        &mut store,
        &[photos.clone()],
        &|| Ok(Box::new(Analyzer(FacePipeline::new(&models, 1, PipelineOptions::default())?)) as Box<dyn PhotoAnalyzer>),
        &ScanOptions { workers: 1, ..ScanOptions::default() },
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!((summary.photos_analyzed, summary.faces), (2, 2), "{summary:?}");

    for (file, turn) in [("raj_sideways.png", Turn::Quarter), ("raj.png", Turn::None)] {
        let record = store.file(&photos.join(file)).unwrap().unwrap();
        let photo = record.photo_id.unwrap();
        assert_eq!(store.photo_turn(photo).unwrap(), Some(turn), "{file}");
        let (w, h): (u32, u32) = store
            .connection()
            .query_row("SELECT width, height FROM photos WHERE id = ?1", [photo.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((w, h), upright.dimensions(), "{file}: stored size is the upright one");
        let faces = store.faces_of_photo(photo).unwrap();
        assert_eq!(faces.len(), 1, "{file}");
        let (got, want) = (faces[0].face.bbox, reference[0].face.bbox);
        assert!(got.iou(&want) > 0.99, "{file}: stored box {got:?}, upright {want:?}");

        // What the app's kindred://photo/<id> serves: the photo in the boxes' frame.
        let bytes = std::fs::read(photos.join(file)).unwrap();
        let (shown, kind) = shown_photo(bytes, &photos.join(file), turn).unwrap();
        let shown = image::load_from_memory(&shown).unwrap().to_rgb8();
        assert_eq!(shown.dimensions(), upright.dimensions(), "{file}");
        let diff: f64 = shown.as_raw().iter().zip(upright.as_raw()).map(|(a, b)| f64::from(a.abs_diff(*b))).sum::<f64>()
            / upright.as_raw().len() as f64;
        assert!(diff < 3.0, "{file} ({kind}): shown picture differs from the upright photo by {diff} on average");
    }
    drop(store);
    // The column exists with its check on a migrated database.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let refused = conn.execute("UPDATE photos SET turn = 45", []);
    assert!(refused.is_err(), "turn accepts only 0, 90, 180, 270");
}
