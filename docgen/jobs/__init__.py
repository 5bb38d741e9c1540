"""Background jobs: a batch of letters made away from the request that asked for it.

A job's input (the study as it was, the recipients, the options) is kept in the file
storage; its state is kept in the database (:mod:`docgen.store.job_models`), so any page of
any web instance can show its progress. Who runs it is a :class:`~docgen.jobs.runners.Runner`:

* without ``DOCGEN_REDIS_URL``, the web instance's own threads (a small pool); a job that
  was running when the instance stopped is shown as interrupted and can be started again,
  the parts already made kept;
* with ``DOCGEN_REDIS_URL``, ``docgen worker`` processes fed over Redis by RQ, on this
  machine or others sharing the database and the storage.

Either way the work goes by parts (:func:`docgen.batch.parts`). A worker claims a part with
a lease that it renews while it renders (:data:`~docgen.jobs.core.LEASE_SECONDS`); a part
whose lease ran out (its worker killed) is queued again by the next worker or page that
looks (:func:`~docgen.jobs.core.reap`). A part's output is the same bytes however often it
is made and is recorded once (the state changes are conditional updates), and the ZIP is
assembled once from one output per part: exactly one document per recipient.
"""
