//! The few EXIF facts Kindred uses: orientation (to show and analyse the photo upright),
//! the time it was taken and the camera. Read with kamadak-exif from any container it
//! understands (JPEG, TIFF, PNG `eXIf`, WebP, HEIF).
//!
//! EXIF is advisory: a missing, damaged or nonsensical block never makes a photo fail to
//! load; the affected field is simply absent (orientation falls back to 1, "as stored").

use std::io::Cursor;

use exif::{DateTime, Exif, In, Tag, Value};

/// What Kindred keeps from a photo's EXIF block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExifInfo {
    /// EXIF orientation 1..=8 (1 when absent or out of range).
    pub orientation: u16,
    /// ISO 8601 local time from DateTimeOriginal (fallback DateTime), with the UTC
    /// offset when the matching OffsetTime* tag is present.
    pub taken_at: Option<String>,
    /// "Make Model", or the model alone when it already names the maker.
    pub camera: Option<String>,
}

/// Read EXIF from the whole file content. Never fails: see the module docs.
pub fn read_exif(bytes: &[u8]) -> ExifInfo {
    let mut reader = exif::Reader::new();
    // Keep whatever fields parsed before an error in a damaged block.
    reader.continue_on_error(true);
    let exif = match reader.read_from_container(&mut Cursor::new(bytes)) {
        Ok(exif) => exif,
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(_) => {
            return ExifInfo {
                orientation: 1,
                ..ExifInfo::default()
            }
        }
    };
    ExifInfo {
        orientation: orientation(&exif),
        taken_at: taken_at(&exif),
        camera: camera(&exif),
    }
}

fn orientation(exif: &Exif) -> u16 {
    exif.get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .filter(|v| (1..=8).contains(v))
        .map_or(1, |v| v as u16)
}

fn ascii(exif: &Exif, tag: Tag) -> Option<&[u8]> {
    match &exif.get_field(tag, In::PRIMARY)?.value {
        Value::Ascii(values) => values.first().map(Vec::as_slice),
        _ => None,
    }
}

fn taken_at(exif: &Exif) -> Option<String> {
    // (date tag, its sub-second tag, its offset tag), best first.
    let candidates = [
        (
            Tag::DateTimeOriginal,
            Tag::SubSecTimeOriginal,
            Tag::OffsetTimeOriginal,
        ),
        (Tag::DateTime, Tag::SubSecTime, Tag::OffsetTime),
    ];
    candidates.iter().find_map(|&(date, subsec, offset)| {
        let mut dt = DateTime::from_ascii(ascii(exif, date)?).ok()?;
        if let Some(s) = ascii(exif, subsec) {
            let _ = dt.parse_subsec(s);
        }
        if let Some(o) = ascii(exif, offset) {
            let _ = dt.parse_offset(o);
        }
        iso8601(&dt)
    })
}

/// Format an EXIF date as ISO 8601, rejecting the placeholder values cameras write when
/// their clock was never set ("0000:00:00 00:00:00") and other impossible dates.
fn iso8601(dt: &DateTime) -> Option<String> {
    let valid = (1..=9999).contains(&dt.year)
        && (1..=12).contains(&dt.month)
        && (1..=31).contains(&dt.day)
        && dt.hour <= 23
        && dt.minute <= 59
        && dt.second <= 60;
    if !valid {
        return None;
    }
    let mut s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second
    );
    if let Some(ns) = dt.nanosecond.filter(|&ns| ns >= 1_000_000) {
        // Milliseconds are as precise as any camera clock; ".000" says nothing.
        s.push_str(&format!(".{:03}", ns / 1_000_000));
    }
    if let Some(offset) = dt.offset {
        let sign = if offset < 0 { '-' } else { '+' };
        let m = offset.unsigned_abs();
        s.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
    }
    Some(s)
}

fn clean(raw: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(raw);
    let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    (!s.is_empty()).then(|| s.to_string())
}

fn camera(exif: &Exif) -> Option<String> {
    let make = ascii(exif, Tag::Make).and_then(clean);
    let model = ascii(exif, Tag::Model).and_then(clean);
    match (make, model) {
        // "Canon" + "Canon EOS 5D" would read "Canon Canon EOS 5D".
        (Some(make), Some(model)) if model.to_lowercase().starts_with(&make.to_lowercase()) => {
            Some(model)
        }
        (Some(make), Some(model)) => Some(format!("{make} {model}")),
        (make, model) => make.or(model),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> DateTime {
        DateTime::from_ascii(s.as_bytes()).unwrap()
    }

    #[test]
    fn formats_dates() {
        assert_eq!(
            iso8601(&dt("2021:07:04 15:30:12")).unwrap(),
            "2021-07-04T15:30:12"
        );
        let mut d = dt("2021:07:04 15:30:12");
        d.parse_offset(b"-05:30").unwrap();
        d.parse_subsec(b"25").unwrap();
        assert_eq!(iso8601(&d).unwrap(), "2021-07-04T15:30:12.250-05:30");
        assert_eq!(iso8601(&dt("0000:00:00 00:00:00")), None);
        assert_eq!(iso8601(&dt("2021:13:04 15:30:12")), None);
    }

    #[test]
    fn garbage_gives_defaults() {
        let info = read_exif(b"not an image at all");
        assert_eq!(
            info,
            ExifInfo {
                orientation: 1,
                taken_at: None,
                camera: None
            }
        );
    }
}
