//! Whether the model files are in place and intact: every file listed in
//! `models/manifest.json` (built into the binary) must be in the models directory with
//! the listed sha256. Checked once per run; the app shows a problem in a window at
//! start-up (see `lib.rs`) and on the Library view (`app_info`).

use std::fs::File;
use std::path::Path;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// The manifest `models/build.sh` checks its output against.
const MANIFEST: &str = include_str!("../../models/manifest.json");

/// One model file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelProblem {
    pub file: String,
    /// `missing`, `damaged (...)` or `unreadable (...)`.
    pub reason: String,
}

impl std::fmt::Display for ModelProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.file, self.reason)
    }
}

/// File name and sha256 of every model file, from the manifest.
pub fn expected_files() -> Vec<(String, String)> {
    let manifest: serde_json::Value =
        serde_json::from_str(MANIFEST).expect("models/manifest.json is valid JSON");
    let mut files: Vec<(String, String)> = manifest["files"]
        .as_object()
        .map(|files| {
            files
                .iter()
                .filter_map(|(name, entry)| {
                    Some((name.clone(), entry["sha256"].as_str()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn sha256_hex(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    std::io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The model files in `dir` that are missing, unreadable or differ from the manifest.
pub fn check_models(dir: &Path) -> Vec<ModelProblem> {
    expected_files()
        .into_iter()
        .filter_map(|(file, sha256)| {
            let path = dir.join(&file);
            let reason = if !path.is_file() {
                "missing".to_owned()
            } else {
                match sha256_hex(&path) {
                    Ok(actual) if actual == sha256 => return None,
                    Ok(_) => "damaged: its content differs from the released file".to_owned(),
                    Err(e) => format!("unreadable: {e}"),
                }
            };
            Some(ModelProblem { file, reason })
        })
        .collect()
}

static PROBLEMS: OnceLock<Vec<ModelProblem>> = OnceLock::new();

/// `check_models` on this run's models directory, computed once (hashing ~60 MB).
pub fn problems() -> &'static [ModelProblem] {
    PROBLEMS.get_or_init(|| check_models(&kindred::runtime::models_dir()))
}

/// What the start-up window says when `problems` is not empty.
pub fn problem_message(dir: &Path, problems: &[ModelProblem]) -> String {
    let list: Vec<String> = problems.iter().map(|p| format!("• {p}")).collect();
    format!(
        "Kindred cannot find faces: model files in {} are missing or damaged:\n\n{}\n\n\
         Reinstall the kindred package (from a source checkout: bash models/build.sh). \
         The library can still be browsed.",
        dir.display(),
        list.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lists_every_file_the_runtime_loads() {
        let names: Vec<String> = expected_files().into_iter().map(|(n, _)| n).collect();
        for f in [
            kindred::runtime::PNET,
            kindred::runtime::RNET,
            kindred::runtime::ONET,
            kindred::runtime::RESNET,
            kindred::runtime::SHAPE_PREDICTOR_5,
            kindred::runtime::ORT_LIBRARY,
        ] {
            assert!(names.iter().any(|n| n == f), "{f} not in the manifest");
        }
    }

    #[test]
    fn missing_and_damaged_files_are_reported() {
        let dir = std::env::temp_dir().join(format!("kindred-modelcheck-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(kindred::runtime::PNET), b"not a model").unwrap();
        let problems = check_models(&dir);
        assert_eq!(problems.len(), expected_files().len());
        let pnet = problems.iter().find(|p| p.file == kindred::runtime::PNET).unwrap();
        assert!(pnet.reason.starts_with("damaged"), "{pnet}");
        let resnet = problems.iter().find(|p| p.file == kindred::runtime::RESNET).unwrap();
        assert_eq!(resnet.reason, "missing");
        let message = problem_message(&dir, &problems);
        assert!(message.contains("pnet.onnx (damaged"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn intact_models_pass_when_built() {
        let dir = kindred::runtime::models_dir();
        if !dir.join(kindred::runtime::RESNET).is_file() {
            eprintln!("SKIP: model files not built (set KINDRED_MODELS or run models/build.sh)");
            return;
        }
        assert_eq!(check_models(&dir), Vec::<ModelProblem>::new());
    }
}
