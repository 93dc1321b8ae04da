/**
 * PEER_OUTLIER (sources/audit-rules/10-bureau-checks.yml, pipelines/ingest/audit-peer.ts): a zone's value with no
 * 上年同期 of its own, more than 6× the largest of its city's other zones (≥ 2 reporting) and above their sum, is marked
 * 需核实 — not held. Load time and re-audit, in either arrival order. Expected values by hand in the comments.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;
// 营口's four other zones, 2024年1-6月: 210.3 + 150.2 + 110.4 + 78 = 548.9; the largest 210.3.
const PEERS = row("营口经济技术开发区", "2024年1-6月", 210.3) + row("营口沿海产业基地", "2024年1-6月", 150.2)
  + row("营口大石桥经济开发区", "2024年1-6月", 110.4) + row("营口南楼经济开发区", "2024年1-6月", 78);
// 营口高新区 1285 (typed for 128.5): 1285 ÷ 210.3 = 6.11 > 6 and 1285 > 548.9; no 2023年1-6月 of its own.
const TYPO = row("营口高新技术产业开发区", "2024年1-6月", 1285);
const MESSAGE = "「地区生产总值」2024年1-6月 1,285 亿元，是同市其他 4 家开发区中最大值（营口经济技术开发区 210.3）的 6.11 倍，也高于它们的合计 548.9"
  + "（营口经济技术开发区 210.3、营口沿海产业基地 150.2、营口大石桥经济开发区 110.4、营口南楼经济开发区 78）；该开发区没有上年同期或此前的数值可比，需核实（是否多输了一位？）";

type Flag = { place: string; state: string; message: string; held: boolean };
async function flags(p: TestProject): Promise<Flag[]> {
  return p.query(`select f.name || ':' || a.line || ' ' || a.rule_code as place, a.state, a.message, a.rule_code in (select rule_code from ingest.held_audit_rules) as held
    from ingest.audit_flags a join ingest.files f using (file_id) order by a.flag_id`);
}
async function ingest(p: TestProject, ...files: Array<[string, string]>) {
  for (const [name, text] of files) {
    p.drop(name, text);
    const r = await p.run("ingest");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }
}

describe("PEER_OUTLIER", () => {
  it("in one file with its peers: marked at load (not held), the message naming both values, the peers and the ratio", async () => {
    const p = tempProject();
    projects.push(p);
    await ingest(p, ["2024年1-6月.csv", HEAD + PEERS + TYPO]);
    expect(await flags(p)).toEqual([{ place: "2024年1-6月.csv:6 PEER_OUTLIER", state: "open", message: MESSAGE, held: false }]);
    // The 更正 (128.5 < 210.3): the flag closes as corrected, nothing new.
    await ingest(p, ["2024年1-6月_营口高新区（更正）.csv", HEAD + row("营口高新技术产业开发区", "2024年1-6月", 128.5)]);
    expect((await flags(p)).map((f) => `${f.place} ${f.state}`)).toEqual(["2024年1-6月.csv:6 PEER_OUTLIER corrected"]);
  });

  it("its peers stored first (the load compares with them), or after it (the re-audit marks the stored value)", async () => {
    for (const order of [[["01_peers.csv", HEAD + PEERS], ["02_gx.csv", HEAD + TYPO]], [["01_gx.csv", HEAD + TYPO], ["02_peers.csv", HEAD + PEERS]]] as Array<Array<[string, string]>>) {
      const p = tempProject();
      projects.push(p);
      await ingest(p, ...order);
      const gx = order.find(([n]) => n.endsWith("gx.csv"))![0];
      expect((await flags(p)).map((f) => `${f.place} ${f.state}`)).toEqual([`${gx}:2 PEER_OUTLIER open`]);
      expect((await flags(p))[0]!.message).toBe(MESSAGE);
    }
  });

  it("not with a 上年同期 of its own (the jump rules' case), nor at 6× or below", async () => {
    const p = tempProject();
    projects.push(p);
    // 2023年1-6月 1200 for 营口高新区: 1285 has a 上年同期 (1.07×) → not this rule's. 2024年1-9月
    // peers 300, 200, 100 (sum 600), 营口高新区 1790: 1790 ÷ 300 = 5.97 ≤ 6 → no mark.
    await ingest(p, ["2023.csv", HEAD + row("营口高新技术产业开发区", "2023年1-6月", 1200)], ["2024年1-6月.csv", HEAD + PEERS + TYPO],
      ["2024年1-9月.csv", HEAD + row("营口经济技术开发区", "2024年1-9月", 300) + row("营口沿海产业基地", "2024年1-9月", 200)
        + row("营口大石桥经济开发区", "2024年1-9月", 100) + row("营口高新技术产业开发区", "2024年1-9月", 1790)]);
    expect((await flags(p)).filter((f) => f.place.includes("PEER_OUTLIER"))).toEqual([]);
  });

  it("not with one peer reporting (min_peers 2)", async () => {
    // Only 营口经开区 210.3 beside 1285 (6.11×): one peer is no measure of a city's zones.
    const p = tempProject();
    projects.push(p);
    await ingest(p, ["2024年1-6月.csv", HEAD + row("营口经济技术开发区", "2024年1-6月", 210.3) + TYPO]);
    expect(await flags(p)).toEqual([]);
  });
});
