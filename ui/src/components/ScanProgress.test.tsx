import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { ScanProgress } from "./ScanProgress";

describe("ScanProgress", () => {
  it("shows counts, rate and time left, and cancels", () => {
    const onCancel = vi.fn();
    const { container, getByText } = render(
      <ScanProgress
        progress={{ done: 30, total: 120, faces: 41, rate: 2.5, eta_seconds: 36, current: "/photos/a.jpg" }}
        onCancel={onCancel}
        cancelling={false}
      />,
    );
    expect(container.textContent).toContain("30 of 120 photos · 41 faces · 2.5 photos/s · about 36 s left");
    expect((container.querySelector(".bar > div") as HTMLElement).style.width).toBe("25%");
    fireEvent.click(getByText("Cancel"));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it("says it is looking before the first report", () => {
    const { getByText } = render(<ScanProgress progress={null} onCancel={() => {}} cancelling={true} />);
    expect(getByText("Looking for photos…")).toBeTruthy();
    expect((getByText("Cancelling…") as HTMLButtonElement).disabled).toBe(true);
  });
});
