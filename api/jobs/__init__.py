"""Jobs: long work (an assessment, a document reading) runs outside the request that asks for it.

The request stores a job row and answers 202; a runner (``runner.JobRunner``) leases queued jobs
from the database and runs them. The row is the job's whole state, so a job outlives the process
that accepted it.
"""
