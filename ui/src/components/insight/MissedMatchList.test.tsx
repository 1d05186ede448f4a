import { fireEvent, render } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { chainSummary, groupKey, MissedMatchList } from "./MissedMatchList";
import { cropUrl } from "./fixtures";
import type { GroupRef, MissedMatchView } from "./types";

const groupName = (g: GroupRef) => (g.kind === "person" ? g.name : `Group ${g.label}`);

const items: MissedMatchView[] = [
  {
    group: { kind: "person", name: "Dan" },
    face_id: 42,
    photo_id: 7,
    current_group: null,
    hops: 2,
    shortest_paths: 1,
    bottleneck: 0.5123,
    path: [
      { face_id: 10, link_distance: 0 },
      { face_id: 11, link_distance: 0.4412 },
      { face_id: 42, link_distance: 0.5123 },
    ],
    mean_distance: 0.61,
  },
  {
    group: { kind: "person", name: "Ann" },
    face_id: 55,
    photo_id: 9,
    current_group: { kind: "cluster", label: 3 },
    hops: 3,
    shortest_paths: 2,
    bottleneck: 0.53,
    path: [
      { face_id: 20, link_distance: 0 },
      { face_id: 21, link_distance: 0.4 },
      { face_id: 22, link_distance: 0.45 },
      { face_id: 55, link_distance: 0.53 },
    ],
    mean_distance: 0.64,
  },
];

describe("helpers", () => {
  it("keys groups by kind and summarises the chain", () => {
    expect(groupKey({ kind: "person", name: "Dan" })).toBe("person:Dan");
    expect(groupKey({ kind: "cluster", label: 3 })).toBe("cluster:3");
    expect(chainSummary(items[0])).toBe("2 links, weakest 0.512");
    expect(chainSummary({ ...items[0], hops: 1 })).toBe("1 link, weakest 0.512");
  });
});

describe("MissedMatchList", () => {
  it("asks about each suggested face with its crop, chain and link distances", () => {
    const { container, getByText } = render(
      <MissedMatchList items={items} cropUrl={cropUrl} groupName={groupName} onAccept={() => {}} onReject={() => {}} />,
    );
    expect(getByText("Is this also Dan?")).toBeTruthy();
    expect(getByText("Is this also Ann?")).toBeTruthy();
    const first = container.querySelector('li.missed[data-face="42"]')!;
    expect(first.querySelector(".crop-large img")!.getAttribute("src")).toBe(cropUrl(42));
    const chain = [...first.querySelectorAll(".chain img")].map((i) => i.getAttribute("src"));
    expect(chain).toEqual([cropUrl(10), cropUrl(11), cropUrl(42)]);
    const links = [...first.querySelectorAll(".chain .link-distance")].map((e) => e.textContent);
    expect(links).toEqual(["0.441", "0.512"]);
    expect(first.textContent).toContain("2 links, weakest 0.512");
    expect(first.querySelector(".missed-now")).toBeNull();
    const second = container.querySelector('li.missed[data-face="55"]')!;
    expect(second.querySelector(".missed-now")!.textContent).toBe("now in Group 3");
    expect(second.textContent).toContain("2 shortest paths");
    for (const img of container.querySelectorAll("img")) {
      expect(img.getAttribute("alt")).toBe("");
      expect(img.getAttribute("loading")).toBe("lazy");
    }
  });

  it("calls back with the item whose button was pressed", () => {
    const onAccept = vi.fn();
    const onReject = vi.fn();
    const { container } = render(
      <MissedMatchList items={items} cropUrl={cropUrl} groupName={groupName} onAccept={onAccept} onReject={onReject} />,
    );
    fireEvent.click(container.querySelector('button.accept[data-face="55"]')!);
    expect(onAccept).toHaveBeenCalledTimes(1);
    expect(onAccept).toHaveBeenCalledWith(items[1]);
    fireEvent.click(container.querySelector('button.reject[data-face="42"]')!);
    expect(onReject).toHaveBeenCalledTimes(1);
    expect(onReject).toHaveBeenCalledWith(items[0]);
    expect(onAccept).toHaveBeenCalledTimes(1);
    expect(container.querySelector('button.accept[data-face="42"]')!.textContent).toBe("Yes");
    expect(container.querySelector('button.reject[data-face="42"]')!.textContent).toBe("No");
  });

  it("disables the buttons while busy", () => {
    const onAccept = vi.fn();
    const { container } = render(
      <MissedMatchList items={items} cropUrl={cropUrl} groupName={groupName} onAccept={onAccept} onReject={() => {}} busy />,
    );
    const buttons = container.querySelectorAll("button");
    expect(buttons).toHaveLength(4);
    for (const b of buttons) expect((b as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(buttons[0]);
    expect(onAccept).not.toHaveBeenCalled();
  });

  it("says so when there is nothing to review", () => {
    const { container, getByText } = render(
      <MissedMatchList items={[]} cropUrl={cropUrl} groupName={groupName} onAccept={() => {}} onReject={() => {}} />,
    );
    expect(getByText("No missed matches at this cutoff.")).toBeTruthy();
    expect(container.querySelector("button")).toBeNull();
  });
});
