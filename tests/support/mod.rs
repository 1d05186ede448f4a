//! Test inputs built at test time: where the real test photos live, an EXIF APP1 segment
//! written by hand (the image crate cannot write EXIF into a JPEG), and image headers
//! that lie about their size (decompression bombs).
#![allow(dead_code)]

use std::path::PathBuf;

/// face_recognition's test photos: `$KINDRED_MODELS/cache/test_images`, else
/// `models/cache/test_images` beside Cargo.toml. `None` (after printing why) when absent.
pub fn test_images_dir() -> Option<PathBuf> {
    let candidates = std::env::var_os("KINDRED_MODELS")
        .map(|m| PathBuf::from(m).join("cache/test_images"))
        .into_iter()
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/cache/test_images")]);
    for dir in candidates {
        if dir.join("obama.jpg").is_file() {
            return Some(dir);
        }
    }
    eprintln!(
        "SKIP: test photos not found (set KINDRED_MODELS to a models directory with \
         cache/test_images/obama.jpg)"
    );
    None
}

/// The shared development photos: `$KINDRED_SHARED/data/devfaces/images`, else
/// `../shared/data/devfaces/images` beside the repository (CI clones the repository
/// next to `shared`). `None` (after printing why) when absent.
pub fn devfaces_dir() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = std::env::var_os("KINDRED_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([manifest.join("../shared")]);
    for shared in candidates {
        let dir = shared.join("data/devfaces/images");
        if dir.is_dir() {
            return Some(dir);
        }
    }
    eprintln!("SKIP: shared dev photos (data/devfaces/images) not found; set KINDRED_SHARED");
    None
}

/// The bytes of a test photo, or `None` (skip) when the directory is absent.
pub fn test_photo(name: &str) -> Option<Vec<u8>> {
    let dir = test_images_dir()?;
    Some(std::fs::read(dir.join(name)).expect("test photo readable"))
}

/// EXIF fields to write into an APP1 segment.
#[derive(Default)]
pub struct ExifFields<'a> {
    pub orientation: Option<u16>,
    pub make: Option<&'a str>,
    pub model: Option<&'a str>,
    /// "YYYY:MM:DD HH:MM:SS"
    pub date_time_original: Option<&'a str>,
    /// "+HH:MM"
    pub offset_time_original: Option<&'a str>,
}

const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;

/// One IFD entry before layout: tag, type, count and the value bytes (little-endian).
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    value: Vec<u8>,
}

fn ascii(tag: u16, s: &str) -> Entry {
    let mut value = s.as_bytes().to_vec();
    value.push(0);
    Entry {
        tag,
        kind: ASCII,
        count: value.len() as u32,
        value,
    }
}

/// Write an IFD at `base` (offset from the TIFF header) into `out`, values longer than
/// four bytes after it. Returns nothing; `out` must already be `base` bytes long.
fn write_ifd(out: &mut Vec<u8>, mut entries: Vec<Entry>, next_ifd: u32) {
    entries.sort_by_key(|e| e.tag);
    let base = out.len();
    let mut data_offset = base + 2 + entries.len() * 12 + 4;
    let mut data = Vec::new();
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for e in &entries {
        out.extend_from_slice(&e.tag.to_le_bytes());
        out.extend_from_slice(&e.kind.to_le_bytes());
        out.extend_from_slice(&e.count.to_le_bytes());
        if e.value.len() <= 4 {
            let mut inline = e.value.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&(data_offset as u32).to_le_bytes());
            data.extend_from_slice(&e.value);
            if e.value.len() % 2 == 1 {
                data.push(0); // word alignment
            }
            data_offset = base + 2 + entries.len() * 12 + 4 + data.len();
        }
    }
    out.extend_from_slice(&next_ifd.to_le_bytes());
    out.extend_from_slice(&data);
}

/// A complete APP1 segment (marker, length, "Exif\0\0", little-endian TIFF) holding
/// `fields`: IFD0 with Make, Model, Orientation and a pointer to an Exif IFD holding
/// DateTimeOriginal and OffsetTimeOriginal.
pub fn exif_app1(fields: &ExifFields) -> Vec<u8> {
    let mut ifd0 = Vec::new();
    if let Some(m) = fields.make {
        ifd0.push(ascii(0x010F, m));
    }
    if let Some(m) = fields.model {
        ifd0.push(ascii(0x0110, m));
    }
    if let Some(o) = fields.orientation {
        ifd0.push(Entry {
            tag: 0x0112,
            kind: SHORT,
            count: 1,
            value: o.to_le_bytes().to_vec(),
        });
    }
    let mut exif_ifd = Vec::new();
    if let Some(d) = fields.date_time_original {
        exif_ifd.push(ascii(0x9003, d));
    }
    if let Some(o) = fields.offset_time_original {
        exif_ifd.push(ascii(0x9011, o));
    }

    // TIFF header, then IFD0 at offset 8; the Exif IFD follows IFD0 and its data.
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    if exif_ifd.is_empty() {
        write_ifd(&mut tiff, ifd0, 0);
    } else {
        // Lay IFD0 out once with a placeholder pointer to learn its size.
        ifd0.push(Entry {
            tag: 0x8769,
            kind: LONG,
            count: 1,
            value: vec![0; 4],
        });
        let mut probe = tiff.clone();
        write_ifd(&mut probe, clone_entries(&ifd0), 0);
        let exif_offset = probe.len() as u32;
        for e in &mut ifd0 {
            if e.tag == 0x8769 {
                e.value = exif_offset.to_le_bytes().to_vec();
            }
        }
        write_ifd(&mut tiff, ifd0, 0);
        assert_eq!(tiff.len() as u32, exif_offset);
        write_ifd(&mut tiff, exif_ifd, 0);
    }

    let mut app1 = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    app1.extend_from_slice(&len.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    app1
}

fn clone_entries(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .map(|e| Entry {
            tag: e.tag,
            kind: e.kind,
            count: e.count,
            value: e.value.clone(),
        })
        .collect()
}

/// `jpeg` with any existing APP1 (EXIF/XMP) segments removed and `app1` inserted right
/// after SOI, so the result carries exactly the EXIF the test wrote.
pub fn with_app1(jpeg: &[u8], app1: &[u8]) -> Vec<u8> {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    let mut out = vec![0xFF, 0xD8];
    out.extend_from_slice(app1);
    let mut pos = 2;
    // Copy header segments, dropping APP1s, until the first scan; then copy the rest.
    while pos + 4 <= jpeg.len() && jpeg[pos] == 0xFF && jpeg[pos + 1] != 0xDA {
        let len = u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]) as usize;
        if jpeg[pos + 1] != 0xE1 {
            out.extend_from_slice(&jpeg[pos..pos + 2 + len]);
        }
        pos += 2 + len;
    }
    out.extend_from_slice(&jpeg[pos..]);
    out
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// A valid-looking PNG whose IHDR claims `width` x `height` RGB pixels, followed by a
/// tiny IDAT: a decompression bomb as far as the header is concerned.
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    png_chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of a few zero bytes; a real bomb would be a long run of them.
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A GIF whose logical screen and single frame claim `width` x `height`.
pub fn gif_bomb(width: u16, height: u16) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&height.to_le_bytes());
    out.extend_from_slice(&[0x80, 0, 0]); // global colour table of 2 entries
    out.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
    out.push(0x2C); // image descriptor
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&height.to_le_bytes());
    out.push(0);
    out.extend_from_slice(&[2, 2, 0x4C, 0x01, 0]); // minimal LZW data
    out.push(0x3B);
    out
}

/// A JPEG whose frame header (SOF0) claims `width` x `height`: `jpeg` with its SOF
/// dimensions overwritten.
pub fn jpeg_with_claimed_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let pos = jpeg_sof_offset(jpeg);
    out[pos + 5..pos + 7].copy_from_slice(&height.to_be_bytes());
    out[pos + 7..pos + 9].copy_from_slice(&width.to_be_bytes());
    out
}

/// A BMP header claiming `width` x `height` 24-bit pixels, with almost no pixel data.
pub fn bmp_bomb(width: i32, height: i32) -> Vec<u8> {
    let mut out = b"BM".to_vec();
    out.extend_from_slice(&1000u32.to_le_bytes()); // file size (a lie)
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&54u32.to_le_bytes()); // pixel data offset
    out.extend_from_slice(&40u32.to_le_bytes()); // BITMAPINFOHEADER
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&height.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // planes
    out.extend_from_slice(&24u16.to_le_bytes()); // bits per pixel
    out.extend_from_slice(&[0; 24]); // compression, sizes, resolution, colours
    out.extend_from_slice(&[0x80; 64]);
    out
}

/// A little-endian baseline TIFF whose IFD claims `width` x `height` 8-bit RGB in a
/// single uncompressed strip, with almost no pixel data.
pub fn tiff_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let entries = vec![
        Entry {
            tag: 256,
            kind: LONG,
            count: 1,
            value: width.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 257,
            kind: LONG,
            count: 1,
            value: height.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 258,
            kind: SHORT,
            count: 3,
            value: [8u16, 8, 8].iter().flat_map(|v| v.to_le_bytes()).collect(),
        },
        Entry {
            tag: 259,
            kind: SHORT,
            count: 1,
            value: 1u16.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 262,
            kind: SHORT,
            count: 1,
            value: 2u16.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 273,
            kind: LONG,
            count: 1,
            value: 200u32.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 277,
            kind: SHORT,
            count: 1,
            value: 3u16.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 278,
            kind: LONG,
            count: 1,
            value: height.to_le_bytes().to_vec(),
        },
        Entry {
            tag: 279,
            kind: LONG,
            count: 1,
            value: (u64::from(width) * u64::from(height) * 3)
                .min(u64::from(u32::MAX))
                .to_le_bytes()[..4]
                .to_vec(),
        },
    ];
    write_ifd(&mut out, entries, 0);
    out.resize(264, 0x80);
    out
}

/// A lossless WebP whose VP8L header claims `width` x `height` (each below 16384,
/// which image-webp 0.2 reads as 0), followed by a few bytes of pixel data.
pub fn webp_bomb(width: u32, height: u32) -> Vec<u8> {
    // VP8L: signature 0x2F, then 14 bits width-1, 14 bits height-1, alpha bit, 3 bits
    // version (0), least significant bit first.
    let bits = (width - 1) | (height - 1) << 14;
    let mut vp8l = vec![0x2F];
    vp8l.extend_from_slice(&bits.to_le_bytes());
    vp8l.extend_from_slice(&[0u8; 16]);
    let mut body = b"WEBP".to_vec();
    body.extend_from_slice(b"VP8L");
    body.extend_from_slice(&(vp8l.len() as u32).to_le_bytes());
    body.extend_from_slice(&vp8l);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Offset of the frame header (SOF0/1/2) of the main image, found by walking the
/// segments (a byte search would find the EXIF thumbnail's SOF first).
pub fn jpeg_sof_offset(jpeg: &[u8]) -> usize {
    let mut pos = 2;
    while pos + 4 <= jpeg.len() {
        let marker = jpeg[pos + 1];
        if matches!(marker, 0xC0..=0xC2) {
            return pos;
        }
        pos += 2 + u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]) as usize;
    }
    panic!("no SOF segment");
}

/// A folder of the shared development data (`data/<name>`): under `$KINDRED_SHARED`, else
/// `../shared` beside the repository (CI clones the repository next to `shared`). `None`
/// (after printing why) when absent.
pub fn shared_data(name: &str) -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = std::env::var_os("KINDRED_SHARED").map(PathBuf::from).into_iter().chain([manifest.join("../shared")]);
    for shared in candidates {
        let dir = shared.join("data").join(name);
        if dir.join("labels.csv").is_file() {
            return Some(dir);
        }
    }
    eprintln!("SKIP: shared data/{name} not found beside the repository; set KINDRED_SHARED");
    None
}

/// The model folder the binaries would use, when its files are built; `None` (after
/// printing why) when they are not.
pub fn models_dir() -> Option<PathBuf> {
    let dir = kindred::runtime::models_dir();
    if dir.join(kindred::runtime::RESNET).is_file() {
        Some(dir)
    } else {
        eprintln!("SKIP: model files not built (run `bash models/build.sh`)");
        None
    }
}
