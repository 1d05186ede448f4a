//! The insight commands end to end: scan the development photos with the real pipeline
//! into a real SQLite file, then `calibrate`, `verify` and `compare` through the CLI.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn devfaces() -> Option<PathBuf> {
    support::devfaces_dir().map(|images| images.join(".."))
}

fn models_ready() -> bool {
    let ok = kindred::runtime::models_dir().join(kindred::runtime::RESNET).is_file();
    if !ok {
        eprintln!("SKIP: model files not built (run `bash models/build.sh`)");
    }
    ok
}

fn kindred(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_kindred")).args(args).output().expect("kindred runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn scanned_devfaces(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let dev = devfaces()?;
    if !models_ready() {
        return None;
    }
    let db = dir.join("lib.sqlite3");
    let images = dev.join("images");
    let (_, err, ok) = kindred(&["scan", images.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(ok, "scan failed: {err}");
    Some((db, dev.join("labels.csv")))
}

#[test]
fn calibrate_verify_and_compare_on_the_development_photos() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((db, labels)) = scanned_devfaces(tmp.path()) else { return };
    let (db, labels) = (db.to_str().unwrap(), labels.to_str().unwrap());

    let svg = tmp.path().join("cal.svg");
    let (out, err, ok) = kindred(&["calibrate", "--labels", labels, "--db", db, "--json", "--svg", svg.to_str().unwrap()]);
    assert!(ok, "calibrate failed: {err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = c["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 9, "cutoffs 0.30..0.70 step 0.05");
    // All 40 labelled single-face photos are matched to a face.
    assert_eq!(c["n_faces"].as_u64(), Some(40), "{out}");
    let at = |cut: f64| rows.iter().find(|r| (r["cutoff"].as_f64().unwrap() - cut).abs() < 1e-6).unwrap().clone();
    // Recall grows and precision falls as the cutoff loosens.
    assert!(at(0.4)["recall"].as_f64() < at(0.6)["recall"].as_f64());
    assert!(at(0.7)["precision"].as_f64() <= at(0.5)["precision"].as_f64());
    assert!(at(0.6)["f1"].as_f64().unwrap() > 0.8, "F1 at 0.6: {}", at(0.6));
    assert!(c["auc"].as_f64().unwrap() > 0.95);
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));

    let html = tmp.path().join("verify.html");
    let (out, err, ok) = kindred(&["verify", "--labels", labels, "--db", db, "--cutoff", "0.7", "--html", html.to_str().unwrap()]);
    assert!(ok, "verify failed: {err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fp = r["false_positives"].as_array().unwrap();
    // At a loose cutoff there are wrong pairs, and the report shows them as pictures.
    assert_eq!(fp.len() as u64, r["counts"]["fp"].as_u64().unwrap().min(50));
    assert!(!fp.is_empty(), "0.7 is loose enough to confuse someone: {out}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("data:image/jpeg;base64,"), "crops embedded in the report");

    // Two stored faces of the same labelled person vs of different people.
    let faces: serde_json::Value = {
        let (out, _, ok) = kindred(&["export", "--format", "json", "--db", db]);
        assert!(ok);
        serde_json::from_str(&out).unwrap()
    };
    let id_of = |name: &str| {
        faces.as_array().unwrap().iter().find(|f| f["file"].as_str().unwrap().ends_with(name)).unwrap()["face_id"].as_i64().unwrap()
    };
    let (amy1, amy2, raj1) = (id_of("/amy1.png"), id_of("/amy2.png"), id_of("/raj1.png"));
    let (same, _, ok) = kindred(&["compare", &format!("face:{amy1}"), &format!("face:{amy2}"), "--db", db]);
    assert!(ok && same.contains("same person"), "{same}");
    let (diff, _, ok) = kindred(&["compare", &format!("face:{amy1}"), &format!("face:{raj1}"), "--db", db]);
    assert!(ok && diff.contains("different people"), "{diff}");
}
