fn main() {
    let dir = kindred::runtime::models_dir();
    let mut p = kindred::pipeline::FacePipeline::new(&dir, 2, Default::default()).unwrap();
    for f in std::env::args().skip(1) {
        let r = p.analyze_file(std::path::Path::new(&f)).unwrap();
        let s: Vec<String> = r.faces.iter().map(|x| format!("{:.3}@{:.0}", x.face.score, x.face.bbox.width())).collect();
        println!("{f}: {}", s.join(" "));
    }
}
