import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { cleanName, PART_LIMIT, percent, shownAndMore, SplitProposalCard } from "./SplitProposalCard";
import { cropUrl } from "./fixtures";
import type { GroupRef, SplitView } from "./types";

const groupName = (g: GroupRef) => (g.kind === "person" ? g.name : `Group ${g.label}`);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

const proposal: SplitView = {
  group: { kind: "person", name: "Dan" },
  part_a: range(100, 15),
  part_b: range(200, 4),
  unlinked: [300],
  cut_links: [
    { a: 101, b: 200, distance: 0.5412 },
    { a: 104, b: 202, distance: 0.5581 },
  ],
  conductance: 0.127,
  score: 0.873,
  mean_distance_a: 0.4213,
  mean_distance_b: 0.3987,
  mean_distance_between: 0.6644,
};

function renderCard(over: Partial<Parameters<typeof SplitProposalCard>[0]> = {}) {
  const onAccept = vi.fn();
  const onReject = vi.fn();
  const r = render(
    <SplitProposalCard
      proposal={proposal}
      cropUrl={cropUrl}
      groupName={groupName}
      onAccept={onAccept}
      onReject={onReject}
      names={["Ann", "Dana"]}
      {...over}
    />,
  );
  return { ...r, onAccept, onReject };
}

describe("helpers", () => {
  it("cut lists, percentages and names", () => {
    expect(shownAndMore([1, 2, 3], 2)).toEqual({ shown: [1, 2], more: 1 });
    expect(shownAndMore([1], 2)).toEqual({ shown: [1], more: 0 });
    expect(percent(0.873)).toBe("87%");
    expect(percent(1)).toBe("100%");
    expect(cleanName("  Dana  ")).toBe("Dana");
    expect(cleanName("Mary   Ann")).toBe("Mary Ann");
    expect(cleanName("   ")).toBeNull();
  });
});

describe("SplitProposalCard", () => {
  it("shows both parts, at most PART_LIMIT crops each with +N more", () => {
    const { container, getByText } = renderCard();
    expect(getByText("Dan may be two people")).toBeTruthy();
    const a = container.querySelector('[data-part="a"]')!;
    const b = container.querySelector('[data-part="b"]')!;
    expect(a.querySelectorAll("img")).toHaveLength(PART_LIMIT);
    expect(a.querySelector(".more")!.textContent).toBe("+3 more");
    expect(a.textContent).toContain("15 faces");
    expect(b.querySelectorAll("img")).toHaveLength(4);
    expect(b.querySelector(".more")).toBeNull();
    expect(b.querySelector("img")!.getAttribute("src")).toBe(cropUrl(200));
    expect(container.textContent).toContain("1 face has no close link in Dan");
  });

  it("shows the bridges, the score and the mean distances", () => {
    const { container } = renderCard();
    const bridges = container.querySelectorAll(".bridge");
    expect(bridges).toHaveLength(2);
    expect([...bridges[0].querySelectorAll("img")].map((i) => i.getAttribute("src"))).toEqual([cropUrl(101), cropUrl(200)]);
    expect(bridges[0].querySelector(".link-distance")!.textContent).toBe("0.541");
    expect(bridges[1].getAttribute("data-face-a")).toBe("104");
    const facts = container.querySelector(".split-facts")!.textContent!;
    expect(facts).toContain("split score 87%");
    expect(facts).toContain("inside A 0.421, inside B 0.399, between 0.664");
  });

  it("passes the trimmed name of part B to onAccept", () => {
    const { container, getByText, onAccept, onReject } = renderCard();
    const input = container.querySelector("input.split-name") as HTMLInputElement;
    fireEvent.input(input, { target: { value: "  Dana " } });
    fireEvent.click(getByText("Split"));
    expect(onAccept).toHaveBeenCalledWith(proposal, "Dana");
    expect(onReject).not.toHaveBeenCalled();
  });

  it("passes null when the name is left blank, and Enter splits too", () => {
    const { container, getByText, onAccept } = renderCard();
    fireEvent.click(getByText("Split"));
    expect(onAccept).toHaveBeenLastCalledWith(proposal, null);
    const input = container.querySelector("input.split-name") as HTMLInputElement;
    fireEvent.input(input, { target: { value: "   " } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onAccept).toHaveBeenCalledTimes(2);
    expect(onAccept).toHaveBeenLastCalledWith(proposal, null);
  });

  it("keeps the group together on request", () => {
    const { getByText, onAccept, onReject } = renderCard();
    fireEvent.click(getByText("Keep together"));
    expect(onReject).toHaveBeenCalledWith(proposal);
    expect(onAccept).not.toHaveBeenCalled();
  });

  it("offers the existing names in a datalist tied to the input", () => {
    const { container } = renderCard();
    const input = container.querySelector("input.split-name")!;
    const list = container.querySelector("datalist")!;
    expect(input.getAttribute("list")).toBe(list.id);
    expect(list.id).not.toBe("");
    expect([...list.querySelectorAll("option")].map((o) => o.getAttribute("value"))).toEqual(["Ann", "Dana"]);
  });

  it("ignores the buttons while busy", () => {
    const { getByText, onAccept, onReject } = renderCard({ busy: true });
    fireEvent.click(getByText("Split"));
    fireEvent.click(getByText("Keep together"));
    expect(onAccept).not.toHaveBeenCalled();
    expect(onReject).not.toHaveBeenCalled();
  });
});
