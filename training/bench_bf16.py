"""Seconds per training batch on the CPU: fp32 against bf16 autocast (the CPU has avx512_bf16/AMX).

One training step = forward, YOLO loss, backward and an SGD step of the nano detector, on a
fixed synthetic batch (random pixels, 4 random boxes per image: the step's cost does not depend
on what the pixels show). Writes ``docs/benchmarks/training-bf16.md``.

    python -m training.bench_bf16 --imgsz 512 --batch 16 --steps 5
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time
from pathlib import Path
from typing import Any

from training import offline
from training.machine import processor

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT = REPO_ROOT / "docs" / "benchmarks" / "training-bf16.md"


def make_batch(batch: int, imgsz: int, boxes: int = 4) -> dict[str, Any]:
    import torch

    gen = torch.Generator().manual_seed(0)
    n = batch * boxes
    centres = torch.rand(n, 2, generator=gen) * 0.6 + 0.2
    sizes = torch.rand(n, 2, generator=gen) * 0.3 + 0.05
    return {
        "img": torch.rand(batch, 3, imgsz, imgsz, generator=gen),
        "batch_idx": torch.arange(batch).repeat_interleave(boxes).float(),
        "cls": torch.randint(0, 6, (n, 1), generator=gen).float(),
        "bboxes": torch.cat([centres, sizes], dim=1),
    }


def step(model: Any, batch: dict[str, Any], optimizer: Any, *, bf16: bool) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process, all threads) of one training step."""
    import torch

    start, start_cpu = time.perf_counter(), time.process_time()
    context = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    with context:
        loss, _ = model.loss(batch)
    loss.sum().backward()
    optimizer.step()
    optimizer.zero_grad()
    return time.perf_counter() - start, time.process_time() - start_cpu


def run(imgsz: int, batch: int, steps: int, warmup: int, threads: int, rounds: int) -> dict[str, Any]:
    """Blocks of fp32 steps and of bf16 steps alternate (``rounds`` times), as training runs one precision at
    a time; the first step of each block (the switch) is not timed. Alternating spreads other jobs' load
    over both."""
    offline.prepare()
    import torch
    from ultralytics.cfg import get_cfg
    from ultralytics.nn.tasks import DetectionModel

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = DetectionModel("yolo26n.yaml", nc=6, verbose=False)
    model.args = get_cfg()  # type: ignore[assignment]  # the loss reads its gains from here, as in training
    model.train()
    data = make_batch(batch, imgsz)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
    for _ in range(warmup):  # the first bf16 steps build oneDNN kernels (seconds each)
        step(model, data, optimizer, bf16=False)
        step(model, data, optimizer, bf16=True)
    timed: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(rounds):
        for bf16 in (False, True):
            step(model, data, optimizer, bf16=bf16)
            timed[bf16] += [step(model, data, optimizer, bf16=bf16) for _ in range(steps)]
    fp32, bf16_steps = timed[False], timed[True]
    return {
        "fp32": statistics.median(t for t, _ in fp32),
        "bf16": statistics.median(t for t, _ in bf16_steps),
        "fp32_cpu": statistics.median(c for _, c in fp32),
        "bf16_cpu": statistics.median(c for _, c in bf16_steps),
        "fp32_all": [t for t, _ in fp32],
        "bf16_all": [t for t, _ in bf16_steps],
        "torch": torch.__version__,
        "threads": threads,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "(default)"),
    }


def write_report(result: dict[str, Any], args: argparse.Namespace, path: Path) -> None:
    speedup = result["fp32"] / result["bf16"]
    speedup_cpu = result["fp32_cpu"] / result["bf16_cpu"]
    load = os.getloadavg()
    lines = [
        "# Training on the CPU: bf16 autocast against fp32",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `python -m training.bench_bf16 "
        f"--imgsz {args.imgsz} --batch {args.batch} --steps {args.steps} --rounds {args.rounds}` "
        "(written by the script).",
        f"Nano detector (`yolo26n.yaml`, 6 classes), one training step = forward + loss + backward + SGD step, "
        f"batch {args.batch} at {args.imgsz} px, {result['threads']} torch threads, torch {result['torch']}, "
        f"{processor()}, OMP_WAIT_POLICY {result['omp_wait_policy']}; "
        f"{args.warmup} warm-up steps of each, then {args.rounds} rounds of {args.steps} timed fp32 steps and "
        f"{args.steps} timed bf16 steps (each block after one untimed step); medians. "
        f"Load average at the end: {load[0]:.2f} (other jobs share the 2 cores: noisy).",
        "",
        "| precision | wall s / batch (median) | CPU s / batch (median) | wall s, every timed step |",
        "|---|---|---|---|",
        f"| fp32 | {result['fp32']:.2f} | {result['fp32_cpu']:.2f} | "
        f"{', '.join(f'{t:.2f}' for t in result['fp32_all'])} |",
        f"| bf16 autocast | {result['bf16']:.2f} | {result['bf16_cpu']:.2f} | "
        f"{', '.join(f'{t:.2f}' for t in result['bf16_all'])} |",
        "",
        f"**Speed-up of bf16 autocast: {speedup:.2f}x** (wall time, ratio of the medians; "
        f"{speedup_cpu:.2f}x in CPU time, which counts this process's work on both threads).",
        "",
        "Ultralytics 8.4.190 refuses `amp='bf16'` off CUDA (`autocast()` raises), so using it in training needs "
        "the trainer's autocast patched; the weights and optimizer stay fp32 either way (autocast only).",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imgsz", type=int, default=512)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--steps", type=int, default=3, help="timed steps per block")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    result = run(args.imgsz, args.batch, args.steps, args.warmup, args.threads, args.rounds)
    write_report(result, args, args.out)
    print(args.out.read_text())


if __name__ == "__main__":
    main()
