// Addresses of images served by the shell's `kindred:` URI scheme. Pictures never
// travel as base64 over IPC: the webview loads them like any image, and the shell only
// serves crops of known faces and photos that were scanned.

/** WebKitGTK and WKWebView use `kindred://localhost/...`; WebView2 needs `http://kindred.localhost/...`. */
function base(platform: string): string {
  return /Windows/i.test(platform) ? "http://kindred.localhost" : "kindred://localhost";
}

export function cropUrl(faceId: number, platform = navigator.userAgent): string {
  return `${base(platform)}/crop/${Math.trunc(faceId)}`;
}

export function photoUrl(photoId: number, platform = navigator.userAgent): string {
  return `${base(platform)}/photo/${Math.trunc(photoId)}`;
}
