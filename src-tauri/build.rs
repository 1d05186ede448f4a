// Declaring the app's commands makes Tauri require a permission for each one, so a
// window can call only what its capability file (capabilities/main.json) lists.
include!("src/commands/names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES)),
    )
    .expect("tauri-build failed");
}
