// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Whether the machine has a GPU render node WebKitGTK could draw with.
#[cfg(target_os = "linux")]
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

fn main() {
    kindred::allocator::tune_for_photos();
    // WebKitGTK's DMA-BUF renderer (its default since 2.42) shares GPU buffers between
    // its processes; on a machine without a GPU render node (virtual machines, remote
    // desktops, Xvfb) it falls back to software GL and the 20,000-face grid scrolls at
    // 14 fps, against 40-65 fps with the older renderer (`bash scripts/bench-grid.sh`,
    // same machine, minutes apart: step-scroll median frame 70 -> 27 ms, gentle 50 ->
    // 17 ms). So without a render node Kindred asks for the older renderer; with one,
    // WebKit's default stays (not measured here: no GPU). A user who sets the variable
    // keeps their choice (WEBKIT_DISABLE_DMABUF_RENDERER=0 forces the DMA-BUF one).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() && !has_render_node() {
        // Set before any thread starts (the Tauri runtime is not running yet).
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    kindred_app::run()
}
