//! The committed TypeScript bindings must match the Rust command signatures.
//! Run with `KINDRED_UPDATE_BINDINGS=1` to rewrite them after changing a command.

use std::path::Path;

#[test]
fn bindings_match_the_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(kindred_app::BINDINGS_PATH);
    let fresh = std::env::temp_dir().join(format!("kindred-bindings-{}.ts", std::process::id()));
    kindred_app::specta_builder()
        .export(kindred_app::typescript(), &fresh)
        .expect("export bindings");
    let generated = std::fs::read_to_string(&fresh).expect("read generated bindings");
    let _ = std::fs::remove_file(&fresh);
    if std::env::var_os("KINDRED_UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &generated).expect("write bindings");
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == generated,
        "{} is out of date with the Tauri commands; regenerate it with \
         `KINDRED_UPDATE_BINDINGS=1 cargo test -p kindred-app --test bindings`",
        committed.display()
    );
}

/// IPC names invoked by the generated bindings (`__TAURI_INVOKE<..>("name"`).
fn invoked_commands(bindings: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in bindings.split("__TAURI_INVOKE").skip(1) {
        if let Some(start) = part.find("(\"") {
            let rest = &part[start + 2..];
            if let Some(end) = rest.find('"') {
                names.push(rest[..end].to_owned());
            }
        }
    }
    names.sort();
    names
}

#[test]
fn every_command_has_a_permission() {
    let fresh =
        std::env::temp_dir().join(format!("kindred-bindings-names-{}.ts", std::process::id()));
    kindred_app::specta_builder()
        .export(kindred_app::typescript(), &fresh)
        .expect("export bindings");
    let generated = std::fs::read_to_string(&fresh).expect("read generated bindings");
    let _ = std::fs::remove_file(&fresh);
    let mut declared: Vec<String> = kindred_app::commands::COMMAND_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect();
    declared.sort();
    assert!(!declared.is_empty());
    assert_eq!(
        invoked_commands(&generated),
        declared,
        "src/commands/names.rs (permissions) and the registered commands differ"
    );
    let capability = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/main.json"),
    )
    .unwrap();
    for name in &declared {
        let permission = format!("\"allow-{}\"", name.replace('_', "-"));
        assert!(
            capability.contains(&permission),
            "capabilities/main.json does not grant {permission}"
        );
    }
}
