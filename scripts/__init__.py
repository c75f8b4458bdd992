"""Project scripts, run as modules from the checkout: ``python -m scripts.<name>``."""
