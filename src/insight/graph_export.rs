//! Export of the face graph for graph tools (Gephi, Neo4j, Cytoscape, yEd, NetworkX).
//!
//! GraphML ([`write_graphml`]): one undirected `<graph>`; node ids are `f<face_id>`;
//! node data keys `face_id` (long), `photo_id` (long), `person` (string, omitted when
//! none), `cluster` (int, omitted when none); edge data `distance` (double). Written
//! with quick-xml, so names are escaped.
//!
//! CSV ([`write_csv`]), two files in one of two header conventions:
//! - [`CsvFlavor::Neo4j`] (for `neo4j-admin database import`):
//!   `nodes.csv`: `faceId:ID,photoId:long,person,cluster:int,:LABEL` (label `Face`);
//!   `edges.csv`: `:START_ID,:END_ID,distance:double,:TYPE` (type `SIMILAR`).
//! - [`CsvFlavor::Gephi`] (Data Laboratory "Import spreadsheet"):
//!   `nodes.csv`: `Id,Label,photo_id,person,cluster` (Label = person or `face <id>`);
//!   `edges.csv`: `Source,Target,Type,Weight,distance` with Type `Undirected` and
//!   Weight = 1 - distance (Gephi layouts pull harder on heavier edges, so closer faces
//!   must weigh more).
//!
//! Empty cells mean "none". Quoting is done by the `csv` crate.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::face_graph::FaceGraph;
use crate::error::{Error, Result};

fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("cannot write GraphML: {e}"))
}

/// Writes the graph as GraphML.
pub fn write_graphml<W: Write>(g: &FaceGraph, out: W) -> Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ));
    w.write_event(Event::Start(root)).map_err(xml_err)?;
    for (id, target, ty) in [
        ("face_id", "node", "long"),
        ("photo_id", "node", "long"),
        ("person", "node", "string"),
        ("cluster", "node", "int"),
        ("distance", "edge", "double"),
    ] {
        let mut k = BytesStart::new("key");
        k.push_attribute(("id", id));
        k.push_attribute(("for", target));
        k.push_attribute(("attr.name", id));
        k.push_attribute(("attr.type", ty));
        w.write_event(Event::Empty(k)).map_err(xml_err)?;
    }
    let mut graph = BytesStart::new("graph");
    graph.push_attribute(("id", "faces"));
    graph.push_attribute(("edgedefault", "undirected"));
    w.write_event(Event::Start(graph)).map_err(xml_err)?;
    let data = |w: &mut Writer<W>, key: &str, value: &str| -> Result<()> {
        let mut d = BytesStart::new("data");
        d.push_attribute(("key", key));
        w.write_event(Event::Start(d)).map_err(xml_err)?;
        w.write_event(Event::Text(BytesText::new(value)))
            .map_err(xml_err)?;
        w.write_event(Event::End(BytesEnd::new("data")))
            .map_err(xml_err)
    };
    for f in &g.faces {
        let mut n = BytesStart::new("node");
        n.push_attribute(("id", format!("f{}", f.face_id).as_str()));
        w.write_event(Event::Start(n)).map_err(xml_err)?;
        data(&mut w, "face_id", &f.face_id.to_string())?;
        data(&mut w, "photo_id", &f.photo_id.to_string())?;
        if let Some(p) = &f.person {
            data(&mut w, "person", p)?;
        }
        if let Some(c) = f.cluster {
            data(&mut w, "cluster", &c.to_string())?;
        }
        w.write_event(Event::End(BytesEnd::new("node")))
            .map_err(xml_err)?;
    }
    for (a, b, d) in g.edges() {
        let mut e = BytesStart::new("edge");
        e.push_attribute(("source", format!("f{a}").as_str()));
        e.push_attribute(("target", format!("f{b}").as_str()));
        w.write_event(Event::Start(e)).map_err(xml_err)?;
        data(&mut w, "distance", &format!("{d}"))?;
        w.write_event(Event::End(BytesEnd::new("edge")))
            .map_err(xml_err)?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))
        .map_err(xml_err)?;
    w.write_event(Event::End(BytesEnd::new("graphml")))
        .map_err(xml_err)?;
    w.into_inner().flush().map_err(xml_err)
}

/// Which header convention the CSV files follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsvFlavor {
    Neo4j,
    Gephi,
}

fn csv_err(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("cannot write CSV: {e}"))
}

/// Writes `nodes` and `edges` CSV (see the module docs for the headers).
pub fn write_csv<N: Write, E: Write>(
    g: &FaceGraph,
    flavor: CsvFlavor,
    nodes: N,
    edges: E,
) -> Result<()> {
    let mut nw = csv::Writer::from_writer(nodes);
    let mut ew = csv::Writer::from_writer(edges);
    match flavor {
        CsvFlavor::Neo4j => {
            nw.write_record([
                "faceId:ID",
                "photoId:long",
                "person",
                "cluster:int",
                ":LABEL",
            ])
            .map_err(csv_err)?;
            ew.write_record([":START_ID", ":END_ID", "distance:double", ":TYPE"])
                .map_err(csv_err)?;
        }
        CsvFlavor::Gephi => {
            nw.write_record(["Id", "Label", "photo_id", "person", "cluster"])
                .map_err(csv_err)?;
            ew.write_record(["Source", "Target", "Type", "Weight", "distance"])
                .map_err(csv_err)?;
        }
    }
    for f in &g.faces {
        let person = f.person.clone().unwrap_or_default();
        let cluster = f.cluster.map(|c| c.to_string()).unwrap_or_default();
        let rec = match flavor {
            CsvFlavor::Neo4j => [
                f.face_id.to_string(),
                f.photo_id.to_string(),
                person,
                cluster,
                "Face".to_string(),
            ],
            CsvFlavor::Gephi => {
                let label = if person.is_empty() {
                    format!("face {}", f.face_id)
                } else {
                    person.clone()
                };
                [
                    f.face_id.to_string(),
                    label,
                    f.photo_id.to_string(),
                    person,
                    cluster,
                ]
            }
        };
        nw.write_record(&rec).map_err(csv_err)?;
    }
    for (a, b, d) in g.edges() {
        let rec = match flavor {
            CsvFlavor::Neo4j => vec![
                a.to_string(),
                b.to_string(),
                format!("{d}"),
                "SIMILAR".to_string(),
            ],
            CsvFlavor::Gephi => vec![
                a.to_string(),
                b.to_string(),
                "Undirected".to_string(),
                format!("{}", 1.0 - d),
                format!("{d}"),
            ],
        };
        ew.write_record(&rec).map_err(csv_err)?;
    }
    nw.flush().map_err(csv_err)?;
    ew.flush().map_err(csv_err)?;
    Ok(())
}
