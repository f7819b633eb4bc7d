"""Scheduling: the clock, the outbox deliverer and (later) the planner, ticked by APScheduler."""
