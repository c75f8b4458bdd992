"""Estimates (定损单) of a claim: price the latest assessment, revise with reasons, approve, report."""
