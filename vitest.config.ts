import { defineConfig } from "vitest/config";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    include: ["ui/src/**/*.test.{ts,tsx}"],
    environment: "jsdom",
    setupFiles: ["ui/src/test-setup.ts"],
  },
});
