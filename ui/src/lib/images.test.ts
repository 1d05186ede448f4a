import { describe, expect, it } from "vitest";
import { cropUrl, photoUrl } from "./images";

describe("image URLs", () => {
  it("use the custom scheme on Linux and macOS and the http form on Windows", () => {
    expect(cropUrl(17, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit")).toBe("kindred://localhost/crop/17");
    expect(photoUrl(42, "Mozilla/5.0 (Windows NT 10.0) Edg/120")).toBe("http://kindred.localhost/photo/42");
  });
});
