#!/bin/sh
# The GPU recipe, run by the device tool in the repository root (see README.md): the last call carries
# var/gpu/common and the last data part (earlier calls carried the other parts, which a warm machine
# keeps); this installs the carried wheels, trains the packed recipe (pack.json) at 640 px and exports ONNX + card
# into $OUT. Extra arguments go to training.gpu.train (e.g. --epochs 150 --minutes 7).
set -eu
: "${OUT:?run this through the device tool, which sets OUT}"
missing=$(python3 -c '
import json, pathlib
parts = json.load(open("var/gpu/common/pack.json"))["parts"]
print(" ".join(p["name"] for p in parts if not pathlib.Path("var/gpu", p["name"], "labels").is_dir()))')
if [ -n "$missing" ]; then
    echo "data parts missing on this machine: $missing (send each with its own call first; see training/gpu/README.md)"
    exit 2
fi
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site \
    var/gpu/common/whl/*.whl
export PYTHONPATH="/tmp/site:$PWD" PYTHONUNBUFFERED=1
HASH=$(python3 -c 'import json; print(json.load(open("var/gpu/common/pack.json"))["manifest_hash"])')
RECIPE=$(python3 -c 'import json; print(json.load(open("var/gpu/common/pack.json"))["config"])')
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
python3 -m training.gpu.train --data var/gpu/common/data.yaml --init var/gpu/common/init.safetensors \
    --out "$OUT" --manifest-hash "$HASH" --config "$RECIPE" --manifest-classes var/gpu/common/classes.json "$@" > "$OUT/train.log" 2>&1 || { tail -50 "$OUT/train.log"; exit 1; }
tail -30 "$OUT/train.log"
