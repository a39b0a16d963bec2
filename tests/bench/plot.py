#!/usr/bin/python3
"""The benchmark's pictures, from run.sh's out/summary.tsv.

    plot.py SUMMARY.TSV DIR

SUMMARY.TSV: one line per job and system, tab-separated: job, system,
label, measure (seconds, lower is better), speed-up (the measure over
tensorchunker's, "—" when there is none), peak RSS MiB.

Writes DIR/bench-time.png (per job, each system's time relative to
tensorchunker's: the "tensorchunker speed-up" of the tables, written on each
bar), DIR/bench-rss.png (peak RSS relative to tensorchunker's, the MiB on
each bar) and DIR/bench-live.png (latencies of the live jobs).  One colour
per system, the same in every picture.
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {
    "ffmpeg": "#7f7f7f", "gst": "#bcbd22", "torchaudio": "#9467bd", "pyav": "#1f77b4",
    "torchcodec-exact": "#d62728", "torchcodec-approx": "#ff9896",
    "tensorchunker": "#2ca02c", "tensorchunker-sync": "#98df8a",
}


def load(path):
    rows = []
    with open(path) as f:
        for job, sys_, label, measure, speedup, rss in csv.reader(f, delimiter="\t"):
            rows.append(dict(job=job, sys=sys_, label=label, measure=float(measure),
                             speedup=None if speedup == "—" else float(speedup),
                             rss=float(rss)))
    return rows


def grouped(ax, rows, jobs, value, text):
    systems = [s for s in COLOURS if any(r["sys"] == s for r in rows)]
    width = 0.8 / max(1, len(systems))
    for k, s in enumerate(systems):
        for j, job in enumerate(jobs):
            r = next((r for r in rows if r["job"] == job and r["sys"] == s), None)
            if r is None or value(r) is None:
                continue
            x = j - 0.4 + width * (k + 0.5)
            ax.bar(x, value(r), width, color=COLOURS[s],
                   label=r["label"] if j == min(i for i, jb in enumerate(jobs)
                                                 if any(q["job"] == jb and q["sys"] == s
                                                        and value(q) is not None
                                                        for q in rows)) else None)
            ax.text(x, value(r), text(r), ha="center", va="bottom", fontsize=7, rotation=90)
    ax.set_xticks(range(len(jobs)))
    ax.set_xticklabels(jobs)
    ax.legend(fontsize=7, ncol=4, loc="upper left")


def main(argv):
    if len(argv) != 3:
        raise SystemExit(__doc__)
    rows = load(argv[1])
    os.makedirs(argv[2], exist_ok=True)
    jobs = list(dict.fromkeys(r["job"] for r in rows))
    timed = [j for j in jobs if any(r["job"] == j and r["speedup"] is not None for r in rows)]
    tc_rss = {r["job"]: r["rss"] for r in rows if r["sys"] == "tensorchunker"}

    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(timed)), 4.5))
    grouped(ax, rows, timed, lambda r: r["speedup"], lambda r: f"{r['speedup']:.2f}")
    ax.axhline(1.0, color="black", lw=0.6)
    ax.set_ylabel("time / tensorchunker's (above 1: tensorchunker faster)")
    ax.set_title("Each system's time on each job, relative to tensorchunker")
    ax.set_ylim(0, max([r["speedup"] or 0 for r in rows] + [1]) * 1.35)
    fig.tight_layout()
    fig.savefig(os.path.join(argv[2], "bench-time.png"), dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(jobs)), 4.5))
    grouped(ax, rows, jobs, lambda r: r["rss"] / tc_rss[r["job"]] if r["job"] in tc_rss else None,
            lambda r: f"{r['rss']:.0f}")
    ax.axhline(1.0, color="black", lw=0.6)
    ax.set_ylabel("peak RSS / tensorchunker's (MiB on the bars)")
    ax.set_title("Peak RSS on each job, relative to tensorchunker")
    ax.set_ylim(0, max([r["rss"] / tc_rss[r["job"]] for r in rows if r["job"] in tc_rss] + [1]) * 1.35)
    fig.tight_layout()
    fig.savefig(os.path.join(argv[2], "bench-rss.png"), dpi=110)
    plt.close(fig)

    live = [r for r in rows if r["job"].startswith("live")]
    if live:
        fig, ax = plt.subplots(figsize=(5, 3.5))
        ax.bar([r["job"] for r in live], [1000 * r["measure"] for r in live],
               color=COLOURS["tensorchunker"])
        for r in live:
            ax.text(r["job"], 1000 * r["measure"], f"{1000 * r['measure']:.1f} ms",
                    ha="center", va="bottom", fontsize=8)
        ax.axhline(1000 / 30 + 50, color="red", lw=0.8, ls="--", label="target: 33.3 + 50 ms")
        ax.set_ylabel("p99 capture-to-chunk latency, ms")
        ax.set_title("tensorchunker live latency (30 fps, 1-frame chunks)")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(os.path.join(argv[2], "bench-live.png"), dpi=110)
        plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
