import { defineConfig } from "vite";

// The UI lives in ui/ and is built into dist/ (tauri.conf.json's frontendDist).
// Preact's JSX runtime through esbuild: no framework plugin needed.
export default defineConfig({
  root: "ui",
  clearScreen: false,
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  server: { port: 5173, strictPort: true },
  build: { outDir: "../dist", emptyOutDir: true, target: "safari15", sourcemap: false },
});
