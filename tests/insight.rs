//! Integration tests of the insight module: calibration, face graph, compare,
//! verification report, GraphML/CSV export and MWG XMP regions.

use std::path::PathBuf;

use kindred::face::Descriptor;
use kindred::insight::calibrate::{self, roc_auc, run_calibration, PairDistances};
use kindred::insight::face_graph::{
    missed_matches, wrong_merges, FaceGraph, GroupBy, MissedOptions, SplitOptions,
};
use kindred::insight::graph_export::{write_csv, write_graphml, CsvFlavor};
use kindred::insight::verify_report::{render_html, run_verification};
use kindred::insight::xmp::{self, NormRect};
use kindred::insight::{GraphFace, LabelledFace};

fn desc2(x: f32, y: f32) -> Descriptor {
    let mut d = [0.0f32; 128];
    d[0] = x;
    d[1] = y;
    d
}

fn labelled(id: i64, who: &str, x: f32) -> LabelledFace {
    LabelledFace {
        face_id: id,
        identity: who.to_string(),
        descriptor: desc2(x, 0.0),
    }
}

/// a1 0, a2 0.33, b1 0.56, b2 0.99 on a line: same pairs 0.33 and 0.43, different
/// pairs 0.23, 0.56, 0.66, 0.99 (no distance on a grid cutoff).
fn hand_set() -> Vec<LabelledFace> {
    vec![
        labelled(1, "a", 0.0),
        labelled(2, "a", 0.33),
        labelled(3, "b", 0.56),
        labelled(4, "b", 0.99),
    ]
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn calibration_numbers_on_hand_made_set() {
    let c = run_calibration(&hand_set(), 0.6).unwrap();
    assert_eq!(
        (
            c.n_faces,
            c.n_identities,
            c.n_same_pairs,
            c.n_different_pairs
        ),
        (4, 2, 2, 4)
    );
    assert_eq!(c.rows.len(), 9);
    // (cutoff, tp, fp, tn, fn, precision, recall, accuracy, f1)
    let expect = [
        (0.30, 0, 1, 3, 2, 0.0, 0.0, 3.0 / 6.0, 0.0),
        (0.35, 1, 1, 3, 1, 0.5, 0.5, 4.0 / 6.0, 0.5),
        (0.40, 1, 1, 3, 1, 0.5, 0.5, 4.0 / 6.0, 0.5),
        (0.45, 2, 1, 3, 0, 2.0 / 3.0, 1.0, 5.0 / 6.0, 0.8),
        (0.50, 2, 1, 3, 0, 2.0 / 3.0, 1.0, 5.0 / 6.0, 0.8),
        (0.55, 2, 1, 3, 0, 2.0 / 3.0, 1.0, 5.0 / 6.0, 0.8),
        (0.60, 2, 2, 2, 0, 0.5, 1.0, 4.0 / 6.0, 2.0 / 3.0),
        (0.65, 2, 2, 2, 0, 0.5, 1.0, 4.0 / 6.0, 2.0 / 3.0),
        (0.70, 2, 3, 1, 0, 0.4, 1.0, 0.5, 4.0 / 7.0),
    ];
    for (row, e) in c.rows.iter().zip(expect) {
        assert!((row.cutoff - e.0 as f32).abs() < 1e-6);
        let k = row.counts;
        assert_eq!(
            (k.tp, k.fp, k.tn, k.fn_),
            (e.1, e.2, e.3, e.4),
            "cutoff {}",
            e.0
        );
        assert!(
            close(row.precision, e.5) && close(row.recall, e.6),
            "cutoff {}",
            e.0
        );
        assert!(
            close(row.accuracy, e.7) && close(row.f1, e.8),
            "cutoff {}",
            e.0
        );
    }
    assert!(close(c.auc, 0.75));
    let t = c.target.clone().unwrap();
    assert!((t.cutoff - 0.495).abs() < 1e-5, "{t:?}");
    assert!((t.precision - 2.0 / 3.0).abs() < 1e-9 && (t.recall - 1.0).abs() < 1e-9);
    assert_eq!(c.target_grid_cutoff, Some(0.55));

    let table = calibrate::table_text(&c);
    assert!(
        table.contains("0.45") && table.contains("0.667") && table.contains("ROC AUC: 0.750"),
        "{table}"
    );
    let svg = calibrate::plot_svg(&c);
    assert_eq!(svg.matches("<polyline").count(), 2);
    // The SVG is well-formed XML.
    let mut r = quick_xml::Reader::from_str(&svg);
    while r.read_event().unwrap() != quick_xml::events::Event::Eof {}
    assert!(run_calibration(&hand_set()[..1], 0.9).is_err());
    assert!(run_calibration(&hand_set(), 1.5).is_err());
}

#[test]
fn auc_matches_brute_force_with_ties() {
    // Quantised pseudo-random distances (many ties), checked against the O(n*m) count.
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % 40) as f32 / 40.0
    };
    let same: Vec<f32> = (0..300).map(|_| next() * 0.8).collect();
    let diff: Vec<f32> = (0..500).map(|_| next() * 0.8 + 0.2).collect();
    let mut brute = 0.0f64;
    for &s in &same {
        for &d in &diff {
            brute += if s < d {
                1.0
            } else if s == d {
                0.5
            } else {
                0.0
            };
        }
    }
    brute /= (same.len() * diff.len()) as f64;
    let mut p = PairDistances {
        same,
        different: diff,
    };
    p.same.sort_by(f32::total_cmp);
    p.different.sort_by(f32::total_cmp);
    let auc = roc_auc(&p).unwrap();
    assert!((auc - brute).abs() < 1e-12, "{auc} vs {brute}");
    assert!(auc > 0.5 && auc < 1.0);
}

#[test]
fn compare_uses_cutoff_and_confidence() {
    let model = calibrate::ConfidenceModel::lfw_default();
    let c = kindred::insight::compare::compare(&desc2(0.0, 0.0), &desc2(0.5, 0.0), 0.6, &model)
        .unwrap();
    assert!(c.same && (c.distance - 0.5).abs() < 1e-6);
    assert!(c.p_same > 0.9);
    let c = kindred::insight::compare::compare(&desc2(0.0, 0.0), &desc2(0.61, 0.0), 0.6, &model)
        .unwrap();
    assert!(!c.same);
    // Near the curve's midpoint the verdict is not sure either way.
    assert!(c.confidence < 0.7, "{c:?}");
}

fn gface(id: i64, x: f32, y: f32, person: Option<&str>, cluster: Option<u32>) -> GraphFace {
    GraphFace {
        face_id: id,
        photo_id: 100 + id,
        person: person.map(str::to_string),
        cluster,
        descriptor: desc2(x, y),
    }
}

#[test]
fn missed_match_finder_finds_a_planted_chain() {
    // Dan: four faces near the origin. A chain 20 -> 21 -> 22 walks away from them in
    // steps of 0.4 (cutoff 0.45); 30 is far away and unlinked; 40 is linked directly.
    let mut faces = vec![
        gface(1, 0.0, 0.0, Some("dan"), None),
        gface(2, 0.05, 0.05, Some("dan"), None),
        gface(3, -0.05, 0.05, Some("dan"), None),
        gface(4, 0.0, -0.05, Some("dan"), None),
        gface(40, -0.3, 0.0, None, None),
    ];
    faces.push(gface(20, 0.4, 0.0, None, None));
    faces.push(gface(21, 0.8, 0.0, None, None));
    faces.push(gface(22, 1.2, 0.0, None, None));
    faces.push(gface(30, 5.0, 5.0, None, None));
    let g = FaceGraph::build(&faces, 0.45).unwrap();
    let m = missed_matches(
        &g,
        GroupBy::Person,
        MissedOptions {
            max_hops: 3,
            include_assigned: false,
        },
    )
    .unwrap();
    let found: Vec<i64> = m.iter().map(|x| x.face_id).collect();
    assert!(found.contains(&21) && found.contains(&22), "{found:?}");
    assert!(
        !found.contains(&20) && !found.contains(&40) && !found.contains(&30),
        "{found:?}"
    );
    let m22 = m.iter().find(|x| x.face_id == 22).unwrap();
    assert_eq!(m22.hops, 3);
    let path: Vec<i64> = m22.path.iter().map(|s| s.face_id).collect();
    assert_eq!(path[1..], [20, 21, 22]);
    assert!((1..=4).contains(&path[0]), "{path:?}");
    assert!((m22.bottleneck - 0.4).abs() < 1e-5);
    assert_eq!(m22.photo_id, 122);
    // With only two hops allowed the end of the chain is out of reach.
    let m2 = missed_matches(
        &g,
        GroupBy::Person,
        MissedOptions {
            max_hops: 2,
            include_assigned: false,
        },
    )
    .unwrap();
    assert_eq!(m2.iter().map(|x| x.face_id).collect::<Vec<_>>(), vec![21]);
    // Deterministic: the same input in another order gives the same list.
    let mut rev = faces.clone();
    rev.reverse();
    let again = missed_matches(
        &FaceGraph::build(&rev, 0.45).unwrap(),
        GroupBy::Person,
        MissedOptions::default(),
    )
    .unwrap();
    let all = missed_matches(&g, GroupBy::Person, MissedOptions::default()).unwrap();
    assert_eq!(format!("{again:?}"), format!("{all:?}"));
}

#[test]
fn bridge_finder_splits_a_planted_dumbbell() {
    // Cluster 7: two tight groups around x = 0 and x = 1, joined only by 10 - 20.
    let jitter = [
        (0.0, 0.0),
        (0.05, 0.05),
        (-0.05, 0.05),
        (0.05, -0.05),
        (-0.05, -0.05),
        (0.0, 0.07),
    ];
    let mut faces = Vec::new();
    for (k, (dx, dy)) in jitter.iter().enumerate() {
        faces.push(gface(k as i64 + 1, *dx, *dy, None, Some(7)));
        faces.push(gface(k as i64 + 101, 1.0 + dx, *dy, None, Some(7)));
    }
    faces.push(gface(10, 0.3, 0.0, None, Some(7)));
    faces.push(gface(20, 0.7, 0.0, None, Some(7)));
    // Cluster 8: one tight group, must not be split.
    for (k, (dx, dy)) in jitter.iter().enumerate() {
        faces.push(gface(k as i64 + 201, 5.0 + dx, *dy, None, Some(8)));
    }
    let g = FaceGraph::build(&faces, 0.45).unwrap();
    let splits = wrong_merges(&g, GroupBy::Cluster, SplitOptions::default());
    assert_eq!(splits.len(), 1, "{splits:?}");
    let s = &splits[0];
    assert_eq!(s.group, kindred::insight::face_graph::GroupKey::Cluster(7));
    let mut a: Vec<i64> = (1..=6).collect();
    a.push(10);
    let mut b: Vec<i64> = (101..=106).collect();
    b.insert(0, 20);
    a.sort();
    b.sort();
    assert_eq!(s.part_a, a);
    assert_eq!(s.part_b, b);
    assert_eq!(s.cut_links.len(), 1);
    assert_eq!((s.cut_links[0].0, s.cut_links[0].1), (10, 20));
    assert!(s.conductance < 0.1 && s.score > 0.9, "{s:?}");
    assert!(
        s.mean_distance_between > s.mean_distance_a && s.mean_distance_between > s.mean_distance_b
    );
}

#[test]
fn graphml_parses_back() {
    use quick_xml::events::Event;
    let faces = vec![
        gface(1, 0.0, 0.0, Some("Ann & \"Bo\" <x>"), Some(3)),
        gface(2, 0.3, 0.0, None, None),
        gface(3, 0.5, 0.0, Some("Cy"), Some(3)),
    ];
    let g = FaceGraph::build(&faces, 0.45).unwrap();
    let mut buf = Vec::new();
    write_graphml(&g, &mut buf).unwrap();
    let mut r = quick_xml::Reader::from_reader(buf.as_slice());
    let (mut nodes, mut edges, mut persons) = (0, 0, Vec::new());
    let mut key = String::new();
    let mut text = String::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                match e.name().as_ref() {
                    b"node" => nodes += 1,
                    b"edge" => edges += 1,
                    b"data" => {
                        key = e
                            .try_get_attribute("key")
                            .unwrap()
                            .unwrap()
                            .unescape_value()
                            .unwrap()
                            .into_owned();
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(x) => {
                let name = x.decode().unwrap();
                text.push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap());
            }
            Event::End(e) if e.name().as_ref() == b"data" && key == "person" => {
                persons.push(text.clone())
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((nodes, edges), (3, g.edge_count()));
    assert_eq!(edges, 2); // 1-2 (0.3), 2-3 (0.2); 1-3 is 0.5
    assert_eq!(
        persons,
        vec!["Ann & \"Bo\" <x>".to_string(), "Cy".to_string()]
    );

    let (mut n, mut e) = (Vec::new(), Vec::new());
    write_csv(&g, CsvFlavor::Neo4j, &mut n, &mut e).unwrap();
    let mut rn = csv::Reader::from_reader(n.as_slice());
    assert_eq!(
        rn.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "faceId:ID",
            "photoId:long",
            "person",
            "cluster:int",
            ":LABEL"
        ]
    );
    let rows: Vec<csv::StringRecord> = rn.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows[0][2], "Ann & \"Bo\" <x>");
    assert_eq!(&rows[1][3], "");
    let mut re = csv::Reader::from_reader(e.as_slice());
    assert_eq!(
        re.headers().unwrap().iter().collect::<Vec<_>>(),
        [":START_ID", ":END_ID", "distance:double", ":TYPE"]
    );
    assert_eq!(re.records().count(), 2);
    let (mut n, mut e) = (Vec::new(), Vec::new());
    write_csv(&g, CsvFlavor::Gephi, &mut n, &mut e).unwrap();
    let mut re = csv::Reader::from_reader(e.as_slice());
    let first = re.records().next().unwrap().unwrap();
    assert_eq!((&first[0], &first[1], &first[2]), ("1", "2", "Undirected"));
    assert!((first[3].parse::<f32>().unwrap() - 0.7).abs() < 1e-5);
}

#[test]
fn verification_report_lists_wrong_pairs_and_escapes_html() {
    let mut faces = hand_set();
    faces[0].identity = "<script>alert(1)</script>".into();
    faces[1].identity = "<script>alert(1)</script>".into();
    let r = run_verification(&faces, 0.4, 10).unwrap();
    let k = r.counts;
    assert_eq!((k.tp, k.fp, k.tn, k.fn_), (1, 1, 3, 1));
    assert_eq!(r.false_positives.len(), 1);
    assert_eq!(
        (r.false_positives[0].face_a, r.false_positives[0].face_b),
        (2, 3)
    );
    assert_eq!(
        (r.false_negatives[0].face_a, r.false_negatives[0].face_b),
        (3, 4)
    );
    let html = render_html(&r, &|id| (id != 4).then(|| vec![0xFF, 0xD8, 0xFF, 0xD9]));
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("data:image/jpeg;base64,/9j/2Q=="));
    assert!(html.contains("no crop for face 4"));
}

#[test]
fn xmp_sidecar_round_trip_merge_and_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("party.jpg");
    std::fs::write(&photo, b"original bytes").unwrap();
    let faces = vec![
        (
            "Ann & Bo".to_string(),
            NormRect {
                x: 0.25,
                y: 0.5,
                w: 0.1,
                h: 0.15,
            },
        ),
        (
            "Łukasz <3".to_string(),
            NormRect::from_pixels(
                &kindred::geometry::Rect::new(600.0, 100.0, 700.0, 230.0),
                800,
                600,
            ),
        ),
    ];
    let path = xmp::write_sidecar(&photo, 800, 600, &faces).unwrap();
    assert_eq!(path, dir.path().join("party.jpg.xmp"));
    assert_eq!(std::fs::read(&photo).unwrap(), b"original bytes");
    let (p, regions) = xmp::read_sidecar_regions(&photo).unwrap().unwrap();
    assert_eq!(p, path);
    assert_eq!(regions.applied_to, Some((800, 600)));
    let back = regions.named_faces();
    assert_eq!(back.len(), 2);
    for ((n0, r0), (n1, r1)) in faces.iter().zip(&back) {
        assert_eq!(n0, n1);
        for (a, b) in [(r0.x, r1.x), (r0.y, r1.y), (r0.w, r1.w), (r0.h, r1.h)] {
            assert!((a - b).abs() < 1e-6, "{r0:?} {r1:?}");
        }
    }
    // A second write would overwrite the regions: refused, file unchanged.
    let before = std::fs::read(&path).unwrap();
    let err = xmp::write_sidecar(&photo, 800, 600, &faces).unwrap_err();
    assert!(err.to_string().contains("mwg-rs:Regions"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // An existing sidecar from another tool (photo.jpg.xmp) keeps its content.
    let photo2 = dir.path().join("beach.jpg");
    let other = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="4">
   <dc:subject><rdf:Bag><rdf:li>holiday &amp; sea</rdf:li></rdf:Bag></dc:subject>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#;
    std::fs::write(xmp::sidecar_path(&photo2), other).unwrap();
    xmp::write_sidecar(&photo2, 800, 600, &faces[..1]).unwrap();
    let merged = std::fs::read_to_string(xmp::sidecar_path(&photo2)).unwrap();
    assert!(merged.contains("xmp:Rating=\"4\""));
    assert!(merged.contains("<rdf:li>holiday &amp; sea</rdf:li>"));
    assert!(merged.contains("<?xpacket end=\"w\"?>"));
    let (_, r2) = xmp::read_sidecar_regions(&photo2).unwrap().unwrap();
    assert_eq!(r2.named_faces()[0].0, "Ann & Bo");

    // Not XML: refused, untouched.
    let photo3 = dir.path().join("bad.jpg");
    std::fs::write(xmp::sidecar_path(&photo3), "<x:xmpmeta><broken").unwrap();
    assert!(xmp::write_sidecar(&photo3, 800, 600, &faces).is_err());
    assert_eq!(
        std::fs::read_to_string(xmp::sidecar_path(&photo3)).unwrap(),
        "<x:xmpmeta><broken"
    );

    // The photo.xmp convention is read too.
    let photo4 = dir.path().join("cr.jpg");
    std::fs::write(
        dir.path().join("cr.xmp"),
        xmp::regions_packet(10, 10, &faces).unwrap(),
    )
    .unwrap();
    let (p4, _) = xmp::read_sidecar_regions(&photo4).unwrap().unwrap();
    assert_eq!(p4, dir.path().join("cr.xmp"));
    assert!(xmp::read_sidecar_regions(&dir.path().join("none.jpg"))
        .unwrap()
        .is_none());
    // Invalid regions are rejected before anything is written.
    let bad = vec![(
        "x".to_string(),
        NormRect {
            x: 0.5,
            y: 0.5,
            w: 0.0,
            h: 0.1,
        },
    )];
    assert!(xmp::write_sidecar(&dir.path().join("z.jpg"), 10, 10, &bad).is_err());
    assert!(!dir.path().join("z.jpg.xmp").exists());
}

#[test]
fn reads_xmp_embedded_in_a_jpeg() {
    // A real JPEG from the image crate, with an APP1 XMP segment inserted after SOI.
    let img = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([x as u8 * 8, y as u8 * 10, 128]));
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let faces = vec![(
        "Dan".to_string(),
        NormRect {
            x: 0.5,
            y: 0.4,
            w: 0.25,
            h: 0.3,
        },
    )];
    let packet = xmp::regions_packet(32, 24, &faces).unwrap();
    let mut payload = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    payload.extend_from_slice(packet.as_bytes());
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    // Still a valid JPEG.
    assert_eq!(image::load_from_memory(&out).unwrap().width(), 32);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dan.jpg");
    std::fs::write(&path, &out).unwrap();
    let r = xmp::read_jpeg_regions(&path).unwrap().unwrap();
    assert_eq!(r.applied_to, Some((32, 24)));
    assert_eq!(r.named_faces(), faces);
    // Without the segment: no regions; not a JPEG: an error.
    std::fs::write(&path, &jpeg).unwrap();
    assert!(xmp::read_jpeg_regions(&path).unwrap().is_none());
    std::fs::write(&path, b"GIF89a").unwrap();
    assert!(xmp::read_jpeg_regions(&path).is_err());
}

/// Descriptors of a labelled set as JSON `[{"file", "identity", "descriptor": [128]}]`,
/// given by `KINDRED_LABELLED_DESCRIPTORS` (e.g. devfaces through face_recognition).
fn labelled_descriptors() -> Option<(PathBuf, Vec<LabelledFace>)> {
    let path = PathBuf::from(std::env::var_os("KINDRED_LABELLED_DESCRIPTORS")?);
    let text = std::fs::read_to_string(&path).ok()?;
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).ok()?;
    let mut faces = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let v: Vec<f32> = row["descriptor"]
            .as_array()?
            .iter()
            .map(|x| x.as_f64().unwrap_or(f64::NAN) as f32)
            .collect();
        let descriptor: Descriptor = v.try_into().ok()?;
        faces.push(LabelledFace {
            face_id: i as i64,
            identity: row["identity"].as_str()?.to_string(),
            descriptor,
        });
    }
    Some((path, faces))
}

#[test]
fn real_labelled_descriptors_report() {
    let Some((path, faces)) = labelled_descriptors() else {
        eprintln!("skipped: set KINDRED_LABELLED_DESCRIPTORS to a descriptors JSON file to measure real data");
        return;
    };
    let c = run_calibration(&faces, 0.95).unwrap();
    println!("{}\n{}", path.display(), calibrate::table_text(&c));
    println!("AUC exact: {:?}", c.auc);
    let auc = c.auc.unwrap();
    assert!(auc > 0.5 && auc <= 1.0);
    let v = run_verification(&faces, 0.6, 5).unwrap();
    println!(
        "verification at 0.6: accuracy {:?} precision {:?} recall {:?} F1 {:?}",
        v.accuracy, v.precision, v.recall, v.f1
    );
    for p in &v.false_positives {
        println!(
            "  FP {} ({}) ~ {} ({}): {:.3}",
            p.face_a, p.identity_a, p.face_b, p.identity_b, p.distance
        );
    }
    for p in &v.false_negatives {
        println!(
            "  FN {} ({}) ~ {} ({}): {:.3}",
            p.face_a, p.identity_a, p.face_b, p.identity_b, p.distance
        );
    }
    // Optional artefacts for a look by eye: KINDRED_INSIGHT_OUT=dir writes the SVG plot,
    // the HTML report (crops from KINDRED_LABELLED_IMAGES/<file>) and the graph exports.
    if let Some(out) = std::env::var_os("KINDRED_INSIGHT_OUT").map(PathBuf::from) {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("calibration.svg"), calibrate::plot_svg(&c)).unwrap();
        let images = std::env::var_os("KINDRED_LABELLED_IMAGES").map(PathBuf::from);
        let files: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(
            &std::fs::read_to_string(&path).unwrap(),
        )
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap_or("").to_string())
        .collect();
        let crop = |id: i64| -> Option<Vec<u8>> {
            let img = image::open(images.as_ref()?.join(files.get(id as usize)?)).ok()?;
            let mut buf = Vec::new();
            img.to_rgb8()
                .write_to(
                    &mut std::io::Cursor::new(&mut buf),
                    image::ImageFormat::Jpeg,
                )
                .ok()?;
            Some(buf)
        };
        let v = run_verification(&faces, 0.6, 20).unwrap();
        std::fs::write(out.join("verification.html"), render_html(&v, &crop)).unwrap();
    }
    // The graph tools: only the first two faces of each identity are named (the rest
    // must be found as missed matches), and clusters merge identities two by two (the
    // split finder should separate them).
    let mut ids: Vec<&str> = faces.iter().map(|f| f.identity.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut seen = std::collections::HashMap::new();
    let gfaces: Vec<GraphFace> = faces
        .iter()
        .map(|f| {
            let n = seen.entry(f.identity.clone()).or_insert(0);
            *n += 1;
            let idx = ids.iter().position(|i| *i == f.identity).unwrap() as u32;
            GraphFace {
                face_id: f.face_id,
                photo_id: f.face_id,
                person: (*n <= 2).then(|| f.identity.clone()),
                cluster: Some(idx / 2),
                descriptor: f.descriptor,
            }
        })
        .collect();
    for cutoff in [0.5f32, 0.55, 0.6, 0.65, 0.7] {
        let g = FaceGraph::build(&gfaces, cutoff).unwrap();
        let opts = MissedOptions {
            max_hops: 3,
            include_assigned: false,
        };
        let m = missed_matches(&g, GroupBy::Person, opts).unwrap();
        let correct = m
            .iter()
            .filter(|x| {
                x.group
                    == kindred::insight::face_graph::GroupKey::Person(
                        faces[x.face_id as usize].identity.clone(),
                    )
            })
            .count();
        let s = wrong_merges(&g, GroupBy::Cluster, SplitOptions::default());
        if let Some(out) = std::env::var_os("KINDRED_INSIGHT_OUT").map(PathBuf::from) {
            write_graphml(
                &g,
                std::fs::File::create(out.join(format!("graph_{cutoff}.graphml"))).unwrap(),
            )
            .unwrap();
            let nodes = std::fs::File::create(out.join(format!("nodes_{cutoff}.csv"))).unwrap();
            let edges = std::fs::File::create(out.join(format!("edges_{cutoff}.csv"))).unwrap();
            write_csv(&g, CsvFlavor::Neo4j, nodes, edges).unwrap();
            let json = serde_json::to_string_pretty(&(&m, &s)).unwrap();
            std::fs::write(out.join(format!("suggest_{cutoff}.json")), json).unwrap();
        }
        let pure = |part: &[i64]| {
            part.iter()
                .all(|&i| faces[i as usize].identity == faces[part[0] as usize].identity)
        };
        let clean = s
            .iter()
            .filter(|p| pure(&p.part_a) && pure(&p.part_b))
            .count();
        println!(
            "graph at {cutoff}: {} links; missed matches: {} suggestions, {} of the right person; \
             splits of {} two-person clusters: {} proposed, {} separate the two people exactly",
            g.edge_count(),
            m.len(),
            correct,
            ids.len().div_ceil(2),
            s.len(),
            clean
        );
    }
}
