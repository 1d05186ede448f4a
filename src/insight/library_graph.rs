//! The face graph of a scanned library: every face of the current model with the
//! person it belongs to (confirmed or assigned) and its cluster in the latest run.

use rusqlite::params;

use super::GraphFace;
use crate::face::MODEL_ID;
use crate::library::faces::descriptor_from_blob;
use crate::store::Store;
use crate::Result;

/// All faces of the library as the graph tools see them.
pub fn graph_faces(store: &Store) -> Result<Vec<GraphFace>> {
    let mut stmt = store.connection().prepare(
        "SELECT f.id, f.photo_id, f.descriptor,
                (SELECT p.name FROM face_people fp JOIN people p ON p.id = fp.person_id
                 WHERE fp.face_id = f.id ORDER BY fp.source = 'assigned' LIMIT 1),
                (SELECT cl.label FROM cluster_labels cl
                 WHERE cl.face_id = f.id AND cl.run_id = (SELECT max(id) FROM cluster_runs))
         FROM faces f WHERE f.model_id = ?1 ORDER BY f.id",
    )?;
    let mut rows = stmt.query(params![MODEL_ID])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let blob = r.get_ref(2)?.as_blob().map_err(|e| crate::Error::Database(e.to_string()))?;
        out.push(GraphFace {
            face_id: id,
            photo_id: r.get(1)?,
            descriptor: descriptor_from_blob(id, blob)?,
            person: r.get(3)?,
            cluster: r.get::<_, Option<i64>>(4)?.map(|l| l as u32),
        });
    }
    Ok(out)
}
