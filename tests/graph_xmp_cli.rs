//! Face graph export and XMP regions through the CLI on a real scanned library: copies
//! of development photos in a temporary folder (sidecars are written beside them, never
//! into ../shared), the real pipeline, a real SQLite file.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn devfaces() -> Option<PathBuf> {
    support::devfaces_dir()
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kindred")).args(args).output().expect("kindred runs");
    assert!(out.status.success(), "kindred {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copies amy1-5 and raj1-5 into `dir/photos`, scans, clusters and names both groups.
fn named_library(dir: &Path) -> Option<String> {
    let dev = devfaces()?;
    if !kindred::runtime::models_dir().join(kindred::runtime::RESNET).is_file() {
        eprintln!("SKIP: model files not built");
        return None;
    }
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    for who in ["amy", "raj"] {
        for i in 1..=5 {
            let name = format!("{who}{i}.png");
            std::fs::copy(dev.join(&name), photos.join(&name)).unwrap();
        }
    }
    let db = dir.join("lib.sqlite3").to_string_lossy().into_owned();
    run(&["scan", photos.to_str().unwrap(), "--db", &db]);
    run(&["cluster", "--db", &db]);
    let export: serde_json::Value = serde_json::from_str(&run(&["export", "--format", "json", "--db", &db])).unwrap();
    // Name each cluster after the photos in it.
    for f in export.as_array().unwrap() {
        let file = f["file"].as_str().unwrap();
        let cluster = f["cluster"].as_i64().expect("every face of these two people is clustered");
        let name = if file.contains("/amy") { "Amy" } else { "Raj" };
        run(&["people", "name", "--cluster", &cluster.to_string(), name, "--db", &db]);
    }
    Some(db)
}

#[test]
fn graph_exports_as_graphml_and_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(db) = named_library(tmp.path()) else { return };
    let graphml = tmp.path().join("g.graphml");
    run(&["graph", "export", "--format", "graphml", "--out", graphml.to_str().unwrap(), "--db", &db, "--cutoff", "0.6"]);
    let xml = std::fs::read_to_string(&graphml).unwrap();
    assert_eq!(xml.matches("<node ").count(), 10, "one node per face");
    assert!(xml.contains(">Amy<") && xml.contains(">Raj<"), "person names on the nodes");
    // Edges only inside a person at 0.6 on these photos.
    assert!(xml.matches("<edge ").count() >= 8);

    let csv = tmp.path().join("g.csv");
    run(&["graph", "export", "--format", "csv", "--flavor", "neo4j", "--out", csv.to_str().unwrap(), "--db", &db]);
    let nodes = std::fs::read_to_string(tmp.path().join("g_nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(tmp.path().join("g_edges.csv")).unwrap();
    assert!(nodes.starts_with("faceId:ID,"));
    assert_eq!(nodes.lines().count(), 11);
    assert!(edges.starts_with(":START_ID,:END_ID,"));

    let s: serde_json::Value = serde_json::from_str(&run(&["graph", "suggest", "--db", &db, "--json"])).unwrap();
    assert_eq!(s["faces"].as_u64(), Some(10));
}

#[test]
fn names_go_to_sidecars_and_come_back_without_touching_the_photos() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(db) = named_library(tmp.path()) else { return };
    let photo = tmp.path().join("photos/amy1.png");
    let before = std::fs::read(&photo).unwrap();
    let out = run(&["xmp", "export", "--db", &db]);
    assert!(out.contains("10 regions written to 10 sidecars"), "{out}");
    assert_eq!(std::fs::read(&photo).unwrap(), before, "the photo itself is never written");
    let regions = kindred::insight::xmp::read_sidecar_regions(&photo).unwrap().expect("sidecar").1;
    let named = regions.named_faces();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].0, "Amy");
    let a = named[0].1;
    assert!(a.x - a.w / 2.0 >= -1e-6 && a.x + a.w / 2.0 <= 1.0 + 1e-6, "area inside the image: {a:?}");

    // A fresh library of the same photos learns the names from the sidecars.
    let db2 = tmp.path().join("fresh.sqlite3").to_string_lossy().into_owned();
    run(&["scan", tmp.path().join("photos").to_str().unwrap(), "--db", &db2]);
    let out = run(&["xmp", "import", "--db", &db2]);
    assert!(out.contains("10 faces confirmed"), "{out}");
    let people = run(&["people", "list", "--db", &db2]);
    let row = |name: &str| people.lines().find(|l| l.starts_with(name)).map(|l| l.split('\t').nth(1).unwrap().to_string());
    assert_eq!(row("Amy").as_deref(), Some("5"), "{people}");
    assert_eq!(row("Raj").as_deref(), Some("5"), "{people}");
}
