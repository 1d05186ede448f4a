//! HEIC photos, made at test time by libheif's `heif-enc` (Debian: libheif-examples)
//! from a photo with a known face: the face found in the HEIC is the face of the same
//! photo as JPEG; the HEIF's rotation (irot) is applied once, even when EXIF says the
//! same turn; EXIF date and camera are read from the HEIC.
//!
//! heif-enc 1.15 writes no rotation of its own (it keeps a JPEG's EXIF orientation and
//! its pixels as stored), so the rotated files get an `irot` property added here, the
//! way a phone writes it: appended to `ipco`, associated with the primary item in `ipma`,
//! and the enclosing box sizes and the `iloc` offsets of the data after them moved.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use image::{DynamicImage, ImageFormat, RgbImage};
use kindred::face::distance;
use kindred::photo::{load_photo, DecodeOptions, PhotoFormat};
use kindred::pipeline::{FacePipeline, PipelineOptions};
use support::{exif_app1, with_app1, ExifFields};

/// Whether `heif-enc` runs; scripts/setup.sh installs it (libheif-examples).
fn have_heif_enc() -> bool {
    let ok = Command::new("heif-enc").arg("--help").output().is_ok();
    if !ok {
        eprintln!("SKIP: heif-enc not found (Debian package libheif-examples; scripts/setup.sh installs it)");
    }
    ok
}

/// `jpeg` written to `dir/name.jpg` and encoded by heif-enc to `dir/name.heic`.
fn heif_enc(dir: &Path, name: &str, jpeg: &[u8]) -> PathBuf {
    let src = dir.join(format!("{name}.jpg"));
    let out = dir.join(format!("{name}.heic"));
    std::fs::write(&src, jpeg).unwrap();
    // x265's fastest preset: a sixth of the default's time, the same decoder path.
    let run = Command::new("heif-enc").args(["-q", "90", "-p", "preset=ultrafast", "-o"]).arg(&out).arg(&src).output().unwrap();
    assert!(run.status.success(), "heif-enc failed: {}", String::from_utf8_lossy(&run.stderr));
    out
}

fn encode_jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img.clone()).write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn mean_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| u64::from(x.abs_diff(*y))).sum();
    sum as f64 / a.as_raw().len() as f64
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
}

/// The child boxes of the box content in `range`: (type, start of the box, its size).
fn boxes(b: &[u8], range: std::ops::Range<usize>) -> Vec<([u8; 4], usize, usize)> {
    let mut out = Vec::new();
    let mut at = range.start;
    while at + 8 <= range.end {
        let size = be32(b, at) as usize;
        assert!(size >= 8 && at + size <= range.end, "box sizes heif-enc does not write");
        out.push((b[at + 4..at + 8].try_into().unwrap(), at, size));
        at += size;
    }
    out
}

fn find(list: &[([u8; 4], usize, usize)], kind: &[u8; 4]) -> (usize, usize) {
    let (_, at, size) = list.iter().find(|(k, _, _)| k == kind).unwrap_or_else(|| panic!("no {}", String::from_utf8_lossy(kind)));
    (*at, *size)
}

fn add_to_size(b: &mut [u8], at: usize, delta: usize) {
    let size = be32(b, at) as usize + delta;
    b[at..at + 4].copy_from_slice(&(size as u32).to_be_bytes());
}

/// Reads a big-endian number of `n` bytes at `*at` and moves past it.
fn take(b: &[u8], at: &mut usize, n: usize) -> u64 {
    let v = b[*at..*at + n].iter().fold(0u64, |v, &x| (v << 8) | u64::from(x));
    *at += n;
    v
}

fn put(b: &mut [u8], at: usize, n: usize, v: u64) {
    for i in 0..n {
        b[at + i] = (v >> (8 * (n - 1 - i))) as u8;
    }
}

/// `heic` with an `irot` property (`quarters` anticlockwise quarter turns, as HEIF
/// defines it) given to the primary image.
fn with_irot(heic: &[u8], quarters: u8) -> Vec<u8> {
    let mut b = heic.to_vec();
    let top = boxes(&b, 0..b.len());
    let (meta, meta_size) = find(&top, b"meta");
    let meta_children = boxes(&b, meta + 12..meta + meta_size);
    let (pitm, _) = find(&meta_children, b"pitm");
    let primary = if b[pitm + 8] == 0 { u64::from(be32(&b, pitm + 12) >> 16) } else { u64::from(be32(&b, pitm + 12)) };
    let (iprp, iprp_size) = find(&meta_children, b"iprp");
    let iprp_children = boxes(&b, iprp + 8..iprp + iprp_size);
    let (ipco, ipco_size) = find(&iprp_children, b"ipco");
    let (ipma, _) = find(&iprp_children, b"ipma");
    let property_index = boxes(&b, ipco + 8..ipco + ipco_size).len() + 1;

    // Where the primary item's associations end in ipma, and how wide one is.
    let (ipma_version, ipma_wide) = (b[ipma + 8], b[ipma + 11] & 1 == 1);
    let mut at = ipma + 12;
    let entries = take(&b, &mut at, 4);
    let mut insert_at = None;
    for _ in 0..entries {
        let item = take(&b, &mut at, if ipma_version < 1 { 2 } else { 4 });
        let count_at = at;
        let count = take(&b, &mut at, 1) as usize;
        at += count * if ipma_wide { 2 } else { 1 };
        if item == primary {
            insert_at = Some((count_at, at));
        }
    }
    let (count_at, assoc_at) = insert_at.expect("primary item has properties");
    let association: Vec<u8> =
        if ipma_wide { (0x8000u16 | property_index as u16).to_be_bytes().to_vec() } else { vec![0x80 | property_index as u8] };
    let irot = [0, 0, 0, 9, b'i', b'r', b'o', b't', quarters & 3];
    let delta = irot.len() + association.len();

    // Data stored after the meta box moves by `delta`: shift iloc's file offsets.
    let (iloc, _) = find(&meta_children, b"iloc");
    let version = b[iloc + 8];
    let mut at = iloc + 12;
    let sizes = take(&b, &mut at, 1) as usize;
    let (offset_size, length_size) = (sizes >> 4, sizes & 15);
    let sizes = take(&b, &mut at, 1) as usize;
    let (base_size, index_size) = (sizes >> 4, if version >= 1 { sizes & 15 } else { 0 });
    let items = take(&b, &mut at, if version < 2 { 2 } else { 4 });
    for _ in 0..items {
        at += if version < 2 { 2 } else { 4 };
        let method = if version >= 1 { take(&b, &mut at, 2) & 15 } else { 0 };
        at += 2; // data_reference_index
        let base_at = at;
        let base = take(&b, &mut at, base_size);
        let extents = take(&b, &mut at, 2);
        let shift = method == 0 && base_size + offset_size > 0;
        if shift && base_size > 0 {
            assert!(base as usize >= meta + meta_size, "item data before the meta box");
            put(&mut b, base_at, base_size, base + delta as u64);
        }
        for _ in 0..extents {
            at += index_size;
            let offset_at = at;
            let offset = take(&b, &mut at, offset_size);
            if shift && base_size == 0 {
                assert!(offset as usize >= meta + meta_size, "item data before the meta box");
                put(&mut b, offset_at, offset_size, offset + delta as u64);
            }
            at += length_size;
        }
        assert!(method != 0 || base_size + offset_size > 0, "iloc without offsets");
    }

    add_to_size(&mut b, meta, delta);
    add_to_size(&mut b, iprp, delta);
    add_to_size(&mut b, ipco, irot.len());
    add_to_size(&mut b, ipma, association.len());
    b[count_at] += 1;
    // Later position first, so the earlier one stays valid.
    assert!(assoc_at > ipco + ipco_size);
    b.splice(assoc_at..assoc_at, association);
    b.splice(ipco + ipco_size..ipco + ipco_size, irot);
    b
}

/// obama.jpg (face_recognition's test photo) with its pixels, or None (skip).
fn obama() -> Option<(Vec<u8>, RgbImage)> {
    let bytes = support::test_photo("obama.jpg")?;
    let rgb = image::load_from_memory(&bytes).unwrap().to_rgb8();
    Some((bytes, rgb))
}

#[test]
fn heic_face_matches_the_same_photo_as_jpeg_and_keeps_its_exif() {
    let (Some(models), Some((jpeg, upright))) = (support::models_dir(), obama()) else { return };
    if !have_heif_enc() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let exif = ExifFields {
        make: Some("Apple"),
        model: Some("iPhone 12"),
        date_time_original: Some("2021:07:04 15:30:12"),
        ..Default::default()
    };
    let jpeg = with_app1(&jpeg, &exif_app1(&exif));
    let heic_path = heif_enc(tmp.path(), "obama", &jpeg);
    let jpeg_path = tmp.path().join("obama.jpg");

    let heic = load_photo(&heic_path, &DecodeOptions::default()).unwrap();
    assert_eq!(heic.meta.format, PhotoFormat::Heic);
    assert_eq!(heic.image.dimensions(), upright.dimensions());
    let m = mean_diff(&heic.image, &upright);
    assert!(m < 4.0, "HEIC pixels differ from the JPEG's by {m} on average");
    assert_eq!(heic.meta.taken_at.as_deref(), Some("2021-07-04T15:30:12"));
    assert_eq!(heic.meta.camera.as_deref(), Some("Apple iPhone 12"));

    let mut p = FacePipeline::new(&models, 2, PipelineOptions::default()).unwrap();
    let from_heic = p.analyze_file(&heic_path).unwrap();
    let from_jpeg = p.analyze_file(&jpeg_path).unwrap();
    assert_eq!((from_heic.faces.len(), from_jpeg.faces.len()), (1, 1));
    let d = distance(
        from_heic.faces[0].face.descriptor.as_slice().try_into().unwrap(),
        from_jpeg.faces[0].face.descriptor.as_slice().try_into().unwrap(),
    );
    assert!(d < 0.15, "HEIC face is {d} from the JPEG face");
    let (a, b) = (from_heic.faces[0].face.bbox, from_jpeg.faces[0].face.bbox);
    assert!(a.iou(&b) > 0.9, "boxes {a:?} and {b:?}");
}

#[test]
fn heif_rotation_is_applied_once() {
    let (Some(models), Some((_, upright))) = (support::models_dir(), obama()) else { return };
    if !have_heif_enc() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut p = FacePipeline::new(&models, 2, PipelineOptions::default()).unwrap();
    let reference = p.faces_in_image(&upright).unwrap().0;
    assert_eq!(reference.len(), 1);
    let reference: [f32; 128] = reference[0].face.descriptor.as_slice().try_into().unwrap();

    // (anticlockwise quarter turns in irot, the pixels as stored, EXIF orientation
    // written beside it as a phone does, or none).
    let cases = [
        (1u8, image::imageops::rotate90(&upright), None),
        (2, image::imageops::rotate180(&upright), None),
        (3, image::imageops::rotate270(&upright), None),
        // An iPhone photo held upright: stored sideways, irot and EXIF 6 both say
        // "turn a quarter clockwise"; applying both would leave it upside down.
        (3, image::imageops::rotate270(&upright), Some(6u16)),
    ];
    for (quarters, stored, orientation) in cases {
        let mut jpeg = encode_jpeg(&stored);
        if let Some(o) = orientation {
            jpeg = with_app1(&jpeg, &exif_app1(&ExifFields { orientation: Some(o), ..Default::default() }));
        }
        let name = format!("irot{quarters}_exif{}", orientation.unwrap_or(0));
        let plain = heif_enc(tmp.path(), &name, &jpeg);
        let rotated = tmp.path().join(format!("{name}_rotated.heic"));
        std::fs::write(&rotated, with_irot(&std::fs::read(&plain).unwrap(), quarters)).unwrap();

        // Without irot the HEIC decodes as stored (EXIF orientation is not applied).
        let as_stored = load_photo(&plain, &DecodeOptions::default()).unwrap();
        assert_eq!(as_stored.image.dimensions(), stored.dimensions(), "{name} without irot");
        let photo = load_photo(&rotated, &DecodeOptions::default()).unwrap();
        assert_eq!(photo.meta.orientation, orientation.unwrap_or(1), "{name}");
        assert_eq!((photo.meta.width, photo.meta.height), upright.dimensions(), "{name}");
        let m = mean_diff(&photo.image, &upright);
        assert!(m < 5.0, "{name}: decoded HEIC differs from the upright photo by {m} on average");

        let found = p.analyze_file(&rotated).unwrap();
        assert_eq!(found.turn, kindred::photo::Turn::None, "{name}: upright after irot, no turn needed");
        assert_eq!(found.faces.len(), 1, "{name}");
        let d = distance(found.faces[0].face.descriptor.as_slice().try_into().unwrap(), &reference);
        assert!(d < 0.15, "{name}: face is {d} from the upright photo's");
    }
}

#[test]
fn damaged_heic_is_a_one_line_error() {
    let Some((jpeg, _)) = obama() else { return };
    if !have_heif_enc() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let heic = std::fs::read(heif_enc(tmp.path(), "obama", &jpeg)).unwrap();
    for cut in [40, heic.len() / 2, heic.len() - 100] {
        let path = tmp.path().join(format!("cut{cut}.heic"));
        std::fs::write(&path, &heic[..cut]).unwrap();
        match load_photo(&path, &DecodeOptions::default()) {
            Err(e) => {
                let text = e.to_string();
                assert!(!text.contains('\n'), "two-line error: {text}");
                assert!(matches!(e.code(), "corrupt_image" | "not_an_image"), "cut at {cut}: {text}");
            }
            Ok(_) => panic!("a HEIC cut at {cut} of {} bytes decoded", heic.len()),
        }
    }
}
