//! Odd files handed to every `kindred` command that reads a photo by name (`faces`,
//! `compare`, `search --like`, `people draw`): a FIFO named like a photo, a link to
//! /dev/zero, a folder, a socket, a truncated JPEG, text, an empty file. Each must be
//! refused at once (no waiting on the FIFO, no endless read of /dev/zero) with one
//! line that names the file.
//!
//! These commands load the model files before reading; without them the tests SKIP.

mod support;

mod people_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs kindred; a run still going after two minutes is a hang (a FIFO waited on,
/// /dev/zero read): it is killed and the test fails.
fn kindred(args: &[&Path]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("kindred {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// The odd files, in `dir`: (path, the error code expected).
fn odd_files(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut v = Vec::new();
    let fifo = dir.join("y.jpg");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    v.push((fifo, "not_a_file"));
    let zero = dir.join("zero.jpg");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    v.push((zero, "not_a_file"));
    let folder = dir.join("folder.jpg");
    std::fs::create_dir(&folder).unwrap();
    v.push((folder, "not_a_file"));
    let socket = dir.join("socket.jpg");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    std::mem::forget(listener);
    v.push((socket, "not_a_file"));
    let cut = dir.join("cut.jpg");
    std::fs::write(&cut, b"\xFF\xD8\xFF\xE0").unwrap();
    v.push((cut, "corrupt_image"));
    let text = dir.join("text.jpg");
    std::fs::write(&text, b"<html>not found</html>\n").unwrap();
    v.push((text, "not_an_image"));
    let empty = dir.join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    v.push((empty, "empty_file"));
    v.push((dir.join("missing.jpg"), "io"));
    v
}

fn assert_one_line_naming(err: &str, file: &Path, code: &str) {
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("SKIP")).collect();
    assert_eq!(lines.len(), 1, "one line expected for {}: {err:?}", file.display());
    assert!(lines[0].contains(&format!("[{code}]")), "{}: {}", file.display(), lines[0]);
    assert!(lines[0].contains(&*file.to_string_lossy()), "names the file: {}", lines[0]);
}

#[test]
fn faces_compare_and_search_like_refuse_odd_files_at_once_in_one_line() {
    let Some(models) = support::models_dir() else { return };
    let photo = models.join("cache/test_images/obama.jpg");
    if !photo.is_file() {
        eprintln!("SKIP: {} absent", photo.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = odd_files(dir.path());

    // `faces` goes on with the next file after a bad one, and exits 2.
    for (file, code) in &files {
        let out = kindred(&[Path::new("faces"), file]);
        assert_eq!(out.status.code(), Some(2), "{}", file.display());
        assert!(out.stdout.is_empty());
        assert_one_line_naming(&String::from_utf8_lossy(&out.stderr), file, code);
    }
    let out = kindred(&[Path::new("faces"), &files[0].0, &files[1].0, &photo]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "obama's face still found");
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 2);

    // `compare` and `search --like` stop at the bad file with exit 1.
    let lib = people_support::family(11);
    drop(lib.scan());
    for (file, code) in &files {
        let out = kindred(&[Path::new("compare"), &photo, file]);
        assert_eq!(out.status.code(), Some(1), "compare {}", file.display());
        assert_one_line_naming(&String::from_utf8_lossy(&out.stderr), file, code);
        let out = kindred(&[Path::new("search"), Path::new("--like"), file, Path::new("--db"), &lib.db]);
        assert_eq!(out.status.code(), Some(1), "search --like {}", file.display());
        assert_one_line_naming(&String::from_utf8_lossy(&out.stderr), file, code);
    }
}

#[test]
fn drawing_a_face_on_a_photo_replaced_by_a_fifo_is_refused_at_once() {
    if support::models_dir().is_none() {
        return;
    }
    let lib = people_support::family(12);
    let store = lib.scan();
    let (photo, path): (i64, String) = store
        .connection()
        .query_row("SELECT photo_id, display_path FROM files WHERE status = 'done' ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    drop(store);
    std::fs::remove_file(&path).unwrap();
    assert!(Command::new("mkfifo").arg(&path).status().unwrap().success());
    let id = photo.to_string();
    let out = kindred(&[
        Path::new("people"),
        Path::new("draw"),
        Path::new(&id),
        Path::new("--box"),
        Path::new("1,1,7,7"),
        Path::new("--db"),
        &lib.db,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_one_line_naming(&String::from_utf8_lossy(&out.stderr), Path::new(&path), "not_a_file");
}
