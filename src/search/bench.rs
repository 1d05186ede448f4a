//! `kindred bench search`: a synthetic library of N faces written straight into a fresh
//! database (descriptors from `cluster::synthetic`, one fact per face of the largest
//! identities so that people exist), then the time of each kind of search. Figures are
//! printed, never asserted.

use std::path::Path;
use std::time::Instant;

use rusqlite::params;
use serde::Serialize;

use super::like::{rank_like, DescriptorIndex};
use super::people::{PeopleIndex, PeopleQuery};
use crate::cluster::synthetic::{generate, SyntheticParams};
use crate::error::Result;
use crate::face::MODEL_ID;
use crate::store::{encode_descriptor, Store};

/// People named in the synthetic library.
const PEOPLE: usize = 8;

/// One timed search.
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub what: String,
    pub photos: usize,
    pub milliseconds: f64,
}

/// Everything `kindred bench search` prints.
#[derive(Debug, Clone, Serialize)]
pub struct SearchBench {
    pub faces: usize,
    pub build_seconds: f64,
    /// `kindred cluster` with the default method over the whole library.
    pub recluster_seconds: f64,
    /// Time to recompute every automatic assignment and suggestion.
    pub refresh_guesses_ms: f64,
    pub guesses: crate::people::GuessSummary,
    /// One-time load of the people index (who is in which photo).
    pub load_people_ms: f64,
    /// One-time load of the descriptor index.
    pub load_index_ms: f64,
    pub timings: Vec<Timing>,
}

/// Builds the library in `db` (which must not exist yet) and times the searches.
pub fn bench_search(db: &Path, n_faces: usize) -> Result<SearchBench> {
    let start = Instant::now();
    let mut store = Store::open(db)?;
    let lib = generate(&SyntheticParams::new(n_faces, 7));
    let mut sizes: std::collections::HashMap<u32, usize> = Default::default();
    for t in lib.truth.iter().flatten() {
        *sizes.entry(*t).or_default() += 1;
    }
    let mut biggest: Vec<(u32, usize)> = sizes.into_iter().collect();
    biggest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    biggest.truncate(PEOPLE);
    {
        let tx = store.connection_mut().transaction()?;
        for (i, (identity, _)) in biggest.iter().enumerate() {
            tx.execute(
                "INSERT INTO people (id, name, created_at) VALUES (?1, ?2, 0)",
                params![*identity as i64 + 1, format!("P{i}")],
            )?;
        }
        let mut photo_done = std::collections::HashSet::new();
        for (i, d) in lib.descriptors.iter().enumerate() {
            let photo = lib.photo[i] + 1;
            if photo_done.insert(photo) {
                let mut hash = [0u8; 32];
                hash[..8].copy_from_slice(&photo.to_le_bytes());
                // Dates spread over ten years, so range searches select a part.
                let taken = format!("{}:{:02}:01 12:00:00", 2015 + photo % 10, 1 + photo % 12);
                tx.execute(
                    "INSERT INTO photos (id, content_hash, width, height, taken_at, analyzed_at)
                     VALUES (?1, ?2, 640, 480, ?3, 0)",
                    params![photo, &hash[..], taken],
                )?;
                tx.execute(
                    "INSERT INTO files (path, display_path, size, mtime_ns, photo_id, status, seen_at)
                     VALUES (?1, ?2, 1, 0, ?3, 'done', 0)",
                    params![format!("/bench/{photo}.jpg").as_bytes(), format!("/bench/{photo}.jpg"), photo],
                )?;
            }
            tx.execute(
                "INSERT INTO faces (id, photo_id, idx, left, top, right, bottom, landmarks, score,
                                    model_id, descriptor, quality)
                 VALUES (?1, ?2, ?1, 0, 0, 10, 10, zeroblob(40), 1, ?3, ?4, 1)",
                params![i as i64 + 1, photo, MODEL_ID, encode_descriptor(d)],
            )?;
            if let Some(t) = lib.truth[i] {
                if biggest.iter().any(|(b, _)| *b == t) && i % 2 == 0 {
                    tx.execute(
                        "INSERT OR IGNORE INTO face_facts (face_id, kind, person_id, at)
                         SELECT ?1, 'confirmed', ?2, 0 WHERE NOT EXISTS (
                           SELECT 1 FROM face_facts ff JOIN faces f ON f.id = ff.face_id
                            WHERE ff.person_id = ?2 AND f.photo_id = ?3)",
                        params![i as i64 + 1, t as i64 + 1, photo],
                    )?;
                }
            }
        }
        tx.commit()?;
    }
    let build_seconds = start.elapsed().as_secs_f64();
    // A full re-cluster as `kindred cluster` runs it (load, cluster, store, guesses).
    let t = Instant::now();
    let run = crate::library::recluster(&mut store, &crate::cluster::Params::default())?;
    let recluster_seconds = t.elapsed().as_secs_f64();
    let _ = run;
    // What every user action pays on top of its own writes.
    let t = Instant::now();
    let guesses = crate::people::refresh_guesses(&mut store)?;
    let refresh_guesses_ms = t.elapsed().as_secs_f64() * 1e3;

    let mut timings = Vec::new();
    let t = Instant::now();
    let people = PeopleIndex::load(&store)?;
    let load_people_ms = t.elapsed().as_secs_f64() * 1e3;
    let q = |people: &[&str], without: &[&str], only: bool, from: Option<&str>| PeopleQuery {
        people: people.iter().map(|s| s.to_string()).collect(),
        without: without.iter().map(|s| s.to_string()).collect(),
        only,
        from: from.map(str::to_string),
        to: from.map(|_| "2018-12-31".to_string()),
    };
    let cases = [
        ("photos of A", q(&["P0"], &[], false, None)),
        ("A and B", q(&["P0", "P1"], &[], false, None)),
        ("A without B", q(&["P0"], &["P1"], false, None)),
        ("only A and B", q(&["P0", "P1"], &[], true, None)),
        ("A, 2016-2018", q(&["P0"], &[], false, Some("2016"))),
    ];
    for (what, query) in cases {
        let t = Instant::now();
        let hits = people.search(&query)?;
        timings.push(Timing {
            what: what.into(),
            photos: hits.len(),
            milliseconds: t.elapsed().as_secs_f64() * 1e3,
        });
    }
    let t = Instant::now();
    let index = DescriptorIndex::load(&store)?;
    let load_index_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let hits = rank_like(&store, &index, &lib.descriptors[..1], 20)?;
    timings.push(Timing {
        what: "like: 1 face, top 20".into(),
        photos: hits.len(),
        milliseconds: t.elapsed().as_secs_f64() * 1e3,
    });
    // The Insight screen's commands on the same library: what the user waits for.
    let t = Instant::now();
    let s = crate::insight::library_graph::library_suggestions(&store, 0.5, 3, 100)?;
    timings.push(Timing {
        what: "graph suggestions at 0.50".into(),
        photos: s.missed_matches.len() + s.splits.len(),
        milliseconds: t.elapsed().as_secs_f64() * 1e3,
    });
    let t = Instant::now();
    let labelled = crate::insight::labels::labelled_faces_from_people(&store)?;
    let c = crate::insight::calibrate::run_calibration(&labelled.faces, 0.95)?;
    timings.push(Timing {
        what: "calibration on people".into(),
        photos: c.n_faces,
        milliseconds: t.elapsed().as_secs_f64() * 1e3,
    });
    Ok(SearchBench {
        faces: n_faces,
        build_seconds,
        recluster_seconds,
        refresh_guesses_ms,
        guesses,
        load_people_ms,
        load_index_ms,
        timings,
    })
}
