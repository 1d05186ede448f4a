//! Named face regions in XMP, in the Metadata Working Group (MWG) regions format that
//! digiKam, Lightroom, darktable, ExifTool and others understand:
//!
//! ```text
//! mwg-rs:Regions
//!   mwg-rs:AppliedToDimensions  stDim:w, stDim:h, stDim:unit="pixel"
//!   mwg-rs:RegionList / rdf:Bag / rdf:li
//!     mwg-rs:Area  stArea:x, stArea:y (CENTRE of the box), stArea:w, stArea:h,
//!                  stArea:unit="normalized" (fractions of the image width/height)
//!     mwg-rs:Type  Face
//!     mwg-rs:Name  the person's name
//! ```
//!
//! MWG defines the area on the image as stored, before any EXIF orientation is
//! applied; callers with boxes in the upright photo must rotate them back first.
//!
//! Writing goes only to a sidecar, never to the photo. Sidecar naming: digiKam (by
//! default) and darktable use `photo.jpg.xmp`; Lightroom and Capture One use
//! `photo.xmp`, but Lightroom reads sidecars only for raw files (it reads a JPEG's
//! embedded XMP), and `photo.xmp` is ambiguous when `photo.jpg` and `photo.cr2` sit side
//! by side. So Kindred writes `photo.jpg.xmp` ([`sidecar_path`]) and reads both, the
//! `photo.jpg.xmp` form first (as Immich does).
//!
//! An existing sidecar is merged, not replaced: its content is copied through
//! unchanged and one more `rdf:Description` holding the regions is added inside its
//! `rdf:RDF` (several descriptions of the same resource are valid RDF). If it already
//! has `mwg-rs:Regions`, or is not XMP we can parse, writing is refused with an error
//! rather than risk destroying someone's regions.
//!
//! Reading is namespace-aware (quick-xml `NsReader`), so any prefix works, and accepts
//! properties written as attributes or as elements. Embedded XMP is read from a JPEG's
//! APP1 segment with the `http://ns.adobe.com/xap/1.0/` header (extended XMP split over
//! several segments is not read).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, Writer};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::geometry::Rect;

const NS_RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NS_MWG_RS: &str = "http://www.metadataworkinggroup.com/schemas/regions/";
const NS_ST_AREA: &str = "http://ns.adobe.com/xmp/sType/Area#";
const NS_ST_DIM: &str = "http://ns.adobe.com/xap/1.0/sType/Dimensions#";
const JPEG_XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";

/// A region in MWG terms: centre and size as fractions of the image size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NormRect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl NormRect {
    /// From a pixel box of an image `width` x `height`.
    pub fn from_pixels(r: &Rect, width: u32, height: u32) -> Self {
        let (w, h) = (width as f64, height as f64);
        NormRect {
            x: (r.left as f64 + r.right as f64) / 2.0 / w,
            y: (r.top as f64 + r.bottom as f64) / 2.0 / h,
            w: r.width() as f64 / w,
            h: r.height() as f64 / h,
        }
    }

    /// Back to a pixel box.
    pub fn to_pixels(&self, width: u32, height: u32) -> Rect {
        let (w, h) = (width as f64, height as f64);
        Rect::new(
            ((self.x - self.w / 2.0) * w) as f32,
            ((self.y - self.h / 2.0) * h) as f32,
            ((self.x + self.w / 2.0) * w) as f32,
            ((self.y + self.h / 2.0) * h) as f32,
        )
    }

    fn is_valid(&self) -> bool {
        [self.x, self.y, self.w, self.h]
            .iter()
            .all(|v| v.is_finite())
            && self.w > 0.0
            && self.h > 0.0
            && (0.0..=1.0).contains(&self.x)
            && (0.0..=1.0).contains(&self.y)
    }
}

/// One region read from XMP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub name: Option<String>,
    /// `mwg-rs:Type` (Face, Pet, Focus, BarCode), if given.
    pub kind: Option<String>,
    pub area: NormRect,
}

/// The regions of one image.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Regions {
    /// `mwg-rs:AppliedToDimensions` (w, h) in pixels, if given.
    pub applied_to: Option<(u32, u32)>,
    pub regions: Vec<Region>,
}

impl Regions {
    /// The named face regions (a region without a type counts as a face).
    pub fn named_faces(&self) -> Vec<(String, NormRect)> {
        self.regions
            .iter()
            .filter(|r| {
                r.kind
                    .as_deref()
                    .is_none_or(|k| k.eq_ignore_ascii_case("face"))
            })
            .filter_map(|r| {
                r.name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| (n, r.area))
            })
            .collect()
    }
}

/// The sidecar Kindred writes for `photo`: the photo's full file name plus `.xmp`.
pub fn sidecar_path(photo: &Path) -> PathBuf {
    let mut s = photo.as_os_str().to_owned();
    s.push(".xmp");
    PathBuf::from(s)
}

/// Sidecars Kindred reads for `photo`, in order: `photo.jpg.xmp`, then `photo.xmp`.
pub fn sidecar_candidates(photo: &Path) -> Vec<PathBuf> {
    let mut v = vec![sidecar_path(photo)];
    if photo.extension().is_some() {
        v.push(photo.with_extension("xmp"));
    }
    v
}

fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("XMP: {e}"))
}

/// The `rdf:Description` element that carries the regions.
fn regions_description(width: u32, height: u32, faces: &[(String, NormRect)]) -> Result<Vec<u8>> {
    if width == 0 || height == 0 {
        return Err(Error::Invalid("image dimensions must be positive".into()));
    }
    if let Some((name, _)) = faces.iter().find(|(_, r)| !r.is_valid()) {
        return Err(Error::Invalid(format!(
            "region of {name:?} is outside the image or empty"
        )));
    }
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let mut desc = BytesStart::new("rdf:Description");
    desc.push_attribute(("rdf:about", ""));
    // Declared here too: a merged sidecar may bind RDF to another prefix.
    desc.push_attribute(("xmlns:rdf", NS_RDF));
    desc.push_attribute(("xmlns:mwg-rs", NS_MWG_RS));
    desc.push_attribute(("xmlns:stDim", NS_ST_DIM));
    desc.push_attribute(("xmlns:stArea", NS_ST_AREA));
    w.write_event(Event::Start(desc)).map_err(xml_err)?;
    let mut regions = BytesStart::new("mwg-rs:Regions");
    regions.push_attribute(("rdf:parseType", "Resource"));
    w.write_event(Event::Start(regions)).map_err(xml_err)?;
    let mut dims = BytesStart::new("mwg-rs:AppliedToDimensions");
    dims.push_attribute(("stDim:w", width.to_string().as_str()));
    dims.push_attribute(("stDim:h", height.to_string().as_str()));
    dims.push_attribute(("stDim:unit", "pixel"));
    w.write_event(Event::Empty(dims)).map_err(xml_err)?;
    w.write_event(Event::Start(BytesStart::new("mwg-rs:RegionList")))
        .map_err(xml_err)?;
    w.write_event(Event::Start(BytesStart::new("rdf:Bag")))
        .map_err(xml_err)?;
    for (name, r) in faces {
        let mut li = BytesStart::new("rdf:li");
        li.push_attribute(("rdf:parseType", "Resource"));
        w.write_event(Event::Start(li)).map_err(xml_err)?;
        let mut area = BytesStart::new("mwg-rs:Area");
        for (k, v) in [
            ("stArea:x", r.x),
            ("stArea:y", r.y),
            ("stArea:w", r.w),
            ("stArea:h", r.h),
        ] {
            area.push_attribute((k, format!("{v:.6}").as_str()));
        }
        area.push_attribute(("stArea:unit", "normalized"));
        w.write_event(Event::Empty(area)).map_err(xml_err)?;
        for (tag, text) in [("mwg-rs:Type", "Face"), ("mwg-rs:Name", name.as_str())] {
            w.write_event(Event::Start(BytesStart::new(tag)))
                .map_err(xml_err)?;
            w.write_event(Event::Text(BytesText::new(text)))
                .map_err(xml_err)?;
            w.write_event(Event::End(BytesEnd::new(tag)))
                .map_err(xml_err)?;
        }
        w.write_event(Event::End(BytesEnd::new("rdf:li")))
            .map_err(xml_err)?;
    }
    for tag in [
        "rdf:Bag",
        "mwg-rs:RegionList",
        "mwg-rs:Regions",
        "rdf:Description",
    ] {
        w.write_event(Event::End(BytesEnd::new(tag)))
            .map_err(xml_err)?;
    }
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

/// A complete XMP packet holding only the face regions.
pub fn regions_packet(width: u32, height: u32, faces: &[(String, NormRect)]) -> Result<String> {
    let desc = regions_description(width, height, faces)?;
    let mut s = String::from("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    s.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"Kindred\">\n");
    s.push_str(&format!("<rdf:RDF xmlns:rdf=\"{NS_RDF}\">\n"));
    s.push_str(&String::from_utf8(desc).map_err(xml_err)?);
    s.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    Ok(s)
}

fn ns_is(r: &ResolveResult, uri: &str) -> bool {
    matches!(r, ResolveResult::Bound(ns) if ns.as_ref() == uri.as_bytes())
}

/// Adds the regions to an existing XMP document: everything is copied through
/// unchanged and the regions' `rdf:Description` is inserted before `</rdf:RDF>`.
/// Refuses documents that already have `mwg-rs:Regions` or have no `rdf:RDF`.
pub fn merge_regions(
    existing: &[u8],
    width: u32,
    height: u32,
    faces: &[(String, NormRect)],
) -> Result<Vec<u8>> {
    let desc = regions_description(width, height, faces)?;
    let mut reader = NsReader::from_reader(existing);
    let mut out = Writer::new(Vec::with_capacity(existing.len() + desc.len()));
    let mut inserted = false;
    loop {
        let (ns, ev) = reader
            .read_resolved_event()
            .map_err(|e| xml_err(format!("existing sidecar is not valid XML: {e}")))?;
        match &ev {
            Event::Start(e) | Event::Empty(e)
                if ns_is(&ns, NS_MWG_RS) && e.local_name().as_ref() == b"Regions" =>
            {
                return Err(Error::Invalid(
                    "the existing sidecar already has mwg-rs:Regions; refusing to overwrite them"
                        .into(),
                ));
            }
            Event::End(e)
                if !inserted && ns_is(&ns, NS_RDF) && e.local_name().as_ref() == b"RDF" =>
            {
                out.get_mut().extend_from_slice(&desc);
                inserted = true;
            }
            Event::Eof => break,
            _ => {}
        }
        out.write_event(ev).map_err(xml_err)?;
    }
    if !inserted {
        return Err(Error::Invalid(
            "the existing sidecar has no rdf:RDF element; refusing to change it".into(),
        ));
    }
    Ok(out.into_inner())
}

/// Writes the named face regions of `photo` (an image of `width` x `height` pixels as
/// stored) to its sidecar ([`sidecar_path`]), merging with an existing sidecar. The
/// photo itself is never opened for writing. The sidecar is replaced atomically
/// (temporary file + rename). Returns the sidecar path.
pub fn write_sidecar(
    photo: &Path,
    width: u32,
    height: u32,
    faces: &[(String, NormRect)],
) -> Result<PathBuf> {
    let path = sidecar_path(photo);
    let content = match fs::read(&path) {
        Ok(existing) => merge_regions(&existing, width, height, faces)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            regions_packet(width, height, faces)?.into_bytes()
        }
        Err(source) => return Err(Error::Io { path, source }),
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".kindred-tmp");
    let tmp = PathBuf::from(tmp);
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&content)?;
        f.sync_all()?;
        fs::rename(&tmp, &path)
    };
    write().map_err(|source| {
        let _ = fs::remove_file(&tmp);
        Error::Io {
            path: path.clone(),
            source,
        }
    })?;
    Ok(path)
}

/// Region fields collected while reading one `rdf:li`.
#[derive(Default)]
struct Partial {
    name: Option<String>,
    kind: Option<String>,
    x: Option<f64>,
    y: Option<f64>,
    w: Option<f64>,
    h: Option<f64>,
    unit: Option<String>,
    depth: usize,
}

impl Partial {
    fn set(&mut self, ns: Option<&[u8]>, local: &[u8], value: &str) {
        let v = value.trim();
        if ns == Some(NS_MWG_RS.as_bytes()) {
            match local {
                b"Name" => self.name = Some(v.to_string()),
                b"Type" => self.kind = Some(v.to_string()),
                _ => {}
            }
        } else if ns == Some(NS_ST_AREA.as_bytes()) {
            let num = v.parse::<f64>().ok();
            match local {
                b"x" => self.x = num,
                b"y" => self.y = num,
                b"w" => self.w = num,
                b"h" => self.h = num,
                b"unit" => self.unit = Some(v.to_string()),
                _ => {}
            }
        }
    }

    fn finish(self) -> Option<Region> {
        if self.unit.as_deref().is_some_and(|u| u != "normalized") {
            return None;
        }
        let area = NormRect {
            x: self.x?,
            y: self.y?,
            w: self.w?,
            h: self.h?,
        };
        area.is_valid().then_some(Region {
            name: self.name,
            kind: self.kind,
            area,
        })
    }
}

/// Reads MWG regions from an XMP document (a sidecar or an embedded packet).
/// `Ok(None)` when it has no `mwg-rs:Regions`; regions without a complete normalised
/// area are skipped.
pub fn parse_regions(xml: &[u8]) -> Result<Option<Regions>> {
    let mut reader = NsReader::from_reader(xml);
    // Element stack: (is mwg-rs:RegionList, is mwg-rs:AppliedToDimensions).
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut found = false;
    let mut out = Regions::default();
    let (mut dim_w, mut dim_h) = (None::<u32>, None::<u32>);
    let mut current: Option<Partial> = None;
    let mut text = String::new();
    // The property element whose text is being collected: (namespace URI, local name).
    let mut prop: Option<(Vec<u8>, Vec<u8>)> = None;
    let bad = |e: &dyn std::fmt::Display| xml_err(format!("invalid XML: {e}"));
    loop {
        let (ns, ev) = reader.read_resolved_event().map_err(|e| bad(&e))?;
        // Owned copy of the namespace so the reader can resolve attributes below.
        let ns: Option<Vec<u8>> = match ns {
            ResolveResult::Bound(n) => Some(n.as_ref().to_vec()),
            _ => None,
        };
        let is = |uri: &str| ns.as_deref() == Some(uri.as_bytes());
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let local = e.local_name().as_ref().to_vec();
                let in_list = stack.iter().any(|s| s.0);
                let is_list = is(NS_MWG_RS) && local == b"RegionList";
                let is_dims = is(NS_MWG_RS) && local == b"AppliedToDimensions";
                if is(NS_MWG_RS) && local == b"Regions" {
                    found = true;
                }
                if current.is_none() && in_list && is(NS_RDF) && local == b"li" {
                    current = Some(Partial {
                        depth: stack.len(),
                        ..Partial::default()
                    });
                }
                let in_dims = is_dims || stack.iter().any(|s| s.1);
                for a in e.attributes().with_checks(false).flatten() {
                    let (ans, alocal) = reader.resolve_attribute(a.key);
                    let ans: Option<Vec<u8>> = match ans {
                        ResolveResult::Bound(n) => Some(n.as_ref().to_vec()),
                        _ => None,
                    };
                    let ans = ans.as_deref();
                    let value = a.unescape_value().map_err(|e| bad(&e))?;
                    if let Some(p) = current.as_mut() {
                        p.set(ans, alocal.as_ref(), &value);
                    } else if in_dims && ans == Some(NS_ST_DIM.as_bytes()) {
                        match alocal.as_ref() {
                            b"w" => dim_w = value.trim().parse().ok(),
                            b"h" => dim_h = value.trim().parse().ok(),
                            _ => {}
                        }
                    }
                }
                text.clear();
                prop = ns.clone().map(|u| (u, local.clone()));
                if empty {
                    prop = None;
                    if current.as_ref().is_some_and(|p| p.depth == stack.len()) {
                        out.regions.extend(current.take().and_then(Partial::finish));
                    }
                } else {
                    stack.push((is_list, is_dims));
                }
            }
            Event::Text(ref t) => text.push_str(&t.decode().map_err(|e| bad(&e))?),
            Event::CData(ref t) => text.push_str(&t.decode().map_err(|e| bad(&e))?),
            Event::GeneralRef(ref r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| bad(&e))? {
                    text.push(c);
                } else {
                    let name = r.decode().map_err(|e| bad(&e))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => return Err(bad(&format!("unknown entity &{name};"))),
                    }
                }
            }
            Event::End(_) => {
                let in_dims = stack.iter().any(|s| s.1);
                if let Some((uri, local)) = prop.take() {
                    if let Some(p) = current.as_mut() {
                        p.set(Some(&uri), &local, &text);
                    } else if in_dims && uri == NS_ST_DIM.as_bytes() {
                        match local.as_slice() {
                            b"w" => dim_w = text.trim().parse().ok(),
                            b"h" => dim_h = text.trim().parse().ok(),
                            _ => {}
                        }
                    }
                }
                text.clear();
                stack.pop();
                if current.as_ref().is_some_and(|p| p.depth == stack.len()) {
                    out.regions.extend(current.take().and_then(Partial::finish));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !found {
        return Ok(None);
    }
    out.applied_to = dim_w.zip(dim_h);
    Ok(Some(out))
}

/// The XMP packet embedded in a JPEG (APP1 with the XMP namespace header), read
/// segment by segment up to the start of the image data. `Ok(None)` if the JPEG has
/// none; an error if the stream is not a JPEG.
pub fn jpeg_xmp_packet<R: Read>(mut r: R) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::{Error as IoError, ErrorKind};
    let mut soi = [0u8; 2];
    r.read_exact(&mut soi)?;
    if soi != [0xFF, 0xD8] {
        return Err(IoError::new(
            ErrorKind::InvalidData,
            "not a JPEG (no SOI marker)",
        ));
    }
    let mut byte = [0u8; 1];
    loop {
        r.read_exact(&mut byte)?;
        if byte[0] != 0xFF {
            return Err(IoError::new(
                ErrorKind::InvalidData,
                "JPEG segment does not start with 0xFF",
            ));
        }
        // Skip fill bytes.
        let marker = loop {
            r.read_exact(&mut byte)?;
            if byte[0] != 0xFF {
                break byte[0];
            }
        };
        match marker {
            0xD9 | 0xDA => return Ok(None), // end of image / start of scan: no more metadata
            0x01 | 0xD0..=0xD7 => continue, // markers without a length
            _ => {}
        }
        let mut len = [0u8; 2];
        r.read_exact(&mut len)?;
        let len = u16::from_be_bytes(len) as usize;
        if len < 2 {
            return Err(IoError::new(
                ErrorKind::InvalidData,
                "JPEG segment length < 2",
            ));
        }
        let mut payload = vec![0u8; len - 2];
        r.read_exact(&mut payload)?;
        if marker == 0xE1 && payload.starts_with(JPEG_XMP_HEADER) {
            return Ok(Some(payload.split_off(JPEG_XMP_HEADER.len())));
        }
    }
}

/// MWG regions embedded in a JPEG file. `Ok(None)` if there is no XMP or no regions.
pub fn read_jpeg_regions(path: &Path) -> Result<Option<Regions>> {
    let f = crate::photo::open_photo_file(path, crate::photo::DEFAULT_MAX_FILE_BYTES)?;
    let packet = jpeg_xmp_packet(std::io::BufReader::new(f)).map_err(|e| Error::NotAnImage {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    match packet {
        Some(p) => parse_regions(&p),
        None => Ok(None),
    }
}

/// MWG regions from the first sidecar of `photo` that exists ([`sidecar_candidates`]),
/// with the sidecar's path. `Ok(None)` when no sidecar exists or it has no regions.
pub fn read_sidecar_regions(photo: &Path) -> Result<Option<(PathBuf, Regions)>> {
    for path in sidecar_candidates(photo) {
        match fs::read(&path) {
            Ok(bytes) => return Ok(parse_regions(&bytes)?.map(|r| (path, r))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(Error::Io { path, source }),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_rect_round_trips_pixels() {
        let r = Rect::new(100.0, 50.0, 300.0, 250.0);
        let n = NormRect::from_pixels(&r, 1000, 500);
        assert!((n.x - 0.2).abs() < 1e-9 && (n.y - 0.3).abs() < 1e-9);
        assert!((n.w - 0.2).abs() < 1e-9 && (n.h - 0.4).abs() < 1e-9);
        assert_eq!(n.to_pixels(1000, 500), r);
    }

    #[test]
    fn sidecar_names() {
        assert_eq!(
            sidecar_path(Path::new("/a/b.jpg")),
            PathBuf::from("/a/b.jpg.xmp")
        );
        assert_eq!(
            sidecar_candidates(Path::new("/a/b.jpg")),
            vec![PathBuf::from("/a/b.jpg.xmp"), PathBuf::from("/a/b.xmp")]
        );
    }

    #[test]
    fn merges_into_a_document_with_another_rdf_prefix() {
        let doc = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><R:RDF xmlns:R="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><R:Description R:about=""/></R:RDF></x:xmpmeta>"#;
        let faces = vec![(
            "Zoe".to_string(),
            NormRect {
                x: 0.5,
                y: 0.5,
                w: 0.2,
                h: 0.2,
            },
        )];
        let merged = merge_regions(doc, 100, 80, &faces).unwrap();
        let r = parse_regions(&merged).unwrap().unwrap();
        assert_eq!(r.named_faces(), faces);
        assert_eq!(r.applied_to, Some((100, 80)));
        assert!(merge_regions(b"<a/>", 100, 80, &faces).is_err()); // no rdf:RDF
    }

    #[test]
    fn reads_attribute_style_regions_with_other_prefixes() {
        // Picasa/ExifTool-like layout: fields as attributes of rdf:Description, other prefixes.
        let xml = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<r:Description xmlns:m="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:a="http://ns.adobe.com/xmp/sType/Area#" xmlns:d="http://ns.adobe.com/xap/1.0/sType/Dimensions#">
<m:Regions r:parseType="Resource"><m:AppliedToDimensions><r:Description d:w="640" d:h="480" d:unit="pixel"/></m:AppliedToDimensions>
<m:RegionList><r:Bag><r:li><r:Description m:Name="Ann &amp; Bo" m:Type="Face"><m:Area a:x="0.5" a:y="0.25" a:w="0.1" a:h="0.2" a:unit="normalized"/></r:Description></r:li>
<r:li><r:Description m:Type="Focus"><m:Area><r:Description><a:x>0.1</a:x><a:y>0.1</a:y><a:w>0.05</a:w><a:h>0.05</a:h></r:Description></m:Area></r:Description></r:li>
</r:Bag></m:RegionList></m:Regions></r:Description></r:RDF></x:xmpmeta>"#;
        let r = parse_regions(xml.as_bytes()).unwrap().unwrap();
        assert_eq!(r.applied_to, Some((640, 480)));
        assert_eq!(r.regions.len(), 2);
        assert_eq!(r.regions[0].name.as_deref(), Some("Ann & Bo"));
        assert_eq!(
            r.regions[0].area,
            NormRect {
                x: 0.5,
                y: 0.25,
                w: 0.1,
                h: 0.2
            }
        );
        assert_eq!(r.regions[1].kind.as_deref(), Some("Focus"));
        assert_eq!(
            r.named_faces(),
            vec![(
                "Ann & Bo".to_string(),
                NormRect {
                    x: 0.5,
                    y: 0.25,
                    w: 0.1,
                    h: 0.2
                }
            )]
        );
        assert!(parse_regions(b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>")
            .unwrap()
            .is_none());
        assert!(parse_regions(b"<a><b></a>").is_err());
    }
}
