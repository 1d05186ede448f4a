//! The face graph of a scanned library: every face of the current model with the
//! person it belongs to (confirmed or assigned) and its cluster in the latest run, and
//! the suggestions drawn from it with the user's earlier answers applied.

use std::collections::HashSet;

use rusqlite::params;

use super::face_graph::{missed_matches, wrong_merges, FaceGraph, GroupBy, GroupKey, MissedMatch, MissedOptions, SplitOptions, SplitProposal};
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

/// Most links kept per face for the suggestions (as graph clustering keeps).
pub const SUGGESTION_LINKS: usize = 64;

/// What the app's Insight screen lists for a library: missed matches of named people
/// and groups that may be two people, with the user's earlier answers taken out.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LibrarySuggestions {
    pub cutoff: f32,
    pub faces: usize,
    pub links: usize,
    pub missed_matches: Vec<MissedMatch>,
    pub splits: Vec<SplitProposal>,
}

/// Missed matches (by person) and split proposals (of people and of the unnamed
/// clusters of the latest run) in the library's face graph at `cutoff`. Left out: a
/// face the user said is not that person, a face confirmed as someone or marked
/// stranger or ignored (the user decided), and a split that separates faces the user
/// kept together. At most `limit` of each list, the most convincing first.
pub fn library_suggestions(store: &Store, cutoff: f32, max_hops: usize, limit: usize) -> Result<LibrarySuggestions> {
    let faces = graph_faces(store)?;
    let g = FaceGraph::build_sparse(&faces, cutoff, SUGGESTION_LINKS)?;
    let conn = store.connection();
    let mut rejected: HashSet<(i64, String)> = HashSet::new();
    let mut decided: HashSet<i64> = HashSet::new();
    {
        let mut stmt = conn.prepare(
            "SELECT ff.face_id, ff.kind, p.name FROM face_facts ff LEFT JOIN people p ON p.id = ff.person_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let face: i64 = r.get(0)?;
            match (r.get::<_, String>(1)?.as_str(), r.get::<_, Option<String>>(2)?) {
                ("rejected", Some(name)) => {
                    rejected.insert((face, name.to_lowercase()));
                }
                _ => {
                    decided.insert(face);
                }
            }
        }
    }
    let missed_opts = MissedOptions { max_hops, include_assigned: true };
    let mut missed: Vec<MissedMatch> = missed_matches(&g, GroupBy::Person, missed_opts)?
        .into_iter()
        .filter(|m| match &m.group {
            GroupKey::Person(name) => !decided.contains(&m.face_id) && !rejected.contains(&(m.face_id, name.to_lowercase())),
            GroupKey::Cluster(_) => false,
        })
        .collect();
    missed.truncate(limit);
    let unnamed: HashSet<u32> = crate::people::list_people(store)?.clusters.iter().map(|c| c.label).collect();
    let kept = crate::people::kept_together(conn)?;
    let mut splits: Vec<SplitProposal> = wrong_merges(&g, GroupBy::Person, SplitOptions::default())
        .into_iter()
        .chain(
            wrong_merges(&g, GroupBy::Cluster, SplitOptions::default())
                .into_iter()
                .filter(|p| matches!(p.group, GroupKey::Cluster(l) if unnamed.contains(&l))),
        )
        .filter(|p| !crate::people::is_kept_together(&kept, &p.part_a, &p.part_b))
        .collect();
    splits.sort_by(|a, b| a.conductance.total_cmp(&b.conductance).then_with(|| a.group.cmp(&b.group)));
    splits.truncate(limit);
    Ok(LibrarySuggestions { cutoff, faces: g.node_count(), links: g.edge_count(), missed_matches: missed, splits })
}
