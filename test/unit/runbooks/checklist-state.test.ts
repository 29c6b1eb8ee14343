import { describe, expect, it } from "vitest";
import type { ChecklistState } from "../../../src/runbooks/checklist-state.js";
import { applyChecklistSelection, checklistId } from "../../../src/runbooks/checklist-state.js";

function checklist(n: number): ChecklistState {
  return {
    id: checklistId("rb", "episode-1"),
    runbook: "rb",
    title: "Runbook",
    items: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, text: `Step ${i}` })),
  };
}

describe("applyChecklistSelection", () => {
  it("records who ticked a step and when, and is idempotent for a double click", () => {
    const once = applyChecklistSelection(checklist(3), 0, ["s1"], "U1", "2026-11-20T10:00:00Z");
    expect(once?.items[1]).toEqual({
      id: "s1",
      text: "Step 1",
      checkedBy: "U1",
      checkedAt: "2026-11-20T10:00:00Z",
    });
    expect(once && applyChecklistSelection(once, 0, ["s1"], "U2", "2026-11-20T10:00:01Z")).toBeUndefined();
  });

  it("clears an unticked step and keeps the first ticker of a step that stays ticked", () => {
    const a = applyChecklistSelection(checklist(3), 0, ["s0", "s1"], "U1", "t1");
    const b = a && applyChecklistSelection(a, 0, ["s1"], "U2", "t2");
    expect(b?.items.map((i) => i.checkedBy)).toEqual([undefined, "U1", undefined]);
  });

  it("only touches its own chunk of ten, so concurrent ticks in other chunks survive", () => {
    const a = applyChecklistSelection(checklist(15), 1, ["s12"], "U1", "t1");
    const b = a && applyChecklistSelection(a, 0, ["s3"], "U2", "t2");
    expect(b?.items.filter((i) => i.checkedBy).map((i) => [i.id, i.checkedBy])).toEqual([
      ["s3", "U2"],
      ["s12", "U1"],
    ]);
  });

  it("records completion when the last step is ticked and reopens when one is unticked", () => {
    const done = applyChecklistSelection(checklist(2), 0, ["s0", "s1"], "U1", "t1");
    expect(done).toMatchObject({ completedAt: "t1", completedBy: "U1" });
    const reopened = done && applyChecklistSelection(done, 0, ["s0"], "U1", "t2");
    expect(reopened?.completedAt).toBeUndefined();
  });
});

describe("checklistId", () => {
  it("is short, stable and distinct per runbook and scope", () => {
    expect(checklistId("rb", "e1")).toMatch(/^[0-9a-f]{16}$/);
    expect(checklistId("rb", "e1")).toBe(checklistId("rb", "e1"));
    expect(checklistId("rb", "e2")).not.toBe(checklistId("rb", "e1"));
  });
});
