//! Image input on real photos (face_recognition's test images) turned, at test time, into
//! every supported format, EXIF orientation and kind of broken file.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, GrayImage, ImageFormat, Rgb, RgbImage, RgbaImage};
use kindred::photo::{load_photo, load_photo_bytes, sniff_format, DecodeOptions, PhotoFormat};
use kindred::Error;
use support::{exif_app1, test_photo, with_app1, ExifFields};

// ---- allocation tracking: how much the current thread holds at its peak ----

struct Tracking;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let v = live.get() + delta;
        live.set(v);
        let _ = PEAK.try_with(|p| p.set(p.get().max(v)));
    });
}

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            track(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Tracking = Tracking;

/// Run `f` and return its result with the most memory this thread held above the
/// starting point while it ran.
fn peak_bytes<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    let peak = PEAK.with(Cell::get) - start;
    (out, peak.max(0) as usize)
}

// ---- helpers ----

fn opts() -> DecodeOptions {
    DecodeOptions::default()
}

fn load(bytes: &[u8]) -> kindred::Result<kindred::photo::Photo> {
    load_photo_bytes(bytes, Path::new("test-input"), &opts())
}

fn code_of(bytes: &[u8]) -> &'static str {
    match load(bytes) {
        Ok(p) => panic!(
            "expected an error, got a {}x{} photo",
            p.meta.width, p.meta.height
        ),
        Err(e) => e.code(),
    }
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

/// obama.jpg decoded by the image crate directly (no orientation: the file has 1).
fn obama() -> Option<(Vec<u8>, RgbImage)> {
    let bytes = test_photo("obama.jpg")?;
    let rgb = image::load_from_memory(&bytes)
        .expect("obama.jpg decodes")
        .to_rgb8();
    Some((bytes, rgb))
}

/// A smaller copy with odd, unequal sides, so a swapped width/height shows.
fn small(rgb: &RgbImage) -> RgbImage {
    image::imageops::resize(rgb, 303, 379, image::imageops::FilterType::Triangle)
}

fn max_diff(a: &RgbImage, b: &RgbImage) -> u8 {
    assert_eq!(a.dimensions(), b.dimensions());
    a.as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| x.abs_diff(*y))
        .max()
        .unwrap_or(0)
}

fn mean_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

/// `rgb` with a varying alpha (a diagonal ramp), and what it must look like on white.
fn with_alpha(rgb: &RgbImage) -> (RgbaImage, RgbImage) {
    let (w, h) = rgb.dimensions();
    let rgba = RgbaImage::from_fn(w, h, |x, y| {
        let p = rgb.get_pixel(x, y);
        let a = ((x + y) * 255 / (w + h - 2)) as u8;
        image::Rgba([p[0], p[1], p[2], a])
    });
    let on_white = RgbImage::from_fn(w, h, |x, y| {
        let p = rgba.get_pixel(x, y);
        let a = f64::from(p[3]) / 255.0;
        let c = |v: u8| (f64::from(v) * a + 255.0 * (1.0 - a)).round() as u8;
        Rgb([c(p[0]), c(p[1]), c(p[2])])
    });
    (rgba, on_white)
}

fn grey_as_rgb(g: &GrayImage) -> RgbImage {
    RgbImage::from_fn(g.width(), g.height(), |x, y| {
        let v = g.get_pixel(x, y)[0];
        Rgb([v, v, v])
    })
}

/// A palette PNG (8-bit indices into a 3-3-2 colour cube) and the RGB it stands for.
fn palette_png(rgb: &RgbImage) -> (Vec<u8>, RgbImage) {
    let palette: Vec<u8> = (0..=255u8)
        .flat_map(|i| [(i >> 5) * 36, ((i >> 2) & 7) * 36, (i & 3) * 85])
        .collect();
    let index = |p: &Rgb<u8>| (p[0] >> 5) << 5 | (p[1] >> 5) << 2 | p[2] >> 6;
    let indices: Vec<u8> = rgb.pixels().map(index).collect();
    let expected = RgbImage::from_fn(rgb.width(), rgb.height(), |x, y| {
        let i = usize::from(index(rgb.get_pixel(x, y))) * 3;
        Rgb([palette[i], palette[i + 1], palette[i + 2]])
    });
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, rgb.width(), rgb.height());
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(palette.clone());
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(&indices).unwrap();
    }
    (out, expected)
}

// ---- formats ----

#[test]
fn every_format_round_trips_to_the_same_upright_pixels() {
    let Some((jpeg, full)) = obama() else { return };
    let src = small(&full);
    let grey = image::imageops::grayscale(&src);
    let (rgba, rgba_on_white) = with_alpha(&src);
    let grey_alpha = DynamicImage::ImageRgba8(rgba.clone()).into_luma_alpha8();
    let grey_alpha_on_white = {
        let (_, expected) = with_alpha(&grey_as_rgb(
            &DynamicImage::ImageLumaA8(grey_alpha.clone()).to_luma8(),
        ));
        expected
    };
    let rgb = DynamicImage::ImageRgb8(src.clone());
    let rgb16 = DynamicImage::ImageRgb16(rgb.to_rgb16());
    let rgba16 = DynamicImage::ImageRgba16(DynamicImage::ImageRgba8(rgba.clone()).to_rgba16());
    let (palette, palette_expected) = palette_png(&src);

    // (label, bytes, format, expected pixels, largest allowed per-channel difference)
    let cases: Vec<(&str, Vec<u8>, PhotoFormat, RgbImage, u8)> = vec![
        (
            "png rgb8",
            encode(&rgb, ImageFormat::Png),
            PhotoFormat::Png,
            src.clone(),
            0,
        ),
        (
            "png grey",
            encode(&DynamicImage::ImageLuma8(grey.clone()), ImageFormat::Png),
            PhotoFormat::Png,
            grey_as_rgb(&grey),
            0,
        ),
        (
            "png grey+alpha",
            encode(
                &DynamicImage::ImageLumaA8(grey_alpha.clone()),
                ImageFormat::Png,
            ),
            PhotoFormat::Png,
            grey_alpha_on_white,
            1,
        ),
        (
            "png rgb16",
            encode(&rgb16, ImageFormat::Png),
            PhotoFormat::Png,
            src.clone(),
            0,
        ),
        (
            "png rgba8",
            encode(&DynamicImage::ImageRgba8(rgba.clone()), ImageFormat::Png),
            PhotoFormat::Png,
            rgba_on_white.clone(),
            1,
        ),
        (
            "png rgba16",
            encode(&rgba16, ImageFormat::Png),
            PhotoFormat::Png,
            rgba_on_white.clone(),
            1,
        ),
        (
            "png palette",
            palette,
            PhotoFormat::Png,
            palette_expected,
            0,
        ),
        (
            "webp lossless rgb",
            encode(&rgb, ImageFormat::WebP),
            PhotoFormat::WebP,
            src.clone(),
            0,
        ),
        (
            "webp lossless rgba",
            encode(&DynamicImage::ImageRgba8(rgba.clone()), ImageFormat::WebP),
            PhotoFormat::WebP,
            rgba_on_white.clone(),
            1,
        ),
        (
            "tiff rgb8",
            encode(&rgb, ImageFormat::Tiff),
            PhotoFormat::Tiff,
            src.clone(),
            0,
        ),
        (
            "tiff grey",
            encode(&DynamicImage::ImageLuma8(grey.clone()), ImageFormat::Tiff),
            PhotoFormat::Tiff,
            grey_as_rgb(&grey),
            0,
        ),
        (
            "tiff rgb16",
            encode(&rgb16, ImageFormat::Tiff),
            PhotoFormat::Tiff,
            src.clone(),
            0,
        ),
        (
            "tiff rgba8",
            encode(&DynamicImage::ImageRgba8(rgba.clone()), ImageFormat::Tiff),
            PhotoFormat::Tiff,
            rgba_on_white.clone(),
            1,
        ),
        (
            "bmp rgb8",
            encode(&rgb, ImageFormat::Bmp),
            PhotoFormat::Bmp,
            src.clone(),
            0,
        ),
        (
            "bmp rgba8",
            encode(&DynamicImage::ImageRgba8(rgba.clone()), ImageFormat::Bmp),
            PhotoFormat::Bmp,
            rgba_on_white.clone(),
            1,
        ),
        (
            "bmp grey (palette)",
            encode(&DynamicImage::ImageLuma8(grey.clone()), ImageFormat::Bmp),
            PhotoFormat::Bmp,
            grey_as_rgb(&grey),
            0,
        ),
    ];
    for (label, bytes, format, expected, tolerance) in cases {
        assert_eq!(
            sniff_format(&bytes),
            Some(format),
            "{label}: sniffed format"
        );
        let photo = load(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(photo.meta.format, format, "{label}");
        assert_eq!(
            (photo.meta.width, photo.meta.height),
            (303, 379),
            "{label}: upright size"
        );
        assert_eq!(photo.image.dimensions(), (303, 379), "{label}");
        assert_eq!(photo.meta.orientation, 1, "{label}");
        let d = max_diff(&photo.image, &expected);
        assert!(d <= tolerance, "{label}: pixels differ by up to {d}");
    }

    // Lossy: JPEG re-encoded, and GIF (quantised to 256 colours): close on average.
    for (label, bytes, format) in [
        (
            "jpeg re-encoded",
            encode(&rgb, ImageFormat::Jpeg),
            PhotoFormat::Jpeg,
        ),
        ("gif", encode(&rgb, ImageFormat::Gif), PhotoFormat::Gif),
    ] {
        assert_eq!(sniff_format(&bytes), Some(format), "{label}");
        let photo = load(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(photo.image.dimensions(), (303, 379), "{label}");
        let m = mean_diff(&photo.image, &src);
        assert!(m < 6.0, "{label}: mean difference {m}");
    }

    // The original JPEG: same pixels as the image crate gives.
    let photo = load(&jpeg).unwrap();
    assert_eq!(photo.meta.format, PhotoFormat::Jpeg);
    assert_eq!((photo.meta.width, photo.meta.height), full.dimensions());
    assert_eq!(max_diff(&photo.image, &full), 0);
}

#[test]
fn gif_gives_its_first_frame() {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame};
    let red = RgbaImage::from_pixel(40, 30, image::Rgba([255, 0, 0, 255]));
    let blue = RgbaImage::from_pixel(40, 30, image::Rgba([0, 0, 255, 255]));
    let mut bytes = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut bytes);
        for f in [red, blue] {
            enc.encode_frame(Frame::from_parts(
                f,
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            ))
            .unwrap();
        }
    }
    let photo = load(&bytes).unwrap();
    assert_eq!(photo.meta.format, PhotoFormat::Gif);
    assert_eq!(photo.image.dimensions(), (40, 30));
    assert!(
        photo.image.pixels().all(|p| p.0 == [255, 0, 0]),
        "first frame is red"
    );
}

#[test]
fn transparent_png_is_composited_on_white() {
    let Some(bytes) = test_photo("32bit.png") else {
        return;
    };
    let rgba = image::load_from_memory(&bytes).unwrap().to_rgba8();
    let photo = load(&bytes).unwrap();
    assert_eq!(photo.image.dimensions(), rgba.dimensions());
    let mut transparent = 0;
    for (out, src) in photo.image.pixels().zip(rgba.pixels()) {
        match src[3] {
            0 => {
                transparent += 1;
                assert_eq!(out.0, [255, 255, 255]);
            }
            255 => assert_eq!(out.0, [src[0], src[1], src[2]]),
            _ => {}
        }
    }
    eprintln!("32bit.png: {transparent} fully transparent pixels");
}

#[test]
fn every_dev_photo_loads() {
    let Some(dir) = support::devfaces_dir() else {
        return;
    };
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let photo = load_photo(&path, &opts()).unwrap_or_else(|e| panic!("{e}"));
        // Same pixels as the image crate's own decode (these files have no EXIF
        // orientation and no alpha, checked with Pillow).
        let reference = image::open(&path).unwrap().to_rgb8();
        assert_eq!(
            photo.image.dimensions(),
            reference.dimensions(),
            "{}",
            path.display()
        );
        assert_eq!(max_diff(&photo.image, &reference), 0, "{}", path.display());
        assert_eq!(photo.meta.orientation, 1);
        count += 1;
    }
    assert!(count >= 40, "only {count} dev photos");
}

// ---- EXIF ----

/// Where the stored pixel for upright (x, y) comes from, for EXIF orientation `o` and a
/// stored image of `w` x `h`. Written from the EXIF specification, independently of the
/// image crate.
fn stored_coords(o: u16, x: u32, y: u32, w: u32, h: u32) -> (u32, u32) {
    match o {
        1 => (x, y),
        2 => (w - 1 - x, y),
        3 => (w - 1 - x, h - 1 - y),
        4 => (x, h - 1 - y),
        5 => (y, x),
        6 => (y, h - 1 - x),
        7 => (w - 1 - y, h - 1 - x),
        8 => (w - 1 - y, x),
        _ => unreachable!(),
    }
}

#[test]
fn exif_orientation_gives_an_upright_image() {
    let Some((jpeg, stored)) = obama() else {
        return;
    };
    let (w, h) = stored.dimensions();
    for o in 1..=8u16 {
        let bytes = with_app1(
            &jpeg,
            &exif_app1(&ExifFields {
                orientation: Some(o),
                ..Default::default()
            }),
        );
        let photo = load(&bytes).unwrap_or_else(|e| panic!("orientation {o}: {e}"));
        assert_eq!(photo.meta.orientation, o);
        let upright = if o >= 5 { (h, w) } else { (w, h) };
        assert_eq!(
            (photo.meta.width, photo.meta.height),
            upright,
            "orientation {o}"
        );
        assert_eq!(photo.image.dimensions(), upright, "orientation {o}");
        // The JPEG stream is byte-identical, so apart from the transform the pixels are
        // exactly the same.
        for (x, y, p) in photo.image.enumerate_pixels() {
            let (sx, sy) = stored_coords(o, x, y, w, h);
            assert_eq!(
                p,
                stored.get_pixel(sx, sy),
                "orientation {o} at upright ({x}, {y})"
            );
        }
    }
}

#[test]
fn sideways_photo_reencoded_is_upright_within_jpeg_tolerance() {
    // A phone held sideways stores the scene rotated and says "rotate 90 CW" (6), or
    // "rotate 90 CCW" (8). Simulate it from an upright original.
    let Some((_, upright)) = obama() else { return };
    for (o, stored) in [
        (6u16, image::imageops::rotate270(&upright)),
        (8u16, image::imageops::rotate90(&upright)),
    ] {
        let jpeg = encode(&DynamicImage::ImageRgb8(stored), ImageFormat::Jpeg);
        let bytes = with_app1(
            &jpeg,
            &exif_app1(&ExifFields {
                orientation: Some(o),
                ..Default::default()
            }),
        );
        let photo = load(&bytes).unwrap();
        assert_eq!(
            photo.image.dimensions(),
            upright.dimensions(),
            "orientation {o}"
        );
        let m = mean_diff(&photo.image, &upright);
        assert!(
            m < 4.0,
            "orientation {o}: mean difference {m} from the upright original"
        );
    }
}

#[test]
fn exif_date_and_camera_are_read() {
    let Some((jpeg, _)) = obama() else { return };
    // The real file (values cross-checked with Pillow): DateTimeOriginal 2012:12:06
    // 15:46:01, Make "Canon", Model "Canon EOS 5D Mark III", orientation 1.
    let photo = load(&jpeg).unwrap();
    assert_eq!(photo.meta.taken_at.as_deref(), Some("2012-12-06T15:46:01"));
    assert_eq!(photo.meta.camera.as_deref(), Some("Canon EOS 5D Mark III"));
    assert_eq!(photo.meta.orientation, 1);

    let fields = ExifFields {
        orientation: Some(3),
        make: Some("FUJIFILM"),
        model: Some("X-T4"),
        date_time_original: Some("2021:07:04 15:30:12"),
        offset_time_original: Some("+02:00"),
    };
    let photo = load(&with_app1(&jpeg, &exif_app1(&fields))).unwrap();
    assert_eq!(
        photo.meta.taken_at.as_deref(),
        Some("2021-07-04T15:30:12+02:00")
    );
    assert_eq!(photo.meta.camera.as_deref(), Some("FUJIFILM X-T4"));
    assert_eq!(photo.meta.orientation, 3);

    // No EXIF at all: nothing invented.
    let photo = load(&with_app1(&jpeg, &[])).unwrap();
    assert_eq!(
        (
            photo.meta.taken_at,
            photo.meta.camera,
            photo.meta.orientation
        ),
        (None, None, 1)
    );
}

#[test]
fn broken_exif_does_not_fail_the_photo() {
    let Some((jpeg, stored)) = obama() else {
        return;
    };
    // An APP1 that says "Exif" and then holds garbage.
    let mut app1 = vec![0xFF, 0xE1, 0x00, 0x20];
    app1.extend_from_slice(b"Exif\0\0II*\0\xff\xff\xff\x7f");
    app1.resize(0x22, 0xAB);
    let photo = load(&with_app1(&jpeg, &app1)).unwrap();
    assert_eq!(photo.meta.orientation, 1);
    assert_eq!(max_diff(&photo.image, &stored), 0);
}

// ---- bad input ----

#[test]
fn empty_text_pdf_and_headless_heic_are_rejected_by_content() {
    assert_eq!(code_of(b""), "empty_file");
    assert_eq!(
        code_of(b"Dear diary, today I took 300 photos.\n"),
        "not_an_image"
    );
    assert_eq!(
        code_of(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
        "not_an_image"
    );
    assert_eq!(
        code_of(b"<!DOCTYPE html><html><body>404</body></html>"),
        "not_an_image"
    );
    // An iPhone HEIC header and nothing else: recognised as a HEIC, refused by libheif
    // as damaged (whole HEIC files are tested in tests/heic.rs).
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0";
    assert_eq!(sniff_format(heic), Some(PhotoFormat::Heic));
    match load(heic) {
        Err(Error::CorruptImage { reason, .. }) => assert!(reason.starts_with("HEIF: ") && !reason.contains('\n'), "{reason}"),
        other => panic!("expected CorruptImage for a HEIC header alone, got {other:?}"),
    }
    // A JPEG that is really a PNG, named .jpg: decided by content.
    let png = encode(
        &DynamicImage::ImageRgb8(RgbImage::new(5, 4)),
        ImageFormat::Png,
    );
    let photo = load_photo_bytes(&png, Path::new("holiday.jpg"), &opts()).unwrap();
    assert_eq!(photo.meta.format, PhotoFormat::Png);
}

/// Deterministic pseudo-random bytes.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 56) as u8
        })
        .collect()
}

#[test]
fn corrupt_files_are_corrupt_image() {
    let Some((jpeg, full)) = obama() else { return };
    let src = DynamicImage::ImageRgb8(small(&full));

    // The right signature followed by noise.
    let bmp_head = {
        let mut b = b"BM\0\0\0\0\0\0\0\0\x36\0\0\0".to_vec();
        b.extend_from_slice(&40u32.to_le_bytes());
        b
    };
    let signatures: [&[u8]; 7] = [
        b"\xFF\xD8\xFF",
        b"\x89PNG\r\n\x1a\n",
        // GIF with a plausible 100x100 screen, so the noise is not read as a size.
        b"GIF89a\x64\0\x64\0",
        b"RIFF\0\x10\0\0WEBPVP8 ",
        b"II*\0",
        b"MM\0*",
        &bmp_head,
    ];
    for (i, sig) in signatures.iter().enumerate() {
        let mut bytes = sig.to_vec();
        bytes.extend_from_slice(&noise(4000, i as u64));
        let code = code_of(&bytes);
        assert_eq!(code, "corrupt_image", "signature {i} + noise");
    }

    // Damage inside otherwise valid files.
    let mut png = encode(&src, ImageFormat::Png);
    let mid = png.len() / 2;
    for b in &mut png[mid..mid + 64] {
        *b ^= 0x5A;
    }
    assert_eq!(code_of(&png), "corrupt_image", "png with damaged IDAT");

    let mut bad_sof = jpeg.clone();
    let sof = support::jpeg_sof_offset(&jpeg);
    bad_sof[sof + 9] = 0; // zero components
    assert_eq!(
        code_of(&bad_sof),
        "corrupt_image",
        "jpeg with zero components"
    );

    let mut tiff = encode(&src, ImageFormat::Tiff);
    tiff[4..8].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes()); // IFD far beyond the end
    assert_eq!(
        code_of(&tiff),
        "corrupt_image",
        "tiff with a dangling IFD offset"
    );
}

#[test]
fn truncated_files_are_errors_not_partial_pictures() {
    let Some((jpeg, full)) = obama() else { return };
    let src = DynamicImage::ImageRgb8(small(&full));
    let files = [
        ("jpeg", jpeg.clone()),
        ("png", encode(&src, ImageFormat::Png)),
        ("gif", encode(&src, ImageFormat::Gif)),
        ("webp", encode(&src, ImageFormat::WebP)),
        ("tiff", encode(&src, ImageFormat::Tiff)),
        ("bmp", encode(&src, ImageFormat::Bmp)),
    ];
    for (label, bytes) in &files {
        for fraction in [0.3, 0.6, 0.95] {
            let cut = (bytes.len() as f64 * fraction) as usize;
            let code = code_of(&bytes[..cut]);
            assert_eq!(
                code,
                "corrupt_image",
                "{label} cut to {cut} of {} bytes",
                bytes.len()
            );
        }
    }
    // A JPEG missing only its last bytes (the end of the scan and EOI) still fails.
    assert_eq!(code_of(&jpeg[..jpeg.len() - 3]), "corrupt_image");
    // Bytes after the end-of-image marker (as in phone motion photos) are fine.
    let mut trailing = jpeg.clone();
    trailing.extend_from_slice(&noise(5000, 9));
    assert!(load(&trailing).is_ok());
}

#[test]
fn decompression_bombs_fail_fast_without_allocating() {
    let mut bombs: Vec<(&str, Vec<u8>)> = vec![
        ("png 100000x100000", support::png_bomb(100_000, 100_000)),
        ("gif 65535x65535", support::gif_bomb(65535, 65535)),
        // The BMP decoder refuses sides over 65535 itself (a CorruptImage); stay under.
        ("bmp 60000x60000", support::bmp_bomb(60_000, 60_000)),
        ("tiff 100000x100000", support::tiff_bomb(100_000, 100_000)),
        ("webp 16000x16000", support::webp_bomb(16000, 16000)),
    ];
    if let Some((jpeg, _)) = obama() {
        bombs.push((
            "jpeg 65535x65535",
            support::jpeg_with_claimed_size(&jpeg, 65535, 65535),
        ));
    }
    for (label, bytes) in bombs {
        let (result, peak) = peak_bytes(|| load(&bytes));
        match result {
            Err(Error::ImageTooLarge {
                width,
                height,
                limit_pixels,
                ..
            }) => {
                assert!(
                    u64::from(width) * u64::from(height) > limit_pixels,
                    "{label}"
                );
            }
            other => panic!("{label}: expected ImageTooLarge, got {other:?}"),
        }
        // The image would need gigabytes; a few megabytes of bookkeeping is all it may cost.
        assert!(peak < 16 << 20, "{label}: peak allocation {peak} bytes");
        eprintln!("{label}: rejected, peak allocation {peak} bytes");
    }
}

/// A real 12000x8400 (100.8 MP) greyscale JPEG, encoded at test time.
fn hundred_megapixel_jpeg() -> Vec<u8> {
    let img = GrayImage::from_fn(12000, 8400, |x, y| {
        image::Luma([((x / 40 + y / 40) % 2 * 200 + 20) as u8])
    });
    encode(&DynamicImage::ImageLuma8(img), ImageFormat::Jpeg)
}

#[test]
fn hundred_megapixel_jpeg_over_the_limit_is_rejected_before_decoding() {
    let jpeg = hundred_megapixel_jpeg();
    let limited = DecodeOptions {
        max_pixels: 50_000_000,
        ..DecodeOptions::default()
    };
    let (result, peak) = peak_bytes(|| load_photo_bytes(&jpeg, Path::new("big.jpg"), &limited));
    match result {
        Err(Error::ImageTooLarge {
            width: 12000,
            height: 8400,
            limit_pixels: 50_000_000,
            ..
        }) => {}
        other => panic!("expected ImageTooLarge, got {other:?}"),
    }
    // The decoder copies the file once (a few MB); it must not allocate pixels.
    assert!(
        peak < jpeg.len() * 2 + (8 << 20),
        "peak allocation {peak} bytes"
    );
}

/// Peak resident memory of this process so far (Linux `VmHWM`), in MiB.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib >> 10)
}

/// Heavy (about 300 MB of pixels): run with `--ignored`. Decodes a 100.8 MP JPEG with
/// the default limits, as a user's medium-format camera file would be. To measure the
/// decoder alone, point `KINDRED_BIG_JPEG` at an existing large JPEG: the peak RSS then
/// covers loading that file and nothing else.
#[test]
#[ignore]
fn hundred_megapixel_jpeg_decodes_with_default_limits() {
    let (path, jpeg) = match std::env::var_os("KINDRED_BIG_JPEG") {
        Some(p) => (
            PathBuf::from(&p),
            std::fs::read(&p).expect("KINDRED_BIG_JPEG readable"),
        ),
        None => (PathBuf::from("generated.jpg"), hundred_megapixel_jpeg()),
    };
    let before = peak_rss_mib();
    let (photo, peak) =
        peak_bytes(|| load_photo_bytes(&jpeg, &path, &opts()).expect("100 MP decodes by default"));
    let (w, h) = photo.image.dimensions();
    assert!(u64::from(w) * u64::from(h) >= 100_000_000, "{w}x{h}");
    eprintln!(
        "{} ({} bytes) -> {w}x{h}, orientation {}: peak allocation on the decoding thread \
         {} MiB; process peak RSS {:?} MiB before, {:?} MiB after",
        path.display(),
        jpeg.len(),
        photo.meta.orientation,
        peak >> 20,
        before,
        peak_rss_mib()
    );
}

// ---- files ----

#[test]
fn unreadable_paths_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let code = |p: &Path| match load_photo(p, &opts()) {
        Ok(_) => panic!("{} loaded", p.display()),
        Err(e) => e.code(),
    };
    assert_eq!(code(&dir.path().join("missing.jpg")), "io");
    assert_eq!(code(dir.path()), "not_a_file", "a directory");

    let fifo = dir.path().join("pipe.jpg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        // Must not block waiting for a writer.
        assert_eq!(code(&fifo), "not_a_file", "a FIFO");
    } else {
        eprintln!("SKIP FIFO check: mkfifo unavailable");
    }
    // A link to /dev/zero named like a photo: never read (it would never end).
    let zero = dir.path().join("zero.jpg");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    assert_eq!(code(&zero), "not_a_file", "a link to /dev/zero");
    let socket = dir.path().join("socket.png");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    assert_eq!(code(&socket), "not_a_file", "a socket");

    let locked = dir.path().join("locked.png");
    std::fs::write(
        &locked,
        encode(
            &DynamicImage::ImageRgb8(RgbImage::new(4, 4)),
            ImageFormat::Png,
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        eprintln!("SKIP permission-denied check: running as root, mode 000 does not stop reads");
    } else {
        assert_eq!(code(&locked), "io", "permission denied");
    }

    let big = dir.path().join("big.png");
    std::fs::write(&big, vec![0u8; 5000]).unwrap();
    let small_limit = DecodeOptions {
        max_file_bytes: 4096,
        ..DecodeOptions::default()
    };
    assert_eq!(
        load_photo(&big, &small_limit).unwrap_err().code(),
        "file_too_large"
    );

    let empty = dir.path().join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(code(&empty), "empty_file");
}

#[test]
fn non_utf8_file_names_load() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let Some((jpeg, full)) = obama() else { return };
    let dir = tempfile::tempdir().unwrap();
    // Latin-1 "café" and a lone 0xFF: valid Linux file names, invalid UTF-8.
    let name = OsStr::from_bytes(b"caf\xe9 \xff photo");
    let path: PathBuf = dir.path().join(name);
    assert!(path.to_str().is_none());
    std::fs::write(&path, &jpeg).unwrap();
    let photo = load_photo(&path, &opts()).unwrap();
    assert_eq!(photo.image.dimensions(), full.dimensions());

    // Errors carry the same path.
    let broken = dir.path().join(OsStr::from_bytes(b"broken \xfe.jpg"));
    std::fs::write(&broken, b"\xFF\xD8\xFF\xE0 not really").unwrap();
    match load_photo(&broken, &opts()) {
        Err(Error::CorruptImage { path, .. }) => assert_eq!(path, broken),
        other => panic!("expected CorruptImage, got {other:?}"),
    }
}

// ---- every cut of every format ----

/// A 64x48 picture with detail everywhere (a gradient with a pseudo-random texture), so
/// that every part of every encoding carries pixels.
fn textured() -> RgbImage {
    let n = noise(64 * 48 * 3, 4);
    RgbImage::from_fn(64, 48, |x, y| {
        let i = ((y * 64 + x) * 3) as usize;
        Rgb([
            (x * 4) as u8 ^ (n[i] >> 3),
            (y * 5) as u8 ^ (n[i + 1] >> 3),
            ((x + y) * 2) as u8 ^ (n[i + 2] >> 3),
        ])
    })
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every supported format, as written by the image crate, plus lossy WebP (plain and
/// with alpha) made by libwebp (`tests/fixtures/formats/make_webp.py`).
fn every_format() -> Vec<(&'static str, Vec<u8>)> {
    let img = DynamicImage::ImageRgb8(textured());
    let (rgba, _) = with_alpha(&textured());
    let rgba = DynamicImage::ImageRgba8(rgba);
    let (palette, _) = palette_png(&textured());
    vec![
        ("jpeg", encode(&img, ImageFormat::Jpeg)),
        ("png", encode(&img, ImageFormat::Png)),
        ("png rgba", encode(&rgba, ImageFormat::Png)),
        ("png palette", palette),
        ("gif", encode(&img, ImageFormat::Gif)),
        ("webp lossless", encode(&img, ImageFormat::WebP)),
        ("webp lossless rgba", encode(&rgba, ImageFormat::WebP)),
        ("webp lossy", fixture("lossy.webp")),
        ("webp lossy alpha", fixture("alpha.webp")),
        ("tiff", encode(&img, ImageFormat::Tiff)),
        ("tiff rgba", encode(&rgba, ImageFormat::Tiff)),
        ("bmp", encode(&img, ImageFormat::Bmp)),
        ("bmp rgba", encode(&rgba, ImageFormat::Bmp)),
    ]
}

/// The README: "corrupt, truncated, empty ... files are refused". Every prefix of
/// every format's file (cut after 1 byte, 2 bytes, ... up to one byte short) is refused,
/// with one line that names the file; except, as the README says, a GIF whose first
/// (here: only) frame is whole, which lacks only its one-byte trailer.
#[test]
fn every_cut_of_every_format_is_refused_in_one_line() {
    let path = Path::new("holiday/cut.jpg");
    let mut decoded = Vec::new();
    for (label, bytes) in every_format() {
        load(&bytes).unwrap_or_else(|e| panic!("{label} whole: {e}"));
        for cut in 1..bytes.len() {
            match load_photo_bytes(&bytes[..cut], path, &opts()) {
                Ok(_) if label == "gif" && cut == bytes.len() - 1 => {}
                Ok(_) => decoded.push(format!("{label} cut to {cut} of {} bytes", bytes.len())),
                Err(e) => {
                    let text = e.to_string();
                    assert!(!text.contains('\n'), "{label} cut to {cut}: {text:?}");
                    assert!(text.starts_with("holiday/cut.jpg: "), "{label} cut to {cut}: {text}");
                    assert!(
                        ["corrupt_image", "not_an_image"].contains(&e.code()),
                        "{label} cut to {cut}: {e}"
                    );
                }
            }
        }
    }
    assert!(decoded.is_empty(), "decoded although cut short:\n{}", decoded.join("\n"));
}

/// What is tolerated (and said in the README): bytes missing after a GIF's first frame,
/// since Kindred reads only that frame and it is whole.
#[test]
fn a_gif_cut_after_its_first_frame_gives_that_frame() {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame};
    let first = DynamicImage::ImageRgb8(textured()).to_rgba8();
    let second = RgbaImage::from_pixel(64, 48, image::Rgba([0, 0, 255, 255]));
    let mut bytes = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut bytes);
        for f in [first, second] {
            enc.encode_frame(Frame::from_parts(f, 0, 0, Delay::from_numer_denom_ms(100, 1)))
                .unwrap();
        }
    }
    let whole = load(&bytes).unwrap().image;
    let mut first_frame_end = None;
    for cut in 1..bytes.len() {
        match load(&bytes[..cut]) {
            Ok(p) => {
                assert_eq!(p.image, whole, "cut to {cut}: the first frame, whole");
                first_frame_end.get_or_insert(cut);
            }
            Err(e) => assert!(
                first_frame_end.is_none(),
                "cut to {cut} refused after shorter cuts were read: {e}"
            ),
        }
    }
    let end = first_frame_end.expect("cuts after the first frame are read");
    assert!(end < bytes.len() - 20, "the second frame is what is missing ({end} of {})", bytes.len());
}

/// Error messages of broken files are one line, whatever the decoder's text (the JPEG
/// decoder's own messages end with a newline).
#[test]
fn errors_of_broken_files_are_one_line_naming_the_file() {
    let path = Path::new("trip/IMG_0001.jpg");
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for (label, bytes) in every_format() {
        for cut in [4, 8, 16, 40, bytes.len() / 2] {
            inputs.push((format!("{label} cut to {cut}"), bytes[..cut.min(bytes.len() - 1)].to_vec()));
        }
        let mut damaged = bytes.clone();
        let mid = damaged.len() / 3;
        for b in &mut damaged[mid..(mid + 40).min(bytes.len())] {
            *b ^= 0xA5;
        }
        inputs.push((format!("{label} damaged"), damaged));
    }
    inputs.push(("empty".into(), Vec::new()));
    inputs.push(("text".into(), b"line one\nline two\n".to_vec()));
    for (label, bytes) in inputs {
        if let Err(e) = load_photo_bytes(&bytes, path, &opts()) {
            let text = e.to_string();
            assert!(!text.contains('\n') && !text.contains('\r'), "{label}: {text:?}");
            assert!(text.contains("trip/IMG_0001.jpg"), "{label}: {text}");
        }
    }
}
