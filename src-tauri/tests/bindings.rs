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
