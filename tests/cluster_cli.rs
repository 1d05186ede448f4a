//! The `kindred` binary's clustering, people, search, eval and bench commands on a real
//! SQLite library (scanned through the store's own path, controlled descriptors).

mod people_support;

use std::path::Path;
use std::process::Command;

use people_support::family;
use serde_json::Value;

fn kindred(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kindred"))
        .args(args)
        .output()
        .expect("kindred runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, out, err) = kindred(args);
    assert_eq!(code, 0, "kindred {args:?} failed:\n{out}\n{err}");
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn db(lib: &people_support::Library) -> String {
    drop(lib.scan());
    lib.db.to_string_lossy().into_owned()
}

#[test]
fn cluster_every_method_and_elbow() {
    let lib = family(31);
    let db = db(&lib);
    let run = json(&[
        "cluster",
        "--method",
        "graph",
        "--min-group",
        "2",
        "--db",
        &db,
        "--json",
    ]);
    assert_eq!(run["faces"], 21);
    assert_eq!(run["clusters"], 3, "{run}");
    assert_eq!(run["noise"], 1, "the one-off stranger");
    let run = json(&[
        "cluster",
        "--method",
        "dbscan",
        "--eps",
        "0.5",
        "--min-samples",
        "2",
        "--min-group",
        "2",
        "--db",
        &db,
        "--json",
    ]);
    assert_eq!(run["clusters"], 3, "{run}");
    let run = json(&[
        "cluster",
        "--method",
        "kmeans",
        "--k",
        "3",
        "--min-group",
        "2",
        "--db",
        &db,
        "--json",
    ]);
    assert_eq!(run["params"]["method"], "kmeans");
    assert!(run["clusters"].as_u64().unwrap() >= 2, "{run}");
    let text = ok(&["cluster", "--db", &db]);
    assert!(text.starts_with("quality line 0.50: 0 faces below it"), "{text}");
    assert!(text.contains("\nlinkage: 21 faces"), "the default method: {text}");
    let run = json(&["cluster", "--db", &db, "--json"]);
    assert_eq!(run["clusters"], 3, "Dan, Mum and Carl: {run}");
    assert_eq!(run["noise"], 1, "the one-off stranger stays alone: {run}");
    assert_eq!((run["quality_line"].as_f64(), run["held_back"].as_u64()), (Some(0.5), Some(0)));
    let (code, _, err) = kindred(&["cluster", "--method", "kmeans", "--db", &db]);
    assert_eq!(code, 1);
    assert!(err.contains("--k"), "{err}");
    let (code, _, err) = kindred(&["cluster", "--method", "optics", "--db", &db]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown clustering method"), "{err}");

    let svg = lib.dir.path().join("elbow.svg");
    let out = ok(&[
        "elbow",
        "--kmin",
        "1",
        "--kmax",
        "6",
        "--svg",
        svg.to_str().unwrap(),
        "--db",
        &db,
    ]);
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with(char::is_numeric))
        .collect();
    assert_eq!(rows.len(), 6, "{out}");
    let costs: Vec<f64> = rows
        .iter()
        .map(|l| l.split('\t').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(
        costs.windows(2).all(|w| w[1] <= w[0] * 1.001),
        "cost falls with k: {costs:?}"
    );
    assert!(out.contains("suggested k") || out.contains("no clear knee"));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
}

#[test]
fn people_commands_search_and_export() {
    let lib = family(32);
    let db = db(&lib);
    ok(&["cluster", "--min-group", "2", "--db", &db]);
    let list = json(&["people", "list", "--db", &db, "--json"]);
    let clusters = list["clusters"].as_array().unwrap();
    assert_eq!(
        clusters[0]["size"], 10,
        "Dan's cluster is the largest: {list}"
    );
    let dan = clusters[0]["label"].to_string();
    let mum = clusters[1]["label"].to_string();
    assert!(
        ok(&["people", "name", "Dan", "--cluster", &dan, "--db", &db]).contains("10 faces changed")
    );
    ok(&["people", "name", "Mum", "--cluster", &mum, "--db", &db]);
    let text = ok(&["people", "list", "--db", &db]);
    assert!(text.contains("Dan\t10\t0\t0\t10"), "{text}");

    let photos = ok(&["search", "--person", "Dan", "--without", "Mum", "--db", &db]);
    assert_eq!(photos.lines().count(), 7, "{photos}");
    let photos = ok(&[
        "search", "--person", "dan", "--with", "mum", "--only", "--db", &db,
    ]);
    assert_eq!(photos.lines().count(), 3, "{photos}");
    let photos = ok(&[
        "search",
        "--person",
        "Dan",
        "--from",
        "2019-07-02",
        "--to",
        "2019-07-04",
        "--db",
        &db,
    ]);
    assert_eq!(photos.lines().count(), 3, "{photos}");
    let hits = json(&["search", "--person", "Mum", "--db", &db, "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), 8);

    // Correct a face, look at the history, undo it.
    let faces = json(&["people", "show", "Dan", "--db", &db, "--json"]);
    let f = faces[0]["face_id"].to_string();
    ok(&["people", "not", "Dan", "--faces", &f, "--db", &db]);
    assert!(ok(&["people", "list", "--db", &db]).contains("Dan\t9\t"));
    let review = ok(&["people", "review", "Dan", "--db", &db]);
    assert!(
        review
            .lines()
            .skip(1)
            .all(|l| !l.starts_with(&format!("{f}\t"))),
        "{review}"
    );
    assert!(ok(&["people", "history", "--db", &db]).contains("reject"));
    assert!(ok(&["people", "undo", "--db", &db]).starts_with("undone"));
    assert!(ok(&["people", "list", "--db", &db]).contains("Dan\t10\t"));
    ok(&["people", "rename", "Mum", "Mother", "--db", &db]);
    ok(&["people", "merge", "Family", "Dan", "Mother", "--db", &db]);
    assert!(ok(&["people", "list", "--db", &db]).contains("Family\t18\t"));
    ok(&["people", "undo", "--db", &db]);
    ok(&["people", "stranger", &f, "--db", &db]);
    assert!(ok(&["people", "list", "--db", &db]).contains("strangers 1"));
    let (code, _, err) = kindred(&["people", "rename", "Nobody", "X", "--db", &db]);
    assert_eq!(code, 1);
    assert!(err.contains("no person named"), "{err}");

    let out = lib.dir.path().join("faces.csv");
    ok(&["export", "--db", &db, "--output", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().filter(|l| l.ends_with(",Mother")).count(), 8);
    assert_eq!(csv.lines().filter(|l| l.ends_with(",Dan")).count(), 9);
}

#[test]
fn eval_prints_every_method_and_bench_runs() {
    let lib = family(33);
    let db = db(&lib);
    // One labelled face per photo: the single-face photos.
    let mut rows = vec!["file,identity".to_string()];
    let mut names: Vec<&String> = lib.plan.keys().collect();
    names.sort();
    for name in names {
        let faces = &lib.plan[name].1;
        if faces.len() == 1 {
            rows.push(format!("{name}.png,{}", faces[0].0));
        }
    }
    let labels = lib.dir.path().join("labels.csv");
    std::fs::write(&labels, rows.join("\n")).unwrap();
    let out = ok(&["eval", "--labels", labels.to_str().unwrap(), "--db", &db]);
    assert!(out.starts_with("13 labelled faces"), "{out}");
    for m in ["linkage", "kmeans", "dbscan", "graph"] {
        assert!(out.lines().any(|l| l.starts_with(m)), "{m}: {out}");
    }
    let report = json(&[
        "eval",
        "--labels",
        labels.to_str().unwrap(),
        "--db",
        &db,
        "--json",
    ]);
    let rows = report["rows"].as_array().unwrap();
    let linkage = rows.iter().find(|r| r["grouping"] == "linkage").unwrap();
    assert_eq!(linkage["score"]["quality"]["bcubed_precision"], 1.0, "{linkage}");
    // With a stored grouping, it is the first row, and --stored scores only it.
    ok(&["cluster", "--db", &db]);
    let stored = json(&["eval", "--labels", labels.to_str().unwrap(), "--stored", "--db", &db, "--json"]);
    let rows = stored["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{stored}");
    assert_eq!(rows[0]["grouping"], "stored (linkage)");
    assert_eq!(rows[0]["score"]["quality"], linkage["score"]["quality"], "the stored grouping is the default's");
    let (code, _, err) = kindred(&["eval", "--labels", "/nonexistent.csv", "--db", &db]);
    assert_eq!(code, 1, "{err}");
    assert!(!Path::new("/nonexistent.csv").exists());

    let out = ok(&["bench", "cluster", "--faces", "1500", "--method", "graph"]);
    assert!(out.contains("1500 faces, graph"), "{out}");
    let out = ok(&["bench", "search", "--faces", "2000"]);
    assert!(out.contains("only A and B"), "{out}");
}
