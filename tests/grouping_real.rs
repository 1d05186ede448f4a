//! The default grouping on real faces, through the `kindred` binary as a user runs it
//! (`scan`, `cluster`, `eval`, `export`): lfw-dev (1,000 people, 700 of them seen once)
//! and devfaces (8 people, group photos). Both come from `../shared`; the tests skip
//! with a message when it is absent.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn ok(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kindred")).args(args).output().expect("kindred runs");
    assert!(
        out.status.success(),
        "kindred {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn scan_and_cluster(images: &Path, db: &Path) {
    let db = db.to_str().unwrap();
    ok(&["scan", images.to_str().unwrap(), "--db", db]);
    ok(&["cluster", "--db", db]);
}

/// The stored grouping's scores (`kindred eval --stored --json`).
fn stored_scores(db: &Path, labels: &Path, face: &str) -> Value {
    let out = ok(&[
        "eval",
        "--labels",
        labels.to_str().unwrap(),
        "--face",
        face,
        "--stored",
        "--json",
        "--db",
        db.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["rows"][0].clone()
}

#[test]
fn lfw_dev_groups_are_pure_and_strangers_stay_alone() {
    let Some(lfw) = support::shared_data("lfw-dev") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("lfw.sqlite3");
    scan_and_cluster(&lfw.join("images"), &db);
    let row = stored_scores(&db, &lfw.join("labels.csv"), "central");
    let s = &row["score"];
    let q = &s["quality"];
    eprintln!("lfw-dev, default grouping: {row:#}");
    let f = |v: &Value| v.as_f64().unwrap();
    // The bar of the grouping issue: precision of a group before recall.
    assert!(f(&q["bcubed_precision"]) >= 0.985, "{q}");
    assert!(f(&q["bcubed_recall"]) >= 0.94, "{q}");
    assert_eq!(s["top20_mixed"], 0, "a large group holds two people: {s}");
    // The bar: at most 14 of 699 (2 %) with another person. Measured 11 with a
    // face labelled as another person, 14 with any other face (bystanders included);
    // Chinese whispers put 68.
    assert!(s["seen_once_with_another_person"].as_u64().unwrap() <= 14, "{s}");
    assert!(s["seen_once_with_others"].as_u64().unwrap() <= 16, "{s}");
    assert!(f(&s["recall_5plus"]) >= 0.93, "{s}");
}

/// Group of every face by what it is (file name and box), from `kindred export`.
fn groups_by_face(db: &Path, rename: impl Fn(&str) -> String) -> BTreeSet<BTreeSet<String>> {
    let out = ok(&["export", "--format", "json", "--db", db.to_str().unwrap()]);
    let faces: Value = serde_json::from_str(&out).unwrap();
    let mut groups: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for f in faces.as_array().unwrap() {
        let Some(cluster) = f["cluster"].as_i64() else { continue };
        let file = f["file"].as_str().unwrap();
        let name = rename(file.rsplit('/').next().unwrap());
        let b = |k: &str| f[k].as_f64().unwrap().round() as i64;
        groups.entry(cluster).or_default().insert(format!("{name} {} {} {} {}", b("left"), b("top"), b("right"), b("bottom")));
    }
    groups.into_values().collect()
}

#[test]
fn devfaces_people_form_one_group_each_in_any_scan_order() {
    let Some(dev) = support::shared_data("devfaces") else { return };
    let tmp = tempfile::tempdir().unwrap();
    // The same photos twice: once as they are, once renamed so that the scan walks them
    // in the reverse order (faces get other ids, in another order).
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dev.join("images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for (i, n) in names.iter().enumerate() {
        std::fs::copy(dev.join("images").join(n), a.join(n)).unwrap();
        std::fs::copy(dev.join("images").join(n), b.join(format!("{:03}-{n}", 999 - i))).unwrap();
    }
    let (db_a, db_b) = (tmp.path().join("a.sqlite3"), tmp.path().join("b.sqlite3"));
    scan_and_cluster(&a, &db_a);
    scan_and_cluster(&b, &db_b);
    let ga = groups_by_face(&db_a, |n| n.to_string());
    let gb = groups_by_face(&db_b, |n| n.split_once('-').unwrap().1.to_string());
    assert!(!ga.is_empty());
    assert_eq!(ga, gb, "the same photos in another order give other groups");

    // Every labelled person's grouped faces are in one group, and no group holds two
    // labelled people.
    let labels = std::fs::read_to_string(dev.join("labels.csv")).unwrap();
    let person: BTreeMap<String, String> = labels
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c.get(2) == Some(&"single")).then(|| (c[0].to_string(), c[1].to_string()))
        })
        .collect();
    let mut group_of_person: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    let mut grouped = 0;
    for (gi, g) in ga.iter().enumerate() {
        let people: BTreeSet<&str> = g.iter().filter_map(|f| person.get(f.split(' ').next().unwrap()).map(|s| s.as_str())).collect();
        assert!(people.len() <= 1, "a group of two people: {g:?}");
        for p in people {
            group_of_person.entry(p).or_default().insert(gi);
        }
        grouped += g.iter().filter(|f| person.contains_key(f.split(' ').next().unwrap())).count();
    }
    assert_eq!(group_of_person.len(), 8, "every person has a group: {group_of_person:?}");
    assert!(group_of_person.values().all(|g| g.len() == 1), "a person split in two: {group_of_person:?}");
    // Measured: 38 of the 40 single-person faces grouped (Stuart's two hardest stay unknown).
    assert!(grouped >= 38, "{grouped} of {} labelled faces grouped", person.len());
}
