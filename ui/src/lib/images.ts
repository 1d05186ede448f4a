// Addresses of images served by the shell's `kindred:` URI scheme. Pictures never
// travel as base64 over IPC: the webview loads them like any image, and the shell only
// serves crops of known faces and photos that were scanned.

export type ImageKind = "crop" | "photo" | "thumb";

/** WebKitGTK and WKWebView use `kindred://localhost/...`; WebView2 needs `http://kindred.localhost/...`. */
export function imageUrl(kind: ImageKind, id: number, platform = navigator.userAgent): string {
  const base = /Windows/i.test(platform) ? "http://kindred.localhost" : "kindred://localhost";
  return `${base}/${kind}/${Math.trunc(id)}`;
}
