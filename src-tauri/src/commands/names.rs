// Every command of the app, by its IPC name. Included by build.rs (which generates an
// `allow-<name>` permission for each) and checked against the bindings by
// tests/bindings.rs, so a new command cannot be forgotten in either place.
pub const COMMAND_NAMES: &[&str] = &[
    "app_info",
    "cancel_job",
    "cluster_faces",
    "elbow_plot",
    "library_counts",
    "list_faces",
    "photo_detail",
    "scan_folders",
    "skipped_files",
];
