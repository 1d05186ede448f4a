// Every command of the app, by its IPC name. Included by build.rs (which generates an
// `allow-<name>` permission for each) and checked against the bindings by
// tests/bindings.rs, so a new command cannot be forgotten in either place.
pub const COMMAND_NAMES: &[&str] = &[
    "accept_suggestions",
    "app_info",
    "cancel_job",
    "cluster_faces",
    "elbow_plot",
    "group_faces",
    "library_counts",
    "list_faces",
    "list_people",
    "mark_faces",
    "merge_people",
    "move_faces",
    "name_clusters",
    "photo_detail",
    "recluster",
    "reject_faces",
    "reject_suggestions",
    "rename_person",
    "review_queue",
    "scan_folders",
    "search_photos",
    "skipped_files",
    "split_faces",
    "undo_last",
];
