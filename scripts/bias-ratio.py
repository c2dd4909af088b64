#!/usr/bin/env python3
"""Predict-mode loss / training loss at the snapshots after epoch 1000, from bnlive traces.

usage: scripts/bias-ratio.py DIR   (DIR holds <bias>-<seed>.json, written by
       ./run.sh export --seed S --every 20 --pre-bn-bias B --trace DIR/B-S.json)
The training loss of snapshot e is the trace's loss[e] (computed in epoch e, before its update)."""
import json, statistics, sys, glob, os, collections

def ratios(path):
    t = json.load(open(path))
    loss = t["loss"]
    r = [s["predict_loss"] / loss[s["epoch"]] for s in t["snapshots"]
         if s["epoch"] > 1000 and s["predict_loss"] is not None and loss[s["epoch"]]]
    return t["pre_bn_bias"], t["seed"], r, loss[-1], t["snapshots"][-1]["predict_loss"]

runs = collections.defaultdict(dict)
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*-*.json"))):
    bias, seed, r, train, pred = ratios(f)
    runs[bias][seed] = (r, train, pred)

print("| pre-BN biases | seeds | predict / training, median of the seeds' medians | median of the seeds' max | worst max | seeds with max > 10 |")
print("|---|---:|---:|---:|---:|---:|")
rows = []
for bias in ("train", "freeze", "none"):
    if bias not in runs: continue
    rows.append((bias, "all", runs[bias]))
    # the sweep's stall rule: a final training loss of 0.15 or more; stalled runs have no wobble to show
    rows.append((bias, "fitting", {k: v for k, v in runs[bias].items() if v[1] < 0.15}))
for bias, which, rs in rows:
    meds = [statistics.median(v[0]) for v in rs.values()]
    maxs = [max(v[0]) for v in rs.values()]
    print(f"| {bias} | {which}: {len(rs)} | {statistics.median(meds):.2f} | {statistics.median(maxs):.1f} | {max(maxs):.0f} | {sum(m > 10 for m in maxs)} |")
if "-v" in sys.argv:
    for bias in runs:
        for seed, (r, train, pred) in sorted(runs[bias].items()):
            print(f"{bias:6} seed {seed:2}: median {statistics.median(r):7.2f} max {max(r):8.1f} final train {train:.5f} predict {pred:.5f}")
