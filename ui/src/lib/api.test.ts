import { describe, expect, it, vi } from "vitest";

vi.mock("./bindings", () => ({ commands: {} }));
const { ApiError, errorMessage, unwrap } = await import("./api");

describe("unwrap", () => {
  it("returns the data of an ok result", async () => {
    expect(await unwrap(Promise.resolve({ status: "ok" as const, data: 42 }))).toBe(42);
  });

  it("throws the backend's code and message", async () => {
    const p = unwrap(Promise.resolve({ status: "error" as const, error: { code: "busy", message: "another scan is already running" } }));
    await expect(p).rejects.toBeInstanceOf(ApiError);
    await expect(p).rejects.toMatchObject({ code: "busy", message: "another scan is already running" });
    expect(errorMessage(new ApiError("invalid", "no such cluster"))).toBe("no such cluster");
  });
});
