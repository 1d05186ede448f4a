//! Grouping quality on a labelled library: `kindred eval --labels FILE.csv`.
//!
//! The CSV has a header with at least the columns `file` and `identity`; rows are matched
//! to scanned files by [`labelled_faces_from_csv_by`] (full path, or a path ending in the
//! `file` column). Each labelled photo contributes one face, the largest or the one
//! nearest the photo's centre ([`FacePick`]). An identity with a single labelled face is
//! a person seen once (a stranger): the product rule is that they end up alone.
//!
//! Groupings are scored as the user meets them: over the whole library (every face,
//! bystanders included, the quality line applied as `kindred cluster` does), then read
//! at the labelled faces. The first row is the library's stored grouping (what the last
//! `kindred cluster` made), when there is one; then every method with its defaults
//! (k-means gets k = the number of identities seen at least twice).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::faces::load_faces;
use super::recluster::group_library;
use crate::cluster::metrics::evaluate;
use crate::cluster::{Method, Params, Quality};
use crate::error::{Error, Result};
use crate::face_quality::QUALITY_LINE;
use crate::insight::labels::{labelled_faces_from_csv_by, FacePick};
use crate::store::Store;

/// What a grouping did to the labelled people.
#[derive(Debug, Clone, Serialize)]
pub struct LibraryScore {
    /// Pairwise and BCubed scores over the labelled faces.
    pub quality: Quality,
    /// Labelled people seen once.
    pub seen_once: usize,
    /// Of those, how many were put in a group with any other face.
    pub seen_once_with_others: usize,
    /// Of those, how many share their group with a face labelled as another person: a
    /// certain mistake. The rest share it only with unlabelled faces (bystanders), which
    /// may be the same person (in LFW a person seen once is often a bystander in
    /// another's photo, e.g. at distance 0.18).
    pub seen_once_with_another_person: usize,
    /// Purity of the 10 largest groups, largest first: the share of a group's faces that
    /// are its main labelled person (faces of no label count against it).
    pub top10_purity: Vec<f64>,
    /// Among the 20 largest groups, those whose second labelled person has 3+ faces.
    pub top20_mixed: usize,
    /// People with 5+ labelled faces, and the mean share of their faces in their
    /// largest group.
    pub people_5plus: usize,
    pub recall_5plus: f64,
    /// Faces with no label (bystanders) inside groups.
    pub unlabelled_in_groups: usize,
}

/// Scores of one grouping.
#[derive(Debug, Clone, Serialize)]
pub struct EvalRow {
    /// `stored` for the library's own grouping, else the method's name.
    pub grouping: String,
    pub params: Option<Params>,
    pub score: LibraryScore,
    /// Faces that took part in grouping, and the faces the quality line held back.
    pub faces: usize,
    pub held_back: usize,
    pub seconds: f64,
}

/// All rows of one evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub pick: FacePick,
    pub labelled_faces: usize,
    /// Labelled files with no face in the library.
    pub unmatched: usize,
    pub rows: Vec<EvalRow>,
}

/// Scores `labels` (one per library face, `None` = no group) at the labelled faces
/// `picks` (position in the library's faces, identity).
pub fn score_grouping(labels: &[Option<u32>], picks: &[(usize, &str)]) -> Result<LibraryScore> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, id) in picks {
        *count.entry(id).or_default() += 1;
    }
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let truth: Vec<Option<u32>> = picks
        .iter()
        .map(|(_, id)| {
            (count[id] >= 2).then(|| {
                let next = ids.len() as u32;
                *ids.entry(id).or_insert(next)
            })
        })
        .collect();
    let pred: Vec<Option<u32>> = picks.iter().map(|&(i, _)| labels[i]).collect();
    let quality = evaluate(&truth, &pred)
        .ok_or_else(|| Error::Invalid("no labelled face to score".into()))?;

    let mut size: HashMap<u32, usize> = HashMap::new();
    for l in labels.iter().flatten() {
        *size.entry(*l).or_default() += 1;
    }
    let seen_once = picks.iter().filter(|(_, id)| count[id] == 1).count();
    let seen_once_with_others = picks
        .iter()
        .filter(|&&(i, id)| count[id] == 1 && labels[i].is_some_and(|l| size[&l] >= 2))
        .count();

    // labelled members of each group
    let mut members: HashMap<u32, HashMap<&str, usize>> = HashMap::new();
    for &(i, id) in picks {
        if let Some(l) = labels[i] {
            *members.entry(l).or_default().entry(id).or_default() += 1;
        }
    }
    let seen_once_with_another_person = picks
        .iter()
        .filter(|&&(i, id)| count[id] == 1 && labels[i].is_some_and(|l| members[&l].len() >= 2))
        .count();
    let mut groups: Vec<(u32, usize)> = size.iter().map(|(&l, &s)| (l, s)).collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let ranked = |l: u32| -> Vec<usize> {
        let mut v: Vec<usize> = members.get(&l).map(|m| m.values().copied().collect()).unwrap_or_default();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    };
    let top10_purity = groups
        .iter()
        .take(10)
        .map(|&(l, s)| ranked(l).first().copied().unwrap_or(0) as f64 / s as f64)
        .collect();
    let top20_mixed = groups.iter().take(20).filter(|&&(l, _)| ranked(l).get(1).is_some_and(|&c| c >= 3)).count();

    let mut by_person: HashMap<&str, HashMap<Option<u32>, usize>> = HashMap::new();
    for &(i, id) in picks {
        *by_person.entry(id).or_default().entry(labels[i]).or_default() += 1;
    }
    let shares: Vec<f64> = by_person
        .iter()
        .filter(|(id, _)| count[*id] >= 5)
        .map(|(id, groups)| {
            let best = groups.iter().filter(|(l, _)| l.is_some()).map(|(_, &c)| c).max().unwrap_or(0);
            best as f64 / count[id] as f64
        })
        .collect();
    let labelled: std::collections::HashSet<usize> = picks.iter().map(|&(i, _)| i).collect();
    let unlabelled_in_groups =
        labels.iter().enumerate().filter(|(i, l)| l.is_some() && !labelled.contains(i)).count();
    Ok(LibraryScore {
        quality,
        seen_once,
        seen_once_with_others,
        seen_once_with_another_person,
        top10_purity,
        top20_mixed,
        people_5plus: shares.len(),
        recall_5plus: if shares.is_empty() { 1.0 } else { shares.iter().sum::<f64>() / shares.len() as f64 },
        unlabelled_in_groups,
    })
}

/// The stored grouping of the library (latest cluster run), per face id.
fn stored_grouping(store: &Store) -> Result<Option<(String, Option<Params>, HashMap<i64, Option<u32>>)>> {
    let conn = store.connection();
    let run: Option<(i64, String, String)> = conn
        .query_row("SELECT id, method, params FROM cluster_runs ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((run, method, params)) = run else { return Ok(None) };
    let mut stmt = conn.prepare("SELECT face_id, label FROM cluster_labels WHERE run_id = ?1")?;
    let labels = stmt
        .query_map([run], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?.map(|l| l as u32))))?
        .collect::<std::result::Result<HashMap<_, _>, _>>()?;
    Ok(Some((format!("stored ({method})"), serde_json::from_str(&params).ok(), labels)))
}

/// Scores the stored grouping and, unless `stored_only`, every method (see the module
/// docs).
pub fn evaluate_labels(store: &Store, labels: &Path, pick: FacePick, stored_only: bool) -> Result<EvalReport> {
    let set = labelled_faces_from_csv_by(store, labels, pick)?;
    if set.faces.len() < 2 {
        return Err(Error::Invalid(format!(
            "only {} labelled files have a face in the library: scan the labelled photos first",
            set.faces.len()
        )));
    }
    let all = load_faces(store)?;
    let picks: Vec<(usize, &str)> = set
        .faces
        .iter()
        .filter_map(|f| all.position(crate::store::FaceId(f.face_id)).map(|i| (i, f.identity.as_str())))
        .collect();
    let mut rows = Vec::new();
    if let Some((name, params, stored)) = stored_grouping(store)? {
        let labels: Vec<Option<u32>> = all.ids.iter().map(|id| stored.get(&id.0).copied().flatten()).collect();
        let faces = all.ids.iter().filter(|id| stored.contains_key(&id.0)).count();
        rows.push(EvalRow {
            grouping: name,
            params,
            score: score_grouping(&labels, &picks)?,
            faces,
            held_back: all.len() - faces,
            seconds: 0.0,
        });
    }
    if stored_only {
        if rows.is_empty() {
            return Err(Error::Invalid("the library has no grouping yet: run `kindred cluster` first".into()));
        }
        return Ok(EvalReport { pick, labelled_faces: picks.len(), unmatched: set.unmatched.len(), rows });
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (_, id) in &picks {
        *count.entry(id).or_default() += 1;
    }
    let k = count.values().filter(|&&c| c >= 2).count().max(1);
    for method in [Method::Linkage, Method::Graph, Method::Dbscan, Method::KMeans] {
        let params = Params::defaults_for(method, k);
        let start = std::time::Instant::now();
        let g = group_library(&all, &params, QUALITY_LINE, |_| true)?;
        let seconds = start.elapsed().as_secs_f64();
        rows.push(EvalRow {
            grouping: method.name().to_string(),
            params: Some(params),
            score: score_grouping(&g.labels, &picks)?,
            faces: g.grouped.len(),
            held_back: g.held_back,
            seconds,
        });
    }
    Ok(EvalReport { pick, labelled_faces: picks.len(), unmatched: set.unmatched.len(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_what_a_user_would_see() {
        // faces 0-3: Ann (4), 4-5: Bob (2), 6: Cy seen once, 7: Dee seen once,
        // 8: a bystander with no label.
        let picks = [(0, "ann"), (1, "ann"), (2, "ann"), (3, "ann"), (4, "bob"), (5, "bob"), (6, "cy"), (7, "dee")];
        // group 0: Ann x3 + Bob x1 + the bystander; group 1: Bob + Cy; Ann's 4th face and
        // Dee alone.
        let labels = [Some(0), Some(0), Some(0), None, Some(0), Some(1), Some(1), None, Some(0)];
        let s = score_grouping(&labels, &picks).unwrap();
        assert_eq!((s.seen_once, s.seen_once_with_others), (2, 1));
        assert_eq!(s.seen_once_with_another_person, 1, "Cy is with Bob");
        // Cy with the bystander only: with others, but with no other labelled person
        let labels = [Some(0), Some(0), Some(0), None, Some(0), Some(1), Some(2), None, Some(2)];
        let t = score_grouping(&labels, &picks).unwrap();
        assert_eq!((t.seen_once_with_others, t.seen_once_with_another_person), (1, 0));
        assert_eq!(s.top10_purity.len(), 2);
        assert!((s.top10_purity[0] - 3.0 / 5.0).abs() < 1e-9);
        assert!((s.top10_purity[1] - 0.5).abs() < 1e-9);
        assert_eq!(s.top20_mixed, 0, "Bob has one face in Ann's group");
        assert_eq!(s.unlabelled_in_groups, 1);
        assert_eq!(s.people_5plus, 0);
        assert!(s.quality.bcubed_precision < 1.0);

        // Ann x3 and Bob x3 in one group: mixed
        let picks = [(0, "ann"), (1, "ann"), (2, "ann"), (3, "bob"), (4, "bob"), (5, "bob")];
        let s = score_grouping(&[Some(0); 6], &picks).unwrap();
        assert_eq!(s.top20_mixed, 1);
    }

    #[test]
    fn recall_of_people_seen_often() {
        let picks: Vec<(usize, &str)> = (0..6).map(|i| (i, "ann")).collect();
        let labels = [Some(0), Some(0), Some(0), Some(1), Some(1), None];
        let s = score_grouping(&labels, &picks).unwrap();
        assert_eq!(s.people_5plus, 1);
        assert!((s.recall_5plus - 0.5).abs() < 1e-9);
    }
}
