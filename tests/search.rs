//! Search on a real SQLite library: photos of A, A and B, A without B, only A and B,
//! date ranges, by example face; and, on the shared dev photos with the real face
//! pipeline, clustering quality (`evaluate_labels`) and search by example photo.

mod support;

mod people_support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use kindred::library::{evaluate_labels, recluster};
use kindred::people;
use kindred::pipeline::{FacePipeline, PipelineOptions};
use kindred::scan::{scan_folders, AnalyzedFace, AnalyzedPhoto, PhotoAnalyzer, ScanOptions};
use kindred::search::{rank_like, search_people, DescriptorIndex, PeopleQuery};
use kindred::store::Store;
use people_support::{family, graph_params, label_of};

fn query(people: &[&str], without: &[&str], only: bool) -> PeopleQuery {
    PeopleQuery {
        people: people.iter().map(|s| s.to_string()).collect(),
        without: without.iter().map(|s| s.to_string()).collect(),
        only,
        from: None,
        to: None,
    }
}

/// File stems of the photos found, sorted.
fn stems(store: &Store, q: &PeopleQuery) -> Vec<String> {
    let mut v: Vec<String> = search_people(store, q)
        .unwrap()
        .into_iter()
        .map(|h| {
            Path::new(&h.path.unwrap())
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn people_searches_follow_their_meaning() {
    let lib = family(21);
    let mut store = lib.scan();
    recluster(&mut store, &graph_params()).unwrap();
    for (who, name) in [("dan", "Dan"), ("mum", "Mum")] {
        let f = lib.faces_of(&store, who)[0];
        let label = label_of(&store, f).unwrap();
        people::name_cluster(&mut store, label, name).unwrap();
    }
    let dan_photos = s(&[
        "a1", "a2", "a3", "a4", "a5", "a6", "ab1", "ab2", "ab3", "s1",
    ]);
    assert_eq!(stems(&store, &query(&["dan"], &[], false)), dan_photos);
    assert_eq!(
        stems(&store, &query(&["Dan", "Mum"], &[], false)),
        s(&["ab1", "ab2", "ab3"])
    );
    assert_eq!(
        stems(&store, &query(&["Dan"], &["Mum"], false)),
        s(&["a1", "a2", "a3", "a4", "a5", "a6", "s1"])
    );
    // Only Dan and Mum: no other known person; unknown faces (the stranger) allowed.
    assert_eq!(
        stems(&store, &query(&["Dan", "Mum"], &[], true)),
        s(&["ab1", "ab2", "ab3"])
    );
    assert_eq!(
        stems(&store, &query(&["Dan"], &[], true)),
        s(&["a1", "a2", "a3", "a4", "a5", "a6", "s1"])
    );
    // Naming the stranger takes s1 out of "only Dan".
    let st = lib.faces_of(&store, "stranger");
    people::move_faces(&mut store, &st, "Visitor").unwrap();
    assert!(!stems(&store, &query(&["Dan"], &[], true)).contains(&"s1".to_string()));
    // Date ranges (inclusive, whole days / months / years).
    let mut q = query(&["Dan"], &[], false);
    q.from = Some("2019".into());
    q.to = Some("2019-07-03".into());
    assert_eq!(stems(&store, &q), s(&["a1", "a2", "a3"]));
    q.from = Some("2020-02".into());
    q.to = Some("2020".into());
    assert_eq!(stems(&store, &q), s(&["ab1", "ab2", "ab3", "s1"]));
    // Hits carry the people and the date, in date order.
    let hits = search_people(&store, &query(&["Mum"], &[], false)).unwrap();
    assert!(hits.windows(2).all(|w| w[0].taken_at <= w[1].taken_at));
    let ab = hits.iter().find(|h| h.people.len() == 2).unwrap();
    assert_eq!(ab.people, s(&["Dan", "Mum"]));
    // Errors, not panics, on unknown names and bad dates.
    assert!(search_people(&store, &query(&["Nobody"], &[], false)).is_err());
    assert!(search_people(&store, &query(&[], &[], false)).is_err());
    q.from = Some("last week".into());
    assert!(search_people(&store, &q).is_err());
}

#[test]
fn assigned_faces_count_in_search_suggestions_do_not() {
    let mut lib = family(22);
    let look = lib.near("dan", 0.53);
    lib.photo_with("look", None, vec![("lookalike".into(), look)]);
    let mut store = lib.scan();
    recluster(&mut store, &graph_params()).unwrap();
    let dan = lib.faces_of(&store, "dan");
    // Confirm half of Dan's faces by hand; the rest are assigned by the machine.
    people::move_faces(&mut store, &dan[..5], "Dan").unwrap();
    let found = stems(&store, &query(&["Dan"], &[], false));
    assert_eq!(found.len(), 10, "{found:?}");
    assert!(
        !found.contains(&"look".to_string()),
        "a suggestion is not a match"
    );
}

#[test]
fn like_ranks_stored_faces_by_distance() {
    let mut lib = family(23);
    let probe = lib.face("carl");
    let mut store = lib.scan();
    recluster(&mut store, &graph_params()).unwrap();
    let carl = lib.faces_of(&store, "carl");
    people::move_faces(&mut store, &carl, "Carl").unwrap();
    let index = DescriptorIndex::load(&store).unwrap();
    assert_eq!(index.len(), 21);
    let hits = rank_like(&store, &index, &[probe], 5).unwrap();
    assert_eq!(hits.len(), 5);
    assert!(hits.windows(2).all(|w| w[0].distance <= w[1].distance));
    let top: Vec<_> = hits[..2].iter().map(|h| h.face_id).collect();
    assert!(
        carl.iter().all(|c| top.contains(c)),
        "Carl's two faces first"
    );
    assert_eq!(hits[0].person.as_deref(), Some("Carl"));
    assert!(hits[2].distance > 0.6, "everyone else is far");
}

// ---- the real pipeline on the shared dev photos ----

fn devfaces() -> Option<PathBuf> {
    support::devfaces_dir().map(|images| images.join(".."))
}

fn models() -> Option<PathBuf> {
    let dir = kindred::runtime::models_dir();
    if dir.join(kindred::runtime::RESNET).is_file() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: model files not built (set KINDRED_MODELS or run models/build.sh)");
        None
    }
}

/// The face pipeline as a scan analyser.
struct Pipeline(FacePipeline);

impl PhotoAnalyzer for Pipeline {
    fn analyze(&mut self, path: &Path, bytes: &[u8]) -> kindred::Result<AnalyzedPhoto> {
        let found = self.0.analyze_bytes(path, bytes)?;
        let meta = found.photo.meta;
        Ok(AnalyzedPhoto {
            width: meta.width,
            height: meta.height,
            orientation: meta.orientation,
            turn: found.turn,
            taken_at: meta.taken_at,
            camera: meta.camera,
            faces: found
                .faces
                .into_iter()
                .map(|f| AnalyzedFace {
                    face: f.face,
                    crop_jpeg: Vec::new(),
                })
                .collect(),
        })
    }
}

#[test]
fn devfaces_eval_and_search_by_example_photo() {
    let (Some(dev), Some(models)) = (devfaces(), models()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("dev.sqlite3")).unwrap();
    let factory = |models: &Path| -> kindred::Result<Box<dyn PhotoAnalyzer>> {
        Ok(Box::new(Pipeline(FacePipeline::new(
            models,
            1,
            PipelineOptions::default(),
        )?)))
    };
    let summary = scan_folders(
        &mut store,
        &[dev.join("images")],
        &|| factory(&models),
        &ScanOptions {
            workers: 2,
            ..ScanOptions::default()
        },
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(summary.faces >= 40, "{summary:?}");

    // Labels of the single-face photos only, as `kindred eval --labels` wants them.
    let labels = dir.path().join("labels.csv");
    let text = std::fs::read_to_string(dev.join("labels.csv")).unwrap();
    let single: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(2) == Some("single"))
        .collect();
    let two: Vec<String> = single
        .iter()
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    std::fs::write(&labels, format!("file,identity\n{}\n", two.join("\n"))).unwrap();
    let report = evaluate_labels(&store, &labels, Default::default(), false).unwrap();
    eprintln!("devfaces eval ({} labelled faces):", report.labelled_faces);
    for r in &report.rows {
        let q = &r.score.quality;
        eprintln!(
            "  {:<7} pairwise P/R/F1 {:.3}/{:.3}/{:.3}  BCubed P/R/F1 {:.3}/{:.3}/{:.3}  clusters {} noise {} strangers-in-groups {}",
            r.grouping,
            q.pairwise_precision,
            q.pairwise_recall,
            q.pairwise_f1,
            q.bcubed_precision,
            q.bcubed_recall,
            q.bcubed_f1,
            q.clusters,
            q.noise,
            q.singletons_in_groups
        );
    }
    assert_eq!(report.labelled_faces, single.len());
    for method in ["linkage", "graph"] {
        let row = report.rows.iter().find(|r| r.grouping == method).unwrap();
        assert!(row.score.quality.bcubed_precision > 0.9, "{method}: {:?}", row.score.quality);
        assert_eq!(row.score.quality.singletons_in_groups, 0);
    }

    // Cluster the whole library, name the group of the first labelled photo, and find
    // that person's photos; search by that very photo finds its own face first.
    let first = single[0].split(',').collect::<Vec<_>>();
    let (file, identity) = (first[0], first[1]);
    recluster(&mut store, &kindred::cluster::Params::default()).unwrap();
    let face = store
        .connection()
        .query_row(
            "SELECT f.id FROM faces f JOIN files fi ON fi.photo_id = f.photo_id
             WHERE fi.display_path LIKE '%/' || ?1 ORDER BY (f.right - f.left) DESC LIMIT 1",
            [file],
            |r| r.get(0),
        )
        .map(kindred::store::FaceId)
        .unwrap();
    let label = label_of(&store, face).expect("the face of a labelled photo is in a group");
    people::name_cluster(&mut store, label, identity).unwrap();
    let found = search_people(&store, &query(&[identity], &[], false)).unwrap();
    let expected = single
        .iter()
        .filter(|l| l.split(',').nth(1) == Some(identity))
        .count();
    eprintln!(
        "{identity}: {} photos found, {expected} labelled single-face photos",
        found.len()
    );
    assert!(found.len() >= 2);
    assert!(found
        .iter()
        .any(|h| h.path.as_deref().is_some_and(|p| p.ends_with(file))));

    let index = DescriptorIndex::load(&store).unwrap();
    let mut pipeline = FacePipeline::new(&models, 1, PipelineOptions::default()).unwrap();
    let hits = kindred::search::search_like(
        &store,
        &index,
        &mut pipeline,
        &dev.join("images").join(file),
        5,
    )
    .unwrap();
    assert_eq!(hits[0].face_id, face);
    assert!(hits[0].distance < 0.01, "{:?}", hits[0]);
    assert_eq!(hits[0].person.as_deref(), Some(identity));
}
