//! The `kindred:` URI scheme: face crops and photos for `<img>` tags, so pictures
//! never travel as base64 over IPC. Only what the library knows is served: a crop by
//! its face id, a photo by the id of a scanned photo. No path ever comes
//! from the URL, so the webview cannot read arbitrary files.
//!
//! URLs: `kindred://localhost/crop/<face_id>` and
//! `kindred://localhost/photo/<photo_id>` (`http://kindred.localhost/...` on Windows).

use kindred::store::{FaceId, PhotoId, Store};
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

/// Name of the scheme (see the CSP's img-src in tauri.conf.json).
pub const SCHEME: &str = "kindred";

/// What a URL asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    Crop { face: i64 },
    Photo { photo: i64 },
}

/// Parses the path of a `kindred:` URL; None for anything else.
pub fn parse(path: &str) -> Option<Route> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let id = |s: &str| s.parse::<i64>().ok().filter(|v| *v > 0);
    match parts.as_slice() {
        ["crop", f] => Some(Route::Crop { face: id(f)? }),
        ["photo", p] => Some(Route::Photo { photo: id(p)? }),
        _ => None,
    }
}

/// The bytes and content type for `route`, or None when the library has no such image.
fn load(store: &Store, route: &Route) -> kindred::Result<Option<(Vec<u8>, &'static str)>> {
    match *route {
        Route::Crop { face } => Ok(store
            .face_crop(FaceId(face))?
            .map(|jpeg| (jpeg, "image/jpeg"))),
        Route::Photo { photo } => {
            // Any present file holding this photo's content will do, read through the
            // guarded reader (a file replaced by a FIFO or a device since the scan must
            // not hang or flood the worker). HEIC and photos found turned come as a JPEG
            // of the photo as analysed (the boxes' frame).
            let Some(file) = store.photo_file(PhotoId(photo))? else { return Ok(None) };
            let Ok(bytes) = kindred::photo::read_photo_file(&file.path, kindred::photo::DEFAULT_MAX_FILE_BYTES) else {
                return Ok(None);
            };
            let turn = store.photo_turn(PhotoId(photo))?.unwrap_or_default();
            kindred::photo::shown_photo(bytes, &file.path, turn).map(Some)
        }
    }
}

fn respond(status: StatusCode, body: Vec<u8>, kind: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        // Ids are never reused for other content within a library.
        .header(header::CACHE_CONTROL, "private, max-age=3600")
        .body(body)
        .unwrap_or_else(|_| Response::new(Vec::new()))
}

/// Handler for `register_asynchronous_uri_scheme_protocol`: reads on a worker thread
/// so that a large photo never blocks the webview.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    tauri::async_runtime::spawn_blocking(move || {
        let Some(route) = parse(&path) else {
            return responder.respond(respond(StatusCode::NOT_FOUND, Vec::new(), "text/plain"));
        };
        let Some(state) = app.try_state::<AppState>() else {
            return responder.respond(respond(
                StatusCode::SERVICE_UNAVAILABLE,
                Vec::new(),
                "text/plain",
            ));
        };
        let response = match state.with_reader(|s| load(s, &route)) {
            Ok(Some((bytes, kind))) => respond(StatusCode::OK, bytes, kind),
            Ok(None) => respond(StatusCode::NOT_FOUND, Vec::new(), "text/plain"),
            Err(e) => respond(
                StatusCode::INTERNAL_SERVER_ERROR,
                e.to_string().into_bytes(),
                "text/plain",
            ),
        };
        responder.respond(response);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_routes_with_positive_ids_parse() {
        assert_eq!(parse("/crop/17"), Some(Route::Crop { face: 17 }));
        assert_eq!(parse("/photo/42"), Some(Route::Photo { photo: 42 }));
        assert_eq!(parse("/photo/0"), None);
        assert_eq!(parse("/photo/-1"), None);
        assert_eq!(parse("/photo/../../etc/passwd"), None);
        assert_eq!(parse("/photo/%2Fetc%2Fpasswd"), None);
        assert_eq!(parse("/crop/3/17"), None);
        assert_eq!(parse("/"), None);
    }
}
