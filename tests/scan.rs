//! Integration tests of the library scan: real photos (the shared dev set), a real
//! SQLite file in a temporary folder, and the synthetic analyser (real decoding, faces
//! derived from the bytes) counted so that re-analysis is visible.

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use kindred::scan::synthetic::SyntheticAnalyzer;
use kindred::scan::{
    scan_folders, AnalyzedPhoto, AnalyzerFactory, PhotoAnalyzer, ScanOptions, ScanSummary,
};
use kindred::store::{FileStatus, Store};

/// The dev photos (`support::devfaces_dir`): under `$KINDRED_SHARED`, else `../shared`
/// beside the repository.
fn devfaces() -> Option<PathBuf> {
    support::devfaces_dir()
}

/// The first `n` dev photos' bytes, sorted by name.
fn photos(n: usize) -> Option<Vec<(String, Vec<u8>)>> {
    let dir = devfaces()?;
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".png") || n.ends_with(".jpg"))
        .collect();
    names.sort();
    Some(
        names
            .into_iter()
            .take(n)
            .map(|n| (n.clone(), std::fs::read(dir.join(&n)).unwrap()))
            .collect(),
    )
}

/// Analyser that counts its calls, then defers to the synthetic analyser.
struct Counting {
    calls: Arc<AtomicUsize>,
}

impl PhotoAnalyzer for Counting {
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> kindred::Result<AnalyzedPhoto> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if path.to_string_lossy().contains("panics") {
            panic!("analyser bug triggered by {}", path.display());
        }
        SyntheticAnalyzer.analyze(path, bytes)
    }
}

struct Lib {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    db: PathBuf,
    calls: Arc<AtomicUsize>,
}

impl Lib {
    fn new(files: &[(String, Vec<u8>)]) -> Lib {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("photos");
        std::fs::create_dir_all(&root).unwrap();
        for (name, bytes) in files {
            std::fs::write(root.join(name), bytes).unwrap();
        }
        let db = tmp.path().join("db/kindred.sqlite3");
        Lib {
            _tmp: tmp,
            root,
            db,
            calls: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    fn scan_with(
        &self,
        store: &mut Store,
        options: &ScanOptions,
        cancel: &AtomicBool,
    ) -> kindred::Result<ScanSummary> {
        let calls = self.calls.clone();
        let factory = move || -> kindred::Result<Box<dyn PhotoAnalyzer>> {
            Ok(Box::new(Counting {
                calls: calls.clone(),
            }))
        };
        scan_folders(
            store,
            std::slice::from_ref(&self.root),
            &factory,
            options,
            &mut |_| {},
            cancel,
        )
    }

    fn scan(&self) -> ScanSummary {
        let mut store = self.store();
        let s = self
            .scan_with(&mut store, &ScanOptions::default(), &AtomicBool::new(false))
            .unwrap();
        assert_sound(&store);
        s
    }

    fn calls(&self) -> usize {
        self.calls.swap(0, Ordering::SeqCst)
    }
}

fn assert_sound(store: &Store) {
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

fn expected_faces(files: &[(String, Vec<u8>)]) -> u64 {
    files
        .iter()
        .map(|(_, b)| SyntheticAnalyzer::face_count(b) as u64)
        .sum()
}

/// (face id, photo id) of every face, to show faces were kept, not recreated.
fn face_ids(store: &Store) -> Vec<(i64, i64)> {
    let mut stmt = store
        .connection()
        .prepare("SELECT id, photo_id FROM faces ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn first_scan_records_every_photo_and_its_faces() {
    let Some(files) = photos(6) else { return };
    let lib = Lib::new(&files);
    let s = lib.scan();
    assert_eq!(s.files_found, 6);
    assert_eq!((s.files_recorded, s.photos_analyzed, s.skipped), (6, 6, 0));
    assert_eq!(lib.calls(), 6);
    let store = lib.store();
    let c = store.counts().unwrap();
    assert_eq!((c.photos, c.files_done), (6, 6));
    assert_eq!(c.faces, expected_faces(&files));
    assert_eq!(s.faces, c.faces);
    for f in store.files().unwrap() {
        assert_eq!(f.status, FileStatus::Done);
        assert!(
            f.path.starts_with(lib.root.canonicalize().unwrap()),
            "{:?}",
            f.path
        );
        for face in store.faces_of_photo(f.photo_id.unwrap()).unwrap() {
            assert_eq!(face.face.descriptor.len(), 128);
            assert_eq!(face.model_id, kindred::face::MODEL_ID);
            let crop = face.crop_jpeg.expect("crop stored");
            assert_eq!(&crop[..3], &[0xFF, 0xD8, 0xFF]);
            assert_eq!(store.face_crop(face.id).unwrap().unwrap(), crop);
        }
    }
}

#[test]
fn unchanged_rescan_reads_and_writes_nothing() {
    let Some(files) = photos(5) else { return };
    let lib = Lib::new(&files);
    lib.scan();
    lib.calls();
    let mut store = lib.store();
    let before = store.connection().total_changes();
    let faces = face_ids(&store);
    let s = lib
        .scan_with(&mut store, &ScanOptions::default(), &AtomicBool::new(false))
        .unwrap();
    assert_eq!(
        (s.unchanged, s.files_recorded, s.missing, s.moved),
        (5, 0, 0, 0)
    );
    assert_eq!(lib.calls(), 0, "unchanged photos must not be analysed");
    assert_eq!(
        store.connection().total_changes(),
        before,
        "an unchanged re-scan wrote rows"
    );
    assert_eq!(face_ids(&store), faces);
}

#[test]
fn moved_and_renamed_files_keep_their_faces() {
    let Some(files) = photos(4) else { return };
    let lib = Lib::new(&files);
    lib.scan();
    lib.calls();
    let faces = face_ids(&lib.store());
    std::fs::create_dir_all(lib.root.join("2019/holiday")).unwrap();
    let (name, _) = &files[0];
    std::fs::rename(
        lib.root.join(name),
        lib.root.join("2019/holiday/renamed.img"),
    )
    .unwrap();
    let s = lib.scan();
    assert_eq!(lib.calls(), 0, "a moved photo must not be analysed again");
    assert_eq!((s.same_content, s.missing, s.moved), (1, 1, 1));
    let store = lib.store();
    assert_eq!(face_ids(&store), faces, "faces were recreated or lost");
    let root = lib.root.canonicalize().unwrap();
    assert!(
        store.file(&root.join(name)).unwrap().is_none(),
        "old path should be forgotten"
    );
    let moved = store
        .file(&root.join("2019/holiday/renamed.img"))
        .unwrap()
        .unwrap();
    assert_eq!(moved.status, FileStatus::Done);
    assert_eq!(store.counts().unwrap().files_missing, 0);
}

#[test]
fn byte_identical_copies_are_known_as_copies_without_new_faces() {
    let Some(files) = photos(3) else { return };
    let lib = Lib::new(&files);
    lib.scan();
    lib.calls();
    let faces = face_ids(&lib.store());
    std::fs::create_dir_all(lib.root.join("backup")).unwrap();
    std::fs::write(lib.root.join("backup/copy.png"), &files[1].1).unwrap();
    let s = lib.scan();
    assert_eq!(lib.calls(), 0);
    assert_eq!(s.same_content, 1);
    let store = lib.store();
    assert_eq!(face_ids(&store), faces);
    let copies = store.copies().unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].paths.len(), 2);
    assert!(copies[0]
        .paths
        .iter()
        .any(|p| p.ends_with("backup/copy.png")));
}

#[test]
fn copies_found_in_the_same_scan_are_analysed_once() {
    let Some(files) = photos(2) else { return };
    let mut with_copies = files.clone();
    for i in 0..5 {
        with_copies.push((format!("copy{i}.png"), files[0].1.clone()));
    }
    let lib = Lib::new(&with_copies);
    let mut store = lib.store();
    let opts = ScanOptions {
        workers: 3,
        batch_size: 2,
        ..ScanOptions::default()
    };
    let s = lib
        .scan_with(&mut store, &opts, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(
        (s.files_recorded, s.photos_analyzed, s.same_content),
        (7, 2, 5)
    );
    assert_eq!(lib.calls(), 2);
    assert_eq!(store.counts().unwrap().faces, expected_faces(&files));
    assert_eq!(store.copies().unwrap()[0].paths.len(), 6);
    assert_sound(&store);
}

#[test]
fn deleted_files_become_missing_and_keep_faces_until_they_return() {
    let Some(files) = photos(3) else { return };
    let lib = Lib::new(&files);
    lib.scan();
    let faces = face_ids(&lib.store());
    let (name, bytes) = &files[2];
    std::fs::remove_file(lib.root.join(name)).unwrap();
    let s = lib.scan();
    assert_eq!((s.missing, s.moved), (1, 0));
    let store = lib.store();
    let root = lib.root.canonicalize().unwrap();
    let rec = store.file(&root.join(name)).unwrap().unwrap();
    assert_eq!(rec.status, FileStatus::Missing);
    assert!(rec.photo_id.is_some());
    assert_eq!(
        face_ids(&store),
        faces,
        "faces of a missing file must be kept"
    );
    drop(store);
    lib.calls();
    std::fs::write(lib.root.join(name), bytes).unwrap();
    let s = lib.scan();
    assert_eq!((s.same_content, s.photos_analyzed), (1, 0));
    assert_eq!(lib.calls(), 0);
    let store = lib.store();
    assert_eq!(
        store.file(&root.join(name)).unwrap().unwrap().status,
        FileStatus::Done
    );
    assert_eq!(face_ids(&store), faces);
}

#[test]
fn changed_content_at_the_same_path_is_analysed_again() {
    let Some(files) = photos(3) else { return };
    let lib = Lib::new(&files[..2]);
    lib.scan();
    lib.calls();
    std::fs::write(lib.root.join(&files[0].0), &files[2].1).unwrap();
    // Make sure the mtime differs even on coarse-grained file systems.
    let f = std::fs::File::options()
        .write(true)
        .open(lib.root.join(&files[0].0))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    let s = lib.scan();
    assert_eq!((s.photos_analyzed, s.files_recorded), (1, 1));
    assert_eq!(lib.calls(), 1);
}

#[test]
fn scanning_another_folder_does_not_mark_the_first_missing() {
    let Some(files) = photos(2) else { return };
    let lib = Lib::new(&files[..1]);
    lib.scan();
    let other = lib.root.parent().unwrap().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("b.png"), &files[1].1).unwrap();
    let mut store = lib.store();
    let factory = || -> kindred::Result<Box<dyn PhotoAnalyzer>> { Ok(Box::new(SyntheticAnalyzer)) };
    let s = scan_folders(
        &mut store,
        &[other],
        &factory,
        &ScanOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!((s.files_recorded, s.missing), (1, 0));
    assert_eq!(store.counts().unwrap().files_done, 2);
}

/// A PNG whose header claims 60000 x 60000 pixels (a decompression bomb's calling card).
fn png_bomb() -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    // IHDR, then a tiny IDAT (an empty zlib stream) and IEND, so a decoder reaches the
    // point where it knows the size.
    for (kind, data) in [
        (&b"IHDR"[..], &ihdr[4..]),
        (b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
        (b"IEND", &[]),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    png
}

#[test]
fn bad_files_are_skipped_with_reasons_and_the_scan_goes_on() {
    let Some(files) = photos(3) else { return };
    let jpeg = files
        .iter()
        .find(|(n, _)| n.ends_with(".jpg"))
        .map(|(_, b)| b.clone());
    let jpeg = jpeg.unwrap_or_else(|| std::fs::read(devfaces().unwrap().join("bbt1.jpg")).unwrap());
    let mut all = files.clone();
    all.push(("empty.jpg".into(), Vec::new()));
    all.push(("notes.txt".into(), b"shopping list: bread, milk".to_vec()));
    all.push(("fake.jpg".into(), b"<html>not a photo</html>".to_vec()));
    // PNG, because the JPEG decoder fills a cut-off scan with grey instead of failing.
    let png = &files[0].1;
    all.push(("truncated.png".into(), png[..png.len() / 3].to_vec()));
    let mut corrupt = jpeg[..20].to_vec();
    corrupt.extend(std::iter::repeat_n(0x5Au8, 4000));
    all.push(("corrupt.jpg".into(), corrupt));
    all.push(("bomb.png".into(), png_bomb()));
    all.push((
        "panics.png".into(),
        files[0].1.iter().chain(b"x").copied().collect(),
    ));
    all.push((
        "odd, \"name\" é 😀.png".into(),
        files[1].1.iter().chain(b"y").copied().collect(),
    ));
    let lib = Lib::new(&all);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9-latin1.png");
        std::fs::write(
            lib.root.join(name),
            files[2].1.iter().chain(b"z").copied().collect::<Vec<u8>>(),
        )
        .unwrap();
    }
    let s = lib.scan();
    let store = lib.store();
    let skipped = store.skipped().unwrap();
    let code_of = |name: &str| {
        skipped
            .iter()
            .find(|k| k.path.ends_with(name))
            .map(|k| k.code.clone())
            .unwrap_or_else(|| panic!("{name} not skipped: {skipped:?}"))
    };
    assert_eq!(code_of("empty.jpg"), "empty_file");
    assert_eq!(code_of("notes.txt"), "not_an_image");
    assert_eq!(code_of("fake.jpg"), "not_an_image");
    assert_eq!(code_of("truncated.png"), "corrupt_image");
    assert_eq!(code_of("corrupt.jpg"), "corrupt_image");
    assert_eq!(code_of("bomb.png"), "image_too_large");
    assert_eq!(code_of("panics.png"), "internal");
    assert!(skipped.iter().all(|k| !k.reason.is_empty()));
    assert_eq!(skipped.len(), 7, "{skipped:?}");
    let done = if cfg!(unix) { 5 } else { 4 };
    assert_eq!(store.counts().unwrap().files_done, done);
    assert_eq!(s.skipped, 7);
    let root = lib.root.canonicalize().unwrap();
    assert_eq!(
        store
            .file(&root.join("odd, \"name\" é 😀.png"))
            .unwrap()
            .unwrap()
            .status,
        FileStatus::Done
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let p = root.join(std::ffi::OsStr::from_bytes(b"caf\xe9-latin1.png"));
        let rec = store
            .file(&p)
            .unwrap()
            .expect("non-UTF-8 path stored exactly");
        assert_eq!(rec.status, FileStatus::Done);
        assert!(rec.display_path.ends_with("caf\u{FFFD}-latin1.png"));
    }
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(["skipped", "--db"])
        .arg(&lib.db)
        .output()
        .unwrap();
    assert!(listed.status.success());
    let text = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("bomb.png\timage_too_large\t")),
        "{text}"
    );
    // Content-caused skips are not retried; the crash ("internal") is.
    lib.calls();
    let s = lib.scan();
    assert_eq!(s.files_recorded, 1);
    assert_eq!(lib.calls(), 1);
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped_and_retried() {
    use std::os::unix::fs::PermissionsExt;
    let Some(files) = photos(2) else { return };
    let lib = Lib::new(&files);
    let locked = lib.root.join(&files[0].0);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("SKIPPED: running with privileges that ignore file permissions");
        return;
    }
    lib.scan();
    let store = lib.store();
    assert_eq!(store.skipped().unwrap()[0].code, "io");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    let s = lib.scan();
    assert_eq!((s.files_recorded, s.photos_analyzed), (1, 1));
}

#[test]
fn cancel_stops_after_the_current_batch_and_the_next_scan_finishes_the_rest() {
    let Some(files) = photos(12) else { return };
    let lib = Lib::new(&files);
    let mut store = lib.store();
    let cancel = AtomicBool::new(false);
    let calls = lib.calls.clone();
    let factory = move || -> kindred::Result<Box<dyn PhotoAnalyzer>> {
        Ok(Box::new(Counting {
            calls: calls.clone(),
        }))
    };
    let opts = ScanOptions {
        workers: 1,
        batch_size: 1,
        ..ScanOptions::default()
    };
    let mut reports = Vec::new();
    let s = scan_folders(
        &mut store,
        std::slice::from_ref(&lib.root),
        &factory,
        &opts,
        &mut |p| {
            reports.push(p.clone());
            if p.done >= 2 {
                cancel.store(true, Ordering::SeqCst);
            }
        },
        &cancel,
    )
    .unwrap();
    assert!(s.cancelled);
    assert!(s.files_recorded >= 2 && s.files_recorded < 12, "{s:?}");
    assert_eq!(reports[0].total, 12);
    assert!(reports.windows(2).all(|w| w[0].done <= w[1].done));
    let first = lib.calls();
    assert_eq!(
        first as u64, s.files_recorded,
        "every analysed photo must have been recorded"
    );
    assert_sound(&store);
    let s2 = lib
        .scan_with(&mut store, &opts, &AtomicBool::new(false))
        .unwrap();
    assert!(!s2.cancelled);
    assert_eq!(
        lib.calls() + first,
        12,
        "a finished photo was analysed twice"
    );
    assert_eq!(store.counts().unwrap().faces, expected_faces(&files));
    assert_sound(&store);
}

#[test]
fn an_analyser_that_cannot_start_fails_the_scan_and_writes_nothing() {
    let Some(files) = photos(2) else { return };
    let lib = Lib::new(&files);
    let mut store = lib.store();
    let factory: &AnalyzerFactory = &|| {
        Err(kindred::Error::Model {
            name: "pnet".into(),
            reason: "missing".into(),
        })
    };
    let err = scan_folders(
        &mut store,
        std::slice::from_ref(&lib.root),
        factory,
        &ScanOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert_eq!(err.code(), "model");
    assert_eq!(store.counts().unwrap().files, 0);
}

#[test]
fn a_full_database_fails_with_a_database_error_and_keeps_what_it_had() {
    let Some(files) = photos(8) else { return };
    let lib = Lib::new(&files[..2]);
    lib.scan();
    let mut store = lib.store();
    let faces = face_ids(&store);
    let counts = store.counts().unwrap();
    for (name, bytes) in &files[2..] {
        std::fs::write(lib.root.join(name), bytes).unwrap();
    }
    // Cap the file at its current size: the next write hits SQLITE_FULL, as on a full disk.
    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .connection()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let err = lib
        .scan_with(&mut store, &ScanOptions::default(), &AtomicBool::new(false))
        .unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err}");
    let text = err.to_string();
    assert!(
        text.contains("kindred.sqlite3: disk full (") && text.contains("free on its disk"),
        "names the file and the room left: {text}"
    );
    drop(store);
    let store = lib.store();
    assert_eq!(store.counts().unwrap(), counts);
    assert_eq!(face_ids(&store), faces);
    assert_sound(&store);
}

#[cfg(unix)]
#[test]
fn a_read_only_database_folder_gives_a_clear_error_and_leaves_the_database_alone() {
    use std::os::unix::fs::PermissionsExt;
    let Some(files) = photos(3) else { return };
    let lib = Lib::new(&files[..2]);
    lib.scan();
    let counts = lib.store().counts().unwrap();
    std::fs::write(lib.root.join(&files[2].0), &files[2].1).unwrap();
    let db_dir = lib.db.parent().unwrap().to_path_buf();
    let ro = |mode| {
        std::fs::set_permissions(&db_dir, std::fs::Permissions::from_mode(mode)).unwrap();
        std::fs::set_permissions(&lib.db, std::fs::Permissions::from_mode(mode & 0o666)).unwrap();
    };
    ro(0o555);
    if std::fs::write(db_dir.join("probe"), b"x").is_ok() {
        ro(0o755);
        eprintln!("SKIPPED: running with privileges that ignore read-only permissions");
        return;
    }
    let result = Store::open(&lib.db).and_then(|mut store| {
        lib.scan_with(&mut store, &ScanOptions::default(), &AtomicBool::new(false))
    });
    ro(0o755);
    let Err(err) = result else {
        panic!("writing to a read-only database must fail")
    };
    assert_eq!(err.code(), "read_only", "{err}");
    assert!(
        err.to_string().contains("kindred.sqlite3"),
        "error should name the database: {err}"
    );
    let store = lib.store();
    assert_eq!(store.counts().unwrap(), counts);
    assert_sound(&store);
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_followed_and_loops_do_not_hang() {
    let Some(files) = photos(2) else { return };
    let lib = Lib::new(&files[..1]);
    let outside = lib.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("linked.png"), &files[1].1).unwrap();
    std::os::unix::fs::symlink(&outside, lib.root.join("link")).unwrap();
    std::os::unix::fs::symlink(&lib.root, lib.root.join("loop")).unwrap();
    let s = lib.scan();
    assert_eq!(s.files_recorded, 2);
    assert!(
        s.walk_problems.iter().any(|p| p.contains("loop")),
        "{:?}",
        s.walk_problems
    );
}

/// Kills a real `kindred scan` process with SIGKILL several times, then lets it finish,
/// and checks that nothing committed before a kill was redone or duplicated.
#[cfg(unix)]
#[test]
fn killed_scans_resume_without_duplicates() {
    use std::process::{Command, Stdio};
    use std::time::Duration;
    let Some(files) = photos(46) else { return };
    let mut many = Vec::new();
    for round in 0..4 {
        for (name, bytes) in &files {
            let mut b = bytes.clone();
            b.extend_from_slice(format!("round{round}").as_bytes());
            many.push((format!("{round}-{name}"), b));
        }
    }
    let lib = Lib::new(&many);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_kindred"))
            .arg("scan")
            .arg(&lib.root)
            .arg("--db")
            .arg(&lib.db)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let snapshot = || -> Vec<(i64, i64)> {
        if !lib.db.exists() {
            return Vec::new();
        }
        let store = lib.store();
        assert_sound(&store);
        face_ids(&store)
    };
    let mut kept = Vec::new();
    let mut interrupted = 0;
    for wait_ms in [700u64, 1500, 2500, 4000] {
        let mut child = run();
        std::thread::sleep(Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = snapshot();
        eprintln!("after {wait_ms} ms: {} faces", now.len());
        if lib.db.exists() && lib.store().counts().unwrap().files < many.len() as u64 {
            interrupted += 1;
        }
        assert!(
            now.starts_with(&kept) || kept.iter().all(|f| now.contains(f)),
            "faces committed before a kill were lost or renumbered"
        );
        kept = now;
    }
    assert!(
        interrupted > 0,
        "no kill landed in the middle of a scan: the test proved nothing"
    );
    let out = run().wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = lib.store();
    assert_sound(&store);
    let all = face_ids(&store);
    assert!(
        kept.iter().all(|f| all.contains(f)),
        "faces committed before a kill were redone"
    );
    let c = store.counts().unwrap();
    assert_eq!(c.files, many.len() as u64);
    assert_eq!(c.files_done + c.files_skipped, many.len() as u64);
    let dup: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM (SELECT photo_id, idx FROM faces GROUP BY photo_id, idx HAVING count(*) > 1)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dup, 0);
}

/// A small PNG whose content depends on `seed`.
fn png_bytes(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 12, |x, y| image::Rgb([seed, (x * 9) as u8, (y * 13) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Every entry a scan passes over is recorded as skipped with why (`kindred skipped`,
/// the app's list), stays listed on the next scan, and leaves the list once gone.
#[cfg(unix)]
#[test]
fn entries_passed_over_are_listed_as_skipped_with_the_reason() {
    use std::os::unix::fs::symlink;
    let lib = Lib::new(&[("a.png".to_string(), png_bytes(1))]);
    let r = &lib.root;
    assert!(std::process::Command::new("mkfifo").arg(r.join("y.jpg")).status().unwrap().success());
    symlink("/dev/zero", r.join("zero.jpg")).unwrap();
    std::fs::create_dir(r.join("x.jpg")).unwrap();
    std::fs::write(r.join("x.jpg/inside.png"), png_bytes(2)).unwrap();
    symlink(r.join("self.jpg"), r.join("self.jpg")).unwrap();
    symlink(r, r.join("back")).unwrap();
    symlink(r.join("nowhere.jpg"), r.join("dangling.jpg")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(r.join("socket.png")).unwrap();

    let expected: &[(&str, &str, &str)] = &[
        ("back", "link_loop", "symbolic link loop"),
        ("dangling.jpg", "dangling_link", "does not exist"),
        ("self.jpg", "link_loop", "symbolic link loop"),
        ("socket.png", "not_a_file", "a socket"),
        ("x.jpg", "not_a_file", "a folder named like a photo"),
        ("y.jpg", "not_a_file", "a FIFO (named pipe)"),
        ("zero.jpg", "not_a_file", "a character device"),
    ];
    let check = |store: &Store| {
        let skipped = store.skipped().unwrap();
        let got: Vec<(String, String)> = skipped
            .iter()
            .map(|s| (Path::new(&s.path).strip_prefix(r).unwrap().to_string_lossy().into_owned(), s.code.clone()))
            .collect();
        let want: Vec<(String, String)> =
            expected.iter().map(|(n, c, _)| (n.to_string(), c.to_string())).collect();
        assert_eq!(got, want, "{skipped:#?}");
        for (s, (_, _, why)) in skipped.iter().zip(expected) {
            assert!(s.reason.contains(why), "{}: {}", s.path, s.reason);
            assert!(!s.reason.contains('\n'), "{}", s.reason);
        }
    };
    let s = lib.scan();
    assert_eq!(s.passed_over, expected.len() as u64, "{s:?}");
    assert_eq!((s.photos_analyzed, s.skipped), (2, 0), "a.png and x.jpg/inside.png; {s:?}");
    let store = lib.store();
    check(&store);
    assert_eq!(store.counts().unwrap().files_missing, 0);
    drop(store);

    // Listed again, nothing read again, nothing marked missing.
    lib.calls();
    let s = lib.scan();
    assert_eq!((s.passed_over, s.files_recorded, s.missing), (expected.len() as u64, 0, 0));
    assert_eq!(lib.calls(), 0);
    check(&lib.store());

    // The CLI lists them, one line each.
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(["skipped", "--db"])
        .arg(&lib.db)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&listed.stdout);
    assert_eq!(text.lines().count(), expected.len(), "{text}");
    assert!(text.lines().any(|l| l.ends_with("y.jpg\tnot_a_file\ta FIFO (named pipe), not a photo file")), "{text}");

    // Gone from disk: gone from the list. A FIFO replaced by a photo is analysed.
    std::fs::remove_file(r.join("zero.jpg")).unwrap();
    std::fs::remove_file(r.join("y.jpg")).unwrap();
    std::fs::write(r.join("y.jpg"), png_bytes(3)).unwrap();
    let s = lib.scan();
    assert_eq!(s.photos_analyzed, 1, "{s:?}");
    let store = lib.store();
    let names: Vec<String> = store.skipped().unwrap().into_iter().map(|s| s.path).collect();
    assert!(!names.iter().any(|n| n.ends_with("zero.jpg") || n.ends_with("y.jpg")), "{names:?}");
    assert_eq!(names.len(), expected.len() - 2);
}

/// A folder the scan cannot list is recorded as skipped (and its files are not marked
/// missing). Permission bits do not stop root, so as root the scan runs as `nobody`
/// through the CLI (no photo changes, so no model files are needed).
#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_listed_as_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let lib = Lib::new(&[("a.png".to_string(), png_bytes(4))]);
    let locked = lib.root.join("private");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("b.png"), png_bytes(5)).unwrap();
    lib.scan();
    let db_dir = lib.db.parent().unwrap();
    for p in [lib.root.parent().unwrap(), &lib.root, db_dir] {
        mode(p, 0o777);
    }
    for f in std::fs::read_dir(db_dir).unwrap() {
        mode(&f.unwrap().path(), 0o666);
    }
    mode(&locked, 0o000);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        if !Path::new("/usr/bin/setpriv").exists() {
            mode(&locked, 0o755);
            eprintln!("SKIP: running as root without setpriv");
            return;
        }
        let as_nobody = || {
            let mut c = std::process::Command::new("/usr/bin/setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_kindred")]);
            c
        };
        if !as_nobody().arg("--version").output().is_ok_and(|o| o.status.success()) {
            // E.g. the checkout lies in a folder the unprivileged user cannot enter.
            mode(&locked, 0o755);
            eprintln!("SKIP: kindred cannot run as an unprivileged user here");
            return;
        }
        as_nobody()
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_kindred"))
    };
    let out = cmd
        .arg("scan")
        .arg(&lib.root)
        .arg("--db")
        .arg(&lib.db)
        .env("KINDRED_MODELS", "/nonexistent")
        .output()
        .unwrap();
    mode(&locked, 0o755);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let store = lib.store();
    let skipped = store.skipped().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].path.ends_with("private"), "{skipped:?}");
    assert_eq!(skipped[0].code, "unreadable_folder");
    assert!(skipped[0].reason.contains("cannot be listed"), "{}", skipped[0].reason);
    // The file inside is not marked missing: it may well still be there.
    assert_eq!(store.counts().unwrap().files_missing, 0);
    assert_eq!(store.counts().unwrap().files_done, 2);
}
