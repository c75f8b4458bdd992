"""Price lists (catalog versions): import, validate, compare, activate, and the scheduled feed."""
