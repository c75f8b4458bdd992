"""ClaimSight pricing: pure domain logic (no I/O) from findings to an itemized estimate."""
