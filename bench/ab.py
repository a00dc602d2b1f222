"""Interleaved A/B of each speed mechanism: campaigns with it against campaigns without it.

Run: .venv/bin/python -m bench.ab [--mechanisms shapes batching checkpointer freeze]
     [--pairs 6] [--recipients 2000] [--concurrency 32] [--latency 0.05]      (repository root)

A round is one `bench.bulk_campaign` campaign (BulkService, the real SOAP gateway, a fresh SQLite
file) in an interpreter of its own, against one simulator in its own process. For each mechanism,
pairs of rounds run back to back, one with the mechanism and one without, the order alternating
from pair to pair, so that a change in the machine's load falls on both sides alike. Printed for each
mechanism, for the campaign's time and for the CPU per send: the paired difference "without - with"
(positive: the mechanism saves), its median, its mean with the spread (mean +- 2 standard errors),
and in how many pairs the mechanism won. A mechanism pays beyond noise when that interval lies
above zero; on a shared machine, one run that does not say so is no verdict either way.

What "without" means, each switch existing only at the mechanism's boundary:
  shapes        build_gateway(reuse_shapes=False): zeep renders every request whole
  batching      Database.open(batch_answers=False): each answer written in its own statement
  checkpointer  Database.open(checkpoint_every=None): SQLite checkpoints inside the commits
  freeze        freeze_startup_heap() not called: the collector's full passes cover the start-up heap
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.bulk_campaign import Mechanisms, campaign
from bench.simulator_process import simulator_process

MECHANISMS = ("shapes", "batching", "checkpointer", "freeze")
_WITHOUT = {
    "shapes": Mechanisms(reuse_shapes=False),
    "batching": Mechanisms(batch_answers=False),
    "checkpointer": Mechanisms(checkpointer=False),
    "freeze": Mechanisms(freeze_heap=False),
}


@dataclass(frozen=True)
class Measure:
    seconds: float
    cpu_ms_per_send: float


def run_child(args: argparse.Namespace) -> None:
    """One round in this interpreter; prints its Measure as JSON on the last line."""
    with_it = args.arm == "with"
    mechanisms = Mechanisms() if with_it else _WITHOUT[args.mechanism]
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(campaign(
            args.url, Path(folder), args.recipients, args.concurrency, args.latency, mechanisms
        ))
    print(json.dumps({"seconds": result.seconds,
                      "cpu_ms_per_send": result.cpu / args.recipients * 1000}))


def one_round(args: argparse.Namespace, url: str, mechanism: str, arm: str) -> Measure:
    command = [sys.executable, "-m", "bench.ab", "--child", mechanism, arm, url,
               "--recipients", str(args.recipients), "--concurrency", str(args.concurrency),
               "--latency", str(args.latency)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return Measure(**json.loads(output.strip().splitlines()[-1]))


def pairs(args: argparse.Namespace, url: str, mechanism: str) -> list[tuple[Measure, Measure]]:
    """(with, without) for each pair, the order of the two alternating."""
    measured = []
    for number in range(args.pairs):
        arms = ("with", "without") if number % 2 == 0 else ("without", "with")
        got = {arm: one_round(args, url, mechanism, arm) for arm in arms}
        measured.append((got["with"], got["without"]))
        print(f"  pair {number + 1}: with {_show(got['with'])} | without {_show(got['without'])}",
              flush=True)
    return measured


def _show(measure: Measure) -> str:
    return f"{measure.seconds:6.2f} s, {measure.cpu_ms_per_send:.3f} ms CPU/send"


def summary(name: str, unit: str, differences: list[float]) -> str:
    mean = statistics.fmean(differences)
    spread = 2 * statistics.stdev(differences) / len(differences) ** 0.5 if len(differences) > 1 else 0
    won = sum(difference > 0 for difference in differences)
    verdict = "pays" if mean - spread > 0 else "costs" if mean + spread < 0 else "within noise"
    return (f"  {name}: without - with: median {statistics.median(differences):+.3f} {unit}, "
            f"mean {mean:+.3f} {unit} (+-{spread:.3f}, 2 standard errors); won {won} of "
            f"{len(differences)} pairs: {verdict}")


def report(mechanism: str, measured: list[tuple[Measure, Measure]]) -> None:
    print(f"{mechanism}:")
    seconds = [without.seconds - with_it.seconds for with_it, without in measured]
    cpu = [without.cpu_ms_per_send - with_it.cpu_ms_per_send for with_it, without in measured]
    base = statistics.median(with_it.seconds for with_it, _ in measured)
    print(summary("campaign time", "s", seconds) + f" (with it: median {base:.2f} s)")
    print(summary("CPU per send", "ms", cpu))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("MECHANISM", "ARM", "URL"))
    parser.add_argument("--mechanisms", nargs="+", choices=MECHANISMS, default=list(MECHANISMS))
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency", type=float, default=0.05, help="simulator answer delay (s)")
    args = parser.parse_args()
    if args.child:
        run_child(replace_child(args))
        return
    with simulator_process(args.latency) as simulator:
        print(f"{args.recipients} recipients, concurrency {args.concurrency}, simulator answering "
              f"after {args.latency * 1000:.0f} ms, {args.pairs} pairs a mechanism", flush=True)
        for mechanism in args.mechanisms:
            print(f"{mechanism} ...", flush=True)
            report(mechanism, pairs(args, simulator.url, mechanism))


def replace_child(args: argparse.Namespace) -> argparse.Namespace:
    mechanism, arm, url = args.child
    return argparse.Namespace(**{**vars(args), "mechanism": mechanism, "arm": arm, "url": url})


if __name__ == "__main__":
    main()
