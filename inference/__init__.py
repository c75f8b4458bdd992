"""Model runtimes for serving: numpy and onnxruntime only (never torch or ultralytics)."""
