//! Rules every automatic grouping obeys, applied after any method:
//! - one person appears at most once per photo: of two faces of one photo in one group,
//!   the one closer to the group's centroid stays; the other moves to its next-best group
//!   (if that group is within `reassign_cutoff` and has no face of that photo) or to noise;
//! - groups smaller than the minimum group size go to noise (no flood of tiny clusters);
//! - labels are renumbered 0.. by decreasing group size, so output is stable.

use std::collections::HashMap;

use crate::face::{distance, Descriptor, DESCRIPTOR_LEN};

/// Minimum group size for a library of `n` faces when the user set none:
/// `max(2, ceil(log10(n)))`, i.e. 2 up to 100 faces, 3 up to 1,000, 4 up to 10,000,
/// 5 up to 100,000. A pair is already a person in a small library; in a large one a
/// pair of look-alike strangers is far more likely than a real person seen twice, and a
/// few hundred tiny groups would drown the real ones in the UI.
pub fn adaptive_min_group_size(n: usize) -> usize {
    if n <= 1 {
        return 2;
    }
    ((n as f64).log10().ceil() as usize).max(2)
}

/// Mean descriptor of each label.
pub fn centroids(descriptors: &[Descriptor], labels: &[Option<u32>]) -> HashMap<u32, Descriptor> {
    let mut sum: HashMap<u32, ([f64; DESCRIPTOR_LEN], usize)> = HashMap::new();
    for (d, l) in descriptors.iter().zip(labels) {
        if let Some(l) = l {
            let e = sum.entry(*l).or_insert(([0.0; DESCRIPTOR_LEN], 0));
            for (s, x) in e.0.iter_mut().zip(d) {
                *s += *x as f64;
            }
            e.1 += 1;
        }
    }
    sum.into_iter()
        .map(|(l, (s, c))| {
            let mut m = [0f32; DESCRIPTOR_LEN];
            for (x, y) in m.iter_mut().zip(&s) {
                *x = (*y / c as f64) as f32;
            }
            (l, m)
        })
        .collect()
}

/// Enforce "at most one face per photo per group" in place (see module docs).
/// Returns how many faces were moved out of their group.
pub fn enforce_one_per_photo(
    descriptors: &[Descriptor],
    photo: &[i64],
    labels: &mut [Option<u32>],
    reassign_cutoff: f32,
) -> usize {
    let cents = centroids(descriptors, labels);
    let mut by_group_photo: HashMap<(u32, i64), Vec<usize>> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some(l) = l {
            by_group_photo.entry((*l, photo[i])).or_default().push(i);
        }
    }
    let mut evicted: Vec<usize> = Vec::new();
    let mut keys: Vec<_> = by_group_photo.keys().copied().collect();
    keys.sort_unstable(); // deterministic order
    for key in keys {
        let faces = &by_group_photo[&key];
        if faces.len() < 2 {
            continue;
        }
        let c = &cents[&key.0];
        let keep = *faces
            .iter()
            .min_by(|&&a, &&b| {
                distance(&descriptors[a], c)
                    .total_cmp(&distance(&descriptors[b], c))
                    .then(a.cmp(&b))
            })
            .expect("at least two faces");
        evicted.extend(faces.iter().copied().filter(|&f| f != keep));
    }
    evicted.sort_unstable();
    for &f in &evicted {
        labels[f] = None;
    }
    // Next-best group for each evicted face, nearest centroid first.
    let mut groups: Vec<(&u32, &Descriptor)> = cents.iter().collect();
    groups.sort_unstable_by_key(|g| *g.0);
    for &f in &evicted {
        let mut best: Option<(u32, f32)> = None;
        for (&l, c) in &groups {
            let d = distance(&descriptors[f], c);
            if d >= reassign_cutoff || best.is_some_and(|b| b.1 <= d) {
                continue;
            }
            let taken = by_group_photo
                .get(&(l, photo[f]))
                .is_some_and(|v| v.iter().any(|&g| labels[g] == Some(l)));
            if !taken {
                best = Some((l, d));
            }
        }
        if let Some((l, _)) = best {
            labels[f] = Some(l);
            by_group_photo.entry((l, photo[f])).or_default().push(f);
        }
    }
    evicted.len()
}

/// Send groups smaller than `min_size` to noise and renumber the rest 0.. by decreasing
/// size (ties: the group whose first face comes first). Returns the number of groups.
pub fn apply_min_size_and_renumber(labels: &mut [Option<u32>], min_size: usize) -> usize {
    let mut size: HashMap<u32, (usize, usize)> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some(l) = l {
            let e = size.entry(*l).or_insert((0, i));
            e.0 += 1;
        }
    }
    let mut kept: Vec<(u32, usize, usize)> = size
        .into_iter()
        .filter(|(_, (c, _))| *c >= min_size.max(1))
        .map(|(l, (c, first))| (l, c, first))
        .collect();
    kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let new: HashMap<u32, u32> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| (k.0, i as u32))
        .collect();
    for l in labels.iter_mut() {
        *l = l.and_then(|x| new.get(&x).copied());
    }
    kept.len()
}

/// True if no group holds two faces of one photo.
pub fn one_per_photo_holds(photo: &[i64], labels: &[Option<u32>]) -> bool {
    let mut seen = std::collections::HashSet::new();
    labels.iter().zip(photo).all(|(l, p)| match l {
        Some(l) => seen.insert((*l, *p)),
        None => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: f32) -> Descriptor {
        let mut v = [0f32; DESCRIPTOR_LEN];
        v[0] = x;
        v
    }

    #[test]
    fn closer_face_stays_other_moves_or_goes_to_noise() {
        // group 0 around 0.0, group 1 around 1.0; faces 0 and 1 share photo 9.
        let descs = [d(0.0), d(0.4), d(0.05), d(1.0), d(1.1), d(0.3)];
        let photo = [9, 9, 1, 2, 3, 4];
        let mut labels = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(0)];
        let moved = enforce_one_per_photo(&descs, &photo, &mut labels, 0.5);
        assert_eq!(moved, 1);
        assert_eq!(labels[0], Some(0));
        // face 1 is 0.65 from group 1: beyond the cutoff, so noise
        assert_eq!(labels[1], None);
        assert!(one_per_photo_holds(&photo, &labels));

        let mut labels = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(0)];
        enforce_one_per_photo(&descs, &photo, &mut labels, 1.0);
        assert_eq!(
            labels[1],
            Some(1),
            "within a wide cutoff it joins the next-best group"
        );
    }

    #[test]
    fn min_size_and_renumber() {
        let mut l = [Some(5), Some(5), Some(3), Some(3), Some(3), Some(8), None];
        assert_eq!(apply_min_size_and_renumber(&mut l, 2), 2);
        assert_eq!(l, [Some(1), Some(1), Some(0), Some(0), Some(0), None, None]);
        assert_eq!(adaptive_min_group_size(45), 2);
        assert_eq!(adaptive_min_group_size(1000), 3);
        assert_eq!(adaptive_min_group_size(100_000), 5);
    }
}
