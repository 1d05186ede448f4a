//! Every `kindred` command that prints ends quietly when its reader goes away
//! (`kindred people list | head -1`): no panic, no stack trace, no "failed printing"
//! message; it exits as Unix tools do (status 0, or killed by SIGPIPE).
//!
//! The reader is closed before the command even starts (a pipe whose read end is
//! already gone), so its first write meets the closed pipe whatever the output's size.

mod people_support;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use people_support::family;

/// How a run ended: status, and what it wrote to stderr (when stderr was open).
fn run_closed(args: &[&str], close_stdout: bool, close_stderr: bool) -> (ExitStatus, String) {
    let closed = || {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        Stdio::from(writer)
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kindred"));
    cmd.args(args).stdin(Stdio::null());
    cmd.stdout(if close_stdout { closed() } else { Stdio::null() });
    cmd.stderr(if close_stderr { closed() } else { Stdio::piped() });
    let out = cmd.output().expect("kindred runs");
    (out.status, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn quiet(status: ExitStatus) -> bool {
    status.code() == Some(0) || status.signal() == Some(libc::SIGPIPE)
}

fn assert_quiet(args: &[&str]) {
    let (status, err) = run_closed(args, true, false);
    assert!(
        quiet(status) && !err.contains("panicked") && !err.contains("Broken pipe"),
        "kindred {args:?} with its stdout reader gone: {status:?}\n{err}"
    );
    // Closed stderr too (the message about the closed stdout has nowhere to go either):
    // a panic would show as exit status 101.
    let (status, _) = run_closed(args, true, true);
    assert!(quiet(status), "kindred {args:?} with stdout and stderr closed: {status:?}");
}

#[test]
fn every_printing_command_ends_quietly_when_its_reader_goes_away() {
    let lib = family(7);
    drop(lib.scan());
    let db = lib.db.to_str().unwrap();
    let dir = lib.dir.path();
    let labels = dir.join("labels.csv");
    let mut csv = String::from("file,identity\n");
    for (name, (_, faces)) in &lib.plan {
        if faces.len() == 1 {
            csv.push_str(&format!("{name}.png,{}\n", faces[0].0));
        }
    }
    std::fs::write(&labels, csv).unwrap();
    let labels = labels.to_str().unwrap();
    // A library with people, so that every listing has lines to print.
    let ok = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_kindred")).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    ok(&["cluster", "--method", "graph", "--min-group", "2", "--db", db]);
    let first_cluster = {
        let out = Command::new(env!("CARGO_BIN_EXE_kindred"))
            .args(["people", "list", "--json", "--db", db])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["clusters"][0]["label"].as_u64().expect("a cluster").to_string()
    };
    ok(&["people", "name", "Dan", "--cluster", &first_cluster, "--db", db]);
    // An entry the scan passes over, for `skipped` (no photo changed, so the scan
    // needs no model files).
    let fifo = lib.photos_dir().join("pipe.jpg");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let scan = Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(["scan", lib.photos_dir().to_str().unwrap(), "--db", db])
        .env("KINDRED_MODELS", dir.join("no-models"))
        .output()
        .unwrap();
    assert!(scan.status.success(), "{}", String::from_utf8_lossy(&scan.stderr));

    let svg = dir.join("elbow.svg");
    let commands: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["--version"],
        vec!["people", "list", "--db", db],
        vec!["people", "list", "--json", "--db", db],
        vec!["people", "show", "Dan", "--db", db],
        vec!["people", "bucket", "unknown", "--db", db],
        vec!["people", "history", "--db", db],
        vec!["people", "review", "Dan", "--db", db],
        vec!["skipped", "--db", db],
        vec!["skipped", "--json", "--db", db],
        vec!["export", "--format", "csv", "--db", db],
        vec!["export", "--format", "json", "--db", db],
        vec!["search", "--person", "Dan", "--db", db],
        vec!["search", "--person", "Dan", "--json", "--db", db],
        vec!["cluster", "--method", "dbscan", "--db", db],
        vec!["elbow", "--kmin", "2", "--kmax", "4", "--db", db, "--svg", svg.to_str().unwrap()],
        vec!["graph", "suggest", "--db", db],
        vec!["graph", "suggest", "--json", "--db", db],
        vec!["eval", "--labels", labels, "--db", db],
        vec!["calibrate", "--labels", labels, "--db", db],
        vec!["verify", "--labels", labels, "--db", db],
        vec!["bench", "cluster", "--faces", "300", "--method", "graph"],
        // Errors go to stderr: with stderr closed too they must not panic either.
        vec!["people", "show", "Nobody", "--db", db],
    ];
    for args in &commands {
        if args.starts_with(&["people", "show", "Nobody"]) {
            let (status, _) = run_closed(args, true, true);
            assert_ne!(status.code(), Some(101), "kindred {args:?} panicked");
            continue;
        }
        assert_quiet(args);
    }
}

/// `kindred faces` prints one line per face: it too must end quietly (needs the model
/// files; the photo is face_recognition's obama.jpg).
#[test]
fn faces_ends_quietly_when_its_reader_goes_away() {
    let models = kindred::runtime::models_dir();
    if !models.join(kindred::runtime::RESNET).is_file() {
        eprintln!("SKIP: model files not built (run `bash models/build.sh`)");
        return;
    }
    let photo = models.join("cache/test_images/obama.jpg");
    if !Path::new(&photo).is_file() {
        eprintln!("SKIP: {} absent", photo.display());
        return;
    }
    assert_quiet(&["faces", photo.to_str().unwrap()]);
}
