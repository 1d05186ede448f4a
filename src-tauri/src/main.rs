// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's DMA-BUF renderer (its default since 2.42) draws through the GPU
    // driver's buffers; without a GPU (virtual machines, remote desktops, Xvfb) it falls
    // back to software GL and the 20,000-face grid scrolls at 14 fps, against 40-65 fps
    // with the older renderer (`bash scripts/bench-grid.sh`, same machine, minutes
    // apart: step-scroll median frame 70 -> 27 ms, gentle 50 -> 17 ms). The older
    // renderer is the one WebKitGTK used for years; a user who sets the variable keeps
    // their choice (WEBKIT_DISABLE_DMABUF_RENDERER=0 brings the DMA-BUF renderer back).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        // Set before any thread starts (the Tauri runtime is not running yet).
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    kindred_app::run()
}
