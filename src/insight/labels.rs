//! Labelled faces for calibration and verification: from a labels CSV (`file,identity`,
//! extra columns ignored) matched to the faces of a scanned library, each labelled
//! photo contributing its largest face; or from the faces the user confirmed.

use std::collections::HashMap;
use std::path::Path;

use super::LabelledFace;
use crate::face::{Descriptor, DESCRIPTOR_LEN, MODEL_ID};
use crate::store::{decode_descriptor, Store};
use crate::{Error, Result};

/// Labelled faces plus the labelled files that matched no scanned photo with a face.
#[derive(Debug, Clone)]
pub struct LabelledSet {
    pub faces: Vec<LabelledFace>,
    /// Photo id of each face in `faces` (clustering needs it for the one-per-photo rule).
    pub photos: Vec<i64>,
    pub unmatched: Vec<String>,
}

/// Reads `csv_path` and returns, for every row with a non-empty identity, the largest
/// face of the scanned file whose path equals the `file` column or ends with
/// `/<file>` (so a CSV of bare file names works on a scanned folder).
pub fn labelled_faces_from_csv(store: &Store, csv_path: &Path) -> Result<LabelledSet> {
    labelled_faces_from_csv_by(store, csv_path, FacePick::Largest)
}

/// Which face of a labelled photo is the labelled person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacePick {
    /// The largest face (a portrait).
    #[default]
    Largest,
    /// The face whose box centre is nearest the photo's centre (LFW centres the
    /// labelled person; a bystander may be larger).
    Central,
}

impl std::str::FromStr for FacePick {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "largest" => Ok(FacePick::Largest),
            "central" | "centre" | "center" => Ok(FacePick::Central),
            other => Err(Error::Invalid(format!("unknown face pick {other:?} (largest, central)"))),
        }
    }
}

/// [`labelled_faces_from_csv`] with the labelled face of each photo chosen by `pick`.
pub fn labelled_faces_from_csv_by(store: &Store, csv_path: &Path, pick: FacePick) -> Result<LabelledSet> {
    let mut reader = csv::Reader::from_path(csv_path)
        .map_err(|e| Error::Invalid(format!("{}: {e}", csv_path.display())))?;
    let headers = reader.headers().map_err(|e| Error::Invalid(format!("{}: {e}", csv_path.display())))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(file_col), Some(id_col)) = (col("file"), col("identity")) else {
        return Err(Error::Invalid(format!("{}: needs the columns file,identity", csv_path.display())));
    };
    let largest = picked_face_by_path(store, pick)?;
    // Paths by their last component, to match CSV rows naming files relative to a root.
    let mut by_name: HashMap<&str, Vec<&String>> = HashMap::new();
    for path in largest.keys() {
        let name = path.rsplit('/').next().unwrap_or(path);
        by_name.entry(name).or_default().push(path);
    }
    let mut faces = Vec::new();
    let mut photos = Vec::new();
    let mut unmatched = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| Error::Invalid(format!("{}: {e}", csv_path.display())))?;
        let (file, identity) = (row.get(file_col).unwrap_or("").trim(), row.get(id_col).unwrap_or("").trim());
        if file.is_empty() || identity.is_empty() {
            continue;
        }
        let suffix = format!("/{file}");
        let name = file.rsplit('/').next().unwrap_or(file);
        let hit = largest.get(file).or_else(|| {
            let candidates = by_name.get(name)?;
            let path = candidates.iter().filter(|p| p.ends_with(&suffix)).min()?;
            largest.get(*path)
        });
        match hit {
            Some(&(face_id, photo_id, descriptor)) => {
                faces.push(LabelledFace { face_id, identity: identity.to_string(), descriptor });
                photos.push(photo_id);
            }
            None => unmatched.push(file.to_string()),
        }
    }
    Ok(LabelledSet { faces, photos, unmatched })
}

/// For every scanned path: (face id, photo id, descriptor) of the face `pick` chooses
/// among its photo's faces made by the current model.
fn picked_face_by_path(store: &Store, pick: FacePick) -> Result<HashMap<String, (i64, i64, Descriptor)>> {
    let order = match pick {
        FacePick::Largest => "(faces.right - faces.left) * (faces.bottom - faces.top) DESC",
        FacePick::Central => {
            "((faces.left + faces.right) / 2 - photos.width / 2.0) * ((faces.left + faces.right) / 2 - photos.width / 2.0)
             + ((faces.top + faces.bottom) / 2 - photos.height / 2.0) * ((faces.top + faces.bottom) / 2 - photos.height / 2.0)"
        }
    };
    let mut stmt = store.connection().prepare(&format!(
        "SELECT files.display_path, faces.id, faces.descriptor, faces.photo_id
         FROM files JOIN faces ON faces.photo_id = files.photo_id JOIN photos ON photos.id = faces.photo_id
         WHERE faces.model_id = ?1
         ORDER BY files.display_path, {order}, faces.id"
    ))?;
    let mut rows = stmt.query([MODEL_ID])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let path: String = r.get(0)?;
        if out.contains_key(&path) {
            continue;
        }
        let values = decode_descriptor(&r.get::<_, Vec<u8>>(2)?)?;
        let descriptor: Descriptor = values
            .as_slice()
            .try_into()
            .map_err(|_| Error::Database(format!("descriptor of length {} (want {DESCRIPTOR_LEN})", values.len())))?;
        out.insert(path, (r.get(1)?, r.get(3)?, descriptor));
    }
    Ok(out)
}

/// Most confirmed faces taken from one person by [`labelled_faces_from_people`]: all
/// pairs of 4,000 faces are 8 million distances, a few seconds; a whole library's
/// confirmed faces could be billions.
pub const MAX_FACES_PER_PERSON: usize = 150;

/// Labelled faces from the user's own decisions: every face confirmed as a person
/// (assigned faces are the machine's guesses and would grade the machine by itself),
/// current model only. A person with more than [`MAX_FACES_PER_PERSON`] confirmed faces
/// contributes that many, spread evenly over their faces in id order (deterministic).
pub fn labelled_faces_from_people(store: &Store) -> Result<LabelledSet> {
    let mut stmt = store.connection().prepare(
        "SELECT p.name, f.id, f.photo_id, f.descriptor
           FROM face_facts ff JOIN faces f ON f.id = ff.face_id JOIN people p ON p.id = ff.person_id
          WHERE ff.kind = 'confirmed' AND f.model_id = ?1
          ORDER BY p.name COLLATE NOCASE, p.id, f.id",
    )?;
    let mut rows = stmt.query([MODEL_ID])?;
    // (person, [(face id, photo id, descriptor)]) in name order.
    type Faces = Vec<(i64, i64, Descriptor)>;
    let mut by_person: Vec<(String, Faces)> = Vec::new();
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let id: i64 = r.get(1)?;
        let blob = r.get_ref(3)?.as_blob().map_err(|e| Error::Database(e.to_string()))?;
        let d = crate::library::faces::descriptor_from_blob(id, blob)?;
        if by_person.last().is_none_or(|(n, _)| *n != name) {
            by_person.push((name, Vec::new()));
        }
        if let Some((_, v)) = by_person.last_mut() {
            v.push((id, r.get(2)?, d));
        }
    }
    let mut set = LabelledSet { faces: Vec::new(), photos: Vec::new(), unmatched: Vec::new() };
    for (name, faces) in by_person {
        let n = faces.len();
        let take = n.min(MAX_FACES_PER_PERSON);
        for k in 0..take {
            let (face_id, photo, descriptor) = faces[k * n / take];
            set.faces.push(LabelledFace { face_id, identity: name.clone(), descriptor });
            set.photos.push(photo);
        }
    }
    Ok(set)
}

/// Where labelled faces come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSource {
    /// The faces the user confirmed as people.
    People,
    /// A labels CSV (`file,identity`).
    Csv(std::path::PathBuf),
}

impl LabelSource {
    /// Loads the labelled faces of this source.
    pub fn load(&self, store: &Store) -> Result<LabelledSet> {
        match self {
            LabelSource::People => labelled_faces_from_people(store),
            LabelSource::Csv(p) => labelled_faces_from_csv(store, p),
        }
    }

    /// "confirmed people" or the CSV's file name, for reports.
    pub fn describe(&self) -> String {
        match self {
            LabelSource::People => "confirmed people".into(),
            LabelSource::Csv(p) => p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
        }
    }
}

/// The confidence curve for "how sure" answers in this library: fitted on the user's
/// confirmed people when they give pairs of both kinds (same and different person),
/// else the published LFW curve.
pub fn library_confidence(store: &Store) -> Result<super::calibrate::ConfidenceModel> {
    let set = labelled_faces_from_people(store)?;
    Ok(super::calibrate::ConfidenceModel::fit(&super::calibrate::PairDistances::from_faces(&set.faces)))
}
