"""A resumable training campaign: train for a time budget, keep one small checkpoint, resume another day.

    python -m training.campaign start  --config training/configs/detector-v2.yaml --minutes 60
    python -m training.campaign resume --config training/configs/detector-v2.yaml --minutes 60
    python -m training.campaign status --config training/configs/detector-v2.yaml
    python -m training.campaign start  --config training/configs/damaged-parts-v1.yaml --minutes 60

The campaign's single latest checkpoint is ``training/checkpoints/<name>-<version>/checkpoint.safetensors``
(committed between sessions): the EMA weights in fp16 and SGD's momentum buffers in bf16 (~10 MB, no
pickle), with the state (epochs done, EMA updates, best fitness, config and dataset hashes) in its
metadata. It is rewritten after every epoch, and inside an epoch every 20 minutes and when the
session's time is up (the CPU is shared: an epoch can take long), atomically (temporary file +
rename); a resume from inside an epoch starts that epoch again with the saved weights. ``epochs.csv``
beside it logs every finished epoch (metrics, seconds, commit). A resumed session rebuilds the trainer for the
campaign's full epoch count, loads the weights, optimizer state and EMA, and starts at the next epoch:
Ultralytics' LR scheduler and warm-up are functions of the epoch, so the schedule continues where it
stopped (the data order differs: the seed is offset by the epoch). When the last epoch is done, the
model is exported to ``models/<name>/<version>/`` with its card and the epochs log, and the checkpoint
folder is deleted.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training import offline
from training.config import TrainConfig, load_config
from training.train import code_commit, transfer_matching

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKPOINT_FILE = "checkpoint.safetensors"
LOG_FILE = "epochs.csv"
MAX_CHECKPOINT_BYTES = 15_000_000
LOG_FIELDS = (
    "epoch",
    "epochs",
    "finished_at",
    "epoch_s",
    "lr",
    "train_loss",
    "precision",
    "recall",
    "map50",
    "map50_95",
    "fitness",
    "commit",
)
LICENCE_V2 = (
    "AGPL-3.0 (fine-tuned from Ultralytics YOLO26n weights, see ../shared/weights/PROVENANCE.md); training data "
    "CC BY 4.0 (lensor-damage, capstone-damaged-parts, claimvision-damaged-parts), MIT (ilujaina-damage) and "
    "dsmlr-carparts whole-car photos (no licence stated; cite Pasupa et al. 2021) as negatives and synthetic bases"
)


# A recipe's ``dataset`` → its builder module (a ``build(shared, out, manifest_path)``) and the training
# data's licence for the card.
DATASETS = {
    "damage-v2": ("training.data_v2", LICENCE_V2),
    "damaged-parts-v1": (
        "training.damaged_parts_data",
        "AGPL-3.0 (fine-tuned from Ultralytics YOLO26n weights, see ../shared/weights/PROVENANCE.md); "
        "training data CC BY 4.0 (claimvision-damaged-parts, capstone-damaged-parts), MIT (ilujaina-damage) and "
        "dsmlr-carparts / carparts whole-car photos as zoom crops (no licence stated; cite Pasupa et al. 2021)",
    ),
}


class BudgetSpent(Exception):
    """The session's time or epoch budget is used up; the checkpoint holds the last epoch."""


class CampaignFinished(Exception):
    """The campaign's last epoch is done."""


@dataclass
class Campaign:
    config: TrainConfig
    config_path: Path
    data: Path
    manifest: Path
    shared: Path
    checkpoints: Path = REPO_ROOT / "training" / "checkpoints"
    runs: Path = REPO_ROOT / "var" / "runs"
    models: Path = REPO_ROOT / "models"

    @property
    def run(self) -> str:
        return f"{self.config.name}-{self.config.version}"

    @property
    def folder(self) -> Path:
        return self.checkpoints / self.run

    @property
    def workdir(self) -> Path:
        return self.runs / self.run

    @property
    def model_dir(self) -> Path:
        return self.models / self.config.name / self.config.version

    def config_sha256(self) -> str:
        """The recipe's values (not the file's bytes: a comment edit does not end a campaign). A recipe
        without extra sources, on the default dataset, hashes as before those options existed (a running
        campaign resumes)."""
        exclude = set() if self.config.extra_sources else {"extra_sources"}
        if self.config.dataset == TrainConfig.model_fields["dataset"].default:
            exclude.add("dataset")
        values = self.config.model_dump(exclude=exclude)
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()

    def manifest_hash(self) -> str:
        return str(json.loads(self.manifest.read_text())["hash"])


@dataclass
class Session:
    """What one process of the campaign knows: the resumed state, its budget and what it has done."""

    state: dict[str, Any] | None
    tensors: dict[str, Any] | None
    deadline_s: float | None
    max_epochs: int | None
    save_every_s: float = 20 * 60
    started: float = field(default_factory=time.time)
    last_save: float = field(default_factory=time.time)
    epochs_done: int = 0
    batches: int = 0
    report: dict[str, Any] = field(default_factory=dict)


def read_checkpoint(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(tensors, state) of a campaign checkpoint."""
    from safetensors import safe_open

    tensors: dict[str, Any] = {}
    with safe_open(str(path), "pt") as f:
        state = json.loads(f.metadata()["state"])
        for key in f.keys():  # noqa: SIM118 (safe_open is not a dict)
            tensors[key] = f.get_tensor(key)
    return tensors, state


def write_checkpoint(path: Path, trainer: Any, state: dict[str, Any]) -> int:
    """EMA weights (fp16) + momentum buffers (bf16) + state, atomically; returns the file's size."""
    import torch
    from safetensors.torch import save_file

    tensors: dict[str, Any] = {}
    for key, value in trainer.ema.ema.state_dict().items():
        value = value.detach()
        tensors[f"ema.{key}"] = (value.half() if value.is_floating_point() else value).contiguous().clone()
    params = [p for group in trainer.optimizer.param_groups for p in group["params"]]
    for index, param in enumerate(params):
        buffer = trainer.optimizer.state.get(param, {}).get("momentum_buffer")
        if buffer is not None:
            tensors[f"momentum.{index}"] = buffer.detach().to(torch.bfloat16).contiguous().clone()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    save_file(tensors, str(temporary), metadata={"state": json.dumps(state, sort_keys=True)})
    os.replace(temporary, path)
    return path.stat().st_size


def append_log(path: Path, row: dict[str, Any]) -> None:
    new = not path.exists()
    with path.open("a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=LOG_FIELDS)
        if new:
            writer.writeheader()
        writer.writerow({k: row.get(k, "") for k in LOG_FIELDS})


def trim_log(path: Path, epochs_done: int) -> None:
    """Drop log rows of epochs the checkpoint does not hold (a session stopped between log and checkpoint)."""
    if not path.exists():
        return
    with path.open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["epoch"]) <= epochs_done]
    path.unlink()
    for row in rows:
        append_log(path, row)


def ema_state(tensors: dict[str, Any]) -> dict[str, Any]:
    """The model's state dict from a checkpoint's tensors: its ``ema.`` weights, floats back to fp32."""
    return {k[4:]: v.float() if v.is_floating_point() else v for k, v in tensors.items() if k[:4] == "ema."}


def make_trainer(campaign: Campaign, session: Session) -> type:
    """A DetectionTrainer that starts from the shared tensors or from the campaign checkpoint."""
    from ultralytics.models.yolo.detect import DetectionTrainer
    from ultralytics.utils import LOGGER
    from ultralytics.utils.torch_utils import unwrap_model

    def ema_weights() -> dict[str, Any]:
        assert session.tensors is not None
        return ema_state(session.tensors)

    class CampaignTrainer(DetectionTrainer):
        def get_model(self, cfg: Any = None, weights: Any = None, verbose: bool = True) -> Any:
            model = super().get_model(cfg=cfg, weights=None, verbose=verbose)
            if session.tensors is not None:
                model.load_state_dict(ema_weights(), strict=True)
                LOGGER.info(f"campaign: weights of epoch {session.state['epoch'] + 1} loaded")  # type: ignore[index]
            else:
                tensors = campaign.shared / campaign.config.init_weights
                if tensors.is_file():
                    copied, total = transfer_matching(model, tensors)
                    session.report.update(tensors_transferred=copied, tensors_total=total)
                    LOGGER.info(f"init weights: transferred {copied}/{total} tensors from {tensors.name}")
                else:
                    session.report.update(tensors_transferred=0, tensors_total=len(model.state_dict()))
                    LOGGER.warning(f"init weights {tensors} not found: random initialisation")
            return model

        def resume_training(self, ckpt: Any) -> None:
            if session.state is None or session.tensors is None:
                return
            state, tensors = session.state, session.tensors
            trainer: Any = self  # Ultralytics types its attributes loosely (None until set up)
            trainer.ema.ema.load_state_dict(ema_weights(), strict=True)
            trainer.ema.updates = int(state["ema_updates"])
            params = [p for group in trainer.optimizer.param_groups for p in group["params"]]
            for index, param in enumerate(params):
                buffer = tensors.get(f"momentum.{index}")
                if buffer is not None:
                    if buffer.shape != param.shape:
                        raise ValueError(f"momentum.{index}: checkpoint shape {buffer.shape} != {param.shape}")
                    trainer.optimizer.state[param]["momentum_buffer"] = buffer.float().clone()
            trainer.best_fitness = state.get("best_fitness")
            start = int(state["epoch"]) + 1
            model: Any = unwrap_model(trainer.model)
            if getattr(model.model[-1], "one2one_cv2", None) is not None:  # YOLO26's two-head loss weighting
                model.criterion = model.init_criterion()
                model.criterion.updates = start - 1
                model.criterion.update()
            trainer.start_epoch = start

    return CampaignTrainer


def save(campaign: Campaign, session: Session, trainer: Any, *, partial_batches: int = 0) -> dict[str, Any]:
    """Write the checkpoint. ``partial_batches`` > 0: saved inside an epoch, which a resume starts again."""
    epoch = int(trainer.epoch) - (1 if partial_batches else 0)  # the last complete epoch (-1: none yet)
    state = {
        "run": campaign.run,
        "epoch": epoch,
        "partial_batches": partial_batches,
        "epochs": int(trainer.epochs),
        "ema_updates": int(trainer.ema.updates),
        "best_fitness": None if trainer.best_fitness is None else float(trainer.best_fitness),
        "config_sha256": campaign.config_sha256(),
        "dataset_manifest_hash": campaign.manifest_hash(),
        "commit": session.report["code_commit"],
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tensors_transferred": session.report.get("tensors_transferred"),
        "tensors_total": session.report.get("tensors_total"),
    }
    size = write_checkpoint(campaign.folder / CHECKPOINT_FILE, trainer, state)
    if size > MAX_CHECKPOINT_BYTES:
        raise RuntimeError(f"checkpoint is {size} bytes, over the {MAX_CHECKPOINT_BYTES} limit")
    session.last_save = time.time()
    session.report.update(state)
    return state


def on_batch_end(campaign: Campaign, session: Session, trainer: Any) -> None:
    """Inside a long epoch (the CPU shared with other jobs), checkpoint every ``save_every_s`` and at the deadline."""
    session.batches += 1
    now = time.time()
    over = session.deadline_s is not None and now - session.started > session.deadline_s
    if over or now - session.last_save > session.save_every_s:
        save(campaign, session, trainer, partial_batches=session.batches)
    if over:
        raise BudgetSpent


def on_epoch_end(campaign: Campaign, session: Session, trainer: Any) -> None:
    """Checkpoint and log every epoch; stop when the budget or the campaign is spent."""
    session.batches = 0
    state = save(campaign, session, trainer)
    epoch = int(state["epoch"])
    metrics = trainer.metrics or {}
    losses = trainer.tloss
    loss = sum(float(v) for v in losses.values()) if isinstance(losses, dict) else None
    append_log(
        campaign.folder / LOG_FILE,
        {
            "epoch": epoch + 1,
            "epochs": trainer.epochs,
            "finished_at": state["saved_at"],
            "epoch_s": round(float(trainer.epoch_time or 0.0), 1),
            "lr": round(float(trainer.optimizer.param_groups[0]["lr"]), 8),
            "train_loss": "" if loss is None else round(loss, 5),
            "precision": round(float(metrics.get("metrics/precision(B)", 0.0)), 5),
            "recall": round(float(metrics.get("metrics/recall(B)", 0.0)), 5),
            "map50": round(float(metrics.get("metrics/mAP50(B)", 0.0)), 5),
            "map50_95": round(float(metrics.get("metrics/mAP50-95(B)", 0.0)), 5),
            "fitness": "" if trainer.fitness is None else round(float(trainer.fitness), 5),
            "commit": state["commit"],
        },
    )
    session.epochs_done += 1
    if epoch + 1 >= trainer.epochs:
        raise CampaignFinished
    if session.max_epochs is not None and session.epochs_done >= session.max_epochs:
        raise BudgetSpent
    if session.deadline_s is not None and time.time() - session.started > session.deadline_s:
        raise BudgetSpent


def train_session(
    campaign: Campaign, *, resume: bool, minutes: float | None, max_epochs: int | None = None
) -> dict[str, Any]:
    """Run one session of the campaign; exports and removes the checkpoint when the last epoch is done."""
    checkpoint = campaign.folder / CHECKPOINT_FILE
    state: dict[str, Any] | None = None
    tensors: dict[str, Any] | None = None
    if resume:
        if not checkpoint.is_file():
            raise SystemExit(f"no checkpoint at {checkpoint}: use 'start'")
        tensors, state = read_checkpoint(checkpoint)
        if state["config_sha256"] != campaign.config_sha256():
            raise SystemExit(f"the recipe in {campaign.config_path} changed since the checkpoint: start a new campaign")
        if state["dataset_manifest_hash"] != campaign.manifest_hash():
            raise SystemExit("the dataset manifest changed since the checkpoint was written: start a new campaign")
        trim_log(campaign.folder / LOG_FILE, int(state["epoch"]) + 1)
    elif checkpoint.exists() or (campaign.folder / LOG_FILE).exists():
        raise SystemExit(f"{campaign.folder} already holds a campaign: use 'resume'")
    session = Session(state, tensors, None if minutes is None else minutes * 60, max_epochs)
    session.report.update(code_commit=code_commit())
    if state is not None:
        session.report.update(
            tensors_transferred=state.get("tensors_transferred"), tensors_total=state.get("tensors_total")
        )

    offline.prepare()
    import ultralytics.utils as ul_utils
    import ultralytics.utils.torch_utils as ul_torch

    offline.disable_sync()
    config = campaign.config
    ul_utils.NUM_THREADS = config.threads
    ul_torch.NUM_THREADS = config.threads  # Ultralytics' default is cpu_count - 1 = 1 here
    from ultralytics import YOLO

    start_epoch = 0 if state is None else int(state["epoch"]) + 1
    model = YOLO(config.model, task="detect")
    model.add_callback("on_train_batch_end", lambda trainer: on_batch_end(campaign, session, trainer))
    model.add_callback("on_fit_epoch_end", lambda trainer: on_epoch_end(campaign, session, trainer))
    finished = False
    try:
        model.train(
            trainer=make_trainer(campaign, session),
            data=str(campaign.data.resolve()),
            imgsz=config.imgsz,
            epochs=config.epochs,
            batch=config.batch,
            seed=config.seed + start_epoch,  # a resumed session does not replay the first session's data order
            deterministic=True,
            patience=config.patience,
            optimizer=config.optimizer,
            **({"lr0": config.lr0} if config.lr0 is not None else {}),
            device="cpu",
            workers=0,
            amp=False,
            plots=False,
            save=False,  # the campaign checkpoint replaces last.pt; Ultralytics still writes it at the final epoch
            project=str(campaign.workdir.parent.resolve()),
            name=campaign.workdir.name,
            exist_ok=True,
            **config.augment.model_dump(),
        )
        finished = True  # an epoch count reached inside Ultralytics without our callback (not expected)
    except CampaignFinished:
        finished = True
    except BudgetSpent:
        pass
    summary = {
        "run": campaign.run,
        "epochs_done": int(session.report.get("epoch", start_epoch - 1)) + 1,
        "epochs": config.epochs,
        "session_epochs": session.epochs_done,
        "session_s": round(time.time() - session.started, 1),
        "finished": finished,
        "checkpoint": str(checkpoint),
    }
    if finished:
        summary["model"] = str(finish(campaign, session))
    return summary


def finish(campaign: Campaign, session: Session) -> Path:
    """Export the final EMA weights to ONNX with the card and the epochs log; delete the checkpoint folder."""
    from training.export import export

    report = {
        "config": campaign.config.model_dump(),
        "init_weights": campaign.config.init_weights,
        "dataset_manifest_hash": campaign.manifest_hash(),
        "code_commit": session.report["code_commit"],
        "tensors_transferred": session.report.get("tensors_transferred"),
        "tensors_total": session.report.get("tensors_total"),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (campaign.workdir / "run.json").write_text(json.dumps(report, indent=1) + "\n")
    manifest = json.loads(campaign.manifest.read_text())
    licence = DATASETS[campaign.config.dataset][1]
    export(campaign.workdir, campaign.config, campaign.model_dir, manifest, weights="last.pt", licence=licence)
    shutil.copyfile(campaign.folder / LOG_FILE, campaign.model_dir / LOG_FILE)
    shutil.rmtree(campaign.folder)
    return campaign.model_dir


def ensure_dataset(campaign: Campaign) -> None:
    """Build the dataset under var/ when it is missing; it must reproduce the committed manifest."""
    built = campaign.data.parent / "manifest.json"
    if not campaign.data.is_file() or not built.is_file():
        if campaign.config.dataset == "damage-v2":
            from training.data_v2 import build

            extra = [REPO_ROOT / p for p in campaign.config.extra_sources]
            build(campaign.shared, campaign.data.parent, built, extra_sources=extra)
        else:
            import importlib

            builder = importlib.import_module(DATASETS[campaign.config.dataset][0])
            builder.build(campaign.shared, campaign.data.parent, built)
    if json.loads(built.read_text())["hash"] != campaign.manifest_hash():
        raise SystemExit(f"{campaign.data.parent} does not match {campaign.manifest}: rebuild it")


def status(campaign: Campaign) -> dict[str, Any]:
    checkpoint = campaign.folder / CHECKPOINT_FILE
    if not checkpoint.is_file():
        return {"run": campaign.run, "checkpoint": None, "model": str(campaign.model_dir)}
    _, state = read_checkpoint(checkpoint)
    return {"run": campaign.run, "checkpoint": str(checkpoint), "bytes": checkpoint.stat().st_size, **state}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "resume", "status"])
    parser.add_argument("--config", type=Path, default=REPO_ROOT / "training" / "configs" / "detector-v2.yaml")
    parser.add_argument("--data", type=Path, help="default: var/datasets/<the recipe's dataset>/data.yaml")
    parser.add_argument("--manifest", type=Path, help="default: datasets/<the recipe's dataset>/manifest.json")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--minutes", type=float, help="time budget of this session (default: until the end)")
    parser.add_argument("--session-epochs", type=int, help="stop this session after this many epochs")
    args = parser.parse_args()
    config = load_config(args.config)
    data = args.data or REPO_ROOT / "var" / "datasets" / config.dataset / "data.yaml"
    manifest = args.manifest or REPO_ROOT / "datasets" / config.dataset / "manifest.json"
    campaign = Campaign(config, args.config, data, manifest, args.shared)
    if args.action == "status":
        print(json.dumps(status(campaign), indent=1))
        return
    ensure_dataset(campaign)
    summary = train_session(
        campaign, resume=args.action == "resume", minutes=args.minutes, max_epochs=args.session_epochs
    )
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
