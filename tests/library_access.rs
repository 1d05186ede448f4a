//! Opening a library that cannot be written or was written by someone else: a
//! read-only folder or file (browsing, searching and exporting work; changes fail with
//! one clear line), a library written by a newer Kindred, and a full disk.
//!
//! Permission bits do not stop root, so when the tests run as root the `kindred`
//! commands run as the `nobody` user (util-linux `setpriv`), as a real user would.

mod people_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use kindred::store::{schema_version_supported, Store};
use people_support::family;

struct Run {
    code: i32,
    out: String,
    err: String,
}

/// Runs `kindred args` as a user without special privileges (`None`: cannot here).
fn kindred_unprivileged(args: &[&str]) -> Option<Run> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].into_iter().find(|p| Path::new(p).exists())?;
        let mut c = Command::new(setpriv);
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_kindred")]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_kindred"))
    };
    let out = cmd.args(args).env("HOME", "/nonexistent").output().expect("kindred runs");
    Some(Run {
        code: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn one_error_line(err: &str) -> &str {
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {err:?}");
    lines[0]
}

#[test]
fn a_read_only_library_can_be_browsed_searched_and_exported_but_not_changed() {
    let lib = family(3);
    drop(lib.scan());
    let db = lib.db.to_str().unwrap().to_string();
    let kindred = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_kindred")).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    kindred(&["cluster", "--method", "graph", "--min-group", "2", "--db", &db]);
    let listed: serde_json::Value =
        serde_json::from_slice(&kindred(&["people", "list", "--json", "--db", &db])).unwrap();
    let cluster = listed["clusters"][0]["label"].as_u64().expect("a cluster").to_string();
    kindred(&["people", "name", "Dan", "--cluster", &cluster, "--db", &db]);
    // Leave no -wal behind, as a closed library has none.
    Store::open(&lib.db).unwrap().checkpoint().unwrap();
    let folder = lib.dir.path();
    // The library as a user who may read but not write it: nobody needs to reach the
    // folder (a temporary folder is private), then folder and file lose write access.
    chmod(folder, 0o755);
    chmod(&lib.photos_dir(), 0o755);
    let before = std::fs::read(&lib.db).unwrap();
    let Some(probe) = kindred_unprivileged(&["--version"]) else {
        eprintln!("SKIP: running as root without setpriv");
        return;
    };
    if probe.code != 0 {
        // E.g. the checkout lies in a folder the unprivileged user cannot enter.
        eprintln!("SKIP: kindred cannot run as an unprivileged user here: {}", probe.err.trim());
        return;
    }
    chmod(&lib.db, 0o444);
    chmod(folder, 0o555);

    let reads: &[&[&str]] = &[
        &["people", "list"],
        &["people", "list", "--json"],
        &["people", "bucket", "unknown"],
        &["people", "history"],
        &["skipped"],
        &["export", "--format", "csv"],
        &["export", "--format", "json"],
        &["search", "--person", "Dan"],
        &["people", "show", "Dan"],
        &["graph", "suggest"],
        &["elbow", "--kmin", "2", "--kmax", "3"],
    ];
    let mut listed = String::new();
    for args in reads {
        let mut a = args.to_vec();
        a.extend(["--db", &db]);
        let r = kindred_unprivileged(&a).unwrap();
        assert_eq!(r.code, 0, "kindred {a:?} on a read-only library: {}", r.err);
        if args.starts_with(&["people", "list"]) {
            listed.push_str(&r.out);
        }
    }
    assert!(listed.contains("unknown"), "{listed}");
    // No -wal or -shm left beside it, nothing written.
    let names: Vec<_> = std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(
        !names.iter().any(|n| n.to_string_lossy().ends_with("-shm") || n.to_string_lossy().ends_with("-wal")),
        "{names:?}"
    );

    // A change is refused in one line that names the library and says what to do.
    for args in [
        vec!["people", "rename", "Dan", "Daniel"],
        vec!["cluster"],
        vec!["scan", lib.photos_dir().to_str().unwrap()],
    ] {
        let mut a = args.clone();
        a.extend(["--db", &db]);
        let r = kindred_unprivileged(&a).unwrap();
        assert_eq!(r.code, 1, "kindred {a:?}: {}", r.err);
        let line = one_error_line(&r.err);
        assert!(line.starts_with("error [read_only]:"), "{line}");
        assert!(line.contains(&db) && line.contains("read-only") && line.contains("writable"), "{line}");
    }
    chmod(folder, 0o755);
    chmod(&lib.db, 0o644);
    assert_eq!(std::fs::read(&lib.db).unwrap(), before, "the library was changed");
}

#[test]
fn a_library_from_a_newer_kindred_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.sqlite3");
    let newer = schema_version_supported() + 3;
    Store::open(&db)
        .unwrap()
        .connection()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let expected = format!(
        "written by a newer Kindred (schema {newer} > {})",
        schema_version_supported()
    );
    for open in [Store::open, Store::open_to_read] {
        let e = open(&db).err().expect("refused");
        assert_eq!(e.code(), "newer_library");
        let text = e.to_string();
        assert!(text.contains(&expected) && text.contains("k.sqlite3"), "{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(["people", "list", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let line = one_error_line(&err);
    assert!(line.contains(&expected) && line.contains("update Kindred"), "{line}");
    assert!(!line.contains("rusqlite_migrat"), "{line}");
    // Untouched: still the newer version.
    let v: u32 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, newer);
}

#[test]
fn a_full_disk_names_the_file_and_the_room_left() {
    // /dev/full: every write fails with ENOSPC, as on a full disk.
    if !Path::new("/dev/full").exists() {
        eprintln!("SKIP: no /dev/full");
        return;
    }
    let lib = family(5);
    drop(lib.scan());
    let out = Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(["export", "--format", "csv", "--output", "/dev/full", "--db", lib.db.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = one_error_line(&err);
    assert!(line.starts_with("error [disk_full]: /dev/full: disk full ("), "{line}");
    assert!(line.contains("free") && line.contains("free some space"), "{line}");
}
