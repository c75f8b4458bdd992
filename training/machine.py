"""What a benchmark says of the machine it ran on: speed depends on the CPU's model and its vector units."""

from __future__ import annotations

import platform
from pathlib import Path


def processor(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model and its widest vector instructions (``avx512_vnni``, ``avx512f`` or ``avx2``);
    the machine's architecture alone where ``cpuinfo`` is missing.

    >>> processor(Path("/nonexistent")) == platform.machine()
    True
    """
    name, flags = platform.machine(), set[str]()
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                name = f"{value.strip()} ({platform.machine()})"
            elif key.strip() == "flags":
                flags = set(value.split())
    widest = next((f for f in ("avx512_vnni", "avx512f", "avx2") if f in flags), "")
    return f"{name}, {widest}" if widest else name
