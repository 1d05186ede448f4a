//! Export of every face to CSV or JSON for other tools.
//!
//! The CSV columns are a stable contract, in this order:
//! `file,top,right,bottom,left,encoding,face_id,cluster,person` — file is the path as
//! scanned (a present copy when there is one), the box is in whole pixels of the upright
//! photo (face_recognition's `(top, right, bottom, left)` order), encoding is the 128
//! floats separated by single spaces, cluster is the face's group in the latest cluster
//! run (empty for noise or before any run), person the confirmed or automatically
//! assigned name (empty when unknown). JSON has the same fields per face, `encoding` as an array, empty values
//! as `null`. Faces whose content is no longer at any known path are not exported.

use std::io::Write;

use serde::Serialize;

use super::faces::decode_descriptor;
use super::Store;
use crate::error::{Error, Result};

/// Output format of [`export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            other => Err(Error::Invalid(format!(
                "unknown export format {other:?} (csv or json)"
            ))),
        }
    }
}

/// The CSV header, exactly.
pub const CSV_HEADER: &str = "file,top,right,bottom,left,encoding,face_id,cluster,person";

#[derive(Serialize)]
struct ExportedFace<'a> {
    file: &'a str,
    top: i64,
    right: i64,
    bottom: i64,
    left: i64,
    encoding: &'a [f32],
    face_id: i64,
    cluster: Option<i64>,
    person: Option<String>,
}

/// Writes every face of `store` to `out`; returns the number of faces written.
pub fn export(store: &Store, format: ExportFormat, out: &mut dyn Write) -> Result<usize> {
    let io = |e: std::io::Error| Error::Io {
        path: "<export output>".into(),
        source: e,
    };
    let mut stmt = store.connection().prepare(
        "SELECT f.id, f.top, f.right, f.bottom, f.left, f.descriptor,
                (SELECT display_path FROM files
                 WHERE files.photo_id = f.photo_id
                 ORDER BY files.status = 'missing', files.id LIMIT 1) AS file,
                (SELECT label FROM cluster_labels
                 WHERE face_id = f.id AND run_id = (SELECT max(id) FROM cluster_runs)),
                (SELECT p.name FROM face_people fp JOIN people p ON p.id = fp.person_id
                 WHERE fp.face_id = f.id)
         FROM faces AS f ORDER BY f.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut n = 0usize;
    match format {
        ExportFormat::Csv => writeln!(out, "{CSV_HEADER}").map_err(io)?,
        ExportFormat::Json => write!(out, "[").map_err(io)?,
    }
    while let Some(r) = rows.next()? {
        let Some(file) = r.get::<_, Option<String>>(6)? else {
            continue;
        };
        let px = |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, f64>(i)?.round() as i64) };
        let encoding = decode_descriptor(&r.get::<_, Vec<u8>>(5)?)?;
        let face = ExportedFace {
            file: &file,
            top: px(1)?,
            right: px(2)?,
            bottom: px(3)?,
            left: px(4)?,
            encoding: &encoding,
            face_id: r.get(0)?,
            cluster: r.get(7)?,
            person: r.get(8)?,
        };
        match format {
            ExportFormat::Csv => write_csv_row(out, &face).map_err(io)?,
            ExportFormat::Json => {
                if n > 0 {
                    write!(out, ",").map_err(io)?;
                }
                writeln!(out).map_err(io)?;
                serde_json::to_writer(&mut *out, &face).map_err(|e| match e.io_error_kind() {
                    Some(kind) => io(std::io::Error::new(kind, e)),
                    None => Error::Invalid(format!("json export: {e}")),
                })?;
            }
        }
        n += 1;
    }
    if format == ExportFormat::Json {
        writeln!(out, "\n]").map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(n)
}

fn write_csv_row(out: &mut dyn Write, f: &ExportedFace) -> std::io::Result<()> {
    let encoding: Vec<String> = f.encoding.iter().map(|v| v.to_string()).collect();
    writeln!(
        out,
        "{},{},{},{},{},{},{},{},{}",
        csv_field(f.file),
        f.top,
        f.right,
        f.bottom,
        f.left,
        encoding.join(" "),
        f.face_id,
        f.cluster.map(|c| c.to_string()).unwrap_or_default(),
        csv_field(f.person.as_deref().unwrap_or("")),
    )
}

/// RFC 4180 quoting: only fields with a comma, quote or line break are quoted.
fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("/a/b.jpg"), "/a/b.jpg");
        assert_eq!(csv_field("/a,b/\"x\".jpg"), "\"/a,b/\"\"x\"\".jpg\"");
    }
}
