//! A small family library with descriptors we control, stored through the real scan
//! path (real PNG files, the scanner, SQLite): an analyser returns, for each file name,
//! the faces planned for it. Identities are points in descriptor space ~0.85 apart;
//! faces of one identity scatter ~0.2 around it, like dlib descriptors of one person.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use kindred::face::{Descriptor, Face, DESCRIPTOR_LEN};
use kindred::geometry::{Point, Rect};
use kindred::scan::{scan_folders, AnalyzedFace, AnalyzedPhoto, PhotoAnalyzer, ScanOptions};
use kindred::store::{FaceId, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;

/// Per photo (file stem): its date and the faces in it, as (identity tag, descriptor).
pub type Plan = HashMap<String, (Option<String>, Vec<(String, Descriptor)>)>;

pub struct Library {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub plan: Plan,
    rng: StdRng,
    centres: HashMap<String, Descriptor>,
}

fn random_direction(rng: &mut StdRng, length: f32) -> Descriptor {
    let mut d: Descriptor = [0.0; DESCRIPTOR_LEN];
    for v in d.iter_mut() {
        *v = rng.sample::<f32, _>(StandardNormal);
    }
    let n = d.iter().map(|v| v * v).sum::<f32>().sqrt();
    d.iter_mut().for_each(|v| *v *= length / n);
    d
}

fn add(a: &Descriptor, b: &Descriptor) -> Descriptor {
    std::array::from_fn(|i| a[i] + b[i])
}

impl Library {
    pub fn new(seed: u64) -> Library {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("photos")).unwrap();
        let db = dir.path().join("k.sqlite3");
        Library {
            dir,
            db,
            plan: Plan::new(),
            rng: StdRng::seed_from_u64(seed),
            centres: HashMap::new(),
        }
    }

    pub fn photos_dir(&self) -> PathBuf {
        self.dir.path().join("photos")
    }

    /// A new face of `identity` (a fresh identity on first use).
    pub fn face(&mut self, identity: &str) -> Descriptor {
        let rng = &mut self.rng;
        let centre = *self
            .centres
            .entry(identity.to_string())
            .or_insert_with(|| random_direction(rng, 0.6));
        let noise = random_direction(&mut self.rng, 0.15);
        add(&centre, &noise)
    }

    /// A face `offset` away from `identity`'s centre (a look-alike).
    pub fn near(&mut self, identity: &str, offset: f32) -> Descriptor {
        self.face(identity);
        let centre = self.centres[identity];
        let step = random_direction(&mut self.rng, offset);
        add(&centre, &step)
    }

    /// Plans photo `name` with faces of these identities.
    pub fn photo(&mut self, name: &str, date: Option<&str>, identities: &[&str]) {
        let faces = identities
            .iter()
            .map(|id| (id.to_string(), self.face(id)))
            .collect();
        self.photo_with(name, date, faces);
    }

    /// Plans photo `name` with explicit descriptors.
    pub fn photo_with(&mut self, name: &str, date: Option<&str>, faces: Vec<(String, Descriptor)>) {
        self.plan
            .insert(name.to_string(), (date.map(str::to_string), faces));
        // Distinct content per photo, so the scanner sees distinct photos.
        let n = self.plan.len() as u32;
        let img = image::RgbImage::from_fn(8, 8, |x, y| {
            image::Rgb([(n & 255) as u8, (n >> 8) as u8, (x * 8 + y) as u8])
        });
        img.save(self.photos_dir().join(format!("{name}.png")))
            .unwrap();
    }

    /// Scans the photo folder with the planned analyser.
    pub fn scan(&self) -> Store {
        let mut store = Store::open(&self.db).unwrap();
        let plan = Arc::new(self.plan.clone());
        let factory = move || -> kindred::Result<Box<dyn PhotoAnalyzer>> {
            Ok(Box::new(Planned(plan.clone())))
        };
        let summary = scan_folders(
            &mut store,
            &[self.photos_dir()],
            &factory,
            &ScanOptions {
                workers: 1,
                ..ScanOptions::default()
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(summary.skipped, 0, "{summary:?}");
        store
    }

    /// The stored face of `photo` with planned index `idx`.
    pub fn face_id(&self, store: &Store, photo: &str, idx: usize) -> FaceId {
        FaceId(
            store
                .connection()
                .query_row(
                    "SELECT f.id FROM faces f JOIN files fi ON fi.photo_id = f.photo_id
                     WHERE fi.display_path LIKE '%/' || ?1 || '.png' AND f.idx = ?2",
                    rusqlite::params![photo, idx as i64],
                    |r| r.get(0),
                )
                .unwrap(),
        )
    }

    /// Every stored face of `identity`.
    pub fn faces_of(&self, store: &Store, identity: &str) -> Vec<FaceId> {
        let mut out = Vec::new();
        let mut names: Vec<&String> = self.plan.keys().collect();
        names.sort();
        for name in names {
            for (i, (id, _)) in self.plan[name].1.iter().enumerate() {
                if id == identity {
                    out.push(self.face_id(store, name, i));
                }
            }
        }
        out
    }
}

struct Planned(Arc<Plan>);

impl PhotoAnalyzer for Planned {
    fn analyze(&mut self, path: &Path, _bytes: &[u8]) -> kindred::Result<AnalyzedPhoto> {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (date, faces) = self.0.get(&stem).cloned().unwrap_or_default();
        // A frontal face of eye distance 30 px every 100 px along the photo, so that
        // every face passes the quality line.
        let frontal = |i: usize| {
            let (cx, cy) = (50.0 + 100.0 * i as f32, 80.0);
            [(18.0, 0.0), (12.0, 0.0), (-18.0, 0.0), (-12.0, 0.0), (0.0, 24.0)].map(|(dx, dy)| Point::new(cx + dx, cy + dy))
        };
        Ok(AnalyzedPhoto {
            width: 100 * faces.len().max(1) as u32,
            height: 200,
            orientation: 1,
            turn: Default::default(),
            taken_at: date,
            camera: None,
            faces: faces
                .iter()
                .enumerate()
                .map(|(i, (_, d))| AnalyzedFace {
                    face: Face {
                        bbox: Rect::new(100.0 * i as f32 + 10.0, 40.0, 100.0 * i as f32 + 90.0, 140.0),
                        landmarks: frontal(i),
                        score: 0.99,
                        descriptor: d.to_vec(),
                    },
                    crop_jpeg: Vec::new(),
                })
                .collect(),
        })
    }
}

/// The standard family: Dan (6 alone, 3 with Mum, 1 with a one-off stranger), Mum (5
/// alone), Carl (2 alone). Dates: Dan alone in 2019, the rest in 2020.
pub fn family(seed: u64) -> Library {
    let mut lib = Library::new(seed);
    for i in 1..=6 {
        lib.photo(
            &format!("a{i}"),
            Some(&format!("2019:07:0{i} 12:00:00")),
            &["dan"],
        );
    }
    for i in 1..=5 {
        lib.photo(
            &format!("b{i}"),
            Some(&format!("2020:01:0{i} 12:00:00")),
            &["mum"],
        );
    }
    for i in 1..=3 {
        lib.photo(
            &format!("ab{i}"),
            Some(&format!("2020:02:0{i} 12:00:00")),
            &["dan", "mum"],
        );
    }
    lib.photo("s1", Some("2020:03:01 12:00:00"), &["dan", "stranger"]);
    lib.photo("c1", Some("2020:04:01 12:00:00"), &["carl"]);
    lib.photo("c2", Some("2020:04:02 12:00:00"), &["carl"]);
    lib
}

/// Graph clustering with groups of two allowed (the library is tiny).
pub fn graph_params() -> kindred::cluster::Params {
    kindred::cluster::Params::Graph(kindred::cluster::GraphParams {
        min_group_size: Some(2),
        ..Default::default()
    })
}

/// The cluster label of a face in the latest run.
pub fn label_of(store: &Store, face: FaceId) -> Option<u32> {
    store
        .connection()
        .query_row(
            "SELECT label FROM cluster_labels WHERE face_id = ?1
             AND run_id = (SELECT max(id) FROM cluster_runs)",
            [face.0],
            |r| r.get(0),
        )
        .ok()
        .flatten()
}

/// Who a face is (confirmed or assigned), by name.
pub fn person_of(store: &Store, face: FaceId) -> Option<String> {
    store
        .connection()
        .query_row(
            "SELECT p.name FROM face_people fp JOIN people p ON p.id = fp.person_id
             WHERE fp.face_id = ?1",
            [face.0],
            |r| r.get(0),
        )
        .ok()
}

/// (person name, kind) of the machine's guess for a face.
pub fn guess_of(store: &Store, face: FaceId) -> Option<(String, String)> {
    store
        .connection()
        .query_row(
            "SELECT p.name, g.kind FROM face_guesses g JOIN people p ON p.id = g.person_id
             WHERE g.face_id = ?1",
            [face.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()
}
