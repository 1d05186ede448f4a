//! The insight tools on a real SQLite library with controlled descriptors (see
//! tests/people_support): labels from the user's confirmed people, the library's own
//! confidence curve, and the graph suggestions with the user's answers applied.

mod people_support;

use kindred::face::{Descriptor, DESCRIPTOR_LEN};
use kindred::insight::calibrate::ConfidenceSource;
use kindred::insight::face_graph::GroupKey;
use kindred::insight::labels::{labelled_faces_from_people, library_confidence, LabelSource};
use kindred::insight::library_graph::library_suggestions;
use kindred::people::{self, FactKind};
use kindred::store::FaceId;
use people_support::{family, Library};

/// `x` along axis 0 plus `jitter` along axis `k` (so faces are distinct but close).
fn at(x: f32, k: usize, jitter: f32) -> Descriptor {
    let mut d = [0.0; DESCRIPTOR_LEN];
    d[0] = x;
    d[k] = jitter;
    d
}

#[test]
fn confirmed_people_are_labels_and_fit_the_confidence_curve() {
    let lib = family(21);
    let mut store = lib.scan();
    assert!(labelled_faces_from_people(&store).unwrap().faces.is_empty());
    assert_eq!(library_confidence(&store).unwrap().source, ConfidenceSource::LfwDefault);
    let dan = lib.faces_of(&store, "dan");
    let mum = lib.faces_of(&store, "mum");
    people::move_faces(&mut store, &dan[..6], "Dan").unwrap();
    people::move_faces(&mut store, &mum[..4], "Mum").unwrap();
    let set = LabelSource::People.load(&store).unwrap();
    assert_eq!(set.faces.len(), 10, "confirmed faces only, not the machine's guesses");
    let dans = set.faces.iter().filter(|f| f.identity == "Dan").count();
    assert_eq!(dans, 6);
    assert_eq!(set.photos.len(), 10);
    let model = library_confidence(&store).unwrap();
    assert_eq!(model.source, ConfidenceSource::Fitted);
    assert_eq!(model.n_pairs, 45);
    // The family's identities are ~0.85 apart with faces ~0.2 around them: the curve
    // says "same" for a close pair and "different" for a far one.
    assert!(model.p_same(0.2) > 0.9 && model.p_same(0.9) < 0.1, "{model:?}");
    assert_eq!(LabelSource::People.describe(), "confirmed people");
}

#[test]
fn missed_matches_leave_out_what_the_user_answered() {
    let mut lib = Library::new(22);
    for k in 1..=4 {
        lib.photo_with(&format!("d{k}"), None, vec![("dan".into(), at(0.0, k, 0.02))]);
    }
    // Y is one link from Dan's faces, X only through Y (two links).
    lib.photo_with("y", None, vec![("y".into(), at(0.48, 10, 0.0))]);
    lib.photo_with("x", None, vec![("x".into(), at(0.96, 11, 0.0))]);
    let mut store = lib.scan();
    let dan = lib.faces_of(&store, "dan");
    people::move_faces(&mut store, &dan, "Dan").unwrap();
    let x = lib.faces_of(&store, "x")[0];
    let y = lib.faces_of(&store, "y")[0];
    let s = library_suggestions(&store, 0.5, 3, 100).unwrap();
    let missed: Vec<(i64, usize)> = s.missed_matches.iter().map(|m| (m.face_id, m.hops)).collect();
    assert_eq!(missed, vec![(x.0, 2)], "X through Y; Y is a direct link, not a missed one");
    let m = &s.missed_matches[0];
    assert_eq!(m.group, GroupKey::Person("Dan".into()));
    assert_eq!(m.path.last().map(|p| p.face_id), Some(x.0));
    assert_eq!(m.path[1].face_id, y.0);
    // "No, X is not Dan": gone for good. A stranger mark does the same.
    people::reject_faces(&mut store, &[x], "dan").unwrap();
    assert!(library_suggestions(&store, 0.5, 3, 100).unwrap().missed_matches.is_empty());
    people::undo(&mut store).unwrap();
    assert_eq!(library_suggestions(&store, 0.5, 3, 100).unwrap().missed_matches.len(), 1);
    people::mark_faces(&mut store, &[x], FactKind::Stranger).unwrap();
    assert!(library_suggestions(&store, 0.5, 3, 100).unwrap().missed_matches.is_empty());
    // A limit of 0 lists nothing.
    people::undo(&mut store).unwrap();
    assert!(library_suggestions(&store, 0.5, 3, 0).unwrap().missed_matches.is_empty());
}

#[test]
fn a_split_kept_together_is_not_proposed_again() {
    // "Dan" holds two tight groups joined by a single link (a* - b*): a wrong merge.
    let mut lib = Library::new(23);
    for k in 1..=4 {
        lib.photo_with(&format!("a{k}"), None, vec![("a".into(), at(0.0, k, 0.05))]);
        lib.photo_with(&format!("b{k}"), None, vec![("b".into(), at(1.0, k, 0.05))]);
    }
    lib.photo_with("astar", None, vec![("a".into(), at(0.35, 20, 0.0))]);
    lib.photo_with("bstar", None, vec![("b".into(), at(0.65, 21, 0.0))]);
    let mut store = lib.scan();
    let a = lib.faces_of(&store, "a");
    let b = lib.faces_of(&store, "b");
    let all: Vec<FaceId> = a.iter().chain(&b).copied().collect();
    people::move_faces(&mut store, &all, "Dan").unwrap();
    let s = library_suggestions(&store, 0.5, 3, 100).unwrap();
    assert_eq!(s.splits.len(), 1, "{:?}", s.splits);
    let p = &s.splits[0];
    assert_eq!(p.group, GroupKey::Person("Dan".into()));
    let mut sides = [p.part_a.clone(), p.part_b.clone()];
    sides.sort();
    let ids = |v: &[FaceId]| {
        let mut v: Vec<i64> = v.iter().map(|f| f.0).collect();
        v.sort();
        v
    };
    let mut want = [ids(&a), ids(&b)];
    want.sort();
    assert_eq!(sides, want, "the cut runs along the single bridge");
    assert_eq!(p.cut_links.len(), 1);
    // "Keep together": not proposed again, until the answer is undone.
    let side = |v: &[i64]| v.iter().copied().map(FaceId).collect::<Vec<_>>();
    people::keep_together(&mut store, &side(&p.part_a), &side(&p.part_b)).unwrap();
    assert!(library_suggestions(&store, 0.5, 3, 100).unwrap().splits.is_empty());
    people::undo(&mut store).unwrap();
    assert_eq!(library_suggestions(&store, 0.5, 3, 100).unwrap().splits.len(), 1);
}
