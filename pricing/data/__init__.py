"""Package data: the SAMPLE price list (a package so the project's package-data globs ship it)."""
