"""Provisional estimates priced as soon as the customer's photos are in, and the versioned
straight-through rule set that may approve them without an adjuster."""
