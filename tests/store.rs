//! Integration tests of the library database: schema and migrations on a real SQLite
//! file, the on-disk form of descriptors, and the CSV/JSON export contract.

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use kindred::scan::synthetic::SyntheticAnalyzer;
use kindred::scan::{scan_folders, PhotoAnalyzer, ScanOptions};
use kindred::store::{decode_descriptor, export, ExportFormat, Store};

fn devfaces() -> Option<PathBuf> {
    support::devfaces_dir()
}

/// A scanned library of the first `n` dev photos (one under a name that needs CSV quoting).
fn scanned(n: usize) -> Option<(tempfile::TempDir, Store)> {
    let src = devfaces()?;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("photos");
    std::fs::create_dir_all(&root).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for (i, name) in names.iter().take(n).enumerate() {
        let target = if i == 0 {
            format!("a, \"quoted\" {}", name.to_string_lossy())
        } else {
            name.to_string_lossy().into()
        };
        std::fs::write(root.join(target), std::fs::read(src.join(name)).unwrap()).unwrap();
    }
    let mut store = Store::open(&tmp.path().join("k.sqlite3")).unwrap();
    let factory = || -> kindred::Result<Box<dyn PhotoAnalyzer>> { Ok(Box::new(SyntheticAnalyzer)) };
    scan_folders(
        &mut store,
        &[root],
        &factory,
        &ScanOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    Some((tmp, store))
}

/// Migrations embedded: 001-003, and 005 (photos turned without EXIF; 004 is the face
/// quality column of another branch).
const LATEST_SCHEMA: u32 = 5;

#[test]
fn a_new_database_is_migrated_with_wal_and_foreign_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("deep/er/kindred.sqlite3");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_"));
    assert_eq!(
        tables,
        [
            "actions", "cluster_labels", "cluster_runs", "face_crops", "face_facts",
            "face_guesses", "faces", "files", "kept_together", "people", "photos"
        ]
    );
    drop(store);
    // Re-opening an up-to-date database changes nothing.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_version_2_library_migrates_to_3_keeping_its_faces_as_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("v2.sqlite3");
    {
        // A library as Kindred wrote it before manual faces: migrations 1 and 2 only.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../src/store/migrations/001_initial.sql")).unwrap();
        conn.execute_batch(include_str!("../src/store/migrations/002_people.sql")).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO photos (id, content_hash, width, height, orientation, analyzed_at)
               VALUES (1, zeroblob(32), 100, 80, 1, 0);
             INSERT INTO faces (photo_id, idx, left, top, right, bottom, landmarks, score, model_id, descriptor)
               VALUES (1, 0, 10, 10, 50, 50, zeroblob(40), 0.99, 'm', zeroblob(512));",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    let source: String = store
        .connection()
        .query_row("SELECT source FROM faces", [], |r| r.get(0))
        .unwrap();
    assert_eq!(source, "detected");
    // Photos analysed before migration 005 were not turned.
    assert_eq!(store.photo_turn(kindred::store::PhotoId(1)).unwrap(), Some(kindred::photo::Turn::None));
    assert!(store.check().unwrap().is_empty());
    // The column refuses anything but the two sources.
    assert!(store
        .connection()
        .execute("UPDATE faces SET source = 'guessed'", [])
        .is_err());
}

#[test]
fn a_database_from_a_newer_kindred_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("k.sqlite3");
    Store::open(&path)
        .unwrap()
        .connection()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = Store::open(&path)
        .err()
        .expect("must refuse a schema it does not know");
    assert_eq!(err.code(), "newer_library");
    let text = err.to_string();
    assert!(
        text.contains("k.sqlite3: written by a newer Kindred (schema 99 > ")
            && text.contains("update Kindred"),
        "{text}"
    );
}

#[test]
fn foreign_keys_are_enforced() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("k.sqlite3")).unwrap();
    let r = store.connection().execute(
        "INSERT INTO faces (photo_id, idx, left, top, right, bottom, landmarks, score, model_id, descriptor)
         VALUES (12345, 0, 0, 0, 1, 1, zeroblob(40), 1, 'm', zeroblob(512))",
        [],
    );
    assert!(
        r.is_err(),
        "a face of a photo that does not exist was accepted"
    );
}

#[test]
fn the_default_database_lives_in_the_app_data_directory() {
    if let Ok(p) = Store::default_path() {
        assert_eq!(p.file_name().unwrap(), "kindred.sqlite3");
        assert!(p.to_string_lossy().to_lowercase().contains("kindred"));
    }
}

#[test]
fn descriptors_are_little_endian_f32_blobs_tagged_with_the_model() {
    let Some((_tmp, store)) = scanned(6) else {
        return;
    };
    let mut stmt = store
        .connection()
        .prepare("SELECT descriptor, model_id, photo_id, id FROM faces")
        .unwrap();
    let rows: Vec<(Vec<u8>, String, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        !rows.is_empty(),
        "the synthetic analyser should give some faces on 6 photos"
    );
    for (blob, model, photo, id) in rows {
        assert_eq!(blob.len(), 128 * 4);
        assert_eq!(model, kindred::face::MODEL_ID);
        let stored = store
            .faces_of_photo(kindred::store::PhotoId(photo))
            .unwrap();
        let face = stored.iter().find(|f| f.id.0 == id).unwrap();
        let first = f32::from_le_bytes(blob[0..4].try_into().unwrap());
        assert_eq!(first, face.face.descriptor[0]);
        assert_eq!(decode_descriptor(&blob).unwrap(), face.face.descriptor);
    }
    assert!(store.check().unwrap().is_empty());
}

/// Splits one CSV record (RFC 4180 quoting).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn csv_export_has_exactly_the_agreed_columns_for_every_face() {
    let Some((_tmp, store)) = scanned(8) else {
        return;
    };
    let mut out = Vec::new();
    let n = export(&store, ExportFormat::Csv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "file,top,right,bottom,left,encoding,face_id,cluster,person"
    );
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    assert_eq!(rows.len(), n);
    assert_eq!(n as u64, store.counts().unwrap().faces);
    for row in &rows {
        assert_eq!(row.len(), 9, "{row:?}");
        let file = Path::new(&row[0]);
        let rec = store
            .file(file)
            .unwrap()
            .expect("file column is the path as scanned");
        let face_id: i64 = row[6].parse().unwrap();
        let face = store
            .faces_of_photo(rec.photo_id.unwrap())
            .unwrap()
            .into_iter()
            .find(|f| f.id.0 == face_id)
            .unwrap();
        let b = face.face.bbox;
        let px: Vec<i64> = row[1..5].iter().map(|v| v.parse().unwrap()).collect();
        assert_eq!(
            px,
            [
                b.top.round() as i64,
                b.right.round() as i64,
                b.bottom.round() as i64,
                b.left.round() as i64
            ]
        );
        let enc: Vec<f32> = row[5].split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(
            enc, face.face.descriptor,
            "encoding must round-trip exactly"
        );
        assert_eq!((row[7].as_str(), row[8].as_str()), ("", ""));
    }
    assert!(rows.iter().any(|r| r[0].contains("a, \"quoted\"")) || rows.is_empty());
}

#[test]
fn json_export_has_the_same_fields() {
    let Some((_tmp, store)) = scanned(8) else {
        return;
    };
    let mut out = Vec::new();
    let n = export(&store, ExportFormat::Json, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), n);
    for face in arr {
        let keys: Vec<&str> = face
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "bottom", "cluster", "encoding", "face_id", "file", "left", "person", "right",
                "top"
            ]
        );
        assert_eq!(face["encoding"].as_array().unwrap().len(), 128);
        assert!(face["cluster"].is_null() && face["person"].is_null());
    }
    assert!("JSON".parse::<ExportFormat>().is_ok() && "xml".parse::<ExportFormat>().is_err());
}

#[test]
fn the_export_command_writes_the_same_csv_as_the_core() {
    let Some((tmp, store)) = scanned(5) else {
        return;
    };
    let mut expected = Vec::new();
    export(&store, ExportFormat::Csv, &mut expected).unwrap();
    let out = tmp.path().join("faces.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(["export", "--format", "csv", "--db"])
        .arg(store.path())
        .arg("--output")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&out).unwrap(), expected);
}

/// Several first opens of one new database at the same moment (the app and a CLI, or
/// two app threads) all succeed and leave one fully migrated schema.
#[test]
fn concurrent_first_opens_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.sqlite3");
    let barrier = std::sync::Barrier::new(6);
    std::thread::scope(|s| {
        for _ in 0..6 {
            s.spawn(|| {
                barrier.wait();
                kindred::store::Store::open(&path).expect("open during a concurrent migration")
            });
        }
    });
    let store = kindred::store::Store::open(&path).unwrap();
    assert!(store.check().unwrap().is_empty());
}
